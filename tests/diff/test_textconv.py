"""`bizenv textconv`: plan files as one fact per line, so `git diff` shows changes readably (issue 6)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, git, invoke
from bizenv_cli.diff.textconv import textconv_bytes

EXAMPLES = Path(__file__).parents[1] / "examples" / "diff"
BASE = EXAMPLES / "02-starting-a-business.yaml"
REFORMATTED = EXAMPLES / "02-starting-a-business.reformatted.yaml"
PLAN = Path("data") / "plans" / BASE.name


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with this project's .gitattributes and the textconv driver configured as the README says,
    except that the command is this interpreter's `-m bizenv_cli` (no console script needed on PATH)."""
    assert shutil.which("git"), "git is not installed: `apt-get install git`"
    root = tmp_path / "repo"
    (root / PLAN).parent.mkdir(parents=True)
    shutil.copy(REPO / ".gitattributes", root / ".gitattributes")
    shutil.copy(BASE, root / PLAN)
    git(root, "init", "-q")
    git(root, "config", "diff.bizenv.textconv", f"{shlex.quote(sys.executable)} -m bizenv_cli textconv")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines()
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]


def test_changed_lines_are_the_added_and_removed_lines_only():
    # `""[:1] in "+-"` is True: every empty line (git show's blank lines around the message) counted as changed.
    shown = ("commit 0123\n\n    move a deadline\n\ndiff --git a/p.yaml b/p.yaml\n--- a/p.yaml\n+++ b/p.yaml\n"
             "@@ -1,3 +1,3 @@\n 02.01 title: x\n-02.03 deadline: 2022-06-30\n+02.03 deadline: 2022-12-31\n\n")
    assert changed_lines(shown) == ["-02.03 deadline: 2022-06-30", "+02.03 deadline: 2022-12-31"]


def test_git_diff_shows_a_moved_deadline_as_one_line(repo):
    plan = repo / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('milestones: [{date: "2022-06-30"', 'milestones: [{date: "2022-12-31"')
                    .replace("raw: 2022年6月", "raw: 2022年12月"), encoding="utf-8")
    assert changed_lines(git(repo, "--no-pager", "diff", "--no-color")) == [
        "-02.03 deadline: 2022-06-30",
        "-02.03 deadline.raw: 2022年6月",
        "+02.03 deadline: 2022-12-31",
        "+02.03 deadline.raw: 2022年12月",
    ]


def test_git_diff_shows_a_changed_role_on_the_bodys_line(repo):
    plan = repo / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("{name: 市公安局, id: public-security, role: support}",
                                 "{name: 市公安局, id: public-security, role: lead}"), encoding="utf-8")
    assert changed_lines(git(repo, "--no-pager", "diff", "--no-color")) == [
        "-02.02 responsible: public-security (support)",
        "+02.02 responsible: public-security (lead)",
    ]


def test_reformatting_changes_no_fact_line(repo):
    # Key order, quoting and flow/block styles leave the facts alone; only the one paragraph that
    # the reformatted file folds with a space shows (textconv shows values as written).
    shutil.copy(REFORMATTED, repo / PLAN)
    lines = changed_lines(git(repo, "--no-pager", "diff", "--no-color"))
    assert [line[:20] for line in lines] == ["-02.s1 paragraph 233", "+02.s1 paragraph 233"]


def test_the_attribute_names_the_driver_for_the_data_files_only(repo):
    assert git(repo, "check-attr", "diff", "--", str(PLAN)).strip() == f"{PLAN.as_posix()}: diff: bizenv"
    assert git(repo, "check-attr", "diff", "--", "data/departments.yaml").strip() == \
        "data/departments.yaml: diff: bizenv"
    assert git(repo, "check-attr", "diff", "--", "src/bizenv_cli/diff/textconv.py").strip() == \
        "src/bizenv_cli/diff/textconv.py: diff: unspecified"


