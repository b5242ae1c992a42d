"""bizenv_cli.diff.plan: what its parts decide, and that the query path never loads it.

The package compares plan documents; each part has one job: kinds (the Finding record and the
names of its kinds), text (what counts as the same value, and the inline diff), findings (the
collector and the generic comparison), measures, indicators (judged by their direction) and
responsibilities. The package's entry point hands callers every name they import from it. These
tests hold what the parts decide, that no part imports the entry point, and that a `due` query
loads none of it.
"""

from __future__ import annotations

import copy
import ast
import json
import os
import pkgutil
import subprocess
import sys

import bizenv_cli.diff.plan as diff_plan
from bizenv_cli.diff.plan import diff_plans, inline_diff
from bizenv_cli.files.yamlload import load_yaml_file
from conftest import DATA, REPO
from test_diff import BASE, indicator, measure


def test_an_indicator_s_unit_and_direction_are_read_whole_and_its_values_judged_by_the_new_direction():
    old = load_yaml_file(BASE).data
    new = copy.deepcopy(old)
    changed = indicator(new, "02.i1")  # 天, lower is better; baseline 1天, targets 1天 (2022-06) and 0.5天
    changed["unit"], changed["direction"] = "工作日", "higher"
    changed["targets"][1]["value"] = 2
    assert [(f.kind, f.id, f.field, f.old, f.new, f.detail) for f in diff_plans(old, new)] == [
        ("changed", "02.i1", "unit", "天", "工作日", None),
        ("changed", "02.i1", "direction", "lower", "higher", None),
        # 0.5 → 2 under the NEW direction (higher is better) is a tighter target, in the new unit.
        ("value-changed", "02.i1", "targets[2022-12].value", 0.5, 2, "tightens (+1.5 工作日; higher is better)"),
    ]


def test_the_parts_never_import_the_entry_point_so_there_is_no_import_cycle():
    for part in pkgutil.iter_modules(diff_plan.__path__):
        module = __import__(f"bizenv_cli.diff.plan.{part.name}", fromlist=["_"])
        source = open(module.__file__, encoding="utf-8").read()
        assert module.__doc__, f"{part.name} says what its job is"
        assert "from bizenv_cli.diff.plan import" not in source, part.name
        assert "import bizenv_cli.diff.plan\n" not in source, part.name


