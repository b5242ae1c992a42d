"""What departments reported shows in every format of `due`, `measures` and `gaps`: the table, and
the CSV and Excel files an office sends on (whose headers are the JSON keys), not only in JSON.
With the shipped, empty ledger the listings keep their columns."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import invoke, with_one_ledger_report

DUE = ("due", "--plan", "9", "--before", "2022-07", "--as-of", "2022-07-01")


@pytest.fixture
def reported(data_copy, runner):
    """The one-report ledger (市税务局: 09.02 done on 2022-06-20), and an actual for 09.i1."""
    with_one_ledger_report(data_copy)
    recorded = invoke(runner, "--data", str(data_copy), "record", "09.i1", "--as-of", "2022-06-30", "--by", "tax",
                      "--actual", "4次", "--on", "2022-06-15")
    assert recorded.exit_code == 0, recorded.stderr
    return data_copy


def listing(runner, data_dir, *args: str, output_format: str):
    result = invoke(runner, "--data", str(data_dir), *args, "--format", output_format)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def flat(value) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("args, key, parts", [
    (DUE, "progress", ("status", "milestone", "done_on", "reported_by", "as_of", "evidence", "note")),
    (("measures", "--plan", "9"), "progress", ("status", "milestone", "done_on", "reported_by", "as_of", "evidence",
                                               "note")),
    (("gaps", "--plan", "9"), "actual", ("raw", "value", "measured_on", "reported_by", "as_of", "evidence")),
])
def test_the_csv_carries_every_reported_key_as_its_json_path(reported, runner, args, key, parts):
    records = json.loads(listing(runner, reported, *args, output_format="json"))
    rows = csv_rows(listing(runner, reported, *args, output_format="csv"))
    assert [f"{key}.{part}" for part in parts] == [name for name in rows[0] if name.startswith(key + ".")]
    reported_rows = 0
    for record, row in zip(records, rows, strict=True):
        for part in parts:
            assert row[f"{key}.{part}"] == flat((record[key] or {}).get(part))
        reported_rows += record[key] is not None
    assert reported_rows >= 1


def test_due_says_what_its_status_rests_on_in_every_format(reported, runner):
    rows = {row["measure"]: row for row in csv_rows(listing(runner, reported, *DUE, output_format="csv"))}
    assert (rows["09.02"]["status"], rows["09.02"]["progress.done_on"], rows["09.02"]["reported"]) == \
        ("done", "2022-06-20", "2022-06-30")
    assert rows["09.10"]["progress.status"] == "" and rows["09.10"]["reported"] == ""  # overdue, never reported
    table = listing(runner, reported, *DUE, output_format="table")
    assert "progress" in table.splitlines()[1]
    line = next(line for line in table.splitlines() if "09.02" in line)
    assert "done 2022-06-20" in line
    assert "市税务局 2022-06-30" in table  # who reported, by name, and the report's day


def test_gaps_shows_the_reported_value_beside_the_targets(reported, runner):
    rows = {row["id"]: row for row in csv_rows(listing(runner, reported, "gaps", "--plan", "9", output_format="csv"))}
    assert (rows["09.i1"]["actual.raw"], rows["09.i1"]["actual.measured_on"]) == ("4次", "2022-06-15")
    assert "progress_pct" in rows["09.i1"]
    table = listing(runner, reported, "gaps", "--plan", "9", output_format="table")
    assert "actual" in table.splitlines()[1] and "progress %" in table.splitlines()[1]
    assert "4次" in table and "2022-06-15" in table  # the value and the day it was measured


def test_the_excel_file_has_the_progress_columns(reported, runner, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "due.xlsx"
    # The English file (--lang en): its headers are the JSON keys, as the CSV's are.
    result = invoke(runner, "--data", str(reported), *DUE, "--lang", "en", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    assert header[-8:] == ["progress.status", "progress.milestone", "progress.done_on", "progress.reported_by",
                           "progress.as_of", "progress.evidence", "progress.note", "reported"]
    done = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[header.index("measure")] == "09.02")
    assert done[header.index("progress.status")] == "done"


def test_the_scorecards_rates_show_as_percentages_in_a_workbook(reported, runner, tmp_path):
    # 完成率 and 按时率 are fractions (0.125), as JSON and CSV keep them; a workbook showed 0.125 where
    # the table shows 13%: its cells are formatted as percentages, the values unchanged.
    from openpyxl import load_workbook

    target = tmp_path / "progress.xlsx"
    args = ("--data", str(reported), "progress", "--as-of", "2022-10-15", "--group-by", "dept")
    assert invoke(runner, *args, "-o", str(target)).exit_code == 0
    rows = {row["key"]: row for row in json.loads(invoke(runner, *args, "--format", "json").stdout)}
    sheet = load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    for key, heading in (("completion_rate", "完成率"), ("on_time_rate", "按时率")):
        cells = {row[0].value: row[header.index(heading)] for row in sheet.iter_rows(min_row=2)}
        assert cells["tax"].value == rows["tax"][key] and 0 < rows["tax"][key] < 1
        assert all(cell.number_format == "0%" for cell in cells.values())


def test_a_measures_row_names_the_milestone_its_progress_is_of(reported, runner):
    # 09.03#1 done: the measure's row must not read as if the whole measure were done.
    assert invoke(runner, "--data", str(reported), "record", "09.03#1", "--as-of", "2022-06-30", "--by", "tax",
                  "--status", "done", "--on", "2022-06-25").exit_code == 0
    rows = {row["id"]: row for row in csv_rows(listing(runner, reported, "measures", "--plan", "9", output_format="csv"))}
    assert (rows["09.03"]["progress.status"], rows["09.03"]["progress.milestone"]) == ("done", "1")
    assert rows["09.02"]["progress.milestone"] == ""  # reported for the whole measure
    table = listing(runner, reported, "measures", "--plan", "9", "--width", "200", output_format="table")
    assert "done 2022-06-25 (#1)" in table and "done 2022-06-20 (#" not in table


@pytest.mark.parametrize("args", [DUE, ("measures", "--plan", "9"), ("gaps", "--plan", "9")])
def test_with_an_empty_ledger_no_ledger_column_appears(data_copy, runner, args):
    header = csv_rows(listing(runner, data_copy, *args, output_format="csv"))[0]
    assert not [name for name in header if name.split(".")[0] in ("progress", "actual", "reported", "progress_pct")]
    table = listing(runner, data_copy, *args, output_format="table")
    assert "progress" not in table.splitlines()[1] and "actual" not in table.splitlines()[1]


def test_show_counts_days_left_only_for_a_milestone_still_to_do(reported, runner):
    # 09.02 (source: 2022年6月底前见成效) was reported done on 2022-06-20; 09.10 (2022年3月底前) never.
    done = listing(runner, reported, "show", "09.02", "--as-of", "2022-07-01", output_format="table")
    line = next(line for line in done.splitlines() if line.startswith("milestones"))
    assert "2022-06-30  done" in line and "days" not in line
    overdue = listing(runner, reported, "show", "09.10", "--as-of", "2022-07-01", output_format="table")
    assert "2022-03-31  overdue (-92 days)" in overdue
