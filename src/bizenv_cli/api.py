"""The library's entry points that span layers: what `bizenv_cli` exports for use without the CLI.

Each function here composes a lower layer with a higher one that the lower layer must not import
(the folder's validation with the work ledger's checks), so the CLI and a Python caller get the
same answer from one place.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path


def validate(data_dir=None, paths: list[Path] | None = None, use_cache: bool = True):
    """The ValidationReport (checks.validate) of the data folder `data_dir` (a files.datadir.DataDir,
    or a path or None as `data_folder` takes it, but never the copy shipped with bizenv, which
    answers queries only: DataDirNotFound), or of the named plan and report files: its
    `problems` are every finding of the schema, the semantics, the source audit and the work
    ledger, and `ok` says whether none is an error.

    With `use_cache`, the files the store holds as they are now are not parsed again (store.package.
    checked_documents); without it, nothing in the cache is read or written."""
    from bizenv_cli.checks.validate import validate_data

    data_dir = _folder_to_check(data_dir)
    checked = None
    if use_cache:
        from bizenv_cli.store.package import checked_documents

        checked = checked_documents(data_dir)

    def check_ledger(data_dir, report, registry, named):
        if named is None and not data_dir.ledger_files():
            return  # no report to check: nothing of the ledger is imported, nor the plans read as it reads them
        from bizenv_cli.ledger.checks import check_ledger_of_report

        check_ledger_of_report(data_dir, report, registry, named, use_cache=use_cache)

    return validate_data(data_dir, paths, check_ledger=check_ledger, checked=checked)


def validate_staged(data_dir=None):
    """The ValidationReport of the data folder `data_dir` (as `validate` takes it, but found without
    BIZENV_DATA: a commit checks its own data) as git's index
    holds it for the next commit, whatever the folder holds (an unstaged edit, an untracked file, a
    plan removed with `git rm --cached`): what a pre-commit hook checks. The index's files (the
    folder's, and the schemas/ beside it) are written to a temporary folder and checked there,
    without the store; each finding names the file where it lies in the repository, as `validate`
    names the folder's files (relative to the working folder when below it, else in full).

    Raises files.gitrev.GitError when the folder is in no git repository or the index holds an
    unmerged file, ValueError when the index holds no plan in it."""
    import tempfile

    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.files.gitrev import GitError, path_in_repository, repository_root, write_staged
    from bizenv_cli.files.problems import Problem

    data_dir = _folder_to_check(data_dir, environment=False)  # BIZENV_DATA may be set for queries
    shown = data_dir.display(data_dir.root)
    try:
        repository = repository_root(data_dir.root).resolve()
    except GitError:
        raise GitError(f"{shown} is not in a git repository: there is no index to check") from None
    # Where the folder sits in the repository, a link there not followed (from inside a linked
    # data/, where the shell stands): the index's link says where it leads, as a revision's does.
    inside = path_in_repository(data_dir.root, repository)
    if inside is None:
        raise GitError(f"{shown} is not inside the git repository {repository}")
    with tempfile.TemporaryDirectory(prefix="bizenv-staged-") as folder:
        mirror = Path(folder).resolve()
        submodules = write_staged([inside, inside.parent / "schemas"], repository, mirror)
        if not DataDir(mirror / inside, "option").plan_files():
            raise ValueError(f"git's index holds no plan in {data_dir.display(data_dir.plans_dir)}")
        report = validate(DataDir(mirror / inside, "option"), use_cache=False)
    # Named, as diff names one: the commit holds another repository's commit there, no file to check.
    report.problems += [Problem(f"{mirror}/{path}", 1, 1, "", f"a git submodule (commit {commit[:7]} of another "
                                "repository): the commit holds no file of it, and --staged checks none",
                                severity="warning")
                        for path, commit in sorted(submodules.items())]
    where = data_dir.display(repository)
    here = "" if where == "." else where.rstrip("/") + "/"
    # From a folder inside the repository, display() names the repository in full, yet validate
    # names a file below that folder relative to it (plans/… from data/): the mirror's copy of
    # the working folder stands for it first.
    working = path_in_repository(Path.cwd(), repository)
    below = working.as_posix() if working is not None else "."

    def in_repository(text: str) -> str:
        if below != ".":
            text = text.replace(f"{mirror}/{below}/", "")
        return text.replace(f"{mirror}/", here)

    report.problems = [problem._replace(file=in_repository(problem.file), message=in_repository(problem.message))
                       for problem in report.problems]
    report.files = [in_repository(name) for name in report.files]
    return report


def _folder_to_check(data_dir, environment: bool = True):
    """The user's data folder for a check: `data_dir` (a DataDir or a path), else the one found as
    `bizenv` finds it; never the copy shipped with bizenv, which answers queries only (a check of
    it passes whatever data the caller meant): DataDirNotFound says how to name one."""
    from bizenv_cli.files.datadir import DataDir, find_data_dir, folder_to_check

    if not isinstance(data_dir, DataDir):
        data_dir = find_data_dir(_path(data_dir), environment=environment)
    return folder_to_check(data_dir, environment=environment)


def _path(data):
    """`data` when it can name a folder (None: search for one); ValueError for anything else, such
    as a package where its folder was meant."""
    return None if data is None else _path_of(data, "a data folder")


def _path_of(value, what: str):
    if isinstance(value, (str, os.PathLike)):
        return value
    raise ValueError(f"{what} is a path (str or os.PathLike), not {type(value).__name__}")


# --- a package, its ledger, and the names in them ---------------------------------------------------

def data_folder(data: str | os.PathLike | None = None):
    """The data folder (a files.datadir.DataDir) at `data`; without it, as `bizenv` finds one: the
    BIZENV_DATA folder, else the nearest data/ upward from here, else the copy shipped with the
    package. Raises files.datadir.DataDirNotFound."""
    from bizenv_cli.files.datadir import find_data_dir

    return find_data_dir(_path(data))


def load(data: str | os.PathLike | None = None, *, use_cache: bool = True):
    """The package (store.package.Package: plans and registry) of the data folder `data` (as
    `data_folder` finds it). A file that cannot be read raises files.problems.DataError with the
    message `bizenv validate` gives for it."""
    from bizenv_cli.store.package import load_package

    return load_package(data_folder(data), use_cache=use_cache)


def load_ledger(data: str | os.PathLike | None = None):
    """The work ledger (ledger.Ledger) of the data folder `data`: its reports under progress/
    (docs/ledger.md says what a report holds); empty, and falsy, without reports. Given to `due`,
    `measures` and `gaps` as `ledger=`, it adds each row's progress or actual (docs/json.md)."""
    from bizenv_cli.ledger.format import load_ledger as load_reports

    return load_reports(data_folder(data))


