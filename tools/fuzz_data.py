"""Fuzz the CLI with mutated data: no traceback, no hang, no exit code outside {0, 1, 2, 3}.

Each round takes one data file of a private copy of the data, damages it one seeded way (a flipped
byte, a deleted, duplicated or swapped line, a value of another type, deep nesting, a hostile
string, a cut), runs one bizenv command on the copy in-process, checks the outcome and restores the
file. A fifth of the time goes to the writing side (`run_writer_rounds`): concurrent `record`s and a
`ledger import` beside them, hostile spreadsheets, a damaged store, each checked by its invariant
(every accepted write is in the ledger; no traceback; the same answer as `--no-cache`). The test
suite runs a few dozen rounds of each (tests/cli/test_fuzz_cli.py); run longer by hand:

    python tools/fuzz_data.py --minutes 10 [--seed N]

A failure prints its seed, round, mutation, command and the traceback, so it can be replayed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCUMENTED_EXIT_CODES = {0, 1, 2, 3}  # ok, invalid data, usage error, I/O error (README.md#exit-codes)
SECONDS_PER_COMMAND = 60  # far beyond any honest run on 2 cores: past it, the command hangs

HOSTILE_STRINGS = [
    '"\\e[31mred\\e[0m"', '"\\e]8;;http://x\\e\\\\link\\e]8;;\\e\\\\"', '"\\u202eevil"', '"\\x9b2J"',
    "'=HYPERLINK(\"http://x\")'", "'+1+1'", "'-cmd'", "'@SUM(A1)'", '"\\0"', '"\\uFFFE"', "'%s%n%x'",
    "'../../../etc/passwd'", "'" + "长" * 20000 + "'", "''", "' '", '"\\n\\n"', "'\\t'", "'a\\u0000b'",
    "'{{ 7*7 }}'", "'<script>alert(1)</script>'", "'|'", "'02'", "'2022-13-45'",
]
TYPE_SWAPS = ["[]", "{}", "null", "42", "-1", "0", "true", "2.5", "'x'", "[a, b]", "{a: 1}", "[[1]]", "'2022-06-30'",
              "99999999999999999999", "-0.0", "'  '", "[null]", "{id: x}"]


@dataclass
class Outcome:
    seed: int
    round: int
    mutation: str
    file: str
    command: list[str]
    exit_code: int | None
    problem: str  # empty when all is well
    where: str = ""  # the innermost bizenv module in the traceback, when there is one


@dataclass
class Report:
    rounds: int = 0
    failures: list[Outcome] = field(default_factory=list)


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One seeded damage to a YAML text: (damaged text, what was done)."""
    lines = text.split("\n")
    kind = rng.choice(["flip", "delete", "duplicate", "swap-lines", "type", "type", "type", "nest", "hostile",
                       "truncate", "insert-char", "indent"])
    index = rng.randrange(len(lines))
    if kind == "flip":
        data = bytearray(text.encode("utf-8"))
        at = rng.randrange(len(data))
        data[at] = rng.randrange(256)
        return data.decode("utf-8", errors="surrogateescape"), f"flip byte {at}"
    if kind == "delete":
        del lines[index]
        return "\n".join(lines), f"delete line {index + 1}"
    if kind == "duplicate":
        lines.insert(index, lines[index])
        return "\n".join(lines), f"duplicate line {index + 1}"
    if kind == "swap-lines":
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
        return "\n".join(lines), f"swap lines {index + 1} and {other + 1}"
    if kind == "truncate":
        at = rng.randrange(len(text))
        return text[:at], f"cut at character {at}"
    if kind == "insert-char":
        at = rng.randrange(len(text))
        char = rng.choice(["\x00", "\x1b", "\t", "\r", "\ufeff", "#", ":", "-", "'", '"', "&a ", "*a", "!!str ",
                           "? ", "[", "{", "|", ">"])
        return text[:at] + char + text[at:], f"insert {char!r} at {at}"
    if kind == "indent":
        lines[index] = " " * rng.choice([1, 2, 3, 4]) + lines[index]
        return "\n".join(lines), f"indent line {index + 1}"
    # The rest replace the value of a "key: value" line.
    candidates = [n for n, line in enumerate(lines) if re.match(r"^\s*(?:- )?[A-Za-z_]+:( |$)", line)]
    if not candidates:
        return text, "none"
    index = rng.choice(candidates)
    prefix = re.match(r"^(\s*(?:- )?[A-Za-z_]+:)", lines[index]).group(1)
    if kind == "type":
        value = rng.choice(TYPE_SWAPS)
    elif kind == "nest":
        depth = rng.choice([10, 31, 33, 100, 500, 999, 1500])
        value = "[" * depth + "]" * depth
    else:
        value = rng.choice(HOSTILE_STRINGS)
    lines[index] = f"{prefix} {value}"
    return "\n".join(lines), f"{kind} at line {index + 1}: {value[:40]}"


