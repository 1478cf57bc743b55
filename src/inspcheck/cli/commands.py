"""The commands users run: each turns its flags into a call to the core and an exit code.

A command's options are its signature (typer reads them there, with their help), so a
command with many options runs past the forty lines a function is held to elsewhere;
the work it does is in the short functions after it."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from inspcheck.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    AgencyOption,
    AsOfOption,
    DataOption,
    FindingsFormat,
    InspectionOption,
    ItemsFormat,
    ItemsFormatOption,
    OutputOption,
    ThemeOption,
    UsageError,
    app,
    as_of_date,
    assessed,
    boundary,
    data_folder,
    emit,
    emit_bytes,
    load_checked,
    parse_day,
    terminal,
    today,
    unknown_name,
)
from inspcheck.vocabulary import FORMULAS, RAG_RULES, Audience, Marking, Purpose, Status

if TYPE_CHECKING:
    from inspcheck.assessment import Assessment, Obligation
    from inspcheck.recording import Entry
    from inspcheck.register import Register
    from inspcheck.writing import Fields


def _opt(name: str, help: str) -> Any:
    return typer.Option(name, help=help, show_default=False)


class FailOn(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    STALE = "stale"


@app.command()
def validate(
    data: DataOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        FindingsFormat, typer.Option("--format", "-f", help="text, json or github.")
    ] = FindingsFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List every rule it reports, and stop.")
    ] = False,
) -> None:
    """Load and check everything in the data repo; print every finding."""

    def run() -> int:
        if list_rules:
            from inspcheck.registry import listing

            sys.stdout.write(listing())
            return EXIT_OK
        from inspcheck.findings import count
        from inspcheck.rendering.findings import FORMATS

        checked, _ = load_checked(data, as_of, warnings=True)
        sys.stdout.write(FORMATS[format](checked.findings))
        errors, warnings = count(checked.findings)
        if format is FindingsFormat.TEXT:
            sys.stderr.write(f"inspcheck: {errors} error(s), {warnings} warning(s)\n")
        return EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK

    boundary(run)


# Made from the definitions themselves (\b keeps click from rewrapping a block).
STATUS_HELP = "\n".join([
    "Scoreboard and the items that need attention.", "", "\b",
    "RAG, the first rule that applies:",
    *(f"  {colour!s:<6} {rule}" for colour, rule in RAG_RULES),
    "\b", "Scores:",
    *(f"  {name:<15} = {formula}" for name, formula in FORMULAS),
])  # fmt: skip


@app.command(help=STATUS_HELP)
def status(
    data: DataOption = None,
    as_of: AsOfOption = None,
    agency: AgencyOption = None,
    inspection: InspectionOption = None,
    theme: ThemeOption = None,
    format: ItemsFormatOption = ItemsFormat.TABLE,
    output: OutputOption = None,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 if any item is overdue, due-soon or stale; "
            "repeat it, or give several: --fail-on overdue,stale.",
            show_default=False,
        ),
    ] = None,
) -> None:
    def run() -> int:
        from inspcheck.rendering import markdown, records, table

        conditions = _conditions(fail_on or [])
        checked, assessment = assessed(data, as_of, agency, inspection, theme, format)
        if checked is None:
            return EXIT_FINDINGS
        organisation = checked.register.settings.organisation
        if format is ItemsFormat.XLSX:
            _workbook(assessment, assessment.obligations, organisation, output, summaries=True)
            return _fail_on(assessment.obligations, conditions)
        render = {
            ItemsFormat.TABLE: lambda: table.status(assessment, organisation, *terminal(output)),
            ItemsFormat.JSON: lambda: records.status_json(assessment),
            ItemsFormat.CSV: lambda: records.items_csv(assessment.obligations),
            ItemsFormat.MARKDOWN: lambda: markdown.status(assessment, organisation),
        }
        emit(render[format](), output)
        return _fail_on(assessment.obligations, conditions)

    boundary(run)


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
    format: ItemsFormatOption = ItemsFormat.TABLE,
    output: OutputOption = None,
) -> None:  # fmt: skip
    """Overdue items, most days overdue first (with --within, then those due soon)."""

    def run() -> int:
        from inspcheck import attention
        from inspcheck.rendering import markdown, records, table

        checked, assessment = assessed(data, as_of, agency, inspection, theme, format)
        if checked is None:
            return EXIT_FINDINGS
        items = attention.overdue(assessment, within)
        if format is ItemsFormat.XLSX:
            organisation = checked.register.settings.organisation
            _workbook(assessment, items, organisation, output, summaries=False)
            return EXIT_OK
        render = {
            ItemsFormat.TABLE: lambda: table.overdue(assessment, items, *terminal(output)),
            ItemsFormat.JSON: lambda: records.items_json(assessment, items),
            ItemsFormat.CSV: lambda: records.items_csv(items),
            ItemsFormat.MARKDOWN: lambda: markdown.items(items),
        }
        emit(render[format](), output)
        return EXIT_OK

    boundary(run)


@app.command()
def show(
    recommendation: Annotated[str, typer.Argument(help="The recommendation's id.")],
    data: DataOption = None,
    as_of: AsOfOption = None,
) -> None:
    """One recommendation: its text, owners, and each agency's timeline."""

    def run() -> int:
        from inspcheck.rendering import detail

        checked, assessment = assessed(data, as_of, None, None, None)
        if checked is None:
            return EXIT_FINDINGS
        rec = checked.register.recommendations.get(recommendation)
        if rec is None:
            raise UsageError(unknown_name("recommendation", recommendation,
                                      checked.register.recommendations))  # fmt: skip
        emit(detail.show(rec, checked.register, assessment), None)
        return EXIT_OK

    boundary(run)


