"""Dates on the command line (docs/queries.md): a partial date names a period.

`2022` is the whole year, `2022-06` the month, `2022-06-15` the day. Windows over due dates:

    --before D   due strictly before the first day of D's period   (--before 2022-06: ≤ 2022-05-31)
    --by D       due on or before the last day of D's period       (--by 2022-06: ≤ 2022-06-30)
    --after D    due strictly after the last day of D's period     (--after 2022-06: ≥ 2022-07-01)
    --in D       due within D's period                             (--in 2022-09: September)

Given together they all apply: `--after 2022-03 --before 2022-07` is April to June.

The everyday and Chinese spellings of the same dates are accepted where they are unambiguous:
`2022/6/30`, `2022.06.30`, `2022年6月`, `2022年6月份`, `2022年6月30日`, `2022年`, a quarter
(`2022-Q2`, `2022Q2`, `2022年第二季度`), a half year (`2022年上半年`, `2022年下半年`, `2022-H1`) and
`today`. Full-width digits read as digits, and spaces around 年, 月 and 日 are dropped.

The ends the plans themselves write are read as the plans' deadlines read them
(model/deadlines.py: 2022年6月底前 is a milestone on the month's last day): `2022年6月底` (or 月末)
is the day 2022-06-30, `2022年底` (年末) the day 2022-12-31, and `2022年中` the day the first half
year ends, 2022-06-30.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from bizenv_cli.model.wording import Phrase

# One separator throughout: 2022-06-30, 2022/6/30, 2022.6.30 (2022-06/30 is no date).
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?$")
_CHINESE_DATE = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:份|(\d{1,2})[日号])?)?$")
_MONTH_END = re.compile(r"^(\d{4})年(\d{1,2})月[底末]$")
# 2022年上半年, 2022年下半年, 2022-H2; 年底/年末 is the year's last day, 年中 the first half's.
_HALF_YEAR = re.compile(r"^(\d{4})(?:年([上下])半年|-?h([12]))$", re.IGNORECASE)
_YEAR_POINT = re.compile(r"^(\d{4})年([底末中])$")
_QUARTER = re.compile(r"^(\d{4})(?:-|\s|年)?(?:q([1-4])|第?([一二三四1-4])季度?)$", re.IGNORECASE)
_CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4}
_CHINESE_SPACES = re.compile(r"\s*([年月日号])\s*")
FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, 2022年6月, 2022-Q2 or today"
# What names one day (parse_day): every option that takes a day says these (cli/options.day_declared).
DAY_FORMS = "YYYY-MM-DD, 2022/6/30, 2022年6月30日 or today"


class PeriodError(ValueError):
    """A date that names no period, or dates that leave no day between them. Worded for the
    command line and the library alike: a bound is named as `before 2022-06`, never as an option."""


class Period(NamedTuple):
    text: str  # as the user should read it back: 2022, 2022-06 or 2022-06-15
    first: date
    last: date


def parse_period(text: str, today: date | None = None) -> Period:
    """The period a command-line date names. `today` is the day `today` means (the caller
    passes the clock's day: nothing here reads the clock)."""
    from unicodedata import normalize

    # Spaces around 年, 月 and 日 as some people type them (2022 年 6 月) say nothing.
    wanted = _CHINESE_SPACES.sub(r"\1", normalize("NFKC", text).strip())
    if wanted.lower() == "today":
        day = today or date.today()
        return Period(day.isoformat(), day, day)
    if quarter := _QUARTER.match(wanted):
        year = int(quarter.group(1))
        number = quarter.group(2) or quarter.group(3)
        number = _CHINESE_NUMERALS.get(number) or int(number)
        first = date(year, 3 * number - 2, 1)
        return Period(f"{year:04d}-Q{number}", first, _month_end(date(year, 3 * number, 1)))
    if half := _HALF_YEAR.match(wanted):
        year, second = int(half.group(1)), half.group(2) == "下" or half.group(3) == "2"
        first = date(year, 7 if second else 1, 1)
        return Period(f"{year:04d}-H{2 if second else 1}", first, date(year, 12, 31) if second else date(year, 6, 30))
    if point := _YEAR_POINT.match(wanted):
        day_date = date(int(point.group(1)), 6, 30) if point.group(2) == "中" else date(int(point.group(1)), 12, 31)
        return Period(day_date.isoformat(), day_date, day_date)
    if month_end := _MONTH_END.match(wanted):
        try:
            last = _month_end(date(int(month_end.group(1)), int(month_end.group(2)), 1))
        except ValueError as error:  # 2022年13月底
            raise PeriodError(f"'{text}' is not a real date ({error})") from None
        return Period(last.isoformat(), last, last)
    if match := _PARTIAL_DATE.match(wanted):
        year, _, month, day = (int(part) if part and part.isdigit() else None for part in match.groups())
    elif match := _CHINESE_DATE.match(wanted):
        year, month, day = (int(part) if part else None for part in match.groups())
    elif re.match(r"\d{1,2}月", wanted):  # 6月底, 6月30日: as a plan writes a deadline within its year
        raise PeriodError(f"'{text}' names no year: write the year before it (e.g. 2022年{wanted})")
    else:
        raise PeriodError(f"'{text}' is not a date: use {FORMS} (e.g. 2022-06)")
    try:
        if month is None:
            return Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))
        if day is None:
            first = date(year, month, 1)
            return Period(f"{year:04d}-{month:02d}", first, _month_end(first))
        day_date = date(year, month, day)
        return Period(day_date.isoformat(), day_date, day_date)
    except ValueError as error:  # month 13, 2022-02-30
        raise PeriodError(f"'{text}' is not a real date ({error})") from None


