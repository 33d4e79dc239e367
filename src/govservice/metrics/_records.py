"""The case-record schema: one row per case, its checks, and records from `Case` objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from operator import attrgetter, sub
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from govservice._errors import InvalidValueError, RecordError, RecordProblem
from govservice._handling import limit_working_days, parallel_facts, suspended_working_days
from govservice._lifecycle import UNIFIED_HANDLING_DAYS
from govservice._zones import zone
from govservice.calendar import LimitUnit
from govservice.matters import Case, CaseKind, CaseState, Catalog, CenterLevel
from govservice.metrics._table import NAT, RecordColumns, pandas

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.approval import ParallelCase
    from govservice.calendar import ProvisionalCalendar, WorkCalendar

__all__ = [
    "ACCEPTED_IN",
    "CHANNELS",
    "LIFECYCLE_COLUMNS",
    "OUTCOMES",
    "RECORD_COLUMNS",
    "RecordCheck",
    "RecordColumn",
    "check_records",
    "records_from_cases",
]

CHANNELS = ("online", "window")  #: How the application came in: 网上申请 or at a window.
ACCEPTED_IN = ("center", "department")  #: Where it was accepted: in the center or outside it.
OUTCOMES = ("approved", "denied", "withdrawn", "returned")  #: How a case ended (null: open).


@attrs.frozen
class RecordColumn:
    """One column of the case-record schema.

    Args:
        name: The column name.
        type: Its type: ``str``, ``instant`` (an aware timestamp), ``date``, ``int``, ``bool``.
        nullable: Whether a value may be missing.
        description: What it holds.

    Examples:
        >>> RECORD_COLUMNS[0]
        RecordColumn(name='case_id', type='str', nullable=False, description='办件编号 ...')
    """

    name: str
    type: str
    nullable: bool
    description: str


#: The columns of a case record, in order. Records may carry more columns; they are kept.
RECORD_COLUMNS: tuple[RecordColumn, ...] = (
    RecordColumn("case_id", "str", False, "办件编号 (case number), unique"),
    RecordColumn("applicant_id", "str", False, "申请人 (applicant) id"),
    RecordColumn("center", "str", False, "the service center (政务服务中心)"),
    RecordColumn("level", "str", False, "the center's level, a CenterLevel value"),
    RecordColumn("department", "str", False, "the department handling the matter"),
    RecordColumn("window", "str", True, "the window (窗口) that accepted the case"),
    RecordColumn("matter_code", "str", False, "the matter's implementation code (实施编码)"),
    RecordColumn("kind", "str", False, "the kind of case, a CaseKind value"),
    RecordColumn("channel", "str", False, "'online' (网上申请) or 'window'"),
    RecordColumn("accepted_in", "str", False, "'center' or 'department' (accepted outside)"),
    RecordColumn("submitted_at", "instant", False, "申请: when the application came in"),
    RecordColumn("accepted_at", "instant", True, "受理; null while not accepted"),
    RecordColumn("decided_at", "instant", True, "决定 (approval or denial); null until then"),
    RecordColumn("completed_at", "instant", True, "办结; null while open or when withdrawn"),
    RecordColumn("outcome", "str", True, "approved, denied, withdrawn, returned; null if open"),
    RecordColumn("committed_due", "date", True, "due date of the committed limit (承诺时限)"),
    RecordColumn("statutory_due", "date", True, "due date of the statutory limit (法定时限)"),
    RecordColumn("committed_working_days", "int", True, "the committed limit in working days"),
    RecordColumn("statutory_working_days", "int", True, "the statutory limit in working days"),
    RecordColumn("suspended_working_days", "int", False, "working days suspended (art. 45)"),
    RecordColumn("visits", "int", False, "visits the applicant made to the site (跑动次数)"),
    RecordColumn(
        "on_site", "bool", False, "completed at the window the day of acceptance, by close"
    ),
    RecordColumn("rating", "int", True, "好差评 grade 1..5 (5 = very satisfied); null: unrated"),
    RecordColumn("complaint", "bool", False, "a complaint (投诉) was made about the case"),
)

#: Columns `records_from_cases` adds from the case lifecycle (the law's clocks); exports made
#: without them still pass `check_records`.
LIFECYCLE_COLUMNS: tuple[RecordColumn, ...] = (
    RecordColumn("ended_at", "instant", True, "when the outcome was sealed (办结 or 撤回)"),
    RecordColumn("deemed_acceptance", "bool", True, "accepted by law from receipt (art. 32(4))"),
    RecordColumn(
        "extended_working_days", "int", True, "extension of the statutory limit (art. 42)"
    ),
    RecordColumn("committed_timeliness", "str", True, "early, on_time, late or pending (at 办结)"),
    RecordColumn("statutory_timeliness", "str", True, "early, on_time, late or pending (decision)"),
    RecordColumn("delivery_due", "date", True, "delivery due date: 10 working days (art. 44)"),
    RecordColumn("delivered_at", "instant", True, "发证/送达: when the certificate was delivered"),
    RecordColumn(
        "supplement_notice_on", "date", True, "补正告知: missing materials notified (art. 32(4))"
    ),
)


_EXAMPLES = 5


def _frozen_mask(value: object) -> npt.NDArray[np.bool_]:
    """A read-only copy that cannot be made writable again (a view over bytes)."""
    mask = np.asarray(value, dtype=np.bool_)
    return np.frombuffer(mask.tobytes(), dtype=np.bool_)


@attrs.frozen(eq=False)
class RecordCheck:
    """What `check_records` found: every kind of problem, with counts and examples.

    Args:
        rows: How many records were checked.
        problems: Each kind of problem with its count and example case ids.
        invalid: A boolean mask of the records with at least one problem.

    Examples:
        >>> import numpy as np
        >>> check = RecordCheck(3, (), np.zeros(3, dtype=bool))
        >>> check.ok
        True
    """

    rows: int
    problems: tuple[RecordProblem, ...]
    invalid: npt.NDArray[np.bool_] = attrs.field(repr=False, converter=_frozen_mask)

    @property
    def ok(self) -> bool:
        """Whether no record has a problem."""
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise `RecordError` listing every problem, if there is any."""
        if self.problems:
            raise RecordError(self.problems, self.rows, int(self.invalid.sum()))


