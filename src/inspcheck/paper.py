"""What a board paper says: the sections of SPEC 5 as plain data, for any template to lay out.

Pure: two assessments (at --since and at the as-of date) in, a dict of text and
numbers out. The audience is decided here, once: a public paper's data holds
nothing official-sensitive and nothing from an unpublished inspection, only the
ids of what was withheld, so no template can print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inspcheck import attention
from inspcheck.assessment import (
    CLOSED,
    FLAG_MEANING,
    FORMULAS,
    RAG_RULES,
    STATUS_MEANING,
    Assessment,
    Obligation,
    Score,
    summarise,
)
from inspcheck.dates import format_long, format_when
from inspcheck.models import Inspection, Update
from inspcheck.vocabulary import Audience, Flag, Marking, Rag, Scope

UPCOMING_DAYS = 90
DEFAULT_TITLE = "Inspection recommendations: progress report"


MARKING_LINE = {
    Audience.PUBLIC: "OFFICIAL: suitable for publication",
    Audience.INTERNAL: "OFFICIAL-SENSITIVE: not for publication; includes sensitive and "
    "unpublished material",
}


@dataclass(frozen=True, slots=True)
class View:
    """An assessment as one audience may see it, and what was withheld from it."""

    assessment: Assessment
    withheld: tuple[tuple[str, str], ...]
    audience: Audience


def withheld(o: Obligation) -> bool:
    """Never in a public paper: a sensitive recommendation, or an unpublished inspection's."""
    return o.recommendation.marking is Marking.OFFICIAL_SENSITIVE or o.inspection.published is None


def view(a: Assessment, audience: Audience) -> View:
    if audience is Audience.INTERNAL:
        return View(a, (), audience)
    shown = [o for o in a.obligations if not withheld(o)]
    if len(shown) == len(a.obligations):
        return View(a, (), audience)  # nothing to withhold: the figures stand as they are
    hidden = tuple(sorted({(o.recommendation.id, o.agency.id) for o in a.obligations} -
                          {(o.recommendation.id, o.agency.id) for o in shown}))  # fmt: skip
    view = summarise(shown, a.as_of, a.due_soon_days, a.stale_days, a.order)
    return View(view, hidden, audience)


def _link(url: str | None) -> str:
    """Only web addresses become links, with the characters that end a link encoded."""
    if not url or not url.startswith(("https://", "http://")):
        return ""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def _day(value: date | None) -> str:
    return format_long(value) if value else ""


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _latest_shown(o: Obligation, audience: Audience) -> Update | None:
    for u in reversed(o.updates):
        if audience is Audience.INTERNAL or u.marking is Marking.OFFICIAL:
            return u
    return None


def _extensions(o: Obligation) -> str:
    parts = []
    for e in o.extensions:
        if e.approved is not None:
            by = f" by {e.by}" if e.by else ""
            parts.append(f"to {_day(e.to)}, approved {_day(e.approved)}{by}")
        else:
            parts.append(f"to {_day(e.to)}, requested")
    return "; ".join(parts)


def item(o: Obligation, audience: Audience) -> dict[str, Any]:
    """One obligation as a row of the paper (a national paper has tens of thousands)."""
    rec = o.recommendation
    latest = _latest_shown(o, audience)
    done = next((u.date for u in reversed(o.updates) if u.status in CLOSED), None)
    return {  # str() of a StrEnum member is its word, as .value is, and quicker
        "recommendation": rec.id,
        "ref": rec.ref or "",
        "title": rec.title,
        "kind": str(rec.kind),
        "inspection": o.inspection.id,
        "inspection_short_title": o.inspection.short_title or o.inspection.id,
        "agency": o.agency.id,
        "agency_name": o.agency.name,
        "status": str(o.status),
        "rag": str(o.rag),
        "due": _day(o.due) or "none",
        "effective_due": _day(o.effective_due) or "none",
        "days_overdue": o.days_overdue,
        "extensions": _extensions(o) if o.extensions else "",
        "recurs": rec.recurs or "",
        "last_done": _day(done) or "not yet",
        "latest_update": _day(latest.date) if latest else "",
        "latest_note": latest.note if latest else "",
        "latest_source": latest.source or "" if latest else "",
        "flags": ", ".join(o.flags),  # StrEnum members join as their values
        "sensitive": rec.marking is Marking.OFFICIAL_SENSITIVE
        or (latest is not None and latest.marking is Marking.OFFICIAL_SENSITIVE),
        "unpublished": o.inspection.published is None,
    }


def _counts(s: Score) -> dict[str, Any]:
    return {
        "obligations": s.obligations, "open": s.open, "closed": s.closed,
        "excluded": s.excluded, "counted": s.counted, "overdue": s.overdue,
        "due_soon": s.due_soon, "stale": s.stale, "no_response": s.no_response,
        "verified": s.verified, "completion": _pct(s.completion),
        "verified_share": _pct(s.verified_share), "on_time": _pct(s.on_time),
        **{rag.value: s.rag[rag] for rag in Rag},
    }  # fmt: skip


