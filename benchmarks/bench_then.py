"""Issue 19's figures for the code of another revision and for this checkout's, in the same runs.

    python benchmarks/bench_then.py [--revision e03b391] [--scales 1,10,100] [--runs N]

`bench.py` gives issue 19's figures for this checkout alone, and a figure of one run cannot be
compared with one of another: the machine's speed moves from minute to minute. This runs both
codes side by side, interleaved, each on its own revision's data (its `src/`, `data/`,
`schemas/` and `pyproject.toml` taken with `git archive`), so that what the issue's figures were measured on (the code
of the day it was filed, e03b391, by default) is measured on this machine, now, beside today's:

- for each code, its own floor (the modules outside bizenv's own that its warm `due --format
  json` loads; `bench.floor_modules`' rule), and `due --format json`, `due` as a table and `gaps`
  as a table against it, at 1x;
- warm `due --format json` at each larger scale against its 1x time, with its peak memory;
- at 10x, the first query after a one-file edit against a warm one in the same rounds;
- each figure of today's code as a ratio to the same figure of the other code.

Each code runs as `python -c "…; from <its console script's module> import main; main()"` with its
own `src/` first on the path, against the dependencies installed beside this python, with its own
data and cache folders (`bench.child_env`).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import bench

ISSUE_19_FILED = "e03b391"
WORK = Path(tempfile.gettempdir())


class Code:
    """One code to run: its tree (src/, data/, schemas/) and the module of its console script."""

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root
        # The module of its console script (e03b391's was bizenv_cli.cli; today's catches a Ctrl-C
        # at start-up first), from its own pyproject.toml.
        with open(root / "pyproject.toml", "rb") as handle:
            self.entry = tomllib.load(handle)["project"]["scripts"]["bizenv"].split(":")[0]

    def command(self, args: list[str]) -> list[str]:
        return [bench.PYTHON, "-c", f"import sys; sys.path.insert(0, {str(self.root / 'src')!r}); "
                                    f"sys.argv = ['bizenv', *{args!r}]; from {self.entry} import main; main()"]

    def floor(self, env: dict) -> list[str]:
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as listing:
            probe = (f"import atexit, sys\nsys.path.insert(0, {str(self.root / 'src')!r})\n"
                     f"atexit.register(lambda: open({listing.name!r}, 'w').write('\\n'.join(sorted(sys.modules))))\n"
                     f"from {self.entry} import main\n"
                     f"sys.argv = ['bizenv', *{bench.DUE_ARGS!r}, '--format', 'json']\nmain()\n")
            bench.run([bench.PYTHON, "-c", probe], env, WORK)
            names = Path(listing.name).read_text().split()
        return bench.floor_command([name for name in names if not name.startswith(("bizenv_cli", "__main__", "_frozen"))
                                    and name not in sys.builtin_module_names])

    def data(self, scale: int, work: Path) -> Path:
        """This code's data `scale` times over, as bench.py makes it of the checkout's."""
        target = work / f"{self.name}-{scale}x" / "data"
        saved = bench.DATA, bench.ROOT
        bench.DATA, bench.ROOT = self.root / "data", self.root
        try:
            bench.synthetic_data(target, scale)
        finally:
            bench.DATA, bench.ROOT = saved
        return target


def archived(revision: str, work: Path) -> Path:
    root = work / "then"
    root.mkdir()
    archive = subprocess.run(["git", "-C", str(bench.ROOT), "archive", revision, "src", "data", "schemas",
                                                                 "pyproject.toml"],
                             capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    return root


def after_edit(codes: list[Code], envs: dict, runs: int) -> None:
    """bench.bench_after_edit's rounds, the codes taking turns within each round."""
    rounds = {code.name: ([], []) for code in codes}
    for round_ in range(runs):
        for code in codes:
            args, env = code.command([*bench.DUE_ARGS, "--format", "json"]), envs[code.name, 10]
            rounds[code.name][0].append(bench.run(args, env, WORK))
            bench.edit_one_file(Path(env["BIZENV_DATA"]), round_)
            rounds[code.name][1].append(bench.run(args, env, WORK))
        time.sleep(bench.RACY_SECONDS)
        for code in codes:  # the store settles, so that the next round's warm run is warm
            bench.run(code.command([*bench.DUE_ARGS, "--format", "json"]), envs[code.name, 10], WORK)
    print(f"the first query after a one-file edit at 10x against a warm one (target 1.32x), median of {runs}:")
    for name, (warm, after) in rounds.items():
        (warm_s, warm_cpu), (after_s, after_cpu) = ((statistics.median(r[0] for r in runs_),
                                                     statistics.median(r[3] for r in runs_)) for runs_ in (warm, after))
        print(f"  {name:<5} {after_s * 1000:7.1f} ms against {warm_s * 1000:7.1f} ms: {after_s / warm_s:5.2f}x; "
              f"CPU {after_cpu / warm_cpu:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", default=ISSUE_19_FILED, help=f"the other code (default {ISSUE_19_FILED})")
    parser.add_argument("--scales", default="1,10", help="comma-separated sizes, 1 first, e.g. 1,10,100")
    parser.add_argument("--runs", type=int, default=11)
    options = parser.parse_args()
    scales = [int(part) for part in options.scales.split(",")]
    if scales[0] != 1:
        parser.error("--scales starts with 1: the larger scales are compared with it")
    with tempfile.TemporaryDirectory(prefix="bizenv-bench-then-") as folder:
        work = Path(folder)
        codes = [Code("then", archived(options.revision, work)), Code("now", bench.ROOT)]
        now = subprocess.run(["git", "-C", str(bench.ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
        print(f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
              f"then = {options.revision}, now = {now} (and any edits in the checkout); {options.runs} interleaved runs")
        envs = {}
        for code in codes:
            for scale in scales:
                envs[code.name, scale] = bench.child_env(code.data(scale, work), work / f"cache-{code.name}-{scale}")
                started = time.perf_counter()
                bench.run(code.command([*bench.DUE_ARGS, "--format", "json"]), envs[code.name, scale], WORK)
                print(f"  {code.name} {scale}x: the first query {time.perf_counter() - started:.1f} s", flush=True)
        commands = {}
        for code in codes:
            env = envs[code.name, 1]
            commands[f"{code.name} floor"] = (code.floor(env), env)
            commands[f"{code.name} due json"] = (code.command([*bench.DUE_ARGS, "--format", "json"]), env)
            commands[f"{code.name} due table"] = (code.command(list(bench.DUE_ARGS)), env)
            commands[f"{code.name} gaps table"] = (code.command(["gaps"]), env)
            for scale in scales[1:]:
                commands[f"{code.name} due json {scale}x"] = (code.command([*bench.DUE_ARGS, "--format", "json"]),
                                                              envs[code.name, scale])
        result = bench.medians(commands, envs["now", 1], WORK, options.runs)
        for code in codes:
            base, _, base_cpu = result[f"{code.name} floor"]
            print(f"{code.name}: floor {base * 1000:.1f} ms (CPU {base_cpu * 1000:.1f} ms)")
            for name, target in (("due json", 1.12), ("due table", 1.14), ("gaps table", 1.42)):
                seconds, _, cpu = result[f"{code.name} {name}"]
                print(f"  {name:<13} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x the floor (target {target}x); "
                      f"CPU {cpu / base_cpu:5.2f}x")
            for scale in scales[1:]:
                (seconds, megabytes, cpu), (at_1x, _, cpu_1x) = result[f"{code.name} due json {scale}x"], \
                    result[f"{code.name} due json"]
                print(f"  due json {scale}x {seconds * 1000:7.1f} ms  {seconds / at_1x:5.2f}x its 1x (target 1.45x at "
                      f"100x); CPU {cpu / cpu_1x:5.2f}x; peak {megabytes:.1f} MB (target 31 MB at 100x)")
        print("now against then, each figure in the same runs:")
        for name in [name[len("now "):] for name in commands if name.startswith("now ")]:
            (seconds, megabytes, cpu), (then_s, then_mb, then_cpu) = result[f"now {name}"], result[f"then {name}"]
            print(f"  {name:<14} {seconds * 1000:7.1f} against {then_s * 1000:7.1f} ms: {seconds / then_s:5.2f}x;  "
                  f"CPU {cpu / then_cpu:5.2f}x;  peak {megabytes:.1f} against {then_mb:.1f} MB")
        if 10 in scales:
            after_edit(codes, envs, options.runs)
        shutil.rmtree(work / "then")


if __name__ == "__main__":
    main()
