"""`bizenv show`: everything about one measure, indicator or plan."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from operator import itemgetter
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.emit import emit, listing_language, resolve_format
from bizenv_cli.cli.options import (FormatOption, LangOption, OutputOption, day_declared, day_option, department_name,
                                    department_names, load, short_title)
from bizenv_cli.model.records import ROLES
from bizenv_cli.model.status_words import plan_lead_words
from bizenv_cli.model.wording import Phrase
from bizenv_cli.outputs.render import Column, Composed
from bizenv_cli.query.queries import STATUSES


@app.command()
def show(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(
        metavar="ID", help="Any id the tool prints, written in full: a measure (02.03), an indicator "
                           "(10.i1), a section (01.s5), a table (09.t1), or a plan number, id or slug "
                           "(9, 09, paying-taxes).")],
    as_of: Annotated[Optional[str], day_declared("--as-of", "The day milestone status is counted from", "today")] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Show everything about one measure, indicator, section, table or plan.

    A measure: its section, full text, deadline with each milestone's status, and every body with
    its role. An indicator: its values and gaps. A section: its heading, paragraphs, measures and
    indicators. A table: its caption, columns and rows. A plan: its sections, measures and
    indicators. An id is taken only as printed: 9.1 (09.10 after a spreadsheet read it as a
    number) is refused with the ids it may stand for.

    \b
    Examples:
      bizenv show 02.03
      bizenv show 10.i1
      bizenv show 01.s5
      bizenv show 9 --format json
    """
    from bizenv_cli.api import item_detail
    from bizenv_cli.cli.ledger_options import load_ledger_of
    from bizenv_cli.ledger.views import HISTORY_KEYS
    from bizenv_cli.query.show import find_item, missing_item

    day = day_option(as_of, "--as-of")
    package = load(ctx)
    found = find_item(package.plans, item)
    if found is None:
        fail_usage(f"show: {missing_item(package.plans, item)}")
    kind, plan, thing = found
    ledger = load_ledger_of(ctx)
    record = item_detail(package, found, day, ledger)
    if kind == "measure":
        pairs = _measure_pairs(package, record, day)
    elif kind == "plan":
        pairs = _plan_pairs(package, record, listing_language(ctx, resolve_format(output_format, output)))
    else:  # the ledger's keys get lines of their own below, not flattened with the record's
        pairs = _pairs({key: value for key, value in record.items() if key not in HISTORY_KEYS})
    if ledger and kind in ("measure", "indicator"):  # what the work ledger says of it, report by report
        pairs += _history_pairs(record)
    title = Phrase("{item} {id}", item=kind,
                   id=str(plan.number) if kind == "plan" else thing["id"] if isinstance(thing, dict) else thing.id)
    # A value is in the words of its field: a `direction` holds a direction, `departments` ids.
    columns = [Column.of("field", no_wrap=True), Column.of("value", words_of=itemgetter("field"))]
    emit(ctx, pairs, columns, output_format, output, title, record=record, names=department_names(package))


