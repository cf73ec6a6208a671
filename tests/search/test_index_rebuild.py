"""Rebuilding the index after letters come and go gives the files a build from nothing gives.

A rebuild starts from the state the last build left (``kamervragen_search.state``) and merges
only the terms of the letters that changed (``incremental``). Whatever it does, the files
must be those of a build from nothing, byte for byte: checked here after adding, editing and
removing the newest letter and older ones, after a random series of such changes, and when
the state or the files are not what they should be (the rebuild then builds from nothing).
The index is cut small, so that terms are split over many pieces and shards.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
from array import array
from pathlib import Path
from typing import Any

import pytest
from corpus import golden_letters, synthetic_letters
from invented import invented_letter
from kamervragen_search import incremental, layout, postings, sharded, state
from kamervragen_search.build import build
from kamervragen_search.cache import AnalysisCache

SMALL = sharded.Limits(
    posting_bytes=2000, dictionary_bytes=1500, doc_block=20, doc_table=8, pack_blocks=4
)


class Archive:
    """A folder of published letter JSON files, its index with a cache, and fresh builds."""

    def __init__(self, root: Path, letters: list[dict[str, Any]]) -> None:
        self.root = root
        self.site = root / "site"
        self.cache = root / "cache"
        (self.site / "brief").mkdir(parents=True)
        self.letters: dict[str, dict[str, Any]] = {}
        for letter in letters:
            self.put(letter)

    def put(self, letter: dict[str, Any]) -> None:
        self.letters[letter["id"]] = letter
        path = self.site / "brief" / f"{letter['id']}.json"
        path.write_text(json.dumps(letter, ensure_ascii=False), encoding="utf-8")

    def remove(self, letter_id: str) -> None:
        del self.letters[letter_id]
        (self.site / "brief" / f"{letter_id}.json").unlink()

    def rebuild(self) -> sharded.BuildReport:
        return build(self.site, "brief/*.json", self.site / "zoeken", self.cache, limits=SMALL)

    def fresh(self) -> dict[str, bytes]:
        other = self.root / "fresh"
        if other.exists():
            shutil.rmtree(other)
        shutil.copytree(self.site / "brief", other / "brief")
        build(other, "brief/*.json", other / "zoeken", None, limits=SMALL)
        return files(other / "zoeken")

    def check(self) -> sharded.BuildReport:
        report = self.rebuild()
        assert files(self.site / "zoeken") == self.fresh()
        return report


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def newest_letter(letter_id: str, text: str) -> dict[str, Any]:
    return invented_letter(
        letter_id,
        received="2030-01-01",
        questions=[
            {"number": "1", "text": f"Wat kost de nieuwe dijk bij Kampen? {text}"},
            {"number": "2", "text": "Welke ministers zijn betrokken bij het beleid?"},
        ],
        answers=[
            {"numbers": ["1"], "text": f"De dijk kost 12 miljoen euro. {text}"},
            {"numbers": ["2"], "text": "De minister van Infrastructuur en het kabinet."},
        ],
    )


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path, [*golden_letters(), *synthetic_letters(140, seed=5)])
    first = archive.rebuild()
    assert first.mode == "full"
    return archive


def test_the_test_index_has_split_terms_and_many_shards(archive: Archive) -> None:
    saved = state.load(archive.cache / state.STATE_NAME)
    assert saved is not None
    kinds = saved.table.kinds
    split = [saved.table.where[k] for k in range(len(kinds)) if kinds[k] == layout.SPLIT]
    assert len(split) > 10 and max(len(pieces) for pieces in split) > 3  # type: ignore[arg-type]
    assert len(saved.range_files) > 30


def test_newest_letter_added_edited_removed(archive: Archive) -> None:
    before = {p: p.stat().st_mtime_ns for p in (archive.site / "zoeken").rglob("*/*")}
    archive.put(newest_letter("invented-newest", "Over stikstofuitstoot."))
    added = archive.check()
    assert added.mode == "incremental" and added.analysed == 1
    # Only the files around the new letter's terms are new; most stay untouched.
    assert 0 < added.written < added.files / 3
    kept = [p for p in before if p.exists()]
    assert len(kept) > len(before) / 2
    assert all(p.stat().st_mtime_ns == before[p] for p in kept)

    archive.put(newest_letter("invented-newest", "Over de huurtoeslag en pegasus."))
    edited = archive.check()
    assert edited.mode == "incremental" and edited.analysed == 1

    archive.remove("invented-newest")
    removed = archive.check()
    assert removed.mode == "incremental" and removed.analysed == 0


def indexed_terms(folder: Path) -> set[str]:
    """Every term the index's dictionary shards list."""
    manifest = json.loads((folder / "manifest.json").read_text())
    terms: set[str] = set()
    for _, _, name in manifest["dictionary"]:
        terms |= set(json.loads((folder / name).read_text())["terms"])
    return terms


