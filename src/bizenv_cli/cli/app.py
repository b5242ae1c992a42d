"""The Typer application, its global options, and the exit-code conventions (DESIGN §8).

0 success; 1 the data is invalid or a check failed; 2 usage error.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer

from bizenv_cli import __version__
from bizenv_cli.datadir import DataDir, DataDirNotFound, find_data_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="bizenv",
    help=(
        "The Pingdingshan 2022 business-environment plan package (the overall plan and its 28 "
        "special action plans) as validated data: query measures, deadlines, departments and "
        "indicator gaps.\n\nExample: bizenv due --before 2022-06"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    data_option: Optional[Path]
    color: bool

    def data_dir(self) -> DataDir:
        try:
            return find_data_dir(self.data_option)
        except DataDirNotFound as error:
            fail_usage(str(error))


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
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    color = not no_color and not os.environ.get("NO_COLOR")
    ctx.obj = Settings(data, color)


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def fail_usage(message: str) -> "typer.Exit":
    typer.echo(f"bizenv: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def main() -> None:
    # Typer reports usage errors with exit code 2, as DESIGN §8 asks.
    app(prog_name="bizenv")
