"""Every bad record and every bad row is refused with a clear message, and the ledger is left byte
for byte as it was: unknown id, milestone out of range, impossible date, done after the report's
day, unknown status word, unknown department; a sheet with any bad row is refused as a whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from template_tables import csv_bytes, csv_parts

FIXTURE = Path(__file__).parents[1] / "examples" / "ledger" / "tax-2022" / "progress"


@pytest.fixture(autouse=True)
def data(data_copy):
    """A copy of the real data whose ledger already holds the tax fixture's three reports: the
    folder every test's `run` (conftest) runs bizenv on."""
    shutil.copytree(FIXTURE, data_copy / "progress", dirs_exist_ok=True)
    return data_copy


def snapshot(data: Path) -> dict[str, bytes]:
    # Folders too (as None): a refused record must not leave a new month's folder behind.
    return {str(p.relative_to(data)): p.read_bytes() if p.is_file() else None
            for p in sorted((data / "progress").rglob("*"))}


# What the command line gives is the user's to correct, never the report's file (whose line the
# ledger's checks would name): an id the plans lack, a milestone its measure lacks and a day the
# report cannot hold were each refused as a problem of the report, exit 1, at its file:line:col.
BAD_RECORDS = [
    pytest.param(["09.99", "--status", "done", "--on", "2022-06-20"], 2,
                 "bizenv: error: ID: no measure '09.99' in the plans", id="unknown-measure"),
    pytest.param(["09.02#3", "--status", "in-progress"], 2,
                 "bizenv: error: ID: 09.02 has 2 milestones (1 to 2); there is no milestone 3",
                 id="milestone-out-of-range"),
    # Plan 1's measures have no 时间节点 line (data/plans/01-*.yaml: 01.05's deadline.raw is null).
    pytest.param(["01.05#1", "--status", "in-progress"], 2,
                 "bizenv: error: ID: 01.05 has no dated milestone (the source states no deadline for it); report on "
                 "the measure as a whole", id="milestone-of-a-measure-without-a-deadline"),
    pytest.param(["09.i99", "--actual", "5个工作日"], 2, "bizenv: error: ID: no indicator '09.i99' in the plans",
                 id="unknown-indicator"),
    pytest.param(["09.02#1", "--status", "done", "--on", "2022-02-30"], 2,
                 "bizenv: error: --on: '2022-02-30' is not a real date", id="impossible-date"),
    pytest.param(["09.02#1", "--status", "done", "--on", "2022-07-02"], 2,
                 "bizenv: error: --on: 2022-07-02 is after the report's day (--as-of 2022-06-30); a report says "
                 "what was done or measured by its day", id="done-after-the-report"),
    pytest.param(["09.i15", "--actual", "60小时", "--on", "2022-07-02"], 2,
                 "bizenv: error: --on: 2022-07-02 is after the report's day (--as-of 2022-06-30); a report says "
                 "what was done or measured by its day", id="measured-after-the-report"),
    pytest.param(["09.02#1", "--status", "完成了"], 2,
                 "bizenv: error: --status: unknown status '完成了'; use 未启动/推进中/已完成/已取消", id="unknown-status"),
    # A line break typed in (Alt+Enter in a cell it was copied from) is shown escaped: the message had
    # broken over two lines, and a usage error is one.
    pytest.param(["09.02#1", "--status", "已\n完成"], 2, 'bizenv: error: --status: unknown status "已\\n完成"; use',
                 id="status-with-a-line-break"),
    pytest.param(["09.02#0\n", "--status", "已完成"], 2,
                 'bizenv: error: ID: "09.02#0\\n": milestones are numbered from 1', id="id-with-a-line-break"),
    pytest.param(["9.2\t", "--status", "已完成"], 2, 'bizenv: error: ID: "9.2\\t" is not a measure id',
                 id="id-with-a-tab"),
    pytest.param(["09.02#1", "--status", "done"], 2, "bizenv: error: --status done needs --on DAY, the day it was done",
                 id="done-without-a-day"),
    pytest.param(["09.02", "--actual", "5"], 2, "bizenv: error: --actual is for an indicator id", id="actual-on-measure"),
    pytest.param(["9-02", "--status", "done"], 2, "bizenv: error: ID: '9-02' is not a measure id", id="malformed-id"),
    # Pasted from a spreadsheet, it had been recorded as the value 0 (the 0 of its name).
    pytest.param(["09.i15", "--actual", "#DIV/0!"], 2,
                 "bizenv: error: --actual: #DIV/0! is an error value a spreadsheet shows (a formula that failed, or "
                 "an error typed), no value measured; give the value as reported", id="error-value"),
    # The import refuses it in 进展情况; record had kept it as the body's words.
    pytest.param(["09.02#1", "--status", "in-progress", "--evidence", "#N/A"], 2,
                 "bizenv: error: --evidence: #N/A is an error value a spreadsheet shows (a formula that failed, or "
                 "an error typed), no one's words; give what the body said", id="error-value-as-evidence"),
    # Past a spreadsheet cell's 32,767 characters the template that carries a report's words back
    # would cut them (and the import record the cut text): record had taken any length.
    pytest.param(["09.02#1", "--status", "in-progress", "--evidence", "证" * 32_768], 2,
                 "bizenv: error: --evidence: 32,768 characters, and a spreadsheet cell holds 32,767 at most",
                 id="evidence-longer-than-a-cell"),
    pytest.param(["09.i15", "--actual", "6" * 32_768], 2,
                 "bizenv: error: --actual: 32,768 characters, and a spreadsheet cell holds 32,767 at most",
                 id="actual-longer-than-a-cell"),
]


