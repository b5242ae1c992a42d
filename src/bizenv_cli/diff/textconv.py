"""A data file as stable text, one fact per line with its id in front, for `git diff`.

With `.gitattributes` saying `data/plans/*.yaml diff=bizenv` and
`git config diff.bizenv.textconv "bizenv textconv"`, git diffs these lines instead of the YAML,
so a moved deadline is the one-line change

    -02.03 deadline: 2022-06-30
    +02.03 deadline: 2022-12-31

whatever the YAML's indentation, quoting or key order. Every value of the file appears, notes and
English glosses included (unlike diff.plan, which reports changes in meaning only): a fact this
view left out would be a change git diff could not show.
"""

from __future__ import annotations

import functools
from typing import Any

from bizenv_cli.files.problems import DataError
from bizenv_cli.files.tags import REGISTRY_TAG, REPORT_TAG
from bizenv_cli.files.yamlload import load_yaml_bytes

# Facts come out in this order whatever order the file wrote its keys in; other keys follow, sorted.
_PLAN_ORDER = ("format", "jurisdiction", "year", "package", "document", "id", "slug", "annex", "title", "title_en",
               "indicator_area", "source", "note", "sections", "measures", "indicators", "tables",
               "uplift_targets", "footnotes")
_SECTION_ORDER = ("kind", "heading", "heading_en", "parent", "line", "note", "paragraphs")
_DEPARTMENT_ORDER = ("name", "name_en", "kind", "group", "aliases", "parent", "covers", "note")
_MEASURE_ORDER = ("label", "title", "title_en", "text", "deadline", "responsible", "section", "seq", "line", "note")
_INDICATOR_ORDER = ("name", "name_en", "phrase", "cells", "unit", "direction", "direction_why", "baseline",
                    "targets", "frontier", "completion", "lead", "responsible", "origin", "section", "table",
                    "seq", "line", "note")
_TABLE_ORDER = ("kind", "caption", "caption_line", "unit", "columns", "header_rows", "rows", "notes", "section",
                "line", "note")
_ORDER_BY_COLLECTION = {"sections": _SECTION_ORDER, "measures": _MEASURE_ORDER,
                        "indicators": _INDICATOR_ORDER, "tables": _TABLE_ORDER, "departments": _DEPARTMENT_ORDER}
# Lists of {line, text} prose, shown one paragraph a line, keyed by its source line.
_PROSE_LISTS = frozenset({"paragraphs", "notes", "footnotes"})


def textconv_bytes(raw: bytes, name: str) -> str:
    """The fact lines of a data file: a plan, the department registry or a ledger report.

    git calls the driver on every version it diffs, half-edited ones included; refusing one would
    make `git diff` fail. A file the strict loader refuses is read as PyYAML reads it, under a first
    line that says why it is not valid, so that the diff still compares facts with facts (the
    other side is most often valid); only a file no YAML reader can read comes back as it is.
    Control characters are shown as escapes, never sent to the terminal that pages `git diff`.
    """
    heading: list[str] = []
    try:
        document = load_yaml_bytes(raw, name, name).data
    except DataError as error:
        document = _leniently(raw)
        heading = [f"# not valid data, read as PyYAML reads it: {error.problem.message}"]
    if not isinstance(document, dict):
        return _visible(raw.decode("utf-8", "replace"))
    return "".join(_visible(line) + "\n" for line in heading + document_facts(document))


def document_facts(document: dict) -> list[str]:
    """One line per fact of a data file, of whichever kind its `format` says."""
    if document.get("format") == REPORT_TAG:  # a work-ledger report (data/progress)
        from bizenv_cli.diff.ledger import report_facts

        return report_facts(document)
    if document.get("format") == REGISTRY_TAG:
        return registry_facts(document)
    return plan_facts(document)


