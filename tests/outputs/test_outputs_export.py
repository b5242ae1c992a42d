"""`bizenv export`: the whole package as a SQLite database (queried with SQL) and as one workbook
(read back with openpyxl), on the real data; the ledger's reports join both when there are some."""

import csv
import io
import json
import re
import sqlite3

import openpyxl
import pytest

from bizenv_cli.model.status_words import STATUS_IN_CHINESE
from bizenv_cli.outputs.sqlite import TABLES

from conftest import REPO, data_strings, english_words, invoke, with_one_ledger_report


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    target = tmp_path_factory.mktemp("export") / "package.sqlite"
    result = invoke(CliRunner(env=CLI_ENV), "export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"wrote 29 plans, 408 measures, {indicator_count()} indicators" in result.stderr
    db = sqlite3.connect(target)
    yield db
    db.close()


def indicator_count() -> int:
    """How many indicators `bizenv gaps` lists: the package's count (189 since 01.i1 was dropped)."""
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    return len(json.loads(invoke(CliRunner(env=CLI_ENV), "gaps", "--format", "json").stdout))


def count(db, sql, *args):
    return db.execute(sql, args).fetchone()[0]


def test_every_table_is_there_with_the_package_counts(database):
    names = {row[0] for row in database.execute("select name from sqlite_master where type = 'table'")}
    assert names == set(TABLES)  # plain tables, nothing else beside them
    assert count(database, "select count(*) from plans") == 29
    assert count(database, "select count(*) from measures") == 408
    assert count(database, "select count(*) from indicators") == indicator_count()
    assert count(database, "select count(*) from departments") == 74
    assert count(database, "select count(*) from progress") == 0  # the shipped ledger is empty


def test_keys_hold_and_are_declared(database):
    database.execute("PRAGMA foreign_keys = ON")
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    referenced = {(row[2], row[3]) for row in database.execute("PRAGMA foreign_key_list(responsibilities)")}
    # Every row also names the data file it comes from (the store's model, docs/store.md).
    assert referenced == {("measures", "measure"), ("departments", "department"), ("files", "file")}
    assert [row[1] for row in database.execute("PRAGMA table_info(milestones)") if row[5]] == ["measure", "n"]
    indexes = {row[1] for row in database.execute("PRAGMA index_list(milestones)")}
    assert "milestones_date" in indexes
    # Plain types only, so Datasette shows the file as it is.
    types = {row[2] for table in TABLES for row in database.execute(f"PRAGMA table_info({table})")}
    assert types <= {"TEXT", "INTEGER", "REAL"}


def test_the_database_agrees_with_the_cli(runner, database):
    due = json.loads(invoke(runner, "due", "--by", "2022-12", "--as-of", "2022-01-01", "--format", "json").stdout)
    assert count(database, "select count(*) from milestones where date <= '2022-12-31'") == len(due)
    tax = json.loads(invoke(runner, "measures", "--dept", "tax", "--role", "lead", "--format", "json").stdout)
    assert count(database, "select count(distinct measure) from responsibilities "
                           "where department = 'tax' and role = 'lead'") == len(tax)
    assert database.execute("select id, plan from measures where id = '09.10'").fetchone() == ("09.10", 9)


def docs_queries() -> list[tuple[str, str]]:
    """The example queries of docs/outputs.md's SQLite section, each with the answer its comment
    gives right under it (the comments above a query say what it asks)."""
    text = (REPO / "docs" / "outputs.md").read_text(encoding="utf-8")
    block = re.search(r"Two questions.*?```sql\n(.*?)```", text, re.S).group(1)
    queries: list[tuple[str, str]] = []
    sql: list[str] = []
    answered = False  # the lines right after a query's `;` are its answer
    for line in block.splitlines():
        if line.startswith("--"):
            if answered:
                queries[-1] = (queries[-1][0], (queries[-1][1] + "\n" + line).strip())
        elif line.strip():
            sql.append(line)
            if line.endswith(";"):
                queries.append(("\n".join(sql).rstrip(";"), ""))
                sql, answered = [], True
        else:
            answered = False
    return queries


def test_the_docs_queries_run_and_answer_as_their_comments_say(runner, database, package):
    (busiest_sql, busiest_said), (levels_sql, levels_said) = docs_queries()
    busiest = database.execute(busiest_sql).fetchall()
    assert busiest_said == "-- " + ", ".join(f"{name} {number}" for name, number in busiest)
    ids = dict(database.execute("select name, id from departments").fetchall())
    assert ids[busiest[0][0]] == "county-governments"
    for name, number in busiest:
        # Through department_scope a body counts as `--dept` finds it: a group with what it covers.
        due = json.loads(invoke(runner, "due", "--by", "2022-06", "--dept", ids[name], "--format", "json").stdout)
        assert number == len(due)
    rows = database.execute(levels_sql).fetchall()
    # The indicators with a number for a baseline and a year-end target that is a level, not a change.
    levels = [indicator.id for plan in package.plans for indicator in plan.indicators
              if indicator.baseline.value is not None
              and any(target.by == "2022-12" and target.value is not None and not target.is_change
                      for target in indicator.targets)]
    assert sorted(row[0] for row in rows) == sorted(levels)
    assert levels_said.endswith(f"({len(rows)} rows)")


def exported_workbook(tmp_path_factory, *lang: str):
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    target = tmp_path_factory.mktemp("export") / "package.xlsx"
    result = invoke(CliRunner(env=CLI_ENV), "export", "-o", str(target), "--as-of", "2022-07-01", *lang)
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(target)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return exported_workbook(tmp_path_factory)


@pytest.fixture(scope="module")
def english_workbook(tmp_path_factory):
    """The same export with `--lang en` (read by the tests, never changed)."""
    return exported_workbook(tmp_path_factory, "--lang", "en")


def test_the_workbook_has_a_summary_every_plan_and_the_registers(workbook):
    # An office's file: its sheets, headers and status words in Chinese (`--lang en` for English).
    names = workbook.sheetnames
    assert names[:2] == ["概览", "方案"]
    assert names[2] == "01 2022年营商环境优化提升总体行动方案"
    assert names[2 + 29:] == ["时间节点", "责任单位", "指标"]  # no ledger shipped: no progress sheet
    assert all(len(name) <= 31 for name in names)
    summary = {row[0].value: row[1].value for row in workbook["概览"].iter_rows(min_row=2)}
    assert summary["措施数"] == 408 and summary["指标数"] == indicator_count() and summary["方案数"] == 29


def test_the_plans_sheet_names_every_body_of_a_tied_lead(workbook):
    # Document 1's measures name 市政务服务和大数据局 and 市财政局 as lead 4 times each (source lines
    # 25-37; 52, 78-86): the sheet named the first as the plan's 牵头单位.
    sheet = workbook["方案"]
    header = [cell.value for cell in sheet[1]]
    leads = {row[0]: row[header.index("牵头单位")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert leads[1] == "市政务服务和大数据管理局、市财政局（并列，各牵头 4 项）"
    assert leads[5] == "市城市管理局" and leads[2] is None


def test_a_plans_listing_says_a_tied_lead_as_the_export_does(runner, tmp_path, workbook):
    # `plans -o F.xlsx` left 牵头单位 empty on a tie (JSON's `lead` is null), the tied bodies in
    # the next column, where the export's 方案 sheet names them in one cell and says they tie.
    # Now every file in words says it so (the CSV in Chinese too); English CSV keeps JSON's null.
    def leads(sheet) -> dict:
        header = [cell.value for cell in sheet[1]]
        return {row[0]: row[header.index("牵头单位")] for row in sheet.iter_rows(min_row=2, values_only=True)}

    listing = tmp_path / "plans.xlsx"
    assert invoke(runner, "plans", "-o", str(listing)).exit_code == 0
    exported = leads(workbook["方案"])
    assert leads(openpyxl.load_workbook(listing).active) == exported and len(exported) == 29
    assert exported[1] == "市政务服务和大数据管理局、市财政局（并列，各牵头 4 项）"
    chinese = invoke(runner, "plans", "--format", "csv", "--lang", "zh").stdout.lstrip("\ufeff")
    assert {int(row["序号"]): row["牵头单位"] or None for row in csv.DictReader(io.StringIO(chinese))} == exported
    english = invoke(runner, "plans", "--lang", "en", "-o", str(listing))
    assert english.exit_code == 0
    sheet = openpyxl.load_workbook(listing).active
    header = [cell.value for cell in sheet[1]]
    said = {row[0]: row[header.index("lead")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert said[1] == "gov-services-bigdata, finance (tied: 4 measures each)"
    rows = {row["number"]: row for row in json.loads(invoke(runner, "plans", "--format", "json").stdout)}
    flat = csv.DictReader(io.StringIO(invoke(runner, "plans", "--format", "csv").stdout.lstrip("\ufeff")))
    assert {int(row["number"]): row["lead"] or None for row in flat} == {n: row["lead"] for n, row in rows.items()}
    assert [n for n, row in rows.items() if row["lead"] is None and row["top_leads"]] == [1, 3, 8]


def test_the_summary_says_which_bodies_it_counts_as_the_report_does(runner, workbook):
    # 责任单位数 74 (the registry) beside the report's 责任单位 72 (the bodies the measures name):
    # one name, two numbers. Each line now says what it counts, and the report's is the first.
    summary = {row[0].value: row[1].value for row in workbook["概览"].iter_rows(min_row=2)}
    assert "责任单位数" not in summary
    assert summary["责任单位表所列单位数"] == workbook["责任单位"].max_row - 1 == 74
    html = invoke(runner, "report", "--as-of", "2022-07-01").stdout
    headline = re.search(r'<div class="value">(\d+)</div><div class="label">措施所列责任单位</div>', html).group(1)
    named = [row for row in json.loads(invoke(runner, "departments", "--format", "json").stdout) if row["measures"]]
    assert summary["措施所列责任单位数"] == int(headline) == len(named) == 72


def test_the_workbook_in_english(english_workbook):
    book = english_workbook
    assert book.sheetnames[:2] == ["summary", "plans"] and book.sheetnames[2 + 29:] == [
        "milestones", "departments", "indicators"]
    summary = {row[0].value: row[1].value for row in book["summary"].iter_rows(min_row=2)}
    assert summary["measures"] == 408 and summary["plans"] == 29
    assert (summary["bodies the measures name"], summary["bodies on the departments sheet"]) == (72, 74)
    sheet = book["milestones"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["date", "measure", "plan", "status"]
    # A status in the words the English report says it in, not JSON's `due`.
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "overdue", "due within 30 days", "upcoming", "ongoing"}


def test_the_summary_says_each_figure_in_the_workbooks_language(workbook, english_workbook):
    # Its labels, every one, in either language (outputs/words.py's SUMMARY_IN_CHINESE holds the
    # Chinese): a figure of one language's sheet is the figure of the other's on the same row.
    chinese = [[cell.value for cell in row] for row in workbook["概览"].iter_rows()]
    english = [[cell.value for cell in row] for row in english_workbook["summary"].iter_rows()]
    assert [label for label, _ in chinese] == [
        "项目", "方案包", "地区", "年度", "截至日期", "方案数", "措施数", "时间节点数", "其中已逾期（截至 2022-07-01）",
        "其中临近到期（30天内）", "其中未到期", "其中已完成", "其中逾期完成", "其中已取消", "持续推进的措施（无时间节点）",
        "未列时间节点的措施", "指标数", "措施所列责任单位数", "责任单位表所列单位数", "台账进展条数", "台账实际值条数"]
    assert [label for label, _ in english] == [
        "what", "package", "jurisdiction", "year", "as of", "plans", "measures", "milestones",
        "overdue as of 2022-07-01", "due within 30 days", "upcoming", "done", "done late", "dropped",
        "ongoing measures (no date)", "measures with no 时间节点", "indicators", "bodies the measures name",
        "bodies on the departments sheet", "ledger updates", "ledger actuals"]
    assert [value for _, value in chinese[1:]] == [value for _, value in english[1:]]
    assert (chinese[0][1], english[0][1]) == ("数值", "value")


def test_each_plan_sheet_holds_its_measures_with_ids_as_text(workbook):
    sheet = next(workbook[name] for name in workbook.sheetnames if name.startswith("09 "))
    header = [cell.value for cell in sheet[1]]
    ids = [row[header.index("编号")] for row in sheet.iter_rows(min_row=2)]
    assert "09.10" in [cell.value for cell in ids] and all(cell.data_type == "s" for cell in ids)
    total = sum(workbook[name].max_row - 1 for name in workbook.sheetnames[2:31])
    assert total == 408
    assert sheet.freeze_panes == "A2"
    first_due = [row[header.index("首个时间节点")] for row in sheet.iter_rows(min_row=2)]
    assert any(cell.is_date for cell in first_due)


def test_the_milestone_sheet_is_due_with_statuses(runner, workbook):
    due = json.loads(invoke(runner, "due", "--as-of", "2022-07-01", "--include-ongoing", "--format", "json").stdout)
    sheet = workbook["时间节点"]
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(due)
    # The statuses in the words an office reads: 已逾期, 临近到期, 未到期, 持续推进.
    assert [(r[header.index("措施")], r[header.index("状态")]) for r in rows] == [
        (row["measure"], STATUS_IN_CHINESE[row["status"]]) for row in due]




def test_the_ledger_joins_the_export(runner, data_copy, tmp_path):
    with_one_ledger_report(data_copy)
    target = tmp_path / "p.sqlite"
    result = invoke(runner, "--data", str(data_copy), "export", "-o", str(target))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(target)
    assert db.execute("select measure, status, done_on, reported_by, report from progress").fetchall() == [
        ("09.02", "done", "2022-06-20", "tax", "progress/2022-06/tax.yaml")]
    book = tmp_path / "p.xlsx"
    assert invoke(runner, "--data", str(data_copy), "export", "-o", str(book)).exit_code == 0
    assert "进展" in openpyxl.load_workbook(book).sheetnames


@pytest.mark.parametrize("args, message", [
    ([], "bizenv: error: export: give the file to write with -o FILE.xlsx or -o FILE.sqlite"),
    (["-o", "x.docx"], "bizenv: error: -o: cannot tell what to export to 'x.docx' from its extension "
                       "(known: .db, .sqlite, .sqlite3, .xlsx)"),
    # Options only the workbook has are refused for a database, not ignored.
    (["-o", "x.sqlite", "--lang", "en"], "bizenv: error: --lang: only the workbook has it (-o FILE.xlsx); "
                                         "a database holds the data as it is"),
    (["-o", "x.db", "--as-of", "2022-07-01"], "bizenv: error: --as-of: only the workbook has it (-o FILE.xlsx); "
                                              "a database holds the data as it is"),
])
def test_export_usage_errors(runner, args, message):
    result = invoke(runner, "export", *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_a_failed_export_leaves_the_old_file(runner, tmp_path):
    target = tmp_path / "p.sqlite"
    target.write_bytes(b"old")
    result = invoke(runner, "--data", str(tmp_path / "nowhere"), "export", "-o", str(target))
    assert result.exit_code != 0
    assert target.read_bytes() == b"old"


def test_the_sqlite_export_keeps_a_change_target_as_a_change(runner, tmp_path):
    # A target printed as a change (同比压缩0.25次) is a signed change with its basis, not a level.
    out = tmp_path / "package.sqlite"
    assert invoke(runner, "export", "-o", str(out)).exit_code == 0
    with sqlite3.connect(out) as db:
        rows = dict(((indicator, (raw, value, change, unit)) for indicator, raw, value, change, unit in db.execute(
            "select indicator, raw, value, change, change_unit from targets where indicator in ('09.i1', '09.i14')")))
    assert rows == {"09.i1": ("同比压缩0.25次", -0.25, "year-on-year", "次"), "09.i14": ("5", 5.0, None, None)}


def test_the_summary_counts_the_measures_without_a_date_once_each(runner, english_workbook):
    # 23 measures print 2022年12月，持续推进: dated (a milestone on 2022-12-31) and ongoing. The summary's
    # "ongoing measures (no date)" had counted them (132); the measures with no 时间节点 at all
    # (plan 1's, 02.04) were in no line.
    summary = {row[0].value: row[1].value for row in english_workbook["summary"].iter_rows(min_row=2)}
    measures = json.loads(invoke(runner, "measures", "--format", "json").stdout)
    dated = [m for m in measures if m["deadline"] and m["deadline"]["milestones"]]
    ongoing = [m for m in measures if m["deadline"] and m["deadline"]["ongoing"] and not m["deadline"]["milestones"]]
    silent = [m for m in measures if not (m["deadline"] and m["deadline"]["raw"])]
    assert (len(dated), len(ongoing), len(silent)) == (247, 109, 52)
    assert summary["ongoing measures (no date)"] == len(ongoing)
    assert summary["measures with no 时间节点"] == len(silent)
    assert summary["measures"] == len(dated) + len(ongoing) + len(silent)


def test_the_workbook_in_chinese_shows_no_english_word_but_data(runner, data_copy, tmp_path):
    # The departments sheet said `municipal-department`, the indicators sheet `year on year` and,
    # for a target whose cell is empty (15.i1's 2022年12月目标), `2022-12: None`.
    with_one_ledger_report(data_copy)
    target = tmp_path / "package.xlsx"
    assert invoke(runner, "--data", str(data_copy), "export", "-o", str(target), "--as-of", "2022-07-01").exit_code == 0
    data = {"pingdingshan-2022", "progress/2022-06/tax.yaml"}  # the package, the report a row comes from
    for listing in (["plans"], ["measures"], ["due", "--include-ongoing"], ["departments"], ["gaps"]):
        data |= data_strings(json.loads(invoke(runner, "--data", str(data_copy), *listing, "--format", "json").stdout))
    book = openpyxl.load_workbook(target)
    found = {}
    for sheet in book.worksheets:
        text = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
        if english_words(text, data):
            found[sheet.title] = english_words(text, data)
    assert not found, found
    targets = {row[0]: row for row in book["指标"].iter_rows(values_only=True)}
    header = [cell.value for cell in book["指标"][1]]
    # 15.i1 prints a target for 2022年6月 and an empty cell for 2022年12月.
    assert targets["15.i1"][header.index("各期目标")].splitlines()[1:] == ["2022-12: —"]


def test_export_help_names_every_table_of_the_database(runner):
    # It named ten of the thirteen: files, department_scope and indicator_owners were left out.
    text = " ".join(invoke(runner, "export", "--help").stdout.split())
    listed = re.search(r"The database has the tables (.*?) \(", text).group(1)
    assert re.split(r", | and ", listed) == list(TABLES)


TAX_2022 = REPO / "tests" / "examples" / "ledger" / "tax-2022" / "progress"


def with_tax_ledger_and_an_actual(runner, data_copy):
    """tax's reports as of 2022-06-30, 2022-09-30 and 2022-10-20 (tests/examples/ledger/tax-2022),
    and, recorded into the one as of 2022-09-30, 09.i15's actual value."""
    import shutil

    shutil.copytree(TAX_2022, data_copy / "progress", dirs_exist_ok=True)
    recorded = invoke(runner, "--data", str(data_copy), "record", "09.i15", "--as-of", "2022-09-30", "--by", "tax",
                      "--actual", "66.5小时")
    assert recorded.exit_code == 0, recorded.output


def sheet_rows(book, sheet: str) -> list[dict]:
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.mark.parametrize("as_of, updates, actuals", [("2022-07-01", 5, 0), ("2022-10-15", 8, 1)])
def test_an_export_as_of_a_day_shows_the_reports_the_queries_judge_by(runner, data_copy, tmp_path, as_of, updates,
                                                                      actuals):
    # The workbook as of 2022-07-01 judged its statuses by the report as of 2022-06-30 alone, but its
    # progress and actuals sheets, its summary and the line on stderr held the reports as of
    # 2022-09-30 and 2022-10-20 too (9 updates, 1 actual).
    from bizenv_cli.outputs.words import SUMMARY_IN_CHINESE, header_in, sheet_in

    with_tax_ledger_and_an_actual(runner, data_copy)
    target = tmp_path / "p.xlsx"
    result = invoke(runner, "--data", str(data_copy), "export", "-o", str(target), "--as-of", as_of)
    assert result.exit_code == 0, result.output
    counted = f"{updates} ledger updates" + (f", {actuals} ledger actual" if actuals else "")
    assert f"189 indicators, {counted} to " in result.stderr
    book = openpyxl.load_workbook(target)
    progress = sheet_rows(book, sheet_in("progress", "zh"))
    shown = {row[header_in("as_of", "zh")].date().isoformat() for row in progress}
    assert len(progress) == updates and max(shown) <= as_of
    # Every report a status of `due --as-of` rests on is on the sheet.
    due = json.loads(invoke(runner, "--data", str(data_copy), "due", "--as-of", as_of, "--dept", "tax",
                            "--include-ongoing", "--format", "json").stdout)
    assert {row["reported"] for row in due if row["reported"]} <= shown
    assert (sheet_in("actuals", "zh") in book.sheetnames) == bool(actuals)
    summary = {row[0].value: row[1].value for row in book[sheet_in("summary", "zh")].iter_rows(min_row=2)}
    assert (summary[SUMMARY_IN_CHINESE["ledger updates"]], summary[SUMMARY_IN_CHINESE["ledger actuals"]]) == (
        updates, actuals)


def test_the_database_holds_every_report_linked_by_its_keys(runner, data_copy, tmp_path):
    # `report` named a path `files` did not hold, and a progress row's milestone (09.02#1) had no key
    # to `milestones`. The database has no day (--as-of is refused): it holds every report.
    with_tax_ledger_and_an_actual(runner, data_copy)
    target = tmp_path / "p.sqlite"
    result = invoke(runner, "--data", str(data_copy), "export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "189 indicators, 9 ledger updates, 1 ledger actual to " in result.stderr
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {(row[2], row[3], row[4]) for row in db.execute("PRAGMA foreign_key_list(progress)")}
    assert {("milestones", "measure", "measure"), ("milestones", "milestone", "n"), ("files", "file", "id")} <= keys
    assert ("files", "file", "id") in {(row[2], row[3], row[4]) for row in db.execute("PRAGMA foreign_key_list(actuals)")}
    reports = sorted(path.relative_to(data_copy).as_posix() for path in (data_copy / "progress").rglob("*.yaml"))
    assert [row[0] for row in db.execute("select path from files where kind = 'report' order by path")] == reports
    for table, rows in (("progress", 9), ("actuals", 1)):
        # Every row's report is its `files` row, by path and by key alike.
        joined = db.execute(f"select count(*) from {table} t join files f on f.path = t.report and f.id = t.file")
        assert joined.fetchone()[0] == rows
    assert db.execute("select m.date from progress p join milestones m on m.measure = p.measure and m.n = p.milestone "
                      "where p.measure = '09.02'").fetchall() == [("2022-06-30",)]
    # The file's row holds the report as read, as a plan's holds its plan.
    document = json.loads(db.execute("select document from files where path = 'progress/2022-10/tax.yaml'").fetchone()[0])
    assert document["as_of"] == "2022-10-20" and document["updates"][0]["measure"] == "09.06"


@pytest.mark.parametrize("entry, field", [
    # 09.02 has no ninth milestone: with the key to `milestones`, the row would not join.
    ("measure: '09.02'\n  milestone: 9\n", "updates[0].milestone"),
    # No measure 99.99: the export ended in a traceback (FOREIGN KEY constraint failed).
    ("measure: '99.99'\n", "updates[0].measure"),
])
def test_the_database_refuses_a_ledger_its_keys_cannot_hold(runner, data_copy, tmp_path, entry, field):
    with_one_ledger_report(data_copy)
    report = data_copy / "progress" / "2022-06" / "tax.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("measure: '09.02'\n", entry), encoding="utf-8")
    target = tmp_path / "p.sqlite"
    result = invoke(runner, "--data", str(data_copy), "export", "-o", str(target))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert re.fullmatch(rf".*progress/2022-06/tax\.yaml:\d+:\d+ {re.escape(field)}: .*", lines[0])
    assert lines[-1] == ("bizenv: the ledger does not validate, and the database's keys would not hold; "
                         "`bizenv validate` checks every file")
    assert not target.exists()


def test_the_english_workbook_heads_every_column_in_words(runner, data_copy, tmp_path):
    # Most headers were words (`days left`, `first due`), but some were JSON keys: `title_en`,
    # `name_en`, `counts.lead`, and the ledger's `reported_by`, `as_of`, `done_on`, `measured_on`.
    with_tax_ledger_and_an_actual(runner, data_copy)
    target = tmp_path / "p.xlsx"
    assert invoke(runner, "--data", str(data_copy), "export", "-o", str(target), "--as-of", "2022-12-31",
                  "--lang", "en").exit_code == 0
    book = openpyxl.load_workbook(target)
    headers = {sheet.title: [cell.value for cell in sheet[1]] for sheet in book.worksheets}
    keys = {title: [header for header in row if re.search(r"\w[._]\w", header)] for title, row in headers.items()}
    assert not any(keys.values()), keys
    assert headers["plans"][3] == "English title"
    assert headers["departments"][2:10] == ["English name", "kind", "group", "aliases", "measures as lead",
                                            "measures as support", "measures as implementer", "measures as responsible"]
    assert headers["progress"][:3] == ["report", "reported by", "as of"] and "done on" in headers["progress"]
    assert headers["actuals"][:3] == ["report", "reported by", "as of"] and "measured on" in headers["actuals"]
