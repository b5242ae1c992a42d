"""`bizenv due`: the milestones that fall due in a window of dates, with their status as of a day."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from datetime import timedelta
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.emit import emit, resolve_format
from bizenv_cli.cli.options import (department_names, limited, DeptOption, GrepOption, LimitOption, PlanOption,
                                    RoleOption, choice_option, day_declared, day_option, department_name,
                                    describe_departments, describe_role, describe_plans, explain_empty_role, load,
                                    note_no_deadline, one_of, period_option, resolve_departments, resolve_plans,
                                    role_option, short_title, sorted_by, first_of, heading, LangOption, RemindOption,
                                    format_option, output_option)
from bizenv_cli.model.records import ROLES
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.formats import OutputFormat, format_of
from bizenv_cli.outputs.render import Column, Composed


class Status(str, Enum):
    overdue = "overdue"
    due = "due"
    upcoming = "upcoming"
    ongoing = "ongoing"
    # Judged by the work ledger (bizenv record / bizenv ledger import): docs/ledger.md.
    done = "done"
    done_late = "done-late"
    dropped = "dropped"


DATE_METAVAR = "DATE"

STATUS_STYLE = {"overdue": "red", "due": "yellow", "upcoming": "green", "ongoing": "cyan",
                "done": "green", "done-late": "yellow", "dropped": "dim"}


@app.command()
def due(
    ctx: typer.Context,
    before: Annotated[Optional[str], typer.Option(
        "--before", metavar=DATE_METAVAR, help="Due before the first day of the period: --before 2022-06 "
                                             "is on or before 2022-05-31. A DATE is 2022, 2022-06, "
                                             "2022-06-30, 2022年6月, 2022-Q2 or today.")] = None,
    by: Annotated[Optional[str], typer.Option(
        "--by", metavar=DATE_METAVAR, help="Due on or before the last day of the period: --by 2022-06 "
                                         "includes June.")] = None,
    after: Annotated[Optional[str], typer.Option(
        "--after", metavar=DATE_METAVAR, help="Due after the last day of the period.")] = None,
    within: Annotated[Optional[str], typer.Option(
        "--in", metavar=DATE_METAVAR, help="Due within the period: --in 2022-09 is September.")] = None,
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "The day status and days left are counted from", "today")] = None,
    dept: DeptOption = None,
    role: RoleOption = None,
    plan: PlanOption = None,
    grep: GrepOption = None,
    status: Annotated[Optional[List[Status]], typer.Option(
        "--status", case_sensitive=False, metavar="STATUS", parser=one_of(Status),
        help="Only these statuses (repeatable): overdue (before --as-of), due (within 30 days from it), "
             "upcoming (later), ongoing (持续推进, no date); from the work ledger, done, done-late, "
             "dropped.")] = None,
    include_ongoing: Annotated[bool, typer.Option(
        "--include-ongoing", help="Also list ongoing measures (持续推进), which have no date.")] = False,
    sort: Annotated[Optional[str], typer.Option(
        "--sort", metavar="KEY", help="Order rows by date (default), plan, department (the first body "
                                      "named), days (left) or status (overdue first).")] = None,
    limit: LimitOption = None,
    output_format: Annotated[Optional[OutputFormat], format_option("due")] = None,
    output: Annotated[Optional[Path], output_option("due")] = None,
    lang: LangOption = None,
    remind: RemindOption = None,
) -> None:
    """List the milestones due in a window of dates, in date order.

    The date options combine (--after 2022-03 --before 2022-07 is April to June); a staged or
    quarterly deadline gives one line per milestone. Ongoing measures (持续推进) have no date and are
    left out unless asked for; a measure with no 时间节点 at all (plan 1's, 02.04) is never listed,
    and stderr says how many of the measures chosen are such. Status is counted from --as-of:
    overdue before it, due within 30 days of it, upcoming later.

    \b
    Examples:
      bizenv due --before 2022-06
      bizenv due --by 2022-12 -o milestones.ics      # a calendar: one all-day event per milestone
      bizenv due --in 2022-09 --dept 市税务局 --as-of 2022-08-15
      bizenv due --by 2022-12 --status overdue --as-of 2022-07-01 --format json
      bizenv due --in 2022-Q2 --dept tax --dept finance --role 牵头 --sort department
      bizenv due --before 2022年7月 --grep 台账 --limit 5
    """
    from bizenv_cli.model.periods import PeriodError, window
    from bizenv_cli.query.queries import DUE_SORTS, MeasureFilter, no_deadline_count, select_measures, sort_due_rows

    periods = {name: period_option(text, f"--{name}")
               for name, text in (("before", before), ("by", by), ("after", after), ("in", within))}
    day = day_option(as_of, "--as-of")
    try:
        dates = window(before=periods["before"], by=periods["by"], after=periods["after"], within=periods["in"])
    except PeriodError as error:
        fail_usage(str(error))
    month_end = periods["before"]
    if month_end is not None and month_end.first == month_end.last and (month_end.last + timedelta(days=1)).day == 1:
        # The plans' 6月底前 is due on the month's last day: `--before 2022年6月底` leaves those out.
        typer.echo(f"bizenv: note: --before {month_end.text} leaves out the milestones due on {month_end.text} "
                   f"itself (the plans' {month_end.last.month}月底前); --by {month_end.text} includes them", err=True)

    chosen_role = role_option(role)
    sort_key = choice_option(sort, "--sort", DUE_SORTS)
    calendar_days = reminder(remind, resolve_format(output_format, output))
    package = load(ctx)
    departments = resolve_departments(package, dept)
    plan_numbers = resolve_plans(package, plan)
    measure_filter = MeasureFilter(
        plans=tuple(plan_numbers), departments=tuple(package.registry.scope(d.id) for d in departments),
        role=chosen_role.value if chosen_role else None, text=grep)
    from bizenv_cli.api import due_rows, due_statuses

    statuses = due_statuses(status, include_ongoing)
    from bizenv_cli.cli.ledger_options import load_ledger_of

    rows = due_rows(package, dates, measure_filter, day, statuses, include_ongoing, ledger=load_ledger_of(ctx))
    role_explained = False
    if not rows and chosen_role:
        # Which measures the other filters find in the window, each once, to say what roles they give.
        unfiltered = due_rows(package, dates, measure_filter._replace(role=None), day, statuses, include_ongoing,
                              ledger=load_ledger_of(ctx))
        measures = [package.measure(measure_id) for measure_id in dict.fromkeys(row["measure"] for row in unfiltered)]
        role_explained = explain_empty_role(package, departments, chosen_role, measures,
                                            "the measures " + (dates.describe() if not dates.is_open else "due"))
    if sort_key:
        rows = sort_due_rows(rows, sort_key, partial(department_name, package))
    found = len(rows)
    rows = limited(rows, limit)

    role_words = describe_role(chosen_role, departments)
    words = [describe_departments(departments), role_words, describe_plans(plan_numbers),
             Phrase("text '{text}'", text=grep) if grep else None,
             # status overdue/due: each a status, said in a title's language.
             Composed([Phrase("status {status}", status=statuses[0]),
                       *(part for status in statuses[1:] for part in ("/", Phrase("{status}", status=status)))])
             if statuses else None,
             Phrase("with ongoing") if include_ongoing and not statuses else None,
             sorted_by(sort_key)]
    title = heading(Phrase("{window}, as of {day}", window=dates.describe(), day=day.isoformat()), words,
                    count_rows(rows, found))
    if not rows and not dates.is_open and not role_explained:
        explain_empty_window(select_measures(package.plans, measure_filter), dates)  # all of them, not the window's
    note_no_deadline(no_deadline_count(package, measure_filter), measure_filter != MeasureFilter(),
                     "`due` has no row for {them}")
    calendar = None
    if calendar_days is not None:  # the calendar's module loads only when a calendar is written
        from bizenv_cli.outputs.ics import CalendarSource

        calendar = CalendarSource(package, day, calendar_days)
    from bizenv_cli.cli.ledger_columns import progress_columns, with_ledger_columns

    columns = with_ledger_columns(due_columns(package), rows, "progress",
                                  progress_columns(partial(department_name, package), with_reported=True))
    emit(ctx, rows, columns, output_format, output, title, calendar=calendar, names=department_names(package))


def reminder(days: int | None, written_as: OutputFormat) -> int | None:
    """--remind: days before a milestone that its calendar event reminds (outputs/ics.py); None
    when the listing is not written as a calendar. Only a calendar has reminders: given for another
    format, --remind is refused rather than ignored."""
    if written_as is not OutputFormat.ics:
        if days is not None:
            fail_usage(f"--remind: only a calendar has reminders (--format ics or -o FILE.ics); "
                       f"this writes {format_of(written_as).what}")
        return None
    if days is not None and days < 0:
        fail_usage(f"--remind: {days} is not a number of days before; give 0 (no reminder) or more")
    from bizenv_cli.outputs.ics import REMIND_DAYS

    return REMIND_DAYS if days is None else days


def count_rows(rows: list[dict], found: int) -> str:
    """`3 milestones`, `2 milestones, 1 ongoing measure`; `(first 5 of 40)` under --limit: an
    ongoing row is a measure without a date, not a milestone."""
    dated = sum(1 for row in rows if row["date"] is not None)
    ongoing = len(rows) - dated
    return Composed([plural(dated, "milestone"),
                     *([Phrase(", {ongoing}", ongoing=plural(ongoing, "ongoing measure"))] if ongoing else []),
                     first_of(len(rows), found)])


def explain_empty_window(selected, dates) -> None:
    """A window no milestone of the data can fall in says so, and where the milestones are."""
    from bizenv_cli.query.queries import milestone_span

    span = milestone_span(selected)
    if span is None:
        typer.echo("bizenv: note: the measures chosen have no dated milestones", err=True)
        return
    first, last = span
    if (dates.latest is not None and dates.latest < first) or (dates.earliest is not None and dates.earliest > last):
        typer.echo(f"bizenv: note: no milestone can be {dates.describe()}: the plans' milestones run from "
                   f"{first.isoformat()} to {last.isoformat()}", err=True)


def due_columns(package) -> list[Column]:
    def what(row: dict) -> str:
        title = short_title(row["title"], row["text"])
        return f"{title}\n{row['label']}" if row["label"] else title

    # Flat headers are the JSON keys (a spreadsheet's columns and jq's paths say the same words).
    return [
        Column("date", lambda row: row["date"] or (Phrase("ongoing") if row["status"] == "ongoing" else ""),
               no_wrap=True, only="table"),
        Column.of("date", only="flat"),
        Column.of("measure", no_wrap=True),
        Column.of("status", no_wrap=True, style=lambda row: STATUS_STYLE.get(row["status"])),
        Column.of("days_left", no_wrap=True, justify="right"),
        Column("title", what, only="table"),
        # Before the registry fill the ids are empty: the raw line still says who.
        Column("departments", lambda row: [department_name(package, i) for i in row["departments"]]
               or row["responsible_raw"] or "", only="table"),
        Column.of("plan", only="flat"),
        Column.of("seq", only="flat"),
        Column.of("title", only="flat"),
        Column.of("label", only="flat"),
        Column.of("departments", only="flat"),
        # The bodies by role, named as the 责任单位 line prints them, and that line itself.
        *(Column.of(role, only="flat") for role in ROLES),
        Column.of("responsible_raw", only="flat"),
        Column.of("deadline", only="flat"),
        # The measure's text: for the 32 measures printed without a heading sentence (03.10 …)
        # the title is empty, and nothing else would say what is due.
        Column.of("text", only="flat"),
    ]
