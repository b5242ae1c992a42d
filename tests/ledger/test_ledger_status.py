"""The ledger's rules, library first: status as of a day (latest report, lead wins a tie), the
scorecard, numbers read from reported values, what `validate` checks, and that an empty ledger
changes no output at all."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.ledger import Ledger, load_ledger
from bizenv_cli.ledger.numbers import CHANGE, parse_value, read_value, value_agrees
from bizenv_cli.model.figures import figures_of
from bizenv_cli.ledger.scorecard import scorecard
from bizenv_cli.ledger.status import judge_milestone
from bizenv_cli.ledger.views import due_judge
from bizenv_cli.store.package import load_package
from conftest import CLI_ENV, DATA, invoke

FIXTURE = Path(__file__).parents[1] / "examples" / "ledger" / "tax-2022" / "progress"
MODELINE = "# yaml-language-server: $schema=../../../schemas/progress.schema.json\n"


@pytest.fixture
def data(data_copy):
    shutil.copytree(FIXTURE, data_copy / "progress", dirs_exist_ok=True)
    return data_copy


def cli(data: Path):
    env = {**CLI_ENV, "BIZENV_DATA": None}  # the store: the run's (conftest)
    return lambda *args: invoke(CliRunner(env=env), "--data", str(data), *args)


def write_report(data: Path, month: str, body: str, text: str) -> Path:
    path = data / "progress" / month / f"{body}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MODELINE + text, encoding="utf-8")
    return path


# --- the question the office asks every month --------------------------------------------------

def test_the_scorecard_answers_how_tax_stands_on_2022_10_15(data):
    """As of 2022-10-15, how many of 市税务局's milestones are done, done late, overdue, and overdue
    without any report? (tests/examples/ledger/tax-2022/README.md works it out by hand.)"""
    result = cli(data)("progress", "--as-of", "2022-10-15", "--dept", "市税务局", "--group-by", "dept",
                                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row == {"key": "tax", "name": "市税务局", "due_by_as_of": 14, "done": 2, "done_late": 2, "dropped": 1,
                   "overdue": 9, "unreported": 7, "upcoming": 29, "done_early": 0, "ongoing": 1,
                   "completion_rate": round(4 / 13, 4), "on_time_rate": round(2 / 13, 4)}


def test_a_report_counts_from_its_own_day_on(data):
    package = load_package(DataDir(data, "option"), use_cache=False)
    ledger = load_ledger(DataDir(data, "option"))
    rows = {day: scorecard(package, ledger, date.fromisoformat(day), "dept", departments=["tax"])[0]
            for day in ("2022-07-15", "2022-10-15", "2022-10-20")}
    assert (rows["2022-07-15"]["done"], rows["2022-07-15"]["done_late"], rows["2022-07-15"]["overdue"],
            rows["2022-07-15"]["unreported"]) == (1, 1, 5, 3)
    # The October report (as of 2022-10-20) says 09.06#1 was done on 2022-10-18: after its date.
    assert rows["2022-10-20"]["done_late"] == rows["2022-10-15"]["done_late"] + 1
    measure = package.measure("09.06")
    june = measure.deadline.milestones[0].date
    assert judge_milestone(ledger, measure, 1, june, date(2022, 10, 15), "overdue").status == "overdue"
    judged = judge_milestone(ledger, measure, 1, june, date(2022, 10, 20), "overdue")
    assert (judged.status, judged.reported) == ("done-late", "2022-10-20")


def test_scorecard_by_plan_counts_each_milestone_once(data):
    package = load_package(DataDir(data, "option"), use_cache=False)
    rows = scorecard(package, load_ledger(DataDir(data, "option")), date(2022, 10, 15), "plan", plans=[9])
    assert [row["key"] for row in rows] == [9]
    assert rows[0]["name"] == "平顶山市缴纳税费优化提升专项行动方案"
    assert rows[0]["due_by_as_of"] == sum(1 for m in package.plan(9).measures for d in m.deadline.milestones
                                          if d.date <= date(2022, 10, 15))


def test_on_a_tie_of_days_the_leads_report_wins(data_copy):
    """07.01 is led by 市自然资源和规划局 (natural-resources-planning); 市税务局 supports it."""
    for body, status in (("natural-resources-planning", "done\n  done_on: '2022-06-10'"), ("tax", "in-progress")):
        write_report(data_copy, "2022-06", body, f"format: bizenv/progress/1\npackage: pingdingshan-2022\n"
                     f"reported_by: {body}\nas_of: '2022-06-30'\nupdates:\n- measure: '07.01'\n  status: {status}\n"
                     "actuals: []\n")
    data_dir = DataDir(data_copy, "option")
    package = load_package(data_dir, use_cache=False)
    measure = package.measure("07.01")
    assert measure.responsible.ids_by_role()["lead"] == ["natural-resources-planning"]
    judged = judge_milestone(load_ledger(data_dir), measure, 1, measure.deadline.milestones[0].date,
                             date(2022, 7, 1), "upcoming")
    assert (judged.status, judged.report.reported_by) == ("done", "natural-resources-planning")


# --- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, value", [
    ("98%", 98), ("3个工作日", 3), ("≤20", 20), ("26(不动产登记单独1个工作日）", 26), ("66.5小时", 66.5),
    ("截至2021年12月，共注册企业4591家", 4591), ("进一步提升", None), ("即时办结", None), ("--", None),
    ("零元收费", 0), ("一个", 1), ("1,200户", 1200), ("１５％", 15),
])
def test_a_reported_value_is_read_as_the_plans_read_theirs(raw, value):
    assert parse_value(raw) == value
    assert value_agrees(raw, value)


def test_the_rules_agree_with_every_value_of_the_plans():
    from pyyaml_reading import shipped_plans

    # A sentence whose one figure the transcribers judged not to be the value (a count of stations
    # inside a description): a person may set null where the rule finds a number.
    judged = {"启动省农担公司平顶山市分公司设立筹备；在郏县、鲁山县、汝州市、宝丰县改设省农担公司县级办事处，郏县实现15个乡镇街道工作站全设立。"}
    checked = 0
    for name, plan in shipped_plans().items():
        for indicator in plan["indicators"]:
            for value in (indicator["baseline"], indicator["frontier"], *indicator["targets"]):
                if value and value.get("raw") is not None and value["raw"] not in judged:
                    checked += 1
                    if value.get("change") and value["value"] is not None:
                        # A change target (同比压缩0.5次) stores its size signed (-0.5); an actual is a
                        # level, so read as one the text states none, and the size is among its figures.
                        assert read_value(value["raw"]) == (None, CHANGE), (name, value)
                        assert abs(value["value"]) in [figure.value for figure in figures_of(value["raw"]).figures], (name, value)
                    else:
                        assert value_agrees(value["raw"], value["value"]), (name, value)
    assert checked > 300


# --- validate ---------------------------------------------------------------------------------

def test_validate_names_each_problem_of_a_report_with_its_position(data_copy):
    write_report(data_copy, "2022-06", "tax", """format: bizenv/progress/1
