"""Every listing as an Excel workbook, read back by openpyxl as Excel would show it: ids stay text,
dates are dates, the header is bold, frozen and filtered, Chinese columns are wide enough."""

import csv
import io
import json
from datetime import datetime

import openpyxl
import pytest

from bizenv_cli.outputs.formats import NotWritable, OutputFormat, format_of
from bizenv_cli.outputs.render import Column, Listing
from bizenv_cli.outputs.words import HEADER_IN_CHINESE, SHEET_IN_CHINESE
from bizenv_cli.outputs.xlsx import display_width, listing_workbook, sheet_name, sheet_value

from conftest import invoke, with_one_ledger_report
from listings import LISTINGS as TEXT_LISTINGS

# The listings the text formats are tested on, and the ledger's scorecard.
LISTINGS = {**TEXT_LISTINGS, "progress": ["progress", "--as-of", "2022-07-01"]}


def read_back(path):
    workbook = openpyxl.load_workbook(path)
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("command", sorted(LISTINGS))
def test_every_listing_writes_a_workbook_with_its_flat_columns(runner, tmp_path, command, language):
    target = tmp_path / f"{command}.xlsx"
    # A workbook is for an office: Chinese unless --lang en says otherwise.
    chosen = ["--lang", "en"] if language == "en" else []
    result = invoke(runner, *LISTINGS[command], *chosen, "-o", str(target))
    assert result.exit_code == 0, result.output
    csv_text = invoke(runner, *LISTINGS[command], "--format", "csv").stdout
    csv_header = csv_text.lstrip("\ufeff").splitlines()[0].split(",")
    sheet = read_back(target)
    assert sheet.title == (SHEET_IN_CHINESE[command] if language == "zh" else command)
    # The last line (after a note such as `due`'s on the measures with no 时间节点).
    assert result.stderr.splitlines()[-1].startswith("wrote ") and f"to {target} (xlsx)" in result.stderr
    header = [cell.value for cell in sheet[1]]
    # The sheet's columns are the flat formats' columns, each named in Chinese by default.
    assert header == ([HEADER_IN_CHINESE[name] for name in csv_header] if language == "zh" else csv_header)
    # Two columns under one name could not be told apart (nor filtered, nor read back by name).
    assert len(set(header)) == len(header), sorted(name for name in header if header.count(name) > 1)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{sheet.max_row}"
    rows = json.loads(invoke(runner, *LISTINGS[command], "--format", "json").stdout)
    assert sheet.max_row == len(rows) + 1


def test_measure_ids_stay_text_and_milestone_dates_are_dates(runner, tmp_path):
    target = tmp_path / "due.xlsx"
    assert invoke(runner, "due", "--plan", "9", "--as-of", "2022-05-15", "-o", str(target)).exit_code == 0
    sheet = read_back(target)
    header = [cell.value for cell in sheet[1]]
    ids = [row[header.index("措施")] for row in sheet.iter_rows(min_row=2)]
    dates = [row[header.index("时间节点")] for row in sheet.iter_rows(min_row=2)]
    assert "09.10" in [cell.value for cell in ids]  # not the number 9.1
    assert all(cell.data_type == "s" and cell.number_format == "@" for cell in ids)
    assert all(cell.is_date and isinstance(cell.value, datetime) for cell in dates)
    due = json.loads(invoke(runner, "due", "--plan", "9", "--as-of", "2022-05-15", "--format", "json").stdout)
    assert [cell.value.date().isoformat() for cell in dates] == [row["date"] for row in due]


def test_chinese_columns_are_wide_and_long_text_wraps(runner, tmp_path):
    target = tmp_path / "plans.xlsx"
    assert invoke(runner, "plans", "--lang", "en", "-o", str(target)).exit_code == 0
    sheet = read_back(target)
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(1, header.index("title") + 1).column_letter
    titles = [row[header.index("title")].value or "" for row in sheet.iter_rows(min_row=2)]
    widest = max(display_width(text) for text in titles)
    # Counted in cells, a CJK character being two: len() would give half of that.
    assert sheet.column_dimensions[title].width >= min(widest, 60)
    target = tmp_path / "measures.xlsx"
    assert invoke(runner, "measures", "--plan", "2", "--lang", "en", "-o", str(target)).exit_code == 0
    sheet = read_back(target)
    header = [cell.value for cell in sheet[1]]
    responsible = sheet.cell(1, header.index("responsible.raw") + 1).column_letter
    long_cells = [row[header.index("responsible.raw")] for row in sheet.iter_rows(min_row=2)
                  if display_width(row[header.index("responsible.raw")].value or "") > 60]
    assert long_cells and all(cell.alignment.wrap_text for cell in long_cells)
    assert sheet.column_dimensions[responsible].width <= 62


