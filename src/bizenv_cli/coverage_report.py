"""`bizenv validate --coverage`: how much of each document the data holds (DESIGN §9 c)."""

from __future__ import annotations

from pathlib import Path

from bizenv_cli import audit
from bizenv_cli.datadir import DataDir
from bizenv_cli.problems import DataError
from bizenv_cli.validate import PLAN_SCHEMA, source_text_of, load_schema
from bizenv_cli.yamlload import load_yaml_file


def coverage_lines(data_dir: DataDir, plan_paths: list[Path] | None = None) -> list[str]:
    source = source_text_of(data_dir)
    schema = load_schema(data_dir.schemas_dir / PLAN_SCHEMA)
    owned: set[int] = set()
    lines = []
    for path in plan_paths or data_dir.plan_files():
        try:
            doc = load_yaml_file(path, data_dir.display(path)).data
        except DataError as error:
            lines.append(f"{error.problem}")
            continue
        for first, last in audit.owned_lines(doc):
            owned.update(range(first, last + 1))
        result = audit.coverage(doc, schema, source)
        lines.append(
            f"document {result.document:2d}: {result.share:7.2%} of {result.characters} characters held; "
            f"{len(result.uncovered_lines)} lines not wholly held"
        )
        lines.extend(f"    {number}: {_clip(text)}" for number, text in result.uncovered_lines)
    if plan_paths is None:
        orphans = [n for n in range(1, len(source.lines) + 1) if n not in owned and source.line(n).strip()]
        lines.append(f"source lines owned by no plan: {len(orphans)}")
        lines.extend(f"    {n}: {_clip(source.line(n))}" for n in orphans)
    return lines


def _clip(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"