def find_department(package, name: str):
    """The department `name` names in the package's registry (id, name, alias or a part of one);
    raises query.names.NoMatch (with the nearest names) or Ambiguous (with the candidates)."""
    from bizenv_cli.query.names import find_department

    return find_department(_package(package).registry, _text(name, "a department's name"))


def find_plan(package, name: str | int) -> int:
    """The number of the plan `name` names (number, id, slug or a part of one title); raises
    query.names.NoMatch or Ambiguous."""
    from bizenv_cli.query.names import find_plan_number

    if isinstance(name, int) and not isinstance(name, bool):
        name = str(name)
    return find_plan_number(_package(package), _text(name, "a plan's name or number"))


# --- the queries, with the ledger's judgement where it changes a row -----------------------------------
# The rows are those `--format json` prints (docs/json.md). The ledger is a layer above the queries:
# here is where the two meet, for the command line and for a Python caller alike (a body's template,
# too: the ledger's rows written by an output format).

def measure_rows(package, measure_filter, *, ledger=None, as_of: date | None = None) -> list[dict]:
    """`bizenv measures` rows of the measures `measure_filter` (query.queries.MeasureFilter)
    admits, each with its latest `progress` as of `as_of` (default today) when `ledger` has reports."""
    from bizenv_cli.query.queries import measure_row, select_measures

    rows = [measure_row(measure, plan) for plan, measure in select_measures(package.plans, measure_filter)]
    if not ledger:  # the shipped, empty ledger: the ledger's modules are not even imported
        return rows
    from bizenv_cli.ledger.views import with_measure_progress

    measures = {measure.id: measure for measure in package.measures()}
    return with_measure_progress(rows, measures, ledger, as_of or _today())


