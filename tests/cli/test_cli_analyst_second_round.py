"""Issue 23, point by point: the analyst's second round, through the CLI.

Facts about the real data are checkable in the source: plan 9 (缴纳税费) is the tax bureau's
throughout; 市税务局 leads none of the measures it is named in.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA, REPO, invoke

LEDGER = REPO / "tests" / "examples" / "ledger" / "tax-2022" / "progress"


def run(runner, *args, data=DATA):
    return invoke(runner, "--data", str(data), *args)


def rows_of(runner, *args, data=DATA) -> list:
    result = run(runner, *args, "--format", "json", data=data)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def cells(text: str) -> int:
    from bizenv_cli.outputs.linebreak import text_width

    return text_width(text)


@pytest.fixture
def reported(data_copy):
    """A data copy whose ledger holds the tax bureau's reports of 2022 (tests/examples/ledger/tax-2022)."""
    shutil.copytree(LEDGER, data_copy / "progress", dirs_exist_ok=True)
    return data_copy


# --- 1. progress takes repeated --dept and --plan, and totals ------------------------------------------

def test_progress_takes_repeated_departments_and_plans(runner):
    as_of = ("--as-of", "2022-10-15", "--group-by", "dept")
    tax, finance = (rows_of(runner, "progress", *as_of, "--dept", body) for body in ("tax", "finance"))
    both = rows_of(runner, "progress", *as_of, "--dept", "tax", "--dept", "finance")
    assert [row["key"] for row in both] == [row["key"] for row in finance + tax] or \
        [row["key"] for row in both] == [row["key"] for row in tax + finance]
    assert {row["key"]: row for row in both} == {row["key"]: row for row in tax + finance}
    by_plan = ("--as-of", "2022-10-15")
    assert [row["key"] for row in rows_of(runner, "progress", *by_plan, "--plan", "9", "--plan", "10")] == [9, 10]
    assert rows_of(runner, "progress", *by_plan, "--plan", "9,10") == \
        rows_of(runner, "progress", *by_plan, "--plan", "9", "--plan", "10")


def test_progress_of_several_bodies_by_plan_counts_their_measures_once(runner):
    """A measure naming both 市税务局 and 市财政局 counts once in a plan's row."""
    as_of = ("--as-of", "2022-10-15")
    both = {row["key"]: row["due_by_as_of"] for row in
            rows_of(runner, "progress", *as_of, "--dept", "tax", "--dept", "finance")}
    due = rows_of(runner, "due", "--by", "2022-10-15", "--as-of", "2022-10-15", "--dept", "tax", "--dept", "finance")
    expected: dict[int, int] = {}
    for row in due:
        expected[row["plan"]] = expected.get(row["plan"], 0) + 1
    assert {plan: count for plan, count in both.items() if count} == expected


def _total_line(table: str) -> list[str]:
    (line,) = [line for line in table.splitlines() if line.startswith("total ")]
    return line.split()


def test_the_progress_table_ends_with_a_total_row(runner, reported):
    by_plan = rows_of(runner, "progress", "--as-of", "2022-10-15", data=reported)
    table = run(runner, "progress", "--as-of", "2022-10-15", data=reported).stdout
    due, done, late, dropped, overdue, unreported, upcoming, ongoing = (
        sum(row[key] for row in by_plan) for key in
        ("due_by_as_of", "done", "done_late", "dropped", "overdue", "unreported", "upcoming", "ongoing"))
    completion = round((done + late) / (due - dropped) * 100)
    on_time = round(done / (due - dropped) * 100)
    assert _total_line(table) == ["total", *map(str, (due, done, late, dropped, overdue, unreported, upcoming, ongoing)),
                                  f"{completion}%", f"{on_time}%"]
    assert table.splitlines()[-1].startswith("total ")
    # JSON and CSV keep one kind of row: the plans'.
    assert all(row["key"] is not None for row in by_plan)
    assert "total" not in run(runner, "progress", "--as-of", "2022-10-15", "--format", "csv", data=reported).stdout


def test_by_department_the_total_counts_each_milestone_once(runner, reported):
    args = ("progress", "--as-of", "2022-10-15", "--group-by", "dept", "--dept", "tax", "--dept", "finance",
            "--dept", "county-governments")
    rows = rows_of(runner, *args, data=reported)
    table = run(runner, *args, data=reported).stdout
    # The milestones of the three bodies' measures, each once, as `due` lists them.
    listed = rows_of(runner, "due", "--by", "2022-10-15", "--as-of", "2022-10-15", "--dept", "tax", "--dept", "finance",
                     "--dept", "county-governments", data=reported)
    total = _total_line(table)
    assert int(total[1]) == len(listed)
    assert int(total[1]) < sum(row["due_by_as_of"] for row in rows)  # some measures name two of them
    assert int(total[5]) == sum(row["status"] == "overdue" for row in listed)


# --- 2. the progress table fits the width --------------------------------------------------------------

@pytest.mark.parametrize("group_by", ["plan", "dept"])
@pytest.mark.parametrize("how", ["--width", "COLUMNS"])
def test_the_progress_table_fits_80_columns(runner, reported, group_by, how):
    args = ["--data", str(reported), "progress", "--as-of", "2022-10-15", "--group-by", group_by]
    if how == "--width":
        result = invoke(runner, "--width", "80", *args)
    else:
        result = invoke(runner.__class__(env={"COLUMNS": "80", "NO_COLOR": "1"}), *args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 10
    assert max(cells(line) for line in lines[1:]) <= 80  # the heading is one line, whatever its length
    assert set(lines[2]) == {"─"} and cells(lines[2]) <= 80
