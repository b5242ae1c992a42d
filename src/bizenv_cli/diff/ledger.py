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

from bizenv_cli.ledger.format import FORMAT, LEDGER_FOLDER, item_name, report_key

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


def is_report_file(spec: str | None) -> bool:
    """Whether a diff argument names one ledger report file (read strictly; False on any doubt)."""
    if spec is None or not Path(spec).is_file():
        return False
    from bizenv_cli.files.problems import DataError
    from bizenv_cli.files.yamlload import load_yaml_file

    try:
        return is_report(load_yaml_file(Path(spec)).data)
    except DataError:
        return False


# --- one file as facts ----------------------------------------------------------------------------

def report_facts(document: dict) -> list[str]:
    body, as_of = document.get("reported_by"), document.get("as_of")
    source = f"({body}, report of {as_of})"
    lines = [f"report {body} as of {as_of}" + (f", submitted {document['submitted']}" if document.get("submitted")
                                                 else "")]
    if document.get("note"):
        lines.append(f"report note: {document['note']}")
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
    # A half-edited report (textconv reads those too) may hold anything: only mappings are entries.
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _update_order(update: dict) -> tuple:
    milestone = update.get("milestone")
    return (str(update.get("measure")), milestone if isinstance(milestone, int) else 0, str(milestone))


def _item(update: dict) -> str:
    return item_name(str(update.get("measure")), update.get("milestone"))


def _update_words(update: dict) -> str:
    status = update.get("status")
    return f"{status} on {update['done_on']}" if update.get("done_on") else str(status)


def _actual_words(actual: dict, as_of) -> str:
    value = actual.get("value")
    words = f"{actual.get('raw')}" + (f" = {value:g}" if isinstance(value, (int, float)) else "")
    return words + f", measured {actual.get('measured_on') or as_of}"


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
                                        f"{body}, report of {as_of}"))
        for item, (was, now) in _paired(before.get("updates"), after.get("updates"), _item).items():
            detail = f"{body}, report of {as_of}" + (f": {now['evidence']}" if now and now.get("evidence") else "")
            kind = "progress-recorded" if was is None else "progress-removed" if now is None else "progress-changed"
            if was is not None and now is not None:
                findings.extend(_changed_fields(kind, item, was, now, _update_words(was), _update_words(now),
                                                "progress", f"{body}, report of {as_of}", detail))
                continue
            findings.append(Finding(kind, _plan(item), item, "progress", was and _update_words(was),
                                    now and _update_words(now), detail))
        for item, (was, now) in _paired(before.get("actuals"), after.get("actuals"),
                                        lambda actual: str(actual.get("indicator"))).items():
            kind = "actual-recorded" if was is None else "actual-removed" if now is None else "actual-changed"
            if was is not None and now is not None:
                findings.extend(_changed_fields(kind, item, was, now, _actual_words(was, before.get("as_of")),
                                                _actual_words(now, after.get("as_of")), "actual",
                                                f"{body}, report of {as_of}", f"{body}, report of {as_of}"))
                continue
            findings.append(Finding(kind, _plan(item), item, "actual",
                                    was and _actual_words(was, before.get("as_of")),
                                    now and _actual_words(now, after.get("as_of")), f"{body}, report of {as_of}"))
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

def ledger_findings(old: str, new: str | None, data_root: Path) -> list:
    """The ledger's changes between two diff arguments (report files, data folders or git
    revisions; NEW None is the data folder in use). A plan file on either side has no ledger: []."""
    if is_report_file(old) and new is not None and is_report_file(new):
        return diff_ledgers({"report": _read(Path(old))}, {"report": _read(Path(new))})
    before = _reports_of(old, data_root)
    after = _reports_of(new, data_root) if new is not None else _folder_reports(data_root / LEDGER_FOLDER)
    if before is None or after is None:
        return []
    return diff_ledgers(before, after)


def _reports_of(spec: str, data_root: Path) -> dict[str, dict] | None:
    path = Path(spec)
    if path.is_file():
        return None
    if path.is_dir():
        if (path / "plans").is_dir():
            return _folder_reports(path / LEDGER_FOLDER)
        if path.name == "plans":
            return _folder_reports(path.parent / LEDGER_FOLDER)
        return _folder_reports(path)
    return _revision_reports(spec, data_root)


def _folder_reports(folder: Path) -> dict[str, dict]:
    if not folder.is_dir():
        return {}
    reports = {}
    for path in sorted(folder.glob("**/*.yaml")):
        document = _read(path)
        if is_report(document):
            reports[path.relative_to(folder).as_posix()] = document
    return _keyed(reports)


def _keyed(by_place: dict[str, dict]) -> dict[str, dict]:
    """Reports keyed by body and day; two files claiming one (which validate refuses) by their places."""
    keys = {place: report_key(document.get("reported_by"), document.get("as_of"))
            for place, document in by_place.items()}
    from collections import Counter

    claimed = Counter(keys.values())
    return {key if claimed[key] == 1 else f"{key} ({place})": by_place[place] for place, key in keys.items()}


def _read(path: Path):
    from bizenv_cli.files.problems import DataError
    from bizenv_cli.files.yamlload import load_yaml_bytes

    try:
        return load_yaml_bytes(path.read_bytes(), path, str(path)).data
    except (DataError, OSError):
        return None  # diff compares what it can read; validate names a broken file


def _revision_reports(spec: str, data_root: Path) -> dict[str, dict] | None:
    from bizenv_cli.files.gitrev import GitError, _git, _split_batch, repository_root, resolve_commit
    from bizenv_cli.files.problems import DataError
    from bizenv_cli.files.yamlload import load_yaml_bytes

    try:
        repository = repository_root()
        commit = resolve_commit(spec, repository)
        if commit is None:
            return None
        try:
            folder = PurePosixPath((data_root / LEDGER_FOLDER).resolve().relative_to(repository.resolve()).as_posix())
        except ValueError:
            folder = PurePosixPath("data") / LEDGER_FOLDER
        listing = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--", f"{folder}/"], repository,
                       failure=f"cannot list {folder} at {commit}")
        paths = [name.decode("utf-8") for name in listing.split(b"\0") if name.endswith(b".yaml")]
        if not paths:
            return {}
        request = "".join(f"{commit}:{path}\n" for path in paths).encode("utf-8")
        contents = _split_batch(_git(["cat-file", "--batch"], repository, failure="cannot read files from git",
                                     stdin=request), len(paths))
    except GitError:
        return None
    reports = {}
    for path, raw in zip(paths, contents):
        try:
            document = load_yaml_bytes(raw, Path(path), path).data
        except DataError:
            continue
        if is_report(document):
            reports[PurePosixPath(path).relative_to(folder).as_posix()] = document
    return _keyed(reports)
