"""`bizenv departments`: the registry of responsible bodies, with how many measures name each."""

# No `from __future__ import annotations` here: typer would have to eval every option's
# annotation string on each run.
from typing import Annotated, Optional

import typer

from bizenv_cli.cli.app import app, fail_usage
from bizenv_cli.cli.options import FormatOption, OutputOption, emit, load, plural
from bizenv_cli.model import ROLES
from bizenv_cli.outputs.render import Column


@app.command()
def departments(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option(
        "--kind", metavar="KIND", help="Only one kind: municipal-department, court, county-government, "
                                       "central-branch, utility, group, ...")] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List the responsible bodies and how many measures name each, per role.

    Roles: lead (牵头), support (配合), implement (负责落实), responsible (listed without a role
    word). The table shows each body's aliases under its name (=市发改委); --format csv/json add the
    English name, kind and group.

    \b
    Examples:
      bizenv departments
      bizenv departments --kind group
      bizenv departments --format csv -o departments.csv
    """
    from bizenv_cli.queries import department_rows

    package = load(ctx)
    kinds = sorted({department.kind for department in package.registry})
    if kind is not None and kind not in kinds:
        fail_usage(f"--kind: no department is of kind '{kind}' (kinds: {', '.join(kinds)})")
    rows = department_rows(package.plans, package.registry, kind)
    def name_and_aliases(row: dict) -> str:
        return "\n".join([row["name"], *(f"={alias}" for alias in row["aliases"])])

    def count(role: str):
        return lambda row: row["counts"][role]

    columns = [
        Column("name", name_and_aliases, only="table"),
        Column("id", lambda row: row["id"], no_wrap=True),
        # Short headers keep the table within 80 columns; the flat formats say them in full.
        *(Column(short, count(role), no_wrap=True, justify="right", only="table")
          for short, role in (("lead", "lead"), ("supp", "support"), ("impl", "implement"), ("resp", "responsible"))),
        Column("name", lambda row: row["name"], only="flat"),
        Column("name_en", lambda row: row["name_en"], only="flat"),
        Column("kind", lambda row: row["kind"], only="flat"),
        Column("group", lambda row: row["group"], only="flat"),
        Column("aliases", lambda row: row["aliases"], only="flat"),
        *(Column(role, count(role), only="flat") for role in ROLES),
        Column("measures", lambda row: row["measures"], only="flat"),
        Column("indicators", lambda row: row["indicators"], only="flat"),
    ]
    title = plural(len(rows), "department") + (f"; kind {kind}" if kind else "")
    emit(ctx, rows, columns, output_format, output, title)
