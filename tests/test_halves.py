"""A full build renders the PDF in a forked worker while the site builds: a failure in either half is
reported located, publishes nothing, and leaves no process or temporary file behind."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GUIDES, TODAY

from playbook import worker
from playbook.errors import Location, PlaybookError
from playbook.render import pdf, site

PROFILE = GUIDES[0]


@pytest.fixture
def previous(tmp_path):
    """An output folder holding a previous good build (marked as ours) that a failed build must not touch."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".playbook-build").write_text("built by playbook\n", encoding="utf-8")
    (out / "index.html").write_text("previous", encoding="utf-8")
    return out


@pytest.fixture(autouse=True)
def _fork_whatever_else_runs(monkeypatch):
    """A full test run leaves threads behind (served sites, previews), and a build in a process with
    threads renders both halves here; these tests are about the worker, so they fork anyway."""
    monkeypatch.setattr(worker, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods()
                        and worker.cores() > 1)


def build(run, out):
    return run("build", PROFILE, "--out", out, "--today", TODAY.isoformat())


def assert_untouched(out):
    assert sorted(p.name for p in out.iterdir()) == [".playbook-build", "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    left = [p.name for p in out.parent.iterdir() if p.name.startswith(".playbook-")]
    assert left in ([], [".playbook-lock"])
    assert multiprocessing.active_children() == []


def test_the_pdf_renders_in_another_process_and_arrives_whole(run, tmp_path, monkeypatch):
    assert worker.can_fork(), "this test needs a second core and one thread"
    here, render = os.getpid(), pdf.html_to_pdf
    seen: list[int] = []

    def render_and_tell(*args, **kwargs):
        rendered = render(*args, **kwargs)
        if os.getpid() != here:
            return pdf.Rendered(rendered.data + b"%worker\n", rendered.pages, rendered.fonts)
        seen.append(os.getpid())
        return rendered

    monkeypatch.setattr(pdf, "html_to_pdf", render_and_tell)
    result = build(run, tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "out" / pdf.PDF_NAME).read_bytes()
    assert data.startswith(b"%PDF-") and data.endswith(b"%worker\n") and seen == []
    assert multiprocessing.active_children() == []


def test_an_input_error_in_the_pdf_half_is_reported_located(run, previous, monkeypatch):
    def refuse(*args, **kwargs):
        raise PlaybookError("this value cannot be printed", Location("profile.yaml", 7, 3), got="x\ny")

    monkeypatch.setattr(pdf, "html_to_pdf", refuse)
    result = build(run, previous)
    assert result.exit_code == 2
    assert result.stderr == "profile.yaml:7:3: this value cannot be printed (got 'x\\ny')\n"
    assert_untouched(previous)


def test_a_worker_killed_from_outside_is_reported_without_a_traceback(run, previous, monkeypatch):
    if not worker.can_fork():
        pytest.skip("needs a second core: the PDF would render in this process")
    here = os.getpid()

    def die(*args, **kwargs):
        assert os.getpid() != here, "the PDF is rendering in the test process"
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(pdf, "html_to_pdf", die)
    result = build(run, previous)
    assert result.exit_code == 1
    assert "the process rendering the printable playbook stopped unexpectedly (killed by SIGKILL)" in result.stderr
    assert "Traceback" not in result.stderr
    assert_untouched(previous)


def test_a_bug_in_the_worker_comes_back_with_its_traceback(run, previous, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    with pytest.raises(RuntimeError, match="(?s)failed in its worker process.*ZeroDivisionError: a bug"):
        build(run, previous)
    assert_untouched(previous)


def test_a_failing_site_half_ends_the_pdf_worker_at_once(run, previous, monkeypatch):
    def slow(*args, **kwargs):
        time.sleep(60)

    def refuse(*args, **kwargs):
        raise PlaybookError("the site cannot be built", Location("theme.yaml", 2, 1))

    monkeypatch.setattr(pdf, "html_to_pdf", slow)
    monkeypatch.setattr(site, "build_site", refuse)
    started = time.monotonic()
    result = build(run, previous)
    assert result.exit_code == 2
    assert result.stderr == "theme.yaml:2:1: the site cannot be built\n"
    assert time.monotonic() - started < 30
    assert_untouched(previous)


def test_without_a_second_core_the_halves_run_here_one_after_the_other(run, tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "cores", lambda: 1)
    calls: list[int] = []
    render = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda *a, **k: calls.append(os.getpid()) or render(*a, **k))
    result = build(run, tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert calls == [os.getpid()]
    assert (tmp_path / "out" / pdf.PDF_NAME).read_bytes().startswith(b"%PDF-")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc (Linux)")
def test_a_batch_killed_with_sigkill_leaves_no_worker_running(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for path in GUIDES:
        shutil.copy(path, folder / path.name)
    command = [sys.executable, "-m", "playbook.cli", "batch", str(folder), "--out", str(tmp_path / "out"),
               "--jobs", "2", "--today", TODAY.isoformat()]
    batch = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(_children(batch.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(batch.pid)
        assert len(workers) >= 2, "the batch started no workers"
    finally:
        batch.kill()
        batch.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)] == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


# The printer: forked before the pipeline is imported, sent the HTML once the playbook is ready.


def test_the_command_line_imports_neither_the_pipeline_nor_weasyprint_before_the_printer_starts():
    heavy = "{'playbook.build', 'playbook.profile', 'pydantic', 'weasyprint', 'mkdocs'}"
    script = f"import sys, playbook.cli; print(sorted(set(sys.modules) & {heavy}))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert loaded == "[]\n"


def test_a_pdf_only_build_prints_in_the_printer_and_a_small_pipe_only_makes_the_sending_wait(run, tmp_path,
                                                                                            monkeypatch):
    from playbook import printer

    here, render = os.getpid(), pdf.html_to_pdf
    monkeypatch.setattr(printer, "PIPE_BYTES", 4096)  # the printed HTML is some 30 times larger

    def render_and_tell(html):
        assert os.getpid() != here, "the PDF is rendering in the test process"
        assert len(html) > 10 * 4096
        return render(html)

    monkeypatch.setattr(pdf, "html_to_pdf", render_and_tell)
    result = run("build", PROFILE, "--pdf-only", "--pdf", tmp_path / "p.pdf", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF-")
    assert multiprocessing.active_children() == []


def test_a_bad_profile_ends_the_printer_before_it_is_sent_anything(run, previous, write_profile):
    started = time.monotonic()
    result = run("build", write_profile("name: [unclosed\n"), "--out", previous)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{previous.parent / 'profile.yaml'}:2:1: malformed YAML")
    assert time.monotonic() - started < 30
    assert_untouched(previous)


@pytest.mark.parametrize("how", ["crash", "killed"])
def test_a_printer_that_fails_while_getting_ready_is_reported(run, previous, monkeypatch, how):
    from playbook import printer

    def fail():
        if how == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        raise ZeroDivisionError("no fonts")

    monkeypatch.setattr(printer, "_get_ready", fail)
    if how == "crash":
        with pytest.raises(RuntimeError, match="(?s)failed in its worker process.*ZeroDivisionError: no fonts"):
            build(run, previous)
    else:
        result = build(run, previous)
        assert result.exit_code == 1
        assert "stopped unexpectedly (killed by SIGKILL)" in result.stderr
    assert_untouched(previous)
