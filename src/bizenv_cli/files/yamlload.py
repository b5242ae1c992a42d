"""Read YAML data files strictly, keeping the line and column of every value.

PyYAML's safe loader alone keeps the last of two duplicate keys, reads ``2022-06-30`` as a date
and ``010`` as 8, and follows aliases into exponential blow-ups (the "billion laughs"). Here the
libyaml parser only produces events; we build the Python values from them ourselves, without
recursion, so that we can refuse what a data file has no use for (duplicate keys, anchors and
aliases, explicit tags, nesting deeper than MAX_DEPTH, control characters) with the mark of the
offending node, resolve scalars by a YAML 1.2-like core schema (no timestamps, no yes/no booleans,
no octal), and record where each value stands for the schema errors and audit findings that point
back at it, and the text of each plain scalar that reads as a value a message would write otherwise
(`2022.10`, the number 2022.1), so that a finding quotes what the file says.

Other tools read the same files with their own YAML readers (yamllint and PyYAML: YAML 1.1;
check-jsonschema, ajv, editors' YAML servers: 1.2). A plain scalar that any of them would type
differently from us (``02``, ``02.01``, ``2022-06-30``, ``yes``) is refused, with its quoted form
as the fix, so that every tool agrees on what the data says.

PyYAML is imported by the first parse, not with this module: a query answered from the store
reads no YAML.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bizenv_cli.files.problems import DataError, Problem, field_path
from bizenv_cli.model.wording import quoted_value

if TYPE_CHECKING:
    import yaml

# Plain scalars resolve like YAML 1.2's core schema: only these become non-strings.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
# No leading zeros: "010" stays the string it was written as, never 8 (YAML 1.1) or 10.
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

Position = tuple[int, int]  # 1-based line and column


class LoadedYaml:
    """A parsed document and the position of every value in it, keyed by its path; and the text of
    each plain scalar written otherwise than a message writes the value it reads as (`written_texts`).

    A document kept elsewhere (a store of documents that loaded before) may come with only the bytes
    it was read from: positions are what a finding points at, so a valid file never needs them, and
    they (and the texts) are parsed from `raw` when first asked for.
    """

    __slots__ = ("path", "data", "_positions", "_written", "_raw", "_name")

    def __init__(self, path: Path, data: Any, positions: dict[tuple, Position] | None = None,
                 raw: bytes | None = None, name: str | None = None, written: dict[tuple, str] | None = None):
        self.path = path
        self.data = data
        # Unknown (None) until parsed when only the bytes are given.
        self._positions = positions if positions is not None else (None if raw is not None else {})
        self._written = written if written is not None else ({} if self._positions is not None else None)
        self._raw = raw
        self._name = name or str(path)

    @property
    def positions(self) -> dict[tuple, Position]:
        """Every value's position (parsed from the bytes the first time, when only they were given)."""
        self._parse_bytes()
        return self._positions

    def _parse_bytes(self) -> None:
        if self._positions is None:
            _, self._positions, self._written = _parse(_decode_utf8(self._raw, self._name), self._name)
            self._raw = None

    def written_texts(self, path: tuple) -> dict[tuple, str]:
        """The text each plain scalar at or under `path` is written as in the file, where a message
        would write the value it reads as otherwise (`2022.10`, read as 2022.1; `TRUE`, `+5`, `.5`,
        `~`), keyed by its path below `path` (the scalar at `path` itself by ()): what
        model/wording.quoted_value quotes in place of the value."""
        self._parse_bytes()
        path = tuple(path)
        depth = len(path)
        return {at[depth:]: text for at, text in self._written.items() if at[:depth] == path}

    @property
    def positioned(self) -> bool:
        """Whether the positions are known (False until parsed when only the bytes were given)."""
        return self._positions is not None

    def position_of(self, path: tuple) -> Position:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        positions = self.positions
        while path and path not in positions:
            path = path[:-1]
        return positions.get(path, (1, 1))


# Deeper than any data file needs (a plan nests 7 levels), shallow enough that every walker over the
# data (jsonschema, the audit, the model) stays far inside Python's recursion limit.
MAX_DEPTH = 32
# What the YAML reader refuses anyway (C0 and C1 controls, DEL, surrogates, U+FFFE/FFFF), found
# here so that the message names the character and its own line, not the start of the file.
# Written as the characters refused rather than "not those allowed": the same set (tested over every
# code point), and far cheaper to compile than a class that spans the astral planes.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# The same characters (and a carriage return) written as escapes in a double-quoted scalar ("\e",
# "\0", "\uFFFE"): refused by what they are, not by how they are written, since the value would
# reach a terminal (a title that retitles the window), a workbook (XML 1.0 forbids them) or a diff.
_NOT_IN_A_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def load_yaml_file(path: Path, display_name: str | None = None) -> LoadedYaml:
    """Load one YAML file strictly. Raises DataError with file:line:col on any problem."""
    from bizenv_cli.files.datadir import read_data_file

    name = display_name or str(path)
    return load_yaml_bytes(read_data_file(path, name), path, name)


