"""Where a warm query's time above the floor goes, phase by phase: the figures of issue 19 at 1x.

    python benchmarks/bench_phases.py [--runs N]

`bench.py` times `due --format json`, `due` as a table and `gaps` as a table as whole processes
against a floor (the modules outside bizenv's own that such a run loads, imported by `python -c`).
This splits the time above that floor. Each run is a fresh process on the real data with a warm
store: it imports the floor's modules first, then, with the clock (CPU time) running,

- imports the command line (`bizenv_cli.cli`, its options, its writer of listings and the library
  API: modules the command would import anyway);
- runs the console script's `main()` with the command's words, as a user does;
- runs `main()` again in the same process: no module left to import and every cache warm, the
  command's work alone.

A wrapper around the same entry points (nothing in the package knows it is measured) times, in
each of the two runs, `load` (the store: opening it, checking the folder, building the package),
the query (`due_rows` or `gap_rows`) and `emit` (the rows written in the format asked). What is
left of a run is typer building the command and parsing the words, the options, the ledger and
the rest of the command's own code. In the first run each phase also pays the imports it makes
first, so the first run minus the second is what importing the rest and the first use of each
cache cost. The floor's own CPU time, as `bench.py` measures it, is printed beside (interleaved),
and each phase as a share of it: a phase that is under a tenth of the floor cannot, removed
alone, bring a figure 10% down.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import DATA, DUE_ARGS, PYTHON, child_env, floor_command, floor_modules  # noqa: E402  (as bench.py runs them)

FIGURES = {
    "due --format json": [*DUE_ARGS, "--format", "json"],
    "due (table)": DUE_ARGS,
    "gaps (table)": ["gaps"],
}
PHASES = ("load", "query", "output", "the rest")

# Run in a fresh process after the floor's modules are imported: prints one JSON object of
# seconds of CPU on stderr's last line (stdout is the command's and goes to /dev/null).
DRIVER = """
import importlib, json, os, sys, time
for name in FLOOR:
    try:
        importlib.import_module(name)
    except Exception:
        pass
clock = time.process_time
spent = {}

def timed(phase, function):
    def wrapper(*args, **kwargs):
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[phase] = spent.get(phase, 0.0) + clock() - start
    return wrapper

start = clock()
import bizenv_cli.api as api
import bizenv_cli.cli.emit as emit
import bizenv_cli.cli.options as options
from bizenv_cli.cli import main
imports = clock() - start
options.load = timed("load", options.load)
emit.emit = timed("output", emit.emit)
api.due_rows = timed("query", api.due_rows)
api.gap_rows = timed("query", api.gap_rows)
runs = []
for _ in range(2):
    spent.clear()
    sys.argv = ["bizenv", *ARGS]
    start = clock()
    try:
        main()
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
    total = clock() - start
    runs.append({**spent, "total": total})
sys.stdout.flush()
sys.stderr.write(json.dumps({"imports": imports, "runs": runs}) + "\\n")
"""


def driver(floor: list[str], args: list[str]) -> list[str]:
    return [PYTHON, "-c", f"FLOOR = {floor!r}\nARGS = {args!r}\n" + DRIVER]


def run(command: list[str], env: dict, cwd: Path) -> tuple[float, str]:
    """CPU time of one process (the child's own, by os.wait4), and its stderr."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:2])}... failed:\n{text[-1200:]}")
    return usage.ru_utime + usage.ru_stime, text


def phases_of(report: dict) -> dict[str, float]:
    """One process's figures: the imports before the command, and each phase of both runs."""
    figures = {"imports before the command": report["imports"]}
    for label, measured in zip(("first run", "again"), report["runs"]):
        named = sum(measured.get(phase, 0.0) for phase in PHASES[:-1])
        for phase in PHASES[:-1]:
            figures[f"{label}: {phase}"] = measured.get(phase, 0.0)
        figures[f"{label}: the rest"] = measured["total"] - named
        figures[f"{label}: total"] = measured["total"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; median CPU of {options.runs} interleaved runs, "
          f"real data, warm store")
    with tempfile.TemporaryDirectory(prefix="bizenv-phases-") as folder:
        work = Path(folder)
        env = child_env(DATA, work / "cache")
        run([PYTHON, "-m", "bizenv_cli", *FIGURES["due --format json"]], env, work)  # the store filled first
        floor = floor_modules(env, work)
        commands = {"floor": floor_command(floor)}
        for name, args in FIGURES.items():
            commands[name] = [PYTHON, "-c", f"import sys\nfrom bizenv_cli.cli import main\nsys.argv = ['bizenv', *{args!r}]\nmain()\n"]
            commands[name + " phases"] = driver(floor, args)
        for command in commands.values():  # the page cache, and the store filled
            run(command, env, work)
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        figures: dict[str, list[dict[str, float]]] = {name: [] for name in FIGURES}
        for _ in range(options.runs):
            for name, command in commands.items():
                seconds, stderr = run(command, env, work)
                cpu[name].append(seconds)
                if name.endswith(" phases"):
                    figures[name.removesuffix(" phases")].append(phases_of(json.loads(stderr.strip().splitlines()[-1])))
        floor_cpu = statistics.median(cpu["floor"])
        print(f"floor (python -c 'import ...' of {len(floor)} modules): {floor_cpu * 1000:.1f} ms of CPU")
        for name in FIGURES:
            whole = statistics.median(cpu[name])
            print(f"\n{name}: {whole * 1000:.1f} ms of CPU as a process of its own, {whole / floor_cpu:.2f}x the floor; "
                  f"in the process that measures the phases:")
            for key in figures[name][0]:
                value = statistics.median(figure[key] for figure in figures[name])
                print(f"  {key:<30} {value * 1000:7.2f} ms  {100 * value / floor_cpu:5.1f}% of the floor")


if __name__ == "__main__":
    main()
