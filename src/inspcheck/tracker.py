"""A tracker's rows read as register entries (SPEC 7): the header row found, the headers
matched, the status words mapped, the dates read, and every cell that could not be used
a finding naming it. Pure: the sheet and what the register already holds come in, a
plan goes out; importing.py writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from inspcheck.dates import DateError, Month, parse_date, parse_day_or_month
from inspcheck.findings import Severity
from inspcheck.registry import (
    BAD_DATE,
    CELL_TOO_LONG,
    FORMULA_WITHOUT_VALUE,
    MONTH_ONLY_DATE,
    NO_AGENCY,
    NO_DUE_DATE,
    NO_HEADER_ROW,
    NO_INSPECTION,
    NO_TEXT_COLUMN,
    NO_UPDATE_DATE,
    REPEATED_REF,
    ROW_WITHOUT_TEXT,
    UNKNOWN_AGENCY,
    UNKNOWN_INSPECTION,
    UNKNOWN_KIND,
    UNKNOWN_MARKING,
    UNKNOWN_STATUS,
    UNUSED_PRIORITY,
    Rule,
)
from inspcheck.spreadsheet import Sheet, Value
from inspcheck.vocabulary import Kind, Marking, Priority, Status, suggest

W = TypeVar("W", Kind, Marking)


class Column(StrEnum):
    """What a tracker's column holds, in the register's terms."""

    REF = "ref"
    TEXT = "text"
    TITLE = "title"
    ACTION = "action"
    AGENCY = "agency"
    LEAD = "lead"
    DUE = "due"
    REVISED_DUE = "revised_due"
    STATUS = "status"
    UPDATE = "update"
    UPDATE_DATE = "update_date"
    EVIDENCE = "evidence"
    PRIORITY = "priority"
    INSPECTION = "inspection"
    # Beyond SPEC 7's table: what `status -f xlsx` writes, so that its workbook reads back
    # as the same obligations.
    KIND = "kind"
    RECURS = "recurs"
    MARKING = "marking"
    SOURCE = "source"


# SPEC 7's table: the headers trackers use for each column, compared by normal().
HEADERS: dict[Column, tuple[str, ...]] = {
    Column.REF: ("ref", "no", "no.", "#", "number", "id", "rec no", "recommendation number"),
    Column.TEXT: ("recommendation", "recommendation text", "area for improvement", "afi",
                  "finding", "item to be rectified", "exception", "concern", "must do",
                  "should do"),
    Column.TITLE: ("title", "short title", "summary", "theme"),
    Column.ACTION: ("action", "actions", "actions required", "smart actions", "agreed action",
                    "management response"),
    Column.AGENCY: ("agency", "organisation", "responsibility", "responsible agency",
                    "lead agency", "owner"),
    Column.LEAD: ("lead", "lead officer", "responsible officer", "person responsible",
                  "action owner"),
    Column.DUE: ("due", "due date", "deadline", "target date", "timescale", "agreed date",
                 "target completion date"),
    Column.REVISED_DUE: ("revised due", "revised date", "revised target date",
                         "new expected date", "revised target completion date"),
    Column.STATUS: ("status", "rag", "rag status", "progress rating", "assessment", "achieved"),
    Column.UPDATE: ("progress", "update", "progress update", "comment", "comments",
                    "latest update"),
    Column.UPDATE_DATE: ("date of update", "updated", "last updated", "date updated"),
    Column.EVIDENCE: ("evidence", "evidence of completion"),
    Column.PRIORITY: ("priority",),
    Column.INSPECTION: ("inspection", "report", "source report"),
    Column.KIND: ("kind",),
    Column.RECURS: ("recurs", "recurrence", "frequency"),
    Column.MARKING: ("marking", "protective marking", "classification"),
    Column.SOURCE: ("source", "reported in"),
}  # fmt: skip
UPDATE_PREFIXES = ("progressat", "update")  # "Progress at LSCP Executive, Jan 25", "Update Q3"

# SPEC 7's default status words. RAG words map to in-progress: RAG is inspcheck's to work out.
STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETE: ("complete", "completed", "done", "closed", "implemented", "achieved",
                      "fully achieved", "green"),
    Status.VERIFIED: ("verified", "assured", "signed off", "blue"),
    Status.IN_PROGRESS: ("in progress", "ongoing", "on track", "on target",
                         "partially achieved", "amber", "red", "not achieved", "overdue",
                         "behind"),
    Status.NOT_STARTED: ("not started", "not yet started", "awaiting allocation"),
    Status.SUPERSEDED: ("superseded",),
    Status.NOT_APPLICABLE: ("not applicable", "n/a", "white", "not our responsibility"),
    Status.NOT_ACCEPTED: ("not accepted", "not agreed", "declined"),
    Status.RISK_ACCEPTED: ("risk accepted",),
}  # fmt: skip

# The kind a text column's header names, when neither --kind nor the map gives one.
KIND_OF_HEADER = {
    "areaforimprovement": Kind.AREA_FOR_IMPROVEMENT, "afi": Kind.AREA_FOR_IMPROVEMENT,
    "mustdo": Kind.MUST_DO, "shoulddo": Kind.SHOULD_DO, "concern": Kind.CAUSE_OF_CONCERN,
}  # fmt: skip

NO_DATE = ("", "none", "na", "tbc", "tba", "tobeconfirmed", "notapplicable", "notset", "ongoing")
HEADER_ROWS = 20  # the header is found among the first 20 rows
MAX_CELL = 32_767  # Excel's own limit on a cell: anything longer is not a tracker's cell
TITLE_LENGTH = 60


def normal(text: object) -> str:
    """A header or word compared ignoring case, spaces and punctuation (`#` is kept: alone,
    it is a header)."""
    return re.sub(r"[^a-z0-9#]", "", str(text).lower())


K = TypeVar("K", Column, Status)


def _by_normal(table: Mapping[K, tuple[str, ...]]) -> dict[str, K]:
    return {normal(word): key for key, words in table.items() for word in words}


_HEADER_OF = _by_normal(HEADERS)
_STATUS_OF = _by_normal(STATUS_WORDS)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the command line and the map file (SPEC 7) say about the tracker."""

    header_row: int | None = None
    columns: dict[str, Column] = field(default_factory=dict)  # header as written -> column
    statuses: dict[str, Status] = field(default_factory=dict)  # word as written -> status
    inspection: str | None = None
    agency: str | None = None
    kind: Kind | None = None
    as_at: date | None = None


