"""The cases a mutation run found unpinned (issue 16): each value here is worked out by
hand from SPEC 3, never taken from the code under test."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from inspcheck import attention
from inspcheck.assessment import Flag, Rag, assess
from inspcheck.dates import DateError, Month, format_long, ordinal, parse_date, parse_day_or_month
from inspcheck.vocabulary import Status
from tests.conftest import CASES, run
from tests.test_assessment import AS_OF, one, register, update

APPROVED = {"by": "Board"}


# --- Recurring duties ---


def test_a_duty_done_twice_renews_from_the_latest_completion() -> None:
    reg = register({"updates": [update("2024-01-10", "complete"), update("2024-06-01"),
                                update("2024-12-01", "complete")]},
                   rec={"due": "2024-01-31", "recurs": "annually"})  # fmt: skip
    o = one(reg)
    # renewed a year after 1 December 2024, not after 10 January 2024 (which has passed)
    assert (o.effective_due, o.open, Flag.LAPSED in o.flags) == (date(2025, 12, 1), False, False)


@pytest.mark.parametrize("status", ["superseded", "not-applicable"])
def test_an_excluded_recurring_duty_never_reopens_as_lapsed(status: str) -> None:
    reg = register({"updates": [update("2023-01-10", "complete"), update("2023-06-01", status)]},
                   rec={"due": "2023-01-31", "recurs": "annually"})  # fmt: skip
    o = one(reg)  # a year after 10 January 2023 has long passed
    assert (o.open, o.rag, Flag.LAPSED in o.flags, o.effective_due) == (
        False, Rag.GREY, False, date(2023, 1, 31))  # fmt: skip


def test_a_renewal_before_the_original_deadline_keeps_the_deadline() -> None:
    reg = register({"updates": [update("2025-01-05", "complete")]},
                   rec={"due": "2025-06-30", "recurs": "quarterly"})  # fmt: skip
    assert one(reg).effective_due == date(2025, 6, 30)  # not 5 April 2025


def test_a_period_in_days() -> None:
    reg = register({"updates": [update("2025-01-01", "complete")]},
                   rec={"due": "2024-12-31", "recurs": "P10D"})  # fmt: skip
    o = one(reg)  # due again 11 January 2025: four days before 15 January
    assert (o.effective_due, o.days_overdue, Flag.LAPSED in o.flags) == (date(2025, 1, 11), 4, True)


# --- Extensions ---


@pytest.mark.parametrize(
    ("first", "second", "deadline"),
    [
        (("2025-06-30", "2025-01-10"), ("2025-03-31", "2024-12-01"), date(2025, 6, 30)),
        (("2025-03-31", "2025-01-10"), ("2025-06-30", "2024-12-01"), date(2025, 3, 31)),
    ],
)
def test_the_latest_approval_wins_on_different_days(
    first: tuple[str, str], second: tuple[str, str], deadline: date
) -> None:
    extensions = [{"to": to, "approved": on, **APPROVED} for to, on in (first, second)]
    o = one(register({"updates": [update("2025-01-10")], "extensions": extensions}))
    assert o.deadline == deadline


@pytest.mark.parametrize(("to", "deadline"), [("2025-01-15", date(2025, 1, 15)),
                                              ("2025-01-01", date(2025, 1, 1))])  # fmt: skip
def test_an_extension_to_the_due_date_or_before_has_not_slipped(to: str, deadline: date) -> None:
    extension = {"to": to, "approved": "2025-01-02", **APPROVED}
    o = one(register({"updates": [update("2025-01-10")], "extensions": [extension]}))
    assert (o.deadline, Flag.SLIPPED in o.flags) == (deadline, False)


def test_an_extension_of_an_item_with_no_due_date_has_not_slipped() -> None:
    extension = {"to": "2025-03-31", "approved": "2025-01-02", **APPROVED}
    reg = register({"updates": [update("2025-01-10")], "extensions": [extension]},
                   rec={"due": None})  # fmt: skip
    o = one(reg)
    assert (o.due, o.deadline, Flag.SLIPPED in o.flags) == (None, date(2025, 3, 31), False)


@pytest.mark.parametrize(("approved", "deadline", "pending"),
                         [("2025-01-15", date(2025, 3, 31), False),
                          ("2025-01-16", date(2025, 1, 15), True)])  # fmt: skip
def test_an_approval_on_the_as_of_day_counts(approved: str, deadline: date, pending: bool) -> None:
    extension = {"to": "2025-03-31", "approved": approved, **APPROVED}
    o = one(register({"updates": [update("2025-01-10")], "extensions": [extension]}))
    assert (o.deadline, Flag.EXTENSION_PENDING in o.flags) == (deadline, pending)


@pytest.mark.parametrize(("approvals", "pending"), [(("2025-01-02", None), True),
                                                    ((None, "2025-01-02"), False)])  # fmt: skip
def test_two_asks_for_one_date_the_later_in_the_file_says_whether_it_waits(
    approvals: tuple[str | None, str | None], pending: bool
) -> None:
    extensions = [{"to": "2025-03-31", **({"approved": a, **APPROVED} if a else {})}
                  for a in approvals]  # fmt: skip
    o = one(register({"updates": [update("2025-01-10")], "extensions": extensions}))
    assert (Flag.EXTENSION_PENDING in o.flags) is pending


# --- Closed and on time ---


def test_two_identical_closed_obligations_are_both_counted() -> None:
    done = {"updates": [update("2025-01-10", "complete")]}
    score = assess(register(done, done, owners=("north", "south")), AS_OF).summary
    assert (score.closed, score.on_time_closed, score.closed_with_deadline, score.on_time) == (
        2, 2, 2, 1.0)  # fmt: skip


def test_closed_on_the_deadline_is_on_time() -> None:
    score = assess(register({"updates": [update("2025-01-15", "complete")]}), AS_OF).summary
    assert score.on_time == 1.0
    late = assess(register({"updates": [update("2025-01-15", "complete")]},
                           rec={"due": "2025-01-14"}), AS_OF).summary  # fmt: skip
    assert late.on_time == 0.0


def test_complete_then_verified_was_closed_when_completed() -> None:
    o = one(register({"updates": [update("2025-01-05", "complete"),
                                  update("2025-01-10", "verified")]}))  # fmt: skip
    assert (o.closed_on, o.rag) == (date(2025, 1, 5), Rag.BLUE)
    assert assess(register({"updates": [update("2025-01-05", "complete"),
                                        update("2025-01-10", "verified")]}),
                  AS_OF).summary.verified == 1  # fmt: skip


def test_excluded_and_lapsed_items_are_neither_verified_nor_timed() -> None:
    excluded = {
        "updates": [update("2024-12-01", "verified"), update("2025-01-01", "not-applicable")]
    }
    score = assess(register(excluded), AS_OF).summary
    assert (score.verified, score.closed_with_deadline, score.on_time) == (0, 0, None)
    lapsed = {"updates": [update("2023-12-01", "verified")]}
    reg = register(lapsed, rec={"due": "2023-12-31", "recurs": "annually"})
    score = assess(reg, AS_OF).summary  # verified on time once; due again 1 December 2024
    assert (score.verified, score.closed_with_deadline, score.open, score.overdue) == (0, 0, 1, 1)


def test_an_open_item_moved_to_excluded_is_not_closed() -> None:
    o = one(register({"updates": [update("2025-01-01"), update("2025-01-10",
                                                                "not-applicable")]}))  # fmt: skip
    assert (o.closed, o.excluded, o.open) == (False, True, False)


# --- Boundaries ---


def test_an_update_and_evidence_dated_on_the_as_of_day_count() -> None:
    evidence = [{"date": "2025-01-15", "title": "Audit"}]
    o = one(register({"updates": [update("2025-01-01"), update("2025-01-15", "complete")],
                      "evidence": evidence}))  # fmt: skip
    assert (o.status, len(o.evidence)) == (Status.COMPLETE, 1)
    before = one(register({"updates": [update("2025-01-01"), update("2025-01-16", "complete")],
                           "evidence": [{"date": "2025-01-16", "title": "Audit"}]}))  # fmt: skip
    assert (before.status, len(before.evidence)) == (Status.IN_PROGRESS, 0)


def test_stale_is_judged_by_the_latest_update_not_the_first() -> None:
    o = one(register({"updates": [update("2024-09-01"), update("2025-01-01")]},
                     rec={"due": "2026-01-01"}))  # fmt: skip
    assert Flag.STALE not in o.flags  # 1 September 2024 is 136 days back, but not the latest


# --- Attention ---


def test_an_item_due_beyond_the_window_is_not_listed() -> None:
    reg = register({"updates": [update("2025-01-10")]}, rec={"due": "2025-01-25"})
    a = assess(reg, AS_OF)
    assert [o.recommendation.id for o in attention.due_within(a, 10)] == ["r"]  # 25 January
    assert attention.due_within(a, 9) == []  # the window ends on 24 January
    far = assess(register({"updates": [update("2025-01-10")]}, rec={"due": "2025-04-15"}), AS_OF)
    assert attention.due_within(far, 89) == []  # 15 April is 90 days on
    assert len(attention.due_within(far, 90)) == 1


# --- Dates ---


def test_a_us_date_with_a_thirteenth_month_is_named_and_turned_round() -> None:
    with pytest.raises(DateError) as raised:
        parse_date("5/13/2024")
    assert str(raised.value) == ("'5/13/2024' looks like a US-style month/day date; dates are "
                                 "day first: write 13/5/2024 if you mean 13 May 2024")  # fmt: skip


def test_every_month_is_printed_by_its_name() -> None:
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
    assert [format_long(date(2024, m, 1)) for m in range(1, 13)] == [f"1 {n} 2024" for n in names]


def test_a_second_response_names_the_line_of_the_first() -> None:
    """tests/cases/invalid/duplicate-response: rec-1's first response starts at line 4, its
    second at line 9, column 21 (the id after `  - recommendation: `)."""
    case = CASES / "invalid" / "duplicate-response" / "data"
    result = run("validate", "--data", str(case), "--as-of", "2025-01-01", "-f", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["column"]) == (9, 21)
    assert finding["message"].startswith("second response to 'rec-1' (first at line 4); ")


# --- What a second mutation run found unpinned ---


def test_an_assessment_for_one_inspection_holds_only_its_obligations() -> None:
    reg = register({"updates": [update("2025-01-10")]})
    assert len(assess(reg, AS_OF, inspection="i").obligations) == 1
    assert assess(reg, AS_OF, inspection="another").obligations == ()


def test_each_recommendation_is_scored_across_its_owners() -> None:
    """r is owned by north (complete) and south (no response): 2 obligations, 1 closed."""
    reg = register({"updates": [update("2025-01-10", "complete")]}, owners=("north", "south"))
    ((rec, score),) = assess(reg, AS_OF).by_recommendation
    assert (rec.id, score.obligations, score.closed, score.no_response) == ("r", 2, 1, 1)


def test_a_response_whose_first_update_is_later_is_no_response_yet() -> None:
    """On 15 January the only update is dated 1 February: the extension approved on
    2 January and the lead are not yet the register's, so the deadline is the due date."""
    extension = {"to": "2025-06-30", "approved": "2025-01-02", **APPROVED}
    o = one(register({"updates": [update("2025-02-01")], "lead": "DI Smith",
                      "extensions": [extension]}))  # fmt: skip
    assert (o.deadline, o.lead, Flag.NO_RESPONSE in o.flags) == (date(2025, 1, 15), None, True)


