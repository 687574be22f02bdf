"""Content is written in our own words: no run of 12 words from a reference article, and every source exists."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_content import shared_inputs

# The articles live beside the repository (../shared/reference); PLAYBOOK_REFERENCE points elsewhere.
REFERENCE = Path(os.environ.get("PLAYBOOK_REFERENCE", ROOT.parent / "shared" / "reference"))
CONTENT = ROOT / "content"
RUN = 12
_WORD = re.compile(r"[a-z0-9]+")
_BLANK = re.compile(r"""\{\{\s*blank\(\s*["']([^"']*)["']\s*\)\s*\}\}""")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


@pytest.fixture(scope="module")
def reference_files() -> list[Path]:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference articles not found at {REFERENCE} (CI checks them out beside the repository)")
    return sorted(p for p in REFERENCE.iterdir() if p.is_file())


def words(text: str) -> list[str]:
    """Lower-case words; apostrophes and punctuation split words the same way in both texts."""
    return _WORD.findall(text.lower().replace("’", "'").replace("'", ""))


def plain(source: str) -> str:
    """Content as a reader sees it: a blank becomes its label, other template code disappears."""
    return _TAG.sub(" ", _BLANK.sub(r" \1 ", source))


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def copied_runs(text: str, reference: set[tuple[str, ...]]) -> list[str]:
    return sorted(" ".join(r) for r in runs(text) & reference)


@pytest.fixture(scope="module")
def reference_runs(reference_files: list[Path]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for path in reference_files:
        found |= runs(path.read_text(encoding="utf-8"))
    return found


def content_files() -> list[Path]:
    return sorted(p for p in CONTENT.rglob("*") if p.suffix in (".md", ".yaml", ".yml"))


def test_the_check_catches_a_copied_sentence(reference_files, reference_runs):
    article = reference_files[0].read_text(encoding="utf-8")
    sentence = " ".join(article.split()[200:216])
    assert copied_runs(f"Intro words. {sentence} More words.", reference_runs)
    assert copied_runs(plain('{{ blank("x") }} ' + sentence), reference_runs)


def test_no_run_of_twelve_words_from_a_reference_article(reference_runs):
    files = content_files()
    assert len(files) > 20
    copied = {str(p.relative_to(ROOT)): copied_runs(plain(p.read_text("utf-8")), reference_runs) for p in files}
    copied = {path: hits for path, hits in copied.items() if hits}
    assert copied == {}


def test_every_source_names_a_reference_file(reference_files):
    names = {p.name for p in reference_files}
    sources = _sources(shared_inputs().modules)
    assert sources, "content names no sources"
    unknown = sorted({name for where, value in sources for name in value.split(", ") if name not in names})
    assert unknown == []


def test_every_item_names_its_source():
    modules = shared_inputs().modules
    missing = [
        item.id
        for m in modules
        for s in m.spec.sections
        for c in s.checklists
        for item in c.items
        if not item.source
    ]
    assert missing == []


def _sources(modules) -> list[tuple[str, str]]:
    found = []
    for m in modules:
        for s in m.spec.sections:
            found += [(i.id, i.source) for c in s.checklists for i in c.items if i.source]
            found += [(x.id, x.source) for x in [*s.scripts, *s.plan, *s.assessments] if x.source]
    return found

