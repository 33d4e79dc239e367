from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from govservice import InvalidValueError
from govservice.calendar import TimeLimit, china
from govservice.matters import (
    Case,
    Inquiry,
    RectificationPolicy,
    sample_catalog,
    sample_hierarchy,
)
from govservice.metrics import simulate
from govservice.supervision import monthly_report, open_rectifications, unanswered_inquiries

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))
HIER = sample_hierarchy()


def at(m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(2025, m, d, h, tzinfo=SH)


def month_of(center: str, seed: int) -> pd.DataFrame:
    r = simulate(sample_catalog(), CAL, dt.date(2025, 9, 1), dt.date(2025, 9, 30), seed=seed,
                 cases_per_day=15, center=center, level=HIER[center].level)  # fmt: skip
    return r.assign(case_id=center + "-" + r["case_id"].astype(str))


def test_the_monthly_report_lists_the_public_side(tmp_path: Path) -> None:
    records = pd.concat([month_of("示例县政务服务中心", 1), month_of("城关镇便民服务中心", 2)],
                        ignore_index=True)  # fmt: skip
    ids = records.loc[records["accepted_at"].notna(), "case_id"].tolist()
    policy = RectificationPolicy.working_days(5)

    def case_of(case_id: str) -> Case:
        return Case.submit(sample_catalog().matters[0], case_id=case_id, applicant="张三",
                           at=at(9, 1), calendar=CAL)  # fmt: skip

    done = case_of(ids[0]).rate(1, channel="window", person="张三", at=at(9, 10), policy=policy)
    done = done.verify_feedback("R1", valid=True, finding="属实", at=at(9, 11), by="督查")
    done = done.rectify("R1", measures="整改", at=at(9, 12), by="窗口")
    done = done.answer("R1", text="已回访", at=at(9, 15), by="督查")  # due Sep 17: on time
    waiting = case_of(ids[1]).complain(channel="phone", person=None, at=at(9, 29), text="推诿",
                                       by="12345热线", policy=policy)  # fmt: skip
    asked = Inquiry.open("Q-1", question="?", first_responder="王五", at=at(9, 26),
                         limit=TimeLimit.working_days(1), calendar=CAL)  # fmt: skip
    report = monthly_report(records, "2025-09", out_dir=tmp_path, calendar=CAL,
                            feedback=[done, waiting], inquiries=[asked],
                            hierarchy=HIER)  # fmt: skip
    assert {"rectifications", "inquiries", "centers"} <= set(report.tables)
    summary = dict(zip(report.tables["summary"]["item"], report.tables["summary"]["value"],
                       strict=True))  # fmt: skip
    assert summary["差评整改率"] == "50.00%"  # the complaint is still open
    assert summary["按时整改率"] == "50.00%"
    assert summary["实名差评回访率"] == "100.00%"  # the complaint was anonymous
    assert summary["待整改"] == "1"
    assert summary["超期未答复咨询"] == "1"
    # Mon Sep 29: Tue 30 (1), Oct 9 (2), 10 (3), Sat 11 (4, make-up), 13 (5): 4 left on Sep 30
    assert report.tables["rectifications"]["days_left"].tolist() == [4]
    centers = report.tables["centers"]
    assert centers["center"].tolist() == ["示例市政务服务中心", "示例县政务服务中心",
                                          "城关镇便民服务中心"]  # fmt: skip
    volume = dict(zip(centers["center"], centers["acceptance_volume"], strict=True))
    assert volume["示例县政务服务中心"] == volume["示例市政务服务中心"]
    assert volume["示例县政务服务中心"] > volume["城关镇便民服务中心"]
    page = report.html.read_text("utf-8")
    assert "各级中心汇总（三级联动）" in page
    assert "2025年9月30日未办结的差评整改" in page
    assert (tmp_path / "rectifications.csv").is_file()
    assert "rectification_rate" in report.tables["departments"].columns


def test_without_the_public_side_the_report_is_as_before(tmp_path: Path) -> None:
    report = monthly_report(month_of("示例县政务服务中心", 3), "2025-09", out_dir=tmp_path,
                            calendar=CAL)  # fmt: skip
    assert not {"rectifications", "inquiries", "centers"} & set(report.tables)
    assert "rectification_rate" not in report.tables["departments"].columns


def test_monitoring_refuses_other_values() -> None:
    with pytest.raises(InvalidValueError, match="cases"):
        open_rectifications(["C-1"], today=dt.date(2025, 9, 1), calendar=CAL)  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="Inquiry"):
        unanswered_inquiries(["Q-1"], today=dt.date(2025, 9, 1))  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="today"):
        unanswered_inquiries([], today=dt.datetime(2025, 9, 1, tzinfo=SH))
