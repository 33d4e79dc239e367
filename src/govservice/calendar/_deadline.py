"""Deadlines: a start, a time limit and a calendar, with suspensions and extensions."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from govservice._errors import CalendarCoverageError, InvalidValueError
from govservice._validators import one_line
from govservice.calendar._calendar import WorkCalendar
from govservice.calendar._limits import MAX_DAYS, MAX_HOURS, LimitUnit, TimeLimit
from govservice.calendar._model import DayEntry, EntryKind
from govservice.calendar._provisional import ProvisionalCalendar

__all__ = [
    "Deadline",
    "DeadlineStep",
    "Extension",
    "ReceiptPolicy",
    "StepKind",
    "Suspension",
    "SuspensionReason",
    "deadline",
]


class SuspensionReason(enum.Enum):
    """Why the clock stops: the closed list of Administrative Licensing Law art. 45, plus one.

    ``SUPPLEMENT`` (补正材料, the applicant supplying materials after acceptance) is not in
    art. 45; many local rules stop the clock for it ((practice), e.g. parallel-approval measures),
    so a
    `Suspension` for it must name that local rule in its ``note``.

    Examples:
        >>> SuspensionReason.parse("专家评审")
        <SuspensionReason.EXPERT_REVIEW: 'expert_review'>
        >>> SuspensionReason.SUPPLEMENT.statutory
        False
    """

    HEARING = "hearing"  #: 听证
    BIDDING = "bidding"  #: 招标
    AUCTION = "auction"  #: 拍卖
    TESTING = "testing"  #: 检验
    INSPECTION = "inspection"  #: 检测
    QUARANTINE = "quarantine"  #: 检疫
    APPRAISAL = "appraisal"  #: 鉴定
    EXPERT_REVIEW = "expert_review"  #: 专家评审
    SUPPLEMENT = "supplement"  #: 补正材料: a local rule, not art. 45 (practice)

    @property
    def statutory(self) -> bool:
        """Whether Administrative Licensing Law art. 45 itself stops the clock for it."""
        return self is not SuspensionReason.SUPPLEMENT

    @property
    def chinese(self) -> str:
        """The word of art. 45 ("听证", "专家评审", ...)."""
        return _REASON_ZH[self]

    @classmethod
    def parse(cls, value: object) -> SuspensionReason:
        """A reason from itself, its value ("expert_review") or its Chinese word ("专家评审")."""
        if isinstance(value, cls):
            return value
        for reason in cls:
            if value in (reason.value, reason.chinese):
                return reason
        raise InvalidValueError(
            "reason",
            value,
            "one of Administrative Licensing Law art. 45: "
            + ", ".join(f"{r.value} ({r.chinese})" for r in cls if r.statutory)
            + "; or supplement (补正材料) under a local rule",
        )


_REASON_ZH = {
    SuspensionReason.HEARING: "听证",
    SuspensionReason.BIDDING: "招标",
    SuspensionReason.AUCTION: "拍卖",
    SuspensionReason.TESTING: "检验",
    SuspensionReason.INSPECTION: "检测",
    SuspensionReason.QUARANTINE: "检疫",
    SuspensionReason.APPRAISAL: "鉴定",
    SuspensionReason.EXPERT_REVIEW: "专家评审",
    SuspensionReason.SUPPLEMENT: "补正材料",
}


class ReceiptPolicy(enum.Enum):
    """Which day counts as day 0 of a day limit when the start falls outside office hours.

    ``CALENDAR_DATE`` (the default): the calendar date of receipt is day 0, whatever the hour
    (Civil Code art. 201: the first day is not counted, counting starts the next day), so an
    application received on Saturday starts counting on the next working day after it.
    ``NEXT_WORKING_DAY``: a center may treat what arrives after closing or on a rest day as
    received on the next working day, which is then day 0. Used the same way by `deadline`,
    a case and the records built from it.

    Examples:
        >>> ReceiptPolicy("next_working_day")
        <ReceiptPolicy.NEXT_WORKING_DAY: 'next_working_day'>
    """

    CALENDAR_DATE = "calendar_date"  #: the date of receipt is day 0 (Civil Code art. 201)
    NEXT_WORKING_DAY = "next_working_day"  #: after closing or on a rest day: the next working day


def _reason(value: object) -> SuspensionReason:
    return SuspensionReason.parse(value)


def _plain_date(field: str) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if type(value) is not dt.date:
            raise InvalidValueError(field, value, "a datetime.date")

    return check


@attrs.frozen
class Suspension:
    """Days that do not count toward a limit (Administrative Licensing Law art. 45).

    Hearings, bidding, auctions, testing, inspection, quarantine, appraisal and expert review
    take time that "is not counted in the time limit"; the applicant is told in writing.

    Args:
        start: The first suspended date.
        end: The last suspended date (included).
        reason: One of the art. 45 reasons (a `SuspensionReason`, its value or its
            Chinese word), or ``supplement`` under a local rule.
        note: Free text (the expert panel, the notice number); for ``supplement``, required:
            the local rule that stops the clock.

    Examples:
        >>> import datetime as dt
        >>> s = Suspension(dt.date(2025, 3, 3), dt.date(2025, 3, 7), "专家评审")
        >>> s.reason, s.days
        (<SuspensionReason.EXPERT_REVIEW: 'expert_review'>, 5)
    """

    start: dt.date = attrs.field(validator=_plain_date("suspension.start"))
    end: dt.date = attrs.field(validator=_plain_date("suspension.end"))
    reason: SuspensionReason = attrs.field(converter=_reason)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                "suspension.end", self.end, f"on or after suspension.start {self.start}"
            )
        if not self.reason.statutory and not str(self.note).strip():
            raise InvalidValueError(
                "suspension.note",
                self.note,
                "the local rule that stops the clock for a supplement (art. 45 does not)",
            )

    @property
    def days(self) -> int:
        """Calendar days in the suspension."""
        return (self.end - self.start).days + 1


@attrs.frozen
class Extension:
    """An approved extension of a time limit (Administrative Licensing Law art. 42).

    Para. 1: a decision not possible within 20 working days may be extended by 10 working days
    with the approval of the head of the organ, the reason told to the applicant. Para. 2: joint
    handling, 45 working days, may be extended by 15 with the approval of the head of the
    government at that level.

    Args:
        amount: How much longer, in the unit of the limit it extends (working days for a
            working-day limit).
        approved_by: Who approved it.
        reason: Why, as told to the applicant.

    Examples:
        >>> Extension(10, "局长 王某", "需现场核查").amount
        10
    """

    amount: int | float
    approved_by: str
    reason: str

    def __attrs_post_init__(self) -> None:
        amount = self.amount
        if (
            isinstance(amount, bool)
            or not isinstance(amount, int | float)
            or (isinstance(amount, float) and not math.isfinite(amount))
            or not 0 < amount <= max(MAX_DAYS, MAX_HOURS)
        ):
            raise InvalidValueError(
                "extension.amount", amount, f"a finite number > 0 and <= {max(MAX_DAYS, MAX_HOURS)}"
            )
        for field in ("approved_by", "reason"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise InvalidValueError(
                    f"extension.{field}", value, "a non-empty string (art. 42 needs both)"
                )


class StepKind(enum.Enum):
    """The kinds of step in a deadline's explanation."""

    ACCEPTED = "accepted"
    LIMIT = "limit"
    EXTENDED = "extended"
    DAYS_OFF = "days_off"
    WEEKENDS = "weekends"
    MAKEUP_DAY = "makeup_day"
    SUSPENDED = "suspended"
    ROLLED = "rolled"
    PROVISIONAL = "provisional"
    MOVED = "moved"
    DUE = "due"


