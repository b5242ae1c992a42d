"""`bizenv measures`: the measures of the package, filtered by plan, department, role, section, text."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from functools import partial
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.emit import emit
from bizenv_cli.cli.options import (department_names, limited, DeptOption, FormatOption, GrepOption, LimitOption,
                                    OutputOption, PlanOption,
                                    RoleOption, choice_option, department_name, describe_departments, describe_role, describe_plans,
                                    explain_empty_role, load, resolve_departments, resolve_plans, role_option,
                                    short_title, LangOption, first_of, heading, sorted_by)
from bizenv_cli.model.records import ROLES
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.render import Column, Composed


@app.command()
def measures(
    ctx: typer.Context,
    plan: PlanOption = None,
    dept: DeptOption = None,
    role: RoleOption = None,
    section: Annotated[Optional[str], typer.Option(
        "--section", metavar="TEXT", help="Only measures under a section whose heading contains TEXT.")] = None,
    grep: GrepOption = None,
    search: Annotated[Optional[str], typer.Option(
        "--search", metavar="TEXT", help="The same as --grep.")] = None,
    sort: Annotated[Optional[str], typer.Option(
        "--sort", metavar="KEY", help="Order by plan (default: plan, then source order), date (the first "
                                      "milestone; ongoing and undated last) or department (the first body "
                                      "named).")] = None,
    limit: LimitOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """List measures, filtered by plan, department, role, section or text.

    The filters combine. In the table, long texts are folded and titles stand for the measure;
    `bizenv show ID` prints one measure whole, and --format csv/json every field.

    \b
    Examples:
      bizenv measures --plan 9
      bizenv measures --dept tax --role lead --format csv -o tax-leads.csv
      bizenv measures --dept 市发改委 --section 主要措施 --grep 信用
      bizenv measures --plan 纳税 --role 牵头 --sort date --limit 10
    """
    from bizenv_cli.query.queries import MeasureFilter

    if grep is not None and search is not None:
        fail_usage("--grep and --search are one filter; give it once")
    text = grep if grep is not None else search
    chosen_role = role_option(role)
    sort_key = choice_option(sort, "--sort", MEASURE_SORTS)
    package = load(ctx)
    departments = resolve_departments(package, dept)
    plan_numbers = resolve_plans(package, plan)
    chosen = MeasureFilter(plans=tuple(plan_numbers), departments=tuple(package.registry.scope(d.id) for d in departments),
                           role=chosen_role.value if chosen_role else None, section=section, text=text)
    from bizenv_cli.api import measure_rows
    from bizenv_cli.cli.ledger_options import load_ledger_of

    rows = measure_rows(package, chosen, ledger=load_ledger_of(ctx))  # `progress` from the ledger, if it has reports
    if sort_key:
        rows = sort_measure_rows(rows, sort_key, partial(department_name, package))
    if not rows and chosen_role:
        from bizenv_cli.query.queries import select_measures

        explain_empty_role(package, departments, chosen_role,
                           [measure for _, measure in select_measures(package.plans, chosen._replace(role=None))],
                           "the measures")
    found = len(rows)
    rows = limited(rows, limit)

    role_words = describe_role(chosen_role, departments)
    words = [describe_plans(plan_numbers), describe_departments(departments), role_words,
             Phrase("section '{section}'", section=section) if section else None,
             Phrase("text '{text}'", text=text) if text else None,
             sorted_by(sort_key)]
    title = heading(Composed([plural(len(rows), "measure"), first_of(len(rows), found)]), words)
    from bizenv_cli.cli.ledger_columns import progress_columns, with_ledger_columns

    columns = with_ledger_columns(measure_columns(package), rows, "progress",
                                  progress_columns(partial(department_name, package)))
    emit(ctx, rows, columns, output_format, output, title, names=department_names(package))


MEASURE_SORTS = ("plan", "date", "department")


def sort_measure_rows(rows: list[dict], key: str, department_name) -> list[dict]:
    def first_date(row: dict) -> tuple:
        dates = [milestone["date"] for milestone in row["deadline"]["milestones"]]
        return (not dates, min(dates) if dates else "")

    def first_body(row: dict) -> tuple:
        bodies = row["responsible"]["bodies"]
        return (not bodies, department_name(bodies[0]["id"]) if bodies else "")

    if key == "date":
        return sorted(rows, key=first_date)
    if key == "department":
        return sorted(rows, key=first_body)
    return list(rows)  # plan: the package's own order


def measure_columns(package) -> list[Column]:
    def deadline(row: dict) -> Composed | str:
        dates: list = [milestone["date"] for milestone in row["deadline"]["milestones"]]
        if row["deadline"]["ongoing"]:
            dates.append(Phrase("ongoing"))
        return Composed.lines(dates) if dates else "—"

    def bodies(row: dict) -> Composed | str:
        responsible = row["responsible"]
        roles = [role for role in ROLES if responsible[role]]
        # Bodies listed without a role word (most measures) need no label; a label that says only
        # "responsible:" took a line of its own in a narrow column. Beside lead/support bodies the
        # label stays, so that they do not read as more leads.
        labelled = roles != ["responsible"]
        parts: list = []
        for role in roles:
            if parts:
                parts.append("\n")
            # No space after the colon: rich would break the line there.
            parts += [Phrase("{role}:", role=role) if labelled else "",
                      [department_name(package, i) for i in responsible[role]]]
        # Before the registry fill the bodies are empty: the raw line still says who.
        return Composed(parts) if parts else (responsible["raw"] or "")

    def ids(role: str):
        return lambda row: row["responsible"][role]

    return [
        Column.of("id", no_wrap=True),
        Column("due", deadline, no_wrap=True, only="table", key="deadline.milestones"),
        Column("title", lambda row: short_title(row["title"], row["text"]), only="table"),
        Column("responsible", bodies, only="table"),
        # The flat formats carry every value a spreadsheet needs, one column each, headed by its
        # JSON key (a nested one as its path: deadline.raw), so every header is unique.
        Column.of("plan", only="flat"),
        Column.of("seq", only="flat"),
        Column.of("label", only="flat"),
        Column.of("title", only="flat"),
        Column("deadline.raw", lambda row: row["deadline"]["raw"], only="flat"),
        Column("deadline.milestones", lambda row: [m["date"] for m in row["deadline"]["milestones"]], only="flat"),
        Column("deadline.ongoing", lambda row: row["deadline"]["ongoing"], only="flat"),
        Column("deadline.recurrence", lambda row: row["deadline"]["recurrence"], only="flat"),
        Column("responsible.raw", lambda row: row["responsible"]["raw"], only="flat"),
        *(Column(f"responsible.{role}", ids(role), only="flat") for role in ROLES),
        Column.of("line", only="flat"),
        Column.of("text", only="flat"),
    ]
