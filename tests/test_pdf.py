"""The printed playbook, read back with pypdf: content, outline, contents page, privacy, fonts, bytes."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader

from playbook.build import BuildOptions, build, load_inputs, make_playbook
from playbook.model import Playbook
from playbook.modules import PHASES
from playbook.profile import private_paths
from playbook.render import chart, pdf, timeline
from playbook.render.text import long_date, md_inline
from tests.conftest import EPOCH, EXAMPLES, MINIMAL, PROFILES, TODAY
from tests.pdftext import page_texts_of
from tests.system import missing_fonts, need


def normalise(text: str) -> str:
    """Text as a reader sees it: one space for any run of white space; a line broken after a hyphen, dash or
    slash joined again (the print stylesheet does not hyphenate, so such a break is inside a word)."""
    text = re.sub(r"(\w[-/–])[ \t]*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def plain(markdown_text: str) -> str:
    """Model Markdown → the words printed on paper."""
    blocks_apart = re.sub(r"</(p|li|h\d)>", " ", md_inline(markdown_text))
    return normalise(html.unescape(re.sub(r"<[^>]+>", "", blocks_apart)))


@dataclass
class Printed:
    playbook: Playbook
    path: Path

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @cached_property
    def pages(self) -> list[str]:
        return [normalise(text) for text in page_texts_of(self.path)]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    def page_of(self, anchor: str) -> int:
        """1-based page number of an element's id."""
        return self.reader.get_destination_page_number(self.reader.named_destinations[anchor]) + 1

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, page) for every bookmark, in order."""
        result: list[tuple[int, str, int]] = []

        def walk(entries: list, level: int) -> None:
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry, level + 1)
                else:
                    result.append((level, entry.title, self.reader.get_destination_page_number(entry) + 1))

        walk(self.reader.outline, 1)
        return result


def _print(profile: Path, out: Path, *, public: bool) -> Printed:
    # include_private: the examples hold personal values, which a public build leaves out of every output.
    build(BuildOptions(profile, out, today=TODAY, public=public, include_private=True, pdf_only=True))
    return _printed(profile, out, public=public)


def _printed(profile: Path, out: Path, *, public: bool) -> Printed:
    playbook = make_playbook(load_inputs(profile), today=TODAY, public=public)
    return Printed(playbook, out / "playbook.pdf")


@pytest.fixture(scope="session")
def printed(sites: dict[str, Path]) -> dict[str, Printed]:
    """Every example profile's private PDF, from the session's builds (made with SOURCE_DATE_EPOCH set)."""
    return {p.stem: _printed(p, sites[p.stem], public=False) for p in EXAMPLES}


@pytest.fixture(scope="session")
def printed_public(public_sites: dict[str, Path]) -> dict[str, Printed]:
    return {p.stem: _printed(p, public_sites[p.stem], public=True) for p in EXAMPLES}


SLUGS = [p.stem for p in EXAMPLES]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_checklist_item_is_printed_with_a_box_on_its_page(printed: dict[str, Printed], slug: str) -> None:
    doc = printed[slug]
    assert doc.playbook.items()
    for item in doc.playbook.items():
        assert plain(item.text) in doc.pages[doc.page_of(f"item-{item.id}") - 1], item.id


@pytest.mark.parametrize("slug", SLUGS)
def test_every_id_of_the_print_html_is_unique(printed: dict[str, Printed], slug: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', pdf.print_html(printed[slug].playbook))
    assert len(ids) > 50
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_script_title_is_printed_on_its_page(printed: dict[str, Printed], slug: str) -> None:
    doc = printed[slug]
    for script in doc.playbook.scripts():
        assert normalise(script.title) in doc.pages[doc.page_of(f"script-{script.id}") - 1], script.id


@pytest.mark.parametrize("slug", SLUGS)
def test_each_script_is_printed_whole_on_one_page(printed: dict[str, Printed], slug: str) -> None:
    doc = printed[slug]
    for script in doc.playbook.scripts():
        page = doc.pages[doc.page_of(f"script-{script.id}") - 1]
        words = plain(script.text).split()
        assert " ".join(words[:6]) in page and " ".join(words[-4:]) in page, script.id


@pytest.mark.parametrize("slug", SLUGS)
def test_every_program_of_the_sheet_is_printed_in_the_soap_plan(printed: dict[str, Printed], slug: str) -> None:
    doc, plan = printed[slug], printed[slug].playbook.soap_plan
    if plan is None:
        assert "SOAP plan" not in [title for level, title, _ in doc.outline() if level == 1]
        return
    start, end = doc.page_of("soap-sheet"), doc.page_of("soap-monday")
    sheet_pages = " ".join(doc.pages[start - 1:end])
    assert plan.programs
    for program in plan.programs:
        assert plain(program.name) in sheet_pages, program.name


def body_text(doc: Printed, page: int) -> str:
    """A page's text without its running header and footer."""
    text = doc.pages[page - 1].replace(f"page {page} of {len(doc.pages)}", "")
    return text.replace(f"{doc.playbook.applicant.plain_name} · Match {doc.playbook.applicant.cycle}", "")


