"""Fuzz every public constructor and the main functions with hostile arguments.

Each public attrs class of every subpackage (found through ``__all__``, so a new class is
fuzzed without anyone adding it) is called with a hostile value for every field; the result is
a value or a `govservice.GovServiceError`, never a raw ``TypeError``, ``ValueError``,
``OverflowError`` or ``RecursionError``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import inspect
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import GovServiceError
from govservice.calendar import Extension, Suspension, TimeLimit, china, deadline
from tests.fuzz.mutate import FUZZ, HOSTILE_VALUES

_PACKAGES = (
    "govservice.calendar",
    "govservice.matters",
    "govservice.approval",
    "govservice.metrics",
    "govservice.supervision",
)
_TZ = dt.timezone(dt.timedelta(hours=8))
_NAIVE = dt.datetime(2025, 3, 3, 9)  # noqa: DTZ001 - a naive instant is one of the attacks
_ARGUMENTS = st.sampled_from(HOSTILE_VALUES) | st.sampled_from(
    [
        dt.date(2025, 3, 3), dt.date(9999, 12, 31), dt.date(1, 1, 1), _NAIVE,
        dt.datetime(2025, 3, 3, 9, tzinfo=_TZ),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone.min),
        TimeLimit.working_days(5), float("nan"), float("inf"), 10**400,
    ]
) | st.integers() | st.text(max_size=20)  # fmt: skip


def _classes() -> list[type]:
    found: dict[type, None] = {}
    for name in _PACKAGES:
        package = importlib.import_module(name)
        for attr in package.__all__:
            value = getattr(package, attr)
            if inspect.isclass(value) and attrs.has(value):
                found.setdefault(value)
    return list(found)


def _params() -> list[Any]:
    return [pytest.param(cls, id=cls.__name__) for cls in _classes()]


@pytest.mark.parametrize("cls", _params())
@FUZZ
@given(data=st.data())
def test_public_constructor(cls: type, data: st.DataObject) -> None:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        value = data.draw(_ARGUMENTS, label=field.name)
        if field.kw_only:
            kwargs[field.alias or field.name.lstrip("_")] = value
        else:
            args.append(value)
    with contextlib.suppress(GovServiceError):
        cls(*args, **kwargs)


@FUZZ
@given(text=st.sampled_from(HOSTILE_VALUES) | st.text(max_size=40) | st.from_regex(
    r"[0-9零一二两三四五六七八九十百.,]{0,30}(个工作日|天|小时|个自然日|hours|工作日|日)?内?",
    fullmatch=True,
))  # fmt: skip
def test_time_limit_parse(text: object) -> None:
    with contextlib.suppress(GovServiceError):
        TimeLimit.parse(text)  # type: ignore[arg-type]


@FUZZ
@given(
    start=_ARGUMENTS,
    limit=st.sampled_from([TimeLimit.working_days(20), TimeLimit.natural_days(30),
                           TimeLimit.working_hours(2), TimeLimit.immediate()]) | _ARGUMENTS,
    suspended=st.lists(st.tuples(st.dates(), st.dates()), max_size=3),
    extended=st.lists(st.integers(-5, 10**6) | st.floats(), max_size=2),
)  # fmt: skip
def test_deadline(start: Any, limit: Any, suspended: Any, extended: Any) -> None:
    try:
        suspensions = [Suspension(a, b, "检测") for a, b in suspended]
        extensions = [Extension(e, "局长", "核查") for e in extended]
        d = deadline(start, limit, china(), suspensions=suspensions, extensions=extensions)
        assert len(d.explain("en").splitlines()) >= 3
    except GovServiceError:
        pass


@FUZZ
@given(method=st.sampled_from(["add_working_days", "working_days_between", "is_working_day",
                               "add_working_hours", "working_hours_between", "with_closures",
                               "next_working_day", "provisional", "day_kind"]),
       a=_ARGUMENTS, b=_ARGUMENTS, c=_ARGUMENTS)  # fmt: skip
def test_calendar_methods(method: str, a: Any, b: Any, c: Any) -> None:
    cal = china()
    call = getattr(cal, method)
    try:
        if method in ("is_working_day", "next_working_day", "day_kind"):
            call(a)
        elif method == "provisional":
            call(until=a)
        elif method == "with_closures":
            call(a, b, c)
        else:
            call(a, b)
    except GovServiceError:
        pass
