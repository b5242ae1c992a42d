"""`bizenv import` as a library call: read the published text, draft the package, write the folder.

Never prints: the command line reports the result (the folder, the plans, the items for review).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from bizenv_cli.files.problems import DataError
from bizenv_cli.files.sourcetext import SourceText
from bizenv_cli.files.tags import REGISTRY_TAG
from bizenv_cli.importer.folder import discard, publish, source_file_name, stage_source, staging_folder, write_draft
from bizenv_cli.importer.package import PackageDraft, draft_package, names_a_year
from bizenv_cli.importer.reading import UnreadableInput, read_published
from bizenv_cli.model.departments import Registry, RegistryError

PACKAGE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ImportRefused(ValueError):
    """An import that cannot start: unreadable input, a bad registry or package id, a folder in use.
    The message names the file at fault (FILE:LINE:COL where there is one), or what was given, in
    the caller's words (ImportNames)."""


class ImportNames(NamedTuple):
    """How a refusal names what the import was given: the command line's options (--package), or
    the library's parameters (package)."""
    package: str
    registry: str


@dataclass
class ImportResult:
    folder: Path
    source_file: Path  # the text in the folder's source/, which every review line points into
    draft: PackageDraft


def import_package(text_path: Path, output: Path, *, package: str | None, registry_path: Path | None,
                   names: ImportNames) -> ImportResult:
    """Draft a data folder at `output` from a published package's text; a refusal names what was
    given in the words of `names`."""
    package = package_id_of(text_path) if package is None else package  # --package "" is no id either
    if not PACKAGE_ID.match(package):
        raise ImportRefused(f"{names.package}: {package!r} is not a package id (lowercase letters, digits and -)")
    registry = read_registry(registry_path, names) if registry_path is not None else None
    try:
        text = read_published(Path(text_path))
    except UnreadableInput as error:
        raise ImportRefused(str(error)) from None
    if not names_a_year(text):
        # The plans' year, and every deadline that names no year of its own, would be a guess.
        raise ImportRefused(f"{text_path}: the text names no year (such as 2023年): the plans' year cannot be read")
    try:
        staged = staging_folder(output)
    except (ValueError, OSError) as error:
        raise ImportRefused(str(error)) from None
    try:
        name = source_file_name(Path(text_path))
        source_path = stage_source(staged, name, text)
        source = SourceText(source_path, f"source/{name}")
        _refuse_lines_in_no_document(source, text_path)
        draft = draft_package(source, source_file=f"source/{name}", package=package, registry=registry)
        write_draft(staged, draft, Path(text_path))
        publish(staged, output)
    except BaseException:
        discard(staged)
        raise
    return ImportResult(Path(output), Path(output) / "source" / name, draft)


def _refuse_lines_in_no_document(source: SourceText, text_path: Path) -> None:
    """Refuse a text whose annex lines number two documents alike (附件1 twice; 附件0 beside 附件1,
    which numbers the overall plan's document): the later takes the number, and the lines of the
    earlier would be drafted in no plan, and audited in none either."""
    covered = {number for span in source.documents.values()
               for number in range(span.first_line, span.last_line + 1)}
    lost = [number for number in range(1, len(source.lines) + 1)
            if number not in covered and source.line(number).strip()]
    if lost:
        end = next((number - 1 for number in range(lost[0], len(source.lines) + 1) if number in covered),
                   len(source.lines))
        raise ImportRefused(f"{text_path}:{lost[0]}: lines {lost[0]}-{end} would be drafted in no plan: an annex line "
                            f"after them numbers the document they start (附件1 twice, or 附件0 beside 附件1, which "
                            f"numbers the overall plan's): give each annex a number of its own")


def package_id_of(text_path: Path) -> str:
    """A package id from the input's file name (pingdingshan-2023-plans.txt → pingdingshan-2023-plans),
    or `imported` when the name has no ascii letters or digits."""
    words = re.findall(r"[a-z0-9]+", Path(text_path).stem.lower())
    return "-".join(words) or "imported"


def read_registry(path: Path, names: ImportNames) -> Registry:
    from bizenv_cli.files.yamlload import load_yaml_file

    try:
        loaded = load_yaml_file(Path(path), str(path))
    except DataError as error:
        raise ImportRefused(str(error.problem)) from None
    document = loaded.data
    if not isinstance(document, dict) or document.get("format") != REGISTRY_TAG:
        raise ImportRefused(f"{path}:1:1 {names.registry}: not a department registry (format: {REGISTRY_TAG})")
    # Checked against the registry's schema first, so that a wrong value is named as validate names
    # it (file:line:col field: message), not by the error reading it would raise.
    problems = _registry_schema_problems(loaded, Path(path))
    if problems:
        raise ImportRefused(f"{problems[0]} ({names.registry})")
    try:
        return Registry.from_document(document)
    except RegistryError as error:  # a duplicate id or spelling, an unknown parent: at its line, as validate says it
        from bizenv_cli.checks.validate import registry_problems

        raise ImportRefused(f"{registry_problems(loaded, str(path), error)[0]} ({names.registry})") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ImportRefused(f"{path}:1:1 {names.registry}: {error}") from None


def _registry_schema_problems(loaded, path: Path) -> list:
    """What the departments schema (beside the registry's folder, else the one bizenv was installed
    with) finds in the registry."""
    from bizenv_cli.checks.validate import DEPARTMENTS_SCHEMA, load_schema, schema_problems
    from bizenv_cli.files.datadir import DataDir, DataDirNotFound
    from bizenv_cli.files.problems import DataError

    try:
        schema = load_schema(DataDir(path.parent, "option").schemas_dir / DEPARTMENTS_SCHEMA)
    except (DataDirNotFound, OSError, DataError):
        return []
    return schema_problems(loaded, schema, str(path))
