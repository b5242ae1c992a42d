"""The words a responsibility line prints besides the bodies it names: role words (牵头, 配合 …),
role labels (牵头单位：…) and connectives (、 及 等部门 …). model/responsibility.py reads a line by
them and says what each one means; the registry (model/departments.py) refuses a body spelled as
one of them, since no line could then name that body; the importer (importer/bodies.py) cuts a
line into names by them without a registry."""

from __future__ import annotations

# A role word follows the bodies it governs (市财政局牵头, 市直各部门配合).
ROLE_WORDS: dict[str, str] = {
    "牵头": "lead",
    "配合": "support",
    "协同配合": "support",
    "参与": "support",
    "负责落实": "implement",
    "按职责分工负责": "responsible",
    "按职责分工落实": "responsible",
    "根据行业管理职责分工负责": "responsible",
    "负责": "responsible",  # （市税务局负责） closing an item, in other packages of the kind
}

# Labels naming the role of the bodies printed after them (牵头单位：…；协办单位：…), as other packages
# of the kind print them with 部门 too (牵头部门：…；配合部门：…).
ROLE_LABELS: dict[str, str] = {
    f"{label}{colon}": role
    for label, role in (("牵头单位", "lead"), ("协办单位", "support"), ("配合单位", "support"),
                        ("责任单位", "responsible"), ("牵头部门", "lead"), ("协办部门", "support"),
                        ("配合部门", "support"))
    for colon in ("：", ":")
}

# The connectives by what they do between names: separate two names, join two, close a list naming
# no further body (docs/data-format.md), or bracket a name.
SEPARATORS = ("、", "，", ",", "；", ";")
JOINERS = ("和", "及")
CLOSERS = ("等部门", "等单位", "等")
BRACKETS = ("（", "）", "(", ")")
CONNECTIVES: frozenset[str] = frozenset({*SEPARATORS, *JOINERS, *CLOSERS, *BRACKETS})
LINE_WORDS: frozenset[str] = frozenset({*ROLE_WORDS, *ROLE_LABELS, *CONNECTIVES})


def kind_of_word(text: str) -> str | None:
    """What `text` is when a line prints it as a whole piece: 'a role word', 'a role label' or 'a
    connective'; None when it is none of them (it may be a body's spelling)."""
    if text in ROLE_WORDS:
        return "a role word"
    if text in ROLE_LABELS:
        return "a role label"
    if text in CONNECTIVES:
        return "a connective"
    return None


def longest_piece(text: str, position: int, pieces, lengths: list[int]) -> str | None:
    """The longest of `pieces` (a set of words and spellings, whose `lengths` are given longest
    first) that `text` prints at `position`, or None: a line is read so, left to right, so that
    各县（市、区）人民政府 is one name, not 各县 and a parenthesis."""
    for length in lengths:
        candidate = text[position : position + length]
        if len(candidate) == length and candidate in pieces:
            return candidate
    return None
