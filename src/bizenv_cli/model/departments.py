"""The department registry: every responsible body, its stable id and every spelling the source prints.

Pure model: built from the already-parsed mapping of ``data/departments.yaml`` (format
``bizenv/departments/1``); reading files and reporting belong to the loader and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from bizenv_cli.model.cycles import cycle_through, inside_itself
from bizenv_cli.model.line_words import (CLOSERS, LINE_WORDS, ROLE_LABELS, ROLE_WORDS, SEPARATORS, kind_of_word,
                                         longest_piece)
from bizenv_cli.model.textfold import squeeze
from bizenv_cli.model.wording import quoted_text


class Department(NamedTuple):
    """One responsible body, or a collective phrase (``group``) such as 各县（市、区）人民政府."""

    id: str
    name: str
    name_en: str
    kind: str
    group: bool
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    note: str | None = None
    # Ids of entries whose bodies this one's include (各县（市、区）人民政府 covers 各县（市）人民政府 ...).
    covers: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical name first, then every alias, as printed."""
        return (self.name, *self.aliases)


class Contradiction(NamedTuple):
    """One way a registry contradicts itself: what is wrong, and `where`, the path of the value at
    fault in the registry's document (``("departments", 7, "parent")``), so that validate names its
    line."""

    message: str
    where: tuple


class RegistryError(ValueError):
    """A registry that contradicts itself: every contradiction found, in the order of its entries, so
    that validate names each one at once rather than one per run."""

    def __init__(self, contradictions: list[Contradiction]) -> None:
        super().__init__("; ".join(contradiction.message for contradiction in contradictions))
        self.contradictions = tuple(contradictions)


def _spaced_spelling(spelling: str) -> str:
    """Why a spelling holding whitespace is refused: responsibility lines are read with their
    whitespace removed (model/responsibility.py), so none can print it, and every line naming its
    body would be a finding of its own, none of them at the spelling."""
    meant = squeeze(spelling)
    fix = f"write it {quoted_text(meant)}" if meant else "it is only whitespace"
    return (f"spelling {quoted_text(spelling)} holds whitespace, but responsibility lines are read without "
            f"theirs, so no line can name it; {fix}")


# The words of a line that part what it names: a spelling holding one between other pieces is a
# phrase of a line, not a name.
_PARTING = frozenset({*ROLE_WORDS, *ROLE_LABELS, *SEPARATORS, *CLOSERS})


def _read_as(text: str, pieces: set[str], lengths: list[int]) -> list[str] | None:
    """`text` cut into `pieces` as a responsibility line is read, longest first; None when some of
    it is no piece."""
    read, position = [], 0
    while position < len(text):
        piece = longest_piece(text, position, pieces, lengths)
        if piece is None:
            return None
        read.append(piece)
        position += len(piece)
    return read


def _cycles(departments: list[Department], by_id: dict[str, Department]) -> list[Contradiction]:
    """An entry that is its own parent, or covers itself, directly or through others: a body inside
    itself, a phrase whose bodies include its own (`covers` names narrower entries). Each cycle is
    one contradiction, at the first of its entries in file order, at the value that closes it."""
    def parent_of(entry_id: str) -> tuple[str, ...]:
        entry = by_id.get(entry_id)
        return (entry.parent,) if entry is not None and entry.parent else ()

    def covered_by(entry_id: str) -> tuple[str, ...]:
        entry = by_id.get(entry_id)
        return entry.covers if entry is not None else ()

    contradictions, seen = [], set()
    for index, department in enumerate(departments):
        if by_id.get(department.id) is not department:
            continue  # an entry with an earlier one's id: that duplicate is its one fault
        for key, following in (("parent", parent_of), ("covers", covered_by)):
            for place, first in enumerate(following(department.id)):
                cycle = cycle_through(department.id, first, following)
                if cycle is None or (key, frozenset(cycle)) in seen:
                    continue
                seen.add((key, frozenset(cycle)))
                if key == "parent":
                    where, message = ("departments", index, "parent"), inside_itself("department", cycle)
                else:
                    path = " → ".join(quoted_text(entry) for entry in (*cycle, department.id))
                    where = ("departments", index, "covers", place)
                    message = f"department {quoted_text(department.id)} covers itself" + (
                        "" if len(cycle) == 1 else f": covers {path}; an entry covers narrower ones")
                contradictions.append(Contradiction(message, where))
    return contradictions


