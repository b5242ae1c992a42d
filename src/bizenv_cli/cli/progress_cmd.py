"""`bizenv progress`: the work ledger's scorecard, by plan or by department (docs/ledger.md)."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from enum import Enum
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app
from bizenv_cli.cli.emit import emit
from bizenv_cli.cli.options import (DeptOption, FormatOption, OutputOption, PlanOption, day_option, load, one_of,
                                    plural, resolve_department, resolve_plan)
from bizenv_cli.outputs.render import Column


class GroupBy(str, Enum):
    plan = "plan"
    dept = "dept"


@app.command()
def progress(
    ctx: typer.Context,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="The day milestones are judged as of: reports of that day or "
                                              "earlier count (default: today).")] = None,
    plan: PlanOption = None,
    dept: DeptOption = None,
    group_by: Annotated[GroupBy, typer.Option(
        "--group-by", case_sensitive=False, parser=one_of(GroupBy), help="One row per plan, or per department (a milestone counts for "
                                                 "every body its measure names, and for a collective "
                                                 "that covers one, as --dept finds it).")] = GroupBy.plan,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Score the milestones due by a day against the work ledger (工作台账).

    For each plan (or department): milestones due by --as-of, how many were done on time, done
    late, dropped, are overdue, and are overdue with no report at all; milestones still to come;
    ongoing measures; and the completion and on-time rates ((done + done late) / (due − dropped),
    done / (due − dropped)).

    \b
    Examples:
      bizenv progress --as-of 2022-10-15
      bizenv progress --as-of 2022-10-15 --dept 市税务局 --group-by dept
      bizenv progress --plan 9 --format json
    """
    from bizenv_cli.cli.ledger_options import load_ledger_of
    from bizenv_cli.ledger.scorecard import scorecard

    day = day_option(as_of, "--as-of")
    package = load(ctx)
    department = resolve_department(package, dept)
    plan_number = resolve_plan(package, plan)
    from bizenv_cli.ledger import Ledger

    ledger = load_ledger_of(ctx) or Ledger()
    rows = scorecard(package, ledger, day, group_by.value, plan_number, department.id if department else None)
    words = [f"plan {plan_number}" if plan_number else None,
             f"{department.name} ({department.id})" if department else None,
             "no reports in the ledger" if not ledger else plural(len(ledger.reports), "report")]
    title = (f"progress as of {day.isoformat()} by {group_by.value}" + "".join(f"; {w}" for w in words if w)
             + f" — {plural(len(rows), 'row')}")
    emit(ctx, rows, PROGRESS_COLUMNS, output_format, output, title)


def _rate(key: str):
    def percent(row: dict) -> str | None:
        return None if row[key] is None else f"{row[key] * 100:.0f}%"
    return percent


PROGRESS_COLUMNS = [
    Column("key", lambda row: row["key"], no_wrap=True),
    Column("name", lambda row: row["name"]),
    Column("due", lambda row: row["due_by_as_of"], justify="right", only="table"),
    Column("due_by_as_of", lambda row: row["due_by_as_of"], only="flat"),
    Column("done", lambda row: row["done"], justify="right"),
    Column("late", lambda row: row["done_late"], justify="right", only="table"),
    Column("done_late", lambda row: row["done_late"], only="flat"),
    Column("dropped", lambda row: row["dropped"], justify="right"),
    Column("overdue", lambda row: row["overdue"], justify="right", style=lambda row: "red" if row["overdue"] else None),
    Column("unreported", lambda row: row["unreported"], justify="right"),
    Column("upcoming", lambda row: row["upcoming"], justify="right"),
    Column("done_early", lambda row: row["done_early"], only="flat"),
    Column("ongoing", lambda row: row["ongoing"], justify="right"),
    Column("complete", _rate("completion_rate"), justify="right", only="table"),
    Column("on time", _rate("on_time_rate"), justify="right", only="table"),
    Column("completion_rate", lambda row: row["completion_rate"], only="flat"),
    Column("on_time_rate", lambda row: row["on_time_rate"], only="flat"),
]