def test_a_cell_that_looks_like_a_formula_stays_text(tmp_path):
    columns = [Column("id", lambda row: row["id"]), Column("text", lambda row: row["text"]),
               Column("n", lambda row: row["n"]), Column("view", lambda row: row["view"], only="table")]
    rows = [{"id": "09.10", "text": '=HYPERLINK("http://x")', "n": -2, "view": "x"},
            {"id": "001", "text": "a\x01b", "n": 1.5, "view": "y"}]
    target = tmp_path / "x.xlsx"
    target.write_bytes(listing_workbook(Listing(rows, columns, "t")))
    sheet = read_back(target)
    assert [cell.value for cell in sheet[1]] == ["id", "text", "n"]  # the table-only column is not a sheet column
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["09.10", '=HYPERLINK("http://x")', -2], ["001", "a b", 1.5]]
    assert sheet["B2"].data_type == "s"


def test_the_registry_writes_xlsx_bytes_and_refuses_a_calendar_without_the_package():
    written = format_of(OutputFormat.xlsx).write(Listing([{"a": 1}], [Column("a", lambda row: row["a"])]))
    assert written.content[:2] == b"PK" and written.count == "1 row"  # a zip, as every .xlsx is
    with pytest.raises(NotWritable, match="only `bizenv due` writes a calendar"):
        format_of(OutputFormat.ics).write(Listing([], []))


def test_helpers():
    assert display_width("平顶山 ab（）") == 6 + 1 + 2 + 4
    assert sheet_value("2022-06-30").isoformat() == "2022-06-30"
    assert sheet_value("2022-13-01") == "2022-13-01"
    assert sheet_value(["tax", "finance"]) == "tax, finance"
    assert sheet_value("09.10") == "09.10"
    assert sheet_name("a/b:c", ["a b c"]) == "a b c (2)"
    assert len(sheet_name("长" * 40)) == 31


