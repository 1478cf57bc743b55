"""The words of the register: statuses, kinds, markings, flags, colours, audiences, and
what each status, flag, RAG rule and formula means, in the words the paper, the help
and the docs print.

Plain enumerations and text with no dependencies, so that the command line can offer
them as choices, and make its help from them, without importing the models;
assessment.py decides each one.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    VERIFIED = "verified"
    SUPERSEDED = "superseded"
    NOT_APPLICABLE = "not-applicable"
    NOT_ACCEPTED = "not-accepted"
    RISK_ACCEPTED = "risk-accepted"


class Kind(StrEnum):
    RECOMMENDATION = "recommendation"
    CAUSE_OF_CONCERN = "cause-of-concern"
    AREA_FOR_IMPROVEMENT = "area-for-improvement"
    PRIORITY_CONCERN = "priority-concern"
    KEY_CONCERN = "key-concern"
    MUST_DO = "must-do"
    SHOULD_DO = "should-do"
    ACTION = "action"


class Marking(StrEnum):
    OFFICIAL = "official"
    OFFICIAL_SENSITIVE = "official-sensitive"


class Scope(StrEnum):
    LOCAL = "local"
    NATIONAL = "national"


class Purpose(StrEnum):
    """What a board paper is for (its cover says so)."""

    NOTING = "noting"
    ASSURANCE = "assurance"
    DECISION = "decision"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Flag(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    SLIPPED = "slipped"
    EXTENSION_PENDING = "extension-pending"
    NO_RESPONSE = "no-response"
    STALE = "stale"
    RECURRING = "recurring"
    LAPSED = "lapsed"
    UNPUBLISHED = "unpublished"


class Rag(StrEnum):
    BLUE = "blue"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


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


def suggest(word: object, choices: list[str]) -> str | None:
    """The word the user most likely meant: the same word written with hyphens
    (`in progress`, `In_Progress` -> `in-progress`), else the closest spelling."""
    import difflib

    normal = "-".join(str(word).strip().lower().replace("_", " ").split())
    if normal in choices:
        return normal
    close = difflib.get_close_matches(normal, choices, n=1)
    return close[0] if close else None


def choice_hint(word: object, choices: list[str]) -> str:
    """What to write instead of a word not in a closed set: `did you mean 'in-progress'?
    (one of ...)`, or `use one of ...` when no word is close."""
    close = suggest(word, choices)
    listed = ", ".join(choices)
    return f"did you mean '{close}'? (one of {listed})" if close else f"use one of {listed}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 obligation`, `3 obligations`, `no obligations`: a count in words that agree."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{'no' if count == 0 else count} {word}"
