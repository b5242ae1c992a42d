"""The ledger's changes in words, for `bizenv diff` and `bizenv textconv` (docs/ledger.md).

A report's facts read as a reviewer says them: `09.02#1 done on 2022-06-20 (tax, report of
2022-06-30)`, `09.i10 actual 3个工作日 = 3, measured 2022-06-30 (tax, report of 2022-06-30)`.
`report_facts` gives every fact of one file (the textconv view, one per line, so that git diff
shows a changed status as one changed line); `diff_ledgers` compares two versions of the ledger,
reports matched by their body and day (`tax@2022-06-30`, ledger.format.report_key: a report is the
same report in the month layout of earlier versions and in today's), and returns diff.plan Findings,
so the diff command lists them beside the plans' changes. The ledger's commands print what a
change to one report does with it too (`bizenv ledger import`, `remove`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import NamedTuple

from bizenv_cli.files.datadir import LEDGER_FOLDER, data_files_in, shown_path, walk_data_folder
from bizenv_cli.ledger.format import FORMAT, SCHEMA_FILE, item_name, report_key
from bizenv_cli.model.wording import Phrase

# The kinds of change in the ledger (diff.plan.kinds.KINDS names the plans').
KINDS: dict[str, str] = {
    "progress-recorded": "an update on a measure or milestone only the new ledger has",
    "progress-changed": "an update's status, day done or evidence changed",
    "progress-removed": "an update only the old ledger has",
    "actual-recorded": "an indicator's actual value only the new ledger has",
    "actual-changed": "an actual value, or the day it was measured, changed",
    "actual-removed": "an actual value only the old ledger has",
    "report-changed": "a report's body, day or submission day changed",
}


def is_report(document) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def is_report_file(spec: str | None) -> bool | None:
    """Whether a diff argument names one ledger report file (read strictly): None for a file the
    strict loader refuses, which says nothing of what it was meant to be."""
    if spec is None or not Path(spec).is_file():
        return False
    from bizenv_cli.files.problems import DataError
    from bizenv_cli.files.yamlload import load_yaml_file

    try:
        return is_report(load_yaml_file(Path(spec)).data)
    except DataError:
        return None


def report_files(old: str, new: str | None) -> list[str]:
    """The diff arguments that are report files: those that read as one, and, beside one, a file
    the strict loader refuses (a report half-edited: read as a report, its problems are named as
    validate names them). VersionError for a report beside a file that reads as something else (a
    plan), which had read as added or removed while the report read as nothing."""
    from bizenv_cli.diff.versions import VersionError

    kinds = {spec: is_report_file(spec) for spec in (old, new) if spec is not None}
    if True not in kinds.values():
        return []
    for spec, kind in kinds.items():
        if kind is False and Path(spec).is_file():
            report = next(other for other, other_kind in kinds.items() if other_kind)
            raise VersionError(f"{report} is a work-ledger report and {spec} is not: compare a report with a "
                               "report, or with a data folder or a revision (its report of the same body and day)")
    return [spec for spec, kind in kinds.items() if kind is not False]


# --- one file as facts ----------------------------------------------------------------------------

def report_facts(document: dict) -> list[str]:
    body, as_of = document.get("reported_by"), document.get("as_of")
    source = f"({body}, report of {as_of})"
    lines = [f"report {body} as of {as_of}" + (f", submitted {document['submitted']}" if document.get("submitted")
                                                 else "")]
    if document.get("note"):
        lines.append(f"report note: {document['note']}")
    # A half-edited report (textconv reads those too; validate refuses them) whose entries are no
    # list of mappings: shown as written, so that git diff still shows what changed in it.
    for key in ("updates", "actuals"):
        items = document.get(key)
        if items is not None and not (isinstance(items, list) and all(isinstance(item, dict) for item in items)):
            lines.append(f"report {key} (not a list of entries): {items!r}")
    # By item, whatever order the file lists them in: diff_ledgers pairs a report's entries by
    # item, so entries moved about in the file are no change (and git diff shows none).
    for update in sorted(_entries(document.get("updates")), key=_update_order):
        item = _item(update)
        lines.append(f"{item} {_update_words(update)} {source}")
        for key in ("evidence", "note"):
            if update.get(key):
                lines.append(f"{item} {key}: {update[key]}")
    for actual in sorted(_entries(document.get("actuals")), key=lambda actual: str(actual.get("indicator"))):
        lines.append(f"{actual.get('indicator')} actual {_actual_words(actual, as_of)} {source}")
        if actual.get("evidence"):
            lines.append(f"{actual.get('indicator')} evidence: {actual['evidence']}")
    return lines


def _entries(items) -> list[dict]:
    # Only mappings are entries (the rest was shown as written, above).
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _update_order(update: dict) -> tuple:
    milestone = update.get("milestone")
    return (str(update.get("measure")), milestone if isinstance(milestone, int) else 0, str(milestone))


def _item(update: dict) -> str:
    return item_name(str(update.get("measure")), update.get("milestone"))


# Phrases, which a diff in Chinese says in Chinese (outputs/words.py), {status} in a status's words.
def _update_words(update: dict) -> str:
    status = update.get("status")
    return (Phrase("{status} on {done_on}", status=status, done_on=update["done_on"]) if update.get("done_on")
            else Phrase("{status}", status=str(status)))


def _actual_words(actual: dict, as_of) -> str:
    value = actual.get("value")
    day = actual.get("measured_on") or as_of
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Phrase("{raw} = {number}, measured {day}", raw=f"{actual.get('raw')}", number=_number(value), day=day)
    return Phrase("{raw}, measured {day}", raw=f"{actual.get('raw')}", day=day)


def _reported(body, as_of, evidence=None) -> str:
    """Whose report of which day a finding of the ledger comes from, and what it says was done."""
    if evidence:
        return Phrase("{body}, report of {as_of}: {evidence}", body=body, as_of=as_of, evidence=evidence)
    return Phrase("{body}, report of {as_of}", body=body, as_of=as_of)


def _number(value: float) -> str:
    # Every digit the report holds: `:g` kept six (1234567.5 read 1.23457e+06, and a value changed in
    # its seventh digit read as no change at all).
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- two versions of the ledger -------------------------------------------------------------------

def diff_ledgers(old: dict[str, dict], new: dict[str, dict]) -> list:
    """Findings between two sets of reports keyed alike (by body and day: _keyed)."""
    from bizenv_cli.diff.plan import Finding

    findings = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key) or {}, new.get(key) or {}
        document = after or before
        body, as_of = document.get("reported_by"), document.get("as_of")
        for field in _REPORT_FIELDS:
            if before and after and before.get(field) != after.get(field):
                findings.append(Finding("report-changed", None, key, field, before.get(field), after.get(field),
                                        _reported(body, as_of)))
        for item, (was, now) in _paired(before.get("updates"), after.get("updates"), _item).items():
            detail = _reported(body, as_of, now and now.get("evidence"))
            kind = "progress-recorded" if was is None else "progress-removed" if now is None else "progress-changed"
            if was is not None and now is not None:
                findings.extend(_changed_fields(kind, item, was, now, _update_words(was), _update_words(now),
                                                "progress", _reported(body, as_of), detail))
                continue
            findings.append(Finding(kind, _plan(item), item, "progress", was and _update_words(was),
                                    now and _update_words(now), detail))
        for item, (was, now) in _paired(before.get("actuals"), after.get("actuals"),
                                        lambda actual: str(actual.get("indicator"))).items():
            kind = "actual-recorded" if was is None else "actual-removed" if now is None else "actual-changed"
            if was is not None and now is not None:
                findings.extend(_changed_fields(kind, item, was, now, _actual_words(was, before.get("as_of")),
                                                _actual_words(now, after.get("as_of")), "actual",
                                                _reported(body, as_of), _reported(body, as_of)))
                continue
            findings.append(Finding(kind, _plan(item), item, "actual",
                                    was and _actual_words(was, before.get("as_of")),
                                    now and _actual_words(now, after.get("as_of")), _reported(body, as_of)))
    return findings


def _paired(old_items, new_items, key) -> dict[str, tuple]:
    old_by = {key(item): item for item in old_items or []}
    new_by = {key(item): item for item in new_items or []}
    return {item: (old_by.get(item), new_by.get(item)) for item in sorted(set(old_by) | set(new_by))}


# A report's own fields, each compared alone (its entries are compared item by item below).
_REPORT_FIELDS = ("package", "reported_by", "as_of", "submitted", "note")


def _changed_fields(kind: str, item: str, was: dict, now: dict, old_words: str, new_words: str, what: str,
                    source: str, detail: str) -> list:
    """One finding for what the entry's words say (status and day, or value and day), then one for
    each other field that changed (evidence, note...): a change to the evidence alone is a change
    a reviewer must see, with the old text and the new."""
    from bizenv_cli.diff.plan import Finding

    findings = []
    if old_words != new_words:
        findings.append(Finding(kind, _plan(item), item, what, old_words, new_words, detail))
    in_words = {"status", "done_on", "raw", "value", "measured_on", "measure", "milestone", "indicator"}
    for field in sorted((set(was) | set(now)) - in_words):
        if was.get(field) != now.get(field):
            findings.append(Finding(kind, _plan(item), item, field, was.get(field), now.get(field), source))
    return findings


def _plan(item: str) -> int | None:
    head = item.split(".", 1)[0]
    return int(head) if head.isdigit() else None


# --- finding the reports of a diff argument -------------------------------------------------------

class LedgerChanges(NamedTuple):
    findings: list  # diff.plan Findings
    # versions.Submodule: a git submodule (or a checkout of one) where a side keeps reports, whose
    # files are another repository's and are not read.
    submodules: list


def ledger_findings(old: str, new: str | None, data_root: Path, schemas_dir: Path | None = None,
                    revision_root: Path | None = None, reports: list[str] | None = None) -> LedgerChanges:
    """The ledger's changes between two diff arguments (report files, data folders or git
    revisions; NEW None is the data folder in use). A plan file on either side has no ledger: none.
    A revision's reports are read in `revision_root` (where its plans were), else in `data_root`;
    `reports` are the arguments that are report files (report_files, when not given).

    Every report is read strictly and checked against the ledger's schema (in `schemas_dir`) first,
    as the plans are (versions._Reader): a report that fails is invalid data, and InvalidVersions
    names it, rather than a report whose every entry was removed (or a traceback)."""
    from bizenv_cli.diff.versions import InvalidVersions

    reader = _ReportReader(schemas_dir)
    reports = report_files(old, new) if reports is None else reports
    old_report, new_report = old in reports, new is not None and new in reports
    if old_report and new_report:
        reports = [{"report": reader.file(Path(spec))} for spec in (old, new)]
        reader.refuse_invalid(InvalidVersions)
        return LedgerChanges(diff_ledgers(*reports), [])
    # A side that is a plan file has no ledger: the other side's reports are neither compared nor
    # checked, so a broken report never stops the diff of one plan.
    if any(spec is not None and Path(spec).is_file() for spec, report in ((old, old_report), (new, new_report))
           if not report):
        return LedgerChanges([], [])
    before = _reports_of(old, revision_root or data_root, reader)
    after = _reports_of(new, revision_root or data_root, reader) if new is not None \
        else _folder_reports(data_root / LEDGER_FOLDER, reader, side=shown_path(data_root))
    if before is None or after is None:
        return LedgerChanges([], reader.submodules)
    reader.refuse_invalid(InvalidVersions)
    if old_report or new_report:
        # One report file against a folder or a revision: only its report (its body and day) is
        # compared there, as one plan file is compared with its own document only.
        only = next(iter(before if old_report else after), None)
        before, after = ({only: before[only]} if only in before else {}), ({only: after[only]} if only in after else {})
    return LedgerChanges(diff_ledgers(before, after), reader.submodules)


class _ReportReader:
    """Reads reports strictly, checks them against the ledger's schema, and keeps the problems of
    every file, so that one run names them all."""

    def __init__(self, schemas_dir: Path | None) -> None:
        from bizenv_cli.checks.validate import load_schema

        self.problems: list = []
        self.submodules: list = []  # versions.Submodule, of both sides
        self.schema = None
        if schemas_dir is not None:
            try:
                self.schema = load_schema(schemas_dir / SCHEMA_FILE)
            except OSError:
                self.schema = None  # no ledger schema beside the data: read what is a report

    def file(self, path: Path, every: bool = True) -> dict | None:
        from bizenv_cli.files.datadir import read_data_file
        from bizenv_cli.files.problems import DataError

        name = shown_path(path)
        try:
            raw = read_data_file(path, name)  # a FIFO or a device is refused, never read
        except DataError as error:
            if every:
                self.problems.append(error.problem)
            return None
        return self.bytes(raw, path, name, every)

    def bytes(self, raw: bytes, path, name: str, every: bool = True) -> dict | None:
        """The report, or None. `every`: the file is in a ledger folder, where each *.yaml is a
        report (as validate reads it); else only a file whose `format` says so is one."""
        from bizenv_cli.checks.validate import schema_problems
        from bizenv_cli.files.problems import DataError
        from bizenv_cli.files.yamlload import load_yaml_bytes

        try:
            loaded = load_yaml_bytes(raw, Path(path), name)
        except DataError as error:
            if every:  # elsewhere an unreadable file is no report that we know of (a plan, say)
                self.problems.append(error.problem)
            return None
        if self.schema is None or not (every or is_report(loaded.data)):
            return loaded.data if is_report(loaded.data) else None
        found = schema_problems(loaded, self.schema, name)
        if found:
            self.problems.extend(found)
            return None
        return loaded.data

    def refuse_invalid(self, invalid) -> None:
        if self.problems:
            raise invalid(self.problems)


def _reports_of(spec: str, data_root: Path, reader: _ReportReader) -> dict[str, dict] | None:
    path = Path(spec)
    if path.is_file():  # one report file (is_report_file): it alone, keyed by its body and day
        document = reader.file(path)
        return _keyed({path.name: document}) if document is not None else {}
    if path.is_dir():
        if (path / "plans").is_dir():
            return _folder_reports(path / LEDGER_FOLDER, reader, spec)
        if path.name == "plans":
            return _folder_reports(path.parent / LEDGER_FOLDER, reader, spec)
        return _folder_reports(path, reader, spec, every=False)  # any folder: its reports, if it has any
    return _revision_reports(spec, data_root, reader)


def _folder_reports(folder: Path, reader: _ReportReader, side: str, every: bool = True) -> dict[str, dict]:
    from bizenv_cli.diff.versions import Submodule

    if not folder.is_dir():
        return {}
    # A submodule's checkout is another repository's files, which a revision holds as a commit
    # alone: read on this side only, its every report had read as recorded (or removed) against it.
    checkouts = _checkouts_in(folder)
    reader.submodules.extend(Submodule(side, shown_path(checkout), None) for checkout in checkouts)
    reports = {}
    for path in data_files_in(folder, below=True):
        if any(path.is_relative_to(checkout) for checkout in checkouts):
            continue
        document = reader.file(path, every)
        if document is not None:
            reports[path.relative_to(folder).as_posix()] = document
    return _keyed(reports)


def _checkouts_in(folder: Path) -> list[Path]:
    """The folders at or below `folder` holding a .git (a submodule's checkout, or any other
    repository's), walked as data_files_in walks them (hidden folders aside, linked ones followed)."""
    found = []
    for parent, folders, _ in walk_data_folder(folder):
        if (Path(parent) / ".git").exists():
            found.append(Path(parent))
            folders.clear()
    return sorted(found)


def _keyed(by_place: dict[str, dict]) -> dict[str, dict]:
    """Reports keyed by body and day; two files claiming one (which validate refuses) by their places."""
    keys = {place: report_key(document.get("reported_by"), document.get("as_of"))
            for place, document in by_place.items()}
    from collections import Counter

    claimed = Counter(keys.values())
    return {key if claimed[key] == 1 else f"{key} ({place})": by_place[place] for place, key in keys.items()}


def _revision_reports(spec: str, data_root: Path, reader: _ReportReader) -> dict[str, dict] | None:
    """The reports of the revision `spec` names, or None when it names none (the plans' side says
    why). A revision git cannot read is VersionError, as for its plans: never a diff without its
    ledger."""
    from bizenv_cli.diff.versions import Submodule, VersionError
    from bizenv_cli.files.gitrev import (GitError, data_tree_at, path_in_repository, read_blobs, repository_root,
                                         resolve_commit)

    try:
        repository = repository_root()
        commit = resolve_commit(spec, repository)
    except GitError:
        return None
    if commit is None:
        return None
    # Where it sits in the repository, not where a link there leads on this machine now: the
    # revision's tree says where (files.gitrev.tree_at).
    folder = path_in_repository(data_root / LEDGER_FOLDER, repository) or PurePosixPath("data") / LEDGER_FOLDER
    try:
        tree = data_tree_at(commit, folder, repository, recursive=True)
        reader.submodules.extend(Submodule(spec, path, held) for path, held in sorted(tree.submodules.items()))
        blobs = tree.blobs
        if not blobs:
            return {}
        paths = sorted(blobs)
        contents = read_blobs([blobs[path] for path in paths], repository)
    except GitError as error:
        raise VersionError(f"{spec}: {error}") from None
    reports = {}
    for path, raw in zip(paths, contents):
        # Named REVISION:path, as the plans of a revision are.
        document = reader.bytes(raw, Path(path), f"{spec}:{path}")
        if document is not None:
            reports[PurePosixPath(path).relative_to(folder).as_posix()] = document
    return _keyed(reports)
