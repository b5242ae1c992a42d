"""The query commands through the real CLI: the JSON contract of docs/json.md, every format, the
headings, the help, and every error a user can cause (exit 2 with a message, never a traceback)."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bizenv_cli.cli import app
from listings import LISTINGS
from conftest import as_json, invoke as invoke_app

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
FIXTURE = ROOT / "tests" / "examples" / "queries" / "data"


# docs/json.md: the keys every row must have (more are welcome).
CONTRACT = {
    "measures": {"id", "plan", "seq", "label", "title", "text", "line", "deadline", "responsible"},
    "due": {"date", "measure", "plan", "seq", "title", "label", "departments", "status", "days_left"},
    "departments": {"id", "name", "name_en", "kind", "aliases", "group", "counts"},
    "gaps": {"plan", "id", "name", "unit", "direction", "baseline", "targets", "frontier",
             "to_target", "to_target_pct", "to_frontier", "improving", "meets_frontier"},
}
ROLES = {"lead", "support", "implement", "responsible"}


@pytest.fixture(scope="module")
def query_cache(tmp_path_factory):
    """The store of this module's commands: a user's, which the commands before filled."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture()
def invoke(query_cache):
    env = {"COLUMNS": "100", "NO_COLOR": "1", "XDG_CACHE_HOME": str(query_cache), "FORCE_COLOR": None,
           "BIZENV_DATA": None}

    def run(*args, data=REAL, extra_env=None):
        prefix = ["--data", str(data)] if data else []
        return invoke_app(CliRunner(env={**env, **(extra_env or {})}), *prefix, *args)
    return run


def test_every_json_output_keeps_the_contract(invoke):
    for command, keys in CONTRACT.items():
        rows = as_json(invoke(*LISTINGS[command], "--format", "json"))
        assert rows, command
        for row in rows:
            assert keys <= set(row), (command, keys - set(row))
    for row in as_json(invoke("measures", "--format", "json")):
        assert {"raw", "milestones", "ongoing", "recurrence"} <= set(row["deadline"])
        assert all(set(m) == {"date", "label"} and re.fullmatch(r"\d{4}-\d\d-\d\d", m["date"])
                   for m in row["deadline"]["milestones"])
        assert {"raw"} | ROLES <= set(row["responsible"])
        assert all(isinstance(row["responsible"][role], list) for role in ROLES)
        assert 1 <= row["plan"] <= 29 and row["seq"] >= 1
    for row in as_json(invoke("due", "--by", "2022-12", "--as-of", "2022-05-15", "--format", "json")):
        assert row["status"] in ("overdue", "due", "upcoming") and isinstance(row["days_left"], int)
    for row in as_json(invoke("departments", "--format", "json")):
        assert set(row["counts"]) == ROLES
    for row in as_json(invoke("gaps", "--format", "json")):
        assert set(row["baseline"]) >= {"raw", "value"} and set(row["frontier"]) >= {"raw", "value", "where"}
        assert all(set(t) >= {"by", "raw", "value"} for t in row["targets"])


def test_json_is_utf8_not_escaped(invoke):
    assert "市税务局" in invoke("departments", "--format", "json").stdout


@pytest.mark.parametrize("command", sorted(LISTINGS))
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "md"])
def test_every_format_works_on_every_listing(invoke, command, fmt):
    result = invoke(*LISTINGS[command], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    if fmt == "json":
        rows = json.loads(text)
        assert isinstance(rows, list) and rows
        assert all(isinstance(row, dict) and row for row in rows)
    elif fmt == "csv":
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:])))
        assert len({len(row) for row in rows}) == 1 and len(rows) > 1
    elif fmt == "tsv":
        lines = text.splitlines()
        assert len({line.count("\t") for line in lines}) == 1 and len(lines) > 1
    elif fmt == "md":
        assert re.search(r"^\|(---:?\|)+$", text, re.MULTILINE)
    else:
        assert "\x1b[" not in text and text.strip()


