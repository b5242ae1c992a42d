"""A cell of a filled-in template is read as the person who typed it sees it: what the import
records is what the sheet shows, whatever the spreadsheet program stored underneath."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import bizenv_cli as bizenv
from bizenv_cli.ledger.record import RecordError
from template_tables import csv_bytes, csv_parts, header_row

JUNE = "2022-06-30"


def xlsx_template(data: Path, folder: Path) -> Path:
    path = folder / "tax-2022-06-30.xlsx"
    path.write_bytes(bizenv.ledger_template(data, "tax", as_of=JUNE))
    return path


def typed(path: Path, item: str, column: str, value, number_format: str | None = None) -> Path:
    """`value` typed into `column` of the row of `item`, the cell formatted as `number_format`."""
    book = load_workbook(path)
    sheet = book.active
    at = header_row(sheet)
    header = [cell.value for cell in sheet[at]]
    row = next(row for row in sheet.iter_rows(min_row=at + 1) if row[0].value == item)
    cell = row[header.index(column)]
    cell.value = value
    if number_format:
        cell.number_format = number_format
    book.save(path)
    return path


def refusals(data: Path, sheet: Path) -> list[str]:
    """What the import of `sheet` refuses, each problem without the file and row that lead it."""
    with pytest.raises(RecordError) as refused:
        bizenv.import_sheet(data, sheet, dry_run=True)
    return [problem.split(" ", 1)[1] for problem in refused.value.problems]


def imported_actuals(data: Path, sheet: Path) -> dict[str, tuple]:
    result = bizenv.import_sheet(data, sheet, dry_run=True)
    return {entry["indicator"]: (entry["raw"], entry["value"]) for entry in result.change.after["actuals"]}


def test_a_percentage_typed_into_a_number_cell_is_the_percentage_not_its_fraction(data_copy, tmp_path):
    # 60% typed where the cell is not text (a CSV template opened and saved as .xlsx) is stored as
    # 0.6 shown as 60%: against 09.i11's target of 60%, 0.6 would be a hundredfold miss.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.i11", "实际值", 0.6, "0%")
    sheet = typed(sheet, "09.i12", "实际值", 0.855, "0.0%")
    assert imported_actuals(data_copy, sheet) == {"09.i11": ("60%", 60), "09.i12": ("85.5%", 85.5)}


def test_a_number_in_a_cell_that_only_prints_a_percent_sign_is_the_number(data_copy, tmp_path):
    # A quoted "%" is text the format prints, not the hundredfold of a percentage: 58%, as shown.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.i11", "实际值", 58, '0"%"')
    assert imported_actuals(data_copy, sheet) == {"09.i11": ("58%", 58)}


def test_a_number_whose_cell_format_prints_a_unit_is_read_with_it(data_copy, tmp_path):
    # A custom format (自定义格式 0.0天) shows 66.5天 where the cell stores 66.5: read as the number
    # alone, it had been recorded on 09.i15 (纳税时间, in 小时) as 66.5 hours.
    template = xlsx_template(data_copy, tmp_path)
    sheet = typed(template, "09.i15", "实际值", 66.5, '0.0"天"')
    assert refusals(data_copy, sheet) == [
        "实际值: '66.5天' is written in 天, but 09.i15 (纳税时间（小时）) is measured in 小时; bizenv converts no "
        "unit: write the value in 小时, or the figure alone"]
    # Its own unit, escaped or in a colour, with text before the number, and a negative number's section.
    sheet = typed(template, "09.i15", "实际值", 66.5, '[Red]0.0\\小时;-0.0"小时"')
    sheet = typed(sheet, "09.i16", "实际值", 44.1, '"约"0.0"%"')
    sheet = typed(sheet, "09.i2", "实际值", -5, '0"%";"同比压缩"0"%"')
    assert imported_actuals(data_copy, sheet) == {"09.i15": ("66.5小时", 66.5), "09.i16": ("约44.1%", 44.1),
                                                  "09.i2": ("同比压缩-5%", None)}


def test_a_csv_template_carried_back_unchanged_changes_nothing_though_its_words_look_like_formulas(
        data_copy, tmp_path):
    # The CSV writer guards "-5%" and "=..." with an apostrophe against Excel's formulas; read
    # back as part of the text, every round trip would add it to the report's raw and evidence.
    bizenv.record(data_copy, "09.i2", as_of=JUNE, department="tax", actual="-5%", evidence="-较去年同期压缩")
    bizenv.record(data_copy, "09.08#1", as_of=JUNE, department="tax", status="in-progress",
                  evidence="=一件事一次办 +2项")
    sheet = tmp_path / "tax-2022-06-30.csv"
    sheet.write_text(bizenv.ledger_template(data_copy, "tax", as_of=JUNE, suffix=".csv"), encoding="utf-8")
    assert "'-5%" in sheet.read_text(encoding="utf-8")  # the guard is there, as Excel needs it
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert result.change.after == result.change.before


def test_every_text_the_csv_writer_guards_reads_back_as_it_was():
    from bizenv_cli.files.formula_guard import FORMULA_START, guarded
    from bizenv_cli.ledger.spreadsheet import _text

    for start in FORMULA_START:
        words = f"{start}进展"
        assert guarded(words) != words
        assert _text(guarded(words)) == words
    assert _text("'引号开头") == "'引号开头"
    # Words of one's own that start as a guarded text does come back as they were, too.
    for words in ("'=进展", "''=进展", "'-5%", "'@x"):
        assert guarded(words) == "'" + words
        assert _text(guarded(words)) == words


def test_words_that_start_with_an_apostrophe_and_a_formula_sign_survive_the_template(data_copy, tmp_path):
    # The template guards them with a second apostrophe, which the import takes off again.
    bizenv.record(data_copy, "09.08#1", as_of=JUNE, department="tax", status="in-progress", evidence="'=一件事一次办")
    csv_sheet = tmp_path / "tax-2022-06-30.csv"
    csv_sheet.write_text(bizenv.ledger_template(data_copy, "tax", as_of=JUNE, suffix=".csv"), encoding="utf-8")
    assert "''=一件事一次办" in csv_sheet.read_text(encoding="utf-8")
    for sheet in (csv_sheet, xlsx_template(data_copy, tmp_path)):
        result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
        assert result.change.after == result.change.before, sheet.suffix


def test_words_recorded_with_spaces_around_them_come_back_from_the_template_unchanged(data_copy, tmp_path):
    # The import reads a cell's words without the spaces around them; record keeps them alike, or
    # the template of the same day, imported as it is, would change the report.
    bizenv.record(data_copy, "07.02", as_of=JUNE, department="tax", status="in-progress", evidence="  前后空格 \n")
    before = (data_copy / "progress" / "2022-06" / "tax-2022-06-30.yaml").read_text(encoding="utf-8")
    assert "evidence: 前后空格\n" in before
    result = bizenv.import_sheet(data_copy, xlsx_template(data_copy, tmp_path), dry_run=True)
    assert result.change.after == result.change.before


def merged(path: Path, first: str, last: str, column: str, value=None) -> Path:
    """The cells of `column` from the row of `first` to that of `last` merged, as a person merges
    two rows that say the same; `value` typed into the merged cell."""
    book = load_workbook(path)
    sheet = book.active
    at = header_row(sheet)
    header = [cell.value for cell in sheet[at]]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=at + 1)}
    letter = sheet.cell(at, header.index(column) + 1).column_letter
    if value is not None:
        sheet[f"{letter}{rows[first]}"] = value
    sheet.merge_cells(f"{letter}{rows[first]}:{letter}{rows[last]}")
    book.save(path)
    return path


def test_a_filled_in_cell_merged_across_rows_is_refused_naming_it(data_copy, tmp_path):
    # The file holds a merged cell's value in its first row only: 09.02#2, which shows 推进中 too,
    # would have reported nothing, and the import said nothing of it.
    sheet = merged(xlsx_template(data_copy, tmp_path), "09.02#1", "09.02#2", "状态", "推进中")
    with pytest.raises(RecordError) as refused:
        bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert any("状态: merged across rows" in problem and "unmerge it and fill in each row" in problem
               for problem in refused.value.problems)


def test_an_id_merged_across_rows_is_named_merged_not_empty(data_copy, tmp_path):
    # 09.02#2's row shows 09.02#1 in the merged cell; it had been called `编号: empty`, which the
    # person looking at the sheet sees is not so.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#2", "状态", "推进中")
    sheet = merged(sheet, "09.02#1", "09.02#2", "编号")
    assert refusals(data_copy, sheet) == [
        "编号: merged across rows 32 to 33 (A32:A33); a merged cell holds its value in its first row only: unmerge "
        "it and write each row's id"]


def test_a_blank_cell_merged_across_rows_reports_nothing_and_is_no_problem(data_copy, tmp_path):
    sheet = merged(xlsx_template(data_copy, tmp_path), "09.02#1", "09.02#2", "进展情况")
    sheet = typed(sheet, "09.08#1", "状态", "推进中")
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [entry["measure"] for entry in result.change.after["updates"]] == ["09.08"]


def test_a_header_cell_merged_down_into_the_first_row_is_no_report_merged_across_rows(data_copy, tmp_path):
    # A header made two rows tall by merging its cells down: the merged cell holds the column's
    # name, which no row reports, and the row under it shows that name, not a report. It had been
    # refused as a filled-in cell merged across rows, once per column merged so.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.08#1", "状态", "推进中")
    book = load_workbook(sheet)
    at = header_row(book.active)
    for cell in book.active[at]:
        if cell.value in ("状态", "进展情况"):
            book.active.merge_cells(f"{cell.column_letter}{at}:{cell.column_letter}{at + 1}")
    book.save(sheet)
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [entry["measure"] for entry in result.change.after["updates"]] == ["09.08"]


def test_a_note_merged_across_the_sheet_below_the_table_is_no_report_merged_across_rows(data_copy, tmp_path):
    # A remark typed under the table in one cell merged over every column and two rows (填表说明, as
    # offices lay them out): its text is in the first column, not in one a body fills in, and the
    # rows it spans report nothing. It had been refused as a filled-in cell merged across rows.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.08#1", "状态", "推进中")
    book = load_workbook(sheet)
    table = book.active
    below = table.max_row + 2
    table.cell(below, 1, "备注：本表由市税务局填报，数据截至6月30日。")
    table.merge_cells(start_row=below, start_column=1, end_row=below + 1, end_column=table.max_column)
    book.save(sheet)
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [entry["measure"] for entry in result.change.after["updates"]] == ["09.08"]


def test_a_number_typed_into_the_date_column_is_refused_not_read_as_a_day_of_1900(data_copy, tmp_path):
    # The template formats 完成日期 as a date, so 20 (the 20th) shows and is read as 1900-01-20.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    sheet = typed(sheet, "09.02#1", "完成日期", 20)
    with pytest.raises(RecordError) as refused:
        bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [problem.split(" ", 1)[1] for problem in refused.value.problems] == [
        "完成日期: 1900-01-20 is not a day of a report (a number typed into a date cell shows as a day of 1900); "
        "write the whole day: 2022-06-20, 2022/6/20 or 2022年6月20日"]



@pytest.mark.parametrize("day", ["1920-01-01", "2150-01-01"])
def test_a_whole_day_typed_into_the_date_column_outside_the_reports_days_is_said_as_a_day(data_copy, tmp_path, day):
    # A day with a wrong year had been told "a number typed into a date cell shows as a day of 2150".
    from datetime import date

    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    assert refusals(data_copy, typed(sheet, "09.02#1", "完成日期", date.fromisoformat(day))) == [
        f"完成日期: {day} is no day a report can hold (they run from 1954-10-03 to 2119-01-11); check the year"]

def stored_as(path: Path, shown: str, stored: str) -> Path:
    """The sheet with the number cell that stores `shown` storing `stored` instead, as Excel stores
    a formula's value with all 17 digits of its binary fraction (openpyxl writes fewer)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet, count = re.subn(rf'(<c r="[A-Z]+\d+"[^>]*t="n"[^>]*><v>){re.escape(shown)}</v>', rf"\g<1>{stored}</v>", sheet)
    assert count == 1
    members["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def test_a_number_is_read_to_the_digits_a_spreadsheet_shows(data_copy, tmp_path):
    # A formula's value is stored as its binary fraction (Excel writes 1.1*3 as 3.3000000000000003);
    # the sheet shows 3.3, and 3.3 is the figure reported.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.i15", "实际值", 3.3, "General")
    sheet = typed(sheet, "09.i11", "实际值", 0.6, "0%")
    sheet = stored_as(stored_as(sheet, "3.3", "3.3000000000000003"), "0.6", "0.6000000000000001")
    assert imported_actuals(data_copy, sheet) == {"09.i15": ("3.3", 3.3), "09.i11": ("60%", 60)}


def test_an_id_typed_in_full_width_forms_is_the_id(data_copy, tmp_path):
    # A Chinese input method in full-width mode types ０９.０２＃１: the sheet refused it as "no
    # measure '０９.０２'", and record wrote it as given, which the schema then refused.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "编号", "０９.０２＃１")
    sheet = typed(sheet, "０９.０２＃１", "状态", "推进中")
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert result.change.after["updates"] == [{"measure": "09.02", "milestone": 1, "status": "in-progress"}]
    change = bizenv.record(data_copy, "０９.ｉ１５", as_of=JUNE, department="tax", actual="66.5")
    assert "indicator: 09.i15\n" in change.content


def test_a_full_width_id_beside_its_own_row_is_the_same_item_twice(data_copy, tmp_path):
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "推进中")
    sheet = typed(sheet, "09.02#2", "编号", "０９.０２＃１")
    sheet = typed(sheet, "０９.０２＃１", "状态", "已取消")
    with pytest.raises(RecordError) as refused:
        bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert any("09.02#1 is also reported in row" in problem for problem in refused.value.problems)


