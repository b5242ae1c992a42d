"""`bizenv import` on plans laid out as other cities' and counties' plans are (texts written for these
tests, tests/examples/import/): every deadline and responsibility line lands in a measure, the
roles are the ones printed, and the draft is valid; the same from a GB18030 text, a .docx and an
.html page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, REPO, import_ok, invoke, valid
from pyyaml_reading import safe_load

EXAMPLES = REPO / "tests" / "examples" / "import"
LAYOUTS = sorted(path.name for path in EXAMPLES.glob("*.txt"))
# The lines that assign a deadline or bodies, found here without the importer's reader: a
# 完成时限/完成时间/时限/时间节点 line or a 责任单位/责任部门/主责单位/承办单位 line, a line of role labels
# (牵头单位：…；配合单位：…, or 牵头部门：…；配合部门：…), or a bracket
# closing a line that names roles.
BODIES_KEYS = ("责任单位", "责任部门", "主责单位", "承办单位")
ASSIGNMENT_LINE = re.compile(rf"^\s*(完成时限|完成时间|时限|时间节点|{'|'.join(BODIES_KEYS)})\s*[：:](.*)$")
LABELLED_LINE = re.compile(r"^\s*((?:牵头|协办|配合)(?:单位|部门)[：:].*)$")
PERSON_LINE = re.compile(r"^\s*(?:责任人|责任领导)\s*[：:]")
CLOSING_BRACKET = re.compile(r"（([^（）]*(?:牵头|配合|负责|单位：)[^（）]*)）\s*$")


def assignments_in(text: str) -> list[tuple[int, str, str]]:
    """(line, field, raw) of every assignment the text prints. A line of role labels adds to the
    responsibility above it when it is right under a label line, or names supporting bodies (配合…：,
    协办…：) with at most one deadline line between (牵头单位：… / 完成时限：… / 配合单位：…)."""
    found = []
    adds_to = None  # the index in `found` of a responsibility printed on lines of its own, still open
    labels_last = False  # the last line read (blank lines aside) printed role labels
    deadlines_since = 0  # the deadline lines read since that responsibility
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or PERSON_LINE.match(line):  # 责任人：… names a person: no assignment
            continue
        if match := ASSIGNMENT_LINE.match(line):
            responsible = match.group(1) in BODIES_KEYS
            found.append((number, "responsible" if responsible else "deadline", match.group(2).strip()))
            if responsible:
                adds_to, deadlines_since = len(found) - 1, 0
            else:
                deadlines_since += 1
            labels_last = False
        elif match := LABELLED_LINE.match(line):
            support = match.group(1).startswith(("配合", "协办"))
            if adds_to is not None and (labels_last or (support and deadlines_since <= 1)):
                first, field, raw = found[adds_to]
                found[adds_to] = (first, field, f"{raw}\n{match.group(1).strip()}")
            else:
                found.append((number, "responsible", match.group(1).strip()))
                adds_to, deadlines_since = len(found) - 1, 0
            labels_last = True
        else:
            if match := CLOSING_BRACKET.search(line):
                found.append((number, "responsible", match.group(1)))
            adds_to, labels_last = None, False
    return found


def drafted_assignments(folder: Path) -> set[tuple[int, str, str]]:
    found = set()
    for path in (folder / "plans").glob("*.yaml"):
        for measure in safe_load(path.read_text(encoding="utf-8"))["measures"]:
            for field in ("deadline", "responsible"):
                if measure[field]["raw"] is not None:
                    found.add((measure[field]["line"], field, measure[field]["raw"]))
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_assignment_line_lands_in_a_measure(layout, tmp_path, runner):
    text = EXAMPLES / layout
    import_ok(runner, text, tmp_path / "draft")
    printed = assignments_in(text.read_text(encoding="utf-8"))
    assert len(printed) >= 3
    assert set(printed) <= drafted_assignments(tmp_path / "draft")
    assert valid(tmp_path / "draft") == []


def bodies_of(folder: Path, measure_id: str) -> list[tuple[str, str]]:
    for path in (folder / "plans").glob(f"{measure_id[:2]}-*.yaml"):
        for measure in safe_load(path.read_text(encoding="utf-8"))["measures"]:
            if measure["id"] == measure_id:
                return [(body["name"], body["role"]) for body in measure["responsible"]["bodies"]]
    raise AssertionError(f"no measure {measure_id}")


def test_separate_lines_read_as_the_2022_blocks_are(tmp_path, runner):
    import_ok(runner, EXAMPLES / "separate-lines.txt", tmp_path / "draft")
    assert bodies_of(tmp_path / "draft", "01.01") == [("市政务服务和大数据管理局", "lead"), ("各县（市、区）人民政府", "support")]
    assert bodies_of(tmp_path / "draft", "01.02") == [("市市场监管局", "responsible"), ("市公安局", "responsible"),
                                                      ("市税务局", "responsible")]
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert (plan["jurisdiction"], plan["year"], plan["title"]) == ("某某市", 2023, "某某市2023年优化营商环境行动方案")
    assert [m["deadline"]["milestones"] for m in plan["measures"]] == [
        [{"date": "2023-06-30", "label": "2023年6月底前"}], [{"date": "2023-12-31", "label": None}], []]
    assert plan["measures"][2]["deadline"]["ongoing"] is True
    # A sub-heading over several blocks is a section; over one block, that measure's label and title
    # (docs/data-format.md).
    assert [(s["kind"], s["heading"]) for s in plan["sections"]] == [
        ("preamble", None), ("requirements", "一、总体要求"), ("measures", "二、主要任务"),
        ("measures", "（一）提升政务服务效能"), ("safeguards", "三、保障措施")]
    assert (plan["measures"][2]["label"], plan["measures"][2]["title"], plan["measures"][2]["section"]) == (
        "（二）", "优化纳税服务", "01.s3")


def test_a_bracket_closing_an_item_is_its_responsibility(tmp_path, runner):
    import_ok(runner, EXAMPLES / "closing-brackets.txt", tmp_path / "draft")
    assert bodies_of(tmp_path / "draft", "01.01") == [("市税务局", "lead"), ("市财政局", "support")]
    assert bodies_of(tmp_path / "draft", "01.02") == [("市税务局", "responsible")]
    assert bodies_of(tmp_path / "draft", "01.03") == [("市税务局", "lead"), ("市商务局", "support"),
                                                      ("人民银行某某中心支行", "support")]


def test_role_labels_give_their_roles_and_annexes_from_one_follow_the_overall_plan(tmp_path, runner):
    import_ok(runner, EXAMPLES / "role-labels.txt", tmp_path / "draft")
    names = sorted(path.name for path in (tmp_path / "draft" / "plans").glob("*.yaml"))
    assert names == ["01-overall-plan.yaml", "02-annex-1.yaml"]
    assert bodies_of(tmp_path / "draft", "02.01") == [("县金融工作局", "lead"), ("人民银行某某县支行", "support"),
                                                      ("县财政局", "support")]
    assert bodies_of(tmp_path / "draft", "02.02") == [("人民银行某某县支行", "lead"), ("县金融工作局", "support")]
    assert bodies_of(tmp_path / "draft", "02.03") == [("县财政局", "lead"), ("县金融工作局", "support")]


def test_assignment_lines_of_their_own_give_the_roles_their_words_state(tmp_path, runner):
    # 牵头单位：…；配合单位：… on a line of its own reads as it does in a bracket; 责任部门：… as 责任单位：…,
    # which states no lead or support (the bodies are responsible, the first no lead); lines indented
    # with full-width spaces (U+3000, a page's paragraph indent) are read as unindented ones.
    result = import_ok(runner, EXAMPLES / "lines-of-their-own.txt", tmp_path / "draft")
    assert bodies_of(tmp_path / "draft", "01.01") == [("县市场监管局", "lead"), ("县公安局", "support"),
                                                      ("县税务局", "support")]
    assert bodies_of(tmp_path / "draft", "01.02") == [("县自然资源局", "responsible")]
    assert bodies_of(tmp_path / "draft", "01.03") == [("县供水公司", "responsible"), ("县供电公司", "responsible")]
    # Labels on lines of their own, one under the other: one responsibility, its raw both lines.
    assert bodies_of(tmp_path / "draft", "01.04") == [("县住房城乡建设局", "lead"), ("县自然资源局", "support"),
                                                      ("县消防救援大队", "support")]
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["responsible"]["raw"], m["responsible"]["line"], m["deadline"]["raw"], m["deadline"]["line"])
            for m in plan["measures"]] == [
        ("牵头单位：县市场监管局；配合单位：县公安局、县税务局", 9, "2023年6月", 8), ("县自然资源局", 13, "2023年9月", 12),
        ("县供水公司、县供电公司", 17, "2023年12月", 16),
        ("牵头单位：县住房城乡建设局\n协办单位：县自然资源局、县消防救援大队", 21, "2023年12月", 20)]
    assert plan["measures"][2]["text"] == "推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。"
    assert "no assignment line" not in result.stderr and "indented" not in result.stderr


def test_assignment_lines_indented_with_unicode_spaces_are_read_as_unindented_ones(tmp_path, runner):
    # A page's &nbsp; (U+00A0), an em space (U+2003), a narrow no-break space (U+202F), mixed with
    # full-width and ASCII ones: whitespace, as squeeze() and NFKC read it, so the lines are read
    # as unindented ones (they had been listed for review, their bodies and deadlines in no measure).
    result = import_ok(runner, EXAMPLES / "unicode-indents.txt", tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["deadline"]["raw"], m["deadline"]["line"], m["responsible"]["raw"], m["responsible"]["line"])
            for m in plan["measures"]] == [
        ("2023年6月", 8, "县市场监管局", 9), ("2023年9月", 12, "牵头单位：县自然资源局；配合单位：县税务局", 13),
        ("2023年12月", 16, "县供水公司、县供电公司", 17)]
    assert bodies_of(tmp_path / "draft", "01.02") == [("县自然资源局", "lead"), ("县税务局", "support")]
    assert plan["measures"][2]["text"] == "推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。"
    assert "is indented with" not in result.stderr and "no assignment line" not in result.stderr


def test_role_labels_printed_with_department_give_their_roles(tmp_path, runner):
    # 牵头部门：, 配合部门： and 协办部门： as 牵头单位：, 配合单位： and 协办单位：: on a line of their own, on
    # lines one under the other, or in a bracket closing the item (they had been listed for review,
    # their bodies in no measure, and the bracket refused: 牵头 there governed no body).
    result = import_ok(runner, EXAMPLES / "department-labels.txt", tmp_path / "draft")
    assert bodies_of(tmp_path / "draft", "01.01") == [("县市场监管局", "lead"), ("县公安局", "support"),
                                                      ("县税务局", "support")]
    assert bodies_of(tmp_path / "draft", "01.02") == [("县自然资源局", "lead"), ("县税务局", "support")]
    assert bodies_of(tmp_path / "draft", "01.03") == [("县供水公司", "lead"), ("县供电公司", "support")]
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["responsible"]["raw"], m["responsible"]["line"]) for m in plan["measures"]] == [
        ("牵头部门：县市场监管局；配合部门：县公安局、县税务局", 9), ("牵头部门：县自然资源局\n协办部门：县税务局", 13),
        ("牵头部门：县供水公司；配合部门:县供电公司", 16)]
    registry = safe_load((tmp_path / "draft" / "departments.yaml").read_text(encoding="utf-8"))
    assert sorted(entry["name"] for entry in registry["departments"]) == sorted(
        ["县市场监管局", "县公安局", "县税务局", "县自然资源局", "县供水公司", "县供电公司"])
    assert "no assignment line" not in result.stderr


def test_role_labels_around_the_deadline_line_are_one_responsibility(tmp_path, runner):
    # 配合单位：… under the block's 完成时限： line (牵头单位：… / 完成时限：… / 配合单位：…), under its
    # 责任单位：… line, or 协办部门：… under 责任部门：…: one responsibility, its raw the lines it is printed
    # on joined by a line break, its `line` the first. The label line had started a block of its own,
    # with no text, listed for review.
    result = import_ok(runner, EXAMPLES / "labels-around-deadline.txt", tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["responsible"]["raw"], m["responsible"]["line"], m["deadline"]["raw"], m["deadline"]["line"], m["text"])
            for m in plan["measures"]] == [
        ("牵头单位：县市场监管局\n配合单位：县公安局、县税务局", 8, "2023年6月", 9,
         "压缩企业开办时间。企业开办全程压缩至1个工作日以内。"),
        ("县自然资源局\n配合单位：县税务局", 14, "2023年9月", 13,
         "推行不动产登记“一窗受理”。整合登记、交易和缴税窗口，实现一窗受理、并行办理。"),
        ("县供水公司\n协办部门：县供电公司", 18, "2023年12月", 21, "推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。")]
    assert bodies_of(tmp_path / "draft", "01.01") == [("县市场监管局", "lead"), ("县公安局", "support"),
                                                      ("县税务局", "support")]
    # 责任单位： states no lead: its bodies are responsible, those the label adds support.
    assert bodies_of(tmp_path / "draft", "01.02") == [("县自然资源局", "responsible"), ("县税务局", "support")]
    assert bodies_of(tmp_path / "draft", "01.03") == [("县供水公司", "responsible"), ("县供电公司", "support")]
    assert "no text before it" not in result.stderr


def test_a_lead_label_after_the_deadline_line_stays_a_block_of_its_own(tmp_path, runner):
    # 牵头单位：… / 完成时限：… / 牵头单位：…: a second lead may as well be the next item's, printed
    # without its text; no reader can tell, so it stays a block of its own, listed for review.
    text = tmp_path / "plan.txt"
    text.write_text((EXAMPLES / "labels-around-deadline.txt").read_text(encoding="utf-8")
                    .replace("配合单位：县公安局、县税务局", "牵头单位：县公安局", 1), encoding="utf-8")
    result = invoke(runner, "import", str(text), "-o", str(tmp_path / "draft"))
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'draft' / 'source' / 'plan.txt'}:10 an assignment block with no text before it" in result.stderr
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["responsible"]["raw"], m["text"]) for m in plan["measures"][:2]] == [
        ("牵头单位：县市场监管局", "压缩企业开办时间。企业开办全程压缩至1个工作日以内。"), ("牵头单位：县公安局", "")]


def persons_listed_as_no_body(tmp_path, result, plan: dict, key: str, fixture: str) -> None:
    """A person's lines (`key`：…) on lines 9, 15 and 18 of the fixture: each measure's note and a
    line on stderr say why, and the registry holds the fixture's three bodies and no person."""
    why = (f"{key}： names a person, not a body: the line is kept as printed, in the text it lands in (the "
           "measure's, when it is printed among or after its assignment lines), and no body is read from it; the "
           "data has no field for a person")
    assert [m["note"] for m in plan["measures"]] == [f"needs-review: line {line}: {why}" for line in (9, 15, 18)]
    source = tmp_path / "draft" / "source" / fixture
    assert [f"{source}:{line} {why}" for line in (9, 15, 18)] == [
        entry for entry in result.stderr.splitlines() if "names a person" in entry]
    registry = safe_load((tmp_path / "draft" / "departments.yaml").read_text(encoding="utf-8"))
    assert sorted(entry["name"] for entry in registry["departments"]) == ["县供水公司", "县市场监管局", "县自然资源局"]


