"""The timeline chart: an inline SVG made in Python, the same in the site and in the PDF.

Time runs down the page (so it reads on a phone): months on the left, the applicant's dates as
markers on an axis, labels on the right pulled apart where dates crowd, leader lines between.
No script, no external font or file; text inherits the page's colour through currentColor.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..model import Playbook
from .text import plain_text
from .timeline import Entry, entries

WIDTH = 400
TOP, BOTTOM = 56, 24
AXIS_X, LABEL_X, MONTH_X = 88, 118, 62
PX_PER_DAY = 1.1
LINE = 16  # vertical room of one line of a label
FONT = 13
WRAP = 36  # characters on one line of a label, so it stays readable on a phone
GAP = 4  # between two labels
COLOURS = {"event": "#5c6bc0", "step": "#00897b", "plan": "#f9a825", "today": "#e53935"}
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass
class _Label:
    want: float  # the y of the date it belongs to
    text: str
    y: float = 0.0

    @property
    def lines(self) -> list[str]:
        return textwrap.wrap(self.text, WRAP, break_long_words=False) or [""]

    @property
    def height(self) -> float:
        return len(self.lines) * LINE + GAP


def timeline_svg(playbook: Playbook) -> str:
    """The chart as an <svg> element (a string of well-formed XML) with <title> and <desc>."""
    rows = [e for e in entries(playbook) if e.kind != "today"]
    if not rows:
        return ""
    first, last = _month_start(min(r.date for r in rows)), _next_month(max(r.date for r in rows))
    y = _scale(first)
    weeks = _match_weeks(rows)
    labels = _labels(rows, weeks, y)
    height = max(TOP + (last - first).days * PX_PER_DAY, max(lb.y + lb.height for lb in labels)) + BOTTOM
    svg = _root(playbook, rows, weeks, first, last, height)
    _months(svg, first, last, y, y(playbook.today) if first <= playbook.today <= last else None)
    for monday, friday in weeks:
        _band(svg, y(monday), y(friday + dt.timedelta(days=1)))
    ET.SubElement(svg, "line", x1=str(AXIS_X), y1=_n(TOP), x2=str(AXIS_X), y2=_n(y(last)),
                  stroke="currentColor", **{"stroke-width": "2"})
    _plan_bars(svg, [r for r in rows if r.kind == "plan"], playbook, y)
    for row in rows:
        _marker(svg, row, y(row.date))
    for label in labels:
        _label(svg, label)
    if first <= playbook.today <= last:
        _today(svg, playbook.today, y(playbook.today))
    _legend(svg, {r.kind for r in rows}, any(r.flag for r in rows if r.kind == "event"))
    ET.indent(svg, space="")
    return ET.tostring(svg, encoding="unicode")


def _scale(first: dt.date):
    return lambda day: TOP + (day - first).days * PX_PER_DAY


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _match_weeks(rows: list[Entry]) -> list[tuple[dt.date, dt.date]]:
    """Monday and Friday of each Match Week on the chart (two when it runs into the next cycle)."""
    days = {r.key: r.date for r in rows if r.kind == "event"}
    cycles = sorted(key.rsplit("-", 1)[1] for key in days if key.startswith("event-match_week_monday-"))
    return [(days[f"event-match_week_monday-{c}"], days[f"event-match_day-{c}"]) for c in cycles
            if f"event-match_day-{c}" in days]


def _short(title: str) -> str:
    """'SOAP offer round 1 (2 hours to accept)' → 'SOAP offer round 1'; '(2026 Match)' stays."""
    return re.sub(r" \((?!\d{4} Match\))[^)]*\)", "", title.split(": ", 1)[0])


def _labels(rows: list[Entry], weeks: list[tuple[dt.date, dt.date]], y) -> list[_Label]:
    """One label per event and plan block; Match Week's many events share one label."""
    labels = []
    for row in rows:
        in_week = row.kind == "event" and any(monday <= row.date <= friday for monday, friday in weeks)
        if row.kind == "step" or in_week:
            continue
        mark = "\u00a0*" if row.flag else ""  # a no-break space keeps the mark on its line
        prefix = "Bridge year: " if row.kind == "plan" else ""
        labels.append(_Label(y(row.date), f"{row.date.day} {row.date:%b} · {prefix}{_short(row.text)}{mark}"))
    for monday, friday in weeks:
        span = f"{monday.day}–{friday.day} {friday:%b}" + (f" {friday:%Y}" if len(weeks) > 1 else "")
        labels.append(_Label(y(monday), f"{span} · Match Week: status, SOAP, Match Day"))
    return _spread(sorted(labels, key=lambda lb: lb.want))


