"""The library writes the work ledger as the commands do, by the same rules, in its own words, and
never into the copy shipped with bizenv: `record` (ledger/record.entries_for), the spreadsheet round
trip (`ledger_template`, `import_sheet`: ledger/spreadsheet.import_report) and `remove_report`."""

from __future__ import annotations

from datetime import date

import pytest

import bizenv_cli
from conftest import invoke
from template_tables import csv_bytes, csv_parts

REPORT = ("progress", "2022-06", "tax-2022-06-30.yaml")


def test_the_library_writes_the_report_the_command_line_writes(runner, data_copy):
    change = bizenv_cli.record(data_copy, "09.02#1", as_of="2022-06-30", department="市税务局", status="已完成",
                               on=date(2022, 6, 20), evidence="已上线", note="按期")
    report = data_copy.joinpath(*REPORT)
    assert change.path == report and change.warnings == []
    written = report.read_bytes()
    for line in ("evidence: 已上线", "done_on: '2022-06-20'", "note: 按期"):
        assert line in written.decode("utf-8")
    # The command line recording the same item, in its words, leaves the same bytes.
    again = invoke(runner, "--data", str(data_copy), "record", "09.02#1", "--as-of", "2022-06-30", "--by", "tax",
                   "--status", "done", "--on", "2022-06-20", "--evidence", "已上线", "--note", "按期")
    assert again.exit_code == 0, again.stderr
    assert report.read_bytes() == written
    # An actual into the same report; read back, the ledger judges the milestone done.
    bizenv_cli.record(str(data_copy), "09.i10", as_of="2022-06-30", department="tax", actual=" 3个工作日 ")
    work = bizenv_cli.load_ledger(data_copy)
    shown = bizenv_cli.show(bizenv_cli.load(data_copy), "09.i10", ledger=work, as_of="2022-07-01")
    assert shown["actual"]["raw"] == "3个工作日" and shown["actual"]["value"] == 3
    rows = bizenv_cli.due(bizenv_cli.load(data_copy), plans=9, before="2022-07", as_of="2022-07-01", ledger=work)
    assert next(row for row in rows if row["measure"] == "09.02")["status"] == "done"


@pytest.mark.parametrize("asked, words", [
    (dict(), "give one of status (a measure's progress) or actual (an indicator's value)"),
    (dict(status="done", actual="3"), "give one of status"),
    (dict(item="9.2", status="done", on="2022-06-20"), "item: '9.2' is not a measure id (09.02)"),
    (dict(item="09.02#0", status="未启动"), "item: '09.02#0': milestones are numbered from 1"),
    (dict(actual="3"), "actual is for an indicator id (09.i1); 09.02 is a measure: use status"),
    (dict(item="09.i1", status="done"), "status is for a measure (09.02 or 09.02#2); 09.i1 is an indicator: use actual"),
    (dict(item="09.i1", actual="  "), "actual: the value is empty"),
    (dict(status="finished"), "status: unknown status 'finished'"),
    (dict(status="done"), "status done needs on, the day it was done"),
    (dict(status="推进中", on="2022-06-01"), "on is the day a measure was done; the status given is in-progress"),
    (dict(status="done", on="2022-06-31"), "on: '2022-06-31' is not a real date"),
    (dict(status="done", on="2022-06-20", as_of=None), "as_of is required"),
    (dict(status="done", on="2022-06-20", as_of=""), "as_of: '' is not a day"),
    (dict(status=1), "status is text"),
    (dict(item=9.02, status="推进中"), "item is text"),
    (dict(item="09.i10", actual=3), "actual is text"),
    (dict(status="推进中", note=7), "note is text"),
    (dict(status="done", on="2022-06-20", evidence=["已上线"]), "evidence is text"),
    (dict(status="done", on="2022-06-20", evidence="ok\udc80"), "evidence holds a character that is no text"),
    (dict(item="09.i10", actual="3个工作日", note="x"), "note is for a measure's update; an indicator's value has none"),
    # What the plans lack is the caller's mistake too, not the ledger's (no RecordError).
    (dict(item="09.2", status="推进中"), "item: no measure '09.2' in the plans; did you mean 09.02 or 09.20?"),
    (dict(item="09.02#3", status="推进中"), "item: 09.02 has 2 milestones (1 to 2); there is no milestone 3"),
    (dict(status="done", on="2022-07-01"), "on: 2022-07-01 is after the report's day (as_of 2022-06-30)"),
])
def test_a_record_the_rules_refuse_is_a_value_error_in_the_librarys_words(data_copy, asked, words):
    arguments = dict(item="09.02", as_of="2022-06-30", department="tax") | asked
    with pytest.raises(ValueError) as refused:
        bizenv_cli.record(data_copy, arguments.pop("item"), **arguments)
    assert words in str(refused.value)
    assert "--" not in str(refused.value)  # the command line's options are not the library's
    assert not (data_copy / "progress" / "2022-06").exists()


