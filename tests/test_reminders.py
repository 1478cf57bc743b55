"""`chase` and `calendar` (SPEC 8) as users run them, read back by independent parsers."""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import icalendar
import ics
import pytest
from hypothesis import given
from hypothesis import strategies as st

import inspcheck
from tests.conftest import CASES, REPO, run

DATA = CASES / "chase" / "data"
PARTNERSHIP = CASES / "report" / "partnership" / "data"
AT = ("--data", str(DATA), "--as-of", "2025-01-15")
MAYOR = "West Yorkshire Mayor\u2019s Office"  # a curly apostrophe, as Word writes it


def _emails(tmp_path: Path, *extra: str) -> dict[str, EmailMessage]:
    result = run("chase", "-f", "eml", "-o", str(tmp_path / "out"), *AT, *extra)
    assert result.exit_code == 0, result.stderr
    messages = {}
    for path in sorted((tmp_path / "out").glob("*.eml")):
        parsed = email.message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(parsed, EmailMessage)
        messages[path.stem] = parsed
    return messages


def _parts(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    return tuple(p.get_content().replace("\r\n", "\n") for p in (plain, html))  # type: ignore[return-value]


# --- chase: who gets a message, and what it holds ---


def test_one_message_per_agency_with_something_to_chase(tmp_path: Path) -> None:
    messages = _emails(tmp_path)
    # mayor: overdue; force: an extension waiting, items done without evidence; council: a
    # sensitive item due soon. Quiet Trust's one item is on track and due in two years.
    assert sorted(messages) == ["council", "force", "mayor"]


def test_each_item_says_what_is_needed(tmp_path: Path) -> None:
    plain, _ = _parts(_emails(tmp_path)["force"])
    items = [block for block in plain.split("\n\n") if re.match(r"\d+\. ", block)]
    needed = [(b.split(". ", 1)[1].split(":")[0], b.rsplit("Needed: ", 1)[1]) for b in items]
    assert needed == [
        ("services", "extension awaits approval"),
        ("profiles", "complete: add evidence"),
        ("sharing", "complete: add evidence"),
    ]
    mayor, _ = _parts(_emails(tmp_path)["mayor"])
    assert "Needed: overdue: record progress or ask for an extension" in mayor
    council, _ = _parts(_emails(tmp_path)["council"])
    assert "Needed: record progress" in council


def test_messages_parse_back_with_headers_and_both_utf8_parts(tmp_path: Path) -> None:
    message = _emails(tmp_path)["mayor"]
    assert message["Subject"] == (f"Inspection recommendations: 1 item for {MAYOR} to update")
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (MAYOR,
                                               "pcc.office@mayor.example")  # fmt: skip
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "multipart/alternative"
    plain, html = _parts(message)
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())
    assert MAYOR in plain and MAYOR in html
    assert "30 June 2024 (reported in: Annual report 2023-24)" in plain
    assert "Northshire Safeguarding Partnership\n15 January 2025" in plain  # signed and dated


def test_the_html_part_escapes_everything_from_the_data(tmp_path: Path) -> None:
    _, html = _parts(_emails(tmp_path)["mayor"])
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title
    assert "&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt; &amp; more." in html  # the note


def test_a_line_break_in_a_name_never_injects_a_header(tmp_path: Path) -> None:
    message = _emails(tmp_path)["force"]
    assert message["Bcc"] is None
    assert list(message.keys()) == [
        "Subject", "To", "Date", "X-Unsent", "MIME-Version", "Content-Type"]  # fmt: skip
    assert "Northshire Police Bcc: everyone@example.com" in message["Subject"]  # one line


def test_no_contact_means_no_to_and_a_warning_naming_the_agency(tmp_path: Path) -> None:
    result = run("chase", "-f", "eml", "-o", str(tmp_path / "out"), *AT)
    assert result.stderr.count("has no contact") == 1
    assert "inspcheck: warning: council has no contact" in result.stderr
    council = email.message_from_bytes((tmp_path / "out" / "council.eml").read_bytes(),
                                       policy=default)  # fmt: skip
    assert council["To"] is None


def test_a_message_holds_only_its_own_agencys_items_and_marks_sensitive_ones(
    tmp_path: Path,
) -> None:
    messages = _emails(tmp_path)
    for agency, message in messages.items():
        plain, _ = _parts(message)
        sensitive = "CANARY-SENSITIVE" in plain
        assert sensitive == (agency == "council")
        assert message["Subject"].startswith("OFFICIAL-SENSITIVE: ") == sensitive
        assert ("Timely sharing of PPNs" in plain) == (agency in ("force",))  # council's is green


def test_the_same_data_and_date_give_the_same_message_bytes(tmp_path: Path) -> None:
    run("chase", "-f", "eml", "-o", str(tmp_path / "a"), *AT)
    run("chase", "-f", "eml", "-o", str(tmp_path / "b"), *AT)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
        assert path.read_bytes().isascii()  # UTF-8 travels quoted-printable or RFC 2047


