"""The writers' libraries load only in the commands that write their files: `bizenv due` (text,
JSON) never imports openpyxl, jinja2 or icalendar, nor bizenv's own calendar module; each file
command imports what it needs."""

import json
import subprocess
import sys

import pytest

from conftest import DATA

HEAVY = ("openpyxl", "jinja2", "icalendar")
PROBE = """
import sys
from bizenv_cli.cli import app
try:
    app(sys.argv[1:])
    code = 0
except SystemExit as exit:
    code = 0 if exit.code is None else exit.code
import json
sys.stdout.flush()
print('\\n' + json.dumps([code, sorted(name for name in sys.modules if name.split('.')[0] in {heavy} or name == 'bizenv_cli.outputs.ics')]), file=sys.stderr)
"""


def loaded(tmp_path, *args: str) -> set[str]:
    """The writers' libraries `bizenv --data DATA ARGS` loads, after checking that it ran to its end
    (exit 0) and printed something (its answer, or the line naming the file it wrote)."""
    result = subprocess.run([sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), "--data", str(DATA), *args],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    messages, _, last = result.stderr.rstrip("\n").rpartition("\n")
    code, names = json.loads(last)
    assert code == 0, messages
    assert (result.stdout + messages).strip(), "the command printed nothing"
    return {name if name.startswith("bizenv_cli") else name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["due", "--before", "2022-06", "--format", "json"], ["due", "--before", "2022-06"],
                                  ["measures", "--format", "csv"]])
def test_listings_import_none_of_the_writers_libraries(tmp_path, args):
    assert loaded(tmp_path, *args) == set()


@pytest.mark.parametrize("args, wanted", [
    (["due", "--format", "ics"], {"icalendar", "bizenv_cli.outputs.ics"}),
    (["plans", "-o", "plans.xlsx"], {"openpyxl"}),
    (["report", "--as-of", "2022-07-01"], {"jinja2"}),
    (["export", "-o", "p.sqlite"], set()),
])
def test_each_file_command_imports_only_its_library(tmp_path, args, wanted):
    assert loaded(tmp_path, *args) == wanted
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
