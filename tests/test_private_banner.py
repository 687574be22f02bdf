"""The home page of a private build says which of the applicant's own data it holds, and nothing it does not."""

from __future__ import annotations

from playbook.build import load_inputs, make_playbook
from playbook.render import site
from tests.conftest import MINIMAL, ROOT, TODAY


def _home(path, tmp_path, public: bool = False) -> str:
    playbook = make_playbook(load_inputs(path), today=TODAY, public=public)
    site.write_project(playbook, tmp_path / "project")
    return (tmp_path / "project" / "docs" / "index.md").read_text(encoding="utf-8")


def test_a_profile_without_scores_visa_or_contact_data_is_not_said_to_hold_them(write_profile, tmp_path):
    text = MINIMAL.replace("citizenship: non_us", "citizenship: us_img").replace("visa: j1", "visa: none")
    home = _home(write_profile(text), tmp_path)
    assert "This site holds your name. Share it only with people you trust." in home
    assert "scores" not in home.split("## Who this playbook is for")[0]


def test_everything_a_full_profile_holds_is_named(tmp_path):
    home = _home(ROOT / "profiles" / "amina-okafor.yaml", tmp_path)
    assert ("This site holds your name, contact data, medical school, exam scores, visa details and letter "
            "writers. Share it only with people you trust.") in home


def test_a_public_build_keeps_its_own_notice(tmp_path):
    home = _home(ROOT / "profiles" / "amina-okafor.yaml", tmp_path, public=True)
    assert "This site holds" not in home and "Public build" in home
