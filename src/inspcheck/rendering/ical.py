"""The deadline calendar (SPEC 8): one all-day event per open obligation with a deadline.

Written with the icalendar library, which folds lines and escapes commas, semicolons and
line breaks as RFC 5545 says. The same data and as-of date give the same bytes: DTSTAMP
is the as-of date, and events come in deadline order. A subscribed calendar updates an
event rather than adding a second one, because its UID is the obligation's and its
SEQUENCE counts the times the deadline has moved.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from icalendar import Calendar  # this module is imported only by `inspcheck calendar`
from icalendar.prop import vDate, vDDDTypes, vDuration, vText

from inspcheck import __version__, paper
from inspcheck.assessment import Assessment, Obligation
from inspcheck.dates import format_long
from inspcheck.rendering.escape import one_line
from inspcheck.vocabulary import CLOSED, Audience, Flag

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


def description(o: Obligation, organisation: str | None) -> str:
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


def _frame(audience: Audience, organisation: str | None) -> tuple[str, str]:
    """The calendar's own lines, as icalendar's Calendar writes them: what comes before
    the events, and after."""
    cal = Calendar()
    cal.add("prodid", f"-//inspcheck {__version__}//inspection deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{one_line(organisation)}: {CALENDAR_NAME}" if organisation else CALENDAR_NAME
    cal.add("x-wr-calname", name + (" (internal)" if audience is Audience.INTERNAL else ""))
    frame: bytes = cal.to_ical()
    head, end = frame.decode("utf-8").rsplit("END:VCALENDAR", 1)
    return head, "END:VCALENDAR" + end


def _event(o: Obligation, organisation: str | None, stamp: str,
           trigger: str | None) -> list[str]:  # fmt: skip
    """One deadline's content lines, unfolded; with a reminder `trigger` before it,
    unless the deadline has passed."""
    assert o.effective_due is not None  # events() keeps only those with one
    title = encoded(vText(summary(o)))
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{title}",
        f"DTSTART;VALUE=DATE:{encoded(vDate(o.effective_due))}",
        f"DTEND;VALUE=DATE:{encoded(vDate(o.effective_due + timedelta(days=1)))}",
        f"DTSTAMP:{stamp}",
        f"UID:{encoded(vText(uid(o)))}",
        f"SEQUENCE:{moves(o)}",
        f"DESCRIPTION:{encoded(vText(description(o, organisation)))}",
        "TRANSP:TRANSPARENT",  # a deadline, not time taken up
    ]
    if trigger and Flag.OVERDUE not in o.flags:  # no reminder of a date already passed
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{title}",
                  f"TRIGGER:{trigger}", "END:VALARM"]  # fmt: skip
    lines.append("END:VEVENT")
    return lines


def calendar(
    a: Assessment,
    audience: Audience,
    organisation: str | None,
    remind: int,
) -> str:
    """The calendar, as icalendar writes it: the frame by icalendar's Calendar, each value
    encoded by icalendar's own types (TEXT escaping, DATE, DATE-TIME, DURATION).

    The events' content lines are joined and folded here rather than by Component.to_ical,
    which builds a property object per line and folds a character at a time: four fifths
    of the time on a national register (15,000 events). tests/test_reminders.py holds the
    result byte-identical to icalendar's own Calendar.to_ical of the same events."""
    head, end = _frame(audience, organisation)
    stamp = encoded(vDDDTypes(datetime.combine(a.as_of, time(0, 0), tzinfo=UTC)))
    trigger = encoded(vDuration(timedelta(days=-remind))) if remind else None
    lines: list[str] = []
    for o in events(a, audience):
        lines += _event(o, organisation, stamp, trigger)
    body = "".join(fold(line) + "\r\n" for line in lines)
    return head + body + end


def encoded(value: Any) -> str:
    """A value as an icalendar property type writes it (its types are not annotated)."""
    return str(value.to_ical().decode("utf-8"))


def fold(line: str, limit: int = 75) -> str:
    """A content line folded as RFC 5545 says, exactly as icalendar folds it: a break
    before the character that would bring a line to `limit` octets, never inside a
    character, nor just after a backslash or caret (an escape stays whole)."""
    if len(line) < limit // 4 or len(line.encode("utf-8")) < limit:
        return line  # most lines: nothing to fold
    if line.isascii():  # a character an octet: cut every limit - 1
        cuts: list[str] = []
        start = 0
        while len(line) - start > limit - 1:
            end = start + limit - 1
            end -= line[end - 1] in "\\^"  # keep an escape with what it escapes
            cuts.append(line[start:end])
            start = end
        return "\r\n ".join([*cuts, line[start:]])
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if current and size + width >= limit:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            chunks.append("".join(current))
            current = [carried] if carried else []
            size = len(carried.encode("utf-8"))
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)