def _spread(labels: list[_Label]) -> list[_Label]:
    """Place labels as near their dates as possible without overlapping: crowded ones form
    clusters centred on their dates, and clusters that touch merge, until none overlap."""
    clusters: list[list[_Label]] = []
    for label in labels:
        clusters.append([label])
        while len(clusters) > 1 and _top(clusters[-1]) < _top(clusters[-2]) + _height(clusters[-2]):
            last = clusters.pop()
            clusters[-1].extend(last)
    for cluster in clusters:
        y = _top(cluster)
        for label in cluster:
            label.y = y
            y += label.height
    return labels


def _height(cluster: list[_Label]) -> float:
    return sum(lb.height for lb in cluster)


def _top(cluster: list[_Label]) -> float:
    """Where a cluster starts so that its middle sits at the middle of its dates."""
    centre = sum(lb.want for lb in cluster) / len(cluster)
    return max(TOP, centre - (_height(cluster) - LINE) / 2)


def _root(playbook: Playbook, rows: list[Entry], weeks, first: dt.date, last: dt.date, height: float) -> ET.Element:
    svg = ET.Element("svg", xmlns=SVG_NS, viewBox=f"0 0 {WIDTH} {_n(height)}", width="100%", role="img",
                     **{"class": "pb-chart", "aria-labelledby": "pb-chart-title pb-chart-desc",
                        "font-size": str(FONT)})
    ET.SubElement(svg, "title", id="pb-chart-title").text = f"Timeline of your {playbook.applicant.cycle} Match cycle"
    ET.SubElement(svg, "desc", id="pb-chart-desc").text = _description(playbook, rows, weeks, first, last)
    return svg


def _description(playbook: Playbook, rows: list[Entry], weeks, first: dt.date, last: dt.date) -> str:
    count = {kind: sum(1 for r in rows if r.kind == kind) for kind in ("event", "step", "plan")}
    text = (f"From {first:%B %Y} to {last - dt.timedelta(days=1):%B %Y}: {count['event']} calendar dates, "
            f"{count['step']} of your dated steps and {count['plan']} bridge-year blocks.")
    for monday, friday in weeks:
        text += f" Match Week runs from {monday:%a %d %b} to {friday:%a %d %b %Y}."
    text += f" Today is {playbook.today:%d %b %Y}. Dates marked * are estimates. The tables below list every date."
    return text


def _months(svg: ET.Element, first: dt.date, last: dt.date, y, today: float | None) -> None:
    """Month ticks and names; a name that the 'Today' mark would cover is left out."""
    month = first
    while month <= last:
        at = _n(y(month))
        ET.SubElement(svg, "line", x1=str(AXIS_X - 5), y1=at, x2=str(AXIS_X), y2=at, stroke="currentColor")
        if month < last and (today is None or abs(y(month) - today) > LINE):
            text = ET.SubElement(svg, "text", x=str(MONTH_X), y=_n(y(month) + 4), fill="currentColor",
                                 **{"text-anchor": "end"})
            text.text = f"{month:%b %Y}" if month.month == 1 or month == first else f"{month:%b}"
        month = _next_month(month)


def _band(svg: ET.Element, top: float, bottom: float) -> None:
    ET.SubElement(svg, "rect", x=str(AXIS_X - 8), y=_n(top - 2), width=str(LABEL_X - AXIS_X),
                  height=_n(bottom - top + 4), fill=COLOURS["event"], **{"fill-opacity": "0.18"})


