from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from importlib import resources
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import CalendarDataError, InvalidValueError
from govservice.calendar import (
    Coverage,
    DayEntry,
    EntryKind,
    Notice,
    OfficeHours,
    TimeLimit,
    YearData,
    calendar_to_json,
    china,
    festival_dates,
    load_calendar,
    load_year,
    make_converter,
    save_calendar,
    statutory_holidays,
    year_from_holiday_cn,
    year_from_notice,
)
from govservice.testing import time_limits

D = dt.date
CN = china()
RAW = json.loads(
    resources.files("govservice.calendar").joinpath("data", "china.json").read_text("utf-8")
)
YEARS = {block["year"]: block for block in RAW["years"]}
ANNIVERSARY = D(2015, 9, 3)
converter = make_converter()  # this module's own: the library keeps its converter private


# -- the shipped data, checked exhaustively ------------------------------------------------------


def test_every_year_of_coverage_has_a_block_and_a_notice() -> None:
    assert sorted(YEARS) == list(range(2004, 2027))
    for year, block in YEARS.items():
        first = block["notices"][0]
        assert first["number"], year
        assert f"{year}年" in first["title"], year
        assert D.fromisoformat(first["published"]).year in (year - 1, year)
        assert first["url"], year


def test_every_makeup_workday_is_a_saturday_or_sunday() -> None:
    workdays = [e for e in CN.days if e.kind is EntryKind.WORKDAY]
    assert len(workdays) > 100
    assert all(e.date.weekday() >= 5 for e in workdays), [
        e.date for e in workdays if e.date.weekday() < 5
    ]


def test_no_date_is_listed_twice_in_the_file() -> None:
    dates = [d["date"] for block in RAW["years"] for d in block["days"]]
    assert [d for d, n in Counter(dates).items() if n > 1] == []
    for year, block in YEARS.items():
        assert all(d["date"].startswith(str(year)) for d in block["days"]), year


def test_day_notices_refer_to_notices_of_the_year_or_the_next() -> None:
    for year, block in YEARS.items():
        known = {n["number"] for y in (year, year + 1) for n in YEARS.get(y, {}).get("notices", [])}
        for day in block["days"]:
            if "notice" in day:
                assert day["notice"] in known, (year, day)


@pytest.mark.parametrize("year", range(2004, 2027))
def test_statutory_holidays_per_year_follow_the_measures(year: int) -> None:
    # 全国年节及纪念日放假办法: 10 days under 国务院令第270号 (to 2007), 11 under 第513号 and
    # 第644号 (2008-2024), 13 under 第795号 (from 2025); a day holding two holidays counts twice.
    expected = 10 if year <= 2007 else 11 if year <= 2024 else 13
    rules = statutory_holidays(year)
    assert sum(len(names) for names in rules.values()) == expected
    marked = {
        e.date: e.holidays for e in CN.days if e.date.year == year and e.kind is EntryKind.HOLIDAY
    }
    if year == 2015:
        assert marked.pop(ANNIVERSARY)  # the one-off day of 国发明电〔2015〕1号
    assert marked == rules


def test_statutory_holidays_are_never_working_days() -> None:
    for year in range(2004, 2027):
        for day in statutory_holidays(year):
            assert not CN.is_working_day(day), day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 国发明电〔2015〕1号: Sep 3 off, Sep 4 调休, Sep 6 (Sunday) worked.
        (D(2015, 9, 3), False),
        (D(2015, 9, 4), False),
        (D(2015, 9, 6), True),
        # 国办发明电〔2019〕3号: May 1-4 off, Apr 28 (Sun) and May 5 (Sun) worked.
        (D(2019, 5, 2), False),
        (D(2019, 5, 3), False),
        (D(2019, 4, 28), True),
        (D(2019, 5, 5), True),
        # 国办发明电〔2020〕1号: Spring Festival extended to Feb 2; Feb 3 an ordinary Monday.
        (D(2020, 1, 31), False),
        (D(2020, 2, 2), False),
        (D(2020, 2, 3), True),
        # 国办发明电〔2005〕35号: Saturday 2005-12-31 worked (chinese_calendar gets it wrong).
        (D(2005, 12, 31), True),
        # 2020: 中秋 falls on National Day; Oct 8 off, Sep 27 and Oct 10 worked.
        (D(2020, 10, 8), False),
        (D(2020, 9, 27), True),
        (D(2020, 10, 10), True),
    ],
)
def test_amendments_and_known_days(day: dt.date, working: bool) -> None:
    assert CN.is_working_day(day) is working