def _require_columns(cols: RecordColumns) -> None:
    missing = [c.name for c in RECORD_COLUMNS if not cols.has(c.name)]
    if missing:
        raise InvalidValueError(
            "records", f"no columns {missing}", "every column of RECORD_COLUMNS (extra allowed)"
        )


def check_records(
    records: object,
    *,
    catalog: Catalog | None = None,
    calendar: WorkCalendar | None = None,
) -> RecordCheck:
    """Check case records against the schema: every missing or inconsistent record, counted.

    Problems (each a `RecordProblem` with its count and up to five example case ids):
    ``missing_value`` (a required value is null), ``bad_value`` (a kind, channel,
    accepted_in or outcome outside its values), ``duplicate_case_id``,
    ``accepted_before_submitted``, ``completed_before_accepted``, ``completed_not_accepted``
    (completed, never accepted, not returned), ``outcome_mismatch`` (an outcome of approved or
    denied without completion, or a completion without one), ``no_deadline`` (a completed case
    without its due dates or limits), ``negative_count`` (visits, suspended days or limits
    below 0), ``impossible_rating`` (a grade other than 1..5) and, with a catalogue,
    ``unknown_matter``. Nothing is dropped: the result says which records are invalid.

    Args:
        records: The records (any type `compute_indicators` takes, Dask excepted).
        catalog: The catalogue the matter codes must come from, if it is known.
        calendar: Unused by the checks; accepted so that callers can pass one through.

    Raises:
        InvalidValueError: A column of the schema is missing, or has the wrong type.

    Examples:
        >>> from govservice.matters import sample_catalog
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 3), seed=1, cases_per_day=50)
        >>> check_records(records, catalog=sample_catalog()).ok
        True
        >>> records.loc[0, "rating"] = 7
        >>> print(check_records(records).problems[0])  # doctest: +ELLIPSIS
        impossible_rating: 1 record (e.g. ...); expected a grade 1..5 or null
    """
    cols = records if isinstance(records, RecordColumns) else RecordColumns(records, calendar)
    _require_columns(cols)
    n = cols.n
    masks: dict[str, tuple[npt.NDArray[np.bool_], str]] = {}  # kind -> rows, in finding order
    for f in findings(cols, catalog):
        mask, _ = masks.get(f.kind, (np.zeros(n, dtype=np.bool_), f.expected))
        masks[f.kind] = (mask | f.mask, f.expected)

    ids: npt.NDArray[Any] | None = None
    problems = []
    invalid = np.zeros(n, dtype=np.bool_)
    for kind, (mask, expected) in masks.items():
        count = int(mask.sum())
        if not count:
            continue
        invalid |= mask
        if ids is None:
            ids = np.asarray(cols.series("case_id").to_numpy(dtype=object))
        rows = np.flatnonzero(mask)[:_EXAMPLES]
        examples = [str(ids[i]) if ids[i] is not None else f"row {i}" for i in rows]
        problems.append(RecordProblem.of(kind, count, examples, expected))
    return RecordCheck(n, tuple(problems), invalid)


