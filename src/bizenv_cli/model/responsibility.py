"""Read a responsibility line (责任单位：…, or a 责任单位 / 牵头单位 table cell) into bodies and roles.

The raw string is cut, left to right, into three kinds of piece and nothing else, so no phrase
can be silently lost: a name or alias from the department registry, a role word, or one of the
connectives listed below. At each position the longest known piece wins (so
各县（市、区）人民政府 is one name, not 各县 + a parenthesis). Anything else raises
``UnknownBody``; a new spelling is added to data/departments.yaml, never guessed here.

Roles (docs/data-format.md):

* ``lead`` — 牵头:
  ``市科技局牵头，市直相关部门按职责分工负责`` → 市科技局 lead, 市直相关部门 responsible.
* ``support`` — 配合, 协同配合, 参与:
  ``市财政局牵头，市直各部门配合`` → 市财政局 lead, 市直各部门 support.
* ``implement`` — 负责落实:
  ``市城管局牵头，各县（市、区）人民政府负责落实`` → 市城管局 lead, the county governments implement.
* ``responsible`` — the source names the body with no role word, or with 按职责分工负责,
  按职责分工落实, 根据行业管理职责分工负责 or 负责 (each body answers for its own share; 落实 here is
  part of that formula, not the 负责落实 of a county under a lead):
  ``市中院、市检察院、市公安局`` → all three responsible. The first-listed body is not a lead
  unless the source says 牵头.

A role word governs every body listed before it, back to the previous role word; a comma does
not end its reach, because the source uses ， to separate lists that already contain 、:
``市政务服务和大数据管理局牵头，各县（市、区）人民政府，城乡一体化示范区、高新区管委会，市直相关部门配合``
→ the big-data bureau leads; counties, both zones and the city departments support. Bodies after
the last role word have no role word: ``市财政局牵头，市水利局、…等部门配合，各县（市、区）人民政府``
→ the county governments are responsible. A role word may recur:
``市生态环境局牵头，市农业农村局、市自然资源和规划局牵头，…按职责分工负责`` has three leads.

A parenthesised unit names both bodies with the same role:
``市住房和城乡建设局（市房产事务服务中心）`` → housing bureau and real-estate centre;
``市发改委（市铁路办）`` → the commission and its railway office.

Connectives, the only other text allowed: 、 ， , 及 和 （ ） ( ) and the list closers 等, 等部门,
等单位 ("and other departments": they close a list and name no further body). When the source
adds a collective noun after 等 it names more bodies, and that noun is a registry group:
``平顶山海关、市税务局等相关部门按职责分工负责`` → customs, tax and the group 相关部门;
``…等相关部门及各县（市、区）按职责分工负责`` → … 相关部门, 各县（市、区）.

Other plans of this kind print the roles as labels before the bodies, inside parentheses closing
an item: ``牵头单位：市税务局；协办单位：市财政局、市人社局`` → tax leads, finance and human resources
support. A label (``ROLE_LABELS``) governs the bodies after it, up to the next label or the end;
``；`` separates the labelled lists.

A ``。`` that ends the line (``市税务局、市财政局。``) closes its sentence and names nothing: it is read
as no piece, and the raw string keeps it, as printed. A ``。`` anywhere else is no piece the line may
hold.

Whitespace is ignored: the source's stray spaces (``责任单位： 市商务局…``) and the line breaks
that split a table cell (``全市行政`` / ``执法部门``) are artefacts of the text extraction.
"""

from __future__ import annotations

from bizenv_cli.model.departments import Registry
from bizenv_cli.model.line_words import CONNECTIVES, ROLE_LABELS, ROLE_WORDS, longest_piece
from bizenv_cli.model.records import ROLES, Assignment
from bizenv_cli.model.textfold import squeeze
from bizenv_cli.model.wording import not_one_of, quoted_text

# What --role takes besides: 落实 alone, as a reader shortens 负责落实 (never a role word of the source).
_ROLE_WORDS_ASKED = {**ROLE_WORDS, "落实": "implement"}


def role_named(text: str) -> str:
    """The role `text` names, as `--role` takes it: lead, support, implement or responsible in any
    case, or a word the source uses for one (牵头, 配合, 负责落实, 负责 ...). Raises ValueError."""
    wanted = text.strip()
    role = _ROLE_WORDS_ASKED.get(wanted, wanted.lower())
    if role not in ROLES:
        raise ValueError(not_one_of(text, ("lead (牵头)", "support (配合)", "implement (负责落实)", "responsible (负责)")))
    return role


# The full stop that may end a responsibility line, as the sentence it is printed as ends.
_CLOSING_STOP = "。"

