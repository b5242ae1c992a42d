"""The README's test command is the one CI runs: .ci/run and the GitHub workflow run
tools/run-tests, which does all the set-up on a fresh machine, so the three cannot drift. And the
files that wire bizenv into CI, pre-commit and git: the workflows, the hook pre-commit offers,
this repository's own hook, and .gitattributes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import git, invoke

REPO = Path(__file__).resolve().parents[2]
COMMAND = "bash tools/run-tests"


def test_the_readme_gives_the_command_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert any(line.strip() == COMMAND for block in blocks for line in block.splitlines())
    assert "exec bash tools/run-tests" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "").strip() for job in workflow["jobs"].values() for step in job["steps"]]
    assert COMMAND in runs


def _fake_machine(tmp_path: Path, pytest_status: int, installed: str = "installed") -> tuple[Path, dict]:
    """A copy of the script beside stand-ins for python, the browser, the fonts and LibreOffice,
    so the script's own logic runs without installing anything. `installed`: python's answer to the
    script's question (`python -`) of which bizenv the environment runs: "none", "installed" (a
    plain install), "this checkout" (its editable install) or another checkout's folder."""
    root = tmp_path / "checkout"
    (root / "tools").mkdir(parents=True)
    shutil.copy(REPO / "tools" / "run-tests", root / "tools" / "run-tests")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    stand_ins = {
        "python": f'[ "$1" = - ] && {{ cat >/dev/null; echo "{installed}"; exit 0; }}; echo "python $*" >> {calls}; '
                  f'[ "$2" = pytest ] && exit {pytest_status}; exit 0',
        "chromium": "exit 0", "soffice": "exit 0", "fc-list": "echo 'Noto Sans CJK SC'",
    }
    for name, body in stand_ins.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "VIRTUAL_ENV": str(tmp_path / "venv"), "HOME": str(tmp_path)}
    return root, env


