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
import weakref
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


def spy_on_fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of every analysis fetched from the cache from now on."""
    fetched: list[str] = []
    fetch = AnalysisCache.fetch

    def spy(self: AnalysisCache, keys: Any, *args: Any, **kwargs: Any) -> Any:
        keys = list(keys)
        fetched.extend(keys)
        return fetch(self, keys, *args, **kwargs)

    monkeypatch.setattr(AnalysisCache, "fetch", spy)
    return fetched


def by_date(archive: Archive) -> list[dict[str, Any]]:
    return sorted(archive.letters.values(), key=lambda x: x.get("received") or x["submitted"])


def test_a_letter_dated_among_the_others_changes_only_the_files_of_its_terms(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter dated among the others moves the position of every document after it, but
    not their numbers in the postings (``numbering``): the letters after it are not read or
    analysed again, and the posting and positions files of terms it does not hold stay as
    they are (a split term keeps every piece)."""
    saved = state.load(archive.cache / state.STATE_NAME)
    assert saved is not None
    fetched = spy_on_fetches(monkeypatch)
    older = by_date(archive)
    extra = copy.deepcopy(older[len(older) // 3])
    extra["id"] = "synthetic-extra"
    extra["submitted"] = extra["received"] = "1990-06-15"  # a day of its own
    extra["questions"][0]["text"] += " Over kwelwater en de zeegrasvelden."
    assert min(x.get("received") or x["submitted"] for x in older) < "1990-06-15"
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
    assert sum(moved.values()) > report.pairs / 2  # most documents have new positions

    new_terms = terms_of(extra)
    old_where = dict(zip(saved.table.terms, saved.table.where, strict=True))
    now_where = dict(zip(after.table.terms, after.table.where, strict=True))
    split = [t for t, w in old_where.items() if not isinstance(w, str) and t not in new_terms]
    assert len(split) > 5
    for term in split:
        assert now_where[term] == old_where[term], term
    # A posting shard without the new letter's terms is the same file.
    untouched = {w for t, w in old_where.items() if isinstance(w, str) and t not in new_terms} - {
        w for t, w in old_where.items() if isinstance(w, str) and t in new_terms
    }
    assert len(untouched) > 10
    # (A changed term's size can move the shard borders after it, up to the next term
    # whose hash ends a shard: a few neighbours are written again.)
    rewritten = untouched - set(now_where.values())
    print(f"{len(rewritten)} of {len(untouched)} shards without the new terms rewritten")
    assert len(rewritten) <= len(untouched) // 10
    # Blocks and text packs end where the letters say (``doc_layout``), not every so many
    # positions: the packs after it keep their files (only those around it are new).
    new_packs = set(after.packs) - set(saved.packs)
    print(f"{len(new_packs)} of {len(after.packs)} packs new")
    assert len(after.packs) > 10 and len(new_packs) <= 3
    assert (
        len(set(after.blocks) - set(saved.blocks)) <= 3 * max(1, len(new_packs)) * SMALL.pack_blocks
    )

    # Removed again: the removed letter's terms are read (and where it held a term's newest
    # document, the letter now holding it), no moved letter.
    archive.remove("synthetic-extra")
    assert archive.rebuild().mode == "incremental"
    assert fetched and not set(fetched) & set(moved)
    assert files(archive.site / "zoeken") == archive.fresh()


def test_a_letter_added_on_a_busy_day_reads_the_letters_after_it_that_day(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On its own day a letter moves the numbers of the documents after it: those letters
    are merged again (read from the cache), the others are not."""
    older = by_date(archive)
    day = older[len(older) // 2].get("received") or older[len(older) // 2]["submitted"]
    same_day = [x for x in older if (x.get("received") or x["submitted"]) == day]
    extra = copy.deepcopy(same_day[0])
    extra["id"] = "0-synthetic-first-of-the-day"  # sorts before every id of that day
    extra["answers"][0]["text"] += " Een aanvulling over kwelwater."
    fetched = spy_on_fetches(monkeypatch)
    archive.put(extra)
    assert archive.rebuild().mode == "incremental"
    assert len(set(fetched)) == 1 + len(same_day)
    assert files(archive.site / "zoeken") == archive.fresh()

    # A letter published later for that day (its id's number above theirs, though its
    # characters sort before theirs) comes last on the day: it moves no other letter.
    from kamervragen_search.numbering import document_order

    last = max((x["id"] for x in same_day), key=lambda i: document_order(day, i))
    prefix = last.rstrip("0123456789")
    later = copy.deepcopy(extra)
    digits = len(last) - len(prefix)
    later["id"] = prefix + "0" * digits + "1" + "0" * digits  # zeros first: sorts early
    assert later["id"] < max(x["id"] for x in same_day)  # before one of them in characters
    fetched.clear()
    archive.put(later)
    assert archive.rebuild().mode == "incremental"
    assert len(set(fetched)) == 1
    assert files(archive.site / "zoeken") == archive.fresh()


def test_a_day_s_letters_are_in_the_order_their_ids_were_given() -> None:
    from kamervragen_search.numbering import document_order

    ids = ["ah-tk-20232024-1076", "ah-tk-20232024-999", "ah-tk-20222023-2001", "ah-ek-1"]
    ordered = sorted(ids, key=lambda letter_id: document_order("2024-01-05", letter_id))
    assert ordered == [
        "ah-ek-1",
        "ah-tk-20222023-2001",
        "ah-tk-20232024-999",
        "ah-tk-20232024-1076",
    ]
    assert document_order("2024-01-04", "b-9") < document_order("2024-01-05", "a-1")


def test_a_day_that_outgrows_its_numbers_means_a_build_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day with more pairs than ``per_day`` doubles it: every number changes, and the
    rebuild is a build from nothing (with the same files); a letter that fits is not."""
    from collections import Counter

    from kamervragen_search import numbering

    monkeypatch.setattr(numbering, "MIN_PER_DAY", 1)  # per_day: just above the busiest day
    archive = Archive(tmp_path, [*golden_letters(), *synthetic_letters(20, seed=5)])
    assert archive.rebuild().mode == "full"
    saved = state.load(archive.cache / state.STATE_NAME)
    assert saved is not None
    per_day = sharded.numbering_of(saved.letters).per_day
    by_day = Counter()
    for row in saved.letters:
        by_day[row.date] += row.pairs
    date, busiest = by_day.most_common(1)[0]
    quiet = min(by_day, key=lambda d: by_day[d])
    assert busiest <= per_day < 2 * busiest

    def letter_of(day: str, letter_id: str, pairs: int) -> dict[str, Any]:
        template = next(x for x in archive.letters.values() if x["questions"])
        letter = copy.deepcopy(template)
        letter["id"] = letter_id
        letter["submitted"] = letter["received"] = day
        letter["questions"] = [
            {"number": str(n), "text": f"Vraag {n} over de dijk?"} for n in range(1, pairs + 1)
        ]
        letter["answers"] = [{"numbers": [str(n)], "text": "Ja."} for n in range(1, pairs + 1)]
        return letter

    archive.put(letter_of(quiet, "synthetic-fits", per_day - by_day[quiet]))
    assert archive.check().mode == "incremental"
    archive.put(letter_of(date, "synthetic-one-too-many", per_day - busiest + 1))
    assert archive.check().mode == "full"
    after = state.load(archive.cache / state.STATE_NAME)
    assert after is not None
    assert sharded.numbering_of(after.letters).per_day == 2 * per_day


def test_numbers_rise_with_the_date_order_and_stay_on_other_days() -> None:
    """``numbering``: numbers rise with the order (dates unreadable or before the epoch
    too); a letter added, edited or removed moves no number on another day; a day that
    outgrows ``per_day`` doubles it."""
    from kamervragen_search.numbering import MIN_PER_DAY, Numbering

    rng = random.Random(11)
    valid = ["1945-01-01", "2001-09-11", "2001-09-12", "2024-02-29", "2024-03-01"]
    odd = ["", "1901-02-03", "1944-12-31", "2001-09-11x", "not a date", None]

    def numbered(letters: list[tuple[Any, str, int]]) -> Any:
        return Numbering([(d, n) for d, _, n in letters])

    def ordered(letters: list[tuple[Any, str, int]]) -> list[tuple[Any, str, int]]:
        return sorted(letters, key=lambda x: (x[0] or "", x[1]))

    for round_ in range(300):
        pool = valid + odd if round_ % 2 else valid
        ids = rng.sample(range(1000), rng.randint(1, 30))  # unique, as letter ids are
        letters = ordered([(rng.choice(pool), f"id{i:03d}", rng.randint(1, 9)) for i in ids])
        numbering = numbered(letters)
        numbers = [
            number
            for start, (_, _, n) in zip(numbering.number_start, letters, strict=True)
            for number in range(start, start + n)
        ]
        assert numbers == sorted(set(numbers))  # rising, none twice
        assert numbering.total == sum(n for _, _, n in letters)
        if pool is not valid:
            continue
        # One letter more: every letter on another day keeps its numbers.
        new = (rng.choice(valid), f"id{rng.randrange(1000):03d}x", rng.randint(1, 9))
        more = ordered([*letters, new])
        before = dict(zip(letters, numbering.number_start, strict=True))
        for letter, start in zip(more, numbered(more).number_start, strict=True):
            if letter in before and letter[0] != new[0]:
                assert before[letter] == start, (letter, new)
    busy = Numbering([("2020-01-01", MIN_PER_DAY), ("2020-01-02", 1)])
    assert busy.per_day == MIN_PER_DAY
    busier = Numbering([("2020-01-01", MIN_PER_DAY + 1), ("2020-01-02", 1)])
    assert busier.per_day == 2 * MIN_PER_DAY
    assert busier.number_start[1] - busier.number_start[0] == busier.per_day


def test_every_document_renumbered_is_still_a_small_rebuild(archive: Archive) -> None:
    """The oldest letter removed: every other document moves down, none changed."""
    archive.remove(by_date(archive)[0]["id"])
    assert archive.check().mode == "incremental"
    archive.put(newest_letter("invented-newest", "Over de dijk."))  # and one at the end
    archive.remove(by_date(archive)[1]["id"])
    assert archive.check().mode == "incremental"


def test_changing_most_letters_is_left_to_a_build_from_nothing(archive: Archive) -> None:
    for letter in by_date(archive)[::10]:
        archive.remove(letter["id"])
    # A tenth of the letters gone: with the letters after them on their days (the test's
    # real letters crowd on a few days), far more changed, still less than half.
    assert archive.check().mode == "incremental"
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


def test_a_term_too_frequent_for_its_bits_is_an_error_naming_it() -> None:
    """A term frequency is packed in TF_BITS bits: one that does not fit is refused by name,
    not cut (SYNTHETIC: a field of one word 4,096 times)."""
    import dataclasses

    from kamervragen_search import analysis

    letter = analysis.analyze_letter(synthetic_letters(1, seed=5)[0])
    pair = letter.pairs[0]
    words = ["gewoon"] * 3 + ["vaak"] * (1 << postings.TF_BITS)
    crowded = analysis.FieldTerms(words, range(len(words)))
    fields = (crowded, *pair.fields[1:])
    letter.pairs = (dataclasses.replace(pair, fields=fields), *letter.pairs[1:])
    with pytest.raises(ValueError, match="'vaak' is too frequent"):
        postings.collect([(letter, 0)])
    fields = (analysis.FieldTerms(words[:-1], range(len(words) - 1)), *pair.fields[1:])
    letter.pairs = (dataclasses.replace(pair, fields=fields), *letter.pairs[1:])
    assert len(postings.collect([(letter, 0)]).entries["vaak"]) >= 1


def test_a_build_from_nothing_in_batches_gives_the_same_files_and_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a cache the build from nothing holds a few letters' analyses at a time
    (``write_index_streamed``): the files of the build that holds them all, and the state
    that build leaves."""
    monkeypatch.setattr(sharded, "STREAM_BATCH", 7)
    letters = [*golden_letters(), *synthetic_letters(40, seed=8)]
    streamed = Archive(tmp_path / "streamed", letters)
    assert streamed.rebuild().mode == "full"
    assert files(streamed.site / "zoeken") == streamed.fresh()
    calls: list[int] = []
    real = sharded.write_index_streamed

    def spy(keys: Any, fetch: Any, *args: Any, **kwargs: Any) -> Any:
        def counted(part: list[str]) -> Any:
            calls.append(len(part))
            return fetch(part)

        return real(keys, counted, *args, **kwargs)

    monkeypatch.setattr("kamervragen_search.build.write_index_streamed", spy)
    shutil.rmtree(streamed.site / "zoeken")
    (streamed.cache / state.STATE_NAME).unlink()
    assert streamed.rebuild().mode == "full"
    # Three passes, each letter fetched once a pass (a pass that fetched a batch for every
    # letter read the cache 2,000 times over at 100,000 letters).
    assert calls and max(calls) <= 7
    assert 3 * len(letters) - 20 <= sum(calls) <= 3 * len(letters)
    saved = state.load(streamed.cache / state.STATE_NAME)
    in_memory = sharded.write_index(
        [
            *AnalysisCache(streamed.cache / "search-terms.sqlite")
            .fetch(s.key for s in saved.letters)  # type: ignore[union-attr]
            .values()
        ],
        tmp_path / "in-memory",
        SMALL,
        keys=[s.key for s in saved.letters],  # type: ignore[union-attr]
    )
    assert in_memory.state is not None and saved is not None
    assert in_memory.state.letters == saved.letters
    assert in_memory.state.table == saved.table
    assert files(tmp_path / "in-memory") == files(streamed.site / "zoeken")


def test_terms_serialized_in_worker_processes_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive(tmp_path, [*golden_letters(), *synthetic_letters(40, seed=8)])
    serial = archive.fresh()
    monkeypatch.setattr(sharded, "PARALLEL_FROM", 0)
    monkeypatch.setattr(sharded, "_CHUNK", 500)
    monkeypatch.setattr(sharded.os, "cpu_count", lambda: 2)
    assert archive.fresh() == serial
    # Tasks cut by entries (a common term a task alone), more tasks than the two under way
    # a worker.
    monkeypatch.setattr(sharded, "_CHUNK_ENTRIES", 300)
    assert archive.fresh() == serial


def test_worker_tasks_are_runs_of_terms_within_both_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sharded, "_CHUNK", 4)
    monkeypatch.setattr(sharded, "_CHUNK_ENTRIES", 100)
    rng = random.Random(4)
    terms = [f"t{k:03d}" for k in range(60)]
    sizes = {t: rng.choice([1, 5, 30, 99, 100, 101, 250]) for t in terms}
    gathered = postings.Postings(entries={t: array("Q", [0] * n) for t, n in sizes.items()})
    tasks = list(sharded._tasks(gathered, terms))
    assert [k for lo, hi in tasks for k in range(lo, hi)] == list(range(len(terms)))
    for lo, hi in tasks:
        assert 1 <= hi - lo <= 4
        total = sum(sizes[t] for t in terms[lo:hi])
        assert total <= 100 or hi - lo == 1
    # Cut as late as the limits allow: the next term would not have fitted.
    for lo, hi in tasks[:-1]:
        total = sum(sizes[t] for t in terms[lo : hi + 1])
        assert hi - lo == 4 or total > 100


def test_a_small_index_gives_each_worker_several_tasks() -> None:
    """At 1,000 letters (5,368 terms) the terms went to the two workers as two tasks of
    4,000 and 1,368 terms: one worker idle for most of the serializing."""
    terms = [f"t{k:05d}" for k in range(5368)]
    gathered = postings.Postings(entries={t: array("Q", [0]) for t in terms})
    for workers in (2, 4):
        tasks = list(sharded._tasks(gathered, terms, sharded.task_terms(len(terms), workers)))
        assert len(tasks) >= 3 * workers
        assert [k for lo, hi in tasks for k in range(lo, hi)] == list(range(len(terms)))
    # A large index: tasks of _CHUNK terms (each task's result is held until written).
    assert sharded.task_terms(10**6, 2) == sharded._CHUNK
    assert sharded.task_terms(1, 2) == 1


@pytest.mark.parametrize("streamed", [True, False])
def test_the_postings_are_let_go_before_the_documents_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """At 100,000 letters the postings are ~1.5 GB (145 MB at 10,000): kept alive by the
    caller while the documents are written, they would sit beside them at the build's peak."""
    made: list[weakref.ref[postings.Postings]] = []
    alive_at_documents: list[bool] = []
    real_collect, real_pack = sharded.collect, sharded.write_pack

    def collect(*args: Any, **kwargs: Any) -> postings.Postings:
        result = real_collect(*args, **kwargs)
        made.append(weakref.ref(result))
        return result

    def write_pack(*args: Any, **kwargs: Any) -> Any:
        alive_at_documents.append(made[-1]() is not None)
        return real_pack(*args, **kwargs)

    monkeypatch.setattr(sharded, "collect", collect)
    monkeypatch.setattr(sharded, "write_pack", write_pack)
    letters = [*golden_letters()[:3], *synthetic_letters(6, seed=3)]
    analysed = AnalysisCache(None).analyze(json.dumps(x).encode() for x in letters)
    if streamed:
        by_key = {str(i): letter for i, letter in enumerate(analysed)}
        sharded.write_index_streamed(
            list(by_key), lambda keys: {k: by_key[k] for k in keys}, tmp_path, SMALL
        )
    else:
        sharded.write_index(analysed, tmp_path, SMALL)
    assert made and alive_at_documents and not any(alive_at_documents)


@pytest.mark.parametrize("streamed", [True, False])
def test_postings_gathered_in_two_processes_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """A mid-sized archive's postings are gathered half in a forked process, half in the
    build's, and joined (``sharded._collected``): the files of gathering them in one. Streamed,
    the forked half reads the analyses through a connection of its own."""
    archive = Archive(tmp_path, [*golden_letters(), *synthetic_letters(31, seed=9)])
    runs = iter(range(10))

    def index() -> tuple[dict[str, bytes], Any]:
        out = tmp_path / f"run-{next(runs)}"
        if not streamed:  # all analyses held; the state's rows are made from the postings
            letters = [json.dumps(x).encode() for x in archive.letters.values()]
            analysed = AnalysisCache(None).analyze(letters)
            keys = [f"k{i}" for i in range(len(analysed))]
            report = sharded.write_index(analysed, out, SMALL, consume=True, keys=keys)
            assert report.state is not None
            return files(out), report.state.letters
        cache = tmp_path / "cache"
        build(archive.site, "brief/*.json", out, cache, limits=SMALL)
        saved = state.load(cache / state.STATE_NAME)
        assert saved is not None
        (cache / state.STATE_NAME).unlink()  # the next run from nothing again
        return files(out), saved.letters  # each letter's field lengths among them

    monkeypatch.setattr(sharded, "COLLECT_PARALLEL", range(0))
    alone = index()
    joined: list[int] = []
    real_join = sharded.join

    def join(upper: postings.Postings, lower: postings.Postings) -> postings.Postings:
        joined.append(len(lower.letter_lengths))
        return real_join(upper, lower)

    monkeypatch.setattr(sharded, "join", join)
    monkeypatch.setattr(sharded, "COLLECT_PARALLEL", range(2, 10**6))
    monkeypatch.setattr(sharded.os, "cpu_count", lambda: 2)
    assert index() == alone
    assert joined and joined[0] >= 10  # the forked process gathered half of the letters
