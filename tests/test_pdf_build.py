"""`playbook build` and the printable playbook: where the PDF goes, the options, refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from playbook.errors import shown
from tests.conftest import EXAMPLES, TODAY
from tests.system import missing_fonts, need

PROFILE = EXAMPLES[0]


def test_build_puts_the_pdf_in_the_site_and_links_it_from_home(run, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("build", PROFILE, "--out", out, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    pages = len(PdfReader(out / "playbook.pdf").pages)
    assert f"Printable playbook: {out / 'playbook.pdf'} ({pages} pages, US Letter)" in result.output
    assert result.stdout.splitlines()[-1] == (f"Open {out / 'index.html'} in your browser; the PDF is "
                                              f"{out / 'playbook.pdf'}, the calendar {out / 'playbook.ics'}")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="playbook.pdf"' in home
    assert "Download the printable playbook" in home


def test_no_pdf_skips_the_pdf_and_its_link(run, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("build", PROFILE, "--out", out, "--no-pdf", "--site-url", "https://me.example.org/guide/")
    assert result.exit_code == 0, result.output
    assert not (out / "playbook.pdf").exists()
    assert "playbook.pdf" not in (out / "index.html").read_text(encoding="utf-8")
    assert "Printable playbook" not in result.output
    # Its links are folders (timeline/), which a browser follows only from a server.
    assert result.stdout.splitlines()[-1] == (f"Publish {out}{os.sep} at https://me.example.org/guide/ and open it "
                                              f"there; the calendar is {out / 'playbook.ics'} (no PDF: built with "
                                              "--no-pdf)")


def test_pdf_only_replaces_just_the_pdf_in_a_built_site(run, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("build", PROFILE, "--out", out, "--no-pdf").exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run("build", PROFILE, "--out", out, "--pdf-only", "--paper", "a4")
    assert result.exit_code == 0, result.output
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert set(after) - set(before) == {out / "playbook.pdf"}
    assert all(after[p] == data for p, data in before.items())
    box = PdfReader(out / "playbook.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)
    assert ", A4) in " in result.output
    assert [p.name for p in tmp_path.glob(".*")] == [".playbook-lock"], "no temporary file is left behind"


def test_pdf_only_to_a_path_writes_that_file_alone(run, tmp_path: Path) -> None:
    target = tmp_path / "print" / "mine.pdf"
    result = run("build", PROFILE, "--out", tmp_path / "site", "--pdf-only", "--pdf", target)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["mine.pdf", "print"]
    box = PdfReader(target).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_pdf_path_refuses_to_replace_a_file_that_is_not_a_pdf(run, tmp_path: Path) -> None:
    target = tmp_path / "notes.pdf"
    target.write_text("my notes", encoding="utf-8")
    result = run("build", PROFILE, "--pdf-only", "--pdf", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{target}:1:1: refusing to replace a file that is not a PDF; choose another --pdf (got {shown(str(target))})\n"
    )
    assert target.read_text(encoding="utf-8") == "my notes"


def test_pdf_only_refuses_a_folder_playbook_did_not_build(run, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("keep", encoding="utf-8")
    result = run("build", PROFILE, "--out", out, "--pdf-only")
    assert result.exit_code == 2
    assert "refusing to replace a folder that playbook did not build" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_no_pdf_with_pdf_only_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("build", PROFILE, "--out", tmp_path / "site", "--no-pdf", "--pdf-only")
    assert result.exit_code == 2
    assert "--no-pdf cannot be combined with --pdf-only or --pdf" in result.stderr
    assert not (tmp_path / "site").exists()


def test_malformed_source_date_epoch_stops_before_writing(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("build", PROFILE, "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert result.stderr == "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 (got 'yesterday')\n"
    assert list(tmp_path.iterdir()) == []


def test_a_missing_font_family_is_reported(run, tmp_path: Path, monkeypatch) -> None:
    need(missing_fonts())  # without them the warning names the stand-ins instead (setup.sh checks that case)
    monkeypatch.setattr("playbook.render.pdf.FONT_FAMILIES", ("Gentium",))
    target = tmp_path / "mine.pdf"
    result = run("build", PROFILE, "--pdf-only", "--pdf", target)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: the Noto and DejaVu fonts are not all installed, so {target} uses ")
    assert "Noto-Sans, " in result.stderr
    assert result.stderr.endswith("; install them (Debian: apt-get install fonts-noto-core fonts-dejavu-core)\n")


def test_the_same_playbook_gives_the_same_pdf_bytes_where_fonttools_subsets_the_fonts(monkeypatch) -> None:
    """Without HarfBuzz's subsetter (a machine lacking libharfbuzz-subset0) fontTools subsets the fonts and
    would stamp each with the time of the build; two builds seconds apart must still be the same bytes."""
    import fontTools.misc.timeTools as font_times
    import weasyprint.pdf.fonts

    from playbook.render.pdf import html_to_pdf

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = "<html lang='en'><title>t</title><body><h1>Match Week</h1><p>Offers come in rounds.</p></body></html>"
    printed = []
    for now in (1_900_000_000.0, 1_900_000_123.0):
        monkeypatch.setattr(font_times.time, "time", lambda now=now: now)
        printed.append(html_to_pdf(html).data)
    assert printed[0] == printed[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ


NO_PANGO = '''\
import importlib.abc, sys
class NoPango(importlib.abc.MetaPathFinder):  # WeasyPrint's import fails as it does where Pango is missing
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "weasyprint":
            raise OSError("cannot load library 'libgobject-2.0-0': cannot open shared object file")
sys.meta_path.insert(0, NoPango())
'''


def test_without_pango_the_pdf_says_what_to_install_and_the_site_builds_without_it(tmp_path: Path) -> None:
    (tmp_path / "shim").mkdir()
    (tmp_path / "shim" / "sitecustomize.py").write_text(NO_PANGO, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "shim")}

    def build(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "playbook.cli", "build", str(PROFILE), *args], env=env,
                              capture_output=True, text=True)

    failed = build("--out", str(tmp_path / "site"))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr == ("the printable playbook needs the Pango libraries, which WeasyPrint could not load "
                             "(cannot load library 'libgobject-2.0-0': cannot open shared object file); install them "
                             "(README.md, Install), or build with --no-pdf: the site and the calendar need nothing "
                             "else\n")
    assert not (tmp_path / "site").exists()
    assert build("--out", str(tmp_path / "site"), "--no-pdf").returncode == 0
    assert (tmp_path / "site" / "playbook.ics").exists() and (tmp_path / "site" / "index.html").exists()