def commands_for(data: Path, plan: Path, pristine: Path) -> list[list[str]]:
    measure = re.search(r"^- id: '?(\d\d\.\d+)'?$", pristine.read_text(encoding="utf-8"), re.M)
    show = ["show", measure.group(1) if measure else "01.01"]
    base = ["--data", str(data)]
    out = data.parent / "out"
    out.mkdir(exist_ok=True)
    return [
        base + ["validate"],
        base + ["validate", str(plan)],
        base + ["validate", "--format", "github", str(plan)],
        base + ["validate", "--format", "json", "--coverage", str(plan)],
        base + ["due", "--before", "2022-06", "--format", "json"],
        base + ["due", "--in", "2022-09"],
        base + ["measures"],
        base + ["measures", "--format", "csv"],
        base + ["gaps"],
        base + show,
        base + ["plans"],
        base + ["departments"],
        base + ["search", "办理"],
        base + ["diff", str(pristine), str(plan)],
        # The ledger's and the office files' commands read the same package (their outputs go
        # beside the data, never into it).
        base + ["progress", "--as-of", "2022-10-15"],
        base + ["ledger", "template", "--dept", "tax", "--as-of", "2022-06-30", "-o", str(out / "template.xlsx")],
        base + ["export", "-o", str(out / "package.sqlite")],
        base + ["export", "-o", str(out / "package.xlsx")],
        base + ["report", "--as-of", "2022-07-01", "-o", str(out / "report.html")],
        base + ["due", "--by", "2022-12", "--format", "ics"],
    ]


class Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise Hang(f"no answer within {SECONDS_PER_COMMAND} s")


def run_rounds(seed: int, rounds: int | None = None, seconds: float | None = None,
               commands: tuple[str, ...] | None = None, work: Path | None = None, invoke=None) -> Report:
    """Run mutation rounds until `rounds` are done or `seconds` have passed. `invoke(runner, *args)`
    runs one command in-process and gives click's Result, or lets the program's exception through
    (the test suite's, tests/conftest.py, reuses one build of the click group for every round)."""
    from typer.testing import CliRunner

    invoke = invoke or _invoke_app

    rng = random.Random(seed)
    report = Report()
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="bizenv-fuzz-")) if own_work else work
    try:
        data = work / "data"
        if not data.exists():
            shutil.copytree(REPO / "data", data)
            shutil.copytree(REPO / "schemas", work / "schemas")
        pristine_dir = work / "pristine"
        pristine_dir.mkdir(exist_ok=True)
        files = [data / "departments.yaml", *sorted((data / "plans").glob("*.yaml"))]
        runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "",
                                "XDG_CACHE_HOME": str(work / "cache")})
        started = time.monotonic()
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        try:
            while (rounds is None or report.rounds < rounds) and \
                    (seconds is None or time.monotonic() - started < seconds):
                target = rng.choice(files)
                original = target.read_bytes()
                pristine = pristine_dir / target.name
                pristine.write_bytes(original)
                damaged, mutation = mutate(original.decode("utf-8"), rng)
                target.write_bytes(damaged.encode("utf-8", errors="surrogateescape"))
                choices = commands_for(data, target, pristine)
                if commands:
                    choices = [c for c in choices if c[2] in commands] or choices
                command = rng.choice(choices)
                try:
                    outcome = _run_one(runner, invoke, command)
                finally:
                    target.write_bytes(original)
                outcome.seed, outcome.round, outcome.mutation, outcome.file = seed, report.rounds, mutation, target.name
                report.rounds += 1
                if outcome.problem:
                    report.failures.append(outcome)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    return report


