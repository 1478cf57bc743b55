"""The stable, versioned JSON records of SPEC 4: an item per obligation, counts per group."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from inspcheck.assessment import Assessment, Obligation, Score

ITEM_KEYS = (
    "recommendation", "agency", "inspection", "title", "status", "rag", "due",
    "effective_due", "days_overdue", "last_update", "flags", "source",
)  # fmt: skip
# `source` (SPEC 2.5) came after version 1's first keys: it goes last, so that a reader
# of the CSV by column position, or of the JSON by key, finds everything where it was.


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def item(o: Obligation) -> dict[str, Any]:
    last = o.last_update
    return {
        "recommendation": o.recommendation.id,
        "agency": o.agency.id,
        "inspection": o.inspection.id,
        "title": o.recommendation.title,
        "status": str(o.status),
        "rag": str(o.rag),
        "due": _iso(o.due),
        "effective_due": _iso(o.effective_due),
        "days_overdue": o.days_overdue,
        "last_update": _iso(last.date if last else None),
        "flags": [str(f) for f in o.flags],
        "source": last.source if last else None,
    }


def counts(s: Score) -> dict[str, Any]:
    return {
        "obligations": s.obligations, "open": s.open, "closed": s.closed,
        "excluded": s.excluded, "overdue": s.overdue, "due_soon": s.due_soon,
        "stale": s.stale, "no_response": s.no_response,
        "completion": round(s.completion, 4), "verified_share": round(s.verified_share, 4),
        "on_time": None if s.on_time is None else round(s.on_time, 4),
        "rag": {str(k): v for k, v in s.rag.items()},
    }  # fmt: skip


def document(payload: dict[str, Any]) -> str:
    """JSON with one record a line: as easy to read or diff as indented JSON, and written
    by json's C encoder, which indentation would turn off (three times slower)."""
    parts = []
    for key, value in payload.items():
        if isinstance(value, list) and value:
            body = ",\n".join("    " + _compact(record) for record in value)
            text = "[\n" + body + "\n  ]"
        else:
            text = _compact(value)
        parts.append(f"  {_compact(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# One encoder for every record: json.dumps with any option makes a new one each call.
_compact = json.JSONEncoder(ensure_ascii=False).encode


def status_json(a: Assessment) -> str:
    return document(
        {
            "version": 1,
            "as_of": a.as_of.isoformat(),
            "summary": counts(a.summary),
            "agencies": [{"id": x.id, "name": x.name, **counts(s)} for x, s in a.by_agency],
            "inspections": [
                {"id": x.id, "title": x.title, **counts(s)} for x, s in a.by_inspection
            ],
            "themes": [{"id": theme, **counts(s)} for theme, s in a.by_theme],
            "items": [item(o) for o in a.obligations],
        }
    )


def items_json(a: Assessment, items: Sequence[Obligation]) -> str:
    return document({"version": 1, "as_of": a.as_of.isoformat(), "items": [item(o) for o in items]})


def items_csv(items: Iterable[Obligation]) -> str:
    """One row per obligation, the item keys as header: what a spreadsheet user opens."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ITEM_KEYS)
    for o in items:
        row = item(o)
        row["flags"] = ";".join(row["flags"])
        writer.writerow(defuse("" if row[k] is None else row[k]) for k in ITEM_KEYS)
    return out.getvalue()


def defuse(value: object) -> object:
    """A cell starting with = + - @ is a formula to a spreadsheet; make it plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
