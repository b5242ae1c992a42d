"""`bizenv import` on texts that hold what a published plan should not, or leave out what the draft
needs: refused with exit 2 and nothing written, or drafted with each guess listed for review, and
never a raw escape sequence on the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA, REPO, import_ok, invoke, valid
from pyyaml_reading import safe_load

EXAMPLES = REPO / "tests" / "examples" / "import"
PLAN = (EXAMPLES / "separate-lines.txt").read_text(encoding="utf-8")
TITLE = "某某市2023年优化营商环境行动方案"


def plan_of(folder: Path) -> dict:
    return safe_load((folder / "plans" / "01-overall-plan.yaml").read_text(encoding="utf-8"))


def listed(result, folder: Path, name: str) -> list[str]:
    """The review lines stderr lists for the text `name` in the draft's source/."""
    prefix = f"{folder / 'source' / name}:"
    return [line[len(prefix):] for line in result.stderr.splitlines() if line.startswith(prefix)]


def test_text_from_the_input_reaches_the_terminal_escaped(tmp_path, runner):
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace("责任单位：市市场监管局", "责任单位：市\u202e红局、市市场监管局", 1), encoding="utf-8")
    folder = tmp_path / "draft\x1b]0;title\x07"
    result = import_ok(runner, text, folder)
    assert "\u202e" not in result.stderr and "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "new body 市\\u202e红局" in result.stderr
    assert "ok: the draft is valid (bizenv --data " in result.stderr and "draft\\x1b]0;title\\x07" in result.stderr


def test_control_characters_of_a_txt_never_reach_the_draft(tmp_path, runner):
    # C0 (form feed, SOH, ESC), C1 (NEL, CSI) and a CRLF line end: none is text a data file may hold.
    text = tmp_path / "plan.txt"
    dirty = PLAN.replace(TITLE, "某某市\x0c2023年\x01优化\x85营商\x9b环境\x1b行动方案", 1).replace("\n", "\r\n", 3)
    text.write_bytes(dirty.encode("utf-8"))
    import_ok(runner, text, tmp_path / "draft")
    assert plan_of(tmp_path / "draft")["title"] == TITLE
    assert (tmp_path / "draft" / "source" / "plan.txt").read_text(encoding="utf-8") == PLAN


def test_c1_controls_of_an_html_page_are_dropped(tmp_path):
    from bizenv_cli.importer.reading import read_published

    page = tmp_path / "plan.html"
    page.write_text(f"<html><body><p>{TITLE[:3]}\x9b{TITLE[3:]}</p><p>正文\x80。</p></body></html>", encoding="utf-8")
    assert read_published(page) == f"{TITLE}\n\n正文。\n"


def refused(runner, text: Path, folder: Path, message: str) -> None:
    result = invoke(runner, "import", str(text), "-o", str(folder))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1
    assert not folder.exists() and sorted(path.name for path in folder.parent.iterdir()) == [text.name]


def test_an_empty_text_is_refused(tmp_path, runner):
    for number, content in enumerate(["", "\n \n\t\n", "\u3000\n\x0c\n"]):
        text = tmp_path / str(number) / "plan.txt"
        text.parent.mkdir()
        text.write_text(content, encoding="utf-8")
        refused(runner, text, text.parent / "draft", "plan.txt: the text is empty")
    page = tmp_path / "page" / "plan.html"
    page.parent.mkdir()
    page.write_text("<html><head><title>某某市人民政府</title></head><body><p> </p></body></html>", encoding="utf-8")
    refused(runner, page, page.parent / "draft", "plan.html: the text is empty")


