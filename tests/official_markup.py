"""TEST DATA generator: a real corpus letter written out as KOOP's official XML and as its
HTML rendering, so the XML/HTML readers can be held to what the PDF of the same letter
gives.

No official XML or HTML is in the corpus and the build machine cannot reach KOOP, so these
files are made here, from the letter as our PDF reader parses it, in the element names KOOP
documents (officiele-publicatie/kamervragen: kamervraagkop, kamervraagnummer,
kamervraagomschrijving with datum isodatum, vraag/antwoord with nr and al, noot with
noot.nr/noot.al where the marker stands, nootref for a second marker, lijst/li,
kamervraagopmerking for a Mededeling, ondertekening; the older vragen/reactie, omschr,
vraagnummer, nummer and noot nr="…"; the HTML's div.vraag/div.antwoord with an h2 label,
sup a.nootnum markers and div.voet.noot bodies). Every file says so in its first line.

Variants (`style`) vary what a reader must not depend on: indentation and line breaks
inside paragraphs, old element names, footnotes as attributes, answers before or after
their questions' order.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape as html_escape
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from parsers import patterns as p
from parsers.metadata import parse_date

MARKER = re.compile(r"\[\^(\d+)\]")
BULLET = re.compile(r"^[•–-]\s+")


def header_parts(letter: dict[str, Any]) -> tuple[list[str], str | None, list[str]]:
    """The printed header (kept in `discarded`) as masthead lines, number, header sentences."""
    raw = next(d["text"] for d in letter["discarded"] if d["reason"].startswith("header"))
    text = re.sub(r"\s+", " ", raw)
    starts = [m.start() for m in re.finditer(r"(?:Vragen|Vraag|Antwoord|Mededeling) van\b", text)]
    if not starts:
        return [raw], None, []
    masthead = text[: starts[0]].strip()
    number = None
    if (m := re.search(r"\s(\d{1,4})$", masthead)) is not None:
        number, masthead = m[1], masthead[: m.start()].strip()
    sentences = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
    lines = [x.strip() for x in re.split(r"(?<=Staten-Generaal)|(?=Vragen gesteld)", masthead)]
    return [x for x in lines if x], number, sentences


def _dated(sentence: str, xml: bool) -> str:
    """The sentence with its (ingezonden …)/(ontvangen …) date marked as datum isodatum."""
    match = p.SUBMITTED.search(sentence) or p.RECEIVED.search(sentence)
    if not match or not parse_date(match["date"]):
        return escape(sentence) if xml else html_escape(sentence)
    iso = parse_date(match["date"])
    a, b = match.start("date"), match.end("date")
    date = escape(sentence[a:b])
    if xml:
        return f'{escape(sentence[:a])}<datum isodatum="{iso}">{date}</datum>{escape(sentence[b:])}'
    return (
        f'{html_escape(sentence[:a])}<span class="datum">{date}</span>{html_escape(sentence[b:])}'
    )


def reading_order(letter: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, label, text) as printed: each answer after the last question it covers."""
    answers = list(letter["answers"])
    order: list[tuple[str, str, str]] = []
    for question in letter["questions"]:
        order.append(("vraag", question["number"], question["text"]))
        for answer in list(answers):
            if answer["numbers"][-1] == question["number"]:
                order.append(("antwoord", _label_list(answer["numbers"]), answer["text"]))
                answers.remove(answer)
    order += [("antwoord", _label_list(a["numbers"]), a["text"]) for a in answers]
    return order


def _label_list(numbers: list[str]) -> str:
    if len(numbers) > 2 and all(n.isdigit() for n in numbers):
        first, last = int(numbers[0]), int(numbers[-1])
        if [int(n) for n in numbers] == list(range(first, last + 1)):
            return f"{first} t/m {last}"
    return numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " en " + numbers[-1]


class _Notes:
    """The first marker of a note carries its body; later markers refer to it."""

    def __init__(self, footnotes: list[dict[str, Any]], old: bool, html: bool) -> None:
        self.bodies = {f["number"]: f["text"] for f in footnotes}
        self.seen: set[int] = set()
        self.old = old
        self.html = html

    def marker(self, number: int) -> str:
        if self.html:
            link = f'class="nootnum supernote-click-ID{number}" href="#ID{number}"'
            return f"<sup><a {link}>{number}</a></sup>"
        body = self.bodies.get(number)
        if number in self.seen or body is None:
            return f'<nootref nr="{number}"/>' if self.old else f'<nootref refid="ID-{number}"/>'
        self.seen.add(number)
        if self.old:
            return f'<noot nr="{number}">{escape(body)}</noot>'
        return (
            f'<noot id="ID-{number}" type="voet"><noot.nr>{number}</noot.nr>'
            f"<noot.al>{escape(body)}</noot.al></noot>"
        )

    def text(self, paragraph: str, wrap: bool) -> str:
        out, position = [], 0
        for match in MARKER.finditer(paragraph):
            piece = paragraph[position : match.start()]
            out.append(_wrap(piece, wrap, self.html))
            out.append(self.marker(int(match[1])))
            position = match.end()
        out.append(_wrap(paragraph[position:], wrap, self.html))
        return "".join(out)


