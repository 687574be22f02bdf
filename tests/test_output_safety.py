"""The output folder under faults: folders we cannot write, killed builds, concurrent publishers."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playbook import output
from playbook.errors import PlaybookError, shown
from tests.conftest import MINIMAL, ROOT, TODAY


@pytest.fixture
def deny_writes(monkeypatch):
    """Make the system refuse writes in the given folders, as it does for an ordinary user.

    The tests run as root in CI, and root writes through any permission bit; `os.access` is what
    the build asks before it starts, so that is where the refusal is injected.
    """
    denied: list[Path] = []
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve() in denied:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    return denied


def _profile(folder: Path, name: str = "Test Person") -> Path:
    path = folder / "profile.yaml"
    path.write_text(MINIMAL.replace("Test Person", name), encoding="utf-8")
    return path


def test_an_output_parent_we_cannot_write_is_a_located_error(run, tmp_path, deny_writes):
    profile = _profile(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    deny_writes.append(locked)
    out = locked / "site"
    result = run("build", profile, "--out", out, "--no-pdf", "--today", TODAY.isoformat())
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"{out}:1:1: cannot write in {locked} (permission denied); "
                             f"choose another --out or make the folder writable (got {shown(str(out))})\n")
    assert list(locked.iterdir()) == []


def test_a_read_only_output_folder_is_refused_and_left_as_it_was(run, tmp_path, deny_writes):
    profile = _profile(tmp_path)
    out = tmp_path / "site"
    assert run("build", profile, "--out", out, "--no-pdf", "--today", TODAY.isoformat()).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    deny_writes.append(out)
    result = run("build", profile, "--out", out, "--no-pdf", "--today", TODAY.isoformat())
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"{out}:1:1: the output folder is read-only; make it writable or choose another "
                             f"--out (got {shown(str(out))})\n")
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".playbook-lock", "profile.yaml", "site"]


def test_a_write_refused_mid_build_is_a_located_error(tmp_path, monkeypatch):
    """A folder that turns read-only (or a full disk) while the site is written: no traceback, nothing left."""
    out = tmp_path / "site"

    def refuse(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(PlaybookError) as caught:
        with output.staging(out) as stage:
            refuse(stage)
    assert caught.value.line() == (f"{out}:1:1: cannot write in {tmp_path} (no space left on device); choose "
                                   f"another --out or make the folder writable (got {shown(str(out))})")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".playbook-lock"]


def test_what_a_killed_build_left_beside_the_output_is_swept_by_the_next(run, write_profile, tmp_path):
    profile = write_profile(MINIMAL)
    out = tmp_path / "site"
    stale = tmp_path / ".playbook-k1x2y3z4" / "project" / "docs"
    stale.mkdir(parents=True)
    (stale / "index.md").write_text("Test Person, +1 555 0100", encoding="utf-8")
    old = tmp_path / ".site.old-1764672000000000000"
    old.mkdir()
    (old / "index.html").write_text("Test Person", encoding="utf-8")
    keep = [tmp_path / ".other.old-1764672000000000000", tmp_path / ".bashrc.old-1", tmp_path / "notes.txt"]
    for path in keep:
        path.write_text("not ours", encoding="utf-8")
    assert run("build", profile, "--out", out, "--no-pdf", "--today", TODAY.isoformat()).exit_code == 0
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([".playbook-lock", "profile.yaml", "site", *(p.name for p in keep)])


def test_a_build_killed_mid_way_leaves_nothing_after_the_next_build(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text(MINIMAL.replace("Test Person", "Ada Killjoy"), encoding="utf-8")
    out = tmp_path / "site"
    args = [sys.executable, "-c", "from playbook.cli import main; main()", "build", str(profile), "--out", str(out),
            "--today", TODAY.isoformat()]
    victim = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".playbook-*/project/docs/index.md")):
            assert victim.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    left = [p for p in tmp_path.glob(".playbook-*") if p.is_dir()]
    assert left and "Ada Killjoy" in (left[0] / "project" / "docs" / "index.md").read_text(encoding="utf-8")
    again = subprocess.run(args[:-2] + ["--no-pdf", "--today", TODAY.isoformat()], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".playbook-lock", "profile.yaml", "site"]


def test_a_live_build_beside_ours_keeps_its_staging_folder(tmp_path):
    with output.staging(tmp_path / "public") as theirs:
        (theirs / "work").write_text("in progress", encoding="utf-8")
        with output.staging(tmp_path / "site") as ours:
            assert ours.exists()
        assert (theirs / "work").exists()
    assert not theirs.exists() and not ours.exists()


def _publish_many(out: str, tag: str, count: int, start: object, errors: multiprocessing.Queue) -> None:
    """Stage `count` finished sites, then publish them back to back, all at once with the other process."""
    target = Path(out)
    with contextlib.ExitStack() as stack:
        built = []
        for i in range(count):
            folder = stack.enter_context(output.staging(target)) / "site"
            folder.mkdir()
            (folder / output.MARKER).write_text("ours", encoding="utf-8")
            (folder / "who").write_text(f"{tag}-{i}", encoding="utf-8")
            built.append(folder)
        start.wait()  # type: ignore[attr-defined]
        for folder in built:
            try:
                output.publish(folder, target)
            except Exception as exc:  # noqa: BLE001  (every failure is what the test counts)
                errors.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_publishing_into_one_folder_never_fail(tmp_path):
    out = tmp_path / "site"
    fork = multiprocessing.get_context("fork")
    errors: multiprocessing.Queue = fork.Queue()
    start = fork.Barrier(2)
    workers = [fork.Process(target=_publish_many, args=(str(out), tag, 300, start, errors)) for tag in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
    assert (out / "who").read_text(encoding="utf-8") in ("a-299", "b-299")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".playbook-lock", "site"]


def test_a_publisher_that_cannot_get_the_lock_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "LOCK_WAIT", 0.2)
    out = tmp_path / "site"
    with open(tmp_path / output.LOCK_NAME, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PlaybookError) as caught:
            with output.staging(out):
                pass
    assert caught.value.line() == (
        f"{out}:1:1: another playbook process is writing beside this folder (it holds {tmp_path / output.LOCK_NAME}); "
        f"try again when it has finished (got {shown(str(out))})"
    )


def test_init_ignores_everything_a_build_may_leave(run, tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "r"
    assert run("init", repo, "--install", "playbook @ git+https://github.com/example/playbook@v0.1.0").exit_code == 0
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    left = [".playbook-lock", ".playbook-abcd1234/project/docs/index.md", ".public.old-1764672000000000000/x",
            ".site.old-1764672000000000000/x", "public/index.html", "site/index.html", "public-sources/mkdocs.yml"]
    for name in left:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x", encoding="utf-8")
    result = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True)
    assert [line for line in result.stdout.splitlines() if not line.endswith(tuple(
        [".gitignore", "README.md", "mkdocs.yml", "requirements.txt", ".gitkeep", "guide.yaml", "pages.yml"]))] == []


def test_keep_sources_never_replaces_a_folder_playbook_did_not_write(run, tmp_path):
    profile = _profile(tmp_path)
    theirs = tmp_path / "site-sources"
    theirs.mkdir()
    (theirs / "notes.md").write_text("mine", encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "site", "--keep-sources", "--no-pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{theirs}:1:1: refusing to replace a folder that playbook did not build")
    assert (theirs / "notes.md").read_text(encoding="utf-8") == "mine" and not (tmp_path / "site").exists()
