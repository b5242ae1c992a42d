"""The README's test command is the one CI runs: .ci/run and the GitHub workflow run
tools/run-tests, which does all the set-up on a fresh machine, so the three cannot drift."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

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