def test_csv_neutralises_formula_cells(invoke):
    text = invoke("measures", "--format", "csv", data=FIXTURE).stdout
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert next(row for row in rows if row["id"] == "01.06")["text"].startswith("'=SUM(A1:A2)")


def test_output_file_takes_its_format_from_the_extension(invoke, tmp_path):
    for name, check in (("due.json", lambda t: json.loads(t)), ("due.csv", lambda t: t.startswith("\ufeff")),
                        ("due.md", lambda t: t.startswith("**due before"))):
        result = invoke("due", "--before", "2022-06", "--as-of", "2022-05-15", "-o", str(tmp_path / name))
        assert result.exit_code == 0 and result.stdout == ""
        assert check((tmp_path / name).read_text(encoding="utf-8"))
        assert f"wrote 8 rows to {tmp_path / name}" in result.stderr
    result = invoke("due", "-o", str(tmp_path / "due.docx"))
    assert result.exit_code == 2
    assert "cannot tell the format of" in result.stderr and "pass --format" in result.stderr


# --- due: the analyst's main question ------------------------------------------------------------

def test_due_heading_says_the_window_in_words(invoke):
    lines = invoke("due", "--before", "2022-06", "--as-of", "2022-05-15").stdout.splitlines()
    assert lines[0] == "due before 2022-06-01, as of 2022-05-15 — 8 milestones"
    assert lines[1].split() == ["date", "measure", "status", "days_left", "title", "departments"]
    heading = invoke("due", "--in", "2022-09", "--as-of", "2022-08-15").stdout.splitlines()[0]
    assert heading == "due in 2022-09 (2022-09-01 to 2022-09-30), as of 2022-08-15 — 11 milestones"


def test_due_before_june_lists_the_eight_milestones_of_the_source(invoke):
    rows = as_json(invoke("due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json"))
    assert [(row["date"], row["measure"]) for row in rows] == [
        ("2022-03-31", "04.01"), ("2022-03-31", "04.02"), ("2022-03-31", "09.10"), ("2022-03-31", "15.11"),
        ("2022-03-31", "17.06"), ("2022-03-31", "29.02"), ("2022-04-30", "15.09"), ("2022-05-31", "09.12")]
    assert [row["status"] for row in rows] == ["overdue"] * 7 + ["due"]
    assert rows[-1]["days_left"] == 16


def test_before_a_months_last_day_says_what_it_leaves_out(invoke):
    # `--before 2022年6月底` is strictly before 2022-06-30: the 6月底前 milestones of the source are
    # left out, which a reader of the plans expects in; a note says so and names --by.
    before = invoke("due", "--before", "2022年6月底", "--as-of", "2022-05-15", "--format", "json")
    by = as_json(invoke("due", "--by", "2022年6月底", "--as-of", "2022-05-15", "--format", "json"))
    assert {row["date"] for row in by} - {row["date"] for row in as_json(before)} == {"2022-06-30"}
    assert ("bizenv: note: --before 2022-06-30 leaves out the milestones due on 2022-06-30 itself (the plans' "
            "6月底前); --by 2022-06-30 includes them") in before.stderr.splitlines()
    for months_first in ("2022-06", "2022-06-15"):  # no month's last day: nothing to say
        assert "leaves out" not in invoke("due", "--before", months_first, "--format", "json").stderr


def test_due_table_never_cuts_ids_or_dates_at_80_columns(invoke):
    rows = as_json(invoke("due", "--by", "2022-06", "--as-of", "2022-05-15", "--format", "json"))
    table = invoke("due", "--by", "2022-06", "--as-of", "2022-05-15", extra_env={"COLUMNS": "80"}).stdout
    assert max(len(line) for line in table.splitlines()[1:]) <= 80
    found = re.findall(r"^(\d{4}-\d\d-\d\d)\s+(\d\d\.\d\d)\s", table, re.MULTILINE)
    assert found == [(row["date"], row["measure"]) for row in rows]


