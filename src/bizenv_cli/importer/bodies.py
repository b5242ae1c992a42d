"""The bodies a responsibility line names, read without a registry, and the registry a draft gets.

A package's registry (data/departments.yaml) is what `model.responsibility` reads lines with; a new
package has none, or last year's. So the draft's registry is built here: each line is cut into the
names it prints (`printed_names`), every name the given registry does not know becomes a new entry
(its printed name, an id, listed for review), and the line is then read by the same reader
`bizenv validate` uses, against that registry: the draft's bodies are what validate finds.

How a line is cut, beyond model.responsibility's connectives and role words:
- ``和`` and ``及`` join two bodies only when the text before them ends like a body
  (市住房和城乡建设局 is one name: 市住房 ends like no body);
- a bracket inside a name stays in it (各县（市、区）人民政府, 各县（市、区）); a bracket after a name
  that holds a body of its own (市发改委（市铁路办）) is a second body;
- quotes hold whatever they quote (全市部门联合“双随机、一公开”联席会议制度成员单位);
- a bracket that holds a role word alone (市税务局（牵头）) ends the name before it.

A piece that names a time (（市税务局负责，2023年9月底前完成）: a deadline printed in the bracket) is
no body: it is not registered, and the line is left unread for a reviewer (`TimeInLine`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bizenv_cli.model.departments import Department, Registry, RegistryError
from bizenv_cli.model.line_words import CLOSERS, JOINERS, ROLE_LABELS, ROLE_WORDS, SEPARATORS, kind_of_word
from bizenv_cli.model.responsibility import UnknownBody, parse_responsibility
from bizenv_cli.model.records import Assignment
from bizenv_cli.model.textfold import squeeze

# How the names of bodies end (局, 委员会, 中心, 人民政府 ...): a text ending so can be a whole body.
BODY_ENDINGS = ("局", "委", "委员会", "办", "办公室", "中心", "院", "法院", "政府", "部门", "单位", "公司", "会",
                "管委会", "行", "支行", "海关", "所", "队", "社", "处", "厅", "部", "组", "站", "机构", "集团",
                "联社", "县", "区", "市", "（市、区）", "(市、区)", "企业", "银行")
_OPEN, _CLOSE = "（(", "）)"
_QUOTES = {"“": "”", '"': '"', "‘": "’", "「": "」"}
_ROLE_PIECES = sorted({*ROLE_WORDS, *ROLE_LABELS}, key=len, reverse=True)
# A sentence's end after the last name (市财政局。): it ends the name, and is no part of it.
_STOPS = ("。", "．")
# What a deadline prints and no body's name does: a figure of a date (2023年, 9月, 30日), the end of
# a month or year (底前), a completion (前完成), or a word of lasting work (长期坚持, 持续推进, 常态化).
_TIME = re.compile(r"\d\s*(?:年|月|日|号)|底前|前完成|长期|持续|常态化")


class TimeInLine(UnknownBody):
    """A responsibility line that prints a time among its bodies: a deadline, not a body to register."""

    def __init__(self, name: str, raw: str) -> None:
        super().__init__(name, raw)
        self.args = (f"{name!r} prints a time, which is no body (a deadline belongs on a line of its own, "
                     f"完成时限：…)",)


class PunctuationInLine(UnknownBody):
    """A responsibility line that prints punctuation its reader has no word for (a closing ．; a 。 that
    ends the line the reader reads as no piece)."""

    def __init__(self, name: str, raw: str) -> None:
        super().__init__(name, raw)
        self.args = (f"{name!r} is punctuation the responsibility reader does not read: the line reads only "
                     f"without it",)


# What a line or cell prints for no body at all, besides punctuation (—, /).
NO_BODY = ("无", "暂无")


class NoBodyInLine(UnknownBody):
    """A responsibility line that prints that it names no body (责任单位：无)."""

    def __init__(self, name: str, raw: str) -> None:
        super().__init__(name, raw)
        self.args = (f"{name!r} says that no body is named, which is no body to register",)


def _refuse_no_body(name: str, raw: str) -> None:
    """Raise when a piece of the line `raw` is no body's name: a time, punctuation alone, or 无."""
    if names_a_time(name):
        raise TimeInLine(name, raw)
    if is_punctuation(name):
        raise PunctuationInLine(name, raw)
    if name in NO_BODY:
        raise NoBodyInLine(name, raw)


