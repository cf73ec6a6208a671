"""Bad input gets a clear ParseError or a parse with warnings, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parsers import ParseError, parse_bytes
from tests.conftest import FIXTURES, ROOT

SEED = (FIXTURES / "seed" / "000_59376d724bb89b96.txt").read_bytes()
A_PDF = sorted((FIXTURES / "pdf").glob("*.pdf"))[0].read_bytes()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n \t ", "empty file"),
        (bytes(range(256)) * 20, "binary"),
        (A_PDF[: len(A_PDF) // 2], "PDF"),
        (b"%PDF-1.4\nnot really a pdf\n%%EOF\n", "PDF"),
    ],
    ids=["empty", "whitespace", "binary", "truncated-pdf", "fake-pdf"],
)
def test_unreadable_input_raises_parse_error(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_bytes(data, "bad")


@pytest.mark.parametrize(
    "data",
    [
        SEED.decode("utf-8").encode("cp1252", errors="replace"),
        b"\xef\xbb\xbf" + SEED,
        SEED.replace(b"\n", b"\r\n"),
    ],
    ids=["latin-1", "utf-8-bom", "crlf"],
)
def test_other_encodings_parse_like_utf8(data: bytes) -> None:
    letter = parse_bytes(data, "seed-variant.txt")
    assert [a["numbers"] for a in letter["answers"]][2] == ["3", "4"]
    assert letter["received"] == "2021-09-13"


def test_latin1_is_reported_in_warnings() -> None:
    letter = parse_bytes("Vraag 1\nIs één genoeg?\nAntwoord 1\nJa.".encode("latin-1"), "l1.txt")
    assert any("Windows-1252" in w for w in letter["warnings"])
    assert letter["questions"][0]["text"] == "Is één genoeg?"


def test_text_that_is_not_a_letter_parses_with_a_warning() -> None:
    letter = parse_bytes(b"Boodschappen: melk, brood, kaas.", "lijstje.txt")
    assert letter["questions"] == [] and letter["answers"] == []
    assert letter["warnings"]


def test_cli_reports_bad_files_and_parses_the_rest(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "bestaat-niet.txt"
    seed = FIXTURES / "seed" / "000_59376d724bb89b96.txt"
    run = subprocess.run(
        [sys.executable, "-m", "parsers", "parse", str(empty), str(seed), str(missing)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 1
    lines = run.stdout.strip().split("\n")
    assert len(lines) == 1 and json.loads(lines[0])["source"] == str(seed)
    errors = run.stderr.strip().split("\n")
    assert errors[0] == f"{empty}: error: empty file"
    assert errors[1].startswith(f"{missing}: error: cannot read file")
    assert "Traceback" not in run.stderr


def test_cli_prints_one_json_line_per_file_in_order() -> None:
    files = [str(p) for p in sorted((FIXTURES / "word-text").glob("*.txt"))[:3]]
    run = subprocess.run(
        [sys.executable, "-m", "parsers", "parse", *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert [json.loads(line)["source"] for line in run.stdout.strip().split("\n")] == files