def test_a_person_named_responsible_stays_in_the_measure_text_and_is_no_body(tmp_path, runner):
    # 责任人：… names a person: among or after the block's lines it is the block's, so the block stays
    # one (牵头单位：… / 责任人：… / 完成时限：… had been two blocks, the second with the person's line
    # for its text), and the line is the measure's text as printed; above the block it is the item's
    # text as any line is. No body is read from it, nor from a bracket closing it (（县自然资源局负责）),
    # and each is listed for review.
    result = import_ok(runner, EXAMPLES / "persons.txt", tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["text"], m["responsible"]["raw"], m["responsible"]["line"], m["deadline"]["raw"], m["deadline"]["line"])
            for m in plan["measures"]] == [
        ("压缩企业开办时间。企业开办全程压缩至1个工作日以内。\n责任人：张明（县市场监管局局长）", "牵头单位：县市场监管局", 8,
         "2023年6月", 10),
        ("推行不动产登记“一窗受理”。整合登记、交易和缴税窗口，实现一窗受理、并行办理。\n责任人：李华（县自然资源局负责）",
         "县自然资源局", 14,
         "2023年9月", 13),
        ("推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。\n责任人：王强", "县供水公司", 20, "2023年12月", 19)]
    persons_listed_as_no_body(tmp_path, result, plan, "责任人", "persons.txt")


