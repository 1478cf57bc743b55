"""Properties over generated input: broken files only ever give findings; dates never swap."""

from __future__ import annotations

import contextlib
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspcheck.dates import DateError, parse_date
from inspcheck.rendering.escape import printable, single_line
from inspcheck.rendering.markdown import cell
from tests.conftest import AS_OF, CASES, run

SOURCE = CASES / "report" / "partnership" / "data"
FILES = sorted(p.relative_to(SOURCE) for p in SOURCE.rglob("*.yaml"))
YAML_BITS = st.sampled_from(
    [":", "- ", "  ", "\n", "#", "'", '"', "[", "]", "{", "}", "&a ", "*a", "!!str ", "<<: ",
     "---\n", "\t", "\x00", "\u202e", "\ufeff", "é", "|\n", ">-\n", "? ", "%YAML 1.1\n",
     "2024-02-30", "12/31/2024", "no", "~", "kind:police", "status: done"]
)  # fmt: skip
MUTATION = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "duplicate-line", "truncate"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.lists(st.one_of(YAML_BITS, st.text(max_size=3)), max_size=4).map("".join),
)


def _mutate(text: str, how: str, a: float, b: float, bits: str) -> str:
    i, j = sorted((int(a * len(text)), int(b * len(text))))
    lines = text.splitlines(keepends=True)
    if how == "insert":
        return text[:i] + bits + text[i:]
    if how == "delete":
        return text[:i] + text[j:]
    if how == "replace":
        return text[:i] + bits + text[j:]
    if how == "duplicate-line" and lines:
        k = int(a * (len(lines) - 1))
        return "".join(lines[: k + 1] + lines[k:])
    return text[:i]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.lists(MUTATION, min_size=1, max_size=3))
def test_any_mutation_gives_findings_never_a_crash(file: Path, mutations: list) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        for path in FILES:
            (data / path).parent.mkdir(parents=True, exist_ok=True)
            (data / path).write_bytes((SOURCE / path).read_bytes())
        text = (SOURCE / file).read_text()
        for mutation in mutations:
            text = _mutate(text, *mutation)
        (data / file).write_bytes(text.encode("utf-8", "surrogatepass"))
        result = run("validate", "--data", str(data), "--as-of", AS_OF, "-f", "json")
        assert result.exit_code in (0, 1)
        payload = json.loads(result.stdout)
        assert result.exit_code == (1 if payload["errors"] else 0)
        for finding in payload["findings"]:
            assert finding["line"] >= 1 and finding["column"] >= 1
            assert finding["file"].startswith("data/")
        for command in (("status",), ("report",)):
            assert run(*command, "--data", str(data), "--as-of", AS_OF).exit_code in (0, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_form_of_a_date_reads_back_as_that_date(day: date) -> None:
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    name = months[day.month - 1]
    for text in (
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day} {name} {day.year}",
        f"{day.day} {name[:3]} {day.year}",
        f"{day.day} {name.upper()} {day.year}",
    ):
        assert parse_date(text) == day  # fmt: skip


@given(st.integers(1, 31), st.integers(1, 31), st.integers(1900, 2200))
def test_day_first_or_refused_never_swapped(first: int, second: int, year: int) -> None:
    text = f"{first}/{second}/{year}"
    try:
        parsed = parse_date(text)
    except DateError:
        return
    assert (parsed.day, parsed.month, parsed.year) == (first, second, year)


@given(st.text(max_size=40))
def test_anything_else_is_a_date_error_not_a_crash(text: str) -> None:
    with contextlib.suppress(DateError):
        parse_date(text)


# What docs/safety.md says is shown as \uXXXX, written out here rather than taken from the
# module: C0 controls but tab and line feed; DEL and the C1 controls; the Arabic letter
# mark; the Mongolian vowel separator; the zero-width characters and directional marks;
# the line and paragraph separators, the embeddings and overrides; the word joiner, the
# invisible operators, the isolates and the deprecated format characters; the
# byte-order mark; the interlinear annotation marks; the tag characters.
_SHOWN_AS_CODE = frozenset(
    [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C, 0x180E,
     *range(0x200B, 0x2010), *range(0x2028, 0x202F), *range(0x2060, 0x2070), 0xFEFF,
     *range(0xFFF9, 0xFFFC), *range(0xE0000, 0xE0080)]
)  # fmt: skip
# What a markdown cell escapes, as docs/safety.md lists: HTML's three, then pipes,
# backticks, emphasis, brackets and the backslash itself.
_IN_A_CELL = {"&": "&amp;", "<": "&lt;", ">": "&gt;",
              **{c: "\\" + c for c in "\\`*_[]|~"}}  # fmt: skip


def _shown(text: str) -> str:
    return "".join(
        (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        if ord(c) in _SHOWN_AS_CODE
        else c
        for c in text
    )


@settings(max_examples=500)
@given(
    st.text(max_size=30)
    | st.text(alphabet=" \t\n\xa0\xad\u2028\u200b\u2060\U000e0041ab|*&<", max_size=8)
)
def test_cell_escaping_fast_path_is_exact(text: str) -> None:
    expected = "".join(_IN_A_CELL.get(c, c) for c in _shown(" ".join(text.split()))) or " "
    assert cell(text) == expected
    assert "|" not in cell(text).replace("\\|", "")
    assert "\n" not in cell(text)


@settings(max_examples=500)
@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
    | st.text(alphabet=" \t\n\r\x1b\xa0\xad\u061c\u2028\u200b\u202e\ufeff\U000e0041ab", max_size=8)
)
def test_finding_text_is_one_printable_line_and_clean_text_is_untouched(text: str) -> None:
    assert printable(text) == _shown(text)
    shown = single_line(text)
    assert shown == _shown(text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))
    assert not any(c in shown for c in "\t\n\r\x1b\u202e\u2028")
    if text.isprintable():
        assert shown == text
