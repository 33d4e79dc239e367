from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from govservice import CalendarDataError, InvalidValueError
from govservice.calendar import (
    DayEntry,
    EntryKind,
    WorkCalendar,
    YearData,
    china,
    year_from_notice,
)

CN = china()
NOTICES = Path(__file__).resolve().parent / "notices"
AMENDED = (2015, 2019, 2020)


def read(year: int, *, amended: bool = True) -> YearData:
    data = year_from_notice((NOTICES / f"{year}.txt").read_text("utf-8"))
    if amended and year in AMENDED:
        text = (NOTICES / f"{year}-amendment.txt").read_text("utf-8")
        data = year_from_notice(text, amends=data)
    return data


@pytest.mark.parametrize("year", range(2007, 2027))
def test_each_notice_gives_exactly_the_shipped_year(year: int) -> None:
    data = read(year)
    numbers = {n.number for n in data.notices}
    shipped = tuple(
        d for d in CN.days if d.date.year == year and (d.notice is None or d.notice in numbers)
    )
    assert data.days == shipped
    before = tuple(d for d in CN.days if d.date.year == year - 1 and d.notice in numbers)
    assert data.adjacent == before
    for notice in data.notices:
        official = next(n for n in CN.notices if n.number == notice.number)
        assert (notice.title, notice.published) == (official.title, official.published)


def test_every_shipped_day_since_2007_comes_from_a_notice_text() -> None:
    parsed = {d for year in range(2007, 2027) for d in (*read(year).days, *read(year).adjacent)}
    shipped = {d for d in CN.days if dt.date(2006, 12, 1) <= d.date}
    assert shipped == parsed


def test_a_notice_extends_the_calendar_like_the_shipped_data() -> None:
    cut = CN.until(dt.date(2025, 12, 31))
    assert cut.with_year(read(2026)).diff(CN) == ()


TEMPLATE = """国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕99号
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）上班。
国务院办公厅
2026年11月10日
"""


def test_a_made_up_2027_notice_reads_with_its_metadata() -> None:
    data = year_from_notice(TEMPLATE)
    assert data.year == 2027
    assert data.notices[0].number == "国办发明电〔2026〕99号"
    assert data.notices[0].published == dt.date(2026, 11, 10)
    holidays = {d.date for d in data.days if d.kind is EntryKind.HOLIDAY}
    assert len(holidays) == 13
    assert CN.with_year(data).is_working_day(dt.date(2027, 2, 20))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("2月20日（周六）上班", "2月22日（周一）上班", "must be a Saturday or Sunday"),
        ("9月26日（周日）上班", "9月26日（周六）上班", "is a Sunday, not 周六"),
        ("放假调休，共9天", "放假调休，共8天", "says 8 days, but gives 9 days off"),
        ("五、端午节：6月9日（周三）放假，共1天。\n", "", "no item for 端午节"),
        ("6月9日（周三）放假，共1天", "6月10日（周四）放假，共1天", "端午节 on 2027-06-09 is not"),
        ("2月20日（周六）上班", "2月13日（周六）上班", "both a day off and a working day"),
        ("4月25日（周日）上班", "4月31日（周日）上班", "4月31日（周日） is not a date"),
    ],
)
def test_every_problem_names_its_sentence(old: str, new: str, message: str) -> None:
    assert old in TEMPLATE
    with pytest.raises(CalendarDataError, match=message) as info:
        year_from_notice(TEMPLATE.replace(old, new))
    for problem in info.value.problems:
        assert problem.source == "<notice>"
        assert problem.path.startswith("「")
        assert problem.path.endswith("」")
        assert problem.path.strip("「」") in TEMPLATE.replace(old, new)


def test_an_amendment_needs_the_year_it_amends() -> None:
    text = (NOTICES / "2020-amendment.txt").read_text("utf-8")
    with pytest.raises(CalendarDataError, match="amends="):
        year_from_notice(text)
    with pytest.raises(InvalidValueError, match="amends"):
        year_from_notice(text, amends="2020")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="text"):
        year_from_notice(b"...")  # type: ignore[arg-type]


def test_a_notice_for_a_year_without_rules_is_refused() -> None:
    with pytest.raises(CalendarDataError, match="2101"):
        year_from_notice(TEMPLATE.replace("2027年部分", "2101年部分"))


