"""The analyst's questions as pure functions: filters, due milestones, departments, plans, search.

Facts about the real data are checked against the source text, read by hand: the 时间节点 lines
(with the measure each belongs to: the n-th assignment block of its document is measure NN.n)
and the 责任单位 lines.
"""

from datetime import date
from pathlib import Path

import pytest

from bizenv_cli.files.datadir import find_data_dir
from bizenv_cli.store.package import load_package
from bizenv_cli.model.periods import Window, parse_period, window
from bizenv_cli.query.queries import (DUE_SOON_DAYS, IndicatorFilter, MeasureFilter, department_rows, due_rows, gap_rows,
                                measure_row, milestone_status, plan_rows, select_measures)
from bizenv_cli.query.search import find_spans, search_hits
from bizenv_cli.model.textfold import fold

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "examples" / "queries" / "data"


@pytest.fixture(scope="module")
def fixture_package():
    return load_package(find_data_dir(FIXTURE), use_cache=False)


@pytest.fixture(scope="module")
def real_package():
    return load_package(find_data_dir(ROOT / "data"), use_cache=False)


def ids(pairs):
    return [measure.id for _, measure in pairs]


def milestone_pairs(rows):
    return sorted((row["measure"], row["date"]) for row in rows)


# --- measures -------------------------------------------------------------------------------------

def test_filters_by_department_and_role(fixture_package):
    plans = fixture_package.plans
    assert ids(select_measures(plans, MeasureFilter(department="tax"))) == ["01.01", "01.02"]
    assert ids(select_measures(plans, MeasureFilter(department="tax", role="lead"))) == ["01.01"]
    assert ids(select_measures(plans, MeasureFilter(department="finance", role="support"))) == ["01.01"]
    assert ids(select_measures(plans, MeasureFilter(role="implement"))) == ["01.03"]
    # A group is a department too.
    assert ids(select_measures(plans, MeasureFilter(department="county-governments"))) == ["01.03"]


def test_filters_by_plan_section_and_text(fixture_package):
    plans = fixture_package.plans
    assert ids(select_measures(plans, MeasureFilter(plan=2))) == ["02.01"]
    # The parent section's heading selects its sub-sections' measures too.
    assert len(select_measures(plans, MeasureFilter(plan=1, section="主要措施"))) == 7
    assert ids(select_measures(plans, MeasureFilter(section="项目保障"))) == ["01.04", "01.05", "01.06", "01.07"]
    # Text search ignores spaces and matches full-width against half-width.
    assert ids(select_measures(plans, MeasureFilter(text="一件事 一次办"))) == ["01.01"]
    assert ids(select_measures(plans, MeasureFilter(text="各县(市、区)"))) == ["01.02", "01.03"]


def test_measure_row_keeps_the_design_contract(fixture_package):
    plan = fixture_package.plan(1)
    row = measure_row(plan.measures[1], plan)
    assert row["deadline"] == {
        "raw": "试点单位2022年6月底前见成效。各县（市、区）2022年12月底前见成效",
        "milestones": [{"date": "2022-06-30", "label": "试点单位2022年6月底前见成效"},
                       {"date": "2022-12-31", "label": "各县（市、区）2022年12月底前见成效"}],
        "ongoing": False, "recurrence": None, "line": 10}
    assert {key: row["responsible"][key] for key in ("lead", "support", "implement", "responsible")} == {
        "lead": [], "support": [], "implement": [], "responsible": ["tax"]}
    assert row["section_heading"] == "（一）税费服务"


# --- due milestones -------------------------------------------------------------------------------

def test_status_is_measured_from_as_of():
    as_of = date(2022, 5, 15)
    assert milestone_status(date(2022, 5, 14), as_of) == "overdue"
    assert milestone_status(as_of, as_of) == "due"
    assert DUE_SOON_DAYS == 30
    assert milestone_status(date(2022, 6, 14), as_of) == "due"       # 30 days left: still due
    assert milestone_status(date(2022, 6, 15), as_of) == "upcoming"  # 31 days left


