"""Deadline semantics: every form of 时间节点 in docs/data-format.md, and loud failure on anything else."""

from datetime import date

import pytest

from bizenv_cli.model.deadlines import DeadlineError, parse_deadline


def dates(raw):
    return [m.date for m in parse_deadline(raw).milestones]


def test_a_month_is_due_at_its_end():
    assert dates("2022年6月") == [date(2022, 6, 30)]
    assert dates("2022 年 6 月") == [date(2022, 6, 30)]
    assert parse_deadline("2022年6月").milestones[0].label is None


def test_before_a_month_is_the_end_of_the_previous_one():
    parsed = parse_deadline("2022年4月前完成数据普查工作")
    assert [(m.date, m.label) for m in parsed.milestones] == [(date(2022, 3, 31), "2022年4月前完成数据普查工作")]


def test_before_january_is_the_end_of_the_previous_year():
    # 2023年1月前 is due before 2023 starts: 2022-12-31, the last day of the year before.
    assert dates("2023年1月前完成") == [date(2022, 12, 31)]
    assert dates("2022年1月前完成") == [date(2021, 12, 31)]


@pytest.mark.parametrize("word", ["前", "以前", "之前", " 前"])
def test_each_word_for_before_a_month_means_its_previous_month_end(word):
    assert dates(f"2022年7月{word}完成") == [date(2022, 6, 30)]


def test_staged_deadline_keeps_each_label():
    parsed = parse_deadline("2022年3月市级完成对接，2022年12月县级完成对接")
    assert [(m.date, m.label) for m in parsed.milestones] == [
        (date(2022, 3, 31), "2022年3月市级完成对接"),
        (date(2022, 12, 31), "2022年12月县级完成对接"),
    ]


def test_pilot_unit_clause_stays_with_its_date():
    raw = "新华区税务局、郏县税务局作为第一批试点推广单位，2022年6月底前见成效。各县（市、区）税务局2022年12月底前见成效"
    parsed = parse_deadline(raw)
    assert [(m.date, m.label) for m in parsed.milestones] == [
        (date(2022, 6, 30), "新华区税务局、郏县税务局作为第一批试点推广单位，2022年6月底前见成效"),
        (date(2022, 12, 31), "各县（市、区）税务局2022年12月底前见成效"),
    ]


def test_two_bare_months():
    assert dates("2022年6月，2022年12月") == [date(2022, 6, 30), date(2022, 12, 31)]


def test_ongoing_alone_and_after_a_date():
    assert parse_deadline("持续推进").ongoing and dates("持续推进") == []
    assert parse_deadline("持续推动").ongoing
    parsed = parse_deadline("2022年12月，持续推进")
    assert parsed.ongoing and dates("2022年12月，持续推进") == [date(2022, 12, 31)]


def test_quarterly_gives_the_four_quarter_ends():
    parsed = parse_deadline("每季度一次")
    assert parsed.recurrence == "quarterly" and parsed.year_from_plan  # the plan year's quarters
    assert dates("每季度一次") == [date(2022, 3, 31), date(2022, 6, 30), date(2022, 9, 30), date(2022, 12, 31)]


def test_no_deadline_line_means_no_milestones():
    parsed = parse_deadline(None)
    assert parsed.milestones == () and not parsed.ongoing


@pytest.mark.parametrize("raw", ["2022年13月", "尽快", "", "2022年6月和2022年7月底"])
def test_anything_else_fails_loudly(raw):
    with pytest.raises(DeadlineError):
        parse_deadline(raw)


@pytest.mark.parametrize(("raw", "due", "label"), [
    ("2022年6月15日", date(2022, 6, 15), None),
    ("2022年6月15日前完成", date(2022, 6, 14), "2022年6月15日前完成"),
    ("2022年3月1日前", date(2022, 2, 28), "2022年3月1日前"),
    ("2022年6月30日前见成效", date(2022, 6, 29), "2022年6月30日前见成效"),
])
def test_a_day_the_raw_names_is_the_milestones(raw, due, label):
    # It had been read as the month's end, the day dropped: 15日 was 30日, 2月30日 was 2月28日.
    assert [(m.date, m.label) for m in parse_deadline(raw).milestones] == [(due, label)]


