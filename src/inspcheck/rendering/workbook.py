"""`status -f xlsx`: the items, and the agency and inspection summaries, as a workbook for
people who stay in Excel (SPEC 7).

Written with xlsxwriter, told never to turn text into a formula, a link or a number:
a note that reads `=HYPERLINK(...)` stays the text it is. Dates are real dates, counts
and days real numbers, shares real percentages; RAG cells are coloured and say their
colour in words. The header is frozen and filtered, and columns are sized to what they
hold. The workbook is dated the as-of date, so the same register gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from inspcheck.assessment import Assessment, Obligation, Score
from inspcheck.rendering.charts import COLOURS
from inspcheck.vocabulary import Marking, Rag

WIDEST = 60  # characters: longer text wraps within its column
DARK = {"blue", "red"}  # white text on these fills

# The items sheet: header, width hint (None: sized to content), and the cell's value.
Cell = str | int | float | date | None
ITEMS: tuple[tuple[str, Callable[[Obligation], Cell]], ...] = (
    ("Ref", lambda o: o.recommendation.id),
    ("Title", lambda o: o.recommendation.title),
    ("Kind", lambda o: str(o.recommendation.kind)),
    ("Recommendation", lambda o: o.recommendation.text),
    ("Inspection", lambda o: o.inspection.id),
    ("Inspection title", lambda o: o.inspection.short_title or o.inspection.title),
    ("Agency", lambda o: o.agency.id),
    ("Agency name", lambda o: o.agency.name),
    ("Lead", lambda o: o.lead),
    ("Status", lambda o: str(o.status) if o.last_update else None),  # blank: no response
    ("RAG", lambda o: str(o.rag)),
    ("Due", lambda o: o.due),
    ("Revised due", lambda o: o.effective_due if o.effective_due != o.due else None),
    ("Recurs", lambda o: o.recommendation.recurs),
    ("Days overdue", lambda o: o.days_overdue),
    ("Last updated", lambda o: o.last_update.date if o.last_update else None),
    ("Latest update", lambda o: o.last_update.note if o.last_update else None),
    ("Source", lambda o: o.last_update.source if o.last_update else None),
    ("Flags", lambda o: ", ".join(str(f) for f in o.flags) or None),
    ("Marking", lambda o: str(_marking(o))),
)
WRAPPED = {"Title", "Recommendation", "Latest update"}

SCORES: tuple[tuple[str, Callable[[Score], Cell]], ...] = (
    ("Obligations", lambda s: s.obligations), ("Open", lambda s: s.open),
    ("Closed", lambda s: s.closed), ("Excluded", lambda s: s.excluded),
    ("Overdue", lambda s: s.overdue), ("Due soon", lambda s: s.due_soon),
    ("Stale", lambda s: s.stale), ("No response", lambda s: s.no_response),
    ("Completion", lambda s: s.completion), ("Verified", lambda s: s.verified_share),
    ("On time", lambda s: s.on_time),
    *((f"RAG {rag}", lambda s, r=rag: s.rag[r]) for rag in Rag),
)  # fmt: skip
SHARES = {"Completion", "Verified", "On time"}


def _marking(o: Obligation) -> Marking:
    """The stricter of the recommendation's marking and its latest update's: a row marked
    official-sensitive is never read back as official."""
    last = o.last_update
    sensitive = Marking.OFFICIAL_SENSITIVE in (o.recommendation.marking,
                                               last.marking if last else None)  # fmt: skip
    return Marking.OFFICIAL_SENSITIVE if sensitive else Marking.OFFICIAL


def items_xlsx(a: Assessment, items: Sequence[Obligation], organisation: str | None,
               *, summaries: bool) -> bytes:  # fmt: skip
    """The items (all of `status`, or what `overdue` lists), and with `summaries` the
    agency and inspection sheets."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "default_date_format": "d mmm yyyy",
    })  # fmt: skip
    made = datetime(a.as_of.year, a.as_of.month, a.as_of.day)
    title = f"Position at {a.as_of.day} {a.as_of:%B %Y}"
    book.set_properties({"title": title, "created": made, "company": organisation or "",
                         "comments": "inspcheck status"})  # fmt: skip
    styles = _Styles(book)
    rows = [[value(o) for _, value in ITEMS] for o in items]
    _sheet(book, styles, "Items", [h for h, _ in ITEMS], rows)
    for name, groups in (("Agencies", a.by_agency), ("Inspections", a.by_inspection)) * summaries:
        header = ["Id", "Name", *(h for h, _ in SCORES)]
        body = [[g.id, getattr(g, "name", None) or getattr(g, "title", ""),
                 *(value(s) for _, value in SCORES)] for g, s in groups]  # fmt: skip
        _sheet(book, styles, name, header, body)
    book.close()
    return out.getvalue()