def test_a_text_larger_than_a_data_file_is_refused_naming_the_bound(tmp_path, runner):
    from bizenv_cli.files.datadir import MAX_DATA_FILE_BYTES

    text = tmp_path / "plans" / "plan.txt"
    text.parent.mkdir()
    # Under the bound in GB18030 (two bytes a character), over it as the UTF-8 source/ keeps (three).
    line = "某" * 999 + "\n"
    text.write_bytes((PLAN + line * (MAX_DATA_FILE_BYTES // 2 // len(line))).encode("gb18030"))
    assert text.stat().st_size < MAX_DATA_FILE_BYTES
    refused(runner, text, text.parent / "draft", f"may be at most {MAX_DATA_FILE_BYTES:,} bytes")


def test_a_published_file_too_large_to_import_is_refused_naming_its_own_bound(tmp_path, runner):
    # It said "a data file may be at most 67,108,864 bytes", a bound no data file has (4 MiB).
    from bizenv_cli.importer.reading import MAX_INPUT_BYTES

    text = tmp_path / "plans" / "plan.txt"
    text.parent.mkdir()
    with text.open("wb") as sparse:  # its size is refused before a byte of it is read
        sparse.truncate(MAX_INPUT_BYTES + 1)
    refused(runner, text, text.parent / "draft",
            f"the file is {MAX_INPUT_BYTES + 1:,} bytes; a published text to import may be at most {MAX_INPUT_BYTES:,} bytes")


def test_a_text_that_names_no_year_is_refused(tmp_path, runner):
    text = tmp_path / "plans" / "plan.txt"
    text.parent.mkdir()
    text.write_text(PLAN.replace("2023年", ""), encoding="utf-8")
    refused(runner, text, text.parent / "draft", "plan.txt: the text names no year")


def test_a_year_read_from_the_body_is_kept_and_listed(tmp_path, runner):
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace(TITLE, "某某市优化营商环境行动方案", 1), encoding="utf-8")
    result = import_ok(runner, text, tmp_path / "draft")
    plan = plan_of(tmp_path / "draft")
    assert plan["year"] == 2023 and plan["jurisdiction"] == "某某市"
    first = next(number for number, line in enumerate(PLAN.split("\n"), 1) if "2023年" in line and number > 1)
    assert f"{first} the plan year 2023: the first title (line 1) names no year; 2023 is the year the text names " \
           "most (2 times, first here)" in listed(result, tmp_path / "draft", "plan.txt")
    assert plan["note"].startswith("needs-review") and "The plan year 2023 is not in the first title" in plan["note"]


def test_the_jurisdiction_follows_an_issuing_notice_and_its_absence_is_listed(tmp_path, runner):
    for number, title in enumerate(["关于印发平顶山市2023年优化营商环境行动方案的通知", "《平顶山市2023年优化营商环境行动方案》"]):
        text = tmp_path / f"plan-{number}.txt"
        text.write_text(PLAN.replace(TITLE, title, 1), encoding="utf-8")
        result = import_ok(runner, text, tmp_path / f"draft-{number}")
        assert plan_of(tmp_path / f"draft-{number}")["jurisdiction"] == "平顶山市"
        assert "no jurisdiction" not in result.stderr
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace(TITLE, "2023年优化营商环境行动方案", 1), encoding="utf-8")
    result = import_ok(runner, text, tmp_path / "draft")
    plan = plan_of(tmp_path / "draft")
    assert plan["jurisdiction"] == "" and "No jurisdiction: the first title (line 1)" in plan["note"]
    assert "1 no jurisdiction: the first title does not start with one (…市, …县, …区); the plans and the registry " \
           "leave jurisdiction empty" in listed(result, tmp_path / "draft", "plan.txt")
    assert safe_load((tmp_path / "draft" / "departments.yaml").read_text(encoding="utf-8"))["jurisdiction"] == ""


def test_a_registry_body_named_otherwise_here_is_listed(tmp_path, runner):
    text = tmp_path / "plan.txt"
    shutil.copyfile(EXAMPLES / "separate-lines.txt", text)
    result = import_ok(runner, text, tmp_path / "draft", "--registry", str(DATA / "departments.yaml"))
    registry = safe_load((tmp_path / "draft" / "departments.yaml").read_text(encoding="utf-8"))
    renamed = [entry for entry in registry["departments"] if (entry["note"] or "").startswith("needs-review")]
    assert [entry["id"] for entry in renamed] == ["market-regulation"]
    line = next(number for number, printed in enumerate(PLAN.split("\n"), 1) if "市市场监管局" in printed)
    assert f"{line} market-regulation 市市场监管局: the registry's name 市市场监督管理局 is not printed in this " \
           "package; named as printed here" in listed(result, tmp_path / "draft", "plan.txt")


def test_an_annex_with_no_line_after_its_annex_line_is_titled_by_that_line(tmp_path, runner):
    text = tmp_path / "plan.txt"
    text.write_text(PLAN + "\n附件2\n", encoding="utf-8")
    result = invoke(runner, "import", str(text), "-o", str(tmp_path / "draft"))
    annex = safe_load((tmp_path / "draft" / "plans" / "02-annex-2.yaml").read_text(encoding="utf-8"))
    assert annex["title"] == "附件2"
    line = annex["source"]["first_line"]
    assert f"{line} no title line: the document prints nothing after its 附件N line, which is taken as the title" \
        in listed(result, tmp_path / "draft", "plan.txt")
    assert not any("title:" in problem for problem in valid(tmp_path / "draft"))


def test_a_text_that_opens_with_its_annex_line_has_no_overall_plan(tmp_path, runner):
    # 附件2 on line 1 leaves no line for document 1: the text is that one annex, document 2.
    text = tmp_path / "annex.txt"
    text.write_text("附件2\n\n" + PLAN, encoding="utf-8")
    import_ok(runner, text, tmp_path / "draft")
    assert sorted(path.name for path in (tmp_path / "draft" / "plans").iterdir()) == ["02-annex-2.yaml"]
    plan = safe_load((tmp_path / "draft" / "plans" / "02-annex-2.yaml").read_text(encoding="utf-8"))
    assert (plan["document"], plan["title"], plan["source"]["first_line"]) == (2, TITLE, 1)
    assert valid(tmp_path / "draft") == []


def test_a_second_package_read_with_the_first_drafts_registry_gives_each_new_body_its_own_id(tmp_path, runner):
    # The first draft's registry holds body-001…; the second package prints two bodies it lacks.
    # Each new id skipped those the registry held, but not those it had just given: both became
    # the same body-NNN, and the import ended in a traceback.
    first = tmp_path / "first.txt"
    shutil.copyfile(EXAMPLES / "separate-lines.txt", first)
    import_ok(runner, first, tmp_path / "first")
    drafted = safe_load((tmp_path / "first" / "departments.yaml").read_text(encoding="utf-8"))["departments"]
    assert any(entry["id"].startswith("body-") for entry in drafted)
    second = tmp_path / "second.txt"
    second.write_text(PLAN.replace("责任单位：市税务局", "责任单位：市新设甲局、市新设乙局", 1), encoding="utf-8")
    import_ok(runner, second, tmp_path / "second", "--registry", str(tmp_path / "first" / "departments.yaml"))
    entries = safe_load((tmp_path / "second" / "departments.yaml").read_text(encoding="utf-8"))["departments"]
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    assert {entry["name"] for entry in entries} >= {"市新设甲局", "市新设乙局"}


def test_a_deadline_printed_among_the_bodies_is_never_a_new_body(tmp_path, runner):
    # （市税务局负责，2023年9月底前完成）: the bracket closes the item and names a time beside the body.
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace("减少纳税人办税成本。", "减少纳税人办税成本。（市税务局负责，２０２３年9月底前完成）", 1)
                    .replace("完成时限：持续推进\n责任单位：市税务局\n", ""), encoding="utf-8")
    folder = tmp_path / "draft"
    result = invoke(runner, "import", str(text), "-o", str(folder))
    assert result.exit_code == 1, result.output
    registry = safe_load((folder / "departments.yaml").read_text(encoding="utf-8"))
    assert "２０２３年9月底前完成" not in [entry["name"] for entry in registry["departments"]]
    assert "市税务局" in [entry["name"] for entry in registry["departments"]]
    responsible = plan_of(folder)["measures"][2]["responsible"]
    assert (responsible["raw"], responsible["bodies"]) == ("市税务局负责，２０２３年9月底前完成", [])
    assert responsible["note"].startswith("needs-review: the bodies could not be read ('２０２３年9月底前完成' prints a time")
    line = text.read_text(encoding="utf-8").split("\n").index(
        "3.推行电子发票。全面推行增值税电子发票，减少纳税人办税成本。（市税务局负责，２０２３年9月底前完成）") + 1
    assert any(entry.startswith(f"{line} responsibility not read: '２０２３年9月底前完成' prints a time")
               for entry in listed(result, folder, "plan.txt"))


