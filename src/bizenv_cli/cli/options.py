"""What every query command shares: the --format/-o/--dept/--plan/--role options, loading the
package, and -o's one writer (cli/emit.py writes a listing out).

Only typer and the light formats/period modules load here; the package, the queries and rich
load inside the functions that use them, so that `bizenv --help` and `--format json` stay quick.
"""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, List, Optional

import typer

from bizenv_cli.cli.app import (EXIT_INVALID, EXIT_IO, data_folder_message, fail_usage, io_message, is_io_failure,
                                positive_width, running_as_the_program, settings)
from bizenv_cli.model.periods import DAY_FORMS, PeriodError, parse_day, parse_period
from bizenv_cli.model.wording import LIST_SEPARATOR, Phrase, did_you_mean, either, not_one_of, plural
from bizenv_cli.outputs.formats import FORMATS, OutputFormat
from bizenv_cli.outputs.render import FALLBACK_WIDTH, Composed
from bizenv_cli.outputs.words import Language

if TYPE_CHECKING:
    from datetime import date

    from bizenv_cli.files.datadir import DataDir
    from bizenv_cli.model.departments import Department
    from bizenv_cli.store.package import Package
    from bizenv_cli.model.periods import Period


class Role(str, Enum):
    lead = "lead"
    support = "support"
    implement = "implement"
    responsible = "responsible"


def role_option(text: str | None) -> "Role | None":
    """A --role value: lead/support/implement/responsible in any case, or the source's words for
    them (牵头, 配合, 负责落实, 负责: model/responsibility.role_named)."""
    if text is None:
        return None
    from bizenv_cli.model.responsibility import role_named

    try:
        return Role(role_named(text))
    except ValueError as error:
        fail_usage(f"--role: {error}")


GrepOption = Annotated[Optional[str], typer.Option(
    "--grep", metavar="TEXT", help="Only measures whose label, title, text, deadline or responsibility "
                                   "contains TEXT (spaces and full/half width ignored).")]


def whole_number(value) -> int:
    """An option's whole number (`--limit 5`), as its own parser: typer's message for a bad one
    would depend on how typer converts values (tests/cli/test_typer_compat.py)."""
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a whole number") from None


def text(value) -> str:
    """A free-text option's value (--evidence, --note, --actual): bytes the terminal sent that are
    not UTF-8 reach Python as lone surrogates, which no file can hold; refused here, by name."""
    value = str(value)
    if any("\ud800" <= character <= "\udfff" for character in value):
        raise typer.BadParameter("not UTF-8 text (the terminal sent bytes that are not UTF-8): "
                                 "set a UTF-8 locale or retype it")
    return value


def one_of(choices: type[Enum], offered: list[str] | None = None):
    """The parser of an option taking one of `choices`' values, in any case (--status Overdue,
    --format JSON): decided here once rather than by each option remembering to say so. A value
    refused names the `offered` ones (default: every value), as the option's help does."""
    def choice(value):
        if isinstance(value, choices):
            return value
        for member in choices:
            if member.value.casefold() == str(value).casefold():
                return member
        raise typer.BadParameter(not_one_of(value, offered or [member.value.casefold() for member in choices]))
    return choice


LimitOption = Annotated[Optional[int], typer.Option(
    "--limit", metavar="N", parser=whole_number,
    help="At most N rows (after sorting); the heading says how many there are.")]


def limited(rows: list, limit: int | None) -> list:
    """The first `limit` rows; --limit 0 or less is a usage error, not an empty listing."""
    if limit is None:
        return rows
    if limit < 1:
        fail_usage(f"--limit: {limit} is not a number of rows; give 1 or more")
    return rows[:limit]


def choice_option(text: str | None, option: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """A value among `choices`, in any case; a usage error listing them otherwise."""
    if text is None:
        return None
    wanted = text.strip().lower()
    for choice in choices:
        if choice.lower() == wanted:
            return choice
    fail_usage(f"{option}: {not_one_of(text, choices)}")


RoleOption = Annotated[Optional[str], typer.Option(
    "--role", metavar="ROLE", help="lead (牵头), support (配合), implement (负责落实) or responsible "
                                   "(listed without a role word). With --dept: only where it has this role; "
                                   "alone: where any body has it.")]


def formats_offered(command: str | None = None) -> list:
    """The registry's formats `command` can write: every listing's, and those only it writes
    (`due`'s calendar). A format not offered is still parsed, so that asking for it says why not."""
    return [entry for entry in FORMATS.values() if entry.only in (None, command)]


def format_option(command: str | None = None):
    offered = formats_offered(command)
    return typer.Option(
        "--format", "-f", case_sensitive=False, parser=one_of(OutputFormat, [entry.name for entry in offered]),
        metavar="<" + "|".join(entry.name for entry in offered) + ">",
        help=either(entry.name + (f" ({entry.hint})" if entry.hint else "") for entry in offered)
        + ". Without --format, -o's extension decides.")


def output_option(command: str | None = None):
    # The extensions that choose a format, from the registry, so that a new format is listed here too.
    extensions = " ".join(extension for entry in formats_offered(command) for extension in entry.extensions)
    return typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to FILE instead of standard output (atomically: a failed write leaves the old file); "
             f"{extensions} choose the format. Never a data file of the package.")


