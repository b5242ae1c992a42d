"""How long the files people open take to write (docs/outputs.md), on the real data.

    python benchmarks/bench_outputs.py [--runs N]

Prints the median of N whole-process runs (default 7, warm package cache, bytecode compiled) of
`bizenv report`, `bizenv export` to .xlsx and to .sqlite, `bizenv due -o F.ics` and
`bizenv measures -o F.xlsx`, beside `bizenv due --format json` for scale. Then, in process, the
cost of the workbook of `bizenv export` written by openpyxl (the library the package uses) and,
when it is installed, by XlsxWriter with the same sheets, cell types and styles, with the peak
memory of each (tracemalloc): the evidence behind docs/outputs.md's "Libraries, and why". Last, the table's
own layout beside rich's (`--tables`, whole processes): what the two speed paths of
outputs/render.py save of a warm `gaps` and `due` table, each kept only while it saves at least a
tenth. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).with_name("bizenv")
BIZENV = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "bizenv_cli"]
AS_OF = "2022-07-01"


def commands(out: Path) -> dict[str, list[str]]:
    return {
        "due --format json (for scale)": ["due", "--as-of", AS_OF, "--format", "json"],
        "report -o report.html": ["report", "--as-of", AS_OF, "-o", str(out / "report.html")],
        "export -o package.xlsx": ["export", "--as-of", AS_OF, "-o", str(out / "package.xlsx")],
        "export -o package.sqlite": ["export", "-o", str(out / "package.sqlite")],
        "due -o milestones.ics": ["due", "--as-of", AS_OF, "-o", str(out / "milestones.ics")],
        "measures -o measures.xlsx": ["measures", "-o", str(out / "measures.xlsx")],
    }


def run_once(args: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run: on a machine shared with other work
    the wall clock measures the others too, the CPU time mostly the command itself."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run([*BIZENV, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(f"bizenv {' '.join(args)} failed: {completed.stderr.decode()[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_processes(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        env = dict(os.environ, BIZENV_DATA=str(DATA), XDG_CACHE_HOME=str(out / "cache"), NO_COLOR="1")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        named = commands(out)
        for args in named.values():
            run_once(args, env)  # warm the package cache and the bytecode
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in named}
        for _ in range(runs):
            for name, args in named.items():  # interleaved, so that a busy machine slows all alike
                times[name].append(run_once(args, env))
        print(f"whole processes, median of {runs} (real data, warm cache):  wall clock   cpu")
        for name, values in times.items():
            wall = statistics.median(value[0] for value in values)
            cpu = statistics.median(value[1] for value in values)
            print(f"  bizenv {name:<32} {wall * 1000:7.1f} ms {cpu * 1000:7.1f} ms")
        print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        sizes = {path.name: path.stat().st_size for path in out.iterdir() if path.is_file()}
        print("  sizes: " + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sorted(sizes.items())))


def timed(write) -> float:
    start = time.perf_counter()
    write()
    return time.perf_counter() - start


def peak_memory(write) -> float:
    # A run of its own: tracing every allocation slows the code it measures several times over.
    tracemalloc.start()
    write()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def xlsxwriter_workbook(package, as_of: date) -> bytes:
    """The export's workbook written with XlsxWriter: same sheets, cell types and styles."""
    import xlsxwriter

    from bizenv_cli.outputs import workbook as export
    from bizenv_cli.outputs.xlsx import MAX_WIDTH, MIN_WIDTH, display_width, sheet_name, sheet_value
    from bizenv_cli.model.periods import Window
    from bizenv_cli.query.queries import IndicatorFilter, department_rows, due_rows, gap_rows, measure_row, plan_rows

    selected = [(plan, measure) for plan in package.plans for measure in plan.measures]
    milestones = due_rows(selected, Window(), as_of, include_ongoing=True)
    from bizenv_cli.outputs.render import Column

    sheets = [("summary", export.summary_rows(package, as_of, milestones, [], []),
               [Column("what", lambda r: r["what"]), Column("value", lambda r: r["value"])]),
              ("plans", plan_rows(package.plans), [Column(k, lambda r, k=k: r[k]) for k in
                                                   ("number", "id", "title", "title_en", "measures", "milestones")])]
    sheets += [(export.plan_sheet_name(plan), [measure_row(m, plan) for m in plan.measures],
                export.measure_columns(package)) for plan in package.plans]
    sheets += [("milestones", milestones, export.milestone_columns(package)),
               ("departments", department_rows(package.plans, package.registry), export.department_columns()),
               ("indicators", gap_rows(package.plans, IndicatorFilter()), export.indicator_columns(package))]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@", "valign": "top"})
    text_wrap = book.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    day = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    plain = book.add_format({"valign": "top"})
    taken: list[str] = []
    for title, rows, columns in sheets:
        name = sheet_name(title, taken)
        taken.append(name)
        sheet = book.add_worksheet(name)
        values = [[sheet_value(column.value(row)) for column in columns] for row in rows]
        widths = [display_width(column.header) for column in columns]
        wraps = [False] * len(columns)
        for line in values:
            for index, value in enumerate(line):
                if isinstance(value, str):
                    widest = max((display_width(part) for part in value.splitlines()), default=0)
                    wraps[index] |= widest > MAX_WIDTH or "\n" in value
                    widths[index] = max(widths[index], widest)
        for index, column in enumerate(columns):
            sheet.write_string(0, index, column.header, bold)
            sheet.set_column(index, index, max(MIN_WIDTH, min(widths[index], MAX_WIDTH)) + 2)
        for number, line in enumerate(values, start=1):
            for index, value in enumerate(line):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(number, index, value, text_wrap if wraps[index] else text)
                elif isinstance(value, date):
                    sheet.write_datetime(number, index, value, day)
                elif isinstance(value, bool):
                    sheet.write_boolean(number, index, value, plain)
                else:
                    sheet.write_number(number, index, value, plain)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), max(len(columns) - 1, 0))
    book.close()
    return buffer.getvalue()