def test_fonts_found_among_many_are_not_installed_again(tmp_path):
    # `grep -q` stops at the first match, the font list then dies of SIGPIPE, and under pipefail the
    # fonts read as missing: a machine that had them installed them again, or failed without apt.
    root, env = _fake_machine(tmp_path, pytest_status=0)
    # More than a pipe holds after the match, so the old `grep -q` check failed every time.
    (tmp_path / "bin" / "fc-list").write_text("#!/bin/sh\necho 'Noto Sans CJK SC'\nseq 1 50000\n")
    apt = tmp_path / "bin" / "apt-get"
    apt.write_text(f"#!/bin/sh\necho \"apt-get $*\" >> {tmp_path / 'calls'}\nexit 1\n")
    apt.chmod(0o755)
    result = subprocess.run(["bash", "tools/run-tests"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "installing" not in result.stderr, result.stderr
    assert not any(call.startswith("apt-get") for call in (tmp_path / "calls").read_text().splitlines())


def test_no_test_collected_fails(tmp_path):
    root, env = _fake_machine(tmp_path, pytest_status=5)
    result = subprocess.run(["bash", "tools/run-tests"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "collected no tests" in result.stderr


def test_a_passing_run_installs_the_test_extra_then_runs_pytest_on_two_workers(tmp_path):
    root, env = _fake_machine(tmp_path, pytest_status=0)
    result = subprocess.run(["bash", "tools/run-tests", "-k", "due"], cwd=root, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "calls").read_text().splitlines() == [
        "python -m pip install --quiet .[test]", "python -m pytest -n 2 --dist loadgroup -k due"]
    # The time it took, with the CPU it used: together they tell more work from less of the machine.
    assert re.search(r"^run-tests: pytest took \d+\.\d s of wall clock; CPU \d+\.\d s user, \d+\.\d s system$",
                     result.stderr, re.MULTILINE), result.stderr


def test_a_checkouts_editable_install_stays_editable(tmp_path):
    # Replaced by a plain install, the next `python -m pytest` would test the installed copy, not
    # the code being edited (CONTRIBUTING's set-up).
    root, env = _fake_machine(tmp_path, pytest_status=0, installed="this checkout")
    result = subprocess.run(["bash", "tools/run-tests"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "calls").read_text().splitlines() == [
        "python -m pip install --quiet -e .[test]", "python -m pytest -n 2 --dist loadgroup"]


def test_another_checkouts_editable_install_is_left_alone(tmp_path):
    # An active venv that runs another checkout's code: installing this one there would leave that
    # checkout's next pytest testing this copy.
    root, env = _fake_machine(tmp_path, pytest_status=0, installed="/work/other-checkout")
    result = subprocess.run(["bash", "tools/run-tests"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "another checkout (/work/other-checkout)" in result.stderr and "deactivate" in result.stderr
    assert not (tmp_path / "calls").exists()  # nothing installed, no test run


def test_a_venv_without_bizenv_gets_it_installed(tmp_path):
    root, env = _fake_machine(tmp_path, pytest_status=0, installed="none")
    result = subprocess.run(["bash", "tools/run-tests"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "calls").read_text().splitlines()[0] == "python -m pip install --quiet .[test]"


def test_a_failing_run_fails(tmp_path):
    root, env = _fake_machine(tmp_path, pytest_status=1)
    assert subprocess.run(["bash", "tools/run-tests"], cwd=root, env=env, capture_output=True).returncode == 1


def test_a_missing_browser_is_installed_or_named(tmp_path):
    root, env = _fake_machine(tmp_path, pytest_status=0)
    os.remove(tmp_path / "bin" / "chromium")
    env["PATH"] = f"{tmp_path / 'bin'}"  # no apt-get on this PATH
    (tmp_path / "bin" / "bash").symlink_to(shutil.which("bash"))
    (tmp_path / "bin" / "dirname").symlink_to(shutil.which("dirname"))
    (tmp_path / "bin" / "grep").symlink_to(shutil.which("grep"))
    (tmp_path / "bin" / "id").symlink_to(shutil.which("id"))
    result = subprocess.run([shutil.which("bash"), "tools/run-tests"], cwd=root, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert "chromium" in result.stderr and "no apt-get" in result.stderr


def test_the_modules_with_a_costly_fixture_are_scheduled_on_one_worker():
    from conftest import ONE_WORKER_MODULES, one_worker_module, pytest_xdist_make_scheduler

    for module in ONE_WORKER_MODULES:  # a module renamed would silently run on both workers again
        assert (REPO / module).is_file(), module
        assert one_worker_module(f"{module}::test_a[1]") == one_worker_module(f"{module}::test_b") == module
    assert one_worker_module("tests/query/test_names.py::test_a") is None

    class Options:
        def __init__(self, **values):
            self.values = values

        def getvalue(self, name):
            return self.values.get(name)

    from xdist.scheduler import LoadGroupScheduling

    assert isinstance(pytest_xdist_make_scheduler(Options(dist="loadgroup", tx=["popen"] * 2, numprocesses=2), None),
                      LoadGroupScheduling)
    assert pytest_xdist_make_scheduler(Options(dist="load"), None) is None  # xdist's own


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


@pytest.mark.parametrize("head", ["changed", "invalid", "unchanged"])
def test_the_pull_requests_summary_says_what_changed_or_why_nothing_was_compared(tmp_path, head):
    # The workflow's own step, run as GitHub runs it: a head whose data breaks the schema had left
    # the summary empty (diff writes nothing on stdout then), and the step green; a head that
    # changes nothing in meaning left a table's bare header.
    step = next(step for step in workflow_steps() if "bizenv diff" in step.get("run", ""))
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("progress"))
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "bizenv").symlink_to(Path(shutil.which("bizenv", path=str(Path(sys.executable).parent))))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "data", "schemas")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    plan = tmp_path / "data" / "plans" / "09-paying-taxes.yaml"
    text = plan.read_text(encoding="utf-8")
    if head != "unchanged":
        plan.write_text(text.replace("\nslug: paying-taxes\n", "\nslug: 99\n", 1) if head == "invalid"
                        else text.replace("raw: 2022年12月", "raw: 2022年10月", 1), encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("BIZENV_DATA", None)
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = summary.read_text(encoding="utf-8")
    if head == "invalid":
        assert "data/plans/09-paying-taxes.yaml:8:1 slug: 99 is not of type 'string'" in written, written
    elif head == "unchanged":
        assert "no change in meaning" in written and "|" not in written, written
    else:
        assert written.startswith("|") and "09." in written, written


def test_pre_commit_hook_offers_bizenv_validate():
    (hook,) = load(".pre-commit-hooks.yaml")
    assert hook["id"] == "bizenv-validate"
    assert hook["entry"] == "bizenv validate --staged"  # the commit's data (tests/checks/test_validate_staged.py)
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
    assert hook["entry"] == offered["entry"]
    assert (hook["always_run"], hook["pass_filenames"]) == (offered["always_run"], offered["pass_filenames"])


def test_gitattributes_names_the_textconv_driver_for_plan_files():
    lines = [line.strip() for line in (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert "data/plans/*.yaml diff=bizenv" in lines


def test_the_hooks_args_can_point_it_at_another_data_folder(runner, data_copy, tmp_path, monkeypatch):
    # pre-commit runs `entry` followed by `args`: args: [--data, DIR] gives `bizenv validate --data DIR`.
    (hook,) = load(".pre-commit-hooks.yaml")
    git(data_copy.parent, "init", "-q")
    git(data_copy.parent, "add", "-A")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no data/ here: only --data can find the folder
    command = hook["entry"].split()[1:] + ["--data", str(data_copy)]
    result = invoke(runner, *command)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("ok: ") and str(data_copy.name) in result.stderr
    plan = data_copy / "plans" / "05-getting-water.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nslug: getting-water\n", "\nslug: Getting Water\n", 1),
                    encoding="utf-8")
    git(data_copy.parent, "add", "-A")
    assert invoke(runner, *command).exit_code == 1