FormatOption = Annotated[Optional[OutputFormat], format_option()]
OutputOption = Annotated[Optional[Path], output_option()]
# --lang and --remind: the files people open (outputs/words.py, outputs/ics.py); cli/emit.py
# reads --lang from the command's parameters, so a command only declares it.
LangOption = Annotated[Optional[Language], typer.Option(
    "--lang", case_sensitive=False, parser=one_of(Language), metavar="zh|en",
    help="Headers and status words in Chinese (zh) or English (en). Default: zh in "
         f"{either(entry.what for entry in FORMATS.values() if entry.language == 'zh')}, en in the other "
         "formats; JSON is always English.")]
RemindOption = Annotated[Optional[int], typer.Option(
    "--remind", metavar="DAYS", parser=whole_number,
    help="A calendar's reminder, DAYS before each milestone (default 7; 0 for none).")]
DeptOption = Annotated[Optional[List[str]], typer.Option(
    "--dept", metavar="DEPT",
    help="A department or group: its id, canonical name, any alias as printed, or an unambiguous part "
         "of one (tax, 市税务局, 发改). Repeat for any of several.")]
PlanOption = Annotated[Optional[List[str]], typer.Option(
    "--plan", "-p", metavar="N",
    help="Only plan N: its number 1..29, its id (09), its slug or a part of its title (纳税). Repeat "
         "(or 9,10) for any of several.")]


def load(ctx: typer.Context) -> "Package":
    """The package of the data folder; a file that cannot be read is reported, never a traceback
    (a DataError with validate's message by the command group, cli/app.py; the rest here)."""
    from bizenv_cli.store.package import load_package

    data_dir = settings(ctx).data_dir()
    # What the imports and the load create (with --no-cache, every plan decoded) is not garbage
    # and stays to the end of the command: off while loading, and frozen after, the collector
    # never walks it again (docs/performance.md lists the trick). Frozen only in the program,
    # which ends with the command (unfrozen, the interpreter's last collection would walk it all):
    # a process that runs commands in turn (a test, a program calling the group) keeps its
    # collector as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        package = load_package(data_dir, use_cache=settings(ctx).use_cache)
        if running_as_the_program():
            gc.freeze()
        return package
    except OSError as error:
        if is_io_failure(error):
            # No permission, an I/O error: the environment failed, not the data (exit 3).
            typer.echo(f"bizenv: error: {io_message(error)}", err=True)
            raise typer.Exit(EXIT_IO)
        # A data folder without departments.yaml, a symlink loop, a FIFO or a folder where a plan
        # should be: the data folder is wrong (exit 1). The file and the reason, not a repr.
        where = error.filename if error.filename else data_dir.display(data_dir.root)
        typer.echo(f"bizenv: error: cannot read {where}: {error.strerror or error}", err=True)
        raise typer.Exit(EXIT_INVALID)
    except (KeyError, TypeError, ValueError) as error:
        # The registry or a plan breaks a rule the schema states; validate names the spot.
        typer.echo(f"bizenv: the data is invalid ({error!r}); run `bizenv validate`", err=True)
        raise typer.Exit(EXIT_INVALID)
    finally:
        if collecting:
            gc.enable()


def user_data_dir(ctx: typer.Context) -> "DataDir":
    """The data folder a command checks or writes into: never the copy shipped with bizenv, which
    answers queries only (a record there would write into the installed package, and a check of it
    would pass whatever data the user meant); exit 2, saying how to name one."""
    from bizenv_cli.files.datadir import DataDirNotFound, folder_to_check

    try:
        return folder_to_check(settings(ctx).data_dir())
    except DataDirNotFound as error:
        raise fail_usage(data_folder_message(error)) from None


def period_option(text: str | None, option: str) -> "Period | None":
    if text is None:
        return None
    try:
        return parse_period(text)
    except PeriodError as error:
        fail_usage(f"{option}: {error}")


