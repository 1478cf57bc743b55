"""The bundled register, held to the document it was entered from.

The tables below were written by hand from the seed document (the Leeds Safeguarding
Children Partnership's annual report extract), independently of the YAML: every
inspection date, owner, due date, recurrence and status in `data/`, each with where
the document states it, or `inferred:` and why. The register must hold exactly these
values: changing a fact in `data/` without changing its row here fails, and so does a
fact added to `data/` with no row. The document itself is not read here: a user's
clone of inspcheck does not have it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from inspcheck.dates import Month
from inspcheck.pipeline import check
from tests.conftest import REPO

YES = True  # `published: yes`: published, the date not given
ANNUAL_REPORT = "LSCP annual report 2023-24"

# inspection: (fieldwork_start, fieldwork_end, published, where)
INSPECTIONS: dict[str, tuple[Any, Any, Any, str]] = {
    "jtai-leeds-2024": (date(2024, 3, 4), date(2024, 3, 8), YES,
        "JTAI: 'took place from 4 to 8 March 2024'; 'Since the end of the financial year "
        "the report has been published' (no day or month)"),
    "wyp-custody-2023": (Month(2023, 9), Month(2023, 9), YES,
        "Custody: 'In September 2023, an inspection ... was undertaken'; its findings are "
        "reported. inferred: published, as the document reports what it found, where it "
        "says PEEL is yet to be published"),
    "wyp-peel-2023-24": (None, None, None,
        "PEEL: 'as yet to be published'"),
    "gbcse-2023": (None, None, YES,
        "inferred: published, as the document quotes what it 'recommended'"),
    "race-disparity-2024": (None, None, YES,
        "inferred: published, as the document quotes what it 'recommended'"),
    "ocsea-2023": (None, None, YES,
        "inferred: published, as the document quotes its recommendations"),
    "ap-thematic-2023": (Month(2023, 9), None, Month(2023, 11),
        "Alternative provision: 'an inspection in Leeds was undertaken in September 2023'; "
        "'an overall report was published in November 2023'"),
    "wetherby-2023": (Month(2023, 11), date(2023, 12, 7), YES,
        "Wetherby: 'took place between November and 7 December 2023'; 'The report noted' "
        "(published, the date not given)"),
}  # fmt: skip

# inspection: (inspectorates, where)
INSPECTORATES: dict[str, tuple[list[str], str]] = {
    "jtai-leeds-2024": (["Ofsted", "CQC", "HMICFRS", "HMI Probation"],
        "JTAI: 'carried out by inspectors from Ofsted, the Care Quality Commission (CQC), "
        "HMICFRS and His Majesty's Inspectorate of Probation (HMIP)'"),
    "wyp-custody-2023": (["HMICFRS", "CQC"],
        "Custody: 'undertaken jointly by HMICFRS and the Care Quality Commission'"),
    "wyp-peel-2023-24": (["HMICFRS"], "inferred: PEEL is HMICFRS's own programme"),
    "gbcse-2023": (["HMICFRS"], "inferred: HMICFRS inspects police forces' response"),
    "race-disparity-2024": (["HMICFRS"], "inferred: HMICFRS inspects police decision-making"),
    "ocsea-2023": (["HMICFRS"], "inferred: HMICFRS inspects the police and the NCA"),
    "ap-thematic-2023": (["Ofsted", "CQC"],
        "Alternative provision: 'the framework devised jointly by Ofsted and the Care "
        "Quality Commission'"),
    "wetherby-2023": (["HMI Prisons"],
        "Wetherby: 'An unannounced inspection of HMYOI Wetherby by HM Chief Inspector of "
        "Prisons'"),
}  # fmt: skip

# recommendation: (kind, owners, due, recurs, where)
RECOMMENDATIONS: dict[str, tuple[str, list[str], date | None, str | None, str]] = {
    "jtai-leeds-2024-afi1": ("area-for-improvement", ["leeds-scp"], None, None,
        "JTAI: 'three areas to improve ... sharing of police protection notifications'; "
        "no deadline. inferred: owner the partnership, whose action plan will include it"),
    "jtai-leeds-2024-afi2": ("area-for-improvement", ["leeds-scp"], None, None,
        "JTAI: '... waiting times for children to receive CAMHS assessments'; no deadline. "
        "inferred: owner as afi1"),
    "jtai-leeds-2024-afi3": ("area-for-improvement", ["leeds-scp"], None, None,
        "JTAI: '... the frequency of multi-agency partnership auditing'; no deadline. "
        "inferred: owner as afi1"),
    "jtai-leeds-2024-action-plan": ("action", ["leeds-scp"], None, None,
        "JTAI: 'The partnership is currently developing an action plan'; no deadline"),
    "wyp-custody-2023-1": ("area-for-improvement", ["wyp"], None, None,
        "Custody: 'Custody officers should complete juvenile detention certificates'; "
        "inferred: an area for improvement, as the document does not say which items are "
        "recommendations"),
    "wyp-custody-2023-2": ("area-for-improvement", ["wyp"], None, None,
        "Custody: 'The force should make sure children and vulnerable adults in custody "
        "receive prompt support from appropriate adults'; kind inferred as for item 1"),
    "wyp-custody-2023-3": ("area-for-improvement", ["wyp"], None, None,
        "Custody: 'The force should make sure it always completes public protection notice "
        "safeguarding referrals'; kind inferred as for item 1"),
    "wyp-custody-2023-1-audit": ("action", ["wyp"], None, None,
        "Custody: 'Audit work will be undertaken to measure compliance'; no deadline. "
        "inferred: the force's, as its response"),
    "wyp-custody-2023-2-audit": ("action", ["wyp"], None, None,
        "Custody: 'the central team will undertake audit work to ensure compliance'; "
        "no deadline. inferred: the force's, as its response"),
    "wyp-custody-2023-3-review": ("action", ["wyp"], None, None,
        "Custody: 'This will be dip sampled and reviewed ahead of any full implementation "
        "across the police force'; no deadline"),
    "gbcse-2023-problem-profiles": ("recommendation", ["wyp"], date(2024, 12, 31), "annually",
        "National: 'by 31 December 2024, all chief constables should ... updated frequently, "
        "at least annually'"),
    "race-disparity-2024-yjb-toolkit": ("recommendation", ["wyp"], date(2024, 9, 30), None,
        "National: 'by 30 September 2024, chief constables should make sure'"),
    "ocsea-2023-schools": ("recommendation", ["wyp"], date(2023, 10, 31), None,
        "National: 'By 31 October 2023, chief constables in England should satisfy "
        "themselves that their forces' work with schools'"),
    "ocsea-2023-services": ("recommendation", ["wyp", "wy-mayor"], date(2023, 10, 31), None,
        "National: 'By 31 October 2023, chief constables and police and crime commissioners "
        "should make sure their commissioned services'. inferred: the Mayor's office as the "
        "local policing body, holding the commissioner's functions"),
    "ocsea-2023-referrals": ("recommendation", ["wyp"], date(2023, 7, 31), None,
        "National: 'By 31 July 2023, chief constables should satisfy themselves that they "
        "are correctly sharing information'"),
    "ap-thematic-2023-learning": ("action", ["leeds-send-pb"], None, None,
        "Alternative provision: 'the learning from the review is progressed through the SEND "
        "Partnership Board'; no deadline"),
    "wetherby-2023-priority-concerns": ("priority-concern", ["hmyoi-wetherby"], None, None,
        "Wetherby: 'the report outlined a number of priority concerns that were in need of "
        "urgent attention'; no deadline"),
    "wetherby-2023-assurance-meeting": ("action", ["leeds-scp"], None, None,
        "Wetherby: 'the LSCP have requested a meeting with the leadership team at "
        "Wetherby'; no deadline"),
    "wetherby-2023-progress-to-executive": ("action", ["hmyoi-wetherby"], date(2024, 7, 31),
        None,
        "Wetherby: 'Updates on progress with the action plan will be presented to the LSCP "
        "Executive ... in July 2024': due by the end of that month. inferred: owner "
        "Wetherby, whose leadership developed the action plan"),
}  # fmt: skip

# (recommendation, agency): (status, source of its one update, where)
STATUSES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("jtai-leeds-2024-afi1", "leeds-scp"): ("not-started", ANNUAL_REPORT,
        "JTAI: the action plan that 'will include' it is still being developed"),
    ("jtai-leeds-2024-afi2", "leeds-scp"): ("not-started", ANNUAL_REPORT, "as afi1"),
    ("jtai-leeds-2024-afi3", "leeds-scp"): ("not-started", ANNUAL_REPORT, "as afi1"),
    ("jtai-leeds-2024-action-plan", "leeds-scp"): ("in-progress", ANNUAL_REPORT,
        "JTAI: 'The partnership is currently developing an action plan'"),
    ("wyp-custody-2023-1", "wyp"): ("complete", ANNUAL_REPORT,
        "Custody: 'A new joint protocol has been written and agreed'; the audit is to "
        "follow, so complete, not verified"),
    ("wyp-custody-2023-2", "wyp"): ("complete", ANNUAL_REPORT,
        "Custody: 'This has been re-briefed to all custody inspectors'; audit to follow"),
    ("wyp-custody-2023-3", "wyp"): ("in-progress", ANNUAL_REPORT,
        "Custody: 'Leeds District are trialling a process'"),
    ("wyp-custody-2023-1-audit", "wyp"): ("not-started", ANNUAL_REPORT,
        "Custody: audit work 'will be undertaken'"),
    ("wyp-custody-2023-2-audit", "wyp"): ("not-started", ANNUAL_REPORT,
        "Custody: the central team 'will undertake audit work'"),
    ("wyp-custody-2023-3-review", "wyp"): ("not-started", ANNUAL_REPORT,
        "Custody: the trial 'will be dip sampled and reviewed'"),
    ("gbcse-2023-problem-profiles", "wyp"): ("in-progress", ANNUAL_REPORT,
        "National: 'progress continuing to be made in this area'"),
    ("race-disparity-2024-yjb-toolkit", "wyp"): ("in-progress", ANNUAL_REPORT,
        "National: 'work is ongoing to include the level of detail required'"),
    ("ocsea-2023-schools", "wyp"): ("in-progress", ANNUAL_REPORT,
        "National: 'the force is reviewing the NCA products'"),
    ("ocsea-2023-services", "wy-mayor"): ("in-progress", ANNUAL_REPORT,
        "National: 'the Mayor's office commission services'; the referral routes the "
        "recommendation also asks for are not reported, so not complete"),
    ("ocsea-2023-referrals", "wyp"): ("in-progress", ANNUAL_REPORT,
        "National: 'further work is ongoing in this area'"),
    ("ap-thematic-2023-learning", "leeds-send-pb"): ("in-progress", ANNUAL_REPORT,
        "Alternative provision: 'the learning from the review is progressed through the SEND "
        "Partnership Board'"),
    ("wetherby-2023-priority-concerns", "hmyoi-wetherby"): ("in-progress", ANNUAL_REPORT,
        "Wetherby: 'An action plan has been developed by the leadership to progress the "
        "improvements required'"),
    ("wetherby-2023-assurance-meeting", "leeds-scp"): ("in-progress", ANNUAL_REPORT,
        "Wetherby: 'the LSCP have requested a meeting'"),
    ("wetherby-2023-progress-to-executive", "hmyoi-wetherby"): ("not-started", ANNUAL_REPORT,
        "Wetherby: updates 'will be presented' in July 2024, after the document"),
}  # fmt: skip
# No response: the document reports only the Mayor's office's answer to the services
# recommendation, not the force's; so ("ocsea-2023-services", "wyp") has none.

AS_AT = date(2024, 6, 30)  # the one as-at date of the document's statements (see responses/)


@pytest.fixture(scope="module")
def register() -> Any:
    checked = check(REPO / "data", as_of=date(2024, 7, 1), today=date(2024, 7, 1))
    assert not checked.has_errors
    return checked.register


def test_every_inspection_date_is_the_documents(register: Any) -> None:
    held = {i.id: (i.fieldwork_start, i.fieldwork_end, i.published)
            for i in register.inspections.values()}  # fmt: skip
    assert held == {k: v[:3] for k, v in INSPECTIONS.items()}


def test_every_inspectorate_is_the_documents_or_says_why(register: Any) -> None:
    held = {i.id: i.inspectorates for i in register.inspections.values()}
    assert held == {k: v[0] for k, v in INSPECTORATES.items()}


def test_every_owner_deadline_and_recurrence_is_the_documents(register: Any) -> None:
    held = {r.id: (str(r.kind), list(register.owners[r.id]), r.due, r.recurs)
            for r in register.recommendations.values()}  # fmt: skip
    assert held == {k: (v[0], v[1], v[2], v[3]) for k, v in RECOMMENDATIONS.items()}


def test_every_status_is_the_documents_and_names_its_source(register: Any) -> None:
    held = {}
    for (agency, rec), response in register.responses.items():
        (only,) = response.updates  # the document gives one position for each
        held[(rec, agency)] = (str(only.status), only.source)
        assert only.date == AS_AT
        assert not response.extensions and not response.evidence
    assert held == {k: v[:2] for k, v in STATUSES.items()}


def test_every_row_says_where_the_fact_is_stated_or_why_it_is_inferred() -> None:
    wheres = [row[-1] for table in (INSPECTIONS, INSPECTORATES, RECOMMENDATIONS, STATUSES)
              for row in table.values()]  # fmt: skip
    places = ("JTAI:", "Custody:", "PEEL:", "National:", "Alternative provision:", "Wetherby:",
              "inferred:", "as ")  # fmt: skip
    assert all(where.startswith(places) for where in wheres)
