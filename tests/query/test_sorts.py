"""Every --sort key of `due`, `measures` and `departments` on the shipped data, through the CLI
(--format json): the rows come in the order docs/queries.md and each command's --help promise.

The expected orders are worked out here from the JSON rows' own fields (date, days_left, status,
plan, seq, counts) and from the registry as PyYAML reads data/departments.yaml (a body's name,
its place in the registry), never by the sort functions under test. A key is "the first body
named, by name": the registry's canonical name of that body, not its id nor the name the plan
prints. Ties keep the order the rows had before sorting: date, then package order (plan, then
the measure's place in it) for milestones and measures, registry order for departments.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA, REPO, invoke

# A whole year of milestones with the measures that have none (持续推进), as of a day that leaves
# milestones overdue, due and upcoming.
YEAR = ("due", "--by", "2022-12", "--as-of", "2022-06-30", "--include-ongoing")
# What the sort functions' callers put first: the statuses `due` counts, overdue first (the ledger's
# own statuses, done, done-late and dropped, are none of these and follow them).
STATUS_ORDER = ("overdue", "due", "upcoming", "ongoing")
LEDGER = REPO / "tests" / "examples" / "ledger" / "tax-2022" / "progress"


def rows_of(runner, *args, data=DATA) -> list:
    result = invoke(runner, "--data", str(data), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def names(registry_document) -> dict[str, str]:
    """{body id: its canonical name}, from data/departments.yaml."""
    return {body["id"]: body["name"] for body in registry_document["departments"]}


@pytest.fixture(scope="module")
def registry_place(registry_document) -> dict[str, int]:
    """{body id: its place in data/departments.yaml}: registry order."""
    return {body["id"]: place for place, body in enumerate(registry_document["departments"])}


def milestones(rows: list) -> list[tuple]:
    """Each due row as (measure, milestone number): a milestone's identity (None for an ongoing row)."""
    return [(row["measure"], row["milestone"]) for row in rows]


def date_then_package_order(row: dict) -> tuple:
    """Date (the undated, ongoing rows last), then the measure's place in the package."""
    return (row["date"] is None, row["date"] or "", row["plan"], row["seq"], row["milestone"] or 0)


# --- due ---------------------------------------------------------------------------------------------

def test_due_by_department_orders_by_the_registry_name_of_the_first_body_named(runner, names):
    rows = rows_of(runner, *YEAR, "--sort", "department")
    # The same milestones as unsorted: a sort only reorders.
    assert sorted(milestones(rows), key=str) == sorted(milestones(rows_of(runner, *YEAR)), key=str)

    def by_name(row):
        return (not row["departments"], names[row["departments"][0]] if row["departments"] else "",
                *date_then_package_order(row))

    def by_id(row):
        return (not row["departments"], row["departments"][0] if row["departments"] else "",
                *date_then_package_order(row))

    expected = milestones(sorted(rows, key=by_name))
    # On this data the names' order is not the ids' (nor the dates'), so a sort by id or none fails here.
    assert expected != milestones(sorted(rows, key=by_id))
    assert expected != milestones(rows_of(runner, *YEAR))
    assert milestones(rows) == expected


def test_due_by_status_puts_overdue_first_then_due_upcoming_ongoing_and_the_ledgers_last(runner, data_copy):
    # Without a ledger the statuses follow the dates (overdue before as-of, due within 30 days,
    # upcoming later), so date order already is status order; the tax bureau's reports make some
    # early milestones done, done-late or dropped, and those must leave their dates' places.
    shutil.copytree(LEDGER, data_copy / "progress", dirs_exist_ok=True)
    args = ("due", "--by", "2022-12", "--as-of", "2022-10-15", "--include-ongoing")
    rows = rows_of(runner, *args, "--sort", "status", data=data_copy)
    statuses = [row["status"] for row in rows]
    assert {"done", "done-late", "dropped"} <= set(statuses)
    place = {status: index for index, status in enumerate(STATUS_ORDER)}
    expected = milestones(sorted(rows, key=lambda row: (place.get(row["status"], len(place)),
                                                        *date_then_package_order(row))))
    assert expected != milestones(rows_of(runner, *args, data=data_copy))  # the unsorted order differs
    assert milestones(rows) == expected
    # Said plainly: the four statuses in their order, each once as a run, then the ledger's.
    runs = [status for index, status in enumerate(statuses) if index == 0 or statuses[index - 1] != status]
    assert runs[:4] == list(STATUS_ORDER) and set(runs[4:]) == {"done", "done-late", "dropped"}


