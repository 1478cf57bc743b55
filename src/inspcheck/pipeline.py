"""One pass over a data repo: load, build the register, check it, assess it at a date."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inspcheck import rules
from inspcheck.assessment import Assessment, assess
from inspcheck.findings import Finding
from inspcheck.loading import load
from inspcheck.register import Register, build


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, then freeze what was made.

    Reading and assessing a register build a great many small objects and no reference
    cycles, and they live for the whole run. The collector would walk them again and
    again (more than half the time of a large register while reading; a tenth while
    assessing and checking), and find nothing to free. Nested pauses freeze once, at
    the end of the outermost."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


@dataclass(frozen=True, slots=True)
class Checked:
    register: Register
    assessment: Assessment  # the whole register, unfiltered
    findings: list[Finding]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def check(
    data_dir: Path,
    as_of: date,
    today: date,
    overlay: dict[Path, bytes] | None = None,
    *,
    warnings: bool = True,
) -> Checked:
    """Everything the commands need; the clock is read by the caller, never here.
    Commands that show only errors ask for no warnings, and none are worked out."""
    with collector_paused():  # all of it lives for the run (see collector_paused)
        loaded = load(data_dir, overlay)
        register = build(loaded)
        assessment = assess(register, as_of)
        findings = rules.check(loaded, register, assessment, today, warnings=warnings)
        return Checked(register, assessment, findings)


def assess_at(register: Register, dates: list[date]) -> list[Assessment]:
    """The register as it stood on each date (a paper's trend): read once, assessed once a
    date, with the collector paused as for the first assessment."""
    with collector_paused():
        return [assess(register, day) for day in dates]