def test_the_status_and_role_options_offer_exactly_what_rows_carry():
    from bizenv_cli.cli.due_cmd import Status
    from bizenv_cli.cli.options import Role
    from bizenv_cli.model.records import ROLES as MODEL_ROLES
    from bizenv_cli.ledger.status import LEDGER_STATUSES
    from bizenv_cli.query.queries import STATUSES

    assert tuple(status.value for status in Status) == STATUSES + LEDGER_STATUSES
    assert tuple(role.value for role in Role) == MODEL_ROLES


def test_status_filter_and_ongoing(invoke):
    rows = as_json(invoke("due", "--by", "2022-12", "--as-of", "2022-06-15", "--status", "due", "--format", "json"))
    assert {row["date"] for row in rows} == {"2022-06-30"}
    both = as_json(invoke("due", "--as-of", "2022-06-15", "--status", "OVERDUE", "--status", "due", "--format", "json"))
    assert {row["status"] for row in both} == {"overdue", "due"} and len(both) == 8 + len(rows)
    ongoing = as_json(invoke("due", "--before", "2022-06", "--include-ongoing", "--as-of", "2022-05-15",
                             "--format", "json", data=FIXTURE))
    assert [(row["measure"], row["status"]) for row in ongoing if row["date"] is None] == [
        ("01.05", "ongoing"), ("01.06", "ongoing")]


# --- --dept: id, canonical name, alias, part of one; unknown and ambiguous --------------------------

def test_alias_canonical_name_id_and_part_give_the_same_measures(invoke):
    def measures(dept):
        return [row["id"] for row in as_json(invoke("measures", "--dept", dept, "--format", "json"))]
    by_id = measures("development-reform")
    assert by_id and by_id == measures("市发展和改革委员会") == measures("市发改委") == measures("市发展改革委")
    assert by_id == measures("发改委")  # an unambiguous part


def test_tax_bureau_leads_nothing_and_supports_five(invoke):
    # Source: 市税务局 never with 牵头; 配合 in lines 890-902 (document 7, measures 1-5).
    def measures(role):
        return [row["id"] for row in as_json(invoke("measures", "--dept", "市税务局", "--role", role, "--format", "json"))]
    assert measures("lead") == []
    assert measures("support") == ["07.01", "07.02", "07.03", "07.04", "07.05"]
    due = as_json(invoke("due", "--in", "2022-09", "--dept", "tax", "--as-of", "2022-08-15", "--format", "json"))
    assert [row["measure"] for row in due] == ["09.01", "09.05", "09.07", "10.13", "10.15"]


def test_a_group_is_a_department_too(invoke):
    rows = as_json(invoke("measures", "--dept", "各县（市、区）政府", "--format", "json", data=FIXTURE))
    assert [row["id"] for row in rows] == ["01.03"]


def test_unknown_department(invoke):
    result = invoke("measures", "--dept", "市税物局", data=FIXTURE)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("bizenv: error: --dept: no department matches '市税物局'; did you mean "
                             "市税务局 (tax)? (`bizenv departments` lists them all)\n")


def test_ambiguous_department_lists_the_candidates(invoke):
    result = invoke("due", "--dept", "发展", data=FIXTURE)
    assert result.exit_code == 2
    assert result.stderr == (
        "bizenv: error: --dept: '发展' matches 2 departments; say which:\n"
        "  development-reform           市发展和改革委员会 (also 市发展改革委, 市发改委)\n"
        "  development-research         市发展研究中心\n")


# --- bad dates and other usage errors: exit 2, one clear line ---------------------------------------