def _pairs(record: dict) -> list[dict]:
    """A record as field/value lines for the flat formats: nested values flattened with dots."""
    pairs: list[dict] = []

    def add(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                add(f"{prefix}.{key}" if prefix else key, item)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                add(f"{prefix}[{index}]", item)
        elif value not in (None, "", []):
            pairs.append({"field": prefix, "value": value})

    add("", record)
    return pairs


def _history_pairs(record: dict) -> list[dict]:
    """The lines of what the ledger says of an item: an indicator's latest actual, then the history."""
    pairs = []
    actual = record.get("actual") if "targets" in record else None  # an indicator's
    if actual:
        pct = record["progress_pct"]
        said = dict(raw=actual["raw"], measured_on=actual["measured_on"], reported_by=actual["reported_by"])
        pairs.append({"field": "actual", "value": Phrase(
            "{raw} (measured {measured_on}, {reported_by})", **said) if pct is None else Phrase(
            "{raw} (measured {measured_on}, {reported_by}), {pct:.1f}% of the way to the target", pct=pct, **said)})
    history = _history_lines(record["history"])
    pairs.append({"field": "progress history", "value": Composed.lines(history) if history else Phrase("no report")})
    return pairs


def _history_lines(entries: list[dict]) -> list[Composed]:
    """The history as `show` prints it, one report a line."""
    lines = []
    for entry in entries:
        who = dict(as_of=entry["as_of"], reported_by=entry["reported_by"])
        if "status" in entry and entry["done_on"]:
            what = Phrase("{as_of}  {reported_by}: {item} {status} on {done_on}", item=entry["item"],
                          status=entry["status"], done_on=entry["done_on"], **who)
        elif "status" in entry:
            what = Phrase("{as_of}  {reported_by}: {item} {status}", item=entry["item"], status=entry["status"], **who)
        else:
            what = Phrase("{as_of}  {reported_by}: actual {raw} (measured {measured_on})", raw=entry["raw"],
                          measured_on=entry["measured_on"], **who)
        lines.append(Composed([what, *([Phrase(" — {evidence}", evidence=entry["evidence"])]
                                       if entry.get("evidence") else [])]))
    return lines


def _measure_pairs(package, record: dict, day) -> list[dict]:
    deadline, responsible = record["deadline"], record["responsible"]
    milestones = []  # a line per milestone
    for row in record["milestones"]:
        date = row["date"] or Phrase("ongoing")
        # Days left say how long is left to do it: a milestone the ledger settled has none.
        if row["days_left"] is not None and row["status"] in STATUSES:
            line = Phrase("{date}  {status} ({days} days)", date=date, status=row["status"], days=row["days_left"])
        else:
            line = Phrase("{date}  {status}", date=date, status=row["status"])
        milestones.append(Composed([line, *([f"  {row['label']}"] if row["label"] else [])]))
    bodies: list = []  # a line per role, its bodies a list: joined as the listing's language joins one
    for role in (role for role in ROLES if responsible[role]):
        if bodies:
            bodies.append("\n")
        bodies += [Phrase("{role}: ", role=role), [f"{department_name(package, i)} ({i})" for i in responsible[role]]]
    lines = [
        ("id", record["id"]),
        ("plan", f"{record['plan']} {record['plan_title']}"),
        ("section", "\n".join(heading for heading in record["sections"] if heading)),
        ("seq", record["seq"]),
        ("label", record["label"]),
        ("title", record["title"]),
        ("title_en", record["title_en"]),
        ("text", record["text"]),
        ("line", record["line"]),
        ("deadline", deadline["raw"]),
        # The day goes in a row of its own: in the field column it widened every field name and
        # left the text a narrow strip at 80 columns.
        ("status as of", day.isoformat() if milestones else None),
        ("milestones", Composed.lines(milestones) if milestones else None),
        ("recurrence", deadline["recurrence"]),
        ("responsible", responsible["raw"]),
        ("bodies", Composed(bodies) if bodies else None),
        ("note", record["note"]),
    ]
    return [{"field": field, "value": value} for field, value in lines if value not in (None, "")]


def _plan_pairs(package, record: dict, language: str) -> list[dict]:
    lines = [
        ("plan", f"{record['number']} ({record['id']}, {record['slug']})"),
        ("title", record["title"]),
        ("title_en", record["title_en"]),
        ("indicator_area", record["indicator_area"]),
        ("source lines", f"{record['first_line']}–{record['last_line']}"),
        ("lead", plan_lead_words([department_name(package, body) for body in record["top_leads"]],
                                 record["top_lead_measures"], language)),
        ("sections", "\n".join(s["heading"] for s in record["sections"] if s["heading"])),
        (Phrase("measures ({count})", count=record["measures"]), "\n".join(
            f"{m['id']}  {short_title(m['title'], m['text'])}" for m in record["measure_rows"])),
        (Phrase("indicators ({count})", count=record["indicators"]), "\n".join(
            f"{i['id']}  {i['name']}" for i in record["indicator_rows"])),
    ]
    return [{"field": field, "value": value} for field, value in lines if value not in (None, "")]
