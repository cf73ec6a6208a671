"""The document files' layout: every document in one block, bounded sizes, and borders that
stay where they were when a letter comes or goes among the others.

Letters here are SYNTHETIC (ids and pair counts made up by the tests).
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from kamervragen_search.doc_layout import DocumentLayout, counts, document_layout
from kamervragen_search.postings import MAX_FACTOR

BLOCK, PACK, TABLE = 20, 4, 16

letters_strategy = st.lists(
    st.tuples(st.text("abcdef0123456789-", min_size=1, max_size=12), st.integers(0, 90)),
    max_size=120,
)


def lay(letters: list[tuple[str, int]]) -> DocumentLayout:
    return document_layout(letters, BLOCK, PACK, TABLE)


@settings(max_examples=300, deadline=None)
@given(letters_strategy)
def test_every_document_in_one_block_of_bounded_size(letters: list[tuple[str, int]]) -> None:
    where = lay(letters)
    total = sum(pairs for _, pairs in letters)
    assert where.blocks[0] == 0 and where.blocks[-1] == total
    assert all(0 < n <= MAX_FACTOR * BLOCK for n in counts(where.blocks))
    assert where.packs[0] == 0 and where.packs[-1] == len(where.blocks) - 1
    assert all(0 < n <= MAX_FACTOR * PACK for n in counts(where.packs))
    assert where.tables[0] == 0 and where.tables[-1] == len(where.packs) - 1
    assert all(0 < n <= MAX_FACTOR * (TABLE // PACK) for n in counts(where.tables))
    # A block ends inside a letter only when it is full.
    ends = set()
    at = 0
    for _, pairs in letters:
        ends.add(at)
        at += pairs
    for a, b in zip(where.blocks, where.blocks[1:], strict=False):
        assert b in ends or b == total or b - a == MAX_FACTOR * BLOCK


def packs(letters: list[tuple[str, int]]) -> set[tuple[tuple[str, int], tuple[int, ...]]]:
    """Each pack as (its first document: letter id and place in it, its blocks' sizes)."""
    where = lay(letters)
    owner = [(letter_id, k) for letter_id, pairs in letters for k in range(pairs)]
    sizes = counts(where.blocks)
    return {
        (owner[where.pack_start(p)], tuple(sizes[where.packs[p] : where.packs[p + 1]]))
        for p in range(len(where.packs) - 1)
    }


def test_a_letter_among_the_others_changes_only_the_packs_around_it() -> None:
    """Cut every so many positions, every pack after the letter would change."""
    rng = random.Random(20261201)
    letters = [(f"synthetic-{i}", rng.choice([1, 2, 3, 5, 8, 13])) for i in range(3000)]
    before = packs(letters)
    assert len(before) > 50
    for trial in range(30):
        at = rng.randrange(len(letters))
        added = [*letters[:at], (f"synthetic-new-{trial}", rng.randint(1, 40)), *letters[at:]]
        removed = letters[:at] + letters[at + 1 :]
        for changed in (added, removed):
            after = packs(changed)
            assert len(after - before) <= 3 and len(before - after) <= 3