class MapFile(BaseModel):
    """A --map file (SPEC 7): what the header-matching and the status table cannot know."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    class Defaults(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        inspection: str | None = None
        inspection_title: str | None = None
        agency: str | None = None
        agency_name: str | None = None
        kind: Kind | None = None
        as_at: str | None = None

    sheet: str | None = None
    header_row: int | None = PydanticField(None, ge=1)
    columns: dict[str, Column] = PydanticField(default_factory=dict)
    statuses: dict[str, Status] = PydanticField(default_factory=dict)
    defaults: Defaults = PydanticField(default_factory=Defaults)


@dataclass(frozen=True, slots=True)
class Known:
    """What the register already holds that rows are matched against."""

    agencies: dict[str, str]  # id -> name
    inspections: dict[str, tuple[str, ...]]  # id -> its title and short title


@dataclass(frozen=True, slots=True)
class CellFinding:
    """A problem at one cell (`Action plan!C12`), row (`row 12`) or sheet (`Action plan`)."""

    place: str
    severity: Severity
    rule: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @classmethod
    def of(cls, rule: Rule, place: str, message: str) -> CellFinding:
        return cls(place, rule.severity, rule.id, message)


@dataclass(frozen=True, slots=True)
class Heading:
    """One column of the tracker: its header as written, and what it was taken for."""

    index: int  # 1-based
    header: str
    column: Column | None  # None: not used
    why: str = ""  # why a column with a header is not used


@dataclass(frozen=True, slots=True, eq=False)
class Row:
    """One recommendation and its owners' responses, as a row of the tracker gives them."""

    number: int
    id: str
    inspection: str
    owners: tuple[str, ...]
    kind: Kind
    ref: str | None
    title: str
    text: str
    due: date | None
    revised_due: date | None
    status: Status
    note: str
    noted: bool  # the note is the row's own, not "Imported from FILE"
    dated: date | None  # the update's date; None: the row reports nothing (no response yet)
    lead: str | None
    evidence: str | None
    priority: Priority | None
    recurs: str | None
    marking: Marking | None
    source: str | None
    places: dict[str, str]  # register key -> the cell it came from


