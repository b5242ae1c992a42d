"""The library's entry points that span layers: what `bizenv_cli` exports for use without the CLI.

Each function here composes a lower layer with a higher one that the lower layer must not import
(the folder's validation with the work ledger's checks), so the CLI and a Python caller get the
same answer from one place.
"""

from __future__ import annotations

from pathlib import Path


def validate(data_dir, paths: list[Path] | None = None, use_cache: bool = True):
    """Every finding on the data folder `data_dir` (a files.datadir.DataDir), or on the named
    plan and report files: schema, semantics, the source audit and the work ledger.

    With `use_cache`, the files the store holds as they are now are not parsed again (store.package.
    checked_documents); without it, nothing in the cache is read or written."""
    from functools import partial

    from bizenv_cli.checks.validate import validate_data
    from bizenv_cli.ledger.checks import check_ledger_of_report

    checked = None
    if use_cache:
        from bizenv_cli.store.package import checked_documents

        checked = checked_documents(data_dir)
    return validate_data(data_dir, paths, check_ledger=partial(check_ledger_of_report, use_cache=use_cache),
                         checked=checked)