def day_declared(name: str, what: str, default: str | None = None) -> "typer.models.OptionInfo":
    """A day option as every command declares it (`--as-of DAY`, `--on DAY`): what the day is for,
    then the forms it takes and its default, if it has one."""
    then = f"; default: {default}" if default else ""
    return typer.Option(name, metavar="DAY", help=f"{what} ({DAY_FORMS}{then}).")


def day_option(text: str | None, option: str) -> "date":
    """A one-day date option; today when not given (or given as `today`)."""
    from datetime import date

    if text is None:
        return date.today()
    try:
        return parse_day(text, today=date.today())
    except PeriodError as error:
        fail_usage(f"{option}: {error}")


def input_file(path: Path, what: str | None = "FILE") -> Path:
    """A file the command reads, or a usage error (exit 2, README.md#exit-codes) that says what is
    there instead: nothing, a folder, a named pipe, a device, a link that leads nowhere. Checked
    before anything is opened, so that a FIFO never blocks the command."""
    import errno
    import stat

    named = f"{what}: " if what else ""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            fail_usage(f"{named}{path} is a symbolic link to a file that does not exist")
        fail_usage(f"{named}no such file: {path}")
    except OSError as error:
        if error.errno == errno.ELOOP:
            fail_usage(f"{named}{path} is a loop of symbolic links")
        if is_io_failure(error):  # no permission, an I/O error: the environment's failure (exit 3)
            typer.echo(f"bizenv: error: {named}{io_message(error)}", err=True)
            raise typer.Exit(EXIT_IO)
        fail_usage(f"{named}cannot read {path}: {error.strerror or error}")
    if not stat.S_ISREG(mode):
        fail_usage(f"{named}{path} is {_kind_of_file(mode)}, not a regular file")
    return path


def refuse_special_file(name: str | None) -> None:
    """A name that may be a file, a folder or something else (a git revision: `bizenv diff main`):
    a usage error when it is on disk as neither a file nor a folder (a FIFO, a device, a link
    that leads nowhere), rather than read as a revision that does not exist."""
    import stat

    if name is None or not os.path.lexists(name):
        return
    try:
        mode = os.stat(name).st_mode
    except OSError:
        input_file(Path(name), None)  # says what the link is
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        fail_usage(f"{name} is {_kind_of_file(mode)}, not a file or a folder")


def _kind_of_file(mode: int) -> str:
    import stat

    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def resolve_departments(package: "Package", queries: list[str] | None) -> "list[Department]":
    """The departments repeated --dept values name, each once, in the order given."""
    found: dict[str, "Department"] = {}
    for query in queries or []:
        department = resolve_department(package, query)
        found.setdefault(department.id, department)
    return list(found.values())


def resolve_plans(package: "Package", texts: list[str] | None) -> list[int]:
    """The plan numbers repeated --plan values name (`--plan 9 --plan 10` or `--plan 9,10`)."""
    numbers: list[int] = []
    for text in texts or []:
        for part in (text.split(",") if "," in text else [text]):
            number = resolve_plan(package, part)
            if number not in numbers:
                numbers.append(number)
    return numbers


def describe_departments(departments: "list[Department]") -> str | None:
    return either(f"{d.name} ({d.id})" for d in departments) if departments else None


def describe_role(role, departments: "list[Department]") -> str | None:
    """`as lead` after the bodies named, `any body as lead` when --role stands alone."""
    if not role:
        return None
    return Phrase("as {role}", role=role.value) if departments else Phrase("any body as {role}", role=role.value)


def heading(subject, words=(), count=None) -> Composed:
    """A listing's title: what it lists, each of `words` that narrows it after `; ` (a None left
    out), then ` — ` and `count`; of Phrases and data, which a file in Chinese says in Chinese
    (outputs/words.text_in)."""
    parts = [subject]
    for word in words:
        if word:
            parts += [Phrase("; "), word]
    return Composed(parts + ([" — ", count] if count is not None else []))


def first_of(shown: int, found: int) -> str:
    """` (the first 5 of 40)` after a count that --limit cut; '' when it cut nothing."""
    return Phrase(" (the first {shown} of {found})", shown=shown, found=found) if found > shown else ""


def sorted_by(key: str | None) -> str | None:
    return Phrase("sorted by {sort}", sort=key) if key else None


ROLE_VERBS = {"lead": "leads (牵头)", "support": "supports (配合)", "implement": "implements (负责落实)",
              "responsible": "is responsible (负责) for"}
ROLE_NAMES = {"lead": "lead (牵头)", "support": "support (配合)", "implement": "implement (负责落实)",
              "responsible": "responsible (负责)"}


