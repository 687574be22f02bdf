"""playbook.ics: parses back with icalendar and with vobject to the same events, times and UIDs, build
after build; short titles, real ends, reminders, links to the site and refresh hints."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

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
        assert str(parsed["SUMMARY"]) == ics._summary(event.title)
        if event.et is None:
            assert start == event.date and not isinstance(start, dt.datetime), "all-day events are dates"
            assert parsed.decoded("DTEND") == event.date + dt.timedelta(days=1)
        else:
            moment = parsed.decoded("DTEND") if ics.is_deadline(event) else start
            assert moment == event.et and moment.utcoffset() == event.et.utcoffset()
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


def test_bridge_year_blocks_span_their_months():
    omar = _playbook("omar-haddad.yaml")
    events = _events(ics.to_ics(omar))
    assert omar.plan()
    for block in omar.plan():
        parsed = events[f"plan-{block.id}-2027@{omar.applicant.slug}.playbook"]
        assert parsed.decoded("DTSTART") == block.start
        assert parsed.decoded("DTEND") == block.end + dt.timedelta(days=1), "all-day DTEND is exclusive"
        assert (block.end - block.start).days > 20
        assert str(parsed["SUMMARY"]) == ics._summary(f"Bridge year: {block.title}")
        if str(parsed["SUMMARY"]).endswith("…"):
            assert str(parsed["DESCRIPTION"]).startswith(f"Bridge year: {block.title}\n\n")
    soap_2026 = events[f"event-soap_end-2026@{omar.applicant.slug}.playbook"]
    assert soap_2026.decoded("DTEND") == dt.datetime(2026, 3, 19, 21, tzinfo=NEW_YORK), "SOAP ends: its last hour"


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
    assert "DTEND;TZID=America/New_York:20270304T210000" in unfolded, "the corrected date itself is kept"
    private_build = make_playbook(load_inputs(profile), today=TODAY, public=False)
    assert "email from Dr. Helen Ruiz" in ics.to_ics(private_build).decode("utf-8").replace("\r\n ", "")


def test_the_file_is_written_where_asked(amina, tmp_path: Path):
    ics.write_calendar(amina, tmp_path / ics.ICS_NAME)
    assert (tmp_path / "playbook.ics").read_bytes() == ics.to_ics(amina)


SITE = "https://mentor.example.org/guides/amina/"


@pytest.fixture(scope="module")
def amina_ics(amina) -> bytes:
    return ics.to_ics(amina, site_url=SITE)


def _vevents(data: bytes) -> list:
    """The same file read by a second, independent parser."""
    cal = vobject.readOne(data.decode("utf-8"))
    return list(cal.vevent_list)


def test_titles_are_short_and_the_full_text_is_in_the_description(amina, amina_ics):
    long_titles = 0
    for parser_events in (_events(amina_ics).values(), _vevents(amina_ics)):
        for ev in parser_events:
            summary = str(ev["SUMMARY"]) if isinstance(ev, icalendar.Event) else ev.summary.value
            assert 0 < len(summary) <= 70, summary
    for item in (i for i in amina.items() if i.due):
        ev = _events(amina_ics)[f"step-{item.id}-2027@{amina.applicant.slug}.playbook"]
        text = plain_text(item.text)
        if len(text) > 70:
            long_titles += 1
            assert str(ev["SUMMARY"]).endswith("…")
            assert str(ev["SUMMARY"])[:-1] in text
        assert str(ev["DESCRIPTION"]).startswith(text)
    assert long_titles > 10, "the example has long steps, so cutting is tested"


def test_every_timed_event_has_an_end_after_its_start(amina_ics):
    timed = 0
    for ev in _vevents(amina_ics):
        start = ev.dtstart.value
        assert hasattr(ev, "dtend") or hasattr(ev, "duration"), ev.summary.value
        end = ev.dtend.value
        assert end > start, ev.summary.value
        if isinstance(start, dt.datetime):
            timed += 1
            assert start.tzinfo is not None and end - start <= dt.timedelta(hours=2)
    assert timed > 30


def test_deadlines_end_at_their_time_and_windows_last_while_open(amina, amina_ics):
    events = _events(amina_ics)
    slug = amina.applicant.slug
    rank = events[f"event-rank_list_deadline-2027@{slug}.playbook"]
    assert rank.decoded("DTEND") == dt.datetime(2027, 3, 3, 21, tzinfo=NEW_YORK)
    assert rank.decoded("DTEND") - rank.decoded("DTSTART") == dt.timedelta(hours=1)
    round_1 = events[f"event-soap_round_1-2027@{slug}.playbook"]
    assert round_1.decoded("DTEND") - round_1.decoded("DTSTART") == dt.timedelta(hours=2)
    for item in (i for i in amina.items() if i.due and i.due.et):
        assert events[f"step-{item.id}-2027@{slug}.playbook"].decoded("DTEND") == item.due.et, "due by its time"


def _triggers(ev) -> list[dt.timedelta]:
    return [alarm.decoded("TRIGGER") for alarm in ev.walk("VALARM")]


def test_deadlines_and_match_week_remind_a_day_and_two_hours_before(amina, amina_ics):
    events = _events(amina_ics)
    slug = amina.applicant.slug
    for key in ("event-rank_list_deadline", "event-nrmp_registration_deadline", "event-match_week_monday",
                "event-soap_round_2", "event-match_day"):
        ev = events[f"{key}-2027@{slug}.playbook"]
        moment = ev.decoded("DTEND") if "deadline" in key else ev.decoded("DTSTART")
        fire = sorted(ev.decoded("DTSTART") + t for t in _triggers(ev))
        assert fire == [moment - dt.timedelta(days=1), moment - dt.timedelta(hours=2)], key
    for item in (i for i in amina.items() if i.due):
        assert _triggers(events[f"step-{item.id}-2027@{slug}.playbook"]), "a dated step is a deadline"
    assert not _triggers(events[f"event-eras_opens-2027@{slug}.playbook"]), "an opening months ahead stays quiet"
    alarms = [a for ev in _vevents(amina_ics) for a in getattr(ev, "valarm_list", [])]
    assert len(alarms) > 100 and all(a.action.value == "DISPLAY" and a.description.value for a in alarms)


def test_every_event_links_to_its_place_on_the_site(amina, amina_ics):
    events = _events(amina_ics)
    slug = amina.applicant.slug
    urls = {ev.uid.value: ev.url.value for ev in _vevents(amina_ics)}
    assert set(urls) == set(events), "every event has a URL"
    assert all(u.startswith(SITE) for u in urls.values())
    item = next(i for i in amina.items() if i.due and i.phase == "match_week")
    assert urls[f"step-{item.id}-2027@{slug}.playbook"] == f"{SITE}match-week/#{item.id}"
    as_files = _events(ics.to_ics(amina, site_url=SITE, directory_urls=False))
    assert as_files[f"step-{item.id}-2027@{slug}.playbook"]["URL"] == f"{SITE}match-week.html#{item.id}"
    assert "URL" not in _events(ics.to_ics(amina))[f"step-{item.id}-2027@{slug}.playbook"], "no address, no link"


def test_the_calendar_asks_to_be_fetched_again(amina_ics):
    cal = icalendar.Calendar.from_ical(amina_ics)
    assert cal.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=12)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(cal["X-PUBLISHED-TTL"]) == "PT12H" or cal.decoded("X-PUBLISHED-TTL") == dt.timedelta(hours=12)
    second = vobject.readOne(amina_ics.decode("utf-8"))
    assert second.contents["refresh-interval"][0].value == "PT12H"
    assert second.contents["x-published-ttl"][0].value == "PT12H"
    assert second.contents["source"][0].value == SITE + "playbook.ics"
    assert ics.subscribe_url(SITE) == "webcal://mentor.example.org/guides/amina/playbook.ics"


def test_uids_stay_the_same_across_rebuilds_in_both_parsers(amina_ics):
    again = ics.to_ics(_playbook("amina-okafor.yaml"), site_url=SITE)
    assert again == amina_ics
    first = [ev.uid.value for ev in _vevents(amina_ics)]
    assert first == [ev.uid.value for ev in _vevents(again)] and len(set(first)) == len(first)
    assert set(first) == set(_events(amina_ics))


def test_the_timeline_offers_subscribe_beside_download_when_the_site_has_an_address(amina, tmp_path):
    from playbook.render import site

    site.write_project(amina, tmp_path / "served", site_url=SITE)
    page = (tmp_path / "served" / "docs" / "timeline.md").read_text(encoding="utf-8")
    download = "[Add every date to your calendar (playbook.ics)](playbook.ics){ .md-button .pb-ics }\n"
    assert download + "[Subscribe (updates itself)](<webcal://mentor.example.org/guides/amina/playbook.ics>)" in page
    site.write_project(amina, tmp_path / "folder")
    assert "webcal:" not in (tmp_path / "folder" / "docs" / "timeline.md").read_text(encoding="utf-8")
