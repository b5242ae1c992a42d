"""The Typer application, its global options, and the exit-code conventions (README.md#exit-codes).

0 success; 1 the data is invalid or a check failed; 2 usage error; 3 a file could not be read or
written (disk full, no permission, a read-only folder): the environment failed, not the user's
command nor the data; 130 interrupted (Ctrl-C), as shells report a SIGINT.

Every usage error, ours or one the option parser finds (an unknown option, a value not among the
choices, a missing argument), reaches the user as the same one line on standard error,
`bizenv: error: ...`, with exit code 2; see `BizenvGroup.main`. An ambiguous --dept or --plan
follows that line with the candidates, one a line, to say which.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import typing
from pathlib import Path
from typing import NamedTuple, Optional

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import OptionInfo

from bizenv_cli import __version__
from bizenv_cli.cli.typer_compat import CommandsOnFirstLook, errors as click_errors, quick_option_parsing
from bizenv_cli.files.datadir import DataDir, DataDirNotFound, find_data_dir
from bizenv_cli.model.wording import did_you_mean
from bizenv_cli.outputs.render import terminal_safe

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C


class RefuseRepeatedOptions:
    """A single-valued option given twice is refused: click keeps the last silently, so
    `--before 2022-06 --before 2022-09` would drop a filter the user typed. Options that take
    several values (--dept, --plan, --status) and flags are not affected.

    Its parameters also get typer_compat's quick conversion (a command built here is ours alone)."""

    def parse_args(self, ctx, args):
        params = self.get_params(ctx)
        quick_option_parsing(params)
        given = None if ctx.resilient_parsing else options_given(params, args, ctx.allow_interspersed_args)
        seen: set[str] = set()
        for param in given or ():
            if param.multiple or getattr(param, "is_flag", False) or getattr(param, "count", False):
                continue
            if param.name in seen:
                raise click_errors.UsageError(
                    f"{_parameter_name(param)}: given more than once; it takes one value", ctx)
            seen.add(param.name)
        return super().parse_args(ctx, args)


def options_given(params, args: list[str], interspersed: bool = True) -> list | None:
    """The options among `params` that the words `args` give, once per occurrence, in order, read
    as click's parser reads them: `--name value`, `--name=value`, `-n value`, `-nvalue`, flags
    clustered (`-ab`), `--` ending the options, and, for a group (`interspersed` false), the first
    word that is no option ending them too. None when a word is no option of these or an option
    lacks its value: the parser's own message about that comes first."""
    by_name = {name: param for param in params if param.param_type_name == "option"
               for name in (*param.opts, *param.secondary_opts)}

    def takes_value(param) -> bool:
        return not (getattr(param, "is_flag", False) or getattr(param, "count", False))

    given = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word == "--":
            break
        if not word.startswith("-") or word == "-":
            if not interspersed:
                break
            continue
        if word.startswith("--"):
            name, equals, _ = word.partition("=")
            param = by_name.get(name)
            if param is None:
                return None
            given.append(param)
            if takes_value(param) and not equals:
                index += 1
            continue
        for place, letter in enumerate(word[1:], start=1):
            param = by_name.get(f"-{letter}")
            if param is None:
                return None
            given.append(param)
            if takes_value(param):
                if place == len(word) - 1:
                    index += 1  # `-f json`; `-fjson` holds its value
                break
    return given if index <= len(args) else None


