"""`bizenv diff`: changes in meaning between two versions of the plans, keyed by id (issue 6).

Each case starts from one small plan (tests/examples/diff/02-starting-a-business.yaml), changes it
the way an editor would, writes both versions and asserts the exact findings and the exit code.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from conftest import DATA, SCHEMAS, git, invoke
from bizenv_cli.diff.plan import KINDS, diff_plans, inline_diff
from bizenv_cli.files.yamlload import load_yaml_file

EXAMPLES = Path(__file__).parents[1] / "examples" / "diff"
BASE = EXAMPLES / "02-starting-a-business.yaml"
REFORMATTED = EXAMPLES / "02-starting-a-business.reformatted.yaml"


def base() -> dict:
    return copy.deepcopy(load_yaml_file(BASE).data)


def write_plan(path: Path, document: dict) -> Path:
    """Write a plan version, after checking it against the schema: a fixture must be valid data."""
    import jsonschema

    schema = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_yaml_file(path).data == document  # the strict loader reads back what was meant
    return path


def measure(document: dict, measure_id: str) -> dict:
    return next(m for m in document["measures"] if m["id"] == measure_id)


def indicator(document: dict, indicator_id: str) -> dict:
    return next(i for i in document["indicators"] if i["id"] == indicator_id)


def run_diff(runner, tmp_path: Path, new: dict, *options: str):
    old_path = write_plan(tmp_path / "old" / BASE.name, base())
    new_path = write_plan(tmp_path / "new" / BASE.name, new)
    return invoke(runner, "diff", str(old_path), str(new_path), *options)


def findings_json(runner, tmp_path: Path, new: dict) -> list[dict]:
    result = run_diff(runner, tmp_path, new, "--format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert {row["kind"] for row in rows} <= set(KINDS)
    return rows


def row(kind, id_, field, old, new, detail=None, plan=2):
    return {"kind": kind, "plan": plan, "id": id_, "field": field, "old": old, "new": new, "detail": detail}


# --- the five cases of the issue ------------------------------------------------------------

def moved_deadline() -> dict:
    new = base()
    deadline = measure(new, "02.03")["deadline"]
    deadline["raw"] = "2022年12月"
    deadline["milestones"] = [{"date": "2022-12-31", "label": None}]
    return new


def test_deadline_moved_later_is_one_finding_per_fact(runner, tmp_path):
    assert findings_json(runner, tmp_path, moved_deadline()) == [
        row("deadline-changed", "02.03", "deadline.raw", "2022年6月", "2022年12月", "2022年[-6-]{+12+}月"),
        row("milestone-moved", "02.03", "deadline.milestones[0].date", "2022-06-30", "2022-12-31", "184 days later"),
    ]


def test_deadline_moved_later_as_a_table(runner, tmp_path):
    result = run_diff(runner, tmp_path, moved_deadline())
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "id     kind              field                        change                   detail",
        "─" * 93,
        "02.03  deadline-changed  deadline.raw                 2022年[-6-]{+12+}月",
        "02.03  milestone-moved   deadline.milestones[0].date  2022-06-30 → 2022-12-31  184 days later",
    ]
    assert result.stderr.startswith("2 changes in meaning (")


def test_a_body_dropped_and_a_role_changed(runner, tmp_path):
    new = base()
    second = measure(new, "02.02")["responsible"]
    second["raw"] = "市市场监管局牵头，市政务服务和大数据管理局配合"
    second["bodies"] = [body for body in second["bodies"] if body["id"] != "public-security"]
    third = measure(new, "02.03")["responsible"]
    third["raw"] = "市市场监管局负责落实"
    third["bodies"][0]["role"] = "implement"
    assert findings_json(runner, tmp_path, new) == [
        row("responsible-changed", "02.02", "responsible.raw", "市市场监管局牵头，市政务服务和大数据管理局、市公安局配合",
            "市市场监管局牵头，市政务服务和大数据管理局配合", "…务和大数据管理局[-、市公安局-]配合"),
        row("body-dropped", "02.02", "responsible[public-security]", "support", None, "市公安局"),
        row("responsible-changed", "02.03", "responsible.raw", "市市场监管局牵头", "市市场监管局负责落实",
            "市市场监管局[-牵头-]{+负责落实+}"),
        row("role-changed", "02.03", "responsible[market-regulation]", "lead", "implement", "市市场监管局"),
    ]


def test_a_body_added_is_named_with_its_role(runner, tmp_path):
    new = base()
    measure(new, "02.03")["responsible"]["bodies"].append(
        {"name": "市市场监管局", "id": "gov-services-bigdata", "role": "support"})
    assert findings_json(runner, tmp_path, new) == [
        row("body-added", "02.03", "responsible[gov-services-bigdata]", None, "support", "市市场监管局"),
    ]


def test_a_target_loosened_and_another_tightened(runner, tmp_path):
    new = base()
    # 办理时间: lower is better, so 0.5 -> 1 day loosens; 网上办理占比: higher is better, so 90 -> 95% tightens.
    indicator(new, "02.i1")["targets"][1].update(raw="1天", value=1)
    indicator(new, "02.i2")["targets"][0].update(raw="超过95%", value=95)
    assert findings_json(runner, tmp_path, new) == [
        row("raw-changed", "02.i1", "targets[2022-12].raw", "0.5天", "1天", "[-0.5-]{+1+}天"),
        row("value-changed", "02.i1", "targets[2022-12].value", 0.5, 1, "loosens (+0.5 天; lower is better)"),
        row("raw-changed", "02.i2", "targets[2022-12].raw", "超过90%", "超过95%", "超过9[-0-]{+5+}%"),
        row("value-changed", "02.i2", "targets[2022-12].value", 90, 95, "tightens (+5 %; higher is better)"),
    ]


def test_baseline_and_frontier_are_better_or_worse_not_tighter(runner, tmp_path):
    new = base()
    indicator(new, "02.i1")["baseline"].update(raw="2天", value=2)
    indicator(new, "02.i1")["frontier"].update(raw="0.5", value=0.5, where="上海")
    kinds = [(r["kind"], r["field"], r["detail"]) for r in findings_json(runner, tmp_path, new)]
    assert kinds == [
        ("raw-changed", "baseline.raw", "[-1-]{+2+}天"),
        ("value-changed", "baseline.value", "worse (+1 天; lower is better)"),
        ("raw-changed", "frontier.raw", "[-1-]{+0.5+}"),
        ("value-changed", "frontier.value", "better (-0.5 天; lower is better)"),
        ("text-changed", "frontier.where", "{+上海+}"),
    ]


def test_a_measure_added_and_one_removed(runner, tmp_path):
    new = base()
    new["measures"] = [m for m in new["measures"] if m["id"] != "02.01"]
    added = copy.deepcopy(measure(new, "02.03"))
    added.update(id="02.04", seq=4, line=269, label="（四）", title="加强线上线下衔接协同。",
                 text="加强线上线下衔接协同。充分尊重企业自主选择，不搞强制线上办理。")
    new["measures"].append(added)
    assert findings_json(runner, tmp_path, new) == [
        row("measure-removed", "02.01", "", "扩大“企业开办+N项服务”覆盖面。", None),
        row("measure-added", "02.04", "", None, "加强线上线下衔接协同。"),
    ]


def test_only_whitespace_and_key_order_changed_is_no_change(runner):
    # The two files differ in indentation, quoting, styles, key order, 1 vs 1.0, and one text
    # folded with a space: the loaded documents differ, their meaning does not.
    assert load_yaml_file(BASE).data != load_yaml_file(REFORMATTED).data
    for options in ((), ("--format", "json")):
        result = invoke(runner, "diff", str(BASE), str(REFORMATTED), *options)
        assert result.exit_code == 0, result.output
        assert result.stdout == ("[]\n" if options else "")
        assert result.stderr.startswith("no change in meaning")


# --- more of what a reviewer meets ----------------------------------------------------------

def test_notes_and_english_glosses_are_no_change_in_meaning(runner, tmp_path):
    new = base()
    measure(new, "02.01")["note"] = "A transcriber's remark."
    measure(new, "02.01")["title_en"] = "Another gloss"
    result = run_diff(runner, tmp_path, new)
    assert result.exit_code == 0, result.output


def test_staged_deadline_moves_each_milestone_by_its_label():
    old = base()
    measure(old, "02.03")["deadline"].update(
        raw="2022年3月市级完成对接，2022年12月县级完成对接",
        milestones=[{"date": "2022-03-31", "label": "2022年3月市级完成对接"},
                    {"date": "2022-12-31", "label": "2022年12月县级完成对接"}])
    new = copy.deepcopy(old)
    measure(new, "02.03")["deadline"].update(
        raw="2022年12月县级完成对接，持续推进", ongoing=True,
        milestones=[{"date": "2022-12-31", "label": "2022年12月县级完成对接"}])
    found = [(f.kind, f.field, f.old, f.new, f.detail) for f in diff_plans(old, new)]
    assert found[1:] == [
        ("milestone-removed", "deadline.milestones[0]", "2022-03-31 2022年3月市级完成对接", None, None),
        ("ongoing-changed", "deadline.ongoing", False, True, "now ongoing"),
    ]
    assert found[0][0] == "deadline-changed"


def test_milestone_moved_earlier_counts_days():
    old, new = base(), base()
    measure(new, "02.01")["deadline"]["milestones"] = [{"date": "2022-11-30", "label": None}]
    moved = [f for f in diff_plans(old, new) if f.kind == "milestone-moved"]
    assert [(f.id, f.detail) for f in moved] == [("02.01", "31 days earlier")]


def test_an_indicator_s_completion_month_that_moves_is_a_dated_move_like_a_milestone(runner, tmp_path):
    # It had read as text: 2022-[-12-]{+06+}, which says nothing of a date half a year sooner.
    new = base()
    indicator(new, "02.i1")["completion"] = {"raw": "2022年6月", "by": "2022-06"}
    result = run_diff(runner, tmp_path, new)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2:] == [
        "02.i1  text-changed     completion.raw  2022年[-12-]{+6+}月",
        "02.i1  milestone-moved  completion.by   2022-12 → 2022-06    184 days earlier",
    ]


def test_an_indicator_s_completion_month_added_or_removed_is_a_milestone_added_or_removed():
    old, new = base(), base()
    indicator(new, "02.i1")["completion"] = None
    indicator(new, "02.i2")["completion"] = {"raw": "2022年底", "by": "2022-12"}
    assert [(f.kind, f.id, f.field, f.old, f.new) for f in diff_plans(old, new)] == [
        ("text-changed", "02.i1", "completion.raw", "2022年12月", None),
        ("milestone-removed", "02.i1", "completion.by", "2022-12", None),
        ("text-changed", "02.i2", "completion.raw", None, "2022年底"),
        ("milestone-added", "02.i2", "completion.by", None, "2022-12"),
    ]


def test_a_changed_paragraph_is_found_in_its_section():
    old, new = base(), base()
    new["sections"][0]["paragraphs"].append({"line": 234, "text": "新增一段。"})
    assert [(f.kind, f.id, f.field, f.new) for f in diff_plans(old, new)] == [
        ("item-added", "02.s1", "paragraphs[1]", "新增一段。"),
    ]


def test_inline_diff_keeps_a_little_context_on_each_side():
    old = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸"
    new = old.replace("十", "X")
    assert inline_diff(old, new) == "…二三四五六七八九[-十-]{+X+}甲乙丙丁戊己庚辛…"
    assert inline_diff("短", "长") == "[-短-]{+长+}"


# --- folders, revisions and files -----------------------------------------------------------

def test_two_data_folders_match_plans_by_document_number(runner, tmp_path):
    write_plan(tmp_path / "old" / "plans" / "02-starting-a-business.yaml", base())
    write_plan(tmp_path / "new" / "plans" / "02-renamed-file.yaml", moved_deadline())
    third = base()
    third.update(document=3, id="03", slug="construction-permits", title="平顶山市办理建筑许可优化提升专项行动方案",
                 measures=[], indicators=[], sections=[], tables=[])
    write_plan(tmp_path / "new" / "plans" / "03-construction-permits.yaml", third)
    result = invoke(runner, "diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json")
    assert result.exit_code == 1
    assert [(r["kind"], r["plan"], r["id"]) for r in json.loads(result.stdout)] == [
        ("deadline-changed", 2, "02.03"), ("milestone-moved", 2, "02.03"), ("plan-added", 3, "03"),
    ]


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository with two commits of data/plans, the second moving 02.03's deadline."""
    assert shutil.which("git"), "git is not installed: `apt-get install git`"
    root = tmp_path / "repo"
    plan = root / "data" / "plans" / BASE.name
    write_plan(plan, base())
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    write_plan(plan, moved_deadline())
    git(root, "commit", "-q", "-a", "-m", "second")
    monkeypatch.chdir(root)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    return root


