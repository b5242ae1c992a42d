"""The `bizenv` command line: a thin layer that turns options into calls on the library.

Each command lives in its own module and registers itself on `app`; none of them holds logic
that a test could not reach through the library. Importing this package changes nothing in the
process (no signal handler, no collector setting): `main`, the console script's, does what a
run of the program alone should.

    app              the group, its global options, its one-line errors and exit codes
    options          what the query commands share: options, loading the package, -o's writer
    emit             a listing out in the format asked (outputs/formats.py's registry), or to -o FILE
    typer_compat     every use of a private name of typer or click (the quick option parsing
                     switchable off: BIZENV_TYPER_COMPAT=off)
    ledger_options   what the ledger's commands share: loading the ledger, the reporting body
    ledger_columns   the work ledger's columns beside a listing's own
    *_cmd            one module per command, in the order of COMMAND_MODULES: measures_cmd, due_cmd,
                     gaps_cmd, show_cmd, search_cmd, plans_cmd, departments_cmd, record_cmd,
                     progress_cmd, ledger_cmd, validate_cmd, import_cmd, export_cmd, report_cmd and
                     diff_cmd (diff, textconv, git-setup)
"""

from __future__ import annotations

import importlib
import sys

from bizenv_cli.cli.app import app, late_globals, main as _run

# Importing a command module registers its commands on `app`. All of them are imported, in this
# order, which is the order `bizenv --help` lists the commands in (the everyday questions first,
# the maintainers' tools last; groups such as ledger come last, after every command), the first
# time anyone looks at the commands: typer building the parser, or a test. The console script
# (`main`) imports only the module of the command it runs when the words name one: `bizenv due`
# needs neither diff's nor the ledger's modules, and typer then builds one command instead of
# every one (start-up is most of a warm query's time: docs/performance.md).
COMMAND_MODULES = {
    "measures": "measures_cmd", "due": "due_cmd", "gaps": "gaps_cmd", "show": "show_cmd",
    "search": "search_cmd", "plans": "plans_cmd", "departments": "departments_cmd",
    "record": "record_cmd", "progress": "progress_cmd", "ledger": "ledger_cmd",  # the work ledger
    "validate": "validate_cmd", "import": "import_cmd",
    "export": "export_cmd", "report": "report_cmd",  # files people open
    "diff": "diff_cmd", "textconv": "diff_cmd", "git-setup": "diff_cmd",
}


def _import_commands(modules) -> None:
    for module in dict.fromkeys(modules):  # in order, each once
        importlib.import_module(f"bizenv_cli.cli.{module}")


def command_modules_for(args: list[str]) -> list[str]:
    """The command modules a run with these words needs: the named command's alone, none for
    --version, or all of them when the words name none (`bizenv`, `bizenv --help`, a mistyped
    command, which the parser answers with the list of commands or a suggestion) or hold anything
    unusual before it."""
    takes_value = late_globals()  # the global options that may come before the command, too
    index = 0
    while index < len(args):
        name, equals, _ = args[index].partition("=")
        if name not in takes_value:
            break
        if equals and not takes_value[name]:
            return list(COMMAND_MODULES.values())
        index += 1 if equals or not takes_value[name] else 2
    if index < len(args) and args[index] in COMMAND_MODULES:
        return [COMMAND_MODULES[args[index]]]
    if index < len(args) and args[index] == "--version":  # printed at once: no command is parsed
        return []
    return list(COMMAND_MODULES.values())


def main() -> None:
    """The console script: registers the command the words name (or all) and runs it."""
    app.defer_commands(lambda: _import_commands(command_modules_for(sys.argv[1:])))
    _run()


app.defer_commands(lambda: _import_commands(COMMAND_MODULES.values()))

__all__ = ["app", "main", "COMMAND_MODULES", "command_modules_for"]