@attrs.frozen(eq=False)
class Finding:
    """One kind of problem in one column: the records it is found in, and the cell to name.

    `check_records` counts a kind over its columns; `read_records` names each cell, by its
    sheet, row and column, and leaves out a row whose cell (or one of ``reads``) it has
    reported already as unreadable or missing.

    Args:
        kind: The problem's id (``negative_count``, ``unknown_matter``, ...).
        column: The record column whose value is wrong (or missing).
        mask: The records (rows) with the problem.
        expected: What a consistent record holds (the kind's text).
        reads: The other columns the problem is worked out from (``completed_at`` for an
            outcome without completion).
    """

    kind: str
    column: str
    mask: npt.NDArray[np.bool_]
    expected: str
    reads: tuple[str, ...] = ()


def findings(cols: RecordColumns, catalog: Catalog | None = None) -> list[Finding]:
    """Every check of `check_records`, per kind and column, in the order it reports them."""
    found: list[Finding] = []

    required = [c.name for c in RECORD_COLUMNS if not c.nullable]
    text = "values in " + ", ".join(required)
    found += [Finding("missing_value", name, cols.missing(name), text) for name in required]

    allowed: list[tuple[str, tuple[str, ...]]] = [
        ("level", tuple(level.value for level in CenterLevel)),
        ("kind", tuple(k.value for k in CaseKind)),
        ("channel", CHANNELS),
        ("accepted_in", ACCEPTED_IN),
        ("outcome", OUTCOMES),
    ]
    text = "level, kind, channel, accepted_in, outcome among their values"
    for name, values in allowed:
        present = ~cols.missing(name)
        found.append(Finding("bad_value", name, present & ~cols.isin(name, values), text))

    text = "valid text in the text columns (case_id, department, ...)"
    found += [
        Finding("bad_type", column.name, _not_text(cols, column.name), text)
        for column in RECORD_COLUMNS
        if column.type == "str"
    ]

    id_codes, _ = cols.codes("case_id")  # codes of distinct ids: duplicates without hashing
    present = id_codes >= 0
    uses = np.bincount(id_codes[present], minlength=1)
    dup = present & (uses.take(np.maximum(id_codes, 0)) > 1)
    found.append(Finding("duplicate_case_id", "case_id", dup, "a case_id used once"))

    sub, acc, done = (cols.instant(c) for c in ("submitted_at", "accepted_at", "completed_at"))
    has_acc, has_done = acc != NAT, done != NAT
    found.append(
        Finding(
            "accepted_before_submitted", "accepted_at", has_acc & (sub != NAT) & (acc < sub),
            "accepted_at on or after submitted_at", ("submitted_at",),
        )
    )  # fmt: skip
    found.append(
        Finding(
            "completed_before_accepted", "completed_at", has_acc & has_done & (done < acc),
            "completed_at on or after accepted_at", ("accepted_at",),
        )
    )  # fmt: skip
    returned = cols.isin("outcome", ("returned",))
    found.append(
        Finding(
            "completed_not_accepted", "accepted_at", has_done & ~has_acc & ~returned,
            "accepted_at for a completed case (or the outcome returned)",
            ("completed_at", "outcome"),
        )
    )  # fmt: skip
    decided = cols.isin("outcome", ("approved", "denied"))
    open_ = cols.missing("outcome")
    found.append(
        Finding(
            "outcome_mismatch", "outcome",
            (decided & ~has_done) | (has_done & (open_ | cols.isin("outcome", ("withdrawn",)))),
            "completed_at with an outcome approved, denied or returned, and null while open",
            ("completed_at",),
        )
    )  # fmt: skip
    # A completed case without a limit names the limit; with one, the due date left out.
    text = "due dates and limits for a completed case"
    closed, reads = has_acc & has_done, ("accepted_at", "completed_at")
    for limit, due in (
        ("committed_working_days", "committed_due"),
        ("statutory_working_days", "statutory_due"),
    ):
        no_limit = np.isnan(cols.number(limit))
        found.append(Finding("no_deadline", limit, closed & no_limit, text, (*reads, due)))
        no_due = closed & ~no_limit & (cols.date(due) == NAT)
        found.append(Finding("no_deadline", due, no_due, text, (*reads, limit)))
    with np.errstate(invalid="ignore"):
        counts = {name: cols.number(name) for name in _COUNTS}
        text = "visits, suspended days and limits >= 0"
        found += [Finding("negative_count", name, c < 0, text) for name, c in counts.items()]
        text = "whole numbers: visits up to 1,000, suspended days and limits up to 36,600"
        found += [
            Finding("bad_count", name, ~np.isnan(c) & ((c != np.floor(c)) | (c > _COUNTS[name])),
                    text)
            for name, c in counts.items()
        ]  # fmt: skip
    for name in ("on_site", "complaint"):
        cols.flag(name)  # refuses text such as "否" or "0", never read by truthiness

    rating = cols.number("rating")
    impossible = ~np.isnan(rating) & ~np.isin(rating, (1.0, 2.0, 3.0, 4.0, 5.0))
    found.append(Finding("impossible_rating", "rating", impossible, "a grade 1..5 or null"))

    if catalog is not None:
        m_codes, m_uniques = cols.codes("matter_code")
        known_matter = np.asarray([str(u) in catalog for u in m_uniques], dtype=np.bool_)
        unknown = (m_codes >= 0) & ~known_matter.take(np.maximum(m_codes, 0))
        found.append(
            Finding("unknown_matter", "matter_code", unknown, "a matter_code of the catalogue")
        )
    return found


