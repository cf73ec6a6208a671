"""The fixture site: real letters from content/ plus invented ones, and a real Pelican build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
if str(REPO / "plugins") not in sys.path:
    sys.path.insert(0, str(REPO / "plugins"))

# Real letters from content/, chosen for what they exercise.
REAL_LETTERS = [
    "seed/000_59376d724bb89b96.txt",  # combined answer 3 en 4, footnotes without body
    "pdf/ah-tk-20232024-1178.pdf",  # PDF source, official id and publication link
    "misc/ah-tk-20232024-387.md",  # a .md letter read by the letter reader, not Markdown
    "word-text/ah-tk-20242025-600.txt",  # postponement notice
    "word-text/kv-tk-2024Z18882.txt",  # question letter (kv-tk)
]
BAD_LETTER = "invented-bad-letter.txt"
SCRIPT_LETTER = "invented-script-in-question.txt"


def make_content(root: Path) -> Path:
    """Copies the real letters and writes the invented ones (named so)."""
    content = root / "content"
    for rel in REAL_LETTERS:
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CONTENT / rel, target)
    shutil.copyfile(CONTENT / "MANIFEST.tsv", content / "MANIFEST.tsv")
    (content / "invented").mkdir()
    # Binary data is not a letter: the parser raises ParseError for it.
    (content / "invented" / BAD_LETTER).write_bytes(b"\x00\x01\x02\xff" * 64)
    seed = (CONTENT / REAL_LETTERS[0]).read_text(encoding="utf-8")
    injected = seed.replace(
        "Hebt u kennisgenomen", "<script>alert('x')</script> <b>vet</b> Hebt u kennisgenomen", 1
    )
    assert injected != seed
    (content / "invented" / SCRIPT_LETTER).write_text(injected, encoding="utf-8")
    return content


def build(
    content: Path,
    output: Path,
    cache: Path,
    settings_file: str = "pelicanconf.py",
    pelican_class: Any = None,
    **override: Any,
) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(REPO / settings_file),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "THEME": str(REPO / "theme"),
            "PLUGIN_PATHS": [str(REPO / "plugins")],
            "PLUGINS": ["kamervragen"],
            "KAMERVRAGEN_STRICT": False,
            "DELETE_OUTPUT_DIRECTORY": True,
            **override,
        },
    )
    (pelican_class or Pelican)(settings).run()


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the site parses from now on (a build in this process)."""
    import kamervragen.reader as reader

    calls: list[str] = []
    real = reader.parse_file

    def counting(path: str) -> dict:
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(reader, "parse_file", counting)
    return calls
