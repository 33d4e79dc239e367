"""Reading calendar data: the shipped China calendar, year files in our format and holiday-cn's."""

from __future__ import annotations

import collections
import datetime as dt
import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govservice._errors import CalendarDataError, DataProblem, InvalidValueError, _shown
from govservice._files import atomic_write, check_path, parse_json, read_text
from govservice._validators import parse_date
from govservice.calendar._calendar import WorkCalendar
from govservice.calendar._model import (
    Coverage,
    DayEntry,
    EntryKind,
    Notice,
    OfficeHours,
    YearData,
)

__all__ = [
    "calendar_to_json",
    "china",
    "festival_dates",
    "load_calendar",
    "load_year",
    "rules_version",
    "save_calendar",
    "statutory_holidays",
    "year_from_holiday_cn",
]

Source = str | os.PathLike[str] | Mapping[str, Any]
_FORMAT = "govservice.calendar/1"
_DATA = Path(__file__).resolve().parent / "data"


def _problem(source: str, path: str, message: str) -> CalendarDataError:
    return CalendarDataError([DataProblem.of(source, path, message)])


def _read(source: Source) -> tuple[str, Any]:
    """(name for messages, parsed JSON) of a path or a mapping."""
    if isinstance(source, Mapping):
        return "<mapping>", source
    if not isinstance(source, str | os.PathLike):
        raise _problem("<source>", "$", f"must be a path or a mapping, got {type(source).__name__}")
    try:
        name = str(check_path(source))
    except InvalidValueError as exc:
        raise _problem(
            "<source>", "$", f"must be {exc.expected}, got {_shown(exc.value)}"
        ) from None
    try:
        text = read_text(name)
    except InvalidValueError as exc:
        raise _problem(name, "$", f"cannot be read: must be {exc.expected}") from None
    try:  # strict JSON: no duplicate keys, deep nesting, lone surrogates or huge numbers
        return name, parse_json(text)
    except InvalidValueError as exc:
        message = f"is not valid JSON: must be {exc.expected}, got {_shown(exc.value)}"
        raise _problem(name, exc.field, message) from None


def _package_json(name: str) -> Any:
    return json.loads((_DATA / name).read_text("utf-8"))


def _raw_days(path: str, raw: object) -> list[tuple[str, dt.date, EntryKind]]:
    """(path, date, kind) of the entries of a raw year block that have a valid date and kind."""
    found = []
    for field in ("days", "adjacent"):
        entries = raw.get(field) if isinstance(raw, Mapping) else None
        for i, item in enumerate(entries if isinstance(entries, list) else ()):
            try:
                day = parse_date("date", item["date"])
                kind = EntryKind(item["kind"])
            except (TypeError, KeyError, ValueError):
                continue
            found.append((f"{path}.{field}[{i}]", day, kind))
    return found


def _check_days(
    source: str, weekmask: str, days: list[tuple[str, dt.date, EntryKind]]
) -> list[DataProblem]:
    problems = []
    seen: set[dt.date] = set()
    for where, day, kind in days:
        if day in seen:
            problems.append(
                DataProblem.of(
                    source,
                    f"{where}.date",
                    f"{day.isoformat()} is listed twice; a date is a day off or a "
                    "make-up workday, not both",
                )
            )
        seen.add(day)
        if kind is EntryKind.WORKDAY and weekmask[day.weekday()] == "1":
            problems.append(
                DataProblem.of(
                    source,
                    f"{where}.kind",
                    f"make-up workday {day.isoformat()} is a {day.strftime('%A')}; a make-up "
                    "workday must be a Saturday or Sunday",
                )
            )
    return problems


def _structure_year(name: str, path: str, raw: object, weekmask: str) -> YearData:
    """A year block in our format, with shape problems and rule problems reported together."""
    from govservice.calendar._serde import structure

    rules = _check_days(name, weekmask, _raw_days(path, raw))
    rules += _check_year_days(name, path, raw)
    try:
        data: YearData = structure(raw, YearData, name, path)
    except CalendarDataError as exc:
        shape = [p for p in exc.problems if not (rules and "days must be dates in" in p.problem)]
        raise CalendarDataError([*shape, *rules]) from exc.__cause__
    if rules:
        raise CalendarDataError(rules)
    return data


