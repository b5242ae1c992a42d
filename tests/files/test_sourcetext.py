"""The source text's assignment blocks (files/sourcetext.py): what counts as a responsibility closing
an item's line, in the form other packages of the kind print (…。（市税务局牵头，市财政局配合）)."""

from __future__ import annotations

from bizenv_cli.files.sourcetext import SourceText, closing_responsibility


def test_a_bracket_with_a_role_closing_a_line_is_its_responsibility():
    assert closing_responsibility("1.压缩办理时间。（市税务局牵头，市财政局配合）") == "市税务局牵头，市财政局配合"
    assert closing_responsibility("1.压缩办理时间。（牵头单位：市税务局；协办单位：市财政局）。") == \
        "牵头单位：市税务局；协办单位：市财政局"
    assert closing_responsibility("1.压缩办理时间（3个工作日）") is None  # no role named in it


def test_a_table_cell_never_closes_an_item():
    # Tab-led lines are table cells: a cell ending in （…负责） is the table's text, not an item's line.
    assert closing_responsibility("\t建立首问负责制（市税务局负责）") is None


def test_a_table_cell_starts_no_assignment_block(tmp_path):
    text = tmp_path / "source.txt"
    text.write_text("平顶山市某方案\n1.压缩办理时间。（市税务局负责）\n\t建立首问负责制（市财政局负责）\n", encoding="utf-8")
    blocks = SourceText(text).blocks(1)
    assert [(block.line, block.responsible_raw) for block in blocks] == [(2, "市税务局负责")]


def test_a_document_of_one_line_is_a_document(tmp_path):
    # 附件1 on the line before 附件2: its document holds that one line (a heading with no body yet),
    # and is still a document a plan file must stand for.
    text = tmp_path / "source.txt"
    text.write_text("平顶山市总体方案\n附件1\n附件2\n某专项行动方案", encoding="utf-8")
    spans = SourceText(text).documents
    assert {number: (span.first_line, span.last_line) for number, span in spans.items()} == {
        1: (1, 1), 2: (2, 2), 3: (3, 4)}
