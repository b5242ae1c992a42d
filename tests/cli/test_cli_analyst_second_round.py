"""Issue 23, point by point: the analyst's second round, through the CLI.

Facts about the real data are checkable in the source: plan 9 (缴纳税费) is the tax bureau's
throughout; 市税务局 leads none of the measures it is named in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, REPO, invoke
from test_cli_analyst import rows_of, run, usage_error  # the first round's way of asking

LEDGER = REPO / "tests" / "examples" / "ledger" / "tax-2022" / "progress"


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


# --- 3. gaps --sort and gaps --as-of -------------------------------------------------------------------

@pytest.fixture
def actuals(runner, data_copy):
    """A data copy whose ledger holds the tax bureau's actuals: 09.i15 纳税时间 (69.31 → 63.76
    小时) at 66 in June and 64 in September, 09.i14 纳税次数 (6 → 5 次) still 6 in June, 09.i16
    总税收和缴费率 (44.54 → 44.09 %) at 44.5 in September."""
    for item, day, value in (("09.i15", "2022-06-30", "66小时"), ("09.i15", "2022-09-30", "64小时"),
                             ("09.i14", "2022-06-30", "6次"), ("09.i16", "2022-09-30", "44.5%")):
        result = run(runner, "record", item, "--as-of", day, "--by", "tax", "--actual", value, data=data_copy)
        assert result.exit_code == 0, result.stderr
    return data_copy


def test_gaps_as_of_takes_the_actual_reported_by_that_day(runner, actuals):
    def actual_of(day: str) -> dict:
        return {row["id"]: (row["actual"] or {}).get("raw")
                for row in rows_of(runner, "gaps", "--plan", "9", "--as-of", day, data=actuals)}

    assert actual_of("2022-06-29")["09.i15"] is None
    assert (actual_of("2022-07-01")["09.i15"], actual_of("2022-07-01")["09.i16"]) == ("66小时", None)
    assert (actual_of("2022-10-01")["09.i15"], actual_of("2022-10-01")["09.i16"]) == ("64小时", "44.5%")
    table = run(runner, "gaps", "--plan", "9", "--as-of", "2022-07-01", data=actuals).stdout
    assert table.splitlines()[0].endswith("; actuals as of 2022-07-01")


def test_gaps_as_of_takes_the_dates_people_write_and_refuses_others(runner):
    assert rows_of(runner, "gaps", "--plan", "9", "--as-of", "2022年9月30日") == rows_of(runner, "gaps", "--plan", "9")
    result = run(runner, "gaps", "--as-of", "2022-13-01")
    assert result.exit_code == 2 and result.stderr.startswith("bizenv: error: --as-of: ")


def test_gaps_sort_progress_puts_the_farthest_from_target_first(runner, actuals):
    rows = rows_of(runner, "gaps", "--plan", "9", "--as-of", "2022-10-01", "--sort", "progress", data=actuals)
    measured = [row for row in rows if row["progress_pct"] is not None]
    assert [row["id"] for row in measured] == ["09.i14", "09.i16", "09.i15"]
    assert rows[:3] == measured  # the unmeasured follow, in plan order
    unmeasured = rows_of(runner, "gaps", "--plan", "9", "--as-of", "2022-10-01", data=actuals)
    assert [row["id"] for row in rows[3:]] == [row["id"] for row in unmeasured if row["progress_pct"] is None]
    assert rows[0]["progress_pct"] == 0 and 95 < rows[2]["progress_pct"] < 96  # (64 − 69.31) / (63.76 − 69.31)


def test_gaps_sort_gap_puts_the_largest_change_first(runner):
    in_plan_order = rows_of(runner, "gaps")
    by_gap = rows_of(runner, "gaps", "--sort", "gap")
    with_pct = [row for row in in_plan_order if row["to_target_pct"] is not None]
    expected = sorted(with_pct, key=lambda row: -abs(row["to_target_pct"]))
    assert by_gap[:len(with_pct)] == expected and len(with_pct) > 10
    assert by_gap[len(with_pct):] == [row for row in in_plan_order if row["to_target_pct"] is None]
    assert rows_of(runner, "gaps", "--sort", "plan") == in_plan_order
    heading = run(runner, "gaps", "--sort", "GAP", "--limit", "3").stdout.splitlines()[0]
    assert heading == "3 indicators (the first 3 of 189); against year-end targets; sorted by gap"


def test_gaps_sort_progress_without_actuals_says_why_the_order_stays(runner):
    result = run(runner, "gaps", "--plan", "9", "--sort", "progress")
    assert result.exit_code == 0
    assert result.stderr == ("bizenv: note: --sort progress: the work ledger has no reports; "
                             "the rows keep plan order\n")
    assert run(runner, "gaps", "--sort", "farthest").stderr == \
        "bizenv: error: --sort: 'farthest' is not one of plan, gap or progress\n"


# --- 5. a role filter that empties a listing says what the other roles hold -----------------------------

def _roles_of_tax(rows: list[dict]) -> dict[str, int]:
    named = [row for row in rows if any("tax" in row["responsible"][role] for role in ROLES)]
    return {role: sum("tax" in row["responsible"][role] for row in named) for role in ROLES} | {"all": len(named)}


ROLES = ("lead", "support", "implement", "responsible")


def test_measures_emptied_by_role_say_how_many_name_the_body_and_as_what(runner):
    counts = _roles_of_tax(rows_of(runner, "measures", "--dept", "税务局"))
    assert counts["lead"] == 0 and counts["responsible"] > counts["support"] > 0  # the source's facts
    result = run(runner, "measures", "--dept", "税务局", "--role", "lead")
    assert result.exit_code == 0 and "(no rows)" in result.stdout
    assert result.stderr == (
        f"bizenv: note: 市税务局 (tax) leads (牵头) none of the measures; of the {counts['all']} that name it, "
        f"{counts['responsible']} name it as responsible (负责), {counts['support']} as support (配合)\n")
    # The other filters narrow what is counted.
    plan_2 = _roles_of_tax(rows_of(runner, "measures", "--dept", "tax", "--plan", "2"))
    assert run(runner, "measures", "--dept", "tax", "--plan", "2", "--role", "牵头").stderr == (
        f"bizenv: note: 市税务局 (tax) leads (牵头) none of the measures; of the {plan_2['all']} that name it, "
        f"{plan_2['responsible']} name it as responsible (负责)\n")


def test_a_role_alone_that_finds_nothing_says_what_roles_there_are(runner):
    plan_9 = rows_of(runner, "measures", "--plan", "9")
    assert not any(row["responsible"]["implement"] for row in plan_9)
    assert run(runner, "measures", "--plan", "9", "--role", "implement").stderr == (
        f"bizenv: note: no body implements (负责落实) any of the measures; of the {len(plan_9)} measures, "
        f"{len(plan_9)} name one as responsible (负责)\n")


def test_due_emptied_by_role_counts_the_measures_due_in_the_window(runner):
    window = ("due", "--in", "2022-06", "--as-of", "2022-06-01")
    listed = rows_of(runner, *window, "--dept", "tax")
    measures = {row["measure"] for row in listed}
    assert measures and not any(row["lead"] for row in listed)
    result = run(runner, *window, "--dept", "tax", "--role", "lead")
    assert result.exit_code == 0 and "— 0 milestones" in result.stdout
    assert result.stderr == (
        "bizenv: note: 市税务局 (tax) leads (牵头) none of the measures due in 2022-06 (2022-06-01 to 2022-06-30); "
        f"of the {len(measures)} that name it, {len(measures)} name it as responsible (负责)\n")


def test_a_listing_the_role_did_not_empty_has_no_note(runner):
    assert run(runner, "measures", "--dept", "tax", "--role", "support").stderr == ""
    assert run(runner, "measures", "--grep", "no such text anywhere", "--role", "lead").stderr == ""


# --- 7. exit codes as the README states them: a usage error is 2 -------------------------------------

IMPORT = ("--by", "tax", "--as-of", "2022-06-30")


@pytest.mark.parametrize("suffix", [".ods", ".xls", ".XLS", ".numbers"])
def test_ledger_import_of_another_spreadsheet_format_is_a_usage_error(runner, data_copy, tmp_path, suffix):
    sheet = tmp_path / f"tax-2022-06{suffix}"
    sheet.write_bytes(b"PK\x03\x04 not read")
    before = sorted(data_copy.rglob("*"))
    assert usage_error(runner, "ledger", "import", str(sheet), *IMPORT, data=data_copy) == (
        f"bizenv: error: FILE: {sheet.name} is not a .xlsx or .csv file; save the filled-in template as .xlsx "
        "(Excel, WPS or LibreOffice: 另存为 .xlsx) or .csv\n")
    assert sorted(data_copy.rglob("*")) == before


def test_a_missing_input_file_is_a_usage_error_for_every_command(runner, tmp_path):
    missing = tmp_path / "gone"
    plan = DATA / "plans" / "09-paying-taxes.yaml"
    assert usage_error(runner, "ledger", "import", f"{missing}.xlsx", *IMPORT) == \
        f"bizenv: error: FILE: no such file: {missing}.xlsx\n"
    assert usage_error(runner, "validate", f"{missing}.yaml") == f"bizenv: error: no such file or folder: {missing}.yaml\n"
    assert usage_error(runner, "textconv", f"{missing}.yaml").startswith(f"bizenv: error: cannot read {missing}.yaml: ")
    assert usage_error(runner, "diff", f"{missing}.yaml", str(plan)).startswith(
        f"bizenv: error: {missing}.yaml: no such file or folder, and not a ")  # git revision
    assert usage_error(runner, "import", f"{missing}.txt", "-o", str(tmp_path / "out")) == \
        f"bizenv: error: {missing}.txt: no such file\n"


def _odd_file(tmp_path, kind: str):
    import os

    if kind == "fifo":
        path = tmp_path / "sheet.xlsx"
        os.mkfifo(path)
        return path, "is a named pipe (FIFO)"
    if kind == "folder":
        path = tmp_path / "sheet.xlsx"
        path.mkdir()
        return path, "is a folder"
    if kind == "device":
        return "/dev/null", "is a character device"
    if kind == "dangling":
        path = tmp_path / "sheet.xlsx"
        path.symlink_to(tmp_path / "gone.xlsx")
        return path, "is a symbolic link to a file that does not exist"
    path = tmp_path / "sheet.xlsx"
    path.symlink_to(path.name)
    return path, "is a loop of symbolic links"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "dangling", "loop"])
def test_ledger_import_names_a_file_that_is_no_regular_file_as_what_it_is(runner, tmp_path, kind):
    path, what = _odd_file(tmp_path, kind)
    message = usage_error(runner, "ledger", "import", str(path), *IMPORT)
    assert message.startswith(f"bizenv: error: FILE: {path} {what}")
    assert "no such file" not in message


@pytest.fixture
def unblocked(tmp_path):
    """A reader blocked on opening a FIFO (no writer) is let go with an end of file: a command that
    waits on one then fails its test instead of hanging the suite."""
    import os
    import threading

    stop = threading.Event()
    fifos: list[Path] = []

    def writer():
        while not stop.wait(0.2):
            for fifo in fifos:
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # only succeeds if a reader waits
                except OSError:
                    pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    yield fifos
    stop.set()
    thread.join()


@pytest.mark.parametrize("kind", ["fifo", "device", "dangling", "loop"])
def test_textconv_and_diff_name_a_special_file_and_never_block_on_it(runner, tmp_path, kind, unblocked):
    path, what = _odd_file(tmp_path, kind)
    unblocked.append(path)
    plan = DATA / "plans" / "09-paying-taxes.yaml"
    for args in (("textconv", str(path)), ("diff", str(path), str(plan)), ("diff", str(plan), str(path))):
        message = usage_error(runner, *args)
        assert message.startswith(f"bizenv: error: {path} {what}"), message
        assert "revision" not in message
