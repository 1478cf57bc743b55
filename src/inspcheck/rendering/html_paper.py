"""The board paper as one self-contained HTML file (SPEC 5): the paper's data through
templates/paper.html.j2, autoescaped, with the charts drawn inline as SVG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from inspcheck.rendering.charts import charts
from inspcheck.rendering.escape import printable
from inspcheck.vocabulary import plural

TEMPLATE = Path(__file__).parent.parent / "templates" / "paper.html.j2"


def _finalize(value: Any) -> Any:
    """Text from the data, with control and invisible characters shown as \\uXXXX; the
    environment's autoescape then makes it inert."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )  # fmt: skip
    env.filters["plural"] = plural
    return env


def paragraphs(text: str) -> list[str]:
    """The author's summary: paragraphs as written (blank lines between), lines joined."""
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def render_html(paper: dict[str, Any]) -> str:
    template = _environment().from_string(TEMPLATE.read_text(encoding="utf-8"))
    html = template.render(paper=paper, charts=charts(paper),
                           summary_paragraphs=paragraphs(paper["summary_text"]))  # fmt: skip
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"