def _workbook(
    assessment: Assessment, items: Sequence[Obligation], organisation: str | None,
    output: Path | None, *, summaries: bool,
) -> None:  # fmt: skip
    from inspcheck.rendering.workbook import items_xlsx

    if output is None:
        raise UsageError("-f xlsx writes an Excel workbook, never to a terminal: give -o FILE")
    emit_bytes(items_xlsx(assessment, items, organisation, summaries=summaries), output)


def _conditions(values: list[str]) -> list[FailOn]:
    """--fail-on, repeated or comma-separated (or both), as conditions."""
    from inspcheck.vocabulary import choice_hint

    known = [str(c) for c in FailOn]
    conditions = []
    for word in (w.strip() for value in values for w in value.split(",")):
        if word not in known:
            hint = choice_hint(word, known)
            raise UsageError(f"--fail-on: '{word}' is not a condition; {hint}")
        conditions.append(FailOn(word))
    return conditions


def _fail_on(obligations: Iterable[Obligation], conditions: list[FailOn]) -> int:
    from inspcheck.vocabulary import Flag, plural

    failed = False
    for condition in conditions:
        hits = [o for o in obligations if Flag(condition.value) in o.flags]
        if hits:
            failed = True
            named = ", ".join(f"{o.recommendation.id} ({o.agency.id})" for o in hits)
            sys.stderr.write(f"inspcheck: {plural(len(hits), 'item')} {condition.value}: "
                             f"{named}\n")  # fmt: skip
    return EXIT_FINDINGS if failed else EXIT_OK


class PaperFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"


@app.command()
def report(
    data: DataOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        PaperFormat, typer.Option("--format", "-f", help="md, html or docx (docx needs -o).")
    ] = PaperFormat.MD,
    output: OutputOption = None,
    audience: Annotated[
        Audience, typer.Option("--audience", help="public (the default) or internal.")
    ] = Audience.PUBLIC,
    since: Annotated[
        str | None, _opt("--since", "Show what changed since this date (the last paper's).")
    ] = None,
    quarters: Annotated[
        int, typer.Option("--quarters", min=0, max=40, help="Quarter ends in the trend.")
    ] = 4,
    meeting: Annotated[str | None, _opt("--meeting", "The meeting, for the cover.")] = None,
    meeting_date: Annotated[str | None, _opt("--meeting-date", "The meeting's date.")] = None,
    item: Annotated[str | None, _opt("--item", "The agenda item, e.g. 7.")] = None,
    purpose: Annotated[
        Purpose, typer.Option("--purpose", help="noting, assurance or decision.")
    ] = Purpose.NOTING,
    summary: Annotated[
        Path | None, _opt("--summary", "A file of your own summary (markdown), shown as written.")
    ] = None,
    asks: Annotated[
        Path | None, _opt("--asks", "A file of further asks of the board, one a line.")
    ] = None,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help="Rows a detail table shows, worst first.")
    ] = 200,
    reference_doc: Annotated[
        Path | None, _opt("--reference-doc", "docx: take styles from this Word document.")
    ] = None,
    title: Annotated[str | None, _opt("--title", "The paper's title.")] = None,
    template: Annotated[
        Path | None, _opt("--template", "md: a Jinja2 template in your house style.")
    ] = None,
) -> None:  # fmt: skip
    """The board paper, as markdown, HTML or Word. A public paper never holds
    official-sensitive content, nor anything of an unpublished inspection."""

    def run() -> int:
        from inspcheck import paper
        from inspcheck.pipeline import assess_at

        _paper_options(format, output, template, reference_doc)
        checked, now = assessed(data, as_of, None, None, None)
        if checked is None:
            return EXIT_FINDINGS
        register = checked.register
        before = _since(register, since, now.as_of)
        settings = register.settings.paper
        cover = paper.Cover(
            title=title or paper.DEFAULT_TITLE, board=settings.board or "",
            meeting=meeting or "", item=item or "", author=settings.author or "",
            lead=settings.lead or "", purpose=purpose,
            meeting_date=parse_day("--meeting-date", meeting_date) if meeting_date else None,
        )  # fmt: skip
        request = paper.Request(
            audience=audience, organisation=register.settings.organisation, cover=cover,
            summary_text=_read_text("--summary", summary) if summary else "",
            asks=tuple(_lines(_read_text("--asks", asks))) if asks else (),
            max_rows=max_rows,
            unpublished=tuple(i for i in register.inspections.values() if i.published is None),
        )  # fmt: skip
        trend = assess_at(register, paper.quarter_ends(now.as_of, quarters))
        content = paper.build(now, before, request, trend)
        _write_paper(content, format, output, template, reference_doc)
        return EXIT_OK

    boundary(run)