def test_the_template_of_an_actual_measured_on_the_reports_day_imports_leaving_the_file_as_it_is(data_copy, tmp_path):
    # record --on the report's own day had written measured_on, which the import drops (the same
    # day, said by its absence): the file changed though `bizenv diff` saw no change.
    change = bizenv.record(data_copy, "09.i15", as_of=JUNE, department="tax", actual="60小时", on=JUNE)
    before = change.path.read_bytes()
    assert b"measured_on" not in before
    bizenv.import_sheet(data_copy, xlsx_template(data_copy, tmp_path))
    assert change.path.read_bytes() == before


@pytest.mark.parametrize("word", ["推进中", "未启动"])
def test_a_status_typed_into_the_current_status_column_is_refused_not_lost(data_copy, tmp_path, word):
    # 当前状态 shows the day's verdict as the template was made; the import reads 状态. 推进中 and
    # 未启动, which the template never writes there, typed into it had reported nothing, without a word.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.08#1", "当前状态", word)
    with pytest.raises(RecordError) as refused:
        bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [problem.split(" ", 1)[1] for problem in refused.value.problems] == [
        f"当前状态: '{word}' is typed in 当前状态, which shows the status as the template was made and is not read; "
        "write it in 状态"]


def test_the_current_status_the_template_writes_is_no_problem(data_copy, tmp_path):
    bizenv.record(data_copy, "09.02#1", as_of=JUNE, department="tax", status="done", on="2022-06-20")
    bizenv.record(data_copy, "07.02", as_of=JUNE, department="tax", status="in-progress")
    result = bizenv.import_sheet(data_copy, xlsx_template(data_copy, tmp_path), dry_run=True)
    assert result.change.after == result.change.before


