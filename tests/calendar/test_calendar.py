from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import CalendarCoverageError, CalendarDataError, InvalidValueError
from govservice.calendar import (
    Coverage,
    DayEntry,
    DayKind,
    EntryKind,
    WorkCalendar,
    YearData,
    china,
)
from govservice.testing import covered_dates, work_calendars

from .reference import Reference

D = dt.date
CN = china()


# -- conventions, pinned on dates from the notices ------------------------------------------------


def test_makeup_sunday_counts_as_working_day() -> None:
    # 国办发明电〔2024〕12号: 2025-01-26 (Sunday) is worked before the Spring Festival.
    assert CN.is_working_day(D(2025, 1, 26))
    assert CN.day_kind(D(2025, 1, 26)) is DayKind.MAKEUP_WORKDAY


def test_rest_weekday_is_not_working_day() -> None:
    assert not CN.is_working_day(D(2025, 2, 4))  # Tuesday, 春节 rest (调休)
    assert CN.day_kind(D(2025, 2, 4)) is DayKind.MOVED_REST_DAY


def test_add_counts_from_the_day_after_whether_or_not_it_is_a_working_day() -> None:
    assert CN.add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)  # Fri -> the working Sunday
    assert CN.add_working_days(D(2025, 1, 25), 1) == D(2025, 1, 26)  # Sat (rest) -> same
    assert CN.add_working_days(D(2025, 1, 27), 1) == D(2025, 2, 5)  # across Jan 28 - Feb 4


def test_add_zero_is_the_day_itself_or_the_next_working_day() -> None:
    assert CN.add_working_days(D(2025, 1, 27), 0) == D(2025, 1, 27)
    assert CN.add_working_days(D(2025, 1, 28), 0) == D(2025, 2, 5)


def test_add_negative_is_strictly_before() -> None:
    assert CN.add_working_days(D(2025, 2, 5), -1) == D(2025, 1, 27)
    assert CN.add_working_days(D(2025, 2, 1), -2) == D(2025, 1, 26)


def test_between_counts_the_half_open_interval() -> None:
    assert CN.working_days_between(D(2025, 1, 27), D(2025, 2, 5)) == 1
    assert CN.working_days_between(D(2025, 2, 5), D(2025, 1, 27)) == -1
    assert CN.working_days_between(D(2025, 2, 5), D(2025, 2, 5)) == 0


def test_next_and_previous_working_day() -> None:
    assert CN.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    assert CN.previous_working_day(D(2026, 10, 8)) == D(2026, 9, 30)


def test_working_days_iterates_the_closed_range() -> None:
    days = list(CN.working_days(D(2025, 9, 26), D(2025, 10, 11)))
    assert days == [D(2025, 9, 26), D(2025, 9, 28), D(2025, 9, 29), D(2025, 9, 30),
                    D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 11)]  # fmt: skip
    assert list(CN.working_days(D(2025, 10, 2), D(2025, 10, 1))) == []


def test_day_kinds_are_told_apart() -> None:
    assert CN.day_kind(D(2025, 10, 1)) is DayKind.STATUTORY_HOLIDAY
    assert CN.day_kind(D(2025, 10, 4)) is DayKind.WEEKEND  # Saturday inside the break
    assert CN.day_kind(D(2025, 10, 7)) is DayKind.MOVED_REST_DAY
    assert CN.day_kind(D(2025, 10, 11)) is DayKind.MAKEUP_WORKDAY
    assert CN.day_kind(D(2025, 10, 13)) is DayKind.WORKDAY
    assert CN.day_kind(D(2025, 10, 18)) is DayKind.WEEKEND
    assert CN.day_kind(D(2024, 6, 10)) is DayKind.STATUTORY_HOLIDAY  # 端午, a Monday


