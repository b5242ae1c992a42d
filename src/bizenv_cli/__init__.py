"""bizenv: a business-environment plan package kept as data, and the tools to query it.

The library, without the command line:

    import bizenv_cli as bizenv

    package = bizenv.load("data")                       # the plans and the department registry
    work = bizenv.load_ledger("data")                   # the work ledger (工作台账)
    rows = bizenv.due(package, before="2022-07", departments=["税务局"], ledger=work)
    bizenv.measures(package, departments="市税务局", role="support")  # where it only supports
    bizenv.progress(package, ledger=work, as_of="2022-07-01", group_by="dept")  # who is late
    bizenv.show(package, "09.02", ledger=work)          # one measure, its milestones and history
    bizenv.find_department(package, "市税物局")          # NoMatch: did you mean 市税务局?
    bizenv.record("data", "09.02#1", as_of="2022-06-30", department="tax", status="done", on="2022-06-20")
    report = bizenv.validate(bizenv.data_folder("data"))
    report.ok, report.problems                          # valid (warnings pass)? and every finding

Given the folder's ledger (`ledger=`, as above), the rows are those `bizenv ... --format json`
prints on that folder (docs/json.md); without it, no report judges them. `record`, `import_sheet`
(an office's filled-in `ledger_template`) and `remove_report` write the ledger as `bizenv record`
and `bizenv ledger import`/`remove` do: checked whole, atomically, one writer at a time; a change
the ledger's checks refuse raises RecordError (a sheet that is no template, SheetError) and writes
nothing. A name that fits no plan or body raises NoMatch or Ambiguous, a file that cannot be read
DataError, a date that names no period PeriodError, any other value a query does not take
ValueError. Where no data folder is found, the queries answer from the copy shipped with bizenv,
but `validate`, `validate_staged` and the ledger's writers raise DataDirNotFound: they check or
write the caller's data or none. Each name loads its modules on first use: `import bizenv_cli`
imports nothing, so it never loads typer, rich or PyYAML, and every module's import (which runs
this file first) stays free.

The package's layers, lowest first, each a folder whose __init__ lists its modules:
model → files → checks → importer → store → query → ledger → diff → outputs → api → cli.
"""

__version__ = "0.2.0"

# Each name of the library and the module that holds it (bizenv_cli.api composes the layers).
_EXPORTS = {
    "data_folder": "bizenv_cli.api",
    "load": "bizenv_cli.api",
    "load_ledger": "bizenv_cli.api",
    "validate": "bizenv_cli.api",
    "validate_staged": "bizenv_cli.api",
    "find_department": "bizenv_cli.api",
    "find_plan": "bizenv_cli.api",
    "measures": "bizenv_cli.api",
    "due": "bizenv_cli.api",
    "gaps": "bizenv_cli.api",
    "plans": "bizenv_cli.api",
    "show": "bizenv_cli.api",
    "search": "bizenv_cli.api",
    "departments": "bizenv_cli.api",
    "progress": "bizenv_cli.api",
    "record": "bizenv_cli.api",
    "ledger_template": "bizenv_cli.api",
    "import_sheet": "bizenv_cli.api",
    "remove_report": "bizenv_cli.api",
    "import_text": "bizenv_cli.api",
    "ImportRefused": "bizenv_cli.importer.run",
    "RecordError": "bizenv_cli.ledger.record",
    "SheetError": "bizenv_cli.ledger.sheet_files",
    "NameNotResolved": "bizenv_cli.query.names",
    "NoMatch": "bizenv_cli.query.names",
    "Ambiguous": "bizenv_cli.query.names",
    "DataError": "bizenv_cli.files.problems",
    "DataDirNotFound": "bizenv_cli.files.datadir",
    "PeriodError": "bizenv_cli.model.periods",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bizenv_cli' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