def committed_registry(repo: Path) -> tuple[Path, dict]:
    """The shipped registry committed in `repo`: its path, and its document to edit."""
    import yaml

    registry = repo / "data" / "departments.yaml"
    shutil.copy(REPO / "data" / "departments.yaml", registry)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "registry")
    return registry, yaml.safe_load(registry.read_text(encoding="utf-8"))


def test_a_reformatted_registry_changes_no_fact_line_and_a_new_alias_is_one(repo):
    import yaml

    registry, document = committed_registry(repo)
    registry.write_text(yaml.safe_dump(document, allow_unicode=True, default_flow_style=True, width=60),
                        encoding="utf-8")  # every line of the YAML changes
    assert changed_lines(git(repo, "--no-pager", "diff", "--no-color")) == []
    document["departments"][0]["aliases"].append("大数据局")
    registry.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    lines = changed_lines(git(repo, "--no-pager", "diff", "--no-color"))
    first = document["departments"][0]["id"]
    assert [line.split(":")[0] for line in lines] == [f"-{first} aliases", f"+{first} aliases"]


def test_a_registry_reordered_changes_no_fact_line(repo):
    # bizenv diff matches bodies by id and compares aliases and covers as sets: order in the registry
    # means nothing, so git diff must show nothing for bodies moved or aliases swapped either.
    import yaml

    registry, document = committed_registry(repo)
    bodies = document["departments"]
    bodies.insert(0, bodies.pop(3))
    bodies.reverse()
    for body in bodies:
        body["aliases"].reverse()
        body["covers"] = list(reversed(body.get("covers") or []))
    assert any(len(body["aliases"]) > 1 for body in bodies) and any(len(body["covers"]) > 1 for body in bodies)
    registry.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert git(repo, "--no-pager", "diff", "--no-textconv", "--stat").strip()  # the YAML did change
    assert changed_lines(git(repo, "--no-pager", "diff", "--no-color")) == []


def test_a_report_whose_entries_are_reordered_changes_no_fact_line():
    head = 'format: bizenv/progress/1\nreported_by: tax\nas_of: "2022-06-30"\n'
    one = ("- {measure: '09.02', milestone: 2, status: done, done_on: '2022-06-20', evidence: 已开通}\n",
           "- {measure: '09.02', milestone: 10, status: in-progress}\n",
           "- {measure: '09.01', status: in-progress}\n")
    actuals = ("- {indicator: 09.i15, raw: 66.5小时, value: 66.5}\n", "- {indicator: 09.i10, raw: 3天, value: 3}\n")
    first = head + "updates:\n" + "".join(one) + "actuals:\n" + "".join(actuals)
    second = head + "actuals:\n" + "".join(reversed(actuals)) + "updates:\n" + one[1] + one[2] + one[0]
    lines = textconv_bytes(first.encode("utf-8"), "report.yaml").splitlines()
    assert lines == textconv_bytes(second.encode("utf-8"), "report.yaml").splitlines()
    assert [line.split(" ")[0] for line in lines] == ["report", "09.01", "09.02#2", "09.02#2", "09.02#10",
                                                      "09.i10", "09.i15"]


def test_an_invalid_version_still_diffs_as_facts(repo):
    # A quoted id unquoted is refused by the strict loader; the diff names that and the one fact.
    text = (repo / PLAN).read_text(encoding="utf-8")
    assert "\ntitle: " in text
    (repo / PLAN).write_text(text.replace("\nyear: 2022\n", "\nyear: 2022\nyear: 2023\n", 1), encoding="utf-8")
    lines = changed_lines(git(repo, "--no-pager", "diff", "--no-color"))
    assert lines[0].startswith("+# not valid data, read as PyYAML reads it: ")
    assert len(lines) <= 3, lines


