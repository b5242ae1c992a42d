"""The language of the files people open (issue 20): workbooks and the report in Chinese unless
`--lang en`; the table, CSV, TSV and Markdown in English unless `--lang zh`; JSON always English.
Every header any listing or the export can show has its Chinese name (outputs/words.py)."""

import csv
import io
import json

import openpyxl
import pytest

from bizenv_cli.model.status_words import STATUS_IN_CHINESE
from bizenv_cli.outputs.words import HEADER_IN_CHINESE, SHEET_IN_CHINESE

from conftest import cli_commands, invoke, with_one_ledger_report

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
    assert result.stderr == "bizenv: error: --lang: 'fr' is not one of 'zh', 'en'\n"
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
            ids = [part for part in row[key].split(", ") if part]
            assert all(part in names for part in ids), (key, ids)
            # In Chinese a list is joined by 、 (model/wording.LIST_SEPARATOR), in English by a comma.
            assert (cells[header.index(chinese)] or "") == "、".join(names[part] for part in ids), \
                (key, row["id"] if "id" in row else row)
            checked += bool(ids)
    assert checked
