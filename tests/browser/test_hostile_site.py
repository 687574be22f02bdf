"""A site built from hostile values in every free-text field runs no script of theirs and shows no element of theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playbook.build import BuildOptions, build
from playbook.errors import PlaybookError
from tests.browser.conftest import SUBPATH
from tests.conftest import MINIMAL, TODAY

SLUG = "hostile"


def payloads(n: int) -> str:
    """Markup, script, Markdown and template tricks, each marked with `n` so a surviving element is found."""
    return (f'<img id=pb-injected-{n} src=x onerror="window.pbInjected={n};alert({n})">'
            f'"><svg onload=alert({n})><script>alert({n})</script>'
            f"[x](javascript:alert({n})) {{{{ 7*7 }}}}{{% raw %}} *b* `c` <!-- ' ; alert({n}) //")


FIELDS = {  # key path → the limit the schema gives it (a longer payload is cut to fit)
    "name": 120, "title": 120, "medical_school": 200, "contact.email": 300, "contact.phone": 300,
    "contact.address": 300, "letters.author": 300, "languages": 300, "calendar_overrides.note": 200,
}


def _value(n: int, limit: int) -> str:
    return payloads(n)[:limit]


def hostile_profile(folder: Path) -> Path:
    values = {key: _value(n, limit) for n, (key, limit) in enumerate(FIELDS.items(), start=1)}
    text = MINIMAL.replace("name: Test Person\n", "") + "\n".join([
        f"name: {json.dumps(values['name'])}",
        f"title: {json.dumps(values['title'])}",
        f"medical_school: {json.dumps(values['medical_school'])}",
        "contact: {" + ", ".join(f"{k}: {json.dumps(values['contact.' + k])}" for k in ("email", "phone", "address"))
        + "}",
        f"letters: [{{author: {json.dumps(values['letters.author'])}, specialty: pediatrics, us_based: true}}]",
        f"languages: [{json.dumps(values['languages'])}]",
        "calendar_overrides: {soap_round_1: {time: '12:00', note: "
        + json.dumps(values["calendar_overrides.note"]) + "}}",
        "site_url: \"http://127.0.0.1/repo/hostile;a=1&b!$*+,=:@%22%3Cscript%3E/\"",
        "programs: programs.csv",
    ]) + "\n"
    sheet = "program,specialty,state,j1,img_history,resources,notes\n" + "".join(
        ",".join(json.dumps(c) for c in (payloads(100 + i)[:190], "Pediatrics", "OH", "yes", "often",
                                         payloads(200 + i)[:400], payloads(300 + i)[:1500])) + "\n"
        for i in range(3)
    )
    (folder / "programs.csv").write_text(sheet, encoding="utf-8")
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_site(served, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The hostile profile built (private: every value shown) into the served folder."""
    profile = hostile_profile(tmp_path_factory.mktemp("hostile"))
    build(BuildOptions(profile, served.root / SUBPATH / SLUG, today=TODAY, engine=served.engine))
    return served.url(SLUG)


# The Monday planner page loads its own scripts (and her rules and sheet as data) from the site's assets.
OURS = "".join(f':not([src$="assets/{name}"])' for name in ("soap-data.js", "soap-read.js", "soap-plan.js",
                                                             "soap-page.js"))


def test_no_page_runs_a_script_or_shows_an_element_from_the_profile(served, hostile_site, watched):
    page = watched.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site)
    links = sorted({h.split("#")[0] for h in page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href]", "els => els.map(e => e.href)")})
    assert len(links) >= 5 and any("soap-plan" in link for link in links)
    for link in [*links, served.url(SLUG, "no-such-page/"), served.url(SLUG, "404.html")]:
        page.goto(link)
        page.wait_for_load_state("load")
        injected = page.evaluate("""(ours) => [
            document.querySelectorAll('[id^="pb-injected"]').length,
            document.querySelectorAll('article script' + ours + ', article svg[onload], article img[onerror]').length,
            typeof window.pbInjected,
            [...document.querySelectorAll('a[href^="javascript:"]')].length,
        ]""", OURS)
        assert injected == [0, 0, "undefined", 0], link
    assert dialogs == []
    home = page.goto(hostile_site)
    assert home is not None and home.status == 200
    assert "alert(1)" in page.inner_text("article")  # shown as text, not lost


def test_a_site_address_that_would_inject_markup_never_reaches_a_page(served, watched, tmp_path):
    """Refused at the door; were it ever built, no page of it may run the address's script."""
    address = 'http://127.0.0.1/repo/"><img/id=pb-injected-99/src=x/onerror=alert(99)>/'
    profile = tmp_path / "address.yaml"
    profile.write_text(MINIMAL + f"site_url: {json.dumps(address)}\n", encoding="utf-8")
    out = served.root / SUBPATH / "hostile-address"
    try:
        build(BuildOptions(profile, out, today=TODAY, pdf=False, engine=served.engine))
    except PlaybookError as exc:
        assert "site_url: expected a web address" in exc.line()
        assert not out.exists()
        return
    page = watched.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("", "404.html"):
        page.goto(served.url("hostile-address", path))
        assert page.evaluate("() => document.querySelectorAll('[id^=\"pb-injected\"]').length") == 0
    assert dialogs == []
