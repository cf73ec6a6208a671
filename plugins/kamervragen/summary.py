"""The build's closing lines: what the archive holds, after Pelican's own count.

Pelican ends a build with "Done: Processed 0 articles, 0 drafts, … 0 pages": it counts its own
articles and pages, and this site has none (letters are read by this plugin), so the line
reads like a failed build. Pelican lets a site choose its Pelican class (``PELICAN_CLASS``);
this one runs the build as Pelican does and then says what was built: letters, pairs, pages
written, and every skipped letter with its reason.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.log import console

from .generator import LetterGenerator

KIND_NAMES = {"answer": "answer", "questions": "question letter", "postponement": "notice"}


def summary_lines(generator: LetterGenerator, pages_written: int, output_path: str) -> list[str]:
    letters = generator.letters
    pairs = sum(len(letter.pair_slugs) for letter in letters)
    kinds: dict[str, int] = {}
    for letter in letters:
        kinds[letter.kind] = kinds.get(letter.kind, 0) + 1
    by_kind = ", ".join(
        f"{count} {KIND_NAMES.get(kind, kind)}{'' if count == 1 else 's'}"
        for kind, count in sorted(kinds.items())
    )
    lines = [
        f"Kamervragen: {len(letters)} letters built ({by_kind or 'none'}), "
        f"{pairs} question/answer pairs; {pages_written} pages written to {output_path}.",
    ]
    if generator.bad:
        lines.append(f"Kamervragen: {len(generator.bad)} letter(s) skipped:")
        lines.extend(f"  {path}: {reason}" for path, reason in generator.bad)
    else:
        lines.append("Kamervragen: no letter skipped.")
    lines.extend(register_lines(generator))
    return lines


# Names listed per kind in the closing lines; at archive size the rest go to a file, so the
# summary stays readable (an archive of SYNTHETIC letters printed 40,000 names on one line).
NAMES_SHOWN = 20
UNPLACED_FILE = "kamervragen-unplaced.tsv"


def register_lines(generator: LetterGenerator) -> list[str]:
    """Names the register could not place (issue 8): each has a page of its own; adding them
    to parsers/register/data/ merges their printed forms."""
    from .browse import unplaced

    groups = getattr(generator, "groups", None) or {}
    missing = unplaced(groups)
    if not missing:
        return ["Kamervragen: every party, ministry and person is in the register."]
    lines = [f"Kamervragen: {len(missing)} name(s) not in the register, each on a page of its own:"]
    by_dimension: dict[str, list[str]] = {}
    for group in missing:
        by_dimension.setdefault(group.dimension, []).append(
            f"{group.name} ({group.detail})" if group.detail else group.name
        )
    listed = None
    if any(len(names) > NAMES_SHOWN for names in by_dimension.values()):
        listed = write_unplaced(generator, by_dimension)
    for dimension, names in sorted(by_dimension.items()):
        shown = ", ".join(names[:NAMES_SHOWN])
        if len(names) > NAMES_SHOWN:
            rest = f"… and {len(names) - NAMES_SHOWN} more"
            shown += f", {rest} (all in {listed})" if listed else f", {rest}"
        lines.append(f"  {dimension}: {shown}")
    return lines


def write_unplaced(generator: LetterGenerator, by_dimension: dict[str, list[str]]) -> str | None:
    """The whole list, one name a line (dimension TAB name), in the cache folder; written to a
    temporary file first so a stopped build never leaves half a list."""
    settings = getattr(generator, "settings", None) or {}
    folder = Path(settings.get("CACHE_PATH") or "cache")
    target = folder / UNPLACED_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as out:
            for dimension, names in sorted(by_dimension.items()):
                out.writelines(f"{dimension}\t{name}\n" for name in names)
        os.replace(temporary, target)
    except OSError:
        return None
    return str(target)


class ArchivePelican(Pelican):
    """Pelican, with the archive's own count after Pelican's closing line."""

    def run(self) -> None:
        generators: list[Any] = []
        written = 0

        def keep_generators(found: list[Any]) -> None:
            generators.extend(found)

        rendered: list[str] = []

        def count_page(path: str, context: Any = None) -> None:
            nonlocal written
            written += 1
            rendered.append(path)

        # Connected for this run only; the local functions live until the run returns.
        signals.all_generators_finalized.connect(keep_generators)
        signals.content_written.connect(count_page)
        try:
            super().run()
        finally:
            signals.all_generators_finalized.disconnect(keep_generators)
            signals.content_written.disconnect(count_page)
        for generator in generators:
            if isinstance(generator, LetterGenerator):
                # Pages rendered in worker processes send content_written there: the site's
                # write path counts every file it wrote (a rebuild writes only what changed).
                output = getattr(generator, "output", None)
                count = written
                if output is not None:
                    others = [p for p in rendered if not output.owns(output.relative(p))]
                    count = output.pages_written + len(others)
                for line in summary_lines(generator, count, self.output_path):
                    console.print(line, highlight=False, markup=False, soft_wrap=True)
