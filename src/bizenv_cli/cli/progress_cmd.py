"""`bizenv progress`: the work ledger's scorecard, by plan or by department (docs/ledger.md)."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from enum import Enum
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app
from bizenv_cli.cli.emit import emit, resolve_format
from bizenv_cli.cli.options import (DeptOption, FormatOption, OutputOption, PlanOption, day_declared, day_option,
                                    describe_departments, describe_plans, heading, load, note_no_deadline, one_of,
                                    resolve_departments, resolve_plans, LangOption)
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.formats import OutputFormat
from bizenv_cli.outputs.render import Column


class GroupBy(str, Enum):
    plan = "plan"
    dept = "dept"


@app.command()
def progress(
    ctx: typer.Context,
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "The day milestones are judged as of: reports of that day or earlier count", "today")] = None,
    plan: PlanOption = None,
    dept: DeptOption = None,
    group_by: Annotated[GroupBy, typer.Option(
        "--group-by", case_sensitive=False, parser=one_of(GroupBy), help="One row per plan, or per department (a milestone counts for "
                                                 "every body its measure names, and for a collective "
                                                 "that covers one, as --dept finds it).")] = GroupBy.plan,
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Score the milestones due by a day against the work ledger (工作台账).

    For each plan (or department): milestones due by --as-of (due), how many were done on time
    (done), done late (late), dropped (drop), are overdue, and are overdue with no report at all
    (unrep); milestones still to come (later); ongoing measures; and the completion and on-time
    rates (done% = (done + late) / (due − drop), on time = done / (due − drop)). The table and
    --format md end with a total row, each milestone counted once; the flat formats name every
    column in full (docs/json.md).

    \b
    Examples:
      bizenv progress --as-of 2022-10-15
      bizenv progress --as-of 2022-10-15 --dept 市税务局 --group-by dept
      bizenv progress --as-of 2022-10-15 --dept tax --dept finance --plan 9,10
      bizenv progress --plan 9 --format json
    """
    from bizenv_cli.api import progress as scored
    from bizenv_cli.query.queries import MeasureFilter, no_deadline_count
    from bizenv_cli.cli.ledger_options import load_ledger_of

    day = day_option(as_of, "--as-of")
    package = load(ctx)
    departments = resolve_departments(package, dept)
    plan_numbers = resolve_plans(package, plan)
    ledger = load_ledger_of(ctx)
    # The total is for a reader; the rows a script or a spreadsheet reads stay one kind of row.
    totalled = resolve_format(output_format, output) in TOTALLED_FORMATS
    rows = scored(package, ledger=ledger, as_of=day, group_by=group_by.value, plans=plan_numbers,
                  departments=[department.id for department in departments], total=totalled)
    chosen = MeasureFilter(plans=tuple(plan_numbers),
                           departments=tuple(package.registry.scope(department.id) for department in departments))
    note_no_deadline(no_deadline_count(package, chosen), chosen != MeasureFilter(),
                     "the scorecard leaves {them} out")
    counted = len(rows) - 1 if totalled else len(rows)
    words = [describe_plans(plan_numbers), describe_departments(departments),
             Phrase("no reports in the ledger") if not ledger else plural(len(ledger.reports), "report")]
    title = heading(Phrase("progress as of {day} by {group}", day=day.isoformat(), group=group_by.value), words,
                    plural(counted, "row"))
    emit(ctx, rows, progress_columns(group_by), output_format, output, title)


# The formats a person reads: they end with a total row (docs/ledger.md#the-scorecard-bizenv-progress).
TOTALLED_FORMATS = (OutputFormat.table, OutputFormat.md)


def _rate(key: str):
    def percent(row: dict) -> str | None:
        return None if row[key] is None else f"{row[key] * 100:.0f}%"
    return percent


def _plan(row: dict) -> str:
    # The plan's number opens its title; the total row has no key.
    return Phrase("total") if row["key"] is None else f"{row['key']} {row['name']}"


def _body(row: dict) -> str:
    return Phrase("total") if row["key"] is None else row["name"]


def _count(header: str, key: str, **style) -> Column:
    # A short header stands for its JSON key, which names it in another language.
    return Column(header, lambda row: row[key], no_wrap=True, justify="right", only="table", key=key, **style)


def progress_columns(group_by: GroupBy) -> list[Column]:
    """The table in 80 columns: the group's name folds, the counts under short headers (the help
    says each); the flat formats carry the JSON keys."""
    return [
        # By department the table names each body as the other listings do; its id is in the flat formats.
        Column("plan" if group_by is GroupBy.plan else "name",
               _plan if group_by is GroupBy.plan else _body, only="table"),
        _count("due", "due_by_as_of"),
        _count("done", "done"),
        _count("late", "done_late"),
        _count("drop", "dropped"),
        _count("overdue", "overdue", style=lambda row: "red" if row["overdue"] else None),
        _count("unrep", "unreported"),
        _count("later", "upcoming"),
        _count("ongoing", "ongoing"),
        Column("done%", _rate("completion_rate"), no_wrap=True, justify="right", only="table", key="completion_rate"),
        Column("on time", _rate("on_time_rate"), no_wrap=True, justify="right", only="table", key="on_time_rate"),
        # A rate is a fraction (0.125) in JSON and CSV; a workbook shows it as the table does (13%).
        *(Column(key, _body if key == "name" else (lambda row, key=key: row[key]), only="flat",
                 sheet_format=RATE_FORMAT if key in RATE_KEYS else None) for key in FLAT_KEYS),
    ]


RATE_KEYS, RATE_FORMAT = ("completion_rate", "on_time_rate"), "0%"
FLAT_KEYS = ("key", "name", "due_by_as_of", "done", "done_late", "dropped", "overdue", "unreported", "upcoming",
             "done_early", "ongoing", "completion_rate", "on_time_rate")
