from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import CalendarCoverageError, GovServiceError, InvalidValueError
from govservice.calendar import (
    DayEntry,
    EntryKind,
    Extension,
    LimitUnit,
    ReceiptPolicy,
    StepKind,
    Suspension,
    SuspensionReason,
    TimeLimit,
    WorkCalendar,
    YearData,
    china,
    deadline,
)
from govservice.calendar._deadline import _deadline
from govservice.testing import covered_dates, work_calendars

D = dt.date
CN = china()
SH = ZoneInfo("Asia/Shanghai")
WD = TimeLimit.working_days


# -- hand-checked deadlines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "limit", "due"),
    [
        # Spring Festival 2025: Jan 26 (Sun) and Feb 8 (Sat) worked, Jan 28 - Feb 4 off.
        (D(2025, 1, 24), WD(20), D(2025, 2, 27)),
        (D(2025, 1, 24), WD(1), D(2025, 1, 26)),
        (D(2025, 1, 27), WD(2), D(2025, 2, 6)),
        # Spring Festival 2026: Feb 14 and Feb 28 (Sat) worked, Feb 15-23 off.
        (D(2026, 2, 13), WD(20), D(2026, 3, 19)),
        (D(2026, 2, 14), WD(1), D(2026, 2, 24)),
        # National Day 2025: Sep 28 (Sun) worked, Oct 1-8 off, Oct 11 (Sat) worked.
        (D(2025, 9, 26), WD(5), D(2025, 10, 10)),
        (D(2025, 9, 30), WD(2), D(2025, 10, 10)),
        (D(2025, 9, 30), WD(3), D(2025, 10, 11)),
        # National Day 2026: Sep 25-27 (中秋) and Oct 1-7 off.
        (D(2026, 9, 24), WD(5), D(2026, 10, 9)),
        # National Day 2024: Sep 29 (Sun) and Oct 12 (Sat) worked, Oct 1-7 off.
        (D(2024, 9, 27), WD(20), D(2024, 10, 30)),
    ],
)
def test_working_day_deadlines_across_holidays(
    start: dt.date, limit: TimeLimit, due: dt.date
) -> None:
    d = deadline(start, limit, CN)
    assert d.due_date == due
    assert d.due_at == dt.datetime.combine(due, dt.time(17, 30), tzinfo=SH)
    assert not d.provisional


def test_overlapping_suspensions_count_once() -> None:
    # Mar 5-7 and Mar 6-11 2025 overlap: Mar 5, 6, 7, 10, 11 are 5 working days, not 7.
    s1 = Suspension(D(2025, 3, 5), D(2025, 3, 7), "专家评审")
    s2 = Suspension(D(2025, 3, 6), D(2025, 3, 11), SuspensionReason.HEARING)
    d = deadline(D(2025, 3, 3), WD(10), CN, suspensions=[s1, s2])
    assert d.due_date == D(2025, 3, 24)
    assert deadline(D(2025, 3, 3), WD(10), CN, suspensions=[s2, s1]) == d


def test_suspension_starting_before_acceptance_counts_only_after() -> None:
    s = Suspension(D(2025, 2, 27), D(2025, 3, 4), "检测")
    assert deadline(D(2025, 3, 3), WD(1), CN, suspensions=[s]).due_date == D(2025, 3, 5)


def test_extension_adds_to_the_limit() -> None:
    e = Extension(10, "局长", "需现场核查")
    d = deadline(D(2025, 1, 24), WD(20), CN, extensions=[e])
    assert d.due_date == CN.add_working_days(D(2025, 1, 24), 30)
    joint = deadline(D(2025, 3, 3), WD(45), CN, extensions=[Extension(15, "市长", "联合办理")])
    assert joint.due_date == CN.add_working_days(D(2025, 3, 3), 60)


@pytest.mark.parametrize(
    ("start", "days", "suspensions", "due"),
    [
        (D(2025, 9, 28), 3, (), D(2025, 10, 9)),  # Oct 1 is a holiday: next working day
        (D(2025, 1, 20), 10, (), D(2025, 2, 5)),  # Jan 30 in the Spring Festival break
        (D(2025, 3, 3), 10, (Suspension(D(2025, 3, 5), D(2025, 3, 6), "鉴定"),), D(2025, 3, 17)),
        (D(2025, 3, 3), 4, (), D(2025, 3, 7)),  # an ordinary Friday stays
    ],
)
def test_natural_day_deadlines_roll_to_the_next_working_day(
    start: dt.date, days: int, suspensions: tuple[Suspension, ...], due: dt.date
) -> None:
    d = deadline(start, TimeLimit.natural_days(days), CN, suspensions=suspensions)
    assert d.due_date == due