@pytest.mark.parametrize("args, message", [
    (["due", "--before", "2022-13"], "--before: '2022-13' is not a real date (month must be in 1..12)"),
    (["due", "--by", "June"], "--by: 'June' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, 2022年6月, 2022-Q2 or today (e.g. 2022-06)"),
    (["due", "--in", "2022-02-30"], "--in: '2022-02-30' is not a real date (day is out of range for month)"),
    (["due", "--as-of", "2022-05"], "--as-of: '2022-05' names a period, not a day: use YYYY-MM-DD (e.g. 2022-05-01) or today"),
    (["due", "--after", "2022-07", "--before", "2022-07"],
     "the dates leave no day (before 2022-07, after 2022-07: from 2022-08-01 to 2022-06-30)"),
    (["show", "99.99"], "show: no measure '99.99': there is no plan 99 (plans are numbered 1 to 2)"),
    (["measures", "--plan", "30"], "--plan: no plan '30'; plans are numbered 1 to 2 (`bizenv plans` lists them)"),
    (["search", "  "], "search: TEXT is empty"),
    (["departments", "--kind", "ministry"],
     "--kind: no department is of kind 'ministry' (kinds: central-branch, group, municipal-department, "
     "public-institution)"),
])
def test_usage_errors(invoke, args, message):
    result = invoke(*args, data=FIXTURE)
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: {message}\n"
    assert "Traceback" not in result.output


def test_a_bad_format_name_is_a_usage_error(invoke):
    result = invoke("plans", "--format", "docx", data=FIXTURE)
    assert result.exit_code == 2 and "'docx' is not one of table, json, csv, tsv, md or xlsx" in result.output


