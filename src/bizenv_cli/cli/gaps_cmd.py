"""`bizenv gaps`: each indicator's distance to its year-end target and to the national frontier."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from functools import partial
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app
from bizenv_cli.cli.emit import emit
from bizenv_cli.cli.options import (department_names, limited, DeptOption, FormatOption, LimitOption, OutputOption,
                                    PlanOption,
                                    choice_option, day_declared, day_option, department_name, describe_departments,
                                    describe_plans, load, period_option, resolve_departments, resolve_plans,
                                    LangOption, first_of, heading, sorted_by)
from bizenv_cli.model.changes import change_text
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.render import Column, Composed, cell_text, one_decimal


@app.command()
def gaps(
    ctx: typer.Context,
    plan: PlanOption = None,
    dept: DeptOption = None,
    indicator: Annotated[Optional[str], typer.Option(
        "--indicator", "-i", metavar="TEXT", help="Only indicators whose name, English name or id contains "
                                                  "TEXT.")] = None,
    by: Annotated[Optional[str], typer.Option(
        "--by", metavar="MONTH", help="Compare against the target due by this month (2022-06, 2022年6月; "
                                      "the last target due by then) instead of the year-end one.")] = None,
    as_of: Annotated[Optional[str], day_declared(
        "--as-of", "The actual each indicator had on this day: the latest the work ledger's reports of that "
                   "day or earlier give, as `due --as-of` judges milestones", "today")] = None,
    sort: Annotated[Optional[str], typer.Option(
        "--sort", metavar="KEY", help="Order by plan (default: plan, then source order), gap (the largest "
                                      "Δ % first: the targets farthest from their baseline) or progress "
                                      "(the least progress % first: the actuals farthest from their target; "
                                      "needs reports in the work ledger).")] = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Show each indicator's gap to its year-end target and to the frontier.

    Δ target = year-end target − baseline (Δ % is that in % of the baseline); Δ frontier =
    frontier (国内前沿水平) − year-end target; with --by MONTH the target due by that month stands
    in for the year-end one. The table lists every target with its month (2022-06 155天以下).
    Words such as 进一步提升 show as printed, with empty figures. A target printed as a change
    (同比压缩0.5次) shows as one (change -0.5 次 year on year); its figures need a printed
    baseline to apply it to. In the table ✓ (green) marks a
    target better than the baseline, or at least as good as the frontier, and ✗ (red) one that is
    not; --format csv/json give the figures unrounded.

    --dept finds the indicators a body answers for: those its table's 责任单位/牵头单位 cells name;
    else those named in the text of measures it is responsible for; else, for a plan whose every
    measure names it, that plan's indicators (docs/data-format.md states the rule).

    \b
    Examples:
      bizenv gaps --plan 13
      bizenv gaps --indicator 时间 --format csv -o time-gaps.csv
      bizenv gaps --dept 市中级人民法院 --format json
      bizenv gaps --dept tax --by 2022-06
      bizenv gaps --sort gap --limit 10
      bizenv gaps --plan 9 --as-of 2022-09-30 --sort progress
    """
    from bizenv_cli.api import gap_rows, target_month
    from bizenv_cli.query.queries import GAP_SORTS, IndicatorFilter, sort_gap_rows

    month_text = target_month(period_option(by, "--by"))
    day = day_option(as_of, "--as-of")
    sort_key = choice_option(sort, "--sort", GAP_SORTS)
    package = load(ctx)
    departments = resolve_departments(package, dept)
    plan_numbers = resolve_plans(package, plan)
    chosen = IndicatorFilter(plans=tuple(plan_numbers), text=indicator,
                             departments=tuple(package.registry.scope(d.id) for d in departments))
    from bizenv_cli.cli.ledger_options import load_ledger_of

    ledger = load_ledger_of(ctx)
    rows = gap_rows(package, chosen, by=month_text, ledger=ledger, as_of=day)  # `actual`, `progress_pct` if any
    if sort_key:
        if sort_key == "progress" and not any(row.get("progress_pct") is not None for row in rows):
            why = "the work ledger has no reports" if not ledger else f"no indicator listed has an actual as of {day}"
            typer.echo(f"bizenv: note: --sort progress: {why}; the rows keep plan order", err=True)
        rows = sort_gap_rows(rows, sort_key)
    found = len(rows)
    rows = limited(rows, limit)
    words = [describe_plans(plan_numbers), describe_departments(departments),
             Phrase("indicator '{indicator}'", indicator=indicator) if indicator else None,
             Phrase("against the targets due by {month}", month=month_text) if month_text
             else Phrase("against year-end targets"),
             (Phrase("actuals as of {day}", day=day.isoformat()) if ledger else Phrase("no reports in the ledger"))
             if as_of is not None else None,
             sorted_by(sort_key)]
    title = heading(Composed([plural(len(rows), "indicator"), first_of(len(rows), found)]), words)
    from bizenv_cli.cli.ledger_columns import actual_columns, with_ledger_columns

    columns = with_ledger_columns(GAP_COLUMNS, rows, "actual",
                                  actual_columns(partial(department_name, package)))
    emit(ctx, rows, columns, output_format, output, title, names=department_names(package))