def test_immediate_case_is_due_the_same_working_day() -> None:
    assert deadline(D(2025, 3, 3), TimeLimit.immediate(), CN).due_date == D(2025, 3, 3)
    # Received online on a Sunday: due the next working day.
    sunday = dt.datetime(2025, 3, 2, 22, 15, tzinfo=SH)
    assert deadline(sunday, TimeLimit.immediate(), CN).due_date == D(2025, 3, 3)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (dt.datetime(2025, 3, 3, 11, 0, tzinfo=SH), 1.5, dt.datetime(2025, 3, 3, 14, 0, tzinfo=SH)),
        (dt.datetime(2025, 3, 3, 16, 30, tzinfo=SH), 2, dt.datetime(2025, 3, 4, 10, 0, tzinfo=SH)),
        (dt.datetime(2025, 3, 3, 12, 40, tzinfo=SH), 1, dt.datetime(2025, 3, 3, 14, 30, tzinfo=SH)),
        (dt.datetime(2025, 3, 3, 11, 0, tzinfo=SH), 1, dt.datetime(2025, 3, 3, 12, 0, tzinfo=SH)),
        (dt.datetime(2025, 9, 30, 16, 0, tzinfo=SH), 2, dt.datetime(2025, 10, 9, 9, 30, tzinfo=SH)),
        (dt.datetime(2025, 3, 7, 18, 0, tzinfo=SH), 7, dt.datetime(2025, 3, 10, 17, 30, tzinfo=SH)),
        # An instant in UTC is read in Asia/Shanghai: 03:00Z is 11:00 there.
        (
            dt.datetime(2025, 3, 3, 3, 0, tzinfo=dt.UTC),
            1.5,
            dt.datetime(2025, 3, 3, 14, 0, tzinfo=SH),
        ),
    ],
)
def test_working_hour_deadlines_skip_lunch_nights_and_holidays(
    start: dt.datetime, hours: float, due: dt.datetime
) -> None:
    d = deadline(start, TimeLimit.working_hours(hours), CN)
    assert d.due_at == due
    assert d.due_date == due.date()


def test_working_hours_with_a_suspended_day() -> None:
    start = dt.datetime(2025, 3, 3, 16, 30, tzinfo=SH)
    s = Suspension(D(2025, 3, 4), D(2025, 3, 4), "检验")
    d = deadline(start, TimeLimit.working_hours(2), CN, suspensions=[s])
    assert d.due_at == dt.datetime(2025, 3, 5, 10, 0, tzinfo=SH)


# -- recomputing on a changed calendar ------------------------------------------------------------


def before_2020_amendment() -> object:
    """The 2020 calendar as the annual notice had it, before 国办发明电〔2020〕1号."""
    annual = [e for e in CN.days if e.date.year == 2020 and e.notice != "国办发明电〔2020〕1号"]
    annual.append(DayEntry(D(2020, 2, 1), "春节", EntryKind.WORKDAY))
    annual = [
        e for e in annual if not (e.date == D(2020, 2, 1) and e.kind is not EntryKind.WORKDAY)
    ]
    return CN.with_year(YearData(2020, days=annual), replace=True)


def test_recompute_after_the_2020_extension_says_why_it_moved() -> None:
    old_cal = before_2020_amendment()
    assert old_cal.is_working_day(D(2020, 1, 31))  # type: ignore[attr-defined]
    before = deadline(D(2020, 1, 20), WD(10), old_cal)  # type: ignore[arg-type]
    assert before.due_date == D(2020, 2, 7)
    after = before.recompute(CN)
    assert after.due_date == D(2020, 2, 11)
    assert after.moved
    assert after.previous is before
    changed = {day: (old, new) for day, old, new in after.changes()}
    assert changed[D(2020, 1, 31)] == ("workday", "moved_rest_day")
    assert changed[D(2020, 2, 1)] == ("makeup_workday", "weekend")
    assert "2020年1月31日" in after.explain("zh_CN")
    same = deadline(D(2020, 3, 2), WD(5), CN).recompute(CN)
    assert not same.moved
    assert same.changes() == ()


# -- provisional and coverage ---------------------------------------------------------------------


