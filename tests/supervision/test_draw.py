from __future__ import annotations

import datetime as dt
import json
import pickle
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import DrawVerificationError, InvalidValueError
from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.supervision import (
    DRAW_SCHEME,
    Directory,
    Draw,
    Exclusion,
    InspectionResult,
    Person,
    Relation,
    StratumAllocation,
    draw_inspection,
    format_draw,
    identity_key,
    inspection_conflicts,
    verify_draw,
)

TARGETS = [f"2025-{n:04d}" for n in range(1, 101)]
INSPECTORS = ["甲", "乙", "丙", "丁", "戊"]


# -- how many, and from where ------------------------------------------------------------------


def test_count_draws_exactly_that_many_distinct_targets_from_the_pool() -> None:
    d = draw_inspection(TARGETS, INSPECTORS, seed="s", count=7)
    assert len(d.targets) == len(set(d.targets)) == 7
    assert set(d.targets) <= set(TARGETS)
    assert (d.target_pool, d.inspector_pool, d.count, d.share) == (100, 5, 7, None)
    assert d.allocation == ()
    assert d.scheme == DRAW_SCHEME


@pytest.mark.parametrize(
    ("share", "expected", "text"),
    [
        (0.07, 7, "0.07"),  # exact: 7/100 of 100, not 7.000000000000001 -> 8
        ("0.05", 5, "0.05"),
        (Decimal("0.011"), 2, "0.011"),  # 1.1 rounds up
        (Fraction(1, 3), 34, "1/3"),  # 33.3 rounds up
        (1, 100, "1"),
    ],
)
def test_a_share_is_a_minimum_proportion_rounded_up_exactly(
    share: object, expected: int, text: str
) -> None:
    d = draw_inspection(TARGETS, INSPECTORS, seed="s", share=share)  # type: ignore[arg-type]
    assert len(d.targets) == expected
    assert d.share == text


def test_a_share_applies_to_each_stratum() -> None:
    strata = {t: ("A" if i < 10 else "B" if i < 13 else "C") for i, t in enumerate(TARGETS)}
    d = draw_inspection(TARGETS, INSPECTORS, seed="s", share="0.1", strata=strata)
    assert d.allocation == (
        StratumAllocation("A", 10, 1),
        StratumAllocation("B", 3, 1),  # 0.3 rounds up to 1
        StratumAllocation("C", 87, 9),  # 8.7 rounds up to 9
    )
    assert Counter(d.strata[t] for t in d.targets) == {"A": 1, "B": 1, "C": 9}
    assert all(strata[t] == d.strata[t] for t in d.targets)


def test_a_count_is_spread_by_largest_remainder() -> None:
    ids = [f"t{i}" for i in range(10)]
    # sizes 5, 3, 2 with count 5: quotas 2.5, 1.5, 1.0 -> floors 2, 1, 1; the one unit left goes
    # to the largest remainder, a tie of 0.5 and 0.5 won by the larger stratum.
    strata = {t: "x" if i < 5 else "y" if i < 8 else "z" for i, t in enumerate(ids)}
    d = draw_inspection(ids, ["甲"], seed="s", count=5, strata=strata)
    assert [(a.stratum, a.drawn) for a in d.allocation] == [("x", 3), ("y", 1), ("z", 1)]
    # equal sizes and remainders: the stratum name decides
    even = {t: "b" if i % 2 else "a" for i, t in enumerate(ids)}
    d = draw_inspection(ids, ["甲"], seed="s", count=3, strata=even)
    assert [(a.stratum, a.drawn) for a in d.allocation] == [("a", 2), ("b", 1)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 101}, r"count must be an integer in 0..100 \(the pool's size\), got 101"),
        ({"count": -1}, "count must be an integer in 0..100"),
        ({}, "exactly one"),
        ({"count": 1, "share": 0.1}, "exactly one"),
        ({"share": 0}, r"share must be a number in \(0, 1\]"),
        ({"share": 1.5}, r"share must be a number in \(0, 1\]"),
        ({"share": "lots"}, "share must be"),
        ({"count": 1, "per_target": 0}, "per_target must be an integer >= 1"),
        ({"count": 1, "per_target": 6}, "at least 6 inspector"),
        ({"count": 1, "strata": {"2025-0001": "A"}}, "a stratum for every target"),
    ],
)
def test_bad_arguments_are_refused_clearly(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        draw_inspection(TARGETS, INSPECTORS, seed="s", **kwargs)  # type: ignore[arg-type]


def test_duplicate_ids_seeds_and_non_string_ids_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="targets must be distinct ids"):
        draw_inspection([*TARGETS, "2025-0042"], INSPECTORS, seed="s", count=1)
    with pytest.raises(InvalidValueError, match="inspectors must be distinct ids"):
        draw_inspection(TARGETS, ["甲", "甲"], seed="s", count=1)
    with pytest.raises(InvalidValueError, match="each person once"):
        draw_inspection(TARGETS, ["n1", "N1", "甲"], seed="s", count=1)  # one person twice
    with pytest.raises(InvalidValueError, match="seed must be"):
        draw_inspection(TARGETS, INSPECTORS, seed=" ", count=1)
    with pytest.raises(InvalidValueError, match="seed must be"):
        draw_inspection(TARGETS, INSPECTORS, seed=1.5, count=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="targets must be ids as strings"):
        draw_inspection([1, 2], INSPECTORS, seed="s", count=1)  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="not one string"):
        draw_inspection("2025-0001", INSPECTORS, seed="s", count=1)


