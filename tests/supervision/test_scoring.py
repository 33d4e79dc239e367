from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import compute_indicators, simulate
from govservice.supervision import (
    ScoreRule,
    ScoringScheme,
    competition_rank,
    county_monthly_scheme,
    fuyang_dynamic_scheme,
    load_scheme,
)


def test_competition_ranking_1224():
    assert competition_rank([80, 90, 90, 70]).tolist() == [3, 1, 1, 4]
    assert competition_rank([5, 5, 5]).tolist() == [1, 1, 1]
    assert competition_rank([]).tolist() == []


@given(st.lists(st.integers(0, 20).map(lambda x: x / 2), max_size=40))
def test_ranking_respects_points_with_shared_ranks(points):
    rank = competition_rank(points)
    p = np.asarray(points)
    for i in range(len(points)):
        assert rank[i] == 1 + int((p > p[i]).sum())
        for j in range(len(points)):
            if p[i] > p[j]:
                assert rank[i] < rank[j]
            if p[i] == p[j]:
                assert rank[i] == rank[j]


@given(st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_scored_rows_are_a_permutation_ordered_by_points(values):
    scheme = ScoringScheme("t", [ScoreRule("on_time_rate", weight=100, zero_at=0.5)])
    table = pd.DataFrame(
        {"department": [f"D{i:02d}" for i in range(len(values))], "on_time_rate": values}
    )
    out = scheme.score(table)
    assert sorted(out["department"]) == sorted(table["department"])
    assert (np.diff(out["points"]) <= 0).all()
    assert (np.diff(out["rank"]) >= 0).all()
    assert out["rank"].tolist() == competition_rank(out["points"]).tolist()
    ties = out.groupby("points")["department"].apply(list)
    assert all(names == sorted(names) for names in ties)  # equal points: by name


def test_methods_and_caps():
    linear = ScoreRule("x", "linear", weight=10, target=0.9, zero_at=0.5)
    assert linear.points([1.0, 0.9, 0.7, 0.5, 0.1, np.nan]).tolist() == [10, 10, 5, 0, 0, 0]
    lower = ScoreRule("x", "linear", weight=10, target=0.0, zero_at=0.02)
    assert lower.points([0.0, 0.01, 0.05]).tolist() == [10, 5, 0]
    relative = ScoreRule("x", "relative", weight=20)
    assert relative.points([50, 100, 0]).tolist() == [10, 20, 0]
    assert relative.points([0, 0]).tolist() == [0, 0]
    per = ScoreRule("x", "per_unit", per_unit=-2, cap=5)
    assert per.points([0, 1, 2, 10]).tolist() == [0, -2, -4, -5]
    missing = ScoreRule("x", "per_unit", per_unit=-1, if_missing=-3)
    assert missing.points([np.nan]).tolist() == [-3]


def test_month_over_month_change():
    scheme = ScoringScheme("t", [ScoreRule("on_time_rate", weight=100, zero_at=0.0)])
    table = pd.DataFrame(
        {
            "department": ["甲", "乙", "甲", "乙"],
            "period": ["2025-03", "2025-03", "2025-04", "2025-04"],
            "on_time_rate": [0.9, 0.8, 0.85, 0.95],
        }
    )
    out = scheme.score(table).set_index(["period", "department"])
    assert out.loc[("2025-03", "甲"), "rank"] == 1
    assert np.isnan(out.loc[("2025-03", "甲"), "points_change"])
    assert out.loc[("2025-04", "乙"), "points_change"] == 15.0
    assert out.loc[("2025-04", "乙"), "rank_change"] == 1
    assert out.loc[("2025-04", "甲"), "rank_change"] == -1


def test_templates_carry_their_sources():
    fuyang = fuyang_dynamic_scheme()
    assert len(fuyang.rules) == 9
    assert "Fuyang report" in fuyang.source
    assert all("(convention)" in r.source or "(unverified)" in r.source for r in fuyang.rules)
    county = county_monthly_scheme()
    assert county.indicators == (
        "entry_rate", "window_authorization_rate", "on_site_rate", "on_time_rate",
        "satisfaction_rate", "dissatisfaction_rate", "complaint_rate",
    )  # fmt: skip
    assert county.rules[2].target == 0.9  # county scheme: on-site completion > 90%
    assert "county scheme" in county.source


def test_templates_score_simulated_indicators():
    records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3), dt.date(2025, 4, 30),
                       seed=4, cases_per_day=60)  # fmt: skip
    table = compute_indicators(records, by=("department",), period="month", calendar=china())
    for scheme in (county_monthly_scheme(), fuyang_dynamic_scheme()):
        out = scheme.score(table)
        assert len(out) == len(table)
        assert out["points"].max() <= scheme.maximum
        for _, month in out.groupby("period"):
            assert month["rank"].min() == 1