def test_scalars_accept_datetimes_and_pendulum() -> None:
    assert CN.is_working_day(pendulum.date(2025, 1, 26))
    assert CN.add_working_days(pendulum.datetime(2025, 1, 24, 20, tz="Asia/Shanghai"), 1) == D(
        2025, 1, 26
    )
    # An aware datetime counts by its date in Asia/Shanghai: 2025-01-24T20:00Z is Jan 25 there.
    utc = dt.datetime(2025, 1, 24, 20, 0, tzinfo=dt.UTC)
    assert CN.day_kind(utc) is DayKind.WEEKEND
    assert CN.is_working_day(dt.datetime(2025, 1, 26, 9, 0))  # noqa: DTZ001 (naive: its own date)


def test_bad_day_type_is_a_typed_error() -> None:
    with pytest.raises(InvalidValueError, match="day must be a datetime.date"):
        CN.is_working_day("2025-01-01")  # type: ignore[call-overload]
    with pytest.raises(InvalidValueError, match="n must be an integer"):
        CN.add_working_days(D(2025, 1, 1), 1.5)  # type: ignore[call-overload]


# -- coverage ---------------------------------------------------------------------------------


def test_coverage_of_the_official_calendar() -> None:
    assert CN.coverage == Coverage(D(2004, 1, 1), D(2026, 12, 31))
    start, end = CN.coverage
    assert (start, end) == (D(2004, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    "call",
    [
        lambda: CN.is_working_day(D(2027, 1, 1)),
        lambda: CN.day_kind(D(2003, 12, 31)),
        lambda: CN.add_working_days(D(2027, 1, 4), -5),
        lambda: CN.working_days_between(D(2026, 12, 1), D(2027, 1, 1)),
        lambda: list(CN.working_days(D(2026, 12, 1), D(2027, 1, 1))),
        lambda: CN.add_working_days(D(2026, 12, 30), 5),
        lambda: CN.add_working_days(D(2004, 1, 5), -5),
        lambda: CN.add_working_days(D(2026, 12, 31), 1),
    ],
)
def test_any_query_leaving_coverage_raises(call: object) -> None:
    with pytest.raises(CalendarCoverageError) as info:
        call()  # type: ignore[operator]
    message = str(info.value)
    assert "2004-01-01..2026-12-31" in message
    assert "with_year" in message  # says how to load newer data


def test_coverage_error_names_the_date() -> None:
    with pytest.raises(CalendarCoverageError) as info:
        CN.add_working_days(D(2026, 12, 30), 5)
    assert info.value.value == D(2026, 12, 30)
    assert str(info.value).startswith("the 5th working day after 2026-12-30")
    assert isinstance(info.value, LookupError)


def test_errors_pickle_with_their_fields() -> None:
    with pytest.raises(CalendarCoverageError) as info:
        CN.is_working_day(D(2030, 1, 1))
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.value, again.start, again.end) == (D(2030, 1, 1), D(2004, 1, 1), D(2026, 12, 31))
    assert str(again) == str(info.value)


# -- construction and new calendars -------------------------------------------------------------


def test_calendar_is_immutable_and_compared_by_data() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CN.name = "x"  # type: ignore[misc]
    assert attrs.evolve(CN) == CN
    assert hash(attrs.evolve(CN)) == hash(CN)


def test_bad_entries_are_all_reported() -> None:
    cov = Coverage(D(2025, 1, 1), D(2025, 12, 31))
    with pytest.raises(CalendarDataError) as info:
        WorkCalendar(
            cov,
            days=[
                DayEntry(D(2025, 3, 3), "x", EntryKind.WORKDAY),  # a Monday
                DayEntry(D(2025, 5, 1), "劳动节", EntryKind.HOLIDAY),
                DayEntry(D(2025, 5, 1), "劳动节", EntryKind.WORKDAY),
                DayEntry(D(2026, 1, 1), "元旦", EntryKind.HOLIDAY),
            ],
        )
    problems = [p.problem for p in info.value.problems]
    assert len(problems) == 3
    assert "Monday" in problems[0]
    assert "listed twice" in problems[1]
    assert "outside the coverage" in problems[2]


