"""Make text from data files safe to show: no control characters, no forged structure."""

from __future__ import annotations

import re

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    r"\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def printable(text: str) -> str:
    """Show control and invisible characters as \\uXXXX, so a terminal never acts on them."""
    if text.isprintable():
        return text  # every character _CONTROL matches is one isprintable() refuses
    return _CONTROL.sub(_code, text)


def _code(match: re.Match[str]) -> str:
    """A character as Python writes it: \\u and four hex digits, \\U and eight above them."""
    n = ord(match[0])
    return f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}"


_BREAKS = re.compile(r"[\t\n\r]")


def single_line(text: str) -> str:
    """Printable, with line breaks shown as \\n: one record stays one line of output."""
    if text.isprintable():
        return text  # nearly always: no break, control or invisible character to show
    return printable(_BREAKS.sub(lambda m: repr(m[0])[1:-1], text))


def one_line(text: str) -> str:
    """Printable, on one line: line breaks and tabs become spaces."""
    return printable(" ".join(text.split()))
