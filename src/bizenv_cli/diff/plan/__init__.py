"""What changed in meaning between two versions of the plan data, keyed by measure and indicator id.

Git's line diff says that line 212 of a YAML file changed; a reviewer wants to hear that measure
04.06's deadline moved 184 days later, that 市财政局 was dropped from it, or that a target was
loosened. This package compares plan *documents* (the dicts the loader reads), never text, so
reformatting the YAML or reordering keys is no change. Two more things are no change in meaning:

- whitespace inside a value: the extraction's line breaks and stray spaces may be kept or dropped
  (docs/data-format.md), and the source audit ignores whitespace for the same reason;
- annotations and provenance (IGNORED_KEYS): English glosses, notes, direction_why, source line
  numbers and seq describe the plan, they are not what it says. `git diff` with the textconv
  driver (textconv.py) still shows them to a reviewer.

The department registry is compared too (diff_registries): a body's name, aliases, kind or parent
are what every responsibility line is read with. Order is meaning in a plan (the source's order,
which validate checks), so a measure that changed places is a finding; in the registry it is not.

Everything here is pure: documents in, findings out. versions.py finds the documents
in files, folders or git revisions, and the CLI (cli/diff_cmd.py) renders the findings.

This module is the entry point (a plan package, a plan, the registry); the parts, each with one job:
- kinds.py: the Finding record and the names of its kinds (KINDS, INLINE_KINDS);
- text.py: what counts as the same value (same_meaning, IGNORED_KEYS) and inline_diff;
- findings.py: the collector, and the generic comparison (records by id, moves, lists, dicts);
- measures.py: a measure's texts, deadline and milestones;
- indicators.py: an indicator's unit, direction, baseline, targets and frontier, judged by direction;
- responsibilities.py: the bodies and roles of a responsibility (measures and indicators both have one).
"""

from __future__ import annotations

from collections.abc import Mapping

from bizenv_cli.diff.plan.findings import Findings, ordered_keys
from bizenv_cli.diff.plan.indicators import diff_indicator
from bizenv_cli.diff.plan.kinds import INLINE_KINDS, KINDS, Finding
from bizenv_cli.diff.plan.measures import diff_measure
from bizenv_cli.diff.plan.text import IGNORED_KEYS, inline_diff, same_meaning

# The names callers import from bizenv_cli.diff.plan (versions.py, cli/diff_cmd.py, diff/ledger.py, tests).
__all__ = ["IGNORED_KEYS", "INLINE_KINDS", "KINDS", "Finding", "diff_packages", "diff_plans", "diff_registries",
           "inline_diff", "same_meaning"]

# The order findings come out in within a plan: what it is, then what it does, then its prose.
_PLAN_KEY_ORDER = ("format", "jurisdiction", "year", "package", "document", "id", "slug", "annex", "title",
                   "indicator_area", "measures", "indicators", "sections", "tables", "uplift_targets",
                   "footnotes")


def diff_packages(old: Mapping[int, dict], new: Mapping[int, dict]) -> list[Finding]:
    """Compare two sets of plan documents, matched by document number."""
    findings: list[Finding] = []
    for number in sorted(set(old) | set(new)):
        before, after = old.get(number), new.get(number)
        if before is None:
            findings.append(Finding("plan-added", number, _plan_id(after, number), "", None, after.get("title"),
                                    _plan_size(after)))
        elif after is None:
            findings.append(Finding("plan-removed", number, _plan_id(before, number), "", before.get("title"), None,
                                    _plan_size(before)))
        else:
            findings.extend(diff_plans(before, after))
    return findings


def diff_plans(old: dict, new: dict) -> list[Finding]:
    """Every change in meaning from one version of a plan document to another."""
    number = new.get("document", old.get("document"))
    found = Findings(number)
    plan_id = _plan_id(new, number)
    for key in ordered_keys(old, new, _PLAN_KEY_ORDER):
        if key in IGNORED_KEYS:
            continue
        before, after = old.get(key), new.get(key)
        if key == "measures":
            found.elements("measures", before or [], after or [], diff_measure)
        elif key == "indicators":
            found.elements("indicators", before or [], after or [], diff_indicator)
        else:
            found.walk(plan_id, (key,), before, after)
    return found.items


def diff_registries(old: dict, new: dict) -> list[Finding]:
    """Every change in meaning from one version of the department registry to another.

    Its bodies are matched by id, in any order; a body's name, aliases, kind, group flag and
    parent are what the plans' responsibilities are read with, so each change is a finding
    (plan is None). English names and notes are annotations, as in the plans.
    """
    found = Findings(None)
    found.text("departments", ("jurisdiction",), old.get("jurisdiction"), new.get("jurisdiction"))
    found.elements("departments", old.get("departments") or [], new.get("departments") or [],
                   _diff_department, ordered=False)
    return found.items


def _set_changes(found: Findings, department_id: str, key: str, kinds: tuple[str, str], old: dict,
                 new: dict) -> None:
    """What left and what joined a list whose order means nothing, each a finding of `kinds`
    (removed, added)."""
    was, now = old.get(key) or [], new.get(key) or []
    for value in was:
        if value not in now:
            found.add(kinds[0], department_id, (key,), value, None)
    for value in now:
        if value not in was:
            found.add(kinds[1], department_id, (key,), None, value)


def _diff_department(found: Findings, department_id: str, old: dict, new: dict) -> None:
    found.text(department_id, ("name",), old.get("name"), new.get("name"))
    _set_changes(found, department_id, "aliases", ("alias-removed", "alias-added"), old, new)
    # The bodies a collective covers are a set of ids (Registry.scope): one added or dropped is a
    # finding, their order is none (compared as a list, a swap read as two ids "changed" inline).
    _set_changes(found, department_id, "covers", ("item-removed", "item-added"), old, new)
    # Codes, not text: shown whole (old → new), not as an inline change of characters.
    found.whole(department_id, ("kind", "group", "parent"), old, new)
    found.walk(department_id, (), old, new,
               skip=frozenset({"id", "name", "aliases", "covers", "kind", "group", "parent"}))


def _plan_id(doc: dict, number: int | None) -> str:
    return str(doc.get("id") or (f"{number:02d}" if isinstance(number, int) else "?"))


def _plan_size(doc: dict) -> str:
    return f"{len(doc.get('measures') or [])} measures, {len(doc.get('indicators') or [])} indicators"