def test_bad_weekmask_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="weekmask"):
        WorkCalendar(Coverage(D(2025, 1, 1), D(2025, 1, 31)), weekmask="11111")


def test_with_year_extends_coverage_and_refuses_gaps() -> None:
    y2027 = YearData(2027, days=[DayEntry(D(2027, 1, 1), "元旦", EntryKind.HOLIDAY)])
    cal = CN.with_year(y2027)
    assert cal.coverage.end == D(2027, 12, 31)
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    with pytest.raises(CalendarDataError, match="does not adjoin"):
        CN.with_year(YearData(2028))
    with pytest.raises(CalendarDataError, match="replace=True"):
        CN.with_year(YearData(2025))


def test_with_year_replace_applies_an_amendment() -> None:
    # Replacing 2025 with no days at all makes Oct 1 2025 an ordinary Wednesday.
    ordinary = CN.with_year(YearData(2025), replace=True)
    assert ordinary.is_working_day(D(2025, 10, 1))
    assert not ordinary.is_working_day(D(2026, 10, 1))  # other years untouched
    assert ordinary.coverage == CN.coverage


def test_with_year_applies_adjacent_days_and_refuses_conflicts() -> None:
    worked = DayEntry(D(2026, 12, 27), "元旦", EntryKind.WORKDAY)  # a Sunday
    rest = DayEntry(D(2026, 12, 31), "元旦", EntryKind.REST)
    cal = CN.with_year(YearData(2027, adjacent=[worked, rest]))
    assert cal.is_working_day(D(2026, 12, 27))
    assert not cal.is_working_day(D(2026, 12, 31))
    clash = DayEntry(D(2026, 10, 10), "国庆节", EntryKind.REST)  # 2026-10-10 is worked
    with pytest.raises(CalendarDataError, match="2026-10-10"):
        CN.with_year(YearData(2027, adjacent=[clash]))


def test_local_overlay_and_closures() -> None:
    local = CN.with_days([DayEntry(D(2025, 4, 14), "古尔邦节", EntryKind.LOCAL)], name="CN-local")
    assert local.name == "CN-local"
    assert local.day_kind(D(2025, 4, 14)) is DayKind.LOCAL_REST_DAY
    assert CN.is_working_day(D(2025, 4, 14))  # the original is unchanged
    closed = CN.with_closures(D(2025, 3, 3), D(2025, 3, 5), "搬迁")
    assert closed.add_working_days(D(2025, 2, 28), 1) == D(2025, 3, 6)
    with pytest.raises(InvalidValueError):
        CN.with_closures(D(2025, 3, 5), D(2025, 3, 3), "x")


def test_entry_and_names() -> None:
    entry = CN.entry(D(2015, 9, 3))
    assert entry is not None
    assert entry.kind is EntryKind.HOLIDAY
    assert "70" in entry.name
    assert CN.english_name("国庆节") == "National Day"
    assert CN.english_name("不存在") == "不存在"


# -- properties -----------------------------------------------------------------------------------


def capacity(cal: WorkCalendar) -> int:
    """How many working days the calendar covers."""
    start, end = cal.coverage
    return cal.working_days_between(start, end) + cal.is_working_day(start)


