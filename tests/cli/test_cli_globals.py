"""The global options (--data, --no-color, --width, --no-cache) are declared once, on the group's
callback: what may follow the command, what the console script skips to find the command, and
what the help says all come from that one declaration."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from bizenv_cli.cli import app, command_modules_for
from bizenv_cli.cli.app import late_globals
from conftest import CLI_ENV, DATA, invoke


def group_options() -> dict[str, bool]:
    """Every option of the built group but --help and --version, and whether it takes a value."""
    group = typer.main.get_command(app)
    return {name: not param.is_flag for param in group.params if param.name != "version"
            for name in param.opts}


def test_the_options_that_may_follow_the_command_are_the_groups_own():
    assert late_globals() == group_options()
    assert set(late_globals()) == {"--data", "--no-color", "--width", "--no-cache"}


def test_the_help_names_each_of_them():
    sentence = app.info.help.split("Every command takes --help.")[1].split("may also follow the command")[0]
    assert sorted(word.strip(" ,") for word in sentence.replace(" and ", ", ").split(",")) == sorted(late_globals())


@pytest.mark.parametrize("name", ["--data", "--width", "--no-color", "--no-cache"])
def test_each_counts_the_same_before_and_after_the_command(runner, name):
    value = {"--data": [str(DATA)], "--width": ["60"]}.get(name, [])
    before = invoke(runner, name, *value, "plans")
    after = invoke(runner, "plans", name, *value)
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout


@pytest.mark.parametrize("name, value", [("--data", str(DATA)), ("--width", "90")])
def test_a_single_valued_one_given_before_and_after_is_refused(runner, name, value):
    result = invoke(runner, name, value, "plans", name, value)
    assert result.exit_code == 2
    assert result.stderr == f"bizenv: error: {name}: given more than once; it takes one value\n"
    result = invoke(runner, "plans", f"{name}={value}", name, value)
    assert result.stderr == f"bizenv: error: {name}: given more than once; it takes one value\n"


def test_data_after_the_command_overrides_the_environments(tmp_path):
    runner = CliRunner(env={**CLI_ENV, "BIZENV_DATA": str(tmp_path / "no-such-folder")})
    result = invoke(runner, "plans", "--data", str(DATA), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 29
    missing = invoke(runner, "plans")
    assert missing.exit_code == 2 and missing.stderr.startswith("bizenv: error: BIZENV_DATA: ")


@pytest.mark.parametrize("args, command", [
    (["--data", "D", "--width", "80", "--no-color", "--no-cache", "gaps"], "gaps_cmd"),
    (["--data=D", "--width=80", "show", "1"], "show_cmd"),
])
def test_the_console_script_skips_every_global_option_to_find_the_command(args, command):
    assert command_modules_for(args) == [command]
