"""The monthly report fit to publish: zoomed axes, values on bars, orders, rankable volumes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import compute_indicators, simulate
from govservice.supervision import build_monthly_report, county_monthly_scheme
from govservice.supervision._report import (
    _day_name,
    _fmt,
    _month_name,
    _ordered,
    _ranked,
    _zoomed,
)

CAL = china()


@pytest.fixture(scope="module")
def records() -> Any:
    frame = simulate(sample_catalog(), CAL, dt.date(2025, 4, 1), dt.date(2025, 5, 30),
                     seed=7, cases_per_day=30)  # fmt: skip
    frame["department"] = frame["department"].astype(str)
    return frame


@pytest.fixture(scope="module")
def content(records: Any) -> Any:
    return build_monthly_report(
        records, "2025-05", calendar=CAL, locale="zh", generated_on=dt.date(2025, 6, 3)
    )


@pytest.fixture(scope="module")
def by_dept(records: Any) -> Any:
    table = compute_indicators(records, by=("department",), period="month", calendar=CAL,
                               check=False)  # fmt: skip
    table["department"] = table["department"].astype(str)
    return table


def test_months_and_days_as_readers_write_them() -> None:
    assert _month_name("2025-05", "zh_CN") == "2025年5月"
    assert _month_name("2025-12", "zh_TW") == "2025年12月"
    assert _month_name("2025-05", "en") == "May 2025"
    assert _day_name(dt.date(2025, 6, 3), "zh_CN") == "2025年6月3日"
    assert _day_name(dt.date(2025, 6, 3), "en") == "3 June 2025"


def test_cells_have_consistent_decimals_and_signed_changes() -> None:
    assert _fmt(0.98765, "on_time_rate", "en") == "98.77%"
    assert _fmt(85.0, "points", "en") == "85.00"
    assert _fmt(3, "rank_change", "en") == "+3"
    assert _fmt(-2, "rank_change", "en") == "-2"
    assert _fmt(0, "rank_change", "en") == "0"
    assert _fmt(1.5, "points_change", "en") == "+1.50"
    assert _fmt(-0.25, "points_change", "en") == "-0.25"
    assert _fmt(pd.NA, "rank", "en") == "—"
    assert _fmt("2025-05", "period", "zh_CN") == "2025年5月"


def test_the_on_time_axis_is_zoomed_and_no_bar_touches_the_frame(content: Any) -> None:
    departments = content.tables["departments"]
    ax = content.figures["on_time_by_department"].axes[0]
    low = float(departments["on_time_rate"].min()) * 100
    start, end = ax.get_xlim()
    assert start <= low
    assert start >= min(low - 5, 95)  # zoomed: not from 0
    assert end > 100  # room for the value written after a full bar
    assert all(t <= 100 for t in ax.get_xticks())
    bottom, top = ax.get_ylim()
    for bar in ax.patches:
        assert bar.get_y() > bottom
        assert bar.get_y() + bar.get_height() < top
    written = [t.get_text() for t in ax.texts]
    assert len(written) == len(departments)
    assert all(w.endswith("%") or w == "—" for w in written)


def test_the_trend_shows_years_and_values(content: Any) -> None:
    ax = content.figures["trend"].axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2025年4月", "2025年5月"]
    assert [t.get_text() for t in ax.texts] == [
        str(v) for v in content.tables["trend"]["acceptance_volume"]
    ]
    rate_axis = content.figures["trend"].axes[1]
    assert all(t <= 100 for t in rate_axis.get_yticks())


def _top_down(ax: Any) -> list[str]:
    """The bar chart's labels from the top bar down."""
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    return [label.get_text() for _, label in sorted(ticks, key=lambda t: -t[0])]


def test_departments_by_value_or_by_the_centers_order(records: Any) -> None:
    by_value = build_monthly_report(records, "2025-05", calendar=CAL, locale="zh")
    opened = by_value.tables["warnings"].set_index("department")["open"]
    counts = [opened[name] for name in _top_down(by_value.figures["warnings"].axes[0])]
    assert counts == sorted(counts, reverse=True)
    order = ["政务服务管理局", "税务局", "公安局"]
    mine = build_monthly_report(
        records, "2025-05", calendar=CAL, locale="zh", department_order=order
    )
    top_down = _top_down(mine.figures["on_time_by_department"].axes[0])
    present = [name for name in order if name in top_down]
    assert top_down[: len(present)] == present
    rest = top_down[len(present) :]
    assert rest == sorted(rest)
    assert mine.tables["departments"]["department"].tolist() == top_down  # the table too


