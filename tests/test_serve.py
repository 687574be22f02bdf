"""`playbook serve`: says where it serves, shows an edit quickly, shows a bad edit as a located error
page and recovers on the next good save, and serves the printable playbook."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROFILES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _until(check, limit: float = 60.0) -> float:
    """Seconds until check() holds (polled every 20 ms)."""
    started = time.perf_counter()
    while not check():
        assert time.perf_counter() - started < limit, "gave up waiting"
        time.sleep(0.02)
    return time.perf_counter() - started


@pytest.fixture
def serving(tmp_path: Path):
    profile = tmp_path / "amina.yaml"
    shutil.copy(PROFILES / "amina-okafor.yaml", profile)
    shutil.copy(PROFILES / "amina-okafor-programs.csv", tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "playbook.cli", "serve", str(profile), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        _until(lambda: "Serving" in log.read_text() or process.poll() is not None, limit=180)
        yield profile, f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_shows_edits_errors_and_the_pdf(serving):
    profile, base, log = serving
    assert f"Serving Amina Okafor's playbook on {base}" in log.read_text()
    status, home = _get(base)
    assert status == 200 and b"Amina Okafor" in home

    original = profile.read_text(encoding="utf-8")
    profile.write_text(original.replace("name: Amina Okafor", "name: Amina Okafor-Bello"), encoding="utf-8")
    seconds = _until(lambda: b"Amina Okafor-Bello" in _get(base)[1])
    print(f"\nserve: an edit of the profile showed on the page {seconds:.2f} s after the save; "
          f"terminal: {[line for line in log.read_text().splitlines() if line.startswith('Rebuilt')]}")

    lines = original.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("cycle:"))
    lines[row] = "cycle: twenty"
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _until(lambda: _get(base + "timeline.html")[0] == 500)
    status, page = _get(base + "timeline.html")
    assert f"{profile}:{row + 1}:8: ".encode() in page and b"twenty" in page and b"/livereload/" in page
    assert f"{profile}:{row + 1}:8: " in log.read_text(), "the terminal says it too"

    profile.write_text(original, encoding="utf-8")
    _until(lambda: _get(base + "timeline.html")[0] == 200)
    assert b"Amina Okafor-Bello" not in _get(base)[1]

    status, printed = _get(base + "playbook.pdf")
    assert status == 200 and printed.startswith(b"%PDF-")
