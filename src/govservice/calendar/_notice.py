"""Reading the text of a State Council (General Office) holiday notice into a `YearData`.

The annual notice ("国务院办公厅关于2027年部分节假日安排的通知") lists one item per holiday
period: "一、元旦：1月1日（周四）放假1天，不调休。", "二、春节：2月15日至23日放假调休，共9天。
2月14日（周六）、2月28日（周六）上班。", and the forms used since 2007 ("X日放假，与周末连休",
"X日放假，Y日（星期一）补休", "其中……上班" sentences). Amendments (the 2015 anniversary, the 2019
Labour Day change, the 2020 Spring Festival extension) are read on top of the year they amend.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from govservice._errors import CalendarDataError, DataProblem, InvalidValueError
from govservice.calendar._model import DayEntry, EntryKind, Notice, YearData

__all__ = ["year_from_notice"]

_SOURCE = "<notice>"
_ITEM = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
_TITLE = re.compile(r"国务院(?:办公厅)?关于.{0,80}?通知(?:（[^）]*）)?")
_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_SIGNED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?")
_RANGE = re.compile(
    r"日(?:（[^）]*）)?\s*(?:至|—|－|～|~|-|–)\s*(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日"
)
_WORKED = re.compile(r"上班|补班")
_NOT_WORKED = re.compile(r"正常上班|不上班|不补班")
_COUNT = re.compile(r"(?:共|放假)([0-9一二三四五六七八九十]+)天")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ALIASES = {"五一": "劳动节", "“五一”": "劳动节", "十一": "国庆节", "“十一”": "国庆节"}
_DAY = dt.timedelta(days=1)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS[text[1]]
    if text.endswith("十"):
        return 10 * _NUMERALS[text[0]]
    if "十" in text:
        tens, ones = text.split("十")
        return 10 * _NUMERALS[tens] + _NUMERALS[ones]
    return _NUMERALS[text]


def _name(raw: str) -> str:
    """The period name as the data writes it: "“五一”国际劳动节" is 劳动节, "十一" 国庆节."""
    name = raw.strip()
    if name in _ALIASES:
        return _ALIASES[name]
    if "劳动节" in name:
        return "劳动节"
    return name.replace("“", "").replace("”", "")


class _Reader:
    """Dates of one item, resolved against the notice's year and the item's earlier dates."""

    def __init__(self, year: int, name: str) -> None:
        self.year = year
        self.name = name
        self.month: int | None = None
        self.anchor: dt.date | None = None

    def dates(self, text: str, sentence: str, problems: list[DataProblem]) -> list[dt.date]:
        found = []
        for match in _DATE.finditer(text):
            year_text, month_text, day_text, note = match.groups()
            month = int(month_text) if month_text else self.month
            if month is None:
                problems.append(_at(sentence, f"{match.group(0)} has no month"))
                continue
            self.month = month
            day_number = int(day_text)
            years = [int(year_text)] if year_text else self._years(month)
            day = None
            for year in years:
                try:
                    day = dt.date(year, month, day_number)
                except ValueError:
                    continue
                break
            if day is None:
                problems.append(_at(sentence, f"{match.group(0)} is not a date"))
                continue
            if self.anchor is None:
                self.anchor = day
            weekday = _WEEKDAY.search(note or "")
            if weekday and _WEEKDAYS[weekday.group(1)] != day.weekday():
                problems.append(
                    _at(
                        sentence,
                        f"{match.group(0)}: {day.isoformat()} is a {day.strftime('%A')}, "
                        f"not {weekday.group(0)}",
                    )
                )
            found.append(day)
        return found

    def _years(self, month: int) -> list[int]:
        if self.anchor is None:
            first = self.year - 1 if month == 12 and self.name == "元旦" else self.year
            return [first]
        candidates = [self.year - 1, self.year, self.year + 1]
        mid = self.anchor

        def distance(year: int) -> int:
            try:
                return abs((dt.date(year, month, 1) - mid).days)
            except ValueError:
                return 10**6

        return sorted(candidates, key=distance)


def _at(sentence: str, problem: str) -> DataProblem:
    return DataProblem.of(_SOURCE, f"「{sentence}」", problem)


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s.strip()]


def _span(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def _weekend_around(day: dt.date) -> list[dt.date]:
    days = [day]
    before, after = day - _DAY, day + _DAY
    while before.weekday() >= 5:
        days.insert(0, before)
        before -= _DAY
    while after.weekday() >= 5:
        days.append(after)
        after += _DAY
    return days


def _off_days(
    sentence: str, reader: _Reader, problems: list[DataProblem]
) -> tuple[list[dt.date], int | None]:
    """The days off that a "…放假…" sentence gives, and the count it states."""
    head, _, tail = sentence.partition("放假")
    dates = reader.dates(head, sentence, problems)
    count_match = _COUNT.search(sentence)
    count = _number(count_match.group(1)) if count_match else None
    if not dates:
        problems.append(_at(sentence, "names no day off before 放假"))
        return [], count
    if len(dates) >= 2 and _RANGE.search(head):
        if dates[1] < dates[0]:
            problems.append(_at(sentence, "the range ends before it starts"))
            return [], count
        days = _span(dates[0], dates[-1])
    else:
        days = list(dates)
    if "补休" in tail:
        extra = reader.dates(tail.partition("补休")[0], sentence, problems)
        if extra:
            days = _span(days[0], max(extra))
    elif "与周末连休" in tail:
        days = _weekend_around(days[0]) if len(days) == 1 else days
    return days, count


def _work_days(sentence: str, reader: _Reader, problems: list[DataProblem]) -> list[dt.date]:
    """The make-up workdays of the clauses of ``sentence`` that end with 上班."""
    found: list[dt.date] = []
    for clause in re.split(r"[，；,;]", sentence.rstrip("。")):
        # "…上班", and reworded: "调休上班：…", "…上班（调休）", "…补班".
        if _WORKED.search(clause) and not _NOT_WORKED.search(clause):
            found += reader.dates(clause, sentence, problems)
    return found


def _header(lines: list[str]) -> tuple[str, str | None, dt.date | None]:
    joined = "".join(lines[:3])  # a copied title may break across lines
    found = _TITLE.search(joined)
    title = found.group(0) if found else ""
    number = next((m.group(0) for line in lines[:4] if (m := _NUMBER.search(line))), None)
    published = None
    for line in lines:
        signed = _SIGNED.match(line)
        if signed:
            try:
                published = dt.date(*(int(g) for g in signed.groups()))
            except ValueError:
                published = None
    return title, number, published


def _items(lines: list[str]) -> list[tuple[str, str]]:
    """(name, text) of each numbered item, continuation paragraphs joined."""
    items: list[tuple[str, str]] = []
    for line in lines:
        item = _ITEM.match(line)
        if item:
            body = item.group(2)
            name, sep, text = body.partition("：")
            if not sep:
                name, text = "", body
            items.append((_name(name), text.strip()))
        elif items and (
            line.startswith("其中")
            or line[:1].isdigit()
            or (_WORKED.search(line) and _DATE.search(line))  # "另，2月14日（周六）上班。"
        ):
            name, text = items[-1]
            items[-1] = (name, text + line)
    return items


def _entries(
    name: str,
    off: Iterable[dt.date],
    work: Iterable[dt.date],
    statutory: dict[dt.date, tuple[str, ...]],
    notice: str | None,
    one_off: Iterable[dt.date] = (),
) -> list[DayEntry]:
    parts = set(name.split("、"))
    special = set(one_off)
    result = []
    for day in sorted(set(off)):
        if day in special:
            result.append(DayEntry(day, name, EntryKind.HOLIDAY, (name,), notice))
        elif day in statutory and parts & set(statutory[day]):
            result.append(DayEntry(day, name, EntryKind.HOLIDAY, statutory[day], notice))
        else:
            result.append(DayEntry(day, name, EntryKind.REST, (), notice))
    result += [DayEntry(day, name, EntryKind.WORKDAY, (), notice) for day in sorted(set(work))]
    return result


def _check(entries: list[DayEntry], where: dict[dt.date, str]) -> list[DataProblem]:
    problems = []
    seen: dict[dt.date, DayEntry] = {}
    for entry in entries:
        sentence = where.get(entry.date, "")
        if entry.date in seen and seen[entry.date].is_off != entry.is_off:
            problems.append(
                _at(sentence, f"{entry.date.isoformat()} is both a day off and a working day")
            )
        elif entry.date in seen:
            problems.append(_at(sentence, f"{entry.date.isoformat()} is given twice"))
        seen[entry.date] = entry
        if entry.kind is EntryKind.WORKDAY and entry.date.weekday() < 5:
            problems.append(
                _at(
                    sentence,
                    f"make-up workday {entry.date.isoformat()} is a "
                    f"{entry.date.strftime('%A')}; a make-up workday must be a Saturday or Sunday",
                )
            )
    return problems


def year_from_notice(text: str, *, amends: YearData | None = None) -> YearData:
    """Read the text of a holiday notice into a `YearData`, checked against the law.

    Pass the text as published: the title ("国务院办公厅关于2027年部分节假日安排的通知"), the
    number, the items and the date it was signed. The items are read in every form the
    notices have used since 2007. The result is checked against the statutory rules of that
    year (全国年节及纪念日放假办法 in force, `statutory_holidays`): every holiday is present
    with its statutory days off, make-up workdays fall on weekends, no day is both off and
    worked, and a stated count ("共8天") matches the days; each problem names the sentence
    it comes from. Names are the notice's own ("国庆节、中秋节"; the early "五一" and "十一"
    are 劳动节 and 国庆节).

    For an amendment (a notice that changes one period of a year already announced, such as
    "关于延长2020年春节假期的通知"), pass the year it amends as ``amends``: the result is that
    year with the amendment's days laid over it, each marked with the amendment's number.

    Args:
        text: The notice's text (a leading UTF-8 BOM is ignored).
        amends: For an amendment, the year data it changes.

    Raises:
        CalendarDataError: Every problem found, each naming its sentence.
        InvalidValueError: ``text`` is not a string, or ``amends`` not a `YearData`.

    Examples:
        >>> text = '''国务院办公厅关于2027年部分节假日安排的通知（示例）
        ... 一、元旦：1月1日（周五）至3日（周日）放假，共3天。
        ... 二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月20日（周六）上班。
        ... 三、清明节：4月3日（周六）至5日（周一）放假，共3天。
        ... 四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
        ... 五、端午节：6月9日（周三）放假，共1天。
        ... 六、中秋节：9月15日（周三）放假，共1天。
        ... 七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）上班。'''
        >>> y = year_from_notice(text)
        >>> y.year, len(y.days), y.days[0].name, y.days[0].kind.value
        (2027, 32, '元旦', 'holiday')
        >>> try:
        ...     year_from_notice(text.replace("9月26日（周日）", "9月27日（周日）"))
        ... except CalendarDataError as exc:
        ...     print(exc.problems[0].path, exc.problems[0].problem)
        「9月27日（周日）上班。」 9月27日（周日）: 2027-09-27 is a Monday, not 周日
    """
    if not isinstance(text, str):
        raise InvalidValueError("text", text, "the notice's text as a string")
    if amends is not None and not isinstance(amends, YearData):
        raise InvalidValueError("amends", amends, "the YearData the amendment changes")
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    title, number, published = _header(lines)
    annual = re.search(r"关于(\d{4})年部分节假日安排", title)
    if annual:
        return _annual(int(annual.group(1)), lines, title, number, published)
    if amends is None:
        raise CalendarDataError(
            [
                _at(
                    title or (lines[0] if lines else ""),
                    "is not an annual notice (关于YYYY年部分节假日安排的通知); for an amendment "
                    "pass the year it amends: year_from_notice(text, amends=year_data)",
                )
            ]
        )
    return _amendment(amends, lines, title, number, published)


def _make_notice(title: str, number: str | None, published: dt.date | None) -> Notice:
    return Notice(number, title or "（无标题）", published)


def _annual(
    year: int, lines: list[str], title: str, number: str | None, published: dt.date | None
) -> YearData:
    from govservice.calendar._data import statutory_holidays

    try:
        statutory = statutory_holidays(year)
    except CalendarDataError as exc:
        raise CalendarDataError([_at(title, p.problem) for p in exc.problems]) from None
    problems: list[DataProblem] = []
    entries: list[DayEntry] = []
    where: dict[dt.date, str] = {}
    items = _items(lines)
    if not items:
        problems.append(_at(title, "lists no holiday item (一、元旦：…)"))
    covered: dict[str, set[dt.date]] = {}
    for name, body in items:
        line = _full(lines, body)
        reader = _Reader(year, name)
        sentences = _sentences(body)
        off: list[dt.date] = []
        work: list[dt.date] = []
        for i, part in enumerate(sentences):
            if i == 0:
                off, count = _off_days(part, reader, problems)
                if count is not None and off and count != len(off):
                    problems.append(_at(line, f"says {count} days, but gives {len(off)} days off"))
            work += _work_days(part, reader, problems)
        for day in (*off, *work):
            where[day] = line
        covered.setdefault(name, set()).update(off)
        entries += _entries(name, off, work, statutory, None)
    problems += _check(entries, where)
    for day, names in statutory.items():
        holders = [n for n, days in covered.items() if set(n.split("、")) & set(names)]
        if not holders:
            problems.append(
                _at(title, f"has no item for {'、'.join(names)} (statutory on {day.isoformat()})")
            )
        elif not any(day in covered[n] for n in holders):
            problems.append(
                _at(
                    _full(lines, next(b for n, b in items if n == holders[0])),
                    f"statutory holiday {'、'.join(names)} on {day.isoformat()} is not a day off "
                    "(全国年节及纪念日放假办法)",
                )
            )
    if problems:
        raise CalendarDataError(problems)
    notice = _make_notice(title, number, published)
    own = sorted(e for e in entries if e.date.year == year)
    adjacent = sorted(
        DayEntry(e.date, e.name, e.kind, e.holidays, notice.number)
        for e in entries
        if e.date.year != year
    )
    return YearData(year, (notice,), own, adjacent)


def _full(lines: list[str], body: str) -> str:
    """The item line (as printed) whose text starts ``body``."""
    start = body[:12]
    return next((line for line in lines if start and start in line), body)


def _amendment(
    base: YearData, lines: list[str], title: str, number: str | None, published: dt.date | None
) -> YearData:
    from govservice.calendar._data import statutory_holidays

    year = base.year
    found = re.search(r"关于(?:调整|延长)?(?:\d{4}年)?(.+?)(?:调休放假|假期|放假)", title)
    name = _name(found.group(1)) if found else ""
    problems: list[DataProblem] = []
    if not name:
        problems.append(_at(title, "names no holiday period"))
    try:
        statutory = statutory_holidays(year)
    except CalendarDataError:
        statutory = {}
    body = [
        line
        for line in lines
        if line not in (title, number)
        and not line.startswith(("经国务院批准", "节假日期间", "各省"))
        and not _SIGNED.match(line)
        and _DATE.search(line)
    ]
    reader = _Reader(year, name)
    off: list[dt.date] = []
    work: list[dt.date] = []
    one_off: list[dt.date] = []
    where: dict[dt.date, str] = {}
    for line in body:
        text = _ITEM.sub(r"\2", line)
        for sentence in _sentences(text):
            if sentence.startswith("延长"):
                target = reader.dates(sentence.partition("，")[0], sentence, problems)
                period = [d.date for d in base.days if d.name == name and d.is_off]
                if target and period:
                    days = _span(max(period) + _DAY, target[0])
                    off += days
                    where.update(dict.fromkeys(days, line))
                elif not period:
                    problems.append(_at(sentence, f"{year} has no {name} period to extend"))
                continue
            if "放假" in sentence:
                days, count = _off_days(sentence, reader, problems)
                if count is not None and days and count != len(days):
                    problems.append(
                        _at(sentence, f"says {count} days, but gives {len(days)} days off")
                    )
                if "全国放假" in sentence and name not in {
                    n for v in statutory.values() for n in v
                }:
                    one_off += days
                off += days
                where.update(dict.fromkeys(days, line))
            days = _work_days(sentence, reader, problems)
            work += days
            where.update(dict.fromkeys(days, line))
    if not off and not work:
        problems.append(_at(title, "changes no day"))
    entries = _entries(name, off, work, statutory, number, one_off)
    problems += _check(entries, where)
    if problems:
        raise CalendarDataError(problems)
    changed = {e.date for e in entries}
    own = [e for e in entries if e.date.year == year]
    notice = _make_notice(title, number, published)
    return YearData(
        year,
        (*base.notices, notice),
        sorted([*(d for d in base.days if d.date not in changed), *own]),
        base.adjacent,
    )
