"""The smaller commands: schema, new, and the MkDocs plugin at the repository root."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def test_schema_is_json_schema_with_private_fields_marked(run):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Profile"
    assert schema["properties"]["visa"]["enum"] == ["j1", "h1b", "j1_or_h1b", "none"]
    assert schema["properties"]["visa"]["private"] is True
    assert "private" not in schema["properties"]["cycle"]


def test_new_writes_a_starter_profile_that_validates(run, tmp_path):
    target = tmp_path / "me.yaml"
    written = run("new", target)
    assert written.exit_code == 0
    assert f"playbook check {target}\n" in written.stdout and "profile.yaml" not in written.stdout
    assert "# Check it with: playbook check me.yaml " in target.read_text(encoding="utf-8")
    checked = run("check", target)
    assert checked.exit_code == 0, "starter values are warned about, not refused"
    assert f"{target}:5:7: warning: still the starter's name (got 'Your Name')" in checked.stderr
    assert "contact.email (got 'you@example.org')" in checked.stderr
    own = target.read_text(encoding="utf-8").replace("Your Name", "Ada Obi").replace("you@example.org", "ada@obi.ng")
    target.write_text(own, encoding="utf-8")
    assert "name (got" not in run("check", target).stderr and "contact.email" not in run("check", target).stderr
    again = run("new", target)
    assert again.exit_code == 2
    assert again.stderr.strip() == f"{target}:1:1: file exists; pass --force to overwrite it"


def test_build_keeps_sources_that_mkdocs_builds_without_our_plugin(run, tmp_path):
    out = tmp_path / "site"
    result = run("build", ROOT / "profiles" / "amina-okafor.yaml", "--out", out, "--keep-sources")
    assert result.exit_code == 0, result.output
    project = tmp_path / "site-sources"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "playbook" not in config.split("plugins:")[1].split("markdown_extensions:")[0]
    rebuilt = tmp_path / "rebuilt"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(rebuilt)]
    subprocess.run(command, check=True, env=env)
    assert sorted(p.relative_to(rebuilt) for p in rebuilt.rglob("*.html")) == sorted(
        p.relative_to(out) for p in out.rglob("*.html")
    )


def test_mkdocs_build_at_the_root_builds_the_example(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "root-site"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Amina Okafor" in home
    assert (site / "before-match-week.html").is_file()
    assert not (site / "core").exists()  # content/ bodies are sources, never pages


def test_a_refused_site_url_in_the_root_mkdocs_yml_is_a_located_error(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Playbook\nsite_url: 'https://example.org/a b/'\ndocs_dir: docs\n"
                      f"plugins:\n  - playbook:\n      profile: {ROOT / 'profiles' / 'amina-okafor.yaml'}\n",
                      encoding="utf-8")
    (tmp_path / "docs").mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], env=env,
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{config}:2:11: site_url: expected a web address" in result.stderr
    assert "(got 'https://example.org/a b/')" in result.stderr and "Traceback" not in result.stderr
