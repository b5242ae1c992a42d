"""`bizenv ledger template` / `bizenv ledger import`: the spreadsheet round trip offices run (docs/ledger.md)."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from pathlib import Path
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, BizenvGroup, BizenvTyper, app, fail_usage, settings
from bizenv_cli.cli.options import day_option, input_file, load, plural, refuse_data_file, write_output

# What `ledger import` reads (ledger/sheet_files.py): the template's own two formats.
SHEET_SUFFIXES = (".xlsx", ".csv")

ledger_app = BizenvTyper(
    name="ledger",
    help="The work ledger's spreadsheet round trip: template and import.\n\n"
         "A body fills in the template in Excel or WPS; the import writes its report.\n\n"
         "\b\nExamples:\n  bizenv ledger template --dept 市税务局 --as-of 2022-06-30 -o tax-2022-06.xlsx\n"
         "  bizenv ledger import tax-2022-06.xlsx --by tax --as-of 2022-06-30",
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
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="The day of the round; 当前状态 is the status as of it "
                                              "(default: today).")] = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", help="The template to write: F.xlsx, or F.csv (UTF-8 with BOM, "
                                               "for Excel).")] = ...,
) -> None:
    """Write the template a body fills in: every milestone it holds a role in, every indicator it answers for.

    One row per milestone (09.02#1), per ongoing measure (09.02) and per indicator (09.i1), with
    its plan, title, date, the deadline as printed, the body's role and the status as of --as-of;
    then the columns to fill: 状态 (未启动/推进中/已完成/已取消), 完成日期, 进展情况, 实际值.

    The indicators are those `bizenv gaps --dept` lists for the body (its --help states the rule);
    职责 says why: 牵头/负责 (the indicator's own cells), 相关措施负责 (a measure naming it), or
    方案各措施负责 (every measure of its plan names the body). An indicator the source names no
    body for is on no template.

    \b
    Examples:
      bizenv ledger template --dept 市税务局 --as-of 2022-06-30 -o tax-2022-06.xlsx
      bizenv ledger template --dept tax -o tax.csv
    """
    from bizenv_cli.cli.ledger_options import load_ledger_of, reporting_body
    from bizenv_cli.ledger.spreadsheet import template_rows
    from bizenv_cli.outputs.formats import format_for_path, format_of
    from bizenv_cli.outputs.ledger_template import template_listing

    if output.suffix.lower() not in (".xlsx", ".csv"):
        fail_usage(f"-o: the template is F.xlsx or F.csv, not '{output.name}'")
    if output.is_dir():
        fail_usage(f"-o: '{output}' is a folder; give a file name")
    refuse_data_file(ctx, output)
    day = day_option(as_of, "--as-of")
    package = load(ctx)
    body = reporting_body(package, dept, "--dept")
    rows = template_rows(package, load_ledger_of(ctx), body.id, day)  # None: no report yet
    write_output(output, format_of(format_for_path(output)).write(template_listing(rows)).content)
    typer.echo(f"wrote {plural(len(rows), 'row')} for {body.name} ({body.id}) as of {day} to {output}", err=True)


@ledger_app.command("import")
def import_sheet(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The filled-in template (.xlsx or .csv).")],
    by: Annotated[str, typer.Option(
        "--by", metavar="DEPT", help="The reporting body: its id, name or any alias (tax, 市税务局).")],
    as_of: Annotated[str, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="The day the report describes; it goes to "
                                              "data/progress/<YYYY-MM>/<DEPT>.yaml.")],
) -> None:
    """Read a filled-in template back into the work ledger.

    Takes the sheet as Excel or WPS left it: status in Chinese or English, days as spreadsheet
    dates or typed as 2022-06-20, 2022/6/20 or 2022年6月20日, blank rows anywhere. Rows with
    nothing filled in report nothing. A sheet with any bad row is refused as a whole: every bad
    row is named as FILE:ROW column: message, and nothing is written (exit 1).

    \b
    Examples:
      bizenv ledger import tax-2022-06.xlsx --by tax --as-of 2022-06-30
      bizenv ledger import 税务局6月台账.csv --by 市税务局 --as-of 2022-06-30
    """
    from bizenv_cli.cli.ledger_options import refuse, reporting_body
    from bizenv_cli.ledger.record import RecordError, record_change
    from bizenv_cli.ledger.spreadsheet import SheetError, import_rows, read_sheet

    day = day_option(as_of, "--as-of")
    input_file(path)
    package = load(ctx)
    body = reporting_body(package, by)
    if path.suffix.lower() not in SHEET_SUFFIXES:
        # A usage error (exit 2), not invalid data: the office saved the sheet in another format.
        fail_usage(f"FILE: {path.name} is not a .xlsx or .csv file; save the filled-in template as .xlsx "
                   "(Excel, WPS or LibreOffice: 另存为 .xlsx) or .csv")
    name = str(path)
    try:
        imported = import_rows(read_sheet(path, name), name, package, day)
    except SheetError as error:
        typer.echo(str(error), err=True)
        typer.echo("bizenv: the import is refused; nothing was written", err=True)
        raise typer.Exit(EXIT_INVALID)
    if imported.errors:
        refuse(imported.errors, f"the import ({plural(len(imported.errors), 'bad row')}) is")
    if not imported.updates and not imported.actuals:
        typer.echo(f"{name}: no row is filled in; nothing to import", err=True)
        return
    data_dir = settings(ctx).data_dir()
    try:
        change = record_change(data_dir, package, body.id, day, imported.updates, imported.actuals)
    except RecordError as error:
        refuse(error.problems or [str(error)], "the import is")
    for warning in change.warnings:
        typer.echo(str(warning), err=True)
    typer.echo(f"imported {plural(len(imported.updates), 'update')} and {plural(len(imported.actuals), 'actual')} "
               f"from {name} into {data_dir.display(change.path)}", err=True)
