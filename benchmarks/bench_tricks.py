"""What each speed trick the code keeps saves, on the figures a user sees (docs/performance.md).

    python benchmarks/bench_tricks.py [--runs N]

A trick stays only where it saves at least 10% of a figure a user sees. For each one this runs
the figures it may move, as whole processes on the real data, with the code as it is and with the
trick undone by a wrapper around the same entry point (nothing in the package knows it is being
measured), interleaved (a, b, a, b...), and prints the median CPU time of each and what the trick
saves. The figures:

- `due --format json`, warm: what an analyst's every query pays;
- the first query on a fresh clone: `due --format json` with an empty store (every file read,
  checked and stored);
- `validate --no-cache`: every file parsed and checked, as CI runs it on a fresh machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PYTHON = sys.executable

FOLD_MEMO = "each measure's text folded once, not once per indicator of its plan (model/owners.py)"
# How each trick is undone, as Python run before the console script's main().
UNDO = {
    "gc off and frozen while the package loads (cli/options.py load)":
        "import gc; gc.disable = lambda: None; gc.freeze = lambda: None",
    "only the named command's module imported (cli/__init__.py COMMAND_MODULES)":
        "import bizenv_cli.cli as c; c.command_modules_for = lambda args: list(c.COMMAND_MODULES.values())",
    "openpyxl, icalendar and Jinja2 imported by the commands that write their files (outputs/)":
        "import openpyxl, icalendar, jinja2",
    "the compiled schema check; jsonschema only to explain (checks/schemacheck.py)":
        "import bizenv_cli.checks.schemacheck as s; s.passes = lambda schema, document: False",
    "plain keys that passed their checks remembered (files/yamlload.py _PLAIN_KEYS_CHECKED)":
        "import bizenv_cli.files.yamlload as y\n"
        "class Forgetful(set):\n    def add(self, item): pass\n"
        "y._PLAIN_KEYS_CHECKED = Forgetful()",
    FOLD_MEMO:
        "import bizenv_cli.model.owners as o; o._folded_measure_text = o._folded_measure_text.__wrapped__",
}
DUE = ["due", "--before", "2022-06", "--as-of", "2022-05-15", "--format", "json"]
FIGURES = {
    "warm due": (DUE, "warm"),
    "first query": (DUE, "cold"),
    "validate --no-cache": (["--no-cache", "validate"], "warm"),
}
# The figures a trick is measured on, where not all of them: the measure texts are folded when the
# store is filled (a warm query reads the indicators' owners from it), and validate never folds them.
FIGURES_OF = {FOLD_MEMO: ("first query",)}


def command(undo: str | None, args: list[str]) -> list[str]:
    prelude = (undo + "\n") if undo else ""
    return [PYTHON, "-c", f"{prelude}import sys\nfrom bizenv_cli.cli import main\n"
            f"sys.argv = ['bizenv', *{args!r}]\nmain()\n"]


def cpu_seconds(args: list[str], env: dict, cache: str | None) -> float:
    """CPU time (the child's own, by os.wait4) of one run; `cache` emptied first when given."""
    if cache:
        shutil.rmtree(cache, ignore_errors=True)
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:3])}... failed: {stderr.decode()[-600:]}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--only", help="measure only the tricks whose name contains this text")
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"median CPU of {options.runs} interleaved runs, real data")
    with tempfile.TemporaryDirectory(prefix="bizenv-tricks-") as folder:
        env = dict(os.environ, BIZENV_DATA=str(DATA), XDG_CACHE_HOME=folder, NO_COLOR="1")
        env.pop("BIZENV_NO_CACHE", None)
        cold = str(Path(folder) / "bizenv")
        for trick, undo in UNDO.items():
            if options.only and options.only not in trick:
                continue
            print(trick)
            for figure in FIGURES_OF.get(trick, FIGURES):
                args, state = FIGURES[figure]
                runs = {"with": command(None, args), "without": command(undo, args)}
                cache = cold if state == "cold" else None
                for name, argv in runs.items():  # warm-up: the page cache, and a warm store
                    cpu_seconds(command(None, DUE), env, None)
                    cpu_seconds(argv, env, cache)
                times: dict[str, list[float]] = {name: [] for name in runs}
                for _ in range(options.runs):
                    for name, argv in runs.items():
                        if state == "warm":
                            cpu_seconds(command(None, DUE), env, None)  # the store filled, unmeasured
                        times[name].append(cpu_seconds(argv, env, cache))
                with_, without = (statistics.median(times[name]) for name in runs)
                print(f"  {figure:<20} {with_ * 1000:7.1f} ms with it, {without * 1000:7.1f} ms without: "
                      f"saves {100 * (without - with_) / without:5.1f}%", flush=True)


if __name__ == "__main__":
    main()