def test_an_empty_pool_draws_nothing() -> None:
    d = draw_inspection([], INSPECTORS, seed="s", count=0)
    assert d.targets == ()
    assert draw_inspection([], INSPECTORS, seed="s", share="0.5").targets == ()


# -- conflicts ----------------------------------------------------------------------------------


def test_conflicting_inspectors_are_excluded_and_each_exclusion_recorded() -> None:
    conflicts = {
        "甲": dict.fromkeys(TARGETS[:50], "approved_or_reviewed"),
        "乙": {"2025-0001": "x"},
    }
    d = draw_inspection(TARGETS, INSPECTORS, seed="s", count=100, per_target=3,
                        conflicts=conflicts)  # fmt: skip
    assert all("甲" not in d.assignments[t] for t in TARGETS[:50])
    assert sorted(d.assignments["2025-0001"]) == sorted(["丙", "丁", "戊"])
    assert all(len(chosen) == 3 for chosen in d.assignments.values())
    assert Exclusion("2025-0001", "乙", "x") in d.exclusions
    assert sum(e.inspector == "甲" for e in d.exclusions) == 50


def test_a_target_left_without_enough_inspectors_is_named() -> None:
    conflicts = {i: {"2025-0001": "relation:kin"} for i in INSPECTORS[:4]}
    with pytest.raises(InvalidValueError, match="2025-0001") as info:
        draw_inspection(TARGETS, INSPECTORS, seed="s", count=100, per_target=2,
                        conflicts=conflicts)  # fmt: skip
    assert info.value.field == "inspectors"


def test_conflicts_need_reasons() -> None:
    with pytest.raises(InvalidValueError, match="a reason"):
        draw_inspection(TARGETS, INSPECTORS, seed="s", count=1, conflicts={"甲": {"x": ""}})


def test_conflicts_from_cases_name_approvers_licensing_departments_and_relations() -> None:
    sh = ZoneInfo("Asia/Shanghai")
    food = sample_catalog()["990100-SJJ-001"]

    def moment(day: int) -> dt.datetime:
        return dt.datetime(2025, 3, day, 10, tzinfo=sh)

    case = Case.submit(food, case_id="C1", applicant="某食品公司", at=moment(3), calendar=china())
    case = case.accept(at=moment(3), by="窗口A").review(at=moment(4), by="王五")
    case = case.approve(at=moment(5), by="赵局长")
    directory = Directory(
        people=[Person("钱七", food.department), Person("孙八", "综合执法局")],
        relations=[Relation("周九", "某食品公司", "former_employer")],
    )
    pool = ["王五", "赵局长", "钱七", "孙八", "周九"]
    assert inspection_conflicts([case], pool, directory) == {
        "王五": {"C1": "approved_or_reviewed"},
        "赵局长": {"C1": "approved_or_reviewed"},
        "钱七": {"C1": "licensing_department"},
        "周九": {"C1": "relation:former_employer"},
    }
    d = draw_inspection(["C1"], pool, seed="s", count=1,
                        conflicts=inspection_conflicts([case], pool, directory))  # fmt: skip
    assert d.assignments == {"C1": ("孙八",)}
    text = format_draw(d, "zh_CN")
    assert "申报的关系：former_employer" in text
    assert "属于该事项的许可部门" in text


# -- reproducible, verifiable, published ---------------------------------------------------------


