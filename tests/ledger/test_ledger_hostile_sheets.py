"""What an office sends back is untrusted: `bizenv ledger import` refuses at once, in one line and
without a traceback, what it cannot read within bounds (issue 22 points 2, 9, 10 and 11)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bizenv_cli.ledger import sheet_files
from bizenv_cli.ledger.sheet_files import SheetError, read_sheet
from conftest import invoke

HEADER = ["编号", "方案", "标题", "时间节点", "原文时限", "职责", "当前状态", "状态", "完成日期", "进展情况", "实际值"]


def template(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "工作台账"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_formula_without_a_stored_value_is_refused_by_row_and_column(tmp_path):
    # openpyxl stores formulas without their values; read as blank, the row would vanish.
    path = template(tmp_path / "tax.xlsx", [["09.02#1", 9, "", "", "", "", "", '="推进中"', None, None, None]])
    with pytest.raises(SheetError, match=r"tax\.xlsx:2 状态: a formula whose value the file does not store"):
        read_sheet(path, "tax.xlsx", "工作台账")


def test_a_formula_with_its_stored_value_is_read_by_that_value(tmp_path):
    path = template(tmp_path / "tax.xlsx", [["09.02#1", 9, "", "", "", "", "", '="推进中"', None, None, None]])
    stored_value(path, "H2", "推进中")
    rows = read_sheet(path, "tax.xlsx", "工作台账")
    assert rows[1][1][7] == "推进中"


def stored_value(path: Path, cell: str, value: str) -> None:
    """Write the cached value of a formula cell into the sheet XML, as Excel and LibreOffice do."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    formula = sheet[sheet.index("<f>", start):sheet.index("</f>", start) + 4]
    sheet = sheet[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + sheet[end:]
    members["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = template(tmp_path / "bomb.xlsx", [])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/padding.bin", b"\0" * (sheet_files.MAX_UNCOMPRESSED_BYTES + 1))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(SheetError, match="unpacks to .* more than a template can be"):
        read_sheet(path, "bomb.xlsx", "工作台账")


@pytest.mark.parametrize("sheet_xml", [
    b"<worksheet><sheetData><row r='1'><c r='A1'",  # cut short
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
], ids=["malformed", "external-entity", "entity-expansion"])
def test_malformed_or_hostile_sheet_xml_is_one_message(tmp_path, sheet_xml):
    path = template(tmp_path / "bad.xlsx", [])
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    with pytest.raises(SheetError, match=r"^bad\.xlsx: "):
        read_sheet(path, "bad.xlsx", "工作台账")


def test_a_csv_of_a_million_rows_is_refused_at_the_bound(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(",".join(HEADER) + "\n" + "09.02#1,9\n" * 1_000_000, encoding="utf-8")
    with pytest.raises(SheetError, match=f"more than {sheet_files.MAX_ROWS:,} rows"):
        read_sheet(path, "rows.csv", "工作台账")


def test_a_csv_cell_past_the_limit_is_refused_by_row(tmp_path):
    path = tmp_path / "cell.csv"
    path.write_text(",".join(HEADER) + "\n09.02#1,9,\"" + "长" * 200_000 + "\"\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"^cell\.csv:2"):
        read_sheet(path, "cell.csv", "工作台账")


def test_a_file_over_the_size_bound_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_files, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_text("x" * 1001, encoding="utf-8")
    with pytest.raises(SheetError, match="more than a template can be"):
        read_sheet(path, "big.csv", "工作台账")


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "tax.csv"
    os.mkfifo(fifo)
    with pytest.raises(SheetError, match="not a regular file"):
        read_sheet(fifo, "tax.csv", "工作台账")


def test_the_command_refuses_a_hostile_sheet_in_one_line_and_writes_nothing(runner, data_copy, tmp_path):
    path = template(tmp_path / "tax.xlsx", [["09.02#1", 9, "", "", "", "", "", '="推进中"', None, None, None]])
    result = invoke(runner, "--data", str(data_copy), "ledger", "import", str(path), "--by", "tax",
                    "--as-of", "2022-06-30")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "a formula whose value the file does not store" in result.stderr
    assert not (data_copy / "progress" / "2022-06").exists()


def test_more_than_fifty_bad_rows_show_the_first_fifty_and_a_count(runner, data_copy, tmp_path):
    rows = [[f"09.{n:02d}#9", 9, "", "", "", "", "", "完成了", None, None, None] for n in range(1, 71)]
    result = invoke(runner, "--data", str(data_copy), "ledger", "import", str(template(tmp_path / "t.xlsx", rows)),
                    "--by", "tax", "--as-of", "2022-06-30")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    rows = f"{tmp_path / 't.xlsx'}:"
    assert sum(line.startswith(rows) and line[len(rows)].isdigit() for line in lines) == 50
    assert f"{tmp_path / 't.xlsx'}: 20 more problems not shown" in lines


def test_a_workbook_libreoffice_saved_is_read_with_its_formula_values(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed: tools/run-tests installs it"
    source = template(tmp_path / "made.xlsx", [["09.02#1", 9, "", "", "", "", "", '="推进中"', None, None, None]])
    out = tmp_path / "out"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    rows = read_sheet(out / "made.xlsx", "made.xlsx", "工作台账")
    assert rows[1][1][7] == "推进中"
    assert load_workbook(io.BytesIO((out / "made.xlsx").read_bytes())).active["H2"].value == '="推进中"'


def test_a_workbook_of_another_kind_or_under_another_name_is_named_as_what_it_is(tmp_path):
    xlsx = template(tmp_path / "made.xlsx", [["09.02#1", 9, "", "", "", "", "", "推进中", None, None, None]])
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:  # an .ods starts with its mimetype member, stored
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    cases = {
        "renamed.csv": (xlsx.read_bytes(), "this is an .xlsx workbook, not a CSV: name it .xlsx"),
        "renamed.xlsx": ("\ufeff编号,方案\n09.02#1,9\n".encode("utf-8"), "this is a text file (a CSV?), not an .xlsx"),
        "saved-as-ods.xlsx": (ods.getvalue(), "this is an OpenDocument spreadsheet (.ods): save it as .xlsx"),
        "saved-as-xls.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
                              "this is an Excel 97-2003 (.xls) or WPS workbook: save it as .xlsx"),
        # an .xlsx saved with a password is an OLE file too, holding the stream EncryptedPackage:
        # "save it as .xlsx" would keep the password, which is what the import cannot open
        "with-password.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
                               "this workbook is encrypted with a password, which the import cannot open: save it "
                               "without the password"),
    }
    for name, (raw, message) in cases.items():
        (tmp_path / name).write_bytes(raw)
        with pytest.raises(SheetError) as refused:
            read_sheet(tmp_path / name, name, "工作台账")
        assert str(refused.value).startswith(f"{name}: {message}")
    assert read_sheet(xlsx, "made.xlsx", "工作台账")[1][1][7] == "推进中"


def test_a_binary_file_of_no_known_kind_named_xlsx_is_not_called_a_text_file(tmp_path):
    # Only a file without NUL bytes near its start is told to be named .csv: a picture saved under
    # the template's name is no CSV, and is said to be no workbook.
    path = tmp_path / "picture.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    with pytest.raises(SheetError) as refused:
        read_sheet(path, "picture.xlsx", "工作台账")
    assert str(refused.value).startswith("picture.xlsx: not an .xlsx workbook")
    assert "text file" not in str(refused.value)
