"""Text for people: limits, dates, day kinds and deadline explanations in zh_CN, zh_TW and en.

Messages are gettext msgids in English, translated by the catalogs in ``govservice/locale``
(edit the ``.po``, then ``make locales``). The locale is always passed in, never read from the
environment. Dates and numbers are formatted by babel with the same locale.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from govservice._i18n import LOCALES, N_, locale_of
from govservice._i18n import _t as _gettext
from govservice._i18n import _tn as _ngettext
from govservice._i18n import babel_locale as _babel

# The deadline module imports this one only inside `Deadline.explain`, so its names are
# imported here once, not inside the functions that render every explanation.
from govservice.calendar._deadline import (
    Deadline,
    DeadlineStep,
    StepKind,
    _day0,
    _engine,
    _mark_step,
    _named_marks,
)
from govservice.calendar._limits import LimitUnit, TimeLimit
from govservice.calendar._model import DayKind
from govservice.calendar._provisional import ProvisionalCalendar

__all__ = [
    "LOCALES",
    "format_date",
    "format_day_kind",
    "format_deadline",
    "format_limit",
    "render_steps",
]


# An explanation looks up a dozen messages and formats a dozen values; each is a pure function
# of its arguments, so each is made once and kept (bounded), and the locale is read once.
@functools.lru_cache(maxsize=64)
def _known_locale(locale: str) -> str:
    return locale_of(locale)


def _locale(locale: object) -> str:
    """`locale_of`, kept per spelling (anything but a string goes to `locale_of` to fail)."""
    if type(locale) is str:
        return _known_locale(locale)
    return locale_of(locale)


@functools.lru_cache(maxsize=1024)
def _t(locale: str, msgid: str) -> str:
    return _gettext(locale, msgid)


@functools.lru_cache(maxsize=1024)
def _tn(locale: str, singular: str, plural: str, n: float) -> str:
    return _ngettext(locale, singular, plural, n)


def format_date(day: dt.date, locale: str = "zh_CN") -> str:
    """A date as people read it in ``locale``.

    Examples:
        >>> import datetime as dt
        >>> format_date(dt.date(2025, 10, 1), "zh_CN"), format_date(dt.date(2025, 10, 1), "en")
        ('2025年10月1日', 'Oct 1, 2025')
    """
    return _date_text(day, _locale(locale))


# Texts for people are pure functions of (value, catalog locale), and babel's formatting is
# the costly part of an explanation (hundreds of microseconds for a long one); so each text is
# made once per value and locale and kept (bounded: dates of a few years, seven weekdays).
@functools.lru_cache(maxsize=8192)
def _date_text(day: dt.date, locale: str) -> str:
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, "medium", locale=_babel(locale)))


@functools.lru_cache(maxsize=64)
def _weekday_text(weekday: int, locale: str) -> str:
    from babel.dates import format_date as babel_format_date

    # "EEEE" names the weekday alone: any date of that weekday gives the same text.
    day = _A_MONDAY + dt.timedelta(days=weekday)
    return str(babel_format_date(day, "EEEE", locale=_babel(locale)))


_A_MONDAY = dt.date(2024, 1, 1)


def _weekday(day: dt.date, locale: str) -> str:
    return _weekday_text(day.weekday(), _locale(locale))


@functools.lru_cache(maxsize=4096)
def _number_text(value: float, locale: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, format="#,##0.######", locale=_babel(locale)))


def _number(value: float, locale: str) -> str:
    return _number_text(value, _locale(locale))


def format_limit(limit: TimeLimit, locale: str = "zh_CN") -> str:
    """A time limit as a service guide writes it in ``locale``.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> format_limit(TimeLimit.working_days(20), "zh_CN")
        '20个工作日'
        >>> format_limit(TimeLimit.working_days(1), "en")
        '1 working day'
        >>> format_limit(TimeLimit.immediate(), "zh_TW")
        '即辦'
        >>> format_limit(TimeLimit.working_hours(1.5), "zh_CN")
        '1.5小时'
    """
    return _amount(limit.amount, limit.unit, locale)


def _amount(amount: float, unit: LimitUnit, locale: str) -> str:
    n = _number(amount, locale)
    if unit is LimitUnit.WORKING_DAYS:
        text = _tn(locale, "%(n)s working day", "%(n)s working days", amount)
    elif unit is LimitUnit.NATURAL_DAYS:
        text = _tn(locale, "%(n)s calendar day", "%(n)s calendar days", amount)
    elif unit is LimitUnit.WORKING_HOURS:
        text = _tn(locale, "%(n)s working hour", "%(n)s working hours", amount)
    else:
        return _t(locale, "immediate")
    return text % {"n": n}


def format_day_kind(kind: DayKind, locale: str = "zh_CN") -> str:
    """The name of a kind of day in ``locale``.

    Examples:
        >>> from govservice.calendar import DayKind
        >>> format_day_kind(DayKind.MAKEUP_WORKDAY, "zh_CN")
        '调休上班日'
    """
    msgids = {
        DayKind.STATUTORY_HOLIDAY: N_("statutory holiday"),
        DayKind.MOVED_REST_DAY: N_("rest day moved by the holiday arrangement"),
        DayKind.WEEKEND: N_("weekend day"),
        DayKind.MAKEUP_WORKDAY: N_("make-up workday"),
        DayKind.WORKDAY: N_("working day"),
        DayKind.LOCAL_REST_DAY: N_("local day off"),
    }
    return _t(locale, msgids[kind])


def format_deadline(deadline: Deadline, locale: str = "zh_CN") -> str:
    """A deadline in one line: its due date and time.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china, deadline, TimeLimit
        >>> d = deadline(dt.date(2025, 9, 26), TimeLimit.working_days(5), china())
        >>> format_deadline(d, "zh_CN"), format_deadline(d, "en")
        ('2025年10月10日（星期五）17:30前', 'by 17:30 on Oct 10, 2025 (Friday)')
    """
    local = deadline.due_at.astimezone(deadline.due_at.tzinfo)
    return _t(locale, "by %(time)s on %(date)s (%(weekday)s)") % {
        "time": local.strftime("%H:%M"),
        "date": format_date(deadline.due_date, locale),
        "weekday": _weekday(deadline.due_date, locale),
    }


def _holiday(name: str | None, english: str | None, locale: str) -> str:
    if name is None:
        return _t(locale, "rest day")
    if _locale(locale) == "en" and english:
        return english
    return name


def _reason(value: str | None, locale: str) -> str:
    msgids = {
        "hearing": N_("hearing"),
        "bidding": N_("bidding"),
        "auction": N_("auction"),
        "testing": N_("testing"),
        "inspection": N_("inspection"),
        "quarantine": N_("quarantine"),
        "appraisal": N_("appraisal"),
        "expert_review": N_("expert review"),
        "supplement": N_("supplement of materials"),
    }
    return _t(locale, msgids.get(value or "", value or ""))


def render_step(step: DeadlineStep, deadline: Deadline, locale: str = "zh_CN") -> str:
    """One step of a deadline's explanation as a sentence in ``locale``."""
    names = _engine(deadline.calendar).names
    return _render(*_key(step, deadline), names, _locale(locale))