def test_a_leader_named_responsible_stays_in_the_measure_text_and_is_no_body(tmp_path, runner):
    # 责任领导：… names a person, as 责任人：… does: among or after the block's lines it is the block's
    # (牵头单位：… / 责任领导：… / 完成时限：… is one block), kept in the measure's text as printed, no
    # body read from it (nor from its bracket, （副县长）), and listed for review. It had been listed as
    # a line no block reads, and split the block in two or gone into the next item's text.
    result = import_ok(runner, EXAMPLES / "leaders.txt", tmp_path / "draft")
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["text"], m["responsible"]["raw"], m["responsible"]["line"], m["deadline"]["raw"], m["deadline"]["line"])
            for m in plan["measures"]] == [
        ("压缩企业开办时间。企业开办全程压缩至1个工作日以内。\n责任领导：张明（副县长）", "牵头单位：县市场监管局", 8,
         "2023年6月", 10),
        ("推行不动产登记“一窗受理”。整合登记、交易和缴税窗口，实现一窗受理、并行办理。\n责任领导 ：李华", "县自然资源局", 14,
         "2023年9月", 13),
        ("推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。\n责任领导：王强", "县供水公司", 20, "2023年12月", 19)]
    persons_listed_as_no_body(tmp_path, result, plan, "责任领导", "leaders.txt")
    assert "no assignment line" not in result.stderr


