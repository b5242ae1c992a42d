"""Find the data folder the way git finds a repository (DESIGN §2).

`--data DIR` or BIZENV_DATA if given; else the nearest `data/` holding `plans/` from the current
folder upward, so a reviewer in a checkout sees that checkout's data; else the copy shipped inside
the installed package, so `bizenv due` works from any folder after `pip install`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "BIZENV_DATA"
PACKAGED_DATA = Path(__file__).resolve().parent / "_data"
# An editable install runs from the checkout's src/; its data is two folders up.
CHECKOUT_DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class DataDir:
    root: Path
    how_found: str  # option, environment, checkout, package

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    @property
    def departments_file(self) -> Path:
        return self.root / "departments.yaml"

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def schemas_dir(self) -> Path:
        """The schemas beside the data (a checkout keeps schemas/ beside data/; the installed
        package ships them inside _data/), else the ones this bizenv was installed with."""
        for candidate in (self.root.parent / "schemas", self.root / "schemas",
                          PACKAGED_DATA / "schemas", CHECKOUT_DATA.parent / "schemas"):
            if candidate.is_dir():
                return candidate
        raise DataDirNotFound(f"no schemas/ folder beside {self.root} and none installed with bizenv")

    def plan_files(self) -> list[Path]:
        return sorted(self.plans_dir.glob("*.yaml"))

    def display(self, path: Path) -> str:
        """A path as users should see it: relative to the current folder when it is below it."""
        try:
            return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)


class DataDirNotFound(Exception):
    pass


def find_data_dir(option: str | os.PathLike | None = None, start: Path | None = None) -> DataDir:
    if option:
        return _checked(Path(option), "option")
    if os.environ.get(ENV_VAR):
        return _checked(Path(os.environ[ENV_VAR]), "environment")
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if (candidate / "plans").is_dir():
            return DataDir(candidate, "checkout")
        if folder.name == "data" and (folder / "plans").is_dir():
            return DataDir(folder, "checkout")
    for shipped in (PACKAGED_DATA, CHECKOUT_DATA):
        if (shipped / "plans").is_dir():
            return DataDir(shipped, "package")
    raise DataDirNotFound(
        "no data folder found: pass --data DIR (a folder with plans/ and departments.yaml) "
        f"or set {ENV_VAR}"
    )


def _checked(path: Path, how: str) -> DataDir:
    if not (path / "plans").is_dir():
        raise DataDirNotFound(f"{path} is not a bizenv data folder: it has no plans/ folder")
    return DataDir(path.resolve(), how)
