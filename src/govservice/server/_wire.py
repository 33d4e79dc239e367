"""The JSON shapes of requests and answers, as attrs values (Litestar builds the OpenAPI from them).

Dates travel as ISO text (``2025-01-24``), instants as ISO text with an offset
(``2025-01-24T10:00:00+08:00``), enums as their values. Request values keep the text as it came,
so that the handler can name the field, the value and what was expected when it does not parse.
"""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = [
    "AddRequest",
    "AddResult",
    "BetweenRequest",
    "BetweenResult",
    "CaseFactsIn",
    "CasePage",
    "CaseRowOut",
    "CaseSnapshot",
    "CaseSubmit",
    "ClassifyRequest",
    "ClassifyResult",
    "DayInfo",
    "DeadlineRequest",
    "DeadlineResult",
    "ExtensionIn",
    "FigureTable",
    "Health",
    "LimitIn",
    "MatterSummary",
    "MonitoredCase",
    "MonitoredDepartment",
    "MonitoringOut",
    "MonthInfo",
    "NoticeOut",
    "RectificationOut",
    "SuspensionIn",
    "TimelinessOut",
    "TraceEventOut",
    "VerifyResult",
]


@attrs.frozen
class DayInfo:
    """One day of the calendar.

    Args:
        date: The day.
        working: Whether it is a working day.
        kind: The day kind (``workday``, ``weekend``, ``statutory_holiday``, ``moved_rest_day``,
            ``makeup_workday``, ``local_rest_day``).
        holiday: The holiday's (or local closure's) name, as the notice gives it.
        holiday_en: Its English name.
        provisional: Whether the day lies after the calendar's official data (weekends only).
    """

    date: dt.date
    working: bool
    kind: str
    holiday: str | None
    holiday_en: str | None
    provisional: bool


@attrs.frozen
class Health:
    """Whether the service answers, for a load balancer's probe and for monitoring.

    Args:
        status: ``ok``.
        version: The govservice version serving.
        calendar: The calendar's name.
        official_end: The last day of official calendar data: answers after it are marked
            provisional until next year's notice is loaded (the winter workflow).
        store: ``SQLite`` or ``PostgreSQL``; None for a service without cases.
        schema_version: The store's schema version, read from the database just now.
    """

    status: str
    version: str
    calendar: str
    official_end: dt.date
    store: str | None
    schema_version: int | None


@attrs.frozen
class MonthInfo:
    """The days of one month and how many of them are working days."""

    month: str
    working_days: int
    days: list[DayInfo]


@attrs.frozen
class AddRequest:
    """``POST /v1/calendar/add``: a date (or a batch) plus a number (or a batch) of working days.

    ``start`` and ``days`` are each a scalar or a list; two lists have the same length, a
    scalar is used for every item. The n-th working day strictly after ``start`` (n >= 1),
    before it (n <= -1), or ``start`` itself or the next working day (n = 0).
    """

    start: str | list[str]
    days: int | list[int]


@attrs.frozen
class AddResult:
    """The working day reached: a date, or a list in the order of the request."""

    result: dt.date | list[dt.date]
    provisional: bool


@attrs.frozen
class BetweenRequest:
    """``POST /v1/calendar/between``: working days in ``(start, end]``, scalars or batches."""

    start: str | list[str]
    end: str | list[str]


@attrs.frozen
class BetweenResult:
    """The number of working days in ``(start, end]`` (negative when end < start)."""

    working_days: int | list[int]
    provisional: bool


@attrs.frozen
class LimitIn:
    """A structured time limit: ``{"amount": 20, "unit": "working_days"}``.

    ``unit`` is ``working_days``, ``natural_days``, ``working_hours`` or ``immediate``
    (amount 0). Limits travel as working days, never as ISO durations such as ``P20D``.
    """

    amount: float
    unit: str


@attrs.frozen
class SuspensionIn:
    """Days not counted (Administrative Licensing Law art. 45), both ends included."""

    start: str
    end: str
    reason: str
    note: str = ""


@attrs.frozen
class ExtensionIn:
    """An approved extension (Administrative Licensing Law art. 42)."""

    amount: float
    approved_by: str
    reason: str