def _invoke_app(runner, *args: str):
    """typer's own way: the click group built from the app anew for the call, as a run of the
    program builds it once."""
    from bizenv_cli.cli import app

    return runner.invoke(app, list(args))


def _run_one(runner, invoke, command: list[str]) -> Outcome:
    signal.alarm(SECONDS_PER_COMMAND)
    try:
        result = invoke(runner, *command)
        error = result.exception
    except Hang as hang:
        return Outcome(0, 0, "", "", command, None, str(hang))
    except Exception as raised:  # an `invoke` that lets the program's exceptions through
        result, error = None, raised
    finally:
        signal.alarm(0)
    problem, where = "", ""
    if error is not None and not isinstance(error, SystemExit):
        frames = traceback.extract_tb(error.__traceback__)
        ours = [frame for frame in frames if "bizenv_cli" in frame.filename]
        where = Path(ours[-1].filename).name if ours else ""
        problem = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return Outcome(0, 0, "", "", command, result.exit_code if result else None, problem, where)
    if "Traceback" in result.output:
        problem = "a traceback in the output:\n" + result.output[-2000:]
    elif result.exit_code not in DOCUMENTED_EXIT_CODES:
        problem = f"exit code {result.exit_code} is not one of {sorted(DOCUMENTED_EXIT_CODES)}"
    return Outcome(0, 0, "", "", command, result.exit_code, problem, where)


# --- the writing side: concurrent writers, hostile spreadsheets, a damaged store ---------------------
# Each round runs whole bizenv processes (writers must take turns across processes) and checks an
# invariant: every write a writer reported as accepted is in the ledger afterwards; a hostile
# spreadsheet ends in a documented exit code and no traceback; a damaged store changes no answer
# (the same bytes as a --no-cache run).

WRITER_KINDS = ("concurrent-records", "record-beside-import", "hostile-sheet", "damaged-store")
SHEET_DAMAGE = ("formula", "huge-cell", "control-character", "zip-padding", "broken-xml", "header", "date-serial")


def _bizenv(work: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": "",
                   "XDG_CACHE_HOME": str(work / "cache"), **(env or {})}
    environment.pop("BIZENV_NO_CACHE", None)
    environment.pop("BIZENV_DATA", None)
    return subprocess.run([sys.executable, "-m", "bizenv_cli", "--data", str(work / "data"), *args],
                          capture_output=True, text=True, env=environment, timeout=SECONDS_PER_COMMAND)


def _milestones_of(work: Path, body: str) -> list[str]:
    import json

    rows = json.loads(_bizenv(work, "due", "--dept", body, "--as-of", "2022-01-01", "--format", "json").stdout)
    return sorted({f"{row['measure']}#{row['milestone']}" for row in rows if row.get("milestone")})