def _key(step: DeadlineStep, deadline: Deadline) -> tuple[DeadlineStep, LimitUnit, Any, str]:
    """What a step's sentence depends on besides names and locale: no more (a better hit rate)."""
    kind = step.kind
    limit = deadline.limit if kind is StepKind.LIMIT else None
    due = deadline.due_at.strftime("%H:%M") if kind is StepKind.DUE else ""
    return step, deadline.limit.unit, limit, due


# A sentence depends on its step, the limit's unit (the limit itself for the limit's sentence,
# the due time of day for the last one), the calendar's English holiday names and the locale,
# nothing else: many deadlines share most of their sentences (the limit, the weekends, a
# holiday, the same acceptance or due day), so each is made once.
@functools.lru_cache(maxsize=16384)
def _render(
    step: DeadlineStep,
    unit: LimitUnit,
    limit: TimeLimit | None,
    due_time: str,
    names: tuple[tuple[str, str], ...],
    locale: str,
) -> str:
    english = dict(names)

    def date(day: dt.date | None) -> str:
        return format_date(day, locale) if day is not None else ""

    def weekday(day: dt.date | None) -> str:
        return _weekday(day, locale) if day is not None else ""

    def holiday(name: str | None) -> str:
        return _holiday(name, english.get(name, name) if name else None, locale)

    kind = step.kind
    if kind is StepKind.ACCEPTED:
        if unit is LimitUnit.IMMEDIATE:
            msg = N_(
                "Accepted on %(date)s (%(weekday)s); an immediate case is due on the first working day from acceptance."
            )
        elif unit is LimitUnit.WORKING_HOURS:
            msg = N_(
                "Accepted on %(date)s (%(weekday)s); office hours count from the moment of acceptance."
            )
        else:
            msg = N_(
                "Accepted on %(date)s (%(weekday)s); the day of acceptance is not counted (Civil Code art. 201)."
            )
        return _t(locale, msg) % {"date": date(step.start), "weekday": weekday(step.start)}
    if kind is StepKind.LIMIT:
        assert limit is not None
        return _t(locale, "Time limit: %(limit)s.") % {"limit": format_limit(limit, locale)}
    if kind is StepKind.EXTENDED:
        msg = N_(
            "Extended by %(amount)s, approved by %(who)s: %(reason)s (Administrative Licensing Law art. 42)."
        )
        return _t(locale, msg) % {
            "amount": _amount(step.count or 0, unit, locale),
            "who": step.name,
            "reason": step.detail,
        }
    if kind is StepKind.SUSPENDED:
        counted = unit if unit is LimitUnit.NATURAL_DAYS else LimitUnit.WORKING_DAYS
        msg = N_(
            "Suspended from %(start)s to %(end)s for %(reason)s: %(count)s not counted (Administrative Licensing Law art. 45)."
        )
        return _t(locale, msg) % {
            "start": date(step.start),
            "end": date(step.end),
            "reason": _reason(step.name, locale),
            "count": _amount(step.count or 0, counted, locale),
        }
    if kind is StepKind.MAKEUP_DAY:
        return _t(locale, "Counted: %(date)s (%(weekday)s), a make-up workday for %(name)s.") % {
            "date": date(step.start),
            "weekday": weekday(step.start),
            "name": holiday(step.name),
        }
    if kind is StepKind.DAYS_OFF:
        if step.start == step.end:
            return _t(locale, "Not counted: %(date)s (%(weekday)s), %(name)s, a day off.") % {
                "date": date(step.start),
                "weekday": weekday(step.start),
                "name": holiday(step.name),
            }
        return _tn(
            locale,
            "Not counted: %(start)s to %(end)s, %(name)s, %(count)s day off.",
            "Not counted: %(start)s to %(end)s, %(name)s, %(count)s days off.",
            step.count or 0,
        ) % {
            "start": date(step.start),
            "end": date(step.end),
            "name": holiday(step.name),
            "count": _number(step.count or 0, locale),
        }
    if kind is StepKind.WEEKENDS:
        return _tn(
            locale,
            "Not counted: %(count)s ordinary weekend day.",
            "Not counted: %(count)s ordinary weekend days.",
            step.count or 0,
        ) % {"count": _number(step.count or 0, locale)}
    if kind is StepKind.ROLLED:
        msg = N_(
            "The last day, %(date)s (%(name)s), is not a working day; it moves to %(next)s (Civil Code art. 203)."
        )
        return _t(locale, msg) % {
            "date": date(step.start),
            "name": holiday(step.name),
            "next": date(step.end),
        }
    if kind is StepKind.PROVISIONAL:
        if step.detail == "statutory":
            msg = N_(
                "Provisional: after %(date)s only the statutory holidays are days off and other days follow the ordinary week, until the next notice is loaded."
            )
        elif step.detail == "predicted":
            msg = N_(
                "Provisional: after %(date)s the statutory holidays and a predicted arrangement of days off and make-up workdays are assumed, until the next notice is loaded."
            )
        else:
            msg = N_(
                "Provisional: days after %(date)s are assumed to follow the ordinary week until the next notice is loaded."
            )
        return _t(locale, msg) % {"date": date(step.start)}
    if kind is StepKind.MOVED:
        msg = N_("Moved from %(old)s: on the new calendar %(date)s is a %(kind)s (%(name)s).")
        return _t(locale, msg) % {
            "old": date(step.start),
            "date": date(step.end),
            "kind": format_day_kind(DayKind(step.detail), locale),
            "name": holiday(step.name),
        }
    values = {
        "date": date(step.start),
        "weekday": weekday(step.start),
        "time": due_time,
    }
    if unit is LimitUnit.WORKING_HOURS:
        return _t(locale, "Due on %(date)s (%(weekday)s) at %(time)s.") % values
    msg = N_("Due on %(date)s (%(weekday)s) at %(time)s, the close of office hours.")
    return _t(locale, msg) % values


