"""The register: the consistent graph of agencies, inspections, recommendations and responses.

Built from what loading read, keeping the first of any duplicate and leaving out
what a rule has already reported (a response to an unknown recommendation, say),
so that assessment only ever sees references that resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inspcheck import models
from inspcheck.loading import Loaded

Where = tuple[str, int, int]
KIND_PREFIX = "kind:"


@dataclass
class Register:
    settings: models.Settings = field(default_factory=lambda: models.Settings())
    agencies: dict[str, models.Agency] = field(default_factory=dict)
    inspections: dict[str, models.Inspection] = field(default_factory=dict)
    recommendations: dict[str, models.Recommendation] = field(default_factory=dict)
    owners: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """recommendation id -> agency ids, kind:<kind> expanded, in the order written."""
    responses: dict[tuple[str, str], models.Response] = field(default_factory=dict)
    """(agency id, recommendation id) -> that agency's response."""
    recommendation_at: dict[str, Where] = field(default_factory=dict)
    owner_at: dict[tuple[str, str], Where] = field(default_factory=dict)
    response_at: dict[tuple[str, str], Where] = field(default_factory=dict)


def owners_of(entry_owners: list[str], agencies: dict[str, models.Agency]) -> list[str]:
    """Expand one owners list: an id stands for itself, kind:X for every agency of kind X."""
    out: list[str] = []
    for owner in entry_owners:
        if owner.startswith(KIND_PREFIX):
            kind = owner[len(KIND_PREFIX) :]
            out.extend(a.id for a in agencies.values() if a.kind == kind)
        elif owner in agencies:
            out.append(owner)
    return list(dict.fromkeys(out))


def build(loaded: Loaded) -> Register:
    reg = Register(settings=loaded.settings)
    for a in loaded.agencies:
        reg.agencies.setdefault(a.model.id, a.model)
    for i in loaded.inspections:
        reg.inspections.setdefault(i.model.id, i.model)
    for r in loaded.recommendations:
        rec = r.model
        if rec.id in reg.recommendations or rec.inspection not in reg.inspections:
            continue
        reg.recommendations[rec.id] = rec
        reg.recommendation_at[rec.id] = r.at()
        owners: list[str] = []
        for index, owner in enumerate(rec.owners):
            for agency in owners_of([owner], reg.agencies):
                reg.owner_at.setdefault((rec.id, agency), r.item_at("owners", index))
                owners.append(agency)
        reg.owners[rec.id] = tuple(dict.fromkeys(owners))
    seen_files: set[str] = set()
    for f in loaded.response_files:
        if f.agency in seen_files or f.agency not in reg.agencies:
            continue
        seen_files.add(f.agency)
        for resp in f.responses:
            key = (f.agency, resp.model.recommendation)
            if key in reg.responses or f.agency not in reg.owners.get(key[1], ()):
                continue
            reg.responses[key] = resp.model
            reg.response_at[key] = resp.at()
    return reg