def headroom_counts(cal: WorkCalendar, most: int) -> st.SearchStrategy[int]:
    # covered_dates(headroom=h) needs 2h + 1 working days; callers add 1 to what they draw.
    return st.integers(min_value=1, max_value=max(1, min(most, (capacity(cal) - 1) // 2 - 1)))


@given(data=st.data())
def test_between_inverts_add(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    n = data.draw(headroom_counts(cal, 250), label="n")
    day = data.draw(covered_dates(cal, headroom=n), label="day")
    assert cal.working_days_between(day, cal.add_working_days(day, n)) == n
    # Backwards, the n working days are [result, day): the day itself is not among them.
    back = cal.add_working_days(day, -n)
    assert len(list(cal.working_days(back, day - dt.timedelta(days=1)))) == n


@given(data=st.data(), sign=st.sampled_from([-1, 0, 1]))
def test_add_matches_the_day_by_day_model(data: st.DataObject, sign: int) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    n = sign * data.draw(headroom_counts(cal, 60), label="|n|")
    day = data.draw(covered_dates(cal, headroom=abs(n) + 1), label="day")
    assert cal.add_working_days(day, n) == Reference(cal).add(day, n)


@given(data=st.data())
def test_between_and_is_working_match_the_model(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    a = data.draw(covered_dates(cal), label="a")
    b = data.draw(
        st.dates(max(cal.coverage.start, a - dt.timedelta(days=400)),
                 min(cal.coverage.end, a + dt.timedelta(days=400))),
        label="b",
    )  # fmt: skip
    ref = Reference(cal)
    assert cal.working_days_between(a, b) == ref.between(a, b)
    assert cal.is_working_day(b) == ref.working(b)
    assert cal.day_kind(b).is_working == ref.working(b)


@given(data=st.data())
def test_add_is_monotonic_and_lands_on_working_days(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    n = data.draw(headroom_counts(cal, 100), label="n") - 1 or 1
    a = data.draw(covered_dates(cal, headroom=n + 1), label="a")
    b = data.draw(covered_dates(cal, headroom=n + 1), label="b")
    a, b = min(a, b), max(a, b)
    assert cal.add_working_days(a, n) <= cal.add_working_days(b, n)
    assert cal.add_working_days(a, n) < cal.add_working_days(a, n + 1)
    assert cal.is_working_day(cal.add_working_days(a, n))
    assert cal.add_working_days(a, n) > a


@given(data=st.data())
def test_between_is_additive_and_matches_iteration(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    a, b, c = sorted(data.draw(covered_dates(cal), label=x) for x in "abc")
    assert cal.working_days_between(a, c) == cal.working_days_between(
        a, b
    ) + cal.working_days_between(b, c)
    after_a = a + dt.timedelta(days=1)
    if after_a <= c:
        assert cal.working_days_between(a, c) == len(list(cal.working_days(after_a, c)))


@given(data=st.data())
def test_queries_outside_coverage_always_raise(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    outside = data.draw(
        st.one_of(
            st.dates(max_value=cal.coverage.start - dt.timedelta(days=1)),
            st.dates(min_value=cal.coverage.end + dt.timedelta(days=1)),
        ),
        label="outside",
    )
    inside = data.draw(covered_dates(cal), label="inside")
    for call in (
        lambda: cal.is_working_day(outside),
        lambda: cal.add_working_days(outside, 1),
        lambda: cal.working_days_between(inside, outside),
        lambda: cal.day_kind(outside),
    ):
        with pytest.raises(CalendarCoverageError):
            call()


@given(data=st.data(), n=st.integers(min_value=1, max_value=10_000))
def test_add_beyond_the_last_working_day_raises(data: st.DataObject, n: int) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    day = data.draw(covered_dates(cal), label="day")
    after = cal.working_days_between(day, cal.coverage.end)
    if n > after:
        with pytest.raises(CalendarCoverageError):
            cal.add_working_days(day, n)
    else:
        assert cal.add_working_days(day, n) <= cal.coverage.end


def test_replacing_a_year_keeps_local_days_and_next_notice_days() -> None:
    local = CN.with_days([DayEntry(D(2018, 3, 5), "闭厅", EntryKind.LOCAL)])
    own = [e for e in CN.days if e.date.year == 2018 and e.notice is None]
    replaced = local.with_year(YearData(2018, days=own), replace=True)
    assert not replaced.is_working_day(D(2018, 3, 5))  # the local closure stays
    assert replaced.is_working_day(D(2018, 12, 29))  # fixed by the 2019 notice, kept
