"""`bizenv gaps`: each indicator's distance to its year-end target and to the national frontier."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app
from bizenv_cli.cli.options import (DeptOption, FormatOption, OutputOption, PlanOption, emit, load, plural,
                                    resolve_department, resolve_plan)
from bizenv_cli.outputs.render import Column, cell_text


@app.command()
def gaps(
    ctx: typer.Context,
    plan: PlanOption = None,
    dept: DeptOption = None,
    indicator: Annotated[Optional[str], typer.Option(
        "--indicator", "-i", metavar="TEXT", help="Only indicators whose name, English name or id contains "
                                                  "TEXT.")] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show each indicator's gap to its year-end target and to the frontier.

    Δ target = year-end target − baseline (Δ % is that in % of the baseline); Δ frontier =
    frontier (国内前沿水平) − year-end target. Words such as 进一步提升 show as printed, with empty
    figures. In the table ✓ (green) marks a target better than the baseline, or at least as good as
    the frontier, and ✗ (red) one that is not; --format csv/json give the figures unrounded.

    \b
    Examples:
      bizenv gaps --plan 13
      bizenv gaps --indicator 时间 --format csv -o time-gaps.csv
      bizenv gaps --dept 市中级人民法院 --format json
    """
    from bizenv_cli.queries import IndicatorFilter, gap_rows

    package = load(ctx)
    department = resolve_department(package, dept)
    plan_number = resolve_plan(package, plan)
    rows = gap_rows(package.plans, IndicatorFilter(plan=plan_number, department=package.registry.scope(department.id) if department else None,
                                                   text=indicator))
    words = [f"plan {plan_number}" if plan_number else None,
             f"{department.name} ({department.id})" if department else None,
             f"indicator '{indicator}'" if indicator else None]
    title = plural(len(rows), "indicator") + "".join(f"; {word}" for word in words if word)
    emit(ctx, rows, GAP_COLUMNS, output_format, output, title)


def _verdict_style(key: str):
    def style(row: dict) -> str | None:
        verdict = row[key]
        return None if verdict is None else ("green" if verdict else "red")
    return style


def _year_end(row: dict) -> str | None:
    target = row["year_end_target"]
    return target["raw"] if target else None


def _percent(row: dict) -> str | None:
    # One decimal is what a reader compares; JSON keeps the figure to six.
    value = row["to_target_pct"]
    return None if value is None else f"{value:.1f}"


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


GAP_COLUMNS = [
    Column("plan", lambda row: row["plan"], only="flat"),
    Column("id", lambda row: row["id"], no_wrap=True),
    Column("indicator", lambda row: row["name"]),
    Column("unit", lambda row: row["unit"], only="flat"),
    Column("direction", lambda row: row["direction"], only="flat"),
    Column("baseline", lambda row: row["baseline"]["raw"]),
    Column("baseline_value", lambda row: row["baseline"]["value"], only="flat"),
    Column("target", _year_end),
    Column("target_value", lambda row: (row["year_end_target"] or {}).get("value"), only="flat"),
    Column("frontier", lambda row: row["frontier"]["raw"]),
    Column("frontier_value", lambda row: row["frontier"]["value"], only="flat"),
    Column("Δ target", _with_verdict("to_target", "improving"), no_wrap=True, justify="right",
           style=_verdict_style("improving"), only="table"),
    Column("Δ %", _percent, no_wrap=True, justify="right", style=_verdict_style("improving"), only="table"),
    Column("Δ frontier", _with_verdict("to_frontier", "meets_frontier"), no_wrap=True, justify="right",
           style=_verdict_style("meets_frontier"), only="table"),
    Column("to_target", lambda row: row["to_target"], only="flat"),
    Column("to_target_pct", lambda row: row["to_target_pct"], only="flat"),
    Column("to_frontier", lambda row: row["to_frontier"], only="flat"),
    Column("improving", lambda row: row["improving"], only="flat"),
    Column("meets_frontier", lambda row: row["meets_frontier"], only="flat"),
]
