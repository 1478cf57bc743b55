"""The board paper in its three formats (SPEC 5): one content, md, html and docx, each
read back by what its readers use: a markdown parser and pandoc, Chromium, Word's own
format through python-docx, and LibreOffice."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from inspcheck.rendering.docx_paper import clean
from tests.conftest import CASES, REPO, run

BOARD = CASES / "report" / "board" / "data"
AT = ("--data", str(BOARD), "--as-of", "2025-02-01", "--since", "2024-10-01")
HOSTILE = ("<script>", 'onmouseover="', "](javascript:")


def _canaries(data: Path = BOARD) -> set[str]:
    found: set[str] = set()
    for path in data.rglob("*.yaml"):
        found |= set(re.findall(r"CANARY-[A-Z-]+", path.read_text()))
    return found


def report(tmp_path: Path, fmt: str, *extra: str, data: Path = BOARD) -> Path:
    target = tmp_path / f"paper.{fmt}"
    result = run("report", "-f", fmt, "-o", str(target), "--data", str(data),
                 "--as-of", "2025-02-01", "--since", "2024-10-01", *extra)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return target


def docx_parts(path: Path) -> dict[str, str]:
    """Every XML part of a Word file, as text: body, styles, properties, pictures' names."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def docx_text(path: Path) -> str:
    """The document's text, paragraph by paragraph and cell by cell, in order."""
    document = docx.Document(str(path))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row if cell.tag.endswith("}tc")
                    ]  # fmt: skip
                    lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


# --- one content: what every format says ---


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_section_is_there_in_every_format(tmp_path: Path, fmt: str) -> None:
    path = report(tmp_path, fmt)
    text = docx_text(path) if fmt == "docx" else path.read_text()
    for heading in ("The board is asked to", "Executive summary", "Trend", "Position",
                    "Exceptions: red and amber", "Ageing of overdue obligations",
                    "Extensions awaiting approval", "Movement since 1 October 2024",
                    "National recommendations", "Recurring obligations",
                    "Deadlines in the next 90 days", "Appendix A. Withheld",
                    "Appendix B. Inspections", "Appendix C. Definitions"):  # fmt: skip
        assert heading in text, heading
    # the cover, from settings
    for cover in ("Partnership Executive", "Business Manager", "Independent Scrutineer",
                  "For noting"):  # fmt: skip
        assert cover in text
    # the asks: the extension to approve, listed where the paper says it is
    assert "Approve or refuse the 1 extension awaiting approval, listed in section 7." in text
    # the public paper says how many inspections await publication, and nothing else of them
    assert "1 inspection" in text and "PEEL" not in text


