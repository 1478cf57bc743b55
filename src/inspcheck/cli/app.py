"""The command line's plumbing: the app, options every command shares, and the one boundary.

Flags become plain values here, the core does the work, a renderer makes the text,
and boundary() turns the outcome into an exit code: 0 fine, 1 findings (or a
--fail-on condition met), 2 a usage error or an internal one. Only the cli
package imports typer or reads the clock.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from inspcheck import __version__

if TYPE_CHECKING:
    from inspcheck.assessment import Assessment
    from inspcheck.pipeline import Checked

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

# click's UsageError and ClickException, from whichever click typer carries (typer 0.2x
# vendors its own).
_ClickUsageError: type[Exception] = typer.BadParameter.__mro__[1]
_ClickException: type[Exception] = _ClickUsageError.__mro__[1]

# What a number option counts, for its usage error: "--within: 'soon' is not a number of days".
_UNITS = {"--within": "days", "--remind": "days", "--quarters": "quarters", "--max-rows": "rows"}


class _Commands(TyperGroup):
    """The commands, with usage errors as one line: the option, the bad value, what to do.
    Neither click's usage block nor the wording of the libraries under typer reaches a user."""

    def main(self, *args: Any, **extra: Any) -> Any:
        if not extra.pop("standalone_mode", True):
            return super().main(*args, standalone_mode=False, **extra)  # type: ignore[misc]
        try:
            code = super().main(*args, standalone_mode=False, **extra)  # type: ignore[misc]
        except _ClickUsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `inspcheck` alone: the help
                exc.show()  # type: ignore[attr-defined]
                sys.exit(EXIT_USAGE)
            sys.stderr.write(f"inspcheck: error: {usage_message(exc)}\n")
            sys.exit(EXIT_USAGE)
        except typer.Abort:
            sys.stderr.write("inspcheck: interrupted\n")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; an exception no command expected becomes one line and exit 2,
        or, with --debug (the root's own parsed option), the traceback."""
        try:
            return super().invoke(ctx)
        except (_ClickException, typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            sys.stderr.write(f"inspcheck: internal error ({type(exc).__name__}); please report "
                             "it, re-run with --debug for detail\n")  # fmt: skip
            raise typer.Exit(EXIT_USAGE) from None


def usage_message(exc: Exception) -> str:
    """One line for a usage error: the option and the bad value, then where the help is."""
    ctx, param = getattr(exc, "ctx", None), getattr(exc, "param", None)
    where = f"; see '{ctx.command_path} -h'" if ctx is not None else ""
    cause: Any = exc.__cause__
    problems = cause.errors() if hasattr(cause, "errors") else []
    if param is None or not problems:
        text: str = exc.format_message()  # type: ignore[attr-defined]
        return text[:1].lower() + text[1:].rstrip(".") + where
    name = max(param.opts, key=len) if param.opts else param.human_readable_name
    return f"{name}: {_bad_value(name, problems[0])}{where}"


def _bad_value(name: str, problem: dict[str, Any]) -> str:
    from inspcheck.vocabulary import choice_hint

    value, kind, context = problem.get("input"), problem.get("type", ""), problem.get("ctx", {})
    if kind.startswith("int_"):
        return f"'{value}' is not a number of {_UNITS.get(name, 'items')}; write a whole number"
    if kind == "greater_than_equal":
        return f"'{value}' is too small; the least is {context.get('ge')}"
    message = str(problem.get("msg", ""))
    if kind == "enum" or "is not one of" in message:
        words = re.findall(r"'([^']*)'", message.partition("one of")[2] or str(context))
        return f"'{value}' is not a choice here; {choice_hint(value, words)}"
    return f"'{value}' is not valid here ({message.removeprefix('Value error, ').rstrip('.')})"


app = typer.Typer(
    cls=_Commands,
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


class ItemsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


AgencyOption = Annotated[
    str | None, typer.Option("--agency", help="Only this agency's obligations.", show_default=False)
]
InspectionOption = Annotated[
    str | None,
    typer.Option("--inspection", help="Only this inspection's obligations.", show_default=False),
]
ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="Only recommendations with this theme.", show_default=False),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.",
                 show_default=False),
]  # fmt: skip


