"""What every query command shares: the --format/-o/--dept/--plan options, loading the package,
and the one way a listing is written out.

Only typer and the light render/period modules load here; the package, the queries and rich
load inside the functions that use them, so that `bizenv --help` and `--format json` stay quick.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from bizenv_cli.cli.app import EXIT_INVALID, fail_usage, settings
from bizenv_cli.periods import PeriodError, parse_day, parse_period
from bizenv_cli.render import Column, OutputFormat, UnknownExtension, format_for_path, render

if TYPE_CHECKING:
    from datetime import date

    from bizenv_cli.departments import Department
    from bizenv_cli.package import Package
    from bizenv_cli.periods import Period


class Role(str, Enum):
    lead = "lead"
    support = "support"
    implement = "implement"
    responsible = "responsible"


FormatOption = Annotated[Optional[OutputFormat], typer.Option(
    "--format", "-f", case_sensitive=False,
    help="table (default), json, csv (for Excel), tsv or md. With -o the file's extension decides.")]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", metavar="FILE",
    help="Write to FILE instead of standard output; .json .csv .tsv .md .txt choose the format.")]
DeptOption = Annotated[Optional[str], typer.Option(
    "--dept", metavar="DEPT",
    help="A department or group: its id, canonical name, any alias as printed, or an unambiguous part "
         "of one (tax, 市税务局, 发改).")]
PlanOption = Annotated[Optional[str], typer.Option(
    "--plan", "-p", metavar="N", help="Only plan N: its number 1..29, its id (09) or its slug.")]


def load(ctx: typer.Context) -> "Package":
    """The package of the data folder; a file that cannot be read is reported, never a traceback."""
    from bizenv_cli.package import load_package
    from bizenv_cli.problems import DataError

    data_dir = settings(ctx).data_dir()
    # Reading the package creates some 100,000 objects (10 million for 100 times the data), none
    # of them garbage and all kept to the end of the command: the collector's passes over them
    # would cost more than the query they serve. Frozen, it never looks at them again.
    gc.disable()
    try:
        package = load_package(data_dir)
        gc.freeze()
        return package
    except DataError as error:
        typer.echo(f"{error.problem}", err=True)
        typer.echo("bizenv: the data cannot be read; `bizenv validate` checks every file", err=True)
        raise typer.Exit(EXIT_INVALID)
    except OSError as error:
        typer.echo(f"bizenv: cannot read the data: {error}", err=True)
        raise typer.Exit(EXIT_INVALID)
    except (KeyError, TypeError, ValueError) as error:
        # The registry or a plan breaks a rule the schema states; validate names the spot.
        typer.echo(f"bizenv: the data is invalid ({error!r}); run `bizenv validate`", err=True)
        raise typer.Exit(EXIT_INVALID)
    finally:
        gc.enable()


def period_option(text: str | None, option: str) -> "Period | None":
    if text is None:
        return None
    try:
        return parse_period(text)
    except PeriodError as error:
        fail_usage(f"{option}: {error}")


def day_option(text: str | None, option: str) -> "date":
    """A one-day date option; today when not given."""
    from datetime import date

    if text is None:
        return date.today()
    try:
        return parse_day(text)
    except PeriodError as error:
        fail_usage(f"{option}: {error}")


def resolve_department(package: "Package", query: str | None) -> "Department | None":
    """The one department a --dept value names; exits 2 listing candidates when none or several."""
    if query is None:
        return None
    found = package.registry.find(query)
    if len(found) == 1:
        return found[0]
    if not found:
        import difflib

        spellings = {spelling: department for department in package.registry
                     for spelling in (department.id, *department.spellings)}
        close = difflib.get_close_matches(query, list(spellings), n=5, cutoff=0.5)
        suggested = list(dict.fromkeys(spellings[spelling] for spelling in close))  # each body once
        hint = ""
        if suggested:
            hint = "; did you mean: " + ", ".join(f"{d.name} ({d.id})" for d in suggested)
        fail_usage(f"--dept: no department matches '{query}'{hint}. `bizenv departments` lists them all")
    listed = "\n".join(f"  {d.id:<28} {d.name}" + (f" (also {'、'.join(d.aliases)})" if d.aliases else "")
                       for d in found)
    fail_usage(f"--dept: '{query}' matches {len(found)} departments; say which:\n{listed}")


def resolve_plan(package: "Package", text: str | None) -> int | None:
    """The plan number a --plan value names (1, 01, or a slug); exits 2 when there is none."""
    from bizenv_cli.queries import find_plan

    if text is None:
        return None
    plan = find_plan(package.plans, text)
    if plan is not None:
        return plan.number
    numbers = ", ".join(str(plan.number) for plan in package.plans)
    fail_usage(f"--plan: no plan '{text}' (plans: {numbers})")


def department_name(package: "Package", department_id: str) -> str:
    try:
        return package.registry.get(department_id).name
    except KeyError:
        return department_id


def short_title(title: str | None, text: str) -> str:
    """A measure's heading for a table; one without a heading shows the start of its text
    (`bizenv show ID` has it all)."""
    if title:
        return title
    flat = text.replace("\n", " ")
    return flat if len(flat) <= 60 else flat[:60] + "…"


def table_width() -> int:
    # A terminal gets its own width; a pipe or a file gets $COLUMNS, else 80.
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    try:
        return max(int(os.environ.get("COLUMNS", "")), 40)
    except ValueError:
        return 80


def use_color(ctx: typer.Context, to_file: bool) -> bool:
    """Colour only for a person at a terminal (or FORCE_COLOR), never with --no-color or NO_COLOR."""
    if to_file or not settings(ctx).color:
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def resolve_format(output_format: OutputFormat | None, output: Path | None) -> OutputFormat:
    """--format if given, else the -o file's extension, else a table."""
    if output_format is not None:
        return output_format
    try:
        return format_for_path(output) if output else OutputFormat.table
    except UnknownExtension as error:
        fail_usage(str(error))