def is_punctuation(name: str) -> bool:
    """A piece with no letter or digit (。, ．): no body's name, whatever the reader leaves of a line."""
    return not any(character.isalnum() for character in name)


def names_a_time(name: str) -> bool:
    """Whether a piece of a responsibility line is a time (2023年9月底前完成, 6月底前, 长期坚持), read as
    NFKC reads it (２０２３年), rather than the name of a body."""
    return _TIME.search(unicodedata.normalize("NFKC", name)) is not None


def printed_names(raw: str) -> list[str]:
    """The names of bodies a responsibility line prints, in order, read without a registry."""
    text = squeeze(raw)
    names: list[str] = []
    current = ""
    position = 0

    def flush() -> None:
        nonlocal current
        if current:
            names.append(current)
        current = ""

    while position < len(text):
        character = text[position]
        if character in _QUOTES:
            end = text.find(_QUOTES[character], position + 1)
            end = len(text) if end == -1 else end + 1
            current += text[position:end]
            position = end
            continue
        if character in _OPEN:
            end = _matching_bracket(text, position)
            inner = text[position + 1:end - 1]
            after = text[end:end + 1]
            ends_here = not after or after in SEPARATORS or any(
                text.startswith(piece, end) for piece in (*_ROLE_PIECES, *CLOSERS, *JOINERS))
            if inner in _ROLE_PIECES:  # 市税务局（牵头）: the bracket gives the name before it a role
                flush()
            elif current and ends_here and ends_like_a_body(inner) and not _is_scope(inner):
                flush()  # 市发改委（市铁路办）: the bracket names a second body
                names.extend(printed_names(inner))
            else:
                current += text[position:end]
            position = end
            continue
        role = next((piece for piece in _ROLE_PIECES if text.startswith(piece, position)), None)
        if role is not None:
            flush()
            position += len(role)
            continue
        closer = next((piece for piece in CLOSERS if text.startswith(piece, position)), None)
        if closer is not None and ends_like_a_body(current):
            flush()
            position += len(closer)
            continue
        if character in SEPARATORS or character in _STOPS or (character in JOINERS and ends_like_a_body(current)):
            flush()
            position += 1
            continue
        current += character
        position += 1
    flush()
    return names


def _matching_bracket(text: str, start: int) -> int:
    """The position after the bracket that closes the one at `start` (the end if none does)."""
    depth = 0
    for position in range(start, len(text)):
        if text[position] in _OPEN:
            depth += 1
        elif text[position] in _CLOSE:
            depth -= 1
            if depth == 0:
                return position + 1
    return len(text)


def ends_like_a_body(text: str) -> bool:
    """Whether a text ends as the names of bodies do (a name read off a line that does not is listed
    for review as such)."""
    return len(text) >= 2 and text.endswith(BODY_ENDINGS)


def _is_scope(inner: str) -> bool:
    """A bracket that narrows a collective (（市、区）, （市）) rather than naming a body."""
    return len(inner) <= 3 or all(part in ("市", "县", "区") for part in re.split("[、,，]", inner))


