"""The ledger's template is written by the workbook writer every listing uses, laid out for the
person who fills it in: fixed widths, a typed day in 完成日期 is a date, an id typed in 编号 or a
value in 实际值 stays text, long texts wrap; the blank cells carry those formats before anyone types."""

from __future__ import annotations

from datetime import date

import openpyxl

from bizenv_cli.ledger.spreadsheet import (ACTUAL, DATE, DONE_ON, EVIDENCE, HEADER, ID, SHEET_TITLE, STATUS, TITLE,
                                           SheetIdentity, heading_rows)
from bizenv_cli.outputs.ledger_template import WIDTHS
from conftest import DATA, invoke

IDENTITY = SheetIdentity("tax", "市税务局", date(2022, 6, 30), "pingdingshan-2022")


def template(runner, tmp_path, name="tax.xlsx"):
    target = tmp_path / name
    result = invoke(runner, "--data", str(DATA), "ledger", "template", "--dept", "tax", "--as-of", "2022-06-30",
                    "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def test_the_template_is_laid_out_for_the_columns_a_body_fills_in(runner, tmp_path):
    book = openpyxl.load_workbook(template(runner, tmp_path))
    assert book.sheetnames == [SHEET_TITLE]
    sheet = book[SHEET_TITLE]
    at = len(heading_rows(IDENTITY)) + 1  # the heading (whose, which day), then the table
    assert [cell.value for cell in sheet[at]] == list(HEADER) and all(cell.font.bold for cell in sheet[at])
    assert sheet.freeze_panes == f"A{at + 1}" and sheet.auto_filter.ref == f"A{at}:M{sheet.max_row}"
    letters = {header: cell.column_letter for header, cell in zip(HEADER, sheet[at])}
    assert {header: sheet.column_dimensions[letter].width for header, letter in letters.items()} == WIDTHS
    rows = list(sheet.iter_rows(min_row=at + 1))
    assert len(rows) > 50

    def cells(header):
        return [row[HEADER.index(header)] for row in rows]

    # The columns to fill in are blank, and already formatted for what will be typed there.
    for header in (STATUS, DONE_ON, EVIDENCE, ACTUAL):
        assert all(cell.value is None for cell in cells(header)), header
    assert all(cell.number_format == "yyyy-mm-dd" for cell in cells(DONE_ON))
    assert all(cell.number_format == "@" for cell in cells(ACTUAL) + cells(ID))
    assert all(cell.alignment.wrap_text for cell in cells(TITLE) + cells(EVIDENCE))
    assert not any(cell.alignment.wrap_text for cell in cells(STATUS))
    # The facts: ids as text, milestone days as dates.
    assert all(cell.data_type == "s" for cell in cells(ID))
    assert any(cell.is_date for cell in cells(DATE))


def test_the_csv_template_is_the_csv_format(runner, tmp_path):
    """The CSV template is what `--format csv` writes (BOM, Excel's dialect, the same header) under
    the heading's rows, which say whose and which day it is."""
    raw = template(runner, tmp_path, "tax.csv").read_bytes()
    assert raw.startswith("\ufeff工作台账\r\n填报单位,市税务局,tax\r\n截至日期,2022-06-30\r\n方案包,pingdingshan-2022\r\n"
                          .encode("utf-8"))
    assert b"\r\n\r\n" + ",".join(HEADER).encode("utf-8") + b"\r\n" in raw
    assert raw.count(b"\r\n") > 50


def test_an_actual_that_reads_as_a_day_comes_back_from_the_template_as_it_was(run, data_copy, tmp_path):
    # 实际值 is a text column: a date cell there read back as Excel's serial number, 44742.
    assert run("record", "09.i10", "--as-of", "2022-06-30", "--by", "tax", "--actual", "2022-06-30").exit_code == 0
    target = tmp_path / "tax.xlsx"
    assert run("ledger", "template", "--dept", "tax", "--as-of", "2022-07-31", "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)[SHEET_TITLE]
    actual = [cell for row in sheet.iter_rows() if row[HEADER.index(ID)].value == "09.i10"
              for cell in [row[HEADER.index(ACTUAL)]]]
    assert [(cell.value, cell.data_type) for cell in actual] == [("2022-06-30", "s")]
    assert run("ledger", "import", str(target)).exit_code == 0
    imported = (data_copy / "progress" / "2022-07" / "tax-2022-07-31.yaml").read_text(encoding="utf-8")
    assert "raw: '2022-06-30'" in imported and "44742" not in imported
