"""What a board paper says: the sections of SPEC 5 as plain data, for any template to lay out.

Pure: two assessments (at --since and at the as-of date) in, a dict of text and
numbers out. The audience is decided here, once: a public paper's data holds
nothing official-sensitive and nothing from an unpublished inspection, only the
ids of what was withheld, so no template can print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from inspcheck import attention
from inspcheck.assessment import Assessment, Obligation, Score, summarise
from inspcheck.dates import format_long, format_when
from inspcheck.models import Extension, Inspection, Update
from inspcheck.register import KIND_PREFIX
from inspcheck.vocabulary import (
    CLOSED,
    FLAG_MEANING,
    FORMULAS,
    RAG_RULES,
    STATUS_MEANING,
    Audience,
    Flag,
    Marking,
    Purpose,
    Rag,
    plural,
)

UPCOMING_DAYS = 90
LONG_OVERDUE_DAYS = 90  # the board is asked to consider what is overdue by more than this
DEFAULT_TITLE = "Inspection recommendations: progress report"
DEFAULT_MAX_ROWS = 200
AGEING = ((1, 30), (31, 90), (91, 180), (181, 365), (366, None))
# The paper's numbered sections, after the cover (SPEC 5, items 2 to 10), in one place:
# the asks refer to them by number.
SECTIONS = {name: n for n, name in enumerate(
    ("asks", "summary", "trend", "position", "exceptions", "ageing", "extensions",
     "movement", "ahead"), start=1)}  # fmt: skip
PURPOSES = {
    Purpose.NOTING: "For noting: the board is asked to note the position.",
    Purpose.ASSURANCE: "For assurance: the board is asked to take assurance from the position, "
    "or to say where it cannot.",
    Purpose.DECISION: "For decision: the board is asked to decide on the items in section 1.",
}


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


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover says beyond the register: the options, then `paper:` in settings."""

    title: str = DEFAULT_TITLE
    board: str = ""
    meeting: str = ""
    meeting_date: date | None = None
    item: str = ""
    author: str = ""
    lead: str = ""
    purpose: Purpose = Purpose.NOTING


@dataclass(frozen=True, slots=True)
class Request:
    """Everything a paper is asked for besides the register."""

    audience: Audience
    organisation: str | None = None
    cover: Cover = field(default_factory=Cover)
    summary_text: str = ""  # --summary FILE: the author's own words, as written
    asks: tuple[str, ...] = ()  # --asks FILE: one ask a line
    max_rows: int = DEFAULT_MAX_ROWS
    unpublished: tuple[Inspection, ...] = ()  # every inspection of the register not yet
    # published, those with no recommendations yet too: a public paper gives their number


def quarter_ends(as_of: date, quarters: int) -> list[date]:
    """The last `quarters` quarter ends (31 March, 30 June, 30 September, 31 December)
    before the as-of date, oldest first."""
    year, month = as_of.year, as_of.month - (as_of.month - 1) % 3  # this quarter's first month
    ends: list[date] = []
    while len(ends) < quarters:
        end = date(year, month, 1) - timedelta(days=1)  # the previous quarter's last day
        ends.append(end)
        year, month = end.year, end.month - 2
    return ends[::-1]


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


def _pending(o: Obligation) -> Extension | None:
    """The extension asked for and not yet approved (SPEC 3.2: the one with the latest `to`)."""
    if Flag.EXTENSION_PENDING not in o.flags or not o.extensions:
        return None
    return max(reversed(o.extensions), key=lambda e: e.to)


def reported(u: Update) -> str:
    """An update as a paper or a chaser prints it: its date, where it was reported (SPEC
    2.5), then what it says."""
    source = f" (reported in: {u.source})" if u.source else ""
    return f"{_day(u.date)}{source}: {u.note}"


