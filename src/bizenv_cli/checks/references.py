"""What the files of a package must agree on before a query answers from them: within a plan, ids
unique and prefixed by the plan's id (identifiers.py, validate's rule too); across files, every
body a plan names in the registry, and no two plans sharing a document number or an id.

`bizenv validate` reports each of these (validate.py). The queries check them too, because what
they write relies on them: a SQLite export's foreign and primary keys, `show` finding one item by
its id, `--dept` finding a body by its id. The check reads only what each plan refers to (its
number, its id, the bodies it names), and the store runs it only when a file changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bizenv_cli.files.problems import DataError
from bizenv_cli.model.wording import quoted_text


def check_references(plans: Iterable[tuple[Path, int, str, Sequence[str] | None]], registry_ids: set[str],
                     data_dir) -> None:
    """Raise DataError, with validate's message, for the first plan file that names a body the
    registry lacks, or repeats an earlier file's document number or plan id.

    `plans` is (path, document number, plan id, ids of the bodies it names, in file order) per
    plan file, in package order; bodies None for a plan checked against this registry before. A file's name is
    worked out only for a message: data_dir.display resolves the path, which a check that
    passes need not pay for every file."""
    numbers: dict[int, Path] = {}
    ids: dict[str, Path] = {}
    for path, number, plan_id, bodies in plans:
        for earlier, seen, what in ((numbers.get(number), number, "document number"),
                                    (ids.get(plan_id), plan_id, "id")):
            if earlier is not None:
                _refuse(data_dir, [earlier, path], path, str(seen),
                        f"{what} {seen} is also the {what} of {data_dir.display(earlier)}")
        numbers[number], ids[plan_id] = path, path
        unknown = [body for body in bodies or () if body not in registry_ids]  # the first in the file's order
        if unknown:
            _refuse(data_dir, [path], path, quoted_text(unknown[0]),
                    f"department id {quoted_text(unknown[0])} is not in departments.yaml")


def _refuse(data_dir, paths: list[Path], path: Path, about: str, fallback: str) -> None:
    from bizenv_cli.checks.validate import validate_says

    name = data_dir.display(path)
    raise DataError(validate_says(data_dir, paths, name, f"{fallback}; run `bizenv validate`", about=about))
