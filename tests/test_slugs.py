"""Slugs for names in every script, decided by `slug:` or `title:` when the profile gives one."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.assemble import slugify
from tests.conftest import MINIMAL, TODAY


@pytest.mark.parametrize(("name", "slug"), [
    ("Amina Okafor", "amina-okafor"),
    ("Lucía Ferreira", "lucia-ferreira"),
    ("王小明", "wang-xiao-ming"),
    ("Дмитрий Иванов", "dmitriy-ivanov"),
    ("محمد عبد الله", "mhmd-bd-llh"),
    ("Ελένη Παπαδοπούλου", "eleni-papadopoyloy"),
    ("김민준", "gim-min-jun"),
    ("🙂", "playbook"),
])
def test_names_in_any_script_become_readable_slugs(name, slug):
    assert slugify(name) == slug


def test_slugs_are_short_and_safe():
    slug = slugify("Ана " * 40)
    assert len(slug) <= 60 and not slug.endswith("-")
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def _profile(folder: Path, stem: str, head: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}.yaml"
    path.write_text(MINIMAL.replace("name: Test Person\n", head), encoding="utf-8")
    return path


def test_two_names_in_other_scripts_build_side_by_side(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "name: 王小明\n")
    _profile(folder, "b", "name: Дмитрий Иванов\n")
    out = tmp_path / "public"
    result = run("batch", folder, "--out", out, "--jobs", "1", "--no-pdf", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["dmitriy-ivanov", "wang-xiao-ming"]


def test_a_title_decides_the_slug_of_a_private_build(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "name: Test Person\ntitle: Peds J-1 plan\n")
    out = tmp_path / "public"
    result = run("batch", folder, "--out", out, "--jobs", "1", "--no-pdf", "--private", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    assert (out / "peds-j-1-plan" / "index.html").exists()


def test_a_slug_key_decides_the_slug_in_every_build(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "name: 王小明\ntitle: A title\nslug: xiaoming\n")
    for flag in ("--private", "--public"):
        out = tmp_path / f"out{flag}"
        result = run("batch", folder, "--out", out, "--jobs", "1", "--no-pdf", flag, "--include-private", "--today",
                     TODAY.isoformat())
        assert result.exit_code == 0, result.stderr
        assert (out / "xiaoming" / "index.html").exists()


@pytest.mark.parametrize("slug", ["Xiao Ming", "-x", "x" * 61, "../up", ""])
def test_a_slug_that_is_not_a_safe_folder_name_is_a_located_error(run, tmp_path, slug):
    path = _profile(tmp_path, "a", f"name: Test Person\nslug: '{slug}'\n")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:2:7: slug: ")


def test_two_profiles_with_one_title_slug_point_at_their_titles(run, tmp_path):
    folder = tmp_path / "profiles"
    first = _profile(folder, "first", "name: 王小明\ntitle: Same plan\n")
    second = _profile(folder, "second", "name: Дмитрий Иванов\ntitle: Same  plan\n")
    result = run("batch", folder, "--out", tmp_path / "public", "--jobs", "1", "--no-pdf")
    assert result.exit_code == 1
    message = "slug 'same-plan' is also the slug of {}; give one of them another slug, name or title"
    assert result.stderr.splitlines()[:2] == [
        f"{first}:2:1: " + message.format(second),
        f"{second}:2:1: " + message.format(first),
    ]