def test_a_cell_merged_across_columns_in_one_row_is_no_cell_merged_across_rows(data_copy, tmp_path):
    # 状态 and 完成日期 merged in the row of 09.08#1 (a person widening a cell): the value is in
    # that row, and no other row lost it; only a merge over more than one row is refused.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.08#1", "状态", "推进中")
    book = load_workbook(sheet)
    table = book.active
    at = header_row(table)
    header = [cell.value for cell in table[at]]
    row = next(row for row in table.iter_rows(min_row=at + 1) if row[0].value == "09.08#1")
    first, last = row[header.index("状态")], row[header.index("完成日期")]
    table.merge_cells(f"{first.coordinate}:{last.coordinate}")
    book.save(sheet)
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [(entry["measure"], entry["status"]) for entry in result.change.after["updates"]] == [
        ("09.08", "in-progress")]


def test_a_days_serial_number_is_read_from_1954_10_03_to_2119_01_11_and_no_further():
    # ledger/days.py: SHEET_DAY_COUNTS, 20000 (1954-10-03) to 80000 (2119-01-11), bound every day.
    from datetime import date

    from bizenv_cli.ledger.spreadsheet import _day

    assert (_day(20000), _day(80000), _day("80000")) == (date(1954, 10, 3), date(2119, 1, 11), date(2119, 1, 11))
    assert (_day(date(1954, 10, 3)), _day(date(2119, 1, 11))) == (date(1954, 10, 3), date(2119, 1, 11))
    for outside in (19999, 80001, date(1954, 10, 2), date(2119, 1, 12)):
        with pytest.raises(ValueError):
            _day(outside)