@pytest.mark.parametrize("slug", SLUGS)
def test_no_heading_is_left_alone_at_the_bottom_of_a_page(printed: dict[str, Printed], slug: str) -> None:
    doc = printed[slug]
    for _, title, page in doc.outline():
        after = body_text(doc, page).split(normalise(title), 1)[1].replace("PRIVATE", "").strip()
        assert len(after) > 20, title


@pytest.mark.parametrize("slug", SLUGS)
def test_outline_has_one_entry_per_section(printed: dict[str, Printed], slug: str) -> None:
    doc, playbook = printed[slug], printed[slug].playbook
    outline = doc.outline()
    chapters = [title for level, title, _ in outline if level == 1]
    phases = [title for phase, title in PHASES.items() if playbook.items_in_phase(phase) or
              (phase == "bridge_year" and playbook.plan())]
    expected = ["About this playbook", "Timeline", *phases] + (["SOAP plan"] if playbook.soap_plan else [])
    expected += ["Scripts"] if playbook.scripts() else []
    assert chapters == expected + [m.title for m in playbook.modules]
    for module in playbook.modules:
        start = outline.index((1, module.title, doc.page_of(f"module-{module.id}")))
        children = [title for level, title, _ in outline[start + 1:start + 1 + len(module.sections)]]
        assert children == [s.title for s in module.sections]
        assert all(level == 2 for level, _, _ in outline[start + 1:start + 1 + len(module.sections)])
    script_entries = [(2, s.title, doc.page_of(f"script-{s.id}")) for s in playbook.scripts()]
    assert all(entry in outline for entry in script_entries)


TOC_LINE = re.compile(r"^(?P<title>.*?)[ .]*\s(?P<page>\d+)$")


def contents(doc: Printed) -> list[tuple[str, int]]:
    """(title, page number) as printed on the contents page(s)."""
    first, last = doc.page_of("contents"), doc.page_of("about") - 1
    lines = [line.strip() for p in doc.reader.pages[first - 1:last] for line in p.extract_text().splitlines()]
    return [(m["title"], int(m["page"])) for line in lines if (m := TOC_LINE.match(line)) and "." in line]


@pytest.mark.parametrize("slug", SLUGS)
def test_contents_page_numbers_are_the_pages_where_sections_start(printed: dict[str, Printed], slug: str) -> None:
    need(missing_fonts())  # laid out for Noto: with DejaVu alone the contents and the outline disagree
    doc = printed[slug]
    toc = contents(doc)
    assert toc == [(title, page) for _, title, page in doc.outline()]
    for title, page in toc:
        assert normalise(title) in doc.pages[page - 1]


@pytest.mark.parametrize("slug", SLUGS)
def test_contents_entries_are_links_to_their_sections(printed: dict[str, Printed], slug: str) -> None:
    doc = printed[slug]
    pages = doc.reader.pages[doc.page_of("contents") - 1:doc.page_of("about") - 1]
    targets = list(dict.fromkeys(str(a.get_object()["/Dest"]) for page in pages for a in page["/Annots"]))
    assert [doc.page_of(t) for t in targets] == [page for _, _, page in doc.outline()]


