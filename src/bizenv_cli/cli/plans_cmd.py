"""`bizenv plans`: the documents of the package, with their counts and lead body."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
import typer

from bizenv_cli.cli.app import app, settings
from bizenv_cli.cli.emit import emit, listing_in_words, listing_language, resolve_format
from bizenv_cli.cli.options import department_names, FormatOption, OutputOption, department_name, load
from bizenv_cli.cli.options import LangOption
from bizenv_cli.model.status_words import plan_lead_words
from bizenv_cli.model.wording import Phrase, plural
from bizenv_cli.outputs.render import Column


@app.command()
def plans(ctx: typer.Context, output_format: FormatOption = None, output: OutputOption = None,
          lang: LangOption = None) -> None:
    """List the plans with their counts of measures, indicators and milestones.

    The lead body is the one that leads (牵头) the most of the plan's measures; where several lead
    equally many, every one of them, said to be tied (plan 1: 4 each), since the source names no
    lead of the plan; empty when none of its measures names a lead. JSON's `lead` is then null and
    `top_leads` lists the tied bodies, as CSV, TSV and Markdown in English do.

    \b
    Examples:
      bizenv plans
      bizenv plans --format md -o plans.md
    """
    from bizenv_cli.api import plans as plan_rows

    package = load(ctx)
    rows = plan_rows(package)
    chosen = resolve_format(output_format, output)
    language = listing_language(ctx, chosen)

    def lead_words(row: dict, named: bool = True) -> str | None:
        return plan_lead_words([department_name(package, body) if named else body for body in row["top_leads"]],
                               row["top_lead_measures"], language)

    # Flat headers are the JSON keys; the table says the lead body (or the tied ones) by name. A
    # flat format in words (in Chinese, a workbook) says it as the table and the export's 方案 sheet
    # do, the tied bodies in one cell, by name in Chinese and by id in English; the English of CSV,
    # TSV and Markdown is JSON's `lead`, empty on a tie.
    if listing_in_words(ctx, chosen):
        flat_lead = Column("lead", lambda row: lead_words(row, named=language == "zh"), only="flat")
    else:
        flat_lead = Column.of("lead", only="flat")
    columns = [
        Column("no.", lambda row: row["number"], no_wrap=True, justify="right", only="table"),
        Column.of("number", only="flat"),
        Column.of("id", only="flat"),
        Column.of("slug", only="flat"),
        Column.of("title"),
        Column.of("measures", no_wrap=True, justify="right"),
        Column.of("indicators", no_wrap=True, justify="right"),
        Column.of("milestones", no_wrap=True, justify="right"),
        Column("lead", lead_words, only="table"),
        flat_lead,
        Column.of("top_leads", only="flat"),
        Column.of("top_lead_measures", only="flat"),
    ]
    # A package is a folder (bizenv import makes new ones): the heading says which one this is.
    package_ids = sorted({str(plan.document.get("package")) for plan in package.plans})
    data_dir = settings(ctx).data_dir()
    title = Phrase("{plans} of package {package} ({folder})", plans=plural(len(rows), "plan"), package=package_ids,
                   folder=data_dir.display(data_dir.root))
    emit(ctx, rows, columns, output_format, output, title, names=department_names(package))