class Registry:
    """The departments of one package, looked up by id or by any printed spelling."""

    def __init__(self, departments: list[Department], jurisdiction: str | None = None) -> None:
        self.jurisdiction = jurisdiction
        self._by_id: dict[str, Department] = {}
        self._by_spelling: dict[str, Department] = {}
        self._covering: dict[str, frozenset[str]] | None = None  # built on first use of covering()
        contradictions: list[Contradiction] = []
        sound: list[tuple[str, tuple]] = []  # the spellings no check below refuses, with their places
        for index, department in enumerate(departments):
            if department.id in self._by_id:
                contradictions.append(Contradiction(f"duplicate department id {quoted_text(department.id)}",
                                                    ("departments", index, "id")))
            else:
                self._by_id[department.id] = department
            for place, spelling in enumerate(department.spellings):
                where = ("departments", index, "name") if place == 0 else ("departments", index, "aliases", place - 1)
                if squeeze(spelling) != spelling:
                    contradictions.append(Contradiction(_spaced_spelling(spelling), where))
                elif word := kind_of_word(spelling):
                    contradictions.append(Contradiction(
                        f"spelling {quoted_text(spelling)} is {word} of responsibility lines, so no line can "
                        "name a body by it", where))
                other = self._by_spelling.get(spelling)
                # One spelling naming two bodies would make every responsibility line ambiguous. An
                # entry may repeat its own spelling, and a copied entry whose id is a duplicate is
                # that one fault, not one more for each spelling it shares with its original.
                if other is not None and other.id != department.id:
                    contradictions.append(Contradiction(
                        f"spelling {quoted_text(spelling)} belongs to both {quoted_text(other.id)} and "
                        f"{quoted_text(department.id)}", where))
                else:
                    if other is None and squeeze(spelling) == spelling and not kind_of_word(spelling):
                        sound.append((spelling, where))  # once, where first spelt
                    self._by_spelling.setdefault(spelling, department)
        contradictions += self._spellings_read_as_words(sound)
        for index, department in enumerate(departments):
            if department.parent is not None and department.parent not in self._by_id:
                contradictions.append(Contradiction(
                    f"department {quoted_text(department.id)} names unknown parent {quoted_text(department.parent)}",
                    ("departments", index, "parent")))
            for place, covered in enumerate(department.covers):
                if covered not in self._by_id:
                    contradictions.append(Contradiction(
                        f"department {quoted_text(department.id)} covers unknown department {quoted_text(covered)}",
                        ("departments", index, "covers", place)))
        contradictions += _cycles(departments, self._by_id)
        if contradictions:
            raise RegistryError(sorted(contradictions, key=lambda contradiction: contradiction.where[1]))

    def _spellings_read_as_words(self, sound: list[tuple[str, tuple]]) -> list[Contradiction]:
        """A spelling that a responsibility line prints as other pieces it reads, one of them a word
        that parts them (a role word, a role label, a separator such as 、 or a closer such as 等),
        or words alone: 市发改委牵头 as an alias is 市发改委 and 牵头, so every line printing them
        would name one body without its role (validate had named each such line in the plans, not
        the spelling); 市税务局、市财政局 or 、、 likewise. A line is read longest piece first, as
        here. Bodies run together, joined by 和 or bracketed (市发改委市财政局, （市铁路办）) part
        nothing a line says: `bizenv import` drafts such a name as printed, for review."""
        pieces = set(LINE_WORDS) | set(self._by_spelling)
        lengths = sorted({len(piece) for piece in pieces}, reverse=True)
        contradictions = []
        for spelling, where in sound:
            read = _read_as(spelling, pieces - {spelling, ""}, lengths)  # an empty piece would never end
            if read is not None and len(read) > 1 and (any(piece in _PARTING for piece in read)
                                                       or all(piece in LINE_WORDS for piece in read)):
                contradictions.append(Contradiction(
                    f"spelling {quoted_text(spelling)} reads as {' + '.join(quoted_text(piece) for piece in read)} "
                    f"in a responsibility line, so a line printing those would name "
                    f"{quoted_text(self._by_spelling[spelling].id)} by this spelling alone", where))
        return contradictions

    @classmethod
    def from_document(cls, doc: dict) -> Registry:
        """Build the registry from the parsed YAML mapping (schemas/departments.schema.json)."""
        departments = [
            Department(
                id=entry["id"],
                name=entry["name"],
                name_en=entry["name_en"],
                kind=entry["kind"],
                group=bool(entry["group"]),
                aliases=tuple(entry.get("aliases") or ()),
                parent=entry.get("parent"),
                note=entry.get("note"),
                covers=tuple(entry.get("covers") or ()),
            )
            for entry in doc["departments"]
        ]
        return cls(departments, jurisdiction=doc.get("jurisdiction"))

    def __iter__(self) -> Iterator[Department]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, department_id: object) -> bool:
        return department_id in self._by_id

    def get(self, department_id: str) -> Department:
        """The department with this id; KeyError if there is none."""
        return self._by_id[department_id]

    def by_name(self, name: str) -> Department | None:
        """The department printed as ``name`` (its canonical name or an alias), or None."""
        return self._by_spelling.get(name)

    def scope(self, department_id: str) -> frozenset[str]:
        """The ids a query for this department finds: itself and every entry it covers, transitively.

        The source prints one collective in several scopes (各县（市、区）人民政府, 各县（市、区）,
        各县（市）人民政府 ...); each is its own entry as printed, and a query for the county
        governments must still find the measures that name any of them.
        """
        found: set[str] = set()
        waiting = [department_id]
        while waiting:
            current = waiting.pop()
            if current in found:
                continue  # covers may form a cycle in a hand-edited file; each id once
            found.add(current)
            department = self._by_id.get(current)
            if department is not None:
                waiting.extend(department.covers)
        return frozenset(found)

    def covering(self, department_id: str) -> frozenset[str]:
        """The ids whose scope holds this one: itself and every entry that covers it, transitively.

        The inverse of `scope`: a measure naming 各县（市）人民政府 counts for each of these, so
        that a per-department figure is what a query for that department lists.
        """
        if self._covering is None:
            covering: dict[str, set[str]] = {}
            for department in self:
                for member in self.scope(department.id):
                    covering.setdefault(member, set()).add(department.id)
            self._covering = {member: frozenset(ids) for member, ids in covering.items()}
        return self._covering.get(department_id, frozenset((department_id,)))

    def covering_any(self, department_ids) -> set[str]:
        """The ids a figure of these bodies counts for: covering() of each, together."""
        return {key for department_id in department_ids for key in self.covering(department_id)}

    def spellings(self) -> dict[str, Department]:
        """Every printed spelling and the department it names (a copy)."""
        return dict(self._by_spelling)

    def find(self, query: str) -> list[Department]:
        """Departments matching a command-line query, for `--department` style options.

        An exact id, name or alias wins alone. Otherwise every department whose id, name or an
        alias contains the query; ascii letters compare case-insensitively (ids are lowercase,
        people type ``TAX``). The caller reports an empty list as unknown and several as ambiguous.
        """
        needle = query.strip()
        if not needle:
            return []
        folded = needle.lower()
        exact = self._by_id.get(folded) or self._by_spelling.get(needle)
        if exact is not None:
            return [exact]
        return [
            department
            for department in self
            if any(folded in text.lower() for text in (department.id, *department.spellings))
        ]
