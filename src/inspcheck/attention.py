"""Which obligations need attention, in the order a board reads them, and why (pure)."""

from __future__ import annotations

from datetime import timedelta

from inspcheck.assessment import Assessment, Obligation
from inspcheck.vocabulary import Flag, Rag

_REASONS = {
    Flag.OVERDUE: "overdue",
    Flag.LAPSED: "lapsed",
    Flag.DUE_SOON: "due soon",
    Flag.STALE: "stale",
    Flag.EXTENSION_PENDING: "extension pending",
    Flag.NO_RESPONSE: "no response",
    Flag.SLIPPED: "slipped",
    Flag.UNPUBLISHED: "unpublished",
}


def reason(o: Obligation) -> str:
    """The flags that explain the colour, in words."""
    return ", ".join(_REASONS[f] for f in o.flags if f in _REASONS)


def needing_attention(a: Assessment) -> list[Obligation]:
    """Red (most days overdue first), then amber (soonest deadline first)."""
    red = sorted((o for o in a.obligations if o.rag is Rag.RED), key=_most_overdue)
    amber = sorted((o for o in a.obligations if o.rag is Rag.AMBER), key=_soonest)
    return red + amber


def overdue(a: Assessment, within: int | None = None) -> list[Obligation]:
    """Overdue items, most days overdue first; then, with within, those due in that many days."""
    late = sorted((o for o in a.obligations if Flag.OVERDUE in o.flags), key=_most_overdue)
    return late if within is None else late + due_within(a, within)


def due_within(a: Assessment, days: int) -> list[Obligation]:
    """Open, not overdue, with a deadline in the next `days` days: soonest first."""
    horizon = a.as_of + timedelta(days=days)
    soon = [
        o for o in a.obligations
        if o.open and Flag.OVERDUE not in o.flags
        and o.effective_due is not None and o.effective_due <= horizon
    ]  # fmt: skip
    return sorted(soon, key=_soonest)


def _most_overdue(o: Obligation) -> tuple[int, str, str]:
    return (-(o.days_overdue or 0), o.recommendation.id, o.agency.id)


def _soonest(o: Obligation) -> tuple[str, str, str]:
    due = o.effective_due.isoformat() if o.effective_due else "9999"
    return (due, o.recommendation.id, o.agency.id)
