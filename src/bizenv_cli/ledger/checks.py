"""What `bizenv validate` checks in the ledger (docs/ledger.md): the YAML strictly, the schema, then
what the reports mean against the plans and the registry.

Errors: an unknown measure, indicator or department (an unknown id named with the ids it may stand
for, by show's rule: model/item_ids; an id in no form of one, 9.1, which the schema refuses, too);
a milestone index the measure does not have;
a day that is no day (2022-02-30), or none a report can hold (ledger.days: before 1954-10-03 or
after 2119-01-11); done_on, measured_on after the report's as_of, or submitted before it; done
without done_on or done_on without done; two updates of one item (or two actuals of one
indicator) in one file; an actual whose value disagrees with its raw text (ledger.numbers: a
number where the text states none, such as the 0 of #DIV/0!); an actual written in a unit that
is not its indicator's own (ledger.units: 66.5天 of 09.i15, in 小时); another package's report; two
reports by one body as of one day (which would leave a tie); a file whose name is not its body
and day (<body>-YYYY-MM-DD.yaml, or <body>.yaml in the month's folder: ledger.format.name_disagrees).
Warnings: a body reporting on a measure or indicator in which it holds no role, counted by its
scope as the queries count it (Registry.scope; ledger.roles: an indicator's owners are those
`gaps --dept` finds it under); a status that goes back (done → in progress or not started, in
progress → not started) against the same body's latest earlier report on that item; an actual
whose raw text states no number bizenv reads (五十, or 3-5小时: a range; the warning says why), so
that its value is null and gaps cannot compare it; a day of the report before the year of the
plans (ledger.days). A report on an indicator the source names no body for is no warning: no body
is wrong to make it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from unicodedata import normalize

from bizenv_cli.checks.validate import unknown_department
from bizenv_cli.ledger.days import before_the_plans, out_of_reach, year_of_the_plans
from bizenv_cli.ledger.format import SCHEMA_FILE, item_name, name_disagrees
from bizenv_cli.ledger.numbers import read_value, value_agrees
from bizenv_cli.ledger.roles import indicator_roles
from bizenv_cli.ledger.sheet_files import too_long_for_a_cell
from bizenv_cli.ledger.units import indicator_unit, unit_refused
from bizenv_cli.model.item_ids import near_ids
from bizenv_cli.model.owners import plan_owners
from bizenv_cli.model.wording import did_you_mean, quoted_text, quoted_value
from bizenv_cli.files.problems import DataError, Problem, field_path


def check_ledger(data_dir, plans, registry, replaced: dict[Path, bytes] | None = None,
                 only: list[Path] | None = None) -> tuple[list[str], list[Problem]]:
    """Check every report of the data folder (or `only` these files); `replaced` gives new contents
    for some paths (a change `bizenv record` is about to write, checked with the whole ledger
    before it is)."""
    from bizenv_cli.checks.validate import load_schema, schema_problems
    from bizenv_cli.files.datadir import read_data_file
    from bizenv_cli.files.yamlload import load_yaml_bytes

    # realpath, not Path.resolve: a report that is a link loop is a finding of its own below, not a
    # RuntimeError here.
    replaced = {Path(os.path.realpath(path)): raw for path, raw in (replaced or {}).items()}
    paths = {Path(os.path.realpath(path)): path for path in (data_dir.ledger_files() if only is None else only)}
    for path in replaced:
        paths.setdefault(path, path)
    schema_path = data_dir.schemas_dir / SCHEMA_FILE
    try:
        schema = load_schema(schema_path)
    except DataError as error:  # not JSON: no report can be checked against it, and that is the finding
        return [], [error.problem._replace(file=data_dir.display(schema_path))]
    context = _Context(plans, registry)
    files, problems = [], []
    for resolved in sorted(paths):
        path = paths[resolved]
        name = data_dir.display(path)
        files.append(name)
        try:
            # read_data_file: a FIFO, a device or a link to /dev/zero is refused at once, never read.
            raw = replaced[resolved] if resolved in replaced else read_data_file(path, name)
            loaded = load_yaml_bytes(raw, path, name)
        except DataError as error:
            problems.append(error.problem)
            continue
        except OSError as error:
            problems.append(Problem(name, 1, 1, "", f"cannot read file: {error.strerror}", "yaml"))
            continue
        found = schema_problems(loaded, schema, name)
        if found:
            found = context.ids_meant_in(loaded, found)
        else:
            found = context.report_problems(loaded, name, path)
        problems.extend(found)
    problems.extend(context.backward_problems())
    problems.sort(key=lambda p: (p.file, p.line, p.column))
    return files, problems


def check_ledger_of_report(data_dir, report, registry, named: list[Path] | None = None,
                           use_cache: bool = True) -> None:
    """The ledger's part of `validate_data`: adds its files and problems to the report. With
    `named` report files (`bizenv validate data/progress/2022-06/tax.yaml`), only those, against
    every plan of the data folder (from the store unless `use_cache` is False). (`bizenv_cli.api.
    validate` calls it only when there is a report to check.)"""
    from bizenv_cli.model.records import Plan

    documents = report.plans
    if named is not None:
        from bizenv_cli.store.package import load_package
        from bizenv_cli.files.problems import DataError

        try:
            plans = load_package(data_dir, use_cache=use_cache).plans
        except (DataError, OSError, KeyError, TypeError, ValueError):
            plans = []  # the plans' own problems show when they are validated
        documents = []
    else:
        plans = []
    for document in documents:
        try:
            plans.append(Plan.from_document(document))
        except (KeyError, TypeError, ValueError):
            continue  # that plan's own problems are reported already
    files, problems = check_ledger(data_dir, plans, registry, only=named)
    report.files.extend(name for name in files if name not in report.files)
    report.problems.extend(problems)


class _Context:
    def __init__(self, plans, registry):
        self.measures = {m.id: m for plan in plans for m in plan.measures}
        self.indicators = {i.id: i for plan in plans for i in plan.indicators}
        self.plans = {plan.number: plan for plan in plans}
        self._owners: dict[int, dict[str, object]] = {}  # plan number -> {indicator id: owners.Owners}
        self.packages = {plan.document.get("package") for plan in plans} - {None}
        self.plans_year = year_of_the_plans(plans)
        self.registry = registry
        self.reports_seen: dict[tuple[str, str], str] = {}
        self.by_body: dict[str, list[tuple[date, str, object]]] = {}  # body -> (as_of, file, loaded)

    def report_problems(self, loaded, name: str, path: Path) -> list[Problem]:
        doc = loaded.data
        problems: list[Problem] = []

        def problem(path: tuple, message: str, severity: str = "error") -> None:
            problems.append(_problem(name, loaded.position_of(path), field_path(path), message, severity))

        if self.packages and doc["package"] not in self.packages:
            problem(("package",), f"package '{doc['package']}' is not the plans' ({', '.join(sorted(self.packages))})")
        body = doc["reported_by"]
        if self.registry is not None and body not in self.registry:
            problem(("reported_by",), unknown_department(body, self.registry))
        as_of = _day(doc["as_of"], ("as_of",), problem, self.plans_year)
        submitted = _day(doc.get("submitted"), ("submitted",), problem, self.plans_year)
        if as_of and submitted and submitted < as_of:
            problem(("submitted",), f"submitted {submitted} is before the report's as_of {as_of}")
        if as_of:
            key = (body, as_of.isoformat())
            if key in self.reports_seen:
                problem(("as_of",), f"{self.reports_seen[key]} is also {body}'s report as of {as_of}; "
                                    "one report per body and day")
            self.reports_seen.setdefault(key, name)
            self.by_body.setdefault(body, []).append((as_of, name, loaded))
            # A body the registry lacks is likely misspelt there (tx for tax), not in the file's
            # name: its one finding is the unknown id, never "name it tx-….yaml".
            wrong_name = name_disagrees(path, body, as_of) if self.registry is None or body in self.registry else None
            if wrong_name:
                problem(("reported_by",), wrong_name)

        seen: dict[tuple, int] = {}
        for index, update in enumerate(doc["updates"]):
            self._update(update, ("updates", index), body, as_of, seen, problem)
        seen_indicators: dict[str, int] = {}
        for index, actual in enumerate(doc["actuals"]):
            self._actual(actual, ("actuals", index), body, as_of, seen_indicators, problem, loaded)
        return problems

    def _update(self, update: dict, path: tuple, body: str, as_of: date | None, seen: dict, problem) -> None:
        measure_id, number = update["measure"], update.get("milestone")
        item = item_name(measure_id, number)
        if (measure_id, number) in seen:
            problem(path, f"{item} is already reported in updates[{seen[(measure_id, number)]}] of this file; "
                          "one update per item")
        seen.setdefault((measure_id, number), path[1])
        measure = self.measures.get(measure_id)
        if measure is None:
            problem(path + ("measure",), unknown_item("measure", measure_id, self.measures))
        elif number is not None and (missing := missing_milestone(measure, number)):
            problem(path + ("milestone",), missing)
        if measure is not None and self.registry is not None and body in self.registry \
                and self.registry.scope(body).isdisjoint(measure.responsible.department_ids()):
            problem(path + ("measure",), f"{body} holds no role in {measure_id} "
                                         f"({measure.responsible.raw or 'no responsible bodies'})", "warning")
        done_on = _day(update.get("done_on"), path + ("done_on",), problem, self.plans_year)
        if update["status"] == "done" and update.get("done_on") is None:
            problem(path + ("status",), "status done needs done_on (the day it was done)")
        if update["status"] != "done" and update.get("done_on") is not None:
            problem(path + ("done_on",), f"done_on is given but the status is {update['status']}")
        if done_on and as_of and done_on > as_of:
            problem(path + ("done_on",), f"done on {done_on}, after the report's as_of {as_of}")
        _fits_a_cell(update, path, ("evidence",), problem)

    def _actual(self, actual: dict, path: tuple, body: str, as_of: date | None, seen: dict, problem,
                loaded) -> None:
        """`loaded`: the report, whose text of the value a finding quotes (1.50, never 1.5)."""
        indicator_id = actual["indicator"]
        if indicator_id in seen:
            problem(path, f"{indicator_id} is already reported in actuals[{seen[indicator_id]}] of this file; "
                          "one actual per indicator")
        seen.setdefault(indicator_id, path[1])
        indicator = self.indicators.get(indicator_id)
        if indicator is None:
            problem(path + ("indicator",), unknown_item("indicator", indicator_id, self.indicators))
        elif self.registry is not None and body in self.registry:
            owners = self._owners_of(indicator)
            if owners[0] and not indicator_roles(indicator, owners, self.registry.scope(body)):
                problem(path + ("indicator",), f"{body} holds no role in {indicator_id} ({indicator.name}); "
                                               f"it belongs to {', '.join(owners[0])}", "warning")
        # The value as the report gives it: of several figures, the one a person picked (value_agrees).
        refused = indicator is not None and unit_refused(actual["raw"], indicator_unit(indicator), actual["value"])
        if refused:
            problem(path + ("raw",), refused)
        reading = read_value(actual["raw"])
        # Why a text that prints digits states no number: a range, a change, a date, an error value …
        because = f" ({reading.why})" if reading.why else ""
        if not value_agrees(actual["raw"], actual["value"]):
            states = repr(reading.value) if reading.value is not None else f"no number bizenv can read{because}"
            given = quoted_value(actual["value"], written=loaded.written_texts(path + ("value",)))
            problem(path + ("value",), f"value {given} disagrees with raw {quoted_text(actual['raw'])}, "
                                       f"which states {states}")
        elif actual["value"] is None:
            problem(path + ("raw",), f"{indicator_id}: {quoted_text(actual['raw'])} states no number bizenv can "
                                     f"read{because}, "
                                     "so its value is null and gaps cannot compare it; write the figure in digits "
                                     "(50, 3个工作日, 98%)", "warning")
        measured_on = _day(actual.get("measured_on"), path + ("measured_on",), problem, self.plans_year)
        if measured_on and as_of and measured_on > as_of:
            problem(path + ("measured_on",), f"measured on {measured_on}, after the report's as_of {as_of}")
        _fits_a_cell(actual, path, ("raw", "evidence"), problem)

    def ids_meant_in(self, loaded, problems: list[Problem]) -> list[Problem]:
        """`problems`, the schema's findings on `loaded`, a finding on an id in no form of one
        (`measure: '9.1'`, which its pattern refuses) ending with the ids of its kind it may stand
        for, as record and the import name them (model/item_ids.near_ids; a milestone written into
        a measure's id, 09.02#1, names 09.02)."""
        meant = {}
        doc = loaded.data if isinstance(loaded.data, dict) else {}
        for entries, key, known in (("updates", "measure", self.measures), ("actuals", "indicator", self.indicators)):
            listed = doc.get(entries)
            for index, entry in enumerate(listed if isinstance(listed, list) else []):
                if isinstance(entry, dict) and isinstance(entry.get(key), str):
                    meant[field_path((entries, index, key))] = near_ids(entry[key], known)
        return [problem._replace(message=problem.message + did_you_mean(meant[problem.field]))
                if meant.get(problem.field) and problem.check == "schema" else problem for problem in problems]

    def backward_problems(self) -> list[Problem]:
        """A status that goes back, against the same body's latest earlier update of that item:
        done in June and in progress in September is a mistake in one of the two, or news that a
        reader must not miss."""
        problems = []
        for reports in self.by_body.values():
            earlier: dict[tuple, tuple[str, str]] = {}  # item -> (status, as_of of its report), before this day
            for day in sorted({as_of for as_of, _, _ in reports}):
                today = {}
                for _, name, loaded in (report for report in reports if report[0] == day):
                    for index, update in enumerate(loaded.data["updates"]):
                        key = (update["measure"], update.get("milestone"))
                        status = update["status"]
                        if key in earlier and _PROGRESS.get(status, -1) < _PROGRESS[earlier[key][0]]:
                            item = item_name(*key)
                            was, reported = earlier[key]
                            problems.append(_problem(
                                name, loaded.position_of(("updates", index, "status")), f"updates[{index}].status",
                                f"{item} goes back from {was} (report as of {reported}) to {status}; "
                                "check which of the two is right", "warning"))
                        if status in _PROGRESS:
                            today[key] = (status, day.isoformat())
                earlier.update(today)
        return problems

    def _owners_of(self, indicator):
        """owners.indicator_owners, worked out once per plan (its measures' text is folded for it)."""
        if indicator.plan not in self._owners:
            plan = self.plans[indicator.plan]
            self._owners[plan.number] = {i.id: owners for i, owners in zip(plan.indicators, plan_owners(plan))}
        return self._owners[indicator.plan][indicator.id]


def unknown_item(kind: str, item_id: str, known: Iterable[str]) -> str:
    """Why the ledger refuses an id the plans lack, wherever it is given (a report, `record`, a
    sheet's row): `no measure '09.2' in the plans; did you mean 09.02 or 09.20?`, naming the ids of
    `known` (those of its kind) it may stand for by the rule `show` suggests them by (model/item_ids)."""
    return f"no {kind} {quoted_text(item_id)} in the plans{did_you_mean(near_ids(item_id, known))}"


def not_an_item(text: str, measures: dict | None = None, indicators: Iterable[str] = ()) -> str:
    """Why the ledger reads no item in `text`, wherever it is given (`record`, a sheet's row): it is
    in no form of an id (9.1, 9.2#1, 9-02). With the plans' `measures` (by id) and `indicators` at
    hand, it ends with the ids it may stand for (ids_meant): `did you mean 09.01 or 09.10?`."""
    meant = ids_meant(text, measures or {}, indicators)
    return (f"{quoted_text(text)} is not a measure id (09.02), a milestone (09.02#2) or an indicator id (09.i1)"
            f"{did_you_mean(meant)}")


def ids_meant(text: str, measures: dict, indicators: Iterable[str]) -> list[str]:
    """The ids the ledger takes that `text`, in no form of one, may stand for, by show's rule
    (model/item_ids.near_ids, which is why 9.1 is either 09.01 or 09.10): a measure's or an
    indicator's; written with a milestone (9.2#1), that milestone of each near measure that has it
    (09.02#1, and 09.20#1 where 09.20 has a first milestone)."""
    written = normalize("NFKC", text).strip()  # ９.１ is 9.1, as parse_item reads a full-width id
    measure, mark, number = written.partition("#")
    if not mark:
        return near_ids(written, [*measures, *indicators])
    number = number.strip()
    if not number.isdecimal() or int(number) == 0:
        return []
    return [f"{measure_id}#{int(number)}" for measure_id in near_ids(measure, measures)
            if missing_milestone(measures[measure_id], int(number)) is None]


def missing_milestone(measure, number: int) -> str | None:
    """Why a measure has no milestone `number` (09.02#3 of a measure with two), or None when it has."""
    count = len(measure.deadline.milestones)
    if count == 0:
        # Plan 1's measures have no 时间节点 line at all: "its deadline is None" said nothing.
        deadline = (f"its deadline is {quoted_text(measure.deadline.raw)}" if measure.deadline.printed
                    else "the source states no deadline for it")
        return f"{measure.id} has no dated milestone ({deadline}); report on the measure as a whole"
    if number > count:
        return f"{measure.id} has {_milestones(count)}; there is no milestone {number}"
    return None


# How far a status has come; dropped is no step on this way.
_PROGRESS = {"not-started": 0, "in-progress": 1, "done": 2}


def _fits_a_cell(entry: dict, path: tuple, keys: tuple[str, ...], problem) -> None:
    """The texts of an entry that the template carries back, each within a spreadsheet cell."""
    for key in keys:
        if why := too_long_for_a_cell(entry.get(key)):
            problem(path + (key,), why)


def _day(text: str | None, path: tuple, problem, plans_year: int | None) -> date | None:
    """The day `text` names, when it is one a report can hold; else None, with the problem said."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problem(path, f"'{text}' is not a real day")
        return None
    if refused := out_of_reach(day):
        problem(path, refused)
        return None
    if doubtful := before_the_plans(day, plans_year):
        problem(path, doubtful, "warning")
    return day


def _milestones(count: int) -> str:
    return "1 milestone" if count == 1 else f"{count} milestones (1 to {count})"


def _problem(name: str, position: tuple[int, int], field: str, message: str, severity: str) -> Problem:
    return Problem(name, *position, field, message, "ledger", severity)
