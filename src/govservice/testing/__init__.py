"""Hypothesis strategies for govservice values, for our tests and for yours.

Needs the ``testing`` extra (``pip install "govservice[testing]"``). With it installed,
``st.from_type(WorkCalendar)`` and ``st.from_type(TimeLimit)`` work too, through the
``hypothesis`` entry point.

Examples:
    >>> from hypothesis import given
    >>> from govservice.testing import work_calendars, covered_dates
    >>> from hypothesis import strategies as st
    >>> @given(st.data())
    ... def test_next_is_after(data):
    ...     cal = data.draw(work_calendars())
    ...     day = data.draw(covered_dates(cal, headroom=1))
    ...     assert cal.next_working_day(day) > day
    >>> test_next_is_after()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from govservice._errors import InvalidValueError
from govservice._extras import optional

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError:  # pragma: no cover - depends on the environment
    optional("hypothesis", "testing", "govservice.testing")  # raises, naming the extra
    raise

from govservice.calendar import (
    Coverage,
    DayEntry,
    EntryKind,
    LimitUnit,
    TimeLimit,
    WorkCalendar,
    china,
)
from govservice.matters import (
    Case,
    CaseFacts,
    CaseKind,
    Catalog,
    CenterLevel,
    Fee,
    LegalBasis,
    Material,
    MaterialForm,
    Matter,
    MatterType,
    Node,
    OnlineDepth,
    ProcedureStep,
    ServiceForm,
)

__all__ = [
    "approval_plans",
    "case_histories",
    "case_records",
    "catalogs",
    "covered_dates",
    "matters",
    "parallel_cases",
    "time_limits",
    "weekmasks",
    "work_calendars",
]


def weekmasks() -> st.SearchStrategy[str]:
    """Week masks with at least one working day, mostly the ordinary Monday-to-Friday.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> len(find(weekmasks(), lambda mask: True, settings=once))
        7
    """
    other = st.lists(st.booleans(), min_size=7, max_size=7).filter(any)
    return st.one_of(
        st.just("1111100"),
        other.map(lambda bits: "".join("1" if b else "0" for b in bits)),
    )


@st.composite
def _custom_calendars(
    draw: st.DrawFn, min_years: int, max_years: int, first_year: int, last_year: int
) -> WorkCalendar:
    start_year = draw(st.integers(first_year, last_year), label="start year")
    years = draw(st.integers(min_years, max_years), label="years")
    coverage = Coverage(dt.date(start_year, 1, 1), dt.date(start_year + years - 1, 12, 31))
    weekmask = draw(weekmasks(), label="weekmask")
    offsets = draw(
        st.sets(st.integers(0, len(coverage) - 1), max_size=min(len(coverage) // 4, 120)),
        label="entry offsets",
    )
    days = []
    for offset in sorted(offsets):
        day = coverage.start + dt.timedelta(days=offset)
        if weekmask[day.weekday()] == "0":
            kind = draw(st.sampled_from([EntryKind.WORKDAY, EntryKind.REST, EntryKind.HOLIDAY]))
        else:
            kind = draw(st.sampled_from([EntryKind.HOLIDAY, EntryKind.REST, EntryKind.LOCAL]))
        days.append(DayEntry(day, "假日", kind))
    cal = WorkCalendar(coverage, days=days, weekmask=weekmask, name="generated")
    if not cal._index.days:
        # Every working day was taken away; keep one so the calendar is usable.
        cal = WorkCalendar(coverage, days=[], weekmask=weekmask, name="generated")
    return cal


def work_calendars(
    *,
    min_years: int = 1,
    max_years: int = 3,
    first_year: int = 1990,
    last_year: int = 2060,
    include_china: bool = True,
) -> st.SearchStrategy[WorkCalendar]:
    """Work calendars: generated ones (random week masks, holidays, make-up workdays) and china().

    Args:
        min_years: The fewest whole years of coverage.
        max_years: The most whole years of coverage.
        first_year: The earliest first year.
        last_year: The latest first year.
        include_china: Also draw the official China calendar.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> cal = find(work_calendars(include_china=False), lambda cal: True, settings=once)
        >>> cal.coverage.start.month, cal.coverage.start.day
        (1, 1)
    """
    if not 1 <= min_years <= max_years:
        raise InvalidArgument(f"need 1 <= min_years <= max_years, got {min_years}, {max_years}")
    if not 1 <= first_year <= last_year <= 9000:
        raise InvalidArgument(f"need first_year <= last_year, got {first_year}, {last_year}")
    custom = _custom_calendars(min_years, max_years, first_year, last_year)
    if include_china:
        return st.one_of(st.just(china()), custom)
    return custom


def covered_dates(calendar: WorkCalendar, *, headroom: int = 0) -> st.SearchStrategy[dt.date]:
    """Dates of ``calendar``'s coverage with ``headroom`` working days covered on either side.

    So ``calendar.add_working_days(day, n)`` stays covered for ``-headroom <= n <= headroom``.

    Args:
        calendar: The calendar.
        headroom: How many working days must stay covered before and after the date.

    Examples:
        >>> from govservice.calendar import china
        >>> cal = china()
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> day = find(covered_dates(cal, headroom=250), lambda day: True, settings=once)
        >>> cal.add_working_days(day, 250) <= cal.coverage.end
        True
    """
    if not isinstance(calendar, WorkCalendar):
        raise InvalidArgument(f"calendar must be a WorkCalendar, got {calendar!r}")
    if isinstance(headroom, bool) or not isinstance(headroom, int) or headroom < 0:
        raise InvalidArgument(f"headroom must be an integer >= 0, got {headroom!r}")
    days = calendar._index.days
    lo, hi = calendar.coverage.start, calendar.coverage.end
    if headroom:
        if 2 * headroom >= len(days):
            raise InvalidArgument(
                f"{calendar!r} has {len(days)} working days; headroom={headroom} needs at "
                f"least {2 * headroom + 1}"
            )
        lo = dt.date.fromordinal(days[headroom - 1] + 1)
        hi = dt.date.fromordinal(days[len(days) - headroom] - 1)
        if lo > hi:
            raise InvalidArgument(f"no date of {calendar!r} has {headroom} working days each side")
    return st.dates(min_value=lo, max_value=hi)


def time_limits(
    *,
    units: tuple[LimitUnit, ...] = tuple(LimitUnit),
    max_days: int = 250,
    max_hours: float = 40.0,
) -> st.SearchStrategy[TimeLimit]:
    """Time limits of the given units, up to ``max_days`` days or ``max_hours`` hours.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> limit = find(time_limits(units=(LimitUnit.WORKING_DAYS,)), bool, settings=once)
        >>> limit.unit.value
        'working_days'
    """
    if not units or not all(isinstance(u, LimitUnit) for u in units):
        raise InvalidArgument(f"units must be a non-empty tuple of LimitUnit, got {units!r}")
    if max_days < 1 or max_hours <= 0:
        raise InvalidArgument(f"need max_days >= 1 and max_hours > 0, got {max_days}, {max_hours}")
    options = []
    if LimitUnit.WORKING_DAYS in units:
        options.append(st.integers(1, max_days).map(TimeLimit.working_days))
    if LimitUnit.NATURAL_DAYS in units:
        options.append(st.integers(1, max_days).map(TimeLimit.natural_days))
    if LimitUnit.WORKING_HOURS in units:
        hours = st.one_of(
            st.integers(1, max(1, int(max_hours))),
            st.floats(0.25, max_hours, allow_nan=False, allow_infinity=False).map(
                lambda h: round(h * 4) / 4 or 0.25
            ),
        )
        options.append(hours.map(TimeLimit.working_hours))
    if LimitUnit.IMMEDIATE in units:
        options.append(st.just(TimeLimit.immediate()))
    return st.one_of(options)


# -- matters, catalogues and cases ---------------------------------------------------------------

_DEPARTMENTS = ("市场监督管理局", "自然资源和规划局", "住房和城乡建设局", "公安局", "民政局")


@st.composite
def _matters(draw: st.DrawFn, code: str | None) -> Matter:
    statutory = draw(st.integers(1, 60), label="statutory days")
    committed = draw(
        st.one_of(
            st.just(TimeLimit.immediate()),
            st.integers(1, statutory).map(TimeLimit.working_days),
        ),
        label="committed",
    )
    names = draw(st.lists(st.sampled_from(["营业执照", "身份证", "申请表", "平面图", "委托书"]),
                          min_size=1, max_size=4, unique=True))  # fmt: skip
    materials = [
        Material(n, draw(st.sampled_from(list(MaterialForm))), draw(st.integers(1, 3)),
                 tolerant=draw(st.booleans()))
        for n in names
    ]  # fmt: skip
    department = draw(st.sampled_from(_DEPARTMENTS))
    others = draw(st.lists(st.sampled_from(_DEPARTMENTS), max_size=2, unique=True))
    return Matter(
        code=code or draw(st.from_regex(r"[0-9]{6}-[A-Z0-9]{4}", fullmatch=True)),
        basic_code=draw(st.from_regex(r"[0-9]{12}", fullmatch=True)),
        name=draw(
            st.sampled_from(
                [
                    "食品经营许可",
                    "个体工商户登记",
                    "建设工程规划许可",
                    "临时占用道路许可",
                    "最低生活保障审批",
                ]
            )
        ),
        matter_type=draw(st.sampled_from(list(MatterType))),
        department=department,
        level=draw(st.sampled_from([CenterLevel.COUNTY, CenterLevel.CITY])),
        statutory_limit=TimeLimit.working_days(statutory),
        committed_limit=committed,
        name_en=draw(st.sampled_from(["", "A licence"])),
        legal_basis=[LegalBasis("中华人民共和国行政许可法", "第四十二条")],
        acceptance_conditions="符合法定条件",
        materials=materials,
        procedure=[ProcedureStep("受理", Node.ACCEPT), ProcedureStep("决定", Node.APPROVE)],
        fee=draw(st.one_of(st.none(), st.just(Fee("工本费每证10元", "收费标准文件", "10.00")))),
        visits_required=draw(st.integers(0, 3)),
        online_depth=draw(st.sampled_from(list(OnlineDepth))),
        in_center=draw(st.booleans()),
        service_forms=draw(st.lists(st.sampled_from(list(ServiceForm)), max_size=3, unique=True)),
        consult_phone="0000-12345",
        complaint_phone="0000-12315",
        departments=[d for d in others if d != department],
        special=draw(st.booleans()),
    )


def matters(*, code: str | None = None) -> st.SearchStrategy[Matter]:
    """Valid matters with realistic elements (a fixed ``code`` if given).

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> find(matters(code="X-1"), lambda m: True, settings=once).code
        'X-1'
    """
    if code is not None and (not isinstance(code, str) or not code.strip()):
        raise InvalidArgument(f"code must be a non-empty string, got {code!r}")
    return _matters(code)


def catalogs(*, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[Catalog]:
    """Valid catalogues: unique codes, limits in order, some matters reporting to city ones.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> len(find(catalogs(min_size=2), lambda c: True, settings=once)) >= 2
        True
    """
    if not 0 <= min_size <= max_size:
        raise InvalidArgument(f"need 0 <= min_size <= max_size, got {min_size}, {max_size}")

    @st.composite
    def build(draw: st.DrawFn) -> Catalog:
        n = draw(st.integers(min_size, max_size))
        items = [draw(matters(code=f"M{i:04d}")) for i in range(n)]
        cities = [m.code for m in items if m.level is CenterLevel.CITY]
        final = []
        for m in items:
            if m.level is CenterLevel.COUNTY and cities and draw(st.booleans()):
                m = attrs.evolve(m, reports_to=draw(st.sampled_from(cities)))
            final.append(m)
        return Catalog(final, name=draw(st.sampled_from(["", "示例目录"])))

    return build()


_ACTIONS = ("accept", "refuse_acceptance", "request_supplement", "supplement", "review",
            "verify_substance", "suspend", "resume", "extend", "report_up", "approve", "deny",
            "issue_certificate", "complete", "withdraw", "notify", "correct")  # fmt: skip


@st.composite
def _histories(draw: st.DrawFn, max_actions: int) -> Case:
    matter = draw(matters(), label="matter")
    start = draw(st.datetimes(dt.datetime(2005, 1, 1), dt.datetime(2025, 6, 30)), label="start")  # noqa: DTZ001 (naive bounds; the offset is set below)
    at = start.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    case = Case.submit(matter, case_id="C-1", applicant="申请人", at=at, calendar=china(),
                       facts=CaseFacts(special=draw(st.booleans(), label="special")))  # fmt: skip
    for _ in range(draw(st.integers(0, max_actions), label="actions")):
        at += dt.timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
        options = [a for a in _ACTIONS if _possible(case, a, at)]
        if not options:
            break
        action = draw(st.sampled_from(options), label="action")
        try:
            case = _act(draw, case, action, at)
        except InvalidValueError as exc:
            if action != "extend" or exc.field != "at":
                raise
            # art. 42: the limit had expired before a suspension that now stops its clock
    return case


def _possible(case: Case, action: str, at: dt.datetime) -> bool:
    if action == "correct":
        return True
    if not case.allows(action):
        return False
    if action == "accept":
        tolerant = {m.name for m in case.matter.materials if m.tolerant}
        return all(m in tolerant for m in case.missing)
    if action in ("approve", "deny") and case.state.value == "accepted":
        return case.kind is CaseKind.IMMEDIATE
    if action == "request_supplement":
        if not case.notified and at > case.deemed_acceptance_at:
            return False  # art. 32(4): deemed accepted, no notice any more
        return not case.notified or bool(case.missing)
    if action == "extend":  # art. 42: before the limit expires (the act checks the rest)
        if case.matter.statutory_limit.unit is LimitUnit.IMMEDIATE:
            return False  # decided on the spot: nothing to extend
        due = case.statutory_due_at
        return due is None or at <= due
    if action == "refuse_acceptance" and not case.notified:
        # art. 32(4): deemed accepted once the five days pass without a notice
        return at <= case.deemed_acceptance_at
    if action == "notify":
        return bool(case.missing_notices)
    if action == "supplement":
        return bool(case.missing)
    return True


def _act(draw: st.DrawFn, case: Case, action: str, at: dt.datetime) -> Case:
    by = draw(st.sampled_from(["窗口A", "审核员B", "局长C"]), label="by")
    if action == "request_supplement":
        pool = list(case.notified) or [m.name for m in case.matter.materials]
        missing = draw(st.lists(st.sampled_from(pool), min_size=1, unique=True))
        return case.request_supplement(at=at, by=by, missing=missing)
    if action == "supplement":
        provided = draw(st.lists(st.sampled_from(list(case.missing)), min_size=1, unique=True))
        return case.supplement(at=at, by=by, provided=provided)
    if action in ("refuse_acceptance", "deny"):
        notified = draw(st.booleans(), label="notified")
        return getattr(case, action)(at=at, by=by, reason="不符合条件", notified=notified)  # type: ignore[no-any-return]
    if action == "suspend":
        # reported up, the higher level may not ask for the materials again (art. 35)
        reasons = ["检测", "专家评审"] + ([] if case.state.value == "reported" else ["补正材料"])
        reason = draw(st.sampled_from(reasons), label="reason")
        note = "本市并联审批办法第十条" if reason == "补正材料" else ""
        return case.suspend(at=at, by=by, reason=reason, note=note,
                            notified=draw(st.booleans(), label="notified"))  # fmt: skip
    if action == "report_up":
        return case.report_up(at=at, by=by, to="市级审批局")
    if action == "verify_substance":  # art. 34: two or more staff
        staff = draw(st.lists(st.sampled_from(["王五", "赵六", "钱七"]), min_size=2, unique=True))
        return case.verify_substance(at=at, by=by, staff=staff, findings="一致")
    if action == "notify":
        return case.notify(case.missing_notices[0], at=at, by=by)
    if action == "extend":
        from govservice.matters import ApproverRole

        unified = case.matter.unified_handling
        role = ApproverRole.HEAD_OF_GOVERNMENT if unified else ApproverRole.HEAD_OF_ORGAN
        cap = 15 if unified else 10
        rule = draw(st.sampled_from(["", "本中心承诺办结办法"]), label="local_rule")
        if not case.extensions:  # art. 42 grants one; a further one needs another law
            amount = draw(st.integers(1, cap))
            return case.extend(at=at, by=by, amount=amount, approved_by="局长", reason="需核查",
                               approver_role=role, local_rule=rule)  # fmt: skip
        amount = draw(st.integers(1, 30))
        return case.extend(
            at=at, by=by, amount=amount, approved_by="局长", reason="检验", basis="其他法律的规定",
            approver_role=role, local_rule=rule,
        )  # fmt: skip
    if action == "correct":
        return case.correct(at=at, by=by, field="applicant", value="申请人（更正）", reason="笔误")
    return getattr(case, action)(at=at, by=by)  # type: ignore[no-any-return]


def case_histories(*, max_actions: int = 12) -> st.SearchStrategy[Case]:
    """Cases built by random valid action sequences (dates 2005..2025, Asia/Shanghai offsets).

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> case = find(case_histories(), lambda c: len(c.trace) > 2, settings=once)
        >>> case.trace.verify()
    """
    if isinstance(max_actions, bool) or not isinstance(max_actions, int) or max_actions < 0:
        raise InvalidArgument(f"max_actions must be an integer >= 0, got {max_actions!r}")
    return _histories(max_actions)


@st.composite
def _plans(draw: st.DrawFn, min_steps: int, max_steps: int, natural_days: bool) -> Any:
    from govservice.approval import ApprovalPlan, Step

    n = draw(st.integers(min_steps, max_steps))
    steps = []
    for i in range(n):
        earlier = [f"s{j}" for j in range(i)]
        requires = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else []
        )
        if natural_days and draw(st.booleans()):
            limit = TimeLimit.natural_days(draw(st.integers(1, 15)))
        else:
            days = draw(st.integers(0, 10))
            limit = TimeLimit.working_days(days) if days else TimeLimit.immediate()
        department = draw(st.sampled_from(_DEPARTMENTS))
        steps.append(Step(f"s{i}", department, limit, requires=requires))
    order = draw(st.permutations(steps))  # plans list steps in any order
    return ApprovalPlan(order, lead="综合窗口", overall_limit=TimeLimit.working_days(45))


def approval_plans(
    *, min_steps: int = 1, max_steps: int = 10, natural_days: bool = False
) -> st.SearchStrategy[Any]:
    """Valid parallel-approval plans: acyclic, listed in any order, limits of 0-10 working days.

    Args:
        min_steps: The fewest steps.
        max_steps: The most steps.
        natural_days: Also draw natural-day limits (1-15 days).

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> plan = find(approval_plans(min_steps=3), lambda p: True, settings=once)
        >>> len(plan.steps) >= 3
        True
    """
    if not 1 <= min_steps <= max_steps:
        raise InvalidArgument(f"need 1 <= min_steps <= max_steps, got {min_steps}, {max_steps}")
    return _plans(min_steps, max_steps, natural_days)


_PEOPLE = ("张科长", "李审核", "王窗口", "赵局长")


@st.composite
def _parallel(draw: st.DrawFn, max_steps: int) -> Any:
    from zoneinfo import ZoneInfo

    from govservice.approval import ParallelState, TaskStatus

    plan = draw(approval_plans(max_steps=max_steps))
    cal = china()
    accepted = cal.add_working_days(draw(st.dates(dt.date(2010, 1, 1), dt.date(2025, 6, 30))), 0)
    case = plan.open(draw(st.from_regex(r"P-[0-9]{4}", fullmatch=True)), accepted, calendar=cal)
    day = accepted
    for _ in range(draw(st.integers(0, len(plan.steps)))):
        ready = [s for s, t in case.tasks.items() if t.status is TaskStatus.READY]
        if not ready or case.state is not ParallelState.OPEN:
            break
        day = cal.add_working_days(day, draw(st.integers(0, 3)))
        moment = dt.datetime.combine(day, dt.time(10), ZoneInfo("Asia/Shanghai"))
        outcome = draw(st.sampled_from(["approved", "approved", "approved", "denied"]))
        case = case.decide(draw(st.sampled_from(ready)), outcome, at=moment,
                           by=draw(st.sampled_from(_PEOPLE)))  # fmt: skip
    return case


def parallel_cases(*, max_steps: int = 8) -> st.SearchStrategy[Any]:
    """Running parallel cases: a plan from `approval_plans`, opened, some ready steps decided.

    Decisions come on working days in order, by a few named people, mostly approvals.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> case = find(parallel_cases(), lambda c: len(c.decisions) >= 2, settings=once)
        >>> case.trace.verify()
    """
    if max_steps < 1:
        raise InvalidArgument(f"need max_steps >= 1, got {max_steps}")
    return _parallel(max_steps)


# -- case records (govservice.metrics) -------------------------------------------------------------

_CENTERS = ("甲县政务服务中心", "乙县政务服务中心")
_RECORD_DEPARTMENTS = ("市场监督管理局", "公安局", "民政局")
_MATTER_CODES = ("M-1", "M-2", "M-3", "M-4")
_SH = dt.timezone(dt.timedelta(hours=8))


@st.composite
def _record_rows(draw: st.DrawFn) -> dict[str, object]:
    """One consistent case record as a row mapping (see govservice.metrics.RECORD_COLUMNS)."""
    cal = china()
    day = draw(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)), label="day")
    minute = draw(st.integers(8 * 60, 18 * 60), label="minute")
    submitted = dt.datetime.combine(day, dt.time(), tzinfo=_SH) + dt.timedelta(minutes=minute)
    accepted = None
    decided = completed = outcome = None
    committed_due = statutory_due = None
    committed_wd = statutory_wd = None
    suspended = 0
    rating = None
    state = draw(st.sampled_from(["open", "closed", "closed", "withdrawn", "returned", "waiting"]))
    if state == "returned":
        decided = completed = submitted + dt.timedelta(minutes=draw(st.integers(0, 600)))
        outcome = "returned"
    elif state != "waiting":
        accepted = submitted + dt.timedelta(minutes=draw(st.integers(0, 3000)))
        accepted_day = accepted.astimezone(_SH).date()
        committed_wd = draw(st.integers(0, 20), label="committed limit")
        statutory_wd = committed_wd + draw(st.integers(0, 20), label="statutory extra")
        suspended = draw(st.integers(0, 5), label="suspended") if committed_wd else 0
        committed_due = cal.add_working_days(accepted_day, committed_wd + suspended)
        statutory_due = cal.add_working_days(accepted_day, statutory_wd + suspended)
        if state == "closed":
            completed = accepted + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))
            decided = accepted + (completed - accepted) * draw(st.floats(0, 1), label="decided")
            outcome = draw(st.sampled_from(["approved", "approved", "denied"]))
            rating = draw(st.one_of(st.none(), st.integers(1, 5)), label="rating")
        elif state == "withdrawn":
            outcome = "withdrawn"
    channel = draw(st.sampled_from(["online", "window"]))
    kind = draw(st.sampled_from([k.value for k in CaseKind]))
    same_day = completed is not None and accepted is not None
    same_day = same_day and completed.astimezone(_SH).date() == accepted.astimezone(_SH).date()  # type: ignore[union-attr]
    department = draw(st.sampled_from(_RECORD_DEPARTMENTS))
    return {
        "case_id": "",
        "applicant_id": draw(st.sampled_from(["P1", "P2", "P3"])),
        "center": draw(st.sampled_from(_CENTERS)),
        "level": "county",
        "department": department,
        "window": draw(st.sampled_from([f"{department}1号窗口", f"{department}2号窗口", None])),
        "matter_code": draw(st.sampled_from(_MATTER_CODES)),
        "kind": kind,
        "channel": channel,
        "accepted_in": draw(st.sampled_from(["center", "center", "department"])),
        "submitted_at": submitted,
        "accepted_at": accepted,
        "decided_at": decided,
        "completed_at": completed,
        "outcome": outcome,
        "committed_due": committed_due,
        "statutory_due": statutory_due,
        "committed_working_days": committed_wd,
        "statutory_working_days": statutory_wd,
        "suspended_working_days": suspended,
        "visits": draw(st.integers(0, 3)),
        "on_site": bool(same_day and channel == "window" and draw(st.booleans())),
        "rating": rating,
        "complaint": draw(st.booleans()) and draw(st.booleans()),
    }


def case_records(
    *, min_size: int = 0, max_size: int = 40, as_frame: bool = True
) -> st.SearchStrategy[Any]:
    """Consistent case records (2024-2025, two centers): a pandas DataFrame, or row dicts.

    Every record passes `govservice.metrics.check_records`: open, completed, withdrawn,
    returned and not yet accepted cases, with due dates from the official calendar.
    DataFrames need pandas (the ``metrics`` extra).

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> once = settings(phases=[Phase.generate], database=None)  # no shrinking: fast
        >>> from govservice.metrics import check_records
        >>> records = find(case_records(min_size=3), lambda r: True, settings=once)
        >>> len(records), check_records(records).ok
        (3, True)
    """
    if not 0 <= min_size <= max_size:
        raise InvalidArgument(f"need 0 <= min_size <= max_size, got {min_size}, {max_size}")

    def build(rows: list[dict[str, object]]) -> Any:
        for i, row in enumerate(rows):
            row["case_id"] = f"R{i:05d}"
        if not as_frame:
            return rows
        from govservice.metrics import frame_from_rows

        return frame_from_rows(rows)

    return st.lists(_record_rows(), min_size=min_size, max_size=max_size).map(build)
