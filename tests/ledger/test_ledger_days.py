"""One rule for the days a report holds (ledger/days.py), in the same words wherever a day comes in:
`bizenv record`, `bizenv ledger import` and `bizenv validate` refuse a day no report can hold (before
1954-10-03 or after 2119-01-11), and each warns of a day before the plans' year (2022), which is
kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import bizenv_cli as bizenv
from template_tables import csv_bytes, csv_parts

JUNE = "2022-06-30"
NO_DAY = "1900-01-20 is no day a report can hold (they run from 1954-10-03 to 2119-01-11); check the year"
BEFORE = "2012-06-20 is before 2022, the year of the plans; check the year (a day before them stands if it is right)"


def written_report(data: Path, done_on: str) -> Path:
    """tax's June report, written by hand, saying 09.02#1 was done on `done_on`."""
    path = data / "progress" / "2022-06" / "tax-2022-06-30.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\nas_of: '2022-06-30'\n"
                    f"updates:\n- measure: '09.02'\n  milestone: 1\n  status: done\n  done_on: '{done_on}'\n"
                    "actuals: []\n", encoding="utf-8")
    return path


def csv_sheet(data: Path, folder: Path, done_on: str) -> Path:
    """tax's June template as a CSV, 09.02#1 filled in as done on `done_on`, typed as text."""
    template = bizenv.ledger_template(data, "tax", as_of=JUNE, suffix=".csv")
    heading, header, rows = csv_parts(template.encode("utf-8-sig"))
    row = next(row for row in rows if row[0] == "09.02#1")
    row[header.index("状态")], row[header.index("完成日期")] = "已完成", done_on
    path = folder / "tax-2022-06-30.csv"
    path.write_bytes(csv_bytes(heading, [header], rows))
    return path


def test_a_day_no_report_can_hold_is_refused_by_record_import_and_validate_in_the_same_words(run, data_copy, tmp_path):
    # record --on 1900-01-20, the day typed in a sheet as text, and a report written by hand with it
    # had all passed: only the sheet's date cells had a range of days. Given on the command line it is
    # the user's to correct (exit 2, the option named), not a problem of the report it would be written in.
    recorded = run("record", "09.02#1", "--as-of", JUNE, "--by", "tax", "--status", "done", "--on", "1900-01-20")
    assert recorded.exit_code == 2
    assert recorded.stderr == f"bizenv: error: --on: {NO_DAY}\n"
    assert not (data_copy / "progress").exists() or not any((data_copy / "progress").rglob("*.yaml"))
    imported = run("ledger", "import", str(csv_sheet(data_copy, tmp_path, "1900-01-20")))
    assert imported.exit_code == 1
    assert f"tax-2022-06-30.csv:{_row_of(tmp_path, '09.02#1')} 完成日期: {NO_DAY}" in imported.stderr
    assert not (data_copy / "progress" / "2022-06").exists()
    written_report(data_copy, "1900-01-20")
    validated = run("validate")
    assert validated.exit_code == 1
    assert f"tax-2022-06-30.yaml:9:3 updates[0].done_on: {NO_DAY}" in validated.stdout


def _row_of(folder: Path, item: str) -> int:
    rows = (folder / "tax-2022-06-30.csv").read_text(encoding="utf-8-sig").splitlines()
    return next(number for number, line in enumerate(rows, 1) if line.startswith(f"{item},"))


@pytest.mark.parametrize(("field", "text", "said"), [
    ("as_of", "as_of: '1900-06-30'", "as_of: 1900-06-30 is no day"),
    ("submitted", "submitted: '2150-01-01'", "submitted: 2150-01-01 is no day"),
    ("measured_on", "measured_on: '1954-10-02'", "actuals[0].measured_on: 1954-10-02 is no day"),
])
def test_validate_holds_every_day_of_a_report_to_the_same_range(run, data_copy, field, text, said):
    path = data_copy / "progress" / "2022-06" / "tax.yaml"
    path.parent.mkdir(parents=True)
    lines = ["format: bizenv/progress/1", "package: pingdingshan-2022", "reported_by: tax", "as_of: '2022-06-30'",
             "updates: []", "actuals:", "- indicator: 09.i15", "  raw: 66.5小时", "  value: 66.5"]
    if field == "measured_on":
        lines.append(f"  {text}")
    elif field == "submitted":
        lines.insert(4, text)
    else:
        lines[3] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1
    assert f"{said} a report can hold (they run from 1954-10-03 to 2119-01-11); check the year" in result.stdout


@pytest.mark.parametrize(("item", "given", "option", "day"), [
    ("09.02#1", dict(as_of="1900-06-30", status="in-progress"), "as_of", "1900-06-30"),
    ("09.i15", dict(as_of=JUNE, actual="60小时", on="2150-01-01"), "on", "2150-01-01"),
])
def test_record_refuses_a_day_no_report_can_hold_as_a_mistake_of_what_was_given(run, data_copy, item, given,
                                                                                option, day):
    # Each had been exit 1, said of the report's file (its as_of, its measured_on) as a data problem.
    said = f"{day} is no day a report can hold (they run from 1954-10-03 to 2119-01-11); check the year"
    options = [word for name, value in given.items() for word in (f"--{name.replace('_', '-')}", value)]
    result = run("record", item, "--by", "tax", *options)
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: --{option.replace('_', '-')}: {said}\n"
    with pytest.raises(ValueError) as refused:
        bizenv.record(data_copy, item, department="tax", **given)
    assert str(refused.value) == f"{option}: {said}"
    assert not (data_copy / "progress").exists() or not any((data_copy / "progress").rglob("*.yaml"))


