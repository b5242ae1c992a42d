"""The registry of output formats (outputs/formats.py) is the one place formats are decided: every
name --format takes has a writer that writes a real listing, every extension names one format, and
JSON is json.dumps's own text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bizenv_cli.outputs.formats import (FORMATS, OutputFormat, UnknownExtension, Written, format_for_path,
                                        format_of)
from conftest import cli_commands, invoke

DUE = ["due", "--by", "2022-12", "--as-of", "2022-07-01", "--include-ongoing"]


# Every command that takes --format, found in the command line itself (a new one is checked too).
FORMAT_COMMANDS = [name for name, command in cli_commands().items()
                   if any("--format" in parameter.opts for parameter in command.params)]
# What these print is findings, in the findings' own formats (outputs/problem_formats.py).
FINDINGS_COMMANDS = {"validate"}


def test_the_commands_with_formats_are_found():
    assert {"due", "measures", "gaps", "plans", "departments", "search", "show", "progress", "diff",
            *FINDINGS_COMMANDS} <= set(FORMAT_COMMANDS)


@pytest.mark.parametrize("command", FORMAT_COMMANDS)
def test_every_format_the_command_line_offers_is_in_the_registry_in_its_order(runner, command):
    from bizenv_cli.outputs.problem_formats import ProblemFormat

    help_text = invoke(runner, command, "--help").stdout
    offered = re.search(r"--format <([a-z|]+)>", help_text).group(1).split("|")
    if command in FINDINGS_COMMANDS:
        assert offered == [member.value for member in ProblemFormat]
    elif command == "due":
        assert offered == list(FORMATS) == [member.value for member in OutputFormat]
    else:
        # A calendar needs due's days: offered by due alone (every listing had offered it), and
        # asked of another listing, refused saying so.
        assert offered == [name for name in FORMATS if name != "ics"]
        assert ".ics" not in " ".join(help_text.split())
        if command != "diff":  # which reads two versions first
            arguments = {"show": ["09.02"], "search": ["台账"]}.get(command, [])
            refused = invoke(runner, command, *arguments, "--format", "ics")
            assert refused.exit_code == 2 and "only `bizenv due` writes a calendar" in refused.stderr


def test_every_extension_names_one_format_and_each_format_has_one():
    extensions = [extension for entry in FORMATS.values() for extension in entry.extensions]
    assert len(extensions) == len(set(extensions))
    for name, entry in FORMATS.items():
        assert entry.name == name and entry.extensions
        for extension in entry.extensions:
            assert extension == extension.lower() and extension.startswith(".")
            assert format_for_path(Path("out" + extension)).value == name
            assert format_for_path(Path("a/OUT" + extension.upper())).value == name


def test_an_unknown_extension_says_what_is_known():
    with pytest.raises(UnknownExtension, match=r"cannot tell the format of 'x\.docx' .*\.csv.*\.xlsx.*pass --format"):
        format_for_path(Path("x.docx"))


def due_listing(runner):
    """The Listing `bizenv due --format ics` hands to its format, caught on its way: `due` gives
    the calendar's source only to a listing written as a calendar."""
    caught = []
    calendar = FORMATS["ics"]
    from pytest import MonkeyPatch

    with MonkeyPatch.context() as patch:
        patch.setitem(FORMATS, "ics", calendar._replace(write=lambda listing: caught.append(listing) or calendar.write(listing)))
        assert invoke(runner, *DUE, "--format", "ics").exit_code == 0
    (listing,) = caught
    return listing


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_writes_a_real_listing(runner, name):
    """No stub that raises: each writer writes `due`'s rows (with its calendar), as text or bytes as it says."""
    listing = due_listing(runner)
    assert listing.calendar is not None and len(listing.rows) > 200
    written = format_of(name).write(listing)
    assert isinstance(written, Written)
    assert isinstance(written.content, bytes if FORMATS[name].binary else str)
    assert len(written.content) > 10_000
    assert written.count.split()[0].isdigit()


def test_json_is_json_dumps_on_a_real_listing(runner):
    for args in (DUE, ["measures"], ["gaps"], ["show", "09.02"]):
        text = invoke(runner, *args, "--format", "json").stdout
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    listing = due_listing(runner)
    assert format_of("json").write(listing).content == json.dumps(listing.rows, ensure_ascii=False, indent=2) + "\n"