@attrs.frozen
class DeadlineStep:
    """One step of how a deadline was reached; rendered in a language by ``Deadline.explain``.

    Args:
        kind: What happened.
        start: The date (or first date) concerned.
        end: The last date concerned, for a range.
        name: The holiday name, reason or approver concerned.
        count: How many days or units.
        detail: Anything else (a reason, a previous due date as ISO text).
    """

    kind: StepKind
    start: dt.date | None = None
    end: dt.date | None = None
    name: str | None = None
    count: float | None = None
    detail: str | None = None


def _start_date(start: object, cal: WorkCalendar) -> dt.date:
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            raise InvalidValueError("start", start, "a date or an aware datetime")
        return cal._local_date(start)
    if isinstance(start, dt.date):
        return dt.date(start.year, start.month, start.day)
    raise InvalidValueError("start", start, "a date or an aware datetime")


def _merge(suspensions: tuple[Suspension, ...]) -> list[tuple[dt.date, dt.date]]:
    """The suspended days as sorted, disjoint, non-adjacent ranges."""
    merged: list[tuple[dt.date, dt.date]] = []
    for s in sorted(suspensions, key=lambda s: (s.start, s.end)):
        if merged and s.start.toordinal() <= merged[-1][1].toordinal() + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], s.end))
        else:
            merged.append((s.start, s.end))
    return merged


