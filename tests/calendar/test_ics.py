from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice.calendar import EntryKind, china

D = dt.date
CN = china()
Y2026 = {"start": D(2026, 1, 1), "end": D(2026, 12, 31)}


def events(feed: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def test_each_feed_holds_its_days() -> None:
    statutory = events(CN.to_ics("statutory", **Y2026))
    off = events(CN.to_ics("days_off", **Y2026))
    work = events(CN.to_ics("makeup_workdays", **Y2026))
    combined = events(CN.to_ics("combined", **Y2026))
    days = [d for d in CN.days if d.date.year == 2026]
    assert len(statutory) == sum(d.kind is EntryKind.HOLIDAY for d in days) == 13
    assert len(off) == sum(d.is_off for d in days)
    assert len(work) == sum(d.kind is EntryKind.WORKDAY for d in days) == 6
    assert len(combined) == len(off) + len(work)
    assert {e.decoded("dtstart") for e in work} == {
        d.date for d in days if d.kind is EntryKind.WORKDAY
    }


def test_uids_are_stable_and_derived_from_date_and_kind() -> None:
    first = CN.to_ics("combined", **Y2026)
    again = china().to_ics("combined", **Y2026)
    assert first == again  # no wall clock anywhere: DTSTAMP is the notice's date
    uids = [str(e["uid"]) for e in events(first)]
    assert len(uids) == len(set(uids))
    assert "20260101-off@CN.govservice" in uids
    assert "20260104-workday@CN.govservice" in uids
    newer = CN.with_closures(D(2026, 3, 2), D(2026, 3, 2), "搬迁")
    changed = {str(e["uid"]) for e in events(newer.to_ics("combined", **Y2026))}
    assert changed - set(uids) == {"20260302-off@CN.govservice"}


def test_descriptions_carry_the_notice_number_and_names_follow_the_locale() -> None:
    zh = events(CN.to_ics("statutory", start=D(2026, 1, 1), end=D(2026, 1, 1)))[0]
    en = events(CN.to_ics("statutory", locale="en", start=D(2026, 1, 1), end=D(2026, 1, 1)))[0]
    assert "国办发明电〔2025〕7号" in str(zh["description"])
    assert str(zh["summary"]) == "元旦（法定节假日）"
    assert str(en["summary"]) == "New Year's Day (statutory holiday)"
    cal = icalendar.Calendar.from_ical(CN.to_ics("statutory", locale="en", **Y2026))
    assert str(cal["x-wr-calname"]) == "CN: statutory holidays"


def test_provisional_days_say_so() -> None:
    prov = CN.provisional(D(2027, 12, 31))
    feed = prov.to_ics("statutory", start=D(2027, 1, 1), end=D(2027, 1, 31))
    (event,) = events(feed)
    assert "预估" in str(event["description"])
    assert "国务院令第795号" in str(event["description"])


def test_long_chinese_lines_fold_at_75_octets_without_splitting_characters() -> None:
    feed = CN.to_ics("combined", **Y2026)
    lines = feed.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no character is cut in two
    assert any(line.startswith(b" ") for line in lines)  # some lines were folded
    assert events(feed)[0]["description"]  # and unfold again


def test_bad_arguments() -> None:
    with pytest.raises(InvalidValueError, match="feed"):
        CN.to_ics("everything")
    with pytest.raises(InvalidValueError, match="locale"):
        CN.to_ics(locale="fr")
    with pytest.raises(InvalidValueError, match="end"):
        CN.to_ics(start=D(2026, 2, 1), end=D(2026, 1, 1))
    with pytest.raises(InvalidValueError, match="start"):
        CN.to_ics(start="2026-01-01")  # type: ignore[arg-type]


@settings(max_examples=20)
@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)),
    span=st.integers(min_value=0, max_value=120),
    feed=st.sampled_from(["statutory", "days_off", "makeup_workdays", "combined"]),
)
def test_every_event_is_a_calendar_entry_of_its_range(start: dt.date, span: int, feed: str) -> None:
    end = min(start + dt.timedelta(days=span), D(2026, 12, 31))
    for event in events(CN.to_ics(feed, start=start, end=end)):
        day = event.decoded("dtstart")
        assert start <= day <= end
        assert CN.entry(day) is not None
