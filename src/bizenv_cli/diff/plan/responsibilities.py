"""Comparing a responsibility: the 责任单位 (or 牵头单位) line as printed, and each body's role in it.

Measures and indicators both name responsible bodies, so both hand their responsibility here. A
reviewer asks who was added, dropped or given another role, not which characters changed, so the
bodies are compared one by one besides the raw line.
"""

from __future__ import annotations

from bizenv_cli.diff.plan.findings import Findings


def diff_responsibility(found: Findings, owner: str, key: str, old: dict | None, new: dict | None) -> None:
    old, new = old or {}, new or {}
    found.text(owner, (key, "raw"), old.get("raw"), new.get("raw"), kind="responsible-changed")
    before, after = _roles_by_body(old), _roles_by_body(new)
    for body in dict.fromkeys([*before, *after]):
        (was, old_name), (now, new_name) = before.get(body, (None, None)), after.get(body, (None, None))
        if was == now:
            continue
        kind = "body-added" if was is None else "body-dropped" if now is None else "role-changed"
        # The field names the body, old and new are its roles, detail is its name as printed.
        found.add(kind, owner, (f"{key}[{body}]",), was, now, new_name or old_name)
    found.walk(owner, (key,), old, new, skip=frozenset({"raw", "bodies"}))


def _roles_by_body(responsibility: dict) -> dict[str, tuple[str, str | None]]:
    """{body id: (its roles joined by +, the name it is printed as)}."""
    roles: dict[str, list[str]] = {}
    names: dict[str, str | None] = {}
    for body in responsibility.get("bodies") or []:
        listed = roles.setdefault(body.get("id"), [])
        names.setdefault(body.get("id"), body.get("name"))
        if body.get("role") not in listed:
            listed.append(body.get("role"))
    return {body: ("+".join(str(role) for role in listed), names[body]) for body, listed in roles.items()}