_COUNTS = {
    "visits": 1_000,
    "suspended_working_days": 36_600,
    "committed_working_days": 36_600,
    "statutory_working_days": 36_600,
}


def _is_text(value: object) -> bool:
    """A string that can be written out (no lone surrogate such as ``"\ud800"``)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_text(cols: RecordColumns, name: str) -> npt.NDArray[np.bool_]:
    """Rows whose value in a text column is present but not text (checked per distinct value)."""
    codes, uniques = cols.codes(name)
    try:  # all text at once (the common case); else each distinct value
        "".join(uniques).encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        pass
    else:
        return np.zeros(cols.n, dtype=np.bool_)
    wrong = np.asarray([not _is_text(u) for u in uniques], dtype=np.bool_)
    if not wrong.any():
        return np.zeros(cols.n, dtype=np.bool_)
    return np.asarray((codes >= 0) & wrong.take(np.maximum(codes, 0)), dtype=np.bool_)


# -- records from Case objects ---------------------------------------------------------------------


# The case's own values, read in one call per case (columns in the order of the records).
_READ = attrgetter(
    "case_id", "applicant", "window", "submitted_at", "accepted_at", "decided_at", "due_date",
    "statutory_due_date", "ended_at", "deemed_acceptance", "delivery_due_date", "delivered_at",
    "supplement_notice_on", "green_channel", "urgent", "provisional",
)  # fmt: skip
_READ_NAMES = (
    "case_id", "applicant_id", "window", "submitted_at", "accepted_at", "decided_at",
    "committed_due", "statutory_due", "ended_at", "deemed_acceptance", "delivery_due",
    "delivered_at", "supplement_notice_on", "green_channel", "urgent", "provisional",
)  # fmt: skip
# The columns worked out per case, in the order `_case_columns` appends them.
_WORKED_NAMES = (
    "level", "department", "matter_code", "kind", "channel", "completed_at", "outcome",
    "committed_working_days", "statutory_working_days", "suspended_working_days", "visits",
    "on_site", "extended_working_days", "committed_timeliness", "statutory_timeliness",
    "window_authorized", "rating", "complaint",
)  # fmt: skip
# Every column `records_from_cases` writes, in order: the schema, then the lifecycle columns,
# then the case's marks in the order of the store's sorted extra columns (急办件, 绿色通道, the
# catalogue's authorization record, provisional due dates).
_CASE_COLUMNS = (
    *(c.name for c in RECORD_COLUMNS),
    *(c.name for c in LIFECYCLE_COLUMNS),
    "green_channel", "urgent", "window_authorized", "provisional",
)  # fmt: skip
_CONSTANT = {"accepted_in": "center"}
_COMPLETED, _WITHDRAWN, _IMMEDIATE = CaseState.COMPLETED, CaseState.WITHDRAWN, CaseKind.IMMEDIATE
_WORKING_DAYS = LimitUnit.WORKING_DAYS
_SAME_DAY_OUTCOMES = ("approved", "denied")


def _local_dates(cal: Any) -> Callable[[dt.datetime], dt.date]:
    """``cal._local_date``, with the calendar's time zone looked up once."""
    tz = zone(cal.office_hours.timezone)

    def local(moment: dt.datetime) -> dt.date:
        if moment.tzinfo is None:
            return moment.date()
        try:
            return moment.astimezone(tz).date()
        except OverflowError:  # outside years 1..9999 there: the calendar's own error
            result: dt.date = cal._local_date(moment)
            return result

    return local


