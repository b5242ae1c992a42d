"""The collector of findings, and the generic comparison every part of a plan falls back on.

`Findings` gathers the findings of one plan (or of the registry). It knows how to compare what has
no rule of its own: records with ids (matched by id, moves found), lists without ids (aligned like
lines in a diff), dicts key by key, texts inline. measures.py and indicators.py add the rules that
know what a deadline or a target means, and hand the rest back to `walk`.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

from bizenv_cli.diff.plan.kinds import Finding
from bizenv_cli.diff.plan.text import IGNORED_KEYS, inline_diff, meaning_key, normal, same_meaning
from bizenv_cli.files.problems import field_path

# A finding's kind says what was added, removed or moved: "measure-added", "item-removed".
_ELEMENT_KIND = {"measures": "measure", "indicators": "indicator", "sections": "section", "tables": "table",
                 "departments": "department"}


class Findings:
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

    def whole(self, owner: str, keys: tuple, old: dict, new: dict) -> None:
        """Codes and words read whole (a body's kind, a unit, a direction): `old → new`, never inline."""
        for key in keys:
            if not same_meaning(old.get(key), new.get(key)):
                self.add("changed", owner, (key,), old.get(key), new.get(key))

    def elements(self, collection: str, old: list, new: list,
                 compare: Callable[["Findings", str, dict, dict], None] | None = None,
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
                for key in ordered_keys(old, new):
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
        matcher = SequenceMatcher(None, [meaning_key(item) for item in old], [meaning_key(item) for item in new],
                                  autojunk=False)
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


def ordered_keys(old: dict, new: dict, preferred: tuple = ()) -> list[str]:
    # A fixed order, so that findings never depend on the order keys were written in.
    keys = set(old) | set(new)
    return [key for key in preferred if key in keys] + sorted(keys - set(preferred))


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
    # An added or removed entry is shown by its text where it has one, not as a whole record.
    if isinstance(item, dict):
        for key in ("text", "raw", "name"):
            if key in item:
                return item[key]
    return normal(item) if isinstance(item, (dict, list)) else item
