"""`bizenv export -o F.xlsx|F.sqlite`: the whole package in one file people open."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, fail_usage, settings
from bizenv_cli.cli.options import LangOption, day_declared, day_option, load, refuse_data_file, write_output
from bizenv_cli.model.wording import plural
from bizenv_cli.outputs.formats import FORMATS

# A workbook by the extensions the formats registry gives the xlsx writer; a database by its own.
EXPORT_KINDS = {**dict.fromkeys(FORMATS["xlsx"].extensions, "xlsx"),
                **dict.fromkeys((".sqlite", ".sqlite3", ".db"), "sqlite")}


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="The file to write: .xlsx (a workbook) or .sqlite / .sqlite3 / .db (a SQLite database).")] = None,
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "The day the workbook is as of: its milestones' statuses, and the ledger's reports "
        "as of that day or before", "today")] = None,
    lang: LangOption = None,
) -> None:
    """Write the whole package to one workbook or one SQLite database.

    The workbook has a summary sheet, the plans, one sheet per plan with its measures, every
    milestone with its status, the departments, the indicators and, when data/progress/ holds
    reports, the ledger as of its day; its headers and status words are Chinese (--lang en: English), and
    every sheet prints on A4 landscape, one page wide. The database has the tables files, plans,
    departments, department_scope, measures, milestones, responsibilities, indicators, targets,
    indicator_responsibilities, indicator_owners, progress and actuals (docs/store.md), with
    primary and foreign keys and indexes; it opens in Datasette as it is.

    \b
    Examples:
      bizenv export -o pingdingshan-2022.xlsx
      bizenv export -o pingdingshan-2022-en.xlsx --lang en
      bizenv export -o pingdingshan-2022.sqlite
      sqlite3 pingdingshan-2022.sqlite "select department, count(*) from responsibilities group by 1"
    """
    if output is None:
        fail_usage("export: give the file to write with -o FILE.xlsx or -o FILE.sqlite")
    if output.is_dir():
        fail_usage(f"-o: '{output}' is a folder; give a file name")
    kind = EXPORT_KINDS.get(output.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(EXPORT_KINDS))
        fail_usage(f"-o: cannot tell what to export to '{output}' from its extension (known: {known})")
    if kind != "xlsx":
        # A database holds the data as it is: no status counted from a day, no headers to translate.
        for given, option in ((as_of, "--as-of"), (lang, "--lang")):
            if given is not None:
                fail_usage(f"{option}: only the workbook has it (-o FILE.xlsx); a database holds the data as it is")
    refuse_data_file(ctx, output)
    day = day_option(as_of, "--as-of")
    package = load(ctx)
    # The workbook shows the ledger as of its day, as the statuses it counts are judged; the
    # database, which has no day, every report.
    ledger_rows, ledger = _ledger(ctx, day if kind == "xlsx" else None)

    if kind == "xlsx":
        from bizenv_cli.outputs.workbook import package_workbook

        content = package_workbook(package, day, ledger_rows.progress, ledger_rows.actuals, ledger,
                                   lang.value if lang else "zh")
    else:
        from bizenv_cli.outputs.sqlite import database_bytes

        if ledger:
            _refuse_a_ledger_that_does_not_validate(ctx, package)
        content = database_bytes(package, ledger_rows)
    write_output(output, content)
    counts = [plural(len(package.plans), "plan"), plural(sum(len(plan.measures) for plan in package.plans), "measure"),
              plural(sum(len(plan.indicators) for plan in package.plans), "indicator")]
    # The ledger's rows, updates and actuals alike, are in the file: a ledger of actuals alone too.
    counts += [plural(len(rows), noun)
               for rows, noun in ((ledger_rows.progress, "ledger update"), (ledger_rows.actuals, "ledger actual"))
               if rows]
    typer.echo(f"wrote {', '.join(counts)} to {output} ({kind})", err=True)


def _ledger(ctx: typer.Context, as_of: Optional[date]):
    """The ledger's rows for the sheets or tables (of the reports as of `as_of`; None: every
    report), and the ledger for the statuses; a report that cannot be read is named with
    file:line:col, exit 1."""
    from bizenv_cli.outputs.ledger_rows import ledger_rows, work_ledger
    from bizenv_cli.files.problems import DataError

    data_dir = settings(ctx).data_dir()
    try:
        ledger = work_ledger(data_dir)
        return ledger_rows(ledger, data_dir, as_of), ledger
    except DataError as error:
        _fail_on_ledger([error.problem], "the ledger cannot be read")


def _refuse_a_ledger_that_does_not_validate(ctx: typer.Context, package) -> None:
    """The database's keys join every ledger row to a measure, a milestone, an indicator and a body
    the plans hold: a report naming one they lack (09.02#9, a measure with one milestone) is named
    with file:line:col, exit 1, as `bizenv validate` names it, rather than written without its keys."""
    from bizenv_cli.ledger.checks import check_ledger

    _, problems = check_ledger(settings(ctx).data_dir(), package.plans, package.registry)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        _fail_on_ledger(errors, "the ledger does not validate, and the database's keys would not hold")


def _fail_on_ledger(problems, why: str) -> NoReturn:
    for problem in problems:
        typer.echo(f"{problem}", err=True)
    typer.echo(f"bizenv: {why}; `bizenv validate` checks every file", err=True)
    raise typer.Exit(EXIT_INVALID)
