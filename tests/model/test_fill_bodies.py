"""tools/fill_bodies.py, which fills every responsibility record's `bodies` from its raw string, agrees
with the shipped data and puts back bodies a plan file lost (docs/data-format.md)."""

from __future__ import annotations

import shutil
import sys

from conftest import DATA, REPO

sys.path.insert(0, str(REPO / "tools"))
import fill_bodies  # noqa: E402

PLAN = "09-paying-taxes.yaml"


def test_the_shipped_bodies_are_what_the_raw_strings_give():
    assert fill_bodies.main(["--check"]) == 0


def test_lost_bodies_are_found_by_check_and_put_back(tmp_path, capsys):
    plan = tmp_path / PLAN
    shutil.copy(DATA / "plans" / PLAN, plan)
    shipped = plan.read_text(encoding="utf-8")
    lost = "    bodies:\n    - name: 市税务局\n      id: tax\n      role: responsible\n"
    assert lost in shipped
    plan.write_text(shipped.replace(lost, "    bodies: []\n", 1), encoding="utf-8")
    assert fill_bodies.main(["--check", str(plan)]) == 1
    assert "bodies out of date" in capsys.readouterr().err
    assert fill_bodies.main([str(plan)]) == 0
    assert plan.read_text(encoding="utf-8") == shipped
