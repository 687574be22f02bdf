"""The timeline chart: an inline SVG made in Python, the same in the site and in the PDF.

Time runs down the page (so it reads on a phone): months on the left, the applicant's dates as
markers on an axis, labels on the right, each level with its own marker. Where dates crowd, the
time axis stretches (months grow taller) instead of labels drifting away from their dates, so a
label sits at its mark at any width. Bridge-year bars and the "Today" mark have lanes of their own
left of the axis, where no label or marker can be covered. No script is needed; the site's
today.js may move the Today mark to the device's date using the scale written on the <svg>
(data-scale: date:y pairs between which y is linear). Text inherits the page's colour.
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
TOP, BOTTOM = 64, 24
MONTH_X = 62  # month names end here ("Mar 2026" needs about 58)
LANE_X = 86  # the first bridge-year lane; further lanes step left
TODAY_X = (92, 102)  # the Today mark's lane: a triangle pointing at the axis
AXIS_X, LABEL_X = 110, 138
PX_PER_DAY = 1.1
LINE = 16  # vertical room of one line of a label
FONT = 13
WRAP = 36  # characters on one line of a label, so it stays readable on a phone
GAP = 4  # between two labels
COLOURS = {"event": "#5c6bc0", "step": "#00897b", "plan": "#f9a825", "today": "#d32f2f"}
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass
class _Label:
    day: dt.date  # the date it belongs to; it is drawn level with that date's mark
    parts: list[str]  # what falls on that date, each part starting on a line of its own
    y: float = 0.0

    @property
    def lines(self) -> list[str]:
        return [line for part in self.parts for line in textwrap.wrap(part, WRAP, break_long_words=False)] or [""]

    @property
    def height(self) -> float:
        return len(self.lines) * LINE + GAP


class Scale:
    """Dates to y: PX_PER_DAY, stretched between labelled dates so that each label fits at its date."""

    def __init__(self, first: dt.date, labels: list[_Label]):
        self.first = first
        self.knots: list[tuple[dt.date, float]] = [(first, float(TOP))]
        below = 0.0  # the lowest y a label may take, given the one above it
        for label in labels:
            natural = self(label.day)
            label.y = max(natural, below)
            if label.day == self.knots[-1][0]:
                self.knots[-1] = (label.day, label.y)
            else:
                self.knots.append((label.day, label.y))
            below = label.y + label.height

    def __call__(self, day: dt.date) -> float:
        before = [k for k in self.knots if k[0] <= day]
        after = [k for k in self.knots if k[0] > day]
        (d0, y0) = before[-1] if before else self.knots[0]
        if not after:
            return y0 + (day - d0).days * PX_PER_DAY
        d1, y1 = after[0]
        return y0 + (y1 - y0) * (day - d0).days / (d1 - d0).days

    def data(self, last: dt.date) -> str:
        """The knots as 'YYYY-MM-DD:y' pairs, the last one at `last`, for the browser to place today."""
        points = [*self.knots, (last, self(last))]
        return " ".join(f"{day.isoformat()}:{_n(y)}" for day, y in points)


def timeline_svg(playbook: Playbook) -> str:
    """The chart as an <svg> element (a string of well-formed XML) with <title> and <desc>."""
    rows = [e for e in entries(playbook) if e.kind != "today"]
    if not rows:
        return ""
    first, last = _month_start(min(r.date for r in rows)), _next_month(max(r.date for r in rows))
    weeks = _match_weeks(rows)
    labels = _labels(rows, weeks)
    y = Scale(first, labels)
    height = max(y(last), max(lb.y - LINE / 2 + lb.height for lb in labels)) + BOTTOM
    svg = _root(playbook, rows, weeks, first, last, height)
    svg.set("data-scale", y.data(last))
    _months(svg, first, last, y)
    for monday, friday in weeks:
        _band(svg, y(monday), y(friday + dt.timedelta(days=1)))
    ET.SubElement(svg, "line", x1=str(AXIS_X), y1=_n(TOP), x2=str(AXIS_X), y2=_n(y(last)),
                  stroke="currentColor", **{"stroke-width": "2"})
    _plan_bars(svg, [r for r in rows if r.kind == "plan"], playbook, y)
    for row in rows:
        _marker(svg, row, y(row.date))
    for label in labels:
        _label(svg, label)
    inside = first <= playbook.today < last
    _today(svg, playbook.today, y(playbook.today), inside)
    _legend(svg, {r.kind for r in rows}, any(r.flag for r in rows if r.kind == "event"),
            f"today, {playbook.today.day} {playbook.today:%b}" + ("" if inside else ": not on this chart"))
    ET.indent(svg, space="")
    return ET.tostring(svg, encoding="unicode")


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


def _labels(rows: list[Entry], weeks: list[tuple[dt.date, dt.date]]) -> list[_Label]:
    """One label per date of events and plan blocks, in date order; Match Week's many events share one."""
    events: dict[dt.date, list[str]] = {}
    plans: dict[dt.date, list[str]] = {}
    for row in rows:
        in_week = row.kind == "event" and any(monday <= row.date <= friday for monday, friday in weeks)
        if row.kind == "step" or in_week:
            continue
        mark = "\u00a0*" if row.flag else ""  # a no-break space keeps the mark on its line
        (plans if row.kind == "plan" else events).setdefault(row.date, []).append(f"{_short(row.text)}{mark}")
    by_day = {day: events.get(day, []) + ([("bridge year: " if day in events else "Bridge year: ")
                                           + "; ".join(plans[day])] if day in plans else [])
              for day in set(events) | set(plans)}
    week_text = {
        monday: f"{monday.day}–{friday.day} {friday:%b}" + (f" {friday:%Y}" if len(weeks) > 1 else "")
        + " · Match Week: status, SOAP, Match Day"
        for monday, friday in weeks
    }
    return [
        _Label(day, ([week_text[day]] if day in week_text else [])
               + ([f"{day.day} {day:%b} · " + "; ".join(by_day[day])] if day in by_day else []))
        for day in sorted(set(by_day) | set(week_text))
    ]


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