def _parallel_columns(case: Any, cal: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The read and worked-out values of a parallel case, as the store's records give them.

    One acceptance and one delivery by the lead window (art. 26); the committed limit is the
    plan's overall limit, the statutory one the 45 working days of art. 42 para. 2 with the
    head of government's extensions; the timeliness is the case's own. While the clocks are
    stopped no due date runs: the committed one is None, and the statutory one too under an
    art. 45 reason (a local rule never stops it). The level is the county's (a plan names
    none; convention, as the store's).
    """
    from govservice.metrics._feedback import feedback_fields

    facts = parallel_facts(case, cal)
    timeliness = case.timeliness
    reads = (
        case.case_id, "", case.window, case.opened_at, case.opened_at, case.decided_at,
        facts.committed_due, facts.statutory_due, case.ended_at, False, case.delivery_due_date,
        case.delivered_at, None, False, False, bool(case.provisional),
    )  # fmt: skip
    worked = (
        "county", case.department, case.matter_code, case.kind._value_, "window",
        facts.completed_at, facts.outcome, facts.committed_working_days, UNIFIED_HANDLING_DAYS,
        facts.suspended_working_days, 1, False, facts.extended_working_days,
        timeliness.committed._value_, timeliness.statutory._value_, None,
        *feedback_fields(case).values(),
    )  # fmt: skip
    return reads, worked


def _case_columns(
    cases: Iterable[Any], center: str, cal: Any, seen: dict[tuple[Any, ...], int]
) -> tuple[list[Any], dict[str, list[Any]]]:
    """The cases, and the columns read or worked out from them, in one pass."""
    from govservice.approval import ParallelCase
    from govservice.matters import timeliness_of
    from govservice.metrics._feedback import feedback_fields

    kept: list[Case | ParallelCase] = []
    worked: list[tuple[Any, ...]] = []
    read: list[tuple[Any, ...]] = []
    local = _local_dates(cal)
    tz, closing = zone(cal.office_hours.timezone), cal.office_hours.closing
    for case in cases:
        if isinstance(case, ParallelCase):
            kept.append(case)
            reads, values = _parallel_columns(case, cal)
            read.append(reads)
            worked.append(values)
            continue
        if not isinstance(case, Case):
            raise InvalidValueError(
                "cases", type(case).__name__,
                "govservice.matters.Case or govservice.approval.ParallelCase values",
            )  # fmt: skip
        kept.append(case)
        read.append(_READ(case))
        online = case.submitted_by == case.applicant
        state = case.state
        outcome = case.outcome if state is _COMPLETED or state is _WITHDRAWN else None
        completed_at = case.completed_at
        completed = completed_at if state is _COMPLETED else None
        matter = case.matter
        committed = statutory = None
        suspended = 0
        accepted_on = None
        accepted_at = case.accepted_at
        if accepted_at is not None:
            accepted_on = local(accepted_at)
            limit, law = case.committed_limit, matter.statutory_limit
            # A limit in working days is its amount (most are): no call to find that out.
            if limit.unit is _WORKING_DAYS:
                committed = int(limit.amount)
            else:
                committed = limit_working_days(limit, accepted_on, cal, seen)
            if law.unit is _WORKING_DAYS:
                statutory = int(law.amount)
            else:
                statutory = limit_working_days(law, accepted_on, cal, seen)
            suspended = suspended_working_days(case.suspensions, accepted_on, cal)
        kind = case.kind
        on_site = (
            not online
            and kind is _IMMEDIATE
            and completed is not None
            and accepted_on is not None
            and outcome in _SAME_DAY_OUTCOMES
            and local(completed) == accepted_on
            # 当日办结: no later than the close of business (the glossary; Civil Code art. 203)
            and completed.astimezone(tz).time() <= closing
        )
        extensions, decided_at = case.extensions, case.decided_at
        worked.append(
            (
                matter.level._value_,  # `_value_`: `.value` is a slow property
                matter.department,
                matter.code,
                kind._value_,
                "online" if online else "window",
                completed,
                outcome,
                committed,
                statutory,
                suspended,
                0 if online else 1,
                on_site,
                sum(int(e.amount) for e in extensions) if extensions else 0,
                timeliness_of(completed_at, case.due_date, case.due_at)._value_,
                timeliness_of(decided_at, case.statutory_due_date, case.statutory_due_at)._value_,
                matter.window_authorized,
                *feedback_fields(case).values(),  # 好差评 and complaints: the case's events
            )
        )
    n = len(kept)
    if not n:  # no row: the schema's columns only, as rows would give
        return kept, {c.name: [] for c in RECORD_COLUMNS}
    found: dict[str, list[Any]] = {}
    for name, values in zip(_READ_NAMES, zip(*read, strict=True), strict=True):
        found[name] = list(values)
    for name, values in zip(_WORKED_NAMES, zip(*worked, strict=True), strict=True):
        found[name] = list(values)
    for name, value in (("center", center), *_CONSTANT.items()):
        found[name] = [value] * n
    return kept, {name: found[name] for name in _CASE_COLUMNS}


_DAY = dt.timedelta(days=1)


def records_from_cases(
    cases: Iterable[Case | ParallelCase],
    *,
    calendar: WorkCalendar | ProvisionalCalendar,
    center: str = "",
    extra: Mapping[str, Mapping[str, object]] | None = None,
    catalog: Catalog | None = None,
    check: bool = True,
) -> Any:
    """Case records (a pandas DataFrame in the schema) from `govservice.matters.Case` objects.

    Read from each case: its id, applicant, matter (code, department, level), kind, window, the
    instants of submission, acceptance, decision, completion and delivery, ``ended_at`` (the
    instant the outcome was sealed, a withdrawal too: a case withdrawn in May is open on a day
    in March), the outcome (once sealed), the committed, statutory and delivery due dates the
    case computed (suspensions and extensions included; nothing is recomputed here), the
    limits in working days (the amount of a working-day limit, 0 for an immediate or
    hour limit), the working days of its finished suspensions counted from the day after
    acceptance, whether acceptance was deemed (art. 32(4)), the working days of extension
    (art. 42) and the committed and statutory timeliness. The channel is ``online`` when the
    applicant submitted it himself. The ``rating`` (the latest grade) and ``complaint`` come
    from the case's own 好差评 and complaint events. What a case does not know comes from
    ``extra`` or the defaults (convention): ``accepted_in="center"``, ``visits`` 1 at a window
    and 0 online, ``on_site`` for an immediate case completed at a window on the day of
    acceptance, by the close of business (当日办结).

    A parallel case (`govservice.approval.ParallelCase`) gives the row a case store gives it:
    a joint case accepted once and delivered once by the lead window (art. 26), its committed
    limit the plan's overall limit, its statutory limit the 45 working days of art. 42 para.
    2 (``statutory_due`` with the head of government's extensions), the timeliness and the
    delivery (art. 44) its own, and the level the county's (a plan names none).

    Args:
        cases: The cases (`Case` and `ParallelCase` values).
        calendar: The calendar the cases were handled on (required).
        center: The center's name for every record.
        extra: Per case id, columns to set or add (``rating`` and ``complaint`` from the
            好差评 system, ``visits``, ``accepted_in``, ...).
        catalog: The catalogue the matters must come from (else ``unknown_matter``).
        check: Refuse records with problems (see `check_records`); ``False`` returns them
            as they are, for `check_records` to inspect.

    Raises:
        RecordError: A record is missing or inconsistent, with counts and examples.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> matter = sample_catalog()["990102-SJJ-003"]
        >>> case = Case.submit(matter, case_id="C-1", applicant="张三",
        ...                    at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), by="窗口1",
        ...                    calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 3, 3, 9, 10, tzinfo=sh), by="窗口1")
        >>> case = case.review(at=dt.datetime(2025, 3, 4, 9, tzinfo=sh), by="审核员")
        >>> case = case.approve(at=dt.datetime(2025, 3, 5, 9, tzinfo=sh), by="科长")
        >>> case = case.close(at=dt.datetime(2025, 3, 5, 10, tzinfo=sh), by="窗口1")
        >>> records = records_from_cases([case], center="示例中心", extra={"C-1": {"rating": 5}},
        ...                              calendar=china())
        >>> row = records.iloc[0]
        >>> row["outcome"], int(row["committed_working_days"]), str(row["committed_due"].date())
        ('approved', 5, '2025-03-10')
        >>> row["statutory_timeliness"], str(row["delivery_due"].date())
        ('early', '2025-03-19')
    """
    from govservice._columns import required_calendar

    cal = required_calendar(calendar)
    seen: dict[tuple[Any, ...], int] = {}
    kept, columns = _case_columns(cases, center, cal, seen)
    if extra:
        for i, case in enumerate(kept):
            more = extra.get(case.case_id)
            if more:
                for name, value in more.items():
                    column = columns.get(name)
                    if column is None:
                        column = columns[name] = [None] * len(kept)
                    column[i] = value
    records = _typed_frame(columns, len(kept))
    if check:
        check_records(records, catalog=catalog).raise_for_problems()
    return records


def frame_from_rows(rows: Iterable[Mapping[str, object]]) -> Any:
    """Case records from row mappings (column -> Python value), typed as the schema says.

    Instants become ``datetime64[ns, UTC]``, dates ``datetime64[s]``, integers ``Int64``
    (nullable), flags ``bool``; other columns are kept as they are. A value that is not of
    its column's kind (a rating of True, a grade of 4.5, a flag such as ``"否"``) is kept as
    it is, for the checks to refuse: never read as a number or by its truthiness.

    Examples:
        >>> import datetime as dt
        >>> frame = frame_from_rows([{"case_id": "C-1", "committed_due": dt.date(2025, 3, 10)}])
        >>> str(frame["committed_due"].dtype)
        'datetime64[s]'
    """
    rows = list(rows)
    names: dict[str, None] = {c.name: None for c in RECORD_COLUMNS}
    for row in rows:
        names.update(dict.fromkeys(row))
    return _typed_frame({name: [row.get(name) for row in rows] for name in names}, len(rows))


_TYPES = {c.name: c.type for c in (*RECORD_COLUMNS, *LIFECYCLE_COLUMNS)}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_DATE = dt.date(1970, 1, 1)
_EPOCH_DAY = _EPOCH_DATE.toordinal()
_NAT = np.iinfo(np.int64).min
# Instants pandas holds in nanoseconds: microseconds strictly inside these bounds fit.
_US_BOUND = -(_NAT // 1000) - 1


def _typed_frame(columns: Mapping[str, list[Any]], n: int) -> Any:
    """Records from columns (name -> Python values), typed as `frame_from_rows` says.

    Columns of aware datetimes, dates and integers (None for missing) are converted straight
    to their arrays; any other value in such a column goes through pandas' own conversion.
    """
    pd = pandas()
    data: dict[str, Any] = {}
    for name, values in columns.items():
        kind = _TYPES.get(name)
        if kind == "instant":
            data[name] = _instants(values, pd)
        elif kind == "date":
            data[name] = _dates(values, pd)
        elif kind == "int":
            data[name] = _ints(values, pd)
        elif kind == "str":
            data[name] = pd.Series(_objects(values), dtype=object)
        elif set(map(type, values)) == _BOOL:  # a flag column, or an extra one of flags
            data[name] = pd.Series(np.fromiter(values, dtype=np.bool_, count=len(values)))
        elif kind == "bool":  # None, or a non-flag ("否", 0) kept for the checks to refuse
            data[name] = pd.Series(values, dtype=object if values else bool)
        else:
            data[name] = pd.Series(values)
    return pd.DataFrame(data, index=pd.RangeIndex(n))


_BOOL = {bool}
_NONE = type(None)


def _objects(values: list[Any]) -> npt.NDArray[np.object_]:
    """``values`` as a one-dimensional object array, each value as it is (none inspected)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _gaps(values: list[Any]) -> npt.NDArray[np.bool_]:
    """Where ``values`` holds None."""
    return np.fromiter([v is None for v in values], dtype=np.bool_, count=len(values))


