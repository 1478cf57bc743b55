"""The command line: flags become plain values, the core does the work, a renderer makes the text.

The only module that imports typer, reads the clock or decides an exit code:
0 fine, 1 findings (or a --fail-on condition met), 2 usage error or internal error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from inspcheck import __version__

if TYPE_CHECKING:
    from inspcheck.assessment import Assessment, Obligation
    from inspcheck.pipeline import Checked
    from inspcheck.recording import Entry

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


class ItemsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class FailOn(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    STALE = "stale"


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
    return _today() if value is None else _parse_day("--as-of", value)


def _parse_day(option: str, value: str) -> date:
    from inspcheck.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None


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
            f"inspcheck: internal error ({name}); please report it, "
            "re-run with --debug for detail\n"
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


STATUS_HELP = """Scoreboard and the items that need attention.

\b
RAG, the first rule that applies:
  grey   excluded: superseded, not applicable, not accepted or risk accepted
  red    overdue (a lapsed recurring duty included)
  blue   verified: done and independently assured
  green  complete: the agency says it is done
  amber  open and due soon, stale, waiting for an extension, or with no response
  green  open and on track
\b
Scores:
  completion      = closed / (all obligations - excluded)
  verified_share  = verified / (all obligations - excluded)
  on_time         = closed on or before their deadline / closed that had a deadline
"""


@app.command(help=STATUS_HELP)
def status(
    data: DataOption = None,
    as_of: AsOfOption = None,
    agency: AgencyOption = None,
    inspection: InspectionOption = None,
    theme: ThemeOption = None,
    format: Annotated[
        ItemsFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")
    ] = ItemsFormat.TABLE,
    output: OutputOption = None,
    fail_on: Annotated[
        list[FailOn] | None,
        typer.Option("--fail-on", help="Exit 1 if any item is overdue, due-soon or stale."),
    ] = None,
) -> None:
    def run() -> int:
        from inspcheck.rendering import markdown, records, table

        checked, assessment = _assessed(data, as_of, agency, inspection, theme)
        if checked is None:
            return EXIT_FINDINGS
        organisation = checked.register.settings.organisation
        render = {
            ItemsFormat.TABLE: lambda: table.status(assessment, organisation, *_terminal(output)),
            ItemsFormat.JSON: lambda: records.status_json(assessment),
            ItemsFormat.CSV: lambda: records.items_csv(assessment.obligations),
            ItemsFormat.MARKDOWN: lambda: markdown.status(assessment, organisation),
        }
        _emit(render[format](), output)
        return _fail_on(assessment.obligations, fail_on or [])

    _boundary(run)


@app.command()
def overdue(
    data: DataOption = None,
    as_of: AsOfOption = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, help="Also list items due within this many days.",
                     show_default=False),
    ] = None,
    agency: AgencyOption = None,
    inspection: InspectionOption = None,
    theme: ThemeOption = None,
    format: Annotated[
        ItemsFormat, typer.Option("--format", "-f", help="table, json, csv or markdown.")
    ] = ItemsFormat.TABLE,
    output: OutputOption = None,
) -> None:  # fmt: skip
    """Overdue items, most days overdue first (with --within, then those due soon)."""

    def run() -> int:
        from inspcheck import attention
        from inspcheck.rendering import markdown, records, table

        checked, assessment = _assessed(data, as_of, agency, inspection, theme)
        if checked is None:
            return EXIT_FINDINGS
        items = attention.overdue(assessment, within)
        render = {
            ItemsFormat.TABLE: lambda: table.overdue(assessment, items, *_terminal(output)),
            ItemsFormat.JSON: lambda: records.items_json(assessment, items),
            ItemsFormat.CSV: lambda: records.items_csv(items),
            ItemsFormat.MARKDOWN: lambda: markdown.items(items),
        }
        _emit(render[format](), output)
        return EXIT_OK

    _boundary(run)


@app.command()
def show(
    recommendation: Annotated[str, typer.Argument(help="The recommendation's id.")],
    data: DataOption = None,
    as_of: AsOfOption = None,
) -> None:
    """One recommendation: its text, owners, and each agency's timeline."""

    def run() -> int:
        from inspcheck.rendering import detail

        checked, assessment = _assessed(data, as_of, None, None, None)
        if checked is None:
            return EXIT_FINDINGS
        rec = checked.register.recommendations.get(recommendation)
        if rec is None:
            raise UsageError(_unknown("recommendation", recommendation,
                                      checked.register.recommendations))  # fmt: skip
        _emit(detail.show(rec, checked.register, assessment), None)
        return EXIT_OK

    _boundary(run)