def test_each_stage_and_each_quarter_is_a_row_in_date_order(fixture_package):
    selected = select_measures(fixture_package.plans, MeasureFilter())
    rows = due_rows(selected, Window(), date(2022, 5, 15))
    assert [(row["date"], row["measure"]) for row in rows] == [
        ("2022-03-31", "01.03"), ("2022-03-31", "01.04"), ("2022-03-31", "02.01"),
        ("2022-06-30", "01.01"), ("2022-06-30", "01.02"), ("2022-06-30", "01.04"),
        ("2022-09-30", "01.04"),
        ("2022-12-31", "01.02"), ("2022-12-31", "01.04"), ("2022-12-31", "01.06"), ("2022-12-31", "02.01"),
    ]
    first = rows[0]
    assert first["label"] == "2022年4月前完成数据普查工作" and first["measure_label"] == "3."
    assert (first["status"], first["days_left"]) == ("overdue", -45)
    assert first["departments"] == ["development-reform", "county-governments"]


def test_ongoing_measures_only_when_asked(fixture_package):
    selected = select_measures(fixture_package.plans, MeasureFilter())
    before_june = window(before=parse_period("2022-06"))
    plain = due_rows(selected, before_june, date(2022, 5, 15))
    assert all(row["date"] is not None for row in plain)
    with_ongoing = due_rows(selected, before_june, date(2022, 5, 15), include_ongoing=True)
    ongoing = [row for row in with_ongoing if row["status"] == "ongoing"]
    # 持续推进 alone and 2022年12月，持续推进: both go on with no date, listed after the dated rows.
    assert [(row["measure"], row["date"], row["days_left"]) for row in ongoing] == [
        ("01.05", None, None), ("01.06", None, None)]
    assert with_ongoing[-2:] == ongoing
    assert [row["measure"] for row in due_rows(selected, Window(), date(2022, 5, 15), ["ongoing"])] == [
        "01.05", "01.06"]


def test_status_filter(fixture_package):
    selected = select_measures(fixture_package.plans, MeasureFilter())
    rows = due_rows(selected, Window(), date(2022, 6, 1), ["due"])
    assert milestone_pairs(rows) == [("01.01", "2022-06-30"), ("01.02", "2022-06-30"), ("01.04", "2022-06-30")]


# The real data, against the source's 时间节点 lines (line numbers of the source file):
# before June 2022 (due on or before 2022-05-31)
BEFORE_JUNE = [
    ("04.01", "2022-03-31"),  # 590 2022年3月
    ("04.02", "2022-03-31"),  # 599 2022年3月
    ("09.10", "2022-03-31"),  # 1171 2022年3月
    ("09.12", "2022-05-31"),  # 1187 2022年5月
    ("15.09", "2022-04-30"),  # 2150 2022年4月
    ("15.11", "2022-03-31"),  # 2164 2022年3月市级完成对接，2022年12月县级完成对接 (first stage)
    ("17.06", "2022-03-31"),  # 2473 2022年4月前完成数据普查工作 (before April)
    ("29.02", "2022-03-31"),  # 3756 每季度一次 (first quarter)
]
# ... and the June milestones, which --by 2022-06 adds:
JUNE = [(measure, "2022-06-30") for measure in (
    "03.01", "03.04", "03.07", "03.10", "03.11", "03.12",   # 378 390 402 414 417 420
    "04.03", "04.04", "04.07", "04.08", "04.14",            # 619 623 640 646 680
    "08.15",                                                # 1060
    "09.02", "09.03", "09.06",                              # 1123 1129 1147: 新华区…2022年6月底前见成效 (first stage)
    "09.08", "09.09", "09.13",                              # 1159 1165 1193 (2022年6月，2022年12月)
    "13.04",                                                # 1784
    "15.02", "15.08", "15.12", "15.16", "15.17", "15.18",   # 2108 2146 (2022 年6 月) 2170 2196 2201 2209
    "16.05", "16.07",                                       # 2316 2327
    "17.11", "17.14",                                       # 2506 2522
    "22.08",                                                # 2991
    "29.02",                                                # 3756 每季度一次 (second quarter)
)]
SEPTEMBER = [(measure, "2022-09-30") for measure in (
    "09.01", "09.05", "09.07",   # 1117 1141 1153
    "10.13", "10.14", "10.15",   # 1378 1384 1390
    "13.02",                     # 1772
    "16.12", "16.16", "16.19",   # 2355 2381 2399
    "29.02",                     # 3756 每季度一次 (third quarter)
)]