class _Styles:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#D9D9D9", "bottom": 1,
                                       "text_wrap": True, "valign": "top"})  # fmt: skip
        self.text = book.add_format({"valign": "top"})
        self.wrapped = book.add_format({"valign": "top", "text_wrap": True})
        self.day = book.add_format({"valign": "top", "num_format": "d mmm yyyy"})
        self.share = book.add_format({"valign": "top", "num_format": "0.0%"})
        self.number = book.add_format({"valign": "top"})
        self.rag = {rag: book.add_format({"valign": "top", "bold": True, "bg_color": colour,
                                          "font_color": "#FFFFFF" if rag in DARK else "#000000"})
                    for rag, colour in COLOURS.items()}  # fmt: skip


def _sheet(book: Any, styles: _Styles, name: str, header: list[str],
           rows: Sequence[list[Cell]]) -> None:  # fmt: skip
    """One sheet: the widths worked out first, then each row written with its height."""
    sheet = book.add_worksheet(name)
    widths = [len(title) for title in header]
    for row in rows:
        for c, value in enumerate(row):
            widths[c] = max(widths[c], _width(value, header[c]))
    wrapped = [c for c, title in enumerate(header) if title in WRAPPED]
    for c in range(len(header)):
        sheet.set_column(c, c, min(widths[c], WIDEST) + 2,
                         styles.wrapped if c in wrapped else None)  # fmt: skip
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    # Printed: A4 landscape, one page wide, the header on every page.
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    for column, title in enumerate(header):
        sheet.write_string(0, column, title, styles.header)
    formats = [_format(styles, title) for title in header]
    for r, row in enumerate(rows, 1):
        lines = max((_lines(row[c], min(widths[c], WIDEST)) for c in wrapped), default=1)
        if lines > 1:  # wrapped text: rows as tall as their longest cell
            sheet.set_row(r, 15 * lines)
        for c, value in enumerate(row):
            if value is not None:
                _write(sheet, styles, r, c, value, formats[c])


def _width(value: Cell, title: str) -> int:
    """The characters a cell needs to be read whole (its longest line, for text)."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 11
    if isinstance(value, int | float):
        return 6 if title in SHARES else len(str(value))
    return len(value) if "\n" not in value else max(len(line) for line in value.split("\n"))


def _format(styles: _Styles, title: str) -> Any:
    if title in SHARES:
        return styles.share
    if title in WRAPPED:
        return styles.wrapped
    return styles.rag if title == "RAG" else styles.text


def _lines(value: Cell, width: int) -> int:
    """How many lines text takes wrapped at `width` characters (at spaces, roughly)."""
    if not isinstance(value, str):
        return 1
    return sum(max(1, -(-len(line) // max(width - 2, 1))) for line in value.split("\n"))


def _write(sheet: Any, styles: _Styles, r: int, c: int, value: Cell, style: Any) -> None:
    """Write one cell as its type: a date, a number, or text (never a formula)."""
    if isinstance(value, date):
        sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), styles.day)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value, style if style is styles.share else styles.number)
    elif isinstance(style, dict):  # RAG: coloured by its word
        sheet.write_string(r, c, value, style.get(value, styles.text))
    else:
        sheet.write_string(r, c, value, style)