def due_rows(package, window, measure_filter, as_of: date, statuses=None, include_ongoing: bool = False, *,
             ledger=None) -> list[dict]:
    """`bizenv due` rows: the milestones in `window` (model.periods.Window) of the measures
    `measure_filter` admits, with their status as of `as_of`, judged by `ledger` when it has reports."""
    from bizenv_cli.query.queries import package_due_rows

    judge = None
    if ledger:
        from bizenv_cli.ledger.views import due_judge

        judge = due_judge(ledger)
    return package_due_rows(package, window, measure_filter, as_of, statuses, include_ongoing, judge=judge)


def gap_rows(package, indicator_filter, by: str | None = None, *, ledger=None, as_of: date | None = None) -> list[dict]:
    """`bizenv gaps` rows of the indicators `indicator_filter` admits, against the targets due by
    month `by` (YYYY-MM; default the year-end ones), with the latest `actual` as of `as_of`
    (default today) when `ledger` has reports."""
    from bizenv_cli.query.queries import owned_gap_rows

    rows = owned_gap_rows(package.owned_indicators(), indicator_filter, by=by)
    if not ledger:
        return rows
    from bizenv_cli.ledger.views import with_actuals

    return with_actuals(rows, ledger, as_of or _today())


def target_month(period) -> str | None:
    """The month whose targets a period (model.periods.Period) is judged against: a month is
    itself, and a year, a quarter or a day is judged at its last month (targets are set by month)."""
    if period is None:
        return None
    if period.first.day == 1 and period.last.month == period.first.month and period.first != period.last:
        return period.text
    return period.last.strftime("%Y-%m")


def item_detail(package, found, as_of: date, ledger=None) -> dict:
    """What `bizenv show` prints as JSON of what query.show.find_item found (kind, plan, item):
    with `ledger`, a measure's milestones judged by it, and a measure's or an indicator's history
    report by report (an indicator's latest `actual` too)."""
    from bizenv_cli.query.show import detail

    kind, plan, item = found
    judge = None
    if ledger and kind == "measure":
        from bizenv_cli.ledger.views import due_judge

        judge = due_judge(ledger)
    record = detail(kind, plan, item, as_of, judge=judge)
    if ledger and kind in ("measure", "indicator"):
        from bizenv_cli.ledger.views import add_history

        add_history(record, ledger, item.id, as_of)
    return record


def department_rows(package, kind: str | None, as_of: date | None, ledger=None) -> list[dict]:
    """`bizenv departments` rows (query.queries.department_rows): with `as_of`, each body's
    milestones counted by status, judged by `ledger` when it has reports (done, done-late, dropped)."""
    from bizenv_cli.query.queries import department_rows as rows_of

    status_of, statuses = None, ()
    if ledger and as_of is not None:
        from bizenv_cli.ledger.status import LEDGER_STATUSES
        from bizenv_cli.ledger.views import milestone_status_function

        status_of, statuses = milestone_status_function(ledger), LEDGER_STATUSES
    owned = package.owned_indicators()  # before the plans are decoded: from the store
    return rows_of(package.plans, package.registry, kind, as_of=as_of, status_of=status_of, owned=owned,
                   statuses=statuses)


