"""What `inspcheck import` prints: the plan (--dry-run), the findings by cell, a summary."""

from __future__ import annotations

from pathlib import Path

from inspcheck.importing import Outcome
from inspcheck.rendering.escape import single_line
from inspcheck.spreadsheet import Sheet, column_letter
from inspcheck.vocabulary import plural


def plan(sheet: Sheet, outcome: Outcome) -> str:
    """The column mapping, then each row's recommendation id, agency, status and what it
    adds: what a dry run shows before anything is written."""
    found = outcome.plan
    where = f"sheet '{sheet.name}' of {sheet.file}" if sheet.name else sheet.file
    if found.header_row is None:
        return f"{where}: no header row found\n"
    lines = [f"{where}, headers on row {found.header_row}:"]
    for h in found.headings:
        use = str(h.column) if h.column else f"not used: {h.why}"
        lines.append(f"  {column_letter(h.index):<3} {single_line(h.header)[:40]:<40}  {use}")
    lines.append("")
    if found.rows:
        width = max(len(r.id) for r in found.rows)
        lines.append(f"{len(found.rows)} rows:")
        for row in found.rows:
            owners = ", ".join(row.owners)
            adds = outcome.tally.actions.get(row.number, "")
            lines.append(f"  row {row.number:<5} {row.id:<{width}}  {owners:<16} "
                         f"{row.status!s:<14} {adds}".rstrip())  # fmt: skip
    else:
        lines.append("no rows to import")
    return "\n".join(lines) + "\n\n"


def findings(sheet: Sheet, outcome: Outcome) -> str:
    """Each finding at its cell, `tracker.xlsx:Action plan!C12: error rule: message`; errors
    first; then the register's own, at their file and line."""
    ordered = sorted(outcome.findings, key=lambda f: (not f.is_error,))
    lines = [f"{single_line(sheet.file)}:{single_line(f.place)}: {f.severity} {f.rule}: "
             f"{single_line(f.message)}" for f in ordered]  # fmt: skip
    lines += [f"{single_line(f.file)}:{f.line}:{f.column}: {f.severity} {f.rule}: "
              f"{single_line(f.message)}" for f in outcome.register_errors]  # fmt: skip
    return "".join(line + "\n" for line in lines)


def summary(sheet: Sheet, outcome: Outcome, folder: Path, *, dry_run: bool) -> str:
    t = outcome.tally
    added = [
        plural(t.recommendations, "recommendation"), plural(t.responses, "response"),
        plural(t.updates, "update"), plural(t.extensions, "extension"),
        f"{'no' if not t.evidence else t.evidence} evidence",
    ]  # fmt: skip
    counts = ", ".join(a for a in added if not a.startswith("no ")) or "nothing"
    rows = plural(t.rows, "row")
    if outcome.has_errors:
        errors = sum(1 for f in outcome.findings if f.is_error) + len(outcome.register_errors)
        return (f"inspcheck: {plural(errors, 'error')} in {sheet.file}; nothing written "
                "(fix them, or say what they mean in a --map file)\n")  # fmt: skip
    unchanged = f"; {t.unchanged} already in the register" if t.unchanged else ""
    if dry_run:
        return (
            f"inspcheck: {rows} read; would add {counts}{unchanged}; nothing written (--dry-run)\n"
        )
    if not outcome.written:
        return f"inspcheck: {rows} read; nothing to add{unchanged}\n"
    files = ", ".join(str(p) for p in outcome.written)
    return f"inspcheck: {rows} read; added {counts}{unchanged}: {files}\n"
