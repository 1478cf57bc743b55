"""The board paper as a Word document (SPEC 5), written with python-docx.

The same content as the markdown and HTML papers, laid out as a board's secretariat
would: Word's own heading styles (so the navigation pane lists the sections), real
tables whose header row repeats on every page and whose columns are sized to their
content and fit the page, landscape pages for the wide tables, RAG cells shaded and
labelled, and the charts as pictures with alt text. `--reference-doc` takes the
styles (and page size and margins) of the partnership's own Word template.

The same data and as-of date give the same bytes: the core properties are dated the
as-of date, and the zip's entries carry that date too.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspcheck.rendering.charts import COLOURS, Chart, charts
from inspcheck.rendering.html_paper import paragraphs
from inspcheck.rendering.paper import WORD
from inspcheck.vocabulary import plural

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
TABLE_POINTS = 9  # table text size
_RAG_TEXT = {"blue": "FFFFFF", "red": "FFFFFF"}  # white on the dark colours, else black


class ReferenceDocError(Exception):
    """--reference-doc is not a Word document that can be read."""


def clean(value: object) -> str:
    """Text Word accepts: control characters (which make Word refuse the file) shown as
    \\uXXXX, as every other output shows them."""
    text = "" if value is None else str(value)
    return _XML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class _Paper:
    """One document being written: its sections, headings, paragraphs and tables."""

    def __init__(self, reference: Path | None) -> None:
        import docx
        from docx.shared import Mm

        if reference is None:
            self.doc = docx.Document()
            section = self.doc.sections[0]
            section.page_width, section.page_height = Mm(210), Mm(297)
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Mm(18))
        else:
            try:
                self.doc = docx.Document(str(reference))
            except Exception as exc:  # python-docx raises several kinds for a bad file
                raise ReferenceDocError(
                    f"--reference-doc: cannot read {reference} as a Word document "
                    f"({type(exc).__name__}); give a .docx file"
                ) from None
            body = self.doc.element.body
            for child in list(body):  # its styles, not its words
                if not child.tag.endswith("}sectPr"):
                    body.remove(child)
        self.landscape = False

    # --- layout ---

    def orientation(self, landscape: bool) -> None:
        """Start a new section turned the other way, if it is not already."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        if landscape == self.landscape:
            return
        current = self.doc.sections[-1]
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = current.page_width, current.page_height
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = height, width
        self.landscape = landscape

    def text_width(self) -> int:
        section = self.doc.sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        return int((page or 0) - (left or 0) - (right or 0))

    # --- content ---

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(clean(text), level=level)

    def para(self, text: str, bold: bool = False, style: str | None = None) -> None:
        paragraph = self.doc.add_paragraph(style=self._style(style))
        run = paragraph.add_run(clean(text))
        run.bold = bold

    def bullets(self, items: Sequence[str], numbered: bool = False) -> None:
        style = "List Number" if numbered else "List Bullet"
        for item in items:
            self.doc.add_paragraph(clean(item), style=self._style(style))

    def _style(self, name: str | None) -> str | None:
        """A style the document has; a reference document may lack the list styles."""
        if name is None:
            return None
        names = {s.name for s in self.doc.styles}
        return name if name in names else None

    def picture(self, chart: Chart, width_share: float = 1.0) -> None:
        from docx.shared import Emu

        self.doc.add_picture(io.BytesIO(chart.png), width=Emu(int(self.text_width() * width_share)))
        doc_pr = self.doc.inline_shapes[-1]._inline.docPr
        doc_pr.set("descr", clean(chart.alt))  # the alt text Word shows and reads aloud
        doc_pr.set("title", clean(chart.title))
        caption = self.doc.add_paragraph(style=self._style("Caption"))
        caption.add_run(clean(chart.alt)).italic = True

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        numeric: Sequence[int] = (),
        rag: Sequence[int] = (),
    ) -> None:
        """A real table: header row repeated on every page, columns sized to their words
        and fitted to the text width, numbers right-aligned, RAG cells shaded."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        texts = [[clean(h) for h in header]] + [[clean(c) for c in row] for row in rows]
        if len(texts) == 1:
            texts.append(["None"] + [""] * (len(header) - 1))
        widths = column_widths(texts, self.text_width())
        table = self.doc.add_table(rows=len(texts), cols=len(header))
        if self._table_style("Table Grid"):
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _fixed_layout(table, widths)
        for r, values in enumerate(texts):
            row = table.rows[r]
            if r == 0:
                _repeat_as_header(row)
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(value)
                run.font.size = Pt(TABLE_POINTS)
                if r == 0:
                    run.bold = True
                    _shade(cell, "E8E8E8")
                elif c in rag and value in COLOURS:
                    run.bold = True
                    _shade(cell, COLOURS[value].lstrip("#").upper())
                    _colour(run, _RAG_TEXT.get(value, "111111"))
                if c in numeric and r > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc.add_paragraph()

    def _table_style(self, name: str) -> bool:
        return any(s.name == name for s in self.doc.styles)


def column_widths(texts: Sequence[Sequence[str]], total: int) -> list[int]:
    """Widths (EMU) summing to `total`: each column its longest word and a margin, and
    what is left over to the columns of long text, by how much more they hold."""
    columns = len(texts[0])
    base, want = [], []
    for c in range(columns):
        cells = [row[c] for row in texts[1:] if c < len(row)]
        heading = max((len(w) * 1.3 for w in WORD.findall(texts[0][c])), default=1)  # bold
        word = max([heading, *(len(w) for t in cells for w in WORD.findall(t))])
        longest = min(max((len(t) for t in cells), default=1), 120)
        base.append(word + 3)
        want.append(max(0.0, longest / 2 - word - 3))
    per_char = TABLE_POINTS * 0.55 * 12700  # an average character of the table font, in EMU
    spare = max(0.0, total / per_char - sum(base))
    wanted = sum(want)
    shares = [b + (spare * w / wanted if wanted else spare / columns) for b, w in
              zip(base, want, strict=True)]  # fmt: skip
    twips = total // 635  # Word keeps widths in twentieths of a point: whole ones, no more
    scale = twips / sum(shares)
    widths = [int(s * scale) for s in shares]
    widths[-1] += twips - sum(widths)
    return [w * 635 for w in widths]


def _fixed_layout(table: Any, widths: Sequence[int]) -> None:
    """Word keeps the widths given: a fixed layout, and a grid that matches."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _repeat_as_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _colour(run: Any, hex_colour: str) -> None:
    from docx.shared import RGBColor

    run.font.color.rgb = RGBColor.from_string(hex_colour)