def _instants(values: list[Any], pd: Any) -> Any:
    nanos = _nanos(values)
    if nanos is None:
        return pd.Series(pd.to_datetime(values, utc=True), dtype="datetime64[ns, UTC]")
    index = pd.DatetimeIndex(nanos.view("datetime64[ns]")).tz_localize("UTC")
    return pd.Series(index, dtype="datetime64[ns, UTC]")


_INSTANT_TYPES = frozenset({dt.datetime, _NONE})
_DAYS, _SECONDS, _MICROSECONDS = (attrgetter(f) for f in ("days", "seconds", "microseconds"))


def _nanos(values: list[Any]) -> npt.NDArray[np.int64] | None:
    """Nanoseconds since the epoch of aware datetimes (None: NaT), or None to let pandas do it.

    Each datetime is subtracted from the epoch (``utcoffset`` and ``fold`` honoured, as
    ``(v - epoch) // 1 µs`` does) and the difference's days, seconds and microseconds are
    summed as arrays: no timedelta is divided, and only the gaps are filled in Python. A naive
    datetime, or a zone without an offset, cannot be subtracted from an aware one
    (TypeError): pandas decides, as it does for anything but ``datetime`` and None and for
    instants beyond its nanoseconds.
    """
    kinds = set(map(type, values))
    if not kinds <= _INSTANT_TYPES:
        return None
    n = len(values)
    gaps = _NONE in kinds
    filled = [_EPOCH if v is None else v for v in values] if gaps else values
    try:
        deltas = list(map(sub, filled, repeat(_EPOCH, n)))
    except TypeError:
        return None
    micros = np.fromiter(map(_DAYS, deltas), dtype=np.int64, count=n) * 86_400
    micros += np.fromiter(map(_SECONDS, deltas), dtype=np.int64, count=n)
    micros *= 1_000_000
    micros += np.fromiter(map(_MICROSECONDS, deltas), dtype=np.int64, count=n)
    if n and not (micros.min() >= -_US_BOUND and micros.max() <= _US_BOUND):
        return None  # beyond pandas' nanoseconds: its own error
    nanos = micros * 1000
    if gaps:
        nanos[_gaps(values)] = _NAT
    return nanos


