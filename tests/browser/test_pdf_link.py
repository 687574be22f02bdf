"""The home page's link to the printable playbook, followed in Chromium for every served site built with one."""

from __future__ import annotations

PDF_LINK = "Download the printable playbook (PDF)"


def test_home_page_links_the_printable_playbook(served, watched):
    page = watched.page
    printed = {slug: folder for slug, folder in served.slugs.items() if (folder / "playbook.pdf").exists()}
    assert len(printed) >= 4
    for slug, folder in printed.items():
        page.goto(served.url(slug))
        link = page.get_by_role("link", name=PDF_LINK)
        assert link.count() == 1, slug
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.status == 200, slug
        assert response.body() == (folder / "playbook.pdf").read_bytes(), slug
    assert watched.console_errors == []


def test_a_site_built_without_its_pdf_links_none(served, watched):
    unprinted = [slug for slug, folder in served.slugs.items() if not (folder / "playbook.pdf").exists()]
    assert any(slug.startswith("guides/") for slug in unprinted)
    for slug in unprinted:
        watched.page.goto(served.url(slug))
        assert watched.page.get_by_role("link", name=PDF_LINK).count() == 0, slug
    assert watched.console_errors == []
    assert watched.failed_responses == []