def test_markdown_to_stdout_and_to_a_folder() -> None:
    out = run("chase", *AT).stdout
    assert out.count("\n---\n") == 2  # three messages
    assert "| Recommendation | Inspection | Lead | Due | Days overdue |" in out
    assert "&lt;script&gt;" in out and "<script" not in out
    one = run("chase", "--agency", "mayor", *AT).stdout
    assert one.startswith(f"# Inspection recommendations: 1 item for {MAYOR} to update")
    assert "To: pcc.office@mayor.example" in one


def test_within_widens_the_window(tmp_path: Path) -> None:
    assert "quiet" not in _emails(tmp_path)
    wide = run("chase", "--within", "800", "--agency", "quiet", *AT).stdout
    assert "audit: Audit of the hub" in wide and "Needed" not in wide


def test_eml_needs_a_folder() -> None:
    result = run("chase", "-f", "eml", *AT)
    assert (result.exit_code, result.stderr.strip()) == (
        2, "inspcheck: error: -f eml writes one file per agency: give -o DIR")  # fmt: skip


# --- calendar ---


def _calendar(*args: str, data: Path = DATA) -> str:
    """The calendar's text, line endings as written (RFC 5545: CRLF)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "deadlines.ics"
        result = run("calendar", "--data", str(data), *args, "-o", str(target))
        assert result.exit_code == 0, result.stderr
        return target.read_bytes().decode("utf-8")


def _events(text: str) -> dict[str, Any]:
    parsed = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): e for e in parsed.walk("VEVENT")}


def test_one_all_day_event_per_open_obligation_with_a_deadline() -> None:
    events = _events(_calendar("--as-of", "2025-01-15", "--audience", "internal"))
    assert sorted(events) == [
        "audit.quiet@inspcheck",
        "child.council@inspcheck",
        "custody.force@inspcheck",
        "profiles.force@inspcheck",
        "services.force@inspcheck",
        "services.mayor@inspcheck",
        "sharing.council@inspcheck",
    ]  # fmt: skip; sharing.force is complete and does not recur: no deadline to keep
    mayor = events["services.mayor@inspcheck"]
    assert mayor.decoded("DTSTART") == date(2024, 10, 31)  # a date: all day
    assert mayor.decoded("DTEND") == date(2024, 11, 1)
    assert str(mayor["SUMMARY"]).startswith("OVERDUE: Services; referral routes, and <script>")
    assert str(mayor["SUMMARY"]).endswith(f"({MAYOR})")
    description = str(mayor["DESCRIPTION"])
    assert "Status: in-progress, 76 days overdue" in description
    assert "Lead: Director of Policing" in description


def test_a_recurring_duty_is_its_next_renewal_and_alarms_come_before_it() -> None:
    events = _events(_calendar("--as-of", "2025-01-15", "--remind", "10"))
    profiles = events["profiles.force@inspcheck"]
    assert profiles.decoded("DTSTART") == date(2025, 3, 1)  # done 1 March 2024: a year on
    assert str(profiles["SUMMARY"]) == "Due: CSE problem profiles (Northshire Police Bcc: "\
        "everyone@example.com)"  # fmt: skip
    (alarm,) = profiles.walk("VALARM")
    assert alarm.decoded("TRIGGER").days == -10
    assert events["services.mayor@inspcheck"].walk("VALARM") == []  # already passed


def test_uids_are_stable_and_a_moved_deadline_raises_sequence(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = _events(_calendar("--as-of", "2025-01-15", data=data))
    assert _events(_calendar("--as-of", "2025-01-15", data=data)).keys() == before.keys()
    assert before["services.force@inspcheck"]["SEQUENCE"] == 0  # asked for, not approved
    assert before["profiles.force@inspcheck"]["SEQUENCE"] == 2  # one extension, done once
    force = data / "responses" / "force.yaml"
    force.write_text(force.read_text().replace(
        "        reason: Awaiting the commissioner's review",
        "        approved: 2025-01-10\n        by: LSCP Executive\n"
        "        reason: Awaiting the commissioner's review"))  # fmt: skip
    after = _events(_calendar("--as-of", "2025-01-15", data=data))
    moved = after["services.force@inspcheck"]
    assert (moved["SEQUENCE"], moved.decoded("DTSTART")) == (1, date(2025, 4, 30))
    assert str(moved["SUMMARY"]).startswith("Due: ")  # no longer past its deadline


def test_the_same_data_and_date_give_the_same_calendar_bytes() -> None:
    first = _calendar("--as-of", "2025-01-15")
    assert first == _calendar("--as-of", "2025-01-15")
    assert "DTSTAMP:20250115T000000Z" in first


def test_commas_semicolons_and_line_breaks_are_escaped_as_rfc_5545_says() -> None:
    raw = _calendar("--as-of", "2025-01-15")
    unfolded = raw.replace("\r\n ", "")
    assert "SUMMARY:OVERDUE: Services\\; referral routes\\, and <script>" in unfolded
    assert "\\nLead: Director of Policing" in unfolded  # a line break in a text value
    assert all(
        line.startswith(" ") or ":" in line or ";" in line for line in raw.split("\r\n") if line
    )  # fmt: skip; no bare line from data
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))  # folded


def test_a_second_independent_parser_reads_the_same_events() -> None:
    raw = _calendar("--as-of", "2025-01-15", "--audience", "internal")
    other = ics.Calendar(raw)
    theirs = {e.uid: (e.begin.date(), e.name) for e in other.events}
    ours = {uid: (e.decoded("DTSTART"), str(e["SUMMARY"])) for uid, e in _events(raw).items()}
    assert theirs == ours
    assert all(e.all_day for e in other.events)


def test_public_calendar_carries_nothing_sensitive_or_unpublished() -> None:
    """The paper's canary test, applied to the calendar."""
    for data in (DATA, PARTNERSHIP):
        canaries = set()
        for path in data.rglob("*.yaml"):
            canaries |= set(re.findall(r"CANARY-[A-Z-]+", path.read_text()))
        public = _calendar("--as-of", "2025-01-15", data=data)
        assert [c for c in canaries if c in public] == []
        assert "PEEL" not in public
        internal = _calendar("--as-of", "2025-01-15", "--audience", "internal", data=data)
        assert any(c in internal for c in canaries)  # the internal one does carry them
    public = _events(_calendar("--as-of", "2025-01-15"))
    assert "child.council@inspcheck" not in public and "custody.force@inspcheck" not in public


