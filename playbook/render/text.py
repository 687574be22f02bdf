"""Formatting shared by renderers: Markdown to HTML, dates and due labels."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import markdown

from ..model import Due


@lru_cache(maxsize=1)
def _md() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", "tables", "sane_lists"])


def md_to_html(text: str) -> str:
    """Markdown (already escaped where it holds profile values) to an HTML fragment."""
    md = _md()
    md.reset()
    return md.convert(text)


def md_inline(text: str) -> str:
    """Markdown for one line, without the surrounding paragraph."""
    html = md_to_html(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def due_label(due: Due) -> str:
    when = long_date(due.date)
    if due.time:
        when += f", {due.time:%H:%M} ET"
    return when
