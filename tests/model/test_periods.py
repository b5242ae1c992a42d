"""Dates on the command line (docs/queries.md): a partial date names a period; windows combine."""

import re
from datetime import date

import pytest

from bizenv_cli.model.periods import PeriodError, Window, parse_day, parse_period, window


def test_a_year_a_month_and_a_day_each_name_a_period():
    assert (parse_period("2022").first, parse_period("2022").last) == (date(2022, 1, 1), date(2022, 12, 31))
    assert (parse_period("2022-06").first, parse_period("2022-06").last) == (date(2022, 6, 1), date(2022, 6, 30))
    assert (parse_period("2022-06-15").first, parse_period("2022-06-15").last) == (date(2022, 6, 15),) * 2


def test_month_ends_follow_the_calendar():
    assert parse_period("2022-02").last == date(2022, 2, 28)
    assert parse_period("2024-02").last == date(2024, 2, 29)
    assert parse_period("2022-12").last == date(2022, 12, 31)
    assert parse_period("9999-12").last == date(9999, 12, 31)


def test_the_period_text_is_normalised_for_headings():
    assert parse_period("2022-6").text == "2022-06"
    assert parse_period(" 2022-06-01 ").text == "2022-06-01"


@pytest.mark.parametrize("text, words", [
    ("2022-06/30", "is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, 2022年6月, 2022-Q2 or today"),
    ("2022年13月底", "is not a real date (month must be in 1..12)"),
    ("2022年第五季度", "is not a date"),
    ("2022年中半年", "is not a date"),
    ("2022-Q5", "is not a date"),
    ("22-06", "is not a date"),
    ("June", "is not a date"),
    ("", "is not a date"),
    ("2022-13", "is not a real date (month must be in 1..12)"),
    ("2022-00", "is not a real date"),
    ("2022-02-30", "is not a real date (day is out of range for month)"),
    ("0000", "is not a real date"),
    # A deadline as a plan writes it within its year: the year is what is missing.
    ("6月底", "names no year: write the year before it (e.g. 2022年6月底)"),
    ("6月30日", "names no year: write the year before it (e.g. 2022年6月30日)"),
])
def test_bad_dates_are_refused_with_a_reason(text, words):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert f"'{text}' {words}" in str(caught.value)


def test_as_of_must_be_one_day():
    assert parse_day("2022-05-15") == date(2022, 5, 15)
    with pytest.raises(PeriodError, match="names a period, not a day: use YYYY-MM-DD"):
        parse_day("2022-05")


def test_before_is_strictly_before_the_first_day():
    chosen = window(before=parse_period("2022-06"))
    assert (chosen.earliest, chosen.latest) == (None, date(2022, 5, 31))
    assert chosen.admits(date(2022, 5, 31)) and not chosen.admits(date(2022, 6, 1))


def test_by_includes_the_whole_period():
    chosen = window(by=parse_period("2022-06"))
    assert chosen.latest == date(2022, 6, 30)
    assert chosen.admits(date(2022, 6, 30)) and not chosen.admits(date(2022, 7, 1))


def test_after_is_strictly_after_the_last_day():
    chosen = window(after=parse_period("2022-06"))
    assert chosen.earliest == date(2022, 7, 1)
    assert not chosen.admits(date(2022, 6, 30))


def test_in_is_the_period_itself():
    chosen = window(within=parse_period("2022-09"))
    assert (chosen.earliest, chosen.latest) == (date(2022, 9, 1), date(2022, 9, 30))


def test_options_combine_to_the_tightest_window():
    chosen = window(after=parse_period("2022-03"), before=parse_period("2022-07"))
    assert (chosen.earliest, chosen.latest) == (date(2022, 4, 1), date(2022, 6, 30))
    chosen = window(within=parse_period("2022"), by=parse_period("2022-06"))
    assert (chosen.earliest, chosen.latest) == (date(2022, 1, 1), date(2022, 6, 30))


def test_options_that_leave_no_day_are_an_error():
    with pytest.raises(PeriodError, match=r"^the dates leave no day \(before 2022-06, after 2022-06"):
        window(before=parse_period("2022-06"), after=parse_period("2022-06"))
    with pytest.raises(PeriodError, match="the calendar ends"):
        window(before=parse_period("0001"))


@pytest.mark.parametrize("options, words", [
    ({"before": "2022-06"}, "due before 2022-06-01"),
    ({"by": "2022-06"}, "due by 2022-06-30"),
    ({"after": "2022-06"}, "due after 2022-06-30"),
    ({"within": "2022-09"}, "due in 2022-09 (2022-09-01 to 2022-09-30)"),
    ({"within": "2022-09-15"}, "due on 2022-09-15"),
    ({"after": "2022-03", "before": "2022-07"}, "due from 2022-04-01 to 2022-06-30"),
    ({}, "all due dates"),
])
def test_the_window_is_said_in_words(options, words):
    assert window(**{name: parse_period(text) for name, text in options.items()}).describe() == words