def load_yaml_bytes(raw: bytes, path: Path, name: str) -> LoadedYaml:
    """Load a data file's bytes (read elsewhere: a git revision, a store) as load_yaml_file does."""
    from bizenv_cli.files.datadir import refuse_oversized

    refuse_oversized(len(raw), name)
    text = _decode_utf8(raw, name)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError(Problem(name, 1, 1, "", "the file is empty (no YAML document in it)", "yaml"))
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _line_and_column(text, bad.start())
        raise DataError(Problem(name, line, column, "",
                                f"control character U+{ord(bad.group()):04X} is not allowed in a YAML file", "yaml"))
    data, positions, written = _parse(text, name)
    return LoadedYaml(Path(path), data, positions, name=name, written=written)


def _parse(text: str, name: str) -> tuple[Any, dict[tuple, Position], dict[tuple, str]]:
    """The document in `text`, the position of each of its values, and the text of each plain
    scalar that a message would quote otherwise (LoadedYaml.written_texts), from libyaml's events."""
    import yaml

    builder = _Builder(name)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        data = builder.build(loader)
    except yaml.MarkedYAMLError as error:
        raise DataError(_syntax_problem(error, name, text)) from None
    except yaml.YAMLError as error:
        raise DataError(Problem(name, 1, 1, "", f"YAML error: {error}", "yaml")) from None
    finally:
        loader.dispose()
    return data, builder.positions, builder.written


