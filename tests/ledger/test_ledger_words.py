"""How people write statuses, days, ids and values into a ledger sheet, and how they are read."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st

from bizenv_cli.ledger.numbers import parse_value, value_agrees
from bizenv_cli.model.figures import figures_of
from bizenv_cli.ledger.record import parse_item
from bizenv_cli.ledger.spreadsheet import _day, normal_id
from bizenv_cli.ledger.words import parse_day, parse_status


@pytest.mark.parametrize("word, status", [
    ("未启动", "not-started"), ("推进中", "in-progress"), ("已完成", "done"), ("已取消", "dropped"),
    (" 已完成 ", "done"), ("Done", "done"), ("in progress", "in-progress"), ("not-started", "not-started"),
])
def test_status_words(word, status):
    assert parse_status(word) == status


def test_an_unknown_status_word_names_the_ones_accepted():
    with pytest.raises(ValueError, match="unknown status '完成了'; use 未启动/推进中/已完成/已取消 or "
                                         "not-started/in-progress/done/dropped"):
        parse_status("完成了")


@pytest.mark.parametrize("value", ["2022-06-20", "2022/6/20", "2022.6.20", "2022年6月20日", "2022 年 6 月 20 日",
                                   "2022年6月20号", "２０２２年６月２０日", datetime(2022, 6, 20, 0, 0), date(2022, 6, 20),
                                   44732])
def test_days_as_spreadsheets_and_people_write_them(value):
    assert _day(value) == date(2022, 6, 20)


@pytest.mark.parametrize("value, message", [("2022年2月30日", "'2022年2月30日' is not a real day"),
                                            ("6/20/2022", "is not a day; write 2022-06-20, 2022/6/20 or 2022年6月20日"),
                                            ("下周", "is not a day"),
                                            ("today", "is not a day"),  # a cell means one day, whenever read
                                            ("2022年6月", "is not a day")])
def test_what_is_no_day(value, message):
    with pytest.raises(ValueError, match=message):
        parse_day(value)


@pytest.mark.parametrize("cell, item", [("09.02#1", "09.02#1"), ("9.02", "09.02"), ("9.1", "09.10"), (9.1, "09.10"),
                                        ("09.i3", "09.i3"), ("09.02＃2", "09.02#2"), (" 07.02 ", "07.02"),
                                        # A person's 09.2 (09.02 or 09.20?) keeps a zero no spreadsheet keeps.
                                        ("09.2", "09.2")])
def test_ids_as_excel_leaves_them(cell, item):
    assert normal_id(cell) == item


@pytest.mark.parametrize("text, kind, ident, milestone", [
    ("09.02", "measure", "09.02", None), ("09.02#2", "measure", "09.02", 2), ("09.i1", "indicator", "09.i1", None)])
def test_record_ids(text, kind, ident, milestone):
    item = parse_item(text)
    assert (item.kind, item.id, item.milestone) == (kind, ident, milestone)


@pytest.mark.parametrize("text", ["9.2", "09.02#0", "09.02#", "tax", "09.i"])
def test_what_is_no_record_id(text):
    with pytest.raises(ValueError):
        parse_item(text)


@given(st.text(max_size=40))
def test_any_reported_text_parses_and_agrees_with_itself(raw):
    value = parse_value(raw)
    assert value is None or isinstance(value, (int, float))
    assert value_agrees(raw, value)
    assert not value_agrees(raw, True)  # a boolean is never a value


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False), st.sampled_from(["", "%", "个工作日", "天"]))
def test_a_figure_with_its_unit_reads_as_the_figure(number, unit):
    raw = f"{number}{unit}"
    assert parse_value(raw) == float(number)
    assert [figure.value for figure in figures_of(raw).figures] == [parse_value(raw)]


def test_a_cell_reads_a_day_as_the_day_options_do():
    # One grammar of days: what --as-of takes (but today) a report's cell takes, 月底 too.
    from bizenv_cli.model.periods import parse_day as day_option_reads

    for text in ("2022年6月底", "2022年底", "2022.06.30", "2022/6/30"):
        assert parse_day(text) == day_option_reads(text)


@pytest.mark.parametrize("raw, value", [("−5%", -5), ("－5%", -5), ("-5%", -5), ("−0.5%", -0.5)])
def test_a_minus_sign_as_word_processors_type_it_keeps_the_figure_negative(raw, value):
    # U+2212, which Word and WPS put for -, is no hyphen to NFKC: −5% had been read as 5.
    assert parse_value(raw) == value
    assert [figure.value for figure in figures_of(raw).figures] == [value]