def days_off(year: int) -> set[dt.date]:
    start, end = D(year, 1, 1), D(year, 12, 31)
    every = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return {d for d in every if d.weekday() < 5 and not CN.is_working_day(d)}


def spans(*ranges: tuple[dt.date, dt.date]) -> set[dt.date]:
    out = set()
    for a, b in ranges:
        out |= {a + dt.timedelta(days=i) for i in range((b - a).days + 1)}
    return {d for d in out if d.weekday() < 5}


def test_2025_matches_the_notice() -> None:
    # 国办发明电〔2024〕12号 (DOMAIN.md §2.3).
    assert days_off(2025) == spans(
        (D(2025, 1, 1), D(2025, 1, 1)),
        (D(2025, 1, 28), D(2025, 2, 4)),
        (D(2025, 4, 4), D(2025, 4, 6)),
        (D(2025, 5, 1), D(2025, 5, 5)),
        (D(2025, 5, 31), D(2025, 6, 2)),
        (D(2025, 10, 1), D(2025, 10, 8)),
    )
    worked = [e.date for e in CN.days if e.kind is EntryKind.WORKDAY and e.date.year == 2025]
    assert worked == [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28),
                      D(2025, 10, 11)]  # fmt: skip


def test_2026_matches_the_notice() -> None:
    # The notice of 2025-11-04 (DOMAIN.md §2.3).
    assert days_off(2026) == spans(
        (D(2026, 1, 1), D(2026, 1, 3)),
        (D(2026, 2, 15), D(2026, 2, 23)),
        (D(2026, 4, 4), D(2026, 4, 6)),
        (D(2026, 5, 1), D(2026, 5, 5)),
        (D(2026, 6, 19), D(2026, 6, 21)),
        (D(2026, 9, 25), D(2026, 9, 27)),
        (D(2026, 10, 1), D(2026, 10, 7)),
    )
    worked = [e.date for e in CN.days if e.kind is EntryKind.WORKDAY and e.date.year == 2026]
    assert worked == [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
                      D(2026, 9, 20), D(2026, 10, 10)]  # fmt: skip


def test_official_calendar_is_china_time_with_default_hours() -> None:
    assert CN.office_hours.timezone == "Asia/Shanghai"
    assert CN.name == "CN"
    assert len(CN.notices) == 26


# -- holiday-cn files ----------------------------------------------------------------------------


def as_holiday_cn(year: int) -> dict[str, object]:
    """Our year block written as a holiday-cn file (how most Chinese projects mirror it)."""
    days = [
        {"name": d.name, "date": d.date.isoformat(), "isOffDay": d.kind is not EntryKind.WORKDAY}
        for d in CN.days
        if d.date.year == year
    ]
    return {"year": year, "papers": ["https://www.gov.cn/x.htm"], "days": days}


@pytest.mark.parametrize("year", range(2004, 2027))
def test_holiday_cn_files_load_to_the_same_days_and_kinds(year: int) -> None:
    loaded = year_from_holiday_cn(as_holiday_cn(year))
    ours = [e for e in CN.days if e.date.year == year]
    assert [(e.date, e.kind is EntryKind.WORKDAY) for e in loaded.days] == [
        (e.date, e.kind is EntryKind.WORKDAY) for e in ours
    ]
    inferred = {e.date: e.holidays for e in loaded.days if e.kind is EntryKind.HOLIDAY}
    shipped = {e.date: e.holidays for e in ours if e.kind is EntryKind.HOLIDAY}
    shipped.pop(ANNIVERSARY, None)  # no rule knows the one-off 2015 day
    assert inferred == shipped


def test_holiday_cn_file_from_disk_extends_the_calendar(tmp_path: Path) -> None:
    data = as_holiday_cn(2026)
    data["days"] = [*data["days"], {"name": "元旦", "date": "2027-01-01", "isOffDay": True}]  # type: ignore[list-item]
    path = tmp_path / "2026.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    year = load_year(path)
    assert year.adjacent == (DayEntry(D(2027, 1, 1), "元旦", EntryKind.REST),)
    assert year.notices[0].url == "https://www.gov.cn/x.htm"
    replaced = CN.with_year(year, replace=True)
    assert [d for d in replaced.days if d.date.year == 2026] == list(year.days)