def real_due(package, **options):
    selected = select_measures(package.plans, MeasureFilter())
    chosen = window(**{name: parse_period(text) for name, text in options.items()})
    return due_rows(selected, chosen, date(2022, 5, 15))


def test_real_milestones_before_june(real_package):
    assert milestone_pairs(real_due(real_package, before="2022-06")) == sorted(BEFORE_JUNE)


def test_real_milestones_by_june(real_package):
    assert milestone_pairs(real_due(real_package, by="2022-06")) == sorted(BEFORE_JUNE + JUNE)
    assert len(BEFORE_JUNE + JUNE) == 39


def test_real_milestones_in_september(real_package):
    assert milestone_pairs(real_due(real_package, within="2022-09")) == sorted(SEPTEMBER)


def test_real_rows_come_in_date_order(real_package):
    dates = [row["date"] for row in real_due(real_package, by="2022-12")]
    assert dates == sorted(dates) and len(dates) == 255  # every dated milestone of the package


# --- departments (after the registry fill: bodies must be filled in data/plans) --------------------

def test_every_measure_with_a_responsibility_line_names_its_bodies(real_package):
    # The facts below count bodies: data that lost them must fail here, not skip.
    assert [measure.id for measure in real_package.measures()
            if measure.responsible.raw and not measure.responsible.bodies] == []


def test_tax_bureau_never_leads_but_supports_registering_property(real_package):
    # 市税务局 is never followed by 牵头 in the source. It is 配合 in document 7's five blocks
    # (lines 890, 893, 896, 899, 902: 市自然资源和规划局牵头，…、市税务局配合) and named without a
    # role word (or under 按职责分工负责) in 44 blocks of documents 1, 2, 8, 9, 10 and 21.
    def measures_of(role):
        return ids(select_measures(real_package.plans, MeasureFilter(department="tax", role=role)))
    assert measures_of("lead") == []
    assert measures_of("support") == ["07.01", "07.02", "07.03", "07.04", "07.05"]
    responsible = measures_of("responsible")
    assert len(responsible) == 44
    assert responsible[:8] == ["01.05", "01.06", "01.09", "01.10", "01.11", "01.12", "01.14", "01.25"]
    assert [m for m in responsible if m.startswith("09.")] == [f"09.{n:02d}" for n in range(1, 23)]
    assert responsible[-4:] == ["10.13", "10.15", "10.16", "21.11"]


def test_department_counts_agree_with_the_measure_filter(real_package):
    rows = {row["id"]: row for row in department_rows(real_package.plans, real_package.registry)}
    assert rows["tax"]["counts"] == {"lead": 0, "support": 5, "implement": 0, "responsible": 44}
    assert rows["tax"]["measures"] == 49


def test_department_rows_count_every_role(fixture_package):
    rows = {row["id"]: row for row in department_rows(fixture_package.plans, fixture_package.registry)}
    assert rows["development-reform"]["counts"] == {"lead": 1, "support": 0, "implement": 0, "responsible": 2}
    assert rows["development-reform"]["aliases"] == ["市发展改革委", "市发改委"]
    assert rows["tax"]["indicators"] == 1  # 01.i1's lead column
    groups = department_rows(fixture_package.plans, fixture_package.registry, kind="group")
    assert [(row["id"], row["group"]) for row in groups] == [("county-governments", True)]


