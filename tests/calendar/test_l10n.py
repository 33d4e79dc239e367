from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from govservice import CalendarCoverageError, InvalidValueError
from govservice.calendar import (
    DayKind,
    Deadline,
    Extension,
    LimitUnit,
    Suspension,
    TimeLimit,
    china,
    deadline,
    format_date,
    format_day_kind,
    format_deadline,
    format_limit,
)
from govservice.calendar._l10n import _all_steps, _plain_steps
from govservice.testing import covered_dates, time_limits, work_calendars

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from locale_messages import DOMAIN, LOCALE_DIR, source_msgids  # noqa: E402

CATALOGS = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def test_there_are_zh_cn_and_zh_tw_catalogs() -> None:
    assert [p.parts[-3] for p in CATALOGS] == ["zh_CN", "zh_TW"]


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_marked_msgid_is_translated(po_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    have = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    wanted = source_msgids()
    assert wanted - set(have) == set(), "run the extraction and translate"
    for msgid in wanted:
        strings = have[msgid].string
        assert all(strings if isinstance(strings, tuple) else (strings,)), msgid


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-3])
def test_compiled_catalog_matches_the_po(po_path: Path) -> None:
    def plain(value: object) -> object:
        return value if isinstance(value, str) else tuple(value)  # type: ignore[call-overload]

    with po_path.open("rb") as handle:
        po = {plain(m.id): plain(m.string) for m in read_po(handle) if m.id}
    with po_path.with_suffix(".mo").open("rb") as handle:
        mo = {plain(m.id): plain(m.string) for m in read_mo(handle) if m.id}
    assert mo == po, "run `make locales`"


def test_limits_in_three_locales() -> None:
    twenty = TimeLimit.working_days(20)
    assert [format_limit(twenty, loc) for loc in ("zh_CN", "zh_TW", "en")] == [
        "20个工作日",
        "20個工作日",
        "20 working days",
    ]
    assert format_limit(TimeLimit.natural_days(3), "zh_CN") == "3天"
    assert format_limit(TimeLimit.immediate(), "zh_CN") == "即办"
    assert format_limit(TimeLimit.working_hours(1), "en") == "1 working hour"


def test_dates_kinds_and_deadlines() -> None:
    day = dt.date(2026, 2, 14)
    assert format_date(day, "zh_CN") == "2026年2月14日"
    assert format_date(day, "en-US") == "Feb 14, 2026"
    assert format_day_kind(DayKind.MOVED_REST_DAY, "zh_TW") == "調休休息日"
    assert format_day_kind(DayKind.WEEKEND, "en") == "weekend day"
    d = deadline(dt.date(2026, 2, 13), TimeLimit.working_days(1), china())
    assert format_deadline(d, "zh_CN") == "2026年2月14日（星期六）17:30前"
    assert format_deadline(d, "zh_TW").startswith("2026年2月14日（星期六）")


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="locale must be zh, zh_CN, zh_Hans, zh_TW"):
        format_limit(TimeLimit.working_days(1), "ja")


CHINA = china()
#: Official to the end of 2026, provisional (statutory holidays) through 2027.
PROVISIONAL = CHINA.provisional(dt.date(2027, 12, 31))
#: Starts around holidays, make-up workdays and the end of the official data, so that many
#: explanations share sentences (a sentence kept under too small a key would show).
STARTS = st.sampled_from(
    [dt.date(2025, 9, 20), dt.date(2025, 12, 24), dt.date(2026, 1, 28), dt.date(2026, 12, 20)]
).flatmap(lambda day: st.dates(day, day + dt.timedelta(days=20)))


@st.composite
def plain_deadlines(draw: st.DrawFn) -> Deadline:
    """Deadlines with nothing suspended, extended or recomputed, on several calendars."""
    cal = draw(st.sampled_from([CHINA, PROVISIONAL]) | work_calendars(include_china=False))
    day = draw(STARTS if cal in (CHINA, PROVISIONAL) else covered_dates(cal))
    start: dt.date | dt.datetime = day
    limit = draw(time_limits(max_days=45, max_hours=30.0))
    if limit.unit is LimitUnit.WORKING_HOURS or draw(st.booleans()):
        hour, offset = draw(st.integers(0, 23)), draw(st.sampled_from([8, 0, -5]))
        start = dt.datetime.combine(day, dt.time(hour), dt.timezone(dt.timedelta(hours=offset)))
    try:
        return deadline(start, limit, cal)
    except CalendarCoverageError:
        reject()


@settings(max_examples=400, deadline=None)
@given(d=plain_deadlines(), locale=st.sampled_from(["zh_CN", "zh_TW", "en"]))
def test_plain_explanation_equals_the_one_of_every_step(d: Deadline, locale: str) -> None:
    # The sentences of a deadline with nothing suspended, extended or recomputed are kept by
    # the values they are made of, not rendered step by step: the text must be the one
    # rendered from `Deadline.steps`, whatever explanations came before.
    names = d.calendar.names
    fast = _plain_steps(d, names, locale)
    assert (fast is None) == (d.limit.unit is LimitUnit.NATURAL_DAYS)
    assert d.explain(locale) == _all_steps(d, names, locale)
    if fast is not None:
        assert fast == _all_steps(d, names, locale)
        assert len(fast.splitlines()) == len(d.steps())


def test_other_explanations_are_rendered_step_by_step() -> None:
    day, twenty = dt.date(2025, 9, 26), TimeLimit.working_days(20)
    others = [
        deadline(
            day,
            twenty,
            CHINA,
            suspensions=[Suspension(dt.date(2025, 10, 9), dt.date(2025, 10, 10), "检测")],
        ),
        deadline(day, twenty, CHINA, extensions=[Extension(10, "局长", "需现场核查")]),
        deadline(day, twenty, CHINA).recompute(CHINA),
        deadline(day, TimeLimit.natural_days(5), CHINA),
    ]
    for d in others:
        assert _plain_steps(d, CHINA.names, "zh_CN") is None
        assert d.explain("zh_CN") == _all_steps(d, CHINA.names, "zh_CN")