def test_a_yes_in_a_percentage_cell_is_no_percentage(data_copy, tmp_path):
    # TRUE typed into a cell formatted 0% shows TRUE, not 100%: no figure is made of it, and no
    # figure is what 实际值 is for (the row is refused, as a logical value there is).
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.i11", "实际值", True, "0%")
    assert refusals(data_copy, sheet) == [
        "实际值: TRUE is a logical value (TRUE or FALSE), not a value measured; write the value as reported: "
        "66.5, 3个工作日, 98%"]


# --- cells that hold no text: logical values, error values, times ---------------------------------

def imported_updates(data: Path, sheet: Path) -> list[dict]:
    return bizenv.import_sheet(data, sheet, dry_run=True).change.after["updates"]


def test_true_or_false_typed_as_progress_is_the_word_the_sheet_shows(data_copy, tmp_path):
    # Excel, WPS and LibreOffice turn TRUE typed into a cell into a logical value, which openpyxl
    # gives as Python's True: it had been recorded as the evidence 'True', words no one wrote.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "推进中")
    sheet = typed(typed(sheet, "09.02#1", "进展情况", True), "09.08#1", "状态", "未启动")
    sheet = typed(sheet, "09.08#1", "进展情况", False)
    assert [entry["evidence"] for entry in imported_updates(data_copy, sheet)] == ["TRUE", "FALSE"]


