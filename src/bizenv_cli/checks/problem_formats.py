"""How validation findings are written out: plain lines, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum

from bizenv_cli.files.problems import Problem


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _text(problems: list[Problem]) -> str:
    return "".join(f"{problem}\n" for problem in problems)


def _json(problems: list[Problem]) -> str:
    rows = [
        {"file": p.file, "line": p.line, "column": p.column, "field": p.field, "check": p.check, "message": p.message}
        for p in problems
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _github_escape(text: str) -> str:
    # GitHub's workflow-command syntax: %, CR and LF must be escaped in the message;
    # properties also escape : and ,.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def _github(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        message = f"{p.field}: {p.message}" if p.field else p.message
        # The title heads the annotation in the pull request: which check of bizenv found it.
        level = "warning" if p.severity == "warning" else "error"
        lines.append(
            f"::{level} file={_github_property(p.file)},line={p.line},col={p.column},"
            f"title={_github_property(f'bizenv {p.check}')}::{_github_escape(message)}\n"
        )
    return "".join(lines)


PROBLEM_WRITERS: dict[ProblemFormat, Callable[[list[Problem]], str]] = {
    ProblemFormat.text: _text,
    ProblemFormat.json: _json,
    ProblemFormat.github: _github,
}
