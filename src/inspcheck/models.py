"""The two file kinds as pydantic models: the data boundary, and the source of the JSON Schemas.

Every scalar arrives as the text the user wrote (see yamlread); a value is converted
only by the field it fills, so `title: no` stays the text "no".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass

from inspcheck.dates import Month, parse_date, parse_day_or_month
from inspcheck.vocabulary import Kind, Marking, Priority, Scope, Status, suggest

# One address, no display name, no spaces, commas or angle brackets: what a chaser's To:
# header can carry as it is.
_MAILBOX = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
RECURRENCES = ("annually", "six-monthly", "quarterly", "monthly")
_ISO_PERIOD = re.compile(r"P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?")


def _date(value: object) -> object:
    return parse_date(value) if isinstance(value, str) else value


def _day_or_month(value: object) -> object:
    return parse_day_or_month(value) if isinstance(value, str) else value


def _published(value: object) -> object:
    if value == "yes":
        return True
    return _day_or_month(value)


def _mailbox(value: object) -> object:
    if isinstance(value, str) and not _MAILBOX.fullmatch(value):
        raise ValueError(
            f"'{value}' is not an email address; write the agency's role mailbox, "
            "e.g. safeguarding.partnership@example.gov.uk"
        )
    return value


def _recurrence(value: object) -> object:
    if isinstance(value, str) and value not in RECURRENCES and not _ISO_PERIOD.fullmatch(value):
        close = suggest(value, list(RECURRENCES))
        hint = f"did you mean '{close}'? Or use" if close else "use"
        raise ValueError(
            f"'{value}' is not a recurrence; {hint} annually, six-monthly, quarterly, monthly "
            "or an ISO 8601 period such as P1Y or P6M"
        )
    return value


# What editors are told (JSON Schema, draft-07): the forms inspcheck accepts, as
# close as a pattern can say them (day 1-31, month 1-12 or a month's name in any case,
# day first); inspcheck itself is the final word (30 February, say).
def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_MONTH_WORDS = "|".join(_any_case(m) for m in (
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun",
    "july", "jul", "august", "aug", "september", "sept", "sep", "october", "oct", "november",
    "nov", "december", "dec"))  # fmt: skip
_DAY = r"(0?[1-9]|[12][0-9]|3[01])"
DATE_SCHEMA = {
    "type": "string",
    "pattern": (
        r"^\s*([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        rf"|{_DAY}/(0?[1-9]|1[0-2])/[0-9]{{4}}"
        rf"|{_DAY}({_any_case('st')}|{_any_case('nd')}|{_any_case('rd')}|{_any_case('th')})?"
        rf"\s+({_MONTH_WORDS})\.?\s+[0-9]{{4}})\s*$"
    ),
    "description": "A date: 2024-12-31, 31/12/2024, 31 December 2024, 31st December 2024 or "
    "31 Dec 2024 (day first).",
}
# An editor reading YAML 1.2 sees `ref: 3.10` as a number; inspcheck reads it as the text.
TEXT_SCHEMA = {"type": ["string", "number", "boolean"], "minLength": 1}
RECURRENCE_PATTERN = (
    r"^(annually|six-monthly|quarterly|monthly|P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?)$"
)

MONTH_SCHEMA = {
    "type": "string",
    "pattern": rf"^\s*(({_MONTH_WORDS})\.?\s+[0-9]{{4}}|[0-9]{{4}}-(0?[1-9]|1[0-2]))\s*$",
    "description": "A month, when the day is not known: September 2023, Sept 2023 or 2023-09.",
}
Day = Annotated[date, BeforeValidator(_date), WithJsonSchema(DATE_SCHEMA)]
DayOrMonth = Annotated[
    date | Month,
    BeforeValidator(_day_or_month),
    WithJsonSchema({"anyOf": [DATE_SCHEMA, MONTH_SCHEMA]}),
]
Mailbox = Annotated[
    str,
    BeforeValidator(_mailbox),
    WithJsonSchema({"type": "string", "pattern": f"^{_MAILBOX.pattern}$"}),
]
# What YAML reads as null: in a text field, never the text "~" or "null".
YAML_NULLS = frozenset({"~", "null", "Null", "NULL"})


def _not_null(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str) and value.strip() in YAML_NULLS:
        raise ValueError(f"'{value.strip()}' is YAML's null, not text: write the {info.field_name}")
    return value


Text = Annotated[
    str, BeforeValidator(_not_null), StringConstraints(min_length=1), WithJsonSchema(TEXT_SCHEMA)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Recurrence = Annotated[
    str,
    BeforeValidator(_recurrence),
    WithJsonSchema({"type": "string", "pattern": RECURRENCE_PATTERN}),
]
Published = Annotated[
    date | Month | Literal[True],
    BeforeValidator(_published),
    WithJsonSchema({"anyOf": [DATE_SCHEMA, MONTH_SCHEMA, {"enum": ["yes", True]}]}),
]


def _version(value: object) -> object:
    return 1 if value == "1" else value


Version = Annotated[Literal[1], BeforeValidator(_version), WithJsonSchema({"enum": [1, "1"]})]


_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=False)


class _Strict(BaseModel):
    model_config = ConfigDict(**_STRICT, frozen=True)


# Responses and what they hold are the bulk of a register (a national one has hundreds of
# thousands of updates): slotted dataclasses, validated by pydantic just the same, take a
# sixth of the memory of models and validate faster.


class Agency(_Strict):
    id: Slug = Field(description="Lowercase slug, unique across the data repo, e.g. wyp.")
    name: Text = Field(description="The agency's name as a board knows it.")
    kind: Slug = Field(
        "other",
        description="Free slug grouping agencies (police, local-authority, health...); "
        "owners may name kind:<kind> to mean every agency of that kind.",
    )
    contact: Mailbox | None = Field(
        None,
        description="A role mailbox that chasers are addressed to "
        "(safeguarding.partnership@example.gov.uk); never a person's name.",
    )


class Inspection(_Strict):
    id: Slug = Field(description="Unique id of the inspection, e.g. gbcse-2023.")
    title: Text = Field(description="The inspection's title, printed where there is room.")
    short_title: Text | None = Field(
        None, description="The name tables print, e.g. JTAI Leeds 2024; the id when absent."
    )
    inspectorates: list[Text] = Field(
        default_factory=list, description="Inspectorates that carried it out, e.g. [HMICFRS, CQC]."
    )
    scope: Scope = Field(
        Scope.LOCAL, description="local: made to named agencies; national: to every agency."
    )
    fieldwork_start: DayOrMonth | None = Field(
        None, description="First day of fieldwork, or its month (September 2023)."
    )
    fieldwork_end: DayOrMonth | None = Field(
        None, description="Last day of fieldwork, or its month."
    )
    published: Published | None = Field(
        None,
        description="Publication date, or its month (counted from the month's last day); "
        "`yes` if published on a date not known; "
        "absent means not yet published (kept out of public papers).",
    )
    url: Text | None = Field(None, description="Where the report is published.")


class Recommendation(_Strict):
    id: Slug = Field(description="Unique id, e.g. gbcse-2023-r2.")
    inspection: Slug = Field(description="Id of the inspection that made it.")
    kind: Kind = Field(description="What the inspectorate called it.")
    ref: Text | None = Field(None, description="The label printed in the report.")
    title: Text = Field(description="Short title, for tables.")
    text: Text = Field(description="The recommendation as written.")
    owners: list[Text] = Field(
        min_length=1,
        description="Agency ids that must act, or kind:<kind> for every agency of that kind.",
    )
    due: Day | None = Field(None, description="Original deadline; absent means no deadline.")
    recurs: Recurrence | None = Field(
        None,
        description="For a duty that renews: annually, six-monthly, quarterly, monthly or an "
        "ISO 8601 period (P1Y).",
    )
    priority: Priority | None = Field(None, description="high, medium or low.")
    themes: list[Slug] = Field(default_factory=list, description="Theme slugs, e.g. [cse].")
    supersedes: list[Slug] = Field(
        default_factory=list, description="Ids of earlier recommendations this replaces."
    )
    marking: Marking = Field(
        Marking.OFFICIAL, description="official, or official-sensitive (never in public papers)."
    )


@pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_STRICT)
class Update:
    date: Day = Field(description="When this progress was reported.")
    status: Status = Field(description="The status from this date on.")
    note: Text = Field(description="What was done, in a sentence or two.")
    marking: Marking = Field(Marking.OFFICIAL, description="official or official-sensitive.")
    source: Text | None = Field(
        None,
        description="Where this progress was reported, when it was not recorded first-hand "
        "(LSCP annual report 2023-24).",
    )


@pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_STRICT)
class Extension:
    to: Day = Field(description="The new deadline asked for.")
    approved: Day | None = Field(None, description="When it was approved; absent = requested.")
    by: Text | None = Field(None, description="Who approved it (a board or role).")
    reason: Text | None = Field(None, description="Why more time is needed.")


@pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_STRICT)
class Evidence:
    date: Day | None = Field(None, description="Date of the evidence.")
    title: Text = Field(description="What the evidence is.")
    ref: Text | None = Field(None, description="A URL or document reference.")
    marking: Marking = Field(Marking.OFFICIAL, description="official or official-sensitive.")


@pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_STRICT)
class Response:
    recommendation: Slug = Field(description="Id of the recommendation responded to.")
    lead: Text | None = Field(None, description="The lead as a role, never a person's name.")
    updates: list[Update] = Field(
        min_length=1, description="Append-only progress log; file order does not matter."
    )
    extensions: list[Extension] = Field(
        default_factory=list, description="Agreed or requested changes to the deadline."
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Evidence of progress.")
    next_review: Day | None = Field(None, description="When progress is next reviewed.")


class RegisterFile(_Strict):
    """recommendations.yaml and recommendations/*.yaml."""

    version: Version = Field(description="Format version: 1.")
    agencies: list[Agency] = Field(default_factory=list, description="Agencies that own actions.")
    inspections: list[Inspection] = Field(default_factory=list, description="Inspections.")
    recommendations: list[Recommendation] = Field(
        default_factory=list, description="Recommendations and other findings to act on."
    )


class ResponsesFile(_Strict):
    """responses/<agency>.yaml."""

    version: Version = Field(description="Format version: 1.")
    agency: Slug = Field(description="Id of the agency whose responses these are.")
    responses: list[Response] = Field(description="One entry per recommendation it owns.")


class PaperSettings(_Strict):
    """The board paper's cover, where the options do not say otherwise (SPEC 5)."""

    board: Text | None = Field(
        None, description="The board the paper goes to, e.g. LSCP Executive."
    )
    author: Text | None = Field(None, description="Who wrote it: a role, never a person's name.")
    lead: Text | None = Field(None, description="Who presents it: a role, never a person's name.")


class Settings(_Strict):
    """inspcheck.yaml."""

    organisation: Text | None = Field(None, description="Shown on board papers.")
    paper: PaperSettings = Field(
        default_factory=lambda: PaperSettings(),
        description="The board paper's cover: board, author and lead (roles).",
    )
    due_soon_days: int = Field(30, ge=0, description="Days ahead that count as due soon.")
    stale_days: int = Field(90, ge=1, description="Days without an update that count as stale.")
