"""The content cache: the same content as reading the files, never trusted when stale, damaged or foreign."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from playbook import content_cache
from playbook.build import load_inputs, make_playbook
from playbook.conditions import Template, environment
from playbook.errors import Location, PlaybookError
from tests.conftest import EXAMPLES, ROOT, TODAY


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(content_cache.ENV_DIR, str(folder))
    return folder


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def fresh(folder: Path) -> content_cache.Content:
    """Load as a new process would: nothing held in memory, the cache entry (if any) read."""
    content_cache._held.clear()
    return content_cache.load_content(folder)


def entry(cache: Path) -> Path:
    [path] = cache.glob("content-*.json")
    return path


def loaded_from_entry(monkeypatch: pytest.MonkeyPatch, folder: Path) -> content_cache.Content:
    """Load, failing the test if the files are read instead of the entry."""
    with monkeypatch.context() as patch:
        patch.setattr(content_cache, "_load", lambda folder: pytest.fail("read the files, not the cache"))
        return fresh(folder)


def test_cached_content_builds_the_same_playbooks(cache: Path, content: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from_files = fresh(content)
    assert entry(cache).stat().st_mode & 0o777 == 0o600
    from_cache = loaded_from_entry(monkeypatch, content)
    assert from_cache is not from_files
    for profile in EXAMPLES:
        for public in (False, True):
            expected = make_playbook(load_inputs(profile, loaded=from_files), today=TODAY, public=public)
            assert make_playbook(load_inputs(profile, loaded=from_cache), today=TODAY, public=public) == expected


def test_cached_templates_and_conditions_keep_their_positions(cache: Path, content: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from_files = fresh(content)
    from_cache = loaded_from_entry(monkeypatch, content)
    for a, b in zip(from_files.modules, from_cache.modules, strict=True):
        assert a.spec == b.spec
        assert {loc: t.where for loc, t in a.templates.items()} == {loc: t.where for loc, t in b.templates.items()}
        assert {loc: (type(c), c.where, c.source) for loc, c in a.conditions.items()} == {
            loc: (type(c), c.where, c.source) for loc, c in b.conditions.items()}
        assert a.dues == b.dues
    assert from_cache.calendar.rules == from_files.calendar.rules
    assert from_cache.calendar.years == from_files.calendar.years
    assert from_cache.strategy == from_files.strategy


def test_a_template_failing_at_render_time_reports_its_position_from_the_cache(
        cache: Path, content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = content / "core" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    line = text.splitlines().index("why: >-") + 1
    module.write_text(text.replace("why: >-\n", "why: >-\n  {{ cycle ~ (cycle | list) }}\n", 1), encoding="utf-8")
    fresh(content)
    core = next(m for m in loaded_from_entry(monkeypatch, content).modules if m.id == "core")
    with pytest.raises(PlaybookError) as failed:
        core.render(("why",), {"cycle": 2027})
    assert failed.value.line().startswith(f"{module}:{line}:")
    assert "template failed" in failed.value.line()


def test_an_edited_content_file_is_read_again(cache: Path, content: Path) -> None:
    before = fresh(content)
    calendar = content / "calendar" / "events.yaml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("MyERAS opens for the season",
                                                                     "MyERAS opens, edited"), encoding="utf-8")
    after = content_cache.load_content(content)  # held in memory, but the files changed
    assert after is not before
    assert after.calendar.rules["eras_opens"].title == "MyERAS opens, edited"
    assert fresh(content).calendar.rules["eras_opens"].title == "MyERAS opens, edited"


def test_within_a_process_the_same_content_is_handed_out_again(cache: Path, content: Path) -> None:
    first = fresh(content)
    assert content_cache.load_content(content) is first


def _rewrite(path: Path, payload: dict) -> None:
    """An entry whose header is consistent with a payload of our choosing (as a damaged or planted file could be)."""
    header, _, _ = path.read_text(encoding="utf-8").partition("\n")
    text = json.dumps(payload)
    meta = json.loads(header) | {"sha256": content_cache.hashlib.sha256(text.encode()).hexdigest()}
    path.write_text(json.dumps(meta) + "\n" + text, encoding="utf-8")


@pytest.mark.parametrize("damage", ["truncated", "not json", "bad id", "position missing", "wrong digest"])
def test_a_damaged_entry_is_ignored_and_replaced(cache: Path, content: Path, damage: str) -> None:
    expected = fresh(content)
    path = entry(cache)
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    payload = json.loads(body)
    if damage == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "not json":
        path.write_bytes(b"\x80\x04\x95 not a cache entry")
    elif damage == "bad id":
        payload["modules"][0]["spec"]["id"] = "Not An Id"
        _rewrite(path, payload)
    elif damage == "position missing":
        payload["modules"][0]["positions"].pop()
        _rewrite(path, payload)
    else:
        path.write_text(header + "\n" + body.replace("MyERAS", "YourERAS"), encoding="utf-8")
    again = fresh(content)
    assert [m.spec for m in again.modules] == [m.spec for m in expected.modules]
    assert again.calendar.rules == expected.calendar.rules
    assert entry(cache).read_text(encoding="utf-8") == text, "the entry was written again"


def test_an_entry_others_could_have_written_is_never_read(cache: Path, content: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(content)
    path = entry(cache)
    payload = json.loads(path.read_text(encoding="utf-8").partition("\n")[2])
    payload["calendar"]["spec"]["events"]["eras_opens"]["title"] = "Planted"
    _rewrite(path, payload)
    assert fresh(content).calendar.rules["eras_opens"].title == "Planted"  # a consistent entry of our own is used
    _rewrite(path, payload)
    path.chmod(0o666)
    assert fresh(content).calendar.rules["eras_opens"].title != "Planted"
    _rewrite(path, payload)
    path.chmod(0o600)
    cache.chmod(0o777)
    try:
        assert fresh(content).calendar.rules["eras_opens"].title != "Planted"
    finally:
        cache.chmod(0o700)


def test_a_symlinked_entry_is_not_followed(cache: Path, content: Path, tmp_path: Path) -> None:
    fresh(content)
    path = entry(cache)
    elsewhere = tmp_path / "elsewhere.json"
    payload = json.loads(path.read_text(encoding="utf-8").partition("\n")[2])
    payload["calendar"]["spec"]["events"]["eras_opens"]["title"] = "Planted"
    _rewrite(path, payload)
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    assert fresh(content).calendar.rules["eras_opens"].title != "Planted"


def test_the_cache_can_be_turned_off(content: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(content_cache.ENV_DIR, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    fresh(content)
    assert not (tmp_path / "xdg").exists()


def test_an_unwritable_cache_folder_does_not_stop_a_build(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(content_cache.ENV_DIR, str(blocked / "cache"))
    assert fresh(content).modules


def test_content_errors_still_point_at_the_file(cache: Path, content: Path) -> None:
    fresh(content)
    module = content / "pmr" / "module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("applies_when:", "applies_wen:", 1),
                      encoding="utf-8")
    with pytest.raises(PlaybookError) as failed:
        content_cache.load_content(content)
    assert str(module) + ":" in failed.value.line()


@pytest.mark.parametrize("source", ["Plain text.\n", "No newline", "Braces } and ] and *stars*\n\n", "", "  \n"])
def test_text_without_jinja_renders_as_itself_as_jinja_would(source: str) -> None:
    assert Template(source, Location("x")).render({}) == environment().from_string(source).render() == source


def test_every_file_of_the_entry_is_private(cache: Path, content: Path) -> None:
    fresh(content)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in cache.iterdir()] == [entry(cache).name], "no temporary file is left behind"
    assert os.access(entry(cache), os.R_OK)


def test_only_the_most_recent_entries_are_kept(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content_cache, "KEEP", 2)
    folders = []
    for n in range(3):
        folders.append(tmp_path / f"content-{n}")
        shutil.copytree(ROOT / "content", folders[-1])
        fresh(folders[-1])
        os.utime(content_cache._entry_path(folders[-1]), (n, n))  # written in this order
    assert sorted(cache.glob("content-*.json")) == sorted(content_cache._entry_path(f) for f in folders[1:])