def test_an_import_for_a_day_no_report_can_hold_is_a_usage_error(run, data_copy, tmp_path):
    # --as-of is needed only for a template made before it named its day; given so, the day had
    # been refused as the report's as_of, exit 1, at the line of a report file the office never saw.
    sheet = csv_sheet(data_copy, tmp_path, "2022/6/20")
    result = run("ledger", "import", str(sheet), "--as-of", "1900-01-20")
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: --as-of: {NO_DAY}\n"
    with pytest.raises(ValueError) as refused:
        bizenv.import_sheet(data_copy, sheet, as_of="1900-01-20")
    assert str(refused.value) == f"as_of: {NO_DAY}"
    assert not (data_copy / "progress").exists() or not any((data_copy / "progress").rglob("*.yaml"))


def test_a_day_before_the_plans_year_is_kept_with_the_same_warning_everywhere(run, data_copy, tmp_path):
    # A milestone done before its plan was issued may be right (work done already) or a typo of the
    # year: it is written, and record, the import and validate each say so in the same words.
    recorded = run("record", "09.02#1", "--as-of", JUNE, "--by", "tax", "--status", "done", "--on", "2012-06-20")
    assert recorded.exit_code == 0
    assert f"warning: updates[0].done_on: {BEFORE}" in recorded.stderr
    assert "done_on: '2012-06-20'" in (data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml").read_text()
    imported = run("ledger", "import", "--dry-run", str(csv_sheet(data_copy, tmp_path, "2012/6/20")))
    assert imported.exit_code == 0
    assert f"tax-2022-06-30.csv:{_row_of(tmp_path, '09.02#1')} warning: 完成日期: {BEFORE}" in imported.stderr
    validated = run("validate")
    assert validated.exit_code == 0
    assert f"tax-2022-06-30.yaml:10:3 warning: updates[0].done_on: {BEFORE}" in validated.stdout


def test_a_hand_written_day_years_before_the_plans_is_a_warning_not_an_error(run, data_copy):
    written_report(data_copy, "1999-01-01")
    result = run("validate")
    assert result.exit_code == 0
    assert "updates[0].done_on: 1999-01-01 is before 2022, the year of the plans" in result.stdout


def test_no_template_is_made_for_a_day_no_report_can_hold(run, data_copy, tmp_path):
    # Its import would be refused: the heading's day is read as a number typed into a date cell.
    result = run("ledger", "template", "--dept", "tax", "--as-of", "1900-01-20", "-o", str(tmp_path / "t.xlsx"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"bizenv: error: --as-of: {NO_DAY}"
    assert not (tmp_path / "t.xlsx").exists()
    with pytest.raises(ValueError, match="as_of: 1900-01-20 is no day a report can hold"):
        bizenv.ledger_template(data_copy, "tax", as_of="1900-01-20")


def test_a_template_for_a_day_before_the_plans_year_is_made_with_the_warning_record_gives(run, data_copy, tmp_path):
    # An office would fill in a whole round for 2012 before the import said so; the template is made
    # (a day before the plans stands if it is right), with the warning record and validate give.
    result = run("ledger", "template", "--dept", "tax", "--as-of", "2012-06-20", "-o", str(tmp_path / "t.csv"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == f"bizenv: warning: --as-of: {BEFORE}"
    assert (tmp_path / "t.csv").exists()
    result = run("ledger", "template", "--dept", "tax", "--as-of", JUNE, "-o", str(tmp_path / "t.csv"))
    assert "warning" not in result.stderr


def test_a_removal_for_a_day_no_report_can_hold_is_a_usage_error(run, data_copy):
    # No report holds the day, so none is there to remove: it had been exit 1, "tax has no report as
    # of 1900-01-20", as if a report of that day might have been.
    result = run("ledger", "remove", "--by", "tax", "--as-of", "1900-01-20")
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: --as-of: {NO_DAY}\n"
    with pytest.raises(ValueError) as refused:
        bizenv.remove_report(data_copy, department="tax", as_of="1900-01-20")
    assert str(refused.value) == f"as_of: {NO_DAY}"


def test_a_day_of_the_year_before_the_plans_is_warned_of_and_their_first_day_is_not(run, data_copy):
    written_report(data_copy, "2021-12-31")
    result = run("validate")
    assert result.exit_code == 0
    assert ("tax-2022-06-30.yaml:9:3 warning: updates[0].done_on: 2021-12-31 is before 2022, the year of the plans"
            in result.stdout)
    written_report(data_copy, "2022-01-01")
    result = run("validate")
    assert (result.exit_code, "warning" in result.stdout) == (0, False)
