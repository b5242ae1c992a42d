"""outputs/jsontext.py writes what json.dumps(value, ensure_ascii=False, indent=2) writes, byte for
byte: on generated values of every JSON shape (and some that are not plain JSON, which it hands to
json.dumps), and on the real rows of every listing command."""

from __future__ import annotations

import enum
import json
from datetime import date

import pytest
from conftest import invoke
from hypothesis import given
from hypothesis import strategies as st
from test_cli_queries import LISTINGS

from bizenv_cli.files.datadir import find_data_dir
from bizenv_cli.outputs.jsontext import dumps_indented
from bizenv_cli.store.package import load_package


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


# Text with what JSON escapes (quotes, backslashes, controls, line separators) and CJK.
TEXT = st.text(alphabet=st.sampled_from(['"', "\\", "\n", "\t", "\x00", "\x1f", "\u2028", "\ud7ff", "a", " ",
                                         "营", "商", "（", "）", "、", "😀", "/", "é"]), max_size=12) | st.text(max_size=8)
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-2**70, max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | TEXT)
JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: (st.lists(children, max_size=5) | st.lists(children, max_size=4).map(tuple)
                      | st.dictionaries(TEXT, children, max_size=5)),
    max_leaves=40)


@given(JSON_LIKE)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    assert dumps_indented(value) == reference(value)


@given(st.dictionaries(st.none() | st.booleans() | st.integers() | st.floats() | TEXT, SCALARS, max_size=4))
def test_keys_that_are_not_strings_are_spelled_as_json_dumps_spells_them(value):
    assert dumps_indented(value) == reference(value)


class Colour(str, enum.Enum):
    red = "red"


class Size(enum.IntEnum):
    small = 1


@pytest.mark.parametrize("value", [
    [], {}, [[]], [{}], {"a": []}, {"a": {}}, "", 0, -0.0, 1e300, 5e-324, float("nan"), [float("inf")],
    {"x": -float("inf")}, True, False, None, [True, None, 1, 1.5, "s"], ["a", "b"], ("a", ("b", "c")),
    [Colour.red], {"status": Colour.red}, [Size.small], {"n": Size.small}, {"flag": True}, [[["deep"]]],
    {"a": {"b": {"c": ["x", 2, None]}}}, 10**40, [10**40, -1],
])
def test_edge_values_match(value):
    assert dumps_indented(value) == reference(value)


def test_what_json_cannot_write_fails_as_json_dumps_fails():
    looped: list = []
    looped.append(looped)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(looped)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"day": date(2022, 6, 1)})
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented([{1, 2}])


def test_the_real_rows_of_due_are_written_as_json_dumps_writes_them():
    from bizenv_cli.model.periods import parse_period, window
    from bizenv_cli.query.queries import due_rows

    package = load_package(find_data_dir(None))
    dates = window(by=parse_period("2022-12"))
    rows = due_rows(package.due_candidates(dates, with_ongoing=True), dates, date(2022, 5, 15), None, True)
    assert len(rows) > 300
    assert dumps_indented(rows) == reference(rows)


@pytest.mark.parametrize("command", sorted(LISTINGS))
def test_every_listing_prints_json_dumps_own_text(command, runner):


    result = invoke(runner, "--data", str(find_data_dir(None).root), *LISTINGS[command], "--format", "json")
    assert result.exit_code == 0, result.output
    # The printed text is json.dumps's text of what it says: same spacing, escapes and order.
    assert result.stdout == reference(json.loads(result.stdout)) + "\n"