def _line_and_column(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _decode_utf8(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        hint = "the file is not UTF-8"
        try:
            raw.decode("gb18030")
            hint += "; it looks like GBK/GB18030: save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise DataError(Problem(name, line, column, "", f"{hint} (byte 0x{raw[error.start]:02x})", "yaml")) from None


# Errors about something left open (a key without its ':', a quote or bracket not closed) are found
# only where the scanner gives up, often on the next line; PyYAML's first mark is where it started.
_OPENED_CONTEXTS = ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")


def _syntax_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and (error.context or "").startswith(_OPENED_CONTEXTS):
        mark = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in offending[: max(column, len(offending) - len(offending.lstrip()))]:
        message = "a tab is used for indentation; YAML allows only spaces"
    else:
        message = "YAML syntax error: " + " ".join(
            part for part in (error.context, error.problem) if part
        )
    return Problem(name, line, column, "", message, "yaml")


# The plain keys (title, raw, note...) that passed the checks a key depends on alone (other readers,
# escapes, merge keys): the same few dozen come back in every measure of every file.
_PLAIN_KEYS_CHECKED: set[str] = set()


class _Frame:
    """A mapping or sequence being filled, and where in the document it stands."""

    __slots__ = ("value", "path", "key", "is_mapping")

    def __init__(self, value: dict | list, path: tuple):
        self.value = value
        self.path = path
        self.key: str | None = None  # a mapping's key waiting for its value
        self.is_mapping = type(value) is dict


class _Builder:
    """Turns the parser's events into plain Python values, recording positions; no recursion, so
    no input can exhaust the stack.

    The loop runs once per event, tens of thousands of times a file: the common case (a plain or
    quoted scalar with no anchor or tag) is handled inline, and the rest by the methods below."""

    def __init__(self, name: str):
        self.name = name
        self.positions: dict[tuple, Position] = {}
        self.written: dict[tuple, str] = {}  # LoadedYaml.written_texts

    def build(self, loader) -> Any:
        import yaml

        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        stream_end, document_start = yaml.StreamEndEvent, yaml.DocumentStartEvent
        get_event = loader.get_event
        positions = self.positions
        stack: list[_Frame] = []
        frame: _Frame | None = None
        root: Any = None
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is mapping_end or kind is sequence_end:
                stack.pop()
                frame = stack[-1] if stack else None
                continue
            if kind is not scalar_event and kind is not mapping_start and kind is not sequence_start \
                    and kind is not alias_event:
                if kind is stream_end:
                    return root
                if kind is document_start:
                    documents += 1
                    if documents > 1:
                        self._fail(event.start_mark, (), "YAML syntax error: expected a single document in "
                                   "the stream but found another document")
                continue  # stream and document boundaries
            if frame is not None and frame.is_mapping and frame.key is None:
                key = event.value if kind is scalar_event else None
                if key in _PLAIN_KEYS_CHECKED and not event.style and event.anchor is None \
                        and event.tag is None and key not in frame.value:
                    # A plain key every reader reads alike, met before: only its place is new.
                    mark = event.start_mark
                    positions[frame.path + (key,)] = (mark.line + 1, mark.column + 1)
                    frame.key = key
                else:
                    self._key(event, frame)
                continue
            if frame is None:
                path: tuple = ()
            elif frame.is_mapping:
                path = frame.path + (frame.key,)
            else:
                path = frame.path + (len(frame.value),)
            if kind is alias_event or event.anchor is not None or event.tag is not None:
                self._refuse_anchor_alias_tag(event, path)
            if kind is scalar_event:
                value = event.value
                if event.style:  # quoted or block scalars are always strings
                    self._refuse_escaped_controls(value, event.start_mark, path)
                elif not value or value[0] in _MAY_BE_TYPED:  # otherwise a string to every reader
                    value = self._plain(value, event.start_mark, path)
            else:
                if len(stack) >= MAX_DEPTH:
                    self._fail(event.start_mark, path,
                               f"nested deeper than {MAX_DEPTH} levels; a data file needs fewer than 10")
                value = {} if kind is mapping_start else []
            if frame is None:
                root = value
                mark = event.start_mark
                positions[()] = (mark.line + 1, mark.column + 1)
            elif frame.is_mapping:
                frame.value[frame.key] = value
                frame.key = None  # the key's own position stays: it is where an editor should go
            else:
                frame.value.append(value)
                mark = event.start_mark
                positions[path] = (mark.line + 1, mark.column + 1)
            if kind is not scalar_event:
                frame = _Frame(value, path)
                stack.append(frame)

    def _key(self, event, frame: _Frame) -> None:
        import yaml

        if type(event) is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
            self._refuse_anchor_alias_tag(event, frame.path)
        if type(event) is not yaml.ScalarEvent:
            self._fail(event.start_mark, frame.path, "mapping keys must be plain strings")
        key = event.value
        mark = event.start_mark
        path = frame.path + (key,)
        self._refuse_escaped_controls(key, mark, frame.path)
        if not event.style:
            if key == "<<":
                self._fail(mark, frame.path, "merge keys (<<) are not allowed in data files")
            if key[:1] in _MAY_BE_TYPED:
                self._agree_with_other_readers(key, key, mark, path)
            if len(_PLAIN_KEYS_CHECKED) < 10_000:  # bounded, for a validate over thousands of files
                _PLAIN_KEYS_CHECKED.add(key)
        if key in frame.value:
            first = self.positions[path]
            self._fail(mark, path, f"duplicate key '{key}' (first defined at line {first[0]})")
        frame.key = key
        self.positions[path] = (mark.line + 1, mark.column + 1)

    def _refuse_anchor_alias_tag(self, event, path: tuple) -> None:
        import yaml

        if type(event) is yaml.AliasEvent:
            self._fail(event.start_mark, path,
                       f"YAML alias '{event.anchor}' is not allowed in data files (write the value out)", field=False)
        if event.anchor is not None:
            self._fail(event.start_mark, path,
                       f"YAML anchor '{event.anchor}' is not allowed in data files (write the value out)", field=False)
        if event.tag is not None:
            # Tags either change what a value is (!!str 4, !!binary) or ask for code (!!python/...):
            # data files have no use for either, and other YAML readers would read them differently.
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self._fail(event.start_mark, path, f"YAML tag '{tag}' is not allowed in data files (write the value plainly)")

    def _plain(self, text: str, mark, path: tuple) -> Any:
        """A plain scalar that may be other than a string: its value, if every reader agrees."""
        ours = _resolve_plain(text)
        self._agree_with_other_readers(text, ours, mark, path)
        if type(ours) is not str and text and quoted_value(ours, most=None) != text:
            self.written[path] = text  # a finding quotes 2022.10, never the 2022.1 it reads as (nothing stays null)
        return ours

    def _refuse_escaped_controls(self, value: str, mark, path: tuple) -> None:
        bad = _NOT_IN_A_VALUE.search(value)
        if bad:
            self._fail(mark, path, f"character U+{ord(bad.group()):04X} (a control character or noncharacter, "
                                   "written as an escape) is not allowed in data: it would reach terminals, "
                                   "workbooks and diffs")

    def _agree_with_other_readers(self, text: str, ours: Any, mark, path: tuple) -> None:
        if text[:1] not in _MAY_BE_TYPED or type(ours) in (int, bool) or ours is None:
            # Our integers, booleans and nulls are a subset of both YAML 1.1's and 1.2's. Floats are
            # not: YAML 1.1 has no sign before a leading dot (+.5 is text to PyYAML).
            return
        readings: dict[str, list[str]] = {}
        for version, theirs in zip(("1.1", "1.2"), _other_readings(text)):
            if not _same_value(ours, theirs):
                readings.setdefault(_describe(theirs), []).append(version)
        if not readings:
            return
        theirs = "; ".join(f"{what} to {_READERS[tuple(versions)]}" for what, versions in readings.items())
        quoted = "'" + text.replace("'", "''") + "'"
        fix = f"write it quoted, {quoted}"
        if isinstance(ours, float):
            fix = f"write it as {ours!r} (or quoted, {quoted}, if it is text)"
        self._fail(mark, path, f"{text} (unquoted) is {theirs}, but {_describe(ours)} to bizenv: {fix}")

    def _fail(self, mark, path: tuple, message: str, field: bool = True) -> None:
        raise DataError(Problem(self.name, mark.line + 1, mark.column + 1,
                                field_path(path) if field else "", message, "yaml"))


_READERS = {
    ("1.1",): "YAML 1.1 readers (PyYAML, yamllint)",
    ("1.2",): "YAML 1.2 readers (check-jsonschema, ajv, editors)",
    ("1.1", "1.2"): "YAML 1.1 and 1.2 readers (yamllint, check-jsonschema, ajv, editors)",
}


def _resolve_plain(value: str) -> Any:
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
        return float(value)
    return value


# The first characters with which a plain scalar can be anything but a string, in YAML 1.1 or 1.2.
_MAY_BE_TYPED = frozenset("0123456789+-.~nNtTfFyYoO<=")
_YAML12_INT = re.compile(r"^[-+]?[0-9]+$")
_YAML12_OCTAL = re.compile(r"^0o[0-7]+$")
_YAML12_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_YAML12_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_YAML12_INFINITY = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_YAML12_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_YAML12_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ]|$)")
_UNREADABLE = object()  # a value a reader refuses (YAML 1.1's '=' and '<<' outside a key)


