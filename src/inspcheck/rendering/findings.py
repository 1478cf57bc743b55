"""Findings in every format a command prints them in: text, json, csv and GitHub workflow
commands. A command asked for a machine format prints its findings in that format too."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from inspcheck.findings import Finding, count
from inspcheck.rendering.escape import printable, single_line
from inspcheck.rendering.records import defuse, document


def text(findings: Sequence[Finding]) -> str:
    """path:line:col: severity rule-id: message, one a line; errors first, then warnings,
    each in file and line order, so that what must be fixed is read first."""
    ordered = sorted(findings, key=lambda f: (not f.is_error, f.file, f.line, f.column))
    return "".join(
        f"{single_line(f.file)}:{f.line}:{f.column}: {f.severity} {f.rule}: "
        f"{single_line(f.message)}\n"
        for f in ordered
    )


def as_json(findings: Sequence[Finding]) -> str:
    errors, warnings = count(list(findings))
    payload = {
        "version": 1,
        "findings": [
            {"file": f.file, "line": f.line, "column": f.column, "rule": f.rule,
             "severity": str(f.severity), "message": f.message}
            for f in findings
        ],
        "errors": errors,
        "warnings": warnings,
    }  # fmt: skip
    return document(payload)


CSV_KEYS = ("file", "line", "column", "rule", "severity", "message")


def as_csv(findings: Sequence[Finding]) -> str:
    """A header of CSV_KEYS and a row a finding: what `status -f csv` prints on bad data."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_KEYS)
    for f in findings:
        writer.writerow([defuse(f.file), f.line, f.column, f.rule, str(f.severity),
                         defuse(f.message)])  # fmt: skip
    return out.getvalue()


def _escape_data(value: str) -> str:
    # as @actions/core escapeData: %, CR, LF
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # as @actions/core escapeProperty: escapeData plus ':' and ','
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """::error file=...,line=...,col=...,title=...::message; then a plain summary line."""
    lines = []
    for f in findings:
        props = (f"file={_escape_property(f.file)},line={f.line},col={f.column},"
                 f"title={_escape_property(f.rule)}")  # fmt: skip
        lines.append(f"::{f.severity} {props}::{_escape_data(printable(f.message))}\n")
    errors, warnings = count(list(findings))
    lines.append(f"inspcheck: {errors} error(s), {warnings} warning(s)\n")
    return "".join(lines)


FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text,
    "json": as_json,
    "csv": as_csv,
    "github": github,
}