# --- plans and indicators -------------------------------------------------------------------------

def test_plan_rows(fixture_package):
    first, second = plan_rows(fixture_package.plans)
    assert (first["number"], first["measures"], first["indicators"], first["milestones"]) == (1, 7, 4, 9)
    # tax and development-reform lead one measure each: a tie, so no lead is picked for the plan.
    assert (first["lead"], first["leads"], first["top_leads"], first["top_lead_measures"]) == (
        None, ["tax", "development-reform"], ["tax", "development-reform"], 1)
    assert (second["lead"], second["leads"], second["top_leads"], second["top_lead_measures"]) == (None, [], [], None)


def test_real_plan_rows_have_every_document(real_package):
    rows = plan_rows(real_package.plans)
    assert [row["number"] for row in rows] == list(range(1, 30))
    assert rows[0]["measures"] == 51 and rows[3]["measures"] == 15  # the overall plan; 获得电力


def test_a_plans_lead_is_the_body_leading_most_measures_not_the_first_named(real_package):
    # Document 5 (获得用水), source lines 707-729: 市住房和城乡建设局牵头 at 707 only; 市城市管理局牵头 at
    # 710, 714, 717 and 723; 市发展改革委牵头 at 720 and 726. The first lead named is not the lead.
    row = plan_rows([real_package.plan(5)])[0]
    assert row["lead"] == "urban-management"
    assert (row["top_leads"], row["top_lead_measures"]) == (["urban-management"], 4)
    assert row["leads"][:2] == ["urban-management", "development-reform"]
    assert set(row["leads"]) == {"urban-management", "development-reform", "housing-urban-rural",
                                 "market-regulation", "gov-services-bigdata"}


@pytest.mark.parametrize("number, tied, each", [
    # Document 1: 市政务服务和大数据局牵头 at source lines 25, 29, 33 and 37; 市财政局牵头 at 52, 78, 82
    # and 86; no other body leads more than 3 of its measures.
    (1, ["gov-services-bigdata", "finance"], 4),
    # Document 3: 市住房和城乡建设局牵头 at 379, 383, 391; 市政务服务和大数据管理局牵头 at 395, 407, 411.
    (3, ["housing-urban-rural", "gov-services-bigdata"], 3),
    # Document 8: one measure each, 市市场监管局 (1034), 市发展改革委 (1042), 市交通运输局 (1054).
    (8, ["market-regulation", "development-reform", "transport"], 1),
])
def test_a_plan_whose_leads_tie_has_no_lead_picked(real_package, number, tied, each):
    # The source names no lead of the plan: picking the first of the tied bodies would assign a
    # role it does not state. `top_leads` names every tied body, in the order the plan names them.
    row = plan_rows([real_package.plan(number)])[0]
    assert (row["lead"], row["top_leads"], row["top_lead_measures"]) == (None, tied, each)
    assert row["leads"][:len(tied)] == tied


def test_gap_rows_filter(fixture_package):
    plans = fixture_package.plans
    assert [row["id"] for row in gap_rows(plans, IndicatorFilter(text="时间"))] == ["01.i1"]
    assert [row["id"] for row in gap_rows(plans, IndicatorFilter(text="share"))] == ["01.i2"]
    assert [row["id"] for row in gap_rows(plans, IndicatorFilter(department="tax"))] == ["01.i1"]
    row = gap_rows(plans, IndicatorFilter(text="土地"))[0]
    assert (row["targets"], row["to_target"], row["improving"]) == (
        [{"by": "2022-12", "raw": "进一步提升", "value": None, "change": None, "change_unit": None, "level": None}],
        None, None)


# --- one item (bizenv show) ----------------------------------------------------------------------