def _months(svg: ET.Element, first: dt.date, last: dt.date, y: Scale) -> None:
    """Month ticks and names, the year with January and with the first month."""
    month = first
    while month <= last:
        at = _n(y(month))
        ET.SubElement(svg, "line", x1=str(AXIS_X - 5), y1=at, x2=str(AXIS_X), y2=at, stroke="currentColor")
        if month < last:
            text = ET.SubElement(svg, "text", x=str(MONTH_X), y=_n(y(month) + 4), fill="currentColor",
                                 **{"text-anchor": "end"})
            text.text = f"{month:%b %Y}" if month.month == 1 or month == first else f"{month:%b}"
        month = _next_month(month)


def _band(svg: ET.Element, top: float, bottom: float) -> None:
    """Match Week, a tint along the axis (right of the Today lane, left of the labels)."""
    ET.SubElement(svg, "rect", x=str(TODAY_X[1] + 2), y=_n(top - 2), width=str(2 * (AXIS_X - TODAY_X[1] - 2)),
                  height=_n(bottom - top + 4), fill=COLOURS["event"], **{"fill-opacity": "0.18"})


def _plan_bars(svg: ET.Element, plans: list[Entry], playbook: Playbook, y: Scale) -> None:
    """Bridge-year blocks as bars in lanes left of the Today lane; overlapping blocks take the next lane."""
    ends = {b.id: b.end for b in playbook.plan() if b.end}
    lanes: list[dt.date] = []
    for row in plans:
        end = ends.get(row.key.removeprefix("plan-"), row.date)
        lane = next((i for i, busy in enumerate(lanes) if busy < row.date), len(lanes))
        lanes[lane:lane + 1] = [end]
        bar = ET.SubElement(svg, "rect", x=str(LANE_X - 7 * lane), y=_n(y(row.date)), width="5",
                            height=_n(max(y(end) - y(row.date), 3)), rx="2", fill=COLOURS["plan"])
        ET.SubElement(bar, "title").text = f"Bridge year: {row.text}, {row.date:%d %b %Y} – {end:%d %b %Y}"


