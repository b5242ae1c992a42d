"""What `bizenv import` reads from a .docx or an .html page: every character the publication prints,
each once, laid out as the 2022 text is (a tab-indented line a cell, a blank line after each row)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import import_ok
from pyyaml_reading import safe_load

from bizenv_cli.importer.reading import read_published


def page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plan.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return path


def test_a_cell_whose_end_tag_is_omitted_ends_at_the_next_cell_or_row(tmp_path):
    # HTML lets a page omit </td>, </th> and </tr>: the text after the table is the page's own.
    assert read_published(page(tmp_path, "<table><tr><td>a<td>b</tr></table><p>主要任务</p><p>完成时限：2023年6月</p>")) \
        == "\ta\n\tb\n\n\n主要任务\n\n完成时限：2023年6月\n"
    assert read_published(page(tmp_path, "<table><tr><th>指标<th>目标<tr><td>a<td>b</table><p>后文</p>")) \
        == "\t指标\n\t目标\n\n\ta\n\tb\n\n\n后文\n"


def test_a_table_left_open_at_the_end_of_the_page_keeps_its_last_row(tmp_path):
    assert read_published(page(tmp_path, "<p>前文</p><table><tr><td>a<td>b")) == "前文\n\n\ta\n\tb\n"


def test_a_table_inside_a_cell_is_laid_out_as_lines_of_that_cell(tmp_path):
    text = read_published(page(tmp_path, "<table><tr><td>外<table><tr><td>甲<td>乙</tr><tr><td>丙</td></tr></table>"
                                         "后<td>右</td></tr><tr><td>1</td><td>2</td></tr></table><p>主要任务</p>"))
    assert text == "\t外\n甲\n乙\n丙\n后\n\t右\n\n\t1\n\t2\n\n\n主要任务\n"


def test_the_paragraphs_after_an_html_table_with_omitted_end_tags_are_drafted(tmp_path, runner):
    html = page(tmp_path, "<p>某某市2023年优化营商环境行动方案</p><table><tr><td>说明<td>无</table>"
                          "<p>一、主要任务</p><p>1.推行简易注销。</p><p>完成时限：2023年6月</p><p>责任单位：市市场监管局</p>")
    import_ok(runner, html, tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(measure["text"], measure["deadline"]["raw"], measure["responsible"]["raw"]) for measure in plan["measures"]] \
        == [("推行简易注销。", "2023年6月", "市市场监管局")]


def test_a_merged_docx_cell_is_read_once_where_it_starts(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row in range(3):
        for column in range(3):
            table.cell(row, column).text = f"格{row}{column}"
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical: rows 1 and 2 of the first column
    table.cell(0, 1).merge(table.cell(0, 2))  # horizontal: columns 1 and 2 of the first row
    document.add_paragraph("后文")
    document.save(tmp_path / "plan.docx")
    # The merged cell holds both cells' paragraphs, printed once; an empty cell keeps each later place.
    assert read_published(tmp_path / "plan.docx") == ("\t格00\n\t格01\n格02\n\t\n\n"
                                                      "\t格10\n格20\n\t格11\n\t格12\n\n"
                                                      "\t\n\t格21\n\t格22\n\n\n后文\n")


def test_a_merged_html_cell_is_read_once_where_it_starts_as_a_docx_one_is(tmp_path):
    # rowspan and colspan: an empty cell in each further place the cell spans, so every row keeps the
    # table's width (a row short of the places a cell above covers had made the table unreadable).
    text = read_published(page(tmp_path, "<table><tr><td>格00<td colspan=2>格01</tr>"
                                         "<tr><td rowspan='2'>格10<td>格11<td>格12</tr>"
                                         "<tr><td>格21<td>格22</tr><tr><td>格30<td colspan=x>格31<td rowspan=0>格32"
                                         "</table><p>后文</p>"))
    assert text == ("\t格00\n\t格01\n\t\n\n"
                    "\t格10\n\t格11\n\t格12\n\n"
                    "\t\n\t格21\n\t格22\n\n"
                    "\t格30\n\t格31\n\t格32\n\n\n后文\n")


def test_an_indicator_table_with_merged_html_cells_is_drafted_as_its_docx_twin_is(tmp_path, runner):
    html = page(tmp_path, "<p>某某市2023年获得电力优化提升方案</p><p>一、指标对比</p><table>"
                          "<tr><td>指标<td>现状水平<td>2023年6月目标<td>完成时限<td>责任单位"
                          "<tr><td>办电时间（工作日）<td>20<td>15<td rowspan=2>2023年6月底前<td rowspan=2>市供电公司"
                          "<tr><td>办电环节（个）<td>3<td>2</table><p>二、主要措施</p>")
    import_ok(runner, html, tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(row["name"], row["baseline"]["value"], row["targets"][0]["value"], row["completion"]["raw"])
            for row in plan["indicators"]] == [("办电时间（工作日）", 20, 15, "2023年6月底前"), ("办电环节（个）", 3, 2, None)]


def test_a_text_that_is_not_utf8_says_where_or_what_it_is(tmp_path):
    from bizenv_cli.importer.reading import UnreadableInput

    text = "平顶山市2023年营商环境方案\n\n一、总体要求\n\n做好工作。\n"
    cases = {
        # a download cut off inside its last character
        "cut.txt": (text.encode("utf-8")[:-2], "as UTF-8 it ends inside a character, on line 5: is the file cut off?"),
        # one stray byte (a Latin-1 no-break space) in a UTF-8 text
        "stray.txt": (text.encode("utf-8").replace(b"\xe5\x81\x9a", b"\xa0\xe5\x81\x9a"),
                      "as UTF-8, line 5 holds a byte no character is written with"),
        "unicode.txt": (text.encode("utf-16"), "it is UTF-16, Notepad's 'Unicode': save it as UTF-8"),
        # the same two, saved with the byte order mark Notepad writes before UTF-8: the BOM is no
        # line, and the file still ends inside a character (it had been line 4, a stray byte)
        "cut-bom.txt": (text.encode("utf-8-sig")[:-2],
                        "as UTF-8 it ends inside a character, on line 5: is the file cut off?"),
        "stray-bom.txt": (text.encode("utf-8-sig").replace(b"\n\xe5\x81\x9a", b"\n\xa0\xe5\x81\x9a"),
                          "as UTF-8, line 5 holds a byte no character is written with"),
    }
    for name, (raw, where) in cases.items():
        (tmp_path / name).write_bytes(raw)
        with pytest.raises(UnreadableInput) as refused:
            read_published(tmp_path / name)
        assert str(refused.value) == f"{tmp_path / name}: the text is neither UTF-8 nor GB18030 ({where})"


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_a_short_paragraph_after_a_table_is_no_part_of_its_last_cell(tmp_path, runner, kind):
    # A table's note (数据来源：…) printed after it had gone into its last row's last cell: a body
    # 市市场监管局数据来源：市统计局, in a draft said to be valid.
    paragraphs_before = ["某某市2023年优化营商环境行动方案", "一、指标对比"]
    rows = [["指标", "现状水平", "2023年底目标", "责任单位"], ["企业开办时间", "1个工作日", "0.5个工作日", "市市场监管局"]]
    paragraphs_after = ["数据来源：市统计局", "二、主要任务", "1.推行简易注销。", "完成时限：2023年6月", "责任单位：市市场监管局"]
    if kind == "docx":
        import docx

        document = docx.Document()
        for text in paragraphs_before:
            document.add_paragraph(text)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for number, row in enumerate(rows):
            for column, text in enumerate(row):
                table.cell(number, column).text = text
        for text in paragraphs_after:
            document.add_paragraph(text)
        path = tmp_path / "plan.docx"
        document.save(path)
    else:
        table = "".join("<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in rows)
        path = page(tmp_path, "".join(f"<p>{text}</p>" for text in paragraphs_before) + f"<table>{table}</table>"
                    + "".join(f"<p>{text}</p>" for text in paragraphs_after))
    import_ok(runner, path, tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    (indicator,) = plan["indicators"]
    assert indicator["cells"][-1] == indicator["responsible"]["raw"] == "市市场监管局"
    assert "数据来源：市统计局" in [paragraph["text"] for section in plan["sections"]
                                  for paragraph in section.get("paragraphs") or []]


def test_a_page_whose_meta_says_utf16_is_read_as_utf8_as_a_browser_reads_it(tmp_path):
    # Its <meta> is readable as ASCII, so the page is not UTF-16: decoded as such, every two bytes
    # became one CJK character, and the import said the text names no year.
    path = tmp_path / "plan.html"
    path.write_bytes('<html><head><meta charset="utf-16"></head><body><p>某某市2023年方案</p></body></html> '
                     .encode("utf-8"))
    assert len(path.read_bytes()) % 2 == 0  # the length at which UTF-16 decodes without an error
    assert read_published(path) == "某某市2023年方案\n"


def test_a_docx_paragraphs_indent_is_left_out_as_an_html_pages_is(tmp_path, runner):
    # Offices indent paragraphs with two full-width spaces, or a tab: kept, the indent hid 完成时限：
    # and 责任单位： from the block reader, and a tab made the paragraph a table cell.
    import docx

    document = docx.Document()
    for text in ("某某市2023年优化营商环境行动方案", "\u3000\u3000一、主要任务", "\u3000\u30001.推行简易注销。",
                 "\u3000\u3000完成时限：2023年6月", "\t责任单位：市市场监管局 "):
        document.add_paragraph(text)
    document.save(tmp_path / "plan.docx")
    assert read_published(tmp_path / "plan.docx") == ("某某市2023年优化营商环境行动方案\n\n一、主要任务\n\n1.推行简易注销。\n\n"
                                                      "完成时限：2023年6月\n\n责任单位：市市场监管局\n")
    import_ok(runner, tmp_path / "plan.docx", tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(measure["text"], measure["deadline"]["raw"], measure["responsible"]["raw"]) for measure in plan["measures"]] \
        == [("推行简易注销。", "2023年6月", "市市场监管局")]


def test_a_first_row_across_the_whole_table_is_its_caption(tmp_path):
    # 表1 指标对比 merged across the first row: printed as a paragraph before the table, where as a
    # cell (with an empty cell after it in each place) it had made the header unreadable.
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("指标", "现状水平", "2023年目标")):
        table.cell(1, column).text = text
    table.cell(0, 0).text = "表1 指标对比"
    table.cell(0, 0).merge(table.cell(0, 2))
    document.save(tmp_path / "plan.docx")
    expected = "表1 指标对比\n\n\t指标\n\t现状水平\n\t2023年目标\n"
    assert read_published(tmp_path / "plan.docx") == expected
    assert read_published(page(tmp_path, "<table><tr><td colspan=3>表1 指标对比</td></tr>"
                                         "<tr><td>指标<td>现状水平<td>2023年目标</table>")) == expected
    # A one-cell row further down is a row of the table, as is a first row of one unspanned cell.
    assert read_published(page(tmp_path, "<table><tr><td>甲</td></tr><tr><td>乙<td>丙</table>")) == "\t甲\n\n\t乙\n\t丙\n"
