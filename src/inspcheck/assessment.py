"""The register at an as-of date: obligations, flags, RAG and scores (SPEC 3).

Pure: no I/O and no clock; `as_of` is always a parameter. Every status, flag, RAG
rule and formula is decided here once; vocabulary.py holds the words each is
printed with, in the paper, the help and the docs.
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
from typing import Literal, NamedTuple, TypeVar

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
from inspcheck.vocabulary import CLOSED, EXCLUDED, OPEN, Flag, Rag, Status

T = TypeVar("T")
State = Literal["open", "closed", "excluded"]


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
    def state(self) -> State:
        """Excluded (its status says it is not counted), open (lapsed duties included) or
        closed: the one place the three are told apart."""
        if self.status in EXCLUDED:
            return "excluded"
        return "open" if self.open else "closed"

    @property
    def closed(self) -> bool:
        return self.state == "closed"

    @property
    def excluded(self) -> bool:
        return self.state == "excluded"

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
    effective_due, lapsed = _renewal(rec.recurs, updates, status, deadline, as_of)
    is_open = status in OPEN or lapsed
    overdue = is_open and effective_due is not None and effective_due < as_of
    due_soon = (
        is_open and not overdue and effective_due is not None
        and effective_due <= as_of + timedelta(due_soon_days)
    )  # fmt: skip
    stale = bool(updates) and is_open and (as_of - updates[-1].date).days > stale_days
    flags = tuple(flag for flag, on in (
        (Flag.OVERDUE, overdue),
        (Flag.DUE_SOON, due_soon),
        (Flag.SLIPPED, slipped),
        (Flag.EXTENSION_PENDING, pending),
        (Flag.NO_RESPONSE, not updates),
        (Flag.STALE, stale),
        (Flag.RECURRING, rec.recurs is not None),
        (Flag.LAPSED, lapsed),
        (Flag.UNPUBLISHED, insp.published is None),
    ) if on)  # fmt: skip
    return Obligation(
        recommendation=rec, inspection=insp, agency=agency, status=status,
        rag=_rag(status, is_open, flags), flags=flags, open=is_open, due=rec.due,
        deadline=deadline, effective_due=effective_due,
        days_overdue=(as_of - effective_due).days if overdue and effective_due else None,
        closed_on=None if is_open else _closed_on(updates), lead=seen.lead, updates=updates,
        extensions=seen.extensions, evidence=seen.evidence, next_review=seen.next_review,
    )  # fmt: skip


def _renewal(
    recurs: str | None, updates: tuple[Update, ...], status: Status, deadline: date | None,
    as_of: date,
) -> tuple[date | None, bool]:  # fmt: skip
    """(the deadline in force, lapsed): a recurring duty once done is due again a period
    after its latest completion, never before its deadline, and has lapsed once that day
    has passed. An excluded duty never renews."""
    if recurs is None or status in EXCLUDED:
        return deadline, False
    done = [u.date for u in updates if u.status in CLOSED]
    if not done:
        return deadline, False
    renewal = done[-1] + period(recurs)
    due = max(renewal, deadline) if deadline else renewal
    return due, due < as_of


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
class _Tally(NamedTuple):
    rag: Rag
    state: State
    verified: bool  # closed as verified
    overdue: bool
    due_soon: bool
    stale: bool
    no_response: bool
    timed: bool  # closed, with a deadline and the day it was closed
    on_time: bool  # timed, and closed on or before the deadline


def _tally(o: Obligation) -> _Tally:
    state, flags = o.state, o.flags
    timed = state == "closed" and o.deadline is not None and o.closed_on is not None
    return _Tally(
        rag=o.rag, state=state, verified=state == "closed" and o.status is Status.VERIFIED,
        overdue=Flag.OVERDUE in flags, due_soon=Flag.DUE_SOON in flags,
        stale=Flag.STALE in flags, no_response=Flag.NO_RESPONSE in flags, timed=timed,
        on_time=timed and o.closed_on <= o.deadline,  # type: ignore[operator]
    )  # fmt: skip


def _score(tallies: collections.Counter[_Tally]) -> Score:
    counts = dict.fromkeys(
        ("obligations", "open", "closed", "excluded", "overdue", "due_soon", "stale",
         "no_response", "verified", "on_time_closed", "closed_with_deadline"), 0,
    )  # fmt: skip
    rag = dict.fromkeys(Rag, 0)
    for t, n in tallies.items():
        counts["obligations"] += n
        rag[t.rag] += n
        counts[t.state] += n
        counts["verified"] += t.verified * n
        counts["overdue"] += t.overdue * n
        counts["due_soon"] += t.due_soon * n
        counts["stale"] += t.stale * n
        counts["no_response"] += t.no_response * n
        counts["closed_with_deadline"] += t.timed * n
        counts["on_time_closed"] += t.on_time * n
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