def _recorded(work: Path) -> set[tuple[str, str, str]]:
    """(body, day, item) of every update in the ledger's reports."""
    import yaml

    found = set()
    for path in (work / "data" / "progress").glob("**/*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for update in document.get("updates") or []:
            item = f"{update['measure']}#{update['milestone']}" if update.get("milestone") else update["measure"]
            found.add((document.get("reported_by"), str(document.get("as_of")), item))
    return found


def _concurrent(work: Path, rng: random.Random, with_import: bool, milestones: list[str] | None = None) -> str:
    """Several writers at once into one report; a problem when an accepted write is missing.
    `milestones`: tax's (_milestones_of), when the caller knows them already."""
    from concurrent.futures import ThreadPoolExecutor

    items = rng.sample(milestones or _milestones_of(work, "tax"), 6)
    day = f"2022-{rng.choice(['06', '07', '08'])}-{rng.randint(10, 28)}"
    commands = [("record", item, "--as-of", day, "--by", "tax", "--status", rng.choice(["in-progress", "not-started"]))
                for item in items[:4 if with_import else 6]]
    sheet = None
    if with_import:
        sheet = work / f"sheet-{day}.csv"
        made = _bizenv(work, "ledger", "template", "--dept", "tax", "--as-of", day, "-o", str(sheet))
        if made.returncode != 0:
            return f"ledger template failed: {made.stderr[-500:]}"
        _fill_status(sheet, items[4:], "推进中")
        commands.append(("ledger", "import", str(sheet)))
    with ThreadPoolExecutor(len(commands)) as pool:
        results = list(pool.map(lambda command: _bizenv(work, *command), commands))
    problems = [f"bizenv {' '.join(c)} -> {r.returncode}: {r.stderr[-300:]}" for c, r in zip(commands, results)
                if r.returncode not in DOCUMENTED_EXIT_CODES or "Traceback" in r.stderr]
    ledger = _recorded(work)
    for command, result in zip(commands, results):
        if result.returncode != 0:
            continue
        written = [command[1]] if command[0] == "record" else items[4:]
        # An import replaces the report, so a record that finished before it may be gone: only
        # what the last accepted writer of each item wrote must be there.
        missing = [item for item in written if ("tax", day, item) not in ledger
                   and not (command[0] == "record" and with_import)]
        if missing:
            problems.append(f"accepted but lost: bizenv {' '.join(command)}: {missing}")
    return "\n".join(problems)


def _fill_status(sheet: Path, items: list[str], status: str) -> None:
    """The template's 状态 column filled in for `items`, as an office does in a CSV."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    header = next(row for row in rows if row and row[0] == "编号")
    column = header.index("状态")
    for row in rows:
        if row and row[0] in items:
            row[column] = status
    buffer = io.StringIO(newline="")
    csv.writer(buffer, dialect="excel").writerows(rows)
    sheet.write_text(buffer.getvalue(), encoding="utf-8-sig")


def _hostile_sheet(work: Path, rng: random.Random) -> str:
    """A template damaged one way an office's program (or an attacker) might; imported."""
    import zipfile

    day = "2022-09-30"
    sheet = work / "hostile.xlsx"
    made = _bizenv(work, "ledger", "template", "--dept", "finance", "--as-of", day, "-o", str(sheet))
    if made.returncode != 0:
        return f"ledger template failed: {made.stderr[-500:]}"
    damage = rng.choice(SHEET_DAMAGE)
    with zipfile.ZipFile(sheet) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    name = next(member for member in members if member.startswith("xl/worksheets/sheet"))
    xml = members[name].decode("utf-8")
    cell = '<c r="H9" t="inlineStr"><is><t>{}</t></is></c>'
    if damage == "formula":
        xml = xml.replace("</row>", '<c r="H9"><f>"推进中"</f></c></row>', 1)
    elif damage == "huge-cell":
        xml = xml.replace("</row>", cell.format("长" * 40000) + "</row>", 1)
    elif damage == "control-character":
        xml = xml.replace("</row>", cell.format("&#x1b;]0;x&#x07;") + "</row>", 1)
    elif damage == "zip-padding":
        members["xl/padding.bin"] = b"\0" * (70 * 1024 * 1024)
    elif damage == "broken-xml":
        xml = xml[: rng.randint(10, len(xml) - 1)]
    elif damage == "header":
        xml = xml.replace("状态", "状况", 1)
    elif damage == "date-serial":
        xml = xml.replace("</row>", '<c r="I9"><v>44732</v></c></row>', 1)
    members[name] = xml.encode("utf-8")
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in members.items():
            target.writestr(member, data)
    result = _bizenv(work, "ledger", "import", str(sheet))
    if result.returncode not in DOCUMENTED_EXIT_CODES or "Traceback" in result.stderr:
        return f"{damage}: exit {result.returncode}\n{result.stderr[-1500:]}"
    return ""


def _damaged_store(work: Path, rng: random.Random) -> str:
    """A byte of the store flipped, or a file of it replaced by a FIFO: the answer stays the YAML's."""
    query = ("due", "--before", "2022-09", "--as-of", "2022-05-15", "--format", "json")
    truth = _bizenv(work, "--no-cache", *query)
    _bizenv(work, *query)  # warm the store
    stores = sorted(path for path in (work / "cache").glob("**/*") if path.is_file() and path.stat().st_size)
    if not stores:
        return "the store holds no file after a query"
    target = rng.choice(stores)
    if rng.random() < 0.2:
        target.unlink()
        os.mkfifo(target)
        how = f"{target.name} replaced by a FIFO"
    else:
        data = bytearray(target.read_bytes())
        where = rng.randrange(len(data))
        data[where] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(data))
        how = f"{target.name}: bit flipped at byte {where}"
    answer = _bizenv(work, *query)
    if answer.returncode != truth.returncode or answer.stdout != truth.stdout:
        return f"{how}: the answer differs from --no-cache's (exit {answer.returncode})\n{answer.stderr[-800:]}"
    return ""