def registry_facts(document: dict) -> list[str]:
    """The registry as `<id> <field>: <value>` lines, so a reformatted file diffs as nothing and
    a new alias as one line.

    Bodies come out by id, and a body's aliases and covers in sorted order: in the registry order
    means nothing (diff.plan.diff_registries matches bodies by id and compares both as sets), so a
    body moved up the file, or two aliases swapped, is no change here either."""
    lines: list[str] = []
    for key in _ordered(document, ("format", "jurisdiction", "departments")):
        value = document[key]
        if key == "departments" and isinstance(value, list) \
                and all(isinstance(item, dict) and "id" in item for item in value):
            value = sorted((_with_sets_sorted(item) for item in value), key=lambda item: str(item["id"]))
        lines.extend(_facts("registry", key, value, collection="departments"))
    return lines


def _with_sets_sorted(department: dict) -> dict:
    return {key: sorted(value, key=str) if key in ("aliases", "covers") and isinstance(value, list)
            and all(not isinstance(item, (dict, list)) for item in value) else value
            for key, value in department.items()}


def _leniently(raw: bytes):
    import yaml

    try:
        return yaml.load(raw, Loader=_lenient_loader())  # noqa: S506 (a SafeLoader, below)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError, ValueError):
        return None


@functools.cache
def _lenient_loader():
    """PyYAML's safe loader, but for what the facts can show of a file the strict loader refused.

    An alias reads as its name (`*a`), not as the value it names: followed, nine aliases of nine
    aliases … made a 400-byte file millions of lines, and `git diff` never ended. A key reads as
    text (`1:`, `2022-06-30:`), as the facts show every key; a number beside a text among the keys
    had stopped the sorting of a record's keys with a traceback, and `git diff` with it."""
    import yaml

    class LenientLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.get_event()
                return yaml.ScalarNode("tag:yaml.org,2002:str", f"*{event.anchor}", event.start_mark, event.end_mark)
            return super().compose_node(parent, index)

        def construct_mapping(self, node, deep=False):
            return {_scalar(key): value for key, value in super().construct_mapping(node, deep).items()}

    return LenientLoader


# C0 and C1 controls but tab, and the characters no text may hold (U+FFFE, U+FFFF), as \uXXXX.
_CONTROL = {code: f"\\u{code:04x}" for code in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0),
                                                 0x2028, 0x2029, 0xFFFE, 0xFFFF]}


def _visible(text: str) -> str:
    # A newline inside a value was already split into lines; one left in raw text stays a line break.
    return text.translate({code: escape for code, escape in _CONTROL.items() if code != 0x0A})


def plan_facts(document: dict) -> list[str]:
    prefix = str(document.get("id") or document.get("document") or "plan")
    lines: list[str] = []
    for key in _ordered(document, _PLAN_ORDER):
        value = document[key]
        if key == "source" and isinstance(value, dict):
            lines.append(f"{prefix} source: {value.get('file')} lines {value.get('first_line')}-{value.get('last_line')}")
        else:
            lines.extend(_facts(prefix, key, value, collection=key))
    return lines


def _facts(prefix: str, path: str, value: Any, collection: str = "") -> list[str]:
    """The lines of one value at `path` below the record `prefix`."""
    if isinstance(value, list) and value and all(isinstance(item, dict) and "id" in item for item in value):
        return [line for item in value for line in _record(item, _ORDER_BY_COLLECTION.get(collection, ()))]
    if isinstance(value, list) and path.rsplit(".", 1)[-1] in _PROSE_LISTS:
        return [line for item in value for line in _prose(prefix, _singular(path), item)]
    if isinstance(value, dict):
        return [line for key in _ordered(value, ()) for line in _facts(prefix, f"{path}.{key}", value[key])]
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return [f"{prefix} {path}: {' | '.join(_scalar(item) for item in value)}"]
        return [line for index, item in enumerate(value, 1) for line in _facts(prefix, f"{path} {index}", item)]
    return _lines(prefix, path, value)