def template_content(package, body, as_of: date, ledger=None, suffix: str = ".xlsx") -> tuple[list[dict], str | bytes]:
    """The template `body` (a Department) fills in for the round of `as_of`: its rows
    (ledger/spreadsheet.template_rows, what its latest report in `ledger` says filled in), and the
    file, an .xlsx workbook's bytes or a .csv's text (`suffix`), with the heading that says whose
    and which day it is."""
    from bizenv_cli.ledger.format import package_id
    from bizenv_cli.ledger.spreadsheet import SheetIdentity, template_rows
    from bizenv_cli.outputs.ledger_template import template_file

    rows = template_rows(package, ledger, body.id, as_of)
    return rows, template_file(rows, SheetIdentity(body.id, body.name, as_of, package_id(package)), suffix)


# --- the same, asked in the words of the command line ---------------------------------------------------

def measures(package, *, plans=(), departments=(), role: str | None = None, section: str | None = None,
             text: str | None = None, ledger=None, as_of=None) -> list[dict]:
    """What `bizenv measures` lists: `plans` and `departments` as --plan and --dept take them (any
    of several), `role` as --role takes it (lead, support, implement, responsible, or 牵头 ...),
    and with `ledger` (load_ledger) each measure's latest progress as of `as_of` (default today).
    A name that fits no plan or body raises query.names.NoMatch or Ambiguous; an unknown role,
    ValueError."""
    from bizenv_cli.query.queries import MeasureFilter

    package, ledger = _package(package), _ledger(ledger)
    chosen = MeasureFilter(plans=_plan_numbers(package, plans), departments=_scopes(package, departments),
                           role=_role(role), section=section, text=text)
    return measure_rows(package, chosen, ledger=ledger, as_of=_day(as_of))


def due(package, *, before=None, by=None, after=None, within=None, as_of=None, plans=(), departments=(),
        role: str | None = None, text: str | None = None, statuses=None, include_ongoing: bool = False,
        ledger=None) -> list[dict]:
    """What `bizenv due` lists: `before`, `by`, `after` and `within` as --before, --by, --after
    and --in take them (2022-06, 2022-Q2, 2022年6月..., or a datetime.date for that day), `as_of` a
    date or its text (default today), `statuses` as --status takes them, the other filters as
    `measures` takes them. Dates that name no period, or leave no day between them, raise
    model.periods.PeriodError (a ValueError); an unknown status, ValueError."""
    from bizenv_cli.model.periods import window
    from bizenv_cli.query.queries import MeasureFilter

    package, ledger, include_ongoing = _package(package), _ledger(ledger), _flag(include_ongoing, "include_ongoing")
    dates = window(before=_period(before), by=_period(by), after=_period(after), within=_period(within))
    chosen = MeasureFilter(plans=_plan_numbers(package, plans), departments=_scopes(package, departments),
                           role=_role(role), text=text)
    return due_rows(package, dates, chosen, _day(as_of), due_statuses(statuses, include_ongoing), include_ongoing,
                    ledger=ledger)


def due_statuses(statuses, include_ongoing: bool = False) -> list[str] | None:
    """The statuses `due` keeps (None: all): with `include_ongoing`, the ongoing rows beside the
    chosen ones (--status overdue --include-ongoing)."""
    statuses = [statuses] if isinstance(statuses, str) else statuses  # one, as --status takes it
    chosen = [getattr(status, "value", status) for status in statuses or ()]
    if chosen:
        from bizenv_cli.ledger.status import LEDGER_STATUSES
        from bizenv_cli.query.queries import STATUSES

        chosen = [_choice(status, "status", (*STATUSES, *LEDGER_STATUSES)) for status in chosen]
    if chosen and include_ongoing and "ongoing" not in chosen:
        chosen.append("ongoing")
    return chosen or None


def gaps(package, *, plans=(), departments=(), indicator: str | None = None, by=None, ledger=None,
         as_of=None, sort: str = "plan") -> list[dict]:
    """What `bizenv gaps` lists: `by` a period as --by takes it (judged at its last month), the
    actuals `ledger` reports as of `as_of`, in the order of `sort` (plan, gap or progress)."""
    from bizenv_cli.query.queries import GAP_SORTS, IndicatorFilter, sort_gap_rows

    package, ledger, sort = _package(package), _ledger(ledger), _choice(sort, "sort", GAP_SORTS)
    chosen = IndicatorFilter(plans=_plan_numbers(package, plans), departments=_scopes(package, departments),
                             text=indicator)
    return sort_gap_rows(gap_rows(package, chosen, target_month(_period(by)), ledger=ledger, as_of=_day(as_of)), sort)


