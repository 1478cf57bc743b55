"""The register at an as-of date: obligations, flags, RAG and scores (SPEC 3).

Pure: no I/O and no clock; `as_of` is always a parameter. Every status, flag, RAG
rule and formula is defined here once, with the words the paper and docs print.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from inspcheck.dates import latest_day
from inspcheck.models import (
    Agency,
    Evidence,
    Extension,
    Inspection,
    Recommendation,
    Response,
    Update,
)
from inspcheck.register import Register
from inspcheck.vocabulary import Flag, Rag, Status

T = TypeVar("T")


_FLAGS = tuple(Flag)  # iterating the enum itself is slow on a hot path


OPEN = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS})
CLOSED = frozenset({Status.COMPLETE, Status.VERIFIED})
EXCLUDED = frozenset(Status) - OPEN - CLOSED

STATUS_MEANING: dict[Status, str] = {
    Status.NOT_STARTED: "accepted, nothing done yet (also: no response at all); open",
    Status.IN_PROGRESS: "work under way; open",
    Status.COMPLETE: "the agency says it is done; closed",
    Status.VERIFIED: "done and independently assured (audit, dip sample, re-inspection); closed",
    Status.SUPERSEDED: "replaced by a later recommendation or inspection; excluded",
    Status.NOT_APPLICABLE: "does not apply to this agency; excluded",
    Status.NOT_ACCEPTED: "the agency declined, with reasons; excluded",
    Status.RISK_ACCEPTED: "the board accepted the risk of not acting; excluded",
}

FLAG_MEANING: dict[Flag, str] = {
    Flag.OVERDUE: "open and its current deadline is before the as-of date (due today is not late)",
    Flag.DUE_SOON: "open, not overdue, and its current deadline is within the due-soon window",
    Flag.SLIPPED: "an approved extension moved the deadline later than the original",
    Flag.EXTENSION_PENDING: "the latest extension asked for has not been approved",
    Flag.NO_RESPONSE: "the agency has recorded no response (counted as not-started)",
    Flag.STALE: "open, and its latest update is older than the stale window",
    Flag.RECURRING: "a duty that renews every period",
    Flag.LAPSED: "a recurring duty, once done, whose renewal date has passed: open and overdue",
    Flag.UNPUBLISHED: "its inspection report is not yet published (never in a public paper)",
}

RAG_RULES: tuple[tuple[Rag, str], ...] = (
    (Rag.GREY, "excluded: superseded, not applicable, not accepted or risk accepted"),
    (Rag.RED, "overdue (a lapsed recurring duty included)"),
    (Rag.BLUE, "verified: done and independently assured"),
    (Rag.GREEN, "complete: the agency says it is done"),
    (Rag.AMBER, "open and due soon, stale, waiting for an extension, or with no response"),
    (Rag.GREEN, "open and on track: none of the above"),
)

FORMULAS: tuple[tuple[str, str], ...] = (
    ("completion", "closed / (all obligations - excluded); 0 when nothing is counted"),
    ("verified_share", "verified / (all obligations - excluded); 0 when nothing is counted"),
    ("on_time", "closed on or before their deadline / closed that had a deadline; none if none"),
)

_PERIODS = {
    "annually": relativedelta(years=1),
    "six-monthly": relativedelta(months=6),
    "quarterly": relativedelta(months=3),
    "monthly": relativedelta(months=1),
}
_ISO_PART = re.compile(r"(\d+)([YMWD])")
_ISO_UNIT = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}


def period(recurs: str) -> relativedelta:
    """annually, six-monthly, quarterly, monthly, or an ISO 8601 period such as P1Y6M."""
    if recurs in _PERIODS:
        return _PERIODS[recurs]
    parts = {_ISO_UNIT[unit]: int(n) for n, unit in _ISO_PART.findall(recurs)}
    return relativedelta(**parts)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Obligation:
    """One agency's duty to act on one recommendation, as it stood on the as-of date."""

    recommendation: Recommendation
    inspection: Inspection
    agency: Agency
    status: Status
    rag: Rag
    flags: tuple[Flag, ...]
    open: bool
    due: date | None
    deadline: date | None  # the original due, or the latest approved extension's `to`
    effective_due: date | None  # the deadline, or for a recurring duty once done its renewal
    days_overdue: int | None
    closed_on: date | None
    lead: str | None
    updates: tuple[Update, ...]  # on or before the as-of date, oldest first
    extensions: tuple[Extension, ...]  # approvals after the as-of date left out
    evidence: tuple[Evidence, ...]
    next_review: date | None

    @property
    def closed(self) -> bool:
        return not self.open and self.status in CLOSED

    @property
    def excluded(self) -> bool:
        return self.status in EXCLUDED

    @property
    def last_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and rates over a set of obligations (SPEC 3.4)."""

    obligations: int
    open: int
    closed: int
    excluded: int
    overdue: int
    due_soon: int
    stale: int
    no_response: int
    verified: int
    on_time_closed: int
    closed_with_deadline: int
    rag: dict[Rag, int]

    @property
    def counted(self) -> int:
        return self.obligations - self.excluded

    @property
    def completion(self) -> float:
        return self.closed / self.counted if self.counted else 0.0

    @property
    def verified_share(self) -> float:
        return self.verified / self.counted if self.counted else 0.0

    @property
    def on_time(self) -> float | None:
        if not self.closed_with_deadline:
            return None
        return self.on_time_closed / self.closed_with_deadline


@dataclass(frozen=True)
class Assessment:
    """Obligations at an as-of date, and their scores: worked out when first asked for,
    since `validate` needs the obligations (for its warnings) but none of the scores."""

    as_of: date
    due_soon_days: int
    stale_days: int
    obligations: tuple[Obligation, ...]
    order: dict[tuple[str, str], int] = dataclasses.field(default_factory=dict, compare=False)
    """Each agency's and inspection's place in the register, by ("agency", id) and
    ("inspection", id): ids are unique within each, not across them."""

    @functools.cached_property
    def _tallies(self) -> tuple[_Tally, ...]:
        return tuple(map(_tally, self.obligations))

    @functools.cached_property
    def summary(self) -> Score:
        return _score(collections.Counter(self._tallies))

    @functools.cached_property
    def by_agency(self) -> tuple[tuple[Agency, Score], ...]:
        groups = _group(self, lambda o: [(o.agency.id, o.agency)])
        return _in_register_order(self, "agency", groups)

    @functools.cached_property
    def by_inspection(self) -> tuple[tuple[Inspection, Score], ...]:
        groups = _group(self, lambda o: [(o.inspection.id, o.inspection)])
        return _in_register_order(self, "inspection", groups)

    @functools.cached_property
    def by_recommendation(self) -> tuple[tuple[Recommendation, Score], ...]:
        return _group(self, lambda o: [(o.recommendation.id, o.recommendation)])

    @functools.cached_property
    def by_theme(self) -> tuple[tuple[str, Score], ...]:
        themes = _group(self, lambda o: [(t, t) for t in o.recommendation.themes])
        return tuple(sorted(themes, key=lambda pair: pair[0]))


def in_view(inspection: Inspection, as_of: date) -> bool:
    """An inspection published after the as-of date was not yet in the register then; one
    published in a month counts from that month's last day (never earlier than certain)."""
    published = inspection.published
    return published is None or published is True or latest_day(published) <= as_of


