"""The paper's two charts, drawn with matplotlib: RAG by agency, and the trend.

They are read in print, often in black and white, and by people who do not see
colour: every RAG segment has its own hatching as well as its colour, from light to
dark in the order a board reads them, and its count written on it where it fits;
the legend names each colour. The trend's lines differ by marker and dash, and
each point carries its value. Charts hold only what the paper's tables hold, so a
public paper's charts can hold nothing its tables withhold.

Output is deterministic: SVG ids come from a fixed salt, and no file carries a date
or the software's name, so the same paper gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

RAG_ORDER = ("blue", "green", "amber", "red", "grey")
# Colours as the paper's tables show them, with a lightness ladder that survives greyscale.
COLOURS = {"blue": "#1d4f91", "green": "#7fbf7b", "amber": "#f2b134", "red": "#b2182b",
           "grey": "#d9d9d9"}  # fmt: skip
HATCHES = {"blue": "xx", "green": "", "amber": "//", "red": "..", "grey": "--"}
INK = "#222222"


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart as the formats need it: what it says in words, and how it looks."""

    title: str
    alt: str  # the text alternative: what the chart shows, in a sentence or two
    svg: str
    png: bytes


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({
        "svg.hashsalt": "inspcheck", "svg.fonttype": "none", "font.size": 9,
        "font.family": "DejaVu Sans", "axes.edgecolor": INK, "text.color": INK,
        "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
        "hatch.linewidth": 0.6, "path.simplify": False,
    })  # fmt: skip
    return plt


def _save(fig: Any, title: str, alt: str) -> Chart:
    svg, png = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None},
                bbox_inches="tight")  # fmt: skip
    fig.savefig(png, format="png", dpi=200, metadata={"Software": None}, bbox_inches="tight")
    text = svg.getvalue()
    text = text[text.index("<svg") :]  # inline: no XML declaration or doctype
    if "<metadata>" in text:  # matplotlib's RDF block: nothing a reader needs
        text = text[: text.index("<metadata>")] + text[text.index("</metadata>") + 11 :]
    return Chart(title, alt, text, png.getvalue())


def rag_by(title: str, rows: Sequence[dict[str, Any]], name_key: str) -> Chart:
    """One horizontal bar per row (agency or inspection), stacked by RAG colour."""
    plt = _pyplot()
    names = [str(r[name_key]) for r in rows][::-1]
    height = max(1.6, 0.45 * len(names) + 1.0)
    fig, ax = plt.subplots(figsize=(7.0, height))
    left = [0] * len(names)
    for rag in RAG_ORDER:
        counts = [int(r[rag]) for r in rows][::-1]
        bars = ax.barh(names, counts, left=left, color=COLOURS[rag], hatch=HATCHES[rag],
                       edgecolor=INK, linewidth=0.6, label=rag)  # fmt: skip
        for bar, count in zip(bars, counts, strict=True):
            if count and bar.get_width() >= max(1, max(sum_row(rows)) * 0.06):
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        str(count), ha="center", va="center", fontsize=8,
                        color="white" if rag in ("blue", "red") else INK,
                        bbox={"boxstyle": "round,pad=0.1", "fc": COLOURS[rag],
                              "ec": "none"})  # fmt: skip
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_xlabel("Obligations")
    ax.legend(ncols=5, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    parts = "; ".join(
        f"{r[name_key]}: " + ", ".join(f"{r[g]} {g}" for g in RAG_ORDER if r[g]) for r in rows
    )
    chart = _save(fig, title, f"{title}. {parts or 'No obligations.'}")
    plt.close(fig)
    return chart


def sum_row(rows: Sequence[dict[str, Any]]) -> list[int]:
    return [sum(int(r[g]) for g in RAG_ORDER) for r in rows] or [0]


def trend(points: Sequence[dict[str, Any]]) -> Chart:
    """Two panels on one time axis: completion (per cent), then open and overdue counts."""
    plt = _pyplot()
    labels = [_short_date(p["date_iso"]) for p in points]
    x = list(range(len(points)))
    fig, (done, counts) = plt.subplots(1, 2, figsize=(7.2, 2.6))
    completion = [100 * float(p["completion_value"]) for p in points]
    done.plot(x, completion, color=COLOURS["blue"], marker="o", linestyle="-")
    for xi, value in zip(x, completion, strict=True):
        done.annotate(f"{value:.0f}%", (xi, value), textcoords="offset points", xytext=(0, 6),
                      ha="center", fontsize=8)  # fmt: skip
    done.set_ylim(0, 110)
    done.set_title("Completion (%)", fontsize=9)
    top = max([int(p["open"]) for p in points] + [1])
    for key, style, marker, colour in (("open", "--", "s", INK),
                                       ("overdue", ":", "^", COLOURS["red"])):  # fmt: skip
        values = [int(p[key]) for p in points]
        counts.plot(x, values, color=colour, linestyle=style, marker=marker,
                    label=f"{key.capitalize()}")  # fmt: skip
        for xi, value in zip(x, values, strict=True):
            counts.annotate(str(value), (xi, value), textcoords="offset points",
                            xytext=(0, 6 if key == "open" else -12), ha="center", fontsize=8,
                            color=colour)  # fmt: skip
    counts.set_ylim(0, top * 1.6)
    counts.set_title("Open and overdue obligations", fontsize=9)
    counts.legend(loc="upper left", ncols=2, frameon=False, fontsize=8)
    for panel in (done, counts):
        panel.set_xticks(x, labels, fontsize=7.5)
        panel.spines[["top", "right"]].set_visible(False)
    counts.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    said = "; ".join(
        f"{p['date']}: completion {p['completion']}, {p['open']} open, {p['overdue']} overdue"
        for p in points
    )
    chart = _save(fig, "Trend", f"Trend, as the register stood on each date. {said}.")
    plt.close(fig)
    return chart


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_date(iso: str) -> str:
    """2024-09-30 as `30 Sep` over `2024`: five dates fit under a half-width panel."""
    year, month, day = iso.split("-")
    return f"{int(day)} {_MONTHS[int(month) - 1]}\n{year}"


def charts(paper: dict[str, Any]) -> dict[str, Chart]:
    """The charts of one paper, from its data alone."""
    out = {"agencies": rag_by("RAG by agency", paper["agencies"], "name")}
    if paper["trend"]:
        out["trend"] = trend(paper["trend"])
    return out
