"""Issue 11, item by item: what a new analyst tried and found broken or missing, through the CLI.

Facts about the real data are checkable in the source: plan 9 (缴纳税费) is the tax bureau's
throughout; 13.i1 and 13.i3 share the name 解决商业纠纷平均用时 (June and year-end targets);
the plans' milestones run from 2022-03-31 to 2022-12-31.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import DATA, REPO, invoke

FIXTURE = REPO / "tests" / "examples" / "queries" / "data"


def run(runner, *args, data=DATA):
    return invoke(runner, "--data", str(data), *args)


def rows_of(runner, *args, data=DATA) -> list:
    result = run(runner, *args, "--format", "json", data=data)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def usage_error(runner, *args, data=DATA, lines: int = 1) -> str:
    """What a usage error printed: exit 2, nothing on stdout, no traceback, and `lines` lines on
    stderr (one, unless the message lists the choices)."""
    result = run(runner, *args, data=data)
    assert (result.exit_code, result.stdout) == (2, ""), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == lines, result.stderr
    return result.stderr


# --- column names: unique, and the JSON keys ---------------------------------------------------------

def _resolves(row: dict, header: str) -> bool:
    value = row
    for key in header.split("."):
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return True


@pytest.mark.parametrize("args", [
    ["measures"], ["due", "--by", "2022-12", "--as-of", "2022-05-15"], ["gaps"], ["plans"], ["departments"],
    ["departments", "--as-of", "2022-07-01"], ["search", "营商环境"],
])
@pytest.mark.parametrize("flat", ["csv", "tsv"])
def test_flat_headers_are_unique_and_name_json_keys(runner, args, flat):
    text = run(runner, *args, "--format", flat).stdout.lstrip("\ufeff")
    headers = next(csv.reader(io.StringIO(text), delimiter="," if flat == "csv" else "\t"))
    assert len(headers) == len(set(headers)), headers
    row = rows_of(runner, *args)[0]
    assert [header for header in headers if not _resolves(row, header)] == []


def test_due_says_days_left_as_json_does(runner):
    text = run(runner, "due", "--by", "2022-06", "--as-of", "2022-05-15", "--format", "csv").stdout
    assert text.lstrip("\ufeff").split("\r\n")[0].split(",")[:4] == ["date", "measure", "status", "days_left"]


# --- due exports: who, by role, by name ----------------------------------------------------------------

def test_due_rows_carry_names_by_role_and_the_raw_line(runner):
    rows = rows_of(runner, "due", "--by", "2022-12", "--as-of", "2022-05-15", data=FIXTURE)
    first = next(row for row in rows if row["measure"] == "01.01")
    assert (first["lead"], first["support"], first["implement"], first["responsible"]) == (
        ["市税务局"], ["市财政局"], [], [])
    assert first["responsible_raw"] == "市税务局牵头，市财政局配合"
    text = run(runner, "due", "--by", "2022-12", "--as-of", "2022-05-15", "--format", "csv", data=FIXTURE).stdout
    record = next(row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if row["measure"] == "01.01")
    assert (record["lead"], record["support"], record["responsible_raw"]) == ("市税务局", "市财政局",
                                                                              "市税务局牵头，市财政局配合")


# --- filters: role, text, several plans and departments, sort, limit ---------------------------------------

def test_due_takes_role_in_english_or_chinese_and_in_any_case(runner):
    english = rows_of(runner, "due", "--by", "2022-12", "--dept", "tax", "--role", "Lead", data=FIXTURE)
    chinese = rows_of(runner, "due", "--by", "2022-12", "--dept", "tax", "--role", "牵头", data=FIXTURE)
    assert english == chinese and {row["measure"] for row in english} == {"01.01"}


def test_measures_role_takes_chinese_words(runner):
    assert rows_of(runner, "measures", "--role", "配合", data=FIXTURE) == rows_of(
        runner, "measures", "--role", "SUPPORT", data=FIXTURE)


def test_grep_filters_due_and_measures(runner):
    due = rows_of(runner, "due", "--by", "2022-12", "--grep", "数据 普查", data=FIXTURE)
    assert {row["measure"] for row in due} == {"01.03"}
    assert [row["id"] for row in rows_of(runner, "measures", "--grep", "一件事", data=FIXTURE)] == ["01.01"]


def test_repeated_dept_and_plan_take_any_of_them(runner):
    tax = {row["measure"] for row in rows_of(runner, "due", "--by", "2022-12", "--dept", "tax")}
    finance = {row["measure"] for row in rows_of(runner, "due", "--by", "2022-12", "--dept", "finance")}
    both = {row["measure"] for row in rows_of(runner, "due", "--by", "2022-12", "--dept", "tax", "--dept", "finance")}
    assert both == tax | finance and tax - finance and finance - tax
    plans = {row["plan"] for row in rows_of(runner, "measures", "--plan", "9", "--plan", "10")}
    assert plans == {9, 10}
    assert {row["plan"] for row in rows_of(runner, "measures", "--plan", "9,10")} == {9, 10}
    assert {row["plan"] for row in rows_of(runner, "gaps", "--plan", "9", "--plan", "13")} == {9, 13}


@pytest.mark.parametrize("args, option", [
    (["due", "--before", "2022-06", "--before", "2022-09"], "--before"),
    (["due", "--by", "2022-06", "--as-of", "2022-05-01", "--as-of", "2022-06-01"], "--as-of"),
    (["measures", "--section", "a", "--section", "b"], "--section"),
    (["due", "--by", "2022-12", "--format", "json", "-f", "csv"], "--format"),
    (["--data", str(DATA), "--data", str(DATA), "plans"], "--data"),
])
def test_a_repeated_single_valued_option_is_refused(runner, args, option):
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bizenv: error: {option}: given more than once; it takes one value")


def test_due_sorts_and_limits(runner):
    by_plan = rows_of(runner, "due", "--by", "2022-12", "--as-of", "2022-05-15", "--sort", "plan")
    assert [row["plan"] for row in by_plan] == sorted(row["plan"] for row in by_plan)
    by_date = rows_of(runner, "due", "--by", "2022-12", "--as-of", "2022-05-15", "--sort", "DATE")
    assert [row["date"] for row in by_date] == sorted(row["date"] for row in by_date)
    first = rows_of(runner, "due", "--by", "2022-12", "--as-of", "2022-05-15", "--sort", "plan", "--limit", "3")
    assert first == by_plan[:3]
    heading = run(runner, "due", "--by", "2022-12", "--as-of", "2022-05-15", "--limit", "3").stdout.splitlines()[0]
    assert heading.endswith(f"— 3 milestones (the first 3 of {len(by_date)})")


def test_measures_sort_by_date_and_limit(runner):
    rows = rows_of(runner, "measures", "--plan", "9", "--sort", "date", "--limit", "5")
    firsts = [min(m["date"] for m in row["deadline"]["milestones"]) for row in rows]
    assert len(rows) == 5 and firsts == sorted(firsts)


def test_limit_must_be_a_positive_number(runner):
    assert "--limit" in usage_error(runner, "due", "--limit", "0")
    assert "--limit" in usage_error(runner, "due", "--limit", "many")


def test_include_ongoing_heading_counts_ongoing_measures_apart(runner):
    heading = run(runner, "due", "--by", "2022-12", "--include-ongoing", "--as-of", "2022-05-15",
                  data=FIXTURE).stdout.splitlines()[0]
    rows = rows_of(runner, "due", "--by", "2022-12", "--include-ongoing", "--as-of", "2022-05-15", data=FIXTURE)
    dated = sum(1 for row in rows if row["date"])
    ongoing = len(rows) - dated
    assert ongoing and heading.endswith(f"— {dated} milestones, {ongoing} ongoing measure" + ("s" if ongoing > 1 else ""))


# --- everyday and Chinese forms -------------------------------------------------------------------------

def test_dates_in_chinese_and_quarters_mean_the_same_window(runner):
    iso = rows_of(runner, "due", "--before", "2022-06", "--as-of", "2022-05-01")
    assert rows_of(runner, "due", "--before", "2022年6月", "--as-of", "2022/05/01") == iso
    quarter = rows_of(runner, "due", "--in", "2022-Q2", "--as-of", "2022-05-01")
    months = rows_of(runner, "due", "--after", "2022-03", "--before", "2022-07", "--as-of", "2022-05-01")
    assert quarter == months and quarter


def test_as_of_today_is_the_default_day(runner):
    assert rows_of(runner, "due", "--by", "2022-12", "--as-of", "today") == rows_of(runner, "due", "--by", "2022-12")


def test_as_of_says_it_wants_a_day(runner):
    assert usage_error(runner, "due", "--as-of", "06/01/2022") == (
        "bizenv: error: --as-of: '06/01/2022' is not a day: use YYYY-MM-DD, 2022/6/30, 2022年6月30日 or today\n")


def test_plan_by_a_part_of_its_title(runner):
    assert {row["plan"] for row in rows_of(runner, "measures", "--plan", "纳税")} == {9}  # 缴纳税费
    message = usage_error(runner, "measures", "--plan", "包容普惠创新", lines=1 + 7)
    assert message.startswith("bizenv: error: --plan: '包容普惠创新' is in the titles of 7 plans; say which:\n")
    assert "  20  平顶山市包容普惠创新（创新创业活跃度）优化提升专项行动方案" in message


def test_half_width_brackets_name_the_same_department(runner):
    full = rows_of(runner, "measures", "--dept", "各县（市、区）人民政府")
    assert full and rows_of(runner, "measures", "--dept", "各县(市、区)人民政府") == full


def test_choices_ignore_case_everywhere(runner):
    assert rows_of(runner, "due", "--by", "2022-12", "--status", "Overdue", "--as-of", "2022-07-01")
    assert rows_of(runner, "departments", "--kind", "GROUP")
    assert run(runner, "plans", "--format", "JSON").exit_code == 0
    assert run(runner, "validate", "--format", "JSON").exit_code == 0


# --- global options after the command; table width ----------------------------------------------------------

def test_no_color_and_data_after_the_command(runner):
    result = invoke(runner, "plans", "--no-color", "--data", str(FIXTURE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [row["number"] for row in json.loads(result.stdout)] == [1, 2]
    coloured = invoke(runner.__class__(env={"COLUMNS": "100", "FORCE_COLOR": "1", "NO_COLOR": None}),
                      "--data", str(FIXTURE), "plans", "--no-color")
    assert "\x1b[" not in coloured.stdout


@pytest.mark.parametrize("width", [60, 120])
def test_width_sets_the_table_width_whatever_the_terminal(runner, width):
    lines = run(runner, "measures", "--width", str(width)).stdout.splitlines()
    assert max(len(line) for line in lines[1:]) <= width  # ascii-only rule line: its length is its width
    rule = lines[2]
    assert set(rule) == {"─", " "} or set(rule) == {"─"}


def test_a_pipe_honours_columns(runner):
    narrow = invoke(runner.__class__(env={"COLUMNS": "60", "NO_COLOR": "1"}), "--data", str(DATA), "plans")
    assert max(len(line) for line in narrow.stdout.splitlines()[1:3]) <= 60


# --- show takes every printed id, and only as printed ----------------------------------------------------------

def test_show_takes_sections_and_tables_search_prints(runner):
    hits = rows_of(runner, "search", "主要目标")
    assert any(hit["id"] == "01.s5" for hit in hits)
    section = rows_of(runner, "show", "01.s5")
    assert section["item"] == "section" and section["heading"] == "（一）全面提升政务服务效能"
    table = rows_of(runner, "show", "09.t1")
    assert table["item"] == "table" and table["indicators"]


def test_show_refuses_an_id_a_spreadsheet_shortened(runner):
    assert usage_error(runner, "show", "9.1") == (
        "bizenv: error: show: no id '9.1' (ids are written in full, as printed); did you mean 09.01 or 09.10?\n")


# --- gaps: who answers for an indicator, targets by a month ----------------------------------------------------

def test_gaps_dept_finds_plan_9s_indicators_for_the_tax_bureau(runner):
    rows = rows_of(runner, "gaps", "--dept", "市税务局")
    assert {row["id"] for row in rows} >= {f"09.i{n}" for n in range(1, 18)}
    by_rule = {row["id"]: row["departments_from"] for row in rows}
    assert by_rule["09.i1"] == "plan"


def test_gaps_dept_uses_a_tables_own_responsible_column_first(runner):
    # Worked out from the plan files: an indicator whose own cells (牵头单位, 责任单位) name bodies
    # belongs to exactly those; any other is found under its measures' or its plan's bodies.
    import yaml

    own = {}
    for path in sorted((DATA / "plans").glob("*.yaml")):
        for indicator in yaml.safe_load(path.read_text(encoding="utf-8")).get("indicators", []):
            own[indicator["id"]] = {body["id"] for cell in ("lead", "responsible") if indicator.get(cell)
                                    for body in indicator[cell]["bodies"] if body.get("id")}
    rows = {row["id"]: row for row in rows_of(runner, "gaps")}
    assert rows.keys() == own.keys()
    from_table = {id_ for id_, bodies in own.items() if bodies}
    assert from_table and {id_ for id_, row in rows.items() if row["departments_from"] == "table"} == from_table
    for id_ in from_table:
        assert set(rows[id_]["departments"]) == own[id_], id_


def test_gaps_by_a_month_compares_against_the_target_due_then(runner):
    june = {row["id"]: row for row in rows_of(runner, "gaps", "--plan", "13", "--by", "2022-06")}
    year = {row["id"]: row for row in rows_of(runner, "gaps", "--plan", "13")}
    assert june["13.i1"]["target"] == {"by": "2022-06", "raw": "155天以下", "value": 155, "change": None,
                                       "change_unit": None, "level": 155}
    assert june["13.i3"]["target"] is None  # its only target is due in December
    assert year["13.i3"]["target"]["by"] == "2022-12"


def test_same_name_indicators_read_apart_in_the_table(runner):
    lines = run(runner, "gaps", "--plan", "13", "--width", "200").stdout.splitlines()
    start = {line.split()[0]: index for index, line in enumerate(lines) if line.startswith("13.i")}
    assert "by 2022-06" in lines[start["13.i1"] + 1] and "by 2022-12" in lines[start["13.i3"] + 1]


# --- departments as of a day -----------------------------------------------------------------------------

def test_departments_as_of_counts_milestones_by_status(runner):
    rows = rows_of(runner, "departments", "--as-of", "2022-07-01", "--sort", "overdue")
    overdue = [row["status"]["overdue"] for row in rows]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] > 0
    due = rows_of(runner, "due", "--by", "2022-12", "--dept", "tax", "--as-of", "2022-07-01")
    tax = next(row for row in rows if row["id"] == "tax")
    assert tax["status"]["total"] == len(due)
    assert tax["status"]["overdue"] == sum(1 for row in due if row["status"] == "overdue")


def test_departments_status_table(runner):
    lines = run(runner, "departments", "--as-of", "2022-07-01", "--sort", "overdue", "--limit", "3").stdout.splitlines()
    assert lines[0] == "3 departments (the first 3 of 74); milestones as of 2022-07-01; sorted by overdue"
    assert lines[1].split() == ["name", "id", "overdue", "due", "upcoming", "total"]


def test_sorting_by_a_status_needs_a_day(runner):
    assert usage_error(runner, "departments", "--sort", "overdue") == (
        "bizenv: error: --sort overdue: counts by status need --as-of DAY\n")


# --- an empty window says why ------------------------------------------------------------------------------

def test_a_window_outside_the_plans_says_where_the_milestones_are(runner):
    result = run(runner, "due", "--in", "2023")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == ("bizenv: note: no milestone can be due in 2023 (2023-01-01 to "
                                             "2023-12-31): the plans' milestones run from 2022-03-31 to 2022-12-31")
    inside = run(runner, "due", "--in", "2022-08", "--dept", "tax").stderr  # inside the span: no such note
    assert "no milestone can be" not in inside and inside.startswith("bizenv: note: 9 of the measures chosen")


def test_a_pipe_without_columns_takes_the_terminals_width_else_80(monkeypatch):
    import os
    import sys

    from bizenv_cli.cli.options import table_width

    class Stream:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

        def fileno(self):
            return 2

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "stdout", Stream(False))
    monkeypatch.setattr(sys, "stdin", Stream(False))
    monkeypatch.setattr(sys, "stderr", Stream(True))
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((132, 40)))
    assert table_width() == 132  # `bizenv due | less` in a 132-column terminal
    monkeypatch.setenv("COLUMNS", "90")
    assert table_width() == 90
    for junk in ("0", "-1", "abc"):  # no width: as if unset, as shutil and rich read it
        monkeypatch.setenv("COLUMNS", junk)
        assert table_width() == 132
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys, "stderr", Stream(False))
    assert table_width() == 80


# --- the measures with no 时间节点 ------------------------------------------------------------------------------

NO_DEADLINE = "have no 时间节点 (no date, not ongoing)"


def test_due_says_how_many_measures_have_no_date_to_be_due_by(runner):
    # Plan 1's 51 measures and 02.04 print no 时间节点 (source lines 1-228 have no 时间节点 line; 02.04,
    # at line 268, goes straight to its 责任单位 at 270): "what is due before June?" could not list
    # them, and never said so.
    measures = json.loads(run(runner, "measures", "--format", "json").stdout)
    silent = [m["id"] for m in measures if m["deadline"]["raw"] is None]
    assert len(silent) == 52 and silent[-1] == "02.04"
    result = run(runner, "due", "--before", "2022-06", "--format", "json")
    assert {row["measure"] for row in json.loads(result.stdout)}.isdisjoint(silent)  # stdout stays JSON
    assert result.stderr == f"bizenv: note: 52 measures {NO_DEADLINE}, so `due` has no row for them\n"
    # Of the measures the filters choose: 市税务局 is named by 9 of them (01.05 … 01.25, 02.04).
    tax = run(runner, "due", "--dept", "tax", "--format", "json").stderr
    assert tax == f"bizenv: note: 9 of the measures chosen {NO_DEADLINE}, so `due` has no row for them\n"
    assert run(runner, "due", "--plan", "2").stderr == ("bizenv: note: 1 of the measures chosen has no 时间节点 "
                                                        "(no date, not ongoing), so `due` has no row for it\n")
    assert run(runner, "due", "--plan", "9").stderr == ""  # each of plan 9's measures has one


def test_progress_and_departments_say_what_their_counts_by_date_leave_out(runner):
    # `progress --plan 1` scored plan 1 as nothing due, nothing late, with no word of its 51 measures.
    plan_1 = run(runner, "progress", "--plan", "1", "--as-of", "2022-07-01", "--format", "json")
    assert [(row["key"], row["due_by_as_of"], row["upcoming"], row["ongoing"])
            for row in json.loads(plan_1.stdout)] == [(1, 0, 0, 0)]
    assert plan_1.stderr == f"bizenv: note: 51 of the measures chosen {NO_DEADLINE}, so the scorecard leaves them out\n"
    whole = run(runner, "progress", "--as-of", "2022-07-01", "--format", "json").stderr
    assert whole == f"bizenv: note: 52 measures {NO_DEADLINE}, so the scorecard leaves them out\n"
    by_status = run(runner, "departments", "--as-of", "2022-07-01", "--format", "json").stderr
    assert by_status == f"bizenv: note: 52 measures {NO_DEADLINE}, so the counts by status leave them out\n"
    assert run(runner, "departments", "--format", "json").stderr == ""  # measures by role count them all