def plans(package) -> list[dict]:
    """What `bizenv plans` lists: each plan with its counts of measures, indicators and milestones
    and the body that leads the most of its measures (`lead`; null on a tie, whose bodies
    `top_leads` names)."""
    from bizenv_cli.query.queries import plan_rows

    return plan_rows(_package(package).plans)


def show(package, item: str, *, as_of=None, ledger=None) -> dict:
    """What `bizenv show ITEM --format json` prints: the measure, indicator, section, table or
    plan with this id, written in full as the tool prints it (02.03, 10.i1, 01.s5, 09.t1, or a
    plan's number, id or slug), its milestones' status as of `as_of` (default today) and, with
    `ledger`, its history. An id that names nothing raises query.names.NoMatch, whose message
    and `suggestions` name the ids it may stand for (9.1: 09.01 or 09.10)."""
    from bizenv_cli.query.names import NoMatch
    from bizenv_cli.query.show import find_item, missing_item, suggest_items

    package, ledger = _package(package), _ledger(ledger)
    if isinstance(item, int) and not isinstance(item, bool):
        item = str(item)  # a plan's number, as find_plan takes one
    wanted = _text(item, "an id")
    found = find_item(package.plans, wanted)
    if found is None:
        raise NoMatch(wanted, "item", suggest_items(package.plans, wanted), missing_item(package.plans, wanted))
    return item_detail(package, found, _day(as_of), ledger)


def search(package, text: str, *, plans=()) -> list[dict]:
    """What `bizenv search TEXT` lists: one row per record (a measure, a paragraph, a table row...)
    holding `text`, spaces and line breaks ignored and full-width characters as their half-width
    forms, with the hits' offsets in its snippet; `plans` as `measures` takes them."""
    from bizenv_cli.model.textfold import fold
    from bizenv_cli.query.search import search_hits

    package = _package(package)
    if not fold(_text(text, "the text to search for")):
        raise ValueError("the text to search for is empty")
    numbers = _plan_numbers(package, plans)
    return search_hits([plan for plan in package.plans if not numbers or plan.number in numbers], text)


def departments(package, *, kind: str | None = None, as_of=None, sort: str | None = None, ledger=None) -> list[dict]:
    """What `bizenv departments` lists: every body of the registry (of one `kind`), with how many
    measures name it in each role and how many indicators are its; with `as_of` (a date or its
    text), its milestones counted by status on that day, judged by `ledger` when given; in the
    order of `sort` (registry, name, id, measures, or with `as_of` overdue, due, upcoming,
    total). An unknown kind or sort, or a sort by status without `as_of`, raises ValueError."""
    from bizenv_cli.query.queries import DEPARTMENT_SORTS, SORTS_BY_STATUS, department_kind, sort_department_rows

    package, ledger = _package(package), _ledger(ledger)
    day = None if as_of is None else _day(as_of)
    sort = None if sort is None else _choice(sort, "sort", DEPARTMENT_SORTS)
    if sort in SORTS_BY_STATUS and day is None:
        raise ValueError(f"sort by {sort}: counts by status need as_of, a day")
    chosen = None if kind is None else department_kind(package.registry, _text(kind, "a kind"))
    rows = department_rows(package, chosen, day, ledger)
    return rows if sort is None else sort_department_rows(rows, sort)