class BizenvCommand(RefuseRepeatedOptions, TyperCommand):
    """A command whose help names its arguments the way its usage line does (ID, FILE...).

    typer 0.29 prints `{ID}` in the usage line and `ID <str>` / `paths... <list[Path]>` under
    Arguments: Python types that mean nothing to a user of the command line.
    """

    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx, formatter):
        params = self.get_params(ctx)
        arguments = [(_argument_name(param), param.help or "") for param in params
                     if param.param_type_name == "argument" and not param.hidden]
        options = [record for param in params if param.param_type_name == "option"
                   for record in [param.get_help_record(ctx)] if record]
        # click keeps 30 columns for the option names whatever the width; in a 40-column terminal
        # that left the help a 6-word strip. Narrow, a long name takes its own line instead.
        names = 30 if formatter.width >= 80 else max(12, formatter.width // 3)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments, col_max=names)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options, col_max=names)


def _argument_name(param) -> str:
    name = param.metavar or param.name.upper()
    return f"{name}..." if param.nargs != 1 else name


class BizenvGroup(RefuseRepeatedOptions, TyperGroup):
    """The `bizenv` group: one-line usage errors, the command list without cut summaries, global
    options after the command, and the exits for Ctrl-C, a closed pipe and a failed read or write."""

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        rest, late = split_late_globals(rest)
        ctx.meta[LATE_GLOBALS_GIVEN] = late
        return name, command, rest

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()
        except OSError as error:
            if is_closed_pipe(error):
                # `bizenv plans | head -1`: the reader has all it wanted, which is no failure.
                quiet_stdout()
                raise typer.Exit(EXIT_OK)
            # Disk full, no permission, a read-only folder: the environment, not the command.
            typer.echo(f"bizenv: error: {io_message(error)}", err=True)
            raise typer.Exit(EXIT_IO)
        except Exception as error:
            from bizenv_cli.files.problems import DataError

            if not isinstance(error, DataError):
                raise  # a programming error keeps its traceback
            # A data file that does not read, on load or when a command reads one later (a ledger
            # report): validate's message, for every command.
            typer.echo(f"{error.problem}", err=True)
            typer.echo("bizenv: the data cannot be read; `bizenv validate` checks every file", err=True)
            raise typer.Exit(EXIT_INVALID) from None

    def format_commands(self, ctx, formatter):
        # click cuts each summary to what fits beside the name, ending it in "..."; a summary is
        # one sentence, and folding it onto a second line reads better than losing its end.
        rows = [(name, command.help.split("\n\n")[0].replace("\n", " ").strip() if command.help else "")
                for name in self.list_commands(ctx)
                for command in [self.get_command(ctx, name)] if command is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            # Not standalone: the parser's errors come back to us instead of being printed as
            # typer's framed multi-line panel, which matches none of our own messages.
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:
            # `bizenv` alone: the help, on standard error since no command ran (exit 2, as click does).
            typer.echo(error.format_message(), err=True)
            sys.exit(EXIT_USAGE)
        except click_errors.ClickException as error:
            typer.echo(f"bizenv: error: {terminal_safe(usage_message(error))}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort as error:
            if isinstance(error.__cause__, KeyboardInterrupt):
                interrupted()
            typer.echo("bizenv: aborted", err=True)
            sys.exit(EXIT_INVALID)
        except typer.Exit as error:
            sys.exit(error.exit_code)
        # typer returns a typer.Exit's code when not standalone; a command itself returns None.
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def usage_message(error: "click_errors.ClickException") -> str:
    """A parser error in the words and shape of our own: `--format: 'xml' is not one of ...`."""
    ctx = getattr(error, "ctx", None)
    see = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    if isinstance(error, click_errors.NoSuchOption):
        message = f"no such option: {error.option_name}"
        # click names them nearest first (difflib); sorted by name, the option meant could come last.
        return message + did_you_mean(error.possibilities or ()) + see
    if isinstance(error, click_errors.BadParameter) and not isinstance(error, click_errors.MissingParameter) \
            and error.param is not None:
        return f"{_parameter_name(error.param)}: {error.message.rstrip('.')}"
    text = error.format_message().strip()
    text = (text[:1].lower() + text[1:]).rstrip(".").replace(". Did you mean", "; did you mean")
    # A suggestion already says what to type; the pointer to the help is for the other cases.
    return text if "did you mean" in text else text + see


def split_late_globals(args: list[str]) -> tuple[list[str], list[tuple[str, str | bool]]]:
    """The command's words without the global options given after the command, and those
    options with their values, in order. `--` ends the options, as it does for click."""
    kept: list[str] = []
    found: list[tuple[str, str | bool]] = []
    index = 0
    while index < len(args):
        word = args[index]
        if word == "--":
            kept.extend(args[index:])
            break
        name, equals, value = word.partition("=")
        takes_value = late_globals().get(name)
        if takes_value is None or (equals and not takes_value):
            kept.append(word)
        elif not takes_value:
            found.append((name, True))
        elif equals:
            found.append((name, value))
        elif index + 1 < len(args):
            found.append((name, args[index + 1]))
            index += 1
        else:
            raise click_errors.UsageError(f"option '{name}' requires an argument")
        index += 1
    return kept, found


def is_closed_pipe(error: BaseException) -> bool:
    import errno

    return isinstance(error, BrokenPipeError) or getattr(error, "errno", None) == errno.EPIPE


def quiet_stdout() -> None:
    # Point stdout at /dev/null so that the interpreter's final flush of what is still buffered
    # does not fail again (Python would print "Exception ignored" and exit 120).
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def is_io_failure(error: OSError) -> bool:
    """Whether reading or writing failed for the environment's sake (exit 3): no permission, a full
    disk or quota, a read-only file system, a device error. A missing file, a symlink loop or a
    folder where a file should be are about what is there, and the command says so otherwise."""
    import errno

    return error.errno in {errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EROFS, errno.EIO,
                           getattr(errno, "EDQUOT", -1), errno.ETXTBSY, errno.EMFILE, errno.ENFILE}


def io_message(error: OSError) -> str:
    """`could not write out.csv: No space left on device`: the file and the reason, not a repr."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename:
        return f"could not read or write {error.filename}: {reason}"
    return f"could not read or write a file: {reason}"


def interrupted() -> "typer.Exit":
    """Ctrl-C: one line, no traceback, the exit status a shell gives a command stopped by SIGINT."""
    try:
        sys.stderr.write("bizenv: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    raise typer.Exit(EXIT_INTERRUPTED)


def _parameter_name(param) -> str:
    if param.param_type_name == "argument":
        return _argument_name(param)
    # The long spelling, as the help and our own messages name an option (--format, not -f).
    longs = [name for name in param.opts if name.startswith("--")]
    return (longs or param.opts)[0]


class BizenvTyper(CommandsOnFirstLook):
    """A Typer whose commands are BizenvCommand unless a command asks for another class, and whose
    commands may be registered late (typer_compat.CommandsOnFirstLook): the console script thereby
    imports only the module of the command it runs (cli/__init__.py)."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", BizenvCommand)
        return super().command(*args, **kwargs)


app = BizenvTyper(
    name="bizenv",
    help=(
        "A business-environment plan package as validated data (shipped: Pingdingshan's 2022 overall "
        "plan and its 28 special action plans; `bizenv import` drafts another from its text): query "
        "measures, deadlines, departments and indicator gaps.\n\n"
        "\b\nExamples:\n  bizenv due --before 2022-06\n  bizenv measures --dept 市税务局\n"
        "  bizenv show 02.03\n\n"
        "Every command takes --help. --data, --no-color, --no-cache and --width may also follow the command. "
        "Exit status: 0 success, 1 invalid data or changes found, 2 usage error, 3 a file could not "
        "be read or written (disk full, no permission), 130 interrupted (Ctrl-C)."
    ),
    cls=BizenvGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help, as git and click print it: typer's rich panels keep the docstrings' line breaks
    # (ragged at 80 columns), frame everything in box drawing that a pipe or a narrow terminal
    # garbles, and show flags as `<bool>`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings(NamedTuple):  # a NamedTuple, not a dataclass, for the reason model/records.py gives
    data_option: Optional[Path]
    color: bool
    data_from_env: bool = False
    width: Optional[int] = None  # --width: the table's width in columns, whatever the terminal
    use_cache: bool = True  # --no-cache / BIZENV_NO_CACHE: read and check every file, cache nothing

    def data_dir(self) -> DataDir:
        try:
            return find_data_dir(self.data_option)
        except DataDirNotFound as error:
            # A folder set in the environment long ago is easy to forget: say where it came from.
            where = "BIZENV_DATA" if self.data_from_env else "--data"
            message = data_folder_message(error)
            if self.data_option is not None:
                message = f"{where}: {message}"
            fail_usage(message)


def data_folder_message(error: DataDirNotFound) -> str:
    """A data folder not found, saying how to name one with the command line's option."""
    return error.worded("pass --data DIR (a folder with plans/ and departments.yaml)")


def yes_or_no(value) -> bool:
    """A flag's value from its environment variable (BIZENV_NO_CACHE=1), read as pydantic reads a
    bool, in our words whichever way typer converts values (cli/typer_compat.py)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("", "0", "false", "f", "no", "n", "off"):
        return False
    raise typer.BadParameter(f"{value!r} is not a valid boolean")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bizenv {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    data: Optional[Path] = typer.Option(
        None, "--data", envvar="BIZENV_DATA", metavar="DIR",
        help="Data folder (with plans/ and departments.yaml). Default: the nearest data/ upward "
             "from here, else the copy shipped with the package.",
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colour in tables (NO_COLOR does the same)."),
    width: Optional[str] = typer.Option(
        None, "--width", metavar="N", help="Fit tables to N columns (default: $COLUMNS, else the terminal's width, "
                                           "else 80); a table that cannot fold to fit is laid out for 80."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
    no_cache: bool = typer.Option(
        False, "--no-cache", envvar="BIZENV_NO_CACHE", parser=yes_or_no,
        help="Read and check every data file; neither read nor write the store (the SQLite database "
             "queries read in the cache folder; BIZENV_NO_CACHE=1 does the same)."),
) -> None:
    values, late = with_late_globals(ctx)
    from_env = values["data"] is not None and "data" not in late \
        and ctx.get_parameter_source("data").name == "ENVIRONMENT"
    color = not values["no_color"] and not os.environ.get("NO_COLOR")
    ctx.obj = Settings(values["data"], color, from_env, parse_width(values["width"]), use_cache=not values["no_cache"])


# Where the group keeps the global options found after the command, for `with_late_globals`.
LATE_GLOBALS_GIVEN = "bizenv.late_globals"


@functools.cache
def late_globals() -> dict[str, bool]:
    """The global options a user may also give after the command (`bizenv due --no-color`), as
    most people type them, each with whether it takes a value: read from `_global_options`, the
    one place they are declared. --version acts at once, so it comes before the command only."""
    hints = typing.get_type_hints(_global_options)
    return {name: hints[parameter.name] is not bool
            for parameter in inspect.signature(_global_options).parameters.values()
            if isinstance(parameter.default, OptionInfo) and not parameter.default.is_eager
            for name in parameter.default.param_decls}


def with_late_globals(ctx: typer.Context) -> tuple[dict, set[str]]:
    """The global options' values with those given after the command counted as if given before
    it, and the names of the ones that were; a single-valued one given twice is a usage error."""
    values = dict(ctx.params)
    late: set[str] = set()
    for name, value in ctx.meta.get(LATE_GLOBALS_GIVEN, []):
        param = next(param for param in ctx.command.params if name in param.opts)
        if value is True:  # a flag
            values[param.name] = True
            continue
        if param.name in late or ctx.get_parameter_source(param.name).name == "COMMANDLINE":
            fail_usage(f"{name}: given more than once; it takes one value")
        late.add(param.name)
        values[param.name] = param.process_value(ctx, value)
    return values, late


def parse_width(text: str | None) -> int | None:
    """--width N: any positive whole number. A width narrower than a table can fold to is no
    mistake: the table is laid out as in a terminal that narrow (outputs/render.column_widths)."""
    if text is None:
        return None
    width = positive_width(text)
    if width is None:
        fail_usage(f"--width: '{text}' is not a positive number of columns (e.g. --width 120)")
    return width


def positive_width(text: str | None) -> int | None:
    """A number of columns as --width or $COLUMNS gives it, or None where it is none (0, -1, abc)."""
    try:
        width = int((text or "").strip())
    except ValueError:
        return None
    return width if width > 0 else None


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def fail_usage(message: str) -> "typer.Exit":
    # A message quotes what the user typed: an escape sequence in it is shown, not obeyed.
    typer.echo(f"bizenv: error: {terminal_safe(message)}", err=True)
    raise typer.Exit(EXIT_USAGE)


_as_the_program = False  # set by main(): this process is the program, and ends with its command


def running_as_the_program() -> bool:
    """Whether this process is `bizenv` itself (the console script), which ends when its one
    command does, rather than a test or a program that runs commands in turn."""
    return _as_the_program


def main() -> None:
    """Run `app` as the program: every way it ends is an exit status (README.md#exit-codes)."""
    global _as_the_program
    _as_the_program = True
    code: int | str | None = EXIT_OK
    try:
        app(prog_name="bizenv")
    except SystemExit as exit_:
        code = exit_.code
    except KeyboardInterrupt:
        # Ctrl-C outside a command (while typer builds the parser, or after the command ended).
        try:
            interrupted()
        except typer.Exit as error:
            code = error.exit_code
    except OSError as error:
        if not is_closed_pipe(error):
            raise
        # `bizenv due | head`: the reader has all it wanted, which is no failure.
        quiet_stdout()
    try:
        # What is still buffered goes out now, so that a pipe closed meanwhile is caught here
        # rather than in the interpreter's final flush (which would print and exit 120).
        sys.stdout.flush()
    except OSError as error:
        quiet_stdout()
        if not is_closed_pipe(error):
            typer.echo(f"bizenv: error: cannot write the output: {error.strerror or error}", err=True)
            code = EXIT_IO
    except (ValueError, KeyboardInterrupt):
        pass
    sys.exit(code)
