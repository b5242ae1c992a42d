"""A drafted package written as a data folder: plans/NN-slug.yaml, departments.yaml, source/ with
the text and its sha256, and an empty progress/, in the canonical style (files/yamlwrite.py).

The folder is written beside its final place and renamed into it at the end, so a failed import
leaves no half folder; an existing folder that holds anything is never written into.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from bizenv_cli.files.datadir import LEDGER_FOLDER
from bizenv_cli.files.yamlwrite import dump_departments, dump_plan
from bizenv_cli.importer.package import PackageDraft


class FolderExists(ValueError):
    """The output folder exists and is not empty."""


class FolderUnwritable(ValueError):
    """The output folder cannot be created where it is named (a parent that is a file, a read-only one)."""


def source_file_name(input_path: Path) -> str:
    """The name the text keeps in source/: the input's, as .txt (a .docx or .html is kept as its text)."""
    return Path(input_path).with_suffix(".txt").name


def stage_source(folder: Path, name: str, text: str) -> Path:
    """Write the source text and its sha256 into folder/source; the text's path."""
    source_dir = folder / "source"
    source_dir.mkdir(parents=True, exist_ok=True)
    path = source_dir / name
    data = text.encode("utf-8")
    path.write_bytes(data)
    (source_dir / f"{name}.sha256").write_text(f"{hashlib.sha256(data).hexdigest()}  {name}\n", encoding="utf-8")
    return path


def staging_folder(output: Path) -> Path:
    """An empty folder beside `output`, to be renamed into it by `publish`."""
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise FolderExists(f"{output} exists and is not an empty folder: give a new folder for the draft")
    # Beside the folder as its absolute path names it: `-o .` (an empty current folder) has no name
    # of its own, and a folder staged inside it would make it non-empty.
    where = output.resolve()
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{where.name}.", dir=where.parent))
    except OSError as error:  # named as given, not by the staging folder's made-up name
        raise FolderUnwritable(f"{output}: cannot create the folder for the draft "
                               f"({error.strerror or error})") from None


def write_draft(folder: Path, draft: PackageDraft, original: Path | None = None) -> None:
    """The plans, the registry and the empty ledger folder, beside the staged source."""
    plans_dir = folder / "plans"
    plans_dir.mkdir(exist_ok=True)
    for plan in draft.plans:
        (plans_dir / draft.plan_file_name(plan)).write_text(dump_plan(plan.plan), encoding="utf-8")
    (folder / "departments.yaml").write_text(dump_departments(draft.departments), encoding="utf-8")
    (folder / LEDGER_FOLDER).mkdir(exist_ok=True)
    if original is not None and original.suffix.lower() != ".txt":
        # The published file itself, beside the text read from it (validate reads only *.txt).
        shutil.copyfile(original, folder / "source" / original.name)


def publish(staged: Path, output: Path) -> None:
    output = Path(output)
    if output.is_dir():
        # An empty folder that exists (checked by staging_folder) is kept, with its owner and mode,
        # and the draft moved into it: replacing it would pull the current folder from under a
        # shell that gave `-o .`.
        for child in staged.iterdir():
            child.rename(output / child.name)
        staged.rmdir()
        return
    staged.rename(output)
    staged_mode = 0o755
    output.chmod(staged_mode)  # mkdtemp makes it private; a data folder is an ordinary folder


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)
