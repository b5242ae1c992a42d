"""What changed in meaning between two versions of the plan data, keyed by measure and indicator id.

Git's line diff says that line 212 of a YAML file changed; a reviewer wants to hear that measure
04.06's deadline moved 184 days later, that 市财政局 was dropped from it, or that a target was
loosened. This module compares plan *documents* (the dicts the loader reads), never text, so
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
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from bizenv_cli.problems import field_path
from bizenv_cli.sourcetext import squeeze

# One place names every kind of finding (the README's table and the tests read it).
KINDS: dict[str, str] = {
    "plan-added": "a plan document only the new version has",
    "plan-removed": "a plan document only the old version has",
    "measure-added": "a measure id only the new version has",
    "measure-removed": "a measure id only the old version has",
    "measure-moved": "a measure now stands elsewhere in its plan (old and new are its positions); "
                     "the order of measures is the source's order, so a reviewer must see it",
    "text-changed": "a verbatim text (label, title, text, a name, a paragraph, a cell) changed; detail shows it inline",
    "deadline-changed": "the raw 时间节点 string changed; detail shows it inline",
    "milestone-moved": "a dated milestone moved; detail says by how many days, earlier or later",
    "milestone-added": "a milestone only the new deadline has",
    "milestone-removed": "a milestone only the old deadline has",
    "ongoing-changed": "the deadline became ongoing (持续推进) or stopped being so",
    "recurrence-changed": "the deadline's recurrence (每季度一次 = quarterly) changed",
    "responsible-changed": "the raw 责任单位 string changed; detail shows it inline",
    "body-added": "a body now named in a responsibility (field responsible[id]; new is its role)",
    "body-dropped": "a body no longer named in a responsibility (field responsible[id]; old was its role)",
    "role-changed": "a body's role changed (lead, support, implement, responsible; several joined by +)",
    "indicator-added": "an indicator id only the new version has",
    "indicator-removed": "an indicator id only the old version has",
    "indicator-moved": "an indicator now stands elsewhere in its plan (old and new are its positions)",
    "value-changed": "a baseline, target or frontier number changed; detail says whether the target "
                     "tightens or loosens (or the value is better or worse) given the indicator's direction",
    "raw-changed": "a baseline, target or frontier as printed changed; detail shows it inline",
    "target-added": "a target month only the new version has",
    "target-removed": "a target month only the old version has",
    "section-added": "a section id only the new version has",
    "section-removed": "a section id only the old version has",
    "section-moved": "a section now stands elsewhere in its plan (old and new are its positions)",
    "table-added": "a table id only the new version has",
    "table-removed": "a table id only the old version has",
    "table-moved": "a table now stands elsewhere in its plan (old and new are its positions)",
    "department-added": "a body only the new registry (data/departments.yaml) has",
    "department-removed": "a body only the old registry has",
    "alias-added": "a spelling of a body's name only the new registry lists (field aliases)",
    "alias-removed": "a spelling of a body's name only the old registry lists (field aliases)",
    "item-added": "an entry of a list (a paragraph, a row, a cell) only the new version has",
    "item-removed": "an entry of a list only the old version has",
    "changed": "any other value that carries meaning (unit, direction, section, a table's kind ...)",
}

# Kinds whose detail shows the changed characters inline.
INLINE_KINDS = frozenset({"text-changed", "deadline-changed", "responsible-changed", "raw-changed"})

# Annotations and provenance: they describe the plan, they are not what it says.
IGNORED_KEYS = frozenset({
    "note", "title_en", "name_en", "heading_en", "indicator_area", "direction_why",
    "line", "seq", "caption_line", "source",
})

_CONTEXT = 8  # characters of unchanged text shown either side of an inline change
_ELEMENT_KIND = {"measures": "measure", "indicators": "indicator", "sections": "section", "tables": "table",
                 "departments": "department"}
# The order findings come out in within a plan: what it is, then what it does, then its prose.
_PLAN_KEY_ORDER = ("format", "jurisdiction", "year", "package", "document", "id", "slug", "annex", "title",
                   "indicator_area", "measures", "indicators", "sections", "tables", "uplift_targets",
                   "footnotes")


@dataclass(frozen=True)
class Finding:
    """One change in meaning, keyed by the id of what changed (a plan, measure, indicator, section, table)."""

    kind: str
    plan: int | None
    id: str
    field: str
    old: Any = None
    new: Any = None
    detail: str | None = None

    def as_row(self) -> dict:
        return asdict(self)


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
    found = _Findings(number)
    plan_id = _plan_id(new, number)
    for key in _ordered_keys(old, new, _PLAN_KEY_ORDER):
        if key in IGNORED_KEYS:
            continue
        before, after = old.get(key), new.get(key)
        if key == "measures":
            found.elements("measures", before or [], after or [], _diff_measure)
        elif key == "indicators":
            found.elements("indicators", before or [], after or [], _diff_indicator)
        else:
            found.walk(plan_id, (key,), before, after)
    return found.items


def diff_registries(old: dict, new: dict) -> list[Finding]:
    """Every change in meaning from one version of the department registry to another.

    Its bodies are matched by id, in any order; a body's name, aliases, kind, group flag and
    parent are what the plans' responsibilities are read with, so each change is a finding
    (plan is None). English names and notes are annotations, as in the plans.
    """
    found = _Findings(None)
    found.text("departments", ("jurisdiction",), old.get("jurisdiction"), new.get("jurisdiction"))
    found.elements("departments", old.get("departments") or [], new.get("departments") or [],
                   _diff_department, ordered=False)
    return found.items


def _diff_department(found: "_Findings", department_id: str, old: dict, new: dict) -> None:
    found.text(department_id, ("name",), old.get("name"), new.get("name"))
    was, now = old.get("aliases") or [], new.get("aliases") or []
    for alias in was:
        if alias not in now:
            found.add("alias-removed", department_id, ("aliases",), alias, None)
    for alias in now:
        if alias not in was:
            found.add("alias-added", department_id, ("aliases",), None, alias)
    # Codes, not text: shown whole (old → new), not as an inline change of characters.
    for key in ("kind", "group", "parent"):
        if not same_meaning(old.get(key), new.get(key)):
            found.add("changed", department_id, (key,), old.get(key), new.get(key))
    found.walk(department_id, (), old, new, skip=frozenset({"id", "name", "aliases", "kind", "group", "parent"}))


def inline_diff(old: str | None, new: str | None, context: int | None = _CONTEXT) -> str:
    """The changed characters marked inline, `…旧[-删-]{+增+}…`, with a little unchanged text around each change.

    `context=None` keeps all the unchanged text: the whole old and new values, changes marked.
    Whitespace is left out on both sides: it carries no meaning in this text (see the module doc).
    """
    before, after = _squeeze(old or ""), _squeeze(new or "")
    pieces: list[str] = []
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            pieces.append(f"[-{before[i1:i2]}-]" if i2 > i1 else "")
            pieces.append(f"{{+{after[j1:j2]}+}}" if j2 > j1 else "")
            continue
        same = before[i1:i2]
        if context is None:
            pieces.append(same)
            continue
        at_start, at_end = i1 == 0, i2 == len(before)
        if at_start and at_end:
            pieces.append(same)
        elif at_start:
            pieces.append(same if len(same) <= context else "…" + same[-context:])
        elif at_end:
            pieces.append(same if len(same) <= context else same[:context] + "…")
        else:
            pieces.append(same if len(same) <= 2 * context else same[:context] + "…" + same[-context:])
    return "".join(pieces)


def same_meaning(old: Any, new: Any) -> bool:
    return _normal(old) == _normal(new)


class _Findings:
    """Collects the findings of one plan; knows how to compare lists of elements and plain values."""

    def __init__(self, plan: int | None):
        self.plan = plan
        self.items: list[Finding] = []

    def add(self, kind: str, owner: str, path: tuple, old: Any = None, new: Any = None,
            detail: str | None = None) -> None:
        self.items.append(Finding(kind, self.plan, owner, field_path(path), old, new, detail))

    def text(self, owner: str, path: tuple, old: str | None, new: str | None, kind: str = "text-changed") -> None:
        if not same_meaning(old, new):
            self.add(kind, owner, path, old, new, inline_diff(old, new))

    def elements(self, collection: str, old: list, new: list,
                 compare: Callable[["_Findings", str, dict, dict], None] | None = None,
                 ordered: bool = True) -> None:
        """Lists of records with their own `id` (measures, indicators, sections, tables): match by id.

        In a plan the order of records is the source's order (validate checks seq against it), so a
        record that changed places is a finding too; `ordered=False` is for lists whose order means
        nothing (the registry's bodies).
        """
        element = _ELEMENT_KIND.get(collection, "item")
        before = {_element_id(item, index): item for index, item in enumerate(old)}
        after = {_element_id(item, index): item for index, item in enumerate(new)}
        moved = _moved(list(before), list(after)) if ordered and element != "item" else {}
        for element_id in dict.fromkeys([*before, *after]):
            if element_id not in after:
                self.add(f"{element}-removed", element_id, (), _summary(before[element_id]), None)
            elif element_id not in before:
                self.add(f"{element}-added", element_id, (), None, _summary(after[element_id]))
            else:
                if element_id in moved:
                    self.add(f"{element}-moved", element_id, ("position",), *moved[element_id])
                if compare:
                    compare(self, element_id, before[element_id], after[element_id])
                else:
                    self.walk(element_id, (), before[element_id], after[element_id])

    def walk(self, owner: str, path: tuple, old: Any, new: Any, skip: frozenset = frozenset()) -> None:
        """Any other value: dicts key by key, lists aligned, strings shown inline."""
        if same_meaning(old, new):
            return
        if isinstance(old, dict) or isinstance(new, dict):
            if isinstance(old, (dict, type(None))) and isinstance(new, (dict, type(None))):
                old, new = old or {}, new or {}
                for key in _ordered_keys(old, new):
                    if key not in IGNORED_KEYS and key not in skip:
                        self.walk(owner, path + (key,), old.get(key), new.get(key))
                return
        if isinstance(old, (list, type(None))) and isinstance(new, (list, type(None))):
            old, new = old or [], new or []
            if old and new and _all_have_ids(old) and _all_have_ids(new):
                self.elements(path[-1] if path else "", old, new)
            else:
                self._sequence(owner, path, old, new)
            return
        if isinstance(old, (str, type(None))) and isinstance(new, (str, type(None))):
            self.text(owner, path, old, new)
            return
        self.add("changed", owner, path, old, new)

    def _sequence(self, owner: str, path: tuple, old: list, new: list) -> None:
        # Lists without ids (paragraphs, table rows, cells) are aligned like lines in a diff, so one
        # inserted paragraph is one finding, not a change to every paragraph after it.
        matcher = SequenceMatcher(None, [_key(item) for item in old], [_key(item) for item in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            paired = min(i2 - i1, j2 - j1)
            for offset in range(paired):
                self.walk(owner, path + (j1 + offset,), old[i1 + offset], new[j1 + offset])
            for index in range(i1 + paired, i2):
                self.add("item-removed", owner, path + (index,), _item_value(old[index]), None)
            for index in range(j1 + paired, j2):
                self.add("item-added", owner, path + (index,), None, _item_value(new[index]))


# --- measures -------------------------------------------------------------------------------

_MEASURE_KEYS = frozenset({"id", "label", "title", "text", "deadline", "responsible"})


def _diff_measure(found: _Findings, measure_id: str, old: dict, new: dict) -> None:
    for key in ("label", "title", "text"):
        found.text(measure_id, (key,), old.get(key), new.get(key))
    _diff_deadline(found, measure_id, old.get("deadline") or {}, new.get("deadline") or {})
    _diff_responsibility(found, measure_id, "responsible", old.get("responsible"), new.get("responsible"))
    found.walk(measure_id, (), old, new, skip=_MEASURE_KEYS)


def _diff_deadline(found: _Findings, measure_id: str, old: dict, new: dict) -> None:
    found.text(measure_id, ("deadline", "raw"), old.get("raw"), new.get("raw"), kind="deadline-changed")
    _diff_milestones(found, measure_id, old.get("milestones") or [], new.get("milestones") or [])
    if bool(old.get("ongoing")) != bool(new.get("ongoing")):
        found.add("ongoing-changed", measure_id, ("deadline", "ongoing"), bool(old.get("ongoing")),
                  bool(new.get("ongoing")), "now ongoing" if new.get("ongoing") else "no longer ongoing")
    if old.get("recurrence") != new.get("recurrence"):
        found.add("recurrence-changed", measure_id, ("deadline", "recurrence"), old.get("recurrence"),
                  new.get("recurrence"))
    found.walk(measure_id, ("deadline",), old, new, skip=frozenset({"raw", "milestones", "ongoing", "recurrence"}))


def _diff_milestones(found: _Findings, measure_id: str, old: list, new: list) -> None:
    """Pair the milestones of two deadlines: unchanged ones, then by label, then in order when as many remain."""
    before = list(enumerate(old))
    after = list(enumerate(new))
    pairs: list[tuple[tuple[int, dict], tuple[int, dict]]] = []
    for match in (_same_milestone, _same_label):
        for entry in list(before):
            partner = next((other for other in after if match(entry[1], other[1])), None)
            if partner is not None:
                pairs.append((entry, partner))
                before.remove(entry)
                after.remove(partner)
    if len(before) == len(after):
        pairs.extend(zip(before, after))
        before, after = [], []
    for (_, was), (index, now) in sorted(pairs, key=lambda pair: pair[1][0]):
        path = ("deadline", "milestones", index)
        if was.get("date") != now.get("date"):
            found.add("milestone-moved", measure_id, path + ("date",), was.get("date"), now.get("date"),
                      _days_moved(was.get("date"), now.get("date")))
        found.text(measure_id, path + ("label",), was.get("label"), now.get("label"))
    for index, was in before:
        found.add("milestone-removed", measure_id, ("deadline", "milestones", index), _milestone_text(was), None)
    for index, now in after:
        found.add("milestone-added", measure_id, ("deadline", "milestones", index), None, _milestone_text(now))


def _same_milestone(old: dict, new: dict) -> bool:
    return old.get("date") == new.get("date") and same_meaning(old.get("label"), new.get("label"))


def _same_label(old: dict, new: dict) -> bool:
    return old.get("label") is not None and same_meaning(old.get("label"), new.get("label"))


def _milestone_text(milestone: dict) -> str:
    label = milestone.get("label")
    return f"{milestone.get('date')} {label}" if label else str(milestone.get("date"))


def _days_moved(old: str | None, new: str | None) -> str | None:
    try:
        days = (date.fromisoformat(new) - date.fromisoformat(old)).days
    except (TypeError, ValueError):
        return None
    word = "later" if days > 0 else "earlier"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {word}"


def _diff_responsibility(found: _Findings, owner: str, key: str, old: dict | None, new: dict | None) -> None:
    old, new = old or {}, new or {}
    found.text(owner, (key, "raw"), old.get("raw"), new.get("raw"), kind="responsible-changed")
    before, after = _roles_by_body(old), _roles_by_body(new)
    for body in dict.fromkeys([*before, *after]):
        (was, old_name), (now, new_name) = before.get(body, (None, None)), after.get(body, (None, None))
        if was == now:
            continue
        kind = "body-added" if was is None else "body-dropped" if now is None else "role-changed"
        # The field names the body, old and new are its roles, detail is its name as printed.
        found.add(kind, owner, (f"{key}[{body}]",), was, now, new_name or old_name)
    found.walk(owner, (key,), old, new, skip=frozenset({"raw", "bodies"}))


def _roles_by_body(responsibility: dict) -> dict[str, tuple[str, str | None]]:
    """{body id: (its roles joined by +, the name it is printed as)}."""
    roles: dict[str, list[str]] = {}
    names: dict[str, str | None] = {}
    for body in responsibility.get("bodies") or []:
        listed = roles.setdefault(body.get("id"), [])
        names.setdefault(body.get("id"), body.get("name"))
        if body.get("role") not in listed:
            listed.append(body.get("role"))
    return {body: ("+".join(str(role) for role in listed), names[body]) for body, listed in roles.items()}


# --- indicators -----------------------------------------------------------------------------

_INDICATOR_KEYS = frozenset({"id", "name", "phrase", "baseline", "targets", "frontier", "responsible", "lead",
                             "unit", "direction"})


def _diff_indicator(found: _Findings, indicator_id: str, old: dict, new: dict) -> None:
    for key in ("name", "phrase"):
        found.text(indicator_id, (key,), old.get(key), new.get(key))
    # A unit and a direction are read whole (lower → higher), not as changed characters.
    for key in ("unit", "direction"):
        if not same_meaning(old.get(key), new.get(key)):
            found.add("changed", indicator_id, (key,), old.get(key), new.get(key))
    # Judged by the new direction: a reviewer asks whether the plan as it now stands got stricter.
    direction, unit = new.get("direction"), new.get("unit")
    _diff_value(found, indicator_id, ("baseline",), old.get("baseline"), new.get("baseline"), direction, unit)
    before, after = _targets_by_month(old), _targets_by_month(new)
    for month in sorted(set(before) | set(after)):
        path = (f"targets[{month}]",)
        if month not in after:
            found.add("target-removed", indicator_id, path, _value_text(before[month]), None)
        elif month not in before:
            found.add("target-added", indicator_id, path, None, _value_text(after[month]))
        else:
            _diff_value(found, indicator_id, path, before[month], after[month], direction, unit, target=True)
    _diff_value(found, indicator_id, ("frontier",), old.get("frontier"), new.get("frontier"), direction, unit)
    for key in ("lead", "responsible"):
        if not same_meaning(old.get(key), new.get(key)):
            _diff_responsibility(found, indicator_id, key, old.get(key), new.get(key))
    found.walk(indicator_id, (), old, new, skip=_INDICATOR_KEYS)


def _targets_by_month(indicator: dict) -> dict[str, dict]:
    targets: dict[str, dict] = {}
    for target in indicator.get("targets") or []:
        month, copy = str(target.get("by")), 2
        while month in targets:  # two targets for one month: keep both, apart
            month = f"{target.get('by')}#{copy}"
            copy += 1
        targets[month] = target
    return targets


def _diff_value(found: _Findings, owner: str, path: tuple, old: dict | None, new: dict | None,
                direction: str | None, unit: str | None, target: bool = False) -> None:
    old, new = old or {}, new or {}
    found.text(owner, path + ("raw",), old.get("raw"), new.get("raw"), kind="raw-changed")
    was, now = old.get("value"), new.get("value")
    if not same_meaning(was, now):
        found.add("value-changed", owner, path + ("value",), was, now, _judge(was, now, direction, unit, target))
    found.walk(owner, path, old, new, skip=frozenset({"raw", "value", "by"}))


def _judge(old: Any, new: Any, direction: str | None, unit: str | None, target: bool) -> str | None:
    """Whether a new number is stricter: for a target, tightens/loosens; for a baseline or frontier, better/worse."""
    if not _is_number(old) or not _is_number(new) or direction not in ("lower", "higher"):
        return None
    better = new < old if direction == "lower" else new > old
    if target:
        word = "tightens" if better else "loosens"
    else:
        word = "better" if better else "worse"
    change = ("+" if new > old else "") + _number(new - old) + (f" {unit}" if unit else "")
    return f"{word} ({change}; {direction} is better)"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_text(value: dict) -> str | None:
    raw, number = value.get("raw"), value.get("value")
    if number is None:
        return raw
    return f"{raw} ({_number(number)})" if raw is not None else _number(number)


def _number(value: float) -> str:
    # round() hides float noise (1 - 0.9 = 0.09999999999999998) without :g's exponent for big numbers.
    value = round(value, 9)
    return str(int(value)) if float(value).is_integer() else repr(value)


# --- shared helpers -------------------------------------------------------------------------

def _plan_id(doc: dict, number: int | None) -> str:
    return str(doc.get("id") or (f"{number:02d}" if isinstance(number, int) else "?"))


def _plan_size(doc: dict) -> str:
    return f"{len(doc.get('measures') or [])} measures, {len(doc.get('indicators') or [])} indicators"


def _element_id(item: Any, index: int) -> str:
    if isinstance(item, dict) and item.get("id") is not None:
        return str(item["id"])
    return f"#{index + 1}"  # a record without an id (a file being written) is matched by position


def _moved(old_ids: list[str], new_ids: list[str]) -> dict[str, tuple[int, int, str]]:
    """{id: (old position, new position, where it now stands)} for the records that changed places.

    The records both versions have keep their relative order except for the fewest that moved (the
    longest common subsequence stays put), so swapping two neighbours is one move, not two.
    """
    kept = set(old_ids) & set(new_ids)
    before = [element_id for element_id in old_ids if element_id in kept]
    after = [element_id for element_id in new_ids if element_id in kept]
    if before == after:
        return {}
    staying: set[str] = set()
    for block in SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks():
        staying.update(before[block.a:block.a + block.size])
    moved = {}
    for index, element_id in enumerate(after):
        if element_id not in staying:
            where = f"now after {after[index - 1]}" if index else "now first"
            moved[element_id] = (old_ids.index(element_id) + 1, new_ids.index(element_id) + 1, where)
    return moved


def _all_have_ids(items: list) -> bool:
    return all(isinstance(item, dict) and item.get("id") is not None for item in items)


def _summary(element: Any) -> Any:
    """What an added or removed record is, in a few words: its title, name, heading or caption."""
    if not isinstance(element, dict):
        return element
    for key in ("title", "name", "heading", "caption", "text"):
        if element.get(key):
            return element[key]
    # A section without a heading (a preamble) is known by its first paragraph.
    for paragraph in element.get("paragraphs") or []:
        if isinstance(paragraph, dict) and paragraph.get("text"):
            return paragraph["text"]
    return None


def _item_value(item: Any) -> Any:
    if isinstance(item, dict):
        for key in ("text", "raw", "name"):
            if key in item:
                return item[key]
    return _normal(item) if isinstance(item, (dict, list)) else item


def _ordered_keys(old: dict, new: dict, preferred: tuple = ()) -> list[str]:
    # A fixed order, so that findings never depend on the order keys were written in.
    keys = set(old) | set(new)
    return [key for key in preferred if key in keys] + sorted(keys - set(preferred))


def _squeeze(text: str) -> str:
    return squeeze(text)


def _normal(value: Any) -> Any:
    """A value as far as meaning goes: no annotations, no whitespace, null the same as absent and as an
    empty string (an empty cell is an empty cell, written "" or null), 1.0 == 1."""
    if isinstance(value, dict):
        normal = {key: _normal(item) for key, item in value.items() if key not in IGNORED_KEYS}
        return {key: item for key, item in normal.items() if item is not None}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, str):
        return _squeeze(value) or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _key(item: Any) -> str:
    return json.dumps(_normal(item), ensure_ascii=False, sort_keys=True)
