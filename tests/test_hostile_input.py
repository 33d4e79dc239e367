"""Each finding of the attack on every door (issue 18): a clear, typed error or a right answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from govservice import (
    CalendarCoverageError,
    CalendarDataError,
    CatalogError,
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
from govservice.matters import Catalog, Fee, Material, sample_catalog


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


# -- catalogues: silent nonsense is refused --------------------------------------------------------


def _csv_catalog(tmp_path: Path, edit) -> Path:
    path = tmp_path / "c.csv"
    sample_catalog().save(path)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), "utf-8")
    return path


def test_a_csv_header_twice_is_refused_not_last_wins(tmp_path: Path) -> None:
    def twice(lines):
        header, first = lines[0].rstrip("\r\n"), lines[1].rstrip("\r\n")
        return [header + ",name\r\n", first + ",另一个名字\r\n"]

    with pytest.raises(CatalogError) as info:
        Catalog.load(_csv_catalog(tmp_path, twice))
    assert any(p.expected == "each column once" for p in info.value.problems)


def test_a_nul_byte_in_a_csv_cell_is_refused(tmp_path: Path) -> None:
    def nul(lines):
        return [lines[0], lines[1].replace(",", ",\x00", 1), *lines[2:]]

    with pytest.raises(CatalogError, match="NUL"):
        Catalog.load(_csv_catalog(tmp_path, nul))


@pytest.mark.parametrize("amount", ["NaN", "-1", "Infinity", "1e400", 10**50])
def test_nonsense_fees_are_refused(amount) -> None:
    with pytest.raises(InvalidValueError, match="fee.amount"):
        Fee("工本费", "《收费标准》", amount)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"version": 10**400}, "version"),
        ({"departments": [5]}, "departments[0]"),
        ({"departments": "市场监督管理局"}, "departments"),
        ({"reports_to": 5}, "reports_to"),
        ({"fee": "10元"}, "fee"),
    ],
)
def test_matter_fields_of_the_wrong_kind_are_refused(change, field) -> None:
    matter = next(iter(sample_catalog()))
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(matter, **change)
    assert info.value.field == field


def test_catalog_loaders_refuse_hostile_json(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    for text in ('{"format": "a", "format": "b"}', "[" * 10_000 + "]" * 10_000, '"\\ud800"'):
        path.write_text(text, "utf-8")
        with pytest.raises(CatalogError):
            Catalog.load(path)
    with pytest.raises(CatalogError):
        Catalog.load(None)  # type: ignore[arg-type]
    with pytest.raises(CatalogError):
        Catalog.load(tmp_path / "a\x00b.json")


@pytest.mark.parametrize("text", ["20270101", "2027-W01-1", "2027-001", "2027-1-1"])
def test_dates_must_be_written_yyyy_mm_dd(text) -> None:
    raw = {"year": 2027, "papers": [], "days": [{"name": "元旦", "date": text, "isOffDay": True}]}
    with pytest.raises(CalendarDataError, match="ISO date"):
        year_from_holiday_cn(raw)


# -- plain-text outputs and the draw --------------------------------------------------------------


def test_a_new_line_in_a_target_id_cannot_add_a_row_to_the_published_draw() -> None:
    from govservice.supervision import draw_inspection, format_draw

    forged = "T-1\n2    T-forged  甲"
    d = draw_inspection([forged, "T-2"], ["甲", "乙"], seed="s", count=2)
    table = format_draw(d, "en")
    rows = [line for line in table.splitlines() if line[:1].isdigit()]
    assert len(rows) == 2
    assert "T-forged" in table  # shown, escaped, on its own row


@pytest.mark.parametrize(
    "text", ["[" * 50_000 + "]" * 50_000, '{"scheme": 1, "scheme": 2}', "[]", '"x"', "null", "{"]
)
def test_draw_from_json_refuses_hostile_text(text) -> None:
    from govservice.supervision import Draw

    with pytest.raises(InvalidValueError):
        Draw.from_json(text)


# -- arrays and record tables --------------------------------------------------------------------


def test_arrays_that_do_not_broadcast_and_nat_are_refused() -> None:
    import numpy as np
    import pandas as pd

    cal = china()
    days = np.array(["2025-03-03", "2025-03-04"], "datetime64[D]")
    with pytest.raises(InvalidValueError, match="shape"):
        cal.add_working_days(days, np.array([1, 2, 3]))
    with pytest.raises(InvalidValueError, match="shape"):
        cal.working_days_between(days, np.array(["2025-03-05"] * 3, "datetime64[D]"))
    with pytest.raises(InvalidValueError, match="NaT"):
        cal.add_working_days(pd.NaT, 1)
    with pytest.raises(InvalidValueError, match="NaT"):
        cal.is_working_day(pd.NaT)


def test_duplicate_column_names_and_2d_columns_are_refused() -> None:
    import numpy as np
    import pandas as pd

    from govservice.metrics import check_records

    frame = pd.DataFrame([[1, 2]], columns=["case_id", "case_id"])
    with pytest.raises(InvalidValueError, match="once"):
        check_records(frame)
    with pytest.raises(InvalidValueError, match="1-D"):
        check_records({"case_id": np.array([["C-1"]])})


# -- messages say what is wrong, where -------------------------------------------------------------


@pytest.mark.parametrize("amount", [float("nan"), -1])
def test_a_bad_limit_amount_is_reported_as_the_amount(amount) -> None:
    data = construction_project_plan().to_mapping()
    data["steps"][0]["limit"] = {"amount": amount, "unit": "working_days"}
    with pytest.raises(PlanError) as info:
        ApprovalPlan.from_mapping(data)
    assert "amount" in str(info.value)
    assert "unit must" not in str(info.value)


def test_office_hours_problems_are_reported_at_office_hours() -> None:
    from govservice.calendar import load_calendar
    from tests.fuzz.test_loaders import _calendar

    raw = dict(_calendar(), office_hours={"sessions": "x"})
    with pytest.raises(CalendarDataError) as info:
        load_calendar(raw)
    paths = [p.path for p in info.value.problems]
    assert paths
    assert all(p.startswith("$.office_hours") for p in paths)
    assert "expected None" not in str(info.value)


def test_every_loader_accepts_a_utf8_bom(tmp_path: Path) -> None:
    import json

    from govservice.calendar import load_calendar, load_year
    from govservice.supervision import county_monthly_scheme, load_scheme
    from tests.fuzz.test_loaders import _calendar, _year

    bom = "\ufeff"
    scheme = tmp_path / "s.json"
    scheme.write_text(bom + county_monthly_scheme().to_json(), "utf-8")
    assert load_scheme(scheme) == county_monthly_scheme()
    path = tmp_path / "cal.json"
    path.write_text(bom + json.dumps(_calendar(), ensure_ascii=False), "utf-8")
    assert load_calendar(path) == load_calendar(_calendar())
    path = tmp_path / "2025.json"
    path.write_text(bom + json.dumps(_year(), ensure_ascii=False), "utf-8")
    assert load_year(path) == load_year(_year())


def test_a_year_without_days_is_refused_like_an_empty_one() -> None:
    from govservice.calendar import load_year
    from tests.fuzz.test_loaders import _year

    raw = {k: v for k, v in _year().items() if k != "days"}
    with pytest.raises(CalendarDataError, match="no statutory holiday"):
        load_year(raw)