@dataclass(frozen=True, slots=True)
class Plan:
    header_row: int | None
    headings: list[Heading]
    rows: list[Row]
    findings: list[CellFinding]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def plan(sheet: Sheet, settings: Settings, known: Known, source: str) -> Plan:
    """The register entries the sheet's rows become; `source` names the file in notes."""
    findings: list[CellFinding] = []
    header = _header_row(sheet, settings)
    if header is None:
        findings.append(_sheet_error(sheet, NO_HEADER_ROW,
            f"none of the first {HEADER_ROWS} rows has two headers inspcheck knows (such as "
            "Ref, Recommendation, Due date, Status); give a --map file with header_row and "
            "columns"))  # fmt: skip
        return Plan(None, [], [], findings)
    number, cells = header
    headings = _headings(cells, settings)
    used = {h.column for h in headings if h.column}
    if Column.TEXT not in used:
        findings.append(_sheet_error(sheet, NO_TEXT_COLUMN,
            f"row {number} has no recommendation column (a header such as Recommendation, "
            "Area for improvement or Finding); name it in a --map file's columns"))  # fmt: skip
        return Plan(number, headings, [], findings)
    reader = _RowReader(sheet, settings, known, headings, source, findings)
    rows = [r for n, values in sheet.rows if n > number
            if (r := reader.row(n, values)) is not None]  # fmt: skip
    _no_repeats(sheet, rows, findings)
    return Plan(number, headings, rows, findings)


def _sheet_error(sheet: Sheet, rule: Rule, message: str) -> CellFinding:
    return CellFinding.of(rule, sheet.name or "", message)


def _header_row(sheet: Sheet, settings: Settings) -> tuple[int, list[Value]] | None:
    if settings.header_row is not None:
        found = [(n, row) for n, row in sheet.rows if n == settings.header_row]
        return found[0] if found else (settings.header_row, [])
    mapped = {normal(h) for h in settings.columns}
    for number, row in sheet.rows:
        if number > HEADER_ROWS:
            break
        known = sum(1 for cell in row if _column_of(cell, mapped) is not None)
        if known >= 2:
            return number, row
    return None


def _column_of(cell: Value, mapped: set[str]) -> str | None:
    key = normal(cell)
    if not key:
        return None
    if key in mapped or key in _HEADER_OF:
        return key
    return key if key.startswith(UPDATE_PREFIXES) else None


def _headings(cells: list[Value], settings: Settings) -> list[Heading]:
    mapped = {normal(header): column for header, column in settings.columns.items()}
    headings: list[Heading] = []
    taken: dict[Column, str] = {}
    for index, cell in enumerate(cells, 1):
        header = _text(cell)
        if not header:
            continue
        key = normal(header)
        column = mapped.get(key) or _default_column(key)
        if column is None:
            headings.append(Heading(index, header, None, "not a header inspcheck knows"))
        elif column in taken and column is not Column.UPDATE:
            headings.append(Heading(index, header, None, f"'{taken[column]}' is already {column}"))
        else:
            taken.setdefault(column, header)
            headings.append(Heading(index, header, column))
    return headings


def _default_column(key: str) -> Column | None:
    if key in _HEADER_OF:
        return Column(_HEADER_OF[key])
    return Column.UPDATE if key.startswith(UPDATE_PREFIXES) else None


class _Described(NamedTuple):
    title: str
    lead: str | None
    evidence: str | None
    priority: Priority | None
    kind: Kind
    marking: Marking | None
    recurs: str | None
    source: str | None


