"""Where each page of the site lives, for links written outside Markdown (raw HTML, the calendar).

A site built for a server has folder addresses (`timeline/`); one built to be opened from the file
system (the offline plugin turns `use_directory_urls` off) has file addresses (`timeline.html`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..modules import PHASES

PHASE_PAGES = {phase: phase.replace("_", "-") + ".md" for phase in PHASES}


def page_address(md_path: str, *, directory_urls: bool) -> str:
    """'timeline.md' → 'timeline/' (or 'timeline.html'); 'index.md' → '' (or 'index.html')."""
    stem = md_path.removesuffix(".md")
    if directory_urls:
        return "" if stem == "index" else stem + "/"
    return stem + ".html"


def link(from_md: str, to_md: str, anchor: str = "", *, directory_urls: bool, root: str | None = None) -> str:
    """A link from one page to a top-level page, with an optional #anchor.

    File addresses are relative (a page in a folder, such as modules/core.md, climbs out of it first).
    Folder addresses, on a site with an
    address, start from the site's own path (`root`, e.g. '/repo/amina/'): the two engines treat a
    relative link in raw HTML differently (Zensical reads it as relative to the Markdown file and adds
    a '../' per folder level, MkDocs leaves it as written), and both leave a path from the root alone.
    """
    target = page_address(to_md, directory_urls=directory_urls)
    depth = from_md.count("/")
    if directory_urls and root is not None:
        base = root
    else:
        base = "../" * (depth + 1 if directory_urls and from_md != "index.md" else depth)
    return f"{base}{target}#{anchor}" if anchor else f"{base}{target}" or "./"


def asset(from_md: str, path: str, *, directory_urls: bool, root: str | None = None) -> str:
    """A file of the site ('assets/x.js') as a page's raw HTML names it, from the same base as `link`."""
    if directory_urls and root is not None:
        return root + path
    return ("../" if directory_urls and from_md != "index.md" else "") + path


def site_root(site_url: str | None) -> str | None:
    """The path a site with an address is served under ('https://x.org/repo/amina' → '/repo/amina/')."""
    if not site_url:
        return None
    path = urlsplit(site_url).path.strip("/")
    return f"/{path}/" if path else "/"
