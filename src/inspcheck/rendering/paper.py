"""Render a board paper: the paper's data through a Jinja2 template, escaped for markdown.

Every `{{ value }}` is escaped on the way out (the environment's finalize), so a
template cannot forget to: pipes, HTML, line breaks and control characters from
data never become structure in the paper. A macro's output, already escaped
inside it, is marked `| safe` where it is used. A user's template runs in Jinja2's
sandbox.
"""

from __future__ import annotations

import functools
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
    """No trailing spaces, at most one blank line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"
