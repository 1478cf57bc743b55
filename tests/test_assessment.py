"""SPEC 3 by hand: each flag, boundary, RAG rule and score, on registers built in code."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from inspcheck import models
from inspcheck.assessment import Assessment, Flag, Rag, assess
from inspcheck.register import Register

AS_OF = date(2025, 1, 15)


def register(*responses: dict[str, Any], rec: dict[str, Any] | None = None,
             insp: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
             owners: tuple[str, ...] = ("north",)) -> Register:  # fmt: skip
    """One inspection, one recommendation, owners and their responses."""
    reg = Register(settings=models.Settings(**(settings or {})))
    for agency in ("north", "south"):
        reg.agencies[agency] = models.Agency(id=agency, name=agency.title(), kind="police")
    reg.inspections["i"] = models.Inspection(
        id="i", title="I", **({"published": "yes"} if insp is None else insp)
    )
    fields = {
        "id": "r", "inspection": "i", "kind": "recommendation", "title": "R", "text": "Do it.",
        "owners": list(owners), "due": "2025-01-15", **(rec or {}),
    }  # fmt: skip
    reg.recommendations["r"] = models.Recommendation.model_validate(fields)
    reg.owners["r"] = owners
    for agency, response in zip(owners, responses, strict=False):
        reg.responses[(agency, "r")] = TypeAdapter(models.Response).validate_python(
            {"recommendation": "r", **response}
        )
    return reg


def update(day: str, status: str = "in-progress", **more: str) -> dict[str, str]:
    return {"date": day, "status": status, "note": "n", **more}


def one(reg: Register, as_of: date = AS_OF) -> Any:
    result = assess(reg, as_of)
    assert len(result.obligations) == 1
    return result.obligations[0]


def test_due_today_is_not_overdue_and_one_day_late_is_one_day() -> None:
    reg = register({"updates": [update("2025-01-10")]})
    today = one(reg)
    assert (Flag.OVERDUE in today.flags, today.days_overdue, Flag.DUE_SOON in today.flags) == (
        False, None, True)  # fmt: skip
    late = one(reg, date(2025, 1, 16))
    assert (late.days_overdue, late.rag) == (1, Rag.RED)
    assert Flag.OVERDUE in late.flags


@pytest.mark.parametrize(("due", "soon"), [("2025-02-14", True), ("2025-02-15", False)])
def test_due_soon_window_is_inclusive(due: str, soon: bool) -> None:
    o = one(register({"updates": [update("2025-01-10")]}, rec={"due": due}))
    assert (Flag.DUE_SOON in o.flags) is soon
    assert o.rag is (Rag.AMBER if soon else Rag.GREEN)


def test_due_soon_days_setting() -> None:
    reg = register({"updates": [update("2025-01-10")]}, rec={"due": "2025-01-25"},
                   settings={"due_soon_days": 7})  # fmt: skip
    assert Flag.DUE_SOON not in one(reg).flags


@pytest.mark.parametrize(("last", "stale"), [("2024-10-17", False), ("2024-10-16", True)])
def test_stale_after_ninety_days(last: str, stale: bool) -> None:
    o = one(register({"updates": [update(last)]}, rec={"due": "2026-01-01"}))
    assert (Flag.STALE in o.flags) is stale


def test_no_response_is_not_started_amber() -> None:
    o = one(register(rec={"due": "2026-01-01"}))
    assert (o.status, o.rag, o.flags) == (models.Status.NOT_STARTED, Rag.AMBER, (Flag.NO_RESPONSE,))


def test_response_only_after_as_of_counts_as_no_response() -> None:
    o = one(register({"updates": [update("2025-02-01", "complete")]}, rec={"due": "2026-01-01"}))
    assert Flag.NO_RESPONSE in o.flags
    assert o.status is models.Status.NOT_STARTED


def test_latest_update_wins_and_same_day_later_in_file_wins() -> None:
    updates = [update("2025-01-02", "complete"), update("2025-01-01"),
               update("2025-01-02", "verified")]  # fmt: skip
    o = one(register({"updates": updates}))
    assert (o.status, o.rag) == (models.Status.VERIFIED, Rag.BLUE)


def test_approved_extension_moves_the_deadline_and_slips() -> None:
    ext = [{"to": "2025-03-31", "approved": "2025-01-05", "by": "Board"}]
    o = one(register({"updates": [update("2025-01-10")], "extensions": ext}))
    assert (o.effective_due, o.due) == (date(2025, 3, 31), date(2025, 1, 15))
    assert Flag.SLIPPED in o.flags
    due_day = one(
        register({"updates": [update("2025-01-10")], "extensions": ext}), date(2025, 3, 31)
    )
    assert Flag.OVERDUE not in due_day.flags


def test_extension_approved_after_as_of_does_not_count() -> None:
    ext = [{"to": "2025-03-31", "approved": "2025-01-20"}]
    o = one(register({"updates": [update("2025-01-10")], "extensions": ext}), date(2025, 1, 16))
    assert o.effective_due == date(2025, 1, 15)
    assert {Flag.OVERDUE, Flag.EXTENSION_PENDING} <= set(o.flags)
    assert Flag.SLIPPED not in o.flags


def test_latest_approval_wins_ties_to_later_in_file() -> None:
    ext = [{"to": "2025-06-30", "approved": "2025-01-01"},
           {"to": "2025-04-30", "approved": "2025-01-01"}]  # fmt: skip
    assert one(register({"updates": [update("2025-01-10")], "extensions": ext})).effective_due == (
        date(2025, 4, 30))  # fmt: skip


def test_pending_extension_is_amber_while_not_overdue() -> None:
    ext = [{"to": "2025-06-30"}]
    o = one(register({"updates": [update("2025-01-10")], "extensions": ext},
                     rec={"due": "2025-05-01"}))  # fmt: skip
    assert (o.rag, o.flags) == (Rag.AMBER, (Flag.EXTENSION_PENDING,))


def test_recurring_duty_lapses_exactly_one_period_after_completion() -> None:
    reg = register({"updates": [update("2024-01-01"), update("2024-01-20", "complete")]},
                   rec={"due": "2024-01-31", "recurs": "annually"})  # fmt: skip
    on_time = one(reg, date(2025, 1, 20))
    assert (on_time.open, on_time.rag, on_time.effective_due) == (
        False,
        Rag.GREEN,
        date(2025, 1, 20),
    )
    assert Flag.LAPSED not in on_time.flags
    lapsed = one(reg, date(2025, 1, 21))
    assert (lapsed.open, lapsed.rag, lapsed.days_overdue) == (True, Rag.RED, 1)
    assert {Flag.LAPSED, Flag.OVERDUE, Flag.RECURRING} <= set(lapsed.flags)
    score = assess(reg, date(2025, 1, 21)).summary
    assert (score.open, score.closed, score.overdue, score.completion) == (1, 0, 1, 0.0)


@pytest.mark.parametrize(("recurs", "renewal"), [
    ("six-monthly", date(2024, 7, 20)), ("quarterly", date(2024, 4, 20)),
    ("monthly", date(2024, 2, 20)), ("P2W", date(2024, 2, 3)), ("P1Y6M", date(2025, 7, 20)),
])  # fmt: skip
def test_recurrence_periods(recurs: str, renewal: date) -> None:
    reg = register({"updates": [update("2024-01-20", "verified")]},
                   rec={"due": "2024-01-31", "recurs": recurs})  # fmt: skip
    assert one(reg, date(2024, 1, 21)).effective_due == max(renewal, date(2024, 1, 31))


def test_excluded_is_grey_even_when_past_due() -> None:
    o = one(register({"updates": [update("2025-01-01", "not-applicable")]}), date(2025, 6, 1))
    assert (o.rag, o.open, o.excluded, Flag.OVERDUE in o.flags) == (Rag.GREY, False, True, False)


def test_scores_by_hand() -> None:
    reg = register({"updates": [update("2025-01-10", "verified")]},
                   {"updates": [update("2025-01-16", "complete")]},
                   rec={"themes": ["cse"]}, owners=("north", "south"))  # fmt: skip
    result: Assessment = assess(reg, date(2025, 2, 1))
    s = result.summary
    assert (s.obligations, s.closed, s.verified, s.completion, s.verified_share) == (
        2,
        2,
        1,
        1.0,
        0.5,
    )
    assert s.on_time == 0.5  # north closed on time, south a day late
    assert [(a.id, x.obligations) for a, x in result.by_agency] == [("north", 1), ("south", 1)]
    assert [(t, x.obligations) for t, x in result.by_theme] == [("cse", 2)]


def test_rates_with_nothing_counted() -> None:
    s = assess(register({"updates": [update("2025-01-01", "superseded")]}), AS_OF).summary
    assert (s.completion, s.verified_share, s.on_time, s.excluded) == (0.0, 0.0, None, 1)


def test_inspection_published_after_as_of_is_not_yet_in_the_register() -> None:
    reg = register({"updates": [update("2025-01-10")]}, insp={"published": "2025-02-01"})
    assert assess(reg, AS_OF).obligations == ()
    assert len(assess(reg, date(2025, 2, 1)).obligations) == 1


def test_unpublished_inspection_is_included_and_flagged() -> None:
    o = one(register({"updates": [update("2025-01-10")]}, insp={}))
    assert Flag.UNPUBLISHED in o.flags


def test_evidence_after_as_of_is_ignored() -> None:
    ev = [{"title": "Audit", "date": "2025-02-01"}, {"title": "Protocol"}]
    o = one(register({"updates": [update("2025-01-10", "complete")], "evidence": ev}))
    assert [e.title for e in o.evidence] == ["Protocol"]


def test_filters() -> None:
    reg = register({"updates": [update("2025-01-10")]}, owners=("north", "south"))
    assert [o.agency.id for o in assess(reg, AS_OF, agency="south").obligations] == ["south"]
    assert assess(reg, AS_OF, theme="none").obligations == ()


@pytest.mark.parametrize(
    ("as_of", "in_view"),
    [(date(2023, 11, 29), False), (date(2023, 11, 30), True), (date(2023, 12, 1), True)],
)
def test_month_only_publication_counts_from_the_months_last_day(as_of: date, in_view: bool) -> None:
    """SPEC 2.5: `published: November 2023` is certain only from 30 November."""
    reg = register({"updates": [update("2023-11-01")]}, insp={"published": "November 2023"},
                   rec={"due": "2024-06-30"})  # fmt: skip
    assert len(assess(reg, as_of).obligations) == (1 if in_view else 0)


def test_each_theme_is_scored_and_a_recommendation_counts_under_each_of_its_themes() -> None:
    import json

    from inspcheck.rendering.records import status_json

    reg = register({"updates": [update("2025-01-10", "complete")]},
                   rec={"themes": ["cse", "custody"]})  # fmt: skip
    reg.recommendations["r2"] = models.Recommendation.model_validate(
        {"id": "r2", "inspection": "i", "kind": "recommendation", "title": "R2",
         "text": "Do that.", "owners": ["north"], "themes": ["custody"]})  # fmt: skip
    reg.owners["r2"] = ("north",)
    a = assess(reg, AS_OF)
    scored = {t: (s.obligations, s.closed, s.no_response) for t, s in a.by_theme}
    assert scored == {"cse": (1, 1, 0), "custody": (2, 1, 1)}
    rows = json.loads(status_json(a))["themes"]
    assert [(t["id"], t["obligations"], t["completion"]) for t in rows] == [
        ("cse", 1, 1.0), ("custody", 2, 0.5)]  # fmt: skip


def test_status_help_gives_the_rag_rules_and_formulas() -> None:
    from tests.conftest import run

    shown = run("status", "--help").stdout
    for line in (
        "red    overdue (a lapsed recurring duty included)",
        "amber  open and due soon, stale, waiting for an extension, or with no response",
        "completion      = closed / (all obligations - excluded)",
        "on_time         = closed on or before their deadline / closed that had a ",
    ):
        assert line in shown  # fmt: skip
