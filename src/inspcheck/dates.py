"""The date forms users write: ISO and UK day-first; never a silent day/month swap."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from inspcheck.vocabulary import suggest

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_WORDS = re.compile(r"(\d{1,2})(st|nd|rd|th)?\s+([A-Za-z]+)\.?\s+(\d{4})", re.IGNORECASE)

_MONTH_WORDS = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_MONTH_ISO = re.compile(r"(\d{4})-(\d{1,2})")

FORMS = "2024-12-31, 31/12/2024, 31 December 2024, 31st December 2024 or 31 Dec 2024"
MONTH_FORMS = "September 2023, Sept 2023 or 2023-09"


class DateError(ValueError):
    """A date the user wrote that inspcheck will not guess at."""


@functools.lru_cache(maxsize=8192)
def parse_date(text: str) -> date:
    """Read a date in one of the accepted forms, or raise DateError saying what to write.
    Cached: a register writes the same few hundred dates many thousand times."""
    text = text.strip()
    if m := _ISO.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _SLASH.fullmatch(text):
        day, month = int(m[1]), int(m[2])
        if month > 12 and day <= 12:
            raise DateError(
                f"'{text}' looks like a US-style month/day date; dates are day first: "
                f"write {m[2]}/{m[1]}/{m[3]} if you mean {int(m[2])} {_MONTH_NAMES[day]} {m[3]}"
            )
        return _make(int(m[3]), month, day, text)
    if m := _WORDS.fullmatch(text):
        month_number = _MONTHS.get(m[3].lower())
        if month_number is None:
            raise DateError(f"'{text}' has an unknown month name '{m[3]}'; write e.g. {FORMS}")
        if m[2] and m[2].lower() != ordinal(int(m[1])):
            raise DateError(f"'{text}' has the wrong ending for day {int(m[1])}; write "
                            f"{int(m[1])}{ordinal(int(m[1]))} or {int(m[1])}")  # fmt: skip
        return _make(int(m[4]), month_number, int(m[1]), text)
    raise DateError(f"'{text}' is not a date; write it as {FORMS}")


@dataclass(frozen=True, slots=True)
class Month:
    """A date known only to the month (SPEC 2.5): fieldwork in `September 2023`, a report
    published in `November 2023`. Printed as the month, never as a made-up day."""

    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The day by which it had certainly happened: what the as-of rule counts from."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{_MONTH_NAMES[self.month]} {self.year}"


@functools.lru_cache(maxsize=1024)
def parse_day_or_month(text: str) -> date | Month:
    """A date, or a month alone where the day is not known (inspection dates only)."""
    stripped = text.strip()
    if m := _MONTH_ISO.fullmatch(stripped):
        if not 1 <= int(m[2]) <= 12:
            raise DateError(f"'{stripped}' is not a real month; write e.g. {MONTH_FORMS}")
        return Month(int(m[1]), int(m[2]))
    if m := _MONTH_WORDS.fullmatch(stripped):
        number = _MONTHS.get(m[1].lower())
        if number is None:
            close = suggest(m[1].capitalize(), _MONTH_NAMES[1:])
            hint = f"did you mean '{close} {m[2]}'? Write" if close else "write"
            raise DateError(f"'{stripped}' has an unknown month name '{m[1]}'; "
                            f"{hint} a month as {MONTH_FORMS}")  # fmt: skip
        return Month(int(m[2]), number)
    try:
        return parse_date(stripped)
    except DateError as exc:
        raise DateError(f"{exc}; or a month alone, as {MONTH_FORMS}") from None


def format_when(value: date | Month) -> str:
    """A date as a paper writes it, or the month where only the month is known."""
    return str(value) if isinstance(value, Month) else format_long(value)


def latest_day(value: date | Month) -> date:
    """The day by which it had certainly happened (SPEC 2.5: never earlier than certain)."""
    return value.last_day if isinstance(value, Month) else value


def ordinal(day: int) -> str:
    """The ending UK writers give a day of the month: 1st, 2nd, 3rd, 4th ... 21st, 31st."""
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{text}' is not a real date (no such day in that month)") from None


@functools.lru_cache(maxsize=4096)
def format_long(value: date) -> str:
    """30 June 2025: the way a board paper writes a date (a paper repeats a few many times)."""
    return f"{value.day} {_MONTH_NAMES[value.month]} {value.year}"


_MONTH_NAMES = [
    "", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
