"""`inspcheck init`: a new data repo that validates at once, with CI, pre-commit and schemas.

The repo's CI workflow and its pre-commit hook install inspcheck from one requirement,
written once, in `.pre-commit-config.yaml` (the workflow reads it from there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from inspcheck import __version__
from inspcheck.schemas import render_all
from inspcheck.writing import write_atomic

STARTER = Path(__file__).parent / "starter"

# A register with nothing in it yet, for `init --empty`: it validates as it is.
EMPTY_REGISTER = """\
# yaml-language-server: $schema=../schemas/recommendations.schema.json
#
# The register: agencies, inspections, and the recommendations they made.
# Add your own entries under each list (the keys are in inspcheck's
# docs/data-format.md, and your editor completes them from schemas/);
# `inspcheck validate` checks them as you go.
version: 1

agencies: []

inspections: []

recommendations: []
"""


class Exists(Exception):
    """init never overwrites: these files are already there."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where the repo's CI and pre-commit install inspcheck from, and whether they can."""

    requirement: str
    reachable: bool
    """False when it names a folder or file on this machine, which CI cannot reach."""


def installed_from() -> Source:
    """The running inspcheck's own origin, as pip recorded it (PEP 610 direct_url.json)."""
    published = Source(f"inspcheck=={__version__}", True)  # no record: from the index
    try:
        raw = metadata.distribution("inspcheck").read_text("direct_url.json")
        origin = json.loads(raw or "")
        url: str = origin["url"]
    except (metadata.PackageNotFoundError, ValueError, KeyError, TypeError):
        return published
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        pinned = f"{url}@{revision}" if revision else url
        return Source(f"inspcheck @ git+{pinned}", not url.startswith("file:"))
    return Source(f"inspcheck @ {url}", not url.startswith("file:"))


def plan(target: Path, requirement: str, *, empty: bool = False) -> dict[Path, str]:
    """Every file init writes, and its text."""
    files = {
        target / path.relative_to(STARTER): _fill(path.read_text(encoding="utf-8"), requirement)
        for path in sorted(STARTER.rglob("*"))
        if path.is_file() and not (empty and _example(path))
    }
    if empty:
        files[target / "data" / "recommendations.yaml"] = EMPTY_REGISTER
    files.update({target / "schemas" / name: text for name, text in render_all().items()})
    return files


def _example(path: Path) -> bool:
    """A starter file holding example entries (the settings file holds none)."""
    return path.is_relative_to(STARTER / "data") and path.name != "inspcheck.yaml"


def _fill(text: str, requirement: str) -> str:
    return text.replace("@INSTALL@", json.dumps(requirement))


def create(target: Path, requirement: str, *, empty: bool = False) -> list[Path]:
    """Write the starter repo into target, or raise Exists and write nothing."""
    files = plan(target, requirement, empty=empty)
    taken = [path for path in files if path.exists() or path.is_symlink()]
    if taken:
        raise Exists(", ".join(str(p) for p in taken))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    return sorted(files)
