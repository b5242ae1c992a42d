"""Milestones as an RFC 5545 calendar (docs/outputs.md): `bizenv due --format ics` / `-o F.ics`.

One all-day event per milestone row of `bizenv due` (the same rows, from queries.due_rows):

    UID          <measure>-<n>@<package>   n = the milestone's 1-based place in its deadline, so a
                                           calendar that subscribes to the file updates an event
                                           instead of adding a second one on the next export
    DTSTART      the milestone's day (VALUE=DATE); DTEND the day after (RFC 5545 §3.6.1: an
                 all-day event ends, exclusively, on the next day)
    SUMMARY      [09.02] title
    DESCRIPTION  the raw 时间节点, the milestone's label, the responsible bodies by role (names)
                 and the status as of --as-of
    DTSTAMP      --as-of at 00:00 UTC: the day the statuses describe, never the clock, so two
                 exports of the same question are byte-identical

Ongoing rows (持续推进) have no day: a calendar cannot place them, and they are left out.
icalendar is imported inside `due_calendar`: only a calendar export pays for it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, NamedTuple

from bizenv_cli.model.records import ROLES

if TYPE_CHECKING:
    from bizenv_cli.store.package import Package

ROLE_WORDS = {"lead": "牵头 lead", "support": "配合 support", "implement": "负责落实 implement",
              "responsible": "责任单位 responsible"}
SUMMARY_TEXT_MAX = 40  # characters of the text that stand in for a missing title


class CalendarFile(NamedTuple):
    text: str          # the .ics file, CRLF line ends as RFC 5545 wants
    events: int        # milestones placed
    left_out: int      # ongoing rows, which have no day


def package_name(package: "Package") -> str:
    """The package's name as the data states it (pingdingshan-2022): the UIDs' domain."""
    for plan in package.plans:
        if plan.document.get("package"):
            return plan.document["package"]
    return "bizenv"


def summary(row: dict) -> str:
    title = row.get("title")
    if not title:
        text = " ".join((row.get("text") or "").split())
        title = text if len(text) <= SUMMARY_TEXT_MAX else text[:SUMMARY_TEXT_MAX] + "…"
    return f"[{row['measure']}] {title}"


def description(row: dict, names: dict[str, str], as_of: date) -> str:
    lines = [f"时间节点 deadline: {row.get('deadline') or '—'}"]
    if row.get("label"):
        lines.append(f"里程碑 milestone: {row['label']}")
    roles = row.get("roles") or {}
    named = False
    for role in ROLES:
        ids = roles.get(role) or []
        if ids:
            named = True
            lines.append(f"{ROLE_WORDS[role]}: " + "、".join(names.get(body, body) for body in ids))
    if not named and row.get("responsible_raw"):
        lines.append(f"责任单位 responsible: {row['responsible_raw']}")
    lines.append(f"状态 status: {row['status']} (as of {as_of.isoformat()})")
    progress = row.get("progress")
    if isinstance(progress, dict) and progress.get("status"):
        # The ledger's word (docs/ledger.md), when a department has reported on the milestone.
        reported = f", reported as of {progress['as_of']}" if progress.get("as_of") else ""
        lines.append(f"进展 progress: {progress['status']}{reported}")
    return "\n".join(lines)


def due_calendar(package: "Package", rows: list[dict], as_of: date, name: str | None = None) -> CalendarFile:
    """The calendar of `bizenv due` rows (ongoing rows left out)."""
    import icalendar

    domain = package_name(package)
    names = {department.id: department.name for department in package.registry}
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=timezone.utc)

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//bizenv//{domain}//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name or f"{domain} milestones")
    events = left_out = 0
    for row in rows:
        if not row.get("date"):
            left_out += 1
            continue
        day = date.fromisoformat(row["date"])
        event = icalendar.Event()
        event.add("uid", f"{row['measure']}-{row['milestone']}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary(row))
        event.add("description", description(row, names, as_of))
        event.add("categories", [row["status"]])
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy that day
        calendar.add_component(event)
        events += 1
    return CalendarFile(calendar.to_ical().decode("utf-8"), events, left_out)


class CalendarSource:
    """What `emit` needs to write a `due` listing as a calendar: the package and the as-of day.

    `bizenv due` passes one; a listing without it cannot be a calendar (outputs/formats.py).
    """

    def __init__(self, package: "Package", as_of: date) -> None:
        self.package = package
        self.as_of = as_of

    def __call__(self, rows: list[dict], title: str | None = None) -> CalendarFile:
        return due_calendar(self.package, rows, self.as_of, title)
