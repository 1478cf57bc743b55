"""`inspcheck show`: one recommendation, its owners, and each agency's dated timeline."""

from __future__ import annotations

import textwrap
from datetime import date

from inspcheck.assessment import Assessment, Obligation
from inspcheck.dates import format_when
from inspcheck.models import Inspection, Recommendation
from inspcheck.register import Register
from inspcheck.rendering.escape import one_line, printable
from inspcheck.vocabulary import Marking

_SENSITIVE = " [OFFICIAL-SENSITIVE]"


def _mark(marking: Marking) -> str:
    return _SENSITIVE if marking is Marking.OFFICIAL_SENSITIVE else ""


def _published(insp: Inspection) -> str:
    if insp.published is None:
        return "not yet"
    return "yes, date not known" if insp.published is True else format_when(insp.published)


def _facts(rec: Recommendation, register: Register) -> list[str]:
    insp = register.inspections[rec.inspection]
    facts = [
        ("Inspection", f"{insp.id}: {insp.title}"),
        ("Published", _published(insp)),
        ("Kind", f"{rec.kind}" + (f" ({rec.ref})" if rec.ref else "")),
        ("Due", rec.due.isoformat() if rec.due else "no deadline"),
        ("Recurs", rec.recurs),
        ("Priority", rec.priority),
        ("Themes", ", ".join(rec.themes) or None),
        ("Supersedes", ", ".join(rec.supersedes) or None),
        ("Owners", ", ".join(rec.owners)),
    ]
    return [
        textwrap.fill(f"{k + ':':12}{one_line(str(v))}", width=80, subsequent_indent=" " * 12)
        for k, v in facts
        if v
    ]


def _timeline(o: Obligation) -> list[tuple[date, int, str]]:
    events: list[tuple[date, int, str]] = []
    for u in o.updates:
        source = f"(reported in: {one_line(u.source)}) " if u.source else ""
        events.append((u.date, 0, f"{source}{u.status}{_mark(u.marking)}: {one_line(u.note)}"))
    for e in o.extensions:
        asked = f"extension to {e.to}" + (f" ({one_line(e.reason)})" if e.reason else "")
        if e.approved is not None:
            who = f" by {one_line(e.by)}" if e.by else ""
            events.append((e.approved, 1, f"{asked} approved{who}"))
        else:
            events.append((date.max, 1, f"{asked} requested, not approved"))
    for ev in o.evidence:
        ref = f" <{one_line(ev.ref)}>" if ev.ref else ""
        events.append(
            (ev.date or date.max, 2, f"evidence{_mark(ev.marking)}: {one_line(ev.title)}{ref}")
        )
    return sorted(events, key=lambda e: (e[0], e[1]))


def show(rec: Recommendation, register: Register, assessment: Assessment) -> str:
    lines = [f"{rec.id}: {one_line(rec.title)}{_mark(rec.marking)}", ""]
    lines += _facts(rec, register)
    lines.append("")
    lines += textwrap.wrap(printable(" ".join(rec.text.split())), width=78)
    for o in (o for o in assessment.obligations if o.recommendation.id == rec.id):
        due = f"due {o.effective_due}" if o.effective_due else "no deadline"
        flags = f" [{', '.join(o.flags)}]" if o.flags else ""
        heading = f"{o.agency.id} ({one_line(o.agency.name)}): {o.status}, {o.rag}, {due}"
        lines += ["", textwrap.fill(heading + flags, width=80, subsequent_indent="  ")]
        if o.lead:
            lines.append(f"  lead: {one_line(o.lead)}")
        for when, _, what in _timeline(o):
            stamp = "undated   " if when == date.max else when.isoformat()
            lines.append(textwrap.fill(f"  {stamp}  {what}", width=80,
                                       subsequent_indent=" " * 14))  # fmt: skip
        if o.next_review:
            lines.append(f"  next review {o.next_review.isoformat()}")
    if not any(o.recommendation.id == rec.id for o in assessment.obligations):
        lines += [
            "",
            f"Not in the register at {assessment.as_of}: its inspection was published later.",
        ]
    return "\n".join(lines) + "\n"