def test_find_item_takes_ids_only_as_printed(fixture_package):
    from bizenv_cli.query.show import find_item, suggest_items

    plans = fixture_package.plans
    assert find_item(plans, "01.02")[2].id == "01.02"
    # A spreadsheet reads 09.10 as 9.1: a shortened id is never guessed, only suggested.
    assert find_item(plans, "1.2") is None and suggest_items(plans, "1.2") == ["01.02"]
    assert find_item(plans, "01.I3")[0:1] == ("indicator",) and find_item(plans, "01.i3")[2].id == "01.i3"
    assert suggest_items(plans, "1.i3") == ["01.i3"]
    assert [find_item(plans, text)[1].number for text in ("2", "02", "beta", "02-beta", " BETA ")] == [2] * 5
    assert find_item(plans, "03") is None and find_item(plans, "01.99") is None
    # Full-width forms, as a Chinese input method types them, are the id (it had been refused).
    assert find_item(plans, "０１.０２")[2].id == "01.02" and find_item(plans, "０１.ｉ３")[2].id == "01.i3"


def test_find_item_takes_every_id_the_tool_prints(fixture_package):
    from bizenv_cli.query.show import find_item

    plans = fixture_package.plans
    section = find_item(plans, "01.s1")
    assert section[0] == "section" and section[2]["id"] == "01.s1"
    table = find_item(plans, "01.t1")
    assert table[0] == "table" and table[2]["id"] == "01.t1"
    # Every id search prints is one show takes.
    for hit in search_hits(plans, "市"):
        assert find_item(plans, hit["id"]) is not None, hit["id"]


def test_a_spreadsheet_mangled_id_suggests_both_readings(real_package):
    from bizenv_cli.query.show import missing_item

    assert missing_item(real_package.plans, "9.1") == (
        "no id '9.1' (ids are written in full, as printed); did you mean 09.01 or 09.10?")


# --- search ---------------------------------------------------------------------------------------

def test_matches_do_not_overlap_as_a_highlighter_marks_them():
    # Each match starts after the one before ends: 各县县县 holds 县县 once, at (1, 3), not also at (2, 4).
    assert find_spans("各县县县", "县县") == [(1, 3)]
    assert find_spans("一一一一", "一一") == [(0, 2), (2, 4)]


def test_fold_makes_search_cjk_and_width_friendly():
    assert fold("（市、区） ２０２２ 年") == "(市、区)2022年"
    assert fold("ABC") == "abc"


def test_spans_point_into_the_original_text():
    text = "各县（市、区） 2022 年 6 月见成效"
    assert find_spans(text, "(市、区)") == [(2, 7)]
    start, end = find_spans(text, "2022年6月")[0]
    assert text[start:end] == "2022 年 6 月"


def test_search_reaches_paragraphs_table_cells_and_measures(fixture_package):
    hits = search_hits(fixture_package.plans, "一件事一次办")
    assert [(hit["id"], hit["field"]) for hit in hits] == [("01.01", "measures[0].title")]
    assert hits[0]["matches"] == [[3, 9]]
    paragraph = search_hits(fixture_package.plans, "营商环境(试点)")
    assert [(hit["id"], hit["line"], hit["field"]) for hit in paragraph] == [
        ("01.s1", 2, "sections[0].paragraphs[0].text")]
    cell = search_hits(fixture_package.plans, "1个工作日")
    assert [(hit["id"], hit["field"], hit["text"]) for hit in cell] == [("01.t2", "tables[1].rows[1][1]", "1个 工作日")]
    deadline = search_hits(fixture_package.plans, "县级完成对接")
    assert [(hit["id"], hit["line"], hit["field"]) for hit in deadline] == [("02.01", 64, "measures[0].deadline.raw")]


def test_search_snippet_offsets_mark_the_hit(fixture_package):
    for hit in search_hits(fixture_package.plans, "市税务局"):
        for start, end in hit["snippet_matches"]:
            assert fold(hit["snippet"][start:end]) == "市税务局"


