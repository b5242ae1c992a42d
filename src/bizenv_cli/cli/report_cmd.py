"""`bizenv report -o F.html`: the 挂图作战 chart and summary, one self-contained page."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from pathlib import Path
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, app, fail_usage, settings
from bizenv_cli.cli.options import (DeptOption, LangOption, PlanOption, day_declared, day_option, load,
                                    refuse_data_file, resolve_departments, resolve_plans, write_output)


@app.command()
def report(
    ctx: typer.Context,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", help="The page to write (.html); without it the HTML goes to "
                                               "standard output.")] = None,
    as_of: Annotated[Optional[str], day_declared("--as-of", "The day statuses are counted from", "today")] = None,
    plan: PlanOption = None,
    dept: DeptOption = None,
    lang: LangOption = None,
) -> None:
    """Write the 挂图作战 chart: one HTML page to open in a browser or print on A4.

    Headline figures; a timeline of every milestone by month and plan, coloured by its status as
    of --as-of; each department's load and status; each indicator from baseline to target to
    frontier; the overdue milestones with who is responsible and what they reported. In Chinese;
    --lang en writes it in English. The page is self-contained (styles and charts inline, local
    fonts): it asks the network for nothing. The milestones and their statuses are those of
    `bizenv due` for the same --as-of.

    \b
    Examples:
      bizenv report -o report.html
      bizenv report --as-of 2022-07-01 --plan 9 -o taxes.html
      bizenv report --dept 市税务局 --as-of 2022-10-01 -o tax.html
      bizenv report --plan 9 --plan 10 -o two-plans.html
      bizenv report --lang en -o report-en.html
    """
    if output is not None and output.is_dir():
        fail_usage(f"-o: '{output}' is a folder; give a file name")
    if output is not None and output.suffix.lower() not in (".html", ".htm"):
        fail_usage(f"-o: a report is an HTML page; give a file name ending in .html (not '{output.name}')")
    if output is not None:
        refuse_data_file(ctx, output)
    day = day_option(as_of, "--as-of")
    package = load(ctx)
    departments = resolve_departments(package, dept)
    plan_numbers = resolve_plans(package, plan)

    from bizenv_cli.outputs.report import render_report

    page = render_report(package, day, plan_numbers, [department.id for department in departments], _ledger(ctx),
                         lang.value if lang else "zh")
    if output is None:
        typer.echo(page, nl=False)
        return
    write_output(output, page)
    typer.echo(f"wrote the report as of {day.isoformat()} to {output}", err=True)


def _ledger(ctx: typer.Context):
    """The work ledger, when data/progress/ holds reports: statuses done, done-late and dropped,
    and indicators' actuals, as `bizenv due` and `gaps` show them."""
    from bizenv_cli.outputs.ledger_rows import work_ledger
    from bizenv_cli.files.problems import DataError

    try:
        return work_ledger(settings(ctx).data_dir())
    except DataError as error:
        typer.echo(f"{error.problem}", err=True)
        typer.echo("bizenv: the ledger cannot be read; `bizenv validate` checks every file", err=True)
        raise typer.Exit(EXIT_INVALID)
