"""The example site opens in a real browser, with the profile's text shown as text."""

from __future__ import annotations


def test_home_page_opens_without_errors(served, watched):
    page = watched.page
    page.goto(served.url("amina-okafor"))
    assert "Amina Okafor" in page.inner_text("h1")
    assert watched.console_errors == []
    assert watched.failed_responses == []