def _key(o: Obligation) -> tuple[str, str]:
    return (o.recommendation.id, o.agency.id)


def movement(before: View, now: View) -> dict[str, list[dict[str, Any]]]:
    """What changed between the two dates: the difference of two assessments."""
    then = {_key(o): o for o in before.assessment.obligations}
    audience = now.audience
    since = before.assessment.as_of
    moved: dict[str, list[dict[str, Any]]] = {
        "new": [], "closed": [], "newly_overdue": [], "extended": [], "status_changes": [],
    }  # fmt: skip
    for o in now.assessment.obligations:
        old = then.get(_key(o))
        if old is None:
            moved["new"].append(item(o, audience))
            continue
        if old.open and o.closed:
            moved["closed"].append(item(o, audience))
        if Flag.OVERDUE in o.flags and Flag.OVERDUE not in old.flags:
            moved["newly_overdue"].append(item(o, audience))
        if any(e.approved is not None and e.approved > since for e in o.extensions):
            moved["extended"].append(item(o, audience))
        if old.status is not o.status:
            moved["status_changes"].append({**item(o, audience), "from": old.status.value})
    return moved


def build(
    now: Assessment,
    before: Assessment | None,
    audience: Audience,
    organisation: str | None,
    title: str | None = None,
) -> dict[str, Any]:
    """The paper's data; every template, built-in or the user's, is given exactly this."""
    shown = view(now, audience)
    a = shown.assessment
    obligations = a.obligations
    upcoming = attention.due_within(a, UPCOMING_DAYS)
    return {
        "title": title or DEFAULT_TITLE,
        "organisation": organisation or "",
        "as_of": _day(a.as_of),
        "as_of_iso": a.as_of.isoformat(),
        "since": _day(before.as_of) if before else "",
        "audience": audience.value,
        "marking_line": MARKING_LINE[audience],
        "summary": {
            **_counts(a.summary),
            "inspections": len(a.by_inspection),
            "agencies": len(a.by_agency),
            "upcoming": len(upcoming),
        },
        "inspections": [_inspection(i, score) for i, score in a.by_inspection],
        "agencies": [{"id": x.id, "name": x.name, **_counts(s)} for x, s in a.by_agency],
        "exceptions": [item(o, audience) for o in attention.overdue(a)],
        "movement": movement(view(before, audience), shown) if before else None,
        "national": _national(a),
        "recurring": [item(o, audience) for o in obligations if Flag.RECURRING in o.flags],
        "upcoming": [item(o, audience) for o in upcoming],
        "upcoming_days": UPCOMING_DAYS,
        "withheld": [{"recommendation": r, "agency": g} for r, g in shown.withheld],
        "definitions": _definitions(a),
    }


def _inspection(i: Inspection, score: Score) -> dict[str, Any]:
    published = "yes" if i.published is True else format_when(i.published) if i.published else ""
    return {
        "id": i.id,
        "title": i.title,
        "short_title": i.short_title or i.id,
        "inspectorates": ", ".join(i.inspectorates),
        "published": published or "not yet",
        "url": _link(i.url),
        "scope": i.scope.value,
        **_counts(score),
    }


def _definitions(a: Assessment) -> dict[str, Any]:
    """Appendix: every status, flag, RAG rule and formula, from their one home."""
    return {
        "statuses": [{"name": k.value, "meaning": v} for k, v in STATUS_MEANING.items()],
        "flags": [{"name": k.value, "meaning": v} for k, v in FLAG_MEANING.items()],
        "rag": [{"colour": c.value, "rule": r} for c, r in RAG_RULES],
        "formulas": [{"name": n, "formula": f} for n, f in FORMULAS],
        "due_soon_days": a.due_soon_days,
        "stale_days": a.stale_days,
    }


def _national(a: Assessment) -> list[dict[str, Any]]:
    """One row per national recommendation, however many agencies answer to it: with one
    agency, its status; with many, how they stand between them."""
    first: dict[str, Obligation] = {}  # each national recommendation's first obligation
    for o in a.obligations:
        if o.inspection.scope is Scope.NATIONAL and o.recommendation.id not in first:
            first[o.recommendation.id] = o
    rows = []
    for rec, s in a.by_recommendation:
        one = first.get(rec.id)
        if one is None:
            continue
        if s.obligations == 1:
            position = f"{one.agency.name}: {one.status}"
        else:
            position = f"{s.obligations} agencies: {s.closed} closed, {s.overdue} overdue"
        rows.append({"recommendation": rec.id, "ref": rec.ref or "", "title": rec.title,
                     "due": _day(rec.due) or "none", "agencies": s.obligations,
                     "position": position, **_counts(s)})  # fmt: skip
    return rows