def filter_values(folder: Path, kind: str) -> set[str]:
    manifest = json.loads((folder / "manifest.json").read_text())
    return {row[0] for row in manifest["filters"][kind]}


def terms_of(letter: dict[str, Any]) -> set[str]:
    from kamervragen_search import analysis

    return postings.letter_terms(analysis.analyze_letter(letter))


def test_new_terms_last_uses_of_terms_and_changed_fields(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cases a rebuild must get right besides plain additions: terms no letter had, the
    last use of a term going, and a letter whose subject, askers, party, ministry and date
    change (its documents move among the others)."""
    index = archive.site / "zoeken"
    before = indexed_terms(index)
    first = newest_letter("invented-newest", "Over de kwakzalvertjesweide.")
    new_terms = terms_of(first) - before
    assert {"kwakzalvertjesweid", "invented"} <= new_terms
    archive.put(first)
    assert archive.check().mode == "incremental"
    assert new_terms <= indexed_terms(index)

    # The only letter with those words loses one, and gains another word no letter had.
    second = newest_letter("invented-newest", "Over de vlinderstruikenbaan.")
    gone = terms_of(first) - terms_of(second)
    assert gone and gone <= new_terms
    archive.put(second)
    assert archive.check().mode == "incremental"
    terms = indexed_terms(index)
    assert not gone & terms and terms_of(second) <= terms

    # Fields change: subject, askers and party, ministry; the date moves it among the others.
    changed = copy.deepcopy(second)
    changed["title"] = "Verzonnen onderwerp over zeegrasvelden"
    changed["askers"] = [{"name": "Verzonnenlid", "party": "Verzonnenpartij"}]
    changed["responders"] = [
        {
            "role": "minister",
            "name": "Verzonnen",
            "portfolio": "Verzonnen Zaken",
            "on_behalf": False,
        }
    ]
    changed["received"] = "2031-06-01"
    archive.put(changed)
    assert archive.check().mode == "incremental"
    assert terms_of(changed) <= indexed_terms(index)
    assert "Verzonnenpartij" in filter_values(index, "party")
    assert "Verzonnen Zaken" in filter_values(index, "ministry")

    monkeypatch.setattr(incremental, "WORTH_IT", 1.0)
    archive.put({**changed, "received": "2010-03-03"})  # now dated among the others
    assert archive.check().mode == "incremental"

    # The last letter with those words and filter values goes.
    archive.remove("invented-newest")
    assert archive.check().mode == "incremental"
    assert indexed_terms(index) == before
    assert "Verzonnenpartij" not in filter_values(index, "party")
    assert "Verzonnen Zaken" not in filter_values(index, "ministry")


def test_older_letters_added_edited_removed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However many documents are renumbered, the rebuild stays incremental here.
    monkeypatch.setattr(incremental, "WORTH_IT", 1.0)
    older = sorted(archive.letters.values(), key=lambda x: x.get("received") or x["submitted"])
    middle = older[len(older) // 2]
    changed = copy.deepcopy(middle)
    changed["answers"][0]["text"] += " Een aanvulling over kwelwater."  # same pairs
    archive.put(changed)
    assert archive.check().mode == "incremental"

    extra = copy.deepcopy(older[len(older) // 3])
    extra["id"] = "synthetic-extra"
    archive.put(extra)
    assert archive.check().mode == "incremental"

    archive.remove(older[len(older) // 4]["id"])
    assert archive.check().mode == "incremental"

    archive.remove(older[-1]["id"])  # the newest
    archive.remove(older[0]["id"])  # the oldest: every document renumbered
    assert archive.check().mode == "incremental"


def test_an_index_without_terms_and_back(tmp_path: Path) -> None:
    """No letters, or only letters without pairs: an empty index; then letters come and go."""
    empty = invented_letter("invented-empty")  # no questions, no answers
    archive = Archive(tmp_path, [empty])
    assert archive.check().mode == "full"
    manifest = json.loads((archive.site / "zoeken" / "manifest.json").read_text())
    assert manifest["documents"] == 0 and manifest["dictionary"] == []
    archive.put(newest_letter("invented-newest", "Over niets."))
    archive.check()
    archive.remove("invented-newest")
    archive.check()
    archive.remove("invented-empty")
    archive.check()


def by_date(archive: Archive) -> list[dict[str, Any]]:
    return sorted(archive.letters.values(), key=lambda x: x.get("received") or x["submitted"])


def test_a_letter_dated_among_the_others_renumbers_without_reading_the_moved_letters(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter dated among the others gives every document after it a new number. The
    letters it moves are not read or analysed again (their terms keep their entries, only
    the numbers move); a split term keeps its piece borders and positions files."""
    saved = state.load(archive.cache / state.STATE_NAME)
    assert saved is not None
    fetched: list[str] = []
    fetch = AnalysisCache.fetch

    def spy(self: AnalysisCache, keys: Any, *args: Any, **kwargs: Any) -> Any:
        keys = list(keys)
        fetched.extend(keys)
        return fetch(self, keys, *args, **kwargs)

    monkeypatch.setattr(AnalysisCache, "fetch", spy)
    older = by_date(archive)
    extra = copy.deepcopy(older[len(older) // 3])
    extra["id"] = "synthetic-extra"
    extra["questions"][0]["text"] += " Over kwelwater en de zeegrasvelden."
    archive.put(extra)
    report = archive.rebuild()
    assert report.mode == "incremental"
    assert len(set(fetched)) == 1  # the new letter only
    assert files(archive.site / "zoeken") == archive.fresh()
    fetched.clear()

    after = state.load(archive.cache / state.STATE_NAME)
    assert after is not None
    old_start = dict(
        zip((r.key for r in saved.letters), sharded.starts_of(saved.letters), strict=False)
    )
    moved = {
        row.key: row.pairs
        for row, start in zip(after.letters, sharded.starts_of(after.letters), strict=False)
        if row.key in old_start and old_start[row.key] != start
    }
    assert sum(moved.values()) > report.pairs / 2  # most documents renumbered

    new_terms = terms_of(extra)
    old_split = {
        t: w
        for t, w in zip(saved.table.terms, saved.table.where, strict=True)
        if not isinstance(w, str) and t not in new_terms
    }
    now_split = {
        t: w
        for t, w in zip(after.table.terms, after.table.where, strict=True)
        if not isinstance(w, str)
    }
    assert len(old_split) > 5
    renumbered = 0
    for term, pieces in old_split.items():
        again = now_split[term]
        assert [(p.positions, p.hard, p.entries) for p in again] == [  # type: ignore[union-attr]
            (p.positions, p.hard, p.entries) for p in pieces
        ]
        renumbered += again[0].top != pieces[0].top  # type: ignore[index]
    assert renumbered > len(old_split) / 2

    # Removed again: the numbers move back; the removed letter's terms are read (and where
    # it held a term's newest document, the letter now holding it), no moved letter.
    archive.remove("synthetic-extra")
    assert archive.rebuild().mode == "incremental"
    assert fetched and not set(fetched) & set(moved)
    assert files(archive.site / "zoeken") == archive.fresh()


def test_every_document_renumbered_is_still_a_small_rebuild(archive: Archive) -> None:
    """The oldest letter removed: every other document moves down, none changed."""
    archive.remove(by_date(archive)[0]["id"])
    assert archive.check().mode == "incremental"
    archive.put(newest_letter("invented-newest", "Over de dijk."))  # and one at the end
    archive.remove(by_date(archive)[1]["id"])
    assert archive.check().mode == "incremental"


def test_changing_most_letters_is_left_to_a_build_from_nothing(archive: Archive) -> None:
    for letter in by_date(archive)[::3]:
        archive.remove(letter["id"])
    assert archive.check().mode == "incremental"  # a third of the letters gone
    for letter in by_date(archive)[::2]:
        changed = copy.deepcopy(letter)
        changed["title"] = (changed.get("title") or "") + " Gewijzigd."
        archive.put(changed)
    assert archive.check().mode == "full"  # half the letters edited


def test_a_random_series_of_changes(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "WORTH_IT", 1.0)
    rng = random.Random(11)
    pool = synthetic_letters(30, seed=21)
    for step in range(12):
        ids = sorted(archive.letters)
        action = rng.choice(["add", "add", "edit", "remove", "newest"])
        if action == "add" and pool:
            letter = pool.pop()
            letter["id"] = f"synthetic-added-{step}"
            archive.put(letter)
        elif action == "edit":
            letter = copy.deepcopy(archive.letters[rng.choice(ids)])
            letter["questions"][0]["text"] += f" Gewijzigd in stap {step} over windmolens."
            archive.put(letter)
        elif action == "remove":
            archive.remove(rng.choice(ids))
        else:
            archive.put(newest_letter(f"invented-newest-{step}", f"Stap {step}."))
        assert archive.check().mode == "incremental", step


def test_missing_or_changed_files_and_stale_state_mean_a_build_from_nothing(
    archive: Archive,
) -> None:
    saved = state.load(archive.cache / state.STATE_NAME)
    assert saved is not None
    # A posting shard the rebuild must read is gone.
    archive.put(newest_letter("invented-newest", "Over stikstofuitstoot."))
    for name in saved.names():
        if name.startswith("p/"):
            (archive.site / "zoeken" / name).unlink()
    assert archive.check().mode == "full"
    # A file the rebuild copies from holds other bytes than its name says.
    saved = state.load(archive.cache / state.STATE_NAME)
    assert saved is not None
    for name in saved.names():
        if name.startswith("q/"):
            (archive.site / "zoeken" / name).write_bytes(b"[]")
    archive.put(newest_letter("invented-newest", "Over de huurtoeslag."))
    assert archive.check().mode == "full"
    # The manifest is not the one the state was made with.
    (archive.site / "zoeken" / "manifest.json").write_bytes(b"{}")
    archive.remove("invented-newest")
    assert archive.check().mode == "full"
    # The state itself is unreadable.
    (archive.cache / state.STATE_NAME).write_bytes(b"not a pickle")
    archive.put(newest_letter("invented-newest", "Opnieuw."))
    assert archive.check().mode == "full"


def test_layout_from_arrays_equals_the_term_by_term_scan() -> None:
    rng = random.Random(4)
    for _ in range(200):
        count = rng.randint(0, 300)
        terms = sorted(
            {"".join(rng.choices("abcdefgh", k=rng.randint(1, 7))) for _ in range(count)}
        )
        average = rng.choice([40, 200, 1000])
        lengths = [rng.choice([5, 20, 60, 150, 400]) for _ in terms]
        split = {k for k in range(len(terms)) if rng.random() < 0.05}
        scan = layout.PostingScan(average, lambda data: str(len(data)))
        kinds = bytearray()
        for k, term in enumerate(terms):
            if k in split:
                scan.add_split()
                kinds.append(layout.SPLIT)
            else:
                kinds.append(scan.add(term, b"x" * lengths[k]))
        scan.close()
        members: dict[int, list[int]] = {}
        for k, shard in enumerate(scan.shard_of):
            if k not in split:
                members.setdefault(shard, []).append(k)
        expected = sorted(
            [(m[0], m[-1] + 1) for m in members.values()] + [(k, k + 1) for k in split]
        )
        plain = [0 if k in split else n for k, n in enumerate(lengths)]
        assert layout.posting_layout(kinds, plain, average) == expected
        cuts = bytearray(layout.dictionary_cut(t, average) for t in terms)
        steps = [layout.dictionary_step(t) for t in terms]
        assert layout.dictionary_layout(cuts, steps, average) == layout.dictionary_scan(
            terms, average
        )


def test_fragments_read_back_are_the_postings_written() -> None:
    from kamervragen_search import analysis

    letters = [analysis.analyze_letter(x) for x in synthetic_letters(20, seed=2)]
    starts = [0]
    for letter in letters:
        starts.append(starts[-1] + len(letter.pairs))
    gathered = postings.collect(list(zip(letters, starts, strict=False)))
    for term, packed in list(gathered.entries.items())[::37]:
        places = gathered.positions.get(term)
        made = postings.serialize(term, packed, places, gathered.first[term], 10**6)
        first, entries = postings.decode(made.posting, made.positions)
        entries.sort(key=lambda e: (-e[0], e[1]))
        assert first == gathered.first[term]
        assert entries == postings.unpack(packed, places)


def test_a_renumbered_fragment_is_the_fragment_of_the_renumbered_entries() -> None:
    """``shift_posting`` rewrites numbers in the bytes; it must give what serializing the
    renumbered entries gives, for any shifts (documents added and removed in places)."""
    from kamervragen_search import analysis

    letters = [analysis.analyze_letter(x) for x in synthetic_letters(30, seed=3)]
    starts = [0]
    for letter in letters:
        starts.append(starts[-1] + len(letter.pairs))
    total = starts[-1]
    gathered = postings.collect(list(zip(letters, starts, strict=False)))
    rng = random.Random(5)
    for _ in range(40):
        # Kept letters keep their order; gaps open or close between them.
        remap = array("l")
        at = rng.randint(0, 3)
        kept_starts = []
        for i, letter in enumerate(letters):
            kept_starts.append(starts[i])
            remap.extend(range(at, at + len(letter.pairs)))
            at += len(letter.pairs) + rng.choice([0, 0, 0, 1, 2, 5])
        breaks = postings.shift_breaks(remap, kept_starts)
        for term, packed in list(gathered.entries.items())[:: rng.randint(3, 9)]:
            places = gathered.positions.get(term)
            first = gathered.first[term]
            made = postings.serialize(term, packed, places, first, 10**6)
            moved = array(
                "Q",
                (
                    (remap[v >> postings.DOC_SHIFT] << postings.DOC_SHIFT)
                    | (v & ((1 << postings.DOC_SHIFT) - 1))
                    for v in packed
                ),
            )
            again = postings.serialize(
                term, moved, places, (remap[first[0]], first[1], first[2]), 10**6
            )
            shifted = made.posting
            if breaks:
                shifted = postings.shift_posting(made.posting, remap, breaks)
            assert shifted == again.posting, term
            assert made.positions == again.positions
    assert total > 100


def test_terms_serialized_in_worker_processes_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive(tmp_path, [*golden_letters(), *synthetic_letters(40, seed=8)])
    serial = archive.fresh()
    monkeypatch.setattr(sharded, "PARALLEL_FROM", 0)
    monkeypatch.setattr(sharded, "_CHUNK", 500)
    monkeypatch.setattr(sharded.os, "cpu_count", lambda: 2)
    assert archive.fresh() == serial