def test_the_page_states_period_generation_and_scheme(content: Any, records: Any) -> None:
    assert "2025年5月月度报告" in content.title
    assert "统计期间2025年5月1日至2025年5月31日" in content.page
    # each figure by its own date, as compute_indicators counts it (completions: completed in
    # the month); the page said every figure was of the cases accepted in the month
    assert "办结量、按时办结率等按期间内办结的办件计，受理量等按期间内受理的办件计" in content.page
    assert "生成日期：2025年6月3日。" in content.page
    assert "关于本报告" in content.page
    assert "县政务服务中心月度效能指标" in content.page
    undated = build_monthly_report(records, "2025-05", calendar=CAL, locale="zh")
    assert "生成日期" not in undated.page  # the clock is never read
    assert "@font-face" in content.page
    assert "data:font/otf;base64," in content.page


def test_small_departments_are_listed_but_not_ranked(records: Any) -> None:
    report = build_monthly_report(records, "2025-05", calendar=CAL, locale="en", min_volume=60)
    ranking = report.tables["ranking"]
    volume = report.tables["departments"].set_index("department")["acceptance_volume"]
    small = [d for d in ranking["department"] if volume[d] < 60]
    assert small
    assert ranking["rank"].isna().tolist() == [d in small for d in ranking["department"]]
    assert "Not ranked (fewer than 60 cases accepted in the month)" in report.page
    every = build_monthly_report(records, "2025-05", calendar=CAL, locale="en", min_volume=0)
    assert every.tables["ranking"]["rank"].notna().all()


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("min_volume", -1),
        ("min_volume", True),
        ("min_volume", "10"),
        ("generated_on", dt.datetime(2025, 6, 3, 9)),  # noqa: DTZ001 - a day, not an instant
        ("generated_on", "2025-06-03"),
        ("department_order", "税务局"),
        ("department_order", [1, 2]),
    ],
)
def test_bad_arguments_name_the_field(records: Any, argument: str, value: object) -> None:
    with pytest.raises(InvalidValueError, match=argument):
        build_monthly_report(records, "2025-05", calendar=CAL, **{argument: value})


@given(
    low=st.floats(0, 100, allow_nan=False),
    width=st.floats(0, 100, allow_nan=False),
    least=st.sampled_from([2.0, 10.0]),
)
@example(low=0.0, width=1e-9, least=2.0)  # a tick of float noise just above 0 started it at 1e-9
def test_a_zoomed_axis_starts_at_or_below_the_data(low: float, width: float, least: float) -> None:
    high = min(100.0, low + width)
    start = _zoomed(low, high, least=least, floor=0.0)
    assert 0.0 <= start <= low
    assert start >= low - 2 * (high - low) - 2 * least  # zoomed: never far below the data


@settings(max_examples=40, deadline=None)
@given(min_volume=st.integers(0, 400))
def test_every_department_once_and_ranked_only_with_enough_cases(
    by_dept: Any, min_volume: int
) -> None:
    month = by_dept[by_dept["period"] <= "2025-05"]
    departments = month[month["period"] == "2025-05"].reset_index(drop=True)
    ranking = _ranked(month, departments, county_monthly_scheme(), "2025-05", min_volume)
    assert sorted(ranking["department"]) == sorted(departments["department"])
    volume = departments.set_index("department")["acceptance_volume"]
    ranked = ranking[ranking["rank"].notna()]
    assert all(volume[d] >= min_volume for d in ranked["department"])
    assert all(volume[d] < min_volume for d in ranking.loc[ranking["rank"].isna(), "department"])
    if len(ranked):
        assert ranked["rank"].min() == 1
        points = ranked["points"].to_numpy()
        assert (np.diff(points) <= 0).all()  # best first


@given(
    values=st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=1, max_size=12),
    order=st.lists(st.sampled_from("ABCDEFGHIJKLMN"), unique=True, max_size=6),
)
def test_ordering_keeps_every_department(values: list[float | None], order: list[str]) -> None:
    names = list("ABCDEFGHIJKL")[: len(values)]
    frame = pd.DataFrame({"department": names, "on_time_rate": values}).astype(
        {"on_time_rate": float}
    )
    by_value = _ordered(frame, "on_time_rate", None)
    assert sorted(by_value["department"]) == sorted(names)
    known = by_value["on_time_rate"].dropna().to_numpy()
    assert (np.diff(known) <= 0).all()
    assert by_value["on_time_rate"].isna().to_numpy()[: len(known)].sum() == 0
    mine = _ordered(frame, "on_time_rate", order)
    listed = [n for n in order if n in names]
    assert mine["department"].tolist()[: len(listed)] == listed
    assert sorted(mine["department"]) == sorted(names)