ItemsFormatOption = Annotated[
    ItemsFormat,
    typer.Option("--format", "-f", help="table, json, csv, markdown or xlsx (xlsx needs -o)."),
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
    """Read by _Commands.invoke from the parsed options; nothing to do here."""


def today() -> date:
    return date.today()


def as_of_date(value: str | None) -> date:
    return today() if value is None else parse_day("--as-of", value)


def parse_day(option: str, value: str) -> date:
    from inspcheck.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None


def data_folder(value: Path | None) -> Path:
    if value is not None:
        if not value.is_dir():
            raise UsageError(f"no data folder at '{value}'; pass --data DIR or set INSPCHECK_DATA")
        return value
    local = Path("data")
    if local.is_dir():
        return local
    bundled = bundled_data()
    if bundled is not None:
        sys.stderr.write(f"inspcheck: no ./data here; reading the bundled register ({bundled})\n")
        return bundled
    raise UsageError("no ./data folder here; run inspcheck in a data repo, or pass --data DIR")


def bundled_data() -> Path | None:
    """The example register shipped with inspcheck: inside the package when installed from a
    wheel, the checkout's own data/ when installed from a checkout (pip install -e .)."""
    package = Path(__file__).parents[1]
    for candidate in (package / "bundled_data", package.parents[1] / "data"):
        if (candidate / "recommendations.yaml").is_file():
            return candidate
    return None


def boundary(command: Callable[[], int]) -> NoReturn:
    """Where a command's outcome becomes its exit code, and a usage error one line. What no
    command expected goes on to _Commands.invoke, which knows whether --debug was given."""
    try:
        code = command()
    except UsageError as exc:
        sys.stderr.write(f"inspcheck: error: {exc}\n")
        code = EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("inspcheck: interrupted\n")
        code = 130
    raise typer.Exit(code)


def load_checked(
    data: Path | None, as_of: str | None, *, warnings: bool = False
) -> tuple[Checked, date]:
    """The data repo checked; only validate shows warnings, so only it asks for them."""
    from inspcheck.pipeline import check

    when = as_of_date(as_of)
    return check(data_folder(data), when, today(), warnings=warnings), when


def print_errors(checked: Checked, format: str = "text") -> int:
    """Every command validates first; with errors, findings are printed instead of results,
    in the machine format that was asked for (json, csv), else as text."""
    from inspcheck.rendering.findings import FORMATS
    from inspcheck.vocabulary import plural

    errors = [f for f in checked.findings if f.is_error]
    sys.stdout.write(FORMATS.get(format, FORMATS["text"])(errors))
    sys.stderr.write(f"inspcheck: {plural(len(errors), 'error')} in the data; run inspcheck "
                     "validate\n")  # fmt: skip
    return EXIT_FINDINGS


def assessed(
    data: Path | None, as_of: str | None, agency: str | None, inspection: str | None,
    theme: str | None, format: str = "text",
) -> tuple[Checked | None, Assessment]:  # fmt: skip
    """Validate first; with errors, print them (in `format`) and give no assessment."""
    from inspcheck.assessment import assess

    checked, when = load_checked(data, as_of)
    if checked.has_errors:
        print_errors(checked, format)
        return None, checked.assessment
    reg = checked.register
    if agency is not None and agency not in reg.agencies:
        raise UsageError(unknown_name("agency", agency, reg.agencies))
    if inspection is not None and inspection not in reg.inspections:
        raise UsageError(unknown_name("inspection", inspection, reg.inspections))
    if theme is not None and all(theme not in r.themes for r in reg.recommendations.values()):
        themes = {t for r in reg.recommendations.values() for t in r.themes}
        raise UsageError(unknown_name("theme", theme, themes))
    if agency is None and inspection is None and theme is None:
        return checked, checked.assessment
    return checked, assess(reg, when, agency=agency, inspection=inspection, theme=theme)


def unknown_name(what: str, name: str, known: Iterable[str]) -> str:
    from inspcheck.vocabulary import suggest

    close = suggest(name, list(known))
    hint = f"did you mean '{close}'?" if close else f"known: {', '.join(sorted(known)[:8])}"
    return f"no {what} '{name}' in the register; {hint}"


def terminal(output: Path | None) -> tuple[int, bool]:
    """Width and colour: the terminal's own, or 80 columns and none for files and pipes."""
    if output is not None or not sys.stdout.isatty():
        return 80, bool(os.environ.get("FORCE_COLOR")) and output is None
    import shutil

    return shutil.get_terminal_size().columns, not os.environ.get("NO_COLOR")


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from inspcheck.writing import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def emit_bytes(data: bytes, output: Path) -> None:
    from inspcheck.writing import write_atomic

    try:
        write_atomic(output, data)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def main() -> None:
    """The installed command. The collector policy is the command line's alone: a run builds a
    great many small objects and no reference cycles that matter, and all of it lives until
    the process ends; the cyclic collector would walk it again and again (more than half
    the time of a large register while reading) and free nothing. So it is off for the
    run. The core never changes the process: a program that imports inspcheck keeps its
    own policy."""
    gc.disable()
    app()
