"""How far a draft agrees with the shipped data: the figures issue 24 measures the importer by."""

from __future__ import annotations

from pathlib import Path

from pyyaml_reading import safe_load


def plans_of(folder: Path) -> dict[int, dict]:
    return {plan["document"]: plan for plan in
            (safe_load(path.read_text(encoding="utf-8")) for path in sorted(Path(folder, "plans").glob("*.yaml")))}


def measure_key(measure: dict) -> tuple:
    """What a measure must agree in: id, raw deadline, milestones, raw responsibility, and the
    bodies by printed name with their roles (a draft's ids for new bodies are its own)."""
    deadline, responsible = measure["deadline"], measure["responsible"]
    return (measure["id"], deadline["raw"], [(m["date"], m["label"]) for m in deadline["milestones"]],
            responsible["raw"], [(body["name"], body["role"]) for body in responsible["bodies"]])


def indicator_key(indicator: dict) -> tuple:
    """What an indicator row must agree in: name, baseline and targets (raw and value each)."""
    baseline = indicator["baseline"]
    return (indicator["name"], baseline["raw"], baseline["value"],
            [(target["by"], target["raw"], target["value"]) for target in indicator["targets"]])


def agreement(shipped: dict[int, dict], draft: dict[int, dict]) -> dict:
    """Counts of shipped measures and indicator-table rows the draft has equal, and the ones it has
    not; and the rows the draft has by name whose unit is not the shipped one."""
    measures_equal, measures_differ, rows_equal, rows_differ, units_differ = 0, [], 0, [], []
    for number, plan in shipped.items():
        drafted = draft.get(number, {"measures": [], "indicators": []})
        by_id = {measure["id"]: measure for measure in drafted["measures"]}
        for measure in plan["measures"]:
            mine = by_id.get(measure["id"])
            if mine is not None and measure_key(mine) == measure_key(measure):
                measures_equal += 1
            else:
                measures_differ.append(measure["id"])
        rows = [indicator for indicator in drafted["indicators"] if indicator["origin"] == "table"]
        by_name = {indicator["name"]: indicator for indicator in rows}
        for indicator in plan["indicators"]:
            if indicator["origin"] != "table":
                continue
            mine = by_name.get(indicator["name"])
            if mine is not None and indicator_key(mine) == indicator_key(indicator):
                rows_equal += 1
            else:
                rows_differ.append(indicator["id"])
            if mine is not None and mine["unit"] != indicator["unit"]:
                units_differ.append(indicator["id"])
    return {"measures": measures_equal, "measures_total": measures_equal + len(measures_differ),
            "measures_differ": measures_differ, "rows": rows_equal, "rows_total": rows_equal + len(rows_differ),
            "rows_differ": rows_differ, "units_differ": units_differ}
