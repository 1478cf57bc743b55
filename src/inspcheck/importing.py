"""`inspcheck import`: a tracker's plan (tracker.py) appended to the register, all or nothing.

What the register already holds is never changed: a row whose recommendation is there
adds only what is new for each owner (an update whose status or note differs from the
latest one of its date, an extension to a new date, evidence with a new title), so
importing the same file twice adds nothing. The new text of every file is checked with
the rest of the register by the loader's own rules before anything is written; a
finding in an appended entry is traced back to the tracker's cell it came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from inspcheck import models
from inspcheck.findings import Finding, Severity
from inspcheck.loading import display
from inspcheck.pipeline import check
from inspcheck.recording import locked, responses_file
from inspcheck.register import Register
from inspcheck.tracker import CellFinding, Known, Plan, Row
from inspcheck.vocabulary import Marking
from inspcheck.writing import Edit, Fields, date_style, entry_lines, new_file, write_atomic


@dataclass(frozen=True, slots=True)
class Creating:
    """An inspection or agency the command line names that the register does not hold yet,
    with the title or name the map file gives it: added with the rows."""

    inspection: tuple[str, str] | None = None  # id, title
    agency: tuple[str, str] | None = None  # id, name


@dataclass(slots=True)
class Tally:
    """What an import adds, counted for its summary line."""

    rows: int = 0
    recommendations: int = 0
    responses: int = 0
    updates: int = 0
    extensions: int = 0
    evidence: int = 0
    unchanged: int = 0  # rows that add nothing: already in the register as they are
    actions: dict[int, str] = field(default_factory=dict)  # row -> what it adds, in words

    def total(self) -> int:
        return (self.recommendations + self.responses + self.updates + self.extensions
                + self.evidence)  # fmt: skip


@dataclass(slots=True)
class Outcome:
    plan: Plan
    tally: Tally
    findings: list[CellFinding] = field(default_factory=list)  # the plan's, and the result's
    register_errors: list[Finding] = field(default_factory=list)  # the register's own
    written: list[Path] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.register_errors) or any(f.is_error for f in self.findings)


def known(register: Register, creating: Creating) -> Known:
    agencies = {id: a.name for id, a in register.agencies.items()}
    inspections = {id: tuple(n for n in (i.title, i.short_title) if n)
                   for id, i in register.inspections.items()}  # fmt: skip
    if creating.agency:
        agencies.setdefault(*creating.agency)
    if creating.inspection:
        inspections.setdefault(creating.inspection[0], (creating.inspection[1],))
    return Known(agencies, inspections)


def import_plan(
    data_dir: Path, register: Register, plan: Plan, creating: Creating, today: date,
    *, write: bool,
) -> Outcome:  # fmt: skip
    """Append the plan's rows to the register's files, if the whole result validates (and
    `write` is asked for): under the data folder's lock, each file written atomically."""
    outcome = Outcome(plan, Tally(rows=len(plan.rows)), list(plan.findings))
    if plan.has_errors:
        return outcome
    with locked(data_dir):
        texts, landed = _texts(data_dir, register, plan, creating, outcome.tally)
        overlay = {path: text.encode("utf-8") for path, text in texts.items()}
        checked = check(data_dir, today, today, overlay=overlay, warnings=False)
        shown = {display(data_dir, path): text for path, text in texts.items()}
        register_file = display(data_dir, data_dir / "recommendations.yaml")
        _trace(checked.findings, shown, landed, register_file, outcome)
        if outcome.has_errors or not write:
            return outcome
        for path, text in texts.items():
            path.parent.mkdir(exist_ok=True)
            write_atomic(path, text)
            outcome.written.append(path)
    return outcome


# Where each appended entry landed: file -> (row or None, first line, last line).
Landed = dict[str, list[tuple[object, int, int]]]


