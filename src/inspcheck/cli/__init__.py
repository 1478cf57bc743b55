"""The command line: `inspcheck` and `python -m inspcheck`."""

from inspcheck.cli import commands  # noqa: F401  (defining the commands registers them)
from inspcheck.cli.app import app, main

__all__ = ["app", "main"]
