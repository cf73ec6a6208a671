"""Letter text (the contract's plain text) to safe HTML.

The parser hands over plain text on purpose; every character of it is escaped here, and the
only markup added is what the contract defines: paragraphs ("\\n\\n"), lines within a
paragraph, footnote references ("[^N]"), plus links for http(s) URLs inside footnotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
# Stops at whitespace and at characters that cannot end a URL in running Dutch text.
_URL = re.compile(r"https?://[^\s<>\"'«»]+[^\s<>\"'«».,;:!?)\]]")


class FootnoteRefs:
    """Hands out unique ids for footnote references on one page.

    A footnote can be cited more than once (and a combined answer is shown once while two
    questions cite the same note), so every reference needs its own id and the footnote's
    back link goes to the first one.
    """

    def __init__(self, known: Iterable[int]) -> None:
        self.known = set(known)
        self.first_ref: dict[int, str] = {}
        self._count: dict[int, int] = {}

    def ref_id(self, number: int) -> str:
        n = self._count.get(number, 0) + 1
        self._count[number] = n
        ref = f"voetnoot-ref-{number}" if n == 1 else f"voetnoot-ref-{number}-{n}"
        self.first_ref.setdefault(number, ref)
        return ref

    @property
    def cited(self) -> list[int]:
        return sorted(self.first_ref)


def _inline(line: str, refs: FootnoteRefs | None) -> str:
    out: list[str] = []
    pos = 0
    for match in _FOOTNOTE_REF.finditer(line):
        out.append(str(escape(line[pos : match.start()])))
        number = int(match.group(1))
        if refs is not None and number in refs.known:
            ref = refs.ref_id(number)
            out.append(
                f'<sup class="fn-ref"><a href="#voetnoot-{number}" id="{ref}" '
                f'aria-label="Voetnoot {number}">{number}</a></sup>'
            )
        else:
            out.append(f'<sup class="fn-ref">{number}</sup>')
        pos = match.end()
    out.append(str(escape(line[pos:])))
    return "".join(out)


def text_to_html(text: str | None, refs: FootnoteRefs | None = None) -> Markup:
    """Paragraphs become <p>; the lines inside one (list items) are kept apart with <br>."""
    if not text:
        return Markup("")
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    html = []
    for paragraph in paragraphs:
        lines = [_inline(line.strip(), refs) for line in paragraph.split("\n") if line.strip()]
        html.append("<p>" + "<br>\n".join(lines) + "</p>")
    return Markup("\n".join(html))


def footnote_to_html(text: str | None) -> Markup:
    """Escaped footnote text where only http(s) URLs become links (opened without opener)."""
    if text is None:
        return Markup(
            '<span class="missing">De tekst van deze voetnoot staat niet in de bron.</span>'
        )
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        out.append(str(escape(text[pos : match.start()])))
        url = match.group(0)
        out.append(f'<a href="{escape(url)}" rel="noopener">{escape(url)}</a>')
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out).replace("\n", "<br>\n"))


def plain_excerpt(text: str | None, limit: int = 200) -> str:
    """A one-line summary for og:description and feeds: no footnote markers, cut at a word."""
    if not text:
        return ""
    flat = " ".join(_FOOTNOTE_REF.sub("", text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def dutch_list(items: list[str]) -> str:
    """ "1, 2, 3 en 4", as a reader writes a list; "1 en 2 en 3 en 4" reads as a stammer."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]