@pytest.mark.parametrize("args, code, message", BAD_RECORDS)
def test_a_bad_record_changes_nothing(run, data, args, code, message):
    before = snapshot(data)
    result = run("record", args[0], "--as-of", "2022-06-30", "--by", "tax", *args[1:])
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1  # a usage error is one line
    assert snapshot(data) == before


def test_an_unknown_department_is_a_usage_error_and_changes_nothing(run, data):
    before = snapshot(data)
    result = run("record", "09.05", "--as-of", "2022-06-30", "--by", "市税物局X", "--status", "in-progress")
    assert result.exit_code == 2
    assert result.stderr == "bizenv: error: --by: no department matches '市税物局X' (`bizenv departments` lists them all)\n"
    result = run("ledger", "import", str(data / "plans" / "09-paying-taxes.yaml"), "--by", "nobody", "--as-of", "2022-06-30")
    assert result.exit_code == 2 and "--by: no department matches 'nobody'" in result.stderr
    assert snapshot(data) == before


def test_a_record_into_a_new_round_creates_its_folder_only_when_accepted(run, data):
    # Another report of the ledger holds an error: the ledger's checks refuse every change until it
    # is corrected, naming it.
    broken = data / "progress" / "2022-07" / "finance-2022-07-31.yaml"
    broken.parent.mkdir()
    broken.write_text("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: finance\n"
                      "as_of: '2022-07-31'\nupdates:\n- measure: '09.99'\n  status: in-progress\nactuals: []\n",
                      encoding="utf-8")
    result = run("record", "09.05", "--as-of", "2022-11-30", "--by", "tax", "--status", "in-progress")
    assert result.exit_code == 1
    refused, said = result.stderr.splitlines()
    assert refused.endswith("/progress/2022-07/finance-2022-07-31.yaml:6:3 updates[0].measure: no measure '09.99' "
                            "in the plans")
    assert said == "bizenv: the record is refused; nothing was written"
    assert not (data / "progress" / "2022-11").exists()
    broken.unlink()
    result = run("record", "09.05", "--as-of", "2022-11-30", "--by", "tax", "--status", "in-progress")
    assert result.exit_code == 0, result.stderr
    assert (data / "progress" / "2022-11" / "tax-2022-11-30.yaml").is_file()