def test_a_body_that_fits_none_or_a_ledger_that_fails_its_checks_writes_nothing(data_copy):
    with pytest.raises(bizenv_cli.NoMatch) as unknown:
        bizenv_cli.record(data_copy, "09.02", as_of="2022-06-30", department="市税物局", status="推进中")
    assert [body.id for body in unknown.value.suggestions] == ["tax"]
    broken = data_copy / "progress" / "2022-05" / "finance-2022-05-31.yaml"  # written by hand, with an error
    broken.parent.mkdir(parents=True)
    broken.write_text("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: finance\n"
                      "as_of: '2022-05-31'\nupdates:\n- measure: '09.99'\n  status: in-progress\nactuals: []\n",
                      encoding="utf-8")
    with pytest.raises(bizenv_cli.RecordError) as refused:
        bizenv_cli.record(data_copy, "09.02", as_of="2022-06-30", department="tax", status="推进中")
    assert [problem.message for problem in refused.value.problems] == ["no measure '09.99' in the plans"]
    assert not (data_copy / "progress" / "2022-06").exists()


def test_the_library_never_records_into_the_copy_shipped_with_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    shipped = bizenv_cli.data_folder().root / "progress"  # in a checkout, its own data/
    before = set(shipped.rglob("*"))
    try:
        with pytest.raises(bizenv_cli.DataDirNotFound, match="give its path"):
            bizenv_cli.record(None, "09.02", as_of="2022-06-30", department="tax", status="推进中")
        with pytest.raises(bizenv_cli.DataDirNotFound, match="give its path"):
            bizenv_cli.remove_report(None, department="tax", as_of="2022-06-30")
        with pytest.raises(ValueError, match="a data folder is a path"):
            bizenv_cli.record(bizenv_cli.load(), "09.02", as_of="2022-06-30", department="tax", status="推进中")
    finally:
        written = set(shipped.rglob("*")) - before
        for path in sorted(written, reverse=True):  # a regression must not leave the checkout's data changed
            path.rmdir() if path.is_dir() else path.unlink()
    assert written == set()


@pytest.mark.parametrize("args, message", [
    ((), "give one of --status S (a measure's progress) or --actual RAW (an indicator's value)"),
    (("--actual", "3"), "--actual is for an indicator id (09.i1); 09.02 is a measure: use --status"),
    (("--status", "done"), "--status done needs --on DAY, the day it was done"),
    (("--status", "推进中", "--on", "2022-06-01"), "--on is the day a measure was done; the status given is in-progress"),
    (("--status", "finished"), "--status: unknown status 'finished'; use 未启动/推进中/已完成/已取消 or "),
    (("--status", "推进中", "--as-of", "2022-06-31"), "--as-of: '2022-06-31' is not a real date ("),
])
def test_the_command_line_words_the_same_rules_by_its_options(run, data_copy, args, message):
    as_of = () if "--as-of" in args else ("--as-of", "2022-06-30")
    refused = run("record", "09.02", "--by", "tax", *as_of, *args)
    assert refused.exit_code == 2 and refused.stderr.startswith(f"bizenv: error: {message}")
    assert refused.stderr.count("\n") == 1  # one line
    assert not (data_copy / "progress" / "2022-06").exists()


