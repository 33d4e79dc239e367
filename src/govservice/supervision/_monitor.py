"""Electronic monitoring (电子监察): open cases and parallel-approval steps against deadlines."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from govservice._columns import NAT, RecordColumns, pandas
from govservice._errors import InvalidValueError
from govservice._i18n import N_, _t, pick_locale
from govservice._lifecycle import NOTICE_OF, NoticeKind, suspension_range

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.approval import ParallelCase
    from govservice.calendar import WorkCalendar
    from govservice.matters import Case, Inquiry

__all__ = [
    "NODES",
    "STATUSES",
    "CardStatus",
    "Monitoring",
    "Thresholds",
    "WaitingNode",
    "monitor",
    "status_name",
]


class CardStatus(enum.StrEnum):
    """The status of an open case or step (红黄牌), mildest first (convention) (the glossary §5).

    Examples:
        >>> [str(s) for s in CardStatus]
        ['normal', 'yellow', 'red']
    """

    NORMAL = "normal"  #: in time
    YELLOW = "yellow"  #: 黄牌: due soon
    RED = "red"  #: 红牌: overdue


class WaitingNode(enum.StrEnum):
    """The node an open case waits at (001: acceptance, undertaking, approval, completion).

    Examples:
        >>> WaitingNode("complete").name
        'COMPLETE'
    """

    UNDERTAKE = "undertake"  #: no decision recorded yet (承办, 审核)
    COMPLETE = "complete"  #: decided, waiting for 办结 (certificate, delivery)


#: The values of `CardStatus`, mildest first (the ``status`` categories).
STATUSES: tuple[str, ...] = tuple(s.value for s in CardStatus)
_STATUS_NAMES = {
    "normal": N_("normal"),
    "yellow": N_("yellow warning"),
    "red": N_("red: overdue"),
}
#: The values of `WaitingNode` (the ``node`` categories).
NODES: tuple[str, ...] = tuple(n.value for n in WaitingNode)
_NODE_NAMES = {"undertake": N_("undertaking and review"), "complete": N_("awaiting completion")}


def status_name(status: str, locale: str | None = None, *, lang: str | None = None) -> str:
    """The name of a status (or node) for people, in ``locale`` (``zh``, ``zh_TW`` or ``en``).

    ``lang`` is the older name of ``locale``.

    Examples:
        >>> status_name("yellow"), status_name("red", "en"), status_name("complete", "zh_TW")
        ('黄牌预警', 'red: overdue', '待辦結')
    """
    msgid = _STATUS_NAMES.get(status) or _NODE_NAMES.get(status)
    if msgid is None:
        raise InvalidValueError("status", status, f"one of {', '.join(STATUSES + NODES)}")
    return _t(pick_locale(locale, lang), msgid)


def _k(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError("yellow_working_days", value, "an integer >= 0, or None")
    return value


def _share(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidValueError("yellow_share", value, "a share in [0, 1], or None")
    return float(value)


@attrs.frozen
class Thresholds:
    """When an open case (or a step) turns yellow: thresholds as data, set by each center.

    The thresholds are a convention of each center.

    A case is ``red`` once ``today`` is past its committed or statutory due date; before that
    it is ``yellow`` when at most ``yellow_working_days`` working days remain, or when at most
    ``yellow_share`` of its limit remains (remaining working days <= share x the limit in
    working days); either that is set. ``None`` turns a test off. The default, yellow at <= 1
    remaining working day, has no source (the glossary §5) (convention).

    Args:
        yellow_working_days: Remaining working days at or below which a case is yellow.
        yellow_share: Share of the limit at or below which a case is yellow.

    Examples:
        >>> Thresholds()
        Thresholds(yellow_working_days=1, yellow_share=None)
        >>> Thresholds.from_mapping({"yellow_share": 0.2, "yellow_working_days": None})
        Thresholds(yellow_working_days=None, yellow_share=0.2)
    """

    yellow_working_days: int | None = attrs.field(default=1, converter=_k)
    yellow_share: float | None = attrs.field(default=None, converter=_share)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Thresholds:
        """Thresholds from a mapping (a TOML or JSON table); unknown keys are refused."""
        if not isinstance(data, Mapping):
            raise InvalidValueError("thresholds", data, "a mapping")
        unknown = sorted(set(data) - {"yellow_working_days", "yellow_share"})
        if unknown:
            raise InvalidValueError(
                "thresholds", unknown, "keys among yellow_working_days, yellow_share"
            )
        return cls(**data)

    def classify(
        self, remaining: npt.NDArray[np.int64], limit: npt.NDArray[np.int64], red: Any
    ) -> npt.NDArray[np.int8]:
        """Status codes (0 normal, 1 yellow, 2 red) from remaining days and limits.

        Examples:
            >>> import numpy as np
            >>> t = Thresholds(yellow_working_days=1, yellow_share=0.2)
            >>> t.classify(np.array([5, 1, 2, 3, -1]), np.array([20, 20, 10, 10, 5]),
            ...            np.array([False, False, False, False, True])).tolist()
            [0, 1, 1, 0, 2]
        """
        yellow = np.zeros(remaining.shape, dtype=np.bool_)
        if self.yellow_working_days is not None:
            yellow |= remaining <= self.yellow_working_days
        if self.yellow_share is not None:
            yellow |= remaining <= self.yellow_share * limit + 1e-9
        return np.where(red, 2, np.where(yellow, 1, 0)).astype(np.int8)


@attrs.frozen(eq=False)
class Monitoring:
    """What `monitor` found on ``today``.

    Args:
        today: The day monitored.
        thresholds: The thresholds applied.
        cases: One row per open case: ``case_id``, ``department``, ``window``,
            ``matter_code``, ``status``, ``remaining_working_days`` (negative when overdue),
            ``due_date``, ``node``, ``accepted_on``, ``urgent``, ``green_channel``,
            ``provisional`` (the due date depends on days after the calendar's official data:
            the status is an estimate until the year's notice is loaded); in
            monitoring order: red, then yellow, then normal; within one status urgent and
            green-channel cases first (急办件, 绿色通道); then fewest working days left first;
            ties in record order.
        steps: One row per running parallel-approval step: ``case_id``, ``step``,
            ``department``, ``status``, ``remaining_working_days``, ``deadline``.
        departments: Per department: ``open``, ``normal``, ``yellow``, ``red``, and the same
            for steps (``steps_open``, ``steps_normal``, ``steps_yellow``, ``steps_red``).
        awaiting_acceptance: One row per application received by ``today`` and not yet
            accepted, refused or withdrawn by then (``ended_at``, when the records carry
            it, tells when it was withdrawn or refused): ``case_id``, ``department``,
            ``submitted_on``, ``deemed_on`` (five working days after receipt: without a
            notice of missing materials by then, the application is accepted from receipt,
            Administrative Licensing Law art. 32(4)) and ``working_days_left`` (0 once past it).
            Applications given the notice of missing materials by ``today``
            (``supplement_notice_on``, as `records_from_cases` gives it) are left out, as are
            those with a true ``notified`` column. A `Case` given in ``cases`` gives its own
            ``deemed_on`` (`Case.deemed_acceptance_date`, by its `ReceiptPolicy`); records
            alone count from the calendar date of receipt.
        nodes: One row per open `Case` given in ``cases`` (see `monitor`): ``case_id``,
            ``department``, ``node`` (a `Node` value), ``step`` (its name in the procedure),
            ``node_since``, ``node_limit``,
            ``node_due``, ``node_overdue``, ``notices_missing`` and ``notice_overdue``.
        rectifications: One row per rectification open on ``today`` of the cases and
            parallel cases given (see `monitor`): ``case_id``, ``department``,
            ``rectification`` (``R1``, ...), ``source`` (review, complaint), ``state``,
            ``opened_on``, ``due_date``, ``days_left`` (working days on the case's own
            calendar: 0 on the due date, negative once past), ``overdue``, ``real_name`` and
            ``provisional``; most urgent first (the table of `open_rectifications`).
        inquiries: One row per inquiry given (see `monitor`) asked by ``today`` and not
            answered by then (首问责任制): ``inquiry_id``, ``first_responder``,
            ``responsible``, ``handovers``, ``asked_on``, ``due_date``, ``days_left``,
            ``overdue``; most urgent first (the table of `unanswered_inquiries`).
        notices: One row per written notice still owed on ``today`` by a `Case` given in
            ``cases``, open or sealed (a denial closed before its reasons were given still
            owes them, art. 38): ``case_id``, ``department``, ``notice`` (a `NoticeKind`
            value), ``article``, ``owed_since`` (the day of the act that required it),
            ``due_date``, ``overdue`` and ``sealed``; overdue first, then the oldest.

    Examples:
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> m = monitor(_example_records(), dt.date(2025, 3, 7), calendar=china())
        >>> m
        Monitoring(today=2025-03-07, open=3, yellow=1, red=1, steps=0)
    """

    today: dt.date
    thresholds: Thresholds
    cases: Any
    steps: Any
    departments: Any
    awaiting_acceptance: Any = None
    nodes: Any = None
    rectifications: Any = None
    inquiries: Any = None
    notices: Any = None

    def __repr__(self) -> str:
        counts = self.cases["status"].value_counts()
        return (
            f"Monitoring(today={self.today}, open={len(self.cases)}, "
            f"yellow={int(counts.get('yellow', 0))}, red={int(counts.get('red', 0))}, "
            f"steps={len(self.steps)})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        """A card for notebooks: the day's counts and the departments' yellow and red cards."""
        from govservice._display import card, table

        counts = self.cases["status"].value_counts()
        columns = [c for c in ("department", "open", "normal", "yellow", "red")
                   if c in self.departments.columns]  # fmt: skip
        rows = self.departments[columns].itertuples(index=False)
        return card(
            f"电子监察 Monitoring {self.today.isoformat()}",
            [
                ("在办 open", len(self.cases)),
                ("黄牌 yellow", int(counts.get("yellow", 0))),
                ("红牌 red", int(counts.get("red", 0))),
                ("并联步骤 parallel steps", len(self.steps)),
            ],
            extra=table(columns, ([_plain(v) for v in row] for row in rows)),
        )


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


def _remaining(
    calendar: WorkCalendar, today: dt.date, due: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Working days left to ``due`` (in (today, due]); when past due, minus those overdue.

    A case is overdue from the day after its due date; on a non-working day right after it
    it already counts one working day overdue (the next working day is late).
    """
    red = due < np.datetime64(today, "D")
    rem = np.asarray(calendar.working_days_between(today, due), np.int64)
    return np.where(red, np.minimum(rem, -1), rem), red


def _ended_by(
    cols: RecordColumns, done_day: npt.NDArray[np.int64], t: int
) -> npt.NDArray[np.bool_]:
    """Withdrawn or returned cases without a completion that had ended by day ``t``.

    When they ended is ``ended_at`` (`records_from_cases` writes it): a case withdrawn in May
    was still open on a day in March. Records without that instant cannot tell, and count
    such a case as ended on every day.
    """
    ended = cols.isin("outcome", ("withdrawn", "returned")) & (done_day == NAT)
    if cols.has("ended_at"):
        end_day = cols.day("ended_at")
        ended &= (end_day == NAT) | (end_day <= t)
    return np.asarray(ended, dtype=np.bool_)


def _categorical(values: Any, categories: tuple[str, ...]) -> Any:
    pd = pandas()
    return pd.Categorical(values, categories=list(categories))


def monitor(
    records: object,
    today: dt.date,
    thresholds: Thresholds | Mapping[str, object] = Thresholds(),
    *,
    parallel: Iterable[ParallelCase] = (),
    step_thresholds: Thresholds | Mapping[str, object] | None = None,
    calendar: WorkCalendar,
    cases: Iterable[Case] = (),
    inquiries: Iterable[Inquiry] = (),
) -> Monitoring:
    """Watch every case open on ``today``: its status, working days left and node (电子监察).

    Open means accepted on or before ``today`` and not completed on or before it (dates in
    Asia/Shanghai), so a past day can be replayed from later records; a withdrawn or returned
    case is open until its ``ended_at`` (a case withdrawn in May is open on a day in March),
    and, in records without ``ended_at``, not open on any day. ``today`` is passed in, never
    read from the clock.

    A case is ``red`` when ``today`` is past its committed or statutory due date (the due
    dates in records already include suspensions and extensions), or, approved on or before
    ``today`` and not delivered by then, its delivery due date (``delivery_due``, art. 44); a
    statutory due date no longer counts once the case was decided by it (the statutory limit is
    measured at the decision, art. 42: kept, it cannot be broken later); else ``yellow`` by the
    `Thresholds` (the limit for the share is the working days from acceptance to the due
    date); else ``normal``. ``remaining_working_days`` counts the working days after
    ``today`` up to the earlier due date; overdue, it is minus the working days after the
    due date up to ``today`` (at least 1). The node is ``undertake`` while no decision is
    recorded on or before ``today``, ``complete`` once decided; a ``node`` column in the
    records, if any, is reported instead. An open case with no due date is ``normal`` with
    no remaining days.

    Rows are in monitoring order: red, yellow, normal; within one status, urgent (急办件) and
    green-channel (绿色通道) cases are raised first (``urgent`` and ``green_channel`` columns,
    False when the records have none); then the fewest working days left; ties keep the
    records' order.

    Parallel cases (`govservice.approval.ParallelCase`) given in ``parallel`` are watched the
    same way, step by step: every running step (ready, its department's clock running)
    against its feedback deadline (限时反馈), from the case's ``overview(today)``.

    Cases (`govservice.matters.Case`) given in ``cases`` are watched node by node (节点监察,
    Fuyang report), on their own calendars, as of ``today``. The handling steps are the matter's
    `ProcedureStep` values of node ``undertake``, ``review`` or ``approve`` in procedure order
    (承办 -> 审核 -> 批准 when it lists none): an open case waits at the first from acceptance,
    moves to the next with each review opinion and to the last when reported up, and at the
    ``complete`` step (办结) once decided. ``node_due`` is the step's own limit counted from
    the instant the case reached it, not counting the days the case was suspended while it
    waited there (art. 45; a local-rule suspension stops node clocks too), and none while the
    case is suspended or when the step has no limit; ``node_overdue`` when ``today`` is past
    it. The notification node (告知): ``notices_missing`` lists every written notice the
    law requires that is still not given on ``today`` (``acceptance_receipt``, art. 32;
    ``suspension``, art. 45; ``extension_reason``, art. 42; ``denial_reasons``, art. 38),
    ``notice_overdue`` once one is past the limit of the procedure's ``notify`` step counted
    from the act that required it, or at once when no ``notify`` step has a limit (the law
    gives the receipt at acceptance).

    The rectifications that bad reviews and complaints opened (好差评, 国办发〔2019〕51号) on
    the cases and parallel cases given, still open at the end of ``today``, are listed with
    their working days left, each counted on its case's own calendar, most urgent first
    (``rectifications``). Inquiries (咨询) given in ``inquiries`` that are still unanswered
    on ``today`` are listed with the person answerable for them (首问责任制: the first person
    asked, until handed to a named person) and their working days left (``inquiries``).

    Args:
        records: Case records (see `RECORD_COLUMNS`), of any type `compute_indicators` takes.
        today: The day to monitor.
        thresholds: When a case turns yellow (a `Thresholds`, or a mapping of its fields).
        parallel: Running parallel cases whose steps to watch.
        step_thresholds: Thresholds for steps (``thresholds`` by default).
        calendar: The working-day calendar (required: no silent default).
        cases: Cases whose procedure nodes and notices to watch (each on its own calendar).
        inquiries: `govservice.matters.Inquiry` records whose answers to watch.

    Returns:
        A `Monitoring` with the ``cases``, ``steps``, ``departments``, ``nodes``,
        ``rectifications`` and ``inquiries`` tables.

    Raises:
        InvalidValueError: A bad argument or a missing column.
        CalendarCoverageError: A due date outside the calendar's coverage.

    Examples:
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> m = monitor(_example_records(), dt.date(2025, 3, 7), calendar=china())
        >>> m.cases[["case_id", "status", "remaining_working_days", "node"]]
          case_id  status  remaining_working_days       node
        0     C-3     red                      -2  undertake
        1     C-2  yellow                       1   complete
        2     C-1  normal                       3  undertake
        >>> m.departments[["department", "open", "yellow", "red"]]
          department  open  yellow  red
        0        公安局     2       1    0
        1        民政局     1       0    1
    """
    from govservice._columns import required_calendar

    pd = pandas()
    if type(today) is not dt.date:
        raise InvalidValueError("today", today, "a datetime.date")
    if not isinstance(thresholds, Thresholds):
        thresholds = Thresholds.from_mapping(thresholds)
    if step_thresholds is None:
        step_thresholds = thresholds
    elif not isinstance(step_thresholds, Thresholds):
        step_thresholds = Thresholds.from_mapping(step_thresholds)
    cal = required_calendar(calendar)
    cases_watched = tuple(cases)
    parallel = tuple(parallel)
    cols = records if isinstance(records, RecordColumns) else RecordColumns(records, cal)
    for name in ("case_id", "department", "accepted_at", "completed_at", "outcome"):
        if not cols.has(name):
            raise InvalidValueError("records", f"no column {name!r}", "case records")
    t = (dt.date(today.year, today.month, today.day) - dt.date(1970, 1, 1)).days
    acc_day = cols.day("accepted_at")
    done_day = cols.day("completed_at")
    ended = _ended_by(cols, done_day, t)
    open_ = (acc_day != NAT) & (acc_day <= t) & ((done_day == NAT) | (done_day > t)) & ~ended
    rows = np.flatnonzero(open_)

    committed = cols.date("committed_due")[rows]
    statutory = cols.date("statutory_due")[rows]
    decided = cols.day("decided_at")[rows] if cols.has("decided_at") else None
    if decided is not None:
        decided_now = (decided != NAT) & (decided <= t)
        # The statutory limit is measured at the decision (art. 42): kept, it no longer makes
        # the case red; broken, it stays red until 办结.
        kept = decided_now & (decided <= statutory)
        if cols.has("statutory_timeliness"):  # decided on the due day after its closing time
            kept &= ~cols.isin("statutory_timeliness", ("late",))[rows]
        statutory = np.where(kept, NAT, statutory)
    watched = [committed, statutory]
    if decided is not None and cols.has("delivery_due"):
        # An approval not delivered by today runs against its delivery date (art. 44).
        delivery = cols.date("delivery_due")[rows]
        if cols.has("delivered_at"):
            delivered = cols.day("delivered_at")[rows]
            waiting_delivery = (delivered == NAT) | (delivered > t)
        else:
            waiting_delivery = np.ones(rows.size, np.bool_)
        watched.append(np.where(decided_now & waiting_delivery, delivery, NAT))
    big = np.iinfo(np.int64).max
    due_n = np.minimum.reduce([np.where(d == NAT, big, d) for d in watched])
    known = due_n != big
    # No due date (a suspended case: its clocks are stopped): counted against today itself,
    # a day the calendar covers, and masked below (normal, no remaining days).
    due = np.where(known, due_n, t).astype("datetime64[D]")
    accepted = acc_day[rows].astype("datetime64[D]")
    remaining, red = _remaining(cal, today, due)
    limit = np.asarray(cal.working_days_between(accepted, due), dtype=np.int64)
    codes = thresholds.classify(remaining, limit, red)
    codes = np.where(known, codes, 0)

    if cols.has("node"):
        node = cols.series("node").iloc[rows].astype(object).to_numpy()
    else:
        decided = cols.day("decided_at")[rows] if cols.has("decided_at") else None
        is_decided = (
            (decided != NAT) & (decided <= t)
            if decided is not None
            else np.zeros(rows.size, np.bool_)
        )
        node = _categorical(np.where(is_decided, "complete", "undertake"), NODES)

    def take(name: str) -> Any:
        if not cols.has(name):
            return pd.Series([None] * rows.size, dtype=object)
        return cols.series(name).iloc[rows].reset_index(drop=True)

    table = pd.DataFrame(
        {
            "case_id": take("case_id"),
            "department": take("department"),
            "window": take("window"),
            "matter_code": take("matter_code"),
            "status": pd.Categorical.from_codes(codes, categories=list(STATUSES)),
            "remaining_working_days": pd.array(np.where(known, remaining, 0), dtype="Int64").astype(
                "Int64"
            ),
            "due_date": pd.Series(np.where(known, due, np.datetime64("NaT", "D"))).astype(
                "datetime64[s]"
            ),
            "node": node,
            "accepted_on": pd.Series(accepted.astype("datetime64[s]")),
            "urgent": _flags(cols, "urgent", rows),
            "green_channel": _flags(cols, "green_channel", rows),
            # a due date counted on a provisional year (the notice not out): recalendar it
            "provisional": _flags(cols, "provisional", rows),
        }
    )
    # Monitoring order: the worst status first; within it urgent and green-channel cases
    # raised; then the fewest working days left; ties keep the records' order (stable).
    raised = table["urgent"].to_numpy() | table["green_channel"].to_numpy()
    left = np.where(known, remaining, big)
    order = np.lexsort((np.arange(rows.size), left, ~raised, -codes.astype(np.int64)))
    table = table.iloc[order].reset_index(drop=True)
    known = known[order]
    table.loc[~known, "remaining_working_days"] = pd.NA

    steps = _step_rows(parallel, today, step_thresholds)
    departments = _department_counts(table, steps)
    waiting = _awaiting_acceptance(cols, cal, today, t, cases_watched)
    nodes, notices = _node_rows(cases_watched, today)
    rectifications = _rectification_rows((*cases_watched, *parallel), today, cal)
    from govservice.supervision._public import unanswered_inquiries

    asked = unanswered_inquiries(inquiries, today=today)
    return Monitoring(
        today, thresholds, table, steps, departments, waiting, nodes, rectifications, asked,
        notices,
    )  # fmt: skip


def _rectification_rows(
    watched: tuple[Case | ParallelCase, ...], today: dt.date, calendar: WorkCalendar
) -> Any:
    """`open_rectifications` of the cases, each counted on its own calendar; most urgent first."""
    from govservice.supervision._public import open_rectifications

    pd = pandas()
    groups: dict[int, tuple[WorkCalendar, list[Case | ParallelCase]]] = {}
    for case in watched:
        groups.setdefault(id(case.calendar), (case.calendar, []))[1].append(case)
    frames = [open_rectifications(items, today=today, calendar=cal)
              for cal, items in groups.values()]  # fmt: skip
    if len(frames) == 1:
        return frames[0]
    if not frames:
        return open_rectifications((), today=today, calendar=calendar)
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["days_left", "case_id", "rectification"], kind="stable").reset_index(
        drop=True
    )