def explain_empty_role(package: "Package", departments: "list[Department]", role, measures: list, where: str) -> bool:
    """A --role filter that left nothing says on stderr what the other roles would have found:
    how many of `measures` (those the other filters find, each once) name each body, and as what.
    `where` ends the sentence: which measures these are (`the measures`, `the measures due ...`).
    Whether it said anything: not when the other filters alone find nothing."""
    from bizenv_cli.query.queries import role_counts

    said = False
    for department in departments or [None]:
        scope = package.registry.scope(department.id) if department is not None else None
        named = [measure for measure in measures
                 if scope is None or not scope.isdisjoint(measure.responsible.department_ids())]
        if not named:
            continue
        counts = role_counts(named, scope)
        roles = ", ".join(f"{count} as {ROLE_NAMES[name]}" for name, count in
                          sorted(counts.items(), key=lambda item: -item[1]) if count)
        if department is None:
            typer.echo(f"bizenv: note: no body {ROLE_VERBS[role.value]} any of {where}; of the {len(named)} measures, "
                       f"{roles.replace(' as ', ' name one as ', 1)}", err=True)
        else:
            typer.echo(f"bizenv: note: {department.name} ({department.id}) {ROLE_VERBS[role.value]} none of {where}; "
                       f"of the {len(named)} that name it, {roles.replace(' as ', ' name it as ', 1)}", err=True)
        said = True
    return said


def note_no_deadline(count: int, chosen: bool, left_out: str) -> None:
    """Say on stderr that `count` measures (of those the filters chose, when `chosen`) have no
    时间节点, and so the listing leaves them out (`left_out` ends the sentence, `{them}` standing for
    it or them: "`due` has no row for {them}"): an answer by date is silent on a measure with no
    date, and its rows cannot say so."""
    if count:
        measures = f"{count} of the measures chosen" if chosen else plural(count, "measure")
        has, them = ("has", "it") if count == 1 else ("have", "them")
        typer.echo(f"bizenv: note: {measures} {has} no 时间节点 (no date, not ongoing), so {left_out.format(them=them)}",
                   err=True)


def describe_plans(numbers: list[int]) -> str | None:
    if not numbers:
        return None
    return (Phrase("plan {plan}", plan=numbers[0]) if len(numbers) == 1
            else Phrase("plans {plans}", plans=[str(number) for number in numbers]))


def resolve_department(package: "Package", query: str | None) -> "Department | None":
    """The one department a --dept value names (query.names.find_department); exits 2 listing the
    candidates when it names several, or the nearest when none."""
    from bizenv_cli.query.names import Ambiguous, NoMatch, find_department

    if isinstance(query, list):  # a repeatable --dept, where a command takes one body only
        if len(query) > 1:
            fail_usage("--dept: give one department here")
        query = query[0] if query else None
    if query is None:
        return None
    if not query.strip():
        fail_usage("--dept: DEPT is empty; give an id, a name or part of one (e.g. --dept tax)")
    try:
        return find_department(package.registry, query)
    except NoMatch as error:
        hint = did_you_mean(f"{d.name} ({d.id})" for d in error.suggestions)
        # Worded as --plan's message is: the guess first, then where the full list is.
        fail_usage(f"--dept: no department matches '{query}'{hint} (`bizenv departments` lists them all)")
    except Ambiguous as error:
        found = error.matches
    # A one-character query (市) matches most of the registry: a screenful of candidates helps
    # no one choose, so the list stops at AMBIGUOUS_SHOWN and says how many more there are.
    shown = found[:AMBIGUOUS_SHOWN]
    width = max(28, *(len(d.id) for d in shown))  # ids line up, even the longest
    listed = "\n".join(f"  {d.id:<{width}} {d.name}" + (f" (also {LIST_SEPARATOR['en'].join(d.aliases)})" if d.aliases else "")
                       for d in shown)
    more = len(found) - len(shown)
    if more:
        listed += f"\n  ... and {more} more; `bizenv departments` lists them all"
    fail_usage(f"--dept: '{query}' matches {len(found)} departments; say which:\n{listed}")


AMBIGUOUS_SHOWN = 12