def _suspended(ranges: list[tuple[dt.date, dt.date]], day: dt.date) -> bool:
    """Whether ``day`` is in one of the merged ``ranges`` (a binary search, not a scan)."""
    i = bisect.bisect_right(ranges, (day, dt.date.max))
    return i > 0 and ranges[i - 1][0] <= day <= ranges[i - 1][1]


def _day_before_or(a: dt.date, floor: dt.date) -> dt.date:
    """The day before ``a``, or ``floor`` when that is later (never below 0001-01-01)."""
    return floor if a <= floor else a - _DAY


def _plus(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """``day + n`` days, or `CalendarCoverageError` past the calendar (never OverflowError)."""
    ordinal = day.toordinal() + n
    if ordinal > cal.coverage.end.toordinal():
        raise CalendarCoverageError(
            "day", f"{day.isoformat()} + {n} days", cal.coverage.start, cal.coverage.end
        )
    return dt.date.fromordinal(ordinal)


def _one_line(text: str | None) -> str | None:
    """Text from data with line breaks and control characters escaped, for a one-line output."""
    return None if text is None else one_line(text)


@attrs.frozen
class Deadline:
    """When a case is due, and how that follows from its start, limit and calendar.

    Built by `deadline`; ``explain()`` tells the steps in Chinese or English, and
    ``recompute(calendar)`` gives the deadline on a changed calendar, saying whether and why
    it moved.

    Args:
        start: The acceptance date (or aware datetime).
        limit: The time limit.
        suspensions: The suspensions applied.
        extensions: The extensions applied.
        due_date: The last day of the limit.
        due_at: The deadline instant: close of office hours on ``due_date`` (Civil Code
            art. 203), or the instant the working hours run out.
        provisional: Whether it depends on provisional days: the due date is after the
            official data of a `ProvisionalCalendar` (``calendar.is_provisional(due_date)``).
        calendar: The calendar it was computed on.
        previous: The deadline it was recomputed from, if any.
        receipt: The `ReceiptPolicy` it was computed with; `recompute` keeps it.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china, deadline, TimeLimit
        >>> d = deadline(dt.date(2025, 9, 26), TimeLimit.working_days(5), china())
        >>> d.due_date, d.due_at.isoformat()  # Sunday Sep 28 worked, Oct 1-8 off
        (datetime.date(2025, 10, 10), '2025-10-10T17:30:00+08:00')
    """

    start: dt.date | dt.datetime
    limit: TimeLimit
    suspensions: tuple[Suspension, ...]
    extensions: tuple[Extension, ...]
    due_date: dt.date
    due_at: dt.datetime
    provisional: bool
    calendar: WorkCalendar = attrs.field(eq=False, repr=False)
    previous: Deadline | None = attrs.field(default=None, eq=False, repr=False)
    receipt: ReceiptPolicy = attrs.field(default=ReceiptPolicy.CALENDAR_DATE, kw_only=True)

    @property
    def start_date(self) -> dt.date:
        """The local date of ``start``."""
        return _start_date(self.start, _engine(self.calendar))

    @property
    def moved(self) -> bool:
        """Whether the due instant differs from the deadline this was recomputed from."""
        return self.previous is not None and self.previous.due_at != self.due_at

    def recompute(self, calendar: WorkCalendar) -> Deadline:
        """The same start, limit, suspensions and extensions on another calendar.

        The result keeps this deadline as ``previous``; ``moved`` and ``changes()`` say whether
        and why the due date moved (a late notice, an amendment like 2020's). The receipt
        policy is kept too: day 0 stays the day it was.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china, deadline, TimeLimit, DayEntry, EntryKind
            >>> d = deadline(dt.date(2025, 2, 28), TimeLimit.working_days(1), china())
            >>> closed = china().with_days([DayEntry(dt.date(2025, 3, 3), "闭厅", EntryKind.LOCAL)])
            >>> d2 = d.recompute(closed)
            >>> d2.moved, d2.due_date
            (True, datetime.date(2025, 3, 4))
            >>> d2.changes()
            ((datetime.date(2025, 3, 3), 'workday', 'local_rest_day'),)
        """
        new = deadline(
            self.start,
            self.limit,
            calendar,
            suspensions=self.suspensions,
            extensions=self.extensions,
            receipt=self.receipt,
        )
        return attrs.evolve(new, previous=self)

    def changes(self) -> tuple[tuple[dt.date, str, str], ...]:
        """The days whose kind differs between the previous calendar and this one.

        Only days from the start up to the later of the two due dates; each as
        ``(date, old kind, new kind)`` with the `DayKind` values, or ``"not_covered"`` for a
        day outside a calendar's coverage.
        """
        if self.previous is None:
            return ()
        old, new = _engine(self.previous.calendar), _engine(self.calendar)
        counts_day0 = self.limit.unit in (LimitUnit.IMMEDIATE, LimitUnit.WORKING_HOURS)
        first = self.start_date + dt.timedelta(days=0 if counts_day0 else 1)
        last = max(self.due_date, self.previous.due_date)

        def kind(cal: WorkCalendar, day: dt.date) -> str:
            return cal.day_kind(day).value if day in cal.coverage else "not_covered"

        found = []
        for day in _dates(first, last):
            before, after = kind(old, day), kind(new, day)
            if before != after:
                found.append((day, before, after))
        return tuple(found)

    def _repr_html_(self) -> str:
        """A card for notebooks: start, limit, due date and instant, and the explanation."""
        from govservice._display import card
        from govservice.calendar._l10n import format_limit

        return card(
            "办结期限 Deadline",
            [
                ("起算 start", self.start.isoformat()),
                ("时限 limit", format_limit(self.limit)),
                ("到期日 due date", self.due_date.isoformat()),
                ("到期时刻 due at", self.due_at.isoformat(timespec="minutes")),
                ("含预估日期 provisional", self.provisional),
            ],
            notes=self.explain("zh_CN").splitlines(),
        )

    def steps(self) -> tuple[DeadlineStep, ...]:
        """How the deadline was reached, step by step, as data (see `explain`)."""
        return tuple(_steps(self))

    def explain(self, locale: str = "zh_CN") -> str:
        """The steps that produced the deadline, one per line, in ``locale``.

        Args:
            locale: ``"zh_CN"``, ``"zh_TW"`` or ``"en"``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china, deadline, TimeLimit
            >>> d = deadline(dt.date(2025, 9, 26), TimeLimit.working_days(5), china())
            >>> lines = d.explain("en").splitlines()
            >>> print(lines[0][:60])
            Accepted on Sep 26, 2025 (Friday); the day of acceptance is
            >>> print(lines[2][:58])
            Counted: Sep 28, 2025 (Sunday), a make-up workday for Nati
            >>> print(lines[-1])
            Due on Oct 10, 2025 (Friday) at 17:30, the close of office hours.
            >>> print(d.explain("zh_CN").splitlines()[-1])
            截止于2025年10月10日（星期五）17:30（办公时间结束）。
        """
        return _render_steps()(self, locale)


@functools.cache
def _render_steps() -> Callable[[Deadline, str], str]:
    """`govservice.calendar._l10n.render_steps` (which imports this module): imported once."""
    from govservice.calendar._l10n import render_steps

    return render_steps


def _engine(cal: WorkCalendar) -> WorkCalendar:
    return cal


def deadline(
    start: dt.date | dt.datetime,
    limit: TimeLimit,
    calendar: WorkCalendar,
    *,
    suspensions: Iterable[Suspension] = (),
    extensions: Iterable[Extension] = (),
    receipt: ReceiptPolicy = ReceiptPolicy.CALENDAR_DATE,
) -> Deadline:
    """The deadline of a case accepted at ``start`` with time limit ``limit``.

    Rules (Administrative Licensing Law arts. 42, 45, 82; Civil Code arts. 201, 203):

    - working-day limits count working days from the day after ``start`` (Civil Code art. 201;
      Administrative Licensing Law art. 82: statutory holidays excluded);
    - natural-day limits count calendar days from the day after ``start``; a last day that is
      not a working day moves to the next working day (Civil Code art. 203);
    - working-hour limits count office hours from ``start`` (an aware datetime);
    - an immediate limit (即办) is due on the day of acceptance, or the next working day when
      accepted on a day off (an online application on a Sunday);
    - suspension days are not counted (art. 45), overlapping suspensions once; extensions add
      to the limit (art. 42);
    - the deadline instant is the close of office hours of the last day (Civil Code art. 203).

    Args:
        start: The acceptance date, or an aware datetime (its local date counts for day limits).
        limit: The time limit.
        calendar: The calendar, or a provisional one (the deadline is then marked).
        suspensions: Date ranges not counted.
        extensions: Approved extensions.
        receipt: Day 0 of a start outside office hours (`ReceiptPolicy`): its calendar date
            (the default) or the next working day (after closing, or on a day off whether
            ``start`` is a datetime or a date).

    Raises:
        CalendarCoverageError: The count leaves the calendar's coverage.
        InvalidValueError: A bad start, or a suspension that ends before the start.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china, deadline, TimeLimit, Suspension, Extension
        >>> cal = china()
        >>> deadline(dt.date(2025, 1, 24), TimeLimit.working_days(20), cal).due_date
        datetime.date(2025, 2, 27)
        >>> deadline(dt.date(2025, 1, 24), TimeLimit.working_days(20), cal,
        ...          suspensions=[Suspension(dt.date(2025, 2, 10), dt.date(2025, 2, 14), "检测")],
        ...          extensions=[Extension(10, "局长", "需补充核查")]).due_date
        datetime.date(2025, 3, 20)
        >>> deadline(dt.date(2025, 9, 28), TimeLimit.natural_days(3), cal).due_date  # Oct 1 off
        datetime.date(2025, 10, 9)
    """
    if (
        type(start) is dt.date
        and type(calendar) is WorkCalendar
        and type(limit) is TimeLimit
        and limit.unit is LimitUnit.WORKING_DAYS
        and receipt is ReceiptPolicy.CALENDAR_DATE
        and type(suspensions) is tuple
        and not suspensions
        and type(extensions) is tuple
        and not extensions
    ):
        # The common deadline, as the rules below give it with nothing to check, suspend or
        # extend: the n-th working day after the date (two lookups), never provisional on a
        # calendar of official data. A property test pins it to the general path.
        due_date = calendar.add_working_days(start, int(limit.amount))
        due_at = dt.datetime.combine(due_date, calendar.office_hours.closing, _zone(calendar))
        return Deadline(start, limit, (), (), due_date, due_at, False, calendar)
    return _deadline(start, limit, calendar, suspensions, extensions, receipt)


def _deadline(
    start: dt.date | dt.datetime,
    limit: TimeLimit,
    calendar: WorkCalendar,
    suspensions: Iterable[Suspension],
    extensions: Iterable[Extension],
    receipt: ReceiptPolicy,
) -> Deadline:
    """`deadline` by its rules, for any input."""
    if not isinstance(limit, TimeLimit):
        raise InvalidValueError("limit", limit, "a TimeLimit")
    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError("calendar", calendar, "a WorkCalendar (or a ProvisionalCalendar)")
    cal = _engine(calendar)
    suspensions = tuple(suspensions)
    extensions = tuple(extensions)
    for s in suspensions:
        if not isinstance(s, Suspension):
            raise InvalidValueError("suspensions", s, "Suspension values")
    for e in extensions:
        if not isinstance(e, Extension):
            raise InvalidValueError("extensions", e, "Extension values")
    if suspensions:
        suspensions = tuple(sorted(suspensions, key=lambda s: (s.start, s.end, s.reason.value)))
    day0 = _start_date(start, cal)
    if receipt is ReceiptPolicy.NEXT_WORKING_DAY:
        # After closing (an instant) or on a rest day (an instant or a date alike).
        closed = (
            isinstance(start, dt.datetime)
            and _in_zone(start, _zone(cal), "start").time() >= cal.office_hours.closing
        )
        if closed or not cal.is_working_day(day0):
            day0 = cal.add_working_days(day0, 1)
    elif not isinstance(receipt, ReceiptPolicy):
        raise InvalidValueError("receipt", receipt, "a ReceiptPolicy")
    for s in suspensions:
        if s.end < day0:
            raise InvalidValueError(
                "suspension.end", s.end, f"on or after the start {day0.isoformat()}"
            )
    if extensions and limit.unit is LimitUnit.IMMEDIATE:
        raise InvalidValueError("extensions", extensions, "none for an immediate limit")
    if limit.unit is not LimitUnit.WORKING_HOURS:
        for e in extensions:
            if not isinstance(e.amount, int):
                raise InvalidValueError("extension.amount", e.amount, "whole days for a day limit")
    total = limit.amount + sum(e.amount for e in extensions) if extensions else limit.amount
    ranges = _merge(suspensions) if suspensions else []
    tz_close = cal.office_hours.closing
    if limit.unit is LimitUnit.WORKING_HOURS:
        if not isinstance(start, dt.datetime):
            raise InvalidValueError("start", start, "an aware datetime for a working-hours limit")
        hours_cal = cal
        if ranges:
            hours_cal = cal.with_days(
                DayEntry(day, "suspension", EntryKind.LOCAL)
                for a, b in ranges
                for day in _dates(a, b)
                if day in cal.coverage
            )
        due_at = hours_cal.add_working_hours(start, total)
        due_date = due_at.date()
    else:
        if limit.unit is LimitUnit.WORKING_DAYS:
            due_date = _working_due(cal, day0, int(total), ranges)
        elif limit.unit is LimitUnit.NATURAL_DAYS:
            due_date = _natural_due(cal, day0, int(total), ranges)
        else:
            after_hours = (
                isinstance(start, dt.datetime)
                and receipt is ReceiptPolicy.CALENDAR_DATE
                and (_in_zone(start, _zone(cal), "start").time() >= cal.office_hours.closing)
            )
            first = _plus(cal, day0, 1) if after_hours else day0
            due_date = _first_open(cal, first, ranges)
        due_at = dt.datetime.combine(due_date, tz_close, tzinfo=_zone(cal))
    provisional = bool(calendar.is_provisional(due_date))
    return Deadline(
        start, limit, suspensions, extensions, due_date, due_at, provisional, calendar,
        receipt=receipt,
    )  # fmt: skip


def _in_zone(moment: dt.datetime, tz: dt.tzinfo, field: str) -> dt.datetime:
    from govservice.calendar._hours import in_zone

    return in_zone(moment, tz, field)


def _zone(cal: WorkCalendar) -> dt.tzinfo:
    return _named_zone(cal.office_hours.timezone)


@functools.lru_cache(maxsize=64)
def _named_zone(name: str) -> dt.tzinfo:
    """`govservice._zones.zone`, imported when first needed (not at start-up), kept by name."""
    from govservice._zones import zone

    return zone(name)


def _dates(a: dt.date, b: dt.date) -> Iterable[dt.date]:
    return (a + dt.timedelta(days=i) for i in range((b - a).days + 1))


def _first_open(cal: WorkCalendar, day: dt.date, ranges: list[tuple[dt.date, dt.date]]) -> dt.date:
    """The first working day on or after ``day`` that is not suspended."""
    due = cal.add_working_days(day, 0)
    while _suspended(ranges, due):
        due = cal.add_working_days(due, 1)
    return due


def _working_due(
    cal: WorkCalendar, day0: dt.date, n: int, ranges: list[tuple[dt.date, dt.date]]
) -> dt.date:
    """The n-th working day after ``day0`` that is not suspended.

    A fixed point: due = the (n + k)-th working day, k the suspended working days in
    (day0, due]; starting below the answer, the iteration climbs to it.
    """
    due = cal.add_working_days(day0, n)
    if not ranges:
        return due
    while True:
        k = 0
        for a, b in ranges:
            lo, hi = _day_before_or(a, day0), min(b, due)
            if hi > lo:
                k += cal.working_days_between(lo, hi)
        nxt = cal.add_working_days(day0, n + k)
        if nxt == due:
            return due
        due = nxt


def _natural_last(
    cal: WorkCalendar, day0: dt.date, n: int, ranges: list[tuple[dt.date, dt.date]]
) -> dt.date:
    """The n-th calendar day after ``day0`` that is not suspended (before any roll)."""
    last = _plus(cal, day0, n)
    while True:
        k = 0
        for a, b in ranges:
            lo, hi = _day_before_or(a, day0), min(b, last)
            if hi > lo:
                k += (hi - lo).days
        nxt = _plus(cal, day0, n + k)
        if nxt == last:
            return last
        last = nxt


def _natural_due(
    cal: WorkCalendar, day0: dt.date, n: int, ranges: list[tuple[dt.date, dt.date]]
) -> dt.date:
    """The last day, moved to the next working day when it is not one (Civil Code art. 203)."""
    return _first_open(cal, _natural_last(cal, day0, n, ranges), ranges)


def _day0(d: Deadline) -> dt.date:
    """Day 0 of a day count: the date of ``start``, or the day `ReceiptPolicy` moved it to."""
    if d.receipt is ReceiptPolicy.NEXT_WORKING_DAY and d.limit.unit is not LimitUnit.WORKING_HOURS:
        immediate = TimeLimit.immediate()
        return _deadline(d.start, immediate, d.calendar, (), (), d.receipt).due_date
    return d.start_date


def _steps(d: Deadline) -> list[DeadlineStep]:
    cal = _engine(d.calendar)
    day0 = _day0(d)
    unit = d.limit.unit
    head = [
        DeadlineStep(StepKind.ACCEPTED, day0, detail=unit.value),
        DeadlineStep(StepKind.LIMIT, count=d.limit.amount, detail=unit.value),
    ]
    head += [
        DeadlineStep(
            StepKind.EXTENDED,
            count=e.amount,
            name=_one_line(e.approved_by),
            detail=_one_line(e.reason),
        )
        for e in d.extensions
    ]
    ranges = _merge(d.suspensions)
    body = []
    counts_day0 = unit in (LimitUnit.IMMEDIATE, LimitUnit.WORKING_HOURS)
    # Suspensions come sorted by start, so the days earlier ones already counted are exactly
    # those up to the latest end so far: each suspension's own days are one range, counted in
    # O(1) (the working days of a range are two lookups), never day by day.
    counted_until = day0 if not counts_day0 else day0 - _DAY if day0 > dt.date.min else None
    for s in d.suspensions:
        lo = s.start if counted_until is None or s.start > counted_until else counted_until + _DAY
        hi = min(s.end, d.due_date)
        if counted_until is None or s.end > counted_until:
            counted_until = s.end
        if hi < lo:
            continue
        if unit is LimitUnit.NATURAL_DAYS:
            count = (hi - lo).days + 1
        else:
            count = cal.is_working_day(lo) + cal.working_days_between(lo, hi)
        if count:
            body.append(
                DeadlineStep(StepKind.SUSPENDED, s.start, s.end, s.reason.value, count,
                             _one_line(s.note))
            )  # fmt: skip
    tail = []
    if unit is not LimitUnit.NATURAL_DAYS:
        # Working days count from the day after acceptance; hours and 即办 from the day itself.
        first = day0 + dt.timedelta(days=1 if unit is LimitUnit.WORKING_DAYS else 0)
        weekends = 0
        run: DeadlineStep | None = None
        if not ranges:  # nothing suspended: the named days by lookup, weekend days by count
            weekends = _named_days(cal, first, d.due_date, body)
        for day, working, entry in _marked_days(cal, first, d.due_date) if ranges else ():
            if ranges and _suspended(ranges, day):
                continue
            if working:
                body.append(DeadlineStep(StepKind.MAKEUP_DAY, day, name=entry.name))
            elif entry is None:
                weekends += 1
            elif run is not None and run.end == day - _DAY and run.name == entry.name:
                run = attrs.evolve(run, end=day, count=(run.count or 0) + 1)
                body[-1] = run
            else:
                run = DeadlineStep(StepKind.DAYS_OFF, day, day, entry.name, 1)
                body.append(run)
        if weekends:
            tail.append(DeadlineStep(StepKind.WEEKENDS, count=weekends))
    elif unit is LimitUnit.NATURAL_DAYS:
        total = int(d.limit.amount + sum(e.amount for e in d.extensions))
        last = _natural_last(cal, day0, total, ranges)
        if last != d.due_date:
            entry = cal.entry(last)
            tail.append(
                DeadlineStep(StepKind.ROLLED, last, d.due_date, entry.name if entry else None)
            )
    if d.provisional and isinstance(d.calendar, ProvisionalCalendar):
        tail.append(
            DeadlineStep(StepKind.PROVISIONAL, d.calendar.official_end, detail=d.calendar.basis)
        )
    if d.previous is not None and d.moved:
        previous = _engine(d.previous.calendar)
        for day, _old, new in d.changes():
            entry = cal.entry(day) or (previous.entry(day) if day in previous.coverage else None)
            tail.append(
                DeadlineStep(
                    StepKind.MOVED,
                    d.previous.due_date,
                    day,
                    entry.name if entry else None,
                    detail=new,
                )
            )
    tail.append(DeadlineStep(StepKind.DUE, d.due_date, detail=d.due_at.isoformat()))
    body.sort(key=lambda step: step.start or dt.date.min)
    return head + body + tail


_DAY = dt.timedelta(days=1)


def _named_days(cal: WorkCalendar, first: dt.date, last: dt.date, body: list[DeadlineStep]) -> int:
    """Append the make-up workdays and runs of named days off in ``[first, last]`` to ``body``.

    Returns the number of ordinary weekend days there. The same steps `_marked_days` gives
    when nothing is suspended (see `_named_marks`), in date order.
    """
    marks, weekends = _named_marks(cal, first, last)
    body += map(_mark_step, marks)
    return weekends


def _mark_step(mark: tuple[int, int, str, int]) -> DeadlineStep:
    """The step of a `_named_marks` mark: a make-up workday (0 days off) or a run of days off."""
    first, last, name, days = mark
    if days == 0:
        return DeadlineStep(StepKind.MAKEUP_DAY, dt.date.fromordinal(first), name=name)
    return DeadlineStep(
        StepKind.DAYS_OFF, dt.date.fromordinal(first), dt.date.fromordinal(last), name, days
    )


def _named_marks(
    cal: WorkCalendar, first: dt.date, last: dt.date
) -> tuple[list[tuple[int, int, str, int]], int]:
    """The make-up workdays and runs of named days off in ``[first, last]``, and the weekend days.

    Each mark is ``(first ordinal, last ordinal, name, days off)``, in date order; a make-up
    workday is one day with 0 days off. Found by bisecting the calendar's sorted make-up and
    named days off; the ordinary weekend days (the second value) are counted as the days off
    less the named ones (two lookups).
    """
    if last < first:
        return [], 0
    index = cal._index
    lo, hi = cal._offset(first, "day"), cal._offset(last, "day")
    base, entries = index.first, index.entries
    working = index.cum[hi] - (index.cum[lo - 1] if lo else 0)
    makeup, named = index.makeup, index.named_off
    marks: list[Any] = [  # [first ordinal, last ordinal, name, days off]
        [ordinal, ordinal, entries[dt.date.fromordinal(ordinal)].name, 0]
        for ordinal in makeup[
            bisect.bisect_left(makeup, base + lo) : bisect.bisect_right(makeup, base + hi)
        ]
    ]
    a, b = bisect.bisect_left(named, base + lo), bisect.bisect_right(named, base + hi)
    runs: list[Any] = []
    for ordinal in named[a:b]:
        name = entries[dt.date.fromordinal(ordinal)].name
        if runs and runs[-1][1] == ordinal - 1 and runs[-1][2] == name:
            runs[-1][1], runs[-1][3] = ordinal, runs[-1][3] + 1
        else:
            runs.append([ordinal, ordinal, name, 1])
    if marks and runs:
        marks += runs
        marks.sort(key=lambda mark: mark[0])  # every mark starts on a day of its own
    else:
        marks = marks or runs
    return [tuple(m) for m in marks], (hi - lo + 1 - working) - (b - a)


def _marked_days(
    cal: WorkCalendar, first: dt.date, last: dt.date
) -> Iterator[tuple[dt.date, bool, Any]]:
    """The days of ``[first, last]`` an explanation names, in order: (day, working, entry).

    Every day that is not a working day (an ordinary weekend day has no entry), and every
    make-up workday (working, with its entry). Ordinary working days are skipped without
    being looked at one by one: the calendar's working-day bytes are searched for the next
    day off, and the make-up workdays are a sorted list.
    """
    if last < first:
        return
    index = cal._index
    lo = cal._offset(first, "day")
    hi = cal._offset(last, "day")
    base = index.first
    work, entries = index.work, index.entries
    makeup = index.makeup
    m = bisect.bisect_left(makeup, base + lo)
    next_makeup = makeup[m] - base if m < len(makeup) else hi + 1
    off = work.find(0, lo, hi + 1)
    if off < 0:
        off = hi + 1
    while off <= hi or next_makeup <= hi:
        if next_makeup < off:
            day = dt.date.fromordinal(base + next_makeup)
            yield day, True, entries[day]
            m += 1
            next_makeup = makeup[m] - base if m < len(makeup) else hi + 1
            continue
        day = dt.date.fromordinal(base + off)
        yield day, False, entries.get(day)
        off = work.find(0, off + 1, hi + 1)
        if off < 0:
            off = hi + 1