def test_host_and_main_bodies_are_responsible_as_the_responsibility_line_gives_them(tmp_path, runner):
    # 主责单位：… and 承办单位：… as 责任单位：…: neither word states a lead or a support, so the bodies no
    # role word governs are responsible (the first-listed no lead); a 配合单位： line under one adds
    # support, and role words on the line (县税务局牵头，县财政局配合) give theirs. The lines had been
    # listed for review, their bodies in no measure.
    result = import_ok(runner, EXAMPLES / "host-bodies.txt", tmp_path / "draft")
    assert bodies_of(tmp_path / "draft", "01.01") == [("县市场监管局", "responsible"), ("县公安局", "responsible")]
    assert bodies_of(tmp_path / "draft", "01.02") == [("县自然资源局", "responsible")]
    assert bodies_of(tmp_path / "draft", "01.03") == [("县住房城乡建设局", "responsible"), ("县消防救援大队", "support")]
    assert bodies_of(tmp_path / "draft", "01.04") == [("县税务局", "lead"), ("县财政局", "support")]
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["responsible"]["raw"], m["responsible"]["line"], m["deadline"]["raw"], m["deadline"]["line"], m["text"])
            for m in plan["measures"]] == [
        ("县市场监管局、县公安局", 8, "2023年6月", 9, "压缩企业开办时间。企业开办全程压缩至1个工作日以内。"),
        ("县自然资源局", 13, "2023年9月", 12, "推行不动产登记“一窗受理”。整合登记、交易和缴税窗口。"),
        ("县住房城乡建设局\n配合单位：县消防救援大队", 16, "2023年12月", 18,
         "推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。"),
        ("县税务局牵头，县财政局配合", 21, "长期坚持", 22, "推行电子发票。全面推行增值税电子发票，减少纳税人办税成本。")]
    assert "no assignment line" not in result.stderr


