"""Predicting a year's 调休 arrangement from the notices of earlier years.

Each year's statutory holidays fall into clusters (a holiday's days; 中秋 joins 国庆 when they
are at most three days apart). A cluster's arrangement in a notice is the set of days off and
make-up workdays around it, as offsets from its anchor (初一 for 春节, else its first statutory
day). To predict a cluster, the most recent earlier year (from 2008, the first under decree
513) whose cluster matches is copied:

1. the same holidays with the same statutory days, anchored on the same weekday;
2. else the most recent of: the same holidays anchored on the same weekday (the measures
   changed in between), and for a one-day holiday any one-day holiday on the same weekday;
3. otherwise the law alone: the statutory days, and for each one on a weekend a day off on the
   next working day (补假, 全国年节及纪念日放假办法 art. 6).

The statutory days are always off; a copied make-up workday is kept only on a weekend and never
on a day off. Nothing here is official: see the backtest in ``docs/keeping-current.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from govservice._errors import CalendarDataError
from govservice.calendar._calendar import WorkCalendar
from govservice.calendar._model import DayEntry, EntryKind, Notice

__all__ = ["Cluster", "clusters", "predicted_days"]

_DAY = dt.timedelta(days=1)
_WINDOW = 14  # days around a cluster searched for its notice's entries
_MERGE_GAP = 3  # statutory days at most this far apart form one cluster
#: The first year whose notice is a precedent: 2008, the first under decree 513 (the
#: golden weeks of 2000-2007 follow rules no longer in force).
FIRST_PRECEDENT = 2008


@attrs.frozen
class Cluster:
    """The statutory days of one holiday period of a year (internal)."""

    holidays: tuple[str, ...]
    anchor: dt.date
    days: tuple[tuple[dt.date, tuple[str, ...]], ...]

    @property
    def name(self) -> str:
        """The period name as notices write it ("春节", "中秋节、国庆节")."""
        return "、".join(self.holidays)

    @property
    def first(self) -> dt.date:
        """The first statutory day."""
        return self.days[0][0]

    @property
    def last(self) -> dt.date:
        """The last statutory day."""
        return self.days[-1][0]

    def shape(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """The statutory days as offsets from the anchor."""
        return tuple(((day - self.anchor).days, names) for day, names in self.days)


def clusters(year: int) -> list[Cluster]:
    """The holiday periods of ``year`` under the measures in force that year."""
    from govservice.calendar._data import festival_dates, statutory_holidays

    statutory = statutory_holidays(year)
    by_name: dict[str, list[dt.date]] = {}
    for day, names in statutory.items():
        for name in names:
            by_name.setdefault(name, []).append(day)
    groups: list[list[str]] = []
    spans: list[tuple[dt.date, dt.date]] = []
    for name, days in sorted(by_name.items(), key=lambda item: (item[1][0], item[1][-1])):
        if spans and (days[0] - spans[-1][1]).days <= _MERGE_GAP:
            groups[-1].append(name)
            spans[-1] = (spans[-1][0], max(spans[-1][1], days[-1]))
        else:
            groups.append([name])
            spans.append((days[0], days[-1]))
    festivals = festival_dates(year)
    result = []
    for group, (first, last) in zip(groups, spans, strict=True):
        members = tuple(
            (day, tuple(n for n in statutory[day] if n in group))
            for day in sorted(statutory)
            if first <= day <= last and set(statutory[day]) & set(group)
        )
        anchor = festivals["spring_festival"] if "春节" in group else first
        result.append(Cluster(tuple(group), anchor, members))
    return result


@attrs.frozen
class _Precedent:
    year: int
    cluster: Cluster
    off: frozenset[int]
    work: frozenset[int]


def _history(base: WorkCalendar) -> list[_Precedent]:
    """The arrangement of every cluster of every whole year ``base`` holds notices for."""
    found = []
    by_date = {d.date: d for d in base.days}
    start, end = base.coverage
    for year in range(max(start.year, FIRST_PRECEDENT), end.year + 1):
        try:
            periods = clusters(year)
        except CalendarDataError:
            continue
        for cluster in periods:
            names = set(cluster.holidays)
            lo = cluster.first - dt.timedelta(days=_WINDOW)
            hi = cluster.last + dt.timedelta(days=_WINDOW)
            if lo < start or hi > end:
                continue
            entries = [
                by_date[day]
                for day in _dates(lo, hi)
                if day in by_date and set(by_date[day].name.split("、")) & names
            ]
            if not entries or any(e.notice is not None for e in entries):
                continue  # no notice, or an amendment changed it: not a precedent
            if any(e.kind is EntryKind.LOCAL for e in entries):
                continue
            off = frozenset((e.date - cluster.anchor).days for e in entries if e.is_off)
            work = frozenset(
                (e.date - cluster.anchor).days for e in entries if e.kind is EntryKind.WORKDAY
            )
            found.append(_Precedent(year, cluster, off, work))
    return found


def _match(cluster: Cluster, history: list[_Precedent]) -> _Precedent | None:
    weekday = cluster.anchor.weekday()
    names = set(cluster.holidays)
    same = [p for p in history if p.cluster.anchor.weekday() == weekday]
    exact = [
        p for p in same if set(p.cluster.holidays) == names and p.cluster.shape() == cluster.shape()
    ]
    if exact:
        return max(exact, key=lambda p: p.year)
    alike = [
        p
        for p in same
        if set(p.cluster.holidays) == names
        or (len(cluster.days) == len(p.cluster.days) == 1 and len(p.cluster.holidays) == 1)
    ]
    if alike:
        return max(alike, key=lambda p: p.year)
    return None


def _arrange(
    cluster: Cluster, precedent: _Precedent | None, weekmask: str
) -> tuple[set[dt.date], set[dt.date]]:
    """(days off, make-up workdays) of one cluster."""
    statutory = {day for day, _ in cluster.days}
    if precedent is None:
        off = set(statutory)
        day = cluster.last
        for holiday in sorted(statutory):
            if weekmask[holiday.weekday()] == "0":  # art. 6: a weekend holiday is made up
                day = max(day, holiday)
                while day in off or weekmask[day.weekday()] == "0":
                    day += _DAY
                off.add(day)
        return off, set()
    off = statutory | {cluster.anchor + dt.timedelta(days=o) for o in precedent.off}
    work = {
        cluster.anchor + dt.timedelta(days=o)
        for o in precedent.work
        if weekmask[(cluster.anchor + dt.timedelta(days=o)).weekday()] == "0"
    }
    return off, work - off


def predicted_days(base: WorkCalendar, until: dt.date) -> tuple[list[DayEntry], list[Notice]]:
    """The predicted entries after ``base``'s coverage up to ``until``, and their sources."""
    from govservice.calendar._provisional import PROVISIONAL_NOTE, decree_notice

    end = base.coverage.end
    history = _history(base)
    chosen: dict[dt.date, DayEntry] = {}
    makeup: list[DayEntry] = []
    notices: list[Notice] = []
    used: set[int] = set()
    for year in range(end.year, until.year + 2):
        try:
            periods = clusters(year)
        except CalendarDataError:
            continue
        notice = decree_notice(year)
        for cluster in periods:
            if cluster.last + dt.timedelta(days=_WINDOW) <= end:
                continue
            if cluster.first - dt.timedelta(days=_WINDOW) > until:
                continue
            if notice not in notices:
                notices.append(notice)
            precedent = _match(cluster, history)
            if precedent is not None:
                used.add(precedent.year)
            off, work = _arrange(cluster, precedent, base.weekmask)
            names = dict(cluster.days)
            for day in sorted(off):
                if end < day <= until and day not in chosen:
                    if day in names:
                        kind, holidays, number = EntryKind.HOLIDAY, names[day], notice.number
                    else:
                        kind, holidays, number = EntryKind.REST, (), None
                    chosen[day] = DayEntry(day, cluster.name, kind, holidays, number)
            makeup += [
                DayEntry(day, cluster.name, EntryKind.WORKDAY)
                for day in sorted(work)
                if end < day <= until
            ]
    for entry in makeup:  # a make-up workday never displaces a day off of another period
        chosen.setdefault(entry.date, entry)
    if used:
        first, last = min(used), max(used)
        notices.append(
            Notice(
                None,
                "预估调休安排 (predicted arrangement)",
                note=(
                    f"{PROVISIONAL_NOTE} days off and make-up workdays copied from the notices of "
                    f"{first}..{last} for holidays on the same weekdays; not official."
                ),
            )
        )
    return sorted(chosen.values()), notices


def _dates(a: dt.date, b: dt.date) -> Iterable[dt.date]:
    return (a + dt.timedelta(days=i) for i in range((b - a).days + 1))
