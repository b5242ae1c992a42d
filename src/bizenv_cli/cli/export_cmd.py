"""`bizenv export -o F.xlsx|F.sqlite`: the whole package in one file people open."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from pathlib import Path
from typing import Annotated, Optional

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
        "--as-of", "The day the workbook's milestone statuses are counted from", "today")] = None,
    lang: LangOption = None,
) -> None:
    """Write the whole package to one workbook or one SQLite database.

    The workbook has a summary sheet, the plans, one sheet per plan with its measures, every
    milestone with its status, the departments, the indicators and, when data/progress/ holds
    reports, the ledger; its headers and status words are Chinese (--lang en: English), and
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
    progress, actuals, ledger = _ledger(ctx)

    if kind == "xlsx":
        from bizenv_cli.outputs.workbook import package_workbook

        content = package_workbook(package, day, progress, actuals, ledger, lang.value if lang else "zh")
    else:
        from bizenv_cli.outputs.sqlite import database_bytes

        content = database_bytes(package, progress, actuals)
    write_output(output, content)
    counts = [plural(len(package.plans), "plan"), plural(sum(len(plan.measures) for plan in package.plans), "measure"),
              plural(sum(len(plan.indicators) for plan in package.plans), "indicator")]
    # The ledger's rows, updates and actuals alike, are in the file: a ledger of actuals alone too.
    counts += [plural(len(rows), noun)
               for rows, noun in ((progress, "ledger update"), (actuals, "ledger actual")) if rows]
    typer.echo(f"wrote {', '.join(counts)} to {output} ({kind})", err=True)


def _ledger(ctx: typer.Context):
    """The ledger's rows for the tables, and the ledger for the statuses; a report that cannot
    be read is named with file:line:col, exit 1."""
    from bizenv_cli.outputs.ledger_rows import ledger_rows, work_ledger
    from bizenv_cli.files.problems import DataError

    data_dir = settings(ctx).data_dir()
    try:
        ledger = work_ledger(data_dir)
        return (*ledger_rows(ledger, data_dir), ledger)
    except DataError as error:
        typer.echo(f"{error.problem}", err=True)
        typer.echo("bizenv: the ledger cannot be read; `bizenv validate` checks every file", err=True)
        raise typer.Exit(EXIT_INVALID)
