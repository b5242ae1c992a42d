"""CI: GitHub Actions annotations from `bizenv validate` (issue 6). The workflow, pre-commit and git
files that run it: tests/architecture/test_ci.py."""

from __future__ import annotations

import pytest

from conftest import invoke
from bizenv_cli.cli import app
from bizenv_cli.outputs.problem_formats import PROBLEM_WRITERS, ProblemFormat
from bizenv_cli.files.problems import Problem

WATER = "05-getting-water.yaml"


def test_two_problems_become_two_error_annotations():
    problems = [
        Problem("data/plans/04-getting-electricity.yaml", 212, 7, "measures[6].deadline.raw",
                "'2022年13月' names no month", "semantics"),
        Problem("data/plans/04-getting-electricity.yaml", 230, 5, "", "the file is empty", "yaml"),
    ]
    assert PROBLEM_WRITERS[ProblemFormat.github](problems) == (
        "::error file=data/plans/04-getting-electricity.yaml,line=212,col=7,title=bizenv semantics::"
        "measures[6].deadline.raw: '2022年13月' names no month\n"
        "::error file=data/plans/04-getting-electricity.yaml,line=230,col=5,title=bizenv yaml::the file is empty\n"
    )


def test_annotation_escapes_what_the_workflow_command_syntax_reserves():
    # GitHub ends a message at a newline and reads %XX as an escape; a file property also ends at , or :.
    problem = Problem("data/odd,name:x.yaml", 1, 2, "", "100% wrong\nsecond line")
    assert PROBLEM_WRITERS[ProblemFormat.github]([problem]) == (
        "::error file=data/odd%2Cname%3Ax.yaml,line=1,col=2,title=bizenv data::100%25 wrong%0Asecond line\n"
    )


def _line_of(text: str, fragment: str) -> int:
    return text.count("\n", 0, text.index(fragment)) + 1


@pytest.mark.parametrize("how", ["option", "environment"])
def test_validate_writes_annotations_for_a_plan_with_two_errors(runner, data_copy, monkeypatch, how):
    plan = data_copy / "plans" / WATER
    text = plan.read_text(encoding="utf-8")
    slug_line = _line_of(text, "\nslug: getting-water\n") + 1
    seq_line = _line_of(text, "- id: '05.01'\n  seq: 1\n") + 1
    text = text.replace("\nslug: getting-water\n", "\nslug: Getting Water\n", 1)
    text = text.replace("- id: '05.01'\n  seq: 1\n", "- id: '05.01'\n  seq: 0\n", 1)
    plan.write_text(text, encoding="utf-8")
    monkeypatch.chdir(data_copy.parent)
    args = ["--data", "data", "validate", f"data/plans/{WATER}"]
    if how == "option":
        result = invoke(runner, *args, "--format", "github")
    else:
        # Under Actions the annotations are the default; the runner's env pins GITHUB_ACTIONS empty.
        result = runner.invoke(app, args, env={"GITHUB_ACTIONS": "true"}, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file=data/plans/{WATER},line={slug_line},col=1,title=bizenv schema::slug: 'Getting Water' does not match "
        "'^[a-z0-9]+(-[a-z0-9]+)*$'",
        f"::error file=data/plans/{WATER},line={seq_line},col=3,title=bizenv schema::measures[0].seq: 0 is less than the minimum of 1",
    ]


def test_a_warning_is_a_warning_annotation_with_a_title():
    problem = Problem("data/plans/02-starting-a-business.yaml", 3, 1, "title", "looks odd", "audit", "warning")
    assert PROBLEM_WRITERS[ProblemFormat.github]([problem]) == (
        "::warning file=data/plans/02-starting-a-business.yaml,line=3,col=1,title=bizenv audit::title: looks odd\n"
    )