def test_an_open_window_admits_every_day():
    assert Window().is_open and Window().admits(date(1999, 1, 1))


@pytest.mark.parametrize("text, first, last", [
    ("2022/6/30", date(2022, 6, 30), date(2022, 6, 30)),
    ("2022.06", date(2022, 6, 1), date(2022, 6, 30)),
    ("2022年6月", date(2022, 6, 1), date(2022, 6, 30)),
    ("2022 年 6 月".replace(" ", ""), date(2022, 6, 1), date(2022, 6, 30)),
    ("2022年6月15日", date(2022, 6, 15), date(2022, 6, 15)),
    ("2022年", date(2022, 1, 1), date(2022, 12, 31)),
    ("２０２２年６月", date(2022, 6, 1), date(2022, 6, 30)),
    ("2022-Q2", date(2022, 4, 1), date(2022, 6, 30)),
    ("2022q4", date(2022, 10, 1), date(2022, 12, 31)),
    ("2022年第一季度", date(2022, 1, 1), date(2022, 3, 31)),
])
def test_everyday_and_chinese_forms_name_the_same_periods(text, first, last):
    period = parse_period(text)
    assert (period.first, period.last) == (first, last)


def test_today_is_the_day_the_caller_passes():
    assert parse_day("today", today=date(2022, 6, 1)) == date(2022, 6, 1)
    assert parse_period("TODAY", today=date(2022, 6, 1)).text == "2022-06-01"


def test_a_day_option_says_what_a_day_looks_like():
    assert parse_day("2022/06/01") == date(2022, 6, 1)
    with pytest.raises(PeriodError, match="is not a day: use YYYY-MM-DD, 2022/6/30, 2022年6月30日 or today"):
        parse_day("06/01/2022")
    with pytest.raises(PeriodError, match="names a period, not a day"):
        parse_day("2022-Q2")


@pytest.mark.parametrize("text, period_text, first, last", [
    # The ends the plans write, read as model/deadlines.py reads 2022年6月底前: the month's last day.
    ("2022年6月底", "2022-06-30", date(2022, 6, 30), date(2022, 6, 30)),
    ("2022年6月末", "2022-06-30", date(2022, 6, 30), date(2022, 6, 30)),
    ("2022年2月底", "2022-02-28", date(2022, 2, 28), date(2022, 2, 28)),
    ("2022年底", "2022-12-31", date(2022, 12, 31), date(2022, 12, 31)),
    ("2022年末", "2022-12-31", date(2022, 12, 31), date(2022, 12, 31)),
    ("2022年中", "2022-06-30", date(2022, 6, 30), date(2022, 6, 30)),
    ("2022年6月份", "2022-06", date(2022, 6, 1), date(2022, 6, 30)),
    ("2022年上半年", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
    ("2022年下半年", "2022-H2", date(2022, 7, 1), date(2022, 12, 31)),
    ("2022-h2", "2022-H2", date(2022, 7, 1), date(2022, 12, 31)),
    ("２０２２年６月底", "2022-06-30", date(2022, 6, 30), date(2022, 6, 30)),
    ("2022 年 6 月 30 日", "2022-06-30", date(2022, 6, 30), date(2022, 6, 30)),  # spaced as some type it
    ("2022 年 6 月", "2022-06", date(2022, 6, 1), date(2022, 6, 30)),
])
def test_the_words_people_write_for_the_ends_of_months_halves_and_years(text, period_text, first, last):
    assert parse_period(text) == (period_text, first, last)


def test_a_month_end_is_a_day_for_as_of_and_a_half_year_is_not():
    assert parse_day("2022年6月底") == date(2022, 6, 30)
    with pytest.raises(PeriodError, match="names a period, not a day"):
        parse_day("2022年上半年")


def test_by_the_end_of_june_admits_the_milestones_of_june():
    june_end = window(by=parse_period("2022年6月底"))
    assert june_end.admits(date(2022, 6, 30)) and not june_end.admits(date(2022, 7, 1))
    first_half = window(within=parse_period("2022年上半年"))
    assert first_half.admits(date(2022, 1, 1)) and first_half.admits(date(2022, 6, 30))
    assert not first_half.admits(date(2022, 7, 1))


def test_every_spelling_docs_queries_md_gives_for_a_date_is_read():
    # docs/queries.md's "Dates on the command line" lists what a user may type; each is a period.
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    section = docs.split("## Dates on the command line", 1)[1].strip().split("\n\n", 1)[0]
    usage_errors = section.split("A date that is no date", 1)
    spellings = re.findall(r"`([^`]+)`", usage_errors[0])
    assert {"2022-H1", "2022年上半年", "2022年中", "2022年6月底", "today"} <= set(spellings)
    for text in spellings:
        period = parse_period(text, today=date(2022, 5, 15))
        assert period.first <= period.last, text
    for text in re.findall(r"`([^`]+)`", usage_errors[1]):
        with pytest.raises(PeriodError):
            parse_period(text)