def assess(
    register: Register,
    as_of: date,
    *,
    agency: str | None = None,
    inspection: str | None = None,
    theme: str | None = None,
) -> Assessment:
    """Every obligation the filters select, flagged and scored at as_of."""
    settings = register.settings
    found: list[Obligation] = []
    for rec in register.recommendations.values():
        insp = register.inspections[rec.inspection]
        if not in_view(insp, as_of):
            continue
        if (inspection and rec.inspection != inspection) or (theme and theme not in rec.themes):
            continue
        for agency_id in register.owners[rec.id]:
            if agency and agency_id != agency:
                continue
            found.append(
                obligation(
                    rec, insp, register.agencies[agency_id],
                    register.responses.get((agency_id, rec.id)),
                    as_of, settings.due_soon_days, settings.stale_days,
                )
            )  # fmt: skip
    listed = [*(("agency", a) for a in register.agencies),
              *(("inspection", i) for i in register.inspections)]  # fmt: skip
    order = {key: place for place, key in enumerate(listed)}
    return summarise(found, as_of, settings.due_soon_days, settings.stale_days, order)


def summarise(
    selected: Iterable[Obligation], as_of: date, due_soon_days: int, stale_days: int,
    order: dict[tuple[str, str], int] | None = None,
) -> Assessment:  # fmt: skip
    """A selection of obligations, to be scored overall, per agency, inspection and theme;
    `order`: each agency's and inspection's place in the register, for the order of rows."""
    return Assessment(as_of, due_soon_days, stale_days, tuple(selected), order or {})