def test_an_assignment_line_in_a_layout_the_importer_does_not_read_is_listed_for_review(tmp_path, runner):
    # 参与单位：…；配合单位：… and 截止时间：… on lines of their own: no block reads them (牵头单位：…,
    # 主责单位：…, 时限：… and 完成时间：… it reads: tests/importer/test_layouts.py), so the bodies and the
    # deadline they name reach no measure; the line stays in the text it lands in, with a note, and is
    # listed.
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace("责任单位：市政务服务和大数据管理局牵头，各县（市、区）人民政府配合",
                                 "参与单位：市政务服务和大数据管理局；配合单位：各县（市、区）人民政府", 1)
                    .replace("责任单位：市税务局", "截止时间：2023年6月", 1), encoding="utf-8")
    folder = tmp_path / "draft"
    result = invoke(runner, "import", str(text), "-o", str(folder))
    lines = text.read_text(encoding="utf-8").split("\n")
    unread = [lines.index("参与单位：市政务服务和大数据管理局；配合单位：各县（市、区）人民政府") + 1,
              lines.index("截止时间：2023年6月") + 1]
    why = ("： is no assignment line the importer reads (时间节点：, 完成时限：, 完成时间：, 时限：, 责任单位：, "
           "责任部门：, 主责单位：, 承办单位：, the role labels 牵头单位：, 协办单位：, 配合单位：, 牵头部门：, 协办部门：, "
           "配合部门：, or a bracket naming roles): its bodies or deadline are in no measure")
    assert [f"{unread[0]} 参与单位{why}", f"{unread[1]} 截止时间{why}"] == [
        entry for entry in listed(result, folder, "plan.txt") if "no assignment line" in entry]
    plan = plan_of(folder)
    # The first lands in the text of the measure after it; the second follows the section's last
    # measure, a paragraph, with this reason rather than the one every such paragraph has.
    assert [(measure["id"], measure["note"]) for measure in plan["measures"] if "note" in measure] == [
        ("01.02", f"needs-review: line {unread[0]}: 参与单位{why}")]
    assert {"line": unread[1], "text": "截止时间：2023年6月", "note": f"needs-review: 截止时间{why}"} in [
        paragraph for section in plan["sections"] for paragraph in section["paragraphs"]]


