from __future__ import annotations

import pytest
from hypothesis import given

from govservice import InvalidValueError, TimeLimitParseError
from govservice.calendar import LimitUnit, TimeLimit, format_limit
from govservice.testing import time_limits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20个工作日", TimeLimit.working_days(20)),
        ("20 个工作日内", TimeLimit.working_days(20)),
        ("二十个工作日", TimeLimit.working_days(20)),
        ("４５个工作日", TimeLimit.working_days(45)),
        ("20 working days", TimeLimit.working_days(20)),
        ("1 Working Day", TimeLimit.working_days(1)),
        ("即办", TimeLimit.immediate()),
        ("当场办结", TimeLimit.immediate()),
        ("on the spot", TimeLimit.immediate()),
        ("0个工作日", TimeLimit.immediate()),
        ("3天", TimeLimit.natural_days(3)),
        ("30个自然日", TimeLimit.natural_days(30)),
        ("2小时", TimeLimit.working_hours(2)),
        ("1.5小时内", TimeLimit.working_hours(1.5)),
        ("1.5 hours", TimeLimit.working_hours(1.5)),
    ],
)
def test_parse_reads_service_guide_forms(text: str, expected: TimeLimit) -> None:
    assert TimeLimit.parse(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "20", "二十日", "20日", "-3天", "1.5天", "20 weeks"])
def test_parse_refuses_anything_else_naming_the_text(text: str) -> None:
    with pytest.raises(TimeLimitParseError) as info:
        TimeLimit.parse(text)
    assert info.value.value == text
    assert isinstance(info.value, ValueError)


def test_bare_ri_is_refused_as_ambiguous() -> None:
    with pytest.raises(TimeLimitParseError, match="unambiguous"):
        TimeLimit.parse("20日")


@pytest.mark.parametrize(
    "build",
    [
        lambda: TimeLimit.working_days(0),
        lambda: TimeLimit.working_days(-1),
        lambda: TimeLimit.working_days(True),
        lambda: TimeLimit.natural_days(2.5),
        lambda: TimeLimit.working_hours(0),
        lambda: TimeLimit.working_hours(float("nan")),
        lambda: TimeLimit(1, LimitUnit.IMMEDIATE),
    ],
)
def test_bad_amounts_are_refused(build: object) -> None:
    with pytest.raises(InvalidValueError, match="amount must be"):
        build()  # type: ignore[operator]


def test_zero_working_days_points_to_immediate() -> None:
    with pytest.raises(InvalidValueError, match="immediate"):
        TimeLimit.working_days(0)


def test_comparisons_within_a_unit_and_with_immediate() -> None:
    assert TimeLimit.working_days(10) < TimeLimit.working_days(20)
    assert TimeLimit.working_days(20) >= TimeLimit.working_days(20)
    assert TimeLimit.immediate() < TimeLimit.working_days(1)
    assert TimeLimit.natural_days(1) > TimeLimit.immediate()
    assert TimeLimit.immediate() <= TimeLimit.immediate()
    with pytest.raises(TypeError, match="without a calendar"):
        _ = TimeLimit.working_days(1) < TimeLimit.natural_days(5)
    with pytest.raises(TypeError):
        _ = TimeLimit.working_days(1) < 5  # type: ignore[operator]


def test_extended() -> None:
    assert TimeLimit.working_days(45).extended(15) == TimeLimit.working_days(60)
    with pytest.raises(InvalidValueError):
        TimeLimit.immediate().extended(1)


@given(limit=time_limits())
def test_formatted_limits_parse_back(limit: TimeLimit) -> None:
    for locale in ("zh_CN", "en"):
        assert TimeLimit.parse(format_limit(limit, locale).replace(",", "")) == limit


def test_str() -> None:
    assert str(TimeLimit.working_days(20)) == "20 working days"
    assert str(TimeLimit.immediate()) == "immediate"


@pytest.mark.parametrize("text", ["二三个工作日", "九九个工作日", "十十个工作日", "五百五天"])
def test_malformed_chinese_numerals_are_refused(text: str) -> None:
    with pytest.raises(TimeLimitParseError):
        TimeLimit.parse(text)


@given(limit=time_limits(max_days=5000))
def test_every_locale_format_parses_back(limit: TimeLimit) -> None:
    for locale in ("zh_CN", "zh_TW", "en"):
        assert TimeLimit.parse(format_limit(limit, locale)) == limit
