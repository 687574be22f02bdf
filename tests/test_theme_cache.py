"""The theme's file list: listed once, then read from the cache folder while the installed theme is unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import material
import pytest

from playbook.cache_files import ENV_DIR
from playbook.render import theme_cache

THEME = (str(Path(material.__file__).parent / "templates"),)


class Lister:
    """A stand-in for Jinja's list_templates that counts how often the folders were walked."""

    def __init__(self, files: list[str]) -> None:
        self.files, self.calls = files, 0

    def __call__(self, extensions=None, filter_func=None) -> list[str]:
        self.calls += 1
        return [f for f in self.files if filter_func is None or filter_func(f)]


def keep_css(name: str) -> bool:
    return name.endswith(".css")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    theme_cache.forget()
    yield tmp_path / "cache"
    theme_cache.forget()


def listed(lister: Lister, dirs: tuple[str, ...] = THEME) -> list[str]:
    """The list as a new process would get it: nothing kept in memory."""
    theme_cache.forget()
    return theme_cache.theme_files(lister, dirs, filter_func=keep_css)


def test_a_new_process_reads_the_list_instead_of_walking_the_theme(cache):
    lister = Lister(["a.css", "b.js", "c.css"])
    assert listed(lister) == ["a.css", "c.css"]
    assert listed(lister) == ["a.css", "c.css"]
    assert lister.calls == 1
    [entry] = cache.glob("theme-*.json")
    assert os.stat(entry).st_mode & 0o077 == 0


def test_within_a_process_the_list_is_walked_once_and_handed_out_as_a_copy(cache):
    lister = Lister(["a.css"])
    first = theme_cache.theme_files(lister, THEME, filter_func=keep_css)
    first.append("changed.css")
    assert theme_cache.theme_files(lister, THEME, filter_func=keep_css) == ["a.css"]
    assert lister.calls == 1


def test_a_damaged_or_foreign_entry_is_walked_again_and_replaced(cache):
    listed(Lister(["a.css"]))
    [entry] = cache.glob("theme-*.json")
    header = entry.read_text(encoding="utf-8").partition("\n")[0]
    for damaged in (header + "\nnot json", header + '\n{"a": 1}', header + "\n[1, 2]",
                    json.dumps({"key": "another"}) + '\n["x.css"]'):
        entry.write_text(damaged, encoding="utf-8")
        lister = Lister(["a.css"])
        assert listed(lister) == ["a.css"]
        assert lister.calls == 1
    entry.chmod(0o666)  # writable by others: not trusted
    lister = Lister(["a.css"])
    assert listed(lister) == ["a.css"] and lister.calls == 1


def test_another_installed_version_or_a_changed_folder_lists_afresh(cache, monkeypatch, tmp_path):
    listed(Lister(["a.css"]))
    monkeypatch.setattr(material, "__version__", "0.0.0-other")
    lister = Lister(["new.css"])
    assert listed(lister) == ["new.css"] and lister.calls == 1
    monkeypatch.undo()
    monkeypatch.setenv(ENV_DIR, str(cache))
    # the folder changed (an entry added or removed): its modification time is part of the key
    stamp = theme_cache._key(THEME, None, keep_css)
    monkeypatch.setattr(theme_cache, "_stamp", lambda folder: "changed")
    assert theme_cache._key(THEME, None, keep_css) != stamp


def test_a_folder_of_ones_own_is_never_kept_on_disk(cache, tmp_path):
    own = tmp_path / "overrides"
    own.mkdir()
    lister = Lister(["a.css"])
    assert listed(lister, (str(own), *THEME)) == ["a.css"]
    assert listed(lister, (str(own), *THEME)) == ["a.css"]
    assert lister.calls == 2
    assert not list(cache.glob("theme-*.json"))


def test_no_cache_folder_means_walking_every_time(monkeypatch):
    monkeypatch.setenv(ENV_DIR, "off")
    lister = Lister(["a.css"])
    assert listed(lister) == ["a.css"] and listed(lister) == ["a.css"]
    assert lister.calls == 2