def progress(package, *, ledger=None, as_of=None, group_by: str = "plan", plans=(), departments=(),
             total: bool = False) -> list[dict]:
    """What `bizenv progress --format json` lists: the milestones due by `as_of` (default today)
    scored against `ledger` (none: nothing reported), one row per plan or, with `group_by="dept"`,
    per department; `plans` and `departments` as `measures` takes them. `total` adds the row
    the table ends with, each milestone counted once (docs/ledger.md#the-scorecard-bizenv-progress)."""
    from bizenv_cli.ledger import Ledger
    from bizenv_cli.ledger.scorecard import scorecard, scorecard_total

    package, ledger = _package(package), _ledger(ledger) or Ledger()
    group_by = _choice(group_by, "group_by", ("plan", "dept"))
    day, numbers, total = _day(as_of), _plan_numbers(package, plans), _flag(total, "total")
    ids = list(dict.fromkeys(find_department(package, name).id for name in _names(departments, "departments")))
    rows = scorecard(package, ledger, day, group_by, numbers, ids)
    return rows + [scorecard_total(package, ledger, day, numbers, ids)] if total else rows


# --- drafting a new package's data folder -------------------------------------------------------------

def import_text(text, folder, *, package: str | None = None, registry=None):
    """Draft a data folder at `folder` (new, or an empty folder) from a plan package's published
    text, the file `text` (a .txt in UTF-8 or GB18030, a .docx or a saved .html page), as `bizenv
    import TEXT -o FOLDER` does: its plans, its registry and its source, every line the importer
    could not read kept as text for review. `package` is the id the plans carry (default: from the
    text's file name); `registry`, a department registry file (last year's departments.yaml) to
    resolve bodies against.

    Returns importer.run.ImportResult: the `folder`, its `source_file`, and the `draft`, whose
    `reviews` are the lines to review (each its `line` and `why`) and `new_bodies` the bodies the
    registry lacked. The draft is not checked here: `validate(folder)` checks it, as the command
    does next. ImportRefused (a ValueError) when the import cannot start (a text that cannot be
    read or names no year, a bad package id or registry, a folder in use); nothing is written."""
    from bizenv_cli.importer.run import ImportNames, import_package

    text_path, folder_path = Path(_path_of(text, "the text")), Path(_path_of(folder, "the folder"))
    registry_path = None if registry is None else Path(_path_of(registry, "the registry"))
    return import_package(text_path, folder_path, package=_optional_text(package, "package"),
                          registry_path=registry_path, names=ImportNames(package="package", registry="registry"))


# --- writing the work ledger, as its commands do ------------------------------------------------------
# Into the folder given or found, as `validate` takes it: where none is found, never into the copy
# shipped with bizenv (DataDirNotFound). Checked whole with the change, written atomically, one
# writer at a time (ledger/record.py). The reporting body is `department` (the command line's --by,
# which the queries' `by` would confuse with a period).

def _parameter_names():
    """The ledger's rules (ledger/record.entries_for, ledger/spreadsheet.import_report) in the words
    of these functions' parameters."""
    from bizenv_cli.ledger.record import ArgumentNames

    return ArgumentNames(item="item", status="status", status_given="status", actual="actual",
                         actual_given="actual", raw="the value", on="on", on_given="on", body="department",
                         as_of="as_of", note="note", evidence="evidence")


def record(data, item: str, *, as_of, department: str, status: str | None = None, actual: str | None = None,
           on=None, evidence: str | None = None, note: str | None = None):
    """Record one update or one actual value in the work ledger of the data folder `data` (as
    `validate` takes it), as `bizenv record` does: `status` for a measure (09.02, or 09.02#2 for
    its second milestone: 未启动, 推进中, done...) or `actual` for an indicator (09.i10,
    '3个工作日'), into the report of the body `department` names as of `as_of`; `on` the day it
    was done (required with done) or measured; `note`, a remark on an update (an actual has
    none). The whole ledger is checked with the change, and the report written atomically, one
    writer at a time.

    Returns the ledger.record.Change written: its `path`, and `warnings` (findings that pass).
    A record the rules refuse raises ValueError (an `item` the plans lack, a milestone its measure
    does not have, a day no report can hold, an `on` after `as_of`); a `department` that names no
    body or several, NoMatch or Ambiguous; a ledger that would not pass its checks (another report
    of it wrong), ledger.record.RecordError with its `problems`; and nothing is written."""
    from bizenv_cli.ledger.record import NotAnItemId, entries_for, record_change
    from bizenv_cli.store.package import load_package

    data_dir = _folder_to_check(data)
    day, done_on = _day(_given(as_of, "as_of"), "as_of"), None if on is None else _day(on, "on")
    given = (_text(item, "item"), _optional_text(status, "status"), _optional_text(actual, "actual"), day, done_on,
             _optional_text(evidence, "evidence"), _optional_text(note, "note"), _parameter_names())
    try:
        entries_for(*given)  # what was given, refused before the data is read
    except NotAnItemId:
        pass  # 9.1: refused below, with the ids of the plans it may stand for (09.01 or 09.10)
    package = load_package(data_dir)
    updates, actuals = entries_for(*given, package.plans)
    return record_change(data_dir, package, find_department(package, department).id, day, updates, actuals)