def _labelled(i: dict[str, Any]) -> str:
    marks = (" [OFFICIAL-SENSITIVE]" if i["sensitive"] else "") + (
        " [UNPUBLISHED]" if i["unpublished"] else "")  # fmt: skip
    return f"{i['recommendation']}: {i['title']}{marks}"


def _more(p: _Paper, paper: dict[str, Any], name: str) -> None:
    if paper["more"][name]:
        p.para(f"And {paper['more'][name]} more, not shown: see `inspcheck status -f csv` "
               "for every item.")  # fmt: skip


_RAG = ("blue", "green", "amber", "red", "grey")


def _cover(p: _Paper, paper: dict[str, Any]) -> None:
    c = paper["cover"]
    p.para(paper["marking_line"], bold=True)
    p.doc.add_heading(clean(paper["title"]), level=0)
    board = ": ".join(x for x in (c["board"], c["meeting"]) if x)
    rows = [("Organisation", paper["organisation"]), ("Board", board),
            ("Meeting date", c["meeting_date"]), ("Agenda item", c["item"]),
            ("Author", c["author"]), ("Lead", c["lead"]), ("Purpose", c["purpose_text"]),
            ("Position as at", paper["as_of"]), ("Movement since", paper["since"]),
            ("Marking", paper["marking_line"])]  # fmt: skip
    p.table(("", ""), [r for r in rows if r[1]])


def _summary(p: _Paper, paper: dict[str, Any]) -> None:
    n = paper["section"]
    p.heading(f"{n['asks']}. The board is asked to", 1)
    p.bullets(paper["asks"], numbered=True)
    p.heading(f"{n['summary']}. Executive summary", 1)
    p.bullets(_summary_lines(paper))
    for paragraph in paragraphs(paper["summary_text"]):
        p.para(paragraph)