def render_steps(deadline: Deadline, locale: str = "zh_CN") -> str:
    """Every step of a deadline's explanation, one line each."""
    loc = _locale(locale)
    names = _engine(deadline.calendar).names
    text = _plain_steps(deadline, names, loc)
    if text is not None:
        return text
    return _all_steps(deadline, names, loc)


def _all_steps(deadline: Deadline, names: tuple[tuple[str, str], ...], locale: str) -> str:
    """`render_steps` for any deadline: a sentence per `DeadlineStep` of ``deadline.steps()``."""
    return "\n".join(_render(*_key(step, deadline), names, locale) for step in deadline.steps())


#: Sentences of `_plain_steps` kept per (names, locale), at most this many each.
_PLAIN_SENTENCES = 16384


@functools.lru_cache(maxsize=16)
def _plain_sentences(names: tuple[tuple[str, str], ...], locale: str) -> dict[tuple[Any, ...], str]:
    return {}


def _plain_steps(deadline: Deadline, names: tuple[tuple[str, str], ...], locale: str) -> str | None:
    """`_all_steps` for the common deadline, without a `DeadlineStep` for each sentence.

    The common deadline has nothing suspended, extended or recomputed, and a limit that is
    not in natural days; ``None`` for any other. Its steps are those `Deadline.steps` gives:
    acceptance, the limit, the make-up workdays and named days off from the first counted day
    to the due date in date order, the ordinary weekend days, the provisional note, the due
    day. Each sentence is kept by the values it is made of, and made by `_render` (the same
    text as `_all_steps`, which a property test checks) the first time only.
    """
    if deadline.suspensions or deadline.extensions or deadline.previous is not None:
        return None
    unit = deadline.limit.unit
    if unit is LimitUnit.NATURAL_DAYS:
        return None
    cal = deadline.calendar
    sentences = _plain_sentences(names, locale)
    if len(sentences) > _PLAIN_SENTENCES:
        sentences.clear()
    due = deadline.due_date
    due_at = deadline.due_at
    # ``strftime("%H:%M")`` without its cost: the same text for every time of day.
    due_time = f"{due_at.hour:02d}:{due_at.minute:02d}"
    u = unit.value
    day0 = _day0(deadline)
    first = day0 + _ONE_DAY if unit is LimitUnit.WORKING_DAYS else day0
    marks, weekends = _named_marks(cal, first, due)
    keys: list[tuple[Any, ...]] = [("accepted", day0, u), ("limit", deadline.limit.amount, u)]
    keys += marks
    if weekends:
        keys.append(("weekends", weekends))
    if deadline.provisional and isinstance(cal, ProvisionalCalendar):
        keys.append(("provisional", cal.official_end, cal.basis))
    keys.append(("due", due, due_time, u))
    lines = []
    for key in keys:
        text = sentences.get(key)
        if text is None:
            kind = key[0]
            if kind == "accepted":
                step = DeadlineStep(StepKind.ACCEPTED, day0, detail=u)
            elif kind == "limit":
                step = DeadlineStep(StepKind.LIMIT, count=deadline.limit.amount, detail=u)
            elif kind == "weekends":
                step = DeadlineStep(StepKind.WEEKENDS, count=weekends)
            elif kind == "provisional":
                step = DeadlineStep(StepKind.PROVISIONAL, key[1], detail=key[2])
            elif kind == "due":
                step = DeadlineStep(StepKind.DUE, due, detail=due_at.isoformat())
            else:  # a mark: (first ordinal, last ordinal, name, days off)
                step = _mark_step(key)
            text = sentences[key] = _render(*_key(step, deadline), names, locale)
        lines.append(text)
    return "\n".join(lines)


_ONE_DAY = dt.timedelta(days=1)
