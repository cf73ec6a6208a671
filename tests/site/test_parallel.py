"""Parallel builds: letters parsed and pages written in worker processes give exactly the
site a serial build gives; a letter that fails, or kills its worker, is reported and the
others are built."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest
from site_fixture import BAD_LETTER, REPO, build, make_content

sys.path.insert(0, str(REPO / "bench"))
import synthetic  # noqa: E402

PLUGINS = ["kamervragen", "kamervragen_search"]
CRASH_LETTER = "invented-crashes-the-parser.txt"
# Two letters a page: lists long enough to come in pieces.
LISTS = {"PLUGINS": PLUGINS, "DEFAULT_PAGINATION": 2}


def _files(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every parse leaves a file named after the process that ran it (workers are forked,
    so the wrapper reaches them); the pools start for any number of letters."""
    import kamervragen.parallel as parallel
    import kamervragen.reader as reader

    log = tmp_path / "parses"
    log.mkdir()
    real = reader.parse_file

    def recorded(path: str) -> dict:
        if Path(path).name == CRASH_LETTER:
            os._exit(3)  # as a segfault in a native library would end the worker
        (log / f"{os.getpid()}-{Path(path).name}").touch()
        return real(path)

    monkeypatch.setattr(reader, "parse_file", recorded)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    return log


def _content(root: Path) -> Path:
    content = make_content(root)
    synthetic.write(12, content / "synthetic")
    return content


def test_parallel_build_equals_serial_build(
    tmp_path: Path, parses: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    serial, parallel_out = tmp_path / "serial", tmp_path / "parallel"
    build(content, serial, tmp_path / "c1", KAMERVRAGEN_WORKERS=1, **LISTS)
    in_main = {p.name.split("-", 1)[0] for p in parses.iterdir()}
    assert in_main == {str(os.getpid())}
    for p in parses.iterdir():
        p.unlink()
    # Lists made in pieces of two pages, in the workers (the serial build made each whole).
    import kamervragen.generator as generator

    monkeypatch.setattr(generator, "LIST_PIECE", 2)
    build(content, parallel_out, tmp_path / "c2", KAMERVRAGEN_WORKERS=2, **LISTS)
    assert len(list(parallel_out.glob("pagina/*/index.html"))) > 2 * 2  # in pieces
    workers = {p.name.split("-", 1)[0] for p in parses.iterdir()}
    assert workers and str(os.getpid()) not in workers  # parsed in the pool only
    letters = [p for p in content.rglob("*") if p.suffix in (".txt", ".md", ".pdf")]
    assert len(list(parses.iterdir())) == len(letters)
    assert _files(parallel_out) == _files(serial)


def test_failing_and_crashing_letters_are_reported_the_others_built(
    tmp_path: Path, parses: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = _content(tmp_path)
    (content / "invented" / CRASH_LETTER).write_text("Vraag 1\nIets?\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        build(content, tmp_path / "out", tmp_path / "cache", PLUGINS=PLUGINS, KAMERVRAGEN_WORKERS=2)
    skipped = [r.getMessage() for r in caplog.records if "Letter skipped" in r.getMessage()]
    assert len(skipped) == 2
    assert any(BAD_LETTER in m and "binary" in m for m in skipped)
    assert any(CRASH_LETTER in m and "process died" in m for m in skipped)
    built = {p.name for p in (tmp_path / "out" / "brief").glob("*.json")}
    assert {f"synthetic-{n}.json" for n in range(1, 13)} <= built
    assert "000_59376d724bb89b96.json" in built


def test_background_work_runs_beside_the_build_and_reports_its_failure() -> None:
    import kamervragen.parallel as parallel

    beside = parallel.background(os.getpid, 2)
    assert beside() != os.getpid()
    assert beside() == beside()  # one result, however often asked for

    def fails() -> None:
        raise ValueError("no disk")

    with pytest.raises(parallel.BackgroundError, match="ValueError: no disk"):
        parallel.background(fails, 2)()
    # One worker: the work runs here, when its result is asked for.
    ran: list[int] = []
    inline = parallel.background(lambda: ran.append(os.getpid()) or len(ran), 1)
    assert ran == []
    assert inline() == 1 and inline() == 1 and ran == [os.getpid()]


def test_checks_that_fail_beside_the_build_are_made_in_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letters' signatures and the kept units' files are checked in a forked process
    (parallel.background); when that fails, the build checks them itself: a changed letter
    is parsed again, a page deleted from output/ is written again, as a build from nothing
    would have them."""
    import kamervragen.parallel as parallel
    from site_fixture import count_parses

    content = _content(tmp_path)
    settings = {**LISTS, "KAMERVRAGEN_WORKERS": 2, "DELETE_OUTPUT_DIRECTORY": False}
    letters = sorted((content / "synthetic").glob("*.txt"))
    for letter in letters:  # older than the racy window: their signatures are trusted
        os.utime(letter, (letter.stat().st_atime - 3600, letter.stat().st_mtime - 3600))
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, cache, **settings)
    build(content, out, cache, **settings)  # signatures recorded

    def broken(work: object, workers: int) -> object:
        def result() -> None:
            raise parallel.BackgroundError("the process died")

        return result

    monkeypatch.setattr(parallel, "background", broken)
    calls = count_parses(monkeypatch)
    edited = letters[0]
    edited.write_text(synthetic.generate(1, seed=5)[0], encoding="utf-8")
    os.utime(edited, (edited.stat().st_atime - 1800, edited.stat().st_mtime - 1800))
    (out / "brief" / "synthetic-3" / "index.html").unlink()
    build(content, out, cache, **settings)
    assert edited.name in calls
    assert (out / "brief" / "synthetic-3" / "index.html").is_file()
    build(content, tmp_path / "fresh", tmp_path / "fresh-cache", **settings)
    assert _files(out) == _files(tmp_path / "fresh")