def _summary_lines(paper: dict[str, Any]) -> list[str]:
    """The executive summary's bullets: the figures, the movement, what is withheld."""
    s = paper["summary"]
    lines = [
        f"{plural(s['obligations'], 'obligation')} (one agency's duty to act on one "
        f"recommendation) from {plural(s['inspections'], 'inspection')}, across "
        f"{plural(s['agencies'], 'agency', 'agencies')}."
        + (f" {plural(s['awaiting_publication'], 'inspection')} "
           f"{'awaits' if s['awaiting_publication'] == 1 else 'await'} publication "
           "(Appendix B)." if s["awaiting_publication"] else ""),
        f"Completion {s['completion']}: {s['closed']} closed of {s['counted']} counted "
        f"({s['excluded']} excluded as superseded, not applicable, not accepted or risk "
        "accepted).",
        f"Verified {s['verified_share']}: {s['verified']} independently assured of "
        f"{s['counted']} counted. On time {s['on_time']} of those closed that had a deadline.",
        f"RAG: {s['blue']} blue, {s['green']} green, {s['amber']} amber, {s['red']} red, "
        f"{s['grey']} grey.",
        f"{s['overdue']} overdue ({s['long_overdue']} by more than "
        f"{paper['long_overdue_days']} days); {s['upcoming']} due in the next "
        f"{paper['upcoming_days']} days; {s['stale']} without an update for over "
        f"{paper['definitions']['stale_days']} days; {s['no_response']} with no response; "
        f"{plural(s['extensions_pending'], 'extension')} awaiting approval.",
    ]  # fmt: skip
    m = paper["movement"]
    if m is not None:
        lines.append(f"Since {paper['since']}: {len(m['new'])} new, {len(m['closed'])} closed, "
                     f"{len(m['newly_overdue'])} newly overdue, {len(m['extended'])} extended, "
                     f"{plural(len(m['status_changes']), 'change')} of status.")  # fmt: skip
    if paper["audience"] == "public":
        w = len(paper["withheld"])
        lines.append(
            "None of the register is withheld from this public paper." if not w else
            f"{plural(w, 'obligation')} withheld from this public paper (official-sensitive, "
            "or from an unpublished inspection); Appendix A lists them by id. The figures "
            "cover what may be published."
        )  # fmt: skip
    return lines


def _trend_and_position(p: _Paper, paper: dict[str, Any], drawn: dict[str, Chart]) -> None:
    n = paper["section"]
    p.heading(f"{n['trend']}. Trend", 1)
    if paper["trend"]:
        p.para("Each figure as the register stood on that date.")
        p.table(("Date", "Obligations", "Completion", "Open", "Overdue"),
                [(t["date"] + (" (now)" if t["label"] == "as at" else ""), t["obligations"],
                  t["completion"], t["open"], t["overdue"]) for t in paper["trend"]],
                numeric=(1, 2, 3, 4))  # fmt: skip
        p.picture(drawn["trend"])
    else:
        p.para("Not shown: --quarters 0.")
    p.orientation(landscape=True)
    p.heading(f"{n['position']}. Position", 1)
    p.heading("By inspection", 2)
    p.table(("Inspection", "Total", "Completion", "Overdue", "Blue", "Green", "Amber", "Red",
             "Grey"),
            [(i["short_title"], i["obligations"], i["completion"], i["overdue"],
              *(i[g] for g in _RAG)) for i in paper["inspections"]],
            numeric=range(1, 9))  # fmt: skip
    p.heading("By agency", 2)
    p.table(("Agency", "Total", "Completion", "Verified", "Overdue", "Blue", "Green", "Amber",
             "Red", "Grey"),
            [(a["name"], a["obligations"], a["completion"], a["verified_share"], a["overdue"],
              *(a[g] for g in _RAG)) for a in paper["agencies"]],
            numeric=range(1, 10))  # fmt: skip
    p.picture(drawn["agencies"], width_share=0.75)
    if paper["themes"]:
        p.heading("By theme", 2)
        p.para("A recommendation may have several themes, so it is counted under each.")
        p.table(("Theme", "Total", "Completion", "Verified", "Overdue", "Blue", "Green",
                 "Amber", "Red", "Grey"),
                [(t["theme"], t["obligations"], t["completion"], t["verified_share"],
                  t["overdue"], *(t[g] for g in _RAG)) for t in paper["themes"]],
                numeric=range(1, 10))  # fmt: skip