def _wrap(text: str, wrap: bool, html: bool) -> str:
    text = html_escape(text, quote=False) if html else escape(text)
    if not wrap:
        return text
    # Line breaks and indentation inside a paragraph, as pretty-printed XML has them.
    return re.sub(r"(\S{3,}) (\S)", lambda m: f"{m[1]}\n        {m[2]}", text, count=3)


def _paragraphs(text: str) -> list[str]:
    return [x for x in re.split(r"\n\s*\n|\n", text) if x.strip()]


def render_xml(letter: dict[str, Any], style: str = "modern") -> bytes:
    """The letter as official XML; style "modern", "pretty" (indented, wrapped lines) or
    "old" (vragen/reactie, omschr, vraagnummer, nummer, noot nr=…)."""
    old, pretty = style == "old", style == "pretty"
    notes = _Notes(letter["footnotes"], old, html=False)
    nl = "\n  " if pretty else ""
    masthead, number, sentences = header_parts(letter)
    kinds = {
        "Vragen": "vraag",
        "Vraag": "vraag",
        "Antwoord": "antwoord",
        "Mededeling": "mededeling",
    }
    parts = [
        f"<!-- TEST DATA, not published by KOOP: written by tests/official_markup.py "
        f"({style}) from the corpus letter {letter['id']} as our PDF reader parses it. -->"
    ]
    body: list[str] = []
    if old:
        if number:
            body.append(f"<vraagnummer>{escape(number)}</vraagnummer>")
        for sentence in sentences:
            body.append(f"<omschr>{_dated(sentence, xml=True)}</omschr>")
    else:
        kop = "".join(f"<tekstregel>{escape(x)}</tekstregel>" for x in masthead)
        body.append(f"<kamervraagkop>{kop}</kamervraagkop>")
        if number:
            body.append(f"<kamervraagnummer>{escape(number)}</kamervraagnummer>")
        for sentence in sentences:
            kind = kinds[sentence.split()[0]]
            body.append(
                f'<kamervraagomschrijving type="{kind}">{_dated(sentence, xml=True)}'
                "</kamervraagomschrijving>"
            )
    label_tag = "nummer" if old else "nr"
    for kind, label, text in reading_order(letter):
        word = "Vraag" if kind == "vraag" else "Antwoord"
        inner = [f"<{label_tag}>{word} {escape(label)}</{label_tag}>"]
        inner += _xml_paragraphs(text, notes, pretty)
        body.append(f"<{kind}>{nl}  " + f"{nl}  ".join(inner) + f"{nl}</{kind}>")
    if letter.get("notice"):
        inner = ["<al>Mededeling</al>"] + _xml_paragraphs(letter["notice"], notes, pretty)
        body.append("<kamervraagopmerking>" + "".join(inner) + "</kamervraagopmerking>")
    root = ("reactie" if letter["kind"] != "questions" else "vragen") if old else "kamervragen"
    meta = f'<metadata><meta name="DC.identifier" scheme="" content="{letter["id"]}"/></metadata>'
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{parts[0]}\n<officiele-publicatie>{nl}{meta}'
        f"{nl}<{root}>{nl}" + nl.join(body) + f"{nl}</{root}></officiele-publicatie>\n"
    )
    return document.encode("utf-8")


def _xml_paragraphs(text: str, notes: _Notes, pretty: bool) -> list[str]:
    out: list[str] = []
    items: list[str] = []
    for paragraph in _paragraphs(text) + [""]:
        bullet = BULLET.match(paragraph)
        if bullet:
            mark = paragraph[: bullet.end()].strip()
            content = notes.text(paragraph[bullet.end() :], pretty)
            items.append(f"<li><li.nr>{escape(mark)}</li.nr><al>{content}</al></li>")
            continue
        if items:
            out.append('<lijst type="ongemarkeerd">' + "".join(items) + "</lijst>")
            items = []
        if paragraph:
            out.append(f"<al>{notes.text(paragraph, pretty)}</al>")
    return out


