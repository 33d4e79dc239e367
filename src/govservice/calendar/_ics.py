"""Calendar feeds (RFC 5545) for staff calendars, written with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from govservice._errors import InvalidValueError
from govservice._extras import optional
from govservice._i18n import N_, _t, locale_of
from govservice.calendar._model import DayEntry, EntryKind, Notice

if TYPE_CHECKING:
    from govservice.calendar._calendar import WorkCalendar

__all__ = ["FEEDS", "to_ics"]

#: The feeds `WorkCalendar.to_ics` writes.
FEEDS = ("statutory", "days_off", "makeup_workdays", "combined")
_PRODID = "-//govservice//official working-day calendar//ZH"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _category(entry: DayEntry, feed: str) -> str | None:
    """The event category of ``entry`` in ``feed`` ("statutory", "off", "workday"), or None."""
    if feed == "statutory":
        return "statutory" if entry.kind is EntryKind.HOLIDAY else None
    if feed == "makeup_workdays":
        return "workday" if entry.kind is EntryKind.WORKDAY else None
    if feed == "days_off":
        return "off" if entry.is_off else None
    return "off" if entry.is_off else "workday"


def _summary(cal: WorkCalendar, entry: DayEntry, category: str, locale: str) -> str:
    name = entry.name if locale != "en" else cal.english_name(entry.name)
    if category == "statutory" or entry.kind is EntryKind.HOLIDAY:
        return _t(locale, N_("%(name)s (statutory holiday)")) % {"name": name}
    if category == "workday":
        return _t(locale, N_("%(name)s: make-up workday")) % {"name": name}
    if entry.kind is EntryKind.LOCAL:
        return _t(locale, N_("%(name)s: local day off")) % {"name": name}
    return _t(locale, N_("%(name)s: day off")) % {"name": name}


def _source(cal: WorkCalendar, entry: DayEntry) -> Notice | None:
    from govservice.calendar._calendar import _notice_year

    if entry.notice is not None:
        return next((n for n in cal.notices if n.number == entry.notice), None)
    yearly = [n for n in cal.notices if _notice_year(n) == entry.date.year]
    return yearly[0] if yearly else None


def _description(cal: WorkCalendar, entry: DayEntry, locale: str) -> str:
    notice = _source(cal, entry)
    lines = []
    if cal.is_provisional(entry.date):
        lines.append(_t(locale, N_("Provisional: the notice for this year is not published yet.")))
    if notice is not None:
        number = notice.number or _t(locale, N_("no document number"))
        lines.append(f"{number} {notice.title}")
        if notice.url:
            lines.append(notice.url)
    elif entry.notice is not None:
        lines.append(entry.notice)
    return "\n".join(lines)


def _stamp(cal: WorkCalendar, entry: DayEntry) -> dt.datetime:
    """DTSTAMP: when the day became known (its notice's date), never the wall clock."""
    notice = _source(cal, entry)
    day = notice.published if notice is not None and notice.published else cal.coverage.start
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def to_ics(
    cal: WorkCalendar,
    feed: str,
    locale: str,
    start: dt.date | None,
    end: dt.date | None,
) -> bytes:
    """The feed as iCalendar bytes; see `WorkCalendar.to_ics`."""
    icalendar = optional("icalendar", "ics", "WorkCalendar.to_ics")
    if feed not in FEEDS:
        raise InvalidValueError("feed", feed, f"one of {', '.join(map(repr, FEEDS))}")
    locale = locale_of(locale)
    first = cal.coverage.start if start is None else start
    last = cal.coverage.end if end is None else end
    for field, value in (("start", first), ("end", last)):
        if type(value) is not dt.date:
            raise InvalidValueError(field, value, "a datetime.date or None")
    if last < first:
        raise InvalidValueError("end", last, f"on or after start {first.isoformat()}")
    ident = _SAFE.sub("-", cal.name).strip("-") or "calendar"
    out = icalendar.Calendar()
    out.add("prodid", _PRODID)
    out.add("version", "2.0")
    out.add("calscale", "GREGORIAN")
    out.add("method", "PUBLISH")
    title = _t(locale, N_("%(name)s: %(feed)s")) % {
        "name": cal.name,
        "feed": _t(locale, _FEED_NAMES[feed]),
    }
    out.add("x-wr-calname", title)
    out.add("x-wr-timezone", cal.office_hours.timezone)
    for entry in cal.days:
        if not first <= entry.date <= last:
            continue
        category = _category(entry, feed)
        if category is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{entry.date:%Y%m%d}-{category}@{ident}.govservice")
        event.add("dtstamp", _stamp(cal, entry))
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        event.add("summary", _summary(cal, entry, category, locale))
        description = _description(cal, entry, locale)
        if description:
            event.add("description", description)
        event.add("transp", "TRANSPARENT" if category == "workday" else "OPAQUE")
        event.add("categories", [category])
        out.add_component(event)
    return bytes(out.to_ical())


_FEED_NAMES = {
    "statutory": N_("statutory holidays"),
    "days_off": N_("days off"),
    "makeup_workdays": N_("make-up workdays"),
    "combined": N_("days off and make-up workdays"),
}
