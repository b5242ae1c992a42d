"""Configure git's `bizenv` diff driver (textconv) for one clone, with a command that works anywhere.

`.gitattributes` names the driver; git runs the command the clone's config gives it. With the bare
`bizenv textconv`, a git run where `bizenv` is not on PATH (a GUI client, another venv, an IDE)
fails the whole `git show` or `git log -p` with exit 128. The command written here is this
interpreter's absolute path with `-m bizenv_cli textconv`, so it needs no PATH at all.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from bizenv_cli.files.gitrev import set_local_config

DRIVER = "bizenv"


def textconv_command() -> str:
    # git hands the command to the shell, so a path with spaces must be quoted.
    return f"{shlex.quote(sys.executable)} -m bizenv_cli textconv"


def configure_driver(repository: Path, cache: bool = False) -> dict[str, str]:
    """Write the driver's settings into the clone's own config (.git/config); returns what was set.

    `cache` sets `cachetextconv`: git keeps the converted text of each blob (as notes), so `git log
    -p` over many commits converts each version once. It is off by default: git then writes a
    notes commit, which fails (and fails `git show`) where no user name and email are configured.
    """
    settings = {f"diff.{DRIVER}.textconv": textconv_command()}
    if cache:
        settings[f"diff.{DRIVER}.cachetextconv"] = "true"
    for key, value in settings.items():
        set_local_config(repository, key, value)
    return settings
