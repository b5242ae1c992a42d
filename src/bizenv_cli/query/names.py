"""A department or a plan named as people type it: the one it names, or why it names none.

`find_department(registry, "税务局")` is 市税务局; `find_plan_number(package, "纳税")` is 9. A name that
fits nothing raises NoMatch with the nearest spellings ("did you mean"); one that fits several
raises Ambiguous with them all. The wording of a message, and what to type instead, is the
caller's (the command line words it for its option: cli/options.py).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING
from unicodedata import normalize

from bizenv_cli.model.wording import LIST_SEPARATOR, did_you_mean
from bizenv_cli.query.show import find_plan, plans_titled

if TYPE_CHECKING:
    from bizenv_cli.model.departments import Department, Registry

# A misspelt character of four (市税物局) still matches at 0.6; half the characters in common
# does not, since every 市X局 shares 市 and 局 with every other (市交通局 is not 市财政局).
CLOSE_ENOUGH = 0.6
SUGGESTED = 3


class NameNotResolved(LookupError):
    """A department or plan name that does not name exactly one."""

    def __init__(self, query: str, message: str) -> None:
        super().__init__(message)
        self.query = query


class NoMatch(NameNotResolved):
    """Nothing has this name; `suggestions` are the nearest (departments, plans' slugs, or ids).
    `message` words it where the default does not fit (query/show.missing_item's, for an id)."""

    def __init__(self, query: str, kind: str, suggestions: list, message: str | None = None) -> None:
        named = [getattr(item, "name", item) for item in suggestions]
        super().__init__(query, message or f"no {kind} matches '{query}'{did_you_mean(named)}")
        self.suggestions = suggestions


class Ambiguous(NameNotResolved):
    """Several have this name (or hold it in theirs): `matches`, in the order of the data."""

    def __init__(self, query: str, kind: str, matches: list) -> None:
        # The first few by name, for a caller who prints the message (the CLI lists them itself).
        named = [getattr(item, "name", None) or getattr(item, "title", str(item)) for item in matches[:3]]
        more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
        super().__init__(query, f"'{query}' matches {len(matches)} {kind}s: {LIST_SEPARATOR['en'].join(named)}{more}")
        self.matches = matches


def find_department(registry: "Registry", query: str) -> "Department":
    """The one department `query` names: its id, name or any alias as printed, or an unambiguous
    part of one (Registry.find); brackets and commas typed half-width (各县(市、区)人民政府) match
    the full-width ones the registry prints."""
    found = registry.find(query)
    if not found and any(char in query for char in "()（）,:;"):
        folded = normalize("NFKC", query.strip())
        found = [department for department in registry
                 if any(normalize("NFKC", spelling) == folded for spelling in department.spellings)] \
            or [department for department in registry
                if any(folded in normalize("NFKC", spelling) for spelling in department.spellings)]
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(query, "department", found)
    raise NoMatch(query, "department", department_suggestions(registry, query))


def department_suggestions(registry: "Registry", query: str) -> "list[Department]":
    """The departments whose id or a spelling is nearest `query` (a typo), each once, nearest first.
    A part of a name or alias as long as `query` counts too, since --dept takes a part: 税物局 is a
    typo of 税务局, the part of 市税务局 typed without its 市. An id counts whole: its parts are
    English syllables, near far too many typos (taz is near tax, and near the tra of transport)."""
    width = len(query)
    bodies_of: dict[str, list] = {}
    for department in registry:
        parts = {department.id} | {spelling[start:start + width] for spelling in department.spellings
                                   for start in range(len(spelling) - width + 1)} | set(department.spellings)
        for part in parts:
            bodies_of.setdefault(part, []).append(department)
    close = difflib.get_close_matches(query, list(bodies_of), n=len(bodies_of), cutoff=CLOSE_ENOUGH)
    return list(dict.fromkeys(body for part in close for body in bodies_of[part]))[:SUGGESTED]


def find_plan_number(package, text: str) -> int:
    """The number of the one plan `text` names: its number (9), id (09), slug or file stem, or a
    part of exactly one title (纳税) as search compares text."""
    plan = find_plan(package.plan_refs(), text)  # number, id, slug: from the store's index, no plan decoded
    if plan is not None:
        return plan.number
    if text.strip().isdigit():  # a number names a plan by its number only, never a part of a title (2022)
        raise NoMatch(text, "plan", [])
    titled = plans_titled(package.plans, text)
    if len(titled) == 1:
        return titled[0].number
    if titled:
        raise Ambiguous(text, "plan", titled)
    raise NoMatch(text, "plan", plan_suggestions(package.plans, text))


def plan_suggestions(plans, text: str) -> list[str]:
    """The slugs nearest `text` (a misspelt slug), nearest first."""
    return difflib.get_close_matches(text.strip().lower(), [plan.slug for plan in plans], n=SUGGESTED,
                                     cutoff=CLOSE_ENOUGH)
