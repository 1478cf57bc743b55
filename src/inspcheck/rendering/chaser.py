"""A chaser laid out three ways: markdown, and an email with a plain-text and an HTML part.

Every value from the data is made safe for where it goes: one line and markdown-escaped
in a table cell, entity-escaped in HTML, and one line with no control character in a
header, so that nothing in a name or a note can add a header or run as markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from inspcheck.assessment import Obligation
from inspcheck.chasing import Chaser
from inspcheck.dates import format_long
from inspcheck.paper import reported
from inspcheck.rendering.escape import one_line
from inspcheck.rendering.markdown import cell
from inspcheck.vocabulary import plural

SENSITIVE_PREFIX = "OFFICIAL-SENSITIVE: "
_COLUMNS = ("Recommendation", "Inspection", "Lead", "Due", "Days overdue", "Status",
            "Latest update", "What is needed")  # fmt: skip
_LEAD, _DAYS = 2, 4


@dataclass(frozen=True, slots=True)
class Letter:
    """What every layout says, as plain text: the layouts only escape and arrange it."""

    subject: str
    to: str | None  # the agency's contact: a mailbox checked when it was loaded
    agency: str
    leads: str
    opening: str
    rows: list[tuple[str, ...]]
    closing: str
    signature: tuple[str, ...]

    @property
    def columns(self) -> tuple[int, ...]:
        """The columns worth printing: Lead only when some item names one."""
        return tuple(i for i in range(len(_COLUMNS)) if i != _LEAD or self.leads_named)

    @property
    def leads_named(self) -> bool:
        return any(row[_LEAD] for row in self.rows)


def letter(chaser: Chaser, organisation: str | None, as_of: date) -> Letter:
    agency = one_line(chaser.agency.name)
    count = plural(len(chaser.items), "item")
    subject = f"Inspection recommendations: {count} for {agency} to update"
    n = len(chaser.items)
    overdue = (
        "" if not chaser.overdue
        else "; it is overdue" if n == 1
        else "; both are overdue" if chaser.overdue == n == 2
        else f"; all {n} are overdue" if chaser.overdue == n
        else f"; {chaser.overdue} of them {'is' if chaser.overdue == 1 else 'are'} overdue"
    )  # fmt: skip
    keeper = f"kept by {one_line(organisation)} " if organisation else ""
    return Letter(
        subject=(SENSITIVE_PREFIX if chaser.sensitive else "") + subject,
        to=chaser.agency.contact,
        agency=agency,
        leads="; ".join(one_line(lead) for lead in chaser.leads) or f"the leads for {agency}",
        opening=(
            f"The register of inspection recommendations {keeper}shows {count} for {agency} "
            f"that need{'s' if n == 1 else ''} action before the next board, "
            f"as at {format_long(as_of)}{overdue}."
        ),
        rows=[_row(o, needed) for o, needed in chaser.items],
        closing=(
            "Please send an update on each item: what has been done, and its status. Where "
            "a deadline cannot be met, ask for an extension, giving the new date and the "
            "reason. Where an item is complete, send the evidence that shows it."
        ),
        signature=((one_line(organisation),) if organisation else ()) + (format_long(as_of),),
    )


def _row(o: Obligation, needed: str) -> tuple[str, ...]:
    rec, insp = o.recommendation, o.inspection
    due = format_long(o.effective_due) if o.effective_due else "no deadline"
    if o.effective_due and o.due and o.effective_due != o.due:
        due += f" (was {format_long(o.due)})"
    return (
        one_line(f"{rec.id}: {rec.title}"),
        one_line(insp.short_title or insp.id),
        one_line(o.lead) if o.lead else "",
        due,
        "" if o.days_overdue is None else str(o.days_overdue),
        str(o.status),
        _latest(o),
        needed,
    )


def _latest(o: Obligation) -> str:
    """The agency's own latest update, so that its lead sees what was last said."""
    last = o.last_update
    if last is None:
        return "none recorded"
    return one_line(reported(last))


def markdown(chaser: Chaser, organisation: str | None, as_of: date) -> str:
    m = letter(chaser, organisation, as_of)
    lines = [f"# {cell(m.subject)}", ""]
    if m.to:
        lines += [f"To: {cell(m.to)}", ""]
    lines += [f"For the attention of: {cell(m.leads)}", "", cell(m.opening), ""]
    shown = m.columns
    lines.append("| " + " | ".join(_COLUMNS[i] for i in shown) + " |")
    lines.append("|" + "|".join("---:" if i == _DAYS else "---" for i in shown) + "|")
    lines += ["| " + " | ".join(cell(row[i]) for i in shown) + " |" for row in m.rows]
    lines += ["", cell(m.closing), "", *(f"{cell(s)}  " for s in m.signature)]
    return "\n".join(lines).rstrip() + "\n"


def plain_text(m: Letter) -> str:
    lines = [f"For the attention of: {m.leads}", "", m.opening, ""]
    for number, row in enumerate(m.rows, 1):
        rec, insp, lead, due, days, status, latest, needed = row
        late = f", {days} days overdue" if days else ""
        lines += [
            f"{number}. {rec}",
            f"   Inspection: {insp}",
            *([f"   Lead: {lead or 'not named'}"] if m.leads_named else []),
            f"   Due: {due}{late}; status {status}",
            f"   Latest update: {latest}",
            f"   Needed: {needed}",
            "",
        ]
    lines += [m.closing, "", *m.signature]
    return "\n".join(lines) + "\n"


_STYLE = (
    "body{font-family:Arial,Helvetica,sans-serif;font-size:11pt}"
    "table{border-collapse:collapse}th,td{border:1px solid #999;padding:4px 6px;"
    "text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}"
)


def html_part(m: Letter) -> str:
    e = html.escape
    shown = m.columns
    head = "".join(f'<th scope="col">{e(_COLUMNS[i])}</th>' for i in shown)
    body = "".join(
        "<tr>" + "".join(
            f"<td class=\"n\">{e(row[i])}</td>" if i == _DAYS else f"<td>{e(row[i])}</td>"
            for i in shown
        ) + "</tr>"
        for row in m.rows
    )  # fmt: skip
    signature = "<br>".join(e(s) for s in m.signature)
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{e(m.subject)}</title><style>{_STYLE}</style></head><body>"
        f"<p>For the attention of: {e(m.leads)}</p><p>{e(m.opening)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<p>{e(m.closing)}</p><p>{signature}</p></body></html>\n"
    )


def email(chaser: Chaser, organisation: str | None, as_of: date) -> str:
    """An RFC 5322 message, all ASCII on the wire: UTF-8 parts quoted-printable, names in
    headers encoded as RFC 2047 says. `X-Unsent: 1` opens it in Outlook as a draft to send."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    m = letter(chaser, organisation, as_of)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = m.subject
    if m.to:
        local, _, domain = m.to.partition("@")
        message["To"] = Address(display_name=m.agency, username=local, domain=domain)
    message["Date"] = format_datetime(datetime.combine(as_of, time(9, 0), tzinfo=UTC))
    message["X-Unsent"] = "1"
    message.set_content(plain_text(m), cte="quoted-printable")
    message.add_alternative(html_part(m), subtype="html", cte="quoted-printable")
    # The same data and date give the same bytes. Quoted-printable writes every "=" as
    # "=3D", so no line of either part can be this boundary.
    message.set_boundary(f"==inspcheck.{chaser.agency.id}.{as_of.isoformat()}==")
    return message.as_string() + "\r\n"