def test_cover_options_and_the_authors_own_words(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("The partnership is *broadly* on track.\n\nTwo <b>risks</b> remain.\n")
    asks = tmp_path / "asks.txt"
    asks.write_text("- Agree the revised audit programme\n\nEndorse the CSE strategy\n")
    extra = ("--meeting", "Executive, March 2025", "--meeting-date", "12 March 2025",
             "--item", "7", "--purpose", "decision", "--summary", str(summary),
             "--asks", str(asks))  # fmt: skip
    md = report(tmp_path, "md", *extra).read_text()
    assert "| Agenda item | 7 |" in md and "| Meeting date | 12 March 2025 |" in md
    assert "The partnership is *broadly* on track." in md  # markdown, as written
    assert "3. Agree the revised audit programme\n4. Endorse the CSE strategy" in md
    html = report(tmp_path, "html", *extra).read_text()
    assert "Two &lt;b&gt;risks&lt;/b&gt; remain." in html  # shown as text, escaped
    assert "For decision" in html
    text = docx_text(report(tmp_path, "docx", *extra))
    assert "Two <b>risks</b> remain." in text and "Endorse the CSE strategy" in text


def test_the_trend_is_the_register_as_it_stood_at_each_quarter_end(tmp_path: Path) -> None:
    """Each trend row is what `status --as-of` that day says (internal: nothing withheld)."""
    md = report(tmp_path, "md", "--quarters", "3", "--audience", "internal").read_text()
    trend = md.split("## 3. Trend")[1].split("## 4.")[0]
    row = re.compile(
        r"^\| (\d+ \w+ \d{4})(?: \(now\))? \| (\d+) \| ([\d.]+)% \| (\d+) \| (\d+) \|$"
    )
    rows = [m.groups() for line in trend.splitlines() if (m := row.match(line))]
    days = {"30 June 2024": "2024-06-30", "30 September 2024": "2024-09-30",
            "31 December 2024": "2024-12-31", "1 February 2025": "2025-02-01"}  # fmt: skip
    assert [r[0] for r in rows] == list(days)
    for day, obligations, completion, open_, overdue in rows:
        status = json.loads(run("status", "-f", "json", "--data", str(BOARD), "--as-of",
                                days[day]).stdout)["summary"]  # fmt: skip
        assert (int(obligations), float(completion), int(open_), int(overdue)) == (
            status["obligations"], round(status["completion"] * 100, 1), status["open"],
            status["overdue"]), day  # fmt: skip


def test_quarter_ends_before_the_as_of_date() -> None:
    from datetime import date

    from inspcheck.paper import quarter_ends

    assert quarter_ends(date(2025, 2, 1), 4) == [date(2024, 3, 31), date(2024, 6, 30),
                                                 date(2024, 9, 30), date(2024, 12, 31)]  # fmt: skip
    assert quarter_ends(date(2025, 3, 31), 2) == [date(2024, 9, 30), date(2024, 12, 31)]
    assert quarter_ends(date(2025, 4, 1), 1) == [date(2025, 3, 31)]


def test_national_means_owners_given_by_kind(tmp_path: Path) -> None:
    md = run("report", "--as-of", "2024-07-01").stdout  # the bundled register
    national = md.split("### National recommendations")[1].split("### Recurring")[0]
    assert "ocsea-2023-services" in national
    assert "ap-thematic-2023-learning" not in national  # a local board's action


def test_long_tables_show_the_worst_rows_then_say_how_many_more(tmp_path: Path) -> None:
    md = report(tmp_path, "md", "--max-rows", "1").read_text()
    exceptions = md.split("## 5. Exceptions")[1].split("## 6.")[0]
    assert exceptions.count("\n| cse-r") + exceptions.count("\n| jtai") == 1
    assert "And 2 more, not shown: see `inspcheck status -f csv` for every item." in exceptions


# --- nothing withheld leaks; nothing from data is active ---


def test_public_paper_withholds_everything_in_every_format(tmp_path: Path) -> None:
    canaries = _canaries()
    assert len(canaries) >= 8
    places = {
        "md": report(tmp_path, "md").read_text(),
        "html": report(tmp_path, "html").read_text(),
        **{f"docx:{name}": text for name, text in docx_parts(report(tmp_path, "docx")).items()},
    }
    for where, text in places.items():
        assert [c for c in canaries if c in text] == [], where
        assert "PEEL" not in text, where
    internal = report(tmp_path, "html", "--audience", "internal").read_text()
    assert {"CANARY-REC-SENSITIVE", "CANARY-UNPUBLISHED"} <= {c for c in canaries if c in internal}


def test_hostile_text_is_shown_never_active(tmp_path: Path) -> None:
    md = report(tmp_path, "md", "--audience", "internal").read_text()
    assert "<script>" not in md and not re.search(r"(?<!\\)\]\(javascript:", md)
    assert "&lt;script&gt;" in md and "a \\| b" in md
    html = report(tmp_path, "html", "--audience", "internal").read_text()
    assert "<script" not in html
    assert " onmouseover=" not in html.replace("&#34; onmouseover=&#34;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34; onmouseover=&#34;alert(2)&#34;" in html
    assert 'href="javascript' not in html
    text = docx_text(report(tmp_path, "docx", "--audience", "internal"))
    assert 'Analyst <script>alert(1)</script> " onmouseover="alert(2)"' in text  # plain text


def test_control_characters_never_reach_a_word_file() -> None:
    assert clean("a\x07b\x00c\td\ne") == "a\\u0007b\\u0000c\td\ne"
    document = docx.Document()
    document.add_paragraph(clean("bell \x07 here"))  # would raise ValueError unclean


# --- the same data and date give the same paper ---


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_same_bytes_across_runs_and_hash_seeds(tmp_path: Path, fmt: str) -> None:
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"{seed}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "inspcheck", "report", "-f", fmt, "-o",
                        str(target), *AT], check=True, env=env, capture_output=True)  # fmt: skip
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


# --- html: one file, and a real browser's view of it ---