def test_two_git_revisions(runner, repo):
    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(r["kind"], r["id"], r["new"]) for r in json.loads(result.stdout)] == [
        ("deadline-changed", "02.03", "2022年12月"), ("milestone-moved", "02.03", "2022-12-31"),
    ]
    assert result.stderr == "2 changes in meaning (HEAD~1 → HEAD)\n"


def test_a_revision_alone_is_compared_with_the_working_tree(runner, repo):
    assert invoke(runner, "diff", "HEAD").exit_code == 0
    write_plan(repo / "data" / "plans" / BASE.name, base())  # an edit back, not committed
    result = invoke(runner, "diff", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert [(r["kind"], r["old"], r["new"]) for r in json.loads(result.stdout)][1] == \
        ("milestone-moved", "2022-12-31", "2022-06-30")


def test_a_revision_against_one_plan_file_compares_that_document_only(runner, repo):
    result = invoke(runner, "diff", "HEAD~1", str(repo / "data" / "plans" / BASE.name), "--format", "json")
    assert result.exit_code == 1
    assert {r["id"] for r in json.loads(result.stdout)} == {"02.03"}


def test_a_revision_without_the_data_folder_in_use_is_a_usage_error(runner, repo, monkeypatch):
    # A copy made after the commit (the ledger tour's office/): every plan had read as added, exit 1.
    shutil.copytree(repo / "data", repo / "office" / "data")
    monkeypatch.chdir(repo / "office")
    result = invoke(runner, "diff", "HEAD")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("bizenv: error: HEAD holds no plans in office/data/plans/, where the data folder in "
                             "use keeps them; name the folder or file to compare it with\n")


REPORT = """format: bizenv/progress/1
package: pingdingshan-2022
reported_by: tax
as_of: '2022-06-30'
updates:
- measure: '02.03'
  status: {status}
actuals: []
"""


def test_a_revision_beside_a_folder_is_read_where_that_folder_sits(runner, repo):
    # A repository keeping its data in mydata/ has no data folder in use: HEAD was read at data/plans,
    # and `diff HEAD mydata` refused, telling the user to name the folder they had named.
    git(repo, "mv", "data", "mydata")
    report = repo / "mydata" / "progress" / "2022-06" / "tax-2022-06-30.yaml"
    report.parent.mkdir(parents=True)
    report.write_text(REPORT.format(status="in-progress"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "mydata")
    write_plan(repo / "mydata" / "plans" / BASE.name, base())
    report.write_text(REPORT.format(status="not-started"), encoding="utf-8")
    result = invoke(runner, "diff", "HEAD", "mydata", "--format", "json")
    assert (result.exit_code, result.stderr) == (1, "3 changes in meaning (HEAD → mydata)\n"), result.output
    # Its reports are read in mydata/ too: one changed, not one recorded.
    assert [(r["kind"], r["id"]) for r in json.loads(result.stdout)] == [
        ("deadline-changed", "02.03"), ("milestone-moved", "02.03"), ("progress-changed", "02.03")]
    result = invoke(runner, "diff", "HEAD")
    assert result.exit_code == 2
    assert result.stderr == ("bizenv: error: HEAD holds no plans in data/plans/, where bizenv looks when no data "
                             "folder in use is in this repository (--data DIR names one); name the folder or file "
                             "to compare it with\n")


def test_a_revision_whose_reports_git_cannot_read_is_said_not_left_out(runner, repo, monkeypatch):
    # A git failure reading the ledger of a revision had been taken for "no revision": the diff
    # then showed the plans' changes alone, as if the reports had not changed.
    import bizenv_cli.files.gitrev as gitrev

    real = gitrev.tree_at

    def failing(commit, folder, repository, suffix=".yaml", recursive=False):
        if recursive:  # the ledger's progress/ folder, read with its month folders
            raise gitrev.GitError(f"cannot list {folder} at {commit}: fatal: bad object")
        return real(commit, folder, repository, suffix, recursive)

    monkeypatch.setattr(gitrev, "tree_at", failing)
    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("bizenv: error: HEAD~1: cannot list data/progress at "), result.stderr


def test_a_bad_revision_is_a_usage_error(runner, repo):
    result = invoke(runner, "diff", "no-such-branch")
    assert result.exit_code == 2
    assert result.stderr == ("bizenv: error: no-such-branch: no such file or folder, and not a revision of the "
                             f"git repository {repo.resolve()}\n")


def test_a_missing_file_outside_a_repository_is_a_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = invoke(runner, "diff", "missing.yaml", str(BASE))
    assert result.exit_code == 2
    assert result.stderr.startswith("bizenv: error: missing.yaml: no such file or folder, and not a git revision")
    assert "Traceback" not in result.output


def test_an_unreadable_version_is_invalid_data_with_its_line(runner, tmp_path):
    # Invalid data, as validate says it: exit 1, the file:line:col on stderr, nothing compared.
    broken = tmp_path / "02-broken.yaml"
    broken.write_text("id: '02'\nid: '02'\n", encoding="utf-8")
    result = invoke(runner, "diff", str(BASE), str(broken))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"{broken}:2:1 id: duplicate key 'id' (first defined at line 1)\n"
                             "bizenv: nothing compared: the diff reads only data that passes `bizenv validate`\n")


def test_findings_written_to_a_csv_file(runner, tmp_path):
    out = tmp_path / "changes.csv"
    result = run_diff(runner, tmp_path, moved_deadline(), "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").splitlines() == [
        "\ufeffplan,id,kind,field,old,new,detail",
        "2,02.03,deadline-changed,deadline.raw,2022年6月,2022年12月,2022年[-6-]{+12+}月",
        "2,02.03,milestone-moved,deadline.milestones[0].date,2022-06-30,2022-12-31,184 days later",
    ]


# --- the real data --------------------------------------------------------------------------

def test_the_real_data_has_no_change_against_itself(runner):
    result = invoke(runner, "diff", str(DATA), str(DATA))
    assert result.exit_code == 0, result.output


def test_a_real_deadline_moved_in_a_copy(runner, data_copy):
    water = data_copy / "plans" / "05-getting-water.yaml"
    text = water.read_text(encoding="utf-8")
    first = text.index("- id: '05.01'")
    # 05.01 (line 706 of the source: 时间节点：2022年12月) moved six months earlier in the copy.
    edited = text[first:].replace("raw: 2022年12月", "raw: 2022年6月", 1).replace("'2022-12-31'", "'2022-06-30'", 1)
    water.write_text(text[:first] + edited, encoding="utf-8")
    result = invoke(runner, "diff", str(DATA), str(data_copy), "--format", "json")
    assert result.exit_code == 1
    assert [(r["id"], r["kind"], r["detail"]) for r in json.loads(result.stdout)] == [
        ("05.01", "deadline-changed", "2022年[-12-]{+6+}月"),
        ("05.01", "milestone-moved", "184 days earlier"),
    ]


# --- order, the registry, and how the table reads (issue 13) -------------------------------

def test_two_measures_swapped_is_one_move(runner, tmp_path):
    new = base()
    new["measures"][1], new["measures"][2] = new["measures"][2], new["measures"][1]
    for seq, item in enumerate(new["measures"], 1):
        item["seq"] = seq  # renumbered as an editor would: seq is provenance, the move is the finding
    assert findings_json(runner, tmp_path, new) == [
        row("measure-moved", "02.03", "position", 3, 2, "now after 02.01"),
    ]


def test_a_section_moved_to_the_front(runner, tmp_path):
    new = base()
    new["sections"].insert(0, new["sections"].pop())
    rows = findings_json(runner, tmp_path, new)
    assert [(r["kind"], r["id"], r["old"], r["new"], r["detail"]) for r in rows] == [
        ("section-moved", "02.s3", 3, 1, "now first"),
    ]


def test_a_removed_section_without_heading_shows_a_minus_sign(runner, tmp_path):
    new = base()
    preamble = new["sections"].pop(0)
    assert preamble["heading"] is None
    result = run_diff(runner, tmp_path, new)
    line = next(line for line in result.stdout.splitlines() if "section-removed" in line)
    change = line.split("section-removed", 1)[1].strip()
    assert change.startswith("- "), line
    assert "+" not in change
    # Known by its first paragraph, since it has no heading.
    assert preamble["paragraphs"][0]["text"][:10] in change


def test_rows_of_an_added_or_removed_record_carry_the_sign_of_their_kind():
    from bizenv_cli.cli.diff_cmd import _change

    assert _change({"kind": "section-removed", "old": None, "new": None, "detail": None}) == "-"
    assert _change({"kind": "section-added", "old": None, "new": None, "detail": None}) == "+"


def long_responsibility_change() -> dict:
    new = base()
    responsible = measure(new, "02.01")["responsible"]
    responsible["raw"] = responsible["raw"].replace("按职责分工负责", "按职责分工共同负责")
    return new


def test_a_piped_table_is_one_line_per_finding_and_never_splits_a_field(runner, tmp_path):
    # The runner's stdout is a pipe (not a terminal) and COLUMNS is pinned to 100: no folding at all.
    new = moved_deadline()
    measure(new, "02.03")["deadline"]["milestones"][0]["label"] = None
    measure(new, "02.01")["text"] = measure(new, "02.01")["text"] + "另起一段很长的新增内容" * 8
    result = run_diff(runner, tmp_path, new)
    assert result.exit_code == 1
    body = result.stdout.splitlines()[2:]
    assert len(body) == 3  # text-changed, deadline-changed, milestone-moved: one line each
    assert any("deadline.milestones[0].date" in line for line in body)
    assert max(len(line) for line in body) > 100


def test_width_folds_a_piped_diff_as_any_table(runner, tmp_path):
    # --width was read by every table but diff's: asked for, a width holds in a pipe too.
    new = moved_deadline()
    measure(new, "02.01")["text"] = measure(new, "02.01")["text"] + "另起一段很长的新增内容" * 8
    result = run_diff(runner, tmp_path, new, "--width", "90")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) > 2 + 3 and max(cell_len(line) for line in lines[1:]) <= 90
    assert any("deadline.milestones[0].date" in line for line in lines)  # a field path still whole


