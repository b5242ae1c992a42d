"""The command line where the environment fails it: a closed pipe, Ctrl-C, a full disk, a file-size
limit, an -o aimed at the package's own data, and terminal escapes stored in the data.

Exit codes (README.md#exit-codes and README): 0 success, 1 invalid data, 2 usage error, 3 a file could not be
read or written, 130 interrupted. These run the real program in a subprocess where the behaviour
lives in the process (signals, pipes, rlimits), and the CliRunner elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, REPO, bizenv, cli_commands, invoke

FIXTURE = REPO / "tests" / "examples" / "queries" / "data"


def piped(command: str) -> subprocess.CompletedProcess:
    """`command` in bash with pipefail, bizenv spelt as this Python running the module."""
    program = f"'{sys.executable}' -m bizenv_cli --data '{DATA}'"
    return subprocess.run(["bash", "-o", "pipefail", "-c", command.replace("bizenv", program)],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


# --- a closed pipe is no failure ---------------------------------------------------------------------

def test_a_reader_that_reads_nothing_is_not_an_error():
    # `true` exits at once without reading: bizenv's first write meets a closed pipe.
    result = piped("bizenv plans | true")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_validate_coverage_into_head_is_valid_every_time():
    # The pipe closes at any moment of the report; under pipefail every run must still say 0.
    for _ in range(6):
        result = piped("bizenv validate --coverage | head -1")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
        assert result.stdout.count("\n") == 1


def test_a_full_standard_output_is_an_io_failure():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "bizenv_cli", "--data", str(FIXTURE), "plans"],
                                stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("bizenv: error: ") and "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr


# --- Ctrl-C --------------------------------------------------------------------------------------------

# The console script's own two lines (`from bizenv_cli.__main__ import main; sys.exit(main())`, as
# pyproject.toml's [project.scripts] names it), with a SIGINT delivered while a module of our
# choosing is being imported.
INTERRUPTED_IMPORT = textwrap.dedent("""
    import os, signal, sys
    # A terminal's Ctrl-C reaches a process that takes it: a parent that ignores SIGINT (as a
    # test runner's worker process may) would pass the ignoring on to this child.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    target = sys.argv.pop(1)

    class InterruptOnImport:
        def find_spec(self, name, path=None, target_module=None):
            if name == target:
                os.kill(os.getpid(), signal.SIGINT)
            return None

    sys.meta_path.insert(0, InterruptOnImport())
    from bizenv_cli.__main__ import main
    sys.exit(main())