def test_an_unreadable_data_file_is_reported_not_raised(invoke, tmp_path):
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    (data / "departments.yaml").write_text((FIXTURE / "departments.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (data / "plans" / "01-broken.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    result = invoke("plans", data=data)
    assert result.exit_code == 1
    assert "01-broken.yaml:2:1" in result.stderr and "Traceback" not in result.output


# --- the other commands -----------------------------------------------------------------------------

def test_gaps_table_shows_words_raw_and_marks_better_and_worse(invoke):
    lines = invoke("gaps", "--plan", "1", data=FIXTURE).stdout.splitlines()
    row = {line.split()[0]: line.split() for line in lines if line[:2] == "01"}
    assert row["01.i1"][1:] == ["办理时间", "1天", "0.5天", "0.3（上海）", "-0.5", "✓", "-50.0", "-0.2", "✗"]
    # Under the target compared against, its month, then the other (mid-year) targets.
    at = lines.index(next(line for line in lines if line.startswith("01.i1")))
    assert [line.split() for line in lines[at + 1:at + 3]] == [["by", "2022-12"], ["(2022-06:", "0.8天)"]]
    assert row["01.i3"][1:] == ["土地管理质量指数", "29.39", "进一步提升", "--"]  # words, and no figures


def test_gaps_colour_says_better_or_worse(invoke):
    coloured = invoke("gaps", "--plan", "1", data=FIXTURE, extra_env={"NO_COLOR": None, "FORCE_COLOR": "1"}).stdout
    assert re.search(r"\x1b\[32m *-0\.5 ✓\x1b\[0m", coloured) and re.search(r"\x1b\[31m *-0\.2 ✗\x1b\[0m", coloured)
    plain = invoke("--no-color", "gaps", "--plan", "1", data=FIXTURE, extra_env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    assert "\x1b[" not in invoke("gaps", data=FIXTURE, extra_env={"FORCE_COLOR": "1"}).stdout  # NO_COLOR=1


def test_gaps_filters(invoke):
    assert [row["id"] for row in as_json(invoke("gaps", "-i", "时间", "--format", "json", data=FIXTURE))] == ["01.i1"]
    rows = as_json(invoke("gaps", "--plan", "10", "--format", "json"))
    assert [row["id"] for row in rows] == ["10.i1", "10.i2", "10.i3", "10.i4", "10.i5"]
    assert rows[0]["to_target"] == -0.46 and rows[0]["improving"] is True


def test_search_highlights_hits(invoke):
    result = invoke("search", "一件事一次办", data=FIXTURE, extra_env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert "\x1b[1;7m一件事一次办\x1b[0m" in result.stdout
    plain = invoke("search", "一件事 一次办", data=FIXTURE).stdout.splitlines()
    assert plain[0] == "1 record contains '一件事 一次办'"
    assert plain[3].split()[:3] == ["01.01", "6", "measures[0].title"]


def test_search_reaches_every_document_of_the_real_data(invoke):
    rows = as_json(invoke("search", "营商环境", "--format", "json"))
    assert {row["plan"] for row in rows} == set(range(1, 30))


def test_show_a_measure(invoke):
    text = invoke("show", "01.02", "--as-of", "2022-05-15", data=FIXTURE).stdout
    assert text.splitlines()[0] == "measure 01.02"
    assert "2022-06-30  upcoming (46 days)  试点单位2022年6月底前见成效" in text
    assert "responsible:市税务局 (tax)" in text.replace("responsible: ", "responsible:")
    record = as_json(invoke("show", "09.02", "--as-of", "2022-06-10", "--format", "json"))
    assert CONTRACT["measures"] <= set(record) and record["plan_title"] == "平顶山市缴纳税费优化提升专项行动方案"
    assert [(m["date"], m["status"]) for m in record["milestones"]] == [("2022-06-30", "due"), ("2022-12-31", "upcoming")]


def test_show_an_indicator_and_a_plan(invoke):
    indicator = as_json(invoke("show", "10.i1", "--format", "json"))
    assert CONTRACT["gaps"] <= set(indicator) and indicator["name"] == "收回债务所需时间"
    plan = as_json(invoke("show", "paying-taxes", "--format", "json"))
    assert plan["number"] == 9 and len(plan["measure_rows"]) == 22
    # An indicator shown, alone or in its plan, is the gaps row, its bodies and their rule too.
    gaps = {row["id"]: row for row in as_json(invoke("gaps", "--format", "json"))}
    assert plan["indicator_rows"] == [gaps[row["id"]] for row in plan["indicator_rows"]] != []
    shown = as_json(invoke("show", "09.i1", "--format", "json"))
    assert {key: shown[key] for key in gaps["09.i1"]} == gaps["09.i1"] and shown["departments"] == ["tax"]
    assert invoke("show", "9").stdout.splitlines()[0] == "plan 9"


def test_a_plan_typed_in_full_width_is_that_plan(invoke):
    # A Chinese input method in full-width mode types ９ and ０９: --plan refused them ("no plan '９'")
    # where show took ０９.０２ for 09.02.
    for typed in ("９", "０９"):
        assert invoke("due", "--plan", typed, "--before", "2022-07", "--format", "json").stdout == \
            invoke("due", "--plan", "9", "--before", "2022-07", "--format", "json").stdout
        assert as_json(invoke("show", typed, "--format", "json"))["number"] == 9


def test_plans_and_departments(invoke):
    plans = as_json(invoke("plans", "--format", "json"))
    assert [row["number"] for row in plans] == list(range(1, 30))
    groups = as_json(invoke("departments", "--kind", "group", "--format", "json"))
    assert groups and all(row["group"] and row["kind"] == "group" for row in groups)


# --- help --------------------------------------------------------------------------------------------

def test_every_command_has_a_summary_and_an_example(invoke):
    import typer.main

    group = typer.main.get_command(app)
    assert {"measures", "due", "gaps", "show", "plans", "departments", "search"} <= set(group.commands)
    # A group's commands too (`ledger template`, ...), each with its own help.
    from conftest import cli_commands

    commands = [*group.commands.items(), *((name, leaf) for name, leaf in cli_commands().items() if " " in name)]
    assert any(" " in name for name, _ in commands)
    for name, command in commands:
        result = invoke(*name.split(), "--help", data=None)
        assert result.exit_code == 0, name
        summary = (command.help or "").strip().splitlines()[0]
        assert summary and summary.endswith("."), name
        assert " ".join(summary.split()) in " ".join(result.stdout.split()), name  # as wrapped to the width
        after_usage = result.stdout.split(f"Usage: bizenv {name}", 1)[1]
        assert re.search(rf"\bbizenv {name}\b", after_usage), f"{name} --help shows no example"


def test_every_day_option_says_alike_the_forms_it_takes():
    # Every --as-of and --on is read by day_option; its help names the forms that reader takes, and
    # each of those forms is read as a day (so the help cannot promise one it refuses).
    from datetime import date

    from bizenv_cli.model.periods import DAY_FORMS, parse_day
    from conftest import cli_commands

    today = date(2022, 7, 1)
    forms = DAY_FORMS.replace(" or ", ", ").split(", ")
    assert [parse_day(form.replace("YYYY-MM-DD", "2022-06-30"), today=today) for form in forms] == \
        [date(2022, 6, 30)] * (len(forms) - 1) + [today]
    days = [(name, parameter) for name, command in cli_commands().items() for parameter in command.params
            if {"--as-of", "--on"} & set(parameter.opts)]
    assert {name for name, _ in days} >= {"due", "gaps", "record", "ledger template", "ledger remove"}
    for name, parameter in days:
        assert parameter.metavar == "DAY" and f"({DAY_FORMS}" in parameter.help, (name, parameter.opts)


# --- speed guards: what a query must not load ---------------------------------------------------------

def test_a_json_query_loads_neither_jsonschema_nor_rich_nor_pydantic(tmp_path):
    script = (
        "import sys, io, contextlib\n"
        "from bizenv_cli.cli import main\n"
        f"sys.argv = ['bizenv', '--data', {str(REAL)!r}, 'due', '--before', '2022-06', '--format', 'json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('jsonschema', 'rich', 'pydantic', 'yaml') if m in sys.modules))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True)  # fills the cache
    loaded = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]"


def test_plans_names_the_package_and_the_folder_it_reads(invoke):
    # A package is a folder (issue 24): `plans` says which package it lists, and from where.
    result = invoke("plans")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("29 plans of package pingdingshan-2022 (")


def test_plans_shows_every_body_of_a_tied_lead_and_says_they_tie(invoke):
    # Document 1: 市政务服务和大数据局 and 市财政局 each lead 4 measures (source lines 25-37; 52, 78-86).
    # The table named the first of them as the plan's lead, a role the source does not state.
    table = invoke("plans", "--width", "200").stdout
    first = next(line for line in table.splitlines() if line.lstrip().startswith("1 "))
    assert first.rstrip().endswith("市政务服务和大数据管理局, 市财政局 (tied: 4 measures each)")
    chinese = invoke("plans", "--width", "200", "--lang", "zh").stdout
    assert "市住房和城乡建设局、市政务服务和大数据管理局（并列，各牵头 3 项）" in chinese  # document 3
    rows = {row["number"]: row for row in as_json(invoke("plans", "--format", "json"))}
    assert (rows[1]["lead"], rows[1]["top_leads"]) == (None, ["gov-services-bigdata", "finance"])
    assert (rows[5]["lead"], rows[5]["top_leads"]) == ("urban-management", ["urban-management"])
    flat = list(csv.DictReader(io.StringIO(invoke("plans", "--format", "csv").stdout.lstrip("\ufeff"))))
    assert (flat[7]["lead"], flat[7]["top_leads"], flat[7]["top_lead_measures"]) == (
        "", "market-regulation, development-reform, transport", "1")
    shown = invoke("show", "1", "--width", "200").stdout
    assert "市政务服务和大数据管理局, 市财政局 (tied: 4 measures each)" in shown
    # Document 8's three bodies lead one measure each (source lines 1034, 1042, 1054).
    assert "市市场监督管理局, 市发展和改革委员会, 市交通运输局 (tied: 1 measure each)" in invoke(
        "show", "8", "--width", "200").stdout