def test_verify_accepts_a_re_run_and_names_what_differs() -> None:
    strata = {t: t[-1] for t in TARGETS}
    conflicts = {"甲": {"2025-0003": "x"}}
    d = draw_inspection(TARGETS, INSPECTORS, seed=20250901, share="0.1", per_target=2,
                        strata=strata, conflicts=conflicts)  # fmt: skip
    assert d.seed == "20250901"
    verify_draw(d, list(reversed(TARGETS)), INSPECTORS[::-1], strata=strata, conflicts=conflicts)
    with pytest.raises(DrawVerificationError, match="pool_digest"):
        verify_draw(d, TARGETS[1:], INSPECTORS, strata=strata, conflicts=conflicts)
    with pytest.raises(DrawVerificationError, match="pool_digest"):
        verify_draw(d, TARGETS, INSPECTORS, strata=strata)  # conflicts left out
    with pytest.raises(DrawVerificationError, match="pool_digest"):
        verify_draw(d, TARGETS, INSPECTORS, strata={**strata, "2025-0001": "Z"},
                    conflicts=conflicts)  # fmt: skip
    forged = attrs.evolve(d, targets=(TARGETS[0], *d.targets[1:]))
    with pytest.raises(DrawVerificationError, match="targets"):
        verify_draw(forged, TARGETS, INSPECTORS, strata=strata, conflicts=conflicts)
    other = attrs.evolve(d, seed="20250902")
    with pytest.raises(DrawVerificationError):
        verify_draw(other, TARGETS, INSPECTORS, strata=strata, conflicts=conflicts)


def test_json_round_trip_and_tables_in_three_locales() -> None:
    strata = {t: "市场监督管理局" if int(t[-1]) % 2 else "生态环境局" for t in TARGETS}
    d = draw_inspection(TARGETS, INSPECTORS, seed="2025-09", count=4, strata=strata,
                        conflicts={"甲": {TARGETS[0]: "approved_or_reviewed"}})  # fmt: skip
    text = d.to_json()
    assert Draw.from_json(text) == d
    raw = json.loads(text)
    assert raw["seed"] == "2025-09"
    assert [r["target"] for r in raw["targets"]] == list(d.targets)
    zh = format_draw(d, "zh_CN")
    assert zh.splitlines()[0] == "双随机抽查结果（双随机、一公开）"
    assert "随机种子：2025-09" in zh
    assert "分层" in zh
    assert d.pool_digest in zh
    assert "雙隨機抽查結果" in format_draw(d, "zh_TW")
    en = format_draw(d, "en")
    assert "Targets drawn: 4 of 100; inspectors: 5; 1 each" in en
    assert "市场监督管理局: 2/50" in en
    with pytest.raises(InvalidValueError, match="text must be JSON of a draw"):
        Draw.from_json("{}")
    with pytest.raises(InvalidValueError, match="scheme"):
        Draw.from_json(text.replace(DRAW_SCHEME, "other/9"))
    assert pickle.loads(pickle.dumps(DrawVerificationError("x", "y"))).reason == "y"


def test_a_known_draw_stays_the_same() -> None:
    # Pinned: a change of the scheme must change DRAW_SCHEME, not silently these results.
    d = draw_inspection(TARGETS, INSPECTORS, seed="govservice", count=3, per_target=2)
    assert d == draw_inspection(TARGETS[::-1], INSPECTORS, seed="govservice", count=3,
                                per_target=2)  # fmt: skip
    assert len(d.pool_digest) == 64
    assert d.targets == PINNED_TARGETS
    assert dict(d.assignments) == PINNED_ASSIGNMENTS


PINNED_TARGETS = ("2025-0091", "2025-0012", "2025-0022")
PINNED_ASSIGNMENTS = {
    "2025-0091": ("戊", "乙"),
    "2025-0012": ("戊", "丁"),
    "2025-0022": ("戊", "乙"),
}


# -- properties ---------------------------------------------------------------------------------

ids = st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=40, unique=True)


@given(
    targets=ids,
    inspectors=st.lists(
        st.text(min_size=1, max_size=4).filter(identity_key),
        min_size=3,
        max_size=8,
        unique_by=identity_key,
    ),
    seed=st.text(min_size=1, max_size=10).filter(str.strip) | st.integers(),
    data=st.data(),
)
def test_a_draw_depends_only_on_the_seed_and_the_pools(
    targets: list[str], inspectors: list[str], seed: str | int, data: st.DataObject
) -> None:
    count = data.draw(st.integers(0, len(targets)), label="count")
    strata = data.draw(
        st.none() | st.fixed_dictionaries({t: st.sampled_from("ABC") for t in targets}),
        label="strata",
    )
    pairs = st.tuples(st.sampled_from(inspectors[1:]), st.sampled_from(targets))
    barred = data.draw(st.lists(pairs, max_size=10), label="barred")
    conflicts: dict[str, dict[str, str]] = {}  # inspectors[0] is never barred: one always left
    for inspector, target in barred:
        conflicts.setdefault(inspector, {})[target] = "relation:kin"
    first = draw_inspection(targets, inspectors, seed=seed, count=count, strata=strata,
                            conflicts=conflicts, per_target=1)  # fmt: skip
    shuffled_t = data.draw(st.permutations(targets), label="targets order")
    shuffled_i = data.draw(st.permutations(inspectors), label="inspectors order")
    again = draw_inspection(shuffled_t, shuffled_i, seed=seed, count=count, strata=strata,
                            conflicts=conflicts, per_target=1)  # fmt: skip
    assert again == first
    assert again.to_json() == first.to_json()
    assert len(first.targets) == count
    # never an excluded candidate
    for target, chosen in first.assignments.items():
        assert not any(target in conflicts.get(i, {}) for i in chosen)
    recorded = {(e.inspector, e.target) for e in first.exclusions}
    assert recorded == {(i, t) for i, t in barred if t in first.assignments}
    verify_draw(first, shuffled_t, shuffled_i, strata=strata, conflicts=conflicts)


