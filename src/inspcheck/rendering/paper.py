"""Render a board paper: the paper's data through a Jinja2 template, escaped for markdown.

Every `{{ value }}` is escaped on the way out (the environment's finalize), so a
template cannot forget to: pipes, HTML, line breaks and control characters from
data never become structure in the paper. A macro's output, already escaped
inside it, is marked `| safe` where it is used. A user's template runs in Jinja2's
sandbox.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from inspcheck.rendering.markdown import cell
from inspcheck.vocabulary import plural

BUILT_IN = Path(__file__).parent.parent / "templates" / "paper.md.j2"


class TemplateError(Exception):
    """A template that cannot be read or run, said in one line."""


def _escape(value: Any) -> Any:
    """Every expression's output, unless the template marked it `| safe` (a macro's rows).
    A national paper has a hundred thousand of them: text, the most, is tested first."""
    kind = value.__class__
    if kind is str:
        return _escaped_text(value)
    if value is None:
        return ""
    if isinstance(value, Markup | bool | int | float):
        return value
    return _escaped_text(str(value))


@functools.lru_cache(maxsize=65536)
def _escaped_text(text: str) -> str:
    return cell(text).strip()


_OPTIONS: dict[str, Any] = {
    "autoescape": False,
    "finalize": _escape,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def _environment(trusted: bool) -> jinja2.Environment:
    """The built-in template is inspcheck's own code; a house style, perhaps passed on from
    another organisation, runs in Jinja2's sandbox."""
    env = jinja2.Environment(**_OPTIONS) if trusted else SandboxedEnvironment(**_OPTIONS)
    env.filters["plural"] = plural  # {{ n | plural("inspection") }}: 1 inspection, 2 inspections
    return env


def render(paper: dict[str, Any], template: Path | None = None) -> str:
    path = template or BUILT_IN
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read template {path}: {exc}") from None
    try:
        text = _environment(template is None).from_string(source).render(paper=paper)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{path}:{exc.lineno}: template syntax: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{path}: template error: {exc}") from None
    return _tidy(text)


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one newline at the end, and
    every table's separator row sized to its columns."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(size_tables(out)).rstrip("\n") + "\n"


_SEPARATOR = re.compile(r"\|(?: *:?-+:? *\|)+")
_CELL_BREAK = re.compile(r"(?<!\\)\|")


def size_tables(lines: list[str]) -> list[str]:
    """Give each column of each table as many dashes as it wants width. Pandoc makes a
    table whose separator row is longer than its 72 columns as wide as the page, and
    shares the width out by the dashes; equal dashes give equal columns, and a column of
    numbers as wide as one of notes. A column wants room for its longest word (Word
    breaks a line after a hyphen, so `race-disparity-2024` is three), and some for long
    text, never all of it."""
    out = list(lines)
    for at, line in enumerate(lines):
        if at == 0 or not _SEPARATOR.fullmatch(line) or not lines[at - 1].startswith("|"):
            continue
        rows = [lines[at - 1]]
        for body in lines[at + 1 :]:
            if not body.startswith("|"):
                break
            rows.append(body)
        cells = [_cells(row) for row in rows]
        rules = _cells(line)
        columns = [[row[c] for row in cells if c < len(row)] for c in range(len(rules))]
        widths = _widths(columns)
        scale = max(1.0, _PAGE_WIDE / (sum(widths) + len(widths) + 1))
        widths = [round(w * scale) for w in widths]
        out[at] = (
            "|"
            + "|".join(_rule(rule, width) for rule, width in zip(rules, widths, strict=True))
            + "|"
        )
    return out


def _widths(columns: list[list[str]]) -> list[int]:
    """Each column its longest word and two for the cell's margins; what a page of
    `_PAGE_CHARACTERS` leaves over goes to the columns of long text, by how much more they
    hold (at most half their longest cell)."""
    base, want = [], []
    for texts in columns:
        word = max((len(w) for t in texts for w in WORD.findall(t)), default=1)
        longest = min(max((len(t) for t in texts), default=1), 90)
        base.append(word + 2)
        want.append(max(0, longest // 2 - word - 2))
    spare = max(0, _PAGE_CHARACTERS - sum(base))
    wanted = sum(want) or 1
    return [b + spare * w // wanted if sum(want) else b for b, w in zip(base, want, strict=True)]


_PAGE_CHARACTERS = 64  # a portrait page's text width, in characters of a 12-point font
# A word as a table sizer measures it: Word breaks a line after a hyphen, so a
# hyphenated word's parts (with their hyphens) are measured one by one.
WORD = re.compile(r"[^\s-]+-?")
_PAGE_WIDE = 80  # a separator longer than pandoc's 72 columns: the table takes the page


def _cells(row: str) -> list[str]:
    """A row's cells as a reader sees them: a link's address is not printed."""
    return [_LINK_TARGET.sub("]", cell.strip()) for cell in _CELL_BREAK.split(row.strip())[1:-1]]


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def _rule(rule: str, width: int) -> str:
    left, right = rule.startswith(":"), rule.endswith(":")
    return (":" if left else "") + "-" * (width - left - right) + (":" if right else "")