def _dates(values: list[Any], pd: Any) -> Any:
    kinds = set(map(type, values))
    if kinds <= {dt.date, _NONE}:  # plain dates and None only: straight to an array
        gaps = _NONE in kinds
        filled = [_EPOCH_DATE if v is None else v for v in values] if gaps else values
        days = np.fromiter(map(dt.date.toordinal, filled), dtype=np.int64, count=len(values))
        days -= _EPOCH_DAY
        if gaps:
            days[_gaps(values)] = _NAT
        array = days.view("datetime64[D]")
    else:
        array = np.array(
            [np.datetime64("NaT") if v is None else np.datetime64(str(v), "D") for v in values],
            dtype="datetime64[D]",
        )
    return pd.Series(array.astype("datetime64[s]"))


def _ints(values: list[Any], pd: Any) -> Any:
    kinds = set(map(type, values))
    if kinds <= {int, _NONE}:
        gaps = _NONE in kinds
        filled = [0 if v is None else v for v in values] if gaps else values
        try:
            numbers = np.fromiter(filled, dtype=np.int64, count=len(values))
        except OverflowError:
            pass
        else:
            mask = _gaps(values) if gaps else np.zeros(len(values), dtype=np.bool_)
            return pd.Series(pd.arrays.IntegerArray(numbers, mask))
    if not kinds & _NOT_NUMBERS:
        try:
            return pd.Series(pd.array(values, dtype="Int64"))
        except (TypeError, ValueError):  # 4.5, text: not an integer
            pass
    # kept as they are, for the checks to refuse: a rating of True is not grade 1
    return pd.Series(_objects(values), dtype=object)


_NOT_NUMBERS = {bool, np.bool_}
