"""`inspcheck import`: the tracker a partnership keeps today, appended to the register."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from inspcheck.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    DataOption,
    UsageError,
    app,
    boundary,
    data_folder,
    parse_day,
    print_errors,
    today,
    unknown_name,
)
from inspcheck.vocabulary import Kind

if TYPE_CHECKING:
    from inspcheck.importing import Creating
    from inspcheck.register import Register
    from inspcheck.tracker import MapFile, Settings


def _opt(name: str, help: str) -> Any:
    return typer.Option(name, help=help, show_default=False)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The tracker: .xlsx, .xlsm, .ods or .csv.")],
    sheet: Annotated[str | None, _opt("--sheet", "The sheet to read, if it has several.")] = None,
    map: Annotated[Path | None, _opt("--map", "A map file: headers, statuses, defaults.")] = None,
    inspection: Annotated[
        str | None, _opt("--inspection", "The inspection rows belong to, if no column says.")
    ] = None,
    agency: Annotated[
        str | None, _opt("--agency", "The agency rows are for, if no column says.")
    ] = None,
    kind: Annotated[Kind | None, _opt("--kind", "The kind of every row's recommendation.")] = None,
    as_at: Annotated[
        str | None, _opt("--as-at", "The date the tracker describes: each update's date.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; write nothing.")
    ] = False,
    data: DataOption = None,
) -> None:
    """Turn a tracker spreadsheet into register entries: new rows become recommendations and
    responses, changed statuses and notes become updates. Nothing in the register is
    changed or deleted, and nothing is written unless the whole result validates."""

    def run() -> int:
        from inspcheck.importing import import_plan, known
        from inspcheck.pipeline import check
        from inspcheck.rendering import importing as shown
        from inspcheck.spreadsheet import Unreadable, read
        from inspcheck.tracker import plan

        folder = data_folder(data)
        mapped = _map_file(map)
        settings = _settings(mapped, inspection, agency, kind, as_at)
        try:
            tracker = read(file, sheet or mapped.sheet)
        except Unreadable as exc:
            raise UsageError(str(exc)) from None
        day = today()
        checked = check(folder, day, day, warnings=False)
        if checked.has_errors:
            print_errors(checked)
            sys.stderr.write("inspcheck: the register must validate before anything is "
                             "imported into it; nothing written\n")  # fmt: skip
            return EXIT_FINDINGS
        creating = _creating(checked.register, settings, mapped)
        found = plan(tracker, settings, known(checked.register, creating), file.name)
        outcome = import_plan(folder, checked.register, found, creating, day, write=not dry_run)
        if dry_run:
            sys.stdout.write(shown.plan(tracker, outcome))
        sys.stdout.write(shown.findings(tracker, outcome))
        sys.stderr.write(shown.summary(tracker, outcome, folder, dry_run=dry_run))
        return EXIT_FINDINGS if outcome.has_errors else EXIT_OK

    boundary(run)


def _map_file(path: Path | None) -> MapFile:
    from pydantic import ValidationError

    from inspcheck.tracker import MapFile
    from inspcheck.yamlread import read_tree

    if path is None:
        return MapFile()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read the map file {path}: {exc.strerror}") from None
    tree, problems = read_tree(raw, path.name)
    if problems:
        p = problems[0]
        raise UsageError(f"{path}:{p.line}:{p.column}: {p.message}")
    try:
        return MapFile.model_validate(tree or {})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise UsageError(f"{path}: '{where}': {error['msg']}; see docs/import.md") from None


def _settings(
    mapped: MapFile, inspection: str | None, agency: str | None, kind: Kind | None,
    as_at: str | None,
) -> Settings:  # fmt: skip
    """The command line's options over the map file's defaults."""
    from inspcheck.tracker import Settings

    defaults = mapped.defaults
    when = as_at or defaults.as_at
    return Settings(
        header_row=mapped.header_row,
        columns=dict(mapped.columns),
        statuses=dict(mapped.statuses),
        inspection=inspection or defaults.inspection,
        agency=agency or defaults.agency,
        kind=kind or defaults.kind,
        as_at=parse_day("--as-at", when) if when else None,
    )


def _creating(register: Register, settings: Settings, mapped: MapFile) -> Creating:
    """The inspection and agency named that are not in the register yet: created with the
    title and name the map gives, else a usage error saying how to go on."""
    from inspcheck.importing import Creating

    inspection = agency = None
    if settings.inspection and settings.inspection not in register.inspections:
        title = mapped.defaults.inspection_title
        if not title:
            raise UsageError(unknown_name("inspection", settings.inspection,
                                          register.inspections)
                             + "; to add it, give its title in a --map file "
                             "(defaults: inspection_title)")  # fmt: skip
        inspection = (settings.inspection, title)
    if settings.agency and settings.agency not in register.agencies:
        name = mapped.defaults.agency_name
        if not name:
            raise UsageError(unknown_name("agency", settings.agency, register.agencies)
                             + "; to add it, give its name in a --map file "
                             "(defaults: agency_name)")  # fmt: skip
        agency = (settings.agency, name)
    return Creating(inspection, agency)