def run_writer_rounds(seed: int, rounds: int, work: Path | None = None, kinds: tuple[str, ...] = WRITER_KINDS) -> Report:
    """Writing-side rounds (WRITER_KINDS), each checked by its invariant."""
    rng = random.Random(seed)
    report = Report()
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="bizenv-fuzz-writers-")) if own_work else work
    try:
        if not (work / "data").exists():
            shutil.copytree(REPO / "data", work / "data")
            shutil.copytree(REPO / "schemas", work / "schemas")
        milestones: list[str] = []  # tax's, asked once: the rounds write the ledger, never the plans
        for _ in range(rounds):
            kind = kinds[report.rounds % len(kinds)]
            if kind in ("concurrent-records", "record-beside-import") and not milestones:
                milestones = _milestones_of(work, "tax")
            if kind == "concurrent-records":
                problem = _concurrent(work, rng, with_import=False, milestones=milestones)
            elif kind == "record-beside-import":
                problem = _concurrent(work, rng, with_import=True, milestones=milestones)
            elif kind == "hostile-sheet":
                problem = _hostile_sheet(work, rng)
            else:
                problem = _damaged_store(work, rng)
            if problem:
                report.failures.append(Outcome(seed, report.rounds, kind, "", [kind], None, problem))
            report.rounds += 1
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    return report


def describe(outcome: Outcome) -> str:
    command = " ".join(outcome.command[2:])
    return (f"seed {outcome.seed} round {outcome.round}: {outcome.file}, {outcome.mutation}; "
            f"bizenv {command} -> exit {outcome.exit_code}\n{outcome.problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--seed", type=int, default=None, help="the first seed (default: from the clock)")
    parser.add_argument("--commands", default="", help="only these commands, comma-separated (e.g. validate,due)")
    parser.add_argument("--no-writers", dest="writers", action="store_false",
                        help="leave out the writing side (concurrent writers, hostile sheets, a damaged store)")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    seed = options.seed if options.seed is not None else int(time.time())
    commands = tuple(filter(None, options.commands.split(","))) or None
    # A fifth of the time goes to the writing side (whole processes, so fewer rounds a minute).
    report = run_rounds(seed, seconds=options.minutes * 60 * (0.8 if options.writers else 1.0), commands=commands)
    if options.writers:
        started, writers = time.monotonic(), Report()
        while time.monotonic() - started < options.minutes * 60 * 0.2:
            batch = run_writer_rounds(seed + writers.rounds, rounds=len(WRITER_KINDS))
            writers.rounds += batch.rounds
            writers.failures.extend(batch.failures)
        report.rounds += writers.rounds
        report.failures.extend(writers.failures)
    for outcome in report.failures:
        print(describe(outcome), file=sys.stderr)
    print(f"seed {seed}: {report.rounds} rounds, {len(report.failures)} failures", file=sys.stderr)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