def resolve_plan(package: "Package", text: str | list[str] | None) -> int | None:
    """The plan number a --plan value names (query.names.find_plan_number); exits 2 when there is
    none or the title part fits several, listing them."""
    from bizenv_cli.query.names import Ambiguous, NoMatch, find_plan_number

    if isinstance(text, list):  # an option given once, as repeatable options arrive
        if len(text) > 1:
            fail_usage("--plan: give one plan here")
        text = text[0] if text else None
    if text is None:
        return None
    if not text.strip():
        fail_usage("--plan: N is empty; give a number, an id, a slug or a part of a title (e.g. --plan 9)")
    try:
        return find_plan_number(package, text)
    except Ambiguous as error:
        titled = error.matches
        listed = "\n".join(f"  {p.number:>2}  {p.title}" for p in titled[:AMBIGUOUS_SHOWN])
        more = len(titled) - AMBIGUOUS_SHOWN
        if more > 0:
            listed += f"\n  ... and {more} more; `bizenv plans` lists them all"
        fail_usage(f"--plan: '{text}' is in the titles of {len(titled)} plans; say which:\n{listed}")
    except NoMatch as error:
        fail_usage(f"--plan: no plan '{text}'{plan_choices(package.plans, error.suggestions)}")


def plan_choices(plans, close: list[str]) -> str:
    """What a plan may be called, the end of a message about one that is not there: the nearest
    slugs, if any, and the range of numbers (not all 29 of them)."""
    numbers = [plan.number for plan in plans]
    if not numbers:
        return "; the data folder has no plans"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        named = f"plans are numbered {numbers[0]} to {numbers[-1]}"
    else:
        named = "plans are numbered " + ", ".join(map(str, numbers))
    if close:
        return f"{did_you_mean(close)} ({named}; `bizenv plans` lists them)"
    return f"; {named} (`bizenv plans` lists them)"


def department_name(package: "Package", department_id: str) -> str:
    try:
        return package.registry.get(department_id).name
    except KeyError:
        return department_id


def department_names(package: "Package") -> dict[str, str]:
    """Each department id's name: what a listing in Chinese shows for an id (outputs/words.py)."""
    return {department.id: department.name for department in package.registry}


def short_title(title: str | None, text: str) -> str:
    """A measure's heading for a table; one without a heading shows the start of its text
    (`bizenv show ID` has it all)."""
    if title:
        return title
    flat = text.replace("\n", " ")
    return flat if len(flat) <= 60 else flat[:60] + "…"


def table_width(ctx: "typer.Context | None" = None) -> int:
    """The width a table is asked to fit: --width if given; else $COLUMNS, as shells set it; else
    the width of the terminal the command runs in, its output's or, in a pipe or a file, its
    stderr's or stdin's (`bizenv due | less`); else FALLBACK_WIDTH (80). A $COLUMNS that is not
    a positive whole number (0, -1, junk) counts as unset, as Python's shutil and rich read it.
    A table that cannot fold to fit it is laid out for 80 (outputs/render.column_widths)."""
    chosen = settings(ctx).width if ctx is not None and settings(ctx) is not None else None
    if chosen:
        return chosen
    columns = positive_width(os.environ.get("COLUMNS"))
    if columns:
        return columns
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            if stream.isatty():
                columns = os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
        if columns:  # a pseudo-terminal may say 0
            return columns
    return FALLBACK_WIDTH


def use_color(ctx: typer.Context, to_file: bool) -> bool:
    """Colour only for a person at a terminal (or FORCE_COLOR), never with --no-color or NO_COLOR."""
    if to_file or not settings(ctx).color:
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def write_output(output: Path, content: str | bytes) -> None:
    """-o FILE written whole or not at all (a temporary file renamed over it): a full disk or a
    size limit leaves the old file as it was; a stream (/dev/stdout, a pipe) is written through and
    a link is never replaced (files.safefile.write_output). A failure is exit 3, the environment's."""
    from bizenv_cli.files.safefile import write_output as write_file

    try:
        write_file(output, content)
    except OSError as error:
        reason = error.strerror or str(error)
        typer.echo(f"bizenv: error: -o: could not write {output}: {reason}", err=True)
        raise typer.Exit(EXIT_IO)


def refuse_data_file(ctx: typer.Context, output: Path) -> None:
    """-o must not overwrite the package it reads: a plan, the registry, the source, the ledger or
    a schema. That is a usage error, caught before anything is written."""
    from bizenv_cli.files.datadir import DataDirNotFound, find_data_dir

    try:
        data_dir = find_data_dir(settings(ctx).data_option)
    except DataDirNotFound:
        return  # no package in use: the command that needs one says so itself
    target = Path(output).resolve()
    protected = [data_dir.plans_dir, data_dir.departments_file, data_dir.source_dir, data_dir.ledger_dir]
    try:
        protected.append(data_dir.schemas_dir)
    except DataDirNotFound:  # no schemas folder anywhere: nothing to protect there
        pass
    for guarded in protected:
        guarded = guarded.resolve()
        if target == guarded or guarded in target.parents:
            fail_usage(f"-o: {output} is a data file of the package in use ({data_dir.display(guarded)}); "
                       "write the output elsewhere")