def item(o: Obligation, audience: Audience) -> dict[str, Any]:
    """One obligation as a row of the paper (a national paper has tens of thousands)."""
    rec = o.recommendation
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
        "lead": o.lead or "",
        "status": str(o.status),
        "rag": str(o.rag),
        "why": attention.reason(o) or str(o.status),
        "due": _day(o.due) or "none",
        "effective_due": _day(o.effective_due) or "none",
        "days_overdue": o.days_overdue,
        "extensions": _extensions(o) if o.extensions else "",
        "recurs": rec.recurs or "",
        "last_done": _day(done) or "not yet",
        **_latest(_latest_shown(o, audience), rec.marking is Marking.OFFICIAL_SENSITIVE),
        "flags": ", ".join(o.flags),  # StrEnum members join as their values
        "unpublished": o.inspection.published is None,
    }


def _latest(latest: Update | None, sensitive: bool) -> dict[str, Any]:
    """A row's latest update shown, and whether the row is OFFICIAL-SENSITIVE: its
    recommendation is (`sensitive`), or that update is."""
    if latest is None:
        return {"latest_update": "", "latest_note": "", "latest_source": "",
                "latest": "no response recorded", "sensitive": sensitive}  # fmt: skip
    return {
        "latest_update": _day(latest.date),
        "latest_note": latest.note,
        "latest_source": latest.source or "",
        "latest": reported(latest),
        "sensitive": sensitive or latest.marking is Marking.OFFICIAL_SENSITIVE,
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
    request: Request,
    trend: list[Assessment] | None = None,
) -> dict[str, Any]:
    """The paper's data; every format, and every house-style template, is given exactly
    this. `trend`: the register assessed at each of the last quarter ends, oldest first.

    Longer than most functions here: it is one dict, the whole of what a template may use,
    kept together so that a template's author finds every field in one place
    (docs/report.md lists them)."""
    audience = request.audience
    shown = view(now, audience)
    a = shown.assessment
    upcoming = attention.due_within(a, UPCOMING_DAYS)
    pending = [(o, e) for o in a.obligations if (e := _pending(o)) is not None]
    long_overdue = sum((o.days_overdue or 0) > LONG_OVERDUE_DAYS for o in a.obligations)
    waiting = _awaiting_publication(now, request.unpublished)
    paper: dict[str, Any] = {
        "title": request.cover.title or DEFAULT_TITLE,
        "organisation": request.organisation or "",
        "cover": _cover(request.cover),
        "as_of": _day(a.as_of),
        "as_of_iso": a.as_of.isoformat(),
        "since": _day(before.as_of) if before else "",
        "audience": audience.value,
        "marking_line": MARKING_LINE[audience],
        "asks": _asks(a, len(pending), long_overdue) + list(request.asks),
        "summary": {
            **_counts(a.summary),
            "inspections": len(a.by_inspection),
            "agencies": len(a.by_agency),
            "upcoming": len(upcoming),
            "extensions_pending": len(pending),
            "long_overdue": long_overdue,
            "awaiting_publication": len(waiting),
        },
        "summary_text": request.summary_text,
        "trend": _trend(trend, a, audience),
        "inspections": [_inspection(i, score) for i, score in a.by_inspection],
        "agencies": [{"id": x.id, "name": x.name, **_counts(s)} for x, s in a.by_agency],
        "themes": [{"theme": theme, **_counts(s)} for theme, s in a.by_theme],
        "ageing": _ageing(a),
        "movement": movement(view(before, audience), shown) if before else None,
        "awaiting_publication": _awaiting(waiting, audience),
        "withheld": [{"recommendation": r, "agency": g} for r, g in shown.withheld],
        "upcoming_days": UPCOMING_DAYS,
        "long_overdue_days": LONG_OVERDUE_DAYS,
        "max_rows": request.max_rows,
        "section": SECTIONS,
        "definitions": _definitions(a),
    }
    paper["more"] = {}
    for name, rows in _lists(a, audience, pending, upcoming).items():
        paper[name] = rows[: request.max_rows]
        paper["more"][name] = max(0, len(rows) - request.max_rows)
    return paper


def _lists(a: Assessment, audience: Audience, pending: list[tuple[Obligation, Extension]],
           upcoming: list[Obligation]) -> dict[str, list[Any]]:  # fmt: skip
    """The paper's lists of rows, each of which --max-rows cuts short."""
    return {
        "exceptions": [item(o, audience) for o in attention.needing_attention(a)],
        "extensions_pending": [_pending_row(o, e, audience) for o, e in pending],
        "national": _national(a),
        "recurring": [item(o, audience) for o in a.obligations if Flag.RECURRING in o.flags],
        "upcoming": [item(o, audience) for o in upcoming],
    }