def test_deadline_beyond_coverage_raises_unless_provisional() -> None:
    with pytest.raises(CalendarCoverageError):
        deadline(D(2026, 12, 20), WD(20), CN)
    provisional = CN.provisional(until=D(2027, 12, 31), basis="weekends")
    d = deadline(D(2026, 12, 20), WD(20), provisional)
    assert d.provisional
    assert d.due_date == D(2027, 1, 15)  # weekends only: 2027-01-01 counts as a Friday
    lawful = deadline(D(2026, 12, 20), WD(20), CN.provisional(until=D(2027, 12, 31)))
    assert lawful.due_date == D(2027, 1, 18)  # statutory: New Year's Day is off
    assert d.steps()[-2].kind is StepKind.PROVISIONAL
    assert "临时结果" in d.explain("zh_CN")
    assert not deadline(D(2026, 3, 2), WD(20), provisional).provisional


# -- bad input ---------------------------------------------------------------------------


def test_bad_inputs_are_typed_errors() -> None:
    with pytest.raises(InvalidValueError, match="aware datetime"):
        deadline(dt.datetime(2025, 3, 3, 9), WD(1), CN)  # noqa: DTZ001 (the point)
    with pytest.raises(InvalidValueError, match="aware datetime for a working-hours limit"):
        deadline(D(2025, 3, 3), TimeLimit.working_hours(2), CN)
    with pytest.raises(InvalidValueError, match="suspension.end"):
        deadline(
            D(2025, 3, 3), WD(1), CN, suspensions=[Suspension(D(2025, 3, 1), D(2025, 3, 2), "拍卖")]
        )
    with pytest.raises(InvalidValueError, match="art. 45"):
        Suspension(D(2025, 3, 1), D(2025, 3, 2), "午休")
    with pytest.raises(InvalidValueError, match="suspension.end"):
        Suspension(D(2025, 3, 2), D(2025, 3, 1), "拍卖")
    with pytest.raises(InvalidValueError, match="approved_by"):
        Extension(10, "", "理由")
    with pytest.raises(InvalidValueError, match="none for an immediate limit"):
        deadline(D(2025, 3, 3), TimeLimit.immediate(), CN, extensions=[Extension(1, "a", "b")])
    with pytest.raises(InvalidValueError, match="limit must be a TimeLimit"):
        deadline(D(2025, 3, 3), 20, CN)  # type: ignore[arg-type]


# -- explanations ---------------------------------------------------------------------------------


def test_explain_names_the_holidays_make_up_days_suspensions_and_extensions() -> None:
    d = deadline(
        D(2025, 9, 26),
        WD(10),
        CN,
        suspensions=[Suspension(D(2025, 10, 13), D(2025, 10, 14), "专家评审")],
        extensions=[Extension(2, "局长", "补充材料")],
    )
    kinds = [s.kind for s in d.steps()]
    assert kinds[:3] == [StepKind.ACCEPTED, StepKind.LIMIT, StepKind.EXTENDED]
    assert kinds[-1] is StepKind.DUE
    assert {StepKind.MAKEUP_DAY, StepKind.DAYS_OFF, StepKind.SUSPENDED} <= set(kinds)
    zh = d.explain("zh_CN")
    assert "2025年9月28日（星期日）为国庆节、中秋节调休上班日" in zh
    assert "因专家评审中止：2个工作日不计入期限" in zh
    assert "经局长批准延长2个工作日" in zh
    en = d.explain("en")
    assert "a make-up workday for National Day and Mid-Autumn Festival" in en
    assert "for expert review: 2 working days not counted" in en
    tw = d.explain("zh_TW")
    assert "個工作日" in tw
    assert "專家評審" in tw
    with pytest.raises(InvalidValueError, match="locale"):
        d.explain("fr")


def test_explain_of_a_natural_day_roll() -> None:
    d = deadline(D(2025, 9, 28), TimeLimit.natural_days(3), CN)
    assert [s.kind for s in d.steps()][-2] is StepKind.ROLLED
    assert "顺延至2025年10月9日" in d.explain("zh_CN")


# -- properties -----------------------------------------------------------------------------------