package: pingdingshan-2022
reported_by: tax
as_of: '2022-06-30'
submitted: '2022-06-29'
updates:
- measure: '09.02'
  milestone: 3
  status: in-progress
- measure: '09.05'
  status: done
- measure: '09.05'
  status: in-progress
- measure: '09.06'
  status: done
  done_on: '2022-07-01'
- measure: '09.07'
  status: in-progress
  done_on: '2022-06-02'
actuals:
- indicator: 09.i15
  raw: 66.5小时
  value: 65
- indicator: 09.i15
  raw: 60小时
  value: 60
  measured_on: '2022-07-01'
""")
    result = cli(data_copy)("validate")
    assert result.exit_code == 1
    name = "progress/2022-06/tax.yaml"
    lines = [line.split(str(data_copy) + "/", 1)[-1] for line in result.stdout.splitlines()]
    assert lines == [
        f"{name}:6:1 submitted: submitted 2022-06-29 is before the report's as_of 2022-06-30",
        f"{name}:9:3 updates[0].milestone: 09.02 has 2 milestones (1 to 2); there is no milestone 3",
        f"{name}:12:3 updates[1].status: status done needs done_on (the day it was done)",
        f"{name}:13:3 updates[2]: 09.05 is already reported in updates[1] of this file; one update per item",
        f"{name}:17:3 updates[3].done_on: done on 2022-07-01, after the report's as_of 2022-06-30",
        f"{name}:20:3 updates[4].done_on: done_on is given but the status is in-progress",
        f"{name}:24:3 actuals[0].value: value 65 disagrees with raw '66.5小时', which states 66.5",
        f"{name}:25:3 actuals[1]: 09.i15 is already reported in actuals[0] of this file; one actual per indicator",
        f"{name}:28:3 actuals[1].measured_on: measured on 2022-07-01, after the report's as_of 2022-06-30",
    ]


def test_a_day_that_is_none_is_refused_at_its_place(data_copy):
    write_report(data_copy, "2022-06", "tax", "format: bizenv/progress/1\npackage: pingdingshan-2022\n"
                 "reported_by: tax\nas_of: '2022-06-30'\nupdates:\n- measure: '09.08'\n  status: done\n"
                 "  done_on: '2022-02-30'\nactuals: []\n")
    result = cli(data_copy)("validate")
    assert result.exit_code == 1
    assert "progress/2022-06/tax.yaml:9:3 updates[0].done_on: '2022-02-30' is not a 'date'" in result.stdout


def test_validate_checks_the_schema_and_unknown_ids(data_copy):
    write_report(data_copy, "2022-06", "nobody", "format: bizenv/progress/1\npackage: pingdingshan-2022\n"
                 "reported_by: nobody\nas_of: '2022-06-30'\nupdates:\n- measure: '09.99'\n  status: done\n"
                 "  done_on: '2022-06-01'\nactuals:\n- indicator: 09.i99\n  raw: '5'\n  value: 5\n")
    write_report(data_copy, "2022-07", "tax", "format: bizenv/progress/1\npackage: pingdingshan-2022\n"
                 "reported_by: tax\nas_of: 2022/7/31\nupdates:\n- measure: '09.05'\n  status: 完成\nactuals: []\n")
    result = cli(data_copy)("validate", "--format", "json")
    assert result.exit_code == 1
    found = {(row["file"].rsplit("progress/", 1)[-1], row["line"], row["field"], row["check"]): row["message"]
             for row in json.loads(result.stdout)}
    assert found[("2022-06/nobody.yaml", 4, "reported_by", "ledger")] == \
        "unknown department id 'nobody' (not in departments.yaml)"
    assert found[("2022-06/nobody.yaml", 7, "updates[0].measure", "ledger")] == "no measure '09.99' in the plans"
    assert found[("2022-06/nobody.yaml", 11, "actuals[0].indicator", "ledger")] == "no indicator '09.i99' in the plans"
    assert ("2022-07/tax.yaml", 5, "as_of", "schema") in found
    assert ("2022-07/tax.yaml", 8, "updates[0].status", "schema") in found


def test_a_report_on_a_measure_the_body_holds_no_role_in_is_a_warning(data_copy):
    write_report(data_copy, "2022-06", "tax", "format: bizenv/progress/1\npackage: pingdingshan-2022\n"
                 "reported_by: tax\nas_of: '2022-06-30'\nupdates:\n- measure: '02.01'\n  status: in-progress\n"
                 "actuals: []\n")
    run = cli(data_copy)
    result = run("validate", "--format", "github")
    assert result.exit_code == 0, result.stdout
    (line,) = result.stdout.splitlines()
    assert line.startswith("::warning file=") and "progress/2022-06/tax.yaml,line=7,col=3,title=bizenv ledger::" \
        "updates[0].measure: tax holds no role in 02.01" in line
    text = run("validate").stdout
    assert "tax.yaml:7:3 warning: updates[0].measure: tax holds no role in 02.01" in text


# --- an empty ledger changes nothing ------------------------------------------------------------

COMMANDS = [
    ("due", "--by", "2022-12", "--as-of", "2022-06-15", "--include-ongoing"),
    ("due", "--by", "2022-12", "--as-of", "2022-06-15", "--format", "json"),
    ("due", "--before", "2022-06", "--status", "overdue", "--as-of", "2022-06-15", "--format", "csv"),
    ("measures", "--plan", "9", "--format", "json"),
    ("measures", "--dept", "tax"),
    ("gaps", "--plan", "9", "--format", "json"),
    ("gaps", "--plan", "13"),
    ("show", "09.02", "--as-of", "2022-06-15"),
    ("show", "09.02", "--as-of", "2022-06-15", "--format", "json"),
    ("show", "09.i15", "--format", "json"),
    ("departments", "--as-of", "2022-06-15", "--format", "json"),
    ("departments", "--as-of", "2022-06-15"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(args[:3]) for args in COMMANDS])
def test_an_empty_ledger_prints_exactly_what_no_ledger_prints(data_copy, args, monkeypatch):
    """The shipped data/progress (a README, no report) against the queries without any ledger."""
    assert not list((data_copy / "progress").glob("**/*.yaml"))
    shipped = cli(data_copy)(*args)
    import bizenv_cli.cli.ledger_options as ledger_options

    monkeypatch.setattr(ledger_options, "load_ledger_of", lambda ctx: Ledger())
    empty = cli(data_copy)(*args)
    monkeypatch.setattr(ledger_options, "load_ledger_of", lambda ctx: None)
    without = cli(data_copy)(*args)
    assert shipped.exit_code == empty.exit_code == without.exit_code == 0
    assert shipped.stdout == empty.stdout == without.stdout


@pytest.mark.parametrize("command", ["'due', '--before', '2022-06', '--format', 'json'", "'validate'"])
def test_with_the_shipped_ledger_due_and_validate_load_no_ledger_module(tmp_path, command):
    import subprocess
    import sys

    code = ("import sys\nfrom bizenv_cli.cli import main\n"
            f"sys.argv = ['bizenv', '--data', sys.argv[1], {command}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith(('bizenv_cli.ledger', 'openpyxl')))))")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code, str(DATA)], env=env, capture_output=True, check=True)  # warm the cache
    done = subprocess.run([sys.executable, "-c", code, str(DATA)], env=env, capture_output=True, check=True, text=True)
    assert done.stderr.splitlines()[-1] == "[]"  # after the command's notes


def test_an_empty_ledger_adds_no_key_and_the_due_path_imports_no_yaml(data_copy):
    from bizenv_cli.model.periods import Window
    from bizenv_cli.query.queries import due_rows

    package = load_package(DataDir(data_copy, "option"), use_cache=False)
    selected = [(plan, measure) for plan in package.plans for measure in plan.measures]
    plain = due_rows(selected, Window(), date(2022, 6, 15), include_ongoing=True)
    assert due_rows(selected, Window(), date(2022, 6, 15), include_ongoing=True, judge=due_judge(Ledger())) == plain
    assert load_ledger(DataDir(data_copy, "option")) == Ledger() and not load_ledger(DataDir(data_copy, "option"))
    assert all("progress" not in row for row in plain)


def test_validate_checks_a_report_named_on_the_command_line(data, data_copy):
    run = cli(data)
    good = data / "progress" / "2022-06" / "tax.yaml"
    result = run("validate", str(good))
    assert result.exit_code == 0, result.stdout
    assert result.stderr.startswith("ok: 2 files valid")
    bad = write_report(data, "2022-07", "tax", "format: bizenv/progress/1\npackage: pingdingshan-2022\n"
                       "reported_by: tax\nas_of: '2022-07-31'\nupdates:\n- measure: '09.02'\n  milestone: 9\n"
                       "  status: in-progress\nactuals: []\n")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert result.stdout.endswith("progress/2022-07/tax.yaml:8:3 updates[0].milestone: 09.02 has 2 milestones "
                                  "(1 to 2); there is no milestone 9\n")


def test_departments_as_of_a_day_count_the_ledgers_statuses(data):
    result = cli(data)("departments", "--as-of", "2022-10-15", "--format", "json")
    assert result.exit_code == 0, result.stderr
    tax = next(row for row in json.loads(result.stdout) if row["id"] == "tax")
    assert {key: tax["status"].get(key, 0) for key in ("done", "done-late", "dropped", "overdue")} == {
        "done": 2, "done-late": 2, "dropped": 1, "overdue": 9}


def test_departments_keep_the_ledgers_columns_when_the_bodies_shown_have_none(data):
    # --limit kept the bodies most overdue, none of which had reported: the done column went with them.
    shown = cli(data)("departments", "--as-of", "2022-10-15", "--sort", "overdue", "--limit", "1", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    header = shown.stdout.lstrip("\ufeff").splitlines()[0].split(",")
    assert {"status.done", "status.done-late", "status.dropped"} <= set(header)
    (row,) = json.loads(cli(data)("departments", "--as-of", "2022-10-15", "--sort", "overdue", "--limit", "1",
                                  "--format", "json").stdout)
    # One shape for every row: a body with none of the ledger's statuses counts 0 of each (the keys
    # had been left out of its row).
    assert row["id"] != "tax" and {key: row["status"][key] for key in ("done", "done-late", "dropped")} == {
        "done": 0, "done-late": 0, "dropped": 0}
    every = json.loads(cli(data)("departments", "--as-of", "2022-10-15", "--format", "json").stdout)
    assert {tuple(row["status"]) for row in every} == {("overdue", "due", "upcoming", "done", "done-late", "dropped",
                                                        "total")}


@pytest.mark.parametrize(("line", "written", "message"), [
    ("  status: done\n", "  status: 已完成\n",
     "updates[0].status: '已完成' is not a status of a report (not-started, in-progress, done, dropped)"),
    ("  milestone: 1\n", "  milestone: '1'\n", "updates[0].milestone: '1' is not a milestone's number (1, 2 …)"),
    ("  milestone: 1\n", "  milestone: true\n", "updates[0].milestone: true is not a milestone's number (1, 2 …)"),
    ("  value: 66.5\n", "  value: '66.5'\n", "actuals[0].value: '66.5' is not a number or null"),
], ids=["status-in-chinese", "milestone-as-text", "milestone-as-logical", "value-as-text"])
def test_the_queries_refuse_a_report_whose_status_they_would_misjudge(data_copy, line, written, message):
    """A report edited by hand that the schema refuses is refused by the queries too, at its place
    (exit 1), never judged: 已完成 in YAML had made `due` say overdue while `show` printed 已完成,
    and a milestone '1' had matched no milestone."""
    report = ("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\nas_of: '2022-06-30'\n"
              "updates:\n- measure: '09.02'\n  milestone: 1\n  status: done\n  done_on: '2022-06-20'\n"
              "actuals:\n- indicator: 09.i15\n  raw: 66.5小时\n  value: 66.5\n")
    path = write_report(data_copy, "2022-06", "tax-2022-06-30", report.replace(line, written))
    run = cli(data_copy)
    for args in (("due", "--by", "2022-06", "--dept", "tax", "--as-of", "2022-07-15"),
                 ("progress", "--as-of", "2022-07-15"), ("gaps", "--plan", "9", "--as-of", "2022-07-15")):
        result = run(*args)
        assert result.exit_code == 1, (args, result.stdout)
        assert f"progress/2022-06/{path.name}:" in result.stderr and message in result.stderr, result.stderr
    path.write_text(MODELINE + report, encoding="utf-8")
    assert run("due", "--by", "2022-06", "--dept", "tax", "--as-of", "2022-07-15").exit_code == 0


def test_an_item_reported_twice_in_a_file_is_carried_to_the_template_as_the_queries_judge_it(data_copy, tmp_path):
    """validate refuses two updates of one item in a file; until they are mended, the next template
    carries what `due` judges by (the first), so its 状态 agrees with its 当前状态 (the last had
    been carried: 已取消 beside 已逾期)."""
    write_report(data_copy, "2022-06", "tax-2022-06-30",
                 "format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\nas_of: '2022-06-30'\n"
                 "updates:\n- measure: '09.10'\n  milestone: 1\n  status: in-progress\n"
                 "- measure: '09.10'\n  milestone: 1\n  status: dropped\n"
                 "actuals:\n- indicator: 09.i15\n  raw: 66.5小时\n  value: 66.5\n- indicator: 09.i15\n  raw: '70'\n"
                 "  value: 70\n")
    run = cli(data_copy)
    gaps = run("gaps", "--plan", "9", "--as-of", "2022-07-31", "--format", "json")
    assert [row["actual"]["raw"] for row in json.loads(gaps.stdout) if row["id"] == "09.i15"] == ["66.5小时"]
    due = run("due", "--by", "2022-06", "--dept", "tax", "--as-of", "2022-07-31", "--format", "json")
    (judged,) = [row for row in json.loads(due.stdout) if row["measure"] == "09.10"]
    assert (judged["status"], judged["progress"]["status"]) == ("overdue", "in-progress")
    template = run("ledger", "template", "--dept", "tax", "--as-of", "2022-07-31", "-o", str(tmp_path / "t.csv"))
    assert template.exit_code == 0, template.stderr
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    (row,) = [line for line in lines if line.startswith("09.10#1,")]
    assert row.split(",")[8:10] == ["已逾期", "推进中"]
    (row,) = [line for line in lines if line.startswith("09.i15,")]
    assert row.split(",")[-1] == "66.5小时"
