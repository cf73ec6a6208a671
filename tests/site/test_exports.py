"""The letter JSON export is written by a faster encoder than json.dumps: it must give the same
text for every JSON value, real letters and generated ones alike."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from kamervragen.exports import letter_json
from site_fixture import REPO

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(), values, max_size=6))
def test_letter_json_is_json_dumps_indented(value: dict) -> None:
    assert letter_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_letter_json_of_every_golden_letter() -> None:
    golden = sorted((REPO / "tests" / "fixtures").glob("*/*.expected.json"))
    assert len(golden) > 100
    for path in golden:
        letter = json.loads(Path(path).read_text(encoding="utf-8"))
        assert letter_json(letter) == json.dumps(letter, ensure_ascii=False, indent=2) + "\n"
