from __future__ import annotations

import datetime as dt
import inspect

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import CalendarCoverageError, InvalidValueError
from govservice.calendar import (
    DayEntry,
    DayKind,
    EntryKind,
    ProvisionalCalendar,
    TimeLimit,
    WorkCalendar,
    YearData,
    china,
    deadline,
    statutory_holidays,
)
from govservice.testing import covered_dates

D = dt.date
CN = china()
PROV = CN.provisional(D(2027, 12, 31))
BASES = ("statutory", "weekends", "predicted")


def test_a_provisional_calendar_is_a_work_calendar_with_plain_answers() -> None:
    assert isinstance(PROV, WorkCalendar)
    assert PROV.is_working_day(D(2027, 1, 1)) is False  # a plain bool, not a wrapper
    assert not PROV.is_working_day(D(2027, 1, 1))
    assert PROV.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert PROV.working_days_between(D(2026, 12, 31), D(2027, 1, 8)) == 5
    assert PROV.day_kind(D(2027, 1, 1)) is DayKind.STATUTORY_HOLIDAY
    assert PROV.next_working_day(D(2026, 12, 31)) == D(2027, 1, 4)
    days = np.array(["2026-06-01", "2027-01-01"], dtype="datetime64[D]")
    assert PROV.is_working_day(days).tolist() == [True, False]
    assert PROV.is_provisional(days).tolist() == [False, True]


def test_new_years_day_is_off_by_law_in_the_statutory_basis() -> None:
    assert not PROV.is_working_day(D(2027, 1, 1))
    weekends = CN.provisional(D(2027, 12, 31), basis="weekends")
    assert weekends.is_working_day(D(2027, 1, 1))  # the old behaviour, on request
    assert weekends.basis == "weekends"


def test_the_statutory_basis_holds_the_2027_holidays_of_decree_795() -> None:
    off = {d.date for d in PROV.days if d.date.year == 2027}
    assert off == set(statutory_holidays(2027))
    assert len(off) == 13
    assert D(2027, 2, 5) in off  # 除夕 (decree 795: four days from New Year's Eve)
    assert {D(2027, 5, 1), D(2027, 5, 2)} <= off
    assert PROV.entry(D(2027, 2, 5)).notice == "国务院令第795号"  # type: ignore[union-attr]


def test_is_provisional_asks_separately() -> None:
    assert PROV.is_provisional(D(2027, 1, 1))
    assert not PROV.is_provisional(D(2026, 12, 31))
    assert not CN.is_provisional(D(2026, 12, 31))
    with pytest.raises(CalendarCoverageError):
        PROV.is_provisional(D(2028, 1, 1))
    assert PROV.official_coverage == CN.coverage
    assert PROV.official == CN


def test_deadline_beyond_coverage_is_marked() -> None:
    d = deadline(D(2026, 12, 20), TimeLimit.working_days(20), PROV)
    assert d.provisional
    assert not deadline(D(2026, 3, 2), TimeLimit.working_days(20), PROV).provisional
    assert "仅法定节假日放假" in d.explain("zh_CN")
    assert "predicted" in deadline(
        D(2026, 12, 20),
        TimeLimit.working_days(20),
        CN.provisional(D(2027, 6, 30), basis="predicted"),
    ).explain("en")


def test_the_extension_has_its_own_end() -> None:
    with pytest.raises(CalendarCoverageError, match="2004-01-01..2027-12-31"):
        PROV.is_working_day(D(2028, 1, 1))
    with pytest.raises(InvalidValueError, match="until"):
        CN.provisional(D(2026, 6, 1))
    with pytest.raises(InvalidValueError, match="2100-12-31"):
        CN.provisional(D(2101, 1, 1))
    assert CN.provisional(D(2101, 1, 1), basis="weekends").coverage.end == D(2101, 1, 1)
    with pytest.raises(InvalidValueError, match="basis"):
        CN.provisional(D(2027, 1, 1), basis="guess")  # type: ignore[arg-type]


def test_the_official_calendar_still_refuses() -> None:
    with pytest.raises(CalendarCoverageError):
        CN.is_working_day(D(2027, 1, 1))


def test_loading_the_notice_replaces_the_provisional_year() -> None:
    y2027 = YearData(2027, days=[DayEntry(D(2027, 1, 1), "元旦", EntryKind.HOLIDAY)])
    official = PROV.with_year(y2027)
    assert type(official) is WorkCalendar
    assert official == CN.with_year(y2027)
    half = CN.provisional(D(2028, 6, 30)).with_year(y2027)
    assert isinstance(half, ProvisionalCalendar)
    assert half.official_end == D(2027, 12, 31)
    assert half.is_provisional(D(2028, 1, 3))


def test_local_days_survive_on_provisional_calendars() -> None:
    closed = PROV.with_closures(D(2027, 3, 1), D(2027, 3, 2), "搬迁")
    assert isinstance(closed, ProvisionalCalendar)
    assert closed.add_working_days(D(2027, 2, 26), 1) == D(2027, 3, 3)
    moved = closed.provisional(D(2027, 6, 30), basis="weekends")
    assert moved.day_kind(D(2027, 3, 1)) is DayKind.LOCAL_REST_DAY