def test_a_snippet_marks_with_an_ellipsis_only_the_ends_it_cut(real_package):
    # SNIPPET_CONTEXT characters either side of the first match: a field shorter than that either
    # side is shown whole, with no …; a longer one is cut, and … marks the cut end.
    from bizenv_cli.query.search import SNIPPET_CONTEXT

    hits = search_hits(real_package.plans, "市税务局")
    whole = [hit for hit in hits if len(hit["text"]) <= SNIPPET_CONTEXT]
    assert whole and all(hit["snippet"] == hit["text"].replace("\n", " ") for hit in whole)
    cut = [hit for hit in hits if hit["matches"][0][0] > SNIPPET_CONTEXT]
    assert cut and all(hit["snippet"].startswith("…") for hit in cut)
    for hit in hits:
        end = hit["matches"][0][1] + SNIPPET_CONTEXT
        assert hit["snippet"].endswith("…") == (end < len(hit["text"]))


def test_real_search_finds_a_phrase_split_by_the_extraction(real_package):
    # Source line 889: 时间节点：2022 年 12 月 (spaces inside); searching without them finds it.
    hits = search_hits([real_package.plan(7)], "2022年12月")
    assert any(hit["id"] == "07.01" and hit["field"].endswith("deadline.raw") for hit in hits)


def test_show_takes_every_id_search_prints_in_the_real_data(real_package):
    from bizenv_cli.query.show import find_item

    ids = {hit["id"] for text in ("市", "年", "2") for hit in search_hits(real_package.plans, text)}
    assert len(ids) > 500
    assert [item for item in sorted(ids) if find_item(real_package.plans, item) is None] == []


def test_department_status_counts_take_the_statuses_a_ledger_gives(fixture_package):
    from datetime import date

    from bizenv_cli.query.queries import department_rows

    plans, registry = fixture_package.plans, fixture_package.registry
    by_date = {row["id"]: row["status"] for row in department_rows(plans, registry, as_of=date(2022, 6, 1))}
    assert by_date["tax"]["total"] == by_date["tax"]["overdue"] + by_date["tax"]["due"] + by_date["tax"]["upcoming"]
    # The seam the ledger fills: its own status per milestone (done, done-late, dropped ...).
    done = department_rows(plans, registry, as_of=date(2022, 6, 1),
                           status_of=lambda measure, index, milestone, day: "done" if index == 1 else "overdue")
    tax = next(row["status"] for row in done if row["id"] == "tax")
    assert tax["done"] >= 1 and tax["total"] == by_date["tax"]["total"]


def test_indicator_owners_follow_the_stated_rules_in_order(real_package):
    from bizenv_cli.model.owners import indicator_owners

    plan9, plan13 = real_package.plan(9), real_package.plan(13)
    assert indicator_owners(plan9, plan9.indicators[0]) == (["tax"], "plan")
    owners, rule = indicator_owners(plan13, plan13.indicators[0])
    assert "intermediate-court" in owners and rule in ("measures", "plan")
    with_columns = [(plan, i) for plan in real_package.plans for i in plan.indicators if i.department_ids()]
    assert with_columns and all(indicator_owners(plan, i) == (i.department_ids(), "table") for plan, i in with_columns)


def test_target_by_a_month_is_the_last_due_by_then(real_package):
    from bizenv_cli.query.queries import target_by

    indicator = next(i for i in real_package.plan(13).indicators if i.id == "13.i1")
    assert target_by(indicator, "2022-06").by == "2022-06"
    assert target_by(indicator, "2022-05") is None
    assert target_by(indicator, None) == indicator.year_end_target