""")


@pytest.mark.parametrize("module, args", [
    ("typer", ["plans"]),                          # at start-up, before any command exists
    ("bizenv_cli.cli.app", ["plans"]),
    ("bizenv_cli.cli.plans_cmd", ["plans"]),       # while the command registers
    ("bizenv_cli.query.queries", ["--data", str(FIXTURE), "due", "--by", "2022-12"]),  # inside a command
])
def test_ctrl_c_anywhere_is_one_line_and_exit_130(module, args):
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT, module, *args],
                            capture_output=True, text=True)
    assert result.returncode == 130, result.stderr
    assert result.stderr == "bizenv: interrupted\n"


def test_ctrl_c_in_the_library_goes_through_the_same_exit(runner, monkeypatch):
    import bizenv_cli.query.queries as queries

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(queries, "plan_rows", interrupted)
    result = invoke(runner, "--data", str(FIXTURE), "plans")
    assert result.exit_code == 130 and result.stderr == "bizenv: interrupted\n"


# --- -o FILE: whole or not at all, never onto the data ----------------------------------------------------

def _limit_file_size():
    # A file-size limit stands in for a full disk: the write fails part-way with EFBIG.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "measures.json"
    target.write_text("the old file\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bizenv_cli", "--data", str(DATA), "measures", "-o", str(target)],
                            capture_output=True, text=True, preexec_fn=_limit_file_size)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith(f"bizenv: error: -o: could not write {target}: ")
    assert target.read_text(encoding="utf-8") == "the old file\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["measures.json"]  # no temporary file left


@pytest.mark.parametrize("inside", ["departments.yaml", "plans/01-alpha.yaml", "plans/new.csv", "progress/x.json",
                                    "source/copy.txt"])
def test_output_onto_the_package_data_is_refused(runner, tmp_path, inside):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    target = data / inside
    before = target.read_bytes() if target.exists() else None
    result = invoke(runner, "--data", str(data), "measures", "--format", "json", "-o", str(target))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"bizenv: error: -o: {target} is a data file of the package in use")
    assert (target.read_bytes() if target.exists() else None) == before


def test_diff_output_is_refused_onto_the_data_too(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    plan = data / "plans" / "01-alpha.yaml"
    before = plan.read_bytes()
    result = invoke(runner, "--data", str(data), "diff", str(plan), str(plan), "--format", "json", "-o", str(plan))
    assert result.exit_code == 2 and "is a data file of the package in use" in result.stderr
    assert plan.read_bytes() == before


# What each command that takes -o needs besides it to reach its writer, and a file name it would
# write (None: import, whose -o is a new folder).
OUTPUT_COMMANDS = {
    "measures": ((), ".json"), "due": ((), ".ics"), "gaps": ((), ".csv"), "plans": ((), ".md"),
    "departments": ((), ".xlsx"), "progress": ((), ".tsv"), "show": (("09.02",), ".txt"),
    "search": (("纳税",), ".json"), "diff": (("{plan}", "{plan}"), ".json"), "export": ((), ".sqlite"),
    "report": ((), ".html"), "ledger template": (("--dept", "tax"), ".xlsx"), "import": (("{source}",), None),
}


def test_every_command_refuses_to_write_into_the_package(runner, data_copy):
    # -o into the package a command reads is a usage error for every writer, a new one too: a file
    # of the kind the command writes, inside plans/, and (import) a plan file as the new folder.
    writers = {name for name, command in cli_commands().items()
               if any("-o" in parameter.opts for parameter in command.params)}
    assert set(OUTPUT_COMMANDS) == writers, f"OUTPUT_COMMANDS lacks {sorted(writers - set(OUTPUT_COMMANDS))} " \
                                            f"or has {sorted(set(OUTPUT_COMMANDS) - writers)}"
    from conftest import SOURCE

    plan = data_copy / "plans" / "09-paying-taxes.yaml"
    before = sorted(path.name for path in plan.parent.iterdir()), plan.read_bytes()
    for command, (extra, suffix) in OUTPUT_COMMANDS.items():
        args = [part.format(plan=plan, source=SOURCE) for part in extra]
        target = plan if suffix is None else plan.with_name(f"written{suffix}")
        result = invoke(runner, "--data", str(data_copy), *command.split(), *args, "-o", str(target))
        assert result.exit_code == 2, (command, result.stderr)
        assert suffix is None or "is a data file of the package in use" in result.stderr, (command, result.stderr)
        assert (sorted(path.name for path in plan.parent.iterdir()), plan.read_bytes()) == before, command


def test_output_to_a_device_is_written_as_a_stream(runner):
    result = invoke(runner, "--data", str(FIXTURE), "plans", "--format", "json", "-o", os.devnull)
    assert result.exit_code == 0, result.stderr


def test_unreadable_data_is_an_io_failure(runner, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    import bizenv_cli.store.package as package

    real_read = package.read_regular_file

    def read(path, *args, **kwargs):
        # Root reads any file whatever its mode: the refusal is simulated where the package reads.
        if Path(path).name == "02-beta.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(package, "read_regular_file", read)
    result = invoke(runner, "--data", str(data), "plans")
    assert result.exit_code == 3
    assert result.stderr == f"bizenv: error: could not read or write {data / 'plans' / '02-beta.yaml'}: Permission denied\n"


def test_exit_codes_are_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code, words in (("3", "could not be read or written"), ("130", "interrupted")):
        assert f"`{code}`" in readme and words in readme
    result = bizenv("--help")
    assert "3 a file could not be read or written" in " ".join(result.stdout.split())


# --- what the data holds reaches the terminal as text ----------------------------------------------------

# What the data may hold that a terminal would act on: bidi overrides and isolates (C0 and C1
# controls are refused when the data loads, below; outputs/test_render.py escapes them too).
HOSTILE = "办理\u202egnp.exe\u2066x\u2069点我"
CONTROLS = "办理\x1b[2J\x1b]8;;http://evil.example\x07点我\x1b]8;;\x07\x9b31m"


def _with_title(tmp_path, title: str):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    plan = data / "plans" / "01-alpha.yaml"
    text = plan.read_text(encoding="utf-8")
    # The title of 01.01 is a YAML double-quoted string here, so the escapes survive as characters.
    quoted = json.dumps(title)
    plan.write_text(text.replace("title: 推行“一件事一次办”。", f"title: {quoted}", 1), encoding="utf-8")
    assert quoted in plan.read_text(encoding="utf-8")
    return data


@pytest.fixture
def hostile_data(tmp_path):
    return _with_title(tmp_path, HOSTILE)


def test_terminal_controls_in_the_data_are_shown_escaped_in_tables(runner, hostile_data):
    result = invoke(runner, "--data", str(hostile_data), "measures", "--plan", "1", "--width", "250")
    assert result.exit_code == 0, result.stderr
    for raw in ("\u202e", "\u2066", "\u2069"):
        assert raw not in result.stdout
    assert r"办理\u202egnp.exe\u2066x\u2069点我" in result.stdout
    # JSON keeps the data as it is: a program reads it, not a terminal.
    rows = json.loads(invoke(runner, "--data", str(hostile_data), "measures", "--format", "json").stdout)
    assert rows[0]["title"] == HOSTILE


def test_control_characters_written_as_escapes_never_reach_a_table(runner, tmp_path):
    result = invoke(runner, "--data", str(_with_title(tmp_path, CONTROLS)), "measures", "--plan", "1")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "character U+001B (a control character or noncharacter, written as an escape)" in result.stderr
    assert "\x1b" not in result.stderr and "\x9b" not in result.stderr


def test_terminal_controls_that_reach_a_table_are_shown_escaped():
    # Data cannot hold them any more; text from elsewhere still meets the table's own escaping.
    from bizenv_cli.outputs.render import Column, Listing, table_text

    hostile = "办理\x1b[2J\x1b]8;;http://evil.example\x07点我\x9b31m"
    text = table_text(Listing([{"title": hostile}], [Column("title", lambda row: row["title"])], width=250))
    assert not any(raw in text for raw in ("\x1b", "\x07", "\x9b"))
    assert r"办理\x1b[2J\x1b]8;;http://evil.example\x07点我\x9b31m" in text


def test_tsv_cells_that_a_spreadsheet_would_run_are_neutralised(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    plan = data / "plans" / "01-alpha.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: 推行“一件事一次办”。", 'title: "=HYPERLINK(1)"', 1),
                    encoding="utf-8")
    tsv = invoke(runner, "--data", str(data), "measures", "--format", "tsv").stdout
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t"))
    assert rows[0]["title"] == "'=HYPERLINK(1)"
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values())


def test_what_the_user_typed_is_quoted_escaped_in_a_usage_error(runner):
    result = invoke(runner, "--data", str(FIXTURE), "measures", "--dept", "\x1b[31m税\u202e")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert r"'\x1b[31m税\u202e'" in result.stderr


def test_output_onto_the_schemas_in_use_is_refused(runner, data_copy):
    schema = data_copy.parent / "schemas" / "plan.schema.json"
    before = schema.read_bytes()
    result = invoke(runner, "--data", str(data_copy), "plans", "--format", "json", "-o", str(schema))
    assert result.exit_code == 2 and "is a data file of the package in use" in result.stderr
    assert schema.read_bytes() == before
