from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import CatalogError, GovServiceError
from govservice.calendar import TimeLimit
from govservice.matters import (
    CSV_COLUMNS,
    CaseKind,
    Catalog,
    CenterLevel,
    Matter,
    MatterType,
    make_converter,
    sample_catalog,
)
from govservice.testing import catalogs, matters

SAMPLE = sample_catalog()
converter = make_converter()


def test_sample_catalogue_covers_levels_departments_and_kinds() -> None:
    assert 55 <= len(SAMPLE) <= 80
    assert {m.level for m in SAMPLE} >= {CenterLevel.CITY, CenterLevel.COUNTY, CenterLevel.TOWNSHIP}
    assert len(SAMPLE.departments) >= 10
    for kind in (CaseKind.IMMEDIATE, CaseKind.COMMITTED, CaseKind.JOINT, CaseKind.REPORTED,
                 CaseKind.SPECIAL):  # fmt: skip
        assert SAMPLE.by_case_kind(kind), kind
    assert all(m.name_en for m in SAMPLE)


def test_lookup_iteration_and_queries() -> None:
    first = SAMPLE.matters[0]
    assert SAMPLE[first.code] is first
    assert first.code in SAMPLE
    assert list(SAMPLE) == list(SAMPLE.matters)
    with pytest.raises(KeyError, match="no matter with code"):
        SAMPLE["nope"]
    dept = first.department
    assert SAMPLE.by_department(dept) == tuple(m for m in SAMPLE if m.department == dept)
    assert SAMPLE.by_type(MatterType.LICENSE) == tuple(
        m for m in SAMPLE if m.matter_type is MatterType.LICENSE
    )
    assert SAMPLE.by_level(CenterLevel.TOWNSHIP) == tuple(
        m for m in SAMPLE if m.level is CenterLevel.TOWNSHIP
    )
    both = SAMPLE.select(department=dept, level=first.level)
    assert all(m.department == dept and m.level is first.level for m in both)


@pytest.mark.parametrize("suffix", [".json", ".toml", ".csv"])
def test_sample_round_trips_through_every_format(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"catalog{suffix}"
    SAMPLE.save(path)
    back = Catalog.load(path)
    assert back.matters == SAMPLE.matters
    if suffix != ".csv":
        assert back == SAMPLE
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, then renamed


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(max_size=6), suffix=st.sampled_from([".json", ".toml", ".csv"]))
def test_random_catalogues_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                      catalog: Catalog, suffix: str) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("c") / f"c{suffix}"
    catalog.save(path)
    assert Catalog.load(path).matters == catalog.matters


@given(matter=matters())
def test_matters_round_trip_through_the_converter(matter: Matter) -> None:
    raw = converter.unstructure(matter)
    json.dumps(raw)
    assert converter.structure(raw, Matter) == matter


def test_csv_columns_are_documented_in_order() -> None:
    assert CSV_COLUMNS[:3] == ("code", "basic_code", "name")
    assert set(CSV_COLUMNS) == set(converter.unstructure(SAMPLE.matters[0]))


def matter_dict(**changes: object) -> dict[str, object]:
    raw = converter.unstructure(SAMPLE.by_case_kind(CaseKind.COMMITTED)[0])
    raw.update(changes)
    return raw


def test_a_bad_file_reports_every_problem_at_once(tmp_path: Path) -> None:
    good = matter_dict()
    rows = [
        good,
        {**good},  # the same code again
        matter_dict(code="B-2", committed_limit={"amount": 99, "unit": "working_days"}),
        matter_dict(code="B-3", consult_phone="", legal_basis=[]),
        matter_dict(code="B-4", reports_to="NOWHERE"),
        matter_dict(code="B-5", matter_type="77", level="galaxy", visits_required=-1),
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "govservice.catalog/1", "matters": rows},
                               ensure_ascii=False), encoding="utf-8")  # fmt: skip
    with pytest.raises(CatalogError) as info:
        Catalog.load(path)
    problems = info.value.problems
    assert {p.source for p in problems} == {str(path)}
    fields = {(p.where, p.field) for p in problems}
    # Shape problems of one matter and the catalogue checks of the others come together.
    assert fields == {
        ("$.matters[1]", "code"),
        ("$.matters[2]", "committed_limit"),
        ("$.matters[3]", "consult_phone"),
        ("$.matters[3]", "legal_basis"),
        ("$.matters[4]", "reports_to"),
        ("$.matters[5]", "matter_type"),
        ("$.matters[5]", "level"),
    }  # visits_required=-1 is checked once the matter's shape is right
    level = next(p for p in problems if p.field == "level")
    assert "one of province, city, county, township, village" in level.expected
    assert "also at $.matters[0]" in str(info.value)