def _paper_options(format: PaperFormat, output: Path | None, template: Path | None,
                   reference_doc: Path | None) -> None:  # fmt: skip
    """The paper's options that go only with one format, checked before any work."""
    if format is PaperFormat.DOCX and output is None:
        raise UsageError("-f docx writes a Word file, never to a terminal: give -o FILE")
    if template is not None and format is not PaperFormat.MD:
        raise UsageError("--template lays out the markdown paper; use it with -f md")
    if reference_doc is not None and format is not PaperFormat.DOCX:
        raise UsageError("--reference-doc gives a Word file its styles; use it with -f docx")


def _since(register: Register, since: str | None, as_of: date) -> Assessment | None:
    """The register assessed on the --since date: what the movement is measured from."""
    from inspcheck.assessment import assess

    if since is None:
        return None
    since_day = parse_day("--since", since)
    if since_day > as_of:
        raise UsageError("--since must be on or before the as-of date")
    return assess(register, since_day)


def _write_paper(content: dict[str, Any], format: PaperFormat, output: Path | None,
                 template: Path | None, reference_doc: Path | None) -> None:  # fmt: skip
    if format is PaperFormat.DOCX:
        from inspcheck.rendering.docx_paper import ReferenceDocError, render_docx

        assert output is not None  # _paper_options
        try:
            emit_bytes(render_docx(content, reference_doc), output)
        except ReferenceDocError as exc:
            raise UsageError(str(exc)) from None
    elif format is PaperFormat.HTML:
        from inspcheck.rendering.html_paper import render_html

        emit(render_html(content), output)
    else:
        from inspcheck.rendering.paper import TemplateError, render

        try:
            emit(render(content, template), output)
        except TemplateError as exc:
            raise UsageError(str(exc)) from None


def _read_text(option: str, path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise UsageError(f"{option}: cannot read {path}: {reason}") from None


def _lines(text: str) -> list[str]:
    """One ask a line; blank lines and a leading list marker (- or *) are dropped."""
    return [line.strip().lstrip("-*").strip() for line in text.splitlines() if line.strip()]


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to start it (default: here).")] = Path(
        "."
    ),
    install: Annotated[
        str | None,
        _opt("--install", "What CI and pre-commit install inspcheck from: a pip requirement, "
             "e.g. a git URL with a tag, a wheel's URL, or inspcheck==X "
             "(default: where this inspcheck came from)."),
    ] = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="A register with no example entries.")
    ] = False,
) -> None:  # fmt: skip
    """Start a new data repo: example data, settings, CI workflow, pre-commit, schemas."""

    def run() -> int:
        from inspcheck.scaffold import Exists, Source, create, installed_from

        source = installed_from() if install is None else Source(install.strip(), True)
        if not source.requirement:
            raise UsageError("--install: give a pip requirement, e.g. a git URL with a tag")
        try:
            written = create(directory, source.requirement, empty=empty)
        except Exists as exc:
            raise UsageError(f"already there, so nothing was written: {exc}") from None
        for path in written:
            sys.stdout.write(f"{path}\n")
        if not source.reachable:
            sys.stderr.write(
                f"inspcheck: warning: CI and pre-commit will install '{source.requirement}', "
                "which is on this machine only, so CI cannot reach it; run init again with "
                "--install SPEC (a git URL with a tag, or a wheel's URL)\n"
            )
        here = directory.resolve() == Path.cwd().resolve()
        step = "inspcheck status" if here else f"cd {directory} && inspcheck status"
        sys.stderr.write(f"inspcheck: started a data repo in {directory}; next: {step}\n")
        return EXIT_OK

    boundary(run)


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
            emit(text, output / name)
        sys.stderr.write(f"inspcheck: wrote {len(schemas)} schemas to {output}\n")
        return EXIT_OK

    boundary(run)


