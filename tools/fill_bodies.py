"""Fill the `bodies` of every responsibility record in plan files from its raw string.

    python tools/fill_bodies.py [--check] [--departments FILE] [PLAN.yaml ...]

Without paths, every data/plans/*.yaml of this checkout. Each measure's `responsible` and each
indicator's `responsible` and `lead` whose `raw` is not null gets `bodies` = the assignments
`bizenv_cli.model.responsibility.parse_responsibility` reads from the raw string against the registry
(data/departments.yaml); a table's 牵头单位 column (`lead`) gives unmarked bodies the role lead.
Files are written back through the canonical writer, only when something changed.

Exit status: 0 done (or, with --check, nothing would change); 1 an unknown body, or with --check
a file that would change. Nothing is written for a file with an unknown body.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# libyaml's reader where PyYAML has it: the same values as the pure-Python SafeLoader, read faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
sys.path.insert(0, str(REPO / "src"))

from bizenv_cli.model.departments import Registry  # noqa: E402
from bizenv_cli.model.responsibility import UnreadableLine, parse_responsibility  # noqa: E402
from bizenv_cli.files.yamlwrite import dump_plan, write_plan  # noqa: E402


def responsibility_records(plan: dict):
    """(field path, record, role of unmarked bodies) for every responsibility record with a raw string."""
    for index, measure in enumerate(plan.get("measures") or []):
        yield f"measures[{index}].responsible", measure.get("responsible"), "responsible"
    for index, indicator in enumerate(plan.get("indicators") or []):
        yield f"indicators[{index}].responsible", indicator.get("responsible"), "responsible"
        # The column header 牵头单位 is the role word for every body in the cell.
        yield f"indicators[{index}].lead", indicator.get("lead"), "lead"


def with_bodies(record: dict, bodies: list[dict]) -> dict:
    """The record with `bodies` set, keeping the schema's key order (raw, line, bodies, note)."""
    if "bodies" in record:
        return {**record, "bodies": bodies}
    ordered: dict = {}
    for key, value in record.items():
        if key == "note":
            ordered["bodies"] = bodies
        ordered[key] = value
    ordered.setdefault("bodies", bodies)
    return ordered


def fill_plan(plan: dict, registry: Registry) -> list[str]:
    """Fill `plan` in place; return the problems (field path: message), empty when all went well."""
    problems = []
    for path, record, unmarked_role in responsibility_records(plan):
        if not isinstance(record, dict) or record.get("raw") is None:
            continue
        try:
            assignments = parse_responsibility(record["raw"], registry, unmarked_role=unmarked_role)
        except UnreadableLine as error:
            problems.append(f"{path}.raw: {error}")
            continue
        filled = with_bodies(record, [assignment._asdict() for assignment in assignments])
        record.clear()
        record.update(filled)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plans", nargs="*", type=Path, help="plan files (default: data/plans/*.yaml)")
    parser.add_argument("--departments", type=Path, default=REPO / "data" / "departments.yaml")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    options = parser.parse_args(argv)

    registry = Registry.from_document(yaml.load(options.departments.read_text(encoding="utf-8"), Loader=LOADER))
    plans = options.plans or sorted((REPO / "data" / "plans").glob("*.yaml"))
    status = 0
    for path in plans:
        before = path.read_text(encoding="utf-8")
        plan = yaml.load(before, Loader=LOADER)
        problems = fill_plan(plan, registry)
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        if problems:
            status = 1
            continue
        after = dump_plan(plan)
        if after == before:
            continue
        if options.check:
            print(f"{path}: bodies out of date", file=sys.stderr)
            status = 1
        else:
            write_plan(path, plan)  # temp file + rename: a failure never leaves half a plan
            print(f"{path}: bodies filled", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