def _check_year_days(source: str, path: str, raw: object) -> list[DataProblem]:
    """A year block lists a statutory holiday, and its dates belong to it or border it."""
    if not isinstance(raw, Mapping) or type(raw.get("year")) is not int:
        return []
    year = raw["year"]
    problems = []
    days = raw.get("days", [])  # no "days" at all is an empty year too, not a pass
    kinds = (
        [d.get("kind") for d in days if isinstance(d, Mapping)] if isinstance(days, list) else []
    )
    if isinstance(days, list) and "holiday" not in kinds:
        problems.append(
            DataProblem.of(
                source,
                f"{path}.days",
                f"{year} lists no statutory holiday (kind 'holiday'); every year has at least "
                "元旦 under 全国年节及纪念日放假办法. An empty year is a notice not published "
                "yet (未发布): opt in to calendar.provisional(...) instead",
            )
        )
    for where, day, _kind in _raw_days(path, raw):
        if ".days[" in where and day.year != year:
            problems.append(
                DataProblem.of(
                    source,
                    f"{where}.date",
                    f"{day.isoformat()} belongs to another year than {year}: a day of December "
                    f"{year - 1} or January {year + 1} fixed by this notice goes in adjacent",
                )
            )
        if ".adjacent[" in where and not _borders(year, day):
            problems.append(
                DataProblem.of(
                    source,
                    f"{where}.date",
                    f"{day.isoformat()} does not border {year}: adjacent days are in December "
                    f"{year - 1} or January {year + 1}",
                )
            )
    return problems


def _borders(year: int, day: dt.date) -> bool:
    """Whether ``day`` is in the December before ``year`` or the January after it."""
    return (day.year, day.month) in ((year - 1, 12), (year + 1, 1))


def _is_holiday_cn(raw: object) -> bool:
    if not isinstance(raw, Mapping):
        return False
    days = raw.get("days")
    return "papers" in raw or (
        isinstance(days, list)
        and bool(days)
        and isinstance(days[0], Mapping)
        and "isOffDay" in days[0]
    )


def load_year(source: Source, *, weekmask: str = "1111100") -> YearData:
    """Read one year of calendar data from a file or mapping, in our format or holiday-cn's.

    Our format is documented in ``docs/calendar-data.md``; a holiday-cn file
    (``{year, papers, days: [{name, date, isOffDay}]}``) is recognised by its keys and read with
    `year_from_holiday_cn`.

    Args:
        source: A path to a JSON file, or the parsed mapping.
        weekmask: The ordinary week, to check that make-up workdays fall on rest days.

    Raises:
        CalendarDataError: Listing every problem of the data, with its file and entry path.

    Examples:
        >>> y = load_year({"year": 2027, "notices": [], "days": [
        ...     {"date": "2027-01-01", "name": "元旦", "kind": "holiday"}]})
        >>> y.days[0].holidays
        ('元旦',)
        >>> load_year({"year": 2027, "days": [
        ...     {"date": "2027-01-04", "name": "元旦", "kind": "workday"}]})
        Traceback (most recent call last):
        ...
        govservice.CalendarDataError: 2 problems in calendar data:
          <mapping> $.days[0].kind: make-up workday 2027-01-04 is a Monday; ...
          <mapping> $.days: 2027 lists no statutory holiday (kind 'holiday'); ...
    """
    name, raw = _read(source)
    if _is_holiday_cn(raw):
        return year_from_holiday_cn(raw, source=name)
    return _structure_year(name, "$", raw, weekmask)


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    return _package_json("rules.json")["versions"], _package_json("festivals.json")["years"]


def rules_version(year: int) -> dict[str, Any]:
    """The version of 全国年节及纪念日放假办法 in force for the whole of ``year`` (rules.json).

    Raises:
        CalendarDataError: A year without festival data (before 2000 or after 2100), before
            the first known measures, or in which the measures changed.

    Examples:
        >>> rules_version(2027)["decree"], rules_version(2024)["decree"]
        ('国务院令第795号', '国务院令第644号')
    """
    versions, festivals = _rules()
    if type(year) is not int:
        raise _problem("rules.json", "$.versions", f"year must be an integer, got {year!r}")
    if str(year) not in festivals:
        raise _problem(
            "festivals.json", "$.years", f"no festival dates for {year} (known: 2000..2100)"
        )
    applicable = [
        v for v in versions if dt.date.fromisoformat(v["in_force"]) <= dt.date(year, 12, 31)
    ]
    if not applicable:
        raise _problem("rules.json", "$.versions", f"no statutory holiday rules for {year}")
    version: dict[str, Any] = max(applicable, key=lambda v: v["in_force"])
    if dt.date.fromisoformat(version["in_force"]) > dt.date(year, 1, 1):
        raise _problem(
            "rules.json", "$.versions", f"the measures changed during {year}; give its days"
        )
    return version