def test_an_actual_with_a_note_is_refused_rather_than_the_note_dropped(run, data_copy):
    refused = run("record", "09.i10", "--as-of", "2022-06-30", "--by", "tax", "--actual", "3个工作日", "--note", "x")
    assert refused.exit_code == 2
    assert "--note is for a measure's update; an indicator's value has none (say where the figure comes from " \
           "with --evidence)" in refused.stderr
    assert not (data_copy / "progress" / "2022-06").exists()


def test_the_round_trip_from_the_library_as_the_commands_run_it(runner, data_copy, tmp_path):
    text = bizenv_cli.ledger_template(data_copy, "市税务局", as_of="2022-06-30", suffix=".CSV")
    made = invoke(runner, "--data", str(data_copy), "ledger", "template", "--dept", "tax", "--as-of", "2022-06-30",
                  "-o", str(tmp_path / "tax.csv"))
    assert made.exit_code == 0, made.stderr
    assert (tmp_path / "tax.csv").read_bytes().decode("utf-8") == text
    workbook = bizenv_cli.ledger_template(data_copy, "tax", as_of="2022-06-30")
    assert workbook[:2] == b"PK"  # an .xlsx by default, in any case
    assert bizenv_cli.ledger_template(data_copy, "tax", as_of="2022-06-30", suffix=".XLSX")[:2] == b"PK"
    upper = invoke(runner, "--data", str(data_copy), "ledger", "template", "--dept", "tax", "--as-of", "2022-06-30",
                   "-o", str(tmp_path / "T.XLSX"))
    assert upper.exit_code == 0 and (tmp_path / "T.XLSX").read_bytes()[:2] == b"PK"
    # The office fills in one row; a dry run checks it and writes nothing.
    heading, header, rows = csv_parts(text.encode("utf-8"))
    row = next(row for row in rows if row[0] == "09.02#1")
    row[header.index("状态")], row[header.index("完成日期")] = "已完成", "2022/6/20"
    sheet = tmp_path / "filled.csv"
    sheet.write_bytes(csv_bytes(heading, [header], rows))
    tried = bizenv_cli.import_sheet(data_copy, sheet, dry_run=True)
    assert (tried.body.id, tried.as_of) == ("tax", date(2022, 6, 30))
    assert tried.change is not None and not data_copy.joinpath(*REPORT).exists()
    done = bizenv_cli.import_sheet(str(data_copy), str(sheet), department="市税务局", as_of="2022-06-30")
    assert done.change.path == data_copy.joinpath(*REPORT) and done.imported.rows["09.02#1"] > 0
    due = bizenv_cli.due(bizenv_cli.load(data_copy), plans=9, before="2022-07", as_of="2022-07-01",
                         ledger=bizenv_cli.load_ledger(data_copy))
    assert next(row for row in due if row["measure"] == "09.02")["status"] == "done"
    # Removed as `ledger remove` removes it; a second removal finds none.
    tried = bizenv_cli.remove_report(data_copy, department="tax", as_of="2022-06-30", dry_run=True)
    assert tried.before["reported_by"] == "tax" and data_copy.joinpath(*REPORT).exists()  # a dry run removes nothing
    with pytest.raises(ValueError, match="dry_run is True or False, not 'no'"):
        bizenv_cli.remove_report(data_copy, department="tax", as_of="2022-06-30", dry_run="no")
    removed = bizenv_cli.remove_report(data_copy, department="tax", as_of=date(2022, 6, 30))
    assert removed.before["reported_by"] == "tax" and not data_copy.joinpath(*REPORT).exists()
    with pytest.raises(bizenv_cli.RecordError, match="tax has no report as of 2022-06-30"):
        bizenv_cli.remove_report(data_copy, department="tax", as_of="2022-06-30")


