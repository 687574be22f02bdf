"""Where each page of the site lives, for links written outside Markdown (raw HTML, the calendar).

A site built for a server has folder addresses (`timeline/`); one built to be opened from the file
system (the offline plugin turns `use_directory_urls` off) has file addresses (`timeline.html`).
"""

from __future__ import annotations

from ..modules import PHASES

PHASE_PAGES = {phase: phase.replace("_", "-") + ".md" for phase in PHASES}


def page_address(md_path: str, *, directory_urls: bool) -> str:
    """'timeline.md' → 'timeline/' (or 'timeline.html'); 'index.md' → '' (or 'index.html')."""
    stem = md_path.removesuffix(".md")
    if directory_urls:
        return "" if stem == "index" else stem + "/"
    return stem + ".html"


def link(from_md: str, to_md: str, anchor: str = "", *, directory_urls: bool) -> str:
    """A relative link from one page to another (both top-level pages), with an optional #anchor."""
    up = "../" if directory_urls and from_md != "index.md" else ""
    target = page_address(to_md, directory_urls=directory_urls)
    return f"{up}{target}#{anchor}" if anchor else f"{up}{target}" or "./"
