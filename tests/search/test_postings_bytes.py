"""A rebuild reads stored fragments by their brackets and commas, not as JSON
(``postings.split_posting``, ``split_positions``): what it reads must be what JSON reads, and
what it writes back the bytes a build from nothing writes. Fragments here are made by the
build's own ``serialize`` from random (SYNTHETIC) entries."""

from __future__ import annotations

import json
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st
from kamervragen_search import postings
from kamervragen_search.analysis import FIELD_NAMES

terms = st.text(min_size=1, max_size=8).filter(lambda t: "\0" not in t)


@st.composite
def term_entries(draw: st.DrawFn) -> tuple[str, array, array]:
    """A term's entries in lunr's order (documents down, then field), packed."""
    docs = sorted(draw(st.sets(st.integers(0, 5000), min_size=1, max_size=40)), reverse=True)
    entries = []
    for doc in docs:
        fields = sorted(draw(st.sets(st.integers(0, len(FIELD_NAMES) - 1), min_size=1)))
        for fi in fields:
            tf = draw(st.integers(1, 3))
            length = draw(st.integers(tf, 400))
            at = None
            if fi in postings.POSITION_FIELD_INDEXES:
                at = tuple(sorted(draw(st.sets(st.integers(0, 399), min_size=tf, max_size=tf))))
            entries.append((doc, fi, tf, length, at))
    packed, places = postings.pack(entries)
    return draw(terms), packed, places


def split_pieces(made: tuple[str, array, array], target: int) -> postings.Serialized:
    """The term in pieces of about target entries, as a build from nothing makes them."""
    term, packed, places = made
    first = (packed[0] >> postings.DOC_SHIFT, 0, 0)
    return postings.serialize(term, packed, places, first, target, force_split=True)


@settings(max_examples=300, deadline=None)
@given(term_entries(), st.integers(2, 30))
def test_stored_fragments_read_by_their_commas_as_json_reads_them(made, target) -> None:
    term = made[0]
    serialized = split_pieces(made, target)
    assert serialized.pieces
    for posting, positions, *_ in serialized.pieces:
        _, want_first, want_fields = json.loads(posting)
        got_first, got_fields = postings.split_posting(term, posting)
        assert got_first == (tuple(want_first) if want_first is not None else None)
        assert [
            [fi, [int(x) for x in d], [int(x) for x in t], [int(x) for x in n]]
            for fi, d, t, n in got_fields
        ] == want_fields
        where = postings.split_positions(term, positions)
        assert {
            fi: [[int(x) for x in item.split(b",")] for item in lists]
            for fi, lists in where.items()
        } == {fi: lists for fi, lists in json.loads(positions)[1]}
        assert postings.join_positions(term, where.items()) == positions


@settings(max_examples=300, deadline=None)
@given(term_entries(), st.integers(2, 30))
def test_fragments_made_from_stored_bytes_are_the_ones_made_from_numbers(made, target) -> None:
    """serialize_raw on entries read back as stored = serialize on the numbers."""
    term, packed, places = made
    want = split_pieces(made, target)
    first = (packed[0] >> postings.DOC_SHIFT, 0, 0)
    whole = postings.serialize(term, packed, places, first, 10**9)
    _, entries = postings.decode_raw(term, whole.posting, whole.positions)
    entries.sort(key=lambda e: (-e[0], e[1]))
    got = postings.serialize_raw(term, entries, first, target)
    assert got.pieces == want.pieces


@settings(max_examples=300, deadline=None)
@given(term_entries(), st.integers(2, 30))
def test_a_terms_pieces_read_back_are_its_entries(made, target) -> None:
    """Whole or in pieces, the fragments hold the entries they were made from: positions as
    differences are made from a term's numbers at once (``postings._steps``), and each
    entry's must start at its own first position."""
    term, packed, places = made
    want = postings.unpack(packed, places)
    first = (packed[0] >> postings.DOC_SHIFT, 0, 0)
    whole = postings.serialize(term, packed, places, first, 10**9)
    got_first, got = postings.decode(whole.posting, whole.positions)
    assert got_first == first
    assert sorted(got, key=lambda e: (-e[0], e[1])) == want
    read: list[postings.Entry] = []
    for posting, positions, *_ in split_pieces(made, target).pieces or []:
        read += sorted(postings.decode(posting, positions)[1], key=lambda e: (-e[0], e[1]))
    assert read == want
