"""The date forms users write, and the ones inspcheck refuses rather than guess."""

from __future__ import annotations

from datetime import date

import pytest

from inspcheck.dates import DateError, format_long, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12-31", date(2024, 12, 31)),
        ("31/12/2024", date(2024, 12, 31)),
        ("1/2/2024", date(2024, 2, 1)),  # day first: 1 February, never 2 January
        ("01/02/2024", date(2024, 2, 1)),
        ("31 December 2024", date(2024, 12, 31)),
        ("31 Dec 2024", date(2024, 12, 31)),
        ("3 Sept 2024", date(2024, 9, 3)),
        ("3 sep 2024", date(2024, 9, 3)),
        ("7 JULY 2023", date(2023, 7, 7)),
        ("29 February 2024", date(2024, 2, 29)),
        ("  5 May 2025 ", date(2025, 5, 5)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("12/31/2024", "write 31/12/2024"),
        ("2024-02-30", "not a real date"),
        ("29 February 2023", "not a real date"),
        ("31/04/2024", "not a real date"),
        ("13/13/2024", "not a real date"),
        ("next week", "write it as"),
        ("2024-1-5", "write it as"),
        ("31 Decembre 2024", "unknown month name"),
        ("31.12.2024", "write it as"),
        ("December 31, 2024", "write it as"),
        ("", "write it as"),
    ],
)
def test_refused_forms_say_what_to_write(text: str, hint: str) -> None:
    with pytest.raises(DateError, match=hint):
        parse_date(text)


def test_ambiguous_day_first_is_never_swapped() -> None:
    for day in range(1, 13):
        for month in range(1, 13):
            assert parse_date(f"{day}/{month}/2024") == date(2024, month, day)


def test_board_paper_form() -> None:
    assert format_long(date(2025, 6, 30)) == "30 June 2025"
