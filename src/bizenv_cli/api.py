"""The library's entry points that span layers: what `bizenv_cli` exports for use without the CLI.

Each function here composes a lower layer with a higher one that the lower layer must not import
(the folder's validation with the work ledger's checks), so the CLI and a Python caller get the
same answer from one place.
"""

from __future__ import annotations

from pathlib import Path


def validate(data_dir, paths: list[Path] | None = None):
    """Every finding on the data folder `data_dir` (a files.datadir.DataDir), or on the named
    plan and report files: schema, semantics, the source audit and the work ledger."""
    from bizenv_cli.checks.validate import validate_data
    from bizenv_cli.ledger.checks import check_ledger_of_report

    return validate_data(data_dir, paths, check_ledger=check_ledger_of_report)
