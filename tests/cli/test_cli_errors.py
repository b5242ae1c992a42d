"""One golden test per error a user can cause: the exact message and the exit code.

README.md#exit-codes: a user's mistake is one line on standard error, `bizenv: error: ...`, exit 2, nothing on
standard output and never a traceback; data that cannot be read is exit 1. Each case is the text a
user sees, so a change of wording is a deliberate change of this file (as hledger keeps
test/errors/). The runs use the small fixture package, whose two plans and five departments do not
move while the real data is being reviewed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO, cli_commands, invoke

FIXTURE = REPO / "tests" / "examples" / "queries" / "data"
PLAN_FILE = FIXTURE / "plans" / "01-alpha.yaml"


def fails(runner, *args: str, data: Path | None = FIXTURE, code: int = 2) -> str:
    """Run bizenv and return the one line it printed on standard error, having checked the rest."""
    prefix = ["--data", str(data)] if data is not None else []
    result = invoke(runner, *prefix, *args)
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr


# --- the parser: unknown commands and options, bad choices, missing values --------------------------

def test_no_command_prints_the_help_on_stderr(runner):
    stderr = fails(runner, data=None)
    assert stderr.startswith("Usage: bizenv [OPTIONS] COMMAND [ARGS]...\n")
    assert "Commands:\n  measures " in stderr


def test_unknown_command_with_a_suggestion(runner):
    assert fails(runner, "mesures") == "bizenv: error: no such command 'mesures'; did you mean 'measures'?\n"


def test_unknown_command(runner):
    assert fails(runner, "frobnicate") == "bizenv: error: no such command 'frobnicate' (see 'bizenv --help')\n"


def test_unknown_option(runner):
    assert fails(runner, "due", "--bogus") == "bizenv: error: no such option: --bogus (see 'bizenv due --help')\n"


@pytest.mark.parametrize("command", list(cli_commands()))
def test_an_unknown_option_is_one_line_for_every_command(runner, command):
    # The same line whatever the command, a new one too: nothing on stdout, no traceback, exit 2.
    assert fails(runner, *command.split(), "--bogus") == \
        f"bizenv: error: no such option: --bogus (see 'bizenv {command} --help')\n"


def test_misspelt_option(runner):
    assert fails(runner, "due", "--befor", "2022-06") == (
        "bizenv: error: no such option: --befor; did you mean --before, --format or --sort? (see 'bizenv due --help')\n")


def test_option_without_its_value(runner):
    assert fails(runner, "due", "--before") == "bizenv: error: option '--before' requires an argument\n"


@pytest.mark.parametrize("args, message", [
    (["plans", "--format", "xml"], "--format: 'xml' is not one of table, json, csv, tsv, md or xlsx"),
    (["plans", "-f", "xml"], "--format: 'xml' is not one of table, json, csv, tsv, md or xlsx"),
    (["measures", "--role", "boss"],
     "--role: 'boss' is not one of lead (牵头), support (配合), implement (负责落实) or responsible (负责)"),
    (["due", "--sort", "size"], "--sort: 'size' is not one of date, plan, department, days or status"),
    (["due", "--status", "late"],
     "--status: 'late' is not one of overdue, due, upcoming, ongoing, done, done-late or dropped"),
    (["validate", "--format", "table"], "--format: 'table' is not one of text, json or github"),
])
def test_value_not_among_the_choices(runner, args, message):
    assert fails(runner, *args) == f"bizenv: error: {message}\n"


def test_missing_argument(runner):
    assert fails(runner, "show") == "bizenv: error: missing argument 'ID' (see 'bizenv show --help')\n"


def test_extra_argument(runner):
    assert fails(runner, "show", "01.01", "01.02") == (
        "bizenv: error: got unexpected extra argument(s) (01.02) (see 'bizenv show --help')\n")


# --- the data folder --------------------------------------------------------------------------------

def test_data_option_names_no_data_folder(runner, tmp_path):
    missing = tmp_path / "nowhere"
    assert fails(runner, "plans", data=missing) == (
        f"bizenv: error: --data: {missing} is not a bizenv data folder: it has no plans/ folder\n")


def test_data_from_the_environment_says_so(tmp_path):
    from typer.testing import CliRunner

    from conftest import CLI_ENV

    missing = tmp_path / "nowhere"
    stderr = fails(CliRunner(env={**CLI_ENV, "BIZENV_DATA": str(missing)}), "plans", data=None)
    assert stderr == f"bizenv: error: BIZENV_DATA: {missing} is not a bizenv data folder: it has no plans/ folder\n"


def test_data_folder_without_a_registry_is_invalid_data(runner, tmp_path):
    shutil.copytree(FIXTURE / "plans", tmp_path / "plans")
    assert fails(runner, "plans", data=tmp_path, code=1) == (
        f"bizenv: error: cannot read {tmp_path / 'departments.yaml'}: No such file or directory\n")


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--before", "2022-13"], "--before: '2022-13' is not a real date (month must be in 1..12)"),
    (["--in", "2022-02-30"], "--in: '2022-02-30' is not a real date (day is out of range for month)"),
    (["--by", "june"], "--by: 'june' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, 2022年6月, 2022-Q2 or today (e.g. 2022-06)"),
    (["--after", ""], "--after: '' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, 2022年6月, 2022-Q2 or today (e.g. 2022-06)"),
    (["--as-of", "2022-06"], "--as-of: '2022-06' names a period, not a day: use YYYY-MM-DD (e.g. 2022-06-01) or today"),
    (["--after", "2022-07", "--before", "2022-06"],
     "the dates leave no day (before 2022-06, after 2022-07: from 2022-08-01 to 2022-05-31)"),
    (["--before", "0001"], "the dates leave no day (the calendar ends at 0001-01-01 and 9999-12-31)"),
])
def test_bad_dates(runner, args, message):
    assert fails(runner, "due", *args) == f"bizenv: error: {message}\n"


def test_show_as_of_is_checked_as_in_due(runner):
    assert fails(runner, "show", "01.01", "--as-of", "2022-02-30") == (
        "bizenv: error: --as-of: '2022-02-30' is not a real date (day is out of range for month)\n")


# --- departments ------------------------------------------------------------------------------------

def test_unknown_department_with_a_suggestion(runner):
    assert fails(runner, "measures", "--dept", "市税物局") == (
        "bizenv: error: --dept: no department matches '市税物局'; did you mean 市税务局 (tax)? "
        "(`bizenv departments` lists them all)\n")


def test_unknown_department(runner):
    assert fails(runner, "gaps", "--dept", "nonexistent") == (
        "bizenv: error: --dept: no department matches 'nonexistent' (`bizenv departments` lists them all)\n")


def test_empty_department(runner):
    assert fails(runner, "due", "--dept", " ") == (
        "bizenv: error: --dept: DEPT is empty; give an id, a name or part of one (e.g. --dept tax)\n")


def test_ambiguous_department(runner):
    assert fails(runner, "measures", "--dept", "发展") == (
        "bizenv: error: --dept: '发展' matches 2 departments; say which:\n"
        "  development-reform           市发展和改革委员会 (also 市发展改革委, 市发改委)\n"
        "  development-research         市发展研究中心\n")


def test_a_very_ambiguous_department_lists_a_dozen_and_counts_the_rest(runner, tmp_path):
    shutil.copytree(FIXTURE / "plans", tmp_path / "plans")
    # The fixture's own bodies stay (the plans name them), and none of them has 第 in its name.
    registry = (FIXTURE / "departments.yaml").read_text(encoding="utf-8").rstrip("\n").splitlines()
    for number in range(1, 16):
        registry += [f"- id: bureau-number-{number:02d}-with-a-long-id", f"  name: 市第{number}局",
                     f"  name_en: Bureau {number}", "  kind: municipal-department", "  group: false",
                     "  aliases: []", "  parent: null", "  covers: []", "  note: null"]
    (tmp_path / "departments.yaml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    lines = fails(runner, "measures", "--dept", "第", data=tmp_path).splitlines()
    assert lines[0] == "bizenv: error: --dept: '第' matches 15 departments; say which:"
    assert lines[1] == "  bureau-number-01-with-a-long-id 市第1局"  # ids longer than 28 still line up
    assert len(lines) == 1 + 12 + 1
    assert lines[-1] == "  ... and 3 more; `bizenv departments` lists them all"


def test_unknown_kind(runner):
    assert fails(runner, "departments", "--kind", "ministry") == (
        "bizenv: error: --kind: no department is of kind 'ministry' (kinds: central-branch, group, "
        "municipal-department, public-institution)\n")


# --- plans ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["30", "0", "abc"])
def test_unknown_plan(runner, value):
    assert fails(runner, "measures", "--plan", value) == (
        f"bizenv: error: --plan: no plan '{value}'; plans are numbered 1 to 2 (`bizenv plans` lists them)\n")


def test_empty_plan(runner):
    assert fails(runner, "measures", "--plan", "") == (
        "bizenv: error: --plan: N is empty; give a number, an id, a slug or a part of a title (e.g. --plan 9)\n")


def test_misspelt_plan_slug(runner):
    assert fails(runner, "gaps", "--plan", "alfa") == (
        "bizenv: error: --plan: no plan 'alfa'; did you mean alpha? (plans are numbered 1 to 2; "
        "`bizenv plans` lists them)\n")


# --- show -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("item, message", [
    ("01.99", "no measure '01.99': plan 1 has measures 01.01 to 01.07"),
    ("02.99", "no measure '02.99': plan 2 has one measure, 02.01"),
    ("01.i9", "no indicator '01.i9': plan 1 has indicators 01.i1 to 01.i4"),
    ("02.i1", "no indicator '02.i1': plan 2 has no indicators"),
    # A section's or a table's id is told as a measure's is, not as a text that is no id at all.
    ("01.s9", "no section '01.s9': plan 1 has sections 01.s1 to 01.s4"),
    ("01.t9", "no table '01.t9': plan 1 has tables 01.t1 to 01.t2"),
    ("02.t1", "no table '02.t1': plan 2 has no tables"),
    ("99.99", "no measure '99.99': there is no plan 99 (plans are numbered 1 to 2)"),
    ("30", "no plan '30': plans are numbered 1 to 2"),
    ("abc", "no measure, indicator or plan 'abc': give a measure id (01.01), an indicator id (01.i1), a "
            "section or table id, or a plan number (1 to 2), id (01) or slug (alpha)"),
    # A spreadsheet reads 01.10 as 1.1: an id not written in full is refused, with what it may be.
    ("1.2", "no id '1.2' (ids are written in full, as printed); did you mean 01.02?"),
    ("01.2", "no id '01.2' (ids are written in full, as printed); did you mean 01.02?"),
    # A milestone as `record` and the ledger name it: shown with its measure.
    ("01.02#1", "no id '01.02#1': a milestone is shown with its measure, 01.02"),
    ("01.99#1", "no measure, indicator or plan '01.99#1': give a measure id (01.01), an indicator id (01.i1), a "
                "section or table id, or a plan number (1 to 2), id (01) or slug (alpha)"),
])
def test_show_something_that_is_not_there(runner, item, message):
    assert fails(runner, "show", item) == f"bizenv: error: show: {message}\n"


# --- search -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "  \n"])
def test_empty_search(runner, text):
    assert fails(runner, "search", text) == "bizenv: error: search: TEXT is empty\n"


# --- -o FILE ----------------------------------------------------------------------------------------

def test_output_with_an_unknown_extension(runner, tmp_path):
    target = tmp_path / "plans.docx"
    assert fails(runner, "plans", "-o", str(target)) == (
        f"bizenv: error: -o: cannot tell the format of '{target}' from its extension "
        "(known: .csv, .ics, .json, .md, .tsv, .txt, .xlsx); pass --format\n")
    assert not target.exists()


def test_output_into_a_missing_folder_is_an_io_failure(runner, tmp_path):
    # Exit 3: the file could not be written; the command itself was fine.
    target = tmp_path / "no" / "such" / "plans.csv"
    assert fails(runner, "plans", "-o", str(target), code=3) == (
        f"bizenv: error: -o: could not write {target}: No such file or directory\n")


def test_output_onto_a_folder(runner, tmp_path):
    assert fails(runner, "plans", "--format", "json", "-o", str(tmp_path)) == (
        f"bizenv: error: -o: '{tmp_path}' is a folder; give a file name\n")


def test_output_to_an_empty_name(runner):
    assert fails(runner, "plans", "-o", "") == "bizenv: error: -o: '.' is a folder; give a file name\n"


def test_diff_takes_the_same_output_options(runner, tmp_path):
    target = tmp_path / "changes.docx"
    assert fails(runner, "diff", str(PLAN_FILE), str(PLAN_FILE), "-o", str(target)) == (
        f"bizenv: error: -o: cannot tell the format of '{target}' from its extension "
        "(known: .csv, .ics, .json, .md, .tsv, .txt, .xlsx); pass --format\n")


# --- validate, diff, textconv -----------------------------------------------------------------------

def test_validate_a_missing_file(runner, tmp_path):
    missing = tmp_path / "09-paying-taxes.yaml"
    assert fails(runner, "validate", str(missing)) == f"bizenv: error: no such file or folder: {missing}\n"


@pytest.mark.parametrize("make", ["fifo", "symlink-loop", "dangling-symlink"])
def test_validate_a_named_path_that_is_no_regular_file_says_what_it_is(runner, tmp_path, make):
    # Both a FIFO and a symlink loop were "no such file or folder"; the words are datadir's, as
    # every command says them of such a file inside plans/.
    path = tmp_path / "09-paying-taxes.yaml"
    if make == "fifo":
        os.mkfifo(path)
        reason = f"cannot read {path}: it is a named pipe (FIFO), not a regular file"
    elif make == "symlink-loop":
        path.symlink_to(path.name)
        reason = f"cannot read {path}: Too many levels of symbolic links"
    else:
        path.symlink_to("gone.yaml")
        reason = f"no such file or folder: {path}"
    assert fails(runner, "validate", str(path)) == f"bizenv: error: {reason}\n"


def test_validate_a_folder_without_plans(runner, tmp_path):
    assert fails(runner, "validate", str(tmp_path)) == (
        f"bizenv: error: no plan or report files (*.yaml) in the folder {tmp_path}\n")


def test_diff_a_file_that_is_not_a_plan(runner, tmp_path):
    other = tmp_path / "list.yaml"
    other.write_text("- a\n- b\n", encoding="utf-8")
    assert fails(runner, "diff", str(other), str(PLAN_FILE)) == (
        f"bizenv: error: {other} is not a plan file: it holds no mapping of plan fields\n")


def test_textconv_a_missing_file(runner, tmp_path):
    missing = tmp_path / "gone.yaml"
    assert fails(runner, "textconv", str(missing)) == f"bizenv: error: cannot read {missing}: No such file or directory\n"


def test_an_import_whose_draft_has_one_problem_says_one_problem(tmp_path, runner):
    text = tmp_path / "plan.txt"
    text.write_text("平顶山市2023年营商环境方案\n\n一、重点任务\n\n1.做好工作。加快推进。\n\n时间节点：尽快完成\n\n"
                    "责任单位：市税务局\n", encoding="utf-8")
    result = invoke(runner, "import", str(text), "-o", str(tmp_path / "draft"))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == f"invalid: the draft has 1 problem; fix it in {tmp_path / 'draft'}"


def test_export_counts_the_ledger_in_english_with_its_actuals(runner, data_copy, tmp_path):
    import bizenv_cli as bizenv

    bizenv.record(data_copy, "09.i15", as_of="2022-06-30", department="tax", actual="66.5小时")
    result = invoke(runner, "--data", str(data_copy), "export", "-o", str(tmp_path / "p.sqlite"))
    assert result.exit_code == 0, result.output
    assert ", 1 ledger actual to " in result.stderr
    bizenv.record(data_copy, "09.02#1", as_of="2022-06-30", department="tax", status="in-progress")
    result = invoke(runner, "--data", str(data_copy), "export", "-o", str(tmp_path / "q.sqlite"))
    assert ", 1 ledger update, 1 ledger actual to " in result.stderr


def test_a_misspelt_option_names_the_likeliest_option_first(runner):
    # --sotr is --sort misspelt: named last, after --after and --as-of, it read as the least likely.
    # The options are named nearest first, as validate's words and --dept's bodies are.
    assert fails(runner, "due", "--sotr", "plan") == (
        "bizenv: error: no such option: --sotr; did you mean --sort, --as-of or --after? (see 'bizenv due --help')\n")
