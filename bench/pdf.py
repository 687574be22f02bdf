"""How much the printed playbook costs against WeasyPrint on plain prose of the same page count.

Three commands, each a fresh process (interpreter start and imports included), in alternating rounds:
  playbook:    python -m playbook.cli build PROFILE --pdf-only --pdf OUT.pdf
  plain prose: python -m weasyprint --pdf-variant pdf/ua-1 PROSE.html OUT.pdf
               paragraphs and headings made from the playbook's own text, with the print page size,
               margins, fonts and page footer, as many as fill exactly as many pages as the playbook
  same HTML:   python -m weasyprint --pdf-variant pdf/ua-1 PRINT.html OUT.pdf  (the HTML our build renders)
Printed: the medians, playbook / plain prose (what the layout costs; target at most 1.5x) and
playbook / same HTML (our own work around WeasyPrint: loading, assembling, templates).

Usage: .venv/bin/python bench/pdf.py [PROFILE] [--rounds N]
"""

from __future__ import annotations

import html
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import ROOT, TODAY, alternate, profile_arguments, summarize, timed  # noqa: E402

sys.path.insert(0, str(ROOT))
from playbook.build import load_inputs, make_playbook  # noqa: E402
from playbook.model import Playbook  # noqa: E402
from playbook.render import pdf  # noqa: E402
from playbook.render.text import plain_text  # noqa: E402

PROSE_CSS = """
@page { size: letter; margin: 20mm 18mm;
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt "Noto Sans"; } }
html { font-family: "Noto Sans", "DejaVu Sans"; font-size: 10pt; line-height: 1.4; color: #111; }
h2 { font-size: 13pt; margin: 7mm 0 2.5mm; color: #1b2a5e; break-after: avoid; }
p { margin: 0 0 2.5mm; }
"""


def paragraphs(playbook: Playbook) -> list[str]:
    """The playbook's own reading text, cut into paragraphs of 80 words."""
    words = " ".join(plain_text(s.text) for s in playbook.sections()).split()
    return [" ".join(words[i:i + 80]) for i in range(0, len(words) - 80, 80)]


def prose_html(texts: list[str], count: int) -> str:
    heading = "<h2>Part {}</h2>\n"
    body = "\n".join((heading.format(n // 6 + 1) if n % 6 == 0 else "") + f"<p>{html.escape(texts[n % len(texts)])}</p>"
                     for n in range(count))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Plain prose</title>'
            f"<style>{PROSE_CSS}</style></head><body>\n{body}\n</body></html>")


def prose_of(pages: int, texts: list[str]) -> str:
    """Plain prose that fills exactly `pages` pages (the page count grows with the paragraph count)."""
    from weasyprint import HTML

    def pages_of(count: int) -> int:
        return len(HTML(string=prose_html(texts, count)).render().pages)

    low, high = 1, pages * 12  # fewer paragraphs than `pages` pages hold, and more
    count = pages * 6
    while low < high:
        got = pages_of(count)
        if got == pages:
            return prose_html(texts, count)
        low, high = (count + 1, high) if got < pages else (low, count - 1)
        count = min(max(round(count * pages / got), low), high)
    return prose_html(texts, low)


def main() -> None:
    args = profile_arguments(__doc__, rounds=5)
    playbook = make_playbook(load_inputs(args.profile), today=TODAY)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        ours = [sys.executable, "-m", "playbook.cli", "build", str(args.profile), "--today", TODAY.isoformat(),
                "--pdf-only", "--pdf", f"{tmp}/ours.pdf"]
        timed(ours)
        from pypdf import PdfReader

        pages = len(PdfReader(f"{tmp}/ours.pdf").pages)
        (Path(tmp) / "prose.html").write_text(prose_of(pages, paragraphs(playbook)), encoding="utf-8")
        (Path(tmp) / "print.html").write_text(pdf.print_html(playbook), encoding="utf-8")

        def weasyprint(name: str) -> list[str]:
            return [sys.executable, "-m", "weasyprint", "--pdf-variant", pdf.PDF_VARIANT, f"{tmp}/{name}.html",
                    f"{tmp}/{name}.pdf"]

        commands = {"ours": lambda: timed(ours), "prose": lambda: timed(weasyprint("prose")),
                    "same": lambda: timed(weasyprint("print"))}
        times = alternate(commands, args.rounds)
        prose_pages = len(PdfReader(f"{tmp}/prose.pdf").pages)
    labels = {"ours": "playbook build --pdf-only", "prose": "WeasyPrint, plain prose",
              "same": "WeasyPrint, the same print HTML"}
    summarize(f"profile: {args.profile.name}, {pages} pages (plain prose: {prose_pages} pages), "
              f"{args.rounds} alternating rounds, medians", times, labels,
              [("ours", "prose", "playbook / plain prose of the same page count", 1.5),
               ("ours", "same", "playbook / WeasyPrint on the same HTML (our own work)", 1.2)])


if __name__ == "__main__":
    main()
