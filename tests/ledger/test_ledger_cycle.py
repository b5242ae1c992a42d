"""The office cycle of the work ledger (工作台账), on a copy of the real data: a template for 市税务局,
filled in as a person would (Excel's own dates, Chinese dates and status words, blank rows), imported,
judged as of two days, an actual value in `gaps`, and the change seen by `diff` and `textconv`."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from conftest import as_json, git
from template_tables import csv_bytes, csv_parts, header_row

TAX = "tax"  # 市税务局 in data/departments.yaml


def fill_xlsx(template: Path, filled: Path, answers: dict[str, dict]) -> None:
    """What an office does in Excel: types into the blank columns, leaves blank rows about."""
    from openpyxl import load_workbook

    book = load_workbook(template)
    sheet = book.active
    at = header_row(sheet)
    header = [cell.value for cell in sheet[at]]
    for row in sheet.iter_rows(min_row=at + 1):
        answer = answers.get(row[0].value)
        for column, value in (answer or {}).items():
            row[header.index(column)].value = value
    sheet.insert_rows(at + 2, 2)  # two blank rows in the middle
    book.create_sheet("说明", 0)  # and a notes sheet put first
    sheet.append([])         # and blank rows at the end
    sheet.append([None, None, "  "])
    book.save(filled)


def test_the_whole_office_cycle(run, data_copy, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(data_copy, before / "data")

    # 1. The template: every milestone and indicator 市税务局 holds a role in, ids kept as text.
    template = tmp_path / "tax-2022-06.xlsx"
    result = run("ledger", "template", "--dept", "市税务局", "--as-of", "2022-06-30", "-o", str(template))
    assert result.exit_code == 0, result.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(template).active
    at = header_row(sheet)
    rows = list(sheet.iter_rows(min_row=at, values_only=True))
    assert rows[0] == ("编号", "方案", "标题", "时间节点", "原文时限", "职责", "基线", "年底目标", "当前状态", "状态", "完成日期",
                       "进展情况", "实际值")
    by_id = {row[0]: row for row in rows[1:]}
    assert {"09.02#1", "09.02#2", "09.10#1", "07.02"} <= set(by_id)  # 07.02 is ongoing: one row as a whole
    assert by_id["09.10#1"][3] == datetime(2022, 3, 31) and by_id["09.10#1"][8] == "已逾期"
    assert by_id["07.01#1"][5] == "配合" and by_id["07.02"][3] == "持续推进"
    assert sheet[f"A{at + 1}"].data_type == "s" and sheet.freeze_panes == f"A{at + 1}"

    # 2. Filled in as people do, and imported.
    filled = tmp_path / "tax-2022-06-filled.xlsx"
    fill_xlsx(template, filled, {
        "09.02#1": {"状态": "已完成", "完成日期": "2022年6月20日", "进展情况": "“远程帮办”专柜已开通"},
        "09.10#1": {"状态": "已完成", "完成日期": datetime(2022, 4, 15)},
        "09.03#1": {"状态": "推进中", "进展情况": "集中处理中心筹建中"},
        "09.12#1": {"状态": "已取消"},
        "09.06#1": {"状态": "in-progress"},
    })
    result = run("ledger", "import", str(filled))  # the template says whose and which day it is
    assert result.exit_code == 0, result.stderr
    assert "imported 5 updates and 0 actuals" in result.stderr
    report = data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml"
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/progress.schema.json\n")
    # The modeline resolves from the report to the schema beside the data, as the plans' do.
    modeline = text.splitlines()[0].split("=", 1)[1]
    assert (report.parent / modeline).resolve() == (data_copy.parent / "schemas" / "progress.schema.json").resolve()
    assert "  done_on: '2022-06-20'\n  evidence: “远程帮办”专柜已开通\n" in text
    assert run("validate").exit_code == 0

    # 3. Status as of the first day: done, done late, dropped, and overdue with or without a report.
    due = {(row["measure"], row["date"]): row for row in
           as_json(run("due", "--by", "2022-06", "--dept", TAX, "--as-of", "2022-07-15", "--format", "json"))}
    assert due[("09.02", "2022-06-30")]["status"] == "done"
    assert due[("09.02", "2022-06-30")]["progress"] == {
        "status": "done", "done_on": "2022-06-20", "reported_by": TAX, "as_of": "2022-06-30",
        "evidence": "“远程帮办”专柜已开通", "milestone": 1, "note": None}
    assert due[("09.10", "2022-03-31")]["status"] == "done-late"
    assert due[("09.12", "2022-05-31")]["status"] == "dropped"
    assert due[("09.03", "2022-06-30")]["status"] == "overdue"
    assert due[("09.03", "2022-06-30")]["reported"] == "2022-06-30"
    assert due[("09.09", "2022-06-30")]["status"] == "overdue" and due[("09.09", "2022-06-30")]["reported"] is None
    late = as_json(run("due", "--by", "2022-06", "--as-of", "2022-07-15", "--status", "done-late", "--format", "json"))
    assert [row["measure"] for row in late] == ["09.10"]

    (card,) = as_json(run("progress", "--as-of", "2022-07-15", "--dept", "市税务局", "--group-by", "dept",
                          "--format", "json"))
    assert {key: card[key] for key in ("key", "due_by_as_of", "done", "done_late", "dropped", "overdue",
                                       "unreported")} == {
        "key": TAX, "due_by_as_of": 8, "done": 1, "done_late": 1, "dropped": 1, "overdue": 5, "unreported": 3}
    assert card["completion_rate"] == round(2 / 7, 4) and card["on_time_rate"] == round(1 / 7, 4)

    # 4. The September round, as a CSV a person typed (2022/9/20, 已完成), and an actual value.
    csv_template = tmp_path / "tax-2022-09.csv"
    assert run("ledger", "template", "--dept", TAX, "--as-of", "2022-09-30", "-o", str(csv_template)).exit_code == 0
    raw = csv_template.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    heading, header, table = csv_parts(raw)
    assert next(row for row in table if row[0] == "09.02#1")[header.index("当前状态")] == "已完成"
    # Document 9's indicator tables name no body, and every measure of the plan names 市税务局: the
    # owners rule `plan` (owners.py) gives 09.i15 to it, as `gaps --dept tax` does.
    assert next(row for row in table if row[0] == "09.i15")[header.index("职责")] == "方案各措施负责"
    indicator = "09.i15"  # 纳税时间（小时）: 69.31 in 2021, 63.76 by the year's end
    for row in table:
        if row[0] == "09.01#1":
            row[header.index("状态")], row[header.index("完成日期")] = "已完成", "2022/9/20"
        if row[0] == "09.03#1":
            row[header.index("状态")], row[header.index("完成日期")] = "已完成", "2022-07-10"
        if row[0] == indicator:
            row[header.index("实际值")] = "66.5小时"
    filled_csv = tmp_path / "tax-2022-09-filled.csv"
    filled_csv.write_bytes(csv_bytes(heading, [header, [""] * len(header)], table))
    result = run("ledger", "import", str(filled_csv), "--by", TAX, "--as-of", "2022-09-30")
    assert result.exit_code == 0, result.stderr
    assert (data_copy / "progress" / "2022-09" / "tax-2022-09-30.yaml").is_file()

    # 5. The scorecard as of the second day reads both rounds.
    (card,) = as_json(run("progress", "--as-of", "2022-10-15", "--dept", TAX, "--group-by", "dept", "--format", "json"))
    assert (card["due_by_as_of"], card["done"], card["done_late"], card["dropped"], card["overdue"]) == (14, 2, 2, 1, 9)
    plan9 = next(row for row in as_json(run("progress", "--as-of", "2022-10-15", "--format", "json"))
                 if row["key"] == 9)
    assert plan9["done"] == 2 and plan9["done_late"] == 2

    # 6. The actual value in gaps, with how far it has come.
    gap = next(row for row in as_json(run("gaps", "--format", "json")) if row["id"] == indicator)
    assert gap["actual"]["raw"] == "66.5小时" and gap["actual"]["value"] == 66.5
    assert gap["actual"]["reported_by"] == TAX and gap["actual"]["measured_on"] == "2022-09-30"
    assert gap["progress_pct"] == round((66.5 - 69.31) / (63.76 - 69.31) * 100, 6)  # about half way
    assert next(row for row in as_json(run("gaps", "--format", "json")) if row["id"] == "09.i1")["actual"] is None

    # 7. show prints the history.
    shown = run("show", "09.03", "--as-of", "2022-10-15")
    assert "2022-06-30  tax: 09.03#1 in-progress — 集中处理中心筹建中" in shown.stdout
    assert "2022-09-30  tax: 09.03#1 done on 2022-07-10" in shown.stdout
    assert len(as_json(run("show", "09.03", "--as-of", "2022-10-15", "--format", "json"))["history"]) == 2

    # 8. The change, as a reviewer sees it.
    result = run("diff", str(before / "data"), str(data_copy), "--format", "json")
    assert result.exit_code == 1  # changes found
    changes = json.loads(result.stdout)
    recorded = {(row["kind"], row["id"], row["detail"].split(":")[0]): row for row in changes}
    assert recorded[("progress-recorded", "09.02#1", "tax, report of 2022-06-30")]["new"] == "done on 2022-06-20"
    # The September template carried June's 已完成 forward, and the office left it: restated.
    assert recorded[("progress-recorded", "09.02#1", "tax, report of 2022-09-30")]["new"] == "done on 2022-06-20"
    assert recorded[("actual-recorded", indicator, "tax, report of 2022-09-30")]["new"] == "66.5小时 = 66.5, measured 2022-09-30"
    facts = run("textconv", str(report)).stdout.splitlines()
    assert "09.02#1 done on 2022-06-20 (tax, report of 2022-06-30)" in facts


def test_record_then_diff_of_two_report_files(run, data_copy, tmp_path):
    result = run("record", "09.06#1", "--as-of", "2022-06-30", "--by", "市税务局", "--status", "推进中")
    assert result.exit_code == 0, result.stderr
    report = data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml"
    old = tmp_path / "old.yaml"
    shutil.copy(report, old)
    result = run("record", "09.06#1", "--as-of", "2022-06-30", "--by", TAX, "--status", "done", "--on", "2022-06-28",
                 "--evidence", "直播12场")
    assert result.exit_code == 0, result.stderr
    assert report.read_text(encoding="utf-8").count("09.06") == 1  # replaced, not added
    result = run("diff", str(old), str(report), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert [(change["kind"], change["id"], change["field"], change["old"], change["new"])
            for change in json.loads(result.stdout)] == [
        ("progress-changed", "09.06#1", "progress", "in-progress", "done on 2022-06-28"),
        ("progress-changed", "09.06#1", "evidence", None, "直播12场")]


def test_record_an_actual_and_an_ongoing_measure(run, data_copy):
    assert run("record", "09.i1", "--as-of", "2022-06-30", "--by", TAX, "--actual", "5次").exit_code == 0
    assert run("record", "07.02", "--as-of", "2022-06-30", "--by", TAX, "--status", "done",
               "--on", "2022-06-01").exit_code == 0
    text = (data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml").read_text(encoding="utf-8")
    assert "- indicator: 09.i1\n  raw: 5次\n  value: 5\n" in text
    rows = as_json(run("due", "--dept", TAX, "--plan", "7", "--status", "done", "--as-of", "2022-07-01",
                       "--format", "json"))
    assert [(row["measure"], row["date"]) for row in rows] == [("07.02", None)]
    measures = as_json(run("measures", "--plan", "7", "--format", "json"))
    assert next(m for m in measures if m["id"] == "07.02")["progress"]["done_on"] == "2022-06-01"
    assert next(m for m in measures if m["id"] == "07.01")["progress"] is None


def test_diff_of_git_revisions_shows_the_ledgers_changes(run, data_copy, monkeypatch):
    repo = data_copy.parent
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the plans, an empty ledger")
    assert run("record", "09.02#1", "--as-of", "2022-06-30", "--by", TAX, "--status", "done",
               "--on", "2022-06-20").exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "June report")
    monkeypatch.chdir(repo)
    result = run("diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert [(row["kind"], row["id"], row["new"], row["detail"]) for row in json.loads(result.stdout)] == [
        ("progress-recorded", "09.02#1", "done on 2022-06-20", "tax, report of 2022-06-30")]
    assert run("diff", "HEAD").exit_code == 0  # the working tree is HEAD
    assert run("record", "09.02#1", "--as-of", "2022-06-30", "--by", TAX, "--status", "dropped").exit_code == 0
    result = run("diff", "HEAD", "--format", "json")
    assert [(row["kind"], row["old"], row["new"]) for row in json.loads(result.stdout)] == [
        ("progress-changed", "done on 2022-06-20", "dropped")]
