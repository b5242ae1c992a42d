"""Reading responsibility lines into bodies and roles (docs/data-format.md), against the real registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bizenv_cli.model.departments import Registry
from bizenv_cli.model.line_words import CONNECTIVES, ROLE_WORDS
from bizenv_cli.model.responsibility import Assignment, RoleWithoutBody, UnknownBody, parse_responsibility
from bizenv_cli.model.records import roles_summary

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "data" / "source" / "pingdingshan-2022-business-environment-plans.txt"

RESPONSIBILITY_LINE = re.compile(r"^责任单位[：:](.*)$")
# Table columns that hold responsible bodies, and the role their header gives unmarked bodies.
RESPONSIBILITY_COLUMNS = {"责任单位": "responsible", "责任部门": "responsible", "牵头单位": "lead"}


def source_lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").split("\n")


def responsibility_lines() -> list[tuple[int, str]]:
    """(line number, raw) of every 责任单位 line; tab-indented lines are table cells, not these."""
    return [(number, m.group(1)) for number, line in enumerate(source_lines(), 1) if (m := RESPONSIBILITY_LINE.match(line))]


def table_responsibility_cells() -> list[tuple[int, str, str]]:
    """(line number, cell, unmarked role) of every 责任单位/牵头单位 column cell of the source's tables.

    A table is a run of tab-led cells; its header is the first row. A non-tab line inside a row
    continues the cell before it (现状 / 水平, 全市行政 / 执法部门); blank lines carry no
    meaning; the first non-tab line after a complete row ends the table.
    """
    lines = source_lines()
    found = []
    start = 0
    while start < len(lines):
        if not lines[start].startswith("\t"):
            start += 1
            continue
        cells: list[list] = []  # [line number, text]
        width = None  # cells in the header row: those before the first blank line
        end = start
        while end < len(lines):
            text = lines[end]
            if text.startswith("\t"):
                cells.append([end + 1, text.strip()])
            elif text.strip() == "":
                if width is None:
                    width = len(cells)
            elif width is not None and len(cells) % width == 0:
                break
            else:
                cells[-1][1] += text.strip()
            end += 1
        start = end
        if not width:
            continue
        header = [text for _, text in cells[:width]]
        for row in range(width, len(cells) - width + 1, width):
            for column, title in enumerate(header):
                if title in RESPONSIBILITY_COLUMNS:
                    number, text = cells[row + column]
                    found.append((number, text, RESPONSIBILITY_COLUMNS[title]))
    return found


def parsed(raw: str, registry: Registry) -> list[tuple[str, str, str]]:
    return [(a.name, a.id, a.role) for a in parse_responsibility(raw, registry)]


# --- the rules, on real lines ------------------------------------------------------------------


def test_a_body_without_a_role_word_is_responsible_even_when_listed_first(registry: Registry) -> None:
    assert parsed("市中院、市检察院、市公安局", registry) == [
        ("市中院", "intermediate-court", "responsible"),
        ("市检察院", "procuratorate", "responsible"),
        ("市公安局", "public-security", "responsible"),
    ]


def test_lead_and_support(registry: Registry) -> None:
    assert parsed("市财政局牵头，市直各部门配合", registry) == [
        ("市财政局", "finance", "lead"),
        ("市直各部门", "city-all-departments", "support"),
    ]


def test_lead_support_and_implement_in_one_line(registry: Registry) -> None:
    raw = "市住房和城乡建设局牵头，市自然资源和规划局、市财政局配合，各县（市、区）人民政府负责落实"
    assert parsed(raw, registry) == [
        ("市住房和城乡建设局", "housing-urban-rural", "lead"),
        ("市自然资源和规划局", "natural-resources-planning", "support"),
        ("市财政局", "finance", "support"),
        ("各县（市、区）人民政府", "county-governments", "implement"),
    ]


def test_canyu_is_a_support_role_word(registry: Registry) -> None:
    # docs/data-format.md: support is 配合, 协同配合 or 参与.
    assert parsed("市财政局牵头，市税务局参与", registry) == [
        ("市财政局", "finance", "lead"),
        ("市税务局", "tax", "support"),
    ]


def test_role_labels_govern_the_bodies_after_them_up_to_the_next_label(registry: Registry) -> None:
    # The form other plans of the kind print (model/responsibility.py's docstring): 协办单位 and
    # 配合单位 are support, 牵头单位 lead, 责任单位 responsible.
    assert parsed("牵头单位：市税务局；协办单位：市财政局、市人社局", registry) == [
        ("市税务局", "tax", "lead"),
        ("市财政局", "finance", "support"),
        ("市人社局", "human-resources-social-security", "support"),
    ]
    assert parsed("牵头单位:市税务局;配合单位:市财政局;责任单位:市商务局", registry) == [
        ("市税务局", "tax", "lead"),
        ("市财政局", "finance", "support"),
        ("市商务局", "commerce", "responsible"),
    ]


def test_a_role_word_reaches_back_over_commas_to_the_previous_role_word(registry: Registry) -> None:
    raw = "市政务服务和大数据管理局牵头，各县（市、区）人民政府，城乡一体化示范区、高新区管委会，市直相关部门配合"
    assert parsed(raw, registry) == [
        ("市政务服务和大数据管理局", "gov-services-bigdata", "lead"),
        ("各县（市、区）人民政府", "county-governments", "support"),
        ("城乡一体化示范区", "urban-rural-demo-zone", "support"),
        ("高新区管委会", "high-tech-zone", "support"),
        ("市直相关部门", "city-relevant-departments", "support"),
    ]


def test_bodies_after_the_last_role_word_are_responsible(registry: Registry) -> None:
    raw = "市财政局牵头，市水利局、市自然资源和规划局、市城市管理局等部门配合，各县（市、区）人民政府"
    assert parsed(raw, registry) == [
        ("市财政局", "finance", "lead"),
        ("市水利局", "water-resources", "support"),
        ("市自然资源和规划局", "natural-resources-planning", "support"),
        ("市城市管理局", "urban-management", "support"),
        ("各县（市、区）人民政府", "county-governments", "responsible"),
    ]


def test_several_leads_and_a_repeated_lead_word(registry: Registry) -> None:
    raw = "市生态环境局牵头，市农业农村局、市自然资源和规划局牵头，市发展改革委、市住房和城乡建设局按职责分工负责"
    assert parsed(raw, registry) == [
        ("市生态环境局", "ecology-environment", "lead"),
        ("市农业农村局", "agriculture-rural", "lead"),
        ("市自然资源和规划局", "natural-resources-planning", "lead"),
        ("市发展改革委", "development-reform", "responsible"),
        ("市住房和城乡建设局", "housing-urban-rural", "responsible"),
    ]


def test_cooperative_support_joined_by_he(registry: Registry) -> None:
    assert parsed("市发展改革委牵头，各县（市、区）政府和相关市直单位协同配合", registry) == [
        ("市发展改革委", "development-reform", "lead"),
        ("各县（市、区）政府", "county-governments", "support"),
        ("相关市直单位", "city-relevant-units", "support"),
    ]


def test_parenthesised_unit_names_both_bodies(registry: Registry) -> None:
    raw = "市自然资源和规划局牵头，市司法局、市住房和城乡建设局（市房产事务服务中心）、市政务服务和大数据局、市税务局配合"
    assert parsed(raw, registry) == [
        ("市自然资源和规划局", "natural-resources-planning", "lead"),
        ("市司法局", "justice", "support"),
        ("市住房和城乡建设局", "housing-urban-rural", "support"),
        ("市房产事务服务中心", "real-estate-services", "support"),
        ("市政务服务和大数据局", "gov-services-bigdata", "support"),
        ("市税务局", "tax", "support"),
    ]
    assert parsed("市发改委（市铁路办）", registry) == [
        ("市发改委", "development-reform", "responsible"),
        ("市铁路办", "railway-office", "responsible"),
    ]


def test_deng_xiangguan_bumen_ji_ge_xian_keeps_both_collectives(registry: Registry) -> None:
    raw = "市市场监管局、市政务服务和大数据管理局、市发改委等相关部门及各县（市、区）按职责分工负责"
    assert parsed(raw, registry) == [
        ("市市场监管局", "market-regulation", "responsible"),
        ("市政务服务和大数据管理局", "gov-services-bigdata", "responsible"),
        ("市发改委", "development-reform", "responsible"),
        ("相关部门", "related-departments", "responsible"),
        ("各县（市、区）", "counties", "responsible"),
    ]


def test_deng_bumen_closes_a_list_without_naming_more(registry: Registry) -> None:
    raw = "市市场监管局牵头，市中级法院、市检察院、市公安局、市司法局、市文广旅局、市农业农村局、平顶山海关等部门、各县（市、区）政府按职责分工负责"
    assert parsed(raw, registry) == [
        ("市市场监管局", "market-regulation", "lead"),
        ("市中级法院", "intermediate-court", "responsible"),
        ("市检察院", "procuratorate", "responsible"),
        ("市公安局", "public-security", "responsible"),
        ("市司法局", "justice", "responsible"),
        ("市文广旅局", "culture-tourism", "responsible"),
        ("市农业农村局", "agriculture-rural", "responsible"),
        ("平顶山海关", "customs", "responsible"),
        ("各县（市、区）政府", "county-governments", "responsible"),
    ]


def test_an_fenggong_luoshi_is_responsible(registry: Registry) -> None:
    assert parsed("市发展改革委、市公共资源交易中心等按职责分工落实", registry) == [
        ("市发展改革委", "development-reform", "responsible"),
        ("市公共资源交易中心", "public-resources-trading", "responsible"),
    ]


def test_role_formula_in_mid_line_and_county_scope_variants(registry: Registry) -> None:
    assert parsed("市民政局、市各有关部门根据行业管理职责分工负责，各县（市、区）人民政府", registry) == [
        ("市民政局", "civil-affairs", "responsible"),
        ("市各有关部门", "city-relevant-departments", "responsible"),
        ("各县（市、区）人民政府", "county-governments", "responsible"),
    ]
    assert parsed("市发改委、市供电公司，各县（市）人民政府，各县（市）供电公司", registry) == [
        ("市发改委", "development-reform", "responsible"),
        ("市供电公司", "state-grid-pingdingshan", "responsible"),
        ("各县（市）人民政府", "county-city-governments", "responsible"),
        ("各县（市）供电公司", "county-power-companies", "responsible"),
    ]


def test_stray_whitespace_is_ignored_and_names_stay_as_printed(registry: Registry) -> None:
    # Line 2962 has a space after 责任单位：; line 2300 ends in a space.
    assert parsed(" 市商务局、市发改委，各县（市、区）人民政府", registry) == [
        ("市商务局", "commerce", "responsible"),
        ("市发改委", "development-reform", "responsible"),
        ("各县（市、区）人民政府", "county-governments", "responsible"),
    ]


def test_a_lead_column_cell_makes_unmarked_bodies_leads(registry: Registry) -> None:
    assert parse_responsibility("市市场监管局", registry, unmarked_role="lead") == [
        Assignment("市市场监管局", "market-regulation", "lead")
    ]


def test_a_cell_split_across_lines_reads_as_one_name(registry: Registry) -> None:
    assert parsed("全市行政\n\n执法部门", registry) == [("全市行政执法部门", "law-enforcement-departments", "responsible")]


# --- refusals ---------------------------------------------------------------------------------


def test_an_unknown_name_raises_and_is_named(registry: Registry) -> None:
    with pytest.raises(UnknownBody) as caught:
        parse_responsibility("市财政局牵头，市外事办配合", registry)
    assert caught.value.name == "市外事办"
    assert caught.value.raw == "市财政局牵头，市外事办配合"
    assert isinstance(caught.value, ValueError)


def test_a_near_miss_spelling_is_not_guessed(registry: Registry) -> None:
    with pytest.raises(UnknownBody) as caught:
        parse_responsibility("市税务局、市市场监督局", registry)
    assert caught.value.name == "市市场监督局"


def test_unlisted_connecting_text_is_not_skipped(registry: Registry) -> None:
    with pytest.raises(UnknownBody) as caught:
        parse_responsibility("市税务局或市财政局", registry)
    assert caught.value.name.startswith("或")


def test_a_full_stop_ending_the_line_names_nothing(registry: Registry) -> None:
    # 市税务局、市财政局。 closes its sentence: the 。 is read as no piece (it had been refused as an
    # unknown body '。'); one anywhere else is still no piece a line may hold.
    assert parsed("市税务局、市财政局。", registry) == parsed("市税务局、市财政局", registry) == [
        ("市税务局", "tax", "responsible"), ("市财政局", "finance", "responsible")]
    assert parsed("市税务局牵头，市财政局配合。 ", registry) == [("市税务局", "tax", "lead"), ("市财政局", "finance", "support")]
    for raw in ("市税务局。市财政局", "市税务局。。"):
        with pytest.raises(UnknownBody) as caught:
            parse_responsibility(raw, registry)
        assert caught.value.name.startswith("。")


def test_a_role_word_governing_nothing_is_an_error(registry: Registry) -> None:
    # A ValueError of its own kind (an UnreadableLine, as UnknownBody is), so validate names it at
    # the line: a plain ValueError had been a traceback.
    for raw in ("牵头，市财政局配合", "牵头市发改委、市供电公司"):
        with pytest.raises(RoleWithoutBody) as caught:
            parse_responsibility(raw, registry)
        assert (caught.value.word, caught.value.raw) == ("牵头", raw)
        assert str(caught.value).startswith("the role word '牵头' governs no body")


def test_roles_summary_lists_each_id_once_in_order(registry: Registry) -> None:
    raw = "市自然资源和规划局牵头，市法院、市公安局、市住房和城乡建设局（市房产事务服务中心）、市中级法院配合"
    assert roles_summary(parse_responsibility(raw, registry)) == {
        "lead": ["natural-resources-planning"],
        "support": ["intermediate-court", "public-security", "housing-urban-rural", "real-estate-services"],
        "implement": [],
        "responsible": [],
    }


# --- the whole source ---------------------------------------------------------------------------


def test_the_source_has_its_responsibility_lines_and_table_cells() -> None:
    assert len(responsibility_lines()) == 408
    cells = table_responsibility_cells()
    assert [(text, role) for _, text, role in cells] == [
        ("全市部门联合“双随机、一公开”联席会议制度成员单位", "responsible"),
        ("市市场监管局", "lead"),
        ("全市行政执法部门", "responsible"),
        ("市司法局", "lead"),
    ]


def test_every_responsibility_line_reads_completely(registry: Registry) -> None:
    failures = []
    for number, raw in responsibility_lines():
        try:
            assignments = parse_responsibility(raw, registry)
        except ValueError as error:
            failures.append(f"line {number}: {error}")
            continue
        if not assignments:
            failures.append(f"line {number}: no body in {raw!r}")
        if residue := unaccounted_text(raw, assignments):
            failures.append(f"line {number}: {residue!r} left over in {raw!r}")
    assert failures == []


def unaccounted_text(raw: str, assignments: list[Assignment]) -> str:
    """What is left of ``raw`` once the names, in order, and the listed words are taken out."""
    rest = re.sub(r"\s+", "", raw)
    pieces = []
    for assignment in assignments:
        before, found, rest = rest.partition(assignment.name)
        if not found:
            return f"{assignment.name} (not printed in order)"
        pieces.append(before)
    pieces.append(rest)
    words = sorted([*ROLE_WORDS, *CONNECTIVES], key=len, reverse=True)
    leftover = "|".join(pieces)
    for word in words:
        leftover = leftover.replace(word, "")
    return leftover.replace("|", "")


def test_every_table_responsibility_cell_reads_completely(registry: Registry) -> None:
    for number, cell, role in table_responsibility_cells():
        assignments = parse_responsibility(cell, registry, unmarked_role=role)
        assert assignments, f"line {number}: {cell!r}"
        assert all(a.role == role for a in assignments)


def test_every_registry_entry_is_named_by_some_responsibility(registry: Registry) -> None:
    named = {a.id for _, raw in responsibility_lines() for a in parse_responsibility(raw, registry)}
    named |= {a.id for _, cell, role in table_responsibility_cells() for a in parse_responsibility(cell, registry, unmarked_role=role)}
    assert {d.id for d in registry} - named == set()


def test_facts_a_reader_can_check(registry: Registry) -> None:
    leads = [a.id for _, raw in responsibility_lines() for a in parse_responsibility(raw, registry) if a.role == "lead"]
    # 市政务服务和大数据管理局牵头 / 市政务服务和大数据局牵头: 22 + 5 printed occurrences.
    assert leads.count("gov-services-bigdata") == 27
    implements = [a.id for _, raw in responsibility_lines() for a in parse_responsibility(raw, registry) if a.role == "implement"]
    assert set(implements) == {"county-governments"}
