"""The rows of `bizenv due`, built from what each measure gives them: its milestones, whether it is
ongoing, and the keys that come from the measure alone (`measure_due_source`); every row is
shaped by `fill_due_row`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from bizenv_cli.model.records import ROLES, Measure


class DueSource(NamedTuple):
    """What `queries.due_rows_of` needs of one measure."""

    milestones: tuple[tuple[date, str | None], ...]  # (date, label), in the deadline's order
    ongoing: bool
    fields: Callable[[], dict]  # a new due_row_fields dict on each call: each row owns its lists


def due_row_fields(measure: Measure) -> dict:
    """A due row's keys, in the row's order, with the measure's values; the milestone's own keys
    (date, label, status, days_left, milestone) are None until fill_due_row sets them."""
    return {
        "date": None,
        "measure": measure.id,
        "plan": measure.plan,
        "seq": measure.seq,
        "title": measure.title,
        "label": None,
        "departments": measure.responsible.department_ids(),
        "status": None,
        "days_left": None,
        "measure_label": measure.label,
        # The milestone's 1-based place in its deadline (null for an ongoing row): `09.02#2` to the
        # ledger, `09.02-2@…` to a calendar.
        "milestone": None,
        "deadline": measure.deadline.raw,
        "recurrence": measure.deadline.recurrence,
        "roles": measure.responsible.ids_by_role(),
        **names_by_role(measure),
        "responsible_raw": measure.responsible.raw,
        "text": measure.text,
    }


def fill_due_row(fields: dict, day: date | None, label: str | None, status: str, days_left: int | None,
                 milestone: int | None) -> dict:
    """The row of one milestone (or, with day None, of an ongoing measure): `fields` with the
    milestone's keys set, in their places."""
    fields["date"] = day.isoformat() if day else None
    fields["label"] = label
    fields["status"] = status
    fields["days_left"] = days_left
    fields["milestone"] = milestone
    return fields


def names_by_role(measure: Measure) -> dict[str, list[str]]:
    """The bodies' names as the 责任单位 line prints them, by role, each once."""
    names: dict[str, list[str]] = {role: [] for role in ROLES}
    for body in measure.responsible.bodies:
        if body.name not in names[body.role]:
            names[body.role].append(body.name)
    return names


def measure_due_source(measure: Measure) -> DueSource:
    return DueSource(measure.deadline.milestones, measure.deadline.ongoing, lambda: due_row_fields(measure))
