"""`inspcheck init`: a new data repo that validates at once, with CI, pre-commit and schemas."""

from __future__ import annotations

from pathlib import Path

from inspcheck import __version__
from inspcheck.schemas import render_all
from inspcheck.writing import write_atomic

STARTER = Path(__file__).parent / "starter"


class Exists(Exception):
    """init never overwrites: these files are already there."""


def plan(target: Path) -> dict[Path, str]:
    """Every file init writes, and its text."""
    files = {
        target / path.relative_to(STARTER): path.read_text(encoding="utf-8").replace(
            "@VERSION@", __version__
        )
        for path in sorted(STARTER.rglob("*"))
        if path.is_file()
    }
    files.update({target / "schemas" / name: text for name, text in render_all().items()})
    return files


def create(target: Path) -> list[Path]:
    """Write the starter repo into target, or raise Exists and write nothing."""
    files = plan(target)
    taken = [path for path in files if path.exists() or path.is_symlink()]
    if taken:
        raise Exists(", ".join(str(p) for p in taken))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    return sorted(files)