@given(data=st.data(), n=st.integers(1, 60))
def test_working_day_deadline_counts_exactly_n_unsuspended_days(
    data: st.DataObject, n: int
) -> None:
    start = data.draw(covered_dates(CN, headroom=200), label="start")
    ranges = data.draw(
        st.lists(st.tuples(st.integers(-5, 60), st.integers(0, 15)), max_size=3), label="ranges"
    )
    suspensions = [
        Suspension(start + dt.timedelta(days=a), start + dt.timedelta(days=a + b), "检测")
        for a, b in ranges
        if a + b >= 0
    ]
    d = deadline(start, WD(n), CN, suspensions=suspensions)

    def suspended(day: dt.date) -> bool:
        return any(s.start <= day <= s.end for s in suspensions)

    counted = [day for day in CN.working_days(start + dt.timedelta(days=1), d.due_date)
               if not suspended(day)]  # fmt: skip
    assert len(counted) == n
    assert counted[-1] == d.due_date
    if not suspensions:
        assert d.due_date == CN.add_working_days(start, n)


@given(data=st.data(), n=st.integers(1, 90))
def test_natural_day_deadline_is_the_first_working_day_from_the_last_day(
    data: st.DataObject, n: int
) -> None:
    start = data.draw(covered_dates(CN, headroom=120), label="start")
    d = deadline(start, TimeLimit.natural_days(n), CN)
    last = start + dt.timedelta(days=n)
    assert d.due_date == CN.add_working_days(last, 0)


@given(
    data=st.data(),
    minutes=st.integers(0, 24 * 60 - 1),
    quarter_hours=st.integers(1, 200),
)
def test_working_hours_between_inverts_add(
    data: st.DataObject, minutes: int, quarter_hours: int
) -> None:
    day = data.draw(covered_dates(CN, headroom=40), label="day")
    start = dt.datetime.combine(day, dt.time(), tzinfo=SH) + dt.timedelta(minutes=minutes)
    hours = quarter_hours / 4
    due = CN.add_working_hours(start, hours)
    assert CN.working_hours_between(start, due) == dt.timedelta(hours=hours)
    assert CN.working_hours_between(due, start) == -dt.timedelta(hours=hours)
    assert deadline(start, TimeLimit.working_hours(hours), CN).due_at == due


def test_limit_units_all_have_a_deadline_rule() -> None:
    start = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SH)
    for unit in LimitUnit:
        limit = TimeLimit(0 if unit is LimitUnit.IMMEDIATE else 2, unit)
        assert deadline(start, limit, CN).due_date >= start.date()


def test_changes_after_a_late_notice_beyond_the_old_coverage() -> None:
    d = deadline(D(2026, 12, 30), WD(1), CN)
    closed = DayEntry(D(2026, 12, 31), "闭厅", EntryKind.LOCAL)
    new = CN.with_days([closed]).with_year(YearData(2027))
    moved = d.recompute(new)
    assert moved.due_date == D(2027, 1, 1)
    assert (D(2027, 1, 1), "not_covered", "workday") in moved.changes()
    assert "2027" in moved.explain("en")


def test_fractional_extension_of_a_day_limit_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="whole days"):
        deadline(D(2025, 3, 3), WD(20), CN, extensions=[Extension(0.5, "a", "b")])


def test_immediate_case_received_after_closing_is_due_the_next_working_day() -> None:
    late = dt.datetime(2025, 3, 3, 20, 0, tzinfo=SH)
    d = deadline(late, TimeLimit.immediate(), CN)
    assert d.due_date == D(2025, 3, 4)
    assert d.due_at > late


def test_explain_counts_suspended_days_once_and_only_before_the_due_date() -> None:
    overlapping = [
        Suspension(D(2025, 3, 4), D(2025, 3, 7), "检测"),
        Suspension(D(2025, 3, 5), D(2025, 3, 11), "检测"),
        Suspension(D(2025, 6, 2), D(2025, 6, 6), "检测"),  # long after the due date
    ]
    d = deadline(D(2025, 3, 3), WD(5), CN, suspensions=overlapping)
    counted = [s.count for s in d.steps() if s.kind is StepKind.SUSPENDED]
    assert counted == [4, 2]  # Mar 4-7, then only Mar 10-11 are new; June has no effect
    assert "immediate not counted" not in deadline(
        dt.datetime(2025, 3, 3, 9, tzinfo=SH),
        TimeLimit.immediate(),
        CN,
        suspensions=[Suspension(D(2025, 3, 3), D(2025, 3, 3), "检测")],
    ).explain("en")