def _yaml12_reading(text: str) -> Any:
    """The YAML 1.2 core schema, as check-jsonschema, ajv and editors' YAML servers read it."""
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _YAML12_DATE.match(text):
        # Not in the 1.2 core schema, but js-yaml (ajv) and ruamel (check-jsonschema) read timestamps.
        return _yaml11_reading(text)
    if _YAML12_INT.match(text):
        return int(text)
    if _YAML12_OCTAL.match(text):
        return int(text[2:], 8)
    if _YAML12_HEX.match(text):
        return int(text[2:], 16)
    if _YAML12_FLOAT.match(text):
        return float(text)
    if _YAML12_INFINITY.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _YAML12_NAN.match(text):
        return float("nan")
    return text


def _other_readings(text: str) -> tuple[Any, Any]:
    """(YAML 1.1's reading, YAML 1.2's reading) of a plain scalar."""
    return _yaml11_reading(text), _yaml12_reading(text)


@functools.cache
def _yaml11_reader() -> tuple[Any, Any]:
    """PyYAML's resolver and safe constructor: YAML 1.1 as PyYAML, yamllint and most Python tools read it."""
    import yaml

    return yaml.resolver.Resolver(), yaml.constructor.SafeConstructor()


def _yaml11_reading(text: str) -> Any:
    """YAML 1.1, as PyYAML (and so yamllint and most Python tools) reads it."""
    import yaml

    resolver, constructor = _yaml11_reader()
    tag = resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    build = constructor.yaml_constructors.get(tag)
    if build is None:
        return _UNREADABLE
    try:
        return build(constructor, yaml.ScalarNode(tag, text))
    except (yaml.YAMLError, ValueError, OverflowError):
        return _UNREADABLE


def _same_value(ours: Any, theirs: Any) -> bool:
    if ours is None or theirs is None or isinstance(ours, bool) or isinstance(theirs, bool):
        return ours is theirs
    if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)):
        return ours == theirs
    return type(ours) is type(theirs) and ours == theirs


def _describe(value: Any) -> str:
    if value is _UNREADABLE:
        return "an error"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    return f"the {type(value).__name__} {value}"
