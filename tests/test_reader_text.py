"""What a reader sees holds no template code, no "1 days" and no profile key, in every output.

The four examples are checked in their real builds (site HTML and search index, PDF text, .ics),
built once per test run; every grid profile, the guides and the public builds of the examples go
through the same renderers in memory (the site's Markdown turned into HTML as MkDocs does, the
print HTML, the .ics text), which is fast enough to run for all of them.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections import Counter
from functools import lru_cache
from pathlib import Path

import markdown
import pytest

from playbook.build import make_playbook
from playbook.facts import facts, probe_profile
from playbook.model import Playbook
from playbook.profile import Profile, load_profile, private_paths
from playbook.render import ics, pdf, site
from tests.conftest import EXAMPLES, GUIDES, TODAY
from tests.pdftext import page_texts_of
from tests.test_content import inputs_for, shared_inputs
from tests.test_content_grid import GRID, grid_profile

RAW = re.compile(r"\{\{|\{%|\{:|%\}|\}\}")
PLURAL_NOUNS = (
    "days", "weeks", "months", "years", "hours", "minutes", "interviews", "applications", "letters",
    "programs", "attempts", "failures", "offers", "rounds", "places", "positions", "rows", "steps", "items",
    "cycles", "modules", "pages", "statements", "specialties", "blocks", "events", "calls", "emails",
)
# "1 interviews", "1 US letters"; not "J-1 visas", "Step 1 attempts", "Tier 1 programs", "Month 1 starts".
ONE = re.compile(
    r"(?<![\w+\-–.:/])(?<!Step )(?<!Tier )(?<!Month )(?<!month )(?<!Round )(?<!round )1 (?:US )?("
    + "|".join(PLURAL_NOUNS) + r")\b"
)


@lru_cache(maxsize=1)
def profile_keys() -> frozenset[str]:
    """Names a reader should never meet in prose: profile keys and values, fact names, event ids."""
    keys = {part for path in private_paths() for part in path.split(".")}
    keys |= set(_field_names(Profile)) | set(facts(probe_profile())) | set(shared_inputs().calendar.event_ids)
    schema = json.dumps(Profile.model_json_schema())
    keys |= set(re.findall(r'"([a-z0-9]+_[a-z0-9_]+)"', schema))
    keys |= {"usce", "step2ck", "j1", "h1b"}
    # Words that are keys but also plain English stay out: only names a person would not write.
    return frozenset(k for k in keys if "_" in k or k in {"usce", "step2ck", "j1", "h1b"})


def _field_names(model: type) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        names.append(name)
        for arg in (field.annotation, *getattr(field.annotation, "__args__", ())):
            if isinstance(arg, type) and hasattr(arg, "model_fields"):
                names += _field_names(arg)
    return names


def key_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(" + "|".join(sorted(profile_keys(), key=len, reverse=True)) + r")(?![\w-])")


_HIDDEN = re.compile(r"<(script|style|code|pre)\b[^>]*>(.*?)</\1>", re.S | re.I)
_TIP = re.compile(r'\b(?:title|aria-label|alt)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def read_html(page: str) -> tuple[str, str]:
    """(prose, code) of an HTML page, whitespace folded: tooltips count as prose; code, scripts and styles apart."""
    code = " ".join(m.group(2) for m in _HIDDEN.finditer(page))
    shown = _HIDDEN.sub(" ", page)
    prose = " ".join(_TIP.findall(shown)) + " " + _TAG.sub(" ", shown)
    return tuple(" ".join(html.unescape(_TAG.sub(" ", part)).split()) for part in (prose, code))  # type: ignore[return-value]


def ics_text(data: bytes) -> str:
    """The text fields of a calendar file as a calendar app shows them (lines unfolded, escapes undone)."""
    lines = data.decode("utf-8").replace("\r\n ", "").splitlines()
    fields = [line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] in ICS_TEXT]
    text = " ".join(fields).replace("\\n", " ").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    return " ".join(text.split())


ICS_TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME"}


def problems(text: str, *, keys: bool = True) -> list[str]:
    """Each leftover, "1 <plural>" and profile key in `text`, with a little context."""
    found = [m for m in RAW.finditer(text)] + [m for m in ONE.finditer(text)]
    if keys:
        found += list(key_pattern().finditer(text))
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in found]


@lru_cache(maxsize=1)
def _site_markdown_reader() -> markdown.Markdown:
    """Markdown with MkDocs' extensions, made once for every profile."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in site.MARKDOWN_EXTENSIONS]
    configs = {k: v for e in site.MARKDOWN_EXTENSIONS if isinstance(e, dict) for k, v in e.items()}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def site_markdown(playbook: Playbook) -> dict[str, str]:
    """Every page of the site as the generated Markdown MkDocs is given."""
    return {page.path: text for page, text in site.render_pages(playbook, pdf="playbook.pdf")}


_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_SPAN = re.compile(r"`[^`\n]+`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")