# What a piece of a responsibility line is: a registry body (value: its id), a role word (value:
# the role), a role label (value: the role of the bodies after it) or a connective (value unused).
_BODY, _ROLE, _LABEL, _CONNECTIVE = "body", "role", "label", "connective"
_Vocabulary = dict[str, tuple[str, str]]


class UnreadableLine(ValueError):
    """A responsibility line that does not read as bodies and roles; `raw` is the line."""

    def __init__(self, message: str, raw: str) -> None:
        super().__init__(message)
        self.raw = raw


class UnknownBody(UnreadableLine):
    """A piece of a responsibility line that is neither a registry spelling nor a listed word."""

    def __init__(self, name: str, raw: str) -> None:
        super().__init__(f"unknown body {name!r} in responsibility {raw!r}", raw)
        self.name = name


class RoleWithoutBody(UnreadableLine):
    """A role word with no body before it for it to govern (牵头市发改委: the word stands first)."""

    def __init__(self, word: str, raw: str) -> None:
        super().__init__(f"the role word {quoted_text(word)} governs no body: a role word follows the bodies "
                         f"it names (市财政局牵头), and none stands before it here", raw)
        self.word = word


def parse_responsibility(raw: str, registry: Registry, *, unmarked_role: str = "responsible") -> list[Assignment]:
    """The bodies ``raw`` names, in printed order, each with its role.

    ``unmarked_role`` is the role of bodies that no role word governs: ``responsible`` for a
    责任单位 line; a table's 牵头单位 column passes ``lead``, its header being the role word.
    """
    if unmarked_role not in ROLES:
        raise ValueError(f"unknown role {unmarked_role!r}")
    text = squeeze(raw).removesuffix(_CLOSING_STOP)
    vocabulary, lengths = _vocabulary_of(registry)

    assignments: list[Assignment] = []
    pending: list[tuple[str, str]] = []  # (name, id) of bodies not yet governed by a role word
    labelled_role: str | None = None  # the role the last role label gives the bodies after it
    position = 0
    while position < len(text):
        piece = longest_piece(text, position, vocabulary, lengths)
        if piece is None:
            raise UnknownBody(_unknown_span(text, position, vocabulary, lengths), raw)
        kind, value = vocabulary[piece]
        if kind == _ROLE:
            if not pending:
                raise RoleWithoutBody(piece, raw)
            assignments.extend(Assignment(name, body_id, value) for name, body_id in pending)
            pending.clear()
        elif kind == _LABEL:
            assignments.extend(Assignment(name, body_id, labelled_role or unmarked_role) for name, body_id in pending)
            pending.clear()
            labelled_role = value
        elif kind == _BODY:
            pending.append((piece, value))
        position += len(piece)
    assignments.extend(Assignment(name, body_id, labelled_role or unmarked_role) for name, body_id in pending)
    return assignments


# The last registry's vocabulary and its pieces' lengths, longest first: validate parses every line
# of a package against one registry, so the vocabulary is built once per registry, not per line.
_last_vocabulary: tuple[Registry, _Vocabulary, list[int]] | None = None


def _vocabulary_of(registry: Registry) -> tuple[_Vocabulary, list[int]]:
    global _last_vocabulary
    if _last_vocabulary is None or _last_vocabulary[0] is not registry:
        vocabulary = _vocabulary(registry)
        _last_vocabulary = (registry, vocabulary, sorted({len(piece) for piece in vocabulary}, reverse=True))
    return _last_vocabulary[1], _last_vocabulary[2]


def _vocabulary(registry: Registry) -> _Vocabulary:
    """Every piece a responsibility line may contain, with what it is."""
    vocabulary: _Vocabulary = {word: (_CONNECTIVE, "") for word in CONNECTIVES}
    vocabulary.update({word: (_ROLE, role) for word, role in ROLE_WORDS.items()})
    vocabulary.update({label: (_LABEL, role) for label, role in ROLE_LABELS.items()})
    # No spelling is one of these words: the registry refuses a body so spelled (model/departments.py).
    for spelling, department in registry.spellings().items():
        vocabulary[spelling] = (_BODY, department.id)
    return vocabulary


def _unknown_span(text: str, position: int, vocabulary: _Vocabulary, lengths: list[int]) -> str:
    """The unreadable text from ``position`` up to the next connective or role word."""
    end = position + 1
    while end < len(text):
        piece = longest_piece(text, end, vocabulary, lengths)
        if piece is not None and vocabulary[piece][0] != _BODY:
            break
        end += 1
    return text[position:end]