def test_until_cuts_coverage() -> None:
    cut = CN.until(D(2024, 12, 31))
    assert cut.coverage.end == D(2024, 12, 31)
    assert type(cut) is WorkCalendar
    assert all(d.date <= D(2024, 12, 31) for d in cut.days)
    assert not any("2025年" in n.title for n in cut.notices)
    assert PROV.until(D(2027, 6, 30)).is_provisional(D(2027, 6, 30))
    with pytest.raises(CalendarCoverageError):
        CN.until(D(2030, 1, 1))
    with pytest.raises(InvalidValueError):
        CN.until("2025-01-01")  # type: ignore[arg-type]


def test_predicted_2027_has_bridges_and_makeup_weekends() -> None:
    pred = CN.provisional(D(2027, 12, 31), basis="predicted")
    kinds = {d.kind for d in pred.days if d.date.year == 2027}
    assert kinds == {EntryKind.HOLIDAY, EntryKind.REST, EntryKind.WORKDAY}
    for entry in pred.days:
        if entry.kind is EntryKind.WORKDAY:
            assert entry.date.weekday() >= 5
    assert any(n.number is None and "predicted" in n.title for n in pred.notices)


def test_diff_lists_the_days_a_notice_changes() -> None:
    weekends = CN.provisional(D(2027, 12, 31), basis="weekends")
    changes = weekends.diff(PROV)
    assert [c.date for c in changes] == sorted(statutory_holidays(2027))  # weekends too
    assert changes[0].before is DayKind.WORKDAY
    assert changes[0].after is DayKind.STATUTORY_HOLIDAY
    assert CN.diff(CN) == ()
    with pytest.raises(InvalidValueError):
        CN.diff("CN")  # type: ignore[arg-type]


# -- properties ------------------------------------------------------------------------------


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(getattr(cls, name))
        for name in dir(WorkCalendar)
        if not name.startswith("_") and callable(getattr(WorkCalendar, name))
    }


PUBLIC = sorted(_public(WorkCalendar))


@given(name=st.sampled_from(PUBLIC))
def test_every_method_has_the_work_calendars_signature(name: str) -> None:
    assert inspect.signature(getattr(ProvisionalCalendar, name)) == inspect.signature(
        getattr(WorkCalendar, name)
    )


def test_method_signatures_are_the_work_calendars() -> None:
    assert _public(ProvisionalCalendar) == _public(WorkCalendar)
    assert {"provisional", "until", "is_provisional", "diff", "to_ics"} <= set(PUBLIC)
    fields = {f.name for f in attrs.fields(WorkCalendar)}
    assert fields <= {f.name for f in attrs.fields(ProvisionalCalendar)}


def test_provisional_calendars_pickle_and_compare_by_value() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(PROV))
    assert again == PROV
    assert hash(again) == hash(PROV)
    assert again.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert CN.provisional(D(2027, 12, 31), basis="predicted") != PROV


@settings(max_examples=40)
@given(
    data=st.data(),
    basis=st.sampled_from(BASES),
    years=st.integers(min_value=1, max_value=3),
)
def test_a_provisional_calendar_agrees_with_its_base_inside_coverage(
    data: st.DataObject, basis: str, years: int
) -> None:
    cut = data.draw(st.integers(min_value=2008, max_value=2026), label="cut year")
    base = CN.until(D(cut, 12, 31))
    prov = base.provisional(D(cut + years, 12, 31), basis=basis)  # type: ignore[arg-type]
    day = data.draw(covered_dates(base), label="day")
    n = data.draw(st.integers(min_value=-30, max_value=30), label="n")
    assert prov.is_working_day(day) == base.is_working_day(day)
    assert prov.day_kind(day) == base.day_kind(day)
    assert not prov.is_provisional(day)
    try:
        expected = base.add_working_days(day, n)
    except CalendarCoverageError:
        return
    assert prov.add_working_days(day, n) == expected


@settings(max_examples=25)
@given(year=st.integers(min_value=2008, max_value=2100), basis=st.sampled_from(BASES[::2]))
def test_every_statutory_day_is_off_in_every_lawful_basis(year: int, basis: str) -> None:
    base = CN.until(D(2026, 12, 31)) if year > 2026 else CN.until(D(year - 1, 12, 31))
    prov = base.provisional(D(max(year, 2027), 12, 31), basis=basis)  # type: ignore[arg-type]
    for day in statutory_holidays(year):
        assert not prov.is_working_day(day), (year, day)


@settings(max_examples=25)
@given(year=st.integers(min_value=2027, max_value=2100))
def test_predicted_make_up_days_are_weekends_and_never_statutory(year: int) -> None:
    prov = CN.provisional(D(year, 12, 31), basis="predicted")
    statutory = statutory_holidays(year)
    for entry in prov.days:
        if entry.date.year == year and entry.kind is EntryKind.WORKDAY:
            assert entry.date.weekday() >= 5
            assert entry.date not in statutory


def test_a_provisional_calendar_checks_its_official_end() -> None:
    with pytest.raises(InvalidValueError, match="official_end"):
        attrs.evolve(PROV, official_end=D(2028, 1, 1))
    with pytest.raises(InvalidValueError, match="official_end"):
        attrs.evolve(PROV, official_end="2026-12-31")
