"""The console script imports only the module of the command it runs (issue 14: start-up is most of a
warm query's time), and every other way in still sees every command."""

import subprocess
import sys

import pytest
import typer

from bizenv_cli.cli import COMMAND_MODULES, app, command_modules_for
from conftest import DATA

PROBE = """
import sys
from bizenv_cli.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(repr(sorted(name for name in sys.modules if name.startswith('bizenv_cli.cli.') and name.endswith('_cmd'))))
"""


def command_modules_loaded(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    return eval(result.stderr.strip().splitlines()[-1])


def test_the_table_names_the_module_of_every_command():
    group = typer.main.get_command(app)  # all commands: the table must know each one's module
    for name, command in group.commands.items():
        module = command.callback.__module__ if command.callback else None
        if name == "ledger":  # a group of its own, registered by ledger_cmd
            module = "bizenv_cli.cli.ledger_cmd"
        assert module == f"bizenv_cli.cli.{COMMAND_MODULES[name]}", name
    assert set(group.commands) == set(COMMAND_MODULES)


@pytest.mark.parametrize("args, wanted", [
    (["due", "--before", "2022-06"], ["due_cmd"]),
    (["--data", "DIR", "--no-color", "gaps"], ["gaps_cmd"]),
    (["--width=90", "--no-cache", "git-setup"], ["diff_cmd"]),
    (["--help"], list(dict.fromkeys(COMMAND_MODULES.values()))),
    (["-h", "due"], list(dict.fromkeys(COMMAND_MODULES.values()))),   # the group's help lists all commands
    (["dues"], list(dict.fromkeys(COMMAND_MODULES.values()))),        # a typo: the parser suggests from all
    ([], list(dict.fromkeys(COMMAND_MODULES.values()))),
])
def test_which_modules_a_run_needs(args, wanted):
    assert list(dict.fromkeys(command_modules_for(args))) == wanted


def test_a_due_query_imports_no_other_command_module():
    assert command_modules_loaded("--data", str(DATA), "due", "--before", "2022-06", "--format", "json") \
        == ["bizenv_cli.cli.due_cmd"]


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

@pytest.mark.parametrize("args", [["gaps"], ["due", "--before", "2022-06", "--as-of", "2022-05-15", "--no-color"],
                                  ["measures", "--dept", "no-such-body-xyz"]])
def test_a_table_without_colour_does_not_import_riches_console(tmp_path, args):
    probe = PROBE.replace("name.startswith('bizenv_cli.cli.') and name.endswith('_cmd')",
                          "name.startswith('rich.')")
    result = subprocess.run([sys.executable, "-c", probe, "--data", str(DATA), *args], capture_output=True,
                            text=True, timeout=120, env={"NO_COLOR": "1", "COLUMNS": "100", "PATH": "/usr/bin:/bin",
                                                         "XDG_CACHE_HOME": str(tmp_path)})
    loaded = eval(result.stderr.strip().splitlines()[-1])
    assert "rich.cells" in loaded or "no-such-body-xyz" in args
    assert "rich.console" not in loaded and "rich.table" not in loaded


def test_a_due_query_loads_neither_the_source_text_nor_the_problem_formats():
    probe = PROBE.replace("name.startswith('bizenv_cli.cli.') and name.endswith('_cmd')",
                          "name in ('bizenv_cli.files.sourcetext', 'bizenv_cli.checks.problem_formats', 'bizenv_cli.checks.validate')")
    result = subprocess.run([sys.executable, "-c", probe, "--data", str(DATA), "due", "--before", "2022-06",
                             "--format", "json"], capture_output=True, text=True, timeout=120)
    assert eval(result.stderr.strip().splitlines()[-1]) == []
