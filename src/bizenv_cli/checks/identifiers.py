"""Within one plan, each collection's ids are unique and start with the plan's id: validate reports
it, and the store refuses a plan that breaks it (a SQLite export keys its tables by these ids, and
`show` finds one item by its id). Its own module, so that the store checks an edited plan without
importing validate and the source audit."""

from __future__ import annotations

from bizenv_cli.model.wording import quoted_text


def unique_ids(doc: dict, collection: str, prefix: str, problem) -> set[str]:
    """The ids of one collection of a plan (sections, tables, measures, indicators); `problem(path,
    message)` for each that lacks the plan's prefix or repeats an earlier one."""
    ids: set[str] = set()
    for index, item in enumerate(doc[collection]):
        if not item["id"].startswith(prefix + "."):
            problem((collection, index, "id"),
                    f"id {quoted_text(item['id'])} must start with the plan id {quoted_text(prefix + '.')}")
        if item["id"] in ids:
            problem((collection, index, "id"), f"duplicate id {quoted_text(item['id'])}")
        ids.add(item["id"])
    return ids
