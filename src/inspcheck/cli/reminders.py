"""Between board meetings: `chase` writes each agency its message, `calendar` the deadlines."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from inspcheck.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    AgencyOption,
    AsOfOption,
    DataOption,
    OutputOption,
    UsageError,
    app,
    assessed,
    boundary,
    emit,
)
from inspcheck.vocabulary import Audience


class ChaseFormat(StrEnum):
    MD = "md"
    EML = "eml"


@app.command()
def chase(
    data: DataOption = None,
    as_of: AsOfOption = None,
    agency: AgencyOption = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, show_default=False,
                     help="Also chase items due within this many days (default: due_soon_days)."),
    ] = None,
    format: Annotated[
        ChaseFormat, typer.Option("--format", "-f", help="md, or eml (email files; needs -o).")
    ] = ChaseFormat.MD,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False,
                     help="Write one file per agency into this folder: <agency>.md or .eml."),
    ] = None,
) -> None:  # fmt: skip
    """One message per agency with red or amber items, or items due soon: what each needs.

    Each message holds only its own agency's obligations, and its subject starts
    OFFICIAL-SENSITIVE: when any of them is. Emails go to the agency's `contact`.
    """

    def run() -> int:
        from inspcheck.chasing import chasers
        from inspcheck.rendering import chaser as layout

        if format is ChaseFormat.EML and output is None:
            raise UsageError("-f eml writes one file per agency: give -o DIR")
        checked, assessment = assessed(data, as_of, agency, None, None)
        if checked is None:
            return EXIT_FINDINGS
        settings = checked.register.settings
        found = chasers(assessment, settings.due_soon_days if within is None else within)
        render = layout.email if format is ChaseFormat.EML else layout.markdown
        messages = [(c, render(c, settings.organisation, assessment.as_of)) for c in found]
        for c, _ in messages:
            if c.agency.contact is None:
                sys.stderr.write(f"inspcheck: warning: {c.agency.id} has no contact, so its "
                                 "message has no To:; add `contact:` (a role mailbox) to its "
                                 "entry\n")  # fmt: skip
        if output is None:
            emit("\n---\n\n".join(text for _, text in messages), None)
        else:
            _make_folder(output)
            for c, text in messages:
                emit(text, output / f"{c.agency.id}.{format.value}")
        where = f" in {output}" if output else ""
        sys.stderr.write(f"inspcheck: {len(messages)} message(s){where}\n")
        return EXIT_OK

    boundary(run)


@app.command()
def calendar(
    data: DataOption = None,
    as_of: AsOfOption = None,
    agency: AgencyOption = None,
    audience: Annotated[
        Audience, typer.Option("--audience", help="public (the default) or internal.")
    ] = Audience.PUBLIC,
    remind: Annotated[
        int, typer.Option("--remind", min=0, help="Alarm this many days before (0: none).")
    ] = 14,
    output: OutputOption = None,
) -> None:
    """The deadlines as an iCalendar (.ics) file that calendars can subscribe to.

    One all-day event per open obligation with a deadline; a recurring duty's is its
    next renewal. A public calendar withholds what a public paper withholds.
    """

    def run() -> int:
        from inspcheck.rendering.ical import calendar as ics

        checked, assessment = assessed(data, as_of, agency, None, None)
        if checked is None:
            return EXIT_FINDINGS
        organisation = checked.register.settings.organisation
        emit(ics(assessment, audience, organisation, remind), output)
        return EXIT_OK

    boundary(run)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the folder {folder}: {exc.strerror}") from None
