"""Every corpus letter, re-laid in every Word export layout (tests/layouts.py, SYNTHETIC),
parses to the same questions, answers, footnotes, kind, dates and askers as the original."""

from __future__ import annotations

import functools

import pytest

from tests.layouts import LAYOUTS, Layout, Source, check, render, sources


@functools.cache
def _sources() -> list[Source]:
    return sources()


def test_sources_cover_word_and_pdf_text() -> None:
    formats = {s.path.parent.name for s in _sources()}
    assert {"word-text", "pdftotext", "pypdf", "seed", "misc"} <= formats
    assert len(_sources()) >= 60


def test_layouts_print_the_letters_differently() -> None:
    """No two layouts print every letter alike: they are different texts, not one text
    under many names (a single letter may print alike, e.g. without footnotes)."""
    prints = {
        layout.name: tuple(render(s.letter, layout) for s in _sources()) for layout in LAYOUTS
    }
    assert len(set(prints.values())) == len(LAYOUTS)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda x: x.name)
def test_layout_parses_like_the_original(layout: Layout) -> None:
    failures = {s.name: problems for s in _sources() if (problems := check(s, layout))}
    assert not failures, f"{len(failures)} letters differ: " + "; ".join(
        f"{name}: {problems[0]}" for name, problems in list(failures.items())[:3]
    )
