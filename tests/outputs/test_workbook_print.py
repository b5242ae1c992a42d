"""Workbooks as an office prints and opens them: LibreOffice (Debian's `soffice`, which the test
set-up installs) converts them to PDF, whose pages are counted and measured; openpyxl reads the
page setup and the row heights. LibreOffice missing is a failure, not a skip.

What must hold (issue 20): every sheet landscape A4, one page wide, its header row on each page,
rows as tall as their wrapped text; the summary's statuses add up to the milestones; and no
character XML 1.0 forbids reaches a workbook (issue 22 point 13), which would make it unreadable.
"""

import json
import math
import re
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.outputs.render import Column, Listing
from bizenv_cli.outputs.workbook import package_workbook
from bizenv_cli.outputs.xlsx import add_sheet, display_width, listing_workbook, new_workbook, workbook_bytes
from bizenv_cli.store.package import load_package

from conftest import DATA, invoke

A4_LANDSCAPE = (841.89, 595.28)  # points
TALLEST_ROW = 409  # Excel's limit


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is not installed: `apt-get install libreoffice-calc` (the test set-up does it)"
    return found


def libreoffice_as_pdf(paths: list, workdir) -> dict:
    """Each of `paths` converted by LibreOffice (headless, its own profile; one run for them all)
    to PDF: {path: its PDF}."""
    profile = workdir / "lo-profile"
    result = subprocess.run([soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(workdir), *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    converted = {path: workdir / f"{path.stem}.pdf" for path in paths}
    assert result.returncode == 0 and all(pdf.exists() and pdf.stat().st_size for pdf in converted.values()), \
        result.stderr[-2000:]
    return converted


def libreoffice_every_sheet_as_csv(paths: list, workdir) -> dict:
    """Each of `paths` converted by LibreOffice (in one run) to CSV, one file a sheet (the filter's
    12th token, -1): {path: its sheets' CSV files}."""
    profile = workdir / "lo-profile"
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run([soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                             "--convert-to", every_sheet,
                             "--outdir", str(workdir), *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    converted = {path: sorted(workdir.glob(f"{path.stem}-*.csv")) for path in paths}
    assert all(converted.values()), result.stderr[-2000:]
    return converted


def pdf_pages(pdf) -> list[tuple[float, float]]:
    """Each page's size in points, from LibreOffice's PDF (one /MediaBox per page object)."""
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page\b(?!s)[^>]*?/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(width), float(height)) for width, height in pages]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    workdir = tmp_path_factory.mktemp("print")
    target = workdir / "package.xlsx"
    result = invoke(CliRunner(env=CLI_ENV), "export", "-o", str(target), "--as-of", "2022-07-01")
    assert result.exit_code == 0, result.output
    return workdir, target


@pytest.fixture(scope="module")
def export_book(export):
    """The export as openpyxl reads it, for the tests that only read it."""
    _, target = export
    return openpyxl.load_workbook(target)


@pytest.fixture(scope="module")
def printed(export, export_book):
    """(the export's PDF, the PDF of every sheet of the export with its first rows only), as
    LibreOffice prints them (one run for both)."""
    workdir, target = export
    book = export_book
    short = new_workbook()
    for sheet in book.worksheets:
        values = list(sheet.iter_rows(min_row=1, max_row=3, values_only=True))
        header, rows = values[0], values[1:]
        add_sheet(short, sheet.title, [dict(zip(header, row)) for row in rows],
                  [Column(name, lambda row, name=name: row[name]) for name in header])
    short_path = workdir / "short.xlsx"
    short_path.write_bytes(workbook_bytes(short))
    pdfs = libreoffice_as_pdf([target, short_path], workdir / "pdf")
    return pdfs[target], pdfs[short_path]


def test_every_sheet_is_set_up_to_print(export_book, runner, tmp_path):
    listing = tmp_path / "due.xlsx"
    assert invoke(runner, "due", "--as-of", "2022-07-01", "-o", str(listing)).exit_code == 0
    sheets = export_book.worksheets + openpyxl.load_workbook(listing).worksheets
    assert len(sheets) == 2 + 29 + 3 + 1
    for sheet in sheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert sheet.print_title_rows.replace("$", "") == "1:1", sheet.title  # the header row on every page
        assert all(cell.alignment.wrap_text for cell in sheet[1])


def test_wrapped_text_has_the_height_it_needs(export_book):
    # A CJK character is at least two of a column's character units wide, and a line of 11-point
    # text at least 15 points high: a cell of N units of text in a column W units wide needs at
    # least N / (W - 1) lines. LibreOffice shows a row as tall as the file says, clipping the rest.
    book = export_book
    checked = 0
    for sheet in book.worksheets[2:31]:  # the plans' sheets: every measure's whole text
        header = [cell.value for cell in sheet[1]]
        column = header.index("内容")
        letter = sheet.cell(1, column + 1).column_letter
        width = sheet.column_dimensions[letter].width
        for row in sheet.iter_rows(min_row=2):
            cell = row[column]
            lines = sum(max(1, math.ceil(display_width(line) / (width - 1))) for line in cell.value.splitlines())
            height = sheet.row_dimensions[cell.row].height
            assert cell.alignment.wrap_text
            assert height >= min(lines * 15, TALLEST_ROW), (sheet.title, cell.coordinate, lines, height)
            checked += 1
    assert checked == 408


def test_libreoffice_prints_the_export_landscape_one_page_wide(export_book, printed):
    pages = pdf_pages(printed[0])
    assert pages and all(abs(width - A4_LANDSCAPE[0]) < 1 and abs(height - A4_LANDSCAPE[1]) < 1
                         for width, height in pages)
    # Each page holds at least a page's height of rows at full size (fit to width only shrinks),
    # so one page wide the export needs no more pages than that; two pages wide it would need twice
    # as many as one. (Before: 358 portrait pages, a sheet of the plans one page per column.)
    book = export_book
    printable = A4_LANDSCAPE[1] - 72 * (0.6 + 0.6) - 30  # margins, the footer
    bound = sum(math.ceil(sum(sheet.row_dimensions[n].height for n in range(2, sheet.max_row + 1))
                          / (printable - sheet.row_dimensions[1].height)) for sheet in book.worksheets)
    assert len(pages) <= bound, (len(pages), bound)


def test_each_sheet_is_one_page_wide(export_book, printed):
    # Every sheet of the export with its first rows only: one page each, however many columns.
    book = export_book
    package = load_package(DataDir(DATA, "option"))
    assert len(pdf_pages(printed[1])) == len(book.worksheets) == 2 + len(package.plans) + 3


def test_the_summary_counts_every_status(runner, data_copy, tmp_path):
    # With the ledger saying 09.02 was done on time and 09.03 late, done and done late are counted
    # beside overdue, due and upcoming, and together they are every milestone, as `due` counts them.
    # (Before: 34 + 4 + 212 = 250 of 255.)
    (data_copy / "progress" / "2022-07").mkdir(parents=True)
    (data_copy / "progress" / "2022-07" / "tax.yaml").write_text(
        "format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\nas_of: '2022-07-15'\nupdates:\n"
        "- measure: '09.02'\n  status: done\n  done_on: '2022-06-20'\n"
        "- measure: '09.03'\n  status: done\n  done_on: '2022-07-10'\nactuals: []\n", encoding="utf-8")
    target = tmp_path / "p.xlsx"
    for language, sheet_name in (("zh", "概览"), ("en", "summary")):
        assert invoke(runner, "--data", str(data_copy), "export", "-o", str(target), "--as-of", "2022-07-20",
                      "--lang", language).exit_code == 0
        facts = list(openpyxl.load_workbook(target)[sheet_name].iter_rows(min_row=2, values_only=True))
        values = dict(facts)
        milestones = values["时间节点数" if language == "zh" else "milestones"]
        statuses = facts[facts.index(next(f for f in facts if f[0] in ("时间节点数", "milestones"))) + 1:][:6]
        assert sum(value for _, value in statuses) == milestones == 255
        done = values["其中已完成" if language == "zh" else "done"]
        late = values["其中逾期完成" if language == "zh" else "done late"]
        due = json.loads(invoke(runner, "--data", str(data_copy), "due", "--as-of", "2022-07-20",
                                "--format", "json").stdout)
        assert (done, late) == (sum(row["status"] == "done" for row in due),
                                sum(row["status"] == "done-late" for row in due))
        assert done and late


FORBIDDEN = "a\x00b\x01c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800i"


def test_characters_xml_forbids_never_reach_a_workbook(tmp_path):
    # One U+FFFE in a field made every workbook unreadable, written with exit 0 (issue 22 point 13).
    listing = tmp_path / "listing.xlsx"
    listing.write_bytes(listing_workbook(Listing(
        [{"id": "09.02", "text": FORBIDDEN}],
        [Column(f"id{chr(0xFFFE)}", lambda row: row["id"]), Column("text", lambda row: row["text"])],
        title=f"title{chr(0xFFFF)}", sheet="sheet\x01")))
    package = load_package(DataDir(DATA, "option"))
    plan = package.plans[8]
    plan.measures[1] = plan.measures[1]._replace(text=FORBIDDEN, title=f"标题{chr(0xFFFE)}")
    package.plans[8] = package.plans[8]._replace(title=f"平顶山市缴纳税费{chr(0xFFFE)}优化提升专项行动方案")
    whole = tmp_path / "package.xlsx"
    whole.write_bytes(package_workbook(package, date(2022, 7, 1)))
    sheet_names = {}
    for path in (listing, whole):
        book = openpyxl.load_workbook(path)  # well-formed XML, or openpyxl would not read it
        texts = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
                 if isinstance(cell, str)] + book.sheetnames
        assert not any(set(text) & {"\ufffe", "\uffff", "\ud800", "\x00", "\x01", "\x0b"} for text in texts)
        sheet_names[path] = book.sheetnames
    (sheet,) = openpyxl.load_workbook(listing).worksheets
    assert sheet["B2"].value == "a b c d e f\ufffdg\ufffdh\ufffdi"  # controls as spaces, the others U+FFFD
    # LibreOffice reads both, every sheet back as CSV (one file a sheet): the listing's one sheet,
    # and the whole package's, the damaged plan's text among them.
    converted = libreoffice_every_sheet_as_csv([listing, whole], tmp_path / "sheets")
    assert [len(converted[path]) for path in (listing, whole)] == [1, len(sheet_names[whole])]
    assert "a b c d e f\ufffdg\ufffdh\ufffdi" in converted[listing][0].read_text(encoding="utf-8")
    # The damaged text is in its plan's sheet and in the milestones sheet (each row ends with it).
    assert sum("a b c d e f\ufffdg\ufffdh\ufffdi" in sheet.read_text(encoding="utf-8")
               for sheet in converted[whole]) == 2