def test_due_by_days_left_counts_up_from_the_most_overdue_and_puts_ongoing_last(runner):
    rows = rows_of(runner, *YEAR, "--sort", "days")
    days = [row["days_left"] for row in rows]
    dated = [day for day in days if day is not None]
    assert dated and dated[0] < 0 and days == dated + [None] * (len(days) - len(dated))
    assert dated == sorted(dated)
    assert milestones(rows) == milestones(sorted(rows, key=date_then_package_order))
    # The rows `due` builds already come in date order, so the CLI cannot tell a days sort from none;
    # the sort itself must still order rows given in another order (here reversed).
    from bizenv_cli.query.queries import sort_due_rows

    resorted = sort_due_rows(list(reversed(rows)), "days")
    assert [row["days_left"] for row in resorted] == days


# --- measures ------------------------------------------------------------------------------------------

def test_measures_by_department_orders_by_the_registry_name_of_the_first_body_named(runner, names):
    rows = rows_of(runner, "measures", "--sort", "department")
    unsorted = rows_of(runner, "measures")
    assert sorted(row["id"] for row in rows) == sorted(row["id"] for row in unsorted)

    def first_body(row):
        return row["responsible"]["bodies"][0]["id"] if row["responsible"]["bodies"] else None

    def by_name(row):
        body = first_body(row)
        return (body is None, names[body] if body else "", row["plan"], row["seq"])

    def by_id(row):
        body = first_body(row)
        return (body is None, body or "", row["plan"], row["seq"])

    def by_printed_name(row):
        bodies = row["responsible"]["bodies"]
        return (not bodies, bodies[0]["name"] if bodies else "", row["plan"], row["seq"])

    expected = [row["id"] for row in sorted(rows, key=by_name)]
    # The canonical names' order is neither the ids' nor the printed names' (市发改委 for
    # 市发展和改革委员会) nor the package's, so a sort by any of those fails here.
    for other in (by_id, by_printed_name):
        assert expected != [row["id"] for row in sorted(rows, key=other)]
    assert expected != [row["id"] for row in unsorted]
    assert [row["id"] for row in rows] == expected


# --- departments ---------------------------------------------------------------------------------------

def test_departments_by_name_and_by_id_follow_the_registrys_names_and_ids(runner, registry_document):
    bodies = registry_document["departments"]
    assert [row["name"] for row in rows_of(runner, "departments", "--sort", "name")] == \
        sorted(body["name"] for body in bodies)
    assert [row["id"] for row in rows_of(runner, "departments", "--sort", "id")] == \
        sorted(body["id"] for body in bodies)
    # Neither is the registry's own order, so a sort that kept it would fail.
    assert [body["name"] for body in bodies] != sorted(body["name"] for body in bodies)
    assert [body["id"] for body in bodies] != sorted(body["id"] for body in bodies)


def test_departments_by_measures_put_most_first_and_ties_in_registry_order(runner, registry_place):
    rows = rows_of(runner, "departments", "--sort", "measures")
    assert sorted(row["id"] for row in rows) == sorted(registry_place)  # every body, each once
    counts = [row["measures"] for row in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    expected = [row["id"] for row in sorted(rows, key=lambda row: (-row["measures"],
                                                                   registry_place[row["id"]]))]
    # Bodies that share a count exist (several name no measure), so the registry order among them matters.
    assert len(set(counts)) < len(counts)
    assert [row["id"] for row in rows] == expected


@pytest.mark.parametrize("key", ["overdue", "due", "upcoming", "total"])
def test_departments_by_a_status_count_put_most_first_then_most_in_total_then_registry_order(
        runner, registry_place, key):
    rows = rows_of(runner, "departments", "--as-of", "2022-06-30", "--sort", key)
    assert len(rows) == len(registry_place)
    expected = [row["id"] for row in sorted(rows, key=lambda row: (-row["status"][key], -row["status"]["total"],
                                                                   registry_place[row["id"]]))]
    # Ties occur on the real data: bodies with the same count of `key` but different totals (so
    # the total decides between them), and bodies equal in both (so registry order does).
    by_count: dict[int, set[int]] = {}
    for row in rows:
        by_count.setdefault(row["status"][key], set()).add(row["status"]["total"])
    if key != "total":
        assert any(len(totals) > 1 for totals in by_count.values())
    pairs = [(row["status"][key], row["status"]["total"]) for row in rows]
    assert len(set(pairs)) < len(pairs)
    assert [row["id"] for row in rows] == expected
