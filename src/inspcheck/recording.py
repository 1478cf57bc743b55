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
from inspcheck.loading import agency_of
from inspcheck.pipeline import check
from inspcheck.writing import append_entry, entry_lines, new_file, write_atomic


@dataclass(frozen=True, slots=True)
class Entry:
    """What to record: which list of the response it goes in, and its keys in order."""

    key: str  # updates, evidence or extensions
    fields: list[tuple[str, str]]  # values already written as YAML


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


def record(data_dir: Path, agency: str, recommendation: str, entry: Entry, today: date) -> Outcome:
    """Add entry to the agency's response to recommendation, if the result validates."""
    with locked(data_dir):
        path = responses_file(data_dir, agency)
        item = entry_lines(entry.fields)
        if path.exists():
            old = path.read_bytes()
            text = append_entry(old.decode("utf-8"), recommendation, entry.key, item)
        else:
            text = new_file(agency, recommendation, entry.key, item)
        new = text.encode("utf-8")
        checked = check(data_dir, today, today, overlay={path: new}, warnings=False)
        errors = [f for f in checked.findings if f.is_error]
        if errors:
            return Outcome(path, False, errors)
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, text)
        return Outcome(path, True, [])