def test_annex_marks_in_chinese_numerals_or_with_a_space_start_documents_as_annex_digits_do(tmp_path, runner):
    # 附件一 and 附件 2 alone on their lines start documents 2 and 3, as 附件1 and 附件2 would; prose that
    # names them (各项任务见附件一、附件 2，…) and a list of annexes (附件：1.…) start none.
    import_ok(runner, EXAMPLES / "annex-marks.txt", tmp_path / "draft")
    plans = {path.name: safe_load(path.read_text(encoding="utf-8"))
             for path in sorted((tmp_path / "draft" / "plans").glob("*.yaml"))}
    assert [(name, plan["annex"], plan["title"], plan["source"]["first_line"], plan["source"]["last_line"],
             [measure["responsible"]["raw"] for measure in plan["measures"]]) for name, plan in plans.items()] == [
        ("01-overall-plan.yaml", None, "某某县2023年优化营商环境行动方案", 1, 6, []),
        ("02-annex-1.yaml", "附件一", "某某县企业开办专项行动方案", 7, 20, ["县市场监管局", "县市场监管局"]),
        ("03-annex-2.yaml", "附件 2", "某某县纳税服务专项行动方案", 21, 30, ["县税务局"])]


def deadlines_of(folder: Path) -> list[tuple]:
    plan = safe_load((folder / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    return [(m["deadline"]["raw"], [(stone["date"], stone["label"]) for stone in m["deadline"]["milestones"]],
             m["deadline"]["ongoing"], m["deadline"].get("note")) for m in plan["measures"]]


def test_a_half_year_long_term_work_and_a_month_of_the_plan_year_are_read(tmp_path, runner):
    # 2023年上半年 is due when the half ends (30 June, as model/periods.py ends it), 长期坚持 is ongoing
    # as the shipped data marks 持续推进, and 6月底前 is June of the year the title names.
    import_ok(runner, EXAMPLES / "deadline-words.txt", tmp_path / "draft")
    assert deadlines_of(tmp_path / "draft") == [
        ("2023年上半年", [("2023-06-30", "2023年上半年")], False, None),
        ("长期坚持", [], True, None),
        ("6月底前", [("2023-06-30", "6月底前")], False, None)]


def test_a_month_without_its_year_is_left_undated_when_the_package_does_not_state_its_year(tmp_path, runner):
    # The title names no year: the plan year is the one the text names most, a guess, so 6月底前 gets
    # no milestone but a note and a line for review; validate then says what the raw states.
    text = tmp_path / "plan.txt"
    text.write_text((EXAMPLES / "deadline-words.txt").read_text(encoding="utf-8")
                    .replace("某某县2023年优化营商环境行动方案", "某某县优化营商环境行动方案", 1), encoding="utf-8")
    result = invoke(runner, "import", str(text), "-o", str(tmp_path / "draft"))
    assert result.exit_code == 1, result.output
    why = ("6月底前 names no year, and the package does not state its year for certain (the first title names "
           "none; 2023 is the year the text names most): its milestones are left for a reviewer")
    assert deadlines_of(tmp_path / "draft")[2] == ("6月底前", [], False, f"needs-review: {why}")
    assert f"plan.txt:16 deadline not dated: {why}" in result.stderr
    assert [line.split(" ", 1)[1] for line in result.stderr.splitlines() if "01-overall-plan.yaml:" in line] == [
        "measures[2].deadline.milestones: the raw deadline states [2023-06-30 (6月底前)], the data says none"]


def test_completion_time_is_a_deadline_line_as_completion_limit_is(tmp_path, runner):
    # 完成时间：… as 完成时限：… and 时间节点：…, before or after the responsibility, with ： or :, indented
    # or with a space before its colon: the measure's deadline (it had been listed for review, and the
    # line drafted into the next measure's text).
    result = import_ok(runner, EXAMPLES / "completion-time.txt", tmp_path / "draft")
    assert deadlines_of(tmp_path / "draft") == [
        ("2023年6月底前", [("2023-06-30", "2023年6月底前")], False, None),
        ("长期坚持", [], True, None),
        ("2023年12月", [("2023-12-31", None)], False, None)]
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["deadline"]["line"], m["responsible"]["raw"], m["text"]) for m in plan["measures"]] == [
        (8, "县市场监管局", "压缩企业开办时间。企业开办全程压缩至1个工作日以内。"),
        (13, "牵头单位：县税务局；配合单位：县财政局", "推行电子发票。全面推行增值税电子发票，减少纳税人办税成本。"),
        (16, "县自然资源局", "推行不动产登记“一窗受理”。整合登记、交易和缴税窗口。")]
    assert "no assignment line" not in result.stderr


