"""The library without the command line: `import bizenv_cli` is free (no typer, rich or PyYAML), each
name of its `__all__` loads on first use, and what it answers is what the command line prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import bizenv_cli
from conftest import DATA, REPO, invoke

PROBE = """
import sys
before = set(sys.modules)
import bizenv_cli
after_import = sorted(set(sys.modules) - before)
names = {name: type(getattr(bizenv_cli, name)).__name__ for name in bizenv_cli.__all__}
print(repr((after_import, sorted(name for name in sys.modules if name.split('.')[0] in ('typer', 'click', 'rich')), names)))
"""


@pytest.fixture(scope="module")
def fresh():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)


def test_import_bizenv_cli_loads_nothing_of_its_own_nor_any_dependency(fresh):
    after_import, _, _ = fresh
    assert after_import == ["bizenv_cli"]


def test_every_name_of_all_resolves_without_the_command_line(fresh):
    _, command_line, names = fresh
    assert set(names) == set(bizenv_cli.__all__)
    assert {name: kind for name, kind in names.items() if kind not in ("function", "type", "str")} == {}
    assert command_line == []  # typer, click and rich belong to the command line


def test_all_names_the_library_the_issue_asks_for():
    # Load a package, the queries, validate, the ledger; and names resolved with their suggestions.
    assert {"load", "due", "measures", "gaps", "validate", "load_ledger", "find_department", "find_plan",
            "NoMatch", "Ambiguous"} <= set(bizenv_cli.__all__)
    assert sorted(dir(bizenv_cli)) == sorted(set(dir(bizenv_cli)))  # __dir__ lists them, once each
    assert set(bizenv_cli.__all__) <= set(dir(bizenv_cli))
    with pytest.raises(AttributeError):
        bizenv_cli.no_such_name


# Each command's functions in the library; the commands without one make files for people or for git
# (export and report write files; diff, textconv and git-setup serve git).
LIBRARY_OF_COMMAND = {
    "measures": ["measures"], "due": ["due"], "gaps": ["gaps"], "show": ["show"], "search": ["search"],
    "plans": ["plans"], "departments": ["departments"], "progress": ["progress"], "record": ["record"],
    "ledger": ["ledger_template", "import_sheet", "remove_report"], "validate": ["validate", "validate_staged"],
    "import": ["import_text"], "export": [], "report": [], "diff": [], "textconv": [], "git-setup": [],
}


def test_every_command_has_its_library_function_or_a_reason_it_has_none():
    from bizenv_cli.cli import COMMAND_MODULES

    assert set(LIBRARY_OF_COMMAND) == set(COMMAND_MODULES)
    assert {name for names in LIBRARY_OF_COMMAND.values() for name in names} <= set(bizenv_cli.__all__)


def json_rows(runner, data, *args):
    result = invoke(runner, "--data", str(data), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


QUESTIONS = [
    (("due", "--before", "2022-07", "--as-of", "2022-06-15", "--dept", "税务局", "--plan", "9"),
     dict(before="2022-07", as_of="2022-06-15", departments=["税务局"], plans=[9]), "due"),
    (("due", "--by", "2022-12", "--as-of", "2022-06-15", "--status", "overdue", "--include-ongoing"),
     dict(by="2022-12", as_of="2022-06-15", statuses=["overdue"], include_ongoing=True), "due"),
    (("measures", "--dept", "tax", "--role", "support", "--grep", "税"),
     dict(departments="tax", role="support", text="税"), "measures"),
    (("gaps", "--plan", "纳税", "--by", "2022-Q2"), dict(plans="纳税", by="2022-Q2"), "gaps"),
    (("departments", "--as-of", "2022-07-01", "--sort", "overdue"), dict(as_of="2022-07-01", sort="overdue"),
     "departments"),
    (("departments", "--kind", "GROUP"), dict(kind="GROUP"), "departments"),
    (("progress", "--as-of", "2022-07-01", "--group-by", "dept", "--dept", "tax", "--plan", "9,10"),
     dict(as_of="2022-07-01", group_by="dept", departments="tax", plans="9,10"), "progress"),
]


@pytest.mark.parametrize("args, asked, query", QUESTIONS, ids=[" ".join(q[0][:2]) for q in QUESTIONS])
def test_the_library_answers_as_the_command_line_prints(runner, args, asked, query):
    package = bizenv_cli.load(DATA)
    rows = getattr(bizenv_cli, query)(package, ledger=bizenv_cli.load_ledger(DATA), **asked)
    assert rows and json.loads(json.dumps(rows, ensure_ascii=False)) == json_rows(runner, DATA, *args)


def test_plans_show_and_search_from_the_library_as_the_command_line_prints(runner):
    package = bizenv_cli.load(DATA)
    for item in ("02.03", "10.i1", "01.s5", "09.t1", "9", "paying-taxes"):
        shown = bizenv_cli.show(package, item, as_of="2022-06-15")
        assert shown == json_rows(runner, DATA, "show", item, "--as-of", "2022-06-15")
    assert bizenv_cli.show(package, "09.02")["id"] == "09.02"
    listed = bizenv_cli.plans(package)
    assert listed == json_rows(runner, DATA, "plans") and [row["number"] for row in listed] == list(range(1, 30))
    hits = bizenv_cli.search(package, "一件事一次办", plans=17)
    assert hits and hits == json_rows(runner, DATA, "search", "一件事一次办", "--plan", "17")
    assert {row["plan"] for row in hits} == {17}
    assert len(bizenv_cli.search(package, "一件事一次办")) > len(hits)


def test_an_id_that_names_nothing_raises_with_the_ids_it_may_stand_for(runner):
    # A spreadsheet reads 09.10 as 9.1: the library says what the command line says.
    package = bizenv_cli.load(DATA)
    with pytest.raises(bizenv_cli.NoMatch) as raised:
        bizenv_cli.show(package, "9.1")
    assert raised.value.suggestions == ["09.01", "09.10"]
    refused = invoke(runner, "--data", str(DATA), "show", "9.1")
    assert refused.exit_code == 2 and f"show: {raised.value}" in refused.stderr
    with pytest.raises(bizenv_cli.NoMatch, match="plan 9 has measures 09.01 to"):
        bizenv_cli.show(package, "09.99")


def test_the_ledger_judges_the_librarys_rows_as_the_commands(runner, data_copy):
    assert invoke(runner, "--data", str(data_copy), "record", "09.01#1", "--as-of", "2022-06-30", "--by", "tax",
                  "--status", "done", "--on", "2022-05-20").exit_code == 0
    assert invoke(runner, "--data", str(data_copy), "record", "09.i1", "--as-of", "2022-06-30", "--by", "tax",
                  "--actual", "5次").exit_code == 0
    assert invoke(runner, "--data", str(data_copy), "record", "09.i15", "--as-of", "2022-06-30", "--by", "tax",
                  "--actual", "66.5小时").exit_code == 0
    package, work = bizenv_cli.load(data_copy), bizenv_cli.load_ledger(data_copy)
    assert work
    due = bizenv_cli.due(package, plans=[9], by="2022-12", as_of="2022-07-01", ledger=work)
    assert due == json_rows(runner, data_copy, "due", "--plan", "9", "--by", "2022-12", "--as-of", "2022-07-01")
    assert any(row["status"] == "done" and row["measure"] == "09.01" for row in due)
    gaps = bizenv_cli.gaps(package, plans=[9], ledger=work, as_of="2022-07-01")
    assert next(row for row in gaps if row["id"] == "09.i1")["actual"]["raw"] == "5次"
    without = bizenv_cli.due(package, plans=[9], by="2022-12", as_of="2022-07-01")
    assert not any(row["status"] == "done" for row in without)  # no ledger given, none judged
    # Who is late, by department and by plan; one measure's and one indicator's history.
    for asked, args in ((dict(group_by="dept"), ("--group-by", "dept")), ({}, ())):
        scored = bizenv_cli.progress(package, ledger=work, as_of="2022-07-01", **asked)
        assert scored == json_rows(runner, data_copy, "progress", "--as-of", "2022-07-01", *args)
    assert next(row for row in scored if row["key"] == 9)["done_early"] == 1  # 09.01 is due 2022-09
    bodies = bizenv_cli.departments(package, as_of="2022-07-01", ledger=work)
    assert bodies == json_rows(runner, data_copy, "departments", "--as-of", "2022-07-01")
    assert next(row for row in bodies if row["id"] == "tax")["status"]["done"] == 1
    for item in ("09.01", "09.i1", "09.i15"):
        shown = bizenv_cli.show(package, item, as_of="2022-07-01", ledger=work)
        assert shown == json_rows(runner, data_copy, "show", item, "--as-of", "2022-07-01")
        assert [entry["reported_by"] for entry in shown["history"]] == ["tax"]
    assert "history" not in bizenv_cli.show(package, "09.01", as_of="2022-07-01")
    # The ledger judges a measure's milestones (09.01#1 done early), a report of the day itself counts,
    # and one after it does not.
    judged = bizenv_cli.show(package, "09.01", as_of="2022-06-30", ledger=work)
    assert [row["status"] for row in judged["milestones"]] == ["done"] and len(judged["history"]) == 1
    assert bizenv_cli.show(package, "09.01", as_of="2022-06-29", ledger=work)["history"] == []
    assert bizenv_cli.show(package, "09.i15", as_of="2022-07-01", ledger=work)["progress_pct"] is not None
    nothing = invoke(runner, "--data", str(data_copy), "show", "09.02", "--as-of", "2022-07-01").stdout
    assert re.search(r"^progress history +no report$", nothing, re.MULTILINE)  # a ledger, but no report on it
    at_baseline = bizenv_cli.show(package, "03.i6")
    assert at_baseline["baseline"]["value"] == 6 and at_baseline["year_end_target"]["level"] < 6
    bizenv_cli.record(data_copy, "03.i6", as_of="2022-06-30", department="housing-urban-rural", actual="6")
    shown = invoke(runner, "--data", str(data_copy), "show", "03.i6", "--as-of", "2022-07-01").stdout
    assert "6 (measured 2022-06-30, housing-urban-rural), 0.0% of the way to the target" in shown
    # On the command line an indicator's actual and history are their own lines, once: not flattened too.
    printed = invoke(runner, "--data", str(data_copy), "show", "09.i15", "--as-of", "2022-07-01", "--format", "csv")
    fields = [line.split(",", 1)[0] for line in printed.stdout.lstrip("\ufeff").splitlines()[1:]]
    assert fields.count("actual") == 1 and fields.count("progress history") == 1
    assert not [field for field in fields if field.startswith(("history", "actual.", "progress_pct"))]


def test_choices_in_any_case_and_names_as_the_options_take_them(runner):
    package = bizenv_cli.load(DATA)
    by_body = bizenv_cli.progress(package, as_of="2022-07-01", group_by="dept", departments="tax")
    assert by_body and bizenv_cli.progress(package, as_of="2022-07-01", group_by=" Dept ", departments="市税务局") == by_body
    assert bizenv_cli.departments(package, as_of="2022-07-01", sort="OVERDUE") == \
        bizenv_cli.departments(package, as_of="2022-07-01", sort="overdue")
    groups = bizenv_cli.departments(package, kind=" GROUP ")
    assert groups and groups == bizenv_cli.departments(package, kind="group")
    assert groups == json_rows(runner, DATA, "departments", "--kind", " group ")
    assert bizenv_cli.show(package, 9) == bizenv_cli.show(package, "9")  # a plan's number, as find_plan takes it
    assert bizenv_cli.gaps(package, sort="Gap") == json_rows(runner, DATA, "gaps", "--sort", "gap")
    assert bizenv_cli.due(package, before="2022-07", as_of="2022-07-01", statuses="Overdue") == \
        bizenv_cli.due(package, before="2022-07", as_of="2022-07-01", statuses="overdue")


def test_the_scorecards_total_counts_each_milestone_once(runner):
    package = bizenv_cli.load(DATA)
    rows = bizenv_cli.progress(package, as_of="2022-07-01", total=True)
    *plans, total = rows
    assert total["key"] is None and total["name"] == "total"
    assert plans == bizenv_cli.progress(package, as_of="2022-07-01")
    assert total["due_by_as_of"] == sum(row["due_by_as_of"] for row in plans) > 0
    # Counted from the plans themselves, not by the scorecard: every dated milestone by 2022-07-01,
    # each once, and with no report in the ledger, none done and all of them overdue but those due that day.
    dated = [milestone.date for measure in package.measures() for milestone in measure.deadline.milestones
             if milestone.date is not None and milestone.date.isoformat() <= "2022-07-01"]
    assert total["due_by_as_of"] == len(dated)
    assert total["done"] == 0 and total["overdue"] == len([day for day in dated if day.isoformat() < "2022-07-01"])
    by_body = bizenv_cli.progress(package, as_of="2022-07-01", group_by="dept", total=True)
    assert by_body[-1] == total  # by department a milestone counts for each body, the total once
    assert sum(row["due_by_as_of"] for row in by_body[:-1]) > total["due_by_as_of"]


def test_a_name_that_fits_none_or_several_raises_with_what_would_fit():
    package = bizenv_cli.load(DATA)
    with pytest.raises(bizenv_cli.NoMatch) as raised:
        bizenv_cli.due(package, departments=["市税物局"])
    assert [body.id for body in raised.value.suggestions] == ["tax"]
    with pytest.raises(bizenv_cli.Ambiguous) as several:
        bizenv_cli.find_plan(package, "办理")
    # Its message names them, for a caller who prints it, joined as English joins a list: a title or
    # a name may hold a 、 of its own (各县（市、区）人民政府).
    titled = [plan.title for plan in package.plans if "办理" in plan.title]
    assert [plan.title for plan in several.value.matches] == titled
    assert str(several.value) == f"'办理' matches {len(titled)} plans: " + ", ".join(titled)
    assert bizenv_cli.find_plan(package, 9) == 9
    assert bizenv_cli.find_department(package, "市税务局").id == "tax"


def test_validate_from_the_library(data_copy):
    valid = bizenv_cli.validate(bizenv_cli.data_folder(DATA))
    assert valid.ok
    # What the checks read stays out of the repr a notebook prints: the files and findings only.
    assert repr(valid).startswith("ValidationReport(files=[") and len(repr(valid)) < 5000
    plan = next((data_copy / "plans").glob("09-*.yaml"))
    text = plan.read_text(encoding="utf-8")
    assert "\ndocument: 9\n" in text
    plan.write_text(text.replace("\ndocument: 9\n", "\ndocument: nine\n", 1), encoding="utf-8")
    report = bizenv_cli.validate(bizenv_cli.data_folder(data_copy))
    assert not report.ok and any(plan.name in str(problem) for problem in report.problems)


@pytest.mark.parametrize("check", ["validate", "validate_staged"])
def test_the_library_never_checks_the_copy_shipped_with_it(check, tmp_path, monkeypatch):
    # Where no data folder is found, a query answers from the copy shipped with bizenv, but a check
    # of that copy would pass whatever data the caller meant (and validate_staged would read the
    # index of whatever repository holds bizenv): refused, as `bizenv validate` refuses it, saying
    # how to name a folder in the library's words, not the command line's.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    assert bizenv_cli.load().plans  # the shipped copy
    with pytest.raises(bizenv_cli.DataDirNotFound) as refused:
        getattr(bizenv_cli, check)()
    message = str(refused.value)
    assert message.startswith(f"no data folder found in {tmp_path}")
    assert "give its path (a folder with plans/ and departments.yaml)" in message and "--data" not in message
    # BIZENV_DATA is a way to name one for validate; a commit checks its own data, whatever it says.
    assert ("or set BIZENV_DATA" in message) == (check == "validate")


def test_validate_staged_never_reads_bizenv_data(data_copy, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no data/ here or above
    monkeypatch.setenv("BIZENV_DATA", str(data_copy))
    with pytest.raises(bizenv_cli.DataDirNotFound):
        bizenv_cli.validate_staged()
    assert bizenv_cli.validate().ok  # which does read it


def test_a_wrong_kind_of_value_is_a_value_error_that_says_what_was_expected():
    # What a caller in a notebook mistypes: never an AttributeError or TypeError from inside.
    package = bizenv_cli.load(DATA)
    calls = {
        "expected a package": [lambda: bizenv_cli.due(None, before="2022-06"), lambda: bizenv_cli.plans("data"),
                               lambda: bizenv_cli.measures(str(DATA)),
                               lambda: bizenv_cli.find_plan(None, 9)],
        "expected a ledger": [lambda: bizenv_cli.due(package, before="2022-06", ledger=package),
                              lambda: bizenv_cli.show(package, "09.02", ledger=[]),
                              lambda: bizenv_cli.departments(package, ledger="data"),
                              lambda: bizenv_cli.progress(package, ledger="data")],
        "a data folder is a path": [lambda: bizenv_cli.validate(package), lambda: bizenv_cli.load(123)],
        "a period is text": [lambda: bizenv_cli.due(package, before=2022), lambda: bizenv_cli.gaps(package, by=2022)],
        "a day is text": [lambda: bizenv_cli.due(package, before="2022-06", as_of=20220630)],
        "a department's name is text": [lambda: bizenv_cli.find_department(package, None)],
        "a role is text": [lambda: bizenv_cli.measures(package, role=1)],
        "plans are a name or a list of names": [lambda: bizenv_cli.measures(package, plans=9.5),
                                                 lambda: bizenv_cli.measures(package, plans=True)],
        "a plan's name or number is text": [lambda: bizenv_cli.find_plan(package, True)],
        "an id is text": [lambda: bizenv_cli.show(package, 9.5)],
        "a kind is text": [lambda: bizenv_cli.departments(package, kind=1)],
        "a character that is no text": [lambda: bizenv_cli.search(package, "ok\udc80")],
        "include_ongoing is True or False": [lambda: bizenv_cli.due(package, include_ongoing="no")],
        "total is True or False": [lambda: bizenv_cli.progress(package, total=1)],
        "the text to search for is text": [lambda: bizenv_cli.search(package, None)],
        "the text to search for is empty": [lambda: bizenv_cli.search(package, " \n")],
    }
    for expected, wrongs in calls.items():
        for wrong in wrongs:
            with pytest.raises(ValueError, match=expected):
                wrong()


def test_none_and_one_value_are_taken_as_the_options_take_them(runner):
    from datetime import datetime

    package = bizenv_cli.load(DATA)
    assert bizenv_cli.measures(package, plans=None) == bizenv_cli.measures(package)
    assert bizenv_cli.due(package, before="2022-06", departments=None) == bizenv_cli.due(package, before="2022-06")
    # One status as --status takes one; a datetime as the date it holds.
    overdue = bizenv_cli.due(package, before="2022-07", statuses="overdue", as_of="2022-07-01")
    assert overdue and overdue == \
        json_rows(runner, DATA, "due", "--before", "2022-07", "--status", "overdue", "--as-of", "2022-07-01")
    assert bizenv_cli.due(package, before=datetime(2022, 6, 1), as_of=datetime(2022, 5, 15, 9, 30)) == \
        bizenv_cli.due(package, before="2022-06", as_of="2022-05-15")


def test_the_library_takes_values_as_the_options_take_them(runner):
    # Role words, comma-separated plans, a date for a day: what --role, --plan and --before take.
    from datetime import date

    package = bizenv_cli.load(DATA)
    assert bizenv_cli.measures(package, departments="市税务局", role="配合") == \
        json_rows(runner, DATA, "measures", "--dept", "市税务局", "--role", "配合")
    assert bizenv_cli.measures(package, plans="9,10") == json_rows(runner, DATA, "measures", "--plan", "9,10")
    assert bizenv_cli.due(package, before=date(2022, 6, 1), as_of="2022-05-15") == \
        json_rows(runner, DATA, "due", "--before", "2022-06-01", "--as-of", "2022-05-15")
    assert bizenv_cli.validate(str(DATA)).ok  # a path, as load takes one


@pytest.mark.parametrize("query, asked, words", [
    ("measures", dict(role="boss"), "'boss' is not one of lead (牵头), support (配合)"),
    ("due", dict(statuses=["late"]), "'late' is not one of overdue, due, upcoming, ongoing, done, done-late or dropped"),
    ("gaps", dict(sort="size"), "sort: 'size' is not one of plan, gap or progress"),
    ("due", dict(before="2022-13"), "2022-13"),
    ("departments", dict(kind="office"), "no department is of kind 'office' (kinds: central-branch, "),
    ("departments", dict(sort="overdue"), "sort by overdue: counts by status need as_of"),
    ("departments", dict(sort="size"), "sort: 'size' is not one of registry, name, id,"),
    ("departments", dict(sort=""), "sort: '' is not one of registry"),
    ("progress", dict(group_by="month"), "group_by: 'month' is not one of plan or dept"),
])
def test_a_value_the_library_does_not_take_raises_with_what_it_takes(query, asked, words):
    # The command line refuses these with exit 2; the library must not answer [] instead.
    package = bizenv_cli.load(DATA)
    with pytest.raises(ValueError) as raised:
        getattr(bizenv_cli, query)(package, **asked)
    assert words in str(raised.value)
    assert query != "due" or "before" not in asked or isinstance(raised.value, bizenv_cli.PeriodError)