def test_a_title_broken_across_lines_is_still_read() -> None:
    text = TEMPLATE.replace("国务院办公厅关于2027年", "国务院办公厅关于2027年\n", 1)
    data = year_from_notice(text)
    assert data.notices[0].title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert data.days == year_from_notice(TEMPLATE).days


# -- property: reading inverts writing ----------------------------------------------------------

WEEKDAYS = "一二三四五六日"
NUMERALS = "一二三四五六七八九十"


def _day(day: dt.date, year: int, *, month: bool = True) -> str:
    head = f"{day.year}年" if day.year != year else ""
    body = f"{day.month}月{day.day}日" if month or head else f"{day.day}日"
    return f"{head}{body}（周{WEEKDAYS[day.weekday()]}）"


def render(year: int, entries: list[DayEntry]) -> str | None:
    """The notice text of ``entries`` (None when a period's days off are not one range)."""
    periods: dict[str, list[DayEntry]] = {}
    for entry in sorted(entries):
        periods.setdefault(entry.name, []).append(entry)
    lines = [f"国务院办公厅关于{year}年部分节假日安排的通知", "国办发明电〔2099〕1号"]
    ordered = sorted(periods.items(), key=lambda item: min(e.date for e in item[1] if e.is_off))
    for i, (name, days) in enumerate(ordered):
        off = [e.date for e in days if e.is_off]
        if (off[-1] - off[0]).days + 1 != len(off):
            return None
        first, last = off[0], off[-1]
        if first == last:
            span = f"{_day(first, year)}放假，共1天。"
        else:
            same_month = first.month == last.month and first.year == last.year
            span = (
                f"{_day(first, year)}至{_day(last, year, month=not same_month)}放假调休，"
                f"共{len(off)}天。"
            )
        work = [e.date for e in days if e.kind is EntryKind.WORKDAY]
        worked = "、".join(_day(d, year) for d in work) + "上班。" if work else ""
        lines.append(f"{NUMERALS[i]}、{name}：{span}{worked}")
    return "\n".join(lines)


@functools.cache
def predicted_to_2100() -> WorkCalendar:
    return CN.provisional(dt.date(2100, 12, 31), basis="predicted")


@given(year=st.integers(min_value=2027, max_value=2100))
def test_reading_a_written_notice_gives_back_its_days(year: int) -> None:
    entries = [
        e
        for e in predicted_to_2100().days
        if e.date.year == year
        or (e.date.year == year - 1 and e.date.month == 12 and e.name == "元旦")
    ]
    text = render(year, entries)
    assume(text is not None)
    data = year_from_notice(str(text))
    got = {(e.date, e.kind, e.name) for e in (*data.days, *data.adjacent)}
    assert got == {(e.date, e.kind, e.name) for e in entries}


_SPRING_2026 = "放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"


@pytest.mark.parametrize(
    "wording",
    [
        "放假调休，共9天。\n另，2月14日（周六）、2月28日（周六）上班。",
        "放假调休，共9天。\n（2月14日（周六）、2月28日（周六）上班。）",
        "放假调休，共9天。调休上班：2月14日（周六）、2月28日（周六）。",
        "放假调休，共9天。2月14日（周六）、2月28日（周六）上班（调休）。",
        "放假调休，共9天。2月14日（周六）、2月28日（周六）补班。",
    ],
    ids=["own-line", "in-brackets", "tiaoxiu-shangban-colon", "shangban-tiaoxiu", "buban"],
)
def test_make_up_workdays_in_other_words_are_never_dropped(wording: str) -> None:
    """The 2026 notice (国务院办公厅, 2025-11-04): Saturdays 14 and 28 Feb 2026 are worked.

    Reworded (a line of its own, 调休上班：…, 上班（调休）, 补班), the make-up workdays were
    silently left out: the year read without error, with both Saturdays as rest days.
    """
    text = (NOTICES / "2026.txt").read_text("utf-8").replace(_SPRING_2026, wording)
    assert text != (NOTICES / "2026.txt").read_text("utf-8")
    data = year_from_notice(text)
    worked = {d.date for d in data.days if d.kind is EntryKind.WORKDAY}
    assert {dt.date(2026, 2, 14), dt.date(2026, 2, 28)} <= worked
    assert data.days == read(2026).days
