from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from matplotlib import font_manager

from govservice import InvalidValueError
from govservice._plot import FONT, FONT_FAMILY
from govservice.approval import construction_project_plan, gantt
from govservice.calendar import china

from .test_plan import fixture_plan

SH = ZoneInfo("Asia/Shanghai")


def test_the_bundled_font_is_what_chinese_text_resolves_to() -> None:
    gantt(fixture_plan().schedule(dt.date(2024, 9, 27), china()))  # registers the font
    found = font_manager.findfont(font_manager.FontProperties(family=[FONT_FAMILY]))
    assert Path(found) == FONT


@pytest.mark.parametrize("lang", ["zh", "zh_TW", "en"])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_a_schedule_chart_renders_every_glyph(tmp_path: Path, lang: str, suffix: str) -> None:
    schedule = construction_project_plan().schedule(dt.date(2024, 9, 27), china())
    out = tmp_path / f"gantt{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise here
        figure = gantt(schedule, lang=lang, path=out)
    assert out.stat().st_size > 10_000
    texts = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    names = [s.name_en if lang == "en" else s.name for s in construction_project_plan().steps]
    assert all(any(name in text for text in texts) for name in names if name)
    if suffix == ".svg":
        assert "<text" not in out.read_text("utf-8")  # glyphs are paths: no font needed to view


def test_a_live_case_is_drawn_against_its_plan(tmp_path: Path) -> None:
    case = fixture_plan().open("P-1", dt.date(2024, 9, 27), calendar=china())
    case = case.decide("accept", "approved", at=dt.datetime(2024, 9, 29, 10, tzinfo=SH), by="x")
    case = case.decide("land", "approved", at=dt.datetime(2024, 10, 10, 10, tzinfo=SH), by="y")
    out = tmp_path / "case.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = gantt(case, today=dt.date(2024, 10, 28), path=out)
    bars = sum(len(c) for c in figure.axes[0].containers)
    # planned 6; decided: accept and land; running: the three after land, all three late
    assert bars == len(fixture_plan().steps) + 2 + 3 + 3
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_arguments_are_typed_errors(tmp_path: Path) -> None:
    schedule = fixture_plan().schedule(dt.date(2024, 9, 27), china())
    with pytest.raises(InvalidValueError, match="path"):
        gantt(schedule, path=tmp_path / "x.pdf")
    with pytest.raises(InvalidValueError, match="subject"):
        gantt(fixture_plan())  # type: ignore[arg-type]