def festival_dates(year: int) -> dict[str, dt.date]:
    """The Gregorian dates of 春节 (初一), 清明, 端午 and 中秋 in ``year`` (festivals.json).

    Raises:
        CalendarDataError: A year outside 2000..2100.

    Examples:
        >>> festival_dates(2027)["spring_festival"]
        datetime.date(2027, 2, 6)
    """
    festivals = _rules()[1]
    if str(year) not in festivals:
        raise _problem(
            "festivals.json", "$.years", f"no festival dates for {year!r} (known: 2000..2100)"
        )
    return {k: dt.date.fromisoformat(v) for k, v in festivals[str(year)].items()}


def statutory_holidays(year: int) -> dict[dt.date, tuple[str, ...]]:
    """The statutory holidays of ``year`` under the national measures in force that year.

    From the versions of 全国年节及纪念日放假办法 (国务院令第270号, 第513号, 第644号, 第795号) in
    ``rules.json`` and the lunar festival dates in ``festivals.json``. These are the days the
    law makes holidays; which other days are off is only in the year's notice.

    Raises:
        CalendarDataError: A year without festival data or before the first known measures.

    Examples:
        >>> days = statutory_holidays(2025)
        >>> len(days), days[dt.date(2025, 1, 28)]  # 13 days from 2025, 除夕 included
        (13, ('春节',))
        >>> sum(len(names) for names in statutory_holidays(2020).values())  # 中秋 = 国庆 Oct 1
        11
    """
    version = rules_version(year)
    anchors = festival_dates(year)
    result: dict[dt.date, list[str]] = {}
    for holiday, specs in version["holidays"].items():
        for spec in specs:
            result.setdefault(_resolve(year, spec, anchors), []).append(holiday)
    return {day: tuple(names) for day, names in sorted(result.items())}


def _resolve(year: int, spec: str, anchors: Mapping[str, dt.date]) -> dt.date:
    if spec[:2].isdigit():
        month, day = spec.split("-")
        return dt.date(year, int(month), int(day))
    key, sign, offset = spec, 1, 0
    for mark in ("+", "-"):
        if mark in spec:
            key, _, count = spec.partition(mark)
            sign, offset = (1 if mark == "+" else -1), int(count)
    return anchors[key] + dt.timedelta(days=sign * offset)


