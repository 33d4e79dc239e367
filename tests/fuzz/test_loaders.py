"""Fuzz every public loader: from a valid document, mutate; a value that saves back, or refused.

The only exception allowed out is a `govservice.GovServiceError`; nothing hangs or recurses
without end. Run longer with ``make fuzz`` (GOVSERVICE_FUZZ_EXAMPLES inputs per target).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import GovServiceError
from govservice.approval import ApprovalPlan, construction_project_plan
from govservice.calendar import WorkCalendar, load_calendar, load_year, make_converter
from govservice.matters import Catalog, sample_catalog
from govservice.supervision import (
    Draw,
    ScoringScheme,
    county_monthly_scheme,
    draw_inspection,
    load_scheme,
)
from tests.fuzz.mutate import FUZZ, mutated_bytes, mutated_documents, mutated_texts

_DATA = Path(__file__).resolve().parents[2] / "src" / "govservice" / "calendar" / "data"
_FUZZ_FILES = settings(
    FUZZ, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@cache
def _catalog() -> dict[str, Any]:
    # a few matters keep each example fast; every field kind is still there
    mapping = sample_catalog().to_mapping()
    mapping["matters"] = mapping["matters"][:4]
    return mapping


@cache
def _calendar() -> dict[str, Any]:
    full = json.loads((_DATA / "china.json").read_text("utf-8"))
    full["years"] = [y for y in full["years"] if y["year"] >= 2025]
    full["coverage"] = {"start": "2025-01-01", "end": full["coverage"]["end"]}
    return full


@cache
def _year() -> dict[str, Any]:
    return _calendar()["years"][0]  # type: ignore[no-any-return]


def _refused_or(load: Any, check: Any = None) -> None:
    try:
        value = load()
    except GovServiceError:
        return
    if check is not None:
        check(value)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- catalogues ------------------------------------------------------------------------------------


def _catalog_round_trip(tmp_path: Path, suffix: str) -> Any:
    def check(catalog: Catalog) -> None:
        out = tmp_path / f"back{suffix}"
        catalog.save(out)
        assert Catalog.load(out).matters == catalog.matters

    return check


@_FUZZ_FILES
@given(data=st.data())
def test_catalog_load_json(tmp_path: Path, data: st.DataObject) -> None:
    raw = data.draw(mutated_bytes(_catalog()))
    path = _write(tmp_path, "c.json", raw)
    _refused_or(lambda: Catalog.load(path), _catalog_round_trip(tmp_path, ".json"))


@FUZZ
@given(doc=mutated_documents(_catalog()))
def test_catalog_from_mapping(doc: Any) -> None:
    _refused_or(lambda: Catalog.from_mapping(doc))


@_FUZZ_FILES
@given(data=st.data())
def test_catalog_load_toml_and_csv(tmp_path: Path, data: st.DataObject) -> None:
    catalog = Catalog.from_mapping(_catalog())
    suffix = data.draw(st.sampled_from([".toml", ".csv"]))
    catalog.save(tmp_path / f"valid{suffix}")
    text = (tmp_path / f"valid{suffix}").read_text("utf-8")
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 40))
    piece = data.draw(
        st.sampled_from(["", "\x00", "\n", '"', ",", "[", "=", "\ufeff", "9" * 500, "\\ud800"])
        | st.text(max_size=5)
    )
    path = tmp_path / f"c{suffix}"
    path.write_text(text[:at] + piece + text[at + cut :], "utf-8", errors="surrogatepass")
    _refused_or(lambda: Catalog.load(path), _catalog_round_trip(tmp_path, suffix))


# -- approval plans --------------------------------------------------------------------------------


@_FUZZ_FILES
@given(data=st.data())
def test_plan_load(tmp_path: Path, data: st.DataObject) -> None:
    raw = data.draw(mutated_bytes(construction_project_plan().to_mapping()))
    path = _write(tmp_path, "p.json", raw)

    def check(plan: ApprovalPlan) -> None:
        for suffix in (".json", ".toml"):
            plan.save(tmp_path / f"back{suffix}")
            assert ApprovalPlan.load(tmp_path / f"back{suffix}") == plan

    _refused_or(lambda: ApprovalPlan.load(path), check)


@FUZZ
@given(doc=mutated_documents(construction_project_plan().to_mapping()))
def test_plan_from_mapping(doc: Any) -> None:
    _refused_or(lambda: ApprovalPlan.from_mapping(doc))


# -- calendar data -------------------------------------------------------------------------------


@_FUZZ_FILES
@given(data=st.data())
def test_load_year(tmp_path: Path, data: st.DataObject) -> None:
    path = _write(tmp_path, "2025.json", data.draw(mutated_bytes(_year())))

    def check(year: Any) -> None:
        assert load_year(make_converter().unstructure(year)) == year

    _refused_or(lambda: load_year(path), check)


@FUZZ
@given(doc=mutated_documents(_calendar()))
def test_load_calendar(doc: Any) -> None:
    def check(calendar: WorkCalendar) -> None:
        assert isinstance(calendar, WorkCalendar)

    _refused_or(lambda: load_calendar(doc), check)


@FUZZ
@given(doc=mutated_documents({"year": 2025, "papers": [], "days": [
    {"name": "元旦", "date": "2025-01-01", "isOffDay": True},
    {"name": "春节", "date": "2025-01-26", "isOffDay": False},
]}))  # fmt: skip
def test_load_year_holiday_cn(doc: Any) -> None:
    _refused_or(lambda: load_year(doc))


# -- scoring schemes and draws ---------------------------------------------------------------------


@FUZZ
@given(text=mutated_texts(county_monthly_scheme().to_mapping()))
def test_scheme_from_json(text: str) -> None:
    def check(scheme: ScoringScheme) -> None:
        assert ScoringScheme.from_json(scheme.to_json()) == scheme
        assert ScoringScheme.from_toml(scheme.to_toml()) == scheme

    _refused_or(lambda: ScoringScheme.from_json(text), check)


@_FUZZ_FILES
@given(data=st.data())
def test_load_scheme(tmp_path: Path, data: st.DataObject) -> None:
    path = _write(
        tmp_path, "s.json", data.draw(mutated_bytes(county_monthly_scheme().to_mapping()))
    )
    _refused_or(lambda: load_scheme(path))


_DRAW = draw_inspection(["2025-0001", "2025-0002", "2025-0003"], ["甲", "乙"], seed="s", count=2)


@FUZZ
@given(text=mutated_texts(json.loads(_DRAW.to_json())))
def test_draw_from_json(text: str) -> None:
    def check(draw: Draw) -> None:
        assert Draw.from_json(draw.to_json()) == draw

    _refused_or(lambda: Draw.from_json(text), check)


@pytest.mark.parametrize(
    "load",
    [Catalog.load, ApprovalPlan.load, load_year, load_calendar, load_scheme],
    ids=["catalog", "plan", "year", "calendar", "scheme"],
)
@pytest.mark.parametrize("path", [None, 5, b"x.json", "", "a\x00b.json", "missing.json", "."])
def test_loaders_refuse_bad_paths(load: Any, path: Any) -> None:
    with pytest.raises(GovServiceError):
        load(path)