def test_calendar_to_stdout() -> None:
    out = run("calendar", *AT).stdout
    assert out.startswith("BEGIN:VCALENDAR\nVERSION:2.0\n")  # the runner shows CRLF as LF
    assert out.count("BEGIN:VEVENT") == 5


@pytest.mark.parametrize(
    ("command", "loads"),
    [("validate", False), ("status", False), ("chase", False), ("calendar", True)],
)
def test_only_calendar_loads_the_icalendar_library(command: str, loads: bool) -> None:
    """Heavy libraries are imported only by the commands that need them."""
    code = ("import sys\nfrom inspcheck.cli import main\nsys.argv = ['inspcheck', "
            f"{command!r}, '--data', {str(DATA)!r}, '--as-of', '2025-01-15']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('icalendar' in sys.modules)")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == str(loads)


def _by_the_library(data: Path, as_of: date, audience: str, remind: int) -> str:
    """The same calendar through icalendar's own Event and Alarm and Calendar.to_ical."""
    from icalendar import Alarm, Calendar, Event

    from inspcheck.pipeline import check
    from inspcheck.rendering import ical
    from inspcheck.vocabulary import Audience, Flag

    checked = check(data, as_of, as_of)
    a, organisation = checked.assessment, checked.register.settings.organisation
    cal = Calendar()
    cal.add("prodid", f"-//inspcheck {inspcheck.__version__}//inspection deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    internal = Audience(audience) is Audience.INTERNAL
    name = f"{organisation}: {ical.CALENDAR_NAME}" + (" (internal)" if internal else "")
    cal.add("x-wr-calname", name)
    for o in ical.events(a, Audience(audience)):
        event = Event()
        event.add("uid", ical.uid(o))
        event.add("dtstamp", datetime.combine(as_of, time(0, 0), tzinfo=UTC))
        event.add("sequence", ical.moves(o))
        event.add("dtstart", o.effective_due)
        event.add("dtend", o.effective_due + timedelta(days=1))
        event.add("summary", ical.summary(o))
        event.add("description", ical.description(o, organisation))
        event.add("transp", "TRANSPARENT")
        if remind and Flag.OVERDUE not in o.flags:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ical.summary(o))
            alarm.add("trigger", timedelta(days=-remind))
            event.add_component(alarm)
        cal.add_component(event)
    written: bytes = cal.to_ical()
    return written.decode("utf-8")


@pytest.mark.parametrize(
    ("data", "audience"),
    [(DATA, "internal"), (DATA, "public"), (PARTNERSHIP, "internal"), (REPO / "data", "public")],
)
def test_the_calendar_is_byte_for_byte_what_icalendar_writes(data: Path, audience: str) -> None:
    ours = _calendar("--as-of", "2025-01-15", "--audience", audience, data=data)
    assert ours == _by_the_library(data, date(2025, 1, 15), audience, 14)


@given(st.text(alphabet=st.sampled_from("ab\\^,;é€😀 \t"), max_size=400))
def test_folding_is_icalendars_folding(line: str) -> None:
    from icalendar.parser.string import _foldline

    from inspcheck.rendering.ical import fold

    assert fold(line) == _foldline(line)