def test_html_is_one_self_contained_file(tmp_path: Path) -> None:
    html = report(tmp_path, "html").read_text()
    assert "<script" not in html and "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only the charts' own clip paths
    assert not re.search(r"\ssrc=", html)  # nothing to fetch: charts are inline SVG
    assert html.count("<svg") == 2 and html.count('role="img" aria-label="') == 2
    assert "@page { size: A4" in html
    assert html.count('<th scope="col">RAG</th>') >= 1
    assert re.search(r'<td class="rag rag-red">red</td>', html)  # colour and word


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("no Chromium here: install the Debian package chromium (.ci/run does)")


_MEASURE = """<script>
addEventListener('load', () => {
  const body = document.body.getBoundingClientRect().width;
  const tables = [...document.querySelectorAll('table, figure, svg')]
      .map(t => t.getBoundingClientRect().width);
  const fetched = performance.getEntriesByType('resource').map(r => r.name);
  document.body.insertAdjacentHTML('beforeend', '<pre id="measured">' +
      JSON.stringify({body, widest: Math.max(...tables), fetched}) + '</pre>');
});
</script>"""


def test_in_chromium_nothing_is_wider_than_the_page_and_nothing_is_fetched(
    tmp_path: Path,
) -> None:
    browser = _chromium()
    page = report(tmp_path, "html", "--audience", "internal")
    probe = tmp_path / "probe.html"  # the paper, with a measuring script added for the test
    probe.write_text(page.read_text().replace("</body>", _MEASURE + "</body>"))
    # A4 landscape at 96 dpi: 1123 x 794
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                           "--window-size=1123,794", "--enable-logging=stderr", "--v=0",
                           "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    measured = json.loads(re.search(r'<pre id="measured">(.*?)</pre>', done.stdout)[1])  # type: ignore[index]
    assert measured["widest"] <= measured["body"] + 0.5
    assert measured["fetched"] == []
    assert "Uncaught" not in done.stderr and ":CONSOLE(" not in done.stderr


def test_chromium_prints_it_to_a_sane_number_of_a4_pages(tmp_path: Path) -> None:
    browser = _chromium()
    page = report(tmp_path, "html")
    pdf = tmp_path / "paper.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])  # type: ignore[index]
    assert 3 <= pages <= 12
    assert "(A4)" in info.stdout


# --- docx: Word's structures, read back ---


