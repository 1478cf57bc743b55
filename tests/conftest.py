"""Shared helpers: run the CLI as a user would, on the small data repos under tests/cases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspcheck.cli import app

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parents[1]
AS_OF = "2025-01-01"


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str, env: dict[str, str] | None = None) -> Run:
    """inspcheck ARGS, in-process; an exception escaping the CLI fails the test."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cases() -> Path:
    return CASES