def year_from_holiday_cn(raw: Mapping[str, Any], *, source: str = "<mapping>") -> YearData:
    """Read a holiday-cn year file (``{year, papers, days: [{name, date, isOffDay}]}``).

    holiday-cn (github.com/NateScarlet/holiday-cn) does not say which days off are statutory
    holidays; they are told apart with `statutory_holidays`. Days of neighbouring years
    that the file carries (a New Year break starting on 31 December) go to ``adjacent``; a
    date further away is refused. A weekday listed as worked (2020-02-03, the end of the
    extended Spring Festival) is a no-op. The empty placeholder that holiday-cn commits before
    a notice exists is refused as "not published yet" (未发布).

    Raises:
        CalendarDataError: Every problem at once: missing keys, bad dates, make-up workdays on a
            weekday, a date twice, a statutory holiday not off.

    Examples:
        >>> y = year_from_holiday_cn({"year": 2025, "papers": [], "days": [
        ...     {"name": "元旦", "date": "2025-01-01", "isOffDay": True},
        ...     {"name": "春节", "date": "2025-01-26", "isOffDay": False}]})
        Traceback (most recent call last):
        ...
        govservice.CalendarDataError: 11 problems in calendar data:
          <mapping> $.days: statutory holiday 春节 on 2025-01-28 is not a day off in this file ...
        ...
    """
    if not isinstance(raw, Mapping):
        raise _problem(source, "$", f"must be a JSON object, got {type(raw).__name__}")
    problems: list[DataProblem] = []
    year = raw.get("year")
    if type(year) is not int or not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _problem(source, "$.year", f"must be a year from 1 to 9999, got {_shown(year)}")
    papers = raw.get("papers", [])
    if not isinstance(papers, list) or not all(isinstance(p, str) for p in papers):
        problems.append(DataProblem.of(source, "$.papers", "must be a list of URLs"))
        papers = []
    days = raw.get("days")
    if not isinstance(days, list):
        raise _problem(source, "$.days", f"must be a list of days, got {type(days).__name__}")
    if not days and not papers:
        raise _problem(
            source,
            "$",
            f"the notice for {year} is not published yet (未发布): holiday-cn commits this empty "
            "placeholder (no papers, no days) before the State Council General Office "
            "publishes the year's notice; until then opt in to calendar.provisional(...)",
        )
    try:
        statutory = statutory_holidays(year)
    except CalendarDataError:
        statutory = {}
    entries: list[DayEntry] = []
    checked: list[tuple[str, dt.date, EntryKind]] = []
    mentions = collections.Counter(  # only text dates count; anything else is refused below
        item["date"]
        for item in days
        if isinstance(item, Mapping) and isinstance(item.get("date"), str)
    )
    for i, item in enumerate(days):
        path = f"$.days[{i}]"
        if not isinstance(item, Mapping):
            problems.append(DataProblem.of(source, path, "must be an object"))
            continue
        extra = set(item) - {"name", "date", "isOffDay"}
        if extra:
            problems.append(DataProblem.of(source, path, f"unknown field(s) {sorted(extra)}"))
        name, date_text, off = item.get("name"), item.get("date"), item.get("isOffDay")
        bad = False
        if not isinstance(name, str) or not name.strip():
            problems.append(DataProblem.of(source, f"{path}.name", f"must be a name, got {name!r}"))
            bad = True
        try:
            day = parse_date("date", date_text)
        except InvalidValueError:
            problems.append(
                DataProblem.of(source, f"{path}.date", f"must be an ISO date, got {date_text!r}")
            )
            bad = True
        if not isinstance(off, bool):
            problems.append(
                DataProblem.of(source, f"{path}.isOffDay", f"must be true or false, got {off!r}")
            )
            bad = True
        if bad:
            continue
        if day.year != year and not _borders(year, day):
            problems.append(
                DataProblem.of(
                    source,
                    f"{path}.date",
                    f"{day.isoformat()} belongs to another year: a {year} file may only carry "
                    f"days of December {year - 1} or January {year + 1} (a break across the "
                    "new year)",
                )
            )
            continue
        if not off and day.weekday() < 5 and mentions[date_text] == 1:
            continue  # a weekday that is worked is a no-op (2020-02-03: back to work)
        holidays: tuple[str, ...] = ()
        if not off:
            kind = EntryKind.WORKDAY
        elif day in statutory:
            kind, holidays = EntryKind.HOLIDAY, statutory[day]
        else:
            kind = EntryKind.REST
        entries.append(DayEntry(day, str(name), kind, holidays))
        checked.append((path, day, kind))
    listed = {e.date for e in entries if e.is_off}
    for day, names in statutory.items():
        if day not in listed and day.weekday() < 5:
            problems.append(
                DataProblem.of(
                    source,
                    "$.days",
                    f"statutory holiday {'、'.join(names)} on {day.isoformat()} is not a day off "
                    "in this file (全国年节及纪念日放假办法)",
                )
            )
    notices = tuple(
        Notice(None, f"{year}年部分节假日安排 (via holiday-cn)", url=url, note="holiday-cn paper")
        for url in papers
    )
    data = YearData(
        year,
        notices,
        [e for e in entries if e.date.year == year],
        [e for e in entries if e.date.year != year],
    )
    problems.extend(_check_days(source, "1111100", checked))
    if problems:
        raise CalendarDataError(problems)
    return data