def test_an_assignment_line_indented_with_a_tab_is_listed_as_such(tmp_path, runner):
    # Indented with spaces, any a text prints (ASCII, full-width U+3000, no-break U+00A0 …), an
    # assignment line is read (tests/importer/test_layouts.py); a tab starts a table cell, and one
    # after a space stands in no indent the block reader reads: the reason names it, not the label.
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace("完成时限：持续推进\n责任单位：市税务局", "\u00a0\t完成时限：持续推进\n \t责任单位：市税务局"),
                    encoding="utf-8")
    folder = tmp_path / "draft"
    result = invoke(runner, "import", str(text), "-o", str(folder))
    lines = text.read_text(encoding="utf-8").split("\n")
    first = lines.index("\u00a0\t完成时限：持续推进") + 1
    why = ("： is indented with U+0009, and an assignment line is read only at the line's start or after spaces "
           "(any but a tab, U+0009, which starts a table cell): its bodies or deadline are in no measure")
    assert [f"{first} 完成时限{why}", f"{first + 1} 责任单位{why}"] == [
        entry for entry in listed(result, folder, "plan.txt") if "is indented with" in entry]


def test_an_annex_mark_the_document_reader_does_not_split_at_is_listed_for_review(tmp_path, runner):
    # 附件1：, 附件一、 and 附件1. mark an annex too, but only 附件 and a number alone (附件1, 附件 1, 附件一:
    # tests/importer/test_layouts.py) start a document: the annex is drafted as more of the overall
    # plan, which the reviewer must be told.
    annex = "\n附件{}\n\n某某市纳税服务专项行动方案\n\n一、主要措施\n\n（一）推行综合申报。\n完成时限：2023年9月\n责任单位：市税务局\n"
    for mark in ("1：", "一、", "1."):
        text = tmp_path / "plan.txt"
        text.write_text(PLAN + annex.format(mark), encoding="utf-8")
        folder = tmp_path / f"draft{len(list(tmp_path.iterdir()))}"
        result = invoke(runner, "import", str(text), "-o", str(folder))
        line = text.read_text(encoding="utf-8").split("\n").index(f"附件{mark}") + 1
        why = (f"附件{mark} is no annex mark the importer reads (only 附件 and a number, in digits or Chinese "
               "numerals, nothing else on the line, starts a document): what follows is drafted as more of this document")
        assert f"{line} {why}" in listed(result, folder, "plan.txt"), result.stderr
        assert {"line": line, "text": f"附件{mark}".strip(), "note": f"needs-review: {why}"} in [
            paragraph for section in plan_of(folder)["sections"] for paragraph in section["paragraphs"]]


