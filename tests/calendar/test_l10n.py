from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from govservice import InvalidValueError
from govservice.calendar import (
    DayKind,
    TimeLimit,
    china,
    deadline,
    format_date,
    format_day_kind,
    format_deadline,
    format_limit,
)

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
