"""`bizenv record`: one update or one actual value into the work ledger (docs/ledger.md)."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.options import day_declared, day_option, load, text, user_data_dir


@app.command()
def record(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(
        metavar="ID", help="09.02 (every milestone of the measure), 09.02#2 (its second milestone), or an "
                           "indicator id such as 09.i1 (with --actual).")],
    as_of: Annotated[str, day_declared(
        "--as-of", "The day the report describes; a body's report for a day is "
                   "data/progress/<YYYY-MM>/<DEPT>-<YYYY-MM-DD>.yaml")],
    by: Annotated[str, typer.Option(
        "--by", metavar="DEPT", help="The reporting body: its id, name or any alias (tax, 市税务局).")],
    status: Annotated[Optional[str], typer.Option(
        "--status", metavar="STATUS", help="not-started, in-progress, done or dropped (or 未启动, 推进中, 已完成, "
                                      "已取消).")] = None,
    actual: Annotated[Optional[str], typer.Option(
        "--actual", metavar="RAW", parser=text, help="An indicator's value as reported ('3个工作日', '98%'); its number is "
                                        "read from it.")] = None,
    on: Annotated[Optional[str], day_declared(
        "--on", "With --status done: the day it was done (required). With --actual: the day it was measured",
        "--as-of")] = None,
    evidence: Annotated[Optional[str], typer.Option(
        "--evidence", metavar="TEXT", parser=text, help="What was done, or where the figure comes from, in the body's "
                                           "own words.")] = None,
    note: Annotated[Optional[str], typer.Option(
        "--note", metavar="TEXT", parser=text, help="A remark on a measure's update (an indicator's value has none: "
                                                    "--evidence says where it comes from).")] = None,
) -> None:
    """Record one update or one actual value in the work ledger (工作台账).

    The update goes into that body's report as of --as-of, replacing the same item's earlier update
    there; another day's report, in the same month too, is another report. The whole ledger is checked with the change before anything is written, and the file is written
    atomically: a refused change writes nothing (exit 1); a usage error exits 2, an id the plans
    lack or a day no report can hold (before 1954-10-03, after 2119-01-11) among them.

    \b
    Examples:
      bizenv record 09.02#1 --as-of 2022-06-30 --by tax --status done --on 2022-06-20 --evidence 已上线
      bizenv record 09.05 --as-of 2022-06-30 --by 市税务局 --status 推进中
      bizenv record 09.i10 --as-of 2022-06-30 --by tax --actual 3个工作日
    """
    from bizenv_cli.cli.ledger_options import option_names, refuse, reporting_body
    from bizenv_cli.ledger.format import item_name
    from bizenv_cli.ledger.record import NotAnItemId, RecordError, entries_for, record_change

    day = day_option(as_of, "--as-of")
    on_day = day_option(on, "--on") if on is not None else None
    given = (item, status, actual, day, on_day, evidence, note, option_names())
    try:
        entries_for(*given)  # what was given, refused before the data is read
    except NotAnItemId:
        pass  # 9.1: refused below, with the ids of the plans it may stand for (09.01 or 09.10)
    except ValueError as error:
        fail_usage(str(error))
    data_dir = user_data_dir(ctx)
    package = load(ctx)
    try:
        updates, actuals = entries_for(*given, package.plans)
    except ValueError as error:
        fail_usage(str(error))
    body = reporting_body(package, by)
    try:
        change = record_change(data_dir, package, body.id, day, updates, actuals)
    except RecordError as error:
        refuse(error.problems or [str(error)], "the record is")
    for warning in change.warnings:
        typer.echo(str(warning), err=True)
    # The item as the report holds it (09.02#1), not as typed (０９．０２＃０１, ' 09.02'): the
    # message names what was written.
    (recorded,) = [item_name(entry["measure"], entry.get("milestone")) for entry in updates] + \
        [entry["indicator"] for entry in actuals]
    typer.echo(f"recorded {recorded} in {data_dir.display(change.path)}", err=True)