def test_bad_holiday_cn_file_lists_every_problem(tmp_path: Path) -> None:
    data = as_holiday_cn(2025)
    data["days"] = [
        *data["days"],
        {"name": "x", "date": "2025-02-30", "isOffDay": True},
        {"name": "x", "date": "2025-03-03", "isOffDay": False},  # a worked Monday: a no-op
        {"name": "", "date": "2025-03-08", "isOffDay": "yes"},
        {"name": "春节", "date": "2025-01-28", "isOffDay": False},  # both off and worked
    ]
    path = tmp_path / "2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        load_year(path)
    problems = info.value.problems
    assert all(p.source == str(path) for p in problems)
    text = "\n".join(map(str, problems))
    n = len(data["days"])  # type: ignore[arg-type]
    assert f"$.days[{n - 4}].date" in text
    assert "2025-02-30" in text
    assert "2025-03-03" not in text
    assert f"$.days[{n - 2}].name" in text
    assert f"$.days[{n - 2}].isOffDay" in text
    assert "listed twice" in text
    assert "make-up workday 2025-01-28 is a Tuesday" in text  # off and worked, on a weekday
    assert len(problems) == 5


def test_holiday_cn_file_missing_a_statutory_day_is_refused() -> None:
    data = as_holiday_cn(2025)
    data["days"] = [d for d in data["days"] if d["date"] != "2025-10-01"]  # type: ignore[union-attr,index]
    with pytest.raises(CalendarDataError, match="国庆节 on 2025-10-01 is not a day off"):
        year_from_holiday_cn(data)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not valid JSON"),
        ('{"year": "2027", "days": []}', "$.year"),
        ('{"year": 2027, "days": [{"date": "2027-13-01", "name": "x", "kind": "rest"}]}',
         "2027-13-01"),
        ('{"year": 2027, "days": [{"date": "2027-01-01", "name": "x", "kind": "nap"}]}',
         "$.days[0].kind"),
        ('{"year": 2027, "days": [], "extra": 1}', "unknown field"),
        ('{"year": 2027, "days": [{"date": "2026-01-01", "name": "x", "kind": "rest"}]}',
         "another year than 2027"),
        ('[1, 2]', "$"),
    ],
)  # fmt: skip
def test_bad_year_files_name_file_entry_and_problem(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "2027.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        load_year(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_missing_file_is_a_calendar_data_error(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="cannot be read"):
        load_year(tmp_path / "nope.json")


def test_our_year_format_round_trips_through_a_file(tmp_path: Path) -> None:
    block = YEARS[2020]
    path = tmp_path / "2020.json"
    path.write_text(json.dumps(block, ensure_ascii=False), encoding="utf-8")
    year = load_year(path)
    assert converter.unstructure(year)["days"][0]["date"] == "2020-01-01"
    assert converter.structure(converter.unstructure(year), YearData) == year
    assert CN.with_year(year, replace=True) == CN


def _new_year(year: int) -> dict[str, str]:
    return {"date": f"{year}-01-01", "name": "元旦", "kind": "holiday"}


NEW_YEAR_2027 = _new_year(2027)


def test_load_calendar_checks_the_year_blocks() -> None:
    bad = {
        "format": "govservice.calendar/1",
        "coverage": {"start": "2027-01-01", "end": "2028-12-31"},
        "years": [{"year": 2027, "days": [NEW_YEAR_2027]}],
    }
    with pytest.raises(CalendarDataError, match="2027..2028"):
        load_calendar(bad)
    with pytest.raises(CalendarDataError, match="format"):
        load_calendar({**bad, "format": "x"})


# -- serialization --------------------------------------------------------------------------------

day_entries = st.builds(
    DayEntry,
    date=st.dates(D(2000, 1, 1), D(2100, 12, 31)),
    name=st.text(min_size=1, max_size=8).filter(str.strip),
    kind=st.sampled_from([EntryKind.REST, EntryKind.WORKDAY, EntryKind.LOCAL]),
)
notices = st.builds(
    Notice,
    number=st.one_of(st.none(), st.text(min_size=1, max_size=20)),
    title=st.text(min_size=1, max_size=20).filter(str.strip),
    published=st.one_of(st.none(), st.dates()),
    url=st.text(max_size=30),
)


@given(value=st.one_of(day_entries, notices, time_limits()))
def test_values_round_trip_through_the_converter(value: object) -> None:
    raw = converter.unstructure(value)
    json.dumps(raw)  # plain JSON types only
    assert converter.structure(raw, type(value)) == value


def test_coverage_and_office_hours_round_trip() -> None:
    for value in (CN.coverage, OfficeHours(), Coverage(D(2027, 1, 1), D(2027, 1, 1))):
        assert converter.structure(converter.unstructure(value), type(value)) == value
    assert converter.unstructure(TimeLimit.working_days(20)) == {
        "amount": 20,
        "unit": "working_days",
    }


def test_problem_paths_point_at_the_entry_as_written_even_unsorted() -> None:
    raw = {
        "year": 2027,
        "days": [
            {"date": "2027-10-01", "name": "国庆节", "kind": "holiday"},
            {"date": "2027-01-04", "name": "元旦", "kind": "workday"},  # a Monday
            {"date": "2027-02-30", "name": "春节", "kind": "rest"},  # no such date
            {"date": "2027-10-01", "name": "国庆节", "kind": "rest"},  # twice
        ],
    }
    with pytest.raises(CalendarDataError) as info:
        load_year(raw)
    paths = sorted(p.path for p in info.value.problems)
    # Shape problems and rule problems come together, each at its own index.
    assert paths == ["$.days[1].kind", "$.days[2].date", "$.days[3].date"]


@pytest.mark.parametrize(
    "source",
    [
        None,
        [],
        {"year": 2027, "days": [{"date": "2027-01-01", "name": "元旦", "kind": "holiday",
                                 "holidays": "元旦"}]},
    ],
)  # fmt: skip
def test_odd_year_inputs_are_calendar_data_errors(source: object) -> None:
    with pytest.raises(CalendarDataError):
        load_year(source)  # type: ignore[arg-type]
    if not isinstance(source, dict):
        with pytest.raises(CalendarDataError):
            year_from_holiday_cn(source)  # type: ignore[arg-type]


@pytest.mark.parametrize("names", [None, 1, "x", [1], {"元旦": 5}])
def test_bad_names_or_id_in_a_calendar_file(names: object) -> None:
    bad = {
        "format": "govservice.calendar/1",
        "id": "X",
        "names": names,
        "coverage": {"start": "2027-01-01", "end": "2027-12-31"},
        "years": [{"year": 2027, "days": []}],
    }
    with pytest.raises(CalendarDataError, match="names"):
        load_calendar(bad)
    with pytest.raises(CalendarDataError, match="id"):
        load_calendar({**bad, "names": {}, "id": None})


def test_a_day_given_by_a_year_and_its_neighbours_adjacent_must_agree() -> None:
    day = {"date": "2027-12-26", "name": "元旦", "kind": "workday"}

    def year(y: int, days: list[object] = (), **k: object) -> dict[str, object]:  # type: ignore[assignment]
        return {"year": y, "days": [*days, _new_year(y)], **k}

    raw = {
        "format": "govservice.calendar/1",
        "id": "X",
        "coverage": {"start": "2027-01-01", "end": "2028-12-31"},
        "years": [year(2027, days=[day]), year(2028, adjacent=[day])],
    }
    assert load_calendar(raw).is_working_day(D(2027, 12, 26))
    clash = {**day, "kind": "rest"}
    raw["years"] = [year(2027, days=[day]), year(2028, adjacent=[clash])]
    with pytest.raises(CalendarDataError, match=r"\$.years\[1\].adjacent\[0\]"):
        load_calendar(raw)


# -- loaders across the year boundary -----------------------------------------------------------

HOLIDAY_CN = Path(__file__).resolve().parent / "data" / "holiday_cn"


def test_a_holiday_cn_placeholder_says_the_notice_is_not_published() -> None:
    with pytest.raises(CalendarDataError) as info:
        load_year(HOLIDAY_CN / "2027.json")  # holiday-cn's real placeholder file
    assert len(info.value.problems) == 1
    assert "未发布" in str(info.value)
    assert "not published yet" in str(info.value)


def test_holiday_cns_real_2020_file_loads_with_its_worked_monday() -> None:
    raw = json.loads((HOLIDAY_CN / "2020.json").read_text("utf-8"))
    assert {"name": "春节", "date": "2020-02-03", "isOffDay": False} in raw["days"]
    loaded = load_year(HOLIDAY_CN / "2020.json")
    shipped = {(d.date, d.kind) for d in CN.days if d.date.year == 2020}
    assert {(d.date, d.kind) for d in loaded.days} == shipped
    assert CN.until(D(2019, 12, 31)).with_year(loaded).until(D(2020, 12, 31)).diff(CN) == ()


def test_holiday_cn_files_of_2025_and_2026_load_to_the_shipped_days() -> None:
    for year in (2025, 2026):
        loaded = load_year(HOLIDAY_CN / f"{year}.json")
        shipped = {(d.date, d.kind) for d in CN.days if d.date.year == year}
        assert {(d.date, d.kind) for d in loaded.days} == shipped


def test_a_year_in_our_format_without_a_statutory_holiday_is_refused() -> None:
    with pytest.raises(CalendarDataError, match="no statutory holiday"):
        load_year({"year": 2027, "notices": [], "days": []})
    with pytest.raises(CalendarDataError, match="no statutory holiday"):
        load_year({"year": 2027, "days": [{"date": "2027-01-02", "name": "x", "kind": "rest"}]})


def test_a_date_of_another_year_is_refused_not_dropped() -> None:
    new_year = {"date": "2027-01-01", "name": "元旦", "kind": "holiday"}
    stray = {"date": "2026-05-01", "name": "劳动节", "kind": "rest"}
    with pytest.raises(CalendarDataError, match=r"\$\.days"):
        load_year({"year": 2027, "days": [new_year, stray]})
    with pytest.raises(CalendarDataError, match="does not border 2027"):
        load_year({"year": 2027, "days": [new_year], "adjacent": [stray]})
    bordering = {"date": "2026-12-31", "name": "元旦", "kind": "rest"}
    assert load_year({"year": 2027, "days": [new_year], "adjacent": [bordering]}).adjacent
    data = as_holiday_cn(2025)
    data["days"] = [*data["days"], {"name": "劳动节", "date": "2023-05-02", "isOffDay": True}]
    with pytest.raises(CalendarDataError, match="2023-05-02 belongs to another year"):
        year_from_holiday_cn(data)


def test_a_utf8_bom_is_accepted_by_every_loader(tmp_path: Path) -> None:
    bom = "\ufeff"
    cn = tmp_path / "2026.json"
    cn.write_text(bom + (HOLIDAY_CN / "2026.json").read_text("utf-8"), encoding="utf-8")
    ours = tmp_path / "2026-ours.json"
    block = YEARS[2026]
    ours.write_text(bom + json.dumps(block, ensure_ascii=False), encoding="utf-8")
    whole = tmp_path / "calendar.json"
    save_calendar(CN, whole)
    whole.write_text(bom + whole.read_text("utf-8"), encoding="utf-8")
    assert load_year(cn).days == load_year(ours).days
    assert load_calendar(whole) == CN
    notice = Path(__file__).resolve().parent / "notices" / "2026.txt"
    assert year_from_notice(bom + notice.read_text("utf-8")).days == load_year(ours).days


# -- save_calendar ------------------------------------------------------------------------------


def test_save_calendar_round_trips_the_national_and_local_data(tmp_path: Path) -> None:
    local = CN.with_closures(D(2026, 3, 2), D(2026, 3, 3), "搬迁").with_year(
        load_year(HOLIDAY_CN / "2026.json"), replace=True
    )
    local = attrs.evolve(
        local, office_hours=OfficeHours(((dt.time(8, 30), dt.time(17)),), "Asia/Urumqi")
    )
    path = tmp_path / "center.json"
    save_calendar(local, path)
    assert load_calendar(path) == local
    assert [p.name for p in tmp_path.iterdir()] == ["center.json"]  # no temporary file left


def test_save_calendar_refuses_provisional_days_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "center.json"
    save_calendar(CN, path)
    before = path.read_bytes()
    with pytest.raises(InvalidValueError, match=r"calendar\.official"):
        save_calendar(CN.provisional(D(2027, 12, 31)), path)
    save_calendar(CN.provisional(D(2027, 12, 31)).official, path)
    assert path.read_bytes() == before
    with pytest.raises(InvalidValueError, match="path"):
        save_calendar(CN, tmp_path / "missing" / "x.json")
    assert path.read_bytes() == before


@settings(max_examples=15)
@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 1)),
    days=st.integers(min_value=0, max_value=20),
)
def test_saved_calendars_load_back_equal(start: dt.date, days: int) -> None:
    local = CN.with_closures(start, start + dt.timedelta(days=days), "闭厅")
    raw = calendar_to_json(local)
    assert load_calendar(raw) == local


@pytest.mark.parametrize("year", range(2027, 2101))
def test_statutory_holidays_are_known_to_2100_under_decree_795(year: int) -> None:
    days = statutory_holidays(year)
    assert sum(len(names) for names in days.values()) == 13
    assert all(d.year == year for d in days)
    festivals = festival_dates(year)
    eve = festivals["spring_festival"] - dt.timedelta(days=1)
    assert days[eve] == ("春节",)  # 除夕 (decree 795 art. 2)
    assert {D(year, 1, 1), D(year, 5, 1), D(year, 5, 2), D(year, 10, 3)} <= set(days)
    assert days[festivals["qingming"]] == ("清明节",)
    assert "中秋节" in days[festivals["mid_autumn"]]


def test_statutory_holidays_beyond_the_data_are_refused() -> None:
    with pytest.raises(CalendarDataError, match="2101"):
        statutory_holidays(2101)
