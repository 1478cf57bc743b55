"""The deadline calendar (SPEC 8): one all-day event per open obligation with a deadline.

Written with the icalendar library, which folds lines and escapes commas, semicolons and
line breaks as RFC 5545 says. The same data and as-of date give the same bytes: DTSTAMP
is the as-of date, and events come in deadline order. A subscribed calendar updates an
event rather than adding a second one, because its UID is the obligation's and its
SEQUENCE counts the times the deadline has moved.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from inspcheck import __version__, paper
from inspcheck.assessment import CLOSED, Assessment, Obligation
from inspcheck.dates import format_long
from inspcheck.rendering.escape import one_line
from inspcheck.vocabulary import Audience, Flag

CALENDAR_NAME = "Inspection recommendation deadlines"


def events(a: Assessment, audience: Audience) -> list[Obligation]:
    """Open obligations with a deadline, and recurring duties once done (their deadline is
    the next renewal), soonest first; a public calendar leaves out what a public paper
    withholds."""
    chosen = [
        o for o in a.obligations
        if (o.open or (o.closed and o.recommendation.recurs)) and o.effective_due is not None
        and (audience is Audience.INTERNAL or not paper.withheld(o))
    ]  # fmt: skip
    return sorted(chosen, key=lambda o: (o.effective_due, o.recommendation.id, o.agency.id))


def moves(o: Obligation) -> int:
    """How many times the deadline has moved: each approved extension, and for a recurring
    duty each time it was done (its deadline became the next renewal)."""
    moved = sum(1 for e in o.extensions if e.approved is not None)
    if o.recommendation.recurs:
        was_closed = False
        for u in o.updates:
            now_closed = u.status in CLOSED
            moved += now_closed and not was_closed
            was_closed = now_closed
    return moved


def uid(o: Obligation) -> str:
    return f"{o.recommendation.id}.{o.agency.id}@inspcheck"


def summary(o: Obligation) -> str:
    state = "OVERDUE" if Flag.OVERDUE in o.flags else "Due"
    return f"{state}: {one_line(o.recommendation.title)} ({one_line(o.agency.name)})"


def _description(o: Obligation, organisation: str | None) -> str:
    insp = o.inspection
    lines = [
        f"Status: {o.status}" + (f", {o.days_overdue} days overdue" if o.days_overdue else ""),
        f"Lead: {one_line(o.lead) if o.lead else 'not named'}",
        f"Recommendation: {o.recommendation.id} ({one_line(insp.short_title or insp.id)})",
    ]
    if o.due and o.effective_due != o.due:
        lines.append(f"Originally due: {format_long(o.due)}")
    if organisation:
        lines.append(f"From the register kept by {one_line(organisation)}.")
    return "\n".join(lines)


def calendar(
    a: Assessment,
    audience: Audience,
    organisation: str | None,
    remind: int,
) -> str:
    from icalendar import Alarm, Calendar, Event

    stamp = datetime.combine(a.as_of, time(0, 0), tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", f"-//inspcheck {__version__}//inspection deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{one_line(organisation)}: {CALENDAR_NAME}" if organisation else CALENDAR_NAME
    cal.add("x-wr-calname", name + (" (internal)" if audience is Audience.INTERNAL else ""))
    for o in events(a, audience):
        assert o.effective_due is not None  # events() keeps only those with one
        event = Event()
        event.add("uid", uid(o))
        event.add("dtstamp", stamp)
        event.add("sequence", moves(o))
        event.add("dtstart", o.effective_due)
        event.add("dtend", o.effective_due + timedelta(days=1))
        event.add("summary", summary(o))
        event.add("description", _description(o, organisation))
        event.add("transp", "TRANSPARENT")  # a deadline, not time taken up
        if remind and Flag.OVERDUE not in o.flags:  # no reminder of a date already passed
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(o))
            alarm.add("trigger", timedelta(days=-remind))
            event.add_component(alarm)
        cal.add_component(event)
    written: bytes = cal.to_ical()
    return written.decode("utf-8")