def read_markdown(text: str) -> tuple[str, str]:
    """(prose, code) of a generated page. A block with an attribute list ({: …}) is turned into HTML
    as MkDocs would, with the paragraph or heading the list belongs to, so one that fails to parse
    shows its braces like it would on the site."""
    md = _site_markdown_reader()
    blocks = re.split(r"(\n[ \t]*\n)", text)
    for i, block in enumerate(blocks):
        if "{:" in block:
            md.reset()
            blocks[i] = md.convert(textwrap.dedent(block))
    text = "".join(blocks)
    code = " ".join(_FENCE.findall(text) + _SPAN.findall(text))
    prose, more_code = read_html(_ESCAPE.sub(r"\1", _SPAN.sub(" ", _FENCE.sub(" ", text))))
    return prose, f"{code} {more_code}"


def in_memory_problems(playbook: Playbook) -> dict[str, list[str]]:
    outputs = {f"site {path}": read_markdown(page) for path, page in site_markdown(playbook).items()}
    outputs["print html"] = read_html(pdf.print_html(playbook))
    found = {where: problems(prose) for where, (prose, _) in outputs.items()}
    found["ics"] = problems(ics_text(ics.to_ics(playbook)))
    return {where: hits for where, hits in found.items() if hits}


# --- the checks themselves can fail ---------------------------------------------------------------


def test_the_checks_catch_each_kind_of_defect():
    assert problems("Being reachable from {{ timezone }} here")
    assert problems("Heading {: #logistics } left raw")
    assert problems("You had 1 interviews and 1 US letters")
    assert problems("change match_status to soap_unmatched")
    assert problems("due 1 days after SOAP ends")
    assert problems("Your profile: 3 months of usce")
    assert not problems("A J-1 visas list, Step 1 attempts, Tier 1 programs, Month 1 starts, 1 interview, 2 days")
    # A note's attribute list ends its paragraph and becomes a class; one that cannot be read stays visible.
    assert not problems(read_markdown("Send it to one program.\n{: .script-note }\n\nDear Dr. Lee,")[0])
    assert problems(read_markdown("## Title {: #x\n\nText")[0])
    prose, code = read_html("<p>Set <code>match_status: soap_unmatched</code> and rebuild.</p>")
    assert not problems(prose) and "match_status" in code


def test_a_planted_defect_in_a_grid_playbook_is_found():
    playbook = make_playbook(inputs_for(grid_profile("pediatrics", "j1", "applying")), today=TODAY)
    section = playbook.modules[0].sections[0]
    planted = section.__class__(**{**section.__dict__, "title": "From {{ timezone }}",
                                   "text": section.text + "\n\nYou had 1 interviews; set `x` via match_status."})
    module = playbook.modules[0].__class__(**{**playbook.modules[0].__dict__,
                                              "sections": (planted, *playbook.modules[0].sections[1:])})
    broken = playbook.__class__(**{**playbook.__dict__, "modules": (module, *playbook.modules[1:])})
    found = in_memory_problems(broken)
    assert any("{{ timezone }}" in hit for hits in found.values() for hit in hits)
    assert any("1 interviews" in hit for hits in found.values() for hit in hits)
    assert any("match_status" in hit for hits in found.values() for hit in hits)
    assert "ics" not in found or all("{{" not in h for h in found["ics"])


# --- every grid profile, the guides and the public examples, in memory ---------------------------


@pytest.mark.parametrize("key", GRID, ids="-".join)
def test_grid_outputs_read_cleanly(key):
    playbook = make_playbook(inputs_for(grid_profile(*key)), today=TODAY)
    assert in_memory_problems(playbook) == {}


@pytest.mark.parametrize("path", [*GUIDES, *EXAMPLES], ids=lambda p: p.stem)
def test_public_builds_read_cleanly(path: Path):
    playbook = make_playbook(inputs_for(load_profile(path)), today=TODAY, public=True)
    assert in_memory_problems(playbook) == {}


# --- the examples, as built ----------------------------------------------------------------------


def test_example_sites_read_cleanly(sites):
    found = {}
    for stem, root in sites.items():
        for page in sorted(root.rglob("*.html")):
            prose, _ = read_html(page.read_text(encoding="utf-8"))
            if hits := problems(prose):
                found[f"{stem}/{page.relative_to(root)}"] = hits
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        for doc in index["docs"]:
            if hits := problems(doc["title"] + " " + doc["text"], keys=False):
                found[f"{stem} search {doc['location']}"] = hits
        if hits := problems(ics_text((root / "playbook.ics").read_bytes())):
            found[f"{stem}/playbook.ics"] = hits
    assert found == {}


def test_example_pdfs_read_cleanly(sites):
    """PDF text cannot tell code from prose, so a key may appear only as often as the print HTML has it in code."""
    found = {}
    for stem, root in sites.items():
        text = " ".join(" ".join(page_texts_of(root / "playbook.pdf")).split())
        if hits := problems(text, keys=False):
            found[stem] = hits
        playbook = make_playbook(inputs_for(next(p for p in EXAMPLES if p.stem == stem)), today=TODAY)
        _, code = read_html(pdf.print_html(playbook))
        allowed = Counter(m.group(1) for m in key_pattern().finditer(code))
        seen = Counter(m.group(1) for m in key_pattern().finditer(text))
        if extra := {k: n for k, n in seen.items() if n > allowed[k]}:
            found[f"{stem} keys"] = extra
    assert found == {}
