"""A seeded simulator of a center's case records, vectorized with numpy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from govservice._errors import InvalidValueError
from govservice._irregularity import Irregularity
from govservice.calendar import LimitUnit, TimeLimit, WorkCalendar
from govservice.matters import CaseKind, Catalog, CenterLevel, classify
from govservice.metrics._table import pandas

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["DEFAULT_IRREGULAR", "IRREGULARITIES", "simulate"]

#: The irregularities `simulate` can inject, in the order of the ``injected`` categories.
IRREGULARITIES: tuple[Irregularity, ...] = tuple(Irregularity)

#: Default shares of injected irregular cases (a few per thousand) (convention).
DEFAULT_IRREGULAR: Mapping[Irregularity, float] = {
    # not suspended, completed 1-3 working days after statutory_due (and committed)
    Irregularity.OVERDUE_UNEXPLAINED: 0.002,
    # accepted_in = "department" (明进暗不进)
    Irregularity.LISTED_NOT_ENTERED: 0.001,
    # a second record of one application: same applicant, matter, submitted_at (两头受理)
    Irregularity.DOUBLE_ACCEPTANCE: 0.0005,
    # decided_at between submitted_at and accepted_at (体外循环)
    Irregularity.OFF_SYSTEM: 0.0005,
}

_NAMES = frozenset(str(k) for k in Irregularity)
_SEC = 10**9
_MIN = 60 * _SEC
_HOUR = 60 * _MIN
_DAY = 24 * _HOUR
_UTC8 = 8 * _HOUR
# Office sessions in minutes after midnight (09:00-12:00, 13:30-17:00) [P: typical hours].
_SESSIONS = ((9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60))
_WEEKDAY = np.array([1.2, 1.05, 1.0, 0.95, 0.8, 0.7, 0.7])  # Monday..Sunday (make-up days)
_HANDLING_SHARE = {  # expected share of the committed limit used, by case kind (convention)
    CaseKind.IMMEDIATE: 0.0,
    CaseKind.COMMITTED: 0.3,
    CaseKind.JOINT: 0.5,
    CaseKind.REPORTED: 0.55,
    CaseKind.SPECIAL: 0.6,
    CaseKind.RETURNED: 0.3,
    CaseKind.SUPPLEMENTARY: 0.4,
}
_GRADES = np.array([0.004, 0.008, 0.03, 0.16, 0.798])  # grades 1..5 of the rated (convention)
_KINDS = [k.value for k in CaseKind]
_USABLE = (LimitUnit.WORKING_DAYS, LimitUnit.NATURAL_DAYS, LimitUnit.IMMEDIATE)


def _office_minutes(rng: np.random.Generator, n: int) -> npt.NDArray[np.int64]:
    """Uniform minutes of the office sessions."""
    lengths = [b - a for a, b in _SESSIONS]
    u = rng.integers(0, sum(lengths), n)
    return np.where(u < lengths[0], _SESSIONS[0][0] + u, _SESSIONS[1][0] + u - lengths[0])


def _due(
    calendar: WorkCalendar, days: npt.NDArray[Any], units: npt.NDArray[np.int64], amounts: Any
) -> npt.NDArray[Any]:
    """Due dates of limits accepted on working days (the rules of `deadline`)."""
    due = days.copy()
    wd = units == 0
    if wd.any():
        due[wd] = calendar.add_working_days(days[wd], amounts[wd])
    nd = units == 1
    if nd.any():
        last = days[nd] + amounts[nd].astype("timedelta64[D]")
        due[nd] = calendar.add_working_days(last - np.timedelta64(1, "D"), 1)
    return due


def _decided(
    calendar: WorkCalendar,
    day: npt.NDArray[Any],
    elapsed: npt.NDArray[np.int64],
    accepted: npt.NDArray[np.int64],
    completed: npt.NDArray[np.int64],
    share: npt.NDArray[np.float64],
) -> npt.NDArray[np.int64]:
    """Decision instants in office hours: ``share`` (0.6-1.0) of the way to completion.

    A case completed on a later working day is decided on the working day ``share`` of the way
    there, at an office minute drawn from the same number (no extra draw, so the rest of the
    simulation stays as seeded), and never before acceptance or after completion. A same-day
    case is decided between its acceptance and its completion, inside that office session.
    """
    same_day = accepted + ((completed - accepted) * share).astype(np.int64)
    steps = np.floor(elapsed * share).astype(np.int64)
    on = np.where(steps > 0, calendar.add_working_days(day, steps), day)
    lengths = sum(b - a for a, b in _SESSIONS)
    u = np.minimum(((share - 0.6) / 0.4 * lengths).astype(np.int64), lengths - 1)
    first = _SESSIONS[0][1] - _SESSIONS[0][0]
    minute = np.where(u < first, _SESSIONS[0][0] + u, _SESSIONS[1][0] + u - first)
    later = on.astype("datetime64[ns]").astype(np.int64) - _UTC8 + minute * _MIN
    return np.where(elapsed > 0, np.clip(later, accepted, completed), same_day)


def _limit_code(limit: TimeLimit) -> tuple[int, int]:
    code = {LimitUnit.WORKING_DAYS: 0, LimitUnit.NATURAL_DAYS: 1, LimitUnit.IMMEDIATE: 2}
    return code[limit.unit], int(limit.amount) if limit.unit is not LimitUnit.IMMEDIATE else 0


def simulate(
    catalog: Catalog,
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    *,
    seed: int,
    cases_per_day: float = 400.0,
    center: str = "示例县政务服务中心",
    level: CenterLevel = CenterLevel.COUNTY,
    online_share: float = 0.4,
    windows_per_department: int = 2,
    irregular: Mapping[str, float] | None = None,
    as_of: dt.datetime | None = None,
) -> Any:
    """Simulated case records of one center from ``start`` to ``end``: seeded, deterministic.

    Arrivals: a Poisson number per working day of ``calendar`` around ``cases_per_day`` (a
    county center's volume, about 400 (convention)), shaped by the weekday (Monday busiest,
    Friday and make-up weekend days quietest), the season (a spring peak, an autumn trough) and
    the backlog after breaks of three days or more. Matters come from ``catalog`` with Zipf-like
    weights (matters with working-hour limits are not drawn); the kind is `classify`'s.
    Acceptance in office hours (09:00-12:00, 13:30-17:00); online applications come in up to 36
    hours earlier, at a window 2-30 minutes earlier. Decisions and completions fall in office
    hours of working days too (a same-day case ends within its session). Immediate cases end the
    same day; others use a binomial share of their committed working days by kind (joint,
    reported and special take longer), 3% are suspended 3-15 working days (art. 45), and none is
    overdue unless injected. An applicant may come back for other matters, never for the same
    one (so a repeat of an applicant and matter is always an injected ``double_acceptance``).
    Outcomes: 95% approved, 3% denied, 2% withdrawn. 60% of completed cases are rated (好差评,
    mostly 5); complaints are rare, likelier after a bad rating. Cases not finished by ``as_of``
    are open (no ``completed_at``, no outcome).

    Injected irregular cases (``irregular``: share of records per `Irregularity`,
    `DEFAULT_IRREGULAR` by default) are named in the extra column ``injected`` (null for the
    others) by the `Irregularity` that `govservice.supervision.find_irregularities` reports
    for them, so that detectors can be checked against exactly those.

    Args:
        catalog: The matters (`govservice.matters.sample_catalog()`, or a real catalogue).
        calendar: The working-day calendar (covering ``start``..``end`` and the deadlines).
        start: The first day of acceptance.
        end: The last day of acceptance (included).
        seed: The seed: the same arguments give the same records.
        cases_per_day: The mean acceptances per ordinary working day.
        center: The center's name.
        level: The center's level.
        online_share: The share of online applications among matters that can be applied
            for online.
        windows_per_department: Windows each department has.
        irregular: Shares of injected irregular cases, by `Irregularity` (or its value).
        as_of: When the records are taken (aware); the end of ``end`` in Asia/Shanghai by
            default.

    Returns:
        A pandas DataFrame in the schema of `RECORD_COLUMNS`, plus ``injected``, ordered by
        acceptance.

    Raises:
        InvalidValueError: A bad argument, or no matter can be drawn.
        CalendarCoverageError: The days or deadlines leave the calendar's coverage.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 7), seed=1)
        >>> 1500 < len(records) < 2500
        True
        >>> records.equals(simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                         dt.date(2025, 3, 7), seed=1))
        True
    """
    pd = pandas()
    if not isinstance(catalog, Catalog):
        raise InvalidValueError("catalog", catalog, "a Catalog")
    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError("calendar", calendar, "a WorkCalendar")
    for name, given in (("start", start), ("end", end)):
        if type(given) is not dt.date:
            raise InvalidValueError(name, given, "a datetime.date")
    if end < start:
        raise InvalidValueError("end", end, f"on or after start {start}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidValueError("seed", seed, "an integer")
    if not cases_per_day > 0:
        raise InvalidValueError("cases_per_day", cases_per_day, "a number > 0")
    if not 0 <= online_share <= 1:
        raise InvalidValueError("online_share", online_share, "a share in [0, 1]")
    if windows_per_department < 1:
        raise InvalidValueError("windows_per_department", windows_per_department, ">= 1")
    shares: dict[Irregularity, float] = {}
    for name, share in (DEFAULT_IRREGULAR if irregular is None else irregular).items():
        if name not in _NAMES or not 0 <= share <= 0.05:
            raise InvalidValueError(
                "irregular", {name: share}, f"shares in [0, 0.05] of {', '.join(IRREGULARITIES)}"
            )
        shares[Irregularity(name)] = share
    if as_of is not None and (not isinstance(as_of, dt.datetime) or as_of.utcoffset() is None):
        raise InvalidValueError("as_of", as_of, "an aware datetime")
    rng = np.random.default_rng(seed)

    matters = [
        m
        for m in catalog
        if m.matter_type.on_application
        and m.statutory_limit.unit in _USABLE
        and m.committed_limit.unit in _USABLE
    ]
    if not matters:
        raise InvalidValueError("catalog", catalog, "matters with day or immediate limits")
    m_count = len(matters)
    weights = 1.0 / (rng.permutation(m_count) + 1.0) ** 0.8
    weights /= weights.sum()
    departments = sorted({m.department for m in matters})
    m_dept = np.array([departments.index(m.department) for m in matters])
    m_kind = np.array([_KINDS.index(classify(m).kind.value) for m in matters])
    m_share = np.array([_HANDLING_SHARE[classify(m).kind] for m in matters])
    m_online = np.array([m.online for m in matters])
    m_visits = np.array([m.visits_required for m in matters])
    m_committed = np.array([_limit_code(m.committed_limit) for m in matters]).reshape(-1, 2)
    m_statutory = np.array([_limit_code(m.statutory_limit) for m in matters]).reshape(-1, 2)

    # -- arrivals ---------------------------------------------------------------------------------
    all_days = np.arange(
        np.datetime64(start, "D"), np.datetime64(end, "D") + 1, dtype="datetime64[D]"
    )
    days = all_days[calendar.is_working_day(all_days)]
    day_n = days.astype(np.int64)
    weekday = (day_n + 3) % 7  # 1970-01-01 was a Thursday (3)
    doy = (days - days.astype("datetime64[Y]")).astype(np.int64)
    factor = _WEEKDAY[weekday] * (1 + 0.12 * np.cos(2 * np.pi * (doy - 100) / 365.25))
    gap = np.diff(day_n, prepend=day_n[:1] - 1) if day_n.size else day_n
    if day_n.size:
        before = calendar.add_working_days(days[:1], -1).astype(np.int64)
        gap[0] = day_n[0] - before[0]
    factor = np.where(gap >= 4, factor * 1.3, factor)
    counts = rng.poisson(cases_per_day * factor)
    n = int(counts.sum())
    day = np.repeat(days, counts)
    m = rng.choice(m_count, size=n, p=weights)
    kind = m_kind[m]
    immediate = kind == _KINDS.index("immediate")

    online_volume = float((weights * m_online).sum())
    p_online = min(1.0, online_share / online_volume) if online_volume else 0.0
    online = m_online[m] & (rng.random(n) < p_online)

    day_ns = day.astype("datetime64[ns]").astype(np.int64)
    accepted_min = _office_minutes(rng, n)
    accepted = day_ns - _UTC8 + accepted_min * _MIN + rng.integers(0, 60, n) * _SEC
    # What is left of the acceptance's office session: a same-day case ends inside it.
    session_end = np.where(accepted_min < _SESSIONS[0][1], _SESSIONS[0][1], _SESSIONS[1][1])
    left_in_session = day_ns - _UTC8 + session_end * _MIN - accepted
    lead = np.where(
        online, rng.integers(10 * _MIN, 36 * _HOUR, n), rng.integers(2 * _MIN, 30 * _MIN, n)
    )
    submitted = accepted - lead

    # -- limits, suspensions and handling ---------------------------------------------------------
    due0 = _due(calendar, day, m_committed[m, 0], m_committed[m, 1])
    sdue0 = _due(calendar, day, m_statutory[m, 0], m_statutory[m, 1])
    committed_wd = calendar.working_days_between(day, due0)
    statutory_wd = calendar.working_days_between(day, sdue0)
    suspended = np.where(
        ~immediate & (committed_wd > 0) & (rng.random(n) < 0.03), rng.integers(3, 16, n), 0
    )
    committed_due = np.where(suspended > 0, calendar.add_working_days(due0, suspended), due0)
    statutory_due = np.where(suspended > 0, calendar.add_working_days(sdue0, suspended), sdue0)
    handling = rng.binomial(committed_wd, m_share[m])
    elapsed = handling + suspended
    done_day = calendar.add_working_days(day, elapsed)
    done_day = np.where(elapsed > 0, done_day, day)
    same_day = accepted + np.minimum(rng.integers(3 * _MIN, 30 * _MIN, n), left_in_session)
    later = (
        done_day.astype("datetime64[ns]").astype(np.int64) - _UTC8 + _office_minutes(rng, n) * _MIN
    )
    completed = np.where(elapsed > 0, later, same_day)
    decided = _decided(calendar, day, elapsed, accepted, completed, rng.uniform(0.6, 1.0, n))

    outcome_draw = rng.random(n)
    outcome = np.where(
        outcome_draw < 0.95, 0, np.where(outcome_draw < 0.98, 1, 2)
    )  # approved, denied, withdrawn
    window = m_dept[m] * windows_per_department + rng.integers(0, windows_per_department, n)
    visits = np.where(
        online,
        np.minimum(m_visits[m], 1),
        np.maximum(m_visits[m], 1) + (rng.random(n) < 0.05),
    )
    in_center = np.ones(n, dtype=np.bool_)
    rating_draw = rng.random(n)
    grade = rng.choice(5, size=n, p=_GRADES) + 1
    complaint_draw = rng.random(n)
    injected = np.full(n, -1, dtype=np.int64)

    # -- injected irregularities ------------------------------------------------------------------
    if as_of is None:
        as_of_ns = int((np.datetime64(end, "D") + 1).astype("datetime64[ns]").astype(np.int64))
        as_of_ns -= _UTC8
    else:
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        as_of_ns = (as_of - epoch) // dt.timedelta(microseconds=1) * 1000
    as_of_day = (as_of_ns + _UTC8) // _DAY
    used = np.zeros(n, dtype=np.bool_)

    def pick(name: Irregularity, pool: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        k = round(shares.get(name, 0.0) * n)
        candidates = np.flatnonzero(pool & ~used)
        chosen = np.sort(rng.choice(candidates, size=min(k, candidates.size), replace=False))
        used[chosen] = True
        injected[chosen] = IRREGULARITIES.index(name)
        return chosen

    finished = (outcome < 2) & (completed <= as_of_ns)
    # Overdue past the statutory due date too, and never suspended: unexplained by any record.
    late_day = calendar.add_working_days(statutory_due, 3).astype(np.int64)
    rows = pick(
        Irregularity.OVERDUE_UNEXPLAINED,
        finished & ~immediate & (suspended == 0) & (late_day < as_of_day),
    )
    late = calendar.add_working_days(statutory_due[rows], rng.integers(1, 4, rows.size))
    completed[rows] = (
        late.astype("datetime64[ns]").astype(np.int64)
        - _UTC8
        + _office_minutes(rng, rows.size) * _MIN
    )
    # Decided late too (the statutory limit is kept at the decision, art. 42): within the
    # hour before completion, the same day (office sessions start after 01:00).
    decided[rows] = completed[rows] - (rng.uniform(0.0, 1.0, rows.size) * 60 * _MIN).astype(
        np.int64
    )
    rows = pick(Irregularity.LISTED_NOT_ENTERED, ~online)
    in_center[rows] = False
    rows = pick(Irregularity.OFF_SYSTEM, finished & ~immediate)
    decided[rows] = accepted[rows] - (
        (accepted[rows] - submitted[rows]) * rng.uniform(0.1, 0.9, rows.size)
    ).astype(np.int64)
    twice = pick(Irregularity.DOUBLE_ACCEPTANCE, np.ones(n, dtype=np.bool_))
    injected[twice] = -1  # the original stays regular; its copy is the irregular record
    used[twice] = True

    def dup(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return np.concatenate([a, a[twice]])

    shift = rng.integers(1 * _MIN, 20 * _MIN, twice.size)
    arrays = {
        "day": dup(day), "m": dup(m), "kind": dup(kind), "online": dup(online),
        "submitted": dup(submitted), "committed_due": dup(committed_due),
        "statutory_due": dup(statutory_due), "committed_wd": dup(committed_wd),
        "statutory_wd": dup(statutory_wd), "suspended": dup(suspended),
        "outcome": dup(outcome), "window": dup(window), "visits": dup(visits),
        "in_center": dup(in_center), "rating_draw": dup(rating_draw), "grade": dup(grade),
        "complaint_draw": dup(complaint_draw),
    }  # fmt: skip
    accepted = np.concatenate([accepted, accepted[twice] + shift])
    decided = np.concatenate([decided, decided[twice] + shift])
    completed = np.concatenate([completed, completed[twice] + shift])
    injected = np.concatenate(
        [injected, np.full(twice.size, IRREGULARITIES.index(Irregularity.DOUBLE_ACCEPTANCE))]
    )
    applicant = rng.integers(0, max(1, n // 3), n)
    # A returning applicant applies for another matter: a repeat pair gets a new applicant.
    _, first = np.unique(applicant.astype(np.int64) * m_count + m, return_index=True)
    repeat = np.ones(n, dtype=np.bool_)
    repeat[first] = False
    applicant[repeat] = max(1, n // 3) + np.arange(int(repeat.sum()))
    applicant = np.concatenate([applicant, applicant[twice]])
    total = n + twice.size

    # -- open cases as of as_of, derived columns --------------------------------------------------
    outcome = arrays["outcome"]
    withdrawn = outcome == 2
    closed = (completed <= as_of_ns) & ~withdrawn
    withdrawn &= completed <= as_of_ns
    decided_known = (decided <= as_of_ns) & ~(outcome == 2)
    outcome_label = np.where(closed, outcome, np.where(withdrawn, 2, -1))
    kind = arrays["kind"]
    immediate = kind == _KINDS.index("immediate")
    same = ((completed + _UTC8) // _DAY) == ((accepted + _UTC8) // _DAY)
    on_site = closed & immediate & ~arrays["online"] & arrays["in_center"] & same
    rated = closed & (arrays["rating_draw"] < 0.6)
    rating = np.where(rated, arrays["grade"], 0)
    rating[n:] = 0
    p_complaint = np.where(rated & (rating <= 2), 0.2, 0.0008)
    complaint = arrays["complaint_draw"] < p_complaint
    complaint[n:] = False

    order = np.argsort(accepted, kind="stable")
    first = start.strftime("%Y%m%d")
    nat = np.iinfo(np.int64).min

    def instants(values: npt.NDArray[np.int64], present: Any = True) -> Any:
        values = np.where(present, values, nat)[order]
        return pd.Series(values.view("datetime64[ns]")).dt.tz_localize("UTC")

    def dates(values: npt.NDArray[Any]) -> Any:
        return pd.Series(values[order].astype("datetime64[s]"))

    def category(codes: npt.NDArray[np.int64], labels: list[str]) -> Any:
        return pd.Categorical.from_codes(codes[order], categories=labels)

    window_labels = [
        f"{d}{k + 1}号窗口" for d in departments for k in range(windows_per_department)
    ]
    pool = np.unique(applicant)
    pool_labels = np.array([f"P{i:08d}" for i in pool.tolist()], dtype=object)
    data = {
        "case_id": pd.Series([f"{first}-{i:07d}" for i in range(1, total + 1)], dtype="str"),
        "applicant_id": pd.Series(
            pool_labels[np.searchsorted(pool, applicant[order])], dtype="str"
        ),
        "center": category(np.zeros(total, dtype=np.int64), [center]),
        "level": category(np.zeros(total, dtype=np.int64), [CenterLevel(level).value]),
        "department": category(m_dept[arrays["m"]], departments),
        "window": category(arrays["window"], window_labels),
        "matter_code": category(arrays["m"], [mm.code for mm in matters]),
        "kind": category(kind, _KINDS),
        "channel": category(np.where(arrays["online"], 0, 1), ["online", "window"]),
        "accepted_in": category(np.where(arrays["in_center"], 0, 1), ["center", "department"]),
        "submitted_at": instants(arrays["submitted"]),
        "accepted_at": instants(accepted),
        "decided_at": instants(decided, decided_known),
        "completed_at": instants(completed, closed),
        "outcome": category(outcome_label, ["approved", "denied", "withdrawn"]),
        "committed_due": dates(arrays["committed_due"]),
        "statutory_due": dates(arrays["statutory_due"]),
        "committed_working_days": arrays["committed_wd"][order].astype(np.int64),
        "statutory_working_days": arrays["statutory_wd"][order].astype(np.int64),
        "suspended_working_days": arrays["suspended"][order].astype(np.int64),
        "visits": arrays["visits"][order].astype(np.int64),
        "on_site": on_site[order],
        "rating": pd.array(np.where(rating > 0, rating, 0)[order], dtype="Int64"),
        "complaint": complaint[order],
        # the catalogue's authorization record of each case's matter (窗口授权)
        "window_authorized": np.asarray([mm.window_authorized for mm in matters], np.bool_)[
            arrays["m"]
        ][order],
        "injected": category(injected, [str(k) for k in IRREGULARITIES]),
    }
    frame = pd.DataFrame(data)
    frame["rating"] = frame["rating"].mask(frame["rating"] == 0)
    return frame
