"""Make text from data files safe to show: no control characters, no forged structure."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """Show control and invisible characters as \\uXXXX, so a terminal never acts on them."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


_BREAKS = re.compile(r"[\t\n\r]")
_UNSAFE = re.compile(f"[\t\n\r]|{_CONTROL.pattern}")


def single_line(text: str) -> str:
    """Printable, with line breaks shown as \\n: one record stays one line of output."""
    if _UNSAFE.search(text) is None:
        return text  # nearly always: one search rather than two substitutions
    return printable(_BREAKS.sub(lambda m: repr(m[0])[1:-1], text))


def one_line(text: str) -> str:
    """Printable, on one line: line breaks and tabs become spaces."""
    return printable(" ".join(text.split()))