def sheet_with_bad_rows(run, tmp_path) -> Path:
    template = tmp_path / "template.csv"
    assert run("ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", str(template)).exit_code == 0
    heading, header, table = csv_parts(template.read_bytes())
    status, day, actual = header.index("状态"), header.index("完成日期"), header.index("实际值")
    rows = {row[0]: row for row in table}
    rows["09.02#1"][status], rows["09.02#1"][day] = "已完成", "2022年6月20日"   # a good row
    rows["09.03#1"][status] = "完成了"                                           # unknown status word
    rows["09.06#1"][status], rows["09.06#1"][day] = "已完成", "2022年2月30日"   # impossible date
    rows["09.08#1"][status], rows["09.08#1"][day] = "已完成", "2022/7/2"        # after the report's day
    rows["09.09#1"][status] = ""
    rows["09.09#1"][day] = "2022-06-01"                                        # a day but no status
    rows["09.12#1"][actual] = "3"                                              # an actual on a measure
    extra = [["09.99#1", "9", *[""] * (status - 2), "推进中", "", "", ""],        # unknown id
             ["09.02#3", "9", *[""] * (status - 2), "推进中", "", "", ""],        # milestone out of range
             ["07.02#1", "7", *[""] * (status - 2), "推进中", "", "", ""]]        # an ongoing measure's
    filled = tmp_path / "filled.csv"
    filled.write_bytes(csv_bytes(heading, [header], table, [[]], extra))
    return filled


