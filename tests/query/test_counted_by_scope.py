"""Every per-department figure counts a body by its scope (Registry.scope), as the queries do: a
collective such as the county governments (各县（市、区）人民政府) also holds what the entries it
covers (各县（市）人民政府 ...) are named in, so a department's row counts exactly what
`due --dept` / `measures --dept` list for it. On the real data."""

from __future__ import annotations

from datetime import date

import pytest

from bizenv_cli.files.datadir import DataDir
from bizenv_cli.ledger import load_ledger
from bizenv_cli.ledger.scorecard import scorecard
from bizenv_cli.model.periods import Window
from bizenv_cli.model.records import ROLES
from bizenv_cli.query.queries import (IndicatorFilter, MeasureFilter, department_rows, due_rows, owned_gap_rows,
                                  select_measures)
from conftest import DATA

AS_OF = date(2022, 7, 15)


@pytest.fixture(scope="module")
def ledger():
    return load_ledger(DataDir(DATA, "checkout"))  # the shipped ledger: no report


def covering_entries(package) -> list[str]:
    """The entries whose scope is more than themselves (the county governments)."""
    found = [d.id for d in package.registry if len(package.registry.scope(d.id)) > 1]
    assert found  # the scope rule is exercised, not only exact ids
    return found


def listed(package, department_id: str, role: str | None = None) -> list:
    """What `measures --dept` lists for a department, as measures_cmd asks the library for it."""
    chosen = MeasureFilter(departments=(package.registry.scope(department_id),), role=role)
    return select_measures(package.plans, chosen)


def due_listing(package, department_id: str) -> list[dict]:
    """What `due --dept X --include-ongoing` lists, with no window."""
    return due_rows(listed(package, department_id), Window(), AS_OF, include_ongoing=True)


def due_figures(rows: list[dict]) -> dict[str, int]:
    dated = [row for row in rows if row["date"]]
    return {"due_by_as_of": sum(row["date"] <= AS_OF.isoformat() for row in dated),
            "upcoming": sum(row["date"] > AS_OF.isoformat() for row in dated),
            "ongoing": sum(not row["date"] for row in rows)}


def test_progress_by_department_counts_what_due_dept_lists(package, ledger):
    """`progress --group-by dept`, with and without --dept: each body's row counts the milestones
    `due --dept` lists for it."""
    rows = {row["key"]: row for row in scorecard(package, ledger, AS_OF, "dept")}
    for department_id in [*covering_entries(package), "tax", "county-city-governments"]:
        expected = due_figures(due_listing(package, department_id))
        row = rows[department_id]
        assert {key: row[key] for key in expected} == expected, department_id
        (alone,) = scorecard(package, ledger, AS_OF, "dept", departments=[department_id])
        assert alone == row, department_id


def test_progress_of_one_department_by_plan_counts_its_scope(package, ledger):
    rows = scorecard(package, ledger, AS_OF, "plan", departments=["county-governments"])
    expected = due_figures(due_listing(package, "county-governments"))
    assert {key: sum(row[key] for row in rows) for key in expected} == expected
    assert 4 in {row["key"] for row in rows}  # plan 4 names only 各县（市）人民政府


def gaps_listing(package, department_id: str) -> list[dict]:
    """What `gaps --dept` lists for a department, as gaps_cmd asks the library for it."""
    chosen = IndicatorFilter(departments=(package.registry.scope(department_id),))
    return owned_gap_rows(package.owned_indicators(), chosen)


def test_each_departments_counts_are_the_lengths_of_its_listings(package):
    """`bizenv departments` (and the workbook's departments sheet): `counts` per role is what
    `measures --dept X --role R` lists, `measures` what `measures --dept X` lists, `indicators`
    what `gaps --dept X` lists, and with --as-of `status.total` the milestones `due --dept X` lists."""
    rows = {row["id"]: row for row in department_rows(package.plans, package.registry, as_of=AS_OF)}
    for department_id in [*covering_entries(package), "tax", "county-city-governments", "counties",
                          "natural-resources-planning"]:
        row = rows[department_id]
        assert row["counts"] == {role: len(listed(package, department_id, role)) for role in ROLES}, department_id
        assert row["measures"] == len(listed(package, department_id)), department_id
        assert row["indicators"] == len(gaps_listing(package, department_id)), department_id
        assert row["status"]["total"] == sum(1 for r in due_listing(package, department_id) if r["date"]), \
            department_id


