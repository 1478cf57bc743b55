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

from inspcheck.assessment import Assessment, Obligation, Score
from inspcheck.attention import needing_attention, reason
from inspcheck.dates import format_long
from inspcheck.rendering.escape import one_line
from inspcheck.vocabulary import Rag

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


# The number columns of a position table, and which go first when the terminal is narrow:
# Completion and the RAG counts a board reads are kept to the last.
_NUMBERS = ("Total", "Closed", "Completion", *(r.value.capitalize() for r in Rag))
_COLUMN_STYLE = {r.value.capitalize(): RAG_STYLE[r] for r in Rag}  # the RAG columns' colours
_LEAST_NEEDED = ("Closed", "Grey", "Blue", "Total")
_NAME_MIN = 12


def _positions(title: str, rows: Iterable[tuple[str, Score]], width: int) -> Table:
    """Names wrap; no number or RAG word is ever cut: at a narrow width the least needed
    columns go instead."""
    named = [(one_line(name), s) for name, s in rows]
    cells = [
        {"Total": str(s.obligations), "Closed": str(s.closed), "Completion": percent(s.completion),
         **{r.value.capitalize(): str(s.rag[r]) for r in Rag}}
        for _, s in named
    ]  # fmt: skip
    wide = {h: max([len(h), *(len(c[h]) for c in cells)]) for h in _NUMBERS}
    longest = max([len(title.split()[-1]), *(len(n) for n, _ in named)])
    shown = list(_NUMBERS)
    for column in _LEAST_NEEDED:
        if 2 + min(longest, _NAME_MIN) + sum(2 + wide[h] for h in shown) <= width:
            break
        shown.remove(column)
    table = _table(title)
    room = width - 2 - sum(2 + wide[h] for h in shown)  # what the numbers leave the name
    table.add_column(title.split()[-1].capitalize(), overflow="fold",
                     min_width=min(longest, _NAME_MIN), max_width=max(_NAME_MIN, room))  # fmt: skip
    for h in shown:
        table.add_column(h, justify="right", no_wrap=True, min_width=wide[h],
                         style=_COLUMN_STYLE.get(h, ""))  # fmt: skip
    for (name, _), row in zip(named, cells, strict=True):
        table.add_row(Text(name), *(row[h] for h in shown))
    return table


def items_table(title: str, items: Sequence[Obligation]) -> Table:
    """One row per item; the recommendation id, and under it why it is listed. The RAG word,
    the date and the days late are never cut; agency and recommendation wrap."""
    table = _table(title)
    table.add_column("RAG", no_wrap=True, min_width=5)
    table.add_column("Due", no_wrap=True, min_width=10)
    late = [str(o.days_overdue) if o.days_overdue is not None else "" for o in items]
    table.add_column("Days late", justify="right", no_wrap=True,
                     min_width=max([9, *(len(x) for x in late)]))  # fmt: skip
    table.add_column("Agency", overflow="fold", min_width=8, max_width=16)
    table.add_column("Recommendation, and why", overflow="fold", min_width=12)
    for o, days in zip(items, late, strict=True):
        what = Text(o.recommendation.id)
        what.append("\n" + (reason(o) or o.status.value), style="dim")
        table.add_row(
            Text(o.rag.value, style=RAG_STYLE[o.rag]),
            o.effective_due.isoformat() if o.effective_due else "-",
            days,
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
    console.print(_positions("By agency", ((x.id, s) for x, s in a.by_agency), width))
    inspections = ((x.short_title or x.id, s) for x, s in a.by_inspection)
    console.print(_positions("By inspection", inspections, width))
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
