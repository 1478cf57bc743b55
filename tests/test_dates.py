"""The date forms users write, and the ones inspcheck refuses rather than guess."""

from __future__ import annotations

from datetime import date

import pytest

from inspcheck.dates import (
    DateError,
    Month,
    format_long,
    format_when,
    parse_date,
    parse_day_or_month,
)


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("September 2023", Month(2023, 9)),
        ("Sept 2023", Month(2023, 9)),
        ("sep. 2023", Month(2023, 9)),
        ("2023-09", Month(2023, 9)),
        ("2023-9", Month(2023, 9)),
        ("4 March 2024", date(2024, 3, 4)),  # a full date is still a date
        ("2024-03-04", date(2024, 3, 4)),
    ],
)
def test_inspection_dates_may_be_a_month(text: str, expected: object) -> None:
    assert parse_day_or_month(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Septembre 2023", "did you mean 'September 2023'"),
        ("2023-13", "not a real month"),
        ("Smarch 2023", "unknown month name 'Smarch'"),
        ("2023", "or a month alone, as September 2023"),
        ("30 Septembre 2023", "unknown month name"),
    ],
)
def test_malformed_months_say_what_to_write(text: str, hint: str) -> None:
    with pytest.raises(DateError, match=hint):
        parse_day_or_month(text)


def test_a_month_prints_as_the_month_and_ends_on_its_last_day() -> None:
    assert (str(Month(2024, 2)), Month(2024, 2).last_day) == ("February 2024", date(2024, 2, 29))
    assert (format_when(Month(2023, 11)), format_when(date(2023, 11, 3))) == (
        "November 2023", "3 November 2023")  # fmt: skip
