"""The ledger's rules at their edges, each of which a mutation of the code once survived: a milestone
done on its own day is on time, `validate` refuses a report of another package and a second report
of one body and day, and `ledger import` refuses a template of another package, whether its heading
and its document properties both say so or only its heading does (docs/ledger.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import CLI_ENV, REPO, invoke
from template_tables import csv_bytes, csv_parts, header_row

JUNE = "2022-06-30"
OTHER_PACKAGE = "kaifeng-2023"
ONE_REPORT = REPO / "tests" / "examples" / "ledger" / "one-report" / "2022-06" / "tax.yaml"


def ledger_files(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted((data / "progress").rglob("*"))
            if p.is_file()}


def validate_json(data_here: Path) -> tuple[int, list[dict]]:
    """`bizenv validate --format json` run where a user of the checkout runs it (the data folder
    found from the working folder, so that findings name data/…): its exit code and findings."""
    result = invoke(CliRunner(env={**CLI_ENV, "BIZENV_DATA": None}), "validate", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


# --- status: the deadline day itself is on time ---------------------------------------------------

def test_a_milestone_done_on_its_own_day_is_done_and_a_day_later_is_done_late(run):
    # 09.10#1 (市税务局) is dated 2022-03-31. docs/ledger.md: `done` is done_on "on or before the
    # milestone's date", `done-late` after it: the day itself is the last day on time.
    def status_of_09_10_1(on: str) -> str:
        recorded = run("record", "09.10#1", "--as-of", "2022-04-30", "--by", "tax", "--status", "done", "--on", on)
        assert recorded.exit_code == 0, recorded.stderr
        result = run("due", "--by", "2022-03", "--dept", "tax", "--as-of", "2022-05-15", "--format", "json")
        assert result.exit_code == 0, result.stderr
        (row,) = [row for row in json.loads(result.stdout) if (row["measure"], row["milestone"]) == ("09.10", 1)]
        assert row["date"] == "2022-03-31" and row["progress"]["done_on"] == on
        return row["status"]

    assert status_of_09_10_1("2022-03-31") == "done"
    # The same report's update replaced by one a day later: the boundary from the other side.
    assert status_of_09_10_1("2022-04-01") == "done-late"


# --- validate: the package of a report, and one report per body and day -------------------------

def test_a_report_that_names_another_package_is_a_validate_finding(data_here):
    report = data_here / "progress" / "2022-06" / f"tax-{JUNE}.yaml"
    report.parent.mkdir(parents=True)
    text = ONE_REPORT.read_text(encoding="utf-8")
    report.write_text(text.replace("package: pingdingshan-2022", f"package: {OTHER_PACKAGE}", 1), encoding="utf-8")
    code, findings = validate_json(data_here)
    assert code == 1
    # The report is otherwise the valid one-report example: this is its only finding.
    assert findings == [{"file": f"data/progress/2022-06/tax-{JUNE}.yaml", "line": 3, "column": 1,
                         "field": "package", "check": "ledger", "severity": "error",
                         "message": f"package '{OTHER_PACKAGE}' is not the plans' (pingdingshan-2022)"}]


def test_two_reports_of_one_body_and_day_are_a_validate_finding(data_here):
    # A report in the month layout of earlier versions (2022-06/tax.yaml) beside today's file of the
    # same body and day: each is valid alone, but which one the ledger means cannot be told.
    month = data_here / "progress" / "2022-06"
    month.mkdir(parents=True)
    shutil.copy(ONE_REPORT, month / "tax.yaml")
    shutil.copy(ONE_REPORT, month / f"tax-{JUNE}.yaml")
    code, findings = validate_json(data_here)
    assert code == 1
    # Files are checked in name order ('-' before '.'), so the old layout's is the second one seen.
    assert findings == [{"file": "data/progress/2022-06/tax.yaml", "line": 5, "column": 1, "field": "as_of",
                         "check": "ledger", "severity": "error",
                         "message": f"data/progress/2022-06/tax-{JUNE}.yaml is also tax's report as of {JUNE}; "
                                    "one report per body and day"}]


# --- ledger import: a template of another package -----------------------------------------------

def template(run, folder: Path, suffix: str) -> Path:
    target = folder / f"tax-{JUNE}{suffix}"
    result = run("ledger", "template", "--dept", "tax", "--as-of", JUNE, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def filled_csv(source: Path, target: Path, heading_package: str) -> Path:
    """The CSV template with 09.05#1 filled in and its 方案包 row saying `heading_package` (a CSV's
    heading is all it has to say whose it is)."""
    heading, header, rows = csv_parts(source.read_bytes())
    assert heading[3] == ["方案包", "pingdingshan-2022"]
    heading[3][1] = heading_package
    for row in rows:
        if row[0] == "09.05#1":
            row[header.index("状态")] = "推进中"
    target.write_bytes(csv_bytes(heading, [header], rows))
    return target


def filled_xlsx(source: Path, target: Path, heading: dict[str, object], package_property: str | None = None) -> Path:
    """The .xlsx template with 09.05#1 filled in, the heading's value cells set by label (`heading`),
    and, given `package_property`, its document property bizenv.package set to it."""
    book = load_workbook(source)
    sheet = book.active
    at = header_row(sheet)
    header = [cell.value for cell in sheet[at]]
    for row in sheet.iter_rows(min_row=at + 1):
        if row[0].value == "09.05#1":
            row[header.index("状态")].value = "推进中"
    for row in sheet.iter_rows(max_row=at - 1):
        for column, value in (heading.get(row[0].value) or {}).items():
            row[column].value = value
    if package_property is not None:
        (prop,) = [prop for prop in book.custom_doc_props.props if prop.name == "bizenv.package"]
        prop.value = package_property
    book.save(target)
    return target


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_template_of_another_package_is_refused_and_nothing_is_written(run, data_copy, tmp_path, suffix):
    made = template(run, tmp_path, suffix)
    sheet = tmp_path / f"other-package{suffix}"
    if suffix == ".csv":
        filled_csv(made, sheet, OTHER_PACKAGE)
    else:
        # Heading and property changed alike: the sheet agrees with itself, only not with the data.
        filled_xlsx(made, sheet, {"方案包": {1: OTHER_PACKAGE}}, package_property=OTHER_PACKAGE)
    before = ledger_files(data_copy)
    result = run("ledger", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (f"{sheet}: the template is for the package {OTHER_PACKAGE}, the data is pingdingshan-2022\n"
                             "bizenv: the import is refused; nothing was written\n")
    # 09.05#1 is filled in: had the sheet been taken, a report would have been written.
    assert ledger_files(data_copy) == before


@pytest.mark.parametrize("label, cells, shown, made", [
    ("填报单位", {1: "市财政局", 2: "finance"}, "finance", "tax"),
    ("截至日期", {1: "2022-09-30"}, "2022-09-30", JUNE),
    ("方案包", {1: OTHER_PACKAGE}, OTHER_PACKAGE, "pingdingshan-2022"),
], ids=["body", "day", "package"])
def test_a_heading_that_disagrees_with_the_document_properties_is_refused(run, data_copy, tmp_path, label, cells,
                                                                          shown, made):
    # The tax template's heading relabelled, its document properties (which people do not see) left
    # as made: the 方案包 row is held to them as 填报单位 and 截至日期 are.
    sheet = filled_xlsx(template(run, tmp_path, ".xlsx"), tmp_path / "relabelled.xlsx", {label: cells})
    before = ledger_files(data_copy)
    result = run("ledger", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (f"{sheet}: the heading says {label} {shown}, but the template was made for {made}; "
                             "a template is for one body and one day: make the other one with `bizenv ledger "
                             "template`\nbizenv: the import is refused; nothing was written\n")
    assert ledger_files(data_copy) == before
