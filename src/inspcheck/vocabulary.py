"""The words of the register: statuses, kinds, markings, flags, colours, audiences.

Plain enumerations with no dependencies, so that the command line can offer them as
choices without importing the models; what each one means is defined in assessment.
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