def obligation(
    rec: Recommendation,
    insp: Inspection,
    agency: Agency,
    response: Response | None,
    as_of: date,
    due_soon_days: int,
    stale_days: int,
) -> Obligation:
    """One obligation at as_of (SPEC 3.1-3.3)."""
    seen = _as_it_stood(response, as_of)
    updates = seen.updates
    status = updates[-1].status if updates else Status.NOT_STARTED
    deadline, slipped, pending = _deadline(rec.due, seen.extensions)
    effective_due, lapsed = deadline, False
    if rec.recurs is not None and status not in EXCLUDED:
        done = [u.date for u in updates if u.status in CLOSED]
        if done:
            renewal = done[-1] + period(rec.recurs)
            effective_due = max(renewal, deadline) if deadline else renewal
            lapsed = effective_due < as_of
    is_open = status in OPEN or lapsed
    overdue = is_open and effective_due is not None and effective_due < as_of
    due_soon = (
        is_open and not overdue and effective_due is not None
        and effective_due <= as_of + timedelta(due_soon_days)
    )  # fmt: skip
    stale = bool(updates) and is_open and (as_of - updates[-1].date).days > stale_days
    present = (
        overdue,
        due_soon,
        slipped,
        pending,
        not updates,
        stale,
        rec.recurs is not None,
        lapsed,
        insp.published is None,
    )  # fmt: skip; in the order of Flag
    flags = tuple(flag for flag, on in zip(_FLAGS, present, strict=True) if on)
    return Obligation(
        recommendation=rec, inspection=insp, agency=agency, status=status,
        rag=_rag(status, is_open, flags), flags=flags, open=is_open, due=rec.due,
        deadline=deadline, effective_due=effective_due,
        days_overdue=(as_of - effective_due).days if overdue and effective_due else None,
        closed_on=None if is_open else _closed_on(updates), lead=seen.lead, updates=updates,
        extensions=seen.extensions, evidence=seen.evidence, next_review=seen.next_review,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Seen:
    """A response as it stood on the as-of date."""

    updates: tuple[Update, ...] = ()  # oldest first
    extensions: tuple[Extension, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    lead: str | None = None
    next_review: date | None = None


_NOTHING = _Seen()


def _as_it_stood(response: Response | None, as_of: date) -> _Seen:
    """Later updates, approvals and evidence left out; no update by then is no response."""
    if response is None:
        return _NOTHING
    # sorted() is stable, so a same-day update later in the file stays later
    updates = tuple(sorted((u for u in response.updates if u.date <= as_of), key=_BY_DATE))
    if not updates:
        return _NOTHING
    return _Seen(
        updates=updates,
        extensions=tuple(_as_of_extension(e, as_of) for e in response.extensions),
        evidence=tuple(e for e in response.evidence if e.date is None or e.date <= as_of),
        lead=response.lead,
        next_review=response.next_review,
    )


def _deadline(
    due: date | None, extensions: tuple[Extension, ...]
) -> tuple[date | None, bool, bool]:
    """(current deadline, slipped, extension pending) from the original and the extensions."""
    if not extensions:
        return due, False, False
    deadline, slipped = due, False
    approved = [e for e in extensions if e.approved is not None]
    if approved:  # the latest approval wins; on the same day, the later in the file
        deadline = max(reversed(approved), key=lambda e: e.approved or date.min).to
        slipped = due is not None and deadline > due
    asked = max(reversed(extensions), key=lambda e: e.to)
    return deadline, slipped, asked.approved is None


_BY_DATE = operator.attrgetter("date")


def _as_of_extension(ext: Extension, as_of: date) -> Extension:
    if ext.approved is not None and ext.approved > as_of:
        return dataclasses.replace(ext, approved=None, by=None)
    return ext


def _closed_on(updates: Sequence[Update]) -> date | None:
    """The date of the latest move into complete or verified from any other status (open or
    excluded: an agency that declined and then did it anyway closed it then)."""
    closed_on, previous = None, Status.NOT_STARTED
    for u in updates:
        if u.status in CLOSED and previous not in CLOSED:
            closed_on = u.date
        previous = u.status
    return closed_on


_AMBER_FLAGS = frozenset({Flag.DUE_SOON, Flag.STALE, Flag.EXTENSION_PENDING, Flag.NO_RESPONSE})


def _rag(status: Status, is_open: bool, flags: tuple[Flag, ...]) -> Rag:
    """The first rule of RAG_RULES that applies."""
    if status in EXCLUDED:
        return Rag.GREY
    if Flag.OVERDUE in flags:
        return Rag.RED
    if not is_open:
        return Rag.BLUE if status is Status.VERIFIED else Rag.GREEN
    if _AMBER_FLAGS.intersection(flags):
        return Rag.AMBER
    return Rag.GREEN


# Scores count obligations by kind: each is reduced once to the few facts a score needs
# (its tally), and equal tallies are counted together: a few dozen kinds among thousands.
_Tally = tuple[Rag, str, bool, bool, bool, bool, bool, bool, bool]


def _tally(o: Obligation) -> _Tally:
    state = "excluded" if o.excluded else "open" if o.open else "closed"
    flags = o.flags
    timed = state == "closed" and o.deadline is not None and o.closed_on is not None
    return (
        o.rag, state, state == "closed" and o.status is Status.VERIFIED,
        Flag.OVERDUE in flags, Flag.DUE_SOON in flags, Flag.STALE in flags,
        Flag.NO_RESPONSE in flags, timed,
        timed and o.closed_on <= o.deadline,  # type: ignore[operator]
    )  # fmt: skip


def _score(tallies: collections.Counter[_Tally]) -> Score:
    counts = dict.fromkeys(
        ("obligations", "open", "closed", "excluded", "overdue", "due_soon", "stale",
         "no_response", "verified", "on_time_closed", "closed_with_deadline"), 0,
    )  # fmt: skip
    rag = dict.fromkeys(Rag, 0)
    for (colour, state, verified, late, soon, stale, silent, timed, on_time), n in tallies.items():
        counts["obligations"] += n
        rag[colour] += n
        counts[state] += n
        counts["verified"] += verified * n
        counts["overdue"] += late * n
        counts["due_soon"] += soon * n
        counts["stale"] += stale * n
        counts["no_response"] += silent * n
        counts["closed_with_deadline"] += timed * n
        counts["on_time_closed"] += on_time * n
    return Score(**counts, rag=rag)


def _in_register_order(
    a: Assessment, what: str, groups: tuple[tuple[T, Score], ...]
) -> tuple[tuple[T, Score], ...]:
    """Rows in the order the register lists them (SPEC 3.4); stable where it names none."""
    if not a.order:
        return groups
    last = len(a.order)
    return tuple(sorted(groups, key=lambda g: a.order.get((what, getattr(g[0], "id", "")), last)))


def _group(
    a: Assessment, keys: Callable[[Obligation], Iterable[tuple[str, T]]]
) -> tuple[tuple[T, Score], ...]:
    """Score each group, in order of first appearance; an obligation may be in several."""
    groups: dict[str, tuple[T, collections.Counter[_Tally]]] = {}
    for o, tally in zip(a.obligations, a._tallies, strict=True):
        for key, value in keys(o):
            group = groups.get(key)
            if group is None:  # not setdefault: it would make a Counter every time
                group = groups[key] = (value, collections.Counter())
            group[1][tally] += 1
    return tuple((value, _score(tallies)) for value, tallies in groups.values())
