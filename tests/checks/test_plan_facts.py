"""Facts about each of the 29 documents that a reader can check in the source text.

Counts, milestone dates and the bodies and roles of two measures per document were read off the
source (data/source/..., the 时间节点 and 责任单位 lines); the table-row checks tie every parsed
indicator value to a cell printed in the source.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import DATA, SOURCE
from pyyaml_reading import shipped_plans
from bizenv_cli.model.records import Plan
from bizenv_cli.model.textfold import squeeze

DOCUMENT_FACTS = {
    1: dict(
        measures=51, indicators=27, tables=0, milestones_in_all=0,
        milestones={},
        bodies={
            '01.01': [('gov-services-bigdata', 'lead'), ('county-governments', 'support'), ('city-relevant-departments', 'support')],
            '01.26': [('human-resources-social-security', 'lead'), ('related-departments', 'responsible')],
        },
    ),
    2: dict(
        measures=10, indicators=5, tables=1, milestones_in_all=9,
        milestones={'02.01': ['2022-12-31']},
        bodies={
            '02.01': [('market-regulation', 'responsible'), ('gov-services-bigdata', 'responsible'), ('related-departments', 'responsible'), ('counties', 'responsible')],
            '02.06': [('tax', 'responsible'), ('public-security', 'responsible'), ('finance', 'responsible'), ('pbc-pingdingshan', 'responsible'), ('related-departments', 'responsible'), ('counties', 'responsible')],
        },
    ),
    3: dict(
        measures=12, indicators=8, tables=2, milestones_in_all=12,
        milestones={'03.01': ['2022-06-30'], '03.02': ['2022-12-31']},
        bodies={
            '03.01': [('housing-urban-rural', 'lead'), ('natural-resources-planning', 'support')],
            '03.07': [('urban-management', 'lead'), ('natural-resources-planning', 'support'), ('telecom-development-office', 'support'), ('state-grid-pingdingshan', 'support'), ('water-supply-company', 'support'), ('gas-company', 'support'), ('heating-company', 'support')],
        },
    ),
    4: dict(
        measures=15, indicators=18, tables=2, milestones_in_all=15,
        milestones={'04.01': ['2022-03-31'], '04.03': ['2022-06-30'], '04.05': ['2022-12-31']},
        bodies={
            '04.01': [('development-reform', 'responsible'), ('state-grid-pingdingshan', 'responsible'), ('natural-resources-planning', 'responsible'), ('public-security', 'responsible'), ('urban-management', 'responsible'), ('county-city-governments', 'responsible'), ('county-power-companies', 'responsible')],
            '04.08': [('state-grid-pingdingshan', 'responsible'), ('county-power-companies', 'responsible')],
        },
    ),
    5: dict(
        measures=8, indicators=3, tables=1, milestones_in_all=8,
        milestones={'05.01': ['2022-12-31']},
        bodies={
            '05.01': [('housing-urban-rural', 'lead'), ('urban-management', 'support'), ('natural-resources-planning', 'support'), ('county-governments', 'implement')],
            '05.05': [('development-reform', 'lead'), ('county-governments', 'implement')],
        },
    ),
    6: dict(
        measures=8, indicators=3, tables=1, milestones_in_all=8,
        milestones={'06.01': ['2022-12-31']},
        bodies={
            '06.01': [('housing-urban-rural', 'lead'), ('urban-management', 'support'), ('natural-resources-planning', 'support'), ('county-governments', 'implement')],
            '06.05': [('development-reform', 'lead'), ('county-governments', 'implement')],
        },
    ),
    7: dict(
        measures=6, indicators=8, tables=1, milestones_in_all=4,
        milestones={'07.01': ['2022-12-31']},
        bodies={
            '07.01': [('natural-resources-planning', 'lead'), ('finance', 'support'), ('housing-urban-rural', 'support'), ('real-estate-services', 'support'), ('gov-services-bigdata', 'support'), ('tax', 'support')],
            '07.04': [('natural-resources-planning', 'lead'), ('finance', 'support'), ('housing-urban-rural', 'support'), ('real-estate-services', 'support'), ('gov-services-bigdata', 'support'), ('tax', 'support')],
        },
    ),
    8: dict(
        measures=18, indicators=1, tables=0, milestones_in_all=14,
        milestones={'08.02': ['2022-12-31'], '08.15': ['2022-06-30']},
        bodies={
            '08.01': [('customs', 'responsible')],
            '08.10': [('development-reform', 'responsible')],
        },
    ),
    9: dict(
        measures=22, indicators=17, tables=1, milestones_in_all=26,
        milestones={'09.01': ['2022-09-30'], '09.02': ['2022-06-30', '2022-12-31'], '09.04': ['2022-12-31']},
        bodies={
            '09.01': [('tax', 'responsible')],
            '09.12': [('tax', 'responsible')],
        },
    ),
    10: dict(
        measures=17, indicators=5, tables=1, milestones_in_all=6,
        milestones={'10.04': ['2022-12-31'], '10.13': ['2022-09-30']},
        bodies={
            '10.01': [('intermediate-court', 'responsible')],
            '10.09': [('intermediate-court', 'responsible'), ('finance', 'responsible'), ('justice', 'responsible'), ('civil-affairs', 'responsible')],
        },
    ),
    11: dict(
        measures=19, indicators=8, tables=1, milestones_in_all=3,
        milestones={'11.01': ['2022-12-31']},
        bodies={
            '11.01': [('cbirc-pingdingshan', 'responsible'), ('pbc-pingdingshan', 'responsible')],
            '11.10': [('pbc-pingdingshan', 'responsible')],
        },
    ),
    12: dict(
        measures=6, indicators=0, tables=0, milestones_in_all=0,
        milestones={},
        bodies={
            '12.01': [('intermediate-court', 'responsible')],
            '12.04': [('intermediate-court', 'responsible'), ('justice', 'responsible'), ('financial-affairs', 'responsible'), ('federation-industry-commerce', 'responsible')],
        },
    ),
    13: dict(
        measures=15, indicators=11, tables=1, milestones_in_all=2,
        milestones={'13.02': ['2022-09-30'], '13.04': ['2022-06-30']},
        bodies={
            '13.01': [('intermediate-court', 'responsible')],
            '13.08': [('intermediate-court', 'responsible')],
        },
    ),
    14: dict(
        measures=17, indicators=9, tables=0, milestones_in_all=17,
        milestones={'14.01': ['2022-12-31']},
        bodies={
            '14.01': [('human-resources-social-security', 'responsible')],
            '14.09': [('human-resources-social-security', 'responsible')],
        },
    ),
    15: dict(
        measures=19, indicators=5, tables=1, milestones_in_all=16,
        milestones={'15.01': ['2022-07-31'], '15.02': ['2022-06-30'], '15.06': ['2022-12-31']},
        bodies={
            '15.01': [('finance', 'responsible')],
            '15.10': [('finance', 'responsible'), ('public-resources-trading', 'responsible')],
        },
    ),
    16: dict(
        measures=20, indicators=3, tables=0, milestones_in_all=12,
        milestones={'16.02': ['2022-12-31'], '16.03': ['2022-10-31'], '16.05': ['2022-06-30']},
        bodies={
            '16.01': [('public-resources-trading', 'responsible'), ('housing-urban-rural', 'responsible'), ('water-resources', 'responsible'), ('transport', 'responsible')],
            '16.11': [('public-resources-trading', 'responsible'), ('housing-urban-rural', 'responsible'), ('water-resources', 'responsible'), ('transport', 'responsible')],
        },
    ),
    17: dict(
        measures=19, indicators=9, tables=1, milestones_in_all=8,
        milestones={'17.01': ['2022-12-31'], '17.06': ['2022-03-31'], '17.11': ['2022-06-30']},
        bodies={
            '17.01': [('gov-services-bigdata', 'lead'), ('county-governments', 'support'), ('urban-rural-demo-zone', 'support'), ('high-tech-zone', 'support'), ('city-relevant-departments', 'support')],
            '17.10': [('gov-services-bigdata', 'lead'), ('county-governments', 'support'), ('urban-rural-demo-zone', 'support'), ('high-tech-zone', 'support'), ('city-relevant-departments', 'support')],
        },
    ),
    18: dict(
        measures=5, indicators=4, tables=0, milestones_in_all=5,
        milestones={'18.01': ['2022-12-31']},
        bodies={
            '18.01': [('market-regulation', 'lead'), ('ip-joint-meeting-members', 'support')],
            '18.03': [('market-regulation', 'lead'), ('intermediate-court', 'responsible'), ('procuratorate', 'responsible'), ('justice', 'responsible'), ('public-security', 'responsible'), ('agriculture-rural', 'responsible'), ('culture-tourism', 'responsible'), ('commerce', 'responsible'), ('forestry', 'responsible'), ('ruzhou-government', 'responsible')],
        },
    ),
    19: dict(
        measures=9, indicators=4, tables=1, milestones_in_all=4,
        milestones={'19.01': ['2022-12-31']},
        bodies={
            '19.01': [('market-regulation', 'responsible'), ('market-regulation-related-departments', 'responsible'), ('county-governments', 'responsible')],
            '19.05': [('market-regulation', 'responsible'), ('market-regulation-related-departments', 'responsible'), ('county-governments', 'responsible')],
        },
    ),
    20: dict(
        measures=4, indicators=9, tables=0, milestones_in_all=4,
        milestones={'20.01': ['2022-12-31']},
        bodies={
            '20.01': [('science-technology', 'lead'), ('city-relevant-departments', 'responsible')],
            '20.03': [('science-technology', 'lead'), ('city-relevant-departments', 'responsible')],
        },
    ),
    21: dict(
        measures=15, indicators=0, tables=0, milestones_in_all=11,
        milestones={'21.01': ['2022-12-31']},
        bodies={
            '21.01': [('party-organization', 'responsible'), ('human-resources-social-security', 'responsible'), ('science-technology', 'responsible'), ('related-units', 'responsible')],
            '21.08': [('public-security', 'responsible')],
        },
    ),
    22: dict(
        measures=8, indicators=4, tables=0, milestones_in_all=5,
        milestones={'22.02': ['2022-12-31'], '22.08': ['2022-06-30']},
        bodies={
            '22.01': [('commerce', 'responsible'), ('county-governments', 'responsible')],
            '22.05': [('gov-services-bigdata', 'responsible'), ('market-regulation', 'responsible'), ('commerce', 'responsible'), ('county-governments', 'responsible')],
        },
    ),
    23: dict(
        measures=23, indicators=4, tables=0, milestones_in_all=14,
        milestones={'23.01': ['2022-12-31']},
        bodies={
            '23.01': [('education-sports', 'responsible'), ('county-governments', 'responsible')],
            '23.12': [('health', 'responsible'), ('county-governments', 'responsible')],
        },
    ),
    24: dict(
        measures=4, indicators=3, tables=0, milestones_in_all=4,
        milestones={'24.01': ['2022-12-31']},
        bodies={
            '24.01': [('ecology-environment', 'lead'), ('industry-it', 'responsible'), ('development-reform', 'responsible'), ('finance', 'responsible'), ('natural-resources-planning', 'responsible'), ('housing-urban-rural', 'responsible'), ('agriculture-rural', 'responsible'), ('market-regulation', 'responsible'), ('transport', 'responsible')],
            '24.03': [('ecology-environment', 'lead'), ('agriculture-rural', 'lead'), ('natural-resources-planning', 'lead'), ('development-reform', 'responsible'), ('housing-urban-rural', 'responsible')],
        },
    ),
    25: dict(
        measures=5, indicators=4, tables=0, milestones_in_all=5,
        milestones={'25.01': ['2022-12-31']},
        bodies={
            '25.01': [('civil-aviation-office', 'responsible')],
            '25.03': [('transport', 'responsible'), ('housing-urban-rural', 'responsible')],
        },
    ),
    26: dict(
        measures=4, indicators=0, tables=0, milestones_in_all=4,
        milestones={'26.01': ['2022-12-31']},
        bodies={
            '26.01': [('development-reform', 'lead'), ('industry-it', 'responsible'), ('science-technology', 'responsible')],
            '26.03': [('industry-it', 'lead'), ('gov-services-bigdata', 'responsible')],
        },
    ),
    27: dict(
        measures=23, indicators=0, tables=0, milestones_in_all=23,
        milestones={'27.01': ['2022-12-31']},
        bodies={
            '27.01': [('intermediate-court', 'responsible')],
            '27.12': [('intermediate-court', 'responsible'), ('procuratorate', 'responsible'), ('public-security', 'responsible')],
        },
    ),
    28: dict(
        measures=20, indicators=7, tables=1, milestones_in_all=12,
        milestones={'28.03': ['2022-12-31']},
        bodies={
            '28.01': [('development-reform', 'responsible'), ('market-regulation', 'responsible'), ('natural-resources-planning', 'responsible'), ('ecology-environment', 'responsible'), ('housing-urban-rural', 'responsible'), ('emergency-management', 'responsible'), ('urban-management', 'responsible')],
            '28.11': [('party-publicity', 'responsible'), ('culture-tourism', 'responsible'), ('county-governments', 'responsible')],
        },
    ),
    29: dict(
        measures=6, indicators=10, tables=1, milestones_in_all=4,
        milestones={'29.02': ['2022-03-31', '2022-06-30', '2022-09-30', '2022-12-31']},
        bodies={
            '29.01': [('development-reform', 'lead'), ('county-governments', 'support'), ('city-relevant-units', 'support')],
            '29.04': [('development-reform', 'lead'), ('county-governments', 'support'), ('city-relevant-units', 'support')],
        },
    ),
}


def _load(number: int) -> dict:
    (path,) = DATA.glob(f"plans/{number:02d}-*.yaml")
    return shipped_plans()[path.name]


PLANS = {number: _load(number) for number in DOCUMENT_FACTS}


def test_all_29_documents_are_present_one_file_each():
    files = sorted(path.name for path in (DATA / "plans").glob("*.yaml"))
    assert [name[:2] for name in files] == [f"{n:02d}" for n in range(1, 30)]
    assert sorted(plan["document"] for plan in PLANS.values()) == list(range(1, 30))


@pytest.mark.parametrize("number", sorted(DOCUMENT_FACTS))
def test_document_counts(number):
    facts, plan = DOCUMENT_FACTS[number], PLANS[number]
    assert len(plan["measures"]) == facts["measures"]
    assert len(plan["indicators"]) == facts["indicators"]
    assert len(plan["tables"]) == facts["tables"]


@pytest.mark.parametrize("number", sorted(DOCUMENT_FACTS))
def test_document_milestones(number):
    # milestones_in_all: the dated milestones of all the document's measures (none in document 1, whose
    # measures have no 时间节点 line, nor in 12, whose lines all read 持续推进); milestones: the dates of
    # a few measures, in order.
    measures = {m.id: m for m in Plan.from_document(PLANS[number]).measures}
    assert sum(len(m.deadline.milestones) for m in measures.values()) == DOCUMENT_FACTS[number]["milestones_in_all"]
    for measure_id, dates in DOCUMENT_FACTS[number]["milestones"].items():
        assert [m.date for m in measures[measure_id].deadline.milestones] == [date.fromisoformat(d) for d in dates]


@pytest.mark.parametrize("number", sorted(DOCUMENT_FACTS))
def test_document_bodies_and_roles(number):
    measures = {m.id: m for m in Plan.from_document(PLANS[number]).measures}
    for measure_id, bodies in DOCUMENT_FACTS[number]["bodies"].items():
        assert [(b.id, b.role) for b in measures[measure_id].responsible.bodies] == bodies


def test_overall_plan_measures_carry_only_responsibility_lines():
    measures = PLANS[1]["measures"]
    assert all(m["deadline"]["raw"] is None and m["responsible"]["raw"] for m in measures)


def test_overall_plan_uplift_groups():
    targets = {t["percent"]: t for t in PLANS[1]["uplift_targets"]}
    assert sorted(targets) == [7, 11, 21]
    assert targets[7]["applies_to"] == "all"
    assert len(targets[11]["indicators"]) == 9 and len(targets[21]["indicators"]) == 8
    assert {"name": "纳税", "document": 9} in targets[11]["indicators"]
    assert {"name": "信用环境", "document": 28} in targets[21]["indicators"]


def test_staged_pilot_deadline_of_paying_taxes():
    measure = next(m for m in PLANS[9]["measures"] if m["id"] == "09.02")
    assert measure["deadline"]["milestones"] == [
        {"date": "2022-06-30", "label": "新华区税务局、郏县税务局作为第一批试点推广单位，2022年6月底前见成效"},
        {"date": "2022-12-31", "label": "各县（市、区）税务局2022年12月底前见成效"},
    ]


def test_quarterly_deadline_of_project_support():
    (measure,) = [m for m in PLANS[29]["measures"] if m["deadline"]["raw"] == "每季度一次"]
    assert measure["deadline"]["recurrence"] == "quarterly"
    assert [m["date"] for m in measure["deadline"]["milestones"]] == ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"]


def test_before_april_and_staged_county_deadlines_of_government_services_and_procurement():
    before_april = next(m for p in PLANS.values() for m in p["measures"] if m["deadline"]["raw"] == "2022年4月前完成数据普查工作")
    assert before_april["id"].startswith("17.") and before_april["deadline"]["milestones"][0]["date"] == "2022-03-31"
    staged = next(m for p in PLANS.values() for m in p["measures"]
                  if m["deadline"]["raw"] == "2022年3月市级完成对接，2022年12月县级完成对接")
    assert staged["id"].startswith("15.")
    assert [m["label"] for m in staged["deadline"]["milestones"]] == ["2022年3月市级完成对接", "2022年12月县级完成对接"]


def test_getting_electricity_owns_the_twelve_glossary_footnotes_at_the_end_of_the_file():
    footnotes = PLANS[4]["footnotes"]
    assert len(footnotes) == 12
    assert [f["line"] for f in footnotes] == list(range(3823, 3857, 3))
    assert footnotes[0]["text"].startswith("小微企业：")
    assert all(not plan.get("footnotes") for number, plan in PLANS.items() if number != 4)


def _table_rows():
    for number, plan in PLANS.items():
        for indicator in plan["indicators"]:
            if indicator["origin"] == "table":
                yield pytest.param(number, indicator, id=indicator["id"])


SOURCE_SQUEEZED = squeeze(SOURCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number, indicator", list(_table_rows()))
def test_every_indicator_table_row_is_read_from_its_printed_cells(number, indicator):
    cells = indicator["cells"]
    # The row's cells stand in the source one after another, in the order recorded.
    position = SOURCE_SQUEEZED.find(squeeze(cells[0]), 0)
    for cell in cells:
        found = SOURCE_SQUEEZED.find(squeeze(cell), position)
        assert found != -1, (indicator["id"], cell)
        position = found
    # Every parsed value comes from one of the row's cells (or states that the cell is empty).
    printed = {squeeze(cell) for cell in cells}
    raws = [indicator["baseline"]["raw"], *(t["raw"] for t in indicator["targets"]), indicator["frontier"]["raw"]]
    for raw in raws:
        assert raw is None or squeeze(raw) in printed or any(squeeze(raw) in cell for cell in printed), (indicator["id"], raw)
    # A number is parsed only from a cell that prints that number.
    for value in [indicator["baseline"], *indicator["targets"], indicator["frontier"]]:
        if value["value"] is not None and value["raw"] is not None:
            number_text = f"{value['value']:g}"
            assert number_text in value["raw"] or "零" in value["raw"], (indicator["id"], value)


# --- one rule each (issue 13; the rules are stated in docs/data-format.md) ------------------------

DATA_FORMAT = (DATA.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
ALL_INDICATORS = [indicator for plan in PLANS.values() for indicator in plan["indicators"]]
BY_ID = {indicator["id"]: indicator for indicator in ALL_INDICATORS}


def test_the_provinces_first_list_of_50_items_is_nowhere_a_target():
    phrase = "第一批50件“一件事一次办”事项清单"
    assert "01.i1" not in BY_ID
    assert not [i["id"] for i in ALL_INDICATORS if "第一批50件" in (i.get("phrase") or "") + " ".join(i.get("cells") or [])]
    sections = {section["id"]: section for plan in PLANS.values() for section in plan["sections"]}
    for section_id in ("01.s5", "17.s3"):
        assert "not recorded as an indicator" in sections[section_id]["note"], section_id
        assert any(phrase.replace("省级下发的", "") in squeeze(p["text"]).replace("省级下发的", "省")
                   or "第一批50件" in p["text"] for p in sections[section_id]["paragraphs"]), section_id
    # Ids are never renumbered: the overall plan's indicators now start at 01.i2, seq from 1.
    first = PLANS[1]["indicators"][0]
    assert (first["id"], first["seq"]) == ("01.i2", 1)


def test_an_empty_cell_is_raw_null_everywhere():
    empties = []
    for indicator in ALL_INDICATORS:
        for name, value in [("baseline", indicator["baseline"]), ("frontier", indicator["frontier"]),
                            *((f"target {t['by']}", t) for t in indicator["targets"])]:
            if value.get("raw") is not None and not value["raw"].strip():
                empties.append((indicator["id"], name))
    assert empties == []
    # Documents 10 and 15 print empty frontier and target cells: their records say null.
    assert BY_ID["10.i4"]["frontier"]["raw"] is None and BY_ID["15.i1"]["targets"][1]["raw"] is None
    assert BY_ID["10.i4"]["cells"][3] == ""  # the cell itself stays as printed


def test_every_unit_is_as_printed():
    for indicator in ALL_INDICATORS:
        unit = indicator["unit"]
        assert unit is None or not re.search(r"[A-Za-z]", unit), (indicator["id"], unit)
    # The land-administration indices print their scale in the name cell: （ 0-30 ) and （ 0-40 ).
    for indicator_id, scale in (("07.i7", "0-30"), ("07.i8", "0-40")):
        assert BY_ID[indicator_id]["unit"] == scale
        assert scale in squeeze(BY_ID[indicator_id]["cells"][0])


_TOP = re.compile(r"^([一二三四五六七八九十]+)、")
_SUB = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_CHINESE = {c: n for n, c in enumerate("一二三四五六七八九十", 1)}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def test_english_headings_carry_the_numeral_exactly_when_the_source_prints_one():
    checked = 0
    for plan in PLANS.values():
        for section in plan["sections"]:
            heading, english = section.get("heading"), section.get("heading_en")
            if not heading or not english:
                continue
            checked += 1
            if match := _TOP.match(heading):
                assert english.startswith(f"{_ROMAN[_CHINESE[match.group(1)] - 1]}. "), (section["id"], english)
            elif match := _SUB.match(heading):
                assert english.startswith(f"({_CHINESE[match.group(1)]}) "), (section["id"], english)
            else:
                assert not re.match(r"^([IVX]+\.|\(\d+\)) ", english), (section["id"], english)
    assert checked > 150


def test_inclusive_innovation_has_one_english_name():
    for number in range(20, 27):
        plan = PLANS[number]
        assert "包容普惠创新" in plan["title"]
        assert "inclusive innovation (" in plan["title_en"], plan["title_en"]
        assert plan["indicator_area"].startswith("Inclusive innovation: "), plan["indicator_area"]


def test_the_role_rule_and_the_list_closers_are_stated_in_the_format_guide():
    assert "back to the previous role word" in DATA_FORMAT
    assert "等部门" in DATA_FORMAT and "等相关部门" in DATA_FORMAT