def _flags(cols: RecordColumns, name: str, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    if not cols.has(name):
        return np.zeros(rows.size, np.bool_)
    return cols.flag(name)[rows]


#: The handling nodes between acceptance and the decision, in procedure order (Fuyang report).
_HANDLING = ("undertake", "review", "approve")
_DECIDED = ("approve", "deny", "issue_certificate")


def _node_rows(cases: tuple[Case, ...], today: dt.date) -> tuple[Any, Any]:
    """Per open case: the node it waits at, its own limit, and the notices still owed.

    And per case given, open or sealed: every written notice still owed on ``today``.
    """
    from govservice.calendar import Suspension, SuspensionReason, deadline
    from govservice.matters import Case, Node, ProcedureStep

    names = ("case_id", "department", "node", "step", "node_since", "node_limit", "node_due",
             "node_overdue", "notices_missing", "notice_overdue")  # fmt: skip
    out: dict[str, list[Any]] = {k: [] for k in names}
    owed_rows: list[tuple[Any, ...]] = []
    for case in cases:
        if not isinstance(case, Case):
            raise InvalidValueError("cases", type(case).__name__, "Case values")
        cal = case.calendar
        local_date = cal._local_date  # the calendar's own time zone
        # The matter's handling steps in procedure order; without any, 承办 -> 审核 -> 批准.
        path = [s for s in case.matter.procedure if s.node.value in _HANDLING] or [
            ProcedureStep(name, Node(name)) for name in _HANDLING
        ]
        finish = next((s for s in case.matter.procedure if s.node is Node.COMPLETE), None)
        notify = next(
            (s.limit for s in case.matter.procedure if s.node is Node.NOTIFY and s.limit), None
        )
        step: ProcedureStep | None = None
        since: dt.datetime | None = None
        index = 0
        sealed = False
        # The suspension running now (its first date, reason and note), and the finished ones
        # while the case waited at its current node: they stop the node's clock as they stop
        # the committed clock (art. 45; a local-rule suspension too).
        suspended: tuple[dt.date, str, str] | None = None
        paused: list[Suspension] = []
        owed: list[tuple[NoticeKind, dt.datetime]] = []
        for event in case.trace.events:
            payload = event.payload
            at = dt.datetime.fromisoformat(payload["at"])
            if local_date(at) > today:
                break
            action, data = payload["action"], payload["data"]
            if action in ("complete", "withdraw", "refuse_acceptance"):
                sealed = True
            elif action == "suspend":
                suspended = (local_date(at), data["reason"], data.get("note", ""))
            elif action == "resume" and suspended is not None:
                span = suspension_range(suspended[0], local_date(at))
                if span is not None and since is not None:
                    first = max(span[0], local_date(since))
                    if first <= span[1]:
                        paused.append(Suspension(first, span[1], suspended[1], suspended[2]))
                suspended = None
            elif action == "accept":
                index, step, since, paused = 0, path[0], at, []
            elif action == "review" and step is not None and step in path:
                index = min(index + 1, len(path) - 1)
                if path[index] is not step:
                    step, since, paused = path[index], at, []
            elif action == "report_up":
                step, since, paused = path[-1], at, []
            elif action in _DECIDED and step in path:
                step, since = finish or ProcedureStep("办结", Node.COMPLETE), at
                paused = []
            if action in NOTICE_OF and data.get("notified") is False:
                # A local-rule suspension (补正材料) records False: art. 45 asks no notice.
                if action != "suspend" or SuspensionReason(data["reason"]).statutory:
                    owed.append((NOTICE_OF[action], at))
            elif action == "notify":
                given = next(i for i, (kind, _) in enumerate(owed) if kind == data["kind"])
                del owed[given]
        for kind, owed_at in owed:
            due_on = (
                local_date(owed_at)
                if notify is None
                else deadline(owed_at, notify, cal, receipt=case.receipt).due_date
            )
            overdue = notify is None or due_on < today
            owed_rows.append(
                (case.case_id, case.department, kind.value, kind.article, local_date(owed_at),
                 due_on, overdue, sealed)
            )  # fmt: skip
        if step is None or sealed or since is None:
            continue
        due = None
        if step.limit is not None and suspended is None:
            due = deadline(
                since, step.limit, cal, suspensions=paused, receipt=case.receipt
            ).due_date
        late_notice = any(
            notify is None or deadline(at, notify, cal, receipt=case.receipt).due_date < today
            for _, at in owed
        )
        out["case_id"].append(case.case_id)
        out["department"].append(case.department)
        out["node"].append(step.node.value)
        out["step"].append(step.name)
        out["node_since"].append(local_date(since))
        out["node_limit"].append(None if step.limit is None else str(step.limit))
        out["node_due"].append(due)
        out["node_overdue"].append(due is not None and due < today)
        out["notices_missing"].append(",".join(kind for kind, _ in owed))
        out["notice_overdue"].append(late_notice)
    return _node_frame(out), _notice_frame(owed_rows)


def _notice_frame(rows: list[tuple[Any, ...]]) -> Any:
    """The notices still owed, overdue first, then the oldest; ties in the cases' order."""
    pd = pandas()
    rows = sorted(rows, key=lambda r: (not r[6], r[4]))
    columns = list(zip(*rows, strict=True)) if rows else [()] * 8

    def days(values: Any) -> Any:
        return pd.Series(np.asarray(values, dtype="datetime64[D]").astype("datetime64[s]"))

    return pd.DataFrame(
        {
            "case_id": pd.Series(columns[0], dtype=object),
            "department": pd.Series(columns[1], dtype=object),
            "notice": pd.Series(columns[2], dtype=object),
            "article": pd.Series(columns[3], dtype=object),
            "owed_since": days(columns[4]),
            "due_date": days(columns[5]),
            "overdue": pd.Series(columns[6], dtype=bool),
            "sealed": pd.Series(columns[7], dtype=bool),
        }
    )


def _node_frame(out: dict[str, list[Any]]) -> Any:
    pd = pandas()
    return pd.DataFrame(
        {
            "case_id": pd.Series(out["case_id"], dtype=object),
            "department": pd.Series(out["department"], dtype=object),
            "node": pd.Series(out["node"], dtype=object),
            "step": pd.Series(out["step"], dtype=object),
            "node_since": pd.Series(
                np.asarray(out["node_since"], dtype="datetime64[D]").astype("datetime64[s]")
            ),
            "node_limit": pd.Series(out["node_limit"], dtype=object),
            "node_due": pd.Series(
                np.asarray(
                    [np.datetime64("NaT") if d is None else d for d in out["node_due"]],
                    dtype="datetime64[D]",
                ).astype("datetime64[s]")
            ),
            "node_overdue": pd.Series(out["node_overdue"], dtype=bool),
            "notices_missing": pd.Series(out["notices_missing"], dtype=object),
            "notice_overdue": pd.Series(out["notice_overdue"], dtype=bool),
        }
    )


#: Working days for the one-time notice of missing materials (art. 32(4)).
_NOTICE_DAYS = 5


def _awaiting_acceptance(
    cols: RecordColumns, cal: WorkCalendar, today: dt.date, t: int, cases: tuple[Case, ...] = ()
) -> Any:
    """Applications waiting for acceptance, with the working days left before it is deemed.

    Records count five working days from the calendar date of receipt (Civil Code art. 201);
    a case given in ``cases`` gives its own date (`Case.deemed_acceptance_date`), which follows
    its receipt policy (`ReceiptPolicy.NEXT_WORKING_DAY`: from the next working day).
    """
    pd = pandas()
    sub_day = cols.day("submitted_at") if cols.has("submitted_at") else None
    if sub_day is None:
        return pd.DataFrame(
            {"case_id": [], "department": [], "submitted_on": [], "deemed_on": [],
             "working_days_left": []}
        )  # fmt: skip
    acc_day = cols.day("accepted_at")
    waiting = (sub_day != NAT) & (sub_day <= t) & ((acc_day == NAT) | (acc_day > t))
    done_day = cols.day("completed_at") if cols.has("completed_at") else np.full(cols.n, NAT)
    waiting &= ~_ended_by(cols, done_day, t) & ((done_day == NAT) | (done_day > t))
    if cols.has("notified"):
        waiting &= ~cols.flag("notified")
    if cols.has("supplement_notice_on"):  # from the day of the notice it waits for materials
        noticed = cols.date("supplement_notice_on")
        waiting &= ~((noticed != NAT) & (noticed <= t))
    rows = np.flatnonzero(waiting)
    received = sub_day[rows].astype("datetime64[D]")
    deemed = np.asarray(cal.add_working_days(received, _NOTICE_DAYS), dtype="datetime64[D]")
    own = {case.case_id: case for case in cases}
    if own and rows.size:
        ids = cols.series("case_id").iloc[rows].tolist()
        deemed = np.array(
            [
                np.datetime64(own[i].deemed_acceptance_date, "D") if i in own else d
                for i, d in zip(ids, deemed, strict=True)
            ],
            dtype="datetime64[D]",
        )
    today_d = np.datetime64(today, "D")
    counted = np.asarray(cal.working_days_between(today, deemed), dtype=np.int64)
    left = np.where(deemed >= today_d, counted, 0)
    return pd.DataFrame(
        {
            "case_id": cols.series("case_id").iloc[rows].reset_index(drop=True),
            "department": cols.series("department").iloc[rows].reset_index(drop=True),
            "submitted_on": pd.Series(received.astype("datetime64[s]")),
            "deemed_on": pd.Series(deemed.astype("datetime64[s]")),
            "working_days_left": pd.array(left, dtype="Int64"),
        }
    )


def _step_rows(parallel: Iterable[ParallelCase], today: dt.date, thresholds: Thresholds) -> Any:
    from govservice._columns import required_calendar
    from govservice.approval import ParallelCase, ParallelState, TaskStatus

    pd = pandas()
    out: dict[str, list[Any]] = {
        k: [] for k in ("case_id", "step", "department", "deadline", "remaining", "limit", "red")
    }
    for case in parallel:
        if not isinstance(case, ParallelCase):
            raise InvalidValueError("parallel", type(case).__name__, "ParallelCase values")
        overview = case.overview(today)
        if overview.state is not ParallelState.OPEN:
            continue
        cal = required_calendar(case.calendar)
        if overview.past_bound:
            # Past the statutory bound of art. 42 para. 2 (45 + 15 working days): red even when
            # every step is inside its own limit.
            bound = overview.statutory_due_date
            out["case_id"].append(case.case_id)
            out["step"].append("(overall)")
            out["department"].append(case.department)
            out["deadline"].append(bound)
            # At least one working day late from the day after the bound (a Saturday after a
            # Friday bound already counts: the next working day is late), as for a step.
            out["remaining"].append(min(-int(cal.working_days_between(bound, today)), -1))
            out["limit"].append(cal.working_days_between(case.accepted_on, bound))
            out["red"].append(True)
        for step_id, task in overview.tasks.items():
            if task.status is not TaskStatus.READY:
                continue
            assert task.deadline is not None
            assert task.anchor is not None
            due = np.array([task.deadline], dtype="datetime64[D]")
            remaining, red = _remaining(cal, today, due)
            out["case_id"].append(case.case_id)
            out["step"].append(step_id)
            out["department"].append(task.department)
            out["deadline"].append(task.deadline)
            out["remaining"].append(int(remaining[0]))
            out["limit"].append(cal.working_days_between(task.anchor, task.deadline))
            out["red"].append(bool(red[0]))
    remaining = np.asarray(out["remaining"], dtype=np.int64)
    codes = thresholds.classify(
        remaining, np.asarray(out["limit"], dtype=np.int64), np.asarray(out["red"], np.bool_)
    )
    return pd.DataFrame(
        {
            "case_id": pd.Series(out["case_id"], dtype=object),
            "step": pd.Series(out["step"], dtype=object),
            "department": pd.Series(out["department"], dtype=object),
            "status": pd.Categorical.from_codes(codes, categories=list(STATUSES)),
            "remaining_working_days": pd.array(remaining, dtype="Int64"),
            "deadline": pd.Series(
                np.asarray(out["deadline"], dtype="datetime64[D]").astype("datetime64[s]")
            ),
        }
    )


def _department_counts(cases: Any, steps: Any) -> Any:
    pd = pandas()

    def counts(frame: Any, prefix: str) -> Any:
        dept = frame["department"].astype(object)
        table = pd.crosstab(dept, frame["status"].astype(object))
        table = table.reindex(columns=list(STATUSES), fill_value=0)
        table.insert(0, "open", table.sum(axis=1))
        table.columns = [prefix + str(c) for c in table.columns]
        return table

    names = ["open", *STATUSES]
    both = counts(cases, "").join(counts(steps, "steps_"), how="outer")
    for name in names:
        for col in (name, "steps_" + name):
            if col not in both:
                both[col] = 0
    both = both.fillna(0).astype("int64")
    both = both[names + ["steps_" + n for n in names]]
    both.index.name = "department"
    return both.sort_index().reset_index()


def _example_records() -> Any:
    """Three open cases and one completed, for the examples."""
    from govservice.metrics import frame_from_rows

    sh = dt.timezone(dt.timedelta(hours=8))

    def at(day: int, hour: int = 10) -> dt.datetime:
        return dt.datetime(2025, 3, day, hour, tzinfo=sh)

    def row(case_id: str, dept: str, acc: int, due: int, **more: object) -> dict[str, object]:
        return {
            "case_id": case_id, "applicant_id": "P-" + case_id, "center": "示例中心",
            "level": "county", "department": dept, "window": dept + "1号窗口",
            "matter_code": "M-" + dept, "kind": "committed", "channel": "window",
            "accepted_in": "center", "submitted_at": at(acc, 9), "accepted_at": at(acc),
            "committed_due": dt.date(2025, 3, due), "statutory_due": dt.date(2025, 3, 31),
            "committed_working_days": 5, "statutory_working_days": 20,
            "suspended_working_days": 0, "visits": 1, "on_site": False, "complaint": False,
        } | more  # fmt: skip

    return frame_from_rows(
        [
            row("C-1", "公安局", 5, 12),
            row("C-2", "公安局", 3, 10, decided_at=at(6)),
            row("C-3", "民政局", 3, 5),
            row("C-4", "民政局", 3, 5, completed_at=at(4), outcome="approved"),
        ]
    )
