"""Writing the ledger: one update or actual into a body's report for a day (`bizenv record`), a
whole report replaced by a filled-in sheet (`bizenv ledger import`), a report removed
(`bizenv ledger remove`).

A report is keyed by its body and its day (ledger.format.report_file): `record` adds or replaces
one item of it; an import makes it equal to the sheet, so that a row cleared in a corrected sheet
is removed from the report and an item renamed in it is not kept under its old id as well.

What a record is given is checked first, in its caller's words (ArgumentNames: the options, or the
library's parameters), as the caller's mistake: its id against the plans, its days against the
days a report can hold (ledger.days). A change is then planned, then written: the report file with
the change is checked together with every other report (ledger.checks), and only a ledger without
errors is written, in the canonical YAML style (yamlwrite) and atomically (safefile). On any error
nothing changes.

Writers take turns (`record_change` holds `ledger_lock` from reading the report to writing it):
two writers that each read the report and wrote their own version would lose one of the two
updates, with both saying they succeeded. Nothing is written outside the data folder, whatever
links the folders hold.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple
from unicodedata import normalize

from bizenv_cli.ledger.days import out_of_reach
from bizenv_cli.ledger.format import FORMAT, MODELINE, package_id, report_file
from bizenv_cli.ledger.sheet_files import too_long_for_a_cell
from bizenv_cli.model.figures import ERROR_VALUE
from bizenv_cli.files.problems import DataError, Problem
from bizenv_cli.model.wording import quoted_text

_ITEM = re.compile(r"^(?P<measure>[0-9]{2}\.[0-9]{1,3}[a-z]?)(?:#(?P<milestone>[0-9]+))?$")
_INDICATOR = re.compile(r"^[0-9]{2}\.i[0-9]+$")
# How long a writer waits for another to finish before it refuses; a record or an import holds the
# lock only while it checks and writes its report.
LOCK_WAIT_SECONDS = 60


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


class NotAnItemId(ValueError):
    """A text in no form of an item's id (9.1, 9.2#1, 9-02): said by ledger.checks.not_an_item,
    which names the ids it may stand for where the plans are at hand."""


def parse_item(text: str) -> Item:
    """`09.02` (every milestone), `09.02#2` (the second), or an indicator id `09.i1`; typed in
    full-width forms too (０９.０２＃２, as a Chinese input method gives them), which are these ids.
    NotAnItemId for a text in none of these forms; ValueError for milestone 0."""
    wanted = normalize("NFKC", text).strip()
    if _INDICATOR.match(wanted):
        return Item("indicator", wanted, None)
    match = _ITEM.match(wanted)
    if not match:
        from bizenv_cli.ledger.checks import not_an_item

        raise NotAnItemId(not_an_item(text))
    milestone = int(match["milestone"]) if match["milestone"] else None
    if milestone == 0:
        raise ValueError(f"{quoted_text(text)}: milestones are numbered from 1")
    return Item("measure", match["measure"], milestone)


class ArgumentNames(NamedTuple):
    """How the ledger's writers word what they were given (`entries_for`, and the sheet's import in
    ledger/spreadsheet.py): in the words of their caller, the library's parameters
    (api.py) or the command line's options (cli/ledger_options.option_names), each
    alone and as given with its value."""
    item: str
    status: str
    status_given: str
    actual: str
    actual_given: str
    raw: str
    on: str
    on_given: str
    body: str       # the reporting body
    as_of: str
    note: str
    evidence: str


def entries_for(item: str, status: str | None, actual: str | None, as_of: date, on: date | None,
                evidence: str | None, note: str | None, names: ArgumentNames,
                plans=None) -> tuple[list[dict], list[dict]]:
    """The updates and the actuals of one record (_given_entries), the item checked against `plans`
    when they are given (refuse_unknown_item). A caller checks what was given before it reads the
    plans (without them: an id in no form of one, 9.1, is then NotAnItemId, since only the plans
    can name the ids it may stand for), and again with them; the two calls refuse alike but for
    the id. ValueError (NotAnItemId too), in the words of `names`, for a record these rules refuse."""
    try:
        entries = _given_entries(item, status, actual, as_of, on, evidence, note, names)
    except NotAnItemId:
        if plans is not None:
            refuse_unknown_item(plans, item, names)  # refuses it, naming the ids of `plans` it may stand for
        raise
    if plans is not None:
        refuse_unknown_item(plans, item, names)
        if actual is not None:
            refuse_foreign_unit(plans, item, actual, names)
    return entries


def _given_entries(item: str, status: str | None, actual: str | None, as_of: date, on: date | None,
                   evidence: str | None, note: str | None, names: ArgumentNames) -> tuple[list[dict], list[dict]]:
    """The updates and the actuals of one record into the report as of `as_of`: a status for a
    measure (09.02: every milestone of it; 09.02#2: its second), or an indicator's value as
    reported (09.i1), never both; `on` is the day a measure was done (required with done, refused
    with any other status) or the day a value was measured, never after `as_of`; `note` is an
    update's alone. ValueError, in the words of `names`, for a record these rules refuse, a day no
    report can hold (ledger.days) among them: what was given is wrong, not the ledger's files."""
    if (status is None) == (actual is None):
        raise ValueError(f"give one of {names.status_given} (a measure's progress) or {names.actual_given} "
                         "(an indicator's value)")
    if refused := out_of_reach(as_of):
        raise ValueError(f"{names.as_of}: {refused}")
    # Words as a sheet's cell gives them to the import: without the spaces and line ends around
    # them, which are no part of what was said, so that a template carrying them back changes nothing.
    evidence, note = (evidence or "").strip() or None, (note or "").strip() or None
    try:
        chosen = parse_item(item)
    except NotAnItemId as error:
        # Still one: entries_for, given the plans, names the ids it may stand for.
        raise NotAnItemId(f"{names.item}: {error}") from None
    except ValueError as error:
        raise ValueError(f"{names.item}: {error}") from None
    if actual is not None and chosen.kind != "indicator":
        raise ValueError(f"{names.actual} is for an indicator id (09.i1); {item} is a measure: use {names.status}")
    if status is not None and chosen.kind != "measure":
        raise ValueError(f"{names.status} is for a measure (09.02 or 09.02#2); {item} is an indicator: "
                         f"use {names.actual}")
    # An error value pasted from a spreadsheet is refused as the import refuses it in a cell: no
    # one's figure, and no one's words.
    for name, given, instead in ((names.actual, actual, "no value measured; give the value as reported"),
                                 (names.evidence, evidence, "no one's words; give what the body said")):
        if given is not None and ERROR_VALUE.fullmatch(given.strip()):
            raise ValueError(f"{name}: {given.strip()} is an error value a spreadsheet shows (a formula that "
                             f"failed, or an error typed), {instead}")
    for name, given in ((names.actual, actual), (names.evidence, evidence)):
        if why := too_long_for_a_cell(given):
            raise ValueError(f"{name}: {why}")
    if actual is not None:
        if not actual.strip():
            raise ValueError(f"{names.actual}: {names.raw} is empty")
        if note:  # a report's actual has no note: kept nowhere, it would be lost without a word
            raise ValueError(f"{names.note} is for a measure's update; an indicator's value has none "
                             f"(say where the figure comes from with {names.evidence})")
        _refuse_day(on, as_of, names)
        return [], [actual_entry(chosen, actual.strip(), on, evidence)]
    from bizenv_cli.ledger.words import parse_status

    try:
        word = parse_status(status)
    except ValueError as error:
        raise ValueError(f"{names.status}: {error}") from None
    if word == "done" and on is None:
        raise ValueError(f"{names.status} done needs {names.on_given}, the day it was done")
    if word != "done" and on is not None:
        raise ValueError(f"{names.on} is the day a measure was done; the status given is {word}")
    _refuse_day(on, as_of, names)
    return [update_entry(chosen, word, on, evidence, note)], []


def _refuse_day(on: date | None, as_of: date, names: ArgumentNames) -> None:
    """ValueError for a day done or measured that the report as of `as_of` cannot hold: one no
    report holds (ledger.days), or one after the report's own."""
    if on is None:
        return
    if refused := out_of_reach(on):
        raise ValueError(f"{names.on}: {refused}")
    if on > as_of:
        raise ValueError(f"{names.on}: {on} is after the report's day ({names.as_of} {as_of}); a report says what "
                         "was done or measured by its day")


def refuse_unknown_item(plans, item: str, names: ArgumentNames) -> None:
    """ValueError, in the words of `names`, when `item` (as entries_for takes it) names no measure
    or indicator of `plans`, or a milestone its measure does not have: what validate refuses in a
    report (ledger.checks, in its words), said of the id given, which is the caller's mistake and
    not the ledger's. An id in no form of one (9.1) is NotAnItemId, naming the ids of `plans` it
    may stand for (09.01 or 09.10), as the import names them of a sheet's row."""
    from bizenv_cli.ledger.checks import missing_milestone, not_an_item, unknown_item

    measures = {measure.id: measure for plan in plans for measure in plan.measures}
    indicators = {indicator.id for plan in plans for indicator in plan.indicators}
    try:
        chosen = parse_item(item)
    except NotAnItemId:
        raise NotAnItemId(f"{names.item}: {not_an_item(item, measures, indicators)}") from None
    if chosen.kind == "indicator":
        if chosen.id not in indicators:
            raise ValueError(f"{names.item}: {unknown_item('indicator', chosen.id, indicators)}")
        return
    if chosen.id not in measures:
        raise ValueError(f"{names.item}: {unknown_item('measure', chosen.id, measures)}")
    if chosen.milestone is not None and (missing := missing_milestone(measures[chosen.id], chosen.milestone)):
        raise ValueError(f"{names.item}: {missing}")


def refuse_foreign_unit(plans, item: str, actual: str, names: ArgumentNames) -> None:
    """ValueError, in the words of `names`, when `actual` is written in a unit that is not its
    indicator's own (66.5天 on 09.i15, in 小时): bizenv converts no unit, and would score the figure
    as if it were in the indicator's (ledger.units). `item` is an indicator of `plans`."""
    from bizenv_cli.ledger.units import indicator_unit, unit_refused

    wanted = parse_item(item).id
    (indicator,) = [indicator for plan in plans for indicator in plan.indicators if indicator.id == wanted]
    if why := unit_refused(actual, indicator_unit(indicator)):
        raise ValueError(f"{names.actual}: {why}")


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
    content: str | None     # None: the report is removed
    warnings: list[Problem] = field(default_factory=list)
    items: int = 0
    before: dict | None = None  # the report as it was (None: there was none)
    after: dict | None = None   # the report as it will be (None: removed)


# The entry a finding's field is on: updates[3] of updates[3].measure.
_ENTRY_FIELD = re.compile(r"^(?:updates|actuals)\[\d+\]")


def _entries_at(document: dict, updates: list[dict], actuals: list[dict]) -> set[str]:
    """The fields (updates[3], actuals[0]) the given entries hold in the merged `document`."""
    items = {(update["measure"], update.get("milestone")) for update in updates}
    indicators = {actual["indicator"] for actual in actuals}
    return ({f"updates[{index}]" for index, update in enumerate(document.get("updates") or [])
             if (update["measure"], update.get("milestone")) in items}
            | {f"actuals[{index}]" for index, actual in enumerate(document.get("actuals") or [])
               if actual["indicator"] in indicators})


def plan_change(data_dir, package, department_id: str, as_of: date, updates: list[dict],
                actuals: list[dict], replace: bool = False) -> Change:
    """The report of `department_id` as of `as_of` with these entries merged in (`replace`: made of
    these entries alone), checked with the whole ledger. Raises RecordError (and writes nothing)
    when any check fails."""
    from bizenv_cli.ledger.checks import check_ledger
    from bizenv_cli.files.yamlwrite import dump_yaml

    path = report_file(data_dir, department_id, as_of)
    existing = _existing(path, data_dir) if path.exists() else None
    package_name = package_id(package)
    document = (replaced(existing, package_name, department_id, as_of, updates, actuals) if replace
                else merge(existing, package_name, department_id, as_of, updates, actuals))
    content = dump_yaml(document, MODELINE)
    _, problems = check_ledger(data_dir, package.plans, package.registry, {path: content.encode("utf-8")})
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise RecordError(errors)
    name = data_dir.display(path)
    warnings = [problem for problem in problems if problem.file == name]
    if not replace:
        # A record merges its entries into a report: the warnings on them and on the report as a
        # whole, not again every other item's, which each earlier record said.
        given = _entries_at(document, updates, actuals)
        warnings = [problem for problem in warnings
                    if not _ENTRY_FIELD.match(problem.field) or _ENTRY_FIELD.match(problem.field).group() in given]
    return Change(path, content, warnings, len(updates) + len(actuals), existing, document)


def plan_removal(data_dir, department_id: str, as_of: date) -> Change:
    """Removing the report of `department_id` as of `as_of`; RecordError when there is none."""
    path = report_file(data_dir, department_id, as_of)
    if not path.is_file():
        raise RecordError(f"{data_dir.display(path)}: {department_id} has no report as of {as_of}; nothing was "
                          f"removed (the reports are the files in {data_dir.display(path.parents[1])})")
    existing = _existing(path, data_dir)
    if existing.get("reported_by") != department_id or str(existing.get("as_of")) != as_of.isoformat():
        raise RecordError([Problem(data_dir.display(path), 1, 1, "", f"holds {existing.get('reported_by')}'s report "
                                   f"as of {existing.get('as_of')}, not {department_id}'s as of {as_of}; nothing "
                                   "was removed", "ledger")])
    return Change(path, None, [], len(existing.get("updates") or []) + len(existing.get("actuals") or []),
                  existing, None)


def write_change(change: Change, data_dir) -> None:
    from bizenv_cli.files.safefile import write_atomic

    _refuse_outside(change.path, data_dir)
    if change.content is None:
        change.path.unlink()
        try:
            change.path.parent.rmdir()  # a month folder left empty goes too
        except OSError:
            pass
        return
    made_folder = not change.path.parent.exists()
    change.path.parent.mkdir(parents=True, exist_ok=True)
    _refuse_outside(change.path, data_dir)  # the folder just made, or one a link made meanwhile
    try:
        write_atomic(change.path, change.content)
    except OSError as error:
        if made_folder:  # a full disk leaves no empty month folder behind
            try:
                change.path.parent.rmdir()
            except OSError:
                pass
        if not error.filename:  # the message names the report that could not be written
            error.filename = data_dir.display(change.path)
        raise


def record_change(data_dir, package, department_id: str, as_of: date, updates: list[dict],
                  actuals: list[dict], replace: bool = False, dry_run: bool = False) -> Change:
    """plan_change, then write_change (unless `dry_run`), with no other writer of the ledger in between."""
    with ledger_lock(data_dir, create=not dry_run):
        change = plan_change(data_dir, package, department_id, as_of, updates, actuals, replace)
        if not dry_run:
            write_change(change, data_dir)
    return change


def remove_report(data_dir, department_id: str, as_of: date, dry_run: bool = False) -> Change:
    """plan_removal, then the file removed (unless `dry_run`), with no other writer in between."""
    with ledger_lock(data_dir, create=False):
        change = plan_removal(data_dir, department_id, as_of)
        if not dry_run:
            write_change(change, data_dir)
    return change


@contextmanager
def ledger_lock(data_dir, create: bool = True):
    """Hold the ledger for one writer: an exclusive lock on the progress folder itself (no lock
    file to leave behind), released when the folder's descriptor closes, also when the process is
    killed. Under it, a temporary file another writer left when it was killed is removed.
    `create`: make the progress folder when there is none (a dry run or a removal makes nothing;
    without the folder there is nothing to hold)."""
    import fcntl

    folder = data_dir.ledger_dir
    _refuse_outside(folder / "report.yaml", data_dir)
    if not create and not folder.is_dir():
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RecordError(f"{data_dir.display(folder)}: another bizenv has been writing the ledger "
                                      f"for {LOCK_WAIT_SECONDS} s; nothing was written, try again") from None
                time.sleep(0.05)
        _remove_leftovers(folder)
        yield
    finally:
        os.close(descriptor)


def _remove_leftovers(folder: Path) -> None:
    # safefile names its temporary files .NAME.<pid>-<monotonic ns>-<n>.tmp; only a writer holding
    # this lock makes them here, so any found now belongs to a writer that was killed.
    for leftover in folder.glob("**/.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def _refuse_outside(path: Path, data_dir) -> None:
    """A report goes inside the data folder: a month folder or a report that is a link to
    elsewhere is refused, since nothing would read what was written there."""
    root = Path(data_dir.root).resolve()
    existing = path if os.path.lexists(path) else path.parent
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if path.is_symlink() or not Path(os.path.realpath(existing)).is_relative_to(root):
        raise RecordError([Problem(data_dir.display(path), 1, 1, "",
                                   "is a link to outside the data folder, where nothing reads it; "
                                   "nothing was written", "ledger")])


def merge(existing: dict | None, package_id: str | None, department_id: str, as_of: date,
          updates: list[dict], actuals: list[dict]) -> dict:
    """A report document: the existing one (or a new one) with each entry replacing that file's
    earlier entry for the same item."""
    document = dict(existing) if existing else _new_report(package_id, department_id, as_of)
    kept_updates = list(document.get("updates") or [])
    for entry in updates:
        key = _update_key(entry)
        kept_updates = [old for old in kept_updates if _update_key(old) != key]
        kept_updates.append(entry)
    kept_actuals = list(document.get("actuals") or [])
    for entry in actuals:
        if entry.get("measured_on") == str(document.get("as_of")):
            # Measured on the report's own day is what an actual without measured_on says, and how the
            # sheet's import writes it: the report's template imported as it is then leaves the file as it is.
            entry = {key: value for key, value in entry.items() if key != "measured_on"}
        kept_actuals = [old for old in kept_actuals if old.get("indicator") != entry["indicator"]]
        kept_actuals.append(entry)
    return _sorted(document, kept_updates, kept_actuals)


def replaced(existing: dict | None, package_id: str | None, department_id: str, as_of: date,
             updates: list[dict], actuals: list[dict]) -> dict:
    """A report document made of these entries alone: what a filled-in sheet says the report is.
    What the sheet has no column for is kept from the existing report: its `submitted` and `note`,
    and the `note` of an update whose item the sheet still reports."""
    document = dict(existing) if existing else _new_report(package_id, department_id, as_of)
    notes = {_update_key(old): old["note"] for old in document.get("updates") or [] if old.get("note")}
    kept_updates = []
    for entry in updates:
        note = notes.get(_update_key(entry))
        kept_updates.append({**entry, "note": note} if note and not entry.get("note") else entry)
    return _sorted(document, kept_updates, list(actuals))


def _new_report(package_id: str | None, department_id: str, as_of: date) -> dict:
    return {"format": FORMAT, "package": package_id, "reported_by": department_id, "as_of": as_of.isoformat(),
            "updates": [], "actuals": []}


def _update_key(entry: dict) -> tuple:
    return entry.get("measure"), entry.get("milestone")


def _sorted(document: dict, updates: list[dict], actuals: list[dict]) -> dict:
    document["updates"] = sorted(updates, key=lambda e: (e["measure"], e.get("milestone") or 0))
    document["actuals"] = sorted(actuals, key=lambda e: e["indicator"])
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
