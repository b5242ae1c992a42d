"""How wide a table is drawn (docs/queries.md#output): for the width asked (--width N, else a
$COLUMNS that is a positive whole number, else the terminal's, else 80), its text folding to fit;
a table that cannot fold to fit it is laid out for 80 columns, never squeezed to a strip that runs
past the edge all the same. Every command that draws a table does so."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from conftest import CLI_ENV, DATA, cli_commands, invoke

# One table of each command that draws one ({plan}: a plan file whose copy differs, for `diff`).
TABLES = {
    "due": ["due", "--before", "2022-06", "--as-of", "2022-05-01"],
    "measures": ["measures", "--plan", "4"],
    "gaps": ["gaps", "--plan", "9"],
    "plans": ["plans"],
    "departments": ["departments", "--as-of", "2022-07-01"],
    "search": ["search", "台账"],
    "progress": ["progress", "--as-of", "2022-10-15"],
    "show": ["show", "09.02"],
    "diff": ["diff", "{old}", "{new}"],
}


def test_the_tables_are_every_command_that_draws_one():
    drawing = {name for name, command in cli_commands().items()
               if {"--lang", "--format"} <= {option for parameter in command.params for option in parameter.opts}}
    assert set(TABLES) == drawing


@pytest.fixture(scope="module")
def plan_versions(tmp_path_factory):
    """Plan 5 as shipped, and a copy whose 05.01 has a long sentence more: a finding too wide for
    a narrow terminal."""
    folder = tmp_path_factory.mktemp("versions")
    old = DATA / "plans" / "05-getting-water.yaml"
    new = folder / old.name
    text = old.read_text(encoding="utf-8")
    first = text.index("- id: '05.01'")
    new.write_text(text[:first] + text[first:].replace("  text: ", "  text: 另起一段很长的新增内容，", 1),
                   encoding="utf-8")
    return str(old), str(new)


def table(plan_versions, args, **env):
    """The table a command prints with the environment's COLUMNS set as given (None: unset)."""
    from typer.testing import CliRunner

    old, new = plan_versions
    result = invoke(CliRunner(env={**CLI_ENV, **env}), "--data", str(DATA),
                    *(part.format(old=old, new=new) for part in args))
    assert result.exit_code in (0, 1), result.output  # diff: 1, it found a change
    assert "\u2500" * 10 in result.stdout, result.stdout
    return result.stdout


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines()[1:])  # the title is one line, however long


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_fits_the_width_asked_or_is_laid_out_for_80(plan_versions, name):
    args = TABLES[name]
    at_80 = table(plan_versions, [*args, "--width", "80"])
    assert widest(at_80) <= 80, name
    for width in ("40", "60"):
        narrow = table(plan_versions, [*args, "--width", width])
        assert widest(narrow) <= int(width) or narrow == at_80, (name, width, widest(narrow))
        if name != "diff":  # in a pipe diff folds nothing unless --width says (docs/review.md)
            assert table(plan_versions, args, COLUMNS=width) == narrow, (name, width)


def test_due_in_40_columns_is_the_table_of_80_not_a_squeezed_strip(plan_versions):
    # 时间节点, 措施, 状态 and 剩余天数 alone take 43 columns: the table cannot fit 40. Squeezed, it
    # was 62 columns wide with 04.01's bodies folded over 9 lines of 4 characters.
    args = ["due", "--before", "2022-06"]
    narrow = table(plan_versions, args, COLUMNS="40")
    assert narrow == table(plan_versions, args, COLUMNS="80")
    rule = narrow.splitlines()[2]
    assert set(rule) == {"\u2500"} and len(rule) == 80


@pytest.mark.parametrize("junk", ["0", "-1", "abc", "", " "])
def test_a_columns_that_is_no_positive_number_counts_as_unset(plan_versions, junk):
    # As Python's shutil and rich read it: 0 was taken as 40, a width no table of due fits.
    args = ["due", "--before", "2022-06"]
    assert table(plan_versions, args, COLUMNS=junk) == table(plan_versions, args, COLUMNS=None)


# An empty --width ("$W" with W unset) is a mistake said as one, not the default width taken silently.
@pytest.mark.parametrize("width", ["0", "-3", "abc", "1.5", "", "  "])
def test_width_takes_a_positive_number(runner, width):
    result = invoke(runner, "--width", width, "plans")
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: --width: '{width}' is not a positive number of columns (e.g. --width 120)\n"


# 30 columns was refused (at least 40) while COLUMNS=30 was taken as 40: one rule for both now, and
# one column is a width like any other.
@pytest.mark.parametrize("width", ["30", "1"])
def test_width_narrower_than_any_table_is_no_mistake(runner, width):
    narrow = invoke(runner, "--data", str(DATA), "--width", width, "plans")
    assert (narrow.exit_code, narrow.stderr) == (0, "")
    assert narrow.stdout == invoke(runner, "--data", str(DATA), "--width", "80", "plans").stdout


def test_the_outputs_terminal_is_asked_first_and_one_that_says_0_columns_is_passed_over(monkeypatch):
    import os
    import sys

    from bizenv_cli.cli.options import table_width

    class Terminal:
        def __init__(self, fileno):
            self._fileno = fileno

        def isatty(self):
            return True

        def fileno(self):
            return self._fileno

    sizes = {1: 120, 2: 100, 0: 90}
    monkeypatch.delenv("COLUMNS", raising=False)
    for name, fileno in (("stdout", 1), ("stderr", 2), ("stdin", 0)):
        monkeypatch.setattr(sys, name, Terminal(fileno))
    monkeypatch.setattr(os, "get_terminal_size", lambda fileno: os.terminal_size((sizes[fileno], 40)))
    assert table_width() == 120  # the terminal the table is printed on
    sizes[1] = 0  # a pseudo-terminal that says 0 columns
    assert table_width() == 100
