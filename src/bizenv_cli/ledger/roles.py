"""Which body answers for an indicator in the ledger: the template lists it for them, and a report
on it by anyone else is a warning.

The answer is owners.py's rule (INDICATOR_OWNERS), the one `gaps --dept` finds indicators by, so
that an office's template lists exactly the indicators `gaps --dept` shows for it. A body's role is
`lead` / `responsible` where the indicator's own 牵头单位 / 责任单位 cells name it; where they name
nobody, the name of the rule that gave the owners: `measures` (it is responsible for a measure that
names the indicator) or `plan` (every measure of the plan names it; document 9's 市税务局). An
indicator that no rule gives a body to belongs to nobody: it is on no body's template, and a report
on it is no warning, since the source names no body that should have made it.

A body answers for what its scope covers (Registry.scope: 各县（市、区）人民政府 for each of the
county-government entries it covers), as `gaps --dept` counts it.
"""

from __future__ import annotations

from collections.abc import Collection


def indicator_roles(indicator, owners, bodies: Collection[str]) -> list[str]:
    """The roles in an indicator of a body whose scope is `bodies` (its ids), given the indicator's
    owners (owners.Owners: owners.indicator_owners or Package.owned_indicators): lead, responsible,
    or the rule's name, `measures` or `plan`; empty when it answers for none of it."""
    ids, rule = owners
    roles = [role for role, responsibility in (("lead", indicator.lead), ("responsible", indicator.responsible))
             if responsibility and any(body_id in bodies for body_id in responsibility.department_ids())]
    if not roles and rule in ("measures", "plan") and any(body_id in bodies for body_id in ids):
        roles = [rule]
    return roles