def test_the_departments_command_counts_the_county_governments_by_scope(runner, package):
    """Through the CLI (and its cache), twice: the county governments' row is the scope's."""
    import json

    from conftest import invoke

    for _ in range(2):
        result = invoke(runner, "--data", str(DATA), "departments", "--as-of", AS_OF.isoformat(), "--kind", "group",
                        "--format", "json")
        assert result.exit_code == 0, result.stderr
        row = next(row for row in json.loads(result.stdout) if row["id"] == "county-governments")
        assert row["measures"] == len(listed(package, "county-governments"))
        assert row["status"]["total"] == sum(1 for r in due_listing(package, "county-governments") if r["date"])


def test_the_html_reports_load_of_a_body_is_what_due_dept_lists(package):
    """`bizenv report`'s per-department section: a body's milestones (ongoing rows included, as
    the report lists them) are those `due --dept X --include-ongoing` lists, and its measures by
    role those `measures --dept X --role R` lists."""
    from bizenv_cli.outputs.report import report_context

    loads = {entry["id"]: entry for entry in report_context(package, AS_OF)["departments"]}
    for department_id in [*covering_entries(package), "tax", "county-city-governments"]:
        rows = due_listing(package, department_id)
        entry = loads[department_id]
        assert entry["total"] == len(rows), department_id
        assert sum(entry["statuses"].values()) == len(rows), department_id
        assert entry["roles"] == {role: len(listed(package, department_id, role)) for role in ROLES}, department_id


def test_the_sqlite_export_counts_a_body_by_scope_through_department_scope(package):
    """`responsibilities` records the entry printed; joined through `department_scope`, a body's
    milestones are those `due --dept` lists, the county governments' included."""
    from bizenv_cli.outputs.sqlite import build_database

    database = build_database(package)
    for department_id in [*covering_entries(package), "tax", "county-city-governments"]:
        (number,) = database.execute("""
            select count(distinct m.measure || '#' || m.n) from milestones m
            join responsibilities r on r.measure = m.measure
            join department_scope s on s.member = r.department
            where s.department = ?""", (department_id,)).fetchone()
        assert number == sum(1 for row in due_listing(package, department_id) if row["date"]), department_id
    members = {row[0] for row in database.execute(
        "select member from department_scope where department = 'county-governments'")}
    assert members == package.registry.scope("county-governments")


def test_no_measure_is_led_by_an_entry_a_collective_covers(package):
    """ledger/status.py breaks a tie of days for the report of a body that leads the measure, by
    the lead's id as printed. By scope (as `due --dept X --role lead` finds a lead) a collective
    covering the lead would win too; the two agree while no covered entry leads a measure. If the
    data ever has one, status.py must count the lead by scope (Registry.covering)."""
    led_by_covered = [(measure.id, lead) for measure in package.measures()
                      for lead in measure.responsible.ids_by_role()["lead"]
                      if package.registry.covering(lead) != {lead}]
    assert led_by_covered == []


def test_the_workbooks_departments_sheet_counts_by_scope(package):
    """`bizenv export -o F.xlsx`: the departments sheet's figures are the queries' lengths too."""
    import io

    import openpyxl

    from bizenv_cli.outputs.workbook import ROLE_AS, package_workbook

    sheet = openpyxl.load_workbook(io.BytesIO(package_workbook(package, AS_OF, language="en")))["departments"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    county = dict(zip(header, next(row for row in rows if row[0] == "county-governments")))
    assert county["measures"] == len(listed(package, "county-governments"))
    assert county["indicators"] == len(gaps_listing(package, "county-governments"))
    assert {role: county[f"measures as {ROLE_AS[role]}"] for role in ROLES} == {
        role: len(listed(package, "county-governments", role)) for role in ROLES}
