"""`bizenv diff` of two versions of one ledger report names every field that changed, with the
old and the new value (issue 21 point 6: a change to the evidence alone showed as no change)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, invoke

REPORT = REPO / "tests" / "examples" / "ledger" / "one-report" / "2022-06" / "tax.yaml"


def changed(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "new" / "tax.yaml"
    path.parent.mkdir(parents=True)
    text = REPORT.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def diff(runner, path: Path, *options: str):
    return invoke(runner, "diff", str(REPORT), str(path), *options)


def test_a_change_to_the_evidence_alone_shows_the_old_and_the_new(runner, tmp_path):
    result = diff(runner, changed(tmp_path, "evidence: 已上线", "evidence: 已上线试运行"), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(row["kind"], row["id"], row["field"], row["old"], row["new"]) for row in json.loads(result.stdout)] == [
        ("progress-changed", "09.02", "evidence", "已上线", "已上线试运行")]
    text = diff(runner, changed(tmp_path / "again", "evidence: 已上线", "evidence: 已上线试运行")).stdout
    assert "已上线" in text and "已上线试运行" in text


def test_a_note_added_to_an_update_is_a_change(runner, tmp_path):
    result = diff(runner, changed(tmp_path, "  evidence: 已上线\n", "  evidence: 已上线\n  note: 见附件\n"),
                  "--format", "json")
    assert [(row["field"], row["old"], row["new"]) for row in json.loads(result.stdout)] == [("note", None, "见附件")]


def test_a_status_change_with_new_evidence_shows_both(runner, tmp_path):
    new = changed(tmp_path, "  status: done\n  done_on: '2022-06-20'\n  evidence: 已上线\n",
                  "  status: in-progress\n  evidence: 测试中\n")
    rows = json.loads(diff(runner, new, "--format", "json").stdout)
    assert [(row["field"], row["old"], row["new"]) for row in rows] == [
        ("progress", "done on 2022-06-20", "in-progress"), ("evidence", "已上线", "测试中")]


def test_an_unchanged_report_is_no_change(runner, tmp_path):
    result = diff(runner, changed(tmp_path, "evidence: 已上线", "evidence: 已上线"))
    assert result.exit_code == 0


def test_a_change_to_a_reports_own_fields_is_report_changed(runner, tmp_path):
    # The report's own fields (not an entry's): its package, its day, the day it was handed in and
    # its note. Both files are named on the command line, so they are the same report whatever
    # their days say, and each changed field is one report-changed row with the old and the new.
    old = tmp_path / "old" / "tax.yaml"
    old.parent.mkdir()
    old.write_text(REPORT.read_text(encoding="utf-8").replace(
        "as_of: '2022-06-30'\n", "as_of: '2022-06-30'\nsubmitted: '2022-07-01'\nnote: 首次报送\n", 1), encoding="utf-8")
    new = tmp_path / "new" / "tax.yaml"
    new.parent.mkdir()
    new.write_text(old.read_text(encoding="utf-8")
                   .replace("package: pingdingshan-2022", "package: kaifeng-2023", 1)
                   .replace("as_of: '2022-06-30'", "as_of: '2022-07-31'", 1)
                   .replace("submitted: '2022-07-01'", "submitted: '2022-08-02'", 1)
                   .replace("note: 首次报送", "note: 更正", 1), encoding="utf-8")
    result = invoke(runner, "diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    # Nothing else changed: the update on 09.02 is the same in both.
    assert {(row["detail"], row["plan"]) for row in rows} == {("tax, report of 2022-07-31", None)}
    assert [(row["kind"], row["id"], row["field"], row["old"], row["new"]) for row in rows] == [
        ("report-changed", "report", "package", "pingdingshan-2022", "kaifeng-2023"),
        ("report-changed", "report", "as_of", "2022-06-30", "2022-07-31"),
        ("report-changed", "report", "submitted", "2022-07-01", "2022-08-02"),
        ("report-changed", "report", "note", "首次报送", "更正"),
    ]


def test_a_milestones_update_is_named_with_its_number(runner, tmp_path):
    # 09.02#2 is one milestone of 09.02, in the textconv lines git shows as in every other listing.
    new = changed(tmp_path, "- measure: '09.02'\n", "- measure: '09.02'\n  milestone: 2\n")
    lines = invoke(runner, "textconv", str(new)).stdout.splitlines()
    assert "09.02#2 done on 2022-06-20 (tax, report of 2022-06-30)" in lines and "09.02#2 evidence: 已上线" in lines


# --- a report that is not valid data is named, never read as withdrawn --------------------------------

def _two_ledgers(data_copy: Path, tmp_path: Path, edit) -> tuple[Path, Path]:
    import shutil

    from conftest import with_one_ledger_report

    with_one_ledger_report(data_copy)
    old = tmp_path / "old" / "data"
    shutil.copytree(data_copy, old)
    report = data_copy / "progress" / "2022-06" / "tax.yaml"
    report.write_text(edit(report.read_text(encoding="utf-8")), encoding="utf-8")
    return old, report


def test_a_report_with_a_yaml_error_is_invalid_data_not_a_withdrawn_report(runner, data_copy, tmp_path):
    # An unclosed quote in the new version: the diff had listed 09.02 as progress-removed, as if the
    # office had withdrawn its report; validate names the file, line and column.
    old, report = _two_ledgers(data_copy, tmp_path, lambda text: text.replace("reported_by: tax", "reported_by: 'tax"))
    result = invoke(runner, "--data", str(data_copy), "diff", str(old), str(data_copy))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{data_copy / 'progress' / '2022-06' / 'tax.yaml'}:") and "YAML" in lines[0], lines
    assert lines[1:] == ["bizenv: nothing compared: the diff reads only data that passes `bizenv validate`"]


def test_a_report_that_breaks_the_schema_is_named_as_validate_names_it(runner, data_copy, tmp_path):
    # `updates` written as one mapping (the "- " forgotten) had ended the diff in a traceback.
    old, report = _two_ledgers(data_copy, tmp_path, lambda text: text.replace("- measure: '09.02'\n  status",
                                                                            "  measure: '09.02'\n  status"))
    result = invoke(runner, "--data", str(data_copy), "diff", str(old), str(data_copy))
    assert result.exit_code == 1 and result.stdout == "", result.output
    (problem, nothing) = result.stderr.splitlines()
    assert problem.startswith(f"{report}:6:1 updates: ") and "is not of type 'array'" in problem
    assert nothing.startswith("bizenv: nothing compared")


def test_an_actual_is_shown_with_every_digit_and_a_change_in_its_seventh_is_found(runner, tmp_path):
    # `:g` kept six significant digits: 1234567.5 read "1.23457e+06" on both sides of a change.
    big = "actuals:\n- indicator: 09.i15\n  raw: 1234567.5小时\n  value: 1234567.5\n"
    old = changed(tmp_path / "a", "actuals: []\n", big)
    new = changed(tmp_path / "b", "actuals: []\n", big.replace("value: 1234567.5", "value: 1234567.8"))
    result = invoke(runner, "diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(row["kind"], row["id"], row["old"], row["new"]) for row in json.loads(result.stdout)] == [
        ("actual-changed", "09.i15", "1234567.5小时 = 1234567.5, measured 2022-06-30",
         "1234567.5小时 = 1234567.8, measured 2022-06-30")]


def test_an_update_taken_out_of_the_report_is_progress_removed_and_one_put_in_is_recorded(runner, tmp_path):
    entry = "updates:\n- measure: '09.02'\n  status: done\n  done_on: '2022-06-20'\n  evidence: 已上线\n"
    without = changed(tmp_path, entry, "updates: []\n")
    rows = json.loads(diff(runner, without, "--format", "json").stdout)
    assert [(row["kind"], row["id"], row["old"], row["new"]) for row in rows] == [
        ("progress-removed", "09.02", "done on 2022-06-20", None)]
    rows = json.loads(invoke(runner, "diff", str(without), str(REPORT), "--format", "json").stdout)
    assert [(row["kind"], row["id"], row["old"], row["new"]) for row in rows] == [
        ("progress-recorded", "09.02", None, "done on 2022-06-20")]


def test_a_diff_of_one_plan_file_reads_no_ledger_and_so_is_not_stopped_by_a_report(runner, data_copy, tmp_path):
    # A plan file on either side has no ledger: the diff compares that plan alone, and had read and
    # checked every report of the data folder all the same, refusing the plan's diff ("nothing
    # compared") over a report it does not compare.
    old, _ = _two_ledgers(data_copy, tmp_path, lambda text: text.replace("reported_by: tax", "reported_by: 'tax"))
    plan = next(path.name for path in sorted((old / "plans").glob("*.yaml")))
    for args in ((str(old / "plans" / plan),), (str(old / "plans" / plan), str(data_copy / "plans" / plan))):
        result = invoke(runner, "--data", str(data_copy), "diff", *args, "--format", "json")
        assert (result.exit_code, result.stdout) == (0, "[]\n"), (args, result.output)
        assert result.stderr.startswith("no change in meaning ("), result.stderr


def test_a_report_that_is_no_regular_file_is_invalid_data_not_a_withdrawn_report(runner, data_copy, tmp_path):
    # A FIFO (or a folder) in the ledger's place of a report cannot be read: the diff names it, as
    # validate does, rather than listing every update of that report as progress-removed.
    import os

    old, report = _two_ledgers(data_copy, tmp_path, lambda text: text)
    report.unlink()
    os.mkfifo(report)
    result = invoke(runner, "--data", str(data_copy), "diff", str(old), str(data_copy), "--format", "json")
    assert result.exit_code == 1 and result.stdout == "", result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{report}:1:1 ") and "not a regular file" in lines[0], lines
    assert lines[1].startswith("bizenv: nothing compared")


def test_textconv_of_a_half_edited_actual_whose_value_is_true_prints_no_number(runner, tmp_path):
    # `value: true` (a yes typed where a number goes) is no number: textconv, which reads files
    # validate refuses, shows the raw alone rather than "= 1".
    new = changed(tmp_path, "actuals: []\n", "actuals:\n- indicator: 09.i15\n  raw: 是\n  value: true\n")
    lines = invoke(runner, "textconv", str(new)).stdout.splitlines()
    assert [line for line in lines if line.startswith("09.i15 actual ")] == [
        "09.i15 actual 是, measured 2022-06-30 (tax, report of 2022-06-30)"]


def test_a_broken_report_read_on_both_sides_is_named_once(runner, data_copy, tmp_path):
    # `diff DATA DATA` reads the one broken report as the old side's and the new side's: one line.
    _, report = _two_ledgers(data_copy, tmp_path, lambda text: text.replace("reported_by: tax", "reported_by: 'tax"))
    result = invoke(runner, "--data", str(data_copy), "diff", str(data_copy), str(data_copy))
    assert result.exit_code == 1 and result.stdout == "", result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{report}:5:9 YAML syntax error"), lines
    assert lines[1].startswith("bizenv: nothing compared")


def test_a_broken_report_below_the_working_folder_is_named_relative_to_it_as_validate_names_it(
        runner, data_copy, tmp_path, monkeypatch):
    _, report = _two_ledgers(data_copy, tmp_path, lambda text: text.replace("reported_by: tax", "reported_by: 'tax"))
    monkeypatch.chdir(data_copy.parent)
    where = report.relative_to(data_copy.parent).as_posix()
    result = invoke(runner, "--data", str(data_copy), "diff", str(data_copy), str(data_copy))
    assert result.exit_code == 1 and result.stderr.startswith(f"{where}:5:9 YAML syntax error"), result.output
    assert invoke(runner, "--data", str(data_copy), "validate").stdout.startswith(f"{where}:5:9 YAML syntax error")


def test_one_report_is_compared_with_its_own_report_in_a_folder_never_with_the_plans(runner, data_copy, tmp_path):
    # `diff REPORT` (NEW, the data folder in use) had listed all 29 plans as plan-added and the
    # report as nothing: a report is compared with the report of its body and day there.
    edited = changed(tmp_path, "evidence: 已上线", "evidence: 已上线试运行")
    result = invoke(runner, "--data", str(data_copy), "diff", str(edited), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(row["kind"], row["id"], row["old"], row["new"]) for row in json.loads(result.stdout)] == [
        ("progress-removed", "09.02", "done on 2022-06-20", None)]  # the folder holds no report of tax that day

    old, _ = _two_ledgers(data_copy, tmp_path, lambda text: text.replace("evidence: 已上线", "evidence: 已上线试运行"))
    for args in ((str(REPORT),), (str(REPORT), str(data_copy)), (str(old), str(edited))):
        result = invoke(runner, "--data", str(data_copy), "diff", *args, "--format", "json")
        assert result.exit_code == 1, (args, result.output)
        assert [(row["kind"], row["field"], row["old"], row["new"]) for row in json.loads(result.stdout)] == [
            ("progress-changed", "evidence", "已上线", "已上线试运行")], args


def test_a_report_beside_a_plan_file_is_a_usage_error(runner, tmp_path):
    # The plan had read as added (or removed) and the report as nothing.
    plan = REPO / "data" / "plans" / "09-paying-taxes.yaml"
    for old, new in ((REPORT, plan), (plan, REPORT)):
        result = invoke(runner, "diff", str(old), str(new))
        assert result.exit_code == 2 and result.stdout == "", result.output
        assert result.stderr == (f"bizenv: error: {REPORT} is a work-ledger report and {plan} is not: compare a "
                                 "report with a report, or with a data folder or a revision (its report of the same "
                                 "body and day)\n")

    # A report the strict loader refuses is no plan: beside a report, it is read as one, and named.
    broken = changed(tmp_path, "as_of: '2022-06-30'", "as_of: 2022-06-30")
    for old, new in ((REPORT, broken), (broken, REPORT)):
        result = invoke(runner, "diff", str(old), str(new))
        assert result.exit_code == 1 and result.stdout == "", result.output
        assert result.stderr.startswith(f"{broken}:5:8 as_of: 2022-06-30 (unquoted) is the date"), result.stderr
