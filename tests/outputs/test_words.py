"""The language of the files people open (issue 20): workbooks and the report in Chinese unless
`--lang en`; the table, CSV, TSV and Markdown in English unless `--lang zh`; JSON always English.
Every header any listing or the export can show has its Chinese name (outputs/words.py)."""

import ast
import csv
import html
import io
import json
import re

import icalendar
import openpyxl
import pytest

from bizenv_cli.model.status_words import STATUS_IN_CHINESE, STATUS_IN_ENGLISH
from bizenv_cli.outputs.words import (DEPARTMENT_KIND_IN_CHINESE, FINDING_KIND_IN_CHINESE, HEADER_IN_CHINESE,
                                      PHRASE_IN_CHINESE, SECTION_KIND_IN_CHINESE, SHEET_IN_CHINESE,
                                      TABLE_KIND_IN_CHINESE)

from conftest import (DATA, ENGLISH_WORD, REPO, cli_commands, data_strings, english_words, invoke, raw_strings,
                      with_one_ledger_report)

# One run of every command that prints rows in either language ({plan}: a plan file of the copy).
LISTINGS = {
    "measures": ["measures", "--plan", "9"],
    "due": ["due", "--by", "2022-12", "--as-of", "2022-07-01", "--include-ongoing"],
    "gaps": ["gaps", "--plan", "9"],
    "plans": ["plans"],
    "departments": ["departments"],
    "search": ["search", "纳税"],
    "progress": ["progress", "--as-of", "2022-07-01"],
    "show": ["show", "09.02"],
    "show indicator": ["show", "09.i1"],
    "diff": ["diff", "{plan}", "{plan}"],
}


def test_the_listings_are_every_command_that_takes_lang_and_format():
    # So that a new listing's headers are held to the test below too.
    taking = {name for name, command in cli_commands().items()
              if {"--lang", "--format"} <= {option for parameter in command.params for option in parameter.opts}}
    listed = {args[0] for args in LISTINGS.values()}
    assert listed == taking, f"LISTINGS lacks {sorted(taking - listed)} or has {sorted(listed - taking)}"


def csv_header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("ledger", [False, True], ids=["no ledger", "a ledger"])
def test_every_header_has_its_chinese_name(runner, data_copy, ledger):
    # With a report in the ledger the listings gain its columns (progress.*, actual.*): those too.
    if ledger:
        with_one_ledger_report(data_copy)
    missing = set()
    plan = str(data_copy / "plans" / "09-paying-taxes.yaml")
    for name, listing in LISTINGS.items():
        args = [part.format(plan=plan) for part in listing]
        flat = invoke(runner, "--data", str(data_copy), *args, "--format", "csv")
        assert flat.exit_code == 0, (name, flat.output)
        missing |= set(csv_header(flat.stdout)) - set(HEADER_IN_CHINESE)
        chinese = csv_header(invoke(runner, "--data", str(data_copy), *args, "--format", "csv", "--lang", "zh").stdout)
        assert chinese == [HEADER_IN_CHINESE[header] for header in csv_header(flat.stdout)], name
    assert not missing


def test_the_tables_headers_and_statuses_in_chinese(runner):
    english = invoke(runner, "due", "--by", "2022-06", "--as-of", "2022-07-01", "--width", "200").stdout
    chinese = invoke(runner, "due", "--by", "2022-06", "--as-of", "2022-07-01", "--width", "200", "--lang", "zh").stdout
    assert "measure" in english.splitlines()[1] and "overdue" in english
    assert chinese.splitlines()[1].split()[:4] == ["时间节点", "措施", "状态", "剩余天数"]
    assert "已逾期" in chinese and "overdue" not in chinese.split("\n", 1)[1]


@pytest.mark.parametrize("output_format", ["table", "csv", "tsv", "md", "json"])
def test_english_stays_the_default_of_text_and_json_is_always_english(runner, output_format):
    # Nothing changes what a terminal, a script or a CSV reader gets unless it asks for Chinese.
    args = [*LISTINGS["due"], "--format", output_format, "--width", "120"]
    default = invoke(runner, *args).stdout
    assert invoke(runner, *args, "--lang", "en").stdout == default
    assert (invoke(runner, *args, "--lang", "zh").stdout == default) == (output_format == "json")
    if output_format == "json":
        assert {row["status"] for row in json.loads(default)} == {"overdue", "due", "upcoming", "ongoing"}