@pytest.mark.parametrize("slug", SLUGS)
def test_page_count_is_sane(printed: dict[str, Printed], slug: str) -> None:
    doc, playbook = printed[slug], printed[slug].playbook
    chapters = sum(1 for level, _, _ in doc.outline() if level == 1)
    least = 2 + chapters  # cover, contents, then each chapter on a page of its own
    # Half a page per step, script, section and date at most: a page per row would go over.
    rows = len(playbook.items()) + len(playbook.scripts()) + len(playbook.sections()) + len(playbook.events)
    most = least + rows // 2
    assert least <= len(doc.reader.pages) <= most


def private_values(profile: Path) -> list[str]:
    """Every private value of a profile as it would be printed: its free text (not a choice such as
    'certified'), and exam scores as "(238)"."""
    data = load_inputs(profile).profile.model_dump()
    values = [data["name"]]
    for path in private_paths():
        for value in _lookup(data, path.split(".")):
            if isinstance(value, str) and len(value) > 3 and not re.fullmatch(r"[a-z0-9_]+", value):  # not a choice
                values.append(value)
            elif path.endswith(".score") and isinstance(value, int):
                values.append(f"({value})")
    return values


def _lookup(data: object, path: list[str]) -> list[object]:
    if not path:
        return [data]
    if isinstance(data, list):
        return [v for entry in data for v in _lookup(entry, path)]
    if isinstance(data, dict) and data.get(path[0]) is not None:
        return _lookup(data[path[0]], path[1:])
    return []


@pytest.mark.parametrize("profile", EXAMPLES, ids=SLUGS)
def test_public_pdf_holds_no_private_value(printed: dict[str, Printed], printed_public: dict[str, Printed],
                                           profile: Path) -> None:
    values = private_values(profile)
    assert len(values) >= 4
    private, public = printed[profile.stem], printed_public[profile.stem]
    assert private.playbook.applicant.plain_name in private.text
    assert any(v in private.text for v in values[1:])
    metadata = " ".join(str(v) for v in public.reader.metadata.values())
    for value in values:
        assert value not in public.text
        assert value not in metadata
    assert "Private" not in public.pages[0] and "Private" in private.pages[0]


@pytest.mark.parametrize("slug", SLUGS)
def test_only_the_named_fonts_are_embedded(printed: dict[str, Printed], slug: str) -> None:
    need(missing_fonts())
    fonts = set()
    for page in printed[slug].reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Serif"} <= fonts
    named = re.compile(r"(Noto|DejaVu)-(Sans|Serif|Sans-Mono)(-Bold|-Italic|-BoldItalic|-Bold-Italic)?")
    assert all(named.fullmatch(f) for f in fonts), fonts


def test_pdf_is_tagged_for_screen_readers(printed: dict[str, Printed]) -> None:
    root = printed[SLUGS[0]].reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root


