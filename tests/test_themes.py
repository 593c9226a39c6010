"""Per-response themes flattened once: every input form gives the same offsets and codes."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._input import _themes
from netpromoter._input._themes import ThemeLists, theme_lists

LISTS = [["price", "bugs"], None, [], ["speed", None, "price", "price"], ["bugs"]]
JOINED = ["price, bugs", None, "", " speed ,, price,price ", "bugs"]


def _as_sets(found: ThemeLists) -> list[set[Any]]:
    return [
        {found.labels[c] for c in found.codes[a:b]}
        for a, b in zip(found.offsets[:-1], found.offsets[1:], strict=True)
    ]


EXPECTED = [{"price", "bugs"}, set(), set(), {"speed", "price"}, {"bugs"}]


def test_lists_are_flattened_with_repeats_and_missing_labels_dropped() -> None:
    found = theme_lists(LISTS)
    assert found.labels == ("price", "bugs", "speed")  # first cited first
    assert found.codes.tolist() == [0, 1, 2, 0, 1] and found.offsets.tolist() == [0, 2, 2, 2, 4, 5]
    assert found.lengths().tolist() == [2, 0, 0, 2, 1] and found.response_of().tolist() == [0, 0, 3, 3, 4]


def _arrow_inputs() -> list[Any]:
    import pandas as pd
    import pyarrow as pa

    list_type = pa.list_(pa.string())
    return [
        pa.array(LISTS, type=list_type),
        pa.array(LISTS, type=pa.large_list(pa.large_string())),
        pa.chunked_array([LISTS[:2], LISTS[2:]], type=list_type),
        pa.array([None, *LISTS], type=list_type).slice(1),  # an offset into the buffers
        pd.Series(LISTS, dtype=pd.ArrowDtype(list_type)),
    ]


@pytest.mark.parametrize("kind", range(5))
def test_arrow_lists_give_the_same_flattening(kind: int) -> None:
    assert _as_sets(theme_lists(_arrow_inputs()[kind])) == EXPECTED


def test_polars_lists_and_strings_if_polars_is_installed_else_arrow_stands_in() -> None:
    # polars is an optional dependency: when absent, its Arrow form (what the code reads) is used.
    try:
        import polars as pl

        lists: Any = pl.Series(LISTS)
        joined: Any = pl.Series(JOINED)
    except ImportError:  # pragma: no cover - depends on the environment
        import pyarrow as pa

        lists, joined = pa.array(LISTS), pa.array(JOINED)
    assert _as_sets(theme_lists(lists)) == EXPECTED
    assert _as_sets(theme_lists(joined, sep=",")) == EXPECTED


def test_joined_strings_are_split_and_stripped_in_every_form() -> None:
    import pandas as pd
    import pyarrow as pa

    for form in (JOINED, tuple(JOINED), np.array(JOINED, dtype=object), pd.Series(JOINED)):
        assert _as_sets(theme_lists(form, sep=",")) == EXPECTED
    for form in (
        pa.array(JOINED),
        pd.Series(JOINED, dtype="string[pyarrow]"),
        pd.Series(JOINED, dtype="string"),
    ):
        assert _as_sets(theme_lists(form, sep=",")) == EXPECTED
    # Without sep a string is one label, commas and all.
    assert theme_lists(["price, bugs"]).labels == ("price, bugs",)


def test_mixed_entries_take_the_general_path() -> None:
    import pandas as pd

    entries = [
        ["a", pd.NA, "b"],  # pd.NA inside a list is skipped (issue 19)
        np.array("c"),  # a 0-d array holds one label (issue 19)
        [np.array("a"), "a"],  # ... also inside a list
        pd.NA,
        float("nan"),
        ("b",),
        {"c"},
        "d",
        "",
        [None],
        3,
        np.array(["a", "c"]),
        pd.Series(["b"]),
    ]
    assert _as_sets(theme_lists(entries)) == [
        {"a", "b"},
        {"c"},
        {"a"},
        set(),
        set(),
        {"b"},
        {"c"},
        {"d"},
        set(),
        set(),
        {3},
        {"a", "c"},
        {"b"},
    ]


def test_joined_strings_with_other_entries() -> None:
    import pandas as pd

    found = theme_lists(["a,b", pd.NA, ["c"], "b"], sep=",")
    assert _as_sets(found) == [{"a", "b"}, set(), {"c"}, {"b"}]


@pytest.mark.parametrize(
    ("themes", "options", "error", "message"),
    [
        ([[["x"]]], {}, nps.InvalidTypeError, r"theme \['x'\] at position 0 is not a label"),
        ([["ok"], [{"a": 1}]], {}, nps.InvalidTypeError, r"theme \{'a': 1\} at position 1 is not a label"),
        ([["ok"], {"a": 1}], {}, nps.InvalidTypeError, "at position 1 is not a label or a list of labels"),
        ([np.zeros((2, 2))], {}, nps.InvalidTypeError, "at position 0 is not a label or a list"),
        (["a,b", 3.5], {"sep": ","}, nps.InvalidTypeError, "theme 3.5 at position 1 is not a label"),
        ("price", {}, nps.InvalidTypeError, "got a string"),
        (42, {}, nps.InvalidTypeError, "got int"),
        (np.array([["a"]]), {}, nps.InvalidTypeError, "shape"),
        (["a"], {"sep": ""}, nps.InvalidOptionError, "sep must be a non-empty string"),
        (["a"], {"sep": 1}, nps.InvalidOptionTypeError, "sep must be a non-empty string"),
    ],
)
def test_bad_themes_get_our_error(
    themes: Any, options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        theme_lists(themes, **options)


def test_empty_input() -> None:
    found = theme_lists([])
    assert found.n == 0 and found.codes.shape == (0,) and found.offsets.tolist() == [0]
    assert theme_lists([], sep=",").n == 0


labels = st.sampled_from(["a", "b", "c", "d e"])
entries = st.one_of(st.none(), st.lists(st.one_of(labels, st.none()), max_size=12))


@given(st.lists(entries, max_size=30))
def test_every_form_agrees_with_a_plain_python_reading(themes: list[list[str | None] | None]) -> None:
    import pyarrow as pa

    expected = [
        set() if entry is None else {label for label in entry if label is not None} for entry in themes
    ]
    assert _as_sets(theme_lists(themes)) == expected
    assert _as_sets(theme_lists(pa.array(themes, type=pa.list_(pa.string())))) == expected
    joined = [None if entry is None else ",".join(label or "" for label in entry) for entry in themes]
    assert _as_sets(theme_lists(joined, sep=",")) == expected
    found = theme_lists(themes)
    for a, b in zip(found.offsets[:-1], found.offsets[1:], strict=True):
        cited = found.codes[a:b].tolist()
        assert len(set(cited)) == len(cited)  # each theme once per response


joined_entries = st.one_of(
    st.none(), st.just(float("nan")), st.text(alphabet=" ,ab\u00e9\t\x1c", max_size=12)
)


@given(st.lists(joined_entries, max_size=30))
def test_joined_strings_split_by_arrow_or_by_python_agree(entries: list[str | float | None]) -> None:
    # Many Python strings are split by Arrow (from _ARROW_JOINED of them), few by str.split; an
    # Arrow column always by Arrow. Labels, their order, codes and offsets are the same: the spaces
    # are stripped by str.strip in every case (\x1c is a space to Python).
    import pyarrow as pa

    with patch.object(_themes, "_ARROW_JOINED", 10**9):
        by_python = theme_lists(entries, sep=",")
    with patch.object(_themes, "_ARROW_JOINED", 0):
        by_arrow = theme_lists(entries, sep=",")
    column = theme_lists(pa.array(entries, type=pa.string(), from_pandas=True), sep=",")
    for found in (by_arrow, column):
        assert found.labels == by_python.labels
        assert found.codes.tolist() == by_python.codes.tolist()
        assert found.offsets.tolist() == by_python.offsets.tolist()


def test_strings_utf8_cannot_hold_are_split_by_python() -> None:
    # A lone surrogate cannot go to Arrow (UTF-8): those strings take the str.split path.
    with patch.object(_themes, "_ARROW_JOINED", 0):
        found = theme_lists(["a,\ud800", "b"], sep=",")
    assert found.labels == ("a", "\ud800", "b") and found.offsets.tolist() == [0, 2, 3]