@attrs.frozen
class DeadlineRequest:
    """``POST /v1/deadlines``.

    ``start`` is a date (``2025-01-24``) or an aware ISO instant; ``limit`` a service-guide
    text (``20个工作日``, ``3个自然日``, ``即办``) or a structured `LimitIn`.
    """

    start: str
    limit: str | LimitIn
    suspensions: list[SuspensionIn] = attrs.field(factory=list)
    extensions: list[ExtensionIn] = attrs.field(factory=list)
    locale: str = "zh_CN"


@attrs.frozen
class DeadlineResult:
    """When it is due, whether that may still change, and why.

    Args:
        due_date: The last day of the limit.
        due_at: The deadline instant: close of office hours on ``due_date`` (Civil Code art. 203).
        provisional: Whether it depends on days after the calendar's official data.
        explanation: The steps, one per line, in the requested locale.
        limit: The limit as read, structured.
    """

    due_date: dt.date
    due_at: dt.datetime
    provisional: bool
    explanation: str
    limit: LimitIn


@attrs.frozen
class MatterSummary:
    """One matter of the catalogue, as the list shows it."""

    code: str
    name: str
    name_en: str
    department: str
    matter_type: str
    level: str
    statutory_limit: LimitIn
    committed_limit: LimitIn
    kind: str


@attrs.frozen
class ClassifyRequest:
    """``POST /v1/classify``: the matter and the facts of one application."""

    matter: str
    departments: list[str] = attrs.field(factory=list)
    expert_review: bool = False
    collective_decision: bool = False
    special: bool = False
    urgent: bool = False
    green_channel: bool = False
    locale: str = "zh_CN"


@attrs.frozen
class ClassifyResult:
    """The case kind, the reasons in the requested locale, and the marks."""

    matter: str
    kind: str
    reasons: list[str]
    urgent: bool
    green_channel: bool


@attrs.frozen
class CaseFactsIn:
    """Facts of one application that can change its kind (see ``POST /v1/classify``).

    ``special``: handled as 特事特办 (特办件). ``urgent`` and ``green_channel`` are marks raised
    in monitoring order, not kinds.
    """

    departments: list[str] = attrs.field(factory=list)
    expert_review: bool = False
    collective_decision: bool = False
    special: bool = False
    urgent: bool = False
    green_channel: bool = False


@attrs.frozen
class CaseSubmit:
    """``POST /v1/cases``: submit a case of a matter.

    The clerk who receives it is the person of the bearer token, never a name in the body;
    ``window`` names the window receiving it, where the lifecycle records one.
    """

    matter: str
    case_id: str
    applicant: str
    at: str
    facts: CaseFactsIn | None = None
    window: str | None = None


@attrs.frozen
class TimelinessOut:
    """How each limit was kept: ``early``, ``on_time``, ``late`` or ``pending``.

    Args:
        committed: The committed limit (承诺时限), measured at 办结.
        statutory: The statutory limit (Administrative Licensing Law art. 42), at the decision.
        delivery: The delivery limit (art. 44), at delivery.
    """

    committed: str
    statutory: str
    delivery: str


@attrs.frozen
class NoticeOut:
    """A notice the law requires, with its date (receipt, suspension, extension, denial)."""

    kind: str
    date: dt.date | None


@attrs.frozen
class TraceEventOut:
    """One event of a case's trace: its position, hash and the exact bytes hashed."""

    seq: int
    hash: str
    body: str


@attrs.frozen
class RectificationOut:
    """A rectification a bad review (差评) or a complaint opened, with its own clock.

    Args:
        id: ``R1``, ``R2``, ... within the case.
        source: ``review`` or ``complaint``.
        state: ``open``, ``verified``, ``rectified``, ``answered`` or ``appealed``.
        due_date: The last day to answer (working days after the review or complaint).
        closed: Whether it has ended (answered, or set aside on appeal).
        overdue: Whether it is still open after its due date as of the ``today`` asked
            about; None when no ``today`` was given.
    """

    id: str
    source: str
    state: str
    due_date: dt.date
    closed: bool
    overdue: bool | None = None


