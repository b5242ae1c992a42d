"""`bizenv validate --coverage`: how much of each document the data holds (docs/validation.md)."""

from __future__ import annotations

from bizenv_cli.checks import audit
from bizenv_cli.checks.completeness import unowned_lines
from bizenv_cli.checks.validate import ValidationReport


def coverage_lines(report: ValidationReport) -> list[str]:
    """Coverage of the plans the validation read (a plan it could not read is already a problem).
    A source line no plan owns is a finding of validate itself (checks/completeness.py), so a
    count above 0 comes with exit 1."""
    source = report.source
    lines = []
    for doc in report.plans:
        result = audit.coverage(doc, report.plan_schema, source)
        lines.append(
            f"document {result.document:2d}: {result.share:7.2%} of {result.characters} characters held; "
            f"{len(result.uncovered_lines)} lines not wholly held"
        )
        lines.extend(f"    {number}: {_clip(text)}" for number, text in result.uncovered_lines)
    if report.whole_package:
        orphans = unowned_lines(source, report.plans)
        lines.append(f"source lines owned by no plan: {len(orphans)}")
        lines.extend(f"    {n}: {_clip(source.line(n))}" for n in orphans)
    return lines


# The characters of a source line shown in the report; the rest is on that line of the text.
CLIPPED_LINE = 60


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= CLIPPED_LINE else text[:CLIPPED_LINE] + "…"