def _plan_bars(svg: ET.Element, plans: list[Entry], playbook: Playbook, y) -> None:
    ends = {b.id: b.end for b in playbook.plan() if b.end}
    lanes: list[dt.date] = []
    for row in plans:
        end = ends.get(row.key.removeprefix("plan-"), row.date)
        lane = next((i for i, busy in enumerate(lanes) if busy < row.date), len(lanes))
        lanes[lane:lane + 1] = [end]
        bar = ET.SubElement(svg, "rect", x=str(AXIS_X - 14 - 7 * lane), y=_n(y(row.date)), width="5",
                            height=_n(max(y(end) - y(row.date), 3)), rx="2", fill=COLOURS["plan"])
        ET.SubElement(bar, "title").text = f"Bridge year: {row.text}, {row.date:%d %b %Y} – {end:%d %b %Y}"


def _marker(svg: ET.Element, row: Entry, at: float) -> None:
    if row.kind == "plan":
        return
    colour = COLOURS[row.kind]
    attrs = {"cx": str(AXIS_X), "cy": _n(at), "r": "5" if row.kind == "event" else "3"}
    if row.kind == "event" and row.flag:
        attrs.update({"fill": "#ffffff", "stroke": colour, "stroke-width": "2", "stroke-dasharray": "2 1.5"})
    else:
        attrs["fill"] = colour
    dot = ET.SubElement(svg, "circle", **attrs)
    what = plain_text(row.text) if row.kind == "step" else row.text
    flag = f" ({row.flag})" if row.flag else ""
    ET.SubElement(dot, "title").text = f"{row.date:%a %d %b %Y}: {what}{flag}"


def _label(svg: ET.Element, label: _Label) -> None:
    ET.SubElement(svg, "polyline", fill="none", stroke="currentColor", **{"stroke-opacity": "0.45"},
                  points=f"{AXIS_X + 6},{_n(label.want)} {LABEL_X - 14},{_n(label.want)} {LABEL_X - 4},{_n(label.y)}")
    text = ET.SubElement(svg, "text", x=str(LABEL_X), y=_n(label.y + 4), fill="currentColor")
    first, *more = label.lines
    text.text = first
    for line in more:
        ET.SubElement(text, "tspan", x=str(LABEL_X), dy=str(LINE)).text = line


def _today(svg: ET.Element, today: dt.date, at: float) -> None:
    ET.SubElement(svg, "line", x1="4", y1=_n(at), x2=str(LABEL_X - 16), y2=_n(at), stroke=COLOURS["today"],
                  **{"stroke-width": "1.5", "stroke-dasharray": "5 3"})
    text = ET.SubElement(svg, "text", x="4", y=_n(at - 4), fill=COLOURS["today"], **{"font-weight": "bold"})
    text.text = f"Today {today.day} {today:%b}"


def _legend(svg: ET.Element, kinds: set[str], estimates: bool) -> None:
    """A key to the marks, naming only those the chart uses."""
    items = [("event", "date", False), ("event", "estimate *", True), ("step", "your step", False),
             ("plan", "bridge year", False)]
    x = 8
    for kind, words, dashed in items:
        if kind not in kinds or (dashed and not estimates):
            continue
        if kind == "plan":
            ET.SubElement(svg, "rect", x=str(x), y="12", width="5", height="14", rx="2", fill=COLOURS[kind])
        else:
            attrs = {"cx": str(x + 5), "cy": "19", "r": "5" if kind == "event" else "3", "fill": COLOURS[kind]}
            if dashed:
                attrs.update({"fill": "#ffffff", "stroke": COLOURS[kind], "stroke-width": "2",
                              "stroke-dasharray": "2 1.5"})
            ET.SubElement(svg, "circle", **attrs)
        ET.SubElement(svg, "text", x=str(x + 14), y="23", fill="currentColor").text = words
        x += 14 + 7 * len(words) + 18


def _n(value: float) -> str:
    """Coordinates with at most one decimal, so the output is short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