class _RowReader:
    """Reads each data row against the headings, adding a finding for each unusable cell."""

    def __init__(self, sheet: Sheet, settings: Settings, known: Known, headings: list[Heading],
                 source: str, findings: list[CellFinding]) -> None:  # fmt: skip
        self.sheet, self.settings, self.known = sheet, settings, known
        self.source, self.findings = source, findings
        self.errors = 0  # added so far
        self.columns: dict[Column, list[int]] = {}
        for h in headings:
            if h.column is not None:
                self.columns.setdefault(h.column, []).append(h.index)
        text_header = next(h.header for h in headings if h.column is Column.TEXT)
        self.kind = settings.kind or KIND_OF_HEADER.get(normal(text_header), Kind.RECOMMENDATION)
        self.statuses = {normal(k): v for k, v in settings.statuses.items()}
        self.agency_names = {normal(name): id for id, name in known.agencies.items()}
        self.agency_names.update({normal(id): id for id in known.agencies})
        self.inspection_names = {normal(name): id for id, names in known.inspections.items()
                                 for name in (id, *names)}  # fmt: skip

    # --- cells ---

    def place(self, number: int, column: int) -> str:
        return self.sheet.place(number, column)

    def add(self, rule: Rule, place: str, message: str) -> None:
        self.findings.append(CellFinding.of(rule, place, message))
        self.errors += rule.severity is Severity.ERROR

    def cell(self, number: int, values: list[Value], column: Column) -> tuple[Value, int] | None:
        """The first non-empty cell of the column's columns (the last, for updates: the
        rightmost update is the latest), with its 1-based index."""
        indexes = self.columns.get(column, [])
        if column is Column.UPDATE:
            indexes = indexes[::-1]
        for index in indexes:
            value = values[index - 1] if index <= len(values) else ""
            if (number, index) in self.sheet.no_value:
                self.add(
                    FORMULA_WITHOUT_VALUE,
                    self.place(number, index),
                    "holds a formula saved with no value; open the file in Excel or "
                    "LibreOffice, let it calculate, and save it",
                )
                continue
            if isinstance(value, str) and len(value) > MAX_CELL:
                self.add(
                    CELL_TOO_LONG,
                    self.place(number, index),
                    f"holds {len(value):,} characters, more than a spreadsheet cell "
                    f"can ({MAX_CELL:,}); shorten it",
                )
                continue
            if value != "" and not (isinstance(value, str) and not value.strip()):
                return value, index
        return None

    def text(self, number: int, values: list[Value], column: Column) -> tuple[str, int] | None:
        found = self.cell(number, values, column)
        if found is None:
            return None
        value, index = found
        return _text(value), index

    # --- the row ---

    def row(self, number: int, values: list[Value]) -> Row | None:
        """The row as a recommendation and its response, or None when a cell it needs
        is unusable (each such cell has its finding) or it has no text."""
        errors = self.errors
        text = self.text(number, values, Column.TEXT)
        if text is None:
            if self.errors == errors:  # else the text's cell could not be read: said there
                self.add(ROW_WITHOUT_TEXT, self.sheet.place(number),
                         "has no recommendation text; skipped")  # fmt: skip
            return None
        places = {"row": self.sheet.place(number), "text": self.place(number, text[1])}
        inspection = self.inspection(number, values, places)
        owners = self.owners(number, values, places)
        ref = self.placed(number, values, Column.REF, places)
        due = self.day(number, values, Column.DUE, places, "due")
        revised = self.day(number, values, Column.REVISED_DUE, places, "revised_due")
        status = self.status(number, values, places)
        note = self.note(number, values, places)
        dated = self.dated(number, values, places,
                           reports=note is not None or "status" in places)  # fmt: skip
        more = self.described(number, values, text[0], places)
        if self.errors > errors or inspection is None:
            return None
        assert status is not None and owners is not None
        if dated is not None and note is None:
            note = f"Imported from {self.source}"
        id = _row_id(inspection, ref, number)
        return Row(
            number=number, id=id, inspection=inspection, owners=owners, kind=more.kind,
            ref=None if id == ref else ref,  # a full id (a workbook inspcheck wrote) is no label
            title=more.title, text=text[0], due=due, revised_due=revised, status=status,
            note=note or "", noted="note" in places, dated=dated, lead=more.lead,
            evidence=more.evidence, priority=more.priority, recurs=more.recurs,
            marking=more.marking, source=more.source, places=places,
        )  # fmt: skip

    def described(self, number: int, values: list[Value], text: str,
                  places: dict[str, str]) -> _Described:  # fmt: skip
        """What a row may add beyond its recommendation and its response's status, read
        cell by cell from left to right of the Row."""
        return _Described(
            title=self.title(number, values, text, places),
            lead=self.placed(number, values, Column.LEAD, places),
            evidence=self.placed(number, values, Column.EVIDENCE, places),
            priority=self.priority(number, values),
            kind=self.word(number, values, Column.KIND, Kind, places) or self.kind,
            marking=self.word(number, values, Column.MARKING, Marking, places),
            recurs=self.placed(number, values, Column.RECURS, places),
            source=self.placed(number, values, Column.SOURCE, places),
        )

    def placed(self, number: int, values: list[Value], column: Column,
               places: dict[str, str]) -> str | None:  # fmt: skip
        """A cell's text, its place kept under the column's name, for the findings on the
        register that point back to it."""
        found = self.text(number, values, column)
        if found is None:
            return None
        places[column] = self.place(number, found[1])
        return found[0]

    def title(self, number: int, values: list[Value], text: str, places: dict[str, str]) -> str:
        """The title column's, or else one made from the text, whose cell it then shares."""
        title = self.placed(number, values, Column.TITLE, places)
        if title is None:
            places[Column.TITLE] = places[Column.TEXT]
            return short_title(text)
        return title

    def inspection(self, number: int, values: list[Value], places: dict[str, str]) -> str | None:
        found = self.text(number, values, Column.INSPECTION)
        if found is None:
            if self.settings.inspection is None:
                self.add(
                    NO_INSPECTION,
                    self.sheet.place(number),
                    "names no inspection; give --inspection ID",
                )
            return self.settings.inspection
        name, index = found
        places["inspection"] = self.place(number, index)
        match = self.inspection_names.get(normal(name))
        if match is None:
            close = suggest(name, list(self.known.inspections))
            hint = f"did you mean '{close}'?" if close else "add it to the register first"
            self.add(
                UNKNOWN_INSPECTION,
                places["inspection"],
                f"'{name}' is no inspection in the register; {hint}",
            )
        return match

    def owners(
        self, number: int, values: list[Value], places: dict[str, str]
    ) -> tuple[str, ...] | None:
        found = self.text(number, values, Column.AGENCY)
        if found is None:
            if self.settings.agency is None:
                self.add(NO_AGENCY, self.sheet.place(number), "names no agency; give --agency ID")
                return None
            return (self.settings.agency,)
        name, index = found
        places["owners"] = self.place(number, index)
        whole = self.agency_names.get(normal(name))
        if whole is not None:
            return (whole,)
        parts = [p for p in re.split(r"\s*(?:[;,/&\n]|\band\b)\s*", name) if p.strip()]
        matched = [self.agency_names.get(normal(p)) for p in parts]
        if len(parts) > 1 and all(matched):
            return tuple(dict.fromkeys(m for m in matched if m))
        unknown = next((p for p, m in zip(parts, matched, strict=True) if m is None), name)
        close = suggest(unknown, list(self.known.agencies))
        hint = (
            f"did you mean '{close}'?"
            if close
            else "write an agency's id or name, or add the agency to the register first"
        )
        self.add(
            UNKNOWN_AGENCY, places["owners"], f"'{unknown}' is no agency in the register; {hint}"
        )
        return None

    def day(self, number: int, values: list[Value], column: Column, places: dict[str, str],
             key: str) -> date | None:  # fmt: skip
        found = self.cell(number, values, column)
        if found is None:
            return None
        value, index = found
        place = places[key] = self.place(number, index)
        day, rule, message = read_date(value)
        if rule is NO_DUE_DATE and column is not Column.DUE:  # no date is a due date's only
            rule, message = BAD_DATE, f"'{_text(value)}' is not a date"
        if rule is not None:
            self.add(rule, place, message)
        return day

    def status(self, number: int, values: list[Value], places: dict[str, str]) -> Status | None:
        found = self.text(number, values, Column.STATUS)
        if found is None:
            return Status.NOT_STARTED  # with no note either, no response (see dated)
        word, index = found
        places["status"] = self.place(number, index)
        key = normal(word) if normal(word) else word.strip().lower()
        status = self.statuses.get(key) or _STATUS_OF.get(key)
        if status is None:
            self.add(
                UNKNOWN_STATUS,
                places["status"],
                f"'{word}' is no status inspcheck knows; say what it means in a --map "
                f'file\'s statuses (e.g. statuses: {{"{word}": in-progress}})',
            )
            return None
        return Status(status)

    def dated(self, number: int, values: list[Value], places: dict[str, str],
              *, reports: bool) -> date | None:  # fmt: skip
        """The update's date: the row's own, else --as-at. A row that reports nothing (no
        status, no note, no date: a row of `status -f xlsx` for an obligation with no
        response) needs none: its owners have no response yet."""
        found = self.day(number, values, Column.UPDATE_DATE, places, "date")
        if found is not None:
            return found
        if self.settings.as_at is None and reports:
            self.add(
                NO_UPDATE_DATE,
                self.sheet.place(number),
                "has no update date; give --as-at DATE, the date the tracker describes",
            )
        return self.settings.as_at if reports else None

    def note(self, number: int, values: list[Value], places: dict[str, str]) -> str | None:
        for column in (Column.UPDATE, Column.ACTION):
            found = self.text(number, values, column)
            if found is not None:
                places["note"] = self.place(number, found[1])
                return found[0]
        return None

    def word(self, number: int, values: list[Value], column: Column, words: type[W],
             places: dict[str, str]) -> W | None:  # fmt: skip
        """A cell naming one of a closed set of words (a kind, a marking), in any case and
        spacing; anything else is an error naming the cell."""
        found = self.text(number, values, column)
        if found is None:
            return None
        place = places[str(column)] = self.place(number, found[1])
        for word in words:
            if normal(word.value) == normal(found[0]):
                return word
        listed = ", ".join(w.value for w in words)
        rule = UNKNOWN_KIND if column is Column.KIND else UNKNOWN_MARKING
        self.add(rule, place, f"'{found[0]}' is no {column} inspcheck knows; write one of {listed}")
        return None

    def priority(self, number: int, values: list[Value]) -> Priority | None:
        found = self.text(number, values, Column.PRIORITY)
        if found is None:
            return None
        word = {"h": "high", "m": "medium", "l": "low"}.get(found[0].lower(), found[0].lower())
        if word in {p.value for p in Priority}:
            return Priority(word)
        self.add(
            UNUSED_PRIORITY,
            self.place(number, found[1]),
            f"'{found[0]}' is not high, medium or low; left out",
        )
        return None


