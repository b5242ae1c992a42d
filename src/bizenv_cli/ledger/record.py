"""Writing the ledger: one update or actual into a body's report for a round (`bizenv record`,
and `bizenv ledger import` for a whole sheet of them).

A change is planned first, then written: the report file with the change is checked together
with every other report (ledger.checks), and only a ledger without errors is written, in the
canonical YAML style (yamlwrite) and atomically (safefile). On any error nothing changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bizenv_cli.ledger.format import FORMAT, MODELINE, report_path
from bizenv_cli.files.problems import DataError, Problem

_ITEM = re.compile(r"^(?P<measure>\d{2}\.\d{1,3}[a-z]?)(?:#(?P<milestone>\d+))?$")
_INDICATOR = re.compile(r"^\d{2}\.i\d+$")


class RecordError(Exception):
    """The change is refused; `problems` says why (file:line:col field: message)."""

    def __init__(self, problems: list[Problem] | str):
        self.problems = problems if isinstance(problems, list) else []
        super().__init__(problems if isinstance(problems, str) else "\n".join(map(str, problems)))


@dataclass(frozen=True)
class Item:
    kind: str                # measure or indicator
    id: str                  # 09.02 or 09.i1
    milestone: int | None    # 09.02#2 -> 2


def parse_item(text: str) -> Item:
    """`09.02` (every milestone), `09.02#2` (the second), or an indicator id `09.i1`."""
    wanted = text.strip()
    if _INDICATOR.match(wanted):
        return Item("indicator", wanted, None)
    match = _ITEM.match(wanted)
    if not match:
        raise ValueError(f"'{text}' is not a measure id (09.02), a milestone (09.02#2) or an indicator id (09.i1)")
    milestone = int(match["milestone"]) if match["milestone"] else None
    if milestone == 0:
        raise ValueError(f"'{text}': milestones are numbered from 1")
    return Item("measure", match["measure"], milestone)


def update_entry(item: Item, status: str, done_on: date | None = None, evidence: str | None = None,
                 note: str | None = None) -> dict:
    entry: dict = {"measure": item.id}
    if item.milestone is not None:
        entry["milestone"] = item.milestone
    entry["status"] = status
    if done_on is not None:
        entry["done_on"] = done_on.isoformat()
    if evidence:
        entry["evidence"] = evidence
    if note:
        entry["note"] = note
    return entry


def actual_entry(item: Item, raw: str, measured_on: date | None = None, evidence: str | None = None) -> dict:
    from bizenv_cli.ledger.numbers import parse_value

    entry: dict = {"indicator": item.id, "raw": raw, "value": parse_value(raw)}
    if measured_on is not None:
        entry["measured_on"] = measured_on.isoformat()
    if evidence:
        entry["evidence"] = evidence
    return entry


@dataclass
class Change:
    path: Path
    content: str
    created: bool
    warnings: list[Problem] = field(default_factory=list)
    items: int = 0


def plan_change(data_dir, package, department_id: str, as_of: date, updates: list[dict],
                actuals: list[dict]) -> Change:
    """The report of `department_id` for the round of `as_of` with these entries merged in, checked
    with the whole ledger. Raises RecordError (and writes nothing) when any check fails."""
    from bizenv_cli.ledger.checks import check_ledger
    from bizenv_cli.files.yamlwrite import dump_yaml

    path = report_path(data_dir, department_id, as_of)
    existing = _existing(path, data_dir) if path.exists() else None
    package_id = next((plan.document.get("package") for plan in package.plans), None)
    document = merge(existing, package_id, department_id, as_of, updates, actuals)
    content = dump_yaml(document, MODELINE)
    _, problems = check_ledger(data_dir, package.plans, package.registry, {path: content.encode("utf-8")})
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise RecordError(errors)
    name = data_dir.display(path)
    warnings = [problem for problem in problems if problem.file == name]
    return Change(path, content, existing is None, warnings, len(updates) + len(actuals))


def write_change(change: Change) -> None:
    from bizenv_cli.files.safefile import write_atomic

    change.path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(change.path, change.content)


def merge(existing: dict | None, package_id: str | None, department_id: str, as_of: date,
          updates: list[dict], actuals: list[dict]) -> dict:
    """A report document: the existing one (or a new one) with each entry replacing that file's
    earlier entry for the same item. The round's as_of is the latest day recorded in it."""
    document = dict(existing) if existing else {
        "format": FORMAT, "package": package_id, "reported_by": department_id,
        "as_of": as_of.isoformat(), "updates": [], "actuals": []}
    if as_of.isoformat() > str(document.get("as_of")):
        document["as_of"] = as_of.isoformat()
    kept_updates = list(document.get("updates") or [])
    for entry in updates:
        key = (entry["measure"], entry.get("milestone"))
        kept_updates = [old for old in kept_updates if (old.get("measure"), old.get("milestone")) != key]
        kept_updates.append(entry)
    kept_actuals = list(document.get("actuals") or [])
    for entry in actuals:
        kept_actuals = [old for old in kept_actuals if old.get("indicator") != entry["indicator"]]
        kept_actuals.append(entry)
    document["updates"] = sorted(kept_updates, key=lambda e: (e["measure"], e.get("milestone") or 0))
    document["actuals"] = sorted(kept_actuals, key=lambda e: e["indicator"])
    return document


def _existing(path: Path, data_dir) -> dict:
    from bizenv_cli.files.yamlload import load_yaml_file

    try:
        document = load_yaml_file(path, data_dir.display(path)).data
    except DataError as error:
        raise RecordError([error.problem]) from None
    if not isinstance(document, dict):
        raise RecordError([Problem(data_dir.display(path), 1, 1, "", "not a progress report; fix or move it first",
                                   "ledger")])
    return document
