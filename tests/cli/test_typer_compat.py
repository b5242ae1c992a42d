"""typer's and click's private names are used in cli/typer_compat.py alone, and what it adjusts
changes no word a user sees: every command below answers the same with it switched off
(BIZENV_TYPER_COMPAT=off, as after a typer upgrade that moved those names)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import CLI_ENV, DATA, REPO, invoke

SRC = REPO / "src" / "bizenv_cli"

# Words a user may type that the option parser itself judges (types, choices, flags from the
# environment, repeats), beside a few that succeed; each answer is compared whole.
RUNS = [
    ["due", "--limit", "x"],                       # issue 19: pydantic's words without the adjustment
    ["due", "--limit", " 2", "--before", "2022-06"],
    ["due", "--limit", "0"],
    ["due", "--format", "xml"],
    ["due", "--format", "JSON", "--limit", "1", "--before", "2022-06"],
    ["due", "--status", "bogus"],
    ["due", "--status", "Overdue", "--status", "DUE", "--as-of", "2022-06-01", "--by", "2022-06", "--limit", "2"],
    ["due", "--before", "2022-06", "--before", "2022-07"],
    ["due", "-fjson", "-f", "csv"],
    ["due", "--bogus"],
    ["due", "--before"],
    ["measures", "--plan", "9", "--limit", "1", "-f", "csv"],
    ["gaps", "--limit", "1.5"],
    ["progress", "--group-by", "x"],
    ["progress", "--group-by", "DEPT", "--as-of", "2022-06-30"],
    ["validate", "--format", "JSON", str(DATA / "departments.yaml")],
    ["validate", "--format", "yaml"],
    ["plans", "-f"],
    ["plans", "--format=tsv"],
    ["--width", "x", "plans"],
    ["--width", "80", "plans", "--width", "90"],
    ["--no-color", "--no-color", "plans", "-f", "json"],
    ["--data", "/nonexistent/bizenv", "plans"],
    ["plans", "--data", str(DATA), "--no-cache", "-f", "json"],
    ["show", "09.10", "--format", "md"],
    ["textconv"],
    ["dues"],
    [],
    ["due", "--help"],
]

ENVIRONMENTS = [{}, {"BIZENV_NO_CACHE": "maybe"}, {"BIZENV_NO_CACHE": "yes"}, {"BIZENV_NO_CACHE": "0"}]


def answer(args: list[str], env: dict[str, str], compat: str) -> tuple[int, str, str]:
    runner = CliRunner(env={**CLI_ENV, "BIZENV_TYPER_COMPAT": compat, **env})
    result = invoke(runner, *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", RUNS, ids=lambda args: " ".join(args) or "(none)")
def test_the_answers_are_the_same_with_the_adjustments_off(args):
    assert answer(args, {}, "off") == answer(args, {}, "on")


@pytest.mark.parametrize("env", ENVIRONMENTS[1:], ids=lambda env: f"{env}")
def test_a_flag_from_the_environment_is_read_the_same_with_the_adjustments_off(env):
    assert answer(["plans", "-f", "json"], env, "off") == answer(["plans", "-f", "json"], env, "on")


def test_the_messages_are_ours_not_the_converters():
    # What the comparison above holds equal: our words, in both ways of converting values.
    for compat in ("on", "off"):
        assert answer(["due", "--limit", "x"], {}, compat)[2] == "bizenv: error: --limit: 'x' is not a whole number\n"
        assert answer(["plans", "-f", "json"], {"BIZENV_NO_CACHE": "maybe"}, compat)[2] \
            == "bizenv: error: --no-cache: 'maybe' is not a valid boolean\n"
        assert answer(["progress", "--group-by", "x"], {}, compat)[2] \
            == "bizenv: error: --group-by: 'x' is not one of plan or dept\n"


QUICK_PROBE = """
import sys
from bizenv_cli.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(repr("pydantic" in sys.modules))
"""


@pytest.mark.parametrize("compat, loads_pydantic", [("on", False), ("off", True)])
def test_the_adjustment_is_what_keeps_pydantic_out_of_a_query(tmp_path, compat, loads_pydantic):
    # The reason it exists: with it, a query never builds typer's pydantic adapters.
    result = subprocess.run(
        [sys.executable, "-c", QUICK_PROBE, "--data", str(DATA), "due", "--before", "2022-06", "--status", "overdue",
         "--dept", "tax", "--limit", "3", "-f", "json", "-o", str(tmp_path / "due.json")],
        capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "BIZENV_TYPER_COMPAT": compat})
    assert result.stderr.strip().splitlines()[-1] == repr(loads_pydantic), result.stderr


PRIVATE = re.compile(r"\b(?:typer|click)\._\w+|\b_click\b|_TyperParameter|_runtime_param|\b_OptionParser\b")


def test_private_names_of_typer_and_click_are_used_in_one_module():
    users = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                   if PRIVATE.search(path.read_text(encoding="utf-8")))
    assert users == ["cli/typer_compat.py"]


# --- a repeated option, found without click's private parser ------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["due", "--before", "2022-06", "--before", "2022-07"], "--before: given more than once"),
    (["due", "--format=json", "-fcsv"], "--format: given more than once"),
    (["due", "-f", "json", "--grep", "x", "--format", "csv"], "--format: given more than once"),
    (["due", "--sort", "date", "--limit", "2", "--sort", "plan"], "--sort: given more than once"),
])
def test_a_single_valued_option_given_twice_is_refused(runner, args, message):
    result = invoke(runner, "--data", str(DATA), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bizenv: error: {message}; it takes one value")


@pytest.mark.parametrize("args", [
    ["due", "--grep", "--before", "--before", "2022-06", "--limit", "1"],   # the first --before is --grep's text
    ["due", "--dept", "tax", "--dept", "finance", "--before", "2022-06", "--limit", "1"],  # repeatable
    ["due", "--include-ongoing", "--include-ongoing", "--before", "2022-06", "--limit", "1"],  # a flag
    ["search", "--", "--limit"],                                           # after --, words are arguments
])
def test_what_is_not_a_repeat_is_not_refused(runner, args):
    result = invoke(runner, "--data", str(DATA), *args)
    assert "given more than once" not in result.stderr
    assert result.exit_code in (0, 1), result.stderr


def test_an_unknown_option_is_named_before_a_repeat(runner):
    result = invoke(runner, "--data", str(DATA), "due", "--before", "2022-06", "--before", "2022-07", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.startswith("bizenv: error: no such option: --bogus")
