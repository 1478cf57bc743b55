"""Deterministic synthetic registers, written as SPEC.md describes, for the benchmark.

    python bench/synth.py medium /tmp/register    # writes /tmp/register/data/...

Every force responds to every (national) recommendation, as under HMICFRS
follow-up: agencies x recommendations responses, each with several updates.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SIZES = {
    "small": (5, 50, 3),
    "medium": (43, 500, 5),
    "large": (43, 2000, 5),
}

WORDS = [
    "force", "partnership", "safeguarding", "children", "exploitation", "profile", "analysis",
    "data", "partners", "audit", "protocol", "custody", "referral", "assessment", "quarterly",
    "threat", "review", "training", "officers", "strategy", "meeting", "information", "sharing",
    "completed", "progress", "embedded", "dip", "sample", "action", "plan", "governance",
    "board", "oversight", "recruitment", "analyst", "agreement", "implementation",
]  # fmt: skip
STATUSES = ("not-started", "in-progress", "in-progress", "in-progress", "complete", "verified")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
START = date(2021, 1, 1)


@dataclass(frozen=True)
class Size:
    agencies: int
    recommendations: int
    updates: int


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def written(rng: random.Random, day: date) -> str:
    """Dates in every accepted form, as people write them."""
    form = rng.randrange(4)
    if form == 0:
        return day.isoformat()
    if form == 1:
        return f"{day.day}/{day.month}/{day.year}"
    if form == 2:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def register(size: Size, rng: random.Random) -> str:
    out = ["version: 1", "agencies:"]
    for a in range(size.agencies):
        out += [f"  - id: force-{a:02d}", f"    name: Force {a:02d} Police", "    kind: police"]
    out.append("inspections:")
    inspections = max(1, size.recommendations // 25)
    for i in range(inspections):
        published = START + timedelta(days=30 * i % 1200)
        out += [f"  - id: insp-{i:03d}", f"    title: {sentence(rng, 6, 12)}",
                "    inspectorates: [HMICFRS]", "    scope: national",
                f"    published: {written(rng, published)}"]  # fmt: skip
    out.append("recommendations:")
    for r in range(size.recommendations):
        due = START + timedelta(days=rng.randint(200, 1800))
        out += [
            f"  - id: rec-{r:05d}",
            f"    inspection: insp-{r % inspections:03d}",
            "    kind: recommendation",
            f"    ref: Recommendation {r % 12 + 1}",
            f"    title: {sentence(rng, 4, 8)}",
            "    text: >-",
            f"      {sentence(rng, 20, 30)}",
            f"      {sentence(rng, 15, 25)}",
            "    owners: [kind:police]",
            f"    due: {written(rng, due)}",
        ]
        if r % 10 == 0:
            out.append("    recurs: annually")
        if r % 3 == 0:
            out.append(f"    themes: [{rng.choice(['cse', 'custody', 'online-abuse'])}]")
    return "\n".join(out) + "\n"


def responses(size: Size, agency: int, rng: random.Random) -> str:
    out = ["version: 1", f"agency: force-{agency:02d}", "responses:"]
    for r in range(size.recommendations):
        out += [f"  - recommendation: rec-{r:05d}", "    lead: Head of Public Protection",
                "    updates:"]  # fmt: skip
        day = START + timedelta(days=rng.randint(0, 300))
        for _ in range(size.updates):
            day += timedelta(days=rng.randint(20, 120))
            out += [f"      - date: {written(rng, day)}",
                    f"        status: {rng.choice(STATUSES)}",
                    f"        note: {sentence(rng, 12, 30)}"]  # fmt: skip
        if r % 7 == 0:
            # later than any deadline the register sets (an extension moves one later)
            to = max(day, START + timedelta(days=1800)) + timedelta(days=90)
            out += ["    extensions:", f"      - to: {written(rng, to)}"]
            if r % 14 == 0:
                out += [f"        approved: {written(rng, day)}", "        by: Chief Officer Group"]
        if r % 5 == 0:
            out += ["    evidence:", f"      - date: {written(rng, day)}",
                    f"        title: {sentence(rng, 3, 6)}", "        ref: DOC-12345"]  # fmt: skip
    return "\n".join(out) + "\n"


def write(size_name: str, target: Path) -> Path:
    """Write the register of that size under target/data; return the data folder."""
    size = Size(*SIZES[size_name])
    rng = random.Random(f"inspcheck-{size_name}")
    data = target / "data"
    (data / "responses").mkdir(parents=True, exist_ok=True)
    (data / "recommendations.yaml").write_text(register(size, rng), encoding="utf-8")
    for a in range(size.agencies):
        text = responses(size, a, rng)
        (data / "responses" / f"force-{a:02d}.yaml").write_text(text, encoding="utf-8")
    return data


TRACKER_ROWS = 20_000
TRACKER_STATUSES = ("Complete", "In progress", "Not started", "Amber", "Red", "On track")


def tracker(target: Path, rows: int = TRACKER_ROWS) -> Path:
    """A partnership's tracker of `rows` rows, as an .xlsx (SPEC 7's first layout, with a
    lead, a revised date on every tenth row and an update date), and the register it is
    imported into (its agencies and one inspection): target/tracker.xlsx, target/data."""
    import datetime

    import xlsxwriter

    rng = random.Random("inspcheck-tracker")
    data = target / "data"
    (data / "responses").mkdir(parents=True, exist_ok=True)
    agencies = ["Northshire Police", "Northshire Council", "Northshire ICB"]
    register = ["version: 1", "agencies:"]
    for n, name in enumerate(agencies):
        register += [f"  - id: agency-{n}", f"    name: {name}"]
    register += ["inspections:", "  - id: tracker-2025", "    title: A national tracker",
                 "recommendations: []"]  # fmt: skip
    (data / "recommendations.yaml").write_text("\n".join(register) + "\n", encoding="utf-8")
    path = target / "tracker.xlsx"
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Action plan")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Ref", "Recommendation", "Responsible agency", "Lead officer",
                           "Target date", "Revised target date", "Status", "Progress update",
                           "Date of update"])  # fmt: skip
    for r in range(1, rows + 1):
        due = datetime.datetime(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        sheet.write_string(r, 0, f"R{r}")
        sheet.write_string(r, 1, sentence(rng, 15, 30))
        sheet.write_string(r, 2, rng.choice(agencies))
        sheet.write_string(r, 3, "Head of safeguarding")
        sheet.write_datetime(r, 4, due, day)
        if r % 10 == 0:
            sheet.write_datetime(r, 5, due + datetime.timedelta(days=90), day)
        sheet.write_string(r, 6, rng.choice(TRACKER_STATUSES))
        sheet.write_string(r, 7, sentence(rng, 8, 20))
        sheet.write_datetime(r, 8, datetime.datetime(2025, 6, 30), day)
    book.close()
    return path


if __name__ == "__main__":
    print(write(sys.argv[1], Path(sys.argv[2])))
