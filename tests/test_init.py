"""`playbook init`: a repository that GitHub Pages can publish as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from playbook.workflow import SYSTEM_PACKAGES

WORKFLOW = ".github/workflows/pages.yml"

SPEC = "match-playbook @ git+https://github.com/example/playbook@v0.1.0"
FILES = ["profiles/guide.yaml", "mkdocs.yml", "docs/.gitkeep", ".gitignore", "README.md", "requirements.txt",
         ".github/workflows/pages.yml"]


def git_repository(folder: Path, branch: str = "master") -> Path:
    """A fresh repository, as `git init` makes one (no commit yet), on BRANCH."""
    subprocess.run(["git", "init", "-q", "-b", branch, str(folder)], check=True)
    return folder


def test_init_writes_a_ready_repository(run, tmp_path):
    repo = tmp_path / "guides"
    result = run("init", repo, "--install", SPEC)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3:3 + len(FILES)] == [f"wrote {repo / name}" for name in FILES]
    assert (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == SPEC
    assert lines[2] == "The workflow publishes each push to the branch main (not a git repository yet)."
    assert f"  1. Make {repo} a git repository: git init -b main {repo}" in lines


def test_init_in_a_fresh_git_repository_publishes_its_branch(run, tmp_path):
    repo = git_repository(tmp_path / "r", "master")
    result = run("init", repo, "--install", SPEC)
    assert result.exit_code == 0, result.stderr
    workflow = _workflow(tmp_path)
    assert workflow["on"]["push"]["branches"] == ["master"]
    assert "(the repository's current branch)" in result.stdout
    assert "push the branch master to GitHub" in result.stdout
    assert run("init", git_repository(tmp_path / "s"), "--install", SPEC, "--branch", "pages/live").exit_code == 0
    assert YAML(typ="safe").load((tmp_path / "s" / WORKFLOW).read_text("utf-8"))["on"]["push"]["branches"] == [
        "pages/live"]


def test_init_refuses_only_the_files_it_would_overwrite_and_names_them(run, tmp_path):
    repo = git_repository(tmp_path / "r")
    for name, text in {"README.md": "ours", "notes.txt": "mine", ".gitignore": "*.log\npublic/\n"}.items():
        (repo / name).write_text(text, encoding="utf-8")
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / WORKFLOW).write_text("on: push", encoding="utf-8")
    result = run("init", repo, "--install", SPEC)
    assert result.exit_code == 2
    assert result.stderr == (f"{repo / 'README.md'}:1:1: init writes only new files, and these exist: README.md, "
                             ".github/workflows/pages.yml; move them aside, or run init in another repository\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".github", ".gitignore", "README.md", "notes.txt"]
    (repo / "README.md").unlink()
    (repo / WORKFLOW).unlink()
    result = run("init", repo, "--install", SPEC)
    assert result.exit_code == 0, result.stderr
    assert f"added 5 lines to {repo / '.gitignore'}" in result.stdout.splitlines()
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignored[:2] == ["*.log", "public/"] and ignored.count("public/") == 1 and ".playbook-*" in ignored
    assert (repo / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_init_refuses_a_subfolder_of_a_repository_unless_told(run, tmp_path):
    repo = git_repository(tmp_path / "r", "trunk")
    result = run("init", repo / "guides", "--install", SPEC)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{repo / 'guides'}:1:1: this folder is inside the git repository {repo}, and GitHub reads workflows only "
        f"from .github/workflows at a repository's root: run init in {repo}, or pass --subfolder to keep the "
        "playbook files here and write the workflow at the root\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git"]
    result = run("init", repo / "guides", "--install", SPEC, "--subfolder")
    assert result.exit_code == 0, result.stderr
    assert not (repo / "guides/.github").exists() and (repo / "guides/profiles/guide.yaml").exists()
    workflow = _workflow(tmp_path)
    assert workflow["on"]["push"]["branches"] == ["trunk"]
    assert workflow["jobs"]["build"]["defaults"] == {"run": {"working-directory": "guides"}}
    upload = workflow["jobs"]["build"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"]["path"] == "guides/public"


@pytest.mark.parametrize("branch", ["my branch", "x*", "${{ github.token }}", "a:b"])
def test_init_refuses_a_branch_name_the_workflow_cannot_hold(run, tmp_path, branch):
    result = run("init", tmp_path / "r", "--install", SPEC, "--branch", branch)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'r'}:1:1: --branch: use letters, digits")
    assert not (tmp_path / "r").exists()


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
    assert runs[1].endswith("apt-get install -y -q --no-install-recommends " + SYSTEM_PACKAGES)
    assert runs[2].startswith("playbook batch profiles --out public --public --site-url ")
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


class _Installed:
    def __init__(self, recorded: str | None):
        self.recorded = recorded

    def read_text(self, name: str) -> str | None:
        return self.recorded


def test_the_install_line_comes_from_where_pip_installed_playbook(monkeypatch):
    from playbook import install

    def installed(recorded: str | None) -> install.Install:
        monkeypatch.setattr(install.metadata, "distribution", lambda name: _Installed(recorded))
        return install.choose_install()

    assert installed(None).spec == "match-playbook==0.1.0"  # no direct_url.json: from a package index
    vcs = '{"url": "https://github.com/you/playbook", "vcs_info": {"vcs": "git", "commit_id": "0a1b2c"}}'
    assert installed(vcs).spec == "match-playbook @ git+https://github.com/you/playbook@0a1b2c"
    local = installed('{"url": "file:///nowhere/playbook", "dir_info": {"editable": true}}')
    assert local.placeholder
    assert local.how == "this playbook was installed from /nowhere/playbook, which GitHub cannot reach"


def test_a_placeholder_is_named_in_next_and_stops_pip_at_its_line(run, tmp_path, monkeypatch):
    from playbook import install

    monkeypatch.setattr(install, "choose_install", lambda: install.Install(install.PLACEHOLDER, "nowhere"))
    result = run("init", tmp_path / "r")
    assert result.exit_code == 0, result.output
    requirements = tmp_path / "r" / "requirements.txt"
    assert f"  1. Edit line 2 of {requirements}: say where GitHub installs playbook from" in result.stdout
    assert requirements.read_text(encoding="utf-8").splitlines()[1] == install.PLACEHOLDER
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "-r", str(requirements)],
                         capture_output=True, text=True)
    assert pip.returncode != 0 and "Invalid requirement" in pip.stderr and "line 2" in pip.stderr


def test_init_without_install_says_what_it_chose(run, tmp_path):
    result = run("init", tmp_path / "r")
    assert result.exit_code == 0, result.output
    chosen = result.stdout.splitlines()[0].removeprefix("requirements.txt installs playbook with: ")
    assert "(" in result.stdout.splitlines()[1]
    assert chosen in (tmp_path / "r" / "requirements.txt").read_text(encoding="utf-8").splitlines()


def _workflow(tmp_path) -> dict:
    text = (tmp_path / "r" / WORKFLOW).read_text("utf-8")
    return YAML(typ="safe", pure=True).load(text)


def test_init_shards_builds_in_a_matrix_merges_once_and_deploys(run, tmp_path):
    result = run("init", tmp_path / "r", "--install", SPEC, "--shards", "3")
    assert result.exit_code == 0, result.stderr
    jobs = _workflow(tmp_path)["jobs"]
    assert list(jobs) == ["build", "merge", "deploy"]
    assert SYSTEM_PACKAGES in jobs["build"]["steps"][3]["run"]  # each build job prints PDFs
    assert jobs["build"]["strategy"]["matrix"] == {"shard": [1, 2, 3]}
    build_runs = [s["run"] for s in jobs["build"]["steps"] if "run" in s]
    assert '--shard "${{ matrix.shard }}/3"' in build_runs[2] and "--public" in build_runs[2]
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
@pytest.mark.parametrize("subfolder", [False, True])
def test_the_workflows_are_actionlint_clean(run, tmp_path, shards, subfolder):
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (https://github.com/rhysd/actionlint); the workflows were not linted")
    repo = git_repository(tmp_path / "r")
    folder = repo / "guides" if subfolder else repo
    run("init", folder, "--install", SPEC, *(["--shards", str(shards)] if shards else []),
        *(["--subfolder"] if subfolder else []))
    done = subprocess.run([actionlint, "-no-color", WORKFLOW], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