def test_csv_in_chinese_says_the_statuses_in_chinese(runner):
    rows = list(csv.DictReader(io.StringIO(invoke(runner, *LISTINGS["due"], "--format", "csv", "--lang", "zh")
                                           .stdout.lstrip("\ufeff"))))
    due = json.loads(invoke(runner, *LISTINGS["due"], "--format", "json").stdout)
    assert [row["状态"] for row in rows] == [STATUS_IN_CHINESE[row["status"]] for row in due]


def test_a_file_opened_in_english_says_a_status_as_the_english_report_does(runner, tmp_path):
    # `due -o F.xlsx --lang en` and the calendar said `due`, the JSON's key, where the English
    # report says `due within 30 days`: one status, two words in the files one reader opens. CSV
    # and JSON keep the key, the contract scripts read.
    args = ["due", "--plan", "9", "--by", "2022-07", "--as-of", "2022-07-01"]
    rows = json.loads(invoke(runner, *args, "--format", "json").stdout)
    assert {row["status"] for row in rows} == {"overdue", "due"}
    said = [STATUS_IN_ENGLISH[row["status"]] for row in rows]
    assert "due within 30 days" in said
    workbook, calendar = tmp_path / "due.xlsx", tmp_path / "due.ics"
    for target in (workbook, calendar):
        assert invoke(runner, *args, "--lang", "en", "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(workbook).active
    column = [cell.value for cell in sheet[1]].index("status")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == said
    events = icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")
    assert [event["CATEGORIES"].cats for event in events] == [[word] for word in said]
    assert all(f"status: {word} (as of 2022-07-01)" in str(event["DESCRIPTION"]) for event, word in zip(events, said))
    flat = csv.DictReader(io.StringIO(invoke(runner, *args, "--format", "csv").stdout.lstrip("\ufeff")))
    assert [row["status"] for row in flat] == [row["status"] for row in rows]


def test_the_exported_workbook_has_no_english_header(runner, data_copy, tmp_path):
    with_one_ledger_report(data_copy)
    target = tmp_path / "p.xlsx"
    assert invoke(runner, "--data", str(data_copy), "export", "-o", str(target)).exit_code == 0
    book = openpyxl.load_workbook(target)
    chinese = set(HEADER_IN_CHINESE.values())
    for sheet in book.worksheets:
        assert {cell.value for cell in sheet[1]} <= chinese, sheet.title
    assert {"概览", "方案", "时间节点", "责任单位", "指标", "进展"} <= set(book.sheetnames)
    assert set(SHEET_IN_CHINESE.values()) >= {"概览", "方案", "时间节点", "责任单位", "指标", "进展"}
    progress = book["进展"]
    header = [cell.value for cell in progress[1]]
    assert [row[header.index("状态")] for row in progress.iter_rows(min_row=2, values_only=True)] == ["已完成"]


def test_lang_takes_zh_or_en(runner):
    result = invoke(runner, "plans", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr == "bizenv: error: --lang: 'fr' is not one of zh or en\n"
    assert invoke(runner, "plans", "--lang", "ZH").stdout.splitlines()[1].split()[:2] == ["序号", "标题"]


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_no_two_columns_of_a_listing_share_a_chinese_header(runner, data_copy, name):
    # `due` had 责任单位 twice: `departments` (every body's id) and `responsible` (the bodies
    # listed without a role word): a workbook's reader could not tell which was which.
    plan = str(data_copy / "plans" / "09-paying-taxes.yaml")
    args = [part.format(plan=plan) for part in LISTINGS[name]]
    english = csv_header(invoke(runner, "--data", str(data_copy), *args, "--format", "csv").stdout)
    chinese = csv_header(invoke(runner, "--data", str(data_copy), *args, "--format", "csv", "--lang", "zh").stdout)
    assert len(set(chinese)) == len(chinese) == len(set(english)), (name, chinese)


def test_a_department_sheet_says_what_its_columns_hold(runner, tmp_path):
    # The `group` column says whether a body is a collective (是/否), not what it belongs to; the
    # export's per-role columns are counts of measures, as the `departments` listing heads them.
    listing, export = tmp_path / "d.xlsx", tmp_path / "p.xlsx"
    assert invoke(runner, "departments", "-o", str(listing)).exit_code == 0
    assert invoke(runner, "export", "-o", str(export), "--as-of", "2022-07-01").exit_code == 0
    for sheet in (openpyxl.load_workbook(listing).active, openpyxl.load_workbook(export)["责任单位"]):
        header = [cell.value for cell in sheet[1]]
        assert "所属" not in header and "是否统称" in header
        assert {"牵头措施数", "配合措施数", "负责落实措施数", "责任单位措施数"} <= set(header), header
        assert "牵头单位" not in header
        rows = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert rows["county-governments"]["是否统称"] == "是" and rows["tax"]["是否统称"] == "否"
        assert int(rows["tax"]["配合措施数"]) == 5


@pytest.mark.parametrize("listing", [["measures", "--dept", "市税务局"], ["due", "--by", "2022-06", "--as-of", "2022-07-01"],
                                     ["gaps", "--plan", "9"], ["plans"]])
def test_a_workbook_names_the_bodies_a_script_gets_as_ids(runner, tmp_path, listing):
    # `measures -o F.xlsx` headed 牵头单位 over `market-regulation`: an office reads names, as the
    # export's sheets show them; CSV and JSON (English) keep the ids for scripts.
    names = {row["id"]: row["name"] for row in json.loads(invoke(runner, "departments", "--format", "json").stdout)}
    target = tmp_path / "listing.xlsx"
    assert invoke(runner, *listing, "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    english = list(csv.DictReader(io.StringIO(invoke(runner, *listing, "--format", "csv").stdout.lstrip("\ufeff"))))
    columns = {"responsible.lead": "牵头单位", "responsible.support": "配合单位", "responsible.responsible": "责任单位",
               "departments": "涉及单位", "lead": "牵头单位"}
    checked = 0
    for row, cells in zip(english, sheet.iter_rows(min_row=2, values_only=True)):
        for key, chinese in columns.items():
            if key not in row or chinese not in header or (listing[0] == "due" and key == "lead"):
                continue  # due's `lead` holds the names as printed already
            if listing[0] == "plans" and key == "lead" and row["top_leads"] and not row["lead"]:
                continue  # a tie, which the workbook says in words (test_outputs_export.py)
            ids = [part for part in row[key].split(", ") if part]
            assert all(part in names for part in ids), (key, ids)
            # In Chinese a list is joined by 、 (model/wording.LIST_SEPARATOR), in English by a comma.
            assert (cells[header.index(chinese)] or "") == "、".join(names[part] for part in ids), \
                (key, row["id"] if "id" in row else row)
            checked += bool(ids)
    assert checked


# --- Every word a file in Chinese shows is Chinese, or data -------------------------------------

# Runs in Chinese beyond LISTINGS: every kind of item `show` prints, the whole of `gaps` (every
# change target and every reason a gap has no figure), the counts of bodies by status, a diff
# that finds changes ({changed}: a changed copy of plan 9).
MORE_LISTINGS = {
    "show plan": ["show", "13"],
    "show goals indicator": ["show", "13.i1"],
    "show section": ["show", "01.s5"],
    "show table": ["show", "09.t1"],
    "show no deadline": ["show", "02.04"],
    "gaps, all": ["gaps"],
    "departments by status": ["departments", "--as-of", "2022-07-01"],
    "measures, all": ["measures"],
    "diff with changes": ["diff", "{plan}", "{changed}"],
}

def markdown_as_text(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text.replace("<br>", "\n")))


def changed_plan_9(folder) -> str:
    """A copy of plan 9 in which 09.01's body leads, 09.02's first milestone moves a month and
    09.i1's direction flips: a diff of each kind of value the tool words."""
    text = (DATA / "plans" / "09-paying-taxes.yaml").read_text(encoding="utf-8")
    changed = (text.replace("role: responsible", "role: lead", 1).replace("2022-06-30", "2022-07-31", 1)
               .replace("direction: lower", "direction: higher", 1))
    assert changed != text
    target = folder / "09-changed.yaml"
    target.write_text(changed, encoding="utf-8")
    return str(target)


@pytest.mark.parametrize("ledger", [False, True], ids=["no ledger", "a ledger"])
def test_a_listing_in_chinese_shows_no_english_word_but_data(runner, data_copy, tmp_path, ledger):
    # `show 13.i1 --lang zh` left `origin`, `direction_why` and `targets[0].by` English, with
    # `lower` and `goals` beside them; `measures` said `lead:` and `ongoing`; `gaps`' CSV kept
    # `year-on-year` and every `to_target_why`; titles, `progress`' short headers, `diff`'s kinds...
    if ledger:
        with_one_ledger_report(data_copy)
    plan = str(data_copy / "plans" / "09-paying-taxes.yaml")
    changed = changed_plan_9(tmp_path)
    # Data every listing may show: the bodies' ids (`responsible[tax]`), the package and its folder.
    registry = data_strings(json.loads(invoke(runner, "--data", str(data_copy), "departments", "--format", "json").stdout))
    package = {"pingdingshan-2022", str(data_copy)}
    found = {}
    for name, listing in {**LISTINGS, **MORE_LISTINGS}.items():
        args = ["--data", str(data_copy), *(part.format(plan=plan, changed=changed) for part in listing)]
        rows = json.loads(invoke(runner, *args, "--format", "json").stdout or "[]")
        data = data_strings(rows) | registry | package
        cut = set(ENGLISH_WORD.findall(" ".join(raw_strings(rows))))
        for output_format in ("table", "csv", "tsv", "md"):
            text = invoke(runner, "--width", "1000", *args, "--format", output_format, "--lang", "zh").stdout
            text = markdown_as_text(text) if output_format == "md" else text
            left = english_words(text, data, cut if output_format == "table" and "…" in text else set())
            if left:
                found[name, output_format] = left
        target = tmp_path / "listing.xlsx"
        assert invoke(runner, *args, "-o", str(target)).exit_code in (0, 1), name  # diff: 1, it found changes
        book = openpyxl.load_workbook(target)
        cells = "\n".join(str(cell) for row in book.active.iter_rows(values_only=True) for cell in row if cell)
        if english_words(cells + "\n" + (book.properties.title or ""), data):
            found[name, "xlsx"] = english_words(cells + "\n" + (book.properties.title or ""), data)
    assert not found, "\n".join(f"{name} {words}" for name, words in found.items())


@pytest.mark.parametrize("name", sorted({**LISTINGS, **MORE_LISTINGS}))
def test_json_is_the_same_whatever_lang_says(runner, data_copy, tmp_path, name):
    plan = str(data_copy / "plans" / "09-paying-taxes.yaml")
    args = ["--data", str(data_copy), *(part.format(plan=plan, changed=changed_plan_9(tmp_path))
                                        for part in {**LISTINGS, **MORE_LISTINGS}[name]), "--format", "json"]
    english = invoke(runner, *args).stdout
    assert english and invoke(runner, *args, "--lang", "zh").stdout == english


def test_show_in_chinese_names_each_field_and_says_each_value(runner):
    def fields(item: str) -> dict:
        text = invoke(runner, "show", item, "--as-of", "2022-07-01", "--format", "csv", "--lang", "zh").stdout
        return {row["字段"]: row["数值"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}

    measure, indicator, plan = fields("09.02"), fields("13.i1"), fields("13")
    # 09.02: 新华区税务局、郏县税务局…2022年6月底前见成效 is a day overdue on 2022-07-01.
    assert measure["状态截至"] == "2022-07-01"
    assert measure["时间节点"].startswith("2022-06-30  已逾期（-1 天）  新华区税务局")
    assert measure["责任单位及职责"] == "责任单位：市税务局 (tax)"
    # 13.i1: 解决商业纠纷平均用时, 155天以下 by June 2022, read from the goals paragraph (line 1761).
    assert indicator["方向"] == "越低越好" and indicator["来源"] == "工作目标"
    assert indicator["目标（1）·期限"] == "2022-06" and indicator["年末目标·原文"] == "155天以下"
    assert indicator["涉及单位"] == "市中级人民法院" and indicator["距目标无值原因"] == "未列基期值"
    assert indicator["方向依据"] == "Less time to resolve a commercial dispute is better."  # data: as written
    assert plan["评价指标领域"] == "Enforcing contracts" and plan["原文行号"] == "1750–1946"
    assert plan["措施（15 项）"].startswith("13.01  畅通审判执行案件立案渠道")
    english = invoke(runner, "show", "13", "--format", "csv").stdout
    assert "measures (15)" in english and "indicator_area" in english  # English keeps its words


def test_a_measures_table_in_chinese_says_the_roles_in_chinese(runner):
    # 09.07 is led by 市税务局 with 市财政局 in support: the table labelled them `lead:` and `support:`.
    ids = {row["id"]: row for row in json.loads(invoke(runner, "measures", "--format", "json").stdout)}
    labelled = [i for i, row in ids.items() if row["responsible"]["lead"] and row["responsible"]["support"]]
    chinese = invoke(runner, "measures", "--width", "200", "--lang", "zh").stdout
    english = invoke(runner, "measures", "--width", "200").stdout
    assert labelled and "牵头：" in chinese and "配合：" in chinese
    assert "lead:" not in chinese and "support:" not in chinese and "ongoing" not in chinese
    assert "lead:" in english and "ongoing" in english


def test_gaps_in_chinese_say_a_change_and_why_a_gap_has_no_figure(runner):
    def rows(*lang: str) -> list[dict]:
        text = invoke(runner, "gaps", "--format", "csv", *lang).stdout
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    english, chinese = rows(), rows("--lang", "zh")
    by_id = {row["id"]: row for row in english}
    for row in chinese:
        source = by_id[row["编号"]]
        assert row["目标变化口径"] == {"": "", "year-on-year": "同比", "from-baseline": "较基期",
                                   "unstated": "未说明依据"}[source["target.change"]]
        assert row["是否改善"] == {"": "", "yes": "是", "no": "否"}[source["improving"]]
        assert row["方向"] == {"": "", "lower": "越低越好", "higher": "越高越好"}[source["direction"]]
        assert bool(row["距目标无值原因"]) == bool(source["to_target_why"])
        assert not ENGLISH_WORD.search(row["距目标无值原因"] + row["涉及单位来源"])
    # 09.i1 (同比压缩0.25次) has no printed baseline to apply the change to.
    assert {row["编号"]: row for row in chinese}["09.i1"]["距目标无值原因"] == \
        "目标为变化量（同比 -0.25 次），未列基期值，无法算出目标水平"
    assert by_id["09.i1"]["to_target_why"] == \
        "the target is a change (-0.25 次 year on year) and no baseline is printed to apply it to"


def test_a_count_by_status_is_headed_by_its_status(runner):
    # `departments --as-of` counted the milestones due within 30 days under 应完成 (the scorecard's
    # "due by the day"), and the total under `total`.
    table = invoke(runner, "departments", "--as-of", "2022-07-01", "--lang", "zh", "--width", "200").stdout
    assert table.splitlines()[1].split() == ["名称", "编号", "已逾期", "临近到期", "未到期", "时间节点合计"]
    scorecard = invoke(runner, "progress", "--as-of", "2022-07-01", "--lang", "zh", "--width", "200").stdout
    assert scorecard.splitlines()[1].split()[:3] == ["方案", "应完成", "已完成"]
    assert scorecard.splitlines()[-1].split()[0] == "合计"


def test_every_phrase_the_code_writes_has_its_chinese():
    # A Phrase's template is a literal, so that this finds each one (model/wording.Phrase).
    missing, not_literal = [], []
    for path in (REPO / "src" / "bizenv_cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Phrase":
                template = node.args[0] if node.args else None
                if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
                    not_literal.append(f"{path.name}:{node.lineno}")
                elif template.value not in PHRASE_IN_CHINESE:
                    missing.append(template.value)
    assert not missing and not not_literal, (missing, not_literal)
    # Each Chinese takes the values its English names, and no other.
    for english, chinese in PHRASE_IN_CHINESE.items():
        assert set(re.findall(r"\{(\w+)", english)) == set(re.findall(r"\{(\w+)", chinese)), english


def test_a_kind_two_sets_share_is_one_word():
    # One `kind` table serves a body's, a section's, a table's and a change's kind.
    sets = (DEPARTMENT_KIND_IN_CHINESE, SECTION_KIND_IN_CHINESE, TABLE_KIND_IN_CHINESE, FINDING_KIND_IN_CHINESE)
    for first in sets:
        for second in sets:
            assert all(first[word] == second[word] for word in set(first) & set(second))
    from bizenv_cli.diff.ledger import KINDS as LEDGER_KINDS
    from bizenv_cli.diff.plan.kinds import KINDS

    assert set(KINDS) | set(LEDGER_KINDS) == set(FINDING_KIND_IN_CHINESE)


def test_the_tables_bodies_are_joined_as_the_listings_language_joins_a_list(runner):
    # A measure's bodies are a line composed around each role's list (配合：a、b): in a Chinese
    # table the list is joined by 、, as every list of a Chinese listing is, and in English by a comma.
    def lines_of(*language: str) -> list[str]:
        table = invoke(runner, "measures", "--plan", "1", "--width", "200", *language).stdout
        return [line.strip() for line in table.splitlines()[3:5]]

    assert lines_of("--lang", "zh")[1] == "配合：各县（市、区）人民政府、市直相关部门"
    assert lines_of()[1] == "support:各县（市、区）人民政府, 市直相关部门"