def test_a_role_in_brackets_and_a_closing_full_stop_make_no_new_body(tmp_path, runner):
    # 市税务局（牵头） had been registered as a body, a spelling the registry refuses, so that every
    # later line of the package went unread; 市财政局。 had been a body apart from 市财政局, and then a
    # line the reader refused. The 。 ending the line is read as no piece: the raw keeps it, the bodies
    # do not, and the draft is valid.
    text = tmp_path / "plan.txt"
    text.write_text(PLAN.replace("责任单位：市政务服务和大数据管理局牵头，各县（市、区）人民政府配合",
                                 "责任单位：市税务局（牵头）、各县（市、区）人民政府", 1)
                    .replace("责任单位：市税务局\n", "责任单位：市税务局、市财政局。\n", 1), encoding="utf-8")
    folder = tmp_path / "draft"
    result = import_ok(runner, text, folder)
    registry = safe_load((folder / "departments.yaml").read_text(encoding="utf-8"))
    assert sorted(entry["name"] for entry in registry["departments"]) == [
        "各县（市、区）人民政府", "市公安局", "市市场监管局", "市税务局", "市财政局"]
    measures = plan_of(folder)["measures"]
    assert [(body["name"], body["role"]) for body in measures[0]["responsible"]["bodies"]] == [
        ("市税务局", "lead"), ("各县（市、区）人民政府", "responsible")]
    assert len(measures[1]["responsible"]["bodies"]) == 3
    assert (measures[2]["responsible"]["raw"], [(body["name"], body["role"]) for body in measures[2]["responsible"]["bodies"]]) \
        == ("市税务局、市财政局。", [("市税务局", "responsible"), ("市财政局", "responsible")])
    assert "note" not in measures[2]["responsible"]
    assert [entry for entry in listed(result, folder, "plan.txt") if "not read" in entry] == []


def test_the_year_and_jurisdiction_are_read_from_the_whole_title_as_the_plan_prints_it(tmp_path, runner):
    # A title over two lines names its jurisdiction or its year on the second: both are read from
    # the title the plan is drafted with, not its first line alone (which had listed "names no year",
    # or left the jurisdiction empty, of a title that names both).
    for head in ("某某市人民政府办公室\n关于印发某某市2023年优化营商环境行动方案的通知\n",
                 "关于印发\n某某市2023年优化营商环境行动方案的通知\n"):
        text = tmp_path / "plan.txt"
        text.write_text(head + "\n" + PLAN.split("\n", 1)[1], encoding="utf-8")
        folder = tmp_path / f"draft{len(list(tmp_path.iterdir()))}"
        result = import_ok(runner, text, folder)
        plan = plan_of(folder)
        assert (plan["title"], plan["jurisdiction"], plan["year"]) == (head.replace("\n", ""), "某某市", 2023)
        assert "year" not in plan["note"] and "jurisdiction" not in plan["note"]
        assert not [entry for entry in listed(result, folder, "plan.txt") if "year" in entry or "jurisdiction" in entry]


def test_a_text_whose_annex_lines_number_one_document_twice_is_refused(tmp_path, runner):
    # 附件1 twice, or 附件0 beside 附件1: the later line takes the document's number, and the lines of
    # the earlier document had been drafted in no plan (and audited in none), the draft valid.
    annex = "\n附件{}\n\n某某市纳税服务专项行动方案\n\n一、主要措施\n\n（一）推行综合申报。\n完成时限：2023年9月\n责任单位：市税务局\n"
    for marks, lost in (((1, 1), "附件1"), ((0, 1), TITLE)):
        text = tmp_path / f"plan{marks[0]}.txt"
        text.write_text(PLAN + "".join(annex.format(mark) for mark in marks), encoding="utf-8")
        folder = tmp_path / f"draft{marks[0]}"
        result = invoke(runner, "import", str(text), "-o", str(folder))
        assert result.exit_code == 2, result.output
        first = text.read_text(encoding="utf-8").split("\n").index(lost) + 1
        assert result.stderr.startswith(f"bizenv: error: {text}:{first}: lines {first}-") and \
            "would be drafted in no plan: an annex line after them numbers the document they start" in result.stderr
        assert not folder.exists()
