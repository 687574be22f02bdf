"""Text from a profile is shown as text: never markup, never Markdown."""

from __future__ import annotations

from playbook.conditions import escape_markdown
from tests.conftest import MINIMAL, TODAY


def test_script_tag_in_a_name_is_escaped_on_every_page(run, write_profile, tmp_path):
    profile = write_profile(MINIMAL.replace("name: Test Person", 'name: "<script>alert(1)</script> *bold* [x](y)"'))
    out = tmp_path / "site"
    assert run("build", profile, "--out", out, "--today", TODAY.isoformat()).exit_code == 0
    pages = list(out.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, page
        assert "<em>bold</em>" not in text, page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_escape_markdown_leaves_no_active_character():
    assert escape_markdown("<b>&_*[x](y)#") == r"&lt;b&gt;&amp;\_\*\[x\]\(y\)\#"
