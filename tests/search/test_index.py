"""What goes into the search index and store, checked on invented letters and real ones."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from invented import invented_letter, invented_spyware_letter
from kamervragen_search import analysis, documents, sharded, writer
from lunr.index import Index

from parsers import parse_file

ROOT = Path(__file__).resolve().parents[2]
QUERY_SCRIPT = Path(__file__).with_name("query_index.js")


def built(*letters: dict) -> Index:
    return Index.load(writer.build_index([analysis.analyze_letter(x) for x in letters]))


def refs(index: Index, query: str) -> list[str]:
    return [r["ref"] for r in index.search(query)]


def test_one_document_per_pair_with_permalink_refs() -> None:
    entry = documents.letter_entry(invented_spyware_letter())
    assert [p.ref for p in entry.pairs] == [
        "brief/invented-spyware/1/",
        "brief/invented-spyware/2/",
    ]
    # The combined answer belongs to both pairs.
    assert entry.pairs[1].answer == "Er zijn geen gehackte telefoons gevonden."


def test_footnotes_field_holds_only_the_footnotes_the_pair_cites() -> None:
    entry = documents.letter_entry(invented_spyware_letter())
    assert entry.pairs[0].footnotes == "Invented: een voetnoot over Pegasus-software."
    assert entry.pairs[1].footnotes == ""
    assert "[^1]" not in entry.pairs[0].question


def test_filter_values() -> None:
    entry = documents.letter_entry(invented_spyware_letter())
    assert (entry.year, entry.ministries, entry.parties) == (
        "2024",
        ("Buitenlandse Zaken",),
        ("Testpartij",),
    )


def test_ministry_falls_back_to_addressees_for_unanswered_questions() -> None:
    letter = invented_letter(
        "invented-questions",
        kind="questions",
        addressees=["Minister van Justitie en Veiligheid", "Staatssecretaris voor Digitalisering"],
    )
    assert documents.ministries(letter) == ("Justitie en Veiligheid", "Digitalisering")


def test_serialized_index_names_the_dutch_pipeline_and_fields() -> None:
    data = writer.build_index([analysis.analyze_letter(invented_spyware_letter())])
    assert data["version"] == "2.3.9"
    assert data["pipeline"] == ["trimmer-nl-digits", "stopWordFilter-nl", "stemmer-nl"]
    assert data["fields"] == [name for name, _ in documents.FIELDS]
    assert "minister" in data["fields"]


def test_index_finds_stems_numbers_fields_and_header_zaak_numbers() -> None:
    index = built(invented_spyware_letter())
    assert refs(index, "gehackt") and set(refs(index, "gehackt")) == set(refs(index, "gehackte"))
    assert refs(index, "2024Z18439") == ["brief/invented-spyware/2/"]
    assert set(refs(index, "2024Z99999")) == {
        "brief/invented-spyware/1/",
        "brief/invented-spyware/2/",
    }
    assert len(refs(index, "minister:kaag")) == 2
    assert len(refs(index, "askers:testpartij")) == 2
    assert refs(index, "footnotes:pegasus") == ["brief/invented-spyware/1/"]
    assert refs(index, "kwallen") == []  # uncited footnote is not indexed


def test_question_and_subject_hits_rank_above_footnote_hits() -> None:
    in_footnote = invented_letter(
        "invented-footnote",
        questions=[{"number": "1", "text": "Wat vindt u van dit bericht?[^1]"}],
        footnotes=[{"number": 1, "text": "Invented: artikel over zeehonden."}],
    )
    in_question = invented_letter(
        "invented-question",
        questions=[{"number": "1", "text": "Hoeveel zeehonden zijn er?"}],
    )
    in_subject = invented_letter(
        "invented-subject",
        title="zeehonden in de Waddenzee",
        questions=[{"number": "1", "text": "Wat is het beleid?"}],
    )
    ranked = refs(built(in_footnote, in_question, in_subject), "zeehonden")
    assert ranked[-1] == "brief/invented-footnote/1/"
    assert len(ranked) == 3


def test_written_files_agree_with_each_other(tmp_path: Path) -> None:
    letters = [analysis.analyze_letter(invented_spyware_letter())]
    report = sharded.write_index(letters, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert report.pairs == manifest["documents"] == 2
    tables = [json.loads((tmp_path / name).read_text()) for _, name in manifest["docs"]["tables"]]
    assert sum(count for count, _ in manifest["docs"]["tables"]) == 2
    assert all((tmp_path / pack).is_file() for table in tables for pack in table["packs"])
    stored = [json.loads((tmp_path / b[1]).read_text()) for t in tables for b in t["blocks"]]
    assert [len(s["pairs"]) for s in stored] == [b[0] for t in tables for b in t["blocks"]]
    refs = {f"brief/{s['letters'][p[0]][0]}/{p[1]}/" for s in stored for p in s["pairs"]}
    assert refs == {p.ref for p in letters[0].pairs}
    party = manifest["filters"]["party"]
    assert [p[:2] for p in party] == [["Testpartij", 2]]
    assert manifest["aliases"]["vraag"] == "question"
    # Every file the manifest names, and every file named in those, exists.
    for _, _, name in manifest["dictionary"]:
        shard = json.loads((tmp_path / name).read_text())
        assert (tmp_path / shard["positions"]).is_file()
        for posting, positions in shard["shards"]:
            assert (tmp_path / posting).is_file()
            assert not positions or (tmp_path / positions).is_file()


@pytest.mark.parametrize(
    "source",
    [
        "seed/000_59376d724bb89b96.txt",
        "pypdf/ah-tk-20242025-570.txt",
        "word-text/ah-tk-20242025-601.txt",
    ],
)
def test_real_letters_every_pair_is_indexed(source: str) -> None:
    letter = parse_file(str(ROOT / "content" / source))
    analysed = analysis.analyze_letter(letter)
    assert analysed.pairs
    index = Index.load(writer.build_index([analysed]))
    indexed = {ref.split("/", 1)[1] for ref, _ in index.serialize()["fieldVectors"]}
    assert indexed == {p.ref for p in analysed.pairs}


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_lunr_js_loads_the_python_index_and_agrees_on_results(tmp_path: Path) -> None:
    """The browser's lunr.js must read the Python-built index and rank the same way."""
    seed = parse_file(str(ROOT / "content" / "seed" / "000_59376d724bb89b96.txt"))
    letters = [seed, invented_spyware_letter()]
    data = writer.build_index([analysis.analyze_letter(x) for x in letters])
    path = tmp_path / "index.json"
    path.write_text(json.dumps(data))
    queries = [
        "pegasus",
        "gehackt",
        "2024Z18439",
        "minister:kaag",
        "cyber*",
        "spywar~1",
        "+nso -eu",
    ]
    result = subprocess.run(
        ["node", str(QUERY_SCRIPT), str(path)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    js = json.loads(result.stdout)
    index = Index.load(data)
    for query, js_refs in zip(queries, js, strict=True):
        assert js_refs, f"lunr.js found nothing for {query!r}"
        assert set(js_refs) == set(refs(index, query)), query


def test_fast_index_builder_writes_what_lunrs_builder_writes() -> None:
    """build_index skips lunr's Builder for speed; its output must stay lunr's, byte for byte."""
    letters = [parse_file(str(path)) for path in sorted((ROOT / "content" / "pypdf").glob("*.txt"))]
    letters += [parse_file(str(ROOT / "content" / "seed" / "000_59376d724bb89b96.txt"))]
    letters += [invented_letter("invented-fast-index"), invented_spyware_letter()]
    entries = [analysis.analyze_letter(letter) for letter in letters]
    fast = json.dumps(writer.build_index(entries), sort_keys=True)
    reference = json.dumps(writer.build_index_with_lunr(entries), sort_keys=True)
    assert fast == reference
    one = [entries[0]]
    assert json.dumps(writer.build_index(one)) == json.dumps(writer.build_index_with_lunr(one))