def test_control_characters_are_shown_as_escapes_never_sent_to_the_terminal():
    raw = ('format: bizenv/progress/1\nreported_by: tax\nas_of: "2022-06-30"\nupdates:\n'
           '- measure: "09.02"\n  status: done\n  evidence: "\\e]0;title\\a\\x9b2J \\uFFFE"\n').encode("utf-8")
    text = textconv_bytes(raw, "report.yaml")
    assert "09.02 evidence: \\u001b]0;title\\u0007\\u009b2J \\ufffe" in text
    assert not any(ord(character) < 0x20 and character not in "\n\t" for character in text)


def test_facts_keep_ids_in_front_one_fact_a_line():
    lines = textconv_bytes(BASE.read_bytes(), BASE.name).splitlines()
    for expected in (
        "02.03 deadline: 2022-06-30",
        "02.03 deadline.raw: 2022年6月",
        "02.02 responsible: market-regulation (lead)",
        "02.02 responsible: gov-services-bigdata (support)",
        "02.03 text: 压缩企业开办时间。对标国内一流水平，实现企业开办全程0.5个工作日办结。",
        "02.03 text: 强化政务信息公开，企业可通过平台实时查看各事项办理进度。",
        "02.i1 baseline: 1天 (1)",
        "02.i1 target 2022-12: 0.5天 (0.5)",
        "02.i1 frontier: 1 (1)",
        "02.i2 target 2022-12: 超过90% (90)",
        "02.s1 paragraph 233: 为贯彻落实市委、市政府工作部署，提升全市企业开办便利化水平，进一步激发市场主体发展活力和社会创造力，特制定以下方案。",
        "02.t1 columns: 指标 | 现状 | 目标 | 国内前沿水平 | 完成时限",
    ):
        assert expected in lines
    assert all(line.split(" ", 1)[0].startswith("02") for line in lines)


def test_staged_and_ongoing_deadlines_give_a_line_each():
    text = BASE.read_text(encoding="utf-8").replace(
        'raw: 2022年6月\n    line: 265\n    milestones: [{date: "2022-06-30", label: null}]\n    ongoing: false',
        'raw: 2022年3月市级完成对接，2022年12月县级完成对接，持续推进\n    line: 265\n'
        '    milestones: [{date: "2022-03-31", label: 2022年3月市级完成对接}, {date: "2022-12-31", label: 2022年12月县级完成对接}]\n'
        '    ongoing: true')
    lines = [line for line in textconv_bytes(text.encode("utf-8"), "x.yaml").splitlines()
             if line.startswith("02.03 deadline")]
    assert lines == [
        "02.03 deadline: 2022-03-31 2022年3月市级完成对接",
        "02.03 deadline: 2022-12-31 2022年12月县级完成对接",
        "02.03 deadline: ongoing",
        "02.03 deadline.raw: 2022年3月市级完成对接，2022年12月县级完成对接，持续推进",
        "02.03 deadline.line: 265",
    ]


def test_a_version_no_yaml_reader_can_read_comes_through_as_it_is():
    # git calls the driver on half-edited files too; failing would break `git diff` altogether.
    raw = "id: ['02'\ntitle: x\n".encode("utf-8")
    assert textconv_bytes(raw, "broken.yaml") == "id: ['02'\ntitle: x\n"


def test_a_version_only_the_strict_loader_refuses_reads_as_facts_under_a_warning():
    lines = textconv_bytes("id: '02'\nid: '03'\n".encode("utf-8"), "broken.yaml").splitlines()
    assert lines[0].startswith("# not valid data, read as PyYAML reads it: ")
    assert lines[1:] == ["03 id: 03"]


def test_textconv_command_prints_the_facts(runner):
    result = invoke(runner, "textconv", str(BASE))
    assert result.exit_code == 0
    assert result.stdout == textconv_bytes(BASE.read_bytes(), str(BASE))
    assert result.stdout.startswith("02 format: bizenv/plan/1\n")


def test_textconv_of_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, "textconv", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith("bizenv: error: cannot read ")


# --- bizenv git-setup: a driver that works where bizenv is not on PATH (issue 13) ------------------