def test_a_template_from_the_library_carries_the_report_its_import_replaces(data_copy, tmp_path):
    # The round trip on a folder whose ledger already holds the body's report: re-imported as it
    # was made, the template changes nothing (a blank form would have emptied the report).
    bizenv_cli.record(data_copy, "09.02#1", as_of="2022-06-30", department="tax", status="done", on="2022-06-20")
    bizenv_cli.record(data_copy, "09.i15", as_of="2022-06-30", department="tax", actual="66.5小时")
    report = data_copy.joinpath(*REPORT)
    before = report.read_bytes()
    sheet = tmp_path / "tax.xlsx"
    sheet.write_bytes(bizenv_cli.ledger_template(data_copy, "tax", as_of="2022-06-30"))
    again = bizenv_cli.import_sheet(data_copy, sheet)
    assert again.change.before == again.change.after and report.read_bytes() == before
    # Every row cleared: the import empties the report (each item removed), not "nothing to import".
    heading, header, rows = csv_parts(bizenv_cli.ledger_template(data_copy, "tax", as_of="2022-06-30",
                                                                 suffix=".csv").encode("utf-8"))
    for row in rows:
        for column in ("状态", "完成日期", "进展情况", "实际值"):
            row[header.index(column)] = ""
    cleared = tmp_path / "cleared.csv"
    cleared.write_bytes(csv_bytes(heading, [header], rows))
    emptied = bizenv_cli.import_sheet(data_copy, cleared)
    assert emptied.change is not None and emptied.change.after["updates"] == emptied.change.after["actuals"] == []


def test_a_sheet_the_import_refuses_raises_and_writes_nothing(data_copy, tmp_path):
    heading, header, rows = csv_parts(bizenv_cli.ledger_template(data_copy, "tax", as_of="2022-06-30",
                                                                 suffix=".csv").encode("utf-8"))
    row = next(row for row in rows if row[0] == "09.02#1")
    row[header.index("状态")] = "差不多"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(heading, [header], rows))
    with pytest.raises(bizenv_cli.RecordError) as refused:  # RowsRefused: every bad row, by row and column
        bizenv_cli.import_sheet(data_copy, bad)
    assert refused.value.imported.problems == 1 and "状态" in str(refused.value.problems[0])
    with pytest.raises(bizenv_cli.SheetError, match="department names 市财政局 \\(finance\\), but the template is"):
        bizenv_cli.import_sheet(data_copy, bad, department="finance")
    with pytest.raises(bizenv_cli.SheetError, match="as_of is 2022-07-31, but the template is as of 2022-06-30"):
        bizenv_cli.import_sheet(data_copy, bad, as_of="2022-07-31")
    bare = tmp_path / "bare.csv"  # a template made before it named its body and day
    bare.write_bytes(csv_bytes([header], rows))
    for half in ({}, dict(department="tax"), dict(as_of="2022-06-30")):
        with pytest.raises(ValueError, match="does not say whose or which day it is .*: give department and as_of"):
            bizenv_cli.import_sheet(data_copy, bare, **half)
    with pytest.raises(bizenv_cli.SheetError, match="give the filled-in template as .xlsx or .csv"):
        bizenv_cli.import_sheet(data_copy, tmp_path / "notes.txt")
    with pytest.raises(ValueError, match="the sheet is a path"):
        bizenv_cli.import_sheet(data_copy, bad.read_bytes())
    with pytest.raises(ValueError, match="dry_run is True or False, not 'no'"):
        bizenv_cli.import_sheet(data_copy, bad, dry_run="no")
    with pytest.raises(ValueError, match="a template is .xlsx or .csv, not '.ods'"):
        bizenv_cli.ledger_template(data_copy, "tax", suffix=".ods")
    assert not (data_copy / "progress" / "2022-06").exists()