def test_csv_problems_name_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    SAMPLE.save(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("个工作日", "个星期", 1)
    lines[5] = lines[5].replace(",county,", ",galaxy,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        Catalog.load(path)
    wheres = {p.where for p in info.value.problems}
    assert wheres <= {"row 4", "row 6"}
    assert "row 4" in wheres


def test_csv_from_a_spreadsheet_tolerates_bom_dropped_zero_and_chinese_booleans(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.csv"
    Catalog(SAMPLE.matters[:3]).save(path)
    text = path.read_text(encoding="utf-8-sig").replace(",01,", ",1,").replace(",true,", ",是,")
    path.write_text("\ufeff" + text, encoding="utf-8")
    assert Catalog.load(path).matters == SAMPLE.matters[:3]


def test_committed_limit_in_another_unit_is_refused() -> None:
    m = SAMPLE.by_case_kind(CaseKind.COMMITTED)[0]
    import attrs

    odd = attrs.evolve(m, committed_limit=TimeLimit.natural_days(3))
    with pytest.raises(CatalogError, match="comparable"):
        Catalog([odd])


def test_commitment_in_office_hours_under_working_days_is_valid_art_42() -> None:
    m = SAMPLE.by_case_kind(CaseKind.COMMITTED)[0]
    import attrs

    fine = attrs.evolve(m, committed_limit=TimeLimit.working_hours(1.5),
                        statutory_limit=TimeLimit.working_days(30))  # fmt: skip
    assert Catalog([fine]).matters[0].committed_limit.amount == 1.5
    too_long = attrs.evolve(m, committed_limit=TimeLimit.working_hours(400),
                            statutory_limit=TimeLimit.working_days(30))  # fmt: skip
    with pytest.raises(CatalogError, match="not longer"):
        Catalog([too_long])


def test_a_matter_handled_under_art_26_takes_at_most_45_working_days_art_42_para_2() -> None:
    import attrs

    m = SAMPLE.by_case_kind(CaseKind.COMMITTED)[0]
    at_most = attrs.evolve(m, unified_handling=True, statutory_limit=TimeLimit.working_days(45))
    assert Catalog([at_most]).matters[0].statutory_limit.amount == 45
    too_long = attrs.evolve(at_most, statutory_limit=TimeLimit.working_days(60))
    with pytest.raises(CatalogError, match="at most 45 working days .*art. 42 para. 2"):
        Catalog([too_long])
    ordinary = attrs.evolve(too_long, unified_handling=False)  # para. 1: another law may say so
    assert Catalog([ordinary]).matters[0].statutory_limit.amount == 60


@pytest.mark.parametrize("suffix", [".json", ".toml", ".csv", ".xlsx"])
@given(junk=st.one_of(st.text(max_size=200), st.binary(max_size=200).map(
    lambda b: b.decode("latin-1"))))  # fmt: skip
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_input_raises_anything_but_a_govservice_error(
    tmp_path: Path, suffix: str, junk: str
) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_text(junk, encoding="utf-8")
    with contextlib.suppress(GovServiceError):  # any other exception fails the test
        Catalog.load(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(matter=st.dictionaries(st.sampled_from(CSV_COLUMNS), json_values, max_size=12))
def test_arbitrary_matter_shapes_are_catalog_errors(matter: dict[str, object]) -> None:
    with pytest.raises(CatalogError):
        Catalog.from_mapping({"format": "govservice.catalog/1", "matters": [matter]})


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="readable"):
        Catalog.load(tmp_path / "none.json")
    with pytest.raises(CatalogError, match=".json, .toml, .csv or .xlsx"):
        SAMPLE.save(tmp_path / "c.docx")


def test_figures_follow_the_seed_formula() -> None:
    f = SAMPLE.figures()
    t = f.total
    assert t.saved_working_days == t.statutory_working_days - t.committed_working_days
    assert t.compression_rate == pytest.approx(t.saved_working_days / t.statutory_working_days)
    assert sum(d.statutory_working_days for d in f.departments) == t.statutory_working_days
    assert sum(d.matters for d in f.departments) == len(SAMPLE)
    immediate = sum(m.committed_limit == TimeLimit.immediate() for m in SAMPLE)
    assert f.immediate_share == pytest.approx(immediate / len(SAMPLE))


def test_zhoushan_figures_4018_committed_against_12141_statutory() -> None:
    # Seed 003: 416 matters, committed 4,018 vs statutory 12,141 working days, 8,123 saved.
    base = SAMPLE.by_case_kind(CaseKind.COMMITTED)[0]
    import attrs

    statutory = [30 if i < 12141 - 29 * 416 else 29 for i in range(416)]
    committed = [10 if i < 4018 - 9 * 416 else 9 for i in range(416)]
    items = [
        attrs.evolve(base, code=f"Z{i}", reports_to=None,
                     statutory_limit=TimeLimit.working_days(s),
                     committed_limit=TimeLimit.working_days(c))
        for i, (s, c) in enumerate(zip(statutory, committed, strict=True))
    ]  # fmt: skip
    t = Catalog(items).figures().total
    assert (t.statutory_working_days, t.committed_working_days) == (12141, 4018)
    assert t.saved_working_days == 8123
    assert round(t.compression_rate * 100, 2) == 66.91


def test_a_users_converter_cannot_change_what_the_library_reads() -> None:
    # Each make_converter() is new; the library keeps its own, so a user's hook stays theirs.
    import datetime as dt
    from zoneinfo import ZoneInfo

    from govservice.calendar import china
    from govservice.matters import Case

    mine = make_converter()
    assert mine is not make_converter()
    mine.register_structure_hook(TimeLimit, lambda _v, _t: TimeLimit.working_days(99))
    matter = SAMPLE.by_case_kind(CaseKind.COMMITTED)[0]
    at = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    case = Case.submit(matter, case_id="C-1", applicant="李四", at=at, calendar=china())
    case = case.accept(at=at + dt.timedelta(hours=1), by="窗口")
    replayed = Case.from_json(case.to_json(), calendar=china())
    assert replayed.matter.statutory_limit == matter.statutory_limit
    assert mine.structure({"amount": 20, "unit": "working_days"}, TimeLimit).amount == 99