@app.command()
def report(
    data: DataOption = None,
    as_of: AsOfOption = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Show what changed since this date (the last paper's).",
                     show_default=False),
    ] = None,
    audience: Annotated[
        Audience, typer.Option("--audience", help="public (the default) or internal.")
    ] = Audience.PUBLIC,
    output: OutputOption = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The paper's title.", show_default=False)
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="A Jinja2 template in your house style.",
                     show_default=False),
    ] = None,
) -> None:  # fmt: skip
    """The board paper, in markdown. A public paper never holds official-sensitive content."""

    def run() -> int:
        from inspcheck import paper
        from inspcheck.assessment import assess
        from inspcheck.rendering.paper import TemplateError, render

        checked, now = _assessed(data, as_of, None, None, None)
        if checked is None:
            return EXIT_FINDINGS
        before = None
        if since is not None:
            since_day = _parse_day("--since", since)
            if since_day > now.as_of:
                raise UsageError("--since must be on or before the as-of date")
            before = assess(checked.register, since_day)
        settings = checked.register.settings
        content = paper.build(now, before, paper.Audience(audience.value),
                              settings.organisation, title)  # fmt: skip
        try:
            text = render(content, template)
        except TemplateError as exc:
            raise UsageError(str(exc)) from None
        _emit(text, output)
        return EXIT_OK

    _boundary(run)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to start it (default: here).")] = Path(
        "."
    ),
) -> None:
    """Start a new data repo: example data, settings, CI workflow, pre-commit, schemas."""

    def run() -> int:
        from inspcheck.scaffold import Exists, create

        try:
            written = create(directory)
        except Exists as exc:
            raise UsageError(f"already there, so nothing was written: {exc}") from None
        for path in written:
            sys.stdout.write(f"{path}\n")
        sys.stderr.write(
            f"inspcheck: started a data repo in {directory}; next: cd {directory} && "
            "inspcheck status\n"
        )
        return EXIT_OK

    _boundary(run)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema files into this folder.",
                     show_default=False),
    ] = None,
) -> None:  # fmt: skip
    """JSON Schemas (draft-07) of the data files, for editors and CI."""

    def run() -> int:
        import json

        from inspcheck.schemas import render_all

        schemas = render_all()
        if output is None:
            merged = {name: json.loads(text) for name, text in schemas.items()}
            sys.stdout.write(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
            return EXIT_OK
        output.mkdir(parents=True, exist_ok=True)
        for name, text in schemas.items():
            _emit(text, output / name)
        sys.stderr.write(f"inspcheck: wrote {len(schemas)} schemas to {output}\n")
        return EXIT_OK

    _boundary(run)


class Status(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    VERIFIED = "verified"
    SUPERSEDED = "superseded"
    NOT_APPLICABLE = "not-applicable"
    NOT_ACCEPTED = "not-accepted"
    RISK_ACCEPTED = "risk-accepted"


class Marking(StrEnum):
    OFFICIAL = "official"
    OFFICIAL_SENSITIVE = "official-sensitive"


def _opt(name: str, help: str) -> Any:
    return typer.Option(name, help=help, show_default=False)


@app.command()
def update(
    recommendation: Annotated[str, typer.Argument(help="The recommendation's id.")],
    agency: Annotated[str, _opt("--agency", "The agency's id.")],
    status: Annotated[Status | None, _opt("--status", "The new status.")] = None,
    note: Annotated[str | None, _opt("--note", "What was done, for --status.")] = None,
    date_: Annotated[str | None, _opt("--date", "When (default: today).")] = None,
    marking: Annotated[Marking | None, _opt("--marking", "official or official-sensitive.")] = None,
    evidence: Annotated[str | None, _opt("--evidence", "Record evidence with this title.")] = None,
    ref: Annotated[str | None, _opt("--ref", "The evidence's URL or reference.")] = None,
    extend_to: Annotated[str | None, _opt("--extend-to", "Record an extension: new date.")] = None,
    approved: Annotated[str | None, _opt("--approved", "When the extension was approved.")] = None,
    by: Annotated[str | None, _opt("--by", "Who approved the extension.")] = None,
    reason: Annotated[str | None, _opt("--reason", "Why the extension is needed.")] = None,
    data: DataOption = None,
) -> None:
    """Append one dated update (or evidence, or an extension) to an agency's file.

    Every other byte of the file is kept. The result is checked first: if it would
    not validate, nothing is written and the findings are printed (exit 1).
    """

    def run() -> int:
        from inspcheck.recording import record
        from inspcheck.rendering.findings import text

        entry = _entry(status, note, date_, marking, evidence, ref, extend_to, approved, by,
                       reason)  # fmt: skip
        folder = _data_dir(data)
        outcome = record(folder, agency, recommendation, entry, _today())
        if not outcome.written:
            sys.stdout.write(text(outcome.errors))
            sys.stderr.write(f"inspcheck: nothing written to {outcome.path}: the result "
                             "would not validate\n")  # fmt: skip
            return EXIT_FINDINGS
        sys.stderr.write(f"inspcheck: recorded in {outcome.path}\n")
        return EXIT_OK

    _boundary(run)


def _entry(
    status: Status | None, note: str | None, date_: str | None, marking: Marking | None,
    evidence: str | None, ref: str | None, extend_to: str | None, approved: str | None,
    by: str | None, reason: str | None,
) -> Entry:  # fmt: skip
    """Turn update's options into one entry, refusing combinations that mean two things."""
    from inspcheck.recording import Entry
    from inspcheck.writing import yaml_text

    kinds = [k for k, v in (("--status", status), ("--evidence", evidence),
                            ("--extend-to", extend_to)) if v is not None]  # fmt: skip
    if len(kinds) != 1:
        raise UsageError("give exactly one of --status (with --note), --evidence or --extend-to")
    day = (_parse_day("--date", date_) if date_ else _today()).isoformat()
    mark = [("marking", marking.value)] if marking and marking is not Marking.OFFICIAL else []
    if status is not None:
        if not note or not note.strip():
            raise UsageError("--status needs --note: say what was done")
        return Entry("updates", [("date", day), ("status", status.value),
                                 ("note", yaml_text(note)), *mark])  # fmt: skip
    if evidence is not None:
        fields = [("date", day), ("title", yaml_text(evidence))]
        fields += [("ref", yaml_text(ref))] if ref else []
        return Entry("evidence", fields + mark)
    fields = [("to", _parse_day("--extend-to", extend_to or "").isoformat())]
    if approved:
        fields.append(("approved", _parse_day("--approved", approved).isoformat()))
    fields += [(k, yaml_text(v)) for k, v in (("by", by), ("reason", reason)) if v]
    return Entry("extensions", fields)


def _assessed(
    data: Path | None, as_of: str | None, agency: str | None, inspection: str | None,
    theme: str | None,
) -> tuple[Checked | None, Assessment]:  # fmt: skip
    """Validate first; with errors, print them and give no assessment."""
    from inspcheck.assessment import assess

    checked, when = _checked(data, as_of)
    if checked.has_errors:
        _print_errors(checked)
        return None, checked.assessment
    reg = checked.register
    if agency is not None and agency not in reg.agencies:
        raise UsageError(_unknown("agency", agency, reg.agencies))
    if inspection is not None and inspection not in reg.inspections:
        raise UsageError(_unknown("inspection", inspection, reg.inspections))
    if theme is not None and all(theme not in r.themes for r in reg.recommendations.values()):
        themes = {t for r in reg.recommendations.values() for t in r.themes}
        raise UsageError(_unknown("theme", theme, themes))
    if agency is None and inspection is None and theme is None:
        return checked, checked.assessment
    return checked, assess(reg, when, agency=agency, inspection=inspection, theme=theme)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known)[:8])}"
    return f"no {what} '{name}' in the register; {hint}"


def _terminal(output: Path | None) -> tuple[int, bool]:
    """Width and colour: the terminal's own, or 80 columns and none for files and pipes."""
    if output is not None or not sys.stdout.isatty():
        return 80, bool(os.environ.get("FORCE_COLOR")) and output is None
    import shutil

    return shutil.get_terminal_size().columns, not os.environ.get("NO_COLOR")


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from inspcheck.writing import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def _fail_on(obligations: Iterable[Obligation], conditions: list[FailOn]) -> int:
    from inspcheck.assessment import Flag

    failed = False
    for condition in conditions:
        hits = [o for o in obligations if Flag(condition.value) in o.flags]
        if hits:
            failed = True
            named = ", ".join(f"{o.recommendation.id} ({o.agency.id})" for o in hits)
            sys.stderr.write(f"inspcheck: {len(hits)} item(s) {condition.value}: {named}\n")
    return EXIT_FINDINGS if failed else EXIT_OK


def main() -> None:
    app()
