"""Which body answers for an indicator in the ledger: the template lists it for them, and a report
on it by anyone else is a warning.

Most indicator tables name their responsible and lead bodies; the rows that do not (document 9's
tax indicators, say) belong to the plan's principal body: the one its measures name most often,
here 市税务局 (tax). Without that, nobody's template would list them and every actual reported for
them would be a warning.
"""

from __future__ import annotations


def principal_bodies(plan) -> set[str]:
    counts: dict[str, int] = {}
    for measure in plan.measures:
        for body_id in measure.responsible.department_ids():
            counts[body_id] = counts.get(body_id, 0) + 1
    if not counts:
        return set()
    most = max(counts.values())
    return {body_id for body_id, count in counts.items() if count == most}


def indicator_roles(indicator, plan, body_id: str) -> list[str]:
    """The body's roles in an indicator: lead, responsible, or `plan` (its plan's principal body
    for an indicator that names nobody); empty when it answers for none of it."""
    roles = [role for role, responsibility in (("lead", indicator.lead), ("responsible", indicator.responsible))
             if responsibility and body_id in responsibility.department_ids()]
    if not roles and not indicator.department_ids() and body_id in principal_bodies(plan):
        roles = ["plan"]
    return roles