def _trend(trend: list[Assessment] | None, a: Assessment, audience: Audience) -> list[Any]:
    """The quarter ends, oldest first, then the as-of date itself; none without a trend."""
    if not trend:
        return []
    ends = [_point(view(t, audience).assessment, "quarter end") for t in trend]
    return [*ends, _point(a, "as at")]


def _awaiting(waiting: list[Inspection], audience: Audience) -> dict[str, Any]:
    """How many inspections await publication; which, only for an internal paper."""
    shown = [] if audience is Audience.PUBLIC else [{"id": i.id, "title": i.title} for i in waiting]
    return {"count": len(waiting), "inspections": shown}


def _cover(c: Cover) -> dict[str, str]:
    return {
        "board": c.board, "meeting": c.meeting, "meeting_date": _day(c.meeting_date),
        "item": c.item, "author": c.author, "lead": c.lead, "purpose": str(c.purpose),
        "purpose_text": PURPOSES[c.purpose],
    }  # fmt: skip


def _asks(a: Assessment, pending: int, long_overdue: int) -> list[str]:
    """What the register itself asks of the board (SPEC 5, item 2)."""
    s = a.summary
    asks = [
        f"Note the position at {_day(a.as_of)}: {plural(s.obligations, 'obligation')}, "
        f"completion {_pct(s.completion)}, {s.overdue} overdue."
    ]
    if pending:
        asks.append(f"Approve or refuse the {plural(pending, 'extension')} awaiting approval, "
                    f"listed in section {SECTIONS['extensions']}.")  # fmt: skip
    if long_overdue:
        asks.append(
            f"Consider the {plural(long_overdue, 'obligation')} overdue by more than "
            f"{LONG_OVERDUE_DAYS} days, listed in section {SECTIONS['exceptions']}, and what "
            "assurance the board "
            "needs on them."
        )
    return asks


def _point(a: Assessment, label: str) -> dict[str, Any]:
    s = a.summary
    return {"date": _day(a.as_of), "date_iso": a.as_of.isoformat(), "label": label,
            "completion": _pct(s.completion), "completion_value": round(s.completion, 4),
            "open": s.open, "overdue": s.overdue, "obligations": s.obligations}  # fmt: skip


def _ageing(a: Assessment) -> list[dict[str, Any]]:
    late = [o.days_overdue for o in a.obligations if o.days_overdue]
    rows = []
    for low, high in AGEING:
        band = f"{low}-{high} days" if high else f"over {low - 1} days"
        rows.append({"band": band, "count": sum(1 for d in late if d >= low and
                                                 (high is None or d <= high))})  # fmt: skip
    return rows


def _pending_row(o: Obligation, e: Extension, audience: Audience) -> dict[str, Any]:
    return {**item(o, audience), "requested": _day(e.to), "reason": e.reason or "none given"}


def _awaiting_publication(a: Assessment, more: tuple[Inspection, ...]) -> list[Inspection]:
    """Inspections with no publication date: those the register lists, and any that the
    assessment's obligations name, each once, in the register's order."""
    found = {i.id: i for i in more}
    for i, _ in a.by_inspection:
        if i.published is None:
            found.setdefault(i.id, i)
    return sorted(found.values(), key=lambda i: a.order.get(("inspection", i.id), 0))


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


def national(rec_owners: list[str]) -> bool:
    """A national recommendation names its owners by kind ("all chief constables")."""
    return any(owner.startswith(KIND_PREFIX) for owner in rec_owners)


def _national(a: Assessment) -> list[dict[str, Any]]:
    """One row per national recommendation, however many agencies answer to it: with one
    agency, its status; with many, how they stand between them."""
    first: dict[str, Obligation] = {}  # each national recommendation's first obligation
    for o in a.obligations:
        if o.recommendation.id not in first and national(o.recommendation.owners):
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