def ledger_template(data, department: str, *, as_of=None, suffix: str = ".xlsx") -> str | bytes:
    """What `bizenv ledger template --dept DEPARTMENT -o F.xlsx` writes, in the data folder `data`
    (as `record` takes it): the form the body `department` names fills in for the round of
    `as_of` (default today), an .xlsx workbook's bytes (`suffix` ".csv": a CSV's text), with what
    its latest report in the folder's ledger says filled in, so that its import keeps it.
    ValueError for an `as_of` no report can hold (ledger/days.py)."""
    from bizenv_cli.ledger.format import load_ledger as load_reports
    from bizenv_cli.ledger.sheet_files import SHEET_SUFFIXES
    from bizenv_cli.store.package import load_package

    if _text(suffix, "suffix").lower() not in SHEET_SUFFIXES:
        raise ValueError(f"a template is {' or '.join(SHEET_SUFFIXES)}, not {suffix!r}")
    data_dir = _folder_to_check(data)
    package = load_package(data_dir)
    # Its report could not hold another day, nor its import read it back.
    body, day = find_department(package, department), _report_day(as_of)
    return template_content(package, body, day, load_reports(data_dir), suffix.lower())[1]


def import_sheet(data, sheet, *, department: str | None = None, as_of=None, dry_run: bool = False):
    """Make a body's report for a day what its filled-in template, the file `sheet` (.xlsx or
    .csv), says, as `bizenv ledger import` does, in the data folder `data` (as `record` takes it):
    a row cleared is removed from the report, a changed row replaces it; `dry_run` checks all and
    writes nothing. The template names its body and day: `department` and `as_of` must agree
    with them, and are needed only for a template made before it did.

    Returns ledger.spreadsheet.SheetImport: the `body`, the day (`as_of`), what was `imported`,
    the `change` (None when no row is filled in and there is no report to empty) and `warnings`
    said of the sheet's rows. Raises SheetError when the file is no template or its body, day or
    package disagree; ValueError when it names no body or day and they are not given; NoMatch or
    Ambiguous for a `department` that names no body or several; RecordError when rows are bad
    (RowsRefused: its `problems` are the first 50 rows' messages, `imported.problems` counts
    them all) or the ledger's checks refuse the report. Then nothing is written. ValueError for
    an `as_of` no report can hold (ledger/days.py), as `ledger_template`."""
    from bizenv_cli.ledger.spreadsheet import import_report
    from bizenv_cli.store.package import load_package

    data_dir, path, dry_run = _folder_to_check(data), Path(_path_of(sheet, "the sheet")), _flag(dry_run, "dry_run")
    day = None if as_of is None else _report_day(as_of)
    package = load_package(data_dir)
    body = None if department is None else find_department(package, department)
    return import_report(data_dir, package, path, str(path), body, day, dry_run, _parameter_names())


def remove_report(data, *, department: str, as_of, dry_run: bool = False):
    """Remove the report of the body `department` names as of `as_of` from the work ledger of the
    data folder `data`, as `bizenv ledger remove` does; returns the ledger.record.Change
    (`before`: the report removed). RecordError when there is no such report, ValueError for an
    `as_of` no report can hold (ledger/days.py: none is there to remove); nothing changes."""
    from bizenv_cli.ledger.record import remove_report as remove
    from bizenv_cli.store.package import load_package

    data_dir, dry_run = _folder_to_check(data), _flag(dry_run, "dry_run")
    day = _report_day(_given(as_of, "as_of"))
    package = load_package(data_dir)
    return remove(data_dir, find_department(package, department).id, day, dry_run=dry_run)


