"""The scripts page: blanks filled once and kept like ticks, a copy button that copies the letter alone."""

from __future__ import annotations

import datetime as dt

EXAMPLE = "amina-okafor"
NOW = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
PROGRAM = "St. Mary's <Children's> Hospital"


def blanks_of(page, script: str):
    tools = page.locator(f"#{script} ~ .pb-script-tools").first
    tools.locator("summary").click()
    return tools


def test_copy_puts_the_letter_with_her_blanks_on_the_clipboard(served, clocked):
    seen = clocked(NOW, permissions=["clipboard-read", "clipboard-write"])
    page = seen.page
    page.goto(served.url(EXAMPLE, "scripts/"))
    tools = blanks_of(page, "core-letter-of-intent")
    tools.get_by_label("program name", exact=True).fill(PROGRAM)
    tools.get_by_label("AAMC ID", exact=True).fill("12345678")
    tools.get_by_role("button", name="Copy the email").click()
    page.wait_for_function("document.querySelector('#core-letter-of-intent ~ .pb-script-tools .pb-copied')"
                           ".textContent === 'Copied.'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"Subject: {PROGRAM} – my first choice\n\nDear Dr. [program director's last name],\n\n")
    assert f"I will rank {PROGRAM}\nfirst" not in copied and f"I will rank {PROGRAM} first in the Match." in copied
    assert copied.endswith("Sincerely,\nAmina Okafor, MD\nAAMC ID: 12345678\n")
    assert "Send this to one program only" not in copied  # the note to her stays on the page, outside the box
    assert page.locator("#core-letter-of-intent ~ .pb-script").first.locator("text=Send this").count() == 0
    assert seen.console_errors == [] and seen.foreign_requests == []


def test_a_blank_filled_once_fills_every_script_and_stays(served, clocked):
    page = clocked(NOW).page
    page.goto(served.url(EXAMPLE, "scripts/"))
    blanks_of(page, "core-thank-you-interview").get_by_label("program name", exact=True).fill(PROGRAM)
    page.reload()
    shown = page.locator(".pb-script .fill-in.pb-filled")
    assert shown.count() >= 5 and set(shown.all_inner_texts()) == {PROGRAM}  # shown as text, never as markup
    assert page.locator(".pb-script .fill-in:not(.pb-filled)", has_text="program name").count() == 0
    assert blanks_of(page, "core-visa-inquiry").get_by_label("program name", exact=True).input_value() == PROGRAM


def test_without_script_the_page_is_the_plain_letters(served, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url(EXAMPLE, "scripts/"))
        assert page.locator(".pb-script-tools, .pb-copy, input[data-blank]").count() == 0
        assert page.locator(".pb-script .fill-in").count() > 20
        note = page.locator("p.script-note", has_text="Send this to one program only")
        assert note.count() == 1 and note.evaluate("n => n.closest('.pb-script')") is None
    finally:
        context.close()


def test_the_offer_rules_worksheet_copies_the_list_alone_one_rule_a_line(served, clocked):
    seen = clocked(NOW, permissions=["clipboard-read", "clipboard-write"])
    page = seen.page
    page.goto(served.url(EXAMPLE, "scripts/"))
    tools = blanks_of(page, "core-offer-rules-sheet")
    tools.get_by_label("which one wins, and why", exact=True).fill("the categorical one")
    tools.get_by_role("button", name="Copy the list").click()
    page.wait_for_function("document.querySelector('#core-offer-rules-sheet ~ .pb-script-tools .pb-copied')"
                           ".textContent === 'Copied.'")
    lines = page.evaluate("navigator.clipboard.readText()").splitlines()
    assert [line[:3] for line in lines] == ["1. ", "2. ", "3. ", "4. ", "5. "]  # no notes, no blank line between
    assert lines[0].startswith("1. I accept at once: any categorical pediatrics position")
    assert lines[4] == "5. If two offers are open at the same time: the categorical one."
    assert page.locator("#core-offer-rules-sheet ~ .pb-script").first.locator("text=Write this before").count() == 0