def render_html(letter: dict[str, Any]) -> bytes:
    """The letter as the HTML rendering, with some page navigation around it."""
    notes = _Notes(letter["footnotes"], old=False, html=True)
    masthead, number, sentences = header_parts(letter)
    body = ['<div id="navigatie"><a href="/">Officiële bekendmakingen</a> › Kamervragen</div>']
    body.append('<div id="main-column"><div class="kamervraagkop">')
    body += [f"<p>{html_escape(x)}</p>" for x in masthead]
    body.append("</div>")
    if number:
        body.append(f'<p class="kamervraagnummer">{number}</p>')
    for i, sentence in enumerate(sentences):
        cls = "kamervraagomschrijving_kop no-toc" if i == 0 else "kamervraagomschrijving"
        tag = "h1" if i == 0 else "p"
        body.append(f'<{tag} class="{cls}">{_dated(sentence, xml=False)}</{tag}>')
    for kind, label, text in reading_order(letter):
        word = "Vraag" if kind == "vraag" else "Antwoord"
        inner = [f'<h2 class="stuktitel">{word} {html_escape(label)}</h2>']
        inner += _html_paragraphs(text, notes)
        body.append(f'<div class="{kind}">' + "".join(inner) + "</div>")
    if letter.get("notice"):
        inner = ["<p>Mededeling</p>"] + _html_paragraphs(letter["notice"], notes)
        body.append('<div class="kamervraagopmerking">' + "".join(inner) + "</div>")
    for note in letter["footnotes"]:
        if note["text"] is None:
            continue
        n = note["number"]
        body.append(
            f'<div class="voet noot snp-mouseoffset snb-pinned notedefault" '
            f'id="supernote-note-ID{n}"><h5 class="note-close"><a class="note-close" '
            f'href="#close-ID{n}">X</a> Noot </h5><p><sup><span class="nootnum" id="ID{n}">'
            f"{n}</span></sup> {html_escape(note['text'])}</p></div>"
        )
    body.append("</div>")
    title = html_escape(letter.get("title") or letter["id"])
    document = (
        f"<!DOCTYPE html>\n<!-- TEST DATA, not published by KOOP: written by "
        f"tests/official_markup.py from the corpus letter {letter['id']} as our PDF reader "
        f'parses it. -->\n<html lang="nl"><head><meta charset="utf-8">'
        f'<meta name="DC.identifier" content={quoteattr(letter["id"])}>'
        f"<title>{title}</title></head><body>" + "\n".join(body) + "</body></html>\n"
    )
    return document.encode("utf-8")


def _html_paragraphs(text: str, notes: _Notes) -> list[str]:
    out: list[str] = []
    items: list[str] = []
    for paragraph in _paragraphs(text) + [""]:
        bullet = BULLET.match(paragraph)
        if bullet:
            items.append(f"<li><p>{notes.text(paragraph, False)}</p></li>")
            continue
        if items:
            out.append('<ul class="expliciet">' + "".join(items) + "</ul>")
            items = []
        if paragraph:
            out.append(f"<p>{notes.text(paragraph, False)}</p>")
    return out


def metadata_xml(letter: dict[str, Any], **override: str) -> bytes:
    """A metadata.xml for the letter, from what the letter says (TEST DATA)."""
    values: dict[str, list[str]] = {
        "DC.identifier": [letter["id"]],
        "DC.title": [f"Vragen over {letter['title']}"] if letter.get("title") else [],
        "DC.creator": [f"{letter.get('house') or 'Tweede Kamer'} der Staten-Generaal"],
        "OVERHEIDop.vergaderjaar": [letter["session"]] if letter.get("session") else [],
        "OVERHEIDop.datumIndiening": [letter["submitted"]] if letter.get("submitted") else [],
        "OVERHEIDop.datumOntvangst": [letter["received"]] if letter.get("received") else [],
        "OVERHEIDop.indiener": [a["name"] for a in letter["askers"]],
        "OVERHEIDop.ontvanger": list(letter.get("addressees") or []),
        "DCTERMS.available": [dt.date(2024, 1, 1).isoformat()],
    }
    for key, value in override.items():
        values[key.replace("_", ".", 1)] = [value]
    rows = "".join(
        f'<metadata name="{name}" scheme="" content={quoteattr(v)}/>\n'
        for name, vs in values.items()
        for v in vs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- TEST DATA, not published by KOOP -->\n'
        f"<metadata_gegevens>\n{rows}</metadata_gegevens>\n"
    ).encode()
