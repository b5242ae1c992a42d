"""The console script imports only the module of the command it runs (issue 14: start-up is most of a
warm query's time), and every other way in still sees every command."""

import json
import subprocess
import sys

import pytest
import typer

from bizenv_cli.cli import COMMAND_MODULES, app, command_modules_for
from conftest import DATA

PROBE = """
import json, sys
from bizenv_cli.cli import main
try:
    main()
    code = 0
except SystemExit as exit:
    code = 0 if exit.code is None else exit.code
sys.stdout.flush()
sys.stderr.write('\\n' + json.dumps([code, sorted(name for name in sys.modules if {chosen})]))
"""
COMMAND_MODULE = "name.startswith('bizenv_cli.cli.') and name.endswith('_cmd')"


def probe(*args: str, chosen: str = COMMAND_MODULE, **kwargs) -> tuple[int, str, str, list[str]]:
    """Run `bizenv ARGS` in a fresh interpreter: its exit code, what it printed (stdout, stderr)
    and the modules it had loaded by its end that `chosen` (an expression of `name`) picks."""
    result = subprocess.run([sys.executable, "-c", PROBE.format(chosen=chosen), *args], capture_output=True,
                            text=True, timeout=120, **kwargs)
    printed, _, last = result.stderr.rpartition("\n")
    code, loaded = json.loads(last)
    return code, result.stdout, printed, loaded


def test_the_table_names_the_module_of_every_command():
    group = typer.main.get_command(app)  # all commands: the table must know each one's module
    for name, command in group.commands.items():
        module = command.callback.__module__ if command.callback else None
        if name == "ledger":  # a group of its own, registered by ledger_cmd
            module = "bizenv_cli.cli.ledger_cmd"
        assert module == f"bizenv_cli.cli.{COMMAND_MODULES[name]}", name
    assert set(group.commands) == set(COMMAND_MODULES)


def test_every_command_module_is_in_the_table():
    # A *_cmd.py left out of COMMAND_MODULES is never imported: its command would not exist, and
    # the test above, which sees only the commands that registered, would not notice.
    from pathlib import Path

    import bizenv_cli.cli

    modules = {path.stem for path in Path(bizenv_cli.cli.__file__).parent.glob("*_cmd.py")}
    assert modules == set(COMMAND_MODULES.values())


@pytest.mark.parametrize("args, wanted", [
    (["due", "--before", "2022-06"], ["due_cmd"]),
    (["--data", "DIR", "--no-color", "gaps"], ["gaps_cmd"]),
    (["--width=90", "--no-cache", "git-setup"], ["diff_cmd"]),
    (["--help"], list(dict.fromkeys(COMMAND_MODULES.values()))),
    (["-h", "due"], list(dict.fromkeys(COMMAND_MODULES.values()))),   # the group's help lists all commands
    (["dues"], list(dict.fromkeys(COMMAND_MODULES.values()))),        # a typo: the parser suggests from all
    ([], list(dict.fromkeys(COMMAND_MODULES.values()))),
    (["--version"], []),
    (["--no-cache", "--version", "due"], []),
    (["--help", "--version"], list(dict.fromkeys(COMMAND_MODULES.values()))),
])
def test_which_modules_a_run_needs(args, wanted):
    assert list(dict.fromkeys(command_modules_for(args))) == wanted


def test_a_due_query_imports_no_other_command_module():
    code, stdout, _, loaded = probe("--data", str(DATA), "due", "--before", "2022-06", "--format", "json")
    assert (code, loaded) == (0, ["bizenv_cli.cli.due_cmd"])
    assert json.loads(stdout)  # the query ran to its answer


def test_with_the_typer_adjustments_off_every_command_module_is_imported_and_the_answer_is_the_same():
    """The deferral lives in cli/typer_compat.py (it leans on typer's attributes); switched off, the
    commands are registered at once, as a typer that kept them elsewhere would need."""
    import os

    args = ("--data", str(DATA), "due", "--before", "2022-06", "--format", "json")
    quick = probe(*args)
    code, stdout, _, loaded = probe(*args, env={**os.environ, "BIZENV_TYPER_COMPAT": "off"})
    assert code == 0 and stdout == quick[1]
    assert loaded == sorted(f"bizenv_cli.cli.{module}" for module in set(COMMAND_MODULES.values()))


def test_the_version_imports_no_command_module():
    code, stdout, _, loaded = probe("--version")
    assert (code, loaded) == (0, [])
    assert stdout.startswith("bizenv ")


def test_the_help_and_a_mistyped_command_still_see_every_command():
    help_run = subprocess.run([sys.executable, "-c", "from bizenv_cli.cli import main; main()", "--help"],
                              capture_output=True, text=True, timeout=120)
    for name in COMMAND_MODULES:
        assert f"\n  {name} " in help_run.stdout, name
    typo = subprocess.run([sys.executable, "-c", "from bizenv_cli.cli import main; main()", "git-setp"],
                          capture_output=True, text=True, timeout=120)
    assert typo.returncode == 2
    assert "did you mean 'git-setup'" in typo.stderr


# --- the table without colour: rich's cell widths only, the text rich would print ------------------

RICH = "name.startswith('rich.')"
NO_COLOUR = {"NO_COLOR": "1", "COLUMNS": "100", "PATH": "/usr/bin:/bin"}


@pytest.mark.parametrize("args", [["gaps"], ["due", "--before", "2022-06", "--as-of", "2022-05-15", "--no-color"]])
def test_a_table_without_colour_does_not_import_riches_console(tmp_path, args):
    code, stdout, stderr, loaded = probe("--data", str(DATA), *args, chosen=RICH,
                                         env={**NO_COLOUR, "XDG_CACHE_HOME": str(tmp_path)})
    assert code == 0, stderr
    assert stdout.strip(), "the table was printed"
    assert "rich.cells" in loaded
    assert "rich.console" not in loaded and "rich.table" not in loaded


def test_a_usage_error_before_the_table_imports_none_of_rich(tmp_path):
    code, stdout, stderr, loaded = probe("--data", str(DATA), "measures", "--dept", "no-such-body-xyz", chosen=RICH,
                                         env={**NO_COLOUR, "XDG_CACHE_HOME": str(tmp_path)})
    assert (code, stdout) == (2, "")
    assert "no department matches 'no-such-body-xyz'" in stderr
    assert "rich.console" not in loaded and "rich.table" not in loaded


def test_a_due_query_loads_neither_the_source_text_nor_the_problem_formats():
    code, stdout, stderr, loaded = probe(
        "--data", str(DATA), "due", "--before", "2022-06", "--format", "json",
        chosen="name in ('bizenv_cli.files.sourcetext', 'bizenv_cli.outputs.problem_formats', 'bizenv_cli.checks.validate')")
    assert code == 0, stderr
    assert json.loads(stdout)
    assert loaded == []
