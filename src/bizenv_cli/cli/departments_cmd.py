"""`bizenv departments`: the registry of responsible bodies, with how many measures name each."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.emit import emit
from bizenv_cli.cli.options import (limited, FormatOption, LimitOption, OutputOption, choice_option, day_declared,
                                    day_option, first_of, heading, load, note_no_deadline, sorted_by, LangOption)
from bizenv_cli.model.records import ROLES
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.render import Column, Composed

STATUS_STYLE = {"overdue": "red", "due": "yellow", "upcoming": "green", "done": "green", "done-late": "yellow"}


def status_columns(rows: list[dict]) -> list[str]:
    """The status counts to show: those every row holds, in its order (query.queries.department_rows
    gives each row the same: overdue, due, upcoming, the ledger's when it holds reports, total)."""
    return list(rows[0]["status"]) if rows else ["overdue", "due", "upcoming", "total"]


@app.command()
def departments(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option(
        "--kind", metavar="KIND", help="Only one kind: municipal-department, court, county-government, "
                                       "central-branch, utility, group, ...")] = None,
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "Count each body's milestones by status as of this day: overdue, due (within 30 days), "
                   "upcoming")] = None,
    sort: Annotated[Optional[str], typer.Option(
        "--sort", metavar="KEY", help="Order by registry (default), name, id, measures, or with --as-of "
                                      "overdue, due, upcoming or total (most first).")] = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """List the responsible bodies and how many measures name each, per role.

    Roles: lead (牵头), support (配合), implement (负责落实), responsible (listed without a role
    word). The table shows each body's aliases under its name (=市发改委); --format csv/json add the
    English name, kind and group, and how many measures and indicators are each body's. With
    --as-of, each body's milestones (of every measure naming it, in any role) counted as overdue /
    due / upcoming on that day: who is behind, in one table. Every figure counts what --dept finds:
    a collective counts the measures of the entries it covers too (各县（市、区）人民政府 those of
    各县（市）人民政府 ...), and a body's indicators are those `gaps --dept` lists for it.

    \b
    Examples:
      bizenv departments
      bizenv departments --kind group
      bizenv departments --as-of 2022-07-01 --sort overdue --limit 10
      bizenv departments --format csv -o departments.csv
    """
    from bizenv_cli.api import department_rows
    from bizenv_cli.query.queries import DEPARTMENT_SORTS, SORTS_BY_STATUS, department_kind, sort_department_rows

    day = day_option(as_of, "--as-of") if as_of is not None else None
    sort_key = choice_option(sort, "--sort", DEPARTMENT_SORTS)
    if sort_key in SORTS_BY_STATUS and day is None:
        fail_usage(f"--sort {sort_key}: counts by status need --as-of DAY")
    package = load(ctx)
    if kind is not None:
        try:
            kind = department_kind(package.registry, kind)
        except ValueError as error:
            fail_usage(f"--kind: {error}")
    from bizenv_cli.cli.ledger_options import load_ledger_of  # done, done-late, dropped from the ledger

    rows = department_rows(package, kind, day, load_ledger_of(ctx) if day is not None else None)
    if day is not None:
        from bizenv_cli.query.queries import MeasureFilter, no_deadline_count

        note_no_deadline(no_deadline_count(package, MeasureFilter()), False,
                         "the counts by status leave {them} out")
    if sort_key:
        rows = sort_department_rows(rows, sort_key)
    found = len(rows)
    # The columns of every body's counts (each row counts the same statuses: those of the dates,
    # and the ledger's when it holds reports), taken before --limit keeps some of the rows.
    status_keys = status_columns(rows) if day is not None else []
    rows = limited(rows, limit)

    def name_and_aliases(row: dict) -> str:
        return "\n".join([row["name"], *(f"={alias}" for alias in row["aliases"])])

    def count(role: str):
        return lambda row: row["counts"][role]

    def status(key: str):
        return lambda row: row["status"].get(key, 0)

    if day is None:
        # Short headers keep the table within 80 columns; the flat formats say them in full.
        table_counts = [Column(short, count(role), no_wrap=True, justify="right", only="table", key=f"{role} count")
                        for short, role in (("lead", "lead"), ("supp", "support"), ("impl", "implement"),
                                            ("resp", "responsible"))]
    else:
        # As of a day the question is who is behind: the counts by status, the roles in the flat formats.
        table_counts = [Column(key, status(key), no_wrap=True, justify="right", only="table", key=f"status.{key}",
                               style=(lambda row, key=key: STATUS_STYLE.get(key) if row["status"].get(key) else None))
                        for key in status_keys]
    columns = [
        Column("name", name_and_aliases, only="table"),
        Column.of("id", no_wrap=True),
        *table_counts,
        Column.of("name", only="flat"),
        Column.of("name_en", only="flat"),
        Column.of("kind", only="flat"),
        Column.of("group", only="flat"),
        Column.of("aliases", only="flat"),
        *(Column(f"counts.{role}", count(role), only="flat") for role in ROLES),
        Column.of("measures", only="flat"),
        Column.of("indicators", only="flat"),
        *(Column(f"status.{key}", status(key), only="flat") for key in status_keys),
    ]
    words = [Phrase("kind {kind}", kind=kind) if kind else None,
             Phrase("milestones as of {day}", day=day.isoformat()) if day else None,
             sorted_by(sort_key)]
    title = heading(Composed([plural(len(rows), "department"), first_of(len(rows), found)]), words)
    emit(ctx, rows, columns, output_format, output, title)