def _exceptions(p: _Paper, paper: dict[str, Any]) -> None:
    n = paper["section"]
    p.heading(f"{n['exceptions']}. Exceptions: red and amber", 1)
    p.para("Worst first: red (most days overdue first), then amber (soonest deadline first).")
    p.table(("RAG", "Recommendation", "Agency and lead", "Why", "Due", "Days overdue",
             "Extensions", "Latest update"),
            [(i["rag"], _labelled(i),
              i["agency_name"] + (f" ({i['lead']})" if i["lead"] else ""), i["why"],
              i["effective_due"] + (f" (was {i['due']})" if i["effective_due"] != i["due"]
                                    else ""),
              "" if i["days_overdue"] is None else i["days_overdue"],
              i["extensions"] or "none", i["latest"]) for i in paper["exceptions"]],
            numeric=(5,), rag=(0,))  # fmt: skip
    _more(p, paper, "exceptions")
    p.heading(f"{n['ageing']}. Ageing of overdue obligations", 1)
    p.table(("Days overdue", "Obligations"),
            [(b["band"], b["count"]) for b in paper["ageing"]], numeric=(1,))  # fmt: skip
    p.heading(f"{n['extensions']}. Extensions awaiting approval", 1)
    if paper["extensions_pending"]:
        p.para(f"What section {n['asks']} asks the board to approve or refuse.")
    p.table(("Recommendation", "Agency", "Current due", "Requested", "Reason"),
            [(_labelled(i), i["agency_name"], i["effective_due"], i["requested"], i["reason"])
             for i in paper["extensions_pending"]])  # fmt: skip
    _more(p, paper, "extensions_pending")


def _movement(p: _Paper, paper: dict[str, Any]) -> None:
    n = paper["section"]
    p.heading(f"{n['movement']}. Movement since {paper['since'] or 'the last paper'}", 1)
    m = paper["movement"]
    if m is None:
        p.para("Not shown: give --since DATE (the date of the last paper) to compare with it.")
        return
    limit = paper["max_rows"]
    kinds = (("New", "new"), ("Closed", "closed"), ("Newly overdue", "newly_overdue"),
             ("Extended", "extended"), ("Changes of status", "status_changes"))  # fmt: skip
    for heading, key in kinds:
        p.heading(heading, 2)
        rows = m[key]
        if key == "status_changes":
            p.table(("Recommendation", "Agency", "From", "To"),
                    [(_labelled(i), i["agency_name"], i["from"], i["status"])
                     for i in rows[:limit]])  # fmt: skip
        else:
            p.table(("Recommendation", "Agency", "Status", "Current due"),
                    [(_labelled(i), i["agency_name"], i["status"], i["effective_due"])
                     for i in rows[:limit]])  # fmt: skip
        if len(rows) > limit:
            p.para(f"And {len(rows) - limit} more, not shown.")


def _ahead(p: _Paper, paper: dict[str, Any]) -> None:
    n = paper["section"]
    p.heading(f"{n['ahead']}. National and recurring obligations, and deadlines ahead", 1)
    p.heading("National recommendations", 2)
    p.para("Recommendations made to every agency of a kind (\"all chief constables should "
           "...\"): how the agencies that answer to each one stand.")  # fmt: skip
    p.table(("Recommendation", "Deadline", "Position", "Blue", "Green", "Amber", "Red", "Grey",
             "Completion"),
            [(f"{r['recommendation']}: {r['title']}", r["due"], r["position"],
              *(r[g] for g in _RAG), r["completion"]) for r in paper["national"]],
            numeric=range(3, 9))  # fmt: skip
    _more(p, paper, "national")
    p.heading("Recurring obligations", 2)
    p.table(("Obligation", "Agency", "Frequency", "Last done", "Next due", "Status", "RAG"),
            [(_labelled(i), i["agency_name"], i["recurs"], i["last_done"], i["effective_due"],
              i["status"], i["rag"]) for i in paper["recurring"]], rag=(6,))  # fmt: skip
    _more(p, paper, "recurring")
    p.heading(f"Deadlines in the next {paper['upcoming_days']} days", 2)
    p.table(("Due", "Recommendation", "Agency", "Status", "RAG"),
            [(i["effective_due"], _labelled(i), i["agency_name"], i["status"], i["rag"])
             for i in paper["upcoming"]], rag=(4,))  # fmt: skip
    _more(p, paper, "upcoming")