def test_a_time_limit_line_is_a_deadline_line_and_only_at_the_line_start(tmp_path, runner):
    # 时限：… as 完成时限：…, before or after the responsibility, with ： or :, indented or with a space
    # before its colon: the measure's deadline (it had been listed for review, and the line drafted
    # into the next measure's text). 完成时限：… is still read whole, and a line of the item's text
    # that opens with other words before 时限： (办理时限：即时办结。) stays its text.
    result = import_ok(runner, EXAMPLES / "time-limits.txt", tmp_path / "draft")
    assert deadlines_of(tmp_path / "draft") == [
        ("2023年6月底前", [("2023-06-30", "2023年6月底前")], False, None),
        ("长期坚持", [], True, None),
        ("2023年12月", [("2023-12-31", None)], False, None),
        ("2023年9月", [("2023-09-30", None)], False, None)]
    plan = safe_load((tmp_path / "draft" / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["deadline"]["line"], m["responsible"]["raw"], m["text"]) for m in plan["measures"]] == [
        (8, "县市场监管局", "压缩企业开办时间。企业开办全程压缩至1个工作日以内。"),
        (14, "县税务局", "推行电子发票。全面推行增值税电子发票，减少纳税人办税成本。\n办理时限：即时办结。"),
        (17, "县自然资源局", "推行不动产登记“一窗受理”。整合登记、交易和缴税窗口。"),
        (21, "县供水公司", "推行水电气联动报装。实行用水、用电、用气报装一表申请、一次办结。")]
    assert "no assignment line" not in result.stderr


