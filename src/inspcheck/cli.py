"""The command line: flags become plain values, the core does the work, a renderer makes the text.

The only module that imports typer, reads the clock or decides an exit code:
0 fine, 1 findings (or a --fail-on condition met), 2 usage error or internal error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from inspcheck import __version__

if TYPE_CHECKING:
    from inspcheck.pipeline import Checked

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="inspcheck",
    help="The register of inspection recommendations and every agency's response, kept as "
    "YAML in git: what is overdue, how compliant each agency is, what changed.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class UsageError(Exception):
    """The user asked for something that cannot be done as asked: exit 2, one line."""


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="INSPCHECK_DATA",
        help="The data folder (default: ./data, else the bundled example register).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Read the register as it stood on this date (default: today).",
        show_default=False,
    ),
]


class FindingsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"inspcheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an internal error.")
    ] = False,
) -> None:
    if debug:
        os.environ["INSPCHECK_DEBUG"] = "1"


def _today() -> date:
    return date.today()


def _as_of(value: str | None) -> date:
    if value is None:
        return _today()
    from inspcheck.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _data_dir(value: Path | None) -> Path:
    if value is not None:
        if not value.is_dir():
            raise UsageError(f"no data folder at '{value}'; pass --data DIR or set INSPCHECK_DATA")
        return value
    local = Path("data")
    if local.is_dir():
        return local
    bundled = _bundled_data()
    if bundled is not None:
        sys.stderr.write(f"inspcheck: no ./data here; reading the bundled register ({bundled})\n")
        return bundled
    raise UsageError("no ./data folder here; run inspcheck in a data repo, or pass --data DIR")


def _bundled_data() -> Path | None:
    for candidate in (
        Path(__file__).parent / "bundled_data",  # an installed wheel
        Path(__file__).parents[2] / "data",  # a source checkout
    ):
        if (candidate / "recommendations.yaml").is_file():
            return candidate
    return None


def _boundary(command: Callable[[], int]) -> NoReturn:
    """The one place where failures become exit codes and one-line messages."""
    try:
        code = command()
    except UsageError as exc:
        sys.stderr.write(f"inspcheck: error: {exc}\n")
        code = EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("inspcheck: interrupted\n")
        code = 130
    except Exception as exc:
        if os.environ.get("INSPCHECK_DEBUG"):
            raise
        name = type(exc).__name__
        sys.stderr.write(
            f"inspcheck: internal error ({name}); please report it, re-run with --debug for detail\n"
        )
        code = EXIT_USAGE
    raise typer.Exit(code)


def _checked(data: Path | None, as_of: str | None) -> tuple[Checked, date]:
    from inspcheck.pipeline import check

    when = _as_of(as_of)
    return check(_data_dir(data), when, _today()), when


def _print_errors(checked: Checked) -> int:
    """Every command validates first; with errors, findings are printed instead of results."""
    from inspcheck.rendering.findings import text

    errors = [f for f in checked.findings if f.is_error]
    sys.stdout.write(text(errors))
    sys.stderr.write(f"inspcheck: {len(errors)} error(s) in the data; run inspcheck validate\n")
    return EXIT_FINDINGS


@app.command()
def validate(
    data: DataOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        FindingsFormat, typer.Option("--format", "-f", help="text, json or github.")
    ] = FindingsFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Load and check everything in the data repo; print every finding."""

    def run() -> int:
        from inspcheck.findings import count
        from inspcheck.rendering.findings import FORMATS

        checked, _ = _checked(data, as_of)
        sys.stdout.write(FORMATS[format](checked.findings))
        errors, warnings = count(checked.findings)
        if format is FindingsFormat.TEXT:
            sys.stderr.write(f"inspcheck: {errors} error(s), {warnings} warning(s)\n")
        return EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK

    _boundary(run)


def main() -> None:
    app()
