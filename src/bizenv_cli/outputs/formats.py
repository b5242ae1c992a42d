"""The output formats, each once: its name (what --format takes), the extensions that choose it
for -o FILE, whether it writes text or bytes, and its writer. cli/emit.py looks a format up here
and nowhere else; a new format is one entry in FORMATS and the function that writes it.

A writer takes a Listing (outputs/render.py) and returns what it wrote and how much of it, for the
line `wrote N rows to F (csv)`. The workbook and the calendar import their modules (and those
their libraries) only when they are written.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from bizenv_cli.model.wording import either, plural
from bizenv_cli.outputs.render import Listing, csv_text, json_text, markdown_text, table_text, tsv_text


class Written(NamedTuple):
    content: str | bytes
    count: str                # what the file holds: `255 rows`, `1 record`, `250 events`
    notes: tuple[str, ...] = ()  # what the reader should know about it (rows a format has no place for)


class NotWritable(ValueError):
    """A listing this format cannot write (a calendar of a listing without days); a usage error."""


class Format(NamedTuple):
    name: str
    extensions: tuple[str, ...]  # lower case, with the dot
    binary: bool                 # bytes (a file, never standard output) or text
    write: Callable[[Listing], Written]
    what: str                    # the format in a message: "a workbook"
    # The language of its headers and status words unless --lang says (outputs/words.py): Chinese
    # in a file an office opens, English in what a terminal or a script reads.
    language: str = "en"
    hint: str = ""               # what --format's help adds to its name: "for Excel"
    # A file people open (a workbook, a calendar): in English too it says a value in words (a
    # status `due within 30 days`), where what a terminal or a script reads in English keeps the
    # JSON's (`due`; outputs/words.in_words).
    opened: bool = False
    # The one command whose listing it can write (a calendar needs `due`'s days), or None: every
    # listing. --format and -o offer it on that command alone (cli/options.py).
    only: str | None = None


def _text(render: Callable[[Listing], str]) -> Callable[[Listing], Written]:
    def write(listing: Listing) -> Written:
        held = "1 record" if listing.record is not None else plural(len(listing.rows), "row")
        return Written(render(listing), held)
    return write


def _workbook(listing: Listing) -> Written:
    from bizenv_cli.outputs.xlsx import listing_workbook

    return Written(listing_workbook(listing), plural(len(listing.rows), "row"))


def _calendar(listing: Listing) -> Written:
    if listing.calendar is None:
        # A calendar needs the package (names, milestone numbers): only `bizenv due` gives it.
        others = either(name for name, entry in FORMATS.items() if entry.only is None)
        raise NotWritable(f"only `bizenv due` writes a calendar (of its milestones); this listing can be {others}")
    calendar = listing.calendar(listing.rows, listing.title, listing.language)
    notes = ()
    if calendar.left_out:
        notes = (f"left out {plural(calendar.left_out, 'ongoing row')} (持续推进): a calendar has no day for them",)
    return Written(calendar.text, plural(calendar.events, "event"), notes)


FORMATS: dict[str, Format] = {entry.name: entry for entry in (
    Format("table", (".txt",), False, _text(table_text), "a table", hint="default"),
    Format("json", (".json",), False, _text(json_text), "JSON"),
    Format("csv", (".csv",), False, _text(csv_text), "CSV", hint="for Excel"),
    Format("tsv", (".tsv",), False, _text(tsv_text), "TSV"),
    Format("md", (".md",), False, _text(markdown_text), "Markdown"),
    Format("xlsx", (".xlsx",), True, _workbook, "a workbook", language="zh", hint="a workbook, with -o",
           opened=True),
    Format("ics", (".ics",), False, _calendar, "a calendar", language="zh", hint="a calendar", only="due",
           opened=True),
)}

# The names --format takes, in the registry's order (typer lists an Enum's values as the choices).
OutputFormat = Enum("OutputFormat", [(name, name) for name in FORMATS], type=str, module=__name__)


def format_of(output_format: "OutputFormat | str") -> Format:
    return FORMATS[OutputFormat(output_format).value]


class UnknownExtension(ValueError):
    pass


def format_for_path(path: Path) -> "OutputFormat":
    """The format a file's extension names (in any case); UnknownExtension lists the known ones."""
    suffix = Path(path).suffix.lower()
    for entry in FORMATS.values():
        if suffix in entry.extensions:
            return OutputFormat(entry.name)
    known = ", ".join(sorted(extension for entry in FORMATS.values() for extension in entry.extensions))
    raise UnknownExtension(f"cannot tell the format of '{path}' from its extension (known: {known}); "
                           "pass --format")