def read_date(value: Value) -> tuple[date | None, Rule | None, str]:
    """A cell as a date, with the rule and message of what was made of it: no due date
    (`TBC`, `No deadline set by HMICFRS`) or a month taken as its last day are warnings,
    anything else that is not a date is an error."""
    if isinstance(value, datetime):
        return value.date(), None, ""
    if isinstance(value, date):
        return value, None, ""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return date(1899, 12, 30) + timedelta(days=int(value)), None, ""  # an unformatted date
    text = _text(value)
    key = normal(text)
    if key in NO_DATE or key.startswith("nodeadline"):
        return None, NO_DUE_DATE, f"'{text}' is taken as no due date"
    try:
        return parse_date(text), None, ""
    except DateError as exc:
        problem = str(exc)
    try:
        month = parse_day_or_month(text)
    except DateError:
        return None, BAD_DATE, f"{problem}; or a month (March 2025), or 'No deadline'"
    assert isinstance(month, Month), "a whole date was read above"
    last = month.last_day
    return (
        last,
        MONTH_ONLY_DATE,
        f"'{text}' is a month alone: taken as its last day, {last.day} {last:%B %Y}",
    )


def _text(value: Value) -> str:
    """A cell as text: numbers as a spreadsheet shows them (1, not 1.0), dates as ISO,
    line breaks as \\n, control characters and surrounding spaces removed."""
    if type(value) is str and value.isprintable() and value == value.strip():
        return value  # most cells: nothing to do
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and not value.time():
        value = value.date()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _row_id(inspection: str, ref: str | None, number: int) -> str:
    """`<inspection>-<ref as a slug>`; a ref that is already a full id (a workbook that
    inspcheck wrote) is kept as it is."""
    slug = re.sub(r"[^a-z0-9]+", "-", (ref or "").lower()).strip("-")
    if not slug:
        return f"{inspection}-row{number}"
    return slug if slug.startswith(f"{inspection}-") else f"{inspection}-{slug}"