# --- what a caller passes, checked where it comes in: a wrong type is a ValueError that says what was
# expected, never an AttributeError from deep inside.

def _package(package):
    from bizenv_cli.store.package import Package

    if not isinstance(package, Package):
        raise ValueError(f"expected a package, as bizenv.load(...) returns, not {type(package).__name__}")
    return package


def _ledger(ledger):
    if ledger is None:
        return None
    from bizenv_cli.ledger.format import Ledger

    if not isinstance(ledger, Ledger):
        raise ValueError(f"expected a ledger, as bizenv.load_ledger(...) returns, not {type(ledger).__name__}")
    return ledger


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, as bytes decoded with surrogateescape leave
        raise ValueError(f"{what} holds a character that is no text (a lone surrogate): {value!r}") from None
    return value


def _choice(value, what: str, choices) -> str:
    """One of `choices`, given in any case, as the options take it."""
    wanted = _text(value, what).strip().lower()
    for choice in choices:
        if choice.lower() == wanted:
            return choice
    from bizenv_cli.model.wording import not_one_of

    raise ValueError(f"{what}: {not_one_of(value, choices)}")


def _flag(value, what: str) -> bool:
    # "no" is truthy: a dry run asked for as a word must not become a write, nor the reverse.
    if not isinstance(value, bool):
        raise ValueError(f"{what} is True or False, not {value!r}")
    return value


def _optional_text(value, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _given(value, what: str):
    if value is None:
        raise ValueError(f"{what} is required: the day of the report")
    return value


def _names(names, what: str) -> list:
    """One name or several (a list, tuple or set); None or () for none."""
    if names is None:
        return []
    if isinstance(names, (str, int)) and not isinstance(names, bool):
        return [names]
    if isinstance(names, (list, tuple, set, frozenset)):
        return list(names)
    raise ValueError(f"{what} are a name or a list of names, not {type(names).__name__}")


def _plan_numbers(package, names) -> tuple[int, ...]:
    # "9,10" names two plans, as --plan 9,10 does.
    parts = [part for name in _names(names, "plans") for part in (name.split(",") if isinstance(name, str) else [name])]
    return tuple(dict.fromkeys(find_plan(package, part) for part in parts))


def _scopes(package, names) -> tuple:
    found = dict.fromkeys(find_department(package, name).id for name in _names(names, "departments"))
    return tuple(package.registry.scope(body) for body in found)


def _role(text: str | None) -> str | None:
    from bizenv_cli.model.responsibility import role_named

    return None if text is None else role_named(_text(text, "a role"))


def _period(value):
    """A period as the date options take it: its text, or a datetime.date (or datetime) for that
    one day."""
    from bizenv_cli.model.periods import parse_period

    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.isoformat()
    return parse_period(_text(value, "a period"))


def _today() -> date:
    return date.today()


def _report_day(value) -> date:
    """The day `as_of` names (as _day takes it) when a report can hold it (ledger/days.py), else
    ValueError: the day of a report the ledger's writers make, read or remove."""
    from bizenv_cli.ledger.days import out_of_reach

    day = _day(value, "as_of")
    if refused := out_of_reach(day):
        raise ValueError(f"as_of: {refused}")
    return day


def _day(value, what: str | None = None) -> date:
    """A day as the day options take it, or a date (a datetime's date); today for None. `what`
    names the parameter in the message where a function takes several days."""
    from bizenv_cli.model.periods import PeriodError, parse_day

    if value is None:
        return _today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value, what or "a day")
    try:
        return parse_day(text, today=_today())
    except PeriodError as error:
        if what is None:
            raise
        raise PeriodError(f"{what}: {error}") from None
