"""The home page's link to the printable playbook, followed in Chromium."""

from __future__ import annotations

from tests.conftest import EXAMPLES


def test_home_page_links_the_printable_playbook(served, watched):
    page = watched.page
    for profile in EXAMPLES:
        page.goto(served.url(profile.stem))
        link = page.get_by_role("link", name="Download the printable playbook (PDF)")
        assert link.count() == 1
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.status == 200
        assert response.body()[:5] == b"%PDF-"
        assert response.body() == (served.slugs[profile.stem] / "playbook.pdf").read_bytes()
    assert watched.console_errors == []
