"""Each finding of the attack on every door (issue 18): a clear, typed error or a right answer."""

from __future__ import annotations

import datetime as dt

import pytest

from govservice import (
    CalendarCoverageError,
    CalendarDataError,
    InvalidValueError,
    PlanError,
    TimeLimitParseError,
)
from govservice.approval import ApprovalPlan, Join, construction_project_plan
from govservice.calendar import (
    Coverage,
    Extension,
    LimitUnit,
    Suspension,
    TimeLimit,
    WorkCalendar,
    china,
    deadline,
    statutory_holidays,
    year_from_holiday_cn,
)
from govservice.matters import Material


def test_a_plan_without_lead_is_a_plan_error() -> None:
    data = construction_project_plan().to_mapping()
    del data["lead"]
    with pytest.raises(PlanError) as info:
        ApprovalPlan.from_mapping(data)
    assert [p.field for p in info.value.problems] == ["lead"]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Join("bogus"), "join.mode"),
        (lambda: TimeLimit(1, "working_days"), "unit"),
        (lambda: WorkCalendar("2025"), "coverage"),
        (lambda: Material("营业执照", "copy"), "form"),
        (lambda: Material("营业执照", required="否"), "required"),
    ],
)
def test_public_constructors_name_the_field_for_wrong_types(make, field) -> None:
    with pytest.raises(InvalidValueError) as info:
        make()
    assert info.value.field == field


def test_enum_values_are_still_taken_where_documented() -> None:
    assert Join("k_of_n", 2).k == 2
    assert TimeLimit(1, LimitUnit.WORKING_DAYS).amount == 1


# -- dates and numbers near the limits ------------------------------------------------------------

_TZ = dt.timezone(dt.timedelta(hours=8))
_LAST = dt.date(9999, 12, 31)


@pytest.fixture(scope="module")
def far() -> WorkCalendar:
    """A calendar whose coverage ends on the last date Python knows."""
    return WorkCalendar(Coverage(dt.date(9990, 1, 1), _LAST))


@pytest.mark.parametrize(
    "compute",
    [
        lambda cal: deadline(dt.date(9999, 12, 20), TimeLimit.natural_days(20), cal),
        lambda cal: deadline(dt.date(9999, 12, 20), TimeLimit.working_days(20), cal),
        lambda cal: deadline(dt.datetime(9999, 12, 31, 20, tzinfo=_TZ), TimeLimit.immediate(), cal),
        lambda cal: deadline(
            dt.datetime(9999, 12, 31, 10, tzinfo=_TZ), TimeLimit.working_hours(99), cal
        ),
        lambda cal: cal.add_working_hours(dt.datetime(9999, 12, 31, 10, tzinfo=_TZ), 100),
        lambda cal: cal.next_working_day(_LAST),
    ],
)  # fmt: skip
def test_counts_past_9999_12_31_are_coverage_errors(far, compute) -> None:
    with pytest.raises(CalendarCoverageError):
        compute(far)


@pytest.mark.parametrize(
    "compute",
    [
        lambda cal: cal.add_working_hours(dt.datetime(9999, 12, 31, 10, tzinfo=_TZ), 1e300),
        lambda cal: cal.is_working_day(dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone.min)),
        lambda cal: deadline(dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone.min),
                             TimeLimit.working_hours(1), cal),
        lambda cal: TimeLimit.working_hours(1e300),
        lambda cal: TimeLimit.working_hours(10**400),
        lambda cal: TimeLimit.working_days(10**400),
        lambda cal: TimeLimit.parse("9" * 400 + "个工作日"),
        lambda cal: TimeLimit.parse("20.0000000000000001个工作日"),
        lambda cal: Extension(float("nan"), "局长", "核查"),
        lambda cal: Extension(10**400, "局长", "核查"),
        lambda cal: cal.with_closures(dt.date(1, 1, 1), _LAST, "闭厅"),
    ],
)  # fmt: skip
def test_out_of_range_numbers_and_instants_are_refused(far, compute) -> None:
    with pytest.raises((InvalidValueError, CalendarCoverageError)) as info:
        compute(far)
    assert len(str(info.value)) < 600


def test_suspensions_and_closures_reaching_the_last_date_work(far) -> None:
    suspended = [Suspension(dt.date(9999, 12, 20), _LAST, "检测"),
                 Suspension(dt.date(1, 1, 1), dt.date(9999, 12, 3), "检测")]  # fmt: skip
    d = deadline(dt.date(9999, 12, 1), TimeLimit.working_days(5), far, suspensions=suspended)
    assert d.due_date == dt.date(9999, 12, 10)  # Dec 2-3 suspended, Dec 4-5 a weekend
    assert "Suspended" in d.explain("en")
    closed = far.with_closures(dt.date(9999, 12, 30), _LAST, "闭厅")
    assert closed.add_working_days(dt.date(9999, 12, 28), 1) == dt.date(9999, 12, 29)


def test_parse_reads_the_number_exactly() -> None:
    assert TimeLimit.parse("20.0个工作日") == TimeLimit.working_days(20)
    assert TimeLimit.parse("1.5小时").amount == 1.5
    with pytest.raises(TimeLimitParseError, match="whole number"):
        TimeLimit.parse("20.000000001个工作日")


@pytest.mark.parametrize("year", [0, -1, 10**400, 10_000])
def test_holiday_cn_years_outside_1_9999_are_data_errors(year) -> None:
    with pytest.raises(CalendarDataError, match="year"):
        year_from_holiday_cn({"year": year, "papers": [], "days": []})
    with pytest.raises(CalendarDataError, match="year"):
        statutory_holidays(year)


def test_calendar_arrays_cannot_be_made_writable_again() -> None:
    cal = china()
    before = cal.add_working_days(dt.date(2025, 9, 30), 1)
    for array in cal._index.arrays():
        with pytest.raises(ValueError, match="WRITEABLE"):
            array.flags.writeable = True
    assert cal.add_working_days(dt.date(2025, 9, 30), 1) == before


def test_a_new_line_in_an_extension_reason_cannot_forge_a_due_line() -> None:
    forged = "核查\n截止于2099年1月1日（星期四）17:30（办公时间结束）。"
    d = deadline(dt.date(2025, 3, 3), TimeLimit.working_days(5), china(),
                 extensions=[Extension(1, "局长\r王某", forged)])  # fmt: skip
    lines = d.explain("zh_CN").splitlines()
    assert sum(line.startswith("截止于") for line in lines) == 1
    assert lines[-1].startswith("截止于2025年3月11日")
    assert "\\x0a" in d.explain("zh_CN")
