"""Importing any module of the package changes nothing in the process that imports it: the garbage
collector, the signal handlers, the umask, the `re` module and the interpreter's hooks are as they
were. Running a command in process leaves the collector as it was too."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

PROBE = r"""
import gc, importlib, json, os, pkgutil, re, signal, sys, warnings

def state():
    umask = os.umask(0o022)
    os.umask(umask)
    handlers = {}
    for number in sorted(signal.valid_signals()):
        try:
            handler = signal.getsignal(number)
        except (OSError, ValueError):
            continue
        handlers[signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)] = \
            "python's KeyboardInterrupt" if handler is signal.default_int_handler else repr(handler)
    return {
        "gc.get_threshold": list(gc.get_threshold()),
        "gc.isenabled": gc.isenabled(),
        "gc.get_freeze_count": gc.get_freeze_count(),
        "signal handlers": handlers,
        "os.umask": oct(umask),
        "re.compile is re's own": re.compile is RE_COMPILE,
        "re.sub is re's own": re.sub is RE_SUB,
        "sys.excepthook": repr(sys.excepthook),
        "sys.displayhook": repr(sys.displayhook),
        "sys.getrecursionlimit": sys.getrecursionlimit(),
        "warnings.filters": len(warnings.filters),
        "os.environ": dict(os.environ),
    }

RE_COMPILE, RE_SUB = re.compile, re.sub
before = state()
import bizenv_cli
imported = ["bizenv_cli"]
for module in pkgutil.walk_packages(bizenv_cli.__path__, "bizenv_cli."):
    importlib.import_module(module.name)
    imported.append(module.name)
print(json.dumps({"before": before, "after": state(), "imported": imported}))
"""


def probe() -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_importing_every_module_changes_no_process_wide_state():
    found = probe()
    # Every module was imported, the command line's and the entry point's too.
    assert {"bizenv_cli.cli", "bizenv_cli.cli.app", "bizenv_cli.cli.due_cmd", "bizenv_cli.__main__",
            "bizenv_cli.api", "bizenv_cli.files.yamlload", "bizenv_cli.files.safefile"} <= set(found["imported"])
    changed = {key: (found["before"][key], found["after"][key])
               for key in found["before"] if found["before"][key] != found["after"][key]}
    assert changed == {}


COMMAND_PROBE = r"""
import gc, json
from typer.testing import CliRunner
from bizenv_cli.cli import app

before = [gc.isenabled(), gc.get_freeze_count()]
runner = CliRunner()
results = [runner.invoke(app, args).exit_code
           for args in (["due", "--before", "2022-06", "--format", "json"], ["gaps"], ["show", "02.03"])]
print(json.dumps({"before": before, "after": [gc.isenabled(), gc.get_freeze_count()], "exits": results}))
"""


def test_running_commands_in_process_leaves_the_collector_as_it_was():
    """A command freezes what it loaded for its own run only: a process that runs commands in turn
    (a test, a program driving the group) finds its collector as it left it, nothing frozen."""
    result = subprocess.run([sys.executable, "-c", COMMAND_PROBE], capture_output=True, text=True, timeout=120,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["exits"] == [0, 0, 0]
    assert found["after"] == found["before"] == [True, 0]


PROGRAM_PROBE = r"""
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write(f"\nfrozen {gc.get_freeze_count()}\n"))
from bizenv_cli.cli import main
sys.argv = ["bizenv", "due", "--before", "2022-06", "--format", "json"]
main()
"""


def test_the_program_keeps_what_it_loaded_frozen_to_its_end():
    """Only the program itself, which ends with its command, freezes what the command loaded
    (docs/performance.md, "Speed tricks kept"): unfrozen at the command's end, the interpreter's
    last collection would walk all of it."""
    result = subprocess.run([sys.executable, "-c", PROGRAM_PROBE], capture_output=True, text=True, timeout=120,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)  # the query answered
    assert int(result.stderr.split("frozen ")[-1]) > 1000