def test_queries_answer_on_the_draft(tmp_path, runner):
    import_ok(runner, EXAMPLES / "separate-lines.txt", tmp_path / "draft")
    due = invoke(runner, "--data", str(tmp_path / "draft"), "due", "--before", "2023-07", "--format", "json")
    assert due.exit_code == 0, due.output
    assert [(row["measure"], row["date"]) for row in json.loads(due.stdout)] == [("01.01", "2023-06-30")]
    measures = invoke(runner, "--data", str(tmp_path / "draft"), "measures", "--dept", "市税务局", "--format", "json")
    assert [row["id"] for row in json.loads(measures.stdout)] == ["01.02", "01.03"]


def test_a_gb18030_text_drafts_the_same_plans(tmp_path, runner):
    original = EXAMPLES / "separate-lines.txt"
    encoded = tmp_path / "separate-lines.txt"
    encoded.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    import_ok(runner, original, tmp_path / "utf8")
    import_ok(runner, encoded, tmp_path / "gb18030")
    for path in (tmp_path / "utf8" / "plans").glob("*.yaml"):
        assert (tmp_path / "gb18030" / "plans" / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "gb18030" / "source" / "separate-lines.txt").read_bytes() == original.read_bytes()


def test_a_text_in_full_width_digits_drafts_the_same_plans(tmp_path, runner):
    # Offices print years, annex numbers and figures in full-width digits too (２０２３年, 附件１): the
    # year is still read from the title, and the annex's slug and file name are still annex-1.
    original = EXAMPLES / "role-labels.txt"
    wide = tmp_path / "role-labels.txt"
    wide.write_text(original.read_text(encoding="utf-8").translate(
        str.maketrans("0123456789", "０１２３４５６７８９")), encoding="utf-8")
    import_ok(runner, wide, tmp_path / "draft")
    names = sorted(path.name for path in (tmp_path / "draft" / "plans").glob("*.yaml"))
    assert names == ["01-overall-plan.yaml", "02-annex-1.yaml"]
    annex = safe_load((tmp_path / "draft" / "plans" / "02-annex-1.yaml").read_text(encoding="utf-8"))
    assert (annex["year"], annex["slug"], annex["annex"]) == (2023, "annex-1", "附件１")
    assert bodies_of(tmp_path / "draft", "02.02") == [("人民银行某某县支行", "lead"), ("县金融工作局", "support")]


# A plan as an office publishes it: paragraphs, and an indicator table laid out in rows and cells.
PARAGRAPHS = [
    "某某市2023年获得用水优化提升方案",
    "为提升获得用水便利度，制定本方案。",
    "一、主要措施",
    "1.压减报装环节。推行“一表申请”，办理环节压减至2个。",
    "完成时限：2023年6月",
    "责任单位：市城管局牵头，市自来水公司配合",
    "2.压缩办理时间。实行并联审批，办理时间压缩至1个工作日。（市自来水公司负责）",
    "二、指标对比",
]
TABLE = [["指标（项目）", "现状水平", "2023年6月目标", "2023年12月目标"],
         ["办理环节（个）", "3", "2", "2"],
         ["办理时间（工作日）", "2", "1", "1"]]


def check_published_draft(folder: Path) -> None:
    assert valid(folder) == []
    plan = safe_load((folder / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))
    assert [(m["deadline"]["raw"], m["responsible"]["raw"]) for m in plan["measures"]] == [
        ("2023年6月", "市城管局牵头，市自来水公司配合"), (None, "市自来水公司负责")]
    rows = [(i["name"], i["baseline"]["value"], [(t["by"], t["value"]) for t in i["targets"]]) for i in plan["indicators"]]
    assert rows == [("办理环节（个）", 3, [("2023-06", 2), ("2023-12", 2)]),
                    ("办理时间（工作日）", 2, [("2023-06", 1), ("2023-12", 1)])]


def test_a_docx_is_read_paragraph_by_paragraph_and_table_by_table(tmp_path, runner):
    import docx  # python-docx, the import extra, which the test extra installs too
    document = docx.Document()
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for row, cells in zip(table.rows, TABLE):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("三、保障措施")
    document.add_paragraph("各部门要加强协作。")
    document.save(tmp_path / "plan.docx")
    import_ok(runner, tmp_path / "plan.docx", tmp_path / "draft")
    check_published_draft(tmp_path / "draft")
    assert (tmp_path / "draft" / "source" / "plan.docx").read_bytes() == (tmp_path / "plan.docx").read_bytes()
    assert sorted(path.name for path in (tmp_path / "draft" / "source").iterdir()) == [
        "plan.docx", "plan.txt", "plan.txt.sha256"]


