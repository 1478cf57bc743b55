"""The command line: `inspcheck` and `python -m inspcheck`."""

from inspcheck.cli import commands, reminders, spreadsheets  # noqa: F401  (defining them registers them)
from inspcheck.cli.app import app, main

__all__ = ["app", "main"]