def test_the_ask_with_the_latest_date_says_whether_an_extension_waits() -> None:
    """Approved to 31 March, then asked (not yet approved) to 30 June: one waits."""
    extensions = [{"to": "2025-03-31", "approved": "2025-01-02", **APPROVED},
                  {"to": "2025-06-30"}]  # fmt: skip
    o = one(register({"updates": [update("2025-01-10")], "extensions": extensions}))
    assert (o.deadline, Flag.EXTENSION_PENDING in o.flags) == (date(2025, 3, 31), True)


def test_an_assessment_cannot_be_changed_by_what_reads_it() -> None:
    """Renderers share one assessment (the paper, its trend, the chasers): it is frozen."""
    a = assess(register({"updates": [update("2025-01-10")]}), AS_OF)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.as_of = date(2020, 1, 1)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.obligations[0].status = Status.COMPLETE  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.summary.open = 0  # type: ignore[misc]


# --- Dates, as the second mutation run found them unpinned ---


def test_a_date_in_words_with_a_misspelt_month_names_it() -> None:
    with pytest.raises(DateError, match=r"^'3 Jnuary 2025' has an unknown month name 'Jnuary';"):
        parse_date("3 Jnuary 2025")


@pytest.mark.parametrize(("text", "day"), [("1st March 2025", 1), ("2nd March 2025", 2),
                                           ("3rd March 2025", 3), ("11th March 2025", 11),
                                           ("22nd March 2025", 22)])  # fmt: skip