def test_md_carries_whole_values_without_ellipsis(runner, tmp_path):
    new = long_responsibility_change()
    old_raw = measure(base(), "02.01")["responsible"]["raw"]
    result = run_diff(runner, tmp_path, new, "--format", "md")
    assert result.exit_code == 1
    assert "…" not in result.stdout
    line = next(line for line in result.stdout.splitlines() if "responsible-changed" in line)
    assert "[-" not in line and "{+共同+}" in line
    # The whole value: the change marks taken out, the old text is there in full.
    assert old_raw.replace(" ", "").replace("\n", "") in line.replace("{+共同+}", "")


def edited_registry(data_copy: Path, edit) -> None:
    from bizenv_cli.files.yamlwrite import dump_departments

    path = data_copy / "departments.yaml"
    registry = load_yaml_file(path).data
    edit(registry)
    path.write_text(dump_departments(registry), encoding="utf-8")


def department(registry: dict, department_id: str) -> dict:
    return next(d for d in registry["departments"] if d["id"] == department_id)


def test_registry_changes_are_changes_in_meaning(runner, data_copy):
    def edit(registry):
        department(registry, "tax")["kind"] = "municipal-department"
        department(registry, "market-regulation")["aliases"].append("市场监管局")
        department(registry, "development-reform")["aliases"].remove("市发改委")
        department(registry, "public-security")["name_en"] = "Police"  # a gloss: no change in meaning
        registry["departments"].append({"id": "new-body", "name": "市新设局", "name_en": "New", "kind":
                                        "municipal-department", "group": False, "aliases": [], "parent": None,
                                        "note": None})
        registry["departments"].insert(0, registry["departments"].pop(5))  # order means nothing here

    edited_registry(data_copy, edit)
    result = invoke(runner, "diff", str(DATA), str(data_copy), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(r["kind"], r["plan"], r["id"], r["field"], r["old"], r["new"]) for r in json.loads(result.stdout)] == [
        ("alias-added", None, "market-regulation", "aliases", None, "市场监管局"),
        ("alias-removed", None, "development-reform", "aliases", "市发改委", None),
        ("changed", None, "tax", "kind", "central-branch", "municipal-department"),
        ("department-added", None, "new-body", "", None, "市新设局"),
    ]