def test_a_sheet_with_any_bad_row_is_refused_whole_every_bad_row_named(run, data, tmp_path):
    filled = sheet_with_bad_rows(run, tmp_path)
    lines = filled.read_text(encoding="utf-8-sig").splitlines()
    row_of = {line.split(",")[0]: number for number, line in enumerate(lines, 1)}
    before = snapshot(data)
    result = run("ledger", "import", str(filled), "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    name = str(filled)
    assert errors[:-1] == sorted(errors[:-1], key=lambda line: int(line[len(name) + 1:].split(" ")[0]))
    expected = [
        f"{name}:{row_of['09.03#1']} 状态: unknown status '完成了'; use 未启动/推进中/已完成/已取消 or "
        "not-started/in-progress/done/dropped",
        f"{name}:{row_of['09.06#1']} 完成日期: '2022年2月30日' is not a real day",
        f"{name}:{row_of['09.08#1']} 完成日期: 2022-07-02 is after the report's day 2022-06-30",
        f"{name}:{row_of['09.09#1']} 状态: empty; write 未启动, 推进中, 已完成 or 已取消",
        f"{name}:{row_of['09.12#1']} 实际值: 09.12 is a measure; 实际值 is for indicator rows (such as 09.i1)",
        f"{name}:{row_of['09.99#1']} 编号: no measure '09.99' in the plans",
        # In the words of record and validate (ledger/checks.missing_milestone): the import had said
        # "has 2 milestones; there is no milestone 3", and "07.02 has 0 milestones".
        f"{name}:{row_of['09.02#3']} 编号: 09.02 has 2 milestones (1 to 2); there is no milestone 3",
        f"{name}:{row_of['07.02#1']} 编号: 07.02 has no dated milestone (its deadline is '持续推进'); report on the "
        "measure as a whole",
    ]
    assert sorted(errors[:-1]) == sorted(expected)
    assert errors[-1] == "bizenv: the import (8 problems in 8 rows) is refused; nothing was written"
    assert snapshot(data) == before


def test_a_changed_header_or_a_foreign_file_is_refused(run, data, tmp_path):
    before = snapshot(data)
    sheet = tmp_path / "changed.csv"
    sheet.write_text("\ufeff编号,方案,标题\n09.02#1,9,x\n", encoding="utf-8")
    result = run("ledger", "import", str(sheet), "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 1
    assert f"{sheet}:1 the header row is not the template's" in result.stderr
    not_a_workbook = tmp_path / "plain.xlsx"
    not_a_workbook.write_text("hello", encoding="utf-8")
    result = run("ledger", "import", str(not_a_workbook), "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 1 and "not an .xlsx workbook" in result.stderr
    assert snapshot(data) == before


def test_a_line_break_in_a_cell_is_named_on_one_line(run, data, tmp_path):
    # Every problem is one line FILE:ROW column: message; a header or a status typed with Alt+Enter
    # had broken it in two.
    sheet = tmp_path / "changed.csv"
    sheet.write_text('\ufeff编号,方案,标题,时间节点,原文时限,职责,当前状态,状态,"完成\n日期",进展情况,实际值\n', encoding="utf-8")
    result = run("ledger", "import", str(sheet), "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith('| 状态 | "完成\\n日期" | 进展情况 | 实际值')
    sheet.write_text('\ufeff编号,方案,标题,时间节点,原文时限,职责,当前状态,状态,完成日期,进展情况,实际值\n'
                     '09.02#1,9,,,,,,"已\n完成",2022-06-20,,\n', encoding="utf-8")
    result = run("ledger", "import", str(sheet), "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{sheet}:2 状态: unknown status "已\\n完成"; use 未启动/推进中/已完成/已取消 or not-started/in-progress/done/dropped',
        "bizenv: the import (1 problem in 1 row) is refused; nothing was written"]


def test_a_gbk_csv_and_ids_excel_turned_into_numbers_are_read(run, data, tmp_path):
    """WPS saves CSV in GBK, and Excel re-saving a CSV turns 09.10 into 9.1."""
    header = "编号,方案,标题,时间节点,原文时限,职责,当前状态,状态,完成日期,进展情况,实际值"
    sheet = tmp_path / "wps.csv"
    sheet.write_bytes((header + "\n9.1,9,,,,,,已完成,2022/4/1,提前完成,\n9.05,9,,,,,,推进中,,,\n").encode("gb18030"))
    result = run("ledger", "import", str(sheet), "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 0, result.stderr
    text = (data / "progress" / "2022-06" / "tax.yaml").read_text(encoding="utf-8")
    assert "- measure: '09.10'\n  status: done\n  done_on: '2022-04-01'\n  evidence: 提前完成\n" in text
    assert "- measure: '09.05'\n  status: in-progress\n" in text


def test_a_template_is_never_written_into_the_package_it_reads(run, data):
    # Every -o refuses the data in use; the template's own writer must too (a .csv in plans/ would
    # not break validate, but it would sit among the data as if it were some).
    before = snapshot(data)
    result = run("ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", str(data / "progress" / "t.csv"))
    assert result.exit_code == 2 and "is a data file of the package in use" in result.stderr
    assert snapshot(data) == before


def test_a_template_that_cannot_be_written_is_exit_3_not_a_usage_error(run, tmp_path):
    # As for every -o (README, exit codes): a folder that is not there is the environment's failure.
    target = tmp_path / "no-such-folder" / "t.xlsx"
    result = run("ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", str(target))
    assert result.exit_code == 3, result.stderr
    assert result.stderr.startswith(f"bizenv: error: -o: could not write {target}")
    assert not target.parent.exists()


def test_a_report_whose_words_no_cell_holds_is_a_finding_at_them(run, data):
    # The same rule for a report written by hand: validate names the text the template would cut.
    report = next(path for path in sorted((data / "progress").glob("**/*.yaml")) if "evidence:" in path.read_text(
        encoding="utf-8"))
    text = report.read_text(encoding="utf-8")
    start = text.index("evidence:")
    end = text.index("\n", start)
    report.write_text(text[:start] + "evidence: " + "证" * 32_768 + text[end:], encoding="utf-8")
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    (finding,) = [finding for finding in json.loads(result.stdout) if "spreadsheet cell" in finding["message"]]
    assert finding["field"].endswith(".evidence") and finding["message"].startswith("32,768 characters")


def test_a_record_warns_of_its_own_entry_not_again_of_the_reports_others(run, data):
    # Each record had reprinted every warning of the report it merged into: after 04.01, every later
    # record by tax repeated "tax holds no role in 04.01".
    first = run("record", "04.01", "--as-of", "2022-07-31", "--by", "tax", "--status", "in-progress")
    assert first.exit_code == 0 and "tax holds no role in 04.01" in first.stderr
    second = run("record", "09.05", "--as-of", "2022-07-31", "--by", "tax", "--status", "in-progress")
    assert second.exit_code == 0 and "warning" not in second.stderr, second.stderr
    third = run("record", "04.02", "--as-of", "2022-07-31", "--by", "tax", "--status", "in-progress")
    assert [line for line in third.stderr.splitlines() if "warning" in line] == [
        line for line in third.stderr.splitlines() if "tax holds no role in 04.02" in line] != []