@pytest.mark.parametrize(("column", "message"), [
    ("状态", "状态: unknown status 'TRUE'; use 未启动/推进中/已完成/已取消 or not-started/in-progress/done/dropped"),
    ("完成日期", "完成日期: 'TRUE' is not a day; write 2022-06-20, 2022/6/20 or 2022年6月20日"),
])
def test_true_where_a_status_or_a_day_belongs_is_refused_in_the_sheets_word(data_copy, tmp_path, column, message):
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    assert refusals(data_copy, typed(sheet, "09.02#1", column, True)) == [message]


def test_an_error_value_is_refused_never_read_as_words_or_as_zero(data_copy, tmp_path):
    # #DIV/0! had been recorded as the value 0 (the digit in its name), #REF! as the evidence "#REF!".
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.i15", "实际值", "#DIV/0!")  # openpyxl: an error value
    sheet = typed(typed(sheet, "09.02#1", "状态", "推进中"), "09.02#1", "进展情况", "#REF!")
    assert refusals(data_copy, sheet) == [
        "进展情况: shows the error #REF! (a formula that failed, or an error typed); type what the cell should say",
        "实际值: shows the error #DIV/0! (a formula that failed, or an error typed); type what the cell should say"]


def csv_filled(data: Path, folder: Path, filled: dict[str, dict[str, str]]) -> Path:
    """tax's June template as a CSV, the row of each item of `filled` with its cells (column: text)
    typed in."""
    heading, header, rows = csv_parts(bizenv.ledger_template(data, "tax", as_of=JUNE, suffix=".csv")
                                      .encode("utf-8-sig"))
    for item, cells in filled.items():
        row = next(row for row in rows if row[0] == item)
        for column, text in cells.items():
            row[header.index(column)] = text
    sheet = folder / "tax-2022-06-30.csv"
    sheet.write_bytes(csv_bytes(heading, [header], rows))
    return sheet


def test_an_error_value_a_csv_was_saved_with_is_refused_too(data_copy, tmp_path):
    # Excel saves an error value into a CSV as its name, LibreOffice as Err:NNN where Excel has none.
    sheet = csv_filled(data_copy, tmp_path, {"09.i15": {"实际值": "#DIV/0!"},
                                             "09.02#1": {"状态": "推进中", "进展情况": "Err:502"}})
    assert refusals(data_copy, sheet) == [
        "进展情况: shows the error Err:502 (a formula that failed, or an error typed); type what the cell should say",
        "实际值: shows the error #DIV/0! (a formula that failed, or an error typed); type what the cell should say"]