def test_a_day_with_its_right_ending_is_read(text: str, day: int) -> None:
    assert parse_date(text) == date(2025, 3, day)


def test_a_day_with_the_wrong_ending_says_which_to_write() -> None:
    with pytest.raises(DateError, match=r"wrong ending for day 3; write 3rd or 3$"):
        parse_date("3st March 2025")


def test_the_endings_uk_writers_give() -> None:
    days = (1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 30, 31)
    endings = ["st", "nd", "rd", "th", "th", "th", "th", "th", "th", "th", "st", "nd", "rd", "th",
               "th", "st"]  # fmt: skip
    assert [ordinal(d) for d in days] == endings


@pytest.mark.parametrize(("month", "last"), [(Month(2024, 2), date(2024, 2, 29)),
                                             (Month(2023, 2), date(2023, 2, 28)),
                                             (Month(2023, 11), date(2023, 11, 30)),
                                             (Month(2023, 12), date(2023, 12, 31))])  # fmt: skip
def test_a_month_alone_has_certainly_happened_by_its_last_day(month: Month, last: date) -> None:
    assert (month.first_day, month.last_day) == (last.replace(day=1), last)


@pytest.mark.parametrize(("text", "read"), [("2023-01", Month(2023, 1)),
                                            ("2023-12", Month(2023, 12))])  # fmt: skip
def test_the_first_and_last_months_are_months(text: str, read: Month) -> None:
    assert parse_day_or_month(text) == read


@pytest.mark.parametrize("text", ["2023-00", "2023-13"])
def test_a_month_number_outside_the_year_is_refused(text: str) -> None:
    with pytest.raises(DateError, match="is not a real month"):
        parse_day_or_month(text)


def test_a_misspelt_january_is_suggested() -> None:
    with pytest.raises(DateError, match=r"did you mean 'January 2024'\?"):
        parse_day_or_month("Janury 2024")