@app.command()
def update(
    recommendation: Annotated[str, typer.Argument(help="The recommendation's id.")],
    agency: Annotated[str, _opt("--agency", "The agency's id.")],
    status: Annotated[Status | None, _opt("--status", "The new status.")] = None,
    note: Annotated[str | None, _opt("--note", "What was done, for --status.")] = None,
    date_: Annotated[str | None, _opt("--date", "When (default: --as-of, else today).")] = None,
    marking: Annotated[Marking | None, _opt("--marking", "official or official-sensitive.")] = None,
    source: Annotated[
        str | None, _opt("--source", "Where the progress was reported, if not first-hand.")
    ] = None,
    evidence: Annotated[str | None, _opt("--evidence", "Record evidence with this title.")] = None,
    ref: Annotated[str | None, _opt("--ref", "The evidence's URL or reference.")] = None,
    extend_to: Annotated[str | None, _opt("--extend-to", "Record an extension: new date.")] = None,
    approved: Annotated[str | None, _opt("--approved", "When the extension was approved.")] = None,
    by: Annotated[str | None, _opt("--by", "Who approved the extension.")] = None,
    reason: Annotated[str | None, _opt("--reason", "Why the extension is needed.")] = None,
    data: DataOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Append a dated update, evidence or an extension (or all three) to an agency's file.

    Every other byte of the file is kept. The result is checked first: if it would
    not validate, nothing is written and the findings are printed (exit 1).
    """

    def run() -> int:
        from inspcheck.recording import Unknown, record
        from inspcheck.rendering.findings import text
        from inspcheck.writing import EditError, NoResponse

        day = parse_day("--date", date_) if date_ else as_of_date(as_of)
        entries = _entries(status, note, day, marking, source, evidence, ref, extend_to,
                           approved, by, reason)  # fmt: skip
        folder = data_folder(data)
        try:
            outcome = record(folder, agency, recommendation, entries, today())
        except Unknown as exc:
            raise UsageError(unknown_name(exc.what, exc.name, exc.known)) from None
        except NoResponse as exc:
            if agency not in exc.owners:
                owners = ", ".join(exc.owners) or "none"
                raise UsageError(f"{agency} is not an owner of {recommendation} (its owners: "
                                 f"{owners}); record this for one of them") from None  # fmt: skip
            raise UsageError(
                f"{agency} has no response to {recommendation} yet; give --status "
                "(with --note) in the same call to start one"
            ) from None
        except EditError as exc:
            raise UsageError(f"nothing written: {exc}") from None
        if not outcome.written:
            sys.stdout.write(text(outcome.errors))
            sys.stderr.write(f"inspcheck: nothing written to {outcome.path}: the result "
                             "would not validate\n")  # fmt: skip
            return EXIT_FINDINGS
        sys.stderr.write(f"inspcheck: recorded in {outcome.path}\n")
        return EXIT_OK

    boundary(run)


def _entries(
    status: Status | None, note: str | None, day: date, marking: Marking | None,
    source: str | None, evidence: str | None, ref: str | None, extend_to: str | None,
    approved: str | None, by: str | None, reason: str | None,
) -> list[Entry]:  # fmt: skip
    """update's options as entries for one response, in the order they are added: the
    update first, so that evidence or an extension may join the response it starts."""
    from inspcheck.recording import Entry

    if status is None and evidence is None and extend_to is None:
        raise UsageError("give --status (with --note), --evidence or --extend-to, or several")
    if status is None and (note is not None or source is not None):
        option = "--note" if note is not None else "--source"
        raise UsageError(f"{option} goes with --status; give the status it records")
    mark: Fields = (
        [("marking", marking.value)] if marking and marking is not Marking.OFFICIAL else []
    )
    entries = []
    if status is not None:
        entries.append(Entry("updates", _update(status, note, day, mark, source)))
    if evidence is not None:
        fields: Fields = [("date", day), ("title", evidence)]
        fields += [("ref", ref)] if ref else []
        entries.append(Entry("evidence", fields + mark))
    if extend_to is not None:
        entries.append(Entry("extensions", _extension(extend_to, approved, by, reason)))
    return entries


def _update(status: Status, note: str | None, day: date, mark: Fields,
            source: str | None) -> Fields:  # fmt: skip
    if not note or not note.strip():
        raise UsageError("--status needs --note: say what was done")
    fields: Fields = [("date", day), ("status", status.value), ("note", note), *mark]
    return fields + ([("source", source)] if source else [])


def _extension(extend_to: str, approved: str | None, by: str | None,
               reason: str | None) -> Fields:  # fmt: skip
    extension: Fields = [("to", parse_day("--extend-to", extend_to))]
    if approved:
        if not by or not by.strip():
            raise UsageError("--approved needs --by: say who approved the extension "
                             "(a board or a role)")  # fmt: skip
        extension.append(("approved", parse_day("--approved", approved)))
    return extension + [(k, v) for k, v in (("by", by), ("reason", reason)) if v]
