"""`kamervragen fetch` against a loopback stand-in of KOOP's repository (tests/fetch/standin.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from standin import Letter, StandIn, frbr_path

from parsers.cli import main
from parsers.fetch import sru
from parsers.fetch.http import write_atomic


def run(standin: StandIn, out: Path, *extra: str, since: str = "2024-01-01") -> int:
    return main(
        [
            "fetch",
            "--sru-url",
            standin.sru_url,
            "--since",
            since,
            "--out",
            str(out),
            "--delay",
            "0",
            "--backoff",
            "0",
            "--retries",
            "2",
            "--timeout",
            "5",
            "--page-size",
            "5",
            "--no-progress",
            *extra,
        ]
    )


def pdf_path(letter: Letter) -> str:
    return frbr_path(letter, "pdf")


def no_partial_files(out: Path) -> bool:
    return not [p for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".part"]


def test_query_asks_for_written_questions_in_the_date_range() -> None:
    query = sru.build_query(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "all")
    assert query.startswith("c.product-area==officielepublicaties AND (")
    assert 'w.publicatienaam=="Kamervragen (Aanhangsel)"' in query
    assert 'w.publicatienaam=="Kamervragen zonder antwoord"' in query
    assert query.endswith("dt.available>=2024-01-01 AND dt.available<=2024-06-30")
    answers = sru.build_query(dt.date(2024, 1, 1), None, "answers")
    assert "zonder antwoord" not in answers and "dt.available<=" not in answers


def test_sru_diagnostics_are_an_error_not_an_empty_result() -> None:
    page = (
        b'<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/'
        b'sruResponse"><sru:numberOfRecords>0</sru:numberOfRecords><sru:diagnostics>'
        b'<diag:diagnostic xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic">'
        b"<diag:uri>info:srw/diagnostic/1/10</diag:uri><diag:message>Query syntax error"
        b"</diag:message></diag:diagnostic></sru:diagnostics></sru:searchRetrieveResponse>"
    )
    with pytest.raises(sru.SRUError, match="Query syntax error"):
        sru.parse_page(page)


def test_done_when(tmp_path: Path, catalogue: list[Letter], capsys) -> None:
    """Several pages (one shorter than asked), a 503 once on the SRU and on a PDF, a body
    cut short once, a fake 404: every reachable PDF saved byte for byte, no HTML saved as a
    PDF, exit 1 naming the letter, nothing downloaded on a second run, and the site shows
    every fetched letter."""
    lost, busy, cut = catalogue[4], catalogue[7], catalogue[9]
    standin = StandIn(
        catalogue,
        fail_once={"/sru": 503, pdf_path(busy): 503},
        fake_404={pdf_path(lost)},
        truncate_once={pdf_path(cut)},
        short_pages={6: 3},
    )
    out = tmp_path / "content" / "officieel"
    with standin:
        status = run(standin, out)
        report = capsys.readouterr().out
        assert status == 1
        assert f"{lost.id}: pdf: redirected to an error page" in report
        assert report.count("\n  ah-") == 1  # only that letter is named
        starts = [int(q["startRecord"][0]) for q in standin.queries]
        assert starts == [1, 6, 9]  # page 2 held 3 records, not the 5 asked
        assert standin.requests["/sru"] == 4  # and the first page was asked twice (503)
        for letter in catalogue:
            saved = out / f"{letter.id}.pdf"
            if letter is lost:
                assert not saved.exists()
                continue
            assert saved.read_bytes() == letter.files["pdf"]
            assert (out / f"{letter.id}.metadata.xml").read_bytes() == letter.files["metadata"]
            if "xml" in letter.files:
                assert (out / f"{letter.id}.xml").read_bytes() == letter.files["xml"]
        assert all(p.read_bytes().startswith(b"%PDF-") for p in out.glob("*.pdf"))
        assert no_partial_files(out)

        before = {p.name: p.read_bytes() for p in out.iterdir()}
        standin.requests.clear()
        status = run(standin, out)
        assert status == 1
        assert lost.id in capsys.readouterr().out
        asked = [path for path in standin.requests if path.startswith("/frbr/")]
        assert asked == [pdf_path(lost)]  # only the letter still missing is asked again
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    from tests.site.site_fixture import build

    content = out.parent
    build(content, tmp_path / "output", tmp_path / "cache")
    for letter in catalogue:
        page = tmp_path / "output" / "brief" / letter.id / "index.html"
        assert page.exists() == (letter is not lost), letter.id
    for letter_id in ("ah-tk-20232024-1178", "ah-tk-20232024-2367"):
        exported = json.loads((tmp_path / "output" / "brief" / f"{letter_id}.json").read_text())
        assert exported["source"] == f"officieel/{letter_id}.xml"
        assert exported["format"] == "xml"
        original = tmp_path / "output" / "brief" / letter_id / f"{letter_id}.pdf"
        assert original.read_bytes() == (out / f"{letter_id}.pdf").read_bytes()
        page = (tmp_path / "output" / "brief" / letter_id / "index.html").read_text()
        assert f"{letter_id}.pdf" in page and "Originele PDF" in page


def test_empty_result_fetches_nothing(tmp_path: Path, catalogue: list[Letter], capsys) -> None:
    with StandIn(catalogue) as standin:
        assert run(standin, tmp_path, since="2030-01-01") == 0
    assert "0 letter(s) listed" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_a_body_always_cut_short_is_reported_and_never_saved(
    tmp_path: Path, catalogue: list[Letter], capsys
) -> None:
    letter = catalogue[0]
    with StandIn(catalogue[:2], truncate_always={pdf_path(letter)}) as standin:
        assert run(standin, tmp_path) == 1
        assert standin.requests[pdf_path(letter)] == 3  # the first try and two retries
    report = capsys.readouterr().out
    assert f"{letter.id}: pdf:" in report and "gave up after 3 tries" in report
    assert not (tmp_path / f"{letter.id}.pdf").exists()
    assert (tmp_path / f"{catalogue[1].id}.pdf").read_bytes() == catalogue[1].files["pdf"]
    assert no_partial_files(tmp_path)


def test_html_served_with_status_200_is_a_missing_file(
    tmp_path: Path, catalogue: list[Letter], capsys
) -> None:
    letter = next(x for x in catalogue if "xml" in x.files)
    xml = frbr_path(letter, "xml")
    with StandIn([letter], html_200={xml, pdf_path(letter)}) as standin:
        assert run(standin, tmp_path) == 1
    report = capsys.readouterr().out
    assert "xml: the server answered with an HTML page" in report
    assert "pdf: the server answered with an HTML page" in report
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{letter.id}.metadata.xml"]


def test_a_timeout_is_retried(tmp_path: Path, catalogue: list[Letter]) -> None:
    letter = catalogue[1]
    with StandIn([letter], hang_once={pdf_path(letter): 3.0}) as standin:
        status = run(standin, tmp_path, "--timeout", "0.5")
        assert standin.requests[pdf_path(letter)] == 2
    assert status == 0
    assert (tmp_path / f"{letter.id}.pdf").read_bytes() == letter.files["pdf"]


def test_limit_and_pages_without_next_position(tmp_path: Path, catalogue: list[Letter]) -> None:
    with StandIn(catalogue, short_pages={1: 2}, omit_next_position=True) as standin:
        assert run(standin, tmp_path, "--limit", "7") == 0
        starts = [int(q["startRecord"][0]) for q in standin.queries]
    assert starts == [1, 3]  # 2 records, then 5: the limit of 7 is reached
    assert len(list(tmp_path.glob("*.pdf"))) == 7


def test_a_damaged_file_on_disk_is_fetched_again(tmp_path: Path, catalogue: list[Letter]) -> None:
    letters = catalogue[:2]
    with StandIn(letters) as standin:
        assert run(standin, tmp_path) == 0
        damaged = tmp_path / f"{letters[0].id}.pdf"
        damaged.write_bytes(letters[0].files["pdf"][:1000])  # as if copied in half
        standin.requests.clear()
        assert run(standin, tmp_path) == 0
        assert [p for p in standin.requests if p.startswith("/frbr/")] == [pdf_path(letters[0])]
    assert damaged.read_bytes() == letters[0].files["pdf"]


def test_write_atomic_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "x.pdf"

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"%PDF-1.7 ...")
    assert list(tmp_path.iterdir()) == []


def test_with_threads_saves_the_zaak_links(tmp_path: Path, catalogue: list[Letter]) -> None:
    zaak = {
        "Nummer": "2024Z00456",
        "Onderwerp": "quantumproof encryptie",
        "GestartOp": "2024-01-16T00:00:00+01:00",
        "Document": [
            {
                "Soort": "Antwoord schriftelijke vragen",
                "DocumentNummer": "2024D09999",
                "Datum": "2024-03-07T00:00:00",
                "Vergaderjaar": "2023-2024",
                "Aanhangselnummer": "232401178",
            },
            {
                "Soort": "Schriftelijke vragen",
                "DocumentNummer": "2024D01234",
                "Datum": "2024-01-16T00:00:00",
                "Vergaderjaar": "2023-2024",
            },
            {
                "Soort": "Mededeling (uitstel antwoord)",
                "DocumentNummer": "2024D05555",
                "Datum": "2024-02-06T00:00:00",
                "Vergaderjaar": "2023-2024",
                "Aanhangselnummer": "202320240901",
            },
        ],
    }
    base = catalogue[0]
    metadata = base.files["metadata"].replace(
        b"</metadata_gegevens>",
        b'<metadata name="OVERHEIDop.vraagnummer" scheme="" content="2024Z00456"/>\n'
        b"</metadata_gegevens>",
    )
    letter = Letter(base.id, {"pdf": base.files["pdf"], "metadata": metadata}, zaak=zaak)
    with StandIn([letter]) as standin:
        status = run(standin, tmp_path, "--with-threads", "--odata-url", standin.odata_url)
        assert status == 0
        links = json.loads((tmp_path / f"{letter.id}.threads.json").read_text())
        [found] = links
        assert found["zaak"] == "2024Z00456" and found["gestart"] == "2024-01-16"
        assert found["documents"] == [
            "kv-tk-2024Z00456",
            "ah-tk-20232024-901",
            "ah-tk-20232024-1178",
        ]
        assert [d["role"] for d in found["details"]] == ["question", "postponement", "answer"]
        from kamervragen.threads import read_sidecars  # the site reads what fetch writes

        assert read_sidecars([tmp_path / f"{letter.id}.threads.json"]) == [
            ("2024Z00456", found["documents"])
        ]
        standin.requests.clear()
        assert run(standin, tmp_path, "--with-threads", "--odata-url", standin.odata_url) == 0
        assert not [p for p in standin.requests if p.startswith("/odata")]  # answered: settled
