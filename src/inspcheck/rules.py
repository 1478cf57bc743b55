"""Cross-file rules: each a small function yielding Findings under a stable, kebab-case rule id.

Errors are about references and duplicates between entries and files; warnings
are judged on the assessment at the as-of date (SPEC 2.4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, NamedTuple

from inspcheck.assessment import Assessment
from inspcheck.dates import format_long
from inspcheck.findings import Finding
from inspcheck.loading import Entry, Loaded, ResponsesEntry
from inspcheck.models import Agency
from inspcheck.register import KIND_PREFIX, Register, owners_of
from inspcheck.registry import (
    APPROVAL_WITHOUT_APPROVER,
    DUPLICATE_ID,
    DUPLICATE_RESPONSE,
    DUPLICATE_RESPONSES_FILE,
    EXTENSION_NOT_LATER,
    FUTURE_UPDATE,
    NO_EVIDENCE,
    NO_RESPONSE,
    NOT_OWNER,
    OVERDUE_NO_EXTENSION,
    STALE,
    UNKNOWN_AGENCY,
    UNKNOWN_AGENCY_KIND,
    UNKNOWN_INSPECTION,
    UNKNOWN_RECOMMENDATION,
)
from inspcheck.vocabulary import Flag, suggest

Check = Callable[[Loaded, date], Iterable[Finding]]
Place = tuple[str, int, int]


def _hint(name: str, known: Iterable[str]) -> str:
    close = suggest(name, list(known))
    return f"did you mean '{close}'?" if close else "check the spelling, or add it"


def duplicate_ids(loaded: Loaded, today: date) -> Iterator[Finding]:
    """duplicate-id: two agencies, inspections or recommendations with one id."""
    lists: tuple[tuple[str, list[Entry[Any]]], ...] = (
        ("agency", loaded.agencies),
        ("inspection", loaded.inspections),
        ("recommendation", loaded.recommendations),
    )
    for what, entries in lists:
        # broken entries too: a missing owner does not hide that the id is taken twice
        named = [(e.model.id, e.at("id")) for e in entries]
        named += [(ident, b.at("id")) for b in loaded.broken
                  if b.what == what and (ident := b.text("id")) is not None]  # fmt: skip
        first: dict[str, Place] = {}
        for ident, where in sorted(named, key=lambda n: n[1]):
            if ident in first:
                file, line, _ = first[ident]
                message = f"{what} id '{ident}' is used twice (first at {file}:{line}); rename one"
                yield DUPLICATE_ID.at(*where, message)
            else:
                first[ident] = where


def unknown_references(loaded: Loaded, today: date) -> Iterator[Finding]:
    """unknown-inspection, unknown-agency, unknown-agency-kind, unknown-recommendation."""
    if loaded.register_incomplete:
        return  # what the unread file names is not known: its own finding comes first
    known = _Known.of(loaded)
    named: list[_Named]
    named = [(e.model.inspection, e.at("inspection"),
              [(o, e.item_at("owners", i)) for i, o in enumerate(e.model.owners)],
              [(o, e.item_at("supersedes", i)) for i, o in enumerate(e.model.supersedes)])
             for e in loaded.recommendations]  # fmt: skip
    named += [(b.text("inspection"), b.at("inspection"), b.items("owners"), b.items("supersedes"))
              for b in loaded.broken if b.what == "recommendation"]  # fmt: skip
    for inspection, inspection_at, owners, supersedes in sorted(named, key=lambda n: n[1]):
        if inspection is not None and not known.inspection(inspection):
            message = f"unknown inspection '{inspection}'; {_hint(inspection, known.inspections)}"
            yield UNKNOWN_INSPECTION.at(*inspection_at, message)
        yield from _unknown_owners(owners, known)
        yield from _unknown_recommendations(supersedes, known, "supersedes unknown")
    for f in loaded.response_files:
        if not known.agency(f.agency):
            message = f"unknown agency '{f.agency}'; {_hint(f.agency, known.agencies)}"
            yield UNKNOWN_AGENCY.at(*f.agency_at, message)
        yield from _unknown_recommendations(_answered(f), known, "unknown")


# a recommendation's inspection, owners and supersedes, each with its place
_Named = tuple[str | None, Place, list[tuple[str, Place]], list[tuple[str, Place]]]


class _Known(NamedTuple):
    """The ids references may name. An entry left out for its own findings is not
    unknown: it is reported where it stands, so its id counts as known; the hints
    suggest only the ids of entries that were read."""

    agencies: dict[str, Agency]
    kinds: set[str]
    inspections: set[str]
    recommendations: set[str]
    broken: set[str]

    @classmethod
    def of(cls, loaded: Loaded) -> _Known:
        agencies = {e.model.id: e.model for e in loaded.agencies}
        return cls(
            agencies,
            {a.kind for a in agencies.values()},
            {e.model.id for e in loaded.inspections},
            {e.model.id for e in loaded.recommendations},
            loaded.invalid_ids,
        )

    def agency(self, ident: str) -> bool:
        return ident in self.agencies or ident in self.broken

    def inspection(self, ident: str) -> bool:
        return ident in self.inspections or ident in self.broken

    def recommendation(self, ident: str) -> bool:
        return ident in self.recommendations or ident in self.broken


def _unknown_owners(owners: list[tuple[str, Place]], known: _Known) -> Iterator[Finding]:
    for owner, where in owners:
        if owner.startswith(KIND_PREFIX):
            kind = owner[len(KIND_PREFIX) :]
            if kind not in known.kinds:
                message = f"no agency is of kind '{kind}'; {_hint(kind, known.kinds)}"
                yield UNKNOWN_AGENCY_KIND.at(*where, message)
        elif not known.agency(owner):
            message = f"unknown agency '{owner}'; {_hint(owner, known.agencies)}"
            yield UNKNOWN_AGENCY.at(*where, message)


def _unknown_recommendations(
    named: list[tuple[str, Place]], known: _Known, words: str
) -> Iterator[Finding]:
    for ident, where in named:
        if not known.recommendation(ident):
            hint = _hint(ident, known.recommendations)
            yield UNKNOWN_RECOMMENDATION.at(*where, f"{words} recommendation '{ident}'; {hint}")


def _answered(f: ResponsesEntry) -> list[tuple[str, Place]]:
    """The recommendations a responses file answers, broken responses too, in file order."""
    valid = [(r.model.recommendation, r.at("recommendation")) for r in f.responses]
    broken = [(ident, b.at("recommendation")) for b in f.broken
              if (ident := b.text("recommendation")) is not None]  # fmt: skip
    return sorted(valid + broken, key=lambda n: n[1])


def _answered_only_by_broken(loaded: Loaded) -> frozenset[tuple[str, str]]:
    """(agency, recommendation) pairs whose only response is left out for its own findings:
    answered all the same, so no `no-response` warning."""
    broken = {(f.agency, ident) for f in loaded.response_files for b in f.broken
              if (ident := b.text("recommendation")) is not None}  # fmt: skip
    valid = {(f.agency, r.model.recommendation) for f in loaded.response_files
             for r in f.responses}  # fmt: skip
    return frozenset(broken - valid)


def response_ownership(loaded: Loaded, today: date) -> Iterator[Finding]:
    """duplicate-responses-file, not-owner, duplicate-response."""
    agencies = {e.model.id: e.model for e in loaded.agencies}
    owners: dict[str, list[str]] = {}
    for entry in loaded.recommendations:
        owners.setdefault(entry.model.id, owners_of(entry.model.owners, agencies))
    files: dict[str, str] = {}
    for f in loaded.response_files:
        if f.agency in files:
            message = f"'{f.agency}' already has a responses file ({files[f.agency]}); merge them"
            yield DUPLICATE_RESPONSES_FILE.at(*f.agency_at, message)
            continue
        files[f.agency] = f.file
        seen: dict[str, int] = {}
        for ident, where in _answered(f):
            if ident in owners and f.agency in agencies and f.agency not in owners[ident]:
                message = (f"'{f.agency}' is not an owner of '{ident}'; add it to the "
                           "recommendation's owners, or remove this response")  # fmt: skip
                yield NOT_OWNER.at(*where, message)
            if ident in seen:
                message = (f"second response to '{ident}' (first at line {seen[ident]}); "
                           "put all its updates in one response")  # fmt: skip
                yield DUPLICATE_RESPONSE.at(*where, message)
            else:
                seen[ident] = where[1]


def future_updates(loaded: Loaded, today: date) -> Iterator[Finding]:
    """future-update: progress cannot be reported on a day that has not come."""
    for f in loaded.response_files:
        for resp in f.responses:
            for index, update in enumerate(resp.model.updates):
                if update.date > today:
                    where = resp.item_at("updates", index)
                    message = f"update dated {update.date}, after today ({today}); correct the date"
                    yield FUTURE_UPDATE.at(*where, message)


def extensions_later(loaded: Loaded, today: date) -> Iterator[Finding]:
    """extension-not-later: an extension moves a deadline later, never earlier. Each is
    held to the deadline it would replace: the original due, then the extensions before it."""
    due = {e.model.id: e.model.due for e in loaded.recommendations}
    for f in loaded.response_files:
        for resp in f.responses:
            deadline = due.get(resp.model.recommendation)
            for index, extension in enumerate(resp.model.extensions):
                if deadline is not None and extension.to <= deadline:
                    message = (f"extension to {format_long(extension.to)} is not later than the "
                               f"deadline it replaces ({format_long(deadline)}); an extension "
                               "moves a deadline later: correct its 'to'")  # fmt: skip
                    yield EXTENSION_NOT_LATER.at(*resp.item_at("extensions", index), message)
                deadline = extension.to if deadline is None else max(deadline, extension.to)


ERROR_RULES: tuple[Check, ...] = (
    duplicate_ids,
    unknown_references,
    response_ownership,
    future_updates,
    extensions_later,
)


def approvals_named(loaded: Loaded) -> Iterator[Finding]:
    """approval-without-approver: an approved extension says who approved it."""
    for f in loaded.response_files:
        for resp in f.responses:
            for index, extension in enumerate(resp.model.extensions):
                if extension.approved is not None and extension.by is None:
                    message = (
                        f"extension to {format_long(extension.to)} is approved with no "
                        "approver; add 'by:' (the board or role that approved it)"
                    )
                    where = resp.item_at("extensions", index)
                    yield APPROVAL_WITHOUT_APPROVER.at(*where, message)


def attention(
    register: Register, assessment: Assessment, answered: frozenset[tuple[str, str]] = frozenset()
) -> Iterator[Finding]:
    """The warnings of SPEC 2.4, judged at the assessment's as-of date. `answered`: (agency,
    recommendation) pairs whose response is left out for its own findings: not unanswered."""
    for o in assessment.obligations:
        key = (o.agency.id, o.recommendation.id)
        where = register.response_at.get(key) or register.owner_at[(o.recommendation.id, key[0])]
        rec = o.recommendation.id
        if key in answered:
            continue  # its response has errors of its own; a warning about it would mislead
        if Flag.NO_RESPONSE in o.flags:
            yield NO_RESPONSE.at(*where, f"'{o.agency.id}' has no response to '{rec}'; "
                                 "record one in its responses file")  # fmt: skip
            continue
        if o.closed and not o.evidence:
            yield NO_EVIDENCE.at(*where, f"'{rec}' is {o.status} with no evidence; "
                                 "add an evidence entry")  # fmt: skip
        if Flag.STALE in o.flags:
            yield STALE.at(*where, f"'{rec}' has had no update for over "
                           f"{assessment.stale_days} days; record progress")  # fmt: skip
        if Flag.OVERDUE in o.flags and not o.extensions:
            message = (f"'{rec}' is {o.days_overdue} days overdue with no extension; "
                       "record progress or ask for one")  # fmt: skip
            yield OVERDUE_NO_EXTENSION.at(*where, message)


def check(
    loaded: Loaded, register: Register, assessment: Assessment, today: date, *, warnings: bool
) -> list[Finding]:
    """Every finding about the data repo: loading's, the cross-file rules', and (if asked
    for) the warnings."""
    findings = list(loaded.findings)
    for rule in ERROR_RULES:
        findings.extend(rule(loaded, today))
    if warnings:
        findings.extend(attention(register, assessment, _answered_only_by_broken(loaded)))
        findings.extend(approvals_named(loaded))
    return sorted(dict.fromkeys(findings), key=_place)


def _place(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.file, f.line, f.column, f.rule, f.message)