def _texts(
    data_dir: Path, register: Register, plan: Plan, creating: Creating, tally: Tally
) -> tuple[dict[Path, str], Landed]:
    main = data_dir / "recommendations.yaml"
    style = date_style(main.read_text("utf-8") if main.is_file() else "")
    edits: dict[Path, Edit] = {}

    def edit(path: Path, new: Callable[[], str], what: str) -> Edit:
        if path not in edits:
            edits[path] = Edit(path.read_text("utf-8") if path.exists() else new(), what)
        return edits[path]

    register_edit = edit(main, lambda: "version: 1\n", "register file")
    _create(register_edit, register, creating, style)
    files: dict[str, Path] = {}
    owners: dict[str, list[str]] = defaultdict(list)  # rows of one id: one recommendation
    for row in plan.rows:
        owners[row.id] += row.owners
    for row in plan.rows:
        added = tally.total()
        before = _counts(tally)
        if row.id not in register.recommendations and row.id in owners:
            fields = _recommendation(row, owners.pop(row.id))
            register_edit.to_list("recommendations", entry_lines(fields, style), row.number)
            tally.recommendations += 1
        for agency in row.owners:
            path = files.get(agency) or files.setdefault(agency, responses_file(data_dir, agency))
            responses = edit(path, lambda a=agency: new_file(data_dir, a), "responses file")  # type: ignore[misc]
            _respond(responses, register.responses.get((agency, row.id)), row, style, tally)
        tally.unchanged += tally.total() == added
        tally.actions[row.number] = _added(tally, before)
    texts: dict[Path, str] = {}
    landed: Landed = {}
    for path, each in edits.items():
        if each.insertions:
            texts[path], landed[display(data_dir, path)] = each.result()
    return texts, landed


def _create(edit: Edit, register: Register, creating: Creating,
            style: Callable[[date], str]) -> None:  # fmt: skip
    """The inspection and agency the command line names that the register does not hold
    yet, with the title and name the map file gives them (Creating)."""
    for key, named, present in (
        ("agencies", creating.agency, register.agencies),
        ("inspections", creating.inspection, register.inspections),
    ):
        if named and named[0] not in present:
            label = "name" if key == "agencies" else "title"
            edit.to_list(key, entry_lines([("id", named[0]), (label, named[1])], style))


_COUNTED = ("recommendations", "responses", "updates", "extensions", "evidence")


def _counts(tally: Tally) -> tuple[int, ...]:
    return tuple(getattr(tally, name) for name in _COUNTED)


def _added(tally: Tally, before: tuple[int, ...]) -> str:
    words = {"recommendations": "recommendation", "responses": "response", "updates": "update",
             "extensions": "extension", "evidence": "evidence"}  # fmt: skip
    parts = [f"{now - then} {words[name]}" if now - then > 1 else f"new {words[name]}"
             for name, now, then in zip(_COUNTED, _counts(tally), before, strict=True)
             if now > then]  # fmt: skip
    return ", ".join(parts) or "unchanged"


def _recommendation(row: Row, owners: list[str]) -> Fields:
    fields: Fields = [("id", row.id), ("inspection", row.inspection), ("kind", row.kind.value)]
    fields += [("ref", row.ref)] if row.ref else []
    fields += [("title", row.title), ("text", row.text), ("owners", list(dict.fromkeys(owners)))]
    fields += [("due", row.due)] if row.due else []
    fields += [("recurs", row.recurs)] if row.recurs else []
    fields += [("priority", row.priority.value)] if row.priority else []
    fields += [("marking", row.marking.value)] if row.marking is Marking.OFFICIAL_SENSITIVE else []
    return fields