def load_calendar(source: Source) -> WorkCalendar:
    """Read a whole calendar file in our format (``docs/calendar-data.md``).

    Raises:
        CalendarDataError: Listing every problem of the file, with entry paths.

    Examples:
        >>> new_year = {"date": "2027-01-01", "name": "元旦", "kind": "holiday"}
        >>> cal = load_calendar({"format": "govservice.calendar/1", "id": "X",
        ...     "coverage": {"start": "2027-01-01", "end": "2027-12-31"},
        ...     "years": [{"year": 2027, "days": [new_year]}]})
        >>> cal.coverage.end
        datetime.date(2027, 12, 31)
    """
    from govservice.calendar._serde import structure

    name, raw = _read(source)
    if not isinstance(raw, Mapping):
        raise _problem(name, "$", "must be a JSON object")
    if raw.get("format") != _FORMAT:
        raise _problem(name, "$.format", f"must be {_FORMAT!r}, got {raw.get('format')!r}")
    weekmask = raw.get("weekmask", "1111100")
    if not (isinstance(weekmask, str) and len(weekmask) == 7 and set(weekmask) <= {"0", "1"}):
        raise _problem(name, "$.weekmask", f"must be like '1111100', got {weekmask!r}")
    coverage = structure(raw.get("coverage"), Coverage, name, "$.coverage")
    blocks = raw.get("years")
    if not isinstance(blocks, list):
        raise _problem(name, "$.years", "must be a list of year blocks")
    problems: list[DataProblem] = []
    years: list[YearData] = []
    for i, block in enumerate(blocks):
        try:
            years.append(_structure_year(name, f"$.years[{i}]", block, weekmask))
        except CalendarDataError as exc:
            problems.extend(exc.problems)
    names, ident = raw.get("names", {}), raw.get("id", name)
    if not isinstance(names, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in names.items()
    ):
        problems.append(DataProblem.of(name, "$.names", "must map Chinese names to English"))
    if not isinstance(ident, str) or not ident.strip():
        problems.append(DataProblem.of(name, "$.id", f"must be a short name, got {ident!r}"))
    expected = list(range(coverage.start.year, coverage.end.year + 1))
    if not problems and [y.year for y in years] != expected:
        problems.append(
            DataProblem.of(
                name,
                "$.years",
                f"must hold the years {expected[0]}..{expected[-1]} in order, one block each",
            )
        )
    if not problems:
        problems = _check_merge(name, years)
    if problems:
        raise CalendarDataError(problems)
    hours = raw.get("office_hours")
    office = (
        OfficeHours() if hours is None else structure(hours, OfficeHours, name, "$.office_hours")
    )
    return _assemble(raw, name, coverage, years, weekmask, office)


def _check_merge(name: str, years: list[YearData]) -> list[DataProblem]:
    """A date given by two year blocks (a year's days and its neighbour's adjacent) must agree."""
    seen: dict[dt.date, tuple[str, DayEntry]] = {}
    problems = []
    for i, year in enumerate(years):
        for field, entries in (("days", year.days), ("adjacent", year.adjacent)):
            for j, entry in enumerate(entries):
                where = f"$.years[{i}].{field}[{j}]"
                if entry.date not in seen:
                    seen[entry.date] = (where, entry)
                elif (seen[entry.date][1].kind is EntryKind.WORKDAY) != (
                    entry.kind is EntryKind.WORKDAY
                ):
                    problems.append(
                        DataProblem.of(
                            name,
                            where,
                            f"{entry.date.isoformat()} is a {entry.kind.value} here but a "
                            f"{seen[entry.date][1].kind.value} at {seen[entry.date][0]}",
                        )
                    )
    return problems


def _assemble(
    raw: Mapping[str, Any],
    name: str,
    coverage: Coverage,
    years: list[YearData],
    weekmask: str,
    office: OfficeHours,
) -> WorkCalendar:
    merged: dict[dt.date, DayEntry] = {}
    for entry in (d for y in years for d in (*y.days, *y.adjacent)):
        if entry.date in coverage:
            merged.setdefault(entry.date, entry)
    return WorkCalendar(
        coverage,
        days=list(merged.values()),
        weekmask=weekmask,
        notices=[n for y in years for n in y.notices],
        office_hours=office,
        name=str(raw.get("id", name)),
        names=dict(raw.get("names", {})),
    )


def _trusted_year(block: Mapping[str, Any]) -> YearData:
    """A year block of the shipped file, built without cattrs (it is checked by the tests)."""
    return YearData(
        block["year"],
        [
            Notice(
                n["number"],
                n["title"],
                dt.date.fromisoformat(n["published"]),
                n.get("url", ""),
                n.get("note", ""),
            )
            for n in block["notices"]
        ],
        [
            DayEntry(
                dt.date.fromisoformat(d["date"]),
                d["name"],
                EntryKind(d["kind"]),
                d.get("holidays", ()),
                d.get("notice"),
            )
            for d in block["days"]
        ],
    )


