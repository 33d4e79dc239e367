"""Draws that cannot be ground, risk-weighted shares, and results published with the draw."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import DrawVerificationError, InvalidValueError
from govservice.supervision import (
    Draw,
    DrawCommitment,
    InspectionResult,
    commit_draw,
    draw_inspection,
    format_draw,
    verify_draw,
)

SH = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2025, 9, 1, 9, tzinfo=SH)
TARGETS = [f"9133{n:06d}" for n in range(200)]
INSPECTORS = ["甲", "乙", "丙", "丁"]
PUBLIC = {"public_source": "上证指数收盘点位", "public_date": dt.date(2025, 9, 2)}


def _commit(**kwargs: object) -> DrawCommitment:
    args: dict[str, object] = {"seed": "s3cret", "count": 10, "organiser": "县市场监督管理局"}
    args.update(kwargs)
    return commit_draw(TARGETS, INSPECTORS, at=AT, **PUBLIC, **args)  # type: ignore[arg-type]


def test_a_committed_draw_verifies_and_publishes_its_commitment() -> None:
    c = _commit()
    d = draw_inspection(TARGETS, INSPECTORS, seed="s3cret", count=10, commitment=c,
                        public_value="3858.13")  # fmt: skip
    verify_draw(d, TARGETS[::-1], INSPECTORS, commitment=c)
    again = Draw.from_json(d.to_json())
    assert again == d
    verify_draw(again, TARGETS, INSPECTORS, commitment=DrawCommitment.from_json(c.to_json()))
    assert c.digest in format_draw(d, "en")
    assert "3858.13" in format_draw(d, "zh_CN")


def test_the_public_value_decides_and_the_seed_alone_does_not() -> None:
    c = _commit()
    one = draw_inspection(TARGETS, INSPECTORS, seed="s3cret", count=10, commitment=c,
                          public_value="3858.13")  # fmt: skip
    two = draw_inspection(TARGETS, INSPECTORS, seed="s3cret", count=10, commitment=c,
                          public_value="3858.14")  # fmt: skip
    plain = draw_inspection(TARGETS, INSPECTORS, seed="s3cret", count=10)
    assert one.targets != two.targets
    assert one.targets != plain.targets


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seed": "another"}, "seed"),
        ({"count": 11}, "count"),
        ({"targets": TARGETS[:-1]}, "targets"),
        ({"per_target": 2}, "per_target"),
    ],
)
def test_the_organiser_cannot_change_what_was_committed(
    change: dict[str, object], field: str
) -> None:
    c = _commit()
    args: dict[str, object] = {"seed": "s3cret", "count": 10, "per_target": 1}
    args.update({k: v for k, v in change.items() if k != "targets"})
    targets = change.get("targets", TARGETS)
    with pytest.raises(InvalidValueError, match=field):
        draw_inspection(targets, INSPECTORS, commitment=c, public_value="1", **args)  # type: ignore[arg-type]


def test_a_tampered_draw_or_another_commitment_does_not_verify() -> None:
    c = _commit()
    d = draw_inspection(TARGETS, INSPECTORS, seed="s3cret", count=10, commitment=c,
                        public_value="3858.13")  # fmt: skip
    with pytest.raises(DrawVerificationError, match="commitment"):
        verify_draw(d, TARGETS, INSPECTORS, commitment=_commit(count=11))
    forged = Draw.from_json(d.to_json().replace("3858.13", "3858.99"))
    with pytest.raises(DrawVerificationError):
        verify_draw(forged, TARGETS, INSPECTORS)
    with pytest.raises(InvalidValueError, match="digest"):
        DrawCommitment.from_json(c.to_json().replace('"count": 10', '"count": 9'))


def test_the_public_value_must_come_after_the_commitment() -> None:
    with pytest.raises(InvalidValueError, match="public_date"):
        commit_draw(TARGETS, INSPECTORS, seed="s", count=1, organiser="x", at=AT,
                    public_source="上证指数", public_date=AT.date())  # fmt: skip
    with pytest.raises(InvalidValueError, match="at"):
        commit_draw(TARGETS, INSPECTORS, seed="s", count=1, organiser="x",
                    at=AT.replace(tzinfo=None), **PUBLIC)  # type: ignore[arg-type]  # fmt: skip


RISK = {t: ("high" if n % 10 == 0 else "normal") for n, t in enumerate(TARGETS)}


@given(high=st.sampled_from(["0.2", "0.5", "1"]), normal=st.sampled_from(["0.01", "0.05", "0.1"]))
@settings(max_examples=20)
def test_each_risk_level_is_drawn_at_its_own_share(high: str, normal: str) -> None:
    d = draw_inspection(TARGETS, INSPECTORS, seed="r", share={"high": high, "normal": normal},
                        risk=RISK)  # fmt: skip
    drawn = {lv: sum(1 for t in d.targets if RISK[t] == lv) for lv in ("high", "normal")}
    assert drawn["high"] == math.ceil(float(high) * 20)
    assert drawn["normal"] == math.ceil(float(normal) * 180 - 1e-9)
    assert all(d.risk[t] == RISK[t] for t in d.targets)
    verify_draw(d, TARGETS, INSPECTORS, risk=RISK)
    with pytest.raises(DrawVerificationError):
        verify_draw(d, TARGETS, INSPECTORS, risk=dict.fromkeys(TARGETS, "normal"))


def test_risk_needs_a_share_for_every_level() -> None:
    with pytest.raises(InvalidValueError, match="risk level"):
        draw_inspection(TARGETS, INSPECTORS, seed="r", share={"high": "0.5"}, risk=RISK)
    with pytest.raises(InvalidValueError, match="share"):
        draw_inspection(TARGETS, INSPECTORS, seed="r", share={"high": "0.5"})


def test_results_are_recorded_against_the_draw_and_published() -> None:
    d = draw_inspection(TARGETS, INSPECTORS, seed="s", count=3)
    at = dt.datetime(2025, 9, 20, 16, tzinfo=SH)
    first, second = d.targets[:2]
    done = d.record([
        InspectionResult(first, d.assignments[first], at, "no_problem"),
        InspectionResult(second, [d.assignments[second][0] + " "], at, "ordered_to_correct",
                         "未按规定公示年度报告，责令30日内改正"),
    ])  # fmt: skip
    assert Draw.from_json(done.to_json()) == done
    verify_draw(done, TARGETS, INSPECTORS)  # results are not part of the draw
    table = format_draw(done, "zh_CN")
    assert "责令30日内改正" in table
    assert "未发现问题" in table
    with pytest.raises(InvalidValueError, match="one result per target"):
        done.record([InspectionResult(first, d.assignments[first], at, "no_problem")])
    outsider = next(i for i in INSPECTORS if i not in d.assignments[first])
    with pytest.raises(InvalidValueError, match="inspectors"):
        d.record([InspectionResult(first, [outsider], at, "no_problem")])
    with pytest.raises(InvalidValueError, match="target"):
        d.record([InspectionResult("not drawn", ["甲"], at, "no_problem")])
    with pytest.raises(InvalidValueError, match="outcome"):
        InspectionResult(first, ["甲"], at, "fine")
