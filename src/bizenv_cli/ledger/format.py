"""The ledger's report files as objects: one `Report` per file, its `Update`s and `Actual`s.

A report is one body's account of one round, keyed by the body and the day it is as of: two
reports of one body in one month are two reports. It is written to
`data/progress/YYYY-MM/<department-id>-YYYY-MM-DD.yaml` (the month folder of its day; the file
names whose and which day it is wherever it is copied to); a report in the layout of earlier
versions, `data/progress/YYYY-MM/<department-id>.yaml`, is read as it is and rewritten in place
(`report_file`). Schema `schemas/progress.schema.json`. Files are read with the project's strict loader, so a
broken one is reported as file:line:col, never a traceback. The loader (and PyYAML) is imported
only when there is a report to read: with the shipped, empty ledger the query commands pay nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bizenv_cli.files.problems import DataError, Problem, field_path
from bizenv_cli.files.tags import REPORT_TAG
from bizenv_cli.model.wording import quoted_value

if TYPE_CHECKING:
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.files.yamlload import LoadedYaml

FORMAT = REPORT_TAG
SCHEMA_FILE = "progress.schema.json"
# Relative to data/progress/YYYY-MM/<id>-<day>.yaml in a checkout, as the plans' modeline is to theirs.
MODELINE = "# yaml-language-server: $schema=../../../schemas/progress.schema.json\n"
REPORT_STATUSES = ("not-started", "in-progress", "done", "dropped")


def item_name(measure: str, milestone: int | None) -> str:
    """An update's item as `bizenv record` names it and the template lists it: 09.02 (the measure
    as a whole) or 09.02#2 (its second milestone); ledger/record.parse_item reads it back."""
    return measure if milestone is None else f"{measure}#{milestone}"


@dataclass(frozen=True)
class Update:
    measure: str
    milestone: int | None  # 1-based; None: every milestone, or an ongoing measure as a whole
    status: str            # one of REPORT_STATUSES
    done_on: date | None
    evidence: str | None
    note: str | None
    index: int             # its place in the report's `updates`, for positions

    @property
    def item(self) -> str:
        return item_name(self.measure, self.milestone)


@dataclass(frozen=True)
class Actual:
    indicator: str
    raw: str
    value: float | None
    measured_on: date | None  # None: the report's as_of
    evidence: str | None
    index: int


@dataclass
class Report:
    name: str          # the file as users see it
    path: Path
    package: str
    reported_by: str
    as_of: date
    submitted: date | None
    updates: list[Update] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    loaded: "LoadedYaml | None" = field(default=None, repr=False)


@dataclass
class Ledger:
    """Every report of a data folder. Empty (falsy) when the ledger holds no report."""

    reports: list[Report] = field(default_factory=list)
    _by_measure: dict | None = field(default=None, repr=False)
    _by_indicator: dict | None = field(default=None, repr=False)

    def __bool__(self) -> bool:
        return bool(self.reports)

    def updates_of(self, measure_id: str) -> list[tuple[Report, Update]]:
        if self._by_measure is None:
            self._by_measure = {}
            for report in self.reports:
                for update in report.updates:
                    self._by_measure.setdefault(update.measure, []).append((report, update))
        return self._by_measure.get(measure_id, [])

    def actuals_of(self, indicator_id: str) -> list[tuple[Report, Actual]]:
        if self._by_indicator is None:
            self._by_indicator = {}
            for report in self.reports:
                for actual in report.actuals:
                    self._by_indicator.setdefault(actual.indicator, []).append((report, actual))
        return self._by_indicator.get(indicator_id, [])


def package_id(package) -> str | None:
    """The id of the package the plans belong to (pingdingshan-2022), which every report names."""
    return next((plan.document.get("package") for plan in package.plans), None)


def report_path(data_dir: "DataDir", department_id: str, as_of: date) -> Path:
    """Where a new report of a body as of a day goes: progress/YYYY-MM/<id>-YYYY-MM-DD.yaml."""
    # Four digits always: strftime writes year 1 as "1" on Linux (a folder progress/1-01/).
    month = f"{as_of.year:04d}-{as_of.month:02d}"
    return data_dir.ledger_dir / month / f"{department_id}-{month}-{as_of.day:02d}.yaml"


def earlier_layout_path(data_dir: "DataDir", department_id: str, as_of: date) -> Path:
    """Where earlier versions kept a body's report for the month of `as_of`: progress/YYYY-MM/<id>.yaml."""
    return data_dir.ledger_dir / f"{as_of.year:04d}-{as_of.month:02d}" / f"{department_id}.yaml"


