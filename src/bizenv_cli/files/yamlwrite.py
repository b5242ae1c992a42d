"""Write data files in the one canonical YAML style, so that tools and people produce the same bytes.

Every plan file and the department registry are produced here (`dump_plan`, `dump_departments`;
`write_plan` rewrites a plan file atomically, so a failed write never leaves half a data file): key
order as given, UTF-8 characters kept (not escaped), and PyYAML's own quoting, which quotes every
string that a YAML 1.1 reader would turn into something else ("02", "2022-06-30", "NO", "--").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

PLAN_SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schemas/plan.schema.json\n"
DEPARTMENTS_SCHEMA_MODELINE = "# yaml-language-server: $schema=../schemas/departments.schema.json\n"


class _CanonicalDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Safe dumper that never emits anchors/aliases (the strict loader rejects them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# PyYAML quotes what YAML 1.1 would misread, but leaves "08" plain (not a 1.1 octal); editors'
# YAML 1.2 servers read that as the number 8. Number-like strings are always quoted.
_NUMBER_LIKE = re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-paragraph measure texts read best (and diff line by line) as literal blocks.
    if "\n" in text and not text.endswith((" ", "\n")):
        style = "|"
    elif _NUMBER_LIKE.match(text):
        style = "'"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_CanonicalDumper.add_representer(str, _represent_str)


def dump_yaml(document: Any, modeline: str) -> str:
    body = yaml.dump(
        document,
        Dumper=_CanonicalDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,
        indent=2,
    )
    return modeline + body


def dump_plan(plan: dict) -> str:
    return dump_yaml(plan, PLAN_SCHEMA_MODELINE)


def dump_departments(registry: dict) -> str:
    return dump_yaml(registry, DEPARTMENTS_SCHEMA_MODELINE)


def write_plan(path: Path | str, plan: dict) -> bool:
    """Write a plan file in the canonical style; False (and no write) when it already reads so."""
    return _write_if_changed(path, dump_plan(plan))


def _write_if_changed(path: Path | str, text: str) -> bool:
    from bizenv_cli.files.safefile import write_atomic

    try:
        if Path(path).read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True