GIT_ONLY_PATH = os.pathsep.join(sorted({str(Path(shutil.which("git") or "/usr/bin/git").parent), "/usr/bin", "/bin"}))


def bare_repo_with_two_versions(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    (root / PLAN).parent.mkdir(parents=True)
    shutil.copy(REPO / ".gitattributes", root / ".gitattributes")
    shutil.copy(BASE, root / PLAN)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    text = (root / PLAN).read_text(encoding="utf-8")
    (root / PLAN).write_text(text.replace("raw: 2022年6月", "raw: 2022年12月"), encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "moved")
    return root


def git_show_without_bizenv_on_path(repo: Path) -> subprocess.CompletedProcess:
    assert shutil.which("bizenv", path=GIT_ONLY_PATH) is None
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo), "PATH": GIT_ONLY_PATH}
    return subprocess.run(["git", "--no-pager", "show", "--no-color", "HEAD"], cwd=repo, env=env,
                          capture_output=True, check=False)


def test_the_bare_command_fails_git_show_where_bizenv_is_not_on_path(tmp_path):
    if shutil.which("git") is None:
        pytest.fail("git is not installed (.ci/run installs it)")
    repo = bare_repo_with_two_versions(tmp_path)
    git(repo, "config", "diff.bizenv.textconv", "bizenv textconv")
    shown = git_show_without_bizenv_on_path(repo)
    assert shown.returncode == 128
    # The shell git runs the driver with says so: sh's "bizenv: not found", bash's "bizenv: command not found".
    assert re.search(rb"\bbizenv: (command )?not found", shown.stderr), shown.stderr


