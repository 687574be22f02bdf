"""`playbook init`: a repository that GitHub Pages can publish as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

from playbook.errors import shown

SPEC = "playbook @ git+https://github.com/example/playbook@v0.1.0"
FILES = ["profiles/guide.yaml", "mkdocs.yml", "docs/.gitkeep", ".gitignore", "README.md", "requirements.txt",
         ".github/workflows/pages.yml"]


def test_init_writes_a_ready_repository(run, tmp_path):
    repo = tmp_path / "guides"
    result = run("init", repo, "--install", SPEC)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:-1] == [f"wrote {repo / name}" for name in FILES]
    assert (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == SPEC


def test_the_workflow_deploys_with_the_official_pages_actions(run, tmp_path):
    run("init", tmp_path / "r", "--install", SPEC)
    workflow = YAML(typ="safe", pure=True).load((tmp_path / "r/.github/workflows/pages.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    used = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert used == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact", "actions/deploy-pages"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == "python -m pip install -r requirements.txt"
    assert runs[1].startswith("playbook batch profiles --out public --public --site-url ")
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_the_workflow_command_builds_the_scaffold(run, tmp_path, monkeypatch):
    run("init", tmp_path / "r", "--install", SPEC)
    monkeypatch.chdir(tmp_path / "r")
    result = run("batch", "profiles", "--out", "public", "--public", "--site-url", "https://me.github.io/r/")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "r/public/non-us-img-pediatrics-needs-j-1/index.html").exists()


def test_mkdocs_builds_the_scaffold_through_the_plugin(run, tmp_path):
    run("init", tmp_path / "r", "--install", SPEC)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path / "r", env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Non-US IMG, pediatrics, needs J-1" in (tmp_path / "r/site/index.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_with_files(run, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", tmp_path, "--install", SPEC)
    assert result.exit_code == 2
    got = shown(str(tmp_path))
    assert result.stderr == f"{tmp_path}:1:1: folder exists and is not empty; choose a new one (got {got})\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


class _Installed:
    def __init__(self, recorded: str):
        self.recorded = recorded

    def read_text(self, name: str) -> str:
        return self.recorded


def test_the_install_line_comes_from_where_pip_installed_playbook(monkeypatch):
    from playbook import scaffold

    vcs = '{"url": "https://github.com/you/playbook", "vcs_info": {"vcs": "git", "commit_id": "0a1b2c"}}'
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Installed(vcs))
    assert scaffold.install_spec() == "playbook @ git+https://github.com/you/playbook@0a1b2c"
    local = '{"url": "file:///nowhere/playbook", "dir_info": {"editable": true}}'
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Installed(local))
    spec, how = scaffold.choose_install()
    assert spec == "playbook @ git+https://github.com/you/playbook"
    assert how.startswith("a placeholder: this playbook was installed from /nowhere/playbook, which GitHub cannot")


def test_init_without_install_says_what_it_chose(run, tmp_path):
    result = run("init", tmp_path / "r")
    assert result.exit_code == 0, result.output
    chosen = result.stdout.splitlines()[0].removeprefix("requirements.txt installs playbook with: ")
    assert chosen.startswith("playbook @ ") and "(" in result.stdout.splitlines()[1]
    assert chosen in (tmp_path / "r" / "requirements.txt").read_text(encoding="utf-8")


def _workflow(tmp_path) -> dict:
    text = (tmp_path / "r/.github/workflows/pages.yml").read_text("utf-8")
    return YAML(typ="safe", pure=True).load(text)


def test_init_shards_builds_in_a_matrix_merges_once_and_deploys(run, tmp_path):
    result = run("init", tmp_path / "r", "--install", SPEC, "--shards", "3")
    assert result.exit_code == 0, result.stderr
    jobs = _workflow(tmp_path)["jobs"]
    assert list(jobs) == ["build", "merge", "deploy"]
    assert jobs["build"]["strategy"]["matrix"] == {"shard": [1, 2, 3]}
    build_runs = [s["run"] for s in jobs["build"]["steps"] if "run" in s]
    assert '--shard "${{ matrix.shard }}/3"' in build_runs[1] and "--public" in build_runs[1]
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["include-hidden-files"] is True  # the part's record is a dot file
    assert jobs["merge"]["needs"] == "build"
    assert [s["run"] for s in jobs["merge"]["steps"] if "run" in s][-1] == "playbook merge parts/part-* --out public"
    used = [s["uses"].split("@")[0] for s in jobs["merge"]["steps"] + jobs["deploy"]["steps"] if "uses" in s]
    assert used[-2:] == ["actions/upload-pages-artifact", "actions/deploy-pages"]
    assert jobs["deploy"]["needs"] == "merge"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert _workflow(tmp_path)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("value", ["1", "0", "257", "two"])
def test_init_refuses_a_shard_count_github_cannot_run(run, tmp_path, value):
    result = run("init", tmp_path / "r", "--install", SPEC, "--shards", value)
    assert result.exit_code == 2
    assert "Invalid value for '--shards'" in result.stderr
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("shards", [None, 2, 16])
def test_the_workflows_are_actionlint_clean(run, tmp_path, shards):
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (https://github.com/rhysd/actionlint); the workflows were not linted")
    run("init", tmp_path / "r", "--install", SPEC, *(["--shards", str(shards)] if shards else []))
    done = subprocess.run([actionlint, "-no-color", ".github/workflows/pages.yml"], cwd=tmp_path / "r",
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