def test_a_supplement_suspension_needs_its_local_rule() -> None:
    import datetime as dt

    from govservice import InvalidValueError
    from govservice.calendar import Suspension, SuspensionReason, TimeLimit, china, deadline

    day = dt.date(2025, 3, 3)
    with pytest.raises(InvalidValueError, match="suspension.note"):
        Suspension(day, day, "补正材料")
    s = Suspension(day, dt.date(2025, 3, 7), "supplement", note="某市并联审批办法 第十条")
    assert s.reason is SuspensionReason.SUPPLEMENT
    assert not s.reason.statutory
    plain = deadline(dt.date(2025, 2, 28), TimeLimit.working_days(5), china())
    moved = deadline(dt.date(2025, 2, 28), TimeLimit.working_days(5), china(), suspensions=[s])
    assert china().working_days_between(plain.due_date, moved.due_date) == 5


def _outcome(make: Callable[[], object]) -> object:
    try:
        return make()
    except GovServiceError as exc:
        return type(exc), str(exc)


@settings(max_examples=300, deadline=None)
@given(
    cal=st.just(CN) | work_calendars(include_china=False),
    data=st.data(),
    n=st.integers(1, 400),
)
def test_a_plain_working_day_deadline_is_the_general_one(
    cal: WorkCalendar, data: st.DataObject, n: int
) -> None:
    # A date start, a working-day limit and nothing suspended or extended take a short path
    # in `deadline`; it must give what the general rules give, the same error included.
    month = dt.timedelta(days=31)  # a start outside the coverage too: the same error
    day = data.draw(st.dates(cal.coverage.start - month, cal.coverage.end + month), label="day")
    limit = TimeLimit.working_days(n)
    general = _outcome(lambda: _deadline(day, limit, cal, (), (), ReceiptPolicy.CALENDAR_DATE))
    assert _outcome(lambda: deadline(day, limit, cal)) == general
    assert _outcome(lambda: deadline(day, limit, cal, suspensions=[], extensions=[])) == general


def test_recompute_keeps_the_receipt_policy() -> None:
    """Received Friday 24 Jan 2025 at 18:00, after closing, under NEXT_WORKING_DAY.

    By hand, 国办发明电〔2024〕12号: Sunday 26 Jan 2025 is a make-up workday, so day 0 is 26 Jan
    and 1 working day later is Monday 27 Jan. Recomputing on the same calendar must not move
    it back to 26 Jan (the calendar date of receipt, the other policy).
    """
    received = dt.datetime(2025, 1, 24, 18, 0, tzinfo=SH)
    d = deadline(received, WD(1), CN, receipt=ReceiptPolicy.NEXT_WORKING_DAY)
    assert d.due_date == D(2025, 1, 27)
    again = d.recompute(CN)
    assert again.due_date == D(2025, 1, 27)
    assert not again.moved


def test_next_working_day_receipt_on_a_rest_day_given_as_a_date() -> None:
    """Saturday 4 Oct 2025, inside the National Day break (国办发明电〔2024〕12号: 1-8 Oct off).

    Under NEXT_WORKING_DAY what arrives on a rest day is received on the next working day,
    Thursday 9 Oct, which is day 0; 1 working day later is Friday 10 Oct. The date alone
    must give what the instant on that date gives.
    """
    policy = ReceiptPolicy.NEXT_WORKING_DAY
    at = deadline(dt.datetime(2025, 10, 4, 10, 0, tzinfo=SH), WD(1), CN, receipt=policy)
    on = deadline(D(2025, 10, 4), WD(1), CN, receipt=policy)
    assert at.due_date == D(2025, 10, 10)
    assert on.due_date == D(2025, 10, 10)


def test_explanation_counts_from_the_receipt_day_of_next_working_day() -> None:
    """Received Friday 24 Jan 2025 at 18:00 under NEXT_WORKING_DAY, 1 working day.

    By hand, 国办发明电〔2024〕12号: Sunday 26 Jan 2025 is a make-up workday, so it is day 0
    (not counted) and the one working day counted is Monday 27 Jan. The explanation said it
    counted from Friday: "Counted: Jan 26 (make-up workday)" and a weekend day, as if the
    limit had been used up on Sunday.
    """
    received = dt.datetime(2025, 1, 24, 18, 0, tzinfo=SH)
    d = deadline(received, WD(1), CN, receipt=ReceiptPolicy.NEXT_WORKING_DAY)
    assert d.due_date == D(2025, 1, 27)
    kinds = [s.kind for s in d.steps()]
    assert kinds == [StepKind.ACCEPTED, StepKind.LIMIT, StepKind.DUE]
    assert d.steps()[0].start == D(2025, 1, 26)
    assert d.explain("en").splitlines()[0].startswith("Accepted on Jan 26, 2025 (Sunday)")
