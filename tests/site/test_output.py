"""The site's one write path (plugins/kamervragen/output.py): what a rebuild keeps, removes
and refuses, with units kept whole (their files not walked one by one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kamervragen.output import Output, OutputError


def _build(root: Path, units: dict[str, tuple[str, dict[str, str]]]) -> Output:
    """One build: each unit (key, {file: text}) kept when unchanged, else written."""
    out = Output(str(root / "output"), str(root / "cache"))
    out.begin()
    for name, (key, files) in units.items():
        if out.unchanged(name, key):
            continue
        with out.unit(name, key):
            for path, text in files.items():
                out.write(path, text)
    out.finish()
    return out


def test_kept_units_count_as_written_and_their_files_stay(tmp_path: Path) -> None:
    first = {
        "a": ("1", {"a/1.html": "a1", "a/2.html": "a2", "a/3.html": "a3"}),
        "b": ("1", {"b/1.html": "b1"}),
        "gone": ("1", {"gone/1.html": "g"}),
    }
    _build(tmp_path, first)
    second = {"a": first["a"], "b": ("2", {"b/1.html": "b1*", "b/2.html": "b2"})}
    out = _build(tmp_path, second)
    assert out.kept_units == 1
    assert sorted(out.files()) == ["a/1.html", "a/2.html", "a/3.html", "b/1.html", "b/2.html"]
    assert out.owns("a/2.html") and out.owns("b/2.html") and not out.owns("gone/1.html")
    assert (tmp_path / "output" / "a" / "2.html").read_text() == "a2"
    assert not (tmp_path / "output" / "gone").exists()


def test_a_unit_may_not_write_a_file_of_a_kept_unit(tmp_path: Path) -> None:
    units = {"a": ("1", {"a/1.html": "a1", "a/2.html": "a2"}), "b": ("1", {"b/1.html": "b1"})}
    _build(tmp_path, units)
    with pytest.raises(OutputError, match="a/2.html written by a and by b"):
        _build(tmp_path, {"a": units["a"], "b": ("2", {"a/2.html": "b's"})})


def test_a_kept_unit_may_not_hold_a_file_another_unit_wrote(tmp_path: Path) -> None:
    # (b writes a's middle file: a's first and last files, which a kept unit is checked by,
    # are as written.)
    a = ("1", {"a/1.html": "a1", "a/2.html": "a2", "a/3.html": "a3"})
    units = {"b": ("1", {"b/1.html": "b1"}), "a": a}
    _build(tmp_path, units)
    with pytest.raises(OutputError, match="a/2.html written by b and by a"):
        _build(tmp_path, {"b": ("2", {"a/2.html": "b's"}), "a": units["a"]})


@pytest.mark.parametrize("form", ["str", "bytes", "chunks"])
def test_a_file_written_again_shorter_or_longer_holds_just_its_new_bytes(
    tmp_path: Path, form: str
) -> None:
    """Files are rewritten in place (output.py says why) and cut only when the old version
    was longer: a new file is not cut at all."""

    def data(text: str) -> object:
        raw = text.encode()
        if form == "str":
            return text
        if form == "bytes":
            return raw
        return lambda: iter([raw[:3], raw[3:]])

    def build(text: str, key: str) -> Path:
        out = Output(str(tmp_path / "output"), str(tmp_path / "cache"))
        out.begin()
        with out.unit("u", key):
            out.write("u/page.html", data(text), key=key)
        out.finish()
        return tmp_path / "output" / "u" / "page.html"

    for key, text in enumerate(["a long first version", "short", "a longer third version"]):
        assert build(text, str(key)).read_bytes() == text.encode()