def test_a_registry_entry_removed(runner, data_copy):
    edited_registry(data_copy, lambda registry: registry["departments"].pop())
    last = load_yaml_file(DATA / "departments.yaml").data["departments"][-1]
    result = invoke(runner, "diff", str(DATA), str(data_copy), "--format", "json")
    assert [(r["kind"], r["id"], r["old"]) for r in json.loads(result.stdout)] == [
        ("department-removed", last["id"], last["name"]),
    ]


def test_the_bodies_a_collective_covers_are_a_set(runner, data_copy):
    # Reordered, they are no change (a swap had been two ids "changed" character by character,
    # covers[0] {+relevant-+}count[-i-]{+y-gov+}e{+rnment+}s); one added or dropped is one finding.
    original = list(department(load_yaml_file(DATA / "departments.yaml").data, "county-governments")["covers"])
    assert len(original) >= 3
    # Reversed, less its first body, plus one it did not cover.
    edited_registry(data_copy, lambda registry: department(registry, "county-governments").update(
        covers=list(reversed(original[1:])) + ["city-relevant-departments"]))
    result = invoke(runner, "diff", str(DATA), str(data_copy), "--format", "json")
    assert [(r["kind"], r["id"], r["field"], r["old"], r["new"]) for r in json.loads(result.stdout)] == [
        ("item-removed", "county-governments", "covers", original[0], None),
        ("item-added", "county-governments", "covers", None, "city-relevant-departments"),
    ], result.output

    edited_registry(data_copy, lambda registry: department(registry, "county-governments").update(
        covers=list(reversed(original))))
    result = invoke(runner, "diff", str(DATA), str(data_copy), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == [], result.output


def test_the_registry_is_compared_between_revisions(runner, repo):
    registry = repo / "data" / "departments.yaml"
    registry.write_text("format: bizenv/departments/1\njurisdiction: 平顶山市\ndepartments: []\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "registry")
    registry.write_text("format: bizenv/departments/1\njurisdiction: 平顶山\ndepartments: []\n", encoding="utf-8")
    result = invoke(runner, "diff", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert [(r["kind"], r["id"], r["field"]) for r in json.loads(result.stdout)] == [
        ("text-changed", "departments", "jurisdiction"),
    ]


def test_a_registry_deleted_or_added_is_every_body_removed_or_added(runner, data_copy, repo):
    # Deleted, it had been "no change in meaning" (exit 0): a registry only one side held was not read.
    bodies = [d["id"] for d in load_yaml_file(DATA / "departments.yaml").data["departments"]]
    (data_copy / "departments.yaml").unlink()
    result = invoke(runner, "diff", str(DATA), str(data_copy), "--format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert sorted(r["id"] for r in rows if r["kind"] == "department-removed") == sorted(bodies)
    assert {r["kind"] for r in rows} == {"department-removed", "text-changed"}  # and its jurisdiction

    # Between revisions too: the first commit of `repo` has no registry, the next one adds it.
    shutil.copy(DATA / "departments.yaml", repo / "data" / "departments.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the registry")
    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    assert sorted(r["id"] for r in json.loads(result.stdout) if r["kind"] == "department-added") == sorted(bodies)

    # Only a data folder (or its plans/ folder) has a place for the registry: a folder of plan files
    # alone lacks none.
    assert invoke(runner, "diff", str(repo / "data" / "plans"), str(repo / "data")).exit_code == 0
    plans_alone = repo / "plans-alone"
    shutil.copytree(repo / "data" / "plans", plans_alone)
    assert invoke(runner, "diff", str(plans_alone), str(repo / "data")).exit_code == 0


def test_a_revisions_hidden_files_are_no_plans_or_reports_as_on_disk(runner, repo):
    # An editor's backup committed by mistake: a revision had read it as a second plan of document 2
    # ("both hold document 2", exit 2) and a hidden report as a report, which the folder never did.
    from conftest import REPO

    plans = repo / "data" / "plans"
    shutil.copy(plans / BASE.name, plans / f".{BASE.name}")
    hidden = repo / "data" / "progress" / ".old"
    hidden.mkdir(parents=True)
    shutil.copy(REPO / "tests" / "examples" / "ledger" / "one-report" / "2022-06" / "tax.yaml", hidden / "tax.yaml")
    shutil.copy(hidden / "tax.yaml", hidden.parent / ".tax-2022-06-30.yaml")
    git(repo, "add", "-f", "-A")
    git(repo, "commit", "-q", "-m", "hidden files")
    for args in (("HEAD~1", "HEAD"), ("HEAD~1",), ("HEAD", "HEAD~1")):
        result = invoke(runner, "diff", *args)
        assert result.exit_code == 0, (args, result.output)
        assert result.stderr.startswith("no change in meaning"), result.stderr


def test_two_revisions_parse_only_the_files_that_differ(runner, repo, monkeypatch):
    import bizenv_cli.files.yamlload

    # A second plan and the registry, unchanged between HEAD~1 and HEAD: their blob ids are equal.
    third = base()
    third.update(document=3, id="03", slug="construction-permits", measures=[], indicators=[], sections=[],
                 tables=[])
    write_plan(repo / "data" / "plans" / "03-construction-permits.yaml", third)
    shutil.copy(DATA / "departments.yaml", repo / "data" / "departments.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more files")
    write_plan(repo / "data" / "plans" / BASE.name, base())  # moves 02.03's deadline back
    git(repo, "commit", "-q", "-a", "-m", "deadline back")

    parsed: list[str] = []
    real = bizenv_cli.files.yamlload.load_yaml_bytes

    def counting(raw, path, name=None, *args, **kwargs):
        parsed.append(str(name))
        return real(raw, path, name, *args, **kwargs)

    import bizenv_cli.files.gitrev

    batches: list[list[str]] = []
    real_read = bizenv_cli.files.gitrev.read_blobs

    def reading(blob_ids, repository):
        batches.append(list(blob_ids))
        return real_read(blob_ids, repository)

    monkeypatch.setattr(bizenv_cli.files.yamlload, "load_yaml_bytes", counting)
    monkeypatch.setattr(bizenv_cli.files.gitrev, "read_blobs", reading)
    result = invoke(runner, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    assert {r["id"] for r in json.loads(result.stdout)} == {"02.03"}
    assert sorted(parsed) == [f"HEAD:data/plans/{BASE.name}", f"HEAD~1:data/plans/{BASE.name}"]
    assert [len(batch) for batch in batches] == [2]  # only the two differing blobs, read in one batch

    parsed.clear()
    assert invoke(runner, "diff", "HEAD", "HEAD").exit_code == 0
    assert parsed == []
    # The working tree is the same as HEAD: its files hash to HEAD's blob ids, so nothing is parsed.
    assert invoke(runner, "diff", "HEAD").exit_code == 0
    assert parsed == []


def test_an_empty_cell_written_null_or_empty_and_the_indicator_area_are_no_change():
    old, new = base(), base()
    indicator(old, "02.i1")["frontier"]["raw"] = ""
    indicator(new, "02.i1")["frontier"]["raw"] = None
    indicator(old, "02.i1")["frontier"]["value"] = indicator(new, "02.i1")["frontier"]["value"] = None
    new["indicator_area"] = "Another English gloss"
    assert diff_plans(old, new) == []


def test_a_direction_or_unit_change_is_shown_whole(runner, tmp_path):
    new = base()
    indicator(new, "02.i1")["direction"] = "higher"
    indicator(new, "02.i1")["unit"] = "工作日"
    rows = findings_json(runner, tmp_path, new)
    assert [(r["kind"], r["id"], r["field"], r["old"], r["new"]) for r in rows] == [
        ("changed", "02.i1", "unit", "天", "工作日"),
        ("changed", "02.i1", "direction", "lower", "higher"),
    ]


@pytest.mark.parametrize("schema_name, data_file", [
    ("plan.schema.json", "plans/02-starting-a-business.yaml"),
    # The ledger's reports are checked by the schemas in use as the plans are: one of an older
    # ledger format had failed them with no note.
    ("progress.schema.json", "progress/2022-06/tax.yaml"),
], ids=["plan", "ledger-report"])
def test_a_revision_written_for_other_schemas_is_named_when_its_files_do_not_pass(runner, tmp_path, monkeypatch,
                                                                                 schema_name, data_file):
    """diff reads both versions by the schemas in use; when an old revision's files fail them and
    that revision had schemas of its own, the note says so instead of leaving a reviewer to guess."""
    from conftest import with_one_ledger_report

    root = tmp_path / "repo"
    shutil.copytree(DATA, root / "data", ignore=shutil.ignore_patterns("progress"))
    shutil.copytree(SCHEMAS, root / "schemas")
    with_one_ledger_report(root / "data")
    schema = root / "schemas" / schema_name
    current_schema = schema.read_text(encoding="utf-8")
    data = root / "data" / data_file
    current_data = data.read_text(encoding="utf-8")
    # The old format: a top-level field that the schemas of the day allowed and today's do not.
    data.write_text(current_data + "legacy_field: x\n", encoding="utf-8")
    schema.write_text(current_schema.replace('"properties": {', '"properties": {"legacy_field": {}, ', 1),
                      encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "old format")
    data.write_text(current_data, encoding="utf-8")
    schema.write_text(current_schema, encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "new format")
    monkeypatch.chdir(root)
    monkeypatch.delenv("BIZENV_DATA", raising=False)

    result = invoke(runner, "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1 and result.stdout == "", result.output
    assert "legacy_field" in result.stderr
    assert f"bizenv: note: HEAD~1 has other schemas than the ones in use ({schema_name})" in result.stderr
    assert "note: HEAD has" not in result.stderr  # HEAD's schemas are the ones in use


def test_a_diff_outside_any_data_folder_says_new_is_the_shipped_copy(runner, data_copy, tmp_path_factory,
                                                                      monkeypatch):
    # OLD alone compares with the data folder in use; where none is found that is the copy bizenv
    # ships, not the user's data, and the diff says so (a data folder found, or NEW given, no note).
    elsewhere = tmp_path_factory.mktemp("no-data-here")
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("BIZENV_DATA", raising=False)
    note = "bizenv: note: no data folder here: NEW is the copy shipped with bizenv"
    alone = invoke(runner, "diff", str(data_copy))
    assert alone.exit_code == 0 and alone.stderr.splitlines()[-1].startswith(note), alone.output
    for args in (["diff", str(data_copy), str(data_copy)], ["--data", str(data_copy), "diff", str(data_copy)]):
        named = invoke(runner, *args)
        assert named.exit_code == 0 and note not in named.stderr, named.output
