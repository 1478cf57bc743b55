"""The terminal view of status and overdue: a headline, positions, and the items to chase.

Built with rich for width and colour, from Text objects only: nothing from a data
file is ever read as markup, and control characters are escaped first.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from inspcheck.assessment import Assessment, Obligation, Rag, Score
from inspcheck.attention import needing_attention, reason
from inspcheck.dates import format_long
from inspcheck.rendering.escape import one_line

RAG_STYLE = {
    Rag.BLUE: "bold blue",
    Rag.GREEN: "green",
    Rag.AMBER: "yellow",
    Rag.RED: "bold red",
    Rag.GREY: "dim",
}


def _console(width: int, colour: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=colour, color_system="standard" if colour else None,
        no_color=not colour, highlight=False, markup=False, emoji=False, soft_wrap=False,
    )  # fmt: skip
    return console, out


def percent(value: float | None) -> str:
    return "none" if value is None else f"{value * 100:.1f}%"


def headline(a: Assessment, organisation: str | None) -> list[str]:
    s = a.summary
    title = f"Position at {format_long(a.as_of)}"
    if organisation:
        title += f" - {one_line(organisation)}"
    return [
        title,
        f"Completion {percent(s.completion)} ({s.closed} of {s.counted} closed, "
        f"{s.excluded} excluded); verified {percent(s.verified_share)}; "
        f"on time {percent(s.on_time)}",
        "RAG: " + ", ".join(f"{rag} {s.rag[rag]}" for rag in Rag),
        f"Overdue {s.overdue}, due soon {s.due_soon}, stale {s.stale}, no response {s.no_response}",
    ]


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                 padding=(0, 1), collapse_padding=True)  # fmt: skip


def _positions(title: str, rows: Iterable[tuple[str, Score]]) -> Table:
    table = _table(title)
    table.add_column(title.split()[-1].capitalize(), no_wrap=True, max_width=28)
    for name in ("Total", "Closed", "Done"):
        table.add_column(name, justify="right", no_wrap=True)
    for rag in Rag:
        table.add_column(rag.value.capitalize(), justify="right", style=RAG_STYLE[rag],
                         no_wrap=True)  # fmt: skip
    for name, s in rows:
        table.add_row(
            Text(one_line(name)), str(s.obligations), str(s.closed), percent(s.completion),
            *(str(s.rag[r]) for r in Rag),
        )  # fmt: skip
    return table


def items_table(title: str, items: Sequence[Obligation]) -> Table:
    """One row per item; the recommendation id, and under it why it is listed."""
    table = _table(title)
    table.add_column("RAG", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Late", justify="right", no_wrap=True)
    table.add_column("Agency", no_wrap=True, max_width=16)
    table.add_column("Recommendation, and why", overflow="fold")
    for o in items:
        what = Text(o.recommendation.id)
        what.append("\n" + (reason(o) or o.status.value), style="dim")
        table.add_row(
            Text(o.rag.value, style=RAG_STYLE[o.rag]),
            o.effective_due.isoformat() if o.effective_due else "-",
            str(o.days_overdue) if o.days_overdue is not None else "",
            Text(o.agency.id),
            what,
        )
    return table


def _text(out: io.StringIO) -> str:
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def status(a: Assessment, organisation: str | None, width: int = 80, colour: bool = False) -> str:
    console, out = _console(width, colour)
    for line in headline(a, organisation):
        console.print(Text(line))
    console.print()
    console.print(_positions("By agency", ((x.id, s) for x, s in a.by_agency)))
    console.print(_positions("By inspection", ((x.id, s) for x, s in a.by_inspection)))
    attention = needing_attention(a)
    if attention:
        console.print(items_table("Needs attention (red, then amber)", attention))
    else:
        console.print(Text("Nothing needs attention."))
    return _text(out)


def overdue(
    a: Assessment, items: Sequence[Obligation], width: int = 80, colour: bool = False
) -> str:
    console, out = _console(width, colour)
    if not items:
        console.print(Text(f"Nothing overdue at {format_long(a.as_of)}."))
    else:
        console.print(items_table(f"Overdue at {format_long(a.as_of)}", items))
    return _text(out)
