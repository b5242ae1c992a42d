"""Milestones as an RFC 5545 calendar (docs/outputs.md): `bizenv due --format ics` / `-o F.ics`.

One all-day event per milestone row of `bizenv due` (the same rows, from queries.due_rows):

    UID          <measure>-<n>@<package>   n = the milestone's 1-based place in its deadline, so a
                                           calendar that subscribes to the file updates an event
                                           instead of adding a second one on the next export
    DTSTART      the milestone's day (VALUE=DATE); DTEND the day after (RFC 5545 §3.6.1: an
                 all-day event ends, exclusively, on the next day)
    SUMMARY      [09.02] title
    DESCRIPTION  the raw 时间节点, the milestone's label, the responsible bodies by role (names),
                 the status as of --as-of and the ledger's progress, in the calendar's language
                 (Chinese unless `--lang en`; each line a model/wording.Phrase, outputs/words.py),
                 a status in its words in either (`due within 30 days`, not the JSON's `due`)
    CATEGORIES   the status, in the same words
    DTSTAMP      --as-of at 00:00 UTC: the day the statuses describe, never the clock, so two
                 exports of the same question are byte-identical
    VALARM       a reminder (ACTION:DISPLAY, the summary) --remind days before the day (default
                 7; `--remind 0`: none), unless the ledger has closed the milestone (done,
                 done late, dropped)

Text from the data is made RFC 5545 TEXT first (`calendar_text`): the line breaks a parser may
split on (VT, FF, NEL, LS, PS, CR) become plain line breaks in the description, which icalendar
writes as `\n`, and spaces in the one-line properties (SUMMARY, the calendar's name); the other
controls (RFC 5545 §3.1: CONTROL) become spaces.

Ongoing rows (持续推进) have no day: a calendar cannot place them, and they are left out.
A question that places no milestone still gives a calendar, as it gives an empty JSON list or a
sheet with no row: one with no event, whose one component is the time zone its DTSTAMP is in
(a VTIMEZONE of UTC, which no event uses), since RFC 5545 (§3.6) wants every calendar to hold a
component and a strict reader (icalendar's `Calendar.validate`) refuses one that holds none.
icalendar is imported inside `due_calendar`: only a calendar export pays for it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, NamedTuple

from bizenv_cli.ledger.status import LEDGER_STATUSES
from bizenv_cli.model.records import ROLES
from bizenv_cli.model.wording import Phrase
from bizenv_cli.outputs.words import text_in

if TYPE_CHECKING:
    from bizenv_cli.store.package import Package

SUMMARY_TEXT_MAX = 40  # characters of the text that stand in for a missing title
REMIND_DAYS = 7        # the reminder's default: a week before the day

# Line breaks in any of their forms (str.splitlines' set, which strict parsers share), and the
# controls RFC 5545 leaves out of TEXT: tab stays, DEL and the C1 controls go too.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def calendar_text(text: str, one_line: bool = False) -> str:
    """`text` as an RFC 5545 TEXT value holds it: one kind of line break (none, as spaces, for a
    name or a summary, which a calendar shows on one line), no control characters."""
    return _CONTROLS.sub(" ", _LINE_BREAKS.sub(" " if one_line else "\n", text.replace("\n", " ") if one_line else text))


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


def description(row: dict, names: dict[str, str], as_of: date, language: str = "zh") -> str:
    """What an event says of its milestone, a line each, in `language`: the raw 时间节点, the
    milestone's label, the bodies by role (names; the 责任单位 as printed when it names none), the
    status as of `as_of` and, once a body has reported, the ledger's word (docs/ledger.md)."""
    lines = [Phrase("deadline: {deadline}", deadline=row.get("deadline") or "—")]
    if row.get("label"):
        lines.append(Phrase("milestone: {label}", label=row["label"]))
    roles = row.get("roles") or {}
    named = [Phrase("{role}: {bodies}", role=role, bodies=[names.get(body, body) for body in roles[role]])
             for role in ROLES if roles.get(role)]
    if not named and row.get("responsible_raw"):
        named = [Phrase("{role}: {bodies}", role="responsible", bodies=row["responsible_raw"])]
    lines += named
    lines.append(Phrase("status: {status} (as of {day})", status=row["status"], day=as_of.isoformat()))
    progress = row.get("progress")
    if isinstance(progress, dict) and progress.get("status"):
        lines.append(Phrase("progress: {status}, reported as of {as_of}", status=progress["status"],
                            as_of=progress["as_of"]) if progress.get("as_of")
                     else Phrase("progress: {status}", status=progress["status"]))
    return "\n".join(text_in(line, language, opened=True) for line in lines)


def due_calendar(package: "Package", rows: list[dict], as_of: date, name: str | None = None,
                 remind_days: int = REMIND_DAYS, language: str = "zh") -> CalendarFile:
    """The calendar of `bizenv due` rows (ongoing rows left out), each event with a reminder
    `remind_days` before its day (none for 0), its words in `language` (`name`, the listing's
    title, is in it already)."""
    import icalendar

    domain = package_name(package)
    names = {department.id: department.name for department in package.registry}
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=timezone.utc)

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//bizenv//{domain}//{language.upper()}")  # RFC 5545: its text's language
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = name or text_in(Phrase("{package} milestones", package=domain), language, opened=True)
    calendar.add("x-wr-calname", calendar_text(name, one_line=True))
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
        event.add("summary", calendar_text(summary(row), one_line=True))
        event.add("description", calendar_text(description(row, names, as_of, language)))
        status = text_in(Phrase("{status}", status=row["status"]), language, opened=True)
        event.add("categories", [calendar_text(status, one_line=True)])
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy that day
        # A milestone the ledger has closed (done, done late, dropped) needs no reminder: one a week
        # before a dropped milestone's day would call a body to work it no longer owes.
        if remind_days and row["status"] not in LEDGER_STATUSES:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", calendar_text(summary(row), one_line=True))
            alarm.add("trigger", timedelta(days=-remind_days))  # before DTSTART, the day itself
            event.add_component(alarm)
        calendar.add_component(event)
        events += 1
    if not events:
        calendar.add_component(_utc_zone())
    return CalendarFile(calendar.to_ical().decode("utf-8"), events, left_out)


def _utc_zone():
    """UTC as a VTIMEZONE (RFC 5545 §3.6.5: a TZID and one STANDARD part with its offsets): the
    component a calendar with no event holds, every calendar program reads, and none shows."""
    import icalendar

    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone = icalendar.Timezone()
    zone.add("tzid", "UTC")
    zone.add_component(standard)
    return zone


class CalendarSource:
    """What `emit` needs to write a `due` listing as a calendar: the package and the as-of day.

    `bizenv due` passes one; a listing without it cannot be a calendar (outputs/formats.py).
    """

    def __init__(self, package: "Package", as_of: date, remind_days: int = REMIND_DAYS) -> None:
        self.package = package
        self.as_of = as_of
        self.remind_days = remind_days

    def __call__(self, rows: list[dict], title: str | None = None, language: str = "zh") -> CalendarFile:
        return due_calendar(self.package, rows, self.as_of, title, self.remind_days, language)