@attrs.frozen
class CaseSnapshot:
    """A case's current state, rebuilt from its verified trace.

    Args:
        case_id: The case number.
        state: The state (``submitted``, ``accepted``, ``under_review``, ``approved``, ...).
        kind: The case kind (``immediate``, ``committed``, ``joint``, ...).
        handling_system: The handling system (``direct``, ``commitment``, ``lead``, ...).
        matter_code: The matter (for a parallel case, its lead matter or plan).
        department: The department handling it.
        window: The window that accepted it.
        accepted_at: When it was accepted.
        due_date: The committed due date (承诺时限).
        due_at: The committed due instant (close of office hours, or when working hours
            run out).
        statutory_due_date: The statutory due date (法定时限).
        statutory_due_at: The statutory due instant.
        delivery_due_date: The delivery due date (art. 44), once decided.
        ended_at: When it was completed or withdrawn.
        provisional: Whether a due date depends on provisional calendar days.
        timeliness: How each limit was kept.
        notices: The notices given, with their dates.
        head: The trace head: also the ``ETag``, to send as ``If-Match`` with the next act.
        events: The number of events in the trace.
        trace: The events, when asked for with ``trace=true``.
        grade: The latest 好差评 grade 1..5 (5 = very satisfied); None if not rated.
        rectifications: The rectifications bad reviews and complaints opened, in order.
    """

    case_id: str
    state: str
    kind: str
    handling_system: str | None
    matter_code: str
    department: str
    window: str | None
    accepted_at: dt.datetime | None
    due_date: dt.date | None
    due_at: dt.datetime | None
    statutory_due_date: dt.date | None
    statutory_due_at: dt.datetime | None
    delivery_due_date: dt.date | None
    ended_at: dt.datetime | None
    provisional: bool
    timeliness: TimelinessOut
    notices: list[NoticeOut]
    head: str
    events: int
    trace: list[TraceEventOut] | None = None
    grade: int | None = None
    rectifications: list[RectificationOut] = attrs.Factory(list)


@attrs.frozen
class CaseRowOut:
    """One case of a list, as its state row keeps it (no replay)."""

    case_id: str
    state: str
    kind: str
    handling_system: str | None
    matter_code: str
    department: str
    window: str | None
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_date: dt.date | None
    statutory_due_date: dt.date | None
    delivery_due_date: dt.date | None
    provisional: bool
    timeliness: TimelinessOut
    head: str


@attrs.frozen
class CasePage:
    """One page of a case list."""

    items: list[CaseRowOut]
    total: int
    offset: int
    limit: int


@attrs.frozen
class VerifyResult:
    """Whether a stored case's trace verifies, and if not, why."""

    case_id: str
    verified: bool
    head: str | None
    events: int | None
    problem: str | None


@attrs.frozen
class MonitoredCase:
    """One open case as electronic monitoring sees it on a day.

    Args:
        case_id: The case.
        department: Its department.
        window: Its window.
        matter_code: Its matter.
        status: ``normal``, ``yellow`` (close to a due date) or ``red`` (overdue).
        remaining_working_days: Working days left to the earlier due date (negative when overdue).
        due_date: The earlier of its committed and statutory due dates.
        node: Where it waits (``undertake``, ``complete``, ...).
    """

    case_id: str
    department: str
    window: str | None
    matter_code: str
    status: str
    remaining_working_days: int | None
    due_date: dt.date | None
    node: str | None


@attrs.frozen
class MonitoredDepartment:
    """Open cases of one department by monitoring status."""

    department: str
    open: int
    normal: int
    yellow: int
    red: int


@attrs.frozen
class MonitoringOut:
    """Monitoring (电子监察) as of a day: every open case, and the counts per department."""

    today: dt.date
    cases: list[MonitoredCase]
    departments: list[MonitoredDepartment]


@attrs.frozen
class FigureTable:
    """A table of figures: its column ids, then one object per row (null where undefined)."""

    columns: list[str]
    rows: list[dict[str, str | float | int | bool | None]]
