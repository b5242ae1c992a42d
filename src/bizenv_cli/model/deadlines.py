"""What a raw 时间节点 string means: its dated milestones, whether the work is ongoing, any recurrence.

The forms the source uses (docs/data-format.md):

    2022年6月 / 2022 年 6 月            one milestone at the end of that month
    2022年6月底前… / 2022年6月…         the same; the words stay in the milestone's label
    2022年4月前完成…                    due *before* April: the end of March
    2022年6月15日 / 2022年6月15日前     that day / the day before it
    2022年3月市级完成对接，2022年12月县级完成对接   one milestone per clause, each labelled
    2022年6月，2022年12月               two milestones
    持续推进 / 持续推动 / 长期坚持      ongoing, no date
    2022年12月，持续推进                a milestone, then ongoing
    每季度一次                          quarterly: the four quarter ends of the plan year
    2023年上半年 / 2023年下半年         the half year's last day (model/periods.py): 2023-06-30, 2023-12-31
    6月底前 / 6月                       a month of the plan year, when the raw string names no year at all

Anything else is refused with DeadlineError, never silently read as "no deadline". A month without
its year beside a year the string prints (2022年6月、12月) is refused: it is never read as another
clause's year's, nor as the plan year, which the string then does not leave to the reader.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bizenv_cli.model.periods import parse_period
from bizenv_cli.model.records import Milestone

ONGOING_WORDS = ("持续推进", "持续推动", "长期坚持")
QUARTERLY_WORDS = ("每季度一次",)

# A month as printed, with the stray spaces of the extraction: "2022年6月", "2022 年 6 月", and the day
# it may name (2022年6月15日), which is the milestone's. The year is four digits and no more:
# 12022年6月 is no 2022年6月.
_MONTH = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
# A month printed without its year (2022年6月、12月): never read as another clause's year's.
_BARE_MONTH = re.compile(r"(?<!\d)\d{1,2}\s*月")
# The same, with the day it may name (6月15日), in a string that prints no year: the plan year's.
# Not after 年: 明年6月 names a year in words, which is not the plan year.
_YEARLESS_MONTH = re.compile(r"(?<![\d年])(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
# Any figure before 年 prints a year, however many digits (12022年6月 is refused, never the plan year's).
_A_YEAR = re.compile(r"\d\s*年")
# A half year (2023年上半年): due on the half's last day, as model/periods.py reads the half.
_HALF_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年\s*([上下])半年")
# 月前 / 月以前 means before the month starts, 日前 before the day; 月底前 and 月 mean by its end.
_BEFORE = re.compile(r"\s*(?:以前|之前|前)")
_SENTENCE_BREAK = re.compile(r"[。；;]")
_CLAUSE_BREAK = re.compile(r"[，,]")


class DeadlineError(ValueError):
    """A raw deadline that does not say something this parser can state exactly."""


@dataclass(frozen=True)
class ParsedDeadline:
    milestones: tuple[Milestone, ...] = ()
    ongoing: bool = False
    recurrence: str | None = None
    # The raw string names no year, and its months are the plan year's (6月底前, 每季度一次): a reader
    # that does not know the plan year for certain must not state them.
    year_from_plan: bool = False


def parse_deadline(raw: str | None, plan_year: int = 2022) -> ParsedDeadline:
    """Interpret a raw 时间节点 string; raises DeadlineError for anything it cannot state exactly."""
    if raw is None:
        return ParsedDeadline()
    text = raw.strip()
    if not text:
        raise DeadlineError("empty deadline string")
    if text in QUARTERLY_WORDS:
        quarter_ends = tuple(Milestone(_month_end(plan_year, month), None) for month in (3, 6, 9, 12))
        return ParsedDeadline(quarter_ends, False, "quarterly", year_from_plan=True)

    # Only a string that prints no year at all has its months read as the plan year's.
    year = None if _A_YEAR.search(text) else plan_year
    clauses = _clauses(text, year is not None)
    if not clauses:  # only punctuation (，。): it states no date, and is no deadline left unsaid
        raise DeadlineError(f"no month and no known word in '{text}'")
    milestones: list[Milestone] = []
    ongoing = False
    for clause in clauses:
        if clause in ONGOING_WORDS:
            ongoing = True
            continue
        milestones.append(_milestone(clause, year))
    return ParsedDeadline(tuple(milestones), ongoing, None, year_from_plan=year is not None and bool(milestones))


def _clauses(text: str, yearless: bool = False) -> list[str]:
    """Split at sentence ends, and at commas only where every piece is a date or 持续推进.

    So 2022年6月，2022年12月 is two clauses, while 新华区税务局、郏县税务局作为第一批试点推广单位，
    2022年6月底前见成效 stays one: its first piece names the pilot units, not a date. In a string
    that prints no year (`yearless`), a month alone is a date too (6月底前，12月底前).
    """
    def is_a_date(piece: str) -> bool:
        return bool(_MONTH.search(piece) or _HALF_YEAR.search(piece) or (yearless and _YEARLESS_MONTH.search(piece)))

    clauses: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        pieces = [piece.strip() for piece in _CLAUSE_BREAK.split(sentence) if piece.strip()]
        if all(piece in ONGOING_WORDS or is_a_date(piece) for piece in pieces):
            clauses.extend(pieces)
        elif sentence.strip():
            clauses.append(sentence.strip())
    return clauses


def _milestone(clause: str, plan_year: int | None = None) -> Milestone:
    """The one date a clause names. `plan_year`: the year of a month printed without one, given only
    when the whole string prints no year."""
    months = list(_MONTH.finditer(clause))
    halves = list(_HALF_YEAR.finditer(clause))
    if halves:
        return _half_year(clause, halves, months)
    if not months:
        yearless = list(_YEARLESS_MONTH.finditer(clause)) if plan_year is not None else []
        if not yearless:
            raise DeadlineError(f"no month and no known word in '{clause}'")
        if len(yearless) > 1:
            raise DeadlineError(f"more than one month in one clause: '{clause}'")
        found = yearless[0]
        return _dated(clause, found, plan_year, str(plan_year), int(found.group(1)), found.group(2))
    if len(months) > 1:
        raise DeadlineError(f"more than one month in one clause: '{clause}'")
    found = months[0]
    bare = _BARE_MONTH.search(clause[:found.start()] + " " * (found.end() - found.start()) + clause[found.end():])
    if bare:  # 2022年6月、12月 had read as June alone, December dropped
        raise DeadlineError(f"a month without its year, '{bare.group()}', in '{clause}'")
    return _dated(clause, found, int(found.group(1)), found.group(1), int(found.group(2)), found.group(3))


def _dated(clause: str, found: re.Match, year: int, year_printed: str, month: int, day_printed: str | None) -> Milestone:
    """The milestone of the month (and day) `found` prints in `clause`, in `year`."""
    if not 1 <= month <= 12:
        raise DeadlineError(f"impossible month {month} in '{clause}'")
    try:
        due = _month_end(year, month)
    except ValueError:  # the calendar has no year 0: 0000年6月
        raise DeadlineError(f"impossible year {year_printed} in '{clause}'") from None
    if day_printed is not None:  # a day, read as printed: 2022年2月30日 is none (it had read as 2月底)
        day = int(day_printed)
        if not 1 <= day <= due.day:
            raise DeadlineError(f"impossible day {day} in '{clause}'")
        due = due.replace(day=day)
    if _BEFORE.match(clause, found.end()):  # the day before the month (or the day) starts
        starts = due.replace(day=1) if day_printed is None else due
        if starts == date.min:  # the calendar has nothing before 0001-01-01
            raise DeadlineError(f"impossible year {year_printed} in '{clause}'")
        due = starts - timedelta(days=1)
    is_bare_month = found.start() == 0 and found.end() == len(clause)
    return Milestone(due, None if is_bare_month else clause)


def _half_year(clause: str, halves: list[re.Match], months: list[re.Match]) -> Milestone:
    """2023年上半年 (or 下半年) in a clause: due on the half's last day, labelled with the clause."""
    if len(halves) > 1 or months:
        raise DeadlineError(f"more than one date in one clause: '{clause}'")
    found = halves[0]
    if _BEFORE.match(clause, found.end()):  # 上半年前: before the half starts, which no plan means by a deadline
        raise DeadlineError(f"a date before a half year, '{found.group()}', in '{clause}'")
    blanked = clause[:found.start()] + " " * (found.end() - found.start()) + clause[found.end():]
    if bare := _BARE_MONTH.search(blanked):
        raise DeadlineError(f"a month without its year, '{bare.group()}', in '{clause}'")
    try:
        due = parse_period(f"{found.group(1)}年{found.group(2)}半年").last
    except ValueError:  # the calendar has no year 0
        raise DeadlineError(f"impossible year {found.group(1)} in '{clause}'") from None
    return Milestone(due, clause)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
