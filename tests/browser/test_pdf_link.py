"""The home page's link to the printable playbook, followed in Chromium."""

from __future__ import annotations

from playbook.build import BuildOptions, build
from tests.conftest import EXAMPLES, TODAY


def test_home_page_links_the_printable_playbook(served, watched):
    out = served.root / "printable"
    build(BuildOptions(EXAMPLES[0], out, today=TODAY))
    page = watched.page
    page.goto(f"{served.base}/printable/")
    link = page.get_by_role("link", name="Download the printable playbook (PDF)")
    assert link.count() == 1
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    assert response.body() == (out / "playbook.pdf").read_bytes()
    assert response.body()[:5] == b"%PDF-"
    assert watched.console_errors == []