@pytest.mark.parametrize("shown", ["TRUE", "FALSE", " true "])
def test_a_logical_value_a_csv_was_saved_with_is_refused_as_in_a_workbook(data_copy, tmp_path, shown):
    # A logical cell saved as CSV holds TRUE, which had imported as the raw 'TRUE' with a null value
    # and a warning, where the .xlsx the CSV was saved from refuses the row.
    sheet = csv_filled(data_copy, tmp_path, {"09.i15": {"实际值": shown}})
    assert refusals(data_copy, sheet) == [
        f"实际值: {shown.strip().upper()} is a logical value (TRUE or FALSE), not a value measured; write the value "
        "as reported: 66.5, 3个工作日, 98%"]


def test_a_time_a_csv_was_saved_with_is_no_value(data_copy, tmp_path):
    # A time cell saved as CSV holds its text (10:30:00 AM), which had been the value 10.
    heading, header, rows = csv_parts(bizenv.ledger_template(data_copy, "tax", as_of=JUNE, suffix=".csv")
                                      .encode("utf-8-sig"))
    row = next(row for row in rows if row[0] == "09.i15")
    row[header.index("实际值")] = "10:30:00 AM"
    sheet = tmp_path / "tax-2022-06-30.csv"
    sheet.write_bytes(csv_bytes(heading, [header], rows))
    result = bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert result.change.after["actuals"] == [{"indicator": "09.i15", "raw": "10:30:00 AM", "value": None}]
    at = len(heading) + 2 + rows.index(row)
    assert result.warnings == [
        f"{sheet}:{at} warning: 实际值: 09.i15: '10:30:00 AM' states no number bizenv can read (it prints a time), so "
        "its value is null and gaps cannot compare it; write the figure in digits (50, 3个工作日, 98%)"]


@pytest.mark.parametrize(("value", "message"), [
    (True, "TRUE is a logical value (TRUE or FALSE), not a value measured; write the value as reported: 66.5, "
           "3个工作日, 98%"),
    (time(5, 0), "shows a time (5:00): the spreadsheet read what was typed as a time; format the cell as text "
                 "(文本) and type the value as reported"),
    (timedelta(hours=66, minutes=30), "shows a time (66:30): the spreadsheet read what was typed as a time; format "
                                      "the cell as text (文本) and type the value as reported"),
    (datetime(2022, 5, 1), "shows a date (2022-05-01): the spreadsheet read what was typed as a date; format the "
                           "cell as text (文本) and type the value as reported"),
])
def test_a_value_the_spreadsheet_made_a_logical_date_or_time_of_is_refused(data_copy, tmp_path, value, message):
    # 5:00 had been the value 5 ('05:00:00'), 66:30 the value 2 ('2 days, 18:30:00'), the date a
    # raw '2022-05-01' that no one typed (Chinese Excel makes a date of 2022年5月).
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.i15", "实际值", value)
    assert refusals(data_copy, sheet) == [f"实际值: {message}"]


def test_a_time_typed_as_progress_reads_as_the_sheet_shows_it(data_copy, tmp_path):
    # A day and hour typed into 进展情况 had lost its hour (2022-06-20); a time alone read 10:30:00.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "推进中")
    sheet = typed(typed(sheet, "09.02#1", "进展情况", datetime(2022, 6, 20, 9, 5)), "09.08#1", "状态", "推进中")
    sheet = typed(sheet, "09.08#1", "进展情况", time(10, 30))
    assert [entry["evidence"] for entry in imported_updates(data_copy, sheet)] == ["2022-06-20 9:05", "10:30"]


def test_a_time_in_the_date_column_is_refused_as_no_day(data_copy, tmp_path):
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    assert refusals(data_copy, typed(sheet, "09.02#1", "完成日期", time(10, 30))) == [
        "完成日期: shows 10:30, a time without a day (so does a number below 1 typed into a date cell); write the "
        "whole day: 2022-06-20, 2022/6/20 or 2022年6月20日"]