def names_imported_from_diff_plan() -> dict[str, set[str]]:
    """Each name a module of src/ or tests/ imports `from bizenv_cli.diff.plan`, with the files that do."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "src").rglob("*.py")) + sorted((REPO / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "from bizenv_cli.diff.plan import" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module == "bizenv_cli.diff.plan" and node.level == 0:
                for alias in node.names:
                    found.setdefault(alias.name, set()).add(str(path.relative_to(REPO)))
    return found


def test_every_name_callers_import_is_still_importable_from_diff_plan():
    callers = names_imported_from_diff_plan()
    assert any(path.startswith("src/") for paths in callers.values() for path in paths), callers
    for name, paths in callers.items():
        namespace: dict = {}
        exec(f"from bizenv_cli.diff.plan import {name}", namespace)
        assert name in namespace, (name, paths)


def test_due_as_json_never_loads_diff_plan(tmp_path):
    # `bizenv due --before 2022-06 --format json` must stay fast: the diff machinery is not its business.
    script = (
        "import sys, io, contextlib, json\n"
        "from bizenv_cli.cli import main\n"
        f"sys.argv = ['bizenv', '--data', {str(DATA)!r}, 'due', '--before', '2022-06', '--format', 'json']\n"
        "printed = io.StringIO()\n"
        "with contextlib.redirect_stdout(printed):\n"
        "    try:\n        main()\n        code = 0\n"
        "    except SystemExit as exit:\n        code = 0 if exit.code is None else exit.code\n"
        "print(json.dumps([code, printed.getvalue(), sorted(m for m in sys.modules if m.startswith('bizenv_cli.diff.plan'))]))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # cold cache, then warm: neither path may load it
        probe = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
        code, printed, loaded = json.loads(probe.stdout)
        assert code == 0, probe.stderr
        assert json.loads(printed), "the query printed its rows"
        assert loaded == []


def test_a_change_target_is_judged_in_its_change_unit_and_never_against_a_level():
    plan = load_yaml_file(DATA / "plans" / "09-paying-taxes.yaml").data
    assert indicator(plan, "09.i1")["targets"][0]["change"] == "year-on-year"
    deeper = copy.deepcopy(plan)
    indicator(deeper, "09.i1")["targets"][0]["value"] = -0.5  # a deeper cut of a lower-is-better count
    (finding,) = [f for f in diff_plans(plan, deeper) if f.kind == "value-changed"]
    assert finding.detail == "tightens (-0.25 次; lower is better)"
    as_level = copy.deepcopy(plan)
    target = indicator(as_level, "09.i1")["targets"][0]
    del target["change"], target["change_unit"]
    target["value"] = 0.25  # the old reading: the size of the cut, as if it were a level
    (finding,) = [f for f in diff_plans(as_level, plan) if f.kind == "value-changed"]
    assert finding.detail is None


def test_the_inline_diff_keeps_the_space_between_two_words_and_drops_the_extractions():
    from bizenv_cli.diff.plan.text import inline_diff

    assert inline_diff("one-stop online platform", "one-stop national online platform") == \
        "one-stop{+ national+} online …"
    assert inline_diff("within 5 working days", "within 3 working days") == "within [-5-]{+3+} working…"
    # The extraction's spaces inside Chinese text carry nothing: 2022 年 6 月 is 2022年6月.
    assert inline_diff("2022 年 6 月底前完成", "2022年9月底前完成") == "2022年[-6-]{+9+}月底前完成"


def test_a_deadline_that_became_quarterly_is_a_recurrence_finding():
    old = load_yaml_file(BASE).data
    new = copy.deepcopy(old)
    deadline = measure(new, "02.01")["deadline"]
    assert deadline["recurrence"] is None
    deadline["recurrence"] = "quarterly"
    assert [(f.kind, f.id, f.field, f.old, f.new) for f in diff_plans(old, new)] == [
        ("recurrence-changed", "02.01", "deadline.recurrence", None, "quarterly")]


def test_a_body_printed_twice_in_one_role_then_once_keeps_its_role():
    # The raw line changed; the body's role did not (lead, not lead+lead against lead).
    old = load_yaml_file(BASE).data
    responsible = measure(old, "02.01")["responsible"]
    first = responsible["bodies"][0]
    responsible["bodies"] = [first, dict(first)]
    responsible["raw"] = f"{first['name']}、{first['name']}{'牵头' if first['role'] == 'lead' else ''}"
    new = copy.deepcopy(old)
    new_responsible = measure(new, "02.01")["responsible"]
    new_responsible["bodies"] = [dict(first)]
    new_responsible["raw"] = f"{first['name']}{'牵头' if first['role'] == 'lead' else ''}"
    assert [f.kind for f in diff_plans(old, new)] == ["responsible-changed"]


def test_milestones_without_labels_are_paired_by_date_or_in_order_never_by_their_missing_label():
    # Two unlabelled milestones become one on another date: nothing says which one moved, so both
    # are removed and the new one added, not "03-31 moved to 06-30".
    old = load_yaml_file(BASE).data
    measure(old, "02.01")["deadline"]["milestones"] = [{"date": "2022-03-31", "label": None},
                                                       {"date": "2022-12-31", "label": None}]
    new = copy.deepcopy(old)
    measure(new, "02.01")["deadline"]["milestones"] = [{"date": "2022-06-30", "label": None}]
    assert sorted((f.kind, f.old, f.new) for f in diff_plans(old, new)) == [
        ("milestone-added", None, "2022-06-30"),
        ("milestone-removed", "2022-03-31", None),
        ("milestone-removed", "2022-12-31", None),
    ]


def test_three_targets_of_one_month_are_kept_apart():
    old = load_yaml_file(BASE).data
    targets = indicator(old, "02.i1")["targets"]
    targets[:] = [dict(targets[-1], value=value, raw=f"{value}天") for value in (3, 2, 1)]
    month = targets[0]["by"]
    new = copy.deepcopy(old)
    indicator(new, "02.i1")["targets"][2].update(value=0.5, raw="0.5天")
    assert [(f.kind, f.field, f.old, f.new) for f in diff_plans(old, new)] == [
        ("raw-changed", f"targets[{month}#3].raw", "1天", "0.5天"),
        ("value-changed", f"targets[{month}#3].value", 1, 0.5),
    ]


def test_the_inline_diff_keeps_an_unchanged_run_between_two_changes_whole_up_to_twice_the_context():
    middle = "一二三四五六七八九十"  # 10 characters: more than the context (8), not more than twice it
    assert inline_diff("甲" + middle + "乙", "丙" + middle + "丁") == f"[-甲-]{{+丙+}}{middle}[-乙-]{{+丁+}}"
