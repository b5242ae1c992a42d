"""Read YAML data files strictly, keeping the line and column of every value.

PyYAML's safe loader alone keeps the last of two duplicate keys, reads ``2022-06-30`` as a date
and ``010`` as 8, and follows aliases into exponential blow-ups (the "billion laughs"). Here the
libyaml parser only composes the node tree; we build the Python values ourselves, so that we can
refuse duplicate keys and anchors/aliases with the mark of the offending node, resolve scalars by
a YAML 1.2-like core schema (no timestamps, no yes/no booleans, no octal), and record where each
value stands for the schema errors and audit findings that point back at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bizenv_cli.problems import DataError, Problem, field_path

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars resolve like YAML 1.2's core schema: only these become non-strings.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
# No leading zeros: "010" stays the string it was written as, never 8 (YAML 1.1) or 10.
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

Position = tuple[int, int]  # 1-based line and column


@dataclass
class LoadedYaml:
    """A parsed document and the position of every value in it, keyed by its path."""

    path: Path
    data: Any
    positions: dict[tuple, Position] = field(default_factory=dict)

    def position_of(self, path: tuple) -> Position:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def load_yaml_file(path: Path, display_name: str | None = None) -> LoadedYaml:
    """Load one YAML file strictly. Raises DataError with file:line:col on any problem."""
    name = display_name or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DataError(Problem(name, 1, 1, "", f"cannot read file: {error.strerror}", "yaml")) from None
    return load_yaml_bytes(raw, path, name)


def load_yaml_bytes(raw: bytes, path: Path, name: str) -> LoadedYaml:
    text = _decode_utf8(raw, name)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError(Problem(name, 1, 1, "", "the file is empty (no YAML document in it)", "yaml"))
    if "&" in text or "*" in text:
        # Anchors and aliases can only be spelled with these characters; the event scan that
        # finds them costs a second parse, so files without either character skip it.
        _refuse_anchors(text, name)
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise DataError(_syntax_problem(error, name, text)) from None
    except yaml.YAMLError as error:  # e.g. more than one document in the file
        raise DataError(Problem(name, 1, 1, "", f"YAML error: {error}", "yaml")) from None
    finally:
        loader.dispose()
    builder = _Builder(name)
    data = builder.build(node, ())
    return LoadedYaml(Path(path), data, builder.positions)


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


def _refuse_anchors(text: str, name: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            mark = event.start_mark
            kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            raise DataError(
                Problem(name, mark.line + 1, mark.column + 1, "",
                        f"YAML {kind} '{anchor}' is not allowed in data files (write the value out)", "yaml")
            )
    except yaml.MarkedYAMLError as error:
        raise DataError(_syntax_problem(error, name, text)) from None


def _syntax_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
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


class _Builder:
    """Turns a composed node tree into plain Python values, recording positions."""

    def __init__(self, name: str):
        self.name = name
        self.positions: dict[tuple, Position] = {}
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: tuple) -> Any:
        if id(node) in self._seen:
            # The composer shares a node between all its aliases; meeting one twice is an alias.
            self._fail(node, path, "YAML aliases are not allowed in data files")
        self._seen.add(id(node))
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, path, "mapping keys must be plain strings")
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, path, "merge keys (<<) are not allowed in data files")
            key = key_node.value
            if key in result:
                first = self.positions[path + (key,)]
                self._fail(key_node, path + (key,), f"duplicate key '{key}' (first defined at line {first[0]})")
            result[key] = self.build(value_node, path + (key,))
            # Report a key's own position: it is where an editor should put the cursor.
            self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: tuple) -> Any:
        value = node.value
        if node.style:  # quoted or block scalars are always strings
            return value
        if _NULL.match(value):
            return None
        if _BOOL.match(value):
            return value.lower() == "true"
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
            return float(value)
        return value

    def _fail(self, node: yaml.Node, path: tuple, message: str) -> None:
        mark = node.start_mark
        raise DataError(Problem(self.name, mark.line + 1, mark.column + 1, field_path(path), message, "yaml"))