def _appendices(p: _Paper, paper: dict[str, Any]) -> None:
    p.orientation(landscape=False)
    p.heading("Appendix A. Withheld from this paper", 1)
    if paper["audience"] == "public":
        p.para("Official-sensitive obligations, and those from inspections not yet published, "
               "are reported to the board in the internal paper only. They are listed here by "
               "id and nothing else.")  # fmt: skip
        p.table(("Recommendation", "Agency"),
                [(w["recommendation"], w["agency"]) for w in paper["withheld"]])  # fmt: skip
    else:
        p.para("Nothing: this internal paper shows the whole register, and labels each "
               "official-sensitive or unpublished row.")  # fmt: skip
    p.heading("Appendix B. Inspections", 1)
    p.table(("Inspection", "Title", "Inspectorates", "Published"),
            [(i["short_title"], i["title"], i["inspectorates"], i["published"])
             for i in paper["inspections"]])  # fmt: skip
    w = paper["awaiting_publication"]
    if paper["audience"] == "public":
        p.para(f"{plural(w['count'], 'inspection')} in the register "
               f"{'awaits' if w['count'] == 1 else 'await'} publication."
               + (" Their findings are reported to the board in the internal paper "
                  "only." if w["count"] else ""))  # fmt: skip
    elif w["count"]:
        p.para("Awaiting publication, and so never in a public paper: "
               + ", ".join(i["id"] for i in w["inspections"]) + ".")  # fmt: skip
    d = paper["definitions"]
    p.heading("Appendix C. Definitions", 1)
    p.para("An obligation is one agency's duty to act on one recommendation. Figures are "
           f"worked out as the register stood on {paper['as_of']}.")  # fmt: skip
    p.heading("Statuses", 2)
    p.table(("Status", "Meaning"), [(x["name"], x["meaning"]) for x in d["statuses"]])
    p.heading("RAG: the first rule that applies", 2)
    p.table(("Colour", "Rule"), [(x["colour"], x["rule"]) for x in d["rag"]], rag=(0,))
    p.heading("Flags", 2)
    p.table(("Flag", "Meaning"), [(x["name"], x["meaning"]) for x in d["flags"]])
    p.para(f"Due soon means within {d['due_soon_days']} days; stale means no update for over "
           f"{d['stale_days']} days.")  # fmt: skip
    p.heading("Formulas", 2)
    p.table(("Figure", "Formula"), [(x["name"], x["formula"]) for x in d["formulas"]])
    p.para(paper["marking_line"], bold=True)


def render_docx(paper: dict[str, Any], reference: Path | None = None) -> bytes:
    p = _Paper(reference)
    drawn = charts(paper)
    _cover(p, paper)
    _summary(p, paper)
    _trend_and_position(p, paper, drawn)
    _exceptions(p, paper)
    _movement(p, paper)
    _ahead(p, paper)
    _appendices(p, paper)
    _properties(p, paper)
    out = io.BytesIO()
    p.doc.save(out)
    return _steady(out.getvalue(), paper["as_of_iso"])


def _properties(p: _Paper, paper: dict[str, Any]) -> None:
    """Only what the cover says: nothing of the machine, the person or the clock."""
    moment = datetime.fromisoformat(paper["as_of_iso"]).replace(tzinfo=UTC)
    props = p.doc.core_properties
    props.title = clean(paper["title"])
    props.subject = clean(paper["organisation"])
    props.author = clean(paper["cover"]["author"] or paper["organisation"])
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = clean(paper["marking_line"])
    props.category = ""
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1


def _steady(data: bytes, as_of_iso: str) -> bytes:
    """The same zip every time: entries in name order, each dated the as-of date."""
    year, month, day = (int(x) for x in as_of_iso.split("-"))
    stamp = (max(year, 1980), month, day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
