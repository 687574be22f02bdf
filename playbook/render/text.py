"""Formatting shared by renderers: Markdown to HTML, dates and due labels."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket

from ..calendar import ET_ZONE
from ..model import Dated
from ..paths import templates_dir

MINUS = "\u2212"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the life of the process (keyed by name and source checksum), and in
    Jinja's own cache folder for the next process: the user's private temp folder, which Jinja checks
    is owned by the user and closed to others. Compiling is most of what rendering a page costs."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        try:
            self.disk: BytecodeCache | None = FileSystemBytecodeCache()
        except RuntimeError:  # that folder belongs to someone else: keep to memory
            self.disk = None

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja keys a template by name and file only; the settings that change its compiled code (autoescape
        above all: two of our environments read the same folder, one writing HTML) are made part of the key."""
        escape = environment.autoescape
        settings = (getattr(escape, "__qualname__", escape), environment.trim_blocks, environment.lstrip_blocks,
                    environment.keep_trailing_newline)
        key = self.get_cache_key(f"{name}|{settings}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


COMPILED = _MemoryBytecodeCache()
"""Every template environment of ours, and the site theme's, keeps its compiled templates here."""


def jinja(folder: str, *, html: bool) -> Environment:
    """Jinja for one folder of site_templates/: undefined names fail; autoescaped when it writes HTML."""
    env = Environment(
        loader=FileSystemLoader(templates_dir() / folder),
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,
    )
    env.filters["plural"] = plural
    return env


def noun(count: int, singular: str, many: str | None = None) -> str:
    """The noun that agrees with `count`: 'day' for 1, 'days' (or `many`) for any other number."""
    return singular if count == 1 else (many or singular + "s")


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 interview', '0 interviews', '3 interviews': a count with the noun that agrees with it."""
    return f"{count} {noun(count, singular, many)}"


@lru_cache(maxsize=1)
def _md() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", "tables", "sane_lists"])


@lru_cache(maxsize=8192)
def md_to_html(text: str) -> str:
    """Markdown (already escaped where it holds profile values) to an HTML fragment.

    Kept per text: the same step is shown on several pages, and again in every rebuild of a preview."""
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


def zone_city(zone: str) -> str:
    """'America/Los_Angeles' → 'Los Angeles': how a time zone is named next to a time.

    'Etc/GMT+5' means UTC−5, so fixed-offset zones are called 'local' and left to the offset.
    """
    if zone.startswith("Etc/"):
        return "local"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(moment: dt.datetime) -> str:
    """'UTC+5:30', 'UTC−4' (with a true minus sign), 'UTC+0'."""
    offset = moment.utcoffset()
    assert offset is not None, "an aware datetime"
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{MINUS if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")


def clock(moment: dt.datetime, zone: str | None = None) -> str:
    """'19:30 Kolkata time (UTC+5:30)', or '10:00 ET (UTC−4)' for Eastern time."""
    name = "ET" if zone is None or zone == ET_ZONE else f"{zone_city(zone)} time"
    return f"{moment:%H:%M} {name} ({utc_offset(moment)})"


def when_parts(thing: Dated) -> tuple[str, str | None]:
    """The applicant's date and time, and Eastern time beside it (None when all day or in ET)."""
    local, et = thing.local, thing.et
    if local is None or et is None:
        return long_date(thing.date), None
    zone = str(local.tzinfo)
    if zone == ET_ZONE:
        return f"{long_date(et.date())}, {clock(et)}", None
    et_day = "" if et.date() == local.date() else f"{et:%a} {et.day} {et:%b}, "
    return f"{long_date(local.date())}, {clock(local, zone)}", f"{et_day}{clock(et)}"


def due_label(thing: Dated) -> str:
    """One line: 'Mon 15 Mar 2027, 19:30 Kolkata time (UTC+5:30) · 10:00 ET (UTC−4)'."""
    return " · ".join(part for part in when_parts(thing) if part)


class _PlainText(HTMLParser):
    """HTML → plain text: paragraphs and list items on their own lines, blanks as [label]."""

    BLOCKS = {"p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open_spans: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "span":
            blank = ("class", "fill-in") in attrs
            self.open_spans.append(blank)
            self.parts.append("[" if blank else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.open_spans:
            self.parts.append("]" if self.open_spans.pop() else "")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@lru_cache(maxsize=8192)
def plain_text(markdown_text: str) -> str:
    """Markdown (escaped as in the model) to plain text for calendars and tooltips (kept per text, like
    md_to_html: a step's text is shown in its calendar event and in the timeline's tooltips)."""
    parser = _PlainText()
    parser.feed(md_to_html(markdown_text))
    parser.close()
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def date_span(start: dt.date, end: dt.date) -> str:
    """'20 Mar – 19 Apr 2026', or '20 Dec 2026 – 19 Mar 2027' across a new year."""
    last = f"{end.day} {end:%b %Y}"
    if start == end:
        return last
    first = f"{start.day} {start:%b}" + (f" {start:%Y}" if start.year != end.year else "")
    return f"{first} – {last}"
