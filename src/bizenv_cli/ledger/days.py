"""The days a report can hold (its as_of, submitted, done_on and measured_on): one rule, which
`bizenv record`, `bizenv ledger import` and `bizenv validate` apply in the same words.

A day outside FIRST_DAY..LAST_DAY is an error. The bounds are those of the day counts a
spreadsheet cell is read as (SHEET_DAY_COUNTS): the template carries a report's days back to the
office in date cells, and the import reads a date cell outside them as the number typed into it
(20 shows as 1900-01-20), so a report holding such a day could not come back through its own
template. A day before the year of the plans is a warning: a typo of the year (2012 for 2022) more
often than not, but work a body did before the plans were issued is reported so too.
"""

from __future__ import annotations

from datetime import date, timedelta

# A spreadsheet counts days from 1899-12-30: 44732 is 2022-06-20. A cell without a date format
# holding such a count (a CSV saved from a date cell) is read as that day, but only from 20000 to
# 80000: the five-digit counts, which no one types for a day of the month or a year.
DAY_COUNT_EPOCH = date(1899, 12, 30)
SHEET_DAY_COUNTS = range(20000, 80001)
FIRST_DAY = DAY_COUNT_EPOCH + timedelta(days=SHEET_DAY_COUNTS[0])   # 1954-10-03
LAST_DAY = DAY_COUNT_EPOCH + timedelta(days=SHEET_DAY_COUNTS[-1])   # 2119-01-11


def out_of_reach(day: date) -> str | None:
    """Why a report cannot hold `day` (an error), or None."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{day} is no day a report can hold (they run from {FIRST_DAY} to {LAST_DAY}); check the year"


def year_of_the_plans(plans) -> int | None:
    """The year the plans are of (the earliest any states), which before_the_plans weighs a day by."""
    return min((plan.document["year"] for plan in plans if isinstance(plan.document.get("year"), int)),
               default=None)


def before_the_plans(day: date, plans_year: int | None) -> str | None:
    """Why `day` deserves a second look (a warning), or None: it is before the plans' year."""
    if plans_year is None or day.year >= plans_year:
        return None
    return (f"{day} is before {plans_year}, the year of the plans; check the year (a day before them stands if it "
            "is right)")