def test_round_trips_through_toml_and_json(tmp_path):
    for scheme in (county_monthly_scheme(), fuyang_dynamic_scheme()):
        assert ScoringScheme.from_toml(scheme.to_toml()) == scheme
        assert ScoringScheme.from_json(scheme.to_json()) == scheme
        path = tmp_path / "s.toml"
        path.write_text(scheme.to_toml(), "utf-8")
        assert load_scheme(path) == scheme


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["rules"][1].update(weight="ten"), "rules[1].weight"),
        (lambda d: d["rules"][0].update(method="best"), "rules[0].method"),
        (lambda d: d["rules"][0].update(colour=1), "rules[0].colour"),
        (lambda d: d["rules"][2].pop("indicator"), "rules[2].indicator"),
        (lambda d: d["rules"][3].update(zero_at=1.0, target=1.0), "rules[3].zero_at"),
        (lambda d: d["rules"][0].update(cap=-1), "rules[0].cap"),
        (lambda d: d["rules"].append(dict(d["rules"][0])), "rules[7].indicator"),
        (lambda d: d.update(rules=[]), "rules"),
        (lambda d: d.update(base="x"), "base"),
        (lambda d: d.pop("id"), "id"),
        (lambda d: d.update(format="other/9"), "format"),
    ],
)
def test_a_bad_scheme_names_the_field(change, field):
    data = json.loads(county_monthly_scheme().to_json())
    change(data)
    with pytest.raises(InvalidValueError) as info:
        ScoringScheme.from_mapping(data)
    assert info.value.field == field


def test_bad_files_and_tables():
    with pytest.raises(InvalidValueError, match="valid TOML"):
        ScoringScheme.from_toml("id = ")
    with pytest.raises(InvalidValueError, match="valid JSON"):
        ScoringScheme.from_json("{")
    scheme = county_monthly_scheme()
    with pytest.raises(InvalidValueError, match=r"rules\[0\].indicator"):
        scheme.score(pd.DataFrame({"department": ["甲"]}))
    with pytest.raises(InvalidValueError, match="by"):
        scheme.score(pd.DataFrame({"window": ["甲"]}))


def test_maximum_counts_points_given_per_unit() -> None:
    """`per_unit` gives or deducts points (docs/monitoring.md, "Methods"); a bonus counts.

    Hand-worked: on-time rate linear, weight 60 (full at 1.0), and +1 point per early
    completion capped at 10 (convention). A department at 100% on time with 20 early
    completions scores 60 + min(20, 10) = 70, so the scheme's maximum is 70, not 60; an
    uncapped bonus has no maximum (infinity).
    """
    scheme = ScoringScheme(
        "bonus",
        [ScoreRule("on_time_rate", weight=60),
         ScoreRule("early", "per_unit", per_unit=1, cap=10)],
    )  # fmt: skip
    table = pd.DataFrame({"department": ["甲"], "on_time_rate": [1.0], "early": [20]})
    assert float(scheme.score(table)["points"].iloc[0]) == 70.0
    assert scheme.maximum == 70.0
    uncapped = ScoringScheme("bonus", [ScoreRule("early", "per_unit", per_unit=1)])
    assert uncapped.maximum == float("inf")
    # a deduction per unit never raises the maximum
    assert ScoringScheme("d", [ScoreRule("complaints", "per_unit", per_unit=-5)]).maximum == 0.0