def test_git_setup_configures_an_absolute_driver_that_needs_no_path(runner, tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.fail("git is not installed (.ci/run installs it)")
    repo = bare_repo_with_two_versions(tmp_path)
    monkeypatch.chdir(repo / "data")  # anywhere inside the clone
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    result = invoke(runner, "git-setup")
    assert result.exit_code == 0, result.output
    command = f"{shlex.quote(sys.executable)} -m bizenv_cli textconv"
    assert result.stdout.splitlines() == [f"diff.bizenv.textconv = {command}"]
    assert git(repo, "config", "--local", "diff.bizenv.textconv").strip() == command
    shown = git_show_without_bizenv_on_path(repo)
    assert shown.returncode == 0, shown.stderr
    assert changed_lines(shown.stdout.decode("utf-8")) == [
        "-02.03 deadline.raw: 2022年6月",
        "+02.03 deadline.raw: 2022年12月",
    ]


def test_git_setup_outside_a_repository_is_a_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = invoke(runner, "git-setup")
    assert result.exit_code == 2
    assert result.stderr.startswith("bizenv: error: the current folder is not inside a git repository")


def test_git_setup_with_cache_sets_cachetextconv(runner, tmp_path, monkeypatch):
    repo = bare_repo_with_two_versions(tmp_path)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert invoke(runner, "git-setup", "--cache").exit_code == 0
    assert git(repo, "config", "--local", "diff.bizenv.cachetextconv").strip() == "true"


def test_a_report_whose_updates_are_no_list_is_shown_not_a_traceback():
    # `updates:` written as one mapping (the "- " forgotten) is valid YAML that validate refuses;
    # the driver had ended in AttributeError, failing git diff, git show and git log -p.
    raw = ('format: bizenv/progress/1\nreported_by: tax\nas_of: "2022-06-30"\n'
           'updates:\n  measure: "09.02"\n  status: done\nactuals: []\n').encode("utf-8")
    lines = textconv_bytes(raw, "report.yaml").splitlines()
    assert lines[0] == "report tax as of 2022-06-30"
    assert lines[1].startswith("report updates (not a list of entries): ") and "'status': 'done'" in lines[1]
    fixed = textconv_bytes(raw.replace(b"status: done", b"status: in-progress"), "report.yaml").splitlines()
    assert fixed != lines  # a change in it still shows


@pytest.mark.parametrize("old, new, shown", [
    # A milestone, a target and a body each written without its "- " or as a bare string: valid YAML
    # that validate refuses, which the driver had ended in AttributeError (git diff then fails).
    ("    milestones:\n    - date: '2022-12-31'\n      label: null\n",
     "    milestones:\n      date: '2022-12-31'\n      label: null\n", "02.01 deadline.milestones.date: 2022-12-31"),
    ("    milestones:\n    - date: '2022-12-31'\n      label: null\n",
     "    milestones:\n    - '2022-12-31'\n", "02.01 deadline.milestones: 2022-12-31"),
    ("  targets:\n  - by: 2022-12\n", "  targets:\n  - 2022-12\n  - by: 2022-12\n", "02.i1 targets 1: 2022-12"),
    ("    bodies:\n    - name: 市市场监管局\n      id: market-regulation\n      role: responsible\n",
     "    bodies:\n    - 市市场监管局\n", "02.01 responsible.bodies 1: 市市场监管局"),
], ids=["milestones-mapping", "milestone-string", "target-string", "body-string"])
def test_a_half_edited_plan_is_shown_as_written_not_a_traceback(old, new, shown):
    text = (REPO / "data" / "plans" / "02-starting-a-business.yaml").read_text(encoding="utf-8")
    assert old in text
    lines = textconv_bytes(text.replace(old, new, 1).encode("utf-8"), "02-starting-a-business.yaml").splitlines()
    assert shown in lines


def test_a_half_edited_table_row_is_shown_as_written_not_a_traceback():
    # A row of table 03.t2 typed as a bare number or string (the "- " of its cells forgotten) is
    # valid YAML that validate refuses; joined as cells it had failed git diff (or spelt the string
    # out character by character).
    text = (REPO / "data" / "plans" / "03-construction-permits.yaml").read_text(encoding="utf-8")
    old = "  rows:\n  - - '1'\n"
    assert old in text
    for new, shown in (("  rows:\n  - 7\n  - - '1'\n", "03.t2 rows 1: 7"),
                       ("  rows:\n  - '1 工程地质勘察'\n  - - '1'\n", "03.t2 rows 1: 1 工程地质勘察")):
        lines = textconv_bytes(text.replace(old, new, 1).encode("utf-8"), "03-construction-permits.yaml").splitlines()
        assert shown in lines and "03.t2 rows 2: 1 | 工程地质勘察 | 7" in lines


def test_an_alias_reads_as_its_name_never_as_the_value_it_names():
    # Followed, nine aliases of nine aliases … made a 400-byte file millions of fact lines: `git
    # diff` of such a version (the strict loader refuses it) never ended. Five levels here: 9**5 lines.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 5)]
    raw = ("id: '02'\n" + "\n".join(levels) + "\n").encode("utf-8")
    lines = textconv_bytes(raw, "02-starting-a-business.yaml").splitlines()
    assert lines[0] == "# not valid data, read as PyYAML reads it: YAML anchor 'a0' is not allowed in data files " \
                       "(write the value out)"
    assert "02 a1: *a0 | *a0 | *a0 | *a0 | *a0 | *a0 | *a0 | *a0 | *a0" in lines
    assert len(lines) == 7


def test_keys_that_are_not_text_read_as_text_not_a_traceback(repo):
    # `1:` beside `title:` in a half-edited plan (or a report, or the registry): sorting the keys
    # had ended in TypeError, and git diff, git show and git log -p failed with it.
    plan = repo / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("slug: starting-a-business\n", "slug: starting-a-business\n1: x\n2022-06-30: y\n",
                                 1), encoding="utf-8")
    result = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert changed_lines(result.stdout)[1:] == ["+02 1: x", "+02 2022-06-30: y"]
    assert changed_lines(result.stdout)[0].startswith("+# not valid data, read as PyYAML reads it: ")