@pytest.mark.parametrize(("raw", "why"), [
    ("2022年2月30日", "impossible day 30 in '2022年2月30日'"),
    # A second month without its year had been dropped: this read as June alone.
    ("2022年6月、12月", "a month without its year, '12月', in '2022年6月、12月'"),
    ("0001年1月1日前", "impossible year 0001 in '0001年1月1日前'"),
    # The calendar has no year 0: a bare ValueError of datetime, a traceback in validate.
    ("0000年6月", "impossible year 0000 in '0000年6月'"),
    ("0001年1月前", "impossible year 0001 in '0001年1月前'"),
    # A year of five digits is no 2022年6月 read from its last four.
    ("12022年6月", "no month and no known word in '12022年6月'"),
    # Only punctuation states no date: it had read as a deadline of no milestone, not ongoing.
    ("，", "no month and no known word in '，'"),
    ("。；", "no month and no known word in '。；'"),
])
def test_a_deadline_no_calendar_holds_is_refused_with_why(raw, why):
    with pytest.raises(DeadlineError) as refused:
        parse_deadline(raw)
    assert str(refused.value) == why


@pytest.mark.parametrize(("raw", "due"), [
    ("2023年上半年", date(2023, 6, 30)),
    ("2023年下半年", date(2023, 12, 31)),
    ("2023 年上半年完成", date(2023, 6, 30)),
])
def test_a_half_year_is_due_on_its_last_day_as_the_period_reader_ends_it(raw, due):
    # docs/queries.md and model/periods.py: 上半年 ends on 30 June, 下半年 on 31 December. The label
    # is the raw piece: a half year is no bare month.
    assert [(m.date, m.label) for m in parse_deadline(raw, 2023).milestones] == [(due, raw)]
    assert not parse_deadline(raw, 2023).year_from_plan


def test_half_years_split_at_a_comma_as_months_do():
    assert dates("2022年上半年，2022年下半年") == [date(2022, 6, 30), date(2022, 12, 31)]


def test_long_term_persistence_is_ongoing_as_continuing_work_is():
    # 长期坚持, as the shipped data marks 持续推进: no milestone, ongoing.
    parsed = parse_deadline("长期坚持")
    assert (parsed.milestones, parsed.ongoing, parsed.recurrence) == ((), True, None)
    assert parse_deadline("2022年12月，长期坚持").ongoing and dates("2022年12月，长期坚持") == [date(2022, 12, 31)]


@pytest.mark.parametrize(("raw", "expected"), [
    ("6月底前", [(date(2023, 6, 30), "6月底前")]),
    ("6月", [(date(2023, 6, 30), None)]),
    ("7月前完成", [(date(2023, 6, 30), "7月前完成")]),
    ("6月15日", [(date(2023, 6, 15), None)]),
    ("6月底前，12月底前", [(date(2023, 6, 30), "6月底前"), (date(2023, 12, 31), "12月底前")]),
])
def test_a_month_in_a_string_that_prints_no_year_is_the_plan_years_and_says_so(raw, expected):
    parsed = parse_deadline(raw, 2023)
    assert [(m.date, m.label) for m in parsed.milestones] == expected
    assert parsed.year_from_plan


@pytest.mark.parametrize(("raw", "why"), [
    # A year printed anywhere in the string leaves no month to the plan year.
    ("2022年6月。12月底前", "no month and no known word in '12月底前'"),
    ("明年6月底前", "no month and no known word in '明年6月底前'"),
    ("6月、12月底前", "more than one month in one clause: '6月、12月底前'"),
    ("13月底前", "impossible month 13 in '13月底前'"),
    ("2023年上半年前", "a date before a half year, '2023年上半年', in '2023年上半年前'"),
    ("2023年上半年、12月", "a month without its year, '12月', in '2023年上半年、12月'"),
    ("上半年", "no month and no known word in '上半年'"),
])
def test_what_the_new_forms_do_not_say_exactly_is_refused_with_why(raw, why):
    with pytest.raises(DeadlineError) as refused:
        parse_deadline(raw, 2023)
    assert str(refused.value) == why
