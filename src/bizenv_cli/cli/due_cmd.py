"""`bizenv due`: the milestones that fall due in a window of dates, with their status as of a day."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from enum import Enum
from typing import Annotated, List, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.options import (DeptOption, FormatOption, OutputOption, PlanOption, day_option,
                                    department_name, emit, load, period_option, plural, resolve_department, resolve_plan,
                                    short_title)
from bizenv_cli.outputs.render import Column


class Status(str, Enum):
    overdue = "overdue"
    due = "due"
    upcoming = "upcoming"
    ongoing = "ongoing"


DATE_METAVAR = "YYYY[-MM[-DD]]"

STATUS_STYLE = {"overdue": "red", "due": "yellow", "upcoming": "green", "ongoing": "cyan"}


@app.command()
def due(
    ctx: typer.Context,
    before: Annotated[Optional[str], typer.Option(
        "--before", metavar=DATE_METAVAR, help="Due before the first day of the period: --before 2022-06 "
                                             "is on or before 2022-05-31.")] = None,
    by: Annotated[Optional[str], typer.Option(
        "--by", metavar=DATE_METAVAR, help="Due on or before the last day of the period: --by 2022-06 "
                                         "includes June.")] = None,
    after: Annotated[Optional[str], typer.Option(
        "--after", metavar=DATE_METAVAR, help="Due after the last day of the period.")] = None,
    within: Annotated[Optional[str], typer.Option(
        "--in", metavar=DATE_METAVAR, help="Due within the period: --in 2022-09 is September.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="The day status and days left are counted from (default: "
                                              "today).")] = None,
    dept: DeptOption = None,
    plan: PlanOption = None,
    status: Annotated[Optional[List[Status]], typer.Option(
        "--status", case_sensitive=False, metavar="STATUS",
        help="Only these statuses (repeatable): overdue (before --as-of), due (within 30 days from it), "
             "upcoming (later), ongoing (持续推进, no date).")] = None,
    include_ongoing: Annotated[bool, typer.Option(
        "--include-ongoing", help="Also list ongoing measures (持续推进), which have no date.")] = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List the milestones due in a window of dates, in date order.

    The date options combine (--after 2022-03 --before 2022-07 is April to June); a staged or
    quarterly deadline gives one line per milestone. Ongoing measures (持续推进) have no date and are
    left out unless asked for. Status is counted from --as-of: overdue before it, due within 30
    days of it, upcoming later.

    \b
    Examples:
      bizenv due --before 2022-06
      bizenv due --by 2022-12 -o milestones.ics      # a calendar: one all-day event per milestone
      bizenv due --in 2022-09 --dept 市税务局 --as-of 2022-08-15
      bizenv due --by 2022-12 --status overdue --as-of 2022-07-01 --format json
    """
    from bizenv_cli.periods import PeriodError, window
    from bizenv_cli.queries import MeasureFilter, due_rows, select_measures

    periods = {name: period_option(text, f"--{name}")
               for name, text in (("before", before), ("by", by), ("after", after), ("in", within))}
    day = day_option(as_of, "--as-of")
    try:
        dates = window(before=periods["before"], by=periods["by"], after=periods["after"], within=periods["in"])
    except PeriodError as error:
        fail_usage(str(error))

    package = load(ctx)
    department = resolve_department(package, dept)
    plan_number = resolve_plan(package, plan)
    selected = select_measures(package.plans, MeasureFilter(plan=plan_number,
                                                            department=package.registry.scope(department.id) if department else None))
    statuses = [item.value for item in status] if status else None
    if statuses and include_ongoing and "ongoing" not in statuses:
        statuses.append("ongoing")  # --include-ongoing adds the ongoing rows to the chosen statuses
    rows = due_rows(selected, dates, day, statuses, include_ongoing)

    words = [f"{department.name} ({department.id})" if department else None,
             f"plan {plan_number}" if plan_number else None,
             "status " + "/".join(statuses) if statuses else None,
             "with ongoing" if include_ongoing and not statuses else None]
    title = (f"{dates.describe()}, as of {day.isoformat()}" + "".join(f"; {word}" for word in words if word)
             + f" — {plural(len(rows), 'milestone')}")
    from bizenv_cli.outputs.ics import CalendarSource  # light: icalendar loads only to write a calendar

    emit(ctx, rows, due_columns(package), output_format, output, title, calendar=CalendarSource(package, day))


def due_columns(package) -> list[Column]:
    def what(row: dict) -> str:
        title = short_title(row["title"], row["text"])
        return f"{title}\n{row['label']}" if row["label"] else title

    return [
        Column("date", lambda row: row["date"] or "ongoing", no_wrap=True),
        Column("measure", lambda row: row["measure"], no_wrap=True),
        Column("status", lambda row: row["status"], no_wrap=True, style=lambda row: STATUS_STYLE.get(row["status"])),
        Column("days", lambda row: row["days_left"], no_wrap=True, justify="right"),
        Column("title", what, only="table"),
        # Before the registry fill the ids are empty: the raw line still says who.
        Column("departments", lambda row: "、".join(department_name(package, i) for i in row["departments"])
               or row["responsible_raw"] or "", only="table"),
        Column("plan", lambda row: row["plan"], only="flat"),
        Column("seq", lambda row: row["seq"], only="flat"),
        Column("title", lambda row: row["title"], only="flat"),
        Column("label", lambda row: row["label"], only="flat"),
        Column("departments", lambda row: row["departments"], only="flat"),
        Column("deadline", lambda row: row["deadline"], only="flat"),
    ]