@given(seed=st.text(min_size=1, max_size=10).filter(str.strip))
def test_a_larger_count_extends_a_smaller_one(seed: str) -> None:
    small = draw_inspection(TARGETS, INSPECTORS, seed=seed, count=5)
    large = draw_inspection(TARGETS, INSPECTORS, seed=seed, count=10)
    assert large.targets[:5] == small.targets


# -- uniformity (chi-square over a fixed set of seeds) -------------------------------------------

# Critical values of the chi-square distribution at p = 0.001 (df = 19 and df = 4). The seeds are
# fixed, so each test is deterministic: it passes or fails the same way on every run.
CHI2_P001_DF19 = 43.82
CHI2_P001_DF4 = 18.47
SEEDS = [f"chi-square {n}" for n in range(2000)]


def chi_square(counts: Counter[str], cells: list[str], expected: float) -> float:
    return sum((counts[c] - expected) ** 2 / expected for c in cells)


def test_selection_is_uniform_within_a_stratum() -> None:
    # Stratum "A" has 20 targets and "B" 30; a share of 1/4 draws 5 from "A" per seed. Over
    # 2,000 seeds each of its 20 targets is expected 2000 * 5 / 20 = 500 times.
    ids = [f"A{i:02d}" for i in range(20)] + [f"B{i:02d}" for i in range(30)]
    strata = {t: t[0] for t in ids}
    counts: Counter[str] = Counter()
    for seed in SEEDS:
        d = draw_inspection(ids, ["甲"], seed=seed, share="0.25", strata=strata)
        counts.update(t for t in d.targets if t.startswith("A"))
    a_ids = ids[:20]
    assert sum(counts.values()) == 2000 * 5
    assert chi_square(counts, a_ids, 500) < CHI2_P001_DF19


def test_inspectors_are_drawn_uniformly_for_a_target() -> None:
    counts: Counter[str] = Counter()
    for seed in SEEDS:
        d = draw_inspection(["2025-0001"], INSPECTORS, seed=seed, count=1)
        counts.update(d.assignments["2025-0001"])
    assert chi_square(counts, INSPECTORS, 2000 / 5) < CHI2_P001_DF4


def test_format_draw_keeps_conflict_reasons_and_findings_on_one_line() -> None:
    """Text from data never adds a line to the published draw (STYLE: "text from data is data").

    Hand-worked: targets C1, C2 and inspectors 甲, 乙 drawn with seed "s", count 2; a declared
    relation whose kind holds a line break ("同学\\n3    C9  丙") and findings holding one
    ("ok\\n  C2 · 乙 · ...") would print a forged third row and a forged second result. Each
    value stays on its own line, its line break shown as ``\\x0a``.
    """
    d = draw_inspection(["C1", "C2"], ["甲", "乙"], seed="s", count=2,
                        conflicts={"甲": {"C1": "relation:同学\n3    C9  丙"}})  # fmt: skip
    first = d.targets[0]
    d = d.record(
        [
            InspectionResult(
                first, d.assignments[first], dt.datetime(2025, 9, 9, tzinfo=ZoneInfo("UTC")),
                "no_problem", findings="ok\n  C2 · 乙 · 2025-09-09 · no problem found",
            )
        ]
    )  # fmt: skip
    lines = format_draw(d, "en").splitlines()
    assert "3    C9  丙" not in lines
    assert "  C1 · 甲 · declared relation: 同学\\x0a3    C9  丙" in lines
    assert lines[-1] == (
        f"  {first} · {'、'.join(d.assignments[first])} · 2025-09-09 · no problem found · "
        "ok\\x0a  C2 · 乙 · 2025-09-09 · no problem found"
    )
    assert len(lines) == 11