def _month_end(first: date) -> date:
    if first.month == 12:
        return date(first.year, 12, 31)
    return date(first.year, first.month + 1, 1) - timedelta(days=1)


def parse_day(text: str, today: date | None = None) -> date:
    """A date that must name one day (--as-of): a month or year is refused, not guessed."""
    try:
        period = parse_period(text, today)
    except PeriodError as error:
        if "not a real date" in str(error):
            raise
        raise PeriodError(f"'{text}' is not a day: use {DAY_FORMS}") from None
    if period.first != period.last:
        raise PeriodError(f"'{text}' names a period, not a day: use YYYY-MM-DD (e.g. {period.first.isoformat()}) "
                          "or today")
    return period.first


class Window(NamedTuple):
    """The due dates a filter lets through: an inclusive range, either end open.

    `upper` and `lower` remember which option set each end, so that the heading can say it
    the way the user asked ("due before 2022-06-01" rather than "due by 2022-05-31").
    """

    earliest: date | None = None
    latest: date | None = None
    upper: str = "by"      # before | by | in
    lower: str = "from"    # after | from | in
    period: Period | None = None  # the --in period, when it alone sets both ends

    def admits(self, day: date) -> bool:
        return (self.earliest is None or day >= self.earliest) and (self.latest is None or day <= self.latest)

    @property
    def is_open(self) -> bool:
        return self.earliest is None and self.latest is None

    def describe(self) -> str:
        """The window in words, for a table heading: a wording.Phrase, which a heading in Chinese
        says in Chinese."""
        if self.period is not None:
            if self.period.first == self.period.last:
                return Phrase("due on {day}", day=self.period.text)
            return Phrase("due in {period} ({first} to {last})", period=self.period.text,
                          first=self.earliest.isoformat(), last=self.latest.isoformat())
        if self.earliest and self.latest:
            if self.earliest == self.latest:
                return Phrase("due on {day}", day=self.earliest.isoformat())
            return Phrase("due from {first} to {last}", first=self.earliest.isoformat(), last=self.latest.isoformat())
        if self.latest:
            if self.upper == "before":
                return Phrase("due before {day}", day=(self.latest + timedelta(days=1)).isoformat())
            return Phrase("due by {day}", day=self.latest.isoformat())
        if self.earliest:
            if self.lower == "after":
                return Phrase("due after {day}", day=(self.earliest - timedelta(days=1)).isoformat())
            return Phrase("due on or after {day}", day=self.earliest.isoformat())
        return Phrase("all due dates")


def window(before: Period | None = None, by: Period | None = None,
           after: Period | None = None, within: Period | None = None) -> Window:
    """Combine the filters: each narrows the window. Raises PeriodError if no day can pass."""
    uppers: list[tuple[date, str]] = []
    lowers: list[tuple[date, str]] = []
    try:
        if before:
            uppers.append((before.first - timedelta(days=1), "before"))
        if after:
            lowers.append((after.last + timedelta(days=1), "after"))
    except OverflowError:  # --before 0001 or --after 9999: the calendar has no such day
        raise PeriodError("the dates leave no day (the calendar ends at 0001-01-01 and 9999-12-31)") from None
    if by:
        uppers.append((by.last, "by"))
    if within:
        lowers.append((within.first, "in"))
        uppers.append((within.last, "in"))
    # The tightest end wins; on a tie the first option named above sets the wording.
    latest, upper = min(uppers, key=lambda item: item[0], default=(None, "by"))
    earliest, lower = max(lowers, key=lambda item: item[0], default=(None, "from"))
    only_in = within is not None and (earliest, latest) == (within.first, within.last)
    result = Window(earliest, latest, upper, lower, within if only_in else None)
    if earliest and latest and earliest > latest:
        asked = ", ".join(f"{name} {period.text}" for name, period in
                          (("before", before), ("by", by), ("after", after), ("in", within)) if period)
        raise PeriodError(f"the dates leave no day ({asked}: from {earliest.isoformat()} "
                          f"to {latest.isoformat()})")
    return result