def test_due_rows_say_which_milestone_of_the_deadline_they_are(real_package):
    # 15.11: 2022年3月市级完成对接，2022年12月县级完成对接 — two milestones, #1 and #2, the numbers that
    # `bizenv record 15.11#2` and the calendar's UID 15.11-2@… use.
    rows = due_rows(select_measures(real_package.plans, MeasureFilter(plans=(15,))), window(by=parse_period("2022-12")),
                    date(2022, 7, 1), None, include_ongoing=True)
    staged = [(row["date"], row["milestone"], row["label"]) for row in rows if row["measure"] == "15.11"]
    assert staged == [("2022-03-31", 1, "2022年3月市级完成对接"), ("2022-12-31", 2, "2022年12月县级完成对接")]
    assert all(row["milestone"] is None for row in rows if row["status"] == "ongoing")
    measure = real_package.measure("15.11")
    for row in rows:
        if row["milestone"] is not None:
            owner = real_package.measure(row["measure"])
            assert owner.deadline.milestones[row["milestone"] - 1].date.isoformat() == row["date"]
    assert len(measure.deadline.milestones) == 2


def test_gap_rows_sort_by_gap_and_by_progress_keeping_the_rest_in_order():
    from bizenv_cli.query.queries import sort_gap_rows

    rows = [{"id": "a", "to_target_pct": 10.0, "progress_pct": None},
            {"id": "b", "to_target_pct": None, "progress_pct": 80.0},
            {"id": "c", "to_target_pct": -50.0, "progress_pct": 5.0},
            {"id": "d", "to_target_pct": None, "progress_pct": None},
            {"id": "e", "to_target_pct": 20.0, "progress_pct": -3.0}]
    assert [row["id"] for row in sort_gap_rows(rows, "gap")] == ["c", "e", "a", "b", "d"]
    assert [row["id"] for row in sort_gap_rows(rows, "progress")] == ["e", "c", "b", "a", "d"]
    assert sort_gap_rows(rows, "plan") == rows
    with pytest.raises(ValueError):
        sort_gap_rows(rows, "frontier")


def test_due_rows_by_department_put_the_rows_naming_no_body_last():
    # A measure printed without a 责任单位 line names no body: sorted by department, its rows follow
    # every row that names one, whatever their dates (then by date among themselves).
    from bizenv_cli.query.queries import sort_due_rows

    rows = [{"measure": "01.01", "date": "2022-03-31", "departments": []},
            {"measure": "01.02", "date": "2022-12-31", "departments": ["tax"]},
            {"measure": "01.03", "date": "2022-01-31", "departments": []},
            {"measure": "01.04", "date": "2022-06-30", "departments": ["finance"]}]
    names = {"tax": "市税务局", "finance": "市财政局"}  # 税 (U+7A0E) sorts before 财 (U+8D22)
    assert [row["measure"] for row in sort_due_rows(rows, "department", names.get)] == [
        "01.02", "01.04", "01.03", "01.01"]


def test_show_of_a_section_lists_what_its_subsections_hold(fixture_package):
    # tests/examples/queries/data/plans/01-alpha.yaml: 一、主要措施 (01.s2) holds no measure itself;
    # its subsections （一）税费服务 (01.s3) and （二）项目保障 (01.s4) hold 01.01-01.03 and 01.04-01.07.
    from bizenv_cli.query.show import detail, find_item

    def shown(section_id):
        kind, plan, item = find_item(fixture_package.plans, section_id)
        return detail(kind, plan, item, date(2022, 6, 1))

    assert shown("01.s2")["measures"] == ["01.01", "01.02", "01.03", "01.04", "01.05", "01.06", "01.07"]
    assert shown("01.s3")["measures"] == ["01.01", "01.02", "01.03"]


def test_a_due_row_names_each_body_once_per_role(fixture_package):
    # due_rows.names_by_role: a line that prints a body twice in one role lists it once there.
    from bizenv_cli.model.records import Assignment, Responsibility
    from bizenv_cli.query.due_rows import names_by_role

    measure = fixture_package.plan(1).measures[0]
    twice = Responsibility("市税务局牵头，市财政局、市税务局牵头", None,
                           (Assignment("市税务局", "tax", "lead"), Assignment("市财政局", "finance", "lead"),
                            Assignment("市税务局", "tax", "lead")))
    assert names_by_role(measure._replace(responsible=twice))["lead"] == ["市税务局", "市财政局"]