def report_file(data_dir: "DataDir", department_id: str, as_of: date) -> Path:
    """The file of a body's report as of a day: the one in the earlier layout when it is that
    report (it is rewritten where it is, so that its history stays one file's), else report_path."""
    earlier = earlier_layout_path(data_dir, department_id, as_of)
    if earlier.is_file() and _as_of_in(earlier) == as_of.isoformat():
        return earlier
    return report_path(data_dir, department_id, as_of)


def _as_of_in(path: Path) -> str | None:
    """The as_of a report file states, read without parsing the whole file (None when it states none)."""
    import re

    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^as_of:\s*['\"]?(\d{4}-\d{2}-\d{2})['\"]?\s*$", head, re.MULTILINE)
    return match.group(1) if match else None


def report_key(reported_by, as_of) -> str:
    """A report's identity, whatever file holds it: `tax@2022-06-30`."""
    return f"{reported_by}@{as_of}"


def name_disagrees(path: Path, reported_by: str, as_of: date) -> str | None:
    """What is wrong with a report's file name for its body and day, or None. The name is
    <body>-YYYY-MM-DD.yaml, or <body>.yaml in a YYYY-MM folder of that month (the earlier layout)."""
    day, month = as_of.isoformat(), f"{as_of.year:04d}-{as_of.month:02d}"
    if path.name == f"{reported_by}-{day}.yaml":
        return None
    if path.name == f"{reported_by}.yaml":
        folder = path.parent.name
        if len(folder) == 7 and folder[4] == "-" and folder.replace("-", "").isdigit() and folder != month:
            return f"the report as of {day} is in the folder {folder}/; it belongs in {month}/"
        return None
    return f"the file is named {path.name}, but holds {reported_by}'s report as of {day}: name it {reported_by}-{day}.yaml"


def load_ledger(data_dir: "DataDir") -> Ledger:
    """Every report of the data folder; raises DataError (file:line:col) for one that cannot be read."""
    files = data_dir.ledger_files()
    if not files:
        return Ledger()
    from bizenv_cli.files.yamlload import load_yaml_file

    reports = [report_from(load_yaml_file(path, data_dir.display(path)), data_dir.display(path))
               for path in files]
    return Ledger(reports)


def report_from(loaded: "LoadedYaml", name: str) -> Report:
    """A report from a loaded file. Trusts the shape the schema promises, but a value that breaks it
    still gives file:line:col (queries read the ledger without validating it first)."""
    doc = loaded.data

    def fail(path: tuple, message: str) -> DataError:
        return DataError(Problem(name, *loaded.position_of(path), field_path(path), message, "schema"))

    def day(path: tuple, required: bool = False) -> date | None:
        value = _get(doc, path)
        if value is None and not required:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise fail(path, f"{value!r} is not a day (YYYY-MM-DD)") from None

    def shaped(path: tuple, value, fits: bool, expected: str):
        # What the queries judge by, held to the schema's shape: a status they do not know (已完成
        # typed by hand) had been judged not done, a milestone '1' had matched none, while `show`
        # printed both as reported.
        if not fits:
            raise fail(path, f"{quoted_value(value)} is not {expected}")
        return value

    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise fail(("format",), f"not a progress report (format: {FORMAT})")
    try:
        report = Report(name=name, path=loaded.path, package=str(doc["package"]),
                        reported_by=str(doc["reported_by"]), as_of=day(("as_of",), required=True),
                        submitted=day(("submitted",)), loaded=loaded)
        for index, item in enumerate(doc.get("updates") or []):
            milestone, status = item.get("milestone"), item["status"]
            report.updates.append(Update(
                measure=str(item["measure"]),
                milestone=shaped(("updates", index, "milestone"), milestone, milestone is None or (
                    isinstance(milestone, int) and not isinstance(milestone, bool) and milestone >= 1),
                    "a milestone's number (1, 2 …)"),
                status=shaped(("updates", index, "status"), status, status in REPORT_STATUSES,
                              f"a status of a report ({', '.join(REPORT_STATUSES)})"),
                done_on=day(("updates", index, "done_on")), evidence=item.get("evidence"),
                note=item.get("note"), index=index))
        for index, item in enumerate(doc.get("actuals") or []):
            value = item.get("value")
            report.actuals.append(Actual(
                indicator=str(item["indicator"]), raw=str(item["raw"]),
                value=shaped(("actuals", index, "value"), value, value is None or (
                    isinstance(value, (int, float)) and not isinstance(value, bool)), "a number or null"),
                measured_on=day(("actuals", index, "measured_on")), evidence=item.get("evidence"), index=index))
    except (KeyError, TypeError, AttributeError) as error:
        raise fail((), f"not a valid progress report ({error!r}); `bizenv validate` names the spot") from None
    return report


def _get(doc, path: tuple):
    for key in path:
        try:
            doc = doc[key]
        except (KeyError, IndexError, TypeError):
            return None
    return doc
