"""`bizenv search`: find text anywhere in the plans: measures, paragraphs, tables, notes."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from typing import Annotated

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.emit import emit
from bizenv_cli.cli.options import (FormatOption, LangOption, OutputOption, PlanOption, describe_plans, heading, load,
                                    resolve_plans)
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.render import Column


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The text to find.")],
    plan: PlanOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Find text anywhere in the plans: titles, measures, paragraphs, tables.

    Table cells and notes are searched too. Spaces and line breaks are ignored and full-width characters match their half-width forms (（ and ( are one),
    so a phrase split across lines of the source is still found. One line per record (a measure,
    a paragraph, a table row), hits highlighted.

    \b
    Examples:
      bizenv search 一件事一次办
      bizenv search 容缺受理 --plan 17 --format json
    """
    from bizenv_cli.api import search as search_rows
    from bizenv_cli.model.textfold import fold

    if not fold(text):
        fail_usage("search: TEXT is empty")
    package = load(ctx)
    plan_numbers = resolve_plans(package, plan)
    rows = search_rows(package, text, plans=plan_numbers)
    columns = [
        Column.of("plan", only="flat"),
        Column.of("id", no_wrap=True),
        Column.of("line", no_wrap=True, justify="right"),
        Column("field", lambda row: _short_field(row["field"]), only="table"),
        Column.of("field", only="flat"),
        Column("text", lambda row: row["snippet"], only="table",
               highlights=lambda row: [tuple(span) for span in row["snippet_matches"]]),
        # Flat headers are the JSON keys: the flat formats carry the snippet as such.
        Column.of("snippet", only="flat"),
    ]
    records = plural(len(rows), "record")
    title = heading(Phrase("{records} contains '{text}'", records=records, text=text) if len(rows) == 1
                    else Phrase("{records} contain '{text}'", records=records, text=text), [describe_plans(plan_numbers)])
    emit(ctx, rows, columns, output_format, output, title)


def _short_field(field: str) -> str:
    # measures[3].deadline.raw -> deadline.raw: the id column already says which record.
    return ".".join(field.split(".")[-2:])
