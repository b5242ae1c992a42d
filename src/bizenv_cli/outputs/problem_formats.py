"""How validation findings are written out: plain lines, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum

from bizenv_cli.files.problems import Problem
from bizenv_cli.outputs.render import markdown_safe


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _text(problems: list[Problem]) -> str:
    return "".join(f"{problem}\n" for problem in problems)


def _json(problems: list[Problem]) -> str:
    rows = [
        {"file": p.file, "line": p.line, "column": p.column, "field": p.field, "check": p.check,
         "severity": p.severity, "message": p.message}
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


# GitHub shows at most 10 error and 10 warning annotations of a step (50 of a job) and drops the
# rest without a word; past that, the step summary carries every finding.
GITHUB_ANNOTATIONS_SHOWN = 10
# GitHub refuses a step summary over 1 MiB; the rows stop short of it, saying how many are left.
_SUMMARY_BYTES = 1_000_000


def github_summary_needed(problems: list[Problem]) -> bool:
    return len(problems) > GITHUB_ANNOTATIONS_SHOWN


def github_step_summary(problems: list[Problem]) -> str:
    """Every finding as a Markdown table for $GITHUB_STEP_SUMMARY, the data's text escaped."""
    errors = sum(problem.severity == "error" for problem in problems)
    head = [f"### bizenv validate: {errors} error(s), {len(problems) - errors} warning(s)", "",
            f"GitHub shows {GITHUB_ANNOTATIONS_SHOWN} annotations of each kind per step; this table has every finding.",
            "", "| where | severity | check | field | message |", "| --- | --- | --- | --- | --- |"]
    rows = ["\n".join(head) + "\n"]
    size = len(rows[0].encode("utf-8"))
    for shown, problem in enumerate(problems):
        row = "| " + " | ".join(markdown_cell(cell) for cell in (
            f"{problem.file}:{problem.line}:{problem.column}", problem.severity, problem.check, problem.field,
            problem.message)) + " |\n"
        size += len(row.encode("utf-8"))
        if size > _SUMMARY_BYTES:
            rows.append(f"\n{len(problems) - shown} more finding(s) do not fit in a step summary: run bizenv validate.\n")
            break
        rows.append(row)
    return "".join(rows)


def github_summary_notice(count: int) -> str:
    """One annotation that says where the findings GitHub leaves out are."""
    message = (f"{count} findings; GitHub shows {GITHUB_ANNOTATIONS_SHOWN} annotations of each kind per step, "
               "the job summary lists every one")
    return f"::notice title={_github_property('bizenv validate')}::{_github_escape(message)}\n"


def markdown_cell(text: str) -> str:
    """`text` as the content of one cell of a Markdown table, read as plain text on one line (the
    escaping of every Markdown listing: outputs/render.py)."""
    return markdown_safe(" ".join(str(text).splitlines()))


PROBLEM_WRITERS: dict[ProblemFormat, Callable[[list[Problem]], str]] = {
    ProblemFormat.text: _text,
    ProblemFormat.json: _json,
    ProblemFormat.github: _github,
}
