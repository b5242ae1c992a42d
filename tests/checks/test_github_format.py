"""CI: GitHub Actions annotations from `bizenv validate`, and the workflow, pre-commit and git files (issue 6)."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO, invoke
from bizenv_cli.cli import app
from bizenv_cli.checks.problem_formats import PROBLEM_WRITERS, ProblemFormat
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


# --- the files that wire bizenv into CI, pre-commit and git ---------------------------------

def load(relative: str):
    return yaml.safe_load((REPO / relative).read_text(encoding="utf-8"))


WORKFLOW = ".github/workflows/validate.yml"


def workflow_steps() -> list[dict]:
    return [step for job in load(WORKFLOW)["jobs"].values() for step in job["steps"]]


def test_workflow_runs_the_readme_test_command_then_validates_on_main_and_pull_requests():
    workflow = load(WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the bare key `on` as true
    # A pull request from a branch of this repository runs once, for the pull request.
    assert triggers == {"push": {"branches": ["main"]}, "pull_request": None}
    steps = workflow_steps()
    runs = [step.get("run", "").strip() for step in steps]
    tests = runs.index("bash tools/run-tests")
    validate = runs.index(".venv/bin/bizenv validate")
    assert tests < validate
    assert any(step.get("uses", "").startswith("actions/checkout@") for step in steps[:tests])


WORKFLOWS = sorted(str(path.relative_to(REPO)) for path in (REPO / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_workflow_pins_every_action_to_a_commit_with_its_version_in_a_comment(workflow):
    uses = re.findall(r"^\s*-?\s*uses:\s*(\S+)(.*)$", (REPO / workflow).read_text(encoding="utf-8"), re.MULTILINE)
    assert len(uses) >= 2
    for action, comment in uses:
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is not pinned to a commit"
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{action}: say the release in a comment"


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_workflow_keeps_no_credentials_and_is_bounded(workflow):
    document = load(workflow)
    steps = [step for job in document["jobs"].values() for step in job["steps"]]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert document["permissions"] == {"contents": "read"}
    assert "${{ github.ref }}" in document["concurrency"]["group"]
    assert all(isinstance(job.get("timeout-minutes"), int) for job in document["jobs"].values())
    # Untrusted names (the base branch) reach the shell through env, never spliced into the script.
    assert all("${{" not in step.get("run", "") for step in steps)


def test_a_nightly_run_fuzzes_the_cli_from_a_new_seed_each_night():
    workflow = load(".github/workflows/fuzz.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    run = next(step for job in workflow["jobs"].values() for step in job["steps"] if "fuzz_data.py" in step.get("run", ""))
    assert re.search(r"--minutes \d+ --seed \"\$SEED\"", run["run"]) and "run_id" in run["env"]["SEED"]
    assert (REPO / "tools" / "fuzz_data.py").is_file()


def test_the_semantic_diff_and_the_tests_run_even_when_validation_fails():
    steps = workflow_steps()
    after_validate = steps[[step.get("run") for step in steps].index(".venv/bin/bizenv validate") + 1:]
    assert after_validate
    for step in after_validate:
        condition = str(step.get("if", ""))
        assert "!cancelled()" in condition or "always()" in condition, step.get("name")
    summary = next(step for step in after_validate if "bizenv diff" in step.get("run", ""))
    assert "GITHUB_STEP_SUMMARY" in summary["run"] and "pull_request" in summary["if"]


def test_a_warning_is_a_warning_annotation_with_a_title():
    problem = Problem("data/plans/02-starting-a-business.yaml", 3, 1, "title", "looks odd", "audit", "warning")
    assert PROBLEM_WRITERS[ProblemFormat.github]([problem]) == (
        "::warning file=data/plans/02-starting-a-business.yaml,line=3,col=1,title=bizenv audit::title: looks odd\n"
    )


def test_pre_commit_hook_offers_bizenv_validate():
    (hook,) = load(".pre-commit-hooks.yaml")
    assert hook["id"] == "bizenv-validate"
    assert hook["entry"] == "bizenv validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    # pre-commit passes no deleted file to a hook: only always_run runs it on a commit that
    # only deletes a plan (tests/diff/test_pre_commit.py runs that commit).
    assert hook["always_run"] is True
    assert "files" not in hook


def test_this_repository_runs_the_hook_before_each_commit():
    config = load(".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    offered = load(".pre-commit-hooks.yaml")[0]
    hook = hooks["bizenv-validate"]
    assert hook["entry"] == "bizenv validate"
    assert (hook["always_run"], hook["pass_filenames"]) == (offered["always_run"], offered["pass_filenames"])


def test_gitattributes_names_the_textconv_driver_for_plan_files():
    lines = [line.strip() for line in (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert "data/plans/*.yaml diff=bizenv" in lines


def test_the_hooks_args_can_point_it_at_another_data_folder(runner, data_copy, tmp_path, monkeypatch):
    # pre-commit runs `entry` followed by `args`: args: [--data, DIR] gives `bizenv validate --data DIR`.
    (hook,) = load(".pre-commit-hooks.yaml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no data/ here: only --data can find the folder
    command = hook["entry"].split()[1:] + ["--data", str(data_copy)]
    result = invoke(runner, *command)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("ok: ") and str(data_copy.name) in result.stderr
    plan = data_copy / "plans" / WATER
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nslug: getting-water\n", "\nslug: Getting Water\n", 1),
                    encoding="utf-8")
    assert invoke(runner, *command).exit_code == 1
