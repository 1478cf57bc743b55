"""`inspcheck update`: append one dated update, evidence entry or extension to an agency's file.

The change is made as text (every other byte kept), checked as part of the whole
register before anything is written, and written atomically under a lock on the
data folder, so two people recording at once both land.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inspcheck.findings import Finding
from inspcheck.loading import agency_of, display
from inspcheck.pipeline import check
from inspcheck.writing import (
    Fields,
    NoResponse,
    append_entry,
    date_style,
    entry_lines,
    new_file,
    write_atomic,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What to record: which list of the response it goes in, and its keys in order."""

    key: str  # updates, evidence or extensions
    fields: Fields  # written in the file's own style


class Unknown(Exception):
    """The agency or recommendation named is not in the register: nothing is written."""

    def __init__(self, what: str, name: str, known: list[str]) -> None:
        super().__init__(f"no {what} '{name}'")
        self.what, self.name, self.known = what, name, known


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    written: bool
    errors: list[Finding]


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the data folder itself: no lock file is left among the data."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def responses_file(data_dir: Path, agency: str) -> Path:
    """The file whose `agency:` is this agency, else the conventional new one.

    Only each file's `agency:` is read, the conventional file's first: the whole register,
    the new entry in place, is checked once, afterwards (a national register is read
    once, not twice)."""
    conventional = data_dir / "responses" / f"{agency}.yaml"
    others = sorted(p for p in (data_dir / "responses").glob("*.yaml") if p != conventional)
    for path in [conventional, *others]:
        if agency_of(path) == agency:
            return path
    return conventional


def record(
    data_dir: Path, agency: str, recommendation: str, entries: list[Entry], today: date
) -> Outcome:
    """Add the entries to the agency's response to recommendation, in one write, if the
    result validates. Raises Unknown for an agency or recommendation not in the register,
    and NoResponse (with the owners) for evidence or an extension where no response is yet."""
    with locked(data_dir):
        path = responses_file(data_dir, agency)
        old = path.read_bytes().decode("utf-8") if path.exists() else None
        try:
            text: str | None = _with_entries(data_dir, old, agency, recommendation, entries)
        except NoResponse:
            text = None  # said once the register is read: unknown names and owners come first
        overlay = {} if text is None else {path: text.encode("utf-8")}
        checked = check(data_dir, today, today, overlay=overlay, warnings=False)
        errors = [f for f in checked.findings if f.is_error]
        shown = display(data_dir, path)
        if any(f.file != shown for f in errors):  # the register itself must be fixed first
            return Outcome(path, False, errors)
        reg = checked.register
        if agency not in reg.agencies:
            raise Unknown("agency", agency, list(reg.agencies))
        if recommendation not in reg.recommendations:
            raise Unknown("recommendation", recommendation, list(reg.recommendations))
        if text is None:
            raise NoResponse(recommendation, reg.owners.get(recommendation, ()))
        if errors:
            return Outcome(path, False, errors)
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, text)
        return Outcome(path, True, [])


def _with_entries(
    data_dir: Path, old: str | None, agency: str, recommendation: str, entries: list[Entry]
) -> str:
    """The responses file's text with the entries added, written in its own date form (a new
    file's, in the register's); raises NoResponse if the first is not an update where no
    response is yet."""
    register = data_dir / "recommendations.yaml"
    style = date_style(old or (register.read_text("utf-8") if register.is_file() else ""))
    text = old if old is not None else new_file(data_dir, agency)
    for entry in entries:
        text = append_entry(text, recommendation, entry.key, entry_lines(entry.fields, style))
    return text
