"""How long the query and validate commands take, as whole processes, beside a baseline.

    python benchmarks/bench.py [--runs N] [--scale K] [--skip-validate]

Prints, for the real data and for a synthetic package K times its size (default 100: 2,900
plans, generated into a temporary folder from the real plans with renumbered documents and
ids):
- the medians of N interleaved runs of `bizenv due --before 2022-06 --format json` and of the
  baseline `python -c "import typer, yaml"`, and their ratio (the budget is 1.5);
- the time of `bizenv validate`, beside `check-jsonschema` on the same files with the same
  schema when that tool is installed ($CHECK_JSONSCHEMA, PATH, or beside this python); it checks
  the schema only, while validate also runs the semantic checks and the source audit. On the
  synthetic data both exit 1: the schema's id patterns allow two-digit plan ids only, so the
  four-digit renumbered ids are reported (every file is still read, checked and reported on).

A run over an empty package (the registry, no plans) gives the fixed cost of a query; what a
query costs per plan beyond it, on the real data and on the synthetic one, shows whether growth
stays linear (the two should be about equal).

Runs are interleaved (due, baseline, due, baseline...) so that a busy machine slows both alike.
The package cache of the query commands is warmed once first: the figures are for repeated use,
as an analyst runs one query after another. Bytecode is written on the warm-up run too.
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
# The console script a user runs, when installed beside this python; else the module.
_SCRIPT = Path(PYTHON).with_name("bizenv")
BIZENV = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "bizenv_cli"]
DUE = [*BIZENV, "due", "--before", "2022-06", "--format", "json"]
BASELINE = [PYTHON, "-c", "import typer, yaml"]


def child_env(data_dir: Path, cache_dir: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
    env["BIZENV_DATA"] = str(data_dir)
    env["XDG_CACHE_HOME"] = str(cache_dir)  # never touch the user's own cache
    env["NO_COLOR"] = "1"
    return env


def run_once(args: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return elapsed


def interleaved_medians(env: dict, cwd: Path, runs: int) -> tuple[float, float]:
    run_once(DUE, env, cwd)  # warm the package cache and the bytecode
    run_once(BASELINE, env, cwd)
    due_times, base_times = [], []
    for _ in range(runs):
        due_times.append(run_once(DUE, env, cwd))
        base_times.append(run_once(BASELINE, env, cwd))
    return statistics.median(due_times), statistics.median(base_times)


def time_validate(env: dict, cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run([*BIZENV, "validate"], env=env, cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, completed.returncode


def find_check_jsonschema() -> str | None:
    """$CHECK_JSONSCHEMA, else on PATH, else beside this python."""
    beside = Path(PYTHON).with_name("check-jsonschema")
    return os.environ.get("CHECK_JSONSCHEMA") or shutil.which("check-jsonschema") or (
        str(beside) if beside.exists() else None)


def time_check_jsonschema(data_dir: Path, cwd: Path) -> tuple[float, int] | None:
    tool = find_check_jsonschema()
    if tool is None:
        return None
    files = sorted(str(path) for path in (data_dir / "plans").glob("*.yaml"))
    start = time.perf_counter()
    completed = subprocess.run([tool, "--schemafile", str(ROOT / "schemas" / "plan.schema.json"), *files], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, completed.returncode


def synthetic_data(target: Path, scale: int) -> int:
    """Copy the real data `scale` times over with renumbered documents and ids; returns plan count.

    Copy k of document N becomes document (k*100 + N): its file, `document`, `id` and every id
    prefixed by the old plan id are renumbered, so that every id stays unique. The text is the
    real text, so parsing and querying cost what they would on real plans.
    """
    import re

    (target / "plans").mkdir(parents=True)
    shutil.copy(DATA / "departments.yaml", target / "departments.yaml")
    if (DATA / "source").is_dir():
        shutil.copytree(DATA / "source", target / "source")
    # validate reads the schemas beside the data folder, or inside it (as in an installed package).
    shutil.copytree(ROOT / "schemas", target / "schemas")
    count = 0
    for path in sorted((DATA / "plans").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        old_id = path.name[:2]
        slug = path.stem[3:]
        for copy in range(scale):
            number = copy * 100 + int(old_id)
            new_id = f"{number:04d}"
            renumbered = re.sub(rf"(?m)^document: {int(old_id)}$", f"document: {number}", text)
            renumbered = re.sub(rf"(?m)^id: ['\"]?{old_id}['\"]?$", f"id: '{new_id}'", renumbered)
            # Ids such as '09.01', 09.s3, "09.i2", 09.t1 (quoted or not) carry the plan id first.
            renumbered = re.sub(rf"(?<![0-9A-Za-z]){old_id}\.(?=[0-9sit])", f"{new_id}.", renumbered)
            (target / "plans" / f"{new_id}-{slug}.yaml").write_text(renumbered, encoding="utf-8")
            count += 1
    return count


def empty_data(target: Path) -> Path:
    """The registry and no plans: what a query costs before it reads any plan."""
    (target / "plans").mkdir(parents=True)
    shutil.copy(DATA / "departments.yaml", target / "departments.yaml")
    return target


def report(label: str, data_dir: Path, runs: int, skip_validate: bool, cwd: Path,
           fixed: float | None = None) -> float:
    """Print the figures for one data folder; returns the median time of `due`."""
    plans = len(list((data_dir / "plans").glob("*.yaml")))
    size = sum(path.stat().st_size for path in (data_dir / "plans").glob("*.yaml"))
    with tempfile.TemporaryDirectory(prefix="bizenv-bench-cache-") as cache:
        env = child_env(data_dir, Path(cache))
        first = run_once(DUE, env, cwd)  # cold: parses every file and writes the cache
        due, base = interleaved_medians(env, cwd, runs)
        print(f"{label}: {plans} plans, {size / 1e6:.1f} MB of YAML")
        print(f"  due --before 2022-06 --format json, first run (no cache): {first * 1000:8.1f} ms")
        print(f"  due --before 2022-06 --format json, median of {runs:<3}      {due * 1000:8.1f} ms")
        print(f"  python -c 'import typer, yaml', median of {runs:<3}         {base * 1000:8.1f} ms")
        print(f"  ratio due / baseline:                                {due / base:8.2f}  (budget 1.50)")
        if fixed is not None and plans:
            print(f"  due, per plan beyond the fixed cost of {fixed * 1000:.1f} ms:       "
                  f"{(due - fixed) / plans * 1000:8.3f} ms (linear growth keeps this flat)")
        if not skip_validate:
            seconds, code = time_validate(env, cwd)
            print(f"  bizenv validate:                                     {seconds * 1000:8.1f} ms (exit {code})")
            other = time_check_jsonschema(data_dir, cwd)
            if other is None:
                print("  check-jsonschema: not installed (set CHECK_JSONSCHEMA or put it on PATH)")
            else:
                print(f"  check-jsonschema --schemafile plan.schema.json:      {other[0] * 1000:8.1f} ms "
                      f"(exit {other[1]})")
    return due


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--skip-validate", action="store_true")
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]} ({PYTHON})")
    with tempfile.TemporaryDirectory(prefix="bizenv-bench-") as work:
        cwd = Path(work)
        with tempfile.TemporaryDirectory(prefix="bizenv-bench-cache-") as cache:
            empty = empty_data(cwd / "empty")
            run_once(DUE, child_env(empty, Path(cache)), cwd)
            fixed, _ = interleaved_medians(child_env(empty, Path(cache)), cwd, options.runs)
        print(f"no plans (the registry only): due median of {options.runs}: {fixed * 1000:.1f} ms")
        report("real data", DATA, options.runs, options.skip_validate, cwd, fixed)
        if options.scale > 1:
            synthetic = cwd / "data"
            made = synthetic_data(synthetic, options.scale)
            report(f"synthetic data ({options.scale}x, {made} plans)", synthetic, max(5, options.runs // 4),
                   options.skip_validate, cwd, fixed)


if __name__ == "__main__":
    main()
