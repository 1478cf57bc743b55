"""Markdown building blocks: escaped table cells, and the compact status view."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence

from inspcheck.assessment import Assessment, Obligation, Score
from inspcheck.attention import needing_attention, reason
from inspcheck.rendering.escape import one_line
from inspcheck.rendering.table import headline, percent
from inspcheck.vocabulary import Rag

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


# Anything cell() would change: most text has none of it, and is returned as it is. Which
# is told by C-speed tests: str.isprintable() is False for every control, invisible, bidi
# and non-space whitespace character; one character class finds the markdown and HTML
# ones; then spaces at either end, or two together.
_CHANGED_BY_CELL = re.compile(r"[\\`*_\[\]|~<>&]")


@functools.lru_cache(maxsize=4096)
def _cell(text: str) -> str:
    if (
        text.isprintable()
        and not _CHANGED_BY_CELL.search(text)
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
    ):
        return text or " "
    flat = one_line(text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)) or " "


def cell(text: object) -> str:
    """One table cell: one line, HTML escaped, markdown punctuation and pipes neutralised."""
    return _cell(str(text))


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


POSITION_HEADER = ("", "Total", "Open", "Closed", "Overdue", "Completion",
                   "Blue", "Green", "Amber", "Red", "Grey")  # fmt: skip


def position_row(name: str, s: Score) -> list[object]:
    return [name, s.obligations, s.open, s.closed, s.overdue, percent(s.completion),
            *(s.rag[r] for r in Rag)]  # fmt: skip


def items(rows: Sequence[Obligation]) -> str:
    return table(
        ("RAG", "Recommendation", "Agency", "Due", "Days overdue", "Why"),
        (
            (o.rag.value, o.recommendation.id, o.agency.id,
             o.effective_due.isoformat() if o.effective_due else "none",
             "" if o.days_overdue is None else o.days_overdue, reason(o) or o.status.value)
            for o in rows
        ),
    )  # fmt: skip


def status(a: Assessment, organisation: str | None) -> str:
    first, *rest = headline(a, organisation)
    parts = [f"## {cell(first)}\n", "\n".join(f"- {cell(line)}" for line in rest) + "\n"]
    parts.append("### By agency\n")
    parts.append(table(("Agency", *POSITION_HEADER[1:]),
                       (position_row(x.name, s) for x, s in a.by_agency)))  # fmt: skip
    parts.append("### By inspection\n")
    parts.append(table(("Inspection", *POSITION_HEADER[1:]),
                       (position_row(x.id, s) for x, s in a.by_inspection)))  # fmt: skip
    attention = needing_attention(a)
    parts.append("### Needs attention\n")
    parts.append(items(attention) if attention else "Nothing needs attention.\n")
    return "\n".join(parts)