def test_an_html_page_is_read_with_its_table(tmp_path, runner):
    cells = "".join("<tr>" + "".join(f"<td><p>{cell}</p></td>" for cell in row) + "</tr>" for row in TABLE)
    page = ("<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>某某市人民政府</title>"
            "<script>var x = '<p>不是正文</p>';</script></head><body><div class=\"article\">"
            + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
            + f"<table>{cells}</table><p>三、保障措施</p><p>各部门要加强协作。</p></div></body></html>")
    (tmp_path / "plan.html").write_bytes(page.encode("gbk"))
    import_ok(runner, tmp_path / "plan.html", tmp_path / "draft")
    check_published_draft(tmp_path / "draft")
    text = (tmp_path / "draft" / "source" / "plan.txt").read_text(encoding="utf-8")
    assert "不是正文" not in text and "某某市人民政府" not in text


def test_what_cannot_be_imported_is_refused_with_nothing_written(tmp_path, runner):
    text = tmp_path / "plan.txt"
    shutil.copyfile(EXAMPLES / "separate-lines.txt", text)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("x", encoding="utf-8")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\xfb" * 3)
    (tmp_path / "registry.yaml").write_text("format: bizenv/plan/1\n", encoding="utf-8")
    (tmp_path / "typed.yaml").write_text("format: bizenv/departments/1\njurisdiction: 某某市\ndepartments: 5\n",
                                         encoding="utf-8")
    # The shipped registry with one id given twice: a registry the model refuses, named at the value.
    shipped = (DATA / "departments.yaml").read_text(encoding="utf-8")
    assert shipped.count("\n- id: railway-office\n") == 1
    twice = shipped.replace("\n- id: railway-office\n", "\n- id: development-reform\n")
    (tmp_path / "twice.yaml").write_text(twice, encoding="utf-8")
    twice_line = shipped.split("\n").index("- id: railway-office") + 1  # the line given the other id
    cases = {
        ("import", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "a")): "missing.txt: no such file",
        ("import", str(text)): "give the data folder to create with -o DIR",
        ("import", str(text), "-o", str(tmp_path / "used")): "exists and is not an empty folder",
        ("import", str(tmp_path / "used"), "-o", str(tmp_path / "h")):
            f"{tmp_path / 'used'}: is a folder; give the published text",
        ("import", str(text), "-o", str(tmp_path / "i"), "--package", ""): "--package: '' is not a package id",
        # Named as given, not by the staging folder beside it (.x.k2j3…).
        ("import", str(text), "-o", str(tmp_path / "plan.txt" / "x")):
            f"{tmp_path / 'plan.txt' / 'x'}: cannot create the folder for the draft (",
        ("import", str(tmp_path / "plan.pdf"), "-o", str(tmp_path / "b")): "cannot import a .pdf",
        ("import", str(tmp_path / "bad.txt"), "-o", str(tmp_path / "c")): "neither UTF-8 nor GB18030",
        ("import", str(text), "-o", str(tmp_path / "d"), "--package", "Ping Ding"):
            "--package: 'Ping Ding' is not a package id",
        ("import", str(text), "-o", str(tmp_path / "e"), "--registry", str(tmp_path / "registry.yaml")):
            "registry.yaml:1:1 --registry: not a department registry",
        # A registry of the wrong shape is named as validate names it, not by a Python error.
        ("import", str(text), "-o", str(tmp_path / "f"), "--registry", str(tmp_path / "typed.yaml")):
            "typed.yaml:3:1 departments: 5 is not of type 'array' (--registry)",
        ("import", str(text), "-o", str(tmp_path / "g"), "--registry", str(tmp_path / "twice.yaml")):
            f"twice.yaml:{twice_line}:3 departments[3].id: duplicate department id 'development-reform' (--registry)",
    }
    for args, message in cases.items():
        result = invoke(runner, *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "bad.txt", "plan.pdf", "plan.txt", "registry.yaml", "twice.yaml", "typed.yaml", "used"]
    assert [path.name for path in (tmp_path / "used").iterdir()] == ["keep.txt"]


def test_the_empty_current_folder_is_drafted_into(tmp_path, runner, monkeypatch):
    # `-o .` names an empty folder as any other: the draft is written into it (it had been staged
    # inside it, and the import had ended in "could not read or write .").
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    import_ok(runner, EXAMPLES / "separate-lines.txt", Path("."))
    assert sorted(path.name for path in (tmp_path / "here").iterdir()) == [
        "departments.yaml", "plans", "progress", "source"]
    assert valid(tmp_path / "here") == []
