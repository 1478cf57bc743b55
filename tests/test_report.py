"""The board paper: golden papers, what a public paper withholds, tables a parser accepts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import CASES, REPO, run

GOLDEN = Path(__file__).parent / "golden"
PARTNERSHIP = CASES / "report" / "partnership" / "data"
BUNDLED = REPO / "data"
PAPERS: dict[str, tuple[str, ...]] = {
    "partnership-public.md": ("--data", str(PARTNERSHIP), "--as-of", "2025-02-01",
                              "--since", "2024-10-01"),
    "partnership-internal.md": ("--data", str(PARTNERSHIP), "--as-of", "2025-02-01",
                                "--since", "2024-10-01", "--audience", "internal"),
    "bundled-public.md": ("--data", str(BUNDLED), "--as-of", "2025-06-30",
                          "--since", "2024-07-01"),
}  # fmt: skip


def paper(*args: str) -> str:
    result = run("report", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_paper_matches_golden(name: str) -> None:
    text = paper(*PAPERS[name])
    path = GOLDEN / name
    if os.environ.get("INSPCHECK_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_bytes().decode("utf-8")


def _canaries() -> set[str]:
    found: set[str] = set()
    for path in PARTNERSHIP.rglob("*.yaml"):
        found |= set(re.findall(r"CANARY-[A-Z-]+", path.read_text()))
    return found


def test_public_paper_withholds_every_sensitive_and_unpublished_value() -> None:
    canaries = _canaries()
    assert len(canaries) >= 8  # a canary in every kind of sensitive and unpublished field
    public = paper(*PAPERS["partnership-public.md"])
    assert [c for c in canaries if c in public] == []
    assert "PEEL" not in public  # nor the unpublished inspection's title
    internal = paper(*PAPERS["partnership-internal.md"])
    shown_internally = {c for c in canaries if c in internal}
    assert shown_internally >= {"CANARY-REC-SENSITIVE", "CANARY-SENSITIVE-REC-UPDATE",
                                "CANARY-UNPUBLISHED"}  # fmt: skip


def test_public_paper_lists_withheld_ids_and_nothing_else_of_them() -> None:
    public = paper(*PAPERS["partnership-public.md"])
    appendix = public.split("## Appendix A. Withheld from this paper")[1].split("## Appendix B")[0]
    rows = [line for line in appendix.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == ["| jtai-afi2 | council |", "| peel-afi1 | north |"]
    assert "jtai-afi2" not in public.split("## Appendix A")[0]


def _tables(text: str) -> list[list[int]]:
    """Cells per row of every table, as a CommonMark + GFM parser reads them."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    tables: list[list[int]] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            tables[-1].append(cells)
    return tables


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_every_table_parses_with_the_same_cells_in_every_row(name: str) -> None:
    text = paper(*PAPERS[name])
    tables = _tables(text)
    expected_tables = sum(1 for line in text.splitlines() if re.fullmatch(r"\|(-+:?\|)+", line))
    assert len(tables) == expected_tables >= 10
    for rows in tables:
        header = rows[0]
        assert header >= 2
        assert rows == [header] * len(rows)


def test_hostile_cell_text_stays_inside_its_cell() -> None:
    text = paper(*PAPERS["partnership-public.md"])
    assert "&lt;b&gt;police protection notices&lt;/b&gt;" in text
    assert "Joint targeted area inspection \\| Northshire" in text
    assert "<b>" not in text


def test_same_data_and_dates_give_byte_identical_papers(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    paper(*PAPERS["partnership-internal.md"], "-o", str(first))
    paper(*PAPERS["partnership-internal.md"], "-o", str(second))
    assert first.read_bytes() == second.read_bytes() != b""


def test_output_file_is_written_atomically_leaving_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    target.write_text("the previous paper\n")
    paper(*PAPERS["partnership-public.md"], "-o", str(target))
    assert target.read_text().startswith("# Inspection recommendations")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.md"]


def test_custom_template_gets_the_same_data(tmp_path: Path) -> None:
    template = tmp_path / "house.md.j2"
    template.write_text(
        "# {{ paper.title }} for {{ paper.organisation }}\n"
        "{% for a in paper.agencies %}- {{ a.name }}: {{ a.completion }} | {{ a.red }} red\n"
        "{% endfor %}Withheld: {{ paper.withheld | length }}\n"
    )
    text = paper(*PAPERS["partnership-public.md"], "--template", str(template),
                 "--title", "Quarter 3 | update")  # fmt: skip
    assert text == (
        "# Quarter 3 \\| update for Northshire Safeguarding Children Partnership\n"
        "- Northshire Police: 66.7% | 0 red\n"
        "- Eastshire Police: 0.0% | 1 red\n"
        "- Northshire Council: 0.0% | 0 red\n"
        "Withheld: 2\n"
    )


def test_template_mistake_is_one_line_exit_2(tmp_path: Path) -> None:
    template = tmp_path / "bad.md.j2"
    template.write_text("{{ paper.nonexistent }}\n")
    result = run("report", "--data", str(PARTNERSHIP), "--template", str(template))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "nonexistent" in result.stderr


def test_since_after_as_of_is_a_usage_error() -> None:
    result = run("report", "--data", str(PARTNERSHIP), "--as-of", "2025-01-01",
                 "--since", "2025-02-01")  # fmt: skip
    assert result.exit_code == 2


def test_item_fields_in_a_house_style_read_as_plain_words(tmp_path: Path) -> None:
    template = tmp_path / "items.md.j2"
    template.write_text(
        "{% for i in paper.recurring %}{{ i.recommendation }} {{ i.agency }}: {{ i.status }}, "
        "{{ i.rag }}; flags {{ i.flags }}; last done {{ i.last_done }}\n{% endfor %}"
    )
    text = paper(*PAPERS["partnership-internal.md"], "--template", str(template))
    assert text == (
        "cse-r1 north: complete, green; flags recurring; last done 15 November 2024\n"
        "cse-r1 east: in-progress, red; flags overdue, extension-pending, stale, recurring; "
        "last done not yet\n"
    )