def _verdict_style(key: str):
    def style(row: dict) -> str | None:
        verdict = row[key]
        return None if verdict is None else ("green" if verdict else "red")
    return style


def _targets(row: dict) -> str | None:
    # The target compared against, its month under it, then any other target in brackets:
    # indicators of one name (13.i1 due 2022-06, 13.i3 due 2022-12) read apart, and mid-year
    # targets show beside the year-end one.
    # A target stated as a whole sentence (02.i3) is cut short here; `bizenv show ID` and the
    # flat formats have it whole.
    compared = row.get("target")
    lines = [_cut(compared["raw"], 40) or "—", Phrase("by {month}", month=compared["by"])] if compared else ["—"]
    if compared and compared.get("change"):  # 同比压缩0.5次 is a change of the level, never the level
        lines.insert(1, Phrase("change {change}", change=change_text(compared["value"], compared["change"],
                                                                     compared["change_unit"])))
    lines += [Phrase("({by}: {raw})", by=target["by"], raw=_cut(target["raw"], 16) or "—")
              for target in row["targets"] if target != compared]
    # Composed: a file in Chinese says each phrase in Chinese.
    return Composed.lines(lines) if row["targets"] else None


def _cut(text: str | None, length: int) -> str | None:
    if text is None or len(text) <= length:
        return text
    return text[:length].rstrip() + "…"


def _percent(row: dict) -> str | None:
    return one_decimal(row["to_target_pct"])


def _with_verdict(key: str, verdict_key: str):
    # In the table a mark says better (✓) or worse (✗) without colour too; CSV keeps bare numbers.
    def value(row: dict) -> str | None:
        figure = _percent(row) if key == "to_target_pct" else row[key]
        if figure is None:
            return None
        verdict = row[verdict_key]
        mark = "" if verdict is None else (" ✓" if verdict else " ✗")
        return f"{cell_text(figure)}{mark}"
    return value


def _target(key: str):
    return lambda row: (row["target"] or {}).get(key)


# Flat headers are the JSON keys, a nested one as its path (baseline.raw).
GAP_COLUMNS = [
    Column.of("plan", only="flat"),
    Column.of("id", no_wrap=True),
    Column("indicator", lambda row: row["name"], only="table"),
    Column.of("name", only="flat"),
    Column.of("unit", only="flat"),
    Column.of("direction", only="flat"),
    Column("baseline", lambda row: _cut(row["baseline"]["raw"], 40), only="table"),
    Column("baseline.raw", lambda row: row["baseline"]["raw"], only="flat"),
    Column("baseline.value", lambda row: row["baseline"]["value"], only="flat"),
    Column("target", _targets, only="table"),
    Column("target.by", _target("by"), only="flat"),
    Column("target.raw", _target("raw"), only="flat"),
    Column("target.value", _target("value"), only="flat"),
    # A target printed as a change (同比压缩0.5次, 增长50%): its value is the change, and the
    # figures below are worked out from the level it sets, which a spreadsheet must see beside them.
    Column("target.change", _target("change"), only="flat"),
    Column("target.change_unit", _target("change_unit"), only="flat"),
    Column("target.level", _target("level"), only="flat"),
    Column("frontier", lambda row: _cut(row["frontier"]["raw"], 40), only="table"),
    Column("frontier.raw", lambda row: row["frontier"]["raw"], only="flat"),
    Column("frontier.value", lambda row: row["frontier"]["value"], only="flat"),
    Column("frontier.where", lambda row: row["frontier"]["where"], only="flat"),
    Column("Δ target", _with_verdict("to_target", "improving"), no_wrap=True, justify="right",
           style=_verdict_style("improving"), only="table"),
    Column("Δ %", _percent, no_wrap=True, justify="right", style=_verdict_style("improving"), only="table"),
    Column("Δ frontier", _with_verdict("to_frontier", "meets_frontier"), no_wrap=True, justify="right",
           style=_verdict_style("meets_frontier"), only="table"),
    Column.of("to_target", only="flat"),
    Column.of("to_target_why", only="flat"),
    Column.of("to_target_pct", only="flat"),
    Column.of("to_frontier", only="flat"),
    Column.of("improving", only="flat"),
    Column.of("meets_frontier", only="flat"),
    Column.of("departments", only="flat"),
    Column.of("departments_from", only="flat"),
]