def _record(record: dict, order: tuple) -> list[str]:
    prefix = str(record["id"])
    lines: list[str] = []
    for key in _ordered(record, order):
        if key == "id":
            continue
        value = record[key]
        if key == "deadline" and isinstance(value, dict):
            lines.extend(_deadline(prefix, value))
        elif key in ("responsible", "lead") and isinstance(value, dict):
            lines.extend(_responsibility(prefix, key, value))
        elif key in ("baseline", "frontier") and isinstance(value, dict):
            lines.extend(_value(prefix, key, value))
        elif key == "targets" and _mappings(value):
            for target in value:
                lines.extend(_value(prefix, f"target {target.get('by')}", target))
        elif key == "rows" and isinstance(value, list) and all(isinstance(row, list) for row in value):
            lines.extend(f"{prefix} row {index}: {' | '.join(_scalar(cell) for cell in row)}"
                         for index, row in enumerate(value, 1))
        elif key == "completion" and isinstance(value, dict):
            lines.append(f"{prefix} completion: {_scalar(value.get('raw'))} ({_scalar(value.get('by'))})")
        else:
            lines.extend(_facts(prefix, key, value))
    return lines


def _deadline(prefix: str, deadline: dict) -> list[str]:
    # The dates first, one line each: a moved milestone is then a one-line change.
    lines = []
    milestones = deadline.get("milestones")
    for milestone in milestones if _mappings(milestones) else []:
        label = milestone.get("label")
        lines.append(f"{prefix} deadline: {milestone.get('date')}" + (f" {label}" if label else ""))
    if milestones and not _mappings(milestones):  # half-edited: shown as written
        lines.extend(_facts(prefix, "deadline.milestones", milestones))
    if deadline.get("ongoing"):
        lines.append(f"{prefix} deadline: ongoing")
    if deadline.get("recurrence"):
        lines.append(f"{prefix} deadline: recurs {deadline['recurrence']}")
    lines.extend(_lines(prefix, "deadline.raw", deadline.get("raw")))
    for key in _ordered(deadline, ()):
        if key not in ("milestones", "ongoing", "recurrence", "raw"):
            lines.extend(_facts(prefix, f"deadline.{key}", deadline[key]))
    return lines


def _responsibility(prefix: str, key: str, responsibility: dict) -> list[str]:
    bodies = responsibility.get("bodies")
    lines = [f"{prefix} {key}: {body.get('id')} ({body.get('role')})" for body in bodies] if _mappings(bodies) \
        else _facts(prefix, f"{key}.bodies", bodies) if bodies else []
    lines.extend(_lines(prefix, f"{key}.raw", responsibility.get("raw")))
    for name in _ordered(responsibility, ()):
        if name not in ("bodies", "raw"):
            lines.extend(_facts(prefix, f"{key}.{name}", responsibility[name]))
    return lines


def _mappings(value: Any) -> bool:
    """A list of mappings, as the schema has it: a half-edited file (a `- ` forgotten) may hold a
    mapping or a string there, which is shown as written rather than failing git diff."""
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _value(prefix: str, label: str, value: dict) -> list[str]:
    raw, number = value.get("raw"), value.get("value")
    shown = _scalar(raw) + (f" ({_scalar(number)})" if number is not None else "")
    if value.get("change"):  # a target printed as a change: its basis and unit
        shown += f" change {value['change']} in {_scalar(value.get('change_unit'))}"
    if value.get("where"):
        shown += f" @ {value['where']}"
    lines = [f"{prefix} {label}: {shown}"]
    if value.get("note"):
        lines.extend(_lines(prefix, f"{label} note", value["note"]))
    return lines


def _prose(prefix: str, kind: str, item: Any) -> list[str]:
    if not isinstance(item, dict):
        return _lines(prefix, kind, item)
    where = f"{kind} {item.get('line')}" if item.get("line") is not None else kind
    lines = _lines(prefix, where, item.get("text"))
    for key in _ordered(item, ()):
        if key not in ("line", "text"):
            lines.extend(_facts(prefix, f"{where} {key}", item[key]))
    return lines


def _lines(prefix: str, label: str, value: Any) -> list[str]:
    """A scalar's lines: a text of several paragraphs gives one line per paragraph, each with the id."""
    if isinstance(value, str) and "\n" in value:
        return [f"{prefix} {label}: {part}" for part in value.split("\n")]
    return [f"{prefix} {label}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _singular(path: str) -> str:
    name = path.rsplit(".", 1)[-1]
    return {"paragraphs": "paragraph", "notes": "note", "footnotes": "footnote"}.get(name, name)


def _ordered(mapping: dict, order: tuple) -> list[str]:
    return [key for key in order if key in mapping] + sorted(key for key in mapping if key not in order)