def test_xlsx_needs_a_file(runner):
    result = invoke(runner, "plans", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("bizenv: error: --format xlsx: a workbook is a file, not text for a terminal; "
                                     "give -o FILE.xlsx")


def test_a_file_that_cannot_be_written_is_an_io_failure(runner, tmp_path):
    # As for every -o (exit 3: the environment failed, not the command).
    target = tmp_path / "no" / "such" / "x.xlsx"
    result = invoke(runner, "plans", "-o", str(target))
    assert result.exit_code == 3
    assert result.stderr == f"bizenv: error: -o: could not write {target}: No such file or directory\n"


@pytest.mark.parametrize("args, name", [(["plans"], "x.xlsx"), (["export"], "x.sqlite"), (["report"], "x.html"),
                                        (["due"], "x.ics")])
def test_no_file_is_written_into_the_package(runner, args, name):
    from conftest import DATA

    target = DATA / "plans" / name
    result = invoke(runner, *args, "-o", str(target))
    assert result.exit_code == 2 and "is a data file of the package in use" in result.stderr
    assert not target.exists()


def test_a_milestone_of_a_measure_without_a_title_says_what_is_due(runner, tmp_path):
    # 03.10, 03.11, 03.12 (and 22.*, 26.*, 28.*: 32 measures) print no heading sentence: their
    # `due` rows in CSV and in a workbook, and in the export's milestones sheet, had an empty 标题
    # and nothing else saying what is due. The measure's text is there now, as JSON has it.
    rows = json.loads(invoke(runner, "due", "--in", "2022-06", "--as-of", "2022-06-01", "--format", "json").stdout)
    untitled = {row["measure"]: row["text"] for row in rows if not row["title"]}
    assert {"03.10", "03.11", "03.12"} <= set(untitled)
    flat = list(csv.DictReader(io.StringIO(invoke(runner, "due", "--in", "2022-06", "--as-of", "2022-06-01",
                                                  "--format", "csv").stdout.lstrip("\ufeff"))))
    assert {row["measure"]: row["text"] for row in flat if row["measure"] in untitled} == untitled
    listing, export = tmp_path / "due.xlsx", tmp_path / "package.xlsx"
    assert invoke(runner, "due", "--in", "2022-06", "--as-of", "2022-06-01", "-o", str(listing)).exit_code == 0
    assert invoke(runner, "export", "--as-of", "2022-06-01", "-o", str(export)).exit_code == 0
    for sheet in (openpyxl.load_workbook(listing).active, openpyxl.load_workbook(export)["时间节点"]):
        header = [cell.value for cell in sheet[1]]
        texts = {row[header.index("措施")]: row[header.index("内容")] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert {measure: texts[measure] for measure in untitled} == untitled


def test_text_past_excels_cell_limit_is_cut_where_the_cell_says_so(tmp_path):
    # openpyxl cuts a text at 32,767 characters without a word; Excel counts UTF-16 units, so a
    # character outside the BMP (𠀀, CJK extension B) is two of them.
    long_note, astral = "长" * 40_000, "𠀀" * 20_000
    columns = [Column("note", lambda row: row["note"])]
    target = tmp_path / "x.xlsx"
    target.write_bytes(listing_workbook(Listing([{"note": long_note}, {"note": astral}, {"note": "长" * 32_767}],
                                                columns, "t")))
    cut, cut_astral, whole = (cell.value for cell in read_back(target)["A"][1:])
    assert cut == "长" * 32_766 + "…"
    assert cut_astral == "𠀀" * 16_383 + "…"
    assert sum(2 if ord(char) > 0xFFFF else 1 for char in cut_astral) <= 32_767
    assert whole == "长" * 32_767


def test_a_ledger_note_past_the_limit_shows_it_was_cut_in_the_workbooks(run, tmp_path):
    note = "长" * 40_000
    assert run("record", "17.06", "--as-of", "2022-06-30", "--by", "gov-services-bigdata",
               "--status", "in-progress", "--note", note).exit_code == 0
    for args in (["export", "--as-of", "2022-07-01"], ["due", "--as-of", "2022-07-01"]):
        target = tmp_path / f"{args[0]}.xlsx"
        assert run(*args, "-o", str(target)).exit_code == 0
        cells = [cell.value for sheet in openpyxl.load_workbook(target).worksheets
                 for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and "长长" in cell.value]
        assert cells and all(cell == "长" * 32_766 + "…" for cell in cells), args


def test_a_yes_or_no_is_a_word_in_an_english_workbook_as_in_a_chinese_one(run, tmp_path):
    # A boolean cell would read TRUE/FALSE beside the CSV's yes/no, and LibreOffice saves it back
    # as a formula (=FALSE()).
    for args, sheet_title, header in ((["departments"], "departments", "group"),
                                      (["export"], "summary", None)):
        target = tmp_path / f"{args[0]}.xlsx"
        assert run(*args, "--lang", "en", "-o", str(target)).exit_code == 0
        workbook = openpyxl.load_workbook(target)
        values = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows(min_row=2) for cell in row]
        assert not any(isinstance(value, bool) for value in values), args
        if header:
            sheet = workbook[sheet_title]
            column = [cell.value for cell in sheet[1]].index(header)
            assert {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"yes", "no"}


@pytest.mark.parametrize("command", sorted(LISTINGS))
def test_with_a_ledger_every_listings_chinese_columns_have_names_of_their_own(run, data_copy, tmp_path, command):
    # `due` had 报送截至日期 twice: over the latest report's as_of and over `reported`, the as_of of
    # the report the status rests on, which can differ.
    with_one_ledger_report(data_copy)
    target = tmp_path / f"{command}.xlsx"
    assert run(*LISTINGS[command], "-o", str(target)).exit_code == 0
    header = [cell.value for cell in read_back(target)[1]]
    assert len(set(header)) == len(header), sorted({name for name in header if header.count(name) > 1})