def test_same_source_date_epoch_gives_identical_bytes(printed: dict[str, Printed], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = printed["omar-haddad"]
    again = _print(PROFILES / "omar-haddad.yaml", tmp_path / "again", public=False)
    assert again.path.read_bytes() == first.path.read_bytes()
    assert again.reader.metadata.creation_date.isoformat() == "2026-03-15T00:00:00+00:00"


def test_profile_text_is_escaped(tmp_path: Path, write_profile) -> None:
    name = '<b>Ana</b> & "Bo" *Lee*'
    profile = write_profile(MINIMAL.replace("Test Person", f"'{name}'"))
    doc = _print(profile, tmp_path / "out", public=False)
    assert name in doc.pages[0]
    assert f"My name is {name};" in doc.text


def chapter_text(doc: Printed, chapter: str) -> str:
    """The text of a chapter's pages (each chapter starts on a new page)."""
    starts = [page for level, _, page in doc.outline() if level == 1]
    first = doc.page_of(chapter)
    last = next((page - 1 for page in starts if page > first), len(doc.pages))
    return " ".join(body_text(doc, page) for page in range(first, last + 1))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_date_of_the_timeline_is_printed_by_month(printed: dict[str, Printed], slug: str) -> None:
    doc, playbook = printed[slug], printed[slug].playbook
    months = chapter_text(doc, "timeline").split("Month by month", 1)[1]
    days: dict[dt.date, list[timeline.Entry]] = {}
    for entry in timeline.entries(playbook):
        days.setdefault(entry.date, []).append(entry)
    headers = {date: f"{long_date(date)} · {timeline.relative((date - playbook.today).days)}" for date in days}
    for date, entries in days.items():
        assert headers[date] in months, headers[date]
        later = [months.index(h) for d, h in headers.items() if d > date]
        block = months[months.index(headers[date]):min(later, default=len(months))]
        for e in entries:
            if e.kind == "event":
                assert normalise(f"{e.text}, {pdf.times(e)}" if e.local else e.text) in block, e.key
            elif e.kind == "plan":
                assert normalise(f"Bridge year: {e.text} begins") in block, e.key
        steps = [e for e in entries if e.kind == "step"]
        if steps:
            assert f"{len(steps)} step{'s' if len(steps) > 1 else ''} due" in block, date


@pytest.mark.parametrize("slug", SLUGS)
def test_each_step_is_printed_once_with_how_its_date_is_counted(printed: dict[str, Printed], slug: str) -> None:
    doc, playbook = printed[slug], printed[slug].playbook
    notes = {e.key.removeprefix("step-"): e.note for e in timeline.entries(playbook) if e.kind == "step"}
    for item in playbook.items():
        assert doc.text.count(plain(item.text)) == 1, item.id
        if notes.get(item.id):
            assert normalise(notes[item.id]) in doc.pages[doc.page_of(f"item-{item.id}") - 1], item.id


@pytest.mark.parametrize("slug", SLUGS)
def test_page_numbers_are_only_in_the_contents_and_tables_are_short(printed: dict[str, Printed], slug: str) -> None:
    """WeasyPrint lays out each page holding a page reference three times, and a table that breaks across
    pages many times over: the print layout keeps both out of the body."""
    html = pdf.print_html(printed[slug].playbook)
    assert re.findall(r"[^\n]*target-counter[^\n]*", html) == [
        '.toc a::after { content: leader(". . ") target-counter(attr(href), page); }']
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        assert table.count("<tr") <= 16, table[:200]


def test_the_printed_chart_keeps_its_text_but_not_what_paper_cannot_show() -> None:
    playbook = make_playbook(load_inputs(PROFILES / "ravi-menon.yaml"), today=TODAY)
    svg = chart.timeline_svg(playbook)
    printed = ET.fromstring(pdf._for_print(svg))
    original = ET.fromstring(svg)
    assert [child.text for child in printed[:2]] == [child.text for child in original[:2]]  # title and description
    assert printed.get("aria-labelledby") == original.get("aria-labelledby")
    assert [e for e in printed.iter() if e.tag.endswith("title")] == [printed[0]]
    circles = [tuple(sorted(e.attrib.items())) for e in printed.iter() if e.tag.endswith("circle")]
    assert len(circles) == len(set(circles))
    assert set(circles) == {tuple(sorted(e.attrib.items())) for e in original.iter() if e.tag.endswith("circle")}


TRICKY_LINES = [
    "", "  padded  ", "Plain words, with commas; and (brackets) - dashes.", "1. a numbered line", "1) another",
    "- a list item", "+ plus", "* star", "> quoted", "# heading", "--- rule", "===", "    code", "a  b",
    "2027 is the year", "3.5 months", "PM&R", "x < y", "a_b", "*stress*", "[link](x)", "{: .class}", "| a | b |",
    "tab\there", "line\nbreak", "ends with two spaces  ", ": colon first", "Dr. Ruiz: pediatrics, US",
]


def test_lines_without_markdown_skip_the_converter_and_print_the_same() -> None:
    playbooks = [make_playbook(load_inputs(p), today=TODAY) for p in EXAMPLES[:2]]
    lines = TRICKY_LINES + [text for pb in playbooks for text in (
        *(i.text for i in pb.items()), *(s.title for s in pb.sections()), *(m.why for m in pb.modules))]
    converted = []
    for text in lines:
        html = str(pdf.md_html(text))
        expected = html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html
        assert pdf.md_inline(text) == expected, text
        converted.append(text)
    assert len(converted) > 100
