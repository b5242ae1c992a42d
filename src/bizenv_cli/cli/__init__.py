"""The `bizenv` command line: a thin layer that turns options into calls on the library.

Each command lives in its own module and registers itself on `app`; none of them holds logic
that a test could not reach through the library.
"""

from __future__ import annotations

import gc as _gc
import signal as _signal
import sys as _sys

# A run of bizenv builds many small objects that hold no cycles (typer's and rich's modules as they
# load, then rows, records and documents) and exits: the cyclic collector's passes over them are
# cost without use (some 30 passes, 6 ms, in a warm `due`; 40 more at 100 times the data). It still
# runs, a hundred times less often, so that a long run (validate over thousands of files) frees
# the few cycles it makes. Set here, in the command line's package, not in the library's.
_gc.set_threshold(70_000, 10, 10)


def _interrupted_while_starting(signum, frame):
    # Ctrl-C while Python still imports typer and the commands (the console script imports this
    # package before `main` runs): one line and the status of an interrupted command, not a
    # traceback of the import machinery. `main` restores Python's own handler.
    _sys.stderr.write("bizenv: interrupted\n")
    raise SystemExit(130)


if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
    _signal.signal(_signal.SIGINT, _interrupted_while_starting)

import importlib as _importlib  # noqa: E402

from bizenv_cli.cli.app import app, main as _run  # noqa: E402

# Importing a command module registers its commands on `app`. All of them are imported, in this
# order, which is the order `bizenv --help` lists them in (the everyday questions first, the
# maintainers' tools last), the first time anyone looks at the commands: typer building the
# parser, or a test. The console script (`main`) imports only the module of the command it runs
# when the words name one: `bizenv due` needs neither diff's nor the ledger's modules, and typer
# then builds one command instead of sixteen (issue 14: start-up is most of a warm query's time).
COMMAND_MODULES = {
    "measures": "measures_cmd", "due": "due_cmd", "gaps": "gaps_cmd", "show": "show_cmd",
    "search": "search_cmd", "plans": "plans_cmd", "departments": "departments_cmd",
    "record": "record_cmd", "progress": "progress_cmd", "ledger": "ledger_cmd",  # the work ledger
    "validate": "validate_cmd", "import": "import_cmd",
    "export": "export_cmd", "report": "report_cmd",  # files people open
    "diff": "diff_cmd", "textconv": "diff_cmd", "git-setup": "diff_cmd",
}
# The global options that may come before the command, and whether each takes a value.
_GLOBALS_BEFORE_COMMAND = {"--data": True, "--width": True, "--no-color": False, "--no-cache": False}


def _import_commands(modules) -> None:
    for module in dict.fromkeys(modules):  # in order, each once
        _importlib.import_module(f"bizenv_cli.cli.{module}")


def command_modules_for(args: list[str]) -> list[str]:
    """The command modules a run with these words needs: the named command's alone, or all of them
    when the words name none (`bizenv`, `bizenv --help`, a mistyped command, which the parser
    answers with the list of commands or a suggestion) or hold anything unusual before it."""
    index = 0
    while index < len(args):
        word = args[index]
        name, equals, _ = word.partition("=")
        takes_value = _GLOBALS_BEFORE_COMMAND.get(name)
        if takes_value is None:
            break
        if equals and not takes_value:
            return list(COMMAND_MODULES.values())
        index += 1 if equals or not takes_value else 2
    if index < len(args) and args[index] in COMMAND_MODULES:
        return [COMMAND_MODULES[args[index]]]
    return list(COMMAND_MODULES.values())


def main() -> None:
    """The console script: registers the command the words name (or all) and runs it."""
    app.defer_commands(lambda: _import_commands(command_modules_for(_sys.argv[1:])))
    _run()


app.defer_commands(lambda: _import_commands(COMMAND_MODULES.values()))

__all__ = ["app", "main", "COMMAND_MODULES", "command_modules_for"]

# Start-up is over: from here a Ctrl-C is Python's KeyboardInterrupt again, which the commands'
# machinery turns into the same one line (cli/app.py: `interrupted`).
if _signal.getsignal(_signal.SIGINT) is _interrupted_while_starting:
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