def test_progress_in_rich_text_reads_as_its_words(data_copy, tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "推进中")
    sheet = typed(sheet, "09.02#1", "进展情况", CellRichText(["专柜", TextBlock(InlineFont(b=True), "已开通"), "。"]))
    assert imported_updates(data_copy, sheet)[0]["evidence"] == "专柜已开通。"


def test_a_number_too_large_for_a_date_cell_is_refused_without_a_python_warning(data_copy, tmp_path):
    # openpyxl warned on stderr ("UserWarning: Cell K32 is marked as a date ...") beside the refusal.
    import warnings

    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    sheet = typed(sheet, "09.02#1", "完成日期", 20220620)
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        assert refusals(data_copy, sheet) == [
            "完成日期: shows the error #VALUE! (a number too large to be a day, a formula that failed, or an error "
            "typed); type what the cell should say"]
    assert [str(warning.message) for warning in warned] == []


# --- error values, days and times at the edges of what is read ------------------------------------



def test_every_error_value_of_a_row_is_named_not_the_first_alone(data_copy, tmp_path):
    sheet = typed(typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "#N/A"), "09.02#1", "进展情况", "#REF!")
    assert refusals(data_copy, sheet) == [
        "状态: shows the error #N/A (a formula that failed, or an error typed); type what the cell should say",
        "进展情况: shows the error #REF! (a formula that failed, or an error typed); type what the cell should say"]


@pytest.mark.parametrize(("column", "error", "cause"), [
    ("完成日期", "#N/A", ""),  # an error, not a number too large for the date cell
    ("进展情况", "#VALUE!", ""),  # no date cell: a formula that failed
])
def test_only_a_value_error_in_the_date_column_is_said_to_be_a_number_too_large(data_copy, tmp_path, column, error,
                                                                                 cause):
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    assert refusals(data_copy, typed(sheet, "09.02#1", column, error)) == [
        f"{column}: shows the error {error} ({cause}a formula that failed, or an error typed); type what the cell "
        "should say"]


@pytest.mark.parametrize("text", ["#NULL!", "#NAME?", "#N/A", "#SPILL!", "Err:502", " #DIV/0! "])
def test_each_error_value_a_csv_holds_is_refused_spaces_around_it_or_not(data_copy, tmp_path, text):
    sheet = csv_filled(data_copy, tmp_path, {"09.02#1": {"状态": "推进中", "进展情况": text}})
    assert refusals(data_copy, sheet) == [
        f"进展情况: shows the error {text.strip()} (a formula that failed, or an error typed); type what the cell "
        "should say"]


@pytest.mark.parametrize("text", ["#N/A 已补录，系统已恢复", "Err:50"])
def test_words_that_only_begin_like_an_error_value_are_words(data_copy, tmp_path, text):
    # An error value is the whole cell: #N/A in a sentence, or Err: with other than LibreOffice's
    # three digits, is what the office wrote.
    sheet = csv_filled(data_copy, tmp_path, {"09.02#1": {"状态": "推进中", "进展情况": text}})
    assert [entry["evidence"] for entry in imported_updates(data_copy, sheet)] == [text]


def test_a_day_count_with_spaces_around_it_in_a_csv_is_the_day(data_copy, tmp_path):
    # 44732 is 2022-06-20, as a CSV saved from a date cell holds it.
    sheet = csv_filled(data_copy, tmp_path, {"09.02#1": {"状态": "已完成", "完成日期": " 44732 "}})
    assert [entry["done_on"] for entry in imported_updates(data_copy, sheet)] == ["2022-06-20"]


@pytest.mark.parametrize(("day", "message"), [
    # 3652 typed into the date cell: a number, as every day before 1910 a date cell shows.
    ("1909-12-31", "1909-12-31 is not a day of a report (a number typed into a date cell shows as a day of 1909); "
                   "write the whole day: 2022-06-20, 2022/6/20 or 2022年6月20日"),
    ("1910-01-01", "1910-01-01 is no day a report can hold (they run from 1954-10-03 to 2119-01-11); check the year"),
])
def test_a_date_cell_before_1910_shows_a_number_typed_and_from_1910_a_day_with_a_wrong_year(data_copy, tmp_path, day,
                                                                                            message):
    from datetime import date

    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    assert refusals(data_copy, typed(sheet, "09.02#1", "完成日期", date.fromisoformat(day))) == [f"完成日期: {message}"]


