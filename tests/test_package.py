"""playbook as a user gets it: the wheel and sdist that `python -m build` makes, and the wheel installed into a
clean virtual environment outside the checkout, building a starter profile there.

The package is built once for this file, offline (`--no-isolation`: with the build tools installed here). The
virtual environment gets the wheel alone (`--no-deps`) and reaches the dependencies already installed through a
path file, so nothing is downloaded; its own site-packages come first, so `import playbook` is the wheel's.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from playbook import DISTRIBUTION, __version__

ROOT = Path(__file__).resolve().parent.parent


def _git_files(folder: str) -> list[str]:
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", folder], capture_output=True, text=True, check=False)
    return [line for line in listed.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    for module in ("build", "hatchling"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install build hatchling); the package was not built")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Path:
    """A virtual environment outside the checkout holding the wheel; returns its folder."""
    env = tmp_path_factory.mktemp("env")
    venv.EnvBuilder(with_pip=False).create(env)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(env), "platbase": str(env)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                           "--no-index", str(dists["wheel"])], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return env


def test_the_wheel_holds_every_content_and_template_file_and_the_metadata(dists):
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = set(wheel.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(wheel.read(info).decode())
    shipped = [f"playbook/_data/{name}" for name in _git_files("content") + _git_files("site_templates")]
    assert len(shipped) > 50 and [name for name in shipped if name not in names] == []
    assert "playbook/__init__.py" in names and "playbook/cli.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert (meta["Name"], meta["Version"], meta["License-Expression"]) == (DISTRIBUTION, __version__, "MIT")
    assert meta["Requires-Python"] == ">=3.11"
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier")
    assert meta.get_payload().startswith("# playbook")  # the README is the package's page


def test_the_sdist_holds_what_a_wheel_is_built_from(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    wanted = ["pyproject.toml", "README.md", "LICENSE", *_git_files("playbook"), *_git_files("content"),
              *_git_files("site_templates"), *_git_files("docs")]
    assert [name for name in wanted if name not in names] == []


def test_the_wheel_installed_outside_the_checkout_builds_a_starter_profile(installed, tmp_path):
    bin_dir = installed / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PLAYBOOK_CACHE_DIR": "off", "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}

    def playbook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bin_dir / "playbook"), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True)

    where = subprocess.run([str(bin_dir / "python"), "-c", "import playbook; print(playbook.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(installed) and not Path(where).is_relative_to(ROOT)
    assert playbook("--version").stdout == f"playbook, version {__version__}\n"
    assert playbook("new", "me.yaml").returncode == 0
    printing = _weasyprint_loads()
    built = playbook("build", "me.yaml", "--out", "my-site", *([] if printing else ["--no-pdf"]))
    assert built.returncode == 0, built.stderr
    site = tmp_path / "my-site"
    assert "Your Name" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "playbook.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert (site / "playbook.pdf").exists() == printing
    assert built.stdout.splitlines()[-1].startswith(f"Open {Path('my-site') / 'index.html'} in your browser; ")
    if not printing:
        pytest.skip("WeasyPrint cannot load Pango here: the site and calendar were built, the PDF was not")


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True
