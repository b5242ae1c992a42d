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


def test_assignment_lines_of_other_layouts_start_blocks_as_a_responsibility_line_does(tmp_path):
    # Role labels on a line of their own (the whole line is the raw, labels included, as in a
    # bracket), 责任部门：, and lines indented with full-width spaces (U+3000) as with ASCII ones.
    text = tmp_path / "source.txt"
    text.write_text("某县方案\n1.甲。\n完成时限：2023年6月\n牵头单位：县税务局；配合单位：县财政局\n2.乙。\n责任部门：县商务局\n"
                    "3.丙。\n\u3000\u3000时间节点：2023年9月\n\u3000\u3000责任单位：县财政局\n", encoding="utf-8")
    blocks = SourceText(text).blocks(1)
    assert [(block.line, block.deadline_raw, block.responsible_raw, block.responsible_line, block.responsible_inline)
            for block in blocks] == [(3, "2023年6月", "牵头单位：县税务局；配合单位：县财政局", 4, False),
                                     (6, None, "县商务局", 6, False), (8, "2023年9月", "县财政局", 9, False)]


def test_an_annex_mark_in_chinese_numerals_or_with_a_space_starts_a_document(tmp_path):
    # 附件二 and 附件 3 as 附件2 and 附件3; a line that says more than the mark (附件4：…, 见附件5) starts none.
    text = tmp_path / "source.txt"
    text.write_text("平顶山市总体方案\n见附件5。\n附件二\n甲方案\n附件4：乙方案\n附件　3\n丙方案\n附件十二\n丁方案\n",
                    encoding="utf-8")
    spans = SourceText(text).documents
    assert {number: (span.first_line, span.last_line) for number, span in spans.items()} == {
        1: (1, 2), 2: (3, 5), 3: (6, 7), 12: (8, 10)}


def test_role_labels_on_lines_one_under_another_are_one_responsibility(tmp_path):
    # 牵头单位：… then 协办单位：… (a blank line between them or none): one block, its raw both lines;
    # a support label under the block's deadline line (牵头单位：… / 完成时限：… / 配合单位：…) or under
    # its 责任单位： line adds to it too; a lead label after the deadline line starts a block of its own.
    text = tmp_path / "source.txt"
    text.write_text("某县方案\n1.甲。\n牵头单位：县税务局\n\n协办单位：县财政局\n完成时限：2023年6月\n2.乙。\n"
                    "牵头单位：县商务局\n完成时限：2023年9月\n配合单位：县财政局\n3.丙。\n责任单位：县税务局\n"
                    "配合单位：县商务局\n完成时限：2023年12月\n牵头单位：县财政局\n", encoding="utf-8")
    blocks = SourceText(text).blocks(1)
    assert [(block.line, block.responsible_raw, block.responsible_lines, block.last_line, block.deadline_raw)
            for block in blocks] == [(3, "牵头单位：县税务局\n协办单位：县财政局", (3, 5), 6, "2023年6月"),
                                     (8, "牵头单位：县商务局\n配合单位：县财政局", (8, 10), 10, "2023年9月"),
                                     (12, "县税务局\n配合单位：县商务局", (12, 13), 14, "2023年12月"),
                                     (15, "牵头单位：县财政局", (15,), 15, None)]


def test_time_limit_main_and_host_bodies_and_a_leader_read_as_their_kin_do(tmp_path):
    # 时限：… is a deadline line as 完成时限：… is, read only where it opens the line (办理时限：… is
    # text); 主责单位：… and 承办单位：… are responsibility lines as 责任单位：… is; 责任领导：… is a
    # person's line of the block, as 责任人：… is, and no responsibility.
    text = tmp_path / "source.txt"
    text.write_text("某县方案\n1.甲。\n办理时限：即时办结。\n时限：2023年6月\n主责单位：县税务局\n责任领导：张明\n"
                    "2.乙。\n完成时限：2023年9月\n　承办单位 ：县商务局\n", encoding="utf-8")
    blocks = SourceText(text).blocks(1)
    assert [(block.line, block.deadline_raw, block.responsible_raw, block.person_lines, block.last_line)
            for block in blocks] == [(4, "2023年6月", "县税务局", (6,), 6), (8, "2023年9月", "县商务局", (), 9)]