def short_title(text: str) -> str:
    """A title for tables from the text: its first sentence, cut at a word near 60
    characters, with an ellipsis where it was cut."""
    first = re.split(r"(?<=[.;:])\s", " ".join(text.split()), maxsplit=1)[0].rstrip(".;:")
    if len(first) <= TITLE_LENGTH:
        return first
    clause = first.split(", ", 1)[0]
    if 20 <= len(clause) <= TITLE_LENGTH:
        return clause
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def _no_repeats(sheet: Sheet, rows: list[Row], findings: list[CellFinding]) -> None:
    """Rows giving one id are one recommendation when they are for different agencies
    (a row per obligation, as `status -f xlsx` writes them) and give the same text; any
    other repeat is a finding: each row must be its own recommendation."""
    first: dict[str, Row] = {}
    owners: dict[str, set[str]] = {}
    kept = []
    for row in rows:
        earlier = first.setdefault(row.id, row)
        seen = owners.setdefault(row.id, set())
        if earlier is not row and (row.text != earlier.text or seen & set(row.owners)):
            place = row.places.get("ref", row.places["row"])
            findings.append(
                CellFinding.of(
                    REPEATED_REF,
                    place,
                    f"gives the same id, {row.id}, as row {earlier.number}; give each row its "
                    "own ref",
                )
            )
            continue
        seen.update(row.owners)
        kept.append(row)
    rows[:] = kept
