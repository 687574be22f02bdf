"""Bad calendar input is stopped at the door: FILE:LINE:COL, exit 2, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, ROOT


def _fails(result, out: Path, expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == expected
    assert not out.exists(), "nothing is written"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def _line_col(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


PROFILE_ERRORS = [
    pytest.param(
        MINIMAL + "calendar_overrides:\n  soap_rund_1: {date: 2027-03-17}\n",
        "11:3: calendar_overrides.soap_rund_1: unknown calendar event; did you mean 'soap_round_1'? "
        "(got 'soap_rund_1')",
        id="unknown-event",
    ),
    pytest.param(
        MINIMAL + "calendar_overrides:\n  rank_list_deadline:\n    date: 2027-02-30\n",
        "12:11: calendar_overrides.rank_list_deadline.date: input should be a valid date or datetime, "
        "day value is outside expected range (got '2027-02-30')",
        id="date-that-does-not-exist",
    ),
    pytest.param(
        MINIMAL + "calendar_overrides:\n  soap_round_1: {time: '9:00'}\n",
        "11:24: calendar_overrides.soap_round_1.time: expected a 24-hour time HH:MM, in Eastern time (ET) "
        "(got '9:00')",
        id="bad-time",
    ),
    pytest.param(
        MINIMAL + "calendar_overrides:\n  match_day:\n    date: 2072-03-19\n",
        "12:11: calendar_overrides.match_day.date: a date of the 2027 cycle falls in 2026 or 2027 "
        "(got '2072-03-19')",
        id="date-outside-the-cycle",
    ),
    pytest.param(
        MINIMAL + "calendar_overrides:\n  match_day: {note: moved}\n",
        "11:14: calendar_overrides.match_day: give a date, a time or both (got {'note': 'moved'})",
        id="empty-override",
    ),
    pytest.param(
        MINIMAL.replace("timezone: Asia/Kolkata", "timezone: Asia/Calcuta"),
        "9:11: timezone: unknown time zone; use an IANA name like Asia/Kolkata; did you mean 'Asia/Calcutta'? "
        "(got 'Asia/Calcuta')",
        id="time-zone-that-does-not-exist",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PROFILE_ERRORS)
def test_bad_profile_calendar_input(run, write_profile, tmp_path, text, expected):
    profile = write_profile(text)
    out = tmp_path / "site"
    _fails(run("build", profile, "--out", out), out, f"{profile}:{expected}")
    check = run("check", profile)
    assert (check.exit_code, check.stderr.strip()) == (2, f"{profile}:{expected}")


CONTENT_ERRORS = [
    pytest.param(
        "core/module.yaml", "due: 12 weeks before match_week_monday", "due: 12 weeks before match_week_mondey",
        "12 weeks before match_week_mondey",
        "due: unknown calendar event 'match_week_mondey'; did you mean 'match_week_monday'? "
        "(got '12 weeks before match_week_mondey')",
        id="unknown-event-in-a-due-rule",
    ),
    pytest.param(
        "calendar/events.yaml", "date: 2024-02-28", "date: 2024-02-30", "2024-02-30",
        "years.2024.rank_list_deadline.date: input should be a valid date or datetime, day value is outside "
        "expected range (got '2024-02-30')",
        id="published-date-that-does-not-exist",
    ),
    pytest.param(
        "calendar/events.yaml", "    eras_season_closes:\n      date: 2026", "    eras_season_close:\n      date: 2026",
        "eras_season_close:",
        "years.2026.eras_season_close: unknown calendar event; did you mean 'eras_season_closes'? "
        "(got 'eras_season_close')",
        id="published-date-for-an-unknown-event",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "needle", "expected"), CONTENT_ERRORS)
def test_bad_content_calendar_input(run, write_profile, content, tmp_path, name, old, new, needle, expected):
    file = content / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    line, col = _line_col(file, needle)
    out = tmp_path / "site"
    result = run("build", write_profile(MINIMAL), "--out", out, "--content", content)
    _fails(result, out, f"{file}:{line}:{col}: {expected}")


def test_a_failed_build_leaves_the_last_good_site(run, write_profile, tmp_path):
    out = tmp_path / "site"
    assert run("build", write_profile(MINIMAL), "--out", out, "--today", "2027-02-01").exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    bad = write_profile(MINIMAL + "calendar_overrides:\n  match_day: {date: 2027-13-01}\n", "bad.yaml")
    assert run("build", bad, "--out", out, "--today", "2027-02-01").exit_code == 2
    after = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    assert Path("playbook.ics") in after