def _respond(edit: Edit, response: models.Response | None, row: Row,
             style: Callable[[date], str], tally: Tally) -> None:  # fmt: skip
    """The row's update, extension and evidence for one owner: a new response, or what the
    existing response does not hold yet. A row that reports nothing adds no response."""
    if row.dated is None:
        return
    update, extension, evidence = _reported(row, row.dated)
    if response is None:
        fields: Fields = [("recommendation", row.id)]
        fields += [("lead", row.lead)] if row.lead else []
        fields += [("updates", [update])]
        fields += [("extensions", [extension])] if extension else []
        fields += [("evidence", [evidence])] if evidence else []
        edit.to_list("responses", entry_lines(fields, style), row.number)
        tally.responses += 1
        return
    if not _holds(response, row):
        edit.to_response(row.id, "updates", entry_lines(update, style), row.number)
        tally.updates += 1
    if extension and all(e.to != row.revised_due for e in response.extensions):
        edit.to_response(row.id, "extensions", entry_lines(extension, style), row.number)
        tally.extensions += 1
    if evidence and all(e.title != row.evidence for e in response.evidence):
        edit.to_response(row.id, "evidence", entry_lines(evidence, style), row.number)
        tally.evidence += 1


def _reported(row: Row, dated: date) -> tuple[Fields, Fields, Fields]:
    """What a row reports on `dated`: the update, and the extension and evidence entries
    (empty where it gives none)."""
    update: Fields = [("date", dated), ("status", row.status.value), ("note", row.note)]
    if row.marking is Marking.OFFICIAL_SENSITIVE:
        update.append(("marking", Marking.OFFICIAL_SENSITIVE.value))
    update += [("source", row.source)] if row.source else []
    extension: Fields = []
    if row.revised_due:
        extension = [("to", row.revised_due), ("approved", dated),
                     ("reason", "revised date in the tracker")]  # fmt: skip
    evidence: Fields = [("date", dated), ("title", row.evidence)] if row.evidence else []
    return update, extension, evidence


def _holds(response: models.Response, row: Row) -> bool:
    """The response already says what the row says: its latest update on or before the
    row's date (the last written, of one date) has the row's status and note."""
    earlier = [u for u in response.updates if row.dated is None or u.date <= row.dated]
    if not earlier:
        return False
    latest = max(range(len(earlier)), key=lambda i: (earlier[i].date, i))
    same_note = earlier[latest].note == row.note or not row.noted  # "Imported from FILE"
    return earlier[latest].status == row.status and same_note


def _trace(findings: list[Finding], texts: dict[str, str], landed: Landed, register: str,
           outcome: Outcome) -> None:  # fmt: skip
    """The result's errors: in an appended entry, named by the tracker's cell its key came
    from (else its row); elsewhere, the register's own, at their file and line. register:
    the file recommendations are appended to; the rest are responses files."""
    rows = {row.number: row for row in outcome.plan.rows}
    lines = {file: text.splitlines() for file, text in texts.items()}
    told: set[CellFinding] = set()
    for finding in findings:
        if not finding.is_error:
            continue
        number = next((tag for tag, first, last in landed.get(finding.file, [])
                       if first <= finding.line <= last), None)  # fmt: skip
        row = rows.get(number) if isinstance(number, int) else None
        if row is None:
            outcome.register_errors.append(finding)
            continue
        key = _KEY.match(lines[finding.file][finding.line - 1])
        cells = _REGISTER_CELL_OF if finding.file == register else _RESPONSE_CELL_OF
        cell = cells.get(key[1], key[1]) if key else "row"
        found = CellFinding(row.places.get(cell) or row.places["row"], Severity.ERROR,
                            finding.rule, finding.message)  # fmt: skip
        if found not in told:  # a title made from the text repeats the text's problems
            told.add(found)
            outcome.findings.append(found)


_KEY = re.compile(r"\s*(?:- )?([a-z_]+):")
# The column a key's value came from, where the two names differ; a response's `title`
# is its evidence's.
_REGISTER_CELL_OF = {"id": "ref"}
_RESPONSE_CELL_OF = {"approved": "date", "to": "revised_due", "recommendation": "row",
                     "title": "evidence"}  # fmt: skip