def _marker(svg: ET.Element, row: Entry, at: float) -> None:
    if row.kind == "plan":
        return
    colour = COLOURS[row.kind]
    attrs = {"cx": str(AXIS_X), "cy": _n(at), "r": "5" if row.kind == "event" else "3",
             "data-day": row.date.isoformat()}
    if row.kind == "event" and row.flag:
        attrs.update({"fill": "#ffffff", "stroke": colour, "stroke-width": "2", "stroke-dasharray": "2 1.5"})
    else:
        attrs["fill"] = colour
    dot = ET.SubElement(svg, "circle", **attrs)
    what = plain_text(row.text) if row.kind == "step" else row.text
    flag = f" ({row.flag})" if row.flag else ""
    ET.SubElement(dot, "title").text = f"{row.date:%a %d %b %Y}: {what}{flag}"


def _label(svg: ET.Element, label: _Label) -> None:
    """The label's first line level with its date, a short rule from the axis to it."""
    ET.SubElement(svg, "line", x1=str(AXIS_X + 7), y1=_n(label.y), x2=str(LABEL_X - 5), y2=_n(label.y),
                  stroke="currentColor", **{"stroke-opacity": "0.45"})
    text = ET.SubElement(svg, "text", x=str(LABEL_X), y=_n(label.y + 4), fill="currentColor",
                         **{"data-day": label.day.isoformat()})
    first, *more = label.lines
    text.text = first
    for line in more:
        ET.SubElement(text, "tspan", x=str(LABEL_X), dy=str(LINE)).text = line


def _today(svg: ET.Element, today: dt.date, at: float, inside: bool) -> None:
    """A triangle in its own lane pointing at today on the axis (hidden when today is off the chart)."""
    left, right = TODAY_X
    mark = ET.SubElement(svg, "path", d=f"M{left},{_n(at - 5)} L{right},{_n(at)} L{left},{_n(at + 5)} Z",
                         fill=COLOURS["today"], **{"class": "pb-chart-today", "data-y": _n(at)})
    if not inside:
        mark.set("visibility", "hidden")
    ET.SubElement(mark, "title").text = f"Today, {today:%a %d %b %Y}"


def _legend(svg: ET.Element, kinds: set[str], estimates: bool, today: str) -> None:
    """A key to the marks, naming only those the chart uses, on as many rows as it needs."""
    items = [("event", "date", False), ("event", "estimate *", True), ("step", "your step", False),
             ("plan", "bridge year", False), ("today", today, False)]
    x, row = 8, 0
    legend = ET.SubElement(svg, "g", **{"class": "pb-chart-legend"})
    for kind, words, dashed in items:
        if (kind not in kinds and kind != "today") or (dashed and not estimates):
            continue
        width = 14 + 7 * len(words) + 18
        if x + width > WIDTH:
            x, row = 8, row + 1
        top = 12 + 20 * row
        if kind == "plan":
            ET.SubElement(legend, "rect", x=str(x), y=str(top), width="5", height="14", rx="2", fill=COLOURS[kind])
        elif kind == "today":
            ET.SubElement(legend, "path", d=f"M{x},{top + 2} L{x + 10},{top + 7} L{x},{top + 12} Z", fill=COLOURS[kind])
        else:
            attrs = {"cx": str(x + 5), "cy": str(top + 7), "r": "5" if kind == "event" else "3", "fill": COLOURS[kind]}
            if dashed:
                attrs.update({"fill": "#ffffff", "stroke": COLOURS[kind], "stroke-width": "2",
                              "stroke-dasharray": "2 1.5"})
            ET.SubElement(legend, "circle", **attrs)
        text = ET.SubElement(legend, "text", x=str(x + 14), y=str(top + 11), fill="currentColor")
        text.text = words
        if kind == "today":
            text.set("class", "pb-chart-today-label")
        x += width


def _n(value: float) -> str:
    """Coordinates with at most one decimal, so the output is short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
