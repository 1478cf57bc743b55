"""The tree both YAML readers build: plain dicts, lists and strings, with places.

A place in a file is kept as one int, line * 65536 + column (both 0-based, the
column capped): a national register holds about a million of them, and an int is a
tenth of the size of libyaml's Mark object.
"""

from __future__ import annotations

from typing import Any

COLUMNS = 65536


class YMap(dict[str, Any]):
    """A mapping as written, with the places of its keys and values."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: int) -> None:
        # dict's own __init__ is not called: with no arguments it does nothing, and a
        # national register builds a million of these
        self.mark = mark
        self.key_marks: dict[str, int] = {}
        self.value_marks: dict[str, int] = {}


class YSeq(list[Any]):
    """A sequence as written, with the place of each item."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: int) -> None:
        self.mark = mark  # list's own __init__ is not called, as for YMap
        self.item_marks: list[int] = []


class _Empty:
    """`key:` with nothing after it. Not None, so that no field accepts it: an optional
    key is left out, never left empty (SPEC 2.3)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = _Empty()


def pack(mark: Any) -> int:
    """libyaml's Mark as a place."""
    line: int = mark.line
    column: int = mark.column
    return line * COLUMNS + (column if column < COLUMNS else COLUMNS - 1)


def line_column(place: int) -> tuple[int, int]:
    """0-based line and column of a place."""
    return divmod(place, COLUMNS)


def position(place: int) -> tuple[int, int]:
    """1-based line and column of a place, as users count."""
    line, column = divmod(place, COLUMNS)
    return line + 1, column + 1