@dataclass
class DraftRegistry:
    """The registry a draft is read with: the given one's bodies, then each new printed name."""

    known: Registry | None
    jurisdiction: str
    new: list[Department] = field(default_factory=list)
    _by_name: dict[str, Department] = field(default_factory=dict)
    _registry: Registry | None = None

    def add_names(self, names: list[str]) -> list[str]:
        """Register the names no registry knows yet; the ones added, in order."""
        added = []
        for name in names:
            if self.known is not None and self.known.by_name(name) is not None:
                continue
            if name in self._by_name or kind_of_word(name):  # a registry refuses a body so spelled
                continue
            if names_a_time(name) or is_punctuation(name) or name in NO_BODY:  # read() refuses the line
                continue
            department = Department(
                id=self._new_id(), name=name, name_en=name, kind=_kind_of(name), group=_is_group(name),
                aliases=(), parent=None,
                note="needs-review: a body first read in this package; its id, name_en and kind are drafts")
            try:  # a spelling the registry refuses would leave every later line of the package unread
                Registry([*(self.known or ()), *self.new, department], jurisdiction=self.jurisdiction)
            except RegistryError:
                continue
            self.new.append(department)
            self._by_name[name] = department
            self._registry = None
            added.append(name)
        return added

    def id_of(self, name: str) -> str | None:
        department = self._by_name.get(name) or (self.known.by_name(name) if self.known is not None else None)
        return department.id if department is not None else None

    def _new_id(self) -> str:
        """The first body-NNN that neither the given registry (a draft's, read for the next package)
        nor this draft has given yet."""
        taken = {department.id for department in (*(self.known or ()), *self.new)}
        number = 1
        while f"body-{number:03d}" in taken:
            number += 1
        return f"body-{number:03d}"

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            departments = [*(self.known or ()), *self.new]
            self._registry = Registry(departments, jurisdiction=self.jurisdiction)
        return self._registry

    def read(self, raw: str, unmarked_role: str = "responsible") -> tuple[list[Assignment], list[str]]:
        """The bodies and roles of a line, as validate reads them, and the names added for it.

        The printed names are registered first; a piece the reader still cannot place (a name the
        cut above missed) is registered as it reports it, until the line reads."""
        names = printed_names(raw)
        # Refused before any piece is registered: the reader reports a line's other pieces first
        # (各县, 市, 区 and 政府 of 各县（市、区）政府（2023年6月）), which would be registered as bodies.
        for name in names:
            _refuse_no_body(name, raw)
        added = self.add_names(names)
        for _ in range(len(squeeze(raw)) + 1):
            try:
                return parse_responsibility(raw, self.registry, unmarked_role=unmarked_role), added
            except UnknownBody as error:
                _refuse_no_body(error.name, raw)
                more = self.add_names([error.name])
                if not more:
                    raise
                added += more
        raise AssertionError("unreachable: each round registers a new name")

    def new_entries(self) -> list[dict]:
        """The registry file's entries for the bodies first read in this package, as the schema orders
        keys (the given registry's are written as the new text prints them: package.py)."""
        return [_entry(department) for department in self.new]


def _entry(department: Department) -> dict:
    return {"id": department.id, "name": department.name, "name_en": department.name_en, "kind": department.kind,
            "group": department.group, "aliases": list(department.aliases), "parent": department.parent,
            "covers": list(department.covers), "note": department.note}


def _is_group(name: str) -> bool:
    return name.startswith(("各", "有关", "相关")) or "相关" in name or name.endswith(("成员单位", "部门", "单位", "机构"))


def _kind_of(name: str) -> str:
    """A first guess of the body's kind from how its name ends (法院, 公司), the words it holds (税务,
    海关) and how it starts (市委, 县); the entry's note asks for review."""
    if _is_group(name):
        return "group"
    if name.endswith("法院") or name in ("市中院",):
        return "court"
    if name.endswith("检察院"):
        return "procuratorate"
    if any(word in name for word in ("税务", "海关", "人民银行", "人行", "银保监", "气象", "统计调查", "邮政管理")):
        return "central-branch"
    if name.endswith(("公司", "集团")):
        return "utility" if any(word in name for word in ("供电", "电力", "水", "燃气", "热力", "通信", "电信", "移动", "联通")) else "enterprise"
    if name.startswith("市委"):
        return "party-organ"
    if name.startswith(("县", "区")) or name.endswith(("县人民政府", "区人民政府", "县政府", "区政府")):
        return "county-government"
    return "municipal-department"
