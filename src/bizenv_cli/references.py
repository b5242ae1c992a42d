"""What the files of a package must agree on across files before a query answers from them: every
body a plan names is in the registry, and no two plans share a document number or an id.

`bizenv validate` reports each of these (validate.py). The queries check them too, because what
they write relies on them: a SQLite export's foreign and primary keys, `show` finding one item by
its id, `--dept` finding a body by its id. The check reads only each plan's summary
(datafile.summarise), and the folder index runs it only when a file changed (folderindex.scan).
"""

from __future__ import annotations

from collections.abc import Iterable

from bizenv_cli.problems import DataError


def check_references(plans: Iterable[tuple[str, object, tuple]], registry_ids: set[str], data_dir) -> None:
    """Raise DataError, with validate's message, for the first plan file (by name) that names a body
    the registry lacks, or repeats an earlier file's document number or plan id.

    `plans` is (file name as shown, path, datafile.summarise summary) per plan file, in package
    order; a summary's rows may carry their cache spans after the body ids."""
    from bizenv_cli.datafile import validate_says

    numbers: dict[int, object] = {}
    ids: dict[str, object] = {}
    for name, path, (number, plan_id, _, rows, indicator_bodies) in plans:
        for earlier, seen, what in ((numbers.get(number), number, "document number"), (ids.get(plan_id), plan_id, "id")):
            if earlier is not None:
                fallback = f"{what} {seen} is also the {what} of {earlier}; run `bizenv validate`"
                raise DataError(validate_says(data_dir, [earlier, path], name, fallback, about=str(seen)))
        numbers[number], ids[plan_id] = path, path
        named = {body for row in rows for body in row[2]} | set(indicator_bodies)
        unknown = sorted(named - registry_ids)
        if unknown:
            fallback = f"department id '{unknown[0]}' is not in departments.yaml; run `bizenv validate`"
            raise DataError(validate_says(data_dir, [path], name, fallback, about=f"'{unknown[0]}'"))
