"""playbook.ics: parses back with icalendar to the same events, times and UIDs, build after build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from playbook.build import load_inputs, make_playbook
from playbook.model import Playbook
from playbook.render import ics
from playbook.render.text import plain_text
from tests.conftest import PROFILES

TODAY = dt.date(2027, 2, 1)
NEW_YORK = ZoneInfo("America/New_York")


def _playbook(name: str, public: bool | None = None) -> Playbook:
    return make_playbook(load_inputs(PROFILES / name), today=TODAY, public=public)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "UIDs are unique"
    return dict(zip(uids, events, strict=True))


@pytest.fixture(scope="module")
def amina() -> Playbook:
    return _playbook("amina-okafor.yaml")


def test_one_event_per_dated_thing_with_stable_uids(amina):
    events = _events(ics.to_ics(amina))
    slug = amina.applicant.slug
    expected = {f"event-{e.id}-{e.cycle}@{slug}.playbook" for e in amina.events}
    expected |= {f"step-{i.id}-2027@{slug}.playbook" for i in amina.items() if i.due}
    assert set(events) == expected
    assert len(events) == len(amina.events) + sum(1 for i in amina.items() if i.due)


def test_times_come_back_the_same(amina):
    events = _events(ics.to_ics(amina))
    for event in amina.events:
        parsed = events[f"event-{event.id}-{event.cycle}@{amina.applicant.slug}.playbook"]
        start = parsed.decoded("DTSTART")
        assert str(parsed["SUMMARY"]) == event.title
        if event.et is None:
            assert start == event.date and not isinstance(start, dt.datetime), "all-day events are dates"
            assert parsed.decoded("DTEND") == event.date + dt.timedelta(days=1)
        else:
            assert start == event.et and start.utcoffset() == event.et.utcoffset()
            assert parsed["DTSTART"].params["TZID"] == "America/New_York"
    monday = events[f"event-match_week_monday-2027@{amina.applicant.slug}.playbook"]
    assert monday.decoded("DTSTART") == dt.datetime(2027, 3, 15, 10, tzinfo=NEW_YORK)
    round_1 = events[f"event-soap_round_1-2027@{amina.applicant.slug}.playbook"]
    assert round_1.decoded("DTEND") - round_1.decoded("DTSTART") == dt.timedelta(hours=2)


def test_the_calendar_carries_its_time_zone(amina):
    cal = icalendar.Calendar.from_ical(ics.to_ics(amina))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert cal.get_missing_tzids() == set()


def test_descriptions_hold_the_checklist_text_as_plain_text(amina):
    events = _events(ics.to_ics(amina))
    for item in (i for i in amina.items() if i.due):
        description = str(events[f"step-{item.id}-2027@{amina.applicant.slug}.playbook"]["DESCRIPTION"])
        assert description.startswith(plain_text(item.text) + "\n\nDue: ")
        assert "\\" not in description, "no Markdown escapes"


def test_two_builds_give_the_same_file(amina):
    again = _playbook("amina-okafor.yaml")
    assert ics.to_ics(again) == ics.to_ics(amina)
    later = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY + dt.timedelta(days=30))
    assert set(_events(ics.to_ics(later))) == set(_events(ics.to_ics(amina))), "UIDs do not depend on the day"


def test_dtstamp_follows_source_date_epoch(amina, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    stamps = {e.decoded("DTSTAMP") for e in _events(ics.to_ics(amina)).values()}
    assert stamps == {dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC)}


def test_bridge_year_blocks_are_all_day_events():
    omar = _playbook("omar-haddad.yaml")
    events = _events(ics.to_ics(omar))
    for block in omar.plan():
        parsed = events[f"plan-{block.id}-2027@{omar.applicant.slug}.playbook"]
        assert parsed.decoded("DTSTART") == block.start
        assert str(parsed["SUMMARY"]) == f"Bridge year: {block.title}"
    soap_2026 = events[f"event-soap_end-2026@{omar.applicant.slug}.playbook"]
    assert soap_2026.decoded("DTSTART") == dt.datetime(2026, 3, 19, 21, tzinfo=NEW_YORK)


def test_a_public_calendar_holds_no_private_value(tmp_path):
    profile = tmp_path / "amina.yaml"
    shutil.copy(PROFILES / "amina-okafor-programs.csv", tmp_path)  # the profile names its program sheet
    note = "  rank_list_deadline: {date: 2027-03-04, note: 'email from Dr. Helen Ruiz'}\n"
    profile.write_text((PROFILES / "amina-okafor.yaml").read_text() + "calendar_overrides:\n" + note)
    public = make_playbook(load_inputs(profile), today=TODAY, public=True)
    text = ics.to_ics(public).decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    for private in ("Amina", "Okafor", "amina.okafor@example.org", "555 0142", "University of Lagos", "238",
                    "Helen Ruiz", "Samuel Adeyemi", "Grace Liu", "email from"):
        assert private not in unfolded, private
    assert f"@{public.applicant.slug}.playbook" in unfolded
    assert "DTSTART;TZID=America/New_York:20270304T210000" in unfolded, "the corrected date itself is kept"
    private_build = make_playbook(load_inputs(profile), today=TODAY, public=False)
    assert "email from Dr. Helen Ruiz" in ics.to_ics(private_build).decode("utf-8").replace("\r\n ", "")


def test_the_file_is_written_where_asked(amina, tmp_path: Path):
    ics.write_calendar(amina, tmp_path / ics.ICS_NAME)
    assert (tmp_path / "playbook.ics").read_bytes() == ics.to_ics(amina)
