"""One rule for who an indicator belongs to: the work ledger's template and its warning use the
owners `gaps --dept` finds (owners.py, docs/data-format.md "Who an indicator belongs to"), on the
real data. Nothing invented: an indicator the source names no body for is on no body's template."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from bizenv_cli.model import owners as owners_module
from bizenv_cli.cli import app
from bizenv_cli.ledger.spreadsheet import ROLE_WORDS, template_rows
from bizenv_cli.query.queries import IndicatorFilter, owned_gap_rows
from conftest import CLI_ENV
from template_tables import csv_parts
from test_ledger_status import cli, write_report

AS_OF = date(2022, 6, 30)


@pytest.fixture(scope="module")
def owned(package):
    return package.owned_indicators()


def gaps_ids(package, owned, department_id: str) -> set[str]:
    """What `gaps --dept` lists for a department, as gaps_cmd asks the library for it."""
    chosen = IndicatorFilter(departments=(package.registry.scope(department_id),))
    return {row["id"] for row in owned_gap_rows(owned, chosen)}


def template_indicator_ids(package, owned, department_id: str) -> set[str]:
    return {row["编号"] for row in template_rows(package, None, department_id, AS_OF, owned) if ".i" in row["编号"]}


def test_every_departments_template_lists_exactly_the_indicators_gaps_lists_for_it(package, owned):
    checked = 0
    for department in package.registry:
        assert template_indicator_ids(package, owned, department.id) == gaps_ids(package, owned, department.id), \
            department.id
        checked += 1
    assert checked == len(package.registry) > 70


def test_the_template_works_out_the_owners_itself_as_given(package, owned):
    """Without `owned` the template asks the package, and lists the same rows."""
    for department_id in ("tax", "county-governments", "intermediate-court"):
        assert template_rows(package, None, department_id, AS_OF) == \
            template_rows(package, None, department_id, AS_OF, owned)


def test_an_indicator_the_source_names_no_body_for_is_on_no_template_and_still_in_gaps(package, owned):
    unowned = {indicator.id for indicator, (ids, rule) in owned if not ids}
    assert len(unowned) == 56 and all(rule is None for _, (ids, rule) in owned if not ids)
    for department in package.registry:
        assert not unowned & template_indicator_ids(package, owned, department.id), department.id
    # There is no template of the whole package (`ledger template` takes one --dept); the whole
    # listing an office has is `gaps`, which keeps them, with no body.
    everything = {row["id"]: row for row in owned_gap_rows(owned, IndicatorFilter())}
    assert unowned <= set(everything)
    assert all(everything[i]["departments"] == [] and everything[i]["departments_from"] is None for i in unowned)


def test_the_principal_body_guess_is_gone(package, owned):
    """Plan 1's indicator table names no body, and 01.i11 is named by no measure of it: the old rule
    put it on 市发展改革委's template (the body plan 1's measures name most often); nothing in the
    source says so, and gaps --dept has never listed it."""
    (indicator_owners,) = [found for indicator, found in owned if indicator.id == "01.i11"]
    assert indicator_owners == ([], None)
    assert "01.i11" not in template_indicator_ids(package, owned, "development-reform")


def test_the_role_column_names_the_rule_that_gave_the_body(package, owned):
    def role(department_id, indicator_id):
        (row,) = [row for row in template_rows(package, None, department_id, AS_OF, owned) if row["编号"] == indicator_id]
        return row["职责"]

    assert role("market-regulation", "19.i3") == ROLE_WORDS["lead"] == "牵头"  # its own 牵头单位 cell
    assert role("tax", "09.i9") == ROLE_WORDS["measures"]  # 09.i9 is named by measures tax is responsible for
    assert role("tax", "09.i15") == ROLE_WORDS["plan"]     # every measure of plan 9 names tax
    # 各县（市、区）人民政府 answers for what the entries it covers own, as `gaps --dept` counts it.
    assert role("county-governments", "04.i18") == ROLE_WORDS["measures"]


def test_templates_for_many_bodies_work_out_no_owner_again(package, owned, monkeypatch):
    def counted(*args):
        raise AssertionError("owners worked out again for a template given them")

    monkeypatch.setattr(owners_module, "indicator_owners", counted)
    for department_id in ("tax", "development-reform"):
        assert template_indicator_ids(package, owned, department_id)


def test_the_template_command_lists_what_gaps_dept_lists(data_copy, tmp_path):
    """The CLI end to end, for a body whose indicators come from the entries its scope covers."""
    run = cli(data_copy)
    out = tmp_path / "counties.csv"
    assert run("ledger", "template", "--dept", "county-governments", "--as-of", "2022-06-30", "-o", str(out)).exit_code == 0
    listed = {row[0] for row in csv_parts(out.read_bytes())[2] if ".i" in row[0]}
    result = run("gaps", "--dept", "county-governments", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert listed == {row["id"] for row in json.loads(result.stdout)} and len(listed) == 30


# --- the warning: a report on an indicator by a body that does not answer for it ------------------------

def actual_report(indicator_id: str) -> str:
    return ("format: bizenv/progress/1\npackage: pingdingshan-2022\nreported_by: tax\nas_of: '2022-06-30'\n"
            f"updates: []\nactuals:\n- indicator: {indicator_id}\n  raw: '5'\n  value: 5\n")


def test_a_report_on_an_indicator_others_own_is_a_warning_naming_them(data_copy):
    write_report(data_copy, "2022-06", "tax", actual_report("13.i1"))
    result = cli(data_copy)("validate")
    assert result.exit_code == 0, result.stdout
    assert "tax.yaml:8:3 warning: actuals[0].indicator: tax holds no role in 13.i1 (" in result.stdout
    assert "; it belongs to intermediate-court" in result.stdout
    # In JSON a script tells the warning from an error by its severity.
    findings = json.loads(cli(data_copy)("validate", "--format", "json").stdout)
    assert [(finding["field"], finding["severity"]) for finding in findings] == [("actuals[0].indicator", "warning")]


def test_a_report_on_an_indicator_the_source_names_no_body_for_is_no_warning(data_copy):
    """01.i5 (纳税次数, plan 1) belongs to no body: no body is wrong to report it, and no warning may
    say another body answers for it."""
    write_report(data_copy, "2022-06", "tax", actual_report("01.i5"))
    result = cli(data_copy)("validate")
    assert result.exit_code == 0, result.stdout
    assert "warning" not in result.stdout


@pytest.mark.parametrize("indicator_id", ["09.i15", "09.i9", "02.i1"])
def test_a_report_by_an_owner_is_no_warning(data_copy, indicator_id):
    """tax owns 09.i15 by rule plan, 09.i9 and 02.i1 by rule measures."""
    write_report(data_copy, "2022-06", "tax", actual_report(indicator_id))
    result = cli(data_copy)("validate")
    assert result.exit_code == 0 and "warning" not in result.stdout, result.stdout


def test_a_record_by_the_counties_on_what_a_covered_entry_owns_is_no_warning(data_copy):
    env = {**CLI_ENV, "BIZENV_DATA": None}
    result = CliRunner().invoke(app, ["--data", str(data_copy), "record", "04.i18", "--as-of", "2022-06-30",
                                      "--by", "county-governments", "--actual", "2个"], env=env)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


# --- the measures: a body's template holds what `measures --dept` lists for it -----------------

def test_every_departments_template_lists_exactly_the_measures_that_measures_dept_lists(package):
    """Milestone rows (09.02#1) and rows of measures without a date (09.02) count by the body's
    scope, as `due --dept` and `measures --dept` do: the county governments' template holds what
    names any county-government entry."""
    from bizenv_cli.query.queries import MeasureFilter, select_measures

    covering = 0
    for department in package.registry:
        scope = package.registry.scope(department.id)
        covering += len(scope) > 1
        listed = {measure.id for _, measure in select_measures(package.plans, MeasureFilter(departments=(scope,)))}
        on_template = {row["编号"].split("#")[0] for row in template_rows(package, None, department.id, AS_OF)
                       if ".i" not in row["编号"]}
        assert on_template == listed, department.id
    assert covering >= 1  # the scope rule was exercised, not only exact ids


def test_a_record_by_the_counties_on_a_measure_a_covered_entry_holds_is_no_warning(data_copy, package):
    scope = package.registry.scope("county-governments")
    covered_only = next(measure for measure in package.measures()
                        if "county-governments" not in measure.responsible.department_ids()
                        and not scope.isdisjoint(measure.responsible.department_ids()))
    env = {**CLI_ENV, "BIZENV_DATA": None}
    base = ["--data", str(data_copy), "record", covered_only.id, "--as-of", "2022-06-30", "--status", "in-progress"]
    result = CliRunner().invoke(app, [*base, "--by", "county-governments"], env=env)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    # A body outside the measure's bodies and their scopes is still warned about.
    outsider = next(department.id for department in package.registry
                    if package.registry.scope(department.id).isdisjoint(covered_only.responsible.department_ids()))
    result = CliRunner().invoke(app, [*base, "--by", outsider], env=env)
    assert "warning" in result.stderr and "holds no role" in result.stderr, result.stderr


def test_an_imported_sheets_warnings_name_its_rows_and_columns(run, tmp_path):
    # As its errors do: the report's YAML is a file the office never saw (under --dry-run, never written).
    sheet = tmp_path / "tax.csv"
    assert run("ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", str(sheet)).exit_code == 0
    rows_before = len(sheet.read_text(encoding="utf-8-sig").splitlines())
    with sheet.open("a", encoding="utf-8") as out:
        out.write("03.01#1,,,,,,,,,推进中,,,\n09.i15,,,,,,,,,,,,五十小时\n")  # no role in 03.01; no number
    result = run("ledger", "import", str(sheet), "--dry-run")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if " warning: " in line]
    assert [line.split(": ", 2)[:2] for line in warnings] == [
        [f"{sheet}:{rows_before + 1} warning", "编号"], [f"{sheet}:{rows_before + 2} warning", "实际值"]]
    assert "tax holds no role in 03.01" in warnings[0] and "'五十小时' states no number" in warnings[1]
