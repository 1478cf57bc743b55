"""What to chase between board meetings (SPEC 8): each agency's items, and what each needs.

Pure: an assessment in, one Chaser per agency that has something to chase out. The
formats (markdown, and an email with a plain-text and an HTML part) are laid out in
rendering/chaser.py; what a message holds is decided here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inspcheck import attention
from inspcheck.assessment import Assessment, Obligation
from inspcheck.models import Agency
from inspcheck.vocabulary import Flag, Marking


class Need(StrEnum):
    """What an agency is asked to do about one item: the first that applies."""

    APPROVAL = "extension awaits approval"
    OVERDUE = "overdue: record progress or ask for an extension"
    EVIDENCE = "complete: add evidence"
    PROGRESS = "record progress"


def need(o: Obligation) -> Need:
    if Flag.EXTENSION_PENDING in o.flags:
        return Need.APPROVAL
    if Flag.OVERDUE in o.flags:
        return Need.OVERDUE
    if o.closed and not o.evidence:
        return Need.EVIDENCE
    return Need.PROGRESS


@dataclass(frozen=True, slots=True)
class Chaser:
    """One message to one agency: only its own obligations."""

    agency: Agency
    items: tuple[tuple[Obligation, Need], ...]

    @property
    def sensitive(self) -> bool:
        """Does any item carry official-sensitive content? Then the subject says so."""
        return any(_sensitive(o) for o, _ in self.items)

    @property
    def leads(self) -> tuple[str, ...]:
        """The leads (roles) the items name, each once, in the items' order."""
        return tuple(dict.fromkeys(o.lead for o, _ in self.items if o.lead))

    @property
    def overdue(self) -> int:
        return sum(1 for o, _ in self.items if Flag.OVERDUE in o.flags)


def _sensitive(o: Obligation) -> bool:
    last = o.last_update
    return o.recommendation.marking is Marking.OFFICIAL_SENSITIVE or (
        last is not None and last.marking is Marking.OFFICIAL_SENSITIVE
    )


def chasers(a: Assessment, within: int) -> list[Chaser]:
    """One chaser per agency with red or amber obligations, or obligations due within
    `within` days, in the register's order of agencies. Its items: red (most overdue
    first), amber, then the rest due within the window (soonest first); then, so that
    the message asks for everything at once, its closed items that have no evidence."""
    chosen: dict[str, list[Obligation]] = {}
    seen: set[tuple[str, str]] = set()
    for o in attention.needing_attention(a) + attention.due_within(a, within):
        key = (o.agency.id, o.recommendation.id)
        if key not in seen:
            seen.add(key)
            chosen.setdefault(o.agency.id, []).append(o)
    for o in a.obligations:
        key = (o.agency.id, o.recommendation.id)
        if o.agency.id in chosen and key not in seen and o.closed and not o.evidence:
            chosen[o.agency.id].append(o)
    order = a.order
    return [
        Chaser(items[0].agency, tuple((o, need(o)) for o in items))
        for _, items in sorted(chosen.items(), key=lambda kv: order.get(("agency", kv[0]), 0))
    ]