def test_a_duration_in_the_date_column_is_refused_as_no_day(data_copy, tmp_path):
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    assert refusals(data_copy, typed(sheet, "09.02#1", "完成日期", timedelta(hours=66, minutes=30), "[h]:mm")) == [
        "完成日期: shows 66:30, a time without a day (so does a number below 1 typed into a date cell); write the "
        "whole day: 2022-06-20, 2022/6/20 or 2022年6月20日"]


def test_a_time_as_progress_keeps_its_seconds_and_a_duration_is_read_to_the_second(data_copy, tmp_path):
    # 2.77083 days, a duration written with six digits, is 66:29:59.712: the 66:30 it shows.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "推进中")
    sheet = typed(typed(sheet, "09.02#1", "进展情况", time(10, 30, 15)), "09.08#1", "状态", "推进中")
    sheet = typed(sheet, "09.08#1", "进展情况", 2.77083, "[h]:mm")
    assert [entry["evidence"] for entry in imported_updates(data_copy, sheet)] == ["10:30:15", "66:30"]


def test_a_cell_marked_as_an_error_but_holding_none_is_blank(data_copy, tmp_path):
    # <c t="e"/>: an error cell with no value (a writer may leave one so) shows nothing, and no
    # error is named for it: 09.02#1 is in progress with no words, as with the cell left empty.
    import re
    import zipfile

    sheet = typed(typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "推进中"), "09.02#1", "进展情况", "#N/A")
    with zipfile.ZipFile(sheet) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    xml, count = re.subn(r'(<c r="[A-Z]+\d+"[^>]*t="e"[^>]*)><v>#N/A</v></c>', r"\g<1>/>",
                         members["xl/worksheets/sheet1.xml"].decode("utf-8"))
    assert count == 1
    members["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    assert [(entry["measure"], entry["status"], entry.get("evidence")) for entry in imported_updates(data_copy, sheet)] \
        == [("09.02", "in-progress", None)]


def test_a_formula_without_its_value_in_todays_template_is_named_by_its_column(data_copy, tmp_path):
    # The template's header is below its heading; the first row (the title 工作台账) had named the
    # column by its letter: `J: a formula whose value …`.
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", '=IF(1,"已完成","")')
    sheet = typed(sheet, "09.i15", "实际值", "=60+6.5")
    with pytest.raises(bizenv.SheetError) as refused:
        bizenv.import_sheet(data_copy, sheet, dry_run=True)
    assert [line.split(" ", 2)[1] for line in str(refused.value).splitlines()] == ["状态:", "实际值:"]


def test_what_is_written_in_a_column_the_template_lacks_is_refused_not_lost(data_copy, tmp_path):
    """An office that adds a 备注 column after 实际值 writes what the import never reads: it is
    refused by row and column, as a merged cell is, rather than dropped without a word."""
    sheet = typed(xlsx_template(data_copy, tmp_path), "09.02#1", "状态", "已完成")
    sheet = typed(sheet, "09.02#1", "完成日期", datetime(2022, 6, 20))
    book = load_workbook(sheet)
    table = book.active
    at = header_row(table)
    table.cell(at, 14).value = "备注"
    rows = {row[0].value: row[0].row for row in table.iter_rows(min_row=at + 1)}
    table.cell(rows["09.02#1"], 14).value = "已报市政府"
    table.cell(rows["09.03#1"], 15).value = "待核实"  # no header above it: named by its letter
    book.save(sheet)
    assert refusals(data_copy, sheet) == [
        "备注: a column the template does not have, which the import does not read; write what it says in 进展情况, "
        "or clear it",
        "O: a column the template does not have, which the import does not read; write what it says in 进展情况, "
        "or clear it"]
    table.cell(rows["09.02#1"], 14).value = table.cell(rows["09.03#1"], 15).value = None
    book.save(sheet)  # the header alone loses nothing
    assert bizenv.import_sheet(data_copy, sheet, dry_run=True).change.after["updates"][0]["measure"] == "09.02"