def libraries(runs: int) -> None:
    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.outputs.workbook import package_workbook
    from bizenv_cli.store.package import load_package

    package = load_package(DataDir(DATA, "option"))
    as_of = date.fromisoformat(AS_OF)
    import openpyxl  # noqa: F401  (imported before timing: both libraries are timed warm)

    candidates = {"openpyxl": lambda: package_workbook(package, as_of)}
    try:
        import xlsxwriter
        candidates[f"XlsxWriter {xlsxwriter.__version__}"] = lambda: xlsxwriter_workbook(package, as_of)
    except ImportError:
        print("XlsxWriter is not installed: `pip install XlsxWriter` beside bizenv to compare")
    print(f"the export's workbook in process, median of {runs} interleaved runs; peak memory of one more:")
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(runs):
        for name, write in candidates.items():
            times[name].append(timed(write))
    for name, write in candidates.items():
        print(f"  {name:<20} {statistics.median(times[name]) * 1000:7.1f} ms   "
              f"peak {peak_memory(write) / 2**20:6.1f} MiB")
    started = time.perf_counter()
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(package_workbook(package, as_of)), read_only=True)
    rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows())
    print(f"  reading it back with openpyxl (read-only): {rows} rows in "
          f"{(time.perf_counter() - started) * 1000:.1f} ms; XlsxWriter cannot read a workbook")


# The table a command prints without colour (outputs/render.py's table_text), beside what it saves.
_RUN = "import sys; from bizenv_cli.cli import main; sys.argv = ['bizenv', *sys.argv[1:]]; main()"
TABLE_WAYS = {
    # the rows and the header laid out by render.py: rich's console is never imported
    "as shipped": _RUN,
    # the same, with rich's console and Table imported, as the coloured table needs them
    "+ rich's console imported": "import rich.console, rich.table, rich.text, rich.box; " + _RUN,
}
# bench.py's `gaps` and `due` tables, and `due` of the whole year (255 rows)
TABLE_COMMANDS = {"gaps": ["gaps"], "due (a table)": ["due", "--before", "2022-06", "--as-of", "2022-05-15"],
                  "due (the year)": ["due", "--as-of", "2022-06-30"]}


def table_listing(args: list[str]):
    """The Listing a command hands to the table format, caught on its way."""
    from typer.testing import CliRunner

    from bizenv_cli.cli import app
    from bizenv_cli.outputs.formats import FORMATS

    caught = []
    table = FORMATS["table"]
    FORMATS["table"] = table._replace(write=lambda listing: caught.append(listing) or table.write(listing))
    try:
        CliRunner().invoke(app, ["--data", str(DATA), "--width", "100", *args], catch_exceptions=False)
    finally:
        FORMATS["table"] = table
    return caught[0]


def tables(runs: int) -> None:
    """Whole processes for the first two ways; rich's Table drawing every row (the reference
    tests/outputs/test_table.py holds the layout to, byte for byte) is timed in process against
    render.py's layout, and its extra time given as a share of the whole process as shipped."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "outputs")]
    from test_table import drawn_by_rich

    from bizenv_cli.outputs.render import table_text

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, BIZENV_DATA=str(DATA), XDG_CACHE_HOME=str(Path(folder) / "cache"), NO_COLOR="1",
                   COLUMNS="100")
        print(f"the table without colour, median of {runs} interleaved runs (wall clock):")
        for label, args in TABLE_COMMANDS.items():
            times: dict[str, list[float]] = {name: [] for name in TABLE_WAYS}
            for _ in range(runs):
                for name, code in TABLE_WAYS.items():
                    start = time.perf_counter()
                    subprocess.run([PYTHON, "-c", code, *args], env=env, stdout=subprocess.DEVNULL, check=True)
                    times[name].append(time.perf_counter() - start)
            shipped = statistics.median(times["as shipped"])
            for name, values in times.items():
                median = statistics.median(values)
                print(f"  {label:<14} {name:<28} {median * 1000:7.1f} ms  (+{(median - shipped) / shipped * 100:4.1f}%)")
            listing = table_listing(args)
            assert table_text(listing) == drawn_by_rich(listing)
            ours = statistics.median(timed(lambda: table_text(listing)) for _ in range(runs))
            riches = statistics.median(timed(lambda: drawn_by_rich(listing)) for _ in range(runs))
            way = "rich's Table draws the rows"
            print(f"  {label:<14} {way:<28} {(riches - ours) * 1000:+7.1f} ms in process "
                  f"({ours * 1000:.1f} -> {riches * 1000:.1f} ms; +{(riches - ours) / shipped * 100:4.1f}% of as shipped)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tables", action="store_true", help="only the table's layout beside rich's")
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]} ({PYTHON})")
    if not options.tables:
        whole_processes(options.runs)
        libraries(options.runs)
    tables(options.runs)


if __name__ == "__main__":
    main()
