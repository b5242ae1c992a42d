"""Links that lead back to where they start: a section or a registry entry inside itself.

A plan's sections name their parent, the registry's entries their parent and the narrower entries
they cover. Each kind of link may close a cycle in a hand-edited file; `validate` and the registry
find it the same way and say it in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bizenv_cli.model.wording import quoted_text


def cycle_through(start: str, first: str, following: Callable[[str], Iterable[str]]) -> list[str] | None:
    """The cycle from `start` through `first` back to `start` (its ids, `start` first, not repeated
    at the end; the shortest such), or None when `first` does not lead back. `following(id)` gives
    the ids an id links to (none for an id that names nothing)."""
    came_from: dict[str, str | None] = {first: None}
    waiting = [first]
    while waiting:
        current = waiting.pop(0)
        if current == start:
            back = []
            while current is not None:
                back.append(current)
                current = came_from[current]
            return [start, *reversed(back[1:])]
        for linked in following(current):
            if linked not in came_from:
                came_from[linked] = current
                waiting.append(linked)
    return None


def inside_itself(kind: str, cycle: list[str]) -> str:
    """What a cycle of parents means, for a `kind` of entry ('section', 'department'): `cycle` as
    `cycle_through` gives it."""
    named = quoted_text(cycle[0])
    if len(cycle) == 1:
        return f"{kind} {named} is its own parent"
    return f"{kind} {named} is inside itself: parent " + " → ".join(quoted_text(entry) for entry in (*cycle, cycle[0]))
