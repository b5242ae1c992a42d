"""The department registry: its model, and the facts data/departments.yaml must hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bizenv_cli.model.departments import Contradiction, Department, Registry, RegistryError

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "data" / "source" / "pingdingshan-2022-business-environment-plans.txt"


def squeeze(text: str) -> str:
    # The audit's notion of verbatim (docs/validation.md): whitespace removed on both sides, because the
    # extraction breaks table cells across lines (全市行政 / 执法部门).
    return re.sub(r"\s+", "", text)


# --- the real registry ---------------------------------------------------------------------------


def test_registry_names_its_format_and_jurisdiction(registry_document: dict) -> None:
    assert registry_document["format"] == "bizenv/departments/1"
    assert registry_document["jurisdiction"] == "平顶山市"


def test_every_name_and_alias_is_printed_in_the_source(registry: Registry) -> None:
    source = squeeze(SOURCE.read_text(encoding="utf-8"))
    missing = [spelling for d in registry for spelling in d.spellings if squeeze(spelling) not in source]
    assert missing == []


def test_ids_are_unique(registry_document: dict) -> None:
    ids = [entry["id"] for entry in registry_document["departments"]]
    assert len(ids) == len(set(ids))


def test_no_spelling_belongs_to_two_entries(registry_document: dict) -> None:
    owners: dict[str, list[str]] = {}
    for entry in registry_document["departments"]:
        for spelling in {entry["name"], *entry["aliases"]}:
            owners.setdefault(spelling, []).append(entry["id"])
    assert {s: ids for s, ids in owners.items() if len(ids) > 1} == {}


def test_groups_and_only_groups_have_kind_group(registry: Registry) -> None:
    assert all((d.kind == "group") == d.group for d in registry)


def test_parents_are_registry_ids(registry: Registry) -> None:
    assert registry.get("real-estate-services").parent == "housing-urban-rural"
    assert all(d.parent is None or d.parent in registry for d in registry)


@pytest.mark.parametrize(
    ("spellings", "department_id"),
    [
        (["市发展和改革委员会", "市发展改革委", "市发改委"], "development-reform"),
        (["市中级人民法院", "市中级法院", "市中院", "市法院"], "intermediate-court"),
        (["人民银行平顶山中心支行", "人行平顶山市中心支行", "人行平顶山中心支行"], "pbc-pingdingshan"),
        (["市市场监督管理局", "市市场监管局"], "market-regulation"),
        (["市政务服务和大数据管理局", "市政务服务和大数据局"], "gov-services-bigdata"),
        (["市供电公司", "平顶山供电公司", "平顶山市供电公司"], "state-grid-pingdingshan"),
        (["平顶山银保监分局", "市银保监分局"], "cbirc-pingdingshan"),
        (["市自然资源和规划局", "市自然资源与规划局"], "natural-resources-planning"),
        (["各县（市、区）人民政府", "各县（市、区）政府"], "county-governments"),
    ],
)
def test_aliases_of_one_body_resolve_to_one_id(registry: Registry, spellings: list[str], department_id: str) -> None:
    assert {registry.by_name(spelling).id for spelling in spellings} == {department_id}


def test_near_spellings_of_different_scope_stay_apart(registry: Registry) -> None:
    # 各县（市）leaves out the districts, 各县（区）the county-level cities: not one body.
    ids = {registry.by_name(s).id for s in ("各县（市、区）人民政府", "各县（市）人民政府", "各县（区）人民政府", "各县（市、区）")}
    assert len(ids) == 4
    assert registry.get("county-district-governments").note


def test_collective_phrases_are_groups(registry: Registry) -> None:
    for phrase in ("各县（市、区）人民政府", "市直相关部门", "市直各部门", "相关部门", "各有关金融机构", "各县（市、区）"):
        assert registry.by_name(phrase).group, phrase


# --- the model -----------------------------------------------------------------------------------


def small_registry() -> Registry:
    return Registry(
        [
            Department("tax", "市税务局", "Tax", "central-branch", False),
            Department("market-regulation", "市市场监督管理局", "Market", "municipal-department", False, ("市市场监管局",)),
            Department("market-regulation-related-departments", "市场监管领域相关部门", "Related", "group", True),
            Department("finance", "市财政局", "Finance", "municipal-department", False),
        ]
    )


def test_by_name_knows_names_and_aliases_only() -> None:
    registry = small_registry()
    assert registry.by_name("市市场监管局").id == "market-regulation"
    assert registry.by_name("市市场监督管理局").id == "market-regulation"
    assert registry.by_name("市场监管") is None
    assert registry.by_name("tax") is None  # ids are not names


def test_find_exact_id_name_or_alias_wins_alone() -> None:
    registry = small_registry()
    assert [d.id for d in registry.find("market-regulation")] == ["market-regulation"]
    assert [d.id for d in registry.find("市市场监管局")] == ["market-regulation"]
    assert [d.id for d in registry.find("TAX")] == ["tax"]


def test_find_substring_of_id_name_or_alias() -> None:
    registry = small_registry()
    assert [d.id for d in registry.find("财政")] == ["finance"]
    assert [d.id for d in registry.find("Fin")] == ["finance"]


def test_find_compares_ascii_letters_in_a_name_or_alias_in_any_case() -> None:
    # Registry.find: ascii letters compare case-insensitively in names and aliases too, not only in
    # the lower-case ids: a body whose alias is 12345Hotline is found by 12345hotline (a spelling
    # holds no space: a responsibility line is read without its whitespace).
    registry = Registry([Department("centre-12345", "市政务服务热线中心", "Hotline", "municipal-department",
                                    False, ("12345Hotline",)),
                         *small_registry()])
    assert [d.id for d in registry.find("12345hotline")] == ["centre-12345"]
    assert [d.id for d in registry.find("345HOT")] == ["centre-12345"]


def test_find_ambiguous_lists_every_candidate() -> None:
    assert [d.id for d in small_registry().find("市场监管")] == ["market-regulation", "market-regulation-related-departments"]


def test_find_unknown_is_empty() -> None:
    assert small_registry().find("市公安局") == []
    assert small_registry().find("  ") == []


def test_find_on_the_real_registry(registry: Registry) -> None:
    assert [d.id for d in registry.find("市发改委")] == ["development-reform"]
    assert {d.id for d in registry.find("供电")} == {"state-grid-pingdingshan", "county-power-companies"}


def test_registry_refuses_one_spelling_for_two_bodies() -> None:
    with pytest.raises(ValueError, match="市中院"):
        Registry(
            [
                Department("court", "市中级法院", "Court", "court", False, ("市中院",)),
                Department("other", "市中院", "Other", "court", False),
            ]
        )


def test_registry_refuses_duplicate_ids_and_unknown_parents() -> None:
    tax = Department("tax", "市税务局", "Tax", "central-branch", False)
    with pytest.raises(ValueError, match="duplicate"):
        Registry([tax, Department("tax", "税务局", "Tax", "central-branch", False)])
    with pytest.raises(ValueError, match="parent"):
        Registry([Department("office", "办公室", "Office", "municipal-department", False, parent="nowhere")])


def test_registry_names_every_contradiction_in_the_order_of_its_entries() -> None:
    # A registry refused at its first contradiction had shown one fault per run of validate.
    with pytest.raises(RegistryError) as refused:
        Registry([
            Department("office", "办公室", "Office", "municipal-department", False, parent="nowhere"),
            Department("a", "甲", "A", "group", True, covers=("b", "elsewhere")),
            Department("tax", "市税务局", "Tax", "central-branch", False, ("办公室",)),
            Department("tax", "税务局", "Tax", "central-branch", False),
        ])
    assert refused.value.contradictions == (
        Contradiction("department 'office' names unknown parent 'nowhere'", ("departments", 0, "parent")),
        Contradiction("department 'a' covers unknown department 'b'", ("departments", 1, "covers", 0)),
        Contradiction("department 'a' covers unknown department 'elsewhere'", ("departments", 1, "covers", 1)),
        Contradiction("spelling '办公室' belongs to both 'office' and 'tax'", ("departments", 2, "aliases", 0)),
        Contradiction("duplicate department id 'tax'", ("departments", 3, "id")),
    )


def test_registry_names_one_contradiction_alone_as_its_message() -> None:
    with pytest.raises(RegistryError) as refused:
        Registry([Department("office", "办公室", "Office", "municipal-department", False, parent="nowhere")])
    assert refused.value.contradictions == (
        Contradiction("department 'office' names unknown parent 'nowhere'", ("departments", 0, "parent")),)
    assert str(refused.value) == "department 'office' names unknown parent 'nowhere'"


def test_a_spelling_holding_whitespace_is_refused_at_itself_with_the_spelling_meant() -> None:
    # A responsibility line is read without its whitespace: '市税务局 ' matched no line, and every
    # line naming 市税务局 was a finding of its own, none at the registry.
    with pytest.raises(RegistryError) as refused:
        Registry([
            Department("tax", "市税务局 ", "Tax", "central-branch", False, ("\u3000税务局", "市税务\t局", "税务局")),
            Department("finance", "市财政局", "Finance", "municipal-department", False, (" ",)),
        ])
    why = "holds whitespace, but responsibility lines are read without theirs, so no line can name it"
    assert refused.value.contradictions == (
        Contradiction(f"spelling '市税务局 ' {why}; write it '市税务局'", ("departments", 0, "name")),
        Contradiction(f'spelling "\\u3000税务局" {why}; write it \'税务局\'', ("departments", 0, "aliases", 0)),
        Contradiction(f'spelling "市税务\\t局" {why}; write it \'市税务局\'', ("departments", 0, "aliases", 1)),
        Contradiction(f"spelling ' ' {why}; it is only whitespace", ("departments", 1, "aliases", 0)),
    )


def test_a_spelling_that_is_a_word_of_responsibility_lines_is_refused_at_itself() -> None:
    # 配合 as tax's alias: every line's 配合 would name tax. The vocabulary the lines are read by
    # refused it with a bare ValueError, a traceback in validate, while the queries answered.
    with pytest.raises(RegistryError) as refused:
        Registry([
            Department("tax", "市税务局", "Tax", "central-branch", False, ("配合", "牵头单位：")),
            Department("finance", "市财政局", "Finance", "municipal-department", False, ("等部门",)),
        ])
    why = "of responsibility lines, so no line can name a body by it"
    assert refused.value.contradictions == (
        Contradiction(f"spelling '配合' is a role word {why}", ("departments", 0, "aliases", 0)),
        Contradiction(f"spelling '牵头单位：' is a role label {why}", ("departments", 0, "aliases", 1)),
        Contradiction(f"spelling '等部门' is a connective {why}", ("departments", 1, "aliases", 0)),
    )


def test_a_spelling_a_line_reads_as_other_pieces_is_refused_at_itself() -> None:
    # 市财政局牵头 as finance's alias: every line printing 市财政局牵头 read as finance with no role,
    # and validate named each such line in the plans, never the alias. So with any spelling a line
    # reads, longest piece first, as bodies, role words and connectives.
    with pytest.raises(RegistryError) as refused:
        Registry([
            Department("tax", "市税务局", "Tax", "central-branch", False, ("市税务局、市财政局", "、、")),
            Department("finance", "市财政局", "Finance", "municipal-department", False, ("市财政局牵头",)),
            Department("railway", "市铁路办", "Railway", "municipal-department", False, ("市铁路办等",)),
        ])
    why = "in a responsibility line, so a line printing those would name"
    assert refused.value.contradictions == (
        Contradiction(f"spelling '市税务局、市财政局' reads as '市税务局' + '、' + '市财政局' {why} 'tax' by this "
                      "spelling alone", ("departments", 0, "aliases", 0)),
        Contradiction(f"spelling '、、' reads as '、' + '、' {why} 'tax' by this spelling alone",
                      ("departments", 0, "aliases", 1)),
        Contradiction(f"spelling '市财政局牵头' reads as '市财政局' + '牵头' {why} 'finance' by this spelling alone",
                      ("departments", 1, "aliases", 0)),
        Contradiction(f"spelling '市铁路办等' reads as '市铁路办' + '等' {why} 'railway' by this spelling alone",
                      ("departments", 2, "aliases", 0)),
    )


def test_bodies_run_together_or_bracketed_are_a_spelling_a_draft_may_hold() -> None:
    # `bizenv import` drafts a name as the text prints it (市发改委市财政局, no 、 between), for review;
    # refusing it had ended the import in a traceback once each body was also printed alone.
    registry = Registry([
        Department("body-001", "市发改委市财政局", "?", "group", False),
        Department("body-002", "市发改委", "?", "municipal-department", False, ("（市铁路办）",)),
        Department("body-003", "市财政局", "?", "municipal-department", False),
        Department("body-004", "市铁路办", "?", "municipal-department", False),
    ])
    assert registry.by_name("市发改委市财政局").id == "body-001"


def test_a_copied_entry_is_one_duplicate_id_not_a_clash_of_each_spelling() -> None:
    tax = Department("tax", "市税务局", "Tax", "central-branch", False, ("税务局",))
    with pytest.raises(RegistryError) as refused:
        Registry([tax, tax._replace(note="copied")])
    assert refused.value.contradictions == (Contradiction("duplicate department id 'tax'", ("departments", 1, "id")),)


def test_from_document_reads_the_file_format() -> None:
    registry = Registry.from_document(
        {
            "format": "bizenv/departments/1",
            "jurisdiction": "平顶山市",
            "departments": [
                {"id": "tax", "name": "市税务局", "name_en": "Tax", "kind": "central-branch", "group": False,
                 "aliases": [], "parent": None, "note": None},
            ],
        }
    )
    assert len(registry) == 1
    assert list(registry) == [Department("tax", "市税务局", "Tax", "central-branch", False)]
    assert registry.jurisdiction == "平顶山市"


# --- `bizenv validate data/departments.yaml` checks the registry as the registry ------------------


def test_validate_the_registry_by_name_checks_it_alone(runner, data_copy) -> None:
    from conftest import invoke

    result = invoke(runner, "--data", str(data_copy), "validate", str(data_copy / "departments.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ok: 1 file valid")


def test_a_broken_registry_named_gets_registry_errors_not_plan_errors(runner, data_copy) -> None:
    from conftest import invoke

    registry = data_copy / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("kind: court", "kind: tribunal", 1),
                        encoding="utf-8")
    result = invoke(runner, "--data", str(data_copy), "validate", str(registry))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert re.search(r"departments\.yaml:\d+:\d+ departments\[\d+\]\.kind: 'tribunal' is not one of", lines[0])


def test_the_registry_of_another_data_folder_is_a_usage_error(runner, data_copy, tmp_path) -> None:
    from conftest import DATA, invoke

    result = invoke(runner, "--data", str(DATA), "validate", str(data_copy / "departments.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bizenv: error: {data_copy / 'departments.yaml'} is the registry of another")


# --- covers: one query finds a collective printed in several scopes (issue 13) -------------------

COUNTY_PHRASES = {
    "county-governments": "各县（市、区）人民政府",
    "counties": "各县（市、区）",
    "county-city-governments": "各县（市）人民政府",
    "county-district-governments": "各县（区）人民政府",
    "relevant-county-governments": "有关县（市、区）政府",
}


def test_the_county_governments_cover_the_five_county_level_phrases(registry: Registry) -> None:
    for department_id, name in COUNTY_PHRASES.items():
        assert registry.get(department_id).name == name  # each stays its own entry, as printed
    assert registry.scope("county-governments") == frozenset(COUNTY_PHRASES)
    assert registry.scope("county-city-governments") == {"county-city-governments"}
    assert registry.scope("tax") == {"tax"}


def test_scope_follows_covers_transitively_each_id_once() -> None:
    registry = Registry([
        Department("a", "甲", "A", "group", True, covers=("b", "c")),
        Department("b", "乙", "B", "group", True, covers=("c",)),
        Department("c", "丙", "C", "group", True),
    ])
    assert registry.scope("a") == {"a", "b", "c"}
    assert registry.scope("c") == {"c"}


def test_an_entry_inside_itself_or_covering_itself_is_refused_at_the_value_that_closes_the_cycle() -> None:
    # Each had passed validate: a body inside itself, a phrase whose bodies include its own (covers
    # names narrower entries; a cycle makes two phrases one). One finding per cycle, at its first entry.
    with pytest.raises(RegistryError) as refused:
        Registry([
            Department("a", "甲", "A", "group", True, covers=("b",)),
            Department("b", "乙", "B", "group", True, covers=("c", "a")),
            Department("c", "丙", "C", "group", True, covers=("c",)),
            Department("d", "丁", "D", "municipal-department", False, parent="e"),
            Department("e", "戊", "E", "municipal-department", False, parent="d"),
            Department("f", "己", "F", "municipal-department", False, parent="f"),
        ])
    assert refused.value.contradictions == (
        Contradiction("department 'a' covers itself: covers 'a' → 'b' → 'a'; an entry covers narrower ones",
                      ("departments", 0, "covers", 0)),
        Contradiction("department 'c' covers itself", ("departments", 2, "covers", 0)),
        Contradiction("department 'd' is inside itself: parent 'd' → 'e' → 'd'", ("departments", 3, "parent")),
        Contradiction("department 'f' is its own parent", ("departments", 5, "parent")),
    )


def test_registry_refuses_covers_of_an_unknown_id() -> None:
    with pytest.raises(ValueError, match="covers unknown department 'nowhere'"):
        Registry([Department("a", "甲", "A", "group", True, covers=("nowhere",))])


def test_dept_county_governments_finds_measures_of_every_county_phrase(runner) -> None:
    import json

    from conftest import invoke

    result = invoke(runner, "measures", "--dept", "county-governments", "--format", "json")
    assert result.exit_code == 0, result.output
    found = {row["id"] for row in json.loads(result.stdout)}
    # 04.01 names 各县（市）人民政府 only, 02.01 各县（市、区）: both are the county governments' work.
    assert {"04.01", "02.01"} <= found
    named = {body["id"] for row in json.loads(result.stdout) for body in row["responsible"]["bodies"]}
    assert set(COUNTY_PHRASES) <= named
    narrow = invoke(runner, "measures", "--dept", "county-city-governments", "--format", "json")
    assert "02.01" not in {row["id"] for row in json.loads(narrow.stdout)}


def test_an_indicator_filter_takes_the_same_scope(registry: Registry) -> None:
    # `gaps --dept` filters indicators by their lead/responsible bodies with the scope too.
    from types import SimpleNamespace

    from bizenv_cli.query.queries import IndicatorFilter

    led_by_counties = SimpleNamespace(plan=4)
    owners = (["state-grid-pingdingshan", "counties"], "table")
    assert IndicatorFilter(department=registry.scope("county-governments")).admits(led_by_counties, owners)
    assert not IndicatorFilter(department="county-governments").admits(led_by_counties, owners)
    assert IndicatorFilter(department="counties").admits(led_by_counties, owners)


def test_the_rural_credit_union_office_is_a_provincial_body(registry: Registry) -> None:
    office = registry.by_name("省农信联社平顶山市办公室")
    assert office is not None and office.kind == "provincial-branch"
    # central-branch is for central agencies' local branches only.
    central = {d.name for d in registry if d.kind == "central-branch"}
    assert not any(name.startswith("省") for name in central)
    assert {"市税务局", "平顶山海关", "人民银行平顶山中心支行"} <= central


def test_covering_is_the_inverse_of_scope(registry: Registry) -> None:
    """A measure naming 各县（市）人民政府 counts for it and for the county governments that cover it."""
    assert registry.covering("county-city-governments") == {"county-city-governments", "county-governments"}
    assert registry.covering("county-governments") == {"county-governments"}
    assert registry.covering("tax") == {"tax"}
    for department in registry:
        for member in registry.scope(department.id):
            assert department.id in registry.covering(member)
    nested = Registry([
        Department("a", "甲", "A", "group", True, covers=("b",)),
        Department("b", "乙", "B", "group", True, covers=("c",)),
        Department("c", "丙", "C", "group", True),
    ])
    assert nested.covering("c") == {"a", "b", "c"}
    assert nested.covering("a") == {"a"}
