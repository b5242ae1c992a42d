"""What a raw 时间节点 string means: its dated milestones, whether the work is ongoing, any recurrence.

The forms the source uses (docs/data-format.md):

    2022年6月 / 2022 年 6 月            one milestone at the end of that month
    2022年6月底前… / 2022年6月…         the same; the words stay in the milestone's label
    2022年4月前完成…                    due *before* April: the end of March
    2022年6月15日 / 2022年6月15日前     that day / the day before it
    2022年3月市级完成对接，2022年12月县级完成对接   one milestone per clause, each labelled
    2022年6月，2022年12月               two milestones
    持续推进 / 持续推动                 ongoing, no date
    2022年12月，持续推进                a milestone, then ongoing
    每季度一次                          quarterly: the four quarter ends of the plan year

Anything else is refused with DeadlineError, never silently read as "no deadline".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bizenv_cli.model.records import Milestone

ONGOING_WORDS = ("持续推进", "持续推动")
QUARTERLY_WORDS = ("每季度一次",)

# A month as printed, with the stray spaces of the extraction: "2022年6月", "2022 年 6 月", and the day
# it may name (2022年6月15日), which is the milestone's. The year is four digits and no more:
# 12022年6月 is no 2022年6月.
_MONTH = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
# A month printed without its year (2022年6月、12月): never read as another clause's year's.
_BARE_MONTH = re.compile(r"(?<!\d)\d{1,2}\s*月")
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


def parse_deadline(raw: str | None, plan_year: int = 2022) -> ParsedDeadline:
    """Interpret a raw 时间节点 string; raises DeadlineError for anything it cannot state exactly."""
    if raw is None:
        return ParsedDeadline()
    text = raw.strip()
    if not text:
        raise DeadlineError("empty deadline string")
    if text in QUARTERLY_WORDS:
        quarter_ends = tuple(Milestone(_month_end(plan_year, month), None) for month in (3, 6, 9, 12))
        return ParsedDeadline(quarter_ends, False, "quarterly")

    clauses = _clauses(text)
    if not clauses:  # only punctuation (，。): it states no date, and is no deadline left unsaid
        raise DeadlineError(f"no month and no known word in '{text}'")
    milestones: list[Milestone] = []
    ongoing = False
    for clause in clauses:
        if clause in ONGOING_WORDS:
            ongoing = True
            continue
        milestones.append(_milestone(clause))
    return ParsedDeadline(tuple(milestones), ongoing, None)


def _clauses(text: str) -> list[str]:
    """Split at sentence ends, and at commas only where every piece is a date or 持续推进.

    So 2022年6月，2022年12月 is two clauses, while 新华区税务局、郏县税务局作为第一批试点推广单位，
    2022年6月底前见成效 stays one: its first piece names the pilot units, not a date.
    """
    clauses: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        pieces = [piece.strip() for piece in _CLAUSE_BREAK.split(sentence) if piece.strip()]
        if all(piece in ONGOING_WORDS or _MONTH.search(piece) for piece in pieces):
            clauses.extend(pieces)
        elif sentence.strip():
            clauses.append(sentence.strip())
    return clauses


def _milestone(clause: str) -> Milestone:
    months = list(_MONTH.finditer(clause))
    if not months:
        raise DeadlineError(f"no month and no known word in '{clause}'")
    if len(months) > 1:
        raise DeadlineError(f"more than one month in one clause: '{clause}'")
    found = months[0]
    bare = _BARE_MONTH.search(clause[:found.start()] + " " * (found.end() - found.start()) + clause[found.end():])
    if bare:  # 2022年6月、12月 had read as June alone, December dropped
        raise DeadlineError(f"a month without its year, '{bare.group()}', in '{clause}'")
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12:
        raise DeadlineError(f"impossible month {month} in '{clause}'")
    try:
        due = _month_end(year, month)
    except ValueError:  # the calendar has no year 0: 0000年6月
        raise DeadlineError(f"impossible year {found.group(1)} in '{clause}'") from None
    if found.group(3) is not None:  # a day, read as printed: 2022年2月30日 is none (it had read as 2月底)
        day = int(found.group(3))
        if not 1 <= day <= due.day:
            raise DeadlineError(f"impossible day {day} in '{clause}'")
        due = due.replace(day=day)
    if _BEFORE.match(clause, found.end()):  # the day before the month (or the day) starts
        starts = due.replace(day=1) if found.group(3) is None else due
        if starts == date.min:  # the calendar has nothing before 0001-01-01
            raise DeadlineError(f"impossible year {found.group(1)} in '{clause}'")
        due = starts - timedelta(days=1)
    is_bare_month = found.start() == 0 and found.end() == len(clause)
    return Milestone(due, None if is_bare_month else clause)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