def test_docx_has_headings_repeating_header_rows_fitted_tables_and_shaded_rag(
    tmp_path: Path,
) -> None:
    document = docx.Document(str(report(tmp_path, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "5. Exceptions: red and amber" in headings and "Appendix C. Definitions" in headings
    body = document.element.body
    sections = iter(document.sections)
    section = next(sections)
    widths_ok, shaded = [], set()
    for block in body.iterchildren():
        if block.tag.endswith("}tbl"):
            table = docx.table.Table(block, document)
            first = table.rows[0]._tr
            assert (
                first.trPr is not None
                and first.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
            )
            text_width = section.page_width - section.left_margin - section.right_margin
            widths_ok.append(sum(c.width for c in table.columns) <= text_width + 10)
            for cell in block.iter(docx.oxml.ns.qn("w:shd")):
                shaded.add(cell.get(docx.oxml.ns.qn("w:fill")))
        if block.tag.endswith("}p") and block.find(".//" + docx.oxml.ns.qn("w:sectPr")) is not None:
            section = next(sections)  # the next tables are in the next section
    assert all(widths_ok) and len(widths_ok) >= 15
    assert {"B2182B", "F2B134", "7FBF7B"} <= shaded  # red, amber and green cells
    orientations = [s.orientation for s in document.sections]
    assert len(orientations) == 3 and orientations[1] != orientations[0]  # a landscape part
    alts = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert len(alts) == 2 and alts[0].startswith("Trend, as the register stood")
    assert "RAG by agency." in alts[1]


def test_reference_doc_gives_its_styles(tmp_path: Path) -> None:
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Georgia"
    reference.styles["Heading 1"].font.size = docx.shared.Pt(17)
    reference.add_paragraph("The template's own words, which the paper must not carry.")
    path = tmp_path / "house.docx"
    reference.save(str(path))
    made = docx.Document(str(report(tmp_path, "docx", "--reference-doc", str(path))))
    assert made.styles["Heading 1"].font.name == "Georgia"
    assert made.styles["Heading 1"].font.size == docx.shared.Pt(17)
    assert "The template's own words" not in docx_text(tmp_path / "paper.docx")
    bad = tmp_path / "not.docx"
    bad.write_text("not a Word file")
    result = run("report", "-f", "docx", "-o", str(tmp_path / "x.docx"), *AT,
                 "--reference-doc", str(bad))  # fmt: skip
    assert result.exit_code == 2 and "cannot read" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_usage_errors_for_formats(tmp_path: Path) -> None:
    no_file = run("report", "-f", "docx", *AT)
    assert no_file.exit_code == 2 and "give -o FILE" in no_file.stderr
    template = run("report", "-f", "html", "--template", "x.j2", *AT)
    assert template.exit_code == 2 and "use it with -f md" in template.stderr


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if path := shutil.which(name):
            return path
    pytest.skip("no LibreOffice here: install libreoffice-writer-nogui (.ci/run does)")


def _pdf_text(document: Path, tmp_path: Path) -> str:
    profile = tmp_path / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(document)],
                   capture_output=True, timeout=240, check=True)  # fmt: skip
    pdf = tmp_path / (document.stem + ".pdf")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_libreoffice_reads_the_docx_with_whole_headers_headings_and_rag_words(
    tmp_path: Path,
) -> None:
    text = _pdf_text(report(tmp_path, "docx"), tmp_path)
    for heading in ("1. The board is asked to", "5. Exceptions: red and amber",
                    "Appendix C. Definitions"):  # fmt: skip
        assert heading in text
    for header in ("Inspection", "Completion", "Overdue", "Amber", "Green", "Recommendation",
                   "Extensions", "Requested", "Obligations"):  # fmt: skip
        assert re.search(rf"\b{header}\b", text), header  # whole, never "Ins/pec/tio/n"
    assert re.search(r"^\s*red\s", text, re.M) and re.search(r"^\s*amber\s", text, re.M)


# --- markdown through pandoc ---


def test_markdown_columns_are_sized_for_pandoc(tmp_path: Path) -> None:
    import pypandoc

    md = report(tmp_path, "md")
    target = tmp_path / "pandoc.docx"
    pypandoc.convert_file(str(md), "docx", outputfile=str(target))
    xml = docx_parts(target)["word/document.xml"]
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    assert len(tables) >= 15
    for table in tables:
        grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
        header = re.search(r"<w:tr>.*?</w:tr>", table, re.S)[0]  # type: ignore[index]
        cells = re.findall(r"<w:tc>.*?</w:tc>", header, re.S)
        words = [re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c) for c in cells]
        if len(grid) > 2:
            assert len(set(grid)) > 1  # sized, not all equal
        # no word broken: each header word fits its column at 12 pt, half an em a character
        # (Calibri's average), with Word's cell margins (0.075 inch each side)
        for width, texts in zip(grid, words, strict=True):
            longest = max((len(w) for t in texts for w in re.findall(r"[^\s-]+-?", t)), default=0)
            assert longest * 12 * 0.5 * 20 + 216 <= width * 1.0 + 1, (texts, width)


# --- heavy libraries only where they are needed ---


@pytest.mark.parametrize(("command", "loads"), [("validate", False), ("status", False),
                                                ("report", True)])  # fmt: skip
def test_only_report_loads_the_plotting_and_word_libraries(command: str, loads: bool) -> None:
    args = [command, "--data", str(BOARD), "--as-of", "2025-02-01"]
    if command == "report":
        args += ["-f", "docx", "-o", os.devnull]
    code = ("import sys\nfrom inspcheck.cli import main\n"
            f"sys.argv = ['inspcheck', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('matplotlib' in sys.modules, 'docx' in sys.modules)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == f"{loads} {loads}"


def test_bundled_register_paper_in_three_formats_is_golden(tmp_path: Path) -> None:
    golden = REPO / "tests" / "golden"
    made: dict[str, str] = {}
    for fmt in ("md", "html", "docx"):
        target = tmp_path / f"bundled.{fmt}"
        result = run("report", "-f", fmt, "-o", str(target), "--as-of", "2024-07-01")
        assert result.exit_code == 0
        made[fmt] = docx_text(target) if fmt == "docx" else target.read_text()
    for fmt, text in made.items():
        name = f"bundled-paper.{'docx.txt' if fmt == 'docx' else fmt}"
        if os.environ.get("INSPCHECK_REGENERATE_GOLDEN"):
            (golden / name).write_text(text, encoding="utf-8", newline="")
        assert text == (golden / name).read_bytes().decode("utf-8"), name
