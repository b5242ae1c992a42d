"""`bizenv ledger template` / `import` / `remove`: the spreadsheet round trip offices run (docs/ledger.md)."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from pathlib import Path
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, BizenvGroup, BizenvTyper, app, fail_usage, settings
from bizenv_cli.cli.options import (day_declared, input_file, load, refuse_data_file, user_data_dir,
                                    write_output)
from bizenv_cli.ledger.sheet_files import SHEET_SUFFIXES
from bizenv_cli.model.wording import plural


ledger_app = BizenvTyper(
    name="ledger",
    help="The work ledger's spreadsheet round trip: template, import, remove.\n\n"
         "A body fills in the template in Excel, WPS or LibreOffice; the import makes its report for "
         "that day what the sheet says.\n\n"
         "\b\nExamples:\n  bizenv ledger template --dept 市税务局 --as-of 2022-06-30 -o tax-2022-06.xlsx\n"
         "  bizenv ledger import tax-2022-06.xlsx\n"
         "  bizenv ledger remove --by tax --as-of 2022-06-30",
    cls=BizenvGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(ledger_app)


@ledger_app.command()
def template(
    ctx: typer.Context,
    dept: Annotated[str, typer.Option(
        "--dept", metavar="DEPT", help="The body the template is for: its id, name or any alias (tax, 市税务局).")],
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "The day of the round; 当前状态 is the status as of it", "today")] = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", help="The template to write: F.xlsx, or F.csv (UTF-8 with BOM, "
                                               "for Excel).")] = ...,
) -> None:
    """Write the template a body fills in: every milestone it holds a role in, every indicator it answers for.

    A heading says whose and which day it is (填报单位, 截至日期, 方案包; in an .xlsx also as
    document properties), so that the import needs neither --by nor --as-of. One row per
    milestone (09.02#1), per ongoing measure (09.02) and per indicator (09.i1, with its 基线 and
    年底目标), with its plan, title, date, the deadline as printed, the body's role and the status
    as of --as-of; then the columns to fill, marked: 状态 (a drop-down of 未启动/推进中/已完成/已取消),
    完成日期, 进展情况, 实际值. What the body's latest report as of --as-of said is filled in
    already, to be corrected.

    The indicators are those `bizenv gaps --dept` lists for the body (its --help states the rule);
    职责 says why: 牵头/负责 (the indicator's own cells), 相关措施负责 (a measure naming it), or
    方案各措施负责 (every measure of its plan names the body). An indicator the source names no
    body for is no template's.

    \b
    Examples:
      bizenv ledger template --dept 市税务局 --as-of 2022-06-30 -o tax-2022-06.xlsx
      bizenv ledger template --dept tax -o tax.csv
    """
    from bizenv_cli.api import template_content
    from bizenv_cli.cli.ledger_options import load_ledger_of, report_day, reporting_body
    from bizenv_cli.ledger.days import before_the_plans, year_of_the_plans
    from bizenv_cli.ledger.spreadsheet import last_report

    if output.suffix.lower() not in SHEET_SUFFIXES:
        fail_usage(f"-o: the template is F.xlsx or F.csv, not '{output.name}'")
    if output.is_dir():
        fail_usage(f"-o: '{output}' is a folder; give a file name")
    refuse_data_file(ctx, output)
    day = report_day(as_of)  # its report could not hold another day, nor its import read it back
    package = load(ctx)
    if doubtful := before_the_plans(day, year_of_the_plans(package.plans)):
        # As record and the import say it of the report's day: an office would fill in a round
        # for the wrong year before hearing of it.
        typer.echo(f"bizenv: warning: --as-of: {doubtful}", err=True)
    body = reporting_body(package, dept, "--dept")
    ledger = load_ledger_of(ctx)  # None: no report yet
    rows, content = template_content(package, body, day, ledger, output.suffix.lower())
    write_output(output, content)
    carried = last_report(ledger, body.id, day)
    typer.echo(f"wrote {plural(len(rows), 'row')} for {body.name} ({body.id}) as of {day} to {output}"
               + (f"; filled in from its report as of {carried.as_of}" if carried else ""), err=True)
    if settings(ctx).data_dir().how_found == "package":
        # Run from the wrong folder, an office would fill in again what its ledger already holds, and
        # the import of that sheet replaces the report: say which data the template was made from.
        typer.echo("bizenv: note: no data folder here: the template is of the copy shipped with bizenv, and "
                   "its ledger's reports (--data DIR names your data folder)", err=True)


@ledger_app.command("import")
def import_sheet(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The filled-in template (.xlsx or .csv).")],
    by: Annotated[Optional[str], typer.Option(
        "--by", metavar="DEPT", help="The reporting body (id, name or alias). The template says whose it is: "
                                     "given, this must agree with it.")] = None,
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "The day the report describes. The template says which day it is for: given, this must "
                   "agree with it")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print what the import would change, and write nothing.")] = False,
) -> None:
    """Make a body's report for a day what its filled-in template says.

    The template names its body and day (its heading, and in an .xlsx its document properties);
    --by and --as-of are needed only for a template made before it did, and otherwise must agree
    with it (exit 1, nothing written). The report of that body and day becomes the sheet: a row
    cleared in a corrected sheet is removed from the report, a changed row replaces the one
    reported. What changed against the report as it was is printed in `bizenv diff`'s words
    (progress-recorded / -changed / -removed, actual-...), one line an item; --dry-run prints it and
    writes nothing.

    Takes the sheet as Excel, WPS or LibreOffice left it: status in Chinese or English, days as
    spreadsheet dates (a day count such as 44732 too) or typed as 2022-06-20, 2022/6/20 or
    2022年6月20日, blank rows anywhere. A sheet with any bad row is refused as a whole: every
    problem is named as FILE:ROW column: message, and nothing is written (exit 1).

    \b
    Examples:
      bizenv ledger import tax-2022-06.xlsx
      bizenv ledger import tax-2022-06.xlsx --dry-run
      bizenv ledger import 税务局6月台账.csv --by 市税务局 --as-of 2022-06-30
    """
    from bizenv_cli.cli.ledger_options import (counts_text, option_names, print_changes, refuse, report_day,
                                               report_findings, reporting_body)
    from bizenv_cli.ledger.record import RecordError
    from bizenv_cli.ledger.spreadsheet import RowsRefused, SheetError, SheetUnnamed, import_report

    day = report_day(as_of) if as_of is not None else None
    input_file(path)
    data_dir = user_data_dir(ctx)
    package = load(ctx)
    named = reporting_body(package, by) if by is not None else None
    if path.suffix.lower() not in SHEET_SUFFIXES:
        # A usage error (exit 2), not invalid data: the office saved the sheet in another format.
        fail_usage(f"FILE: {path.name} is not a .xlsx or .csv file; save the filled-in template as .xlsx "
                   "(Excel, WPS or LibreOffice: 另存为 .xlsx) or .csv")
    name = str(path)
    try:
        done = import_report(data_dir, package, path, name, named, day, dry_run, option_names())
    except SheetUnnamed as error:
        fail_usage(str(error))
    except SheetError as error:
        typer.echo(str(error), err=True)
        typer.echo("bizenv: the import is refused; nothing was written", err=True)
        raise typer.Exit(EXIT_INVALID)
    except RowsRefused as error:
        refuse(error.problems, f"the import ({plural(error.imported.problems, 'problem')} in "
                               f"{plural(error.imported.problem_rows, 'row')}) is")
    except RecordError as error:
        refuse(error.problems or [str(error)], "the import is")
    if done.change is None:
        typer.echo(f"{name}: no row is filled in; nothing to import", err=True)
        return
    for warning in done.warnings:
        typer.echo(warning, err=True)
    counts = print_changes(report_findings(done.change))
    imported = done.imported
    what = (f"{plural(len(imported.updates), 'update')} and {plural(len(imported.actuals), 'actual')} from {name} "
            f"into {data_dir.display(done.change.path)} ({done.body.id}, as of {done.as_of})")
    if dry_run:
        typer.echo(f"would import {what}: {counts_text(counts)}; --dry-run: nothing was written", err=True)
    else:
        typer.echo(f"imported {what}: {counts_text(counts)}", err=True)


@ledger_app.command()
def remove(
    ctx: typer.Context,
    by: Annotated[str, typer.Option(
        "--by", metavar="DEPT", help="The reporting body: its id, name or any alias (tax, 市税务局).")],
    as_of: Annotated[str, day_declared("--as-of", "The day of the report to remove")],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print what would be removed, and remove nothing.")] = False,
) -> None:
    """Remove a body's report for a day from the work ledger.

    Every item the report held is printed as `bizenv diff` names it (progress-removed,
    actual-removed); the queries then judge by the body's other reports. A body with no report
    as of that day is exit 1, and nothing changes; a day no report can hold (before 1954-10-03,
    after 2119-01-11) is a usage error (exit 2).

    \b
    Examples:
      bizenv ledger remove --by tax --as-of 2022-06-15 --dry-run
      bizenv ledger remove --by 市税务局 --as-of 2022-06-15
    """
    from bizenv_cli.cli.ledger_options import print_changes, refuse, report_day, report_findings, reporting_body
    from bizenv_cli.ledger.record import RecordError, remove_report

    day = report_day(as_of)  # no report holds another day: none is there to remove
    data_dir = user_data_dir(ctx)
    package = load(ctx)
    body = reporting_body(package, by)
    try:
        change = remove_report(data_dir, body.id, day, dry_run=dry_run)
    except RecordError as error:
        refuse(error.problems or [str(error)], "the removal is")
    counts = print_changes(report_findings(change))
    what = f"{data_dir.display(change.path)} ({body.id}, as of {day}; {counts['removed']} removed)"
    typer.echo(f"would remove {what}; --dry-run: nothing was removed" if dry_run else f"removed {what}", err=True)
