"""`bizenv measures`: the measures of the package, filtered by plan, department, role, section, text."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app
from bizenv_cli.cli.options import (DeptOption, FormatOption, OutputOption, PlanOption, Role, department_name,
                                    emit, load, plural, resolve_department, resolve_plan, short_title)
from bizenv_cli.model import ROLES
from bizenv_cli.outputs.render import Column


@app.command()
def measures(
    ctx: typer.Context,
    plan: PlanOption = None,
    dept: DeptOption = None,
    role: Annotated[Optional[Role], typer.Option(
        "--role", help="With --dept: only measures where it has this role; alone: measures naming any "
                       "body in this role.")] = None,
    section: Annotated[Optional[str], typer.Option(
        "--section", metavar="TEXT", help="Only measures under a section whose heading contains TEXT.")] = None,
    search: Annotated[Optional[str], typer.Option(
        "--search", metavar="TEXT", help="Only measures whose title, text, deadline or responsibility "
                                         "contains TEXT.")] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List measures, filtered by plan, department, role, section or text.

    The filters combine. In the table, long texts are folded and titles stand for the measure;
    `bizenv show ID` prints one measure whole, and --format csv/json every field.

    \b
    Examples:
      bizenv measures --plan 9
      bizenv measures --dept tax --role lead --format csv -o tax-leads.csv
      bizenv measures --dept 市发改委 --section 主要措施 --search 信用
    """
    from bizenv_cli.queries import MeasureFilter, measure_row, select_measures

    package = load(ctx)
    department = resolve_department(package, dept)
    plan_number = resolve_plan(package, plan)
    chosen = MeasureFilter(plan=plan_number, department=package.registry.scope(department.id) if department else None,
                           role=role.value if role else None, section=section, text=search)
    rows = [measure_row(measure, owner) for owner, measure in select_measures(package.plans, chosen)]

    words = [f"plan {plan_number}" if plan_number else None,
             f"{department.name} ({department.id})" if department else None,
             (f"as {role.value}" if department else f"any body as {role.value}") if role else None,
             f"section '{section}'" if section else None,
             f"text '{search}'" if search else None]
    title = plural(len(rows), "measure") + "".join(f"; {word}" for word in words if word)
    emit(ctx, rows, measure_columns(package), output_format, output, title)


def measure_columns(package) -> list[Column]:
    def deadline(row: dict) -> str:
        dates = [milestone["date"] for milestone in row["deadline"]["milestones"]]
        if row["deadline"]["ongoing"]:
            dates.append("ongoing")
        return "\n".join(dates) or "—"

    def bodies(row: dict) -> str:
        responsible = row["responsible"]
        roles = [role for role in ROLES if responsible[role]]
        # Bodies listed without a role word (most measures) need no label; a label that says only
        # "responsible:" took a line of its own in a narrow column. Beside lead/support bodies the
        # label stays, so that they do not read as more leads.
        labelled = roles != ["responsible"]
        # No space after the colon: rich would break the line there.
        lines = [(f"{role}:" if labelled else "") + "、".join(department_name(package, i) for i in responsible[role])
                 for role in roles]
        # Before the registry fill the bodies are empty: the raw line still says who.
        return "\n".join(lines) or (responsible["raw"] or "")

    def ids(role: str):
        return lambda row: row["responsible"][role]

    return [
        Column("id", lambda row: row["id"], no_wrap=True),
        Column("due", deadline, no_wrap=True, only="table"),
        Column("title", lambda row: short_title(row["title"], row["text"]), only="table"),
        Column("responsible", bodies, only="table"),
        # The flat formats carry every value a spreadsheet needs, one column each.
        Column("plan", lambda row: row["plan"], only="flat"),
        Column("seq", lambda row: row["seq"], only="flat"),
        Column("label", lambda row: row["label"], only="flat"),
        Column("title", lambda row: row["title"], only="flat"),
        Column("deadline", lambda row: row["deadline"]["raw"], only="flat"),
        Column("milestones", lambda row: [m["date"] for m in row["deadline"]["milestones"]], only="flat"),
        Column("ongoing", lambda row: row["deadline"]["ongoing"], only="flat"),
        Column("recurrence", lambda row: row["deadline"]["recurrence"], only="flat"),
        Column("responsible", lambda row: row["responsible"]["raw"], only="flat"),
        *(Column(role, ids(role), only="flat") for role in ROLES),
        Column("line", lambda row: row["line"], only="flat"),
        Column("text", lambda row: row["text"], only="flat"),
    ]
