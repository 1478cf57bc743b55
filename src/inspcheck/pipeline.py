"""One pass over a data repo: load, build the register, check it, assess it at a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inspcheck import rules
from inspcheck.assessment import Assessment, assess
from inspcheck.findings import Finding
from inspcheck.loading import load
from inspcheck.register import Register, build


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
    loaded = load(data_dir, overlay)
    register = build(loaded)
    assessment = assess(register, as_of)
    findings = rules.check(loaded, register, assessment, today, warnings=warnings)
    return Checked(register, assessment, findings)


def assess_at(register: Register, dates: list[date]) -> list[Assessment]:
    """The register as it stood on each date (a paper's trend): read once, assessed once a
    date."""
    return [assess(register, day) for day in dates]