@functools.lru_cache(maxsize=1)
def china() -> WorkCalendar:
    """The official mainland China working-day calendar, 2004-01-01..2026-12-31.

    From the State Council General Office (国务院办公厅) holiday notices, one per year, with the
    amendments (2015-09-03 anniversary, 2019 Labour Day, 2020 Spring Festival extension); each
    year's notice is in ``calendar.notices`` and in the docs' sources page. Unverified: the
    numbers of the 2004, 2005, 2008 and 2026 notices and the dates of the 2004 and 2005 ones
    come from secondary copies only (each such notice says so in its ``note``). Time zone
    Asia/Shanghai, office hours 09:00-12:00 and 13:30-17:30 (set your own with
    ``attrs.evolve(cal, office_hours=...)``). Extend it with next year's notice the day it is
    published: ``china().with_year(load_year("2027.json"))``.

    Examples:
        >>> cal = china()
        >>> cal.coverage
        Coverage(start=datetime.date(2004, 1, 1), end=datetime.date(2026, 12, 31))
        >>> cal.is_working_day(dt.date(2026, 2, 14))  # Saturday worked before Spring Festival
        True
    """
    raw = _package_json("china.json")
    coverage = Coverage(
        dt.date.fromisoformat(raw["coverage"]["start"]),
        dt.date.fromisoformat(raw["coverage"]["end"]),
    )
    years = [_trusted_year(block) for block in raw["years"]]
    return _assemble(raw, "CN", coverage, years, raw["weekmask"], OfficeHours())


def calendar_to_json(calendar: WorkCalendar) -> dict[str, Any]:
    """The calendar file of ``calendar``, as the mapping `load_calendar` reads.

    Raises:
        InvalidValueError: ``calendar`` is provisional (its provisional days are never stored;
            save ``calendar.official``).

    Examples:
        >>> raw = calendar_to_json(china())
        >>> raw["format"], raw["coverage"], len(raw["years"])
        ('govservice.calendar/1', {'start': '2004-01-01', 'end': '2026-12-31'}, 23)
        >>> load_calendar(raw) == china()
        True
    """
    from govservice.calendar._calendar import _notice_year
    from govservice.calendar._provisional import ProvisionalCalendar
    from govservice.calendar._serde import converter

    if isinstance(calendar, ProvisionalCalendar):
        raise InvalidValueError(
            "calendar",
            calendar,
            "a calendar of official data; provisional days are never stored: save "
            "calendar.official, and make it provisional again after loading",
        )
    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError("calendar", calendar, "a WorkCalendar")
    first, last = calendar.coverage.start.year, calendar.coverage.end.year
    blocks: dict[int, dict[str, Any]] = {
        y: {"year": y, "notices": [], "days": []} for y in range(first, last + 1)
    }
    for notice in calendar.notices:
        year = _notice_year(notice)
        blocks[year if year in blocks else first]["notices"].append(converter.unstructure(notice))
    for entry in calendar.days:
        raw: dict[str, Any] = {
            "date": entry.date.isoformat(),
            "name": entry.name,
            "kind": entry.kind.value,
        }
        if entry.kind is EntryKind.HOLIDAY and entry.holidays != (entry.name,):
            raw["holidays"] = list(entry.holidays)
        if entry.notice is not None:
            raw["notice"] = entry.notice
        blocks[entry.date.year]["days"].append(raw)
    result: dict[str, Any] = {
        "format": _FORMAT,
        "id": calendar.name,
        "weekmask": calendar.weekmask,
        "coverage": converter.unstructure(calendar.coverage),
        "names": dict(calendar.names),
    }
    if calendar.office_hours != OfficeHours():
        result["office_hours"] = converter.unstructure(calendar.office_hours)
    result["years"] = list(blocks.values())
    return result


def save_calendar(calendar: WorkCalendar, path: str | os.PathLike[str]) -> None:
    """Write ``calendar`` to ``path`` in our format, so `load_calendar` gives it back equal.

    A center keeps its whole calendar (national data, next year's notice, local closures) in
    one file. The file is checked by reading it back before it replaces anything, and written
    atomically (`govservice._files.atomic_write`: a temporary file in the same directory,
    flushed to disk, then renamed), so the old file stays whole if anything fails.

    Raises:
        InvalidValueError: ``calendar`` is provisional (save ``calendar.official``), or the
            path cannot name a file in an existing directory.
        CalendarDataError: The calendar would not load back (a year without a statutory
            holiday); nothing is written then.
        OSError: The disk refused the write; the old file is unchanged.

    Examples:
        >>> import tempfile, pathlib
        >>> local = china().with_closures(dt.date(2026, 3, 2), dt.date(2026, 3, 3), "搬迁")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     target = pathlib.Path(tmp) / "my-center.json"
        ...     save_calendar(local, target)
        ...     load_calendar(target) == local
        True
    """
    raw = calendar_to_json(calendar)
    name = os.fspath(path)
    try:
        load_calendar(raw)
    except CalendarDataError as exc:
        raise CalendarDataError(
            [DataProblem.of(name, p.path, p.problem) for p in exc.problems]
        ) from None
    atomic_write(path, json.dumps(raw, ensure_ascii=False, indent=2) + "\n")