def emit(ctx: typer.Context, rows: list[dict] | dict, columns: list[Column], output_format: OutputFormat | None,
         output: Path | None, title: str | None = None, record: dict | None = None) -> None:
    """Write a listing to standard output or to -o FILE, in the chosen format.

    `record`, when given, is what JSON writes instead of the rows (`bizenv show` prints one object).
    """
    chosen = resolve_format(output_format, output)
    payload = record if (record is not None and chosen is OutputFormat.json) else rows
    color = use_color(ctx, output is not None)
    text = render(payload, columns, chosen, title=title, color=color, width=table_width())
    if output is None:
        # color= tells click not to strip the colour we chose (it strips it whenever stdout is no tty).
        typer.echo(text, nl=False, color=color)
        return
    try:
        # newline="" keeps the CSV dialect's \r\n as written.
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        fail_usage(f"-o: cannot write {output}: {error.strerror}")
    count = f"{len(rows)} rows" if record is None else "1 record"
    typer.echo(f"wrote {count} to {output} ({chosen.value})", err=True)


# --- Quick option parsing -------------------------------------------------------------------------
# typer 0.29 converts every option value through a pydantic TypeAdapter that it builds when the
# command runs: importing pydantic and building the adapters costs ~50 ms, more than all the rest
# of `bizenv due --format json` (DESIGN asks that to stay within 1.5x of importing typer and yaml).
# For the kinds of value our options take (str, Path, an Enum, lists of them) typer has
# pydantic-free helpers that do the very same checks; we route those kinds to them and leave
# every other kind, and any other typer version, to typer itself.

def _install_quick_option_parsing() -> None:
    try:
        from typer import core as typer_core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
        from typer._typing import get_args, get_origin
    except ImportError:  # a typer without the adapter layer: nothing to avoid
        return
    parameter_class = getattr(typer_core, "_TyperParameter", None)
    if parameter_class is None or not hasattr(parameter_class, "get_runtime_param"):
        return

    truths = {"1", "true", "t", "yes", "y", "on"}
    falsehoods = {"", "0", "false", "f", "no", "n", "off"}

    def quick_bool(value, param, ctx):
        # What pydantic accepts for a bool, which typer's own flag values and envvars go through.
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in truths or text in falsehoods:
            return text in truths
        raise BadParameter(f"{value!r} is not a valid boolean", ctx=ctx, param=param)

    def leaf_parser(annotation, info):
        if info.parser is not None or getattr(info, "click_type", None) is not None:
            return None
        if annotation is bool:
            return quick_bool
        if annotation is str:
            return lambda value, param, ctx: value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if lenient_issubclass(annotation, Enum):
            choices = tuple(annotation)

            def choice(value, param, ctx):
                try:
                    return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)
                except ValueError as error:
                    raise BadParameter(str(error), ctx=ctx, param=param) from None
            return choice
        if lenient_issubclass(annotation, Path) and info.path_type is None:
            def path(value, param, ctx):
                value = value if isinstance(value, Path) else annotation(value)
                return coerce_cli_path(value, info, path_type=annotation, param=param, ctx=ctx)
            return path
        return None

    class QuickParam(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            annotation = self.annotation
            if get_origin(annotation) is list:
                parse = leaf_parser(get_args(annotation)[0], self.parameter_info)
                items = value if isinstance(value, (list, tuple)) else [value]
                return [parse(item, param, ctx) for item in items]
            return leaf_parser(annotation, self.parameter_info)(value, param, ctx)

    def quick_param(descriptor):
        annotation, info = descriptor.annotation, descriptor.parameter_info
        if descriptor.file_annotation is not None:
            return None
        leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        if get_origin(leaf) is not None or leaf_parser(leaf, info) is None:
            return None
        return QuickParam(parameter_info=info, annotation=annotation)

    typer_get_runtime_param = parameter_class.get_runtime_param

    def get_runtime_param(self):
        if getattr(self, "_runtime_param", None) is None:
            quick = quick_param(self.type_descriptor)
            if quick is None:
                return typer_get_runtime_param(self)
            self._runtime_param = quick
        return self._runtime_param

    parameter_class.get_runtime_param = get_runtime_param


_install_quick_option_parsing()
