"""The home page's link to the printable playbook, followed in Chromium for every served site."""

from __future__ import annotations


def test_home_page_links_the_printable_playbook(served, watched):
    page = watched.page
    assert len(served.slugs) >= 4
    for slug, folder in served.slugs.items():
        page.goto(served.url(slug))
        link = page.get_by_role("link", name="Download the printable playbook (PDF)")
        assert link.count() == 1, slug
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.status == 200, slug
        assert response.body() == (folder / "playbook.pdf").read_bytes(), slug
    assert watched.console_errors == []
