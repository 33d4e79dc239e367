"""Hand-made case records for the monitoring tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from govservice.metrics import frame_from_rows

SH = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def row(case_id: str, **more: object) -> dict[str, object]:
    accepted = more.pop("accepted_on", dt.date(2025, 3, 3))
    assert isinstance(accepted, dt.date)
    base: dict[str, object] = {
        "case_id": case_id,
        "applicant_id": "P-" + case_id,
        "center": "示例县政务服务中心",
        "level": "county",
        "department": "市场监督管理局",
        "window": "1号窗口",
        "matter_code": "990102-SJJ-003",
        "kind": "committed",
        "channel": "window",
        "accepted_in": "center",
        "submitted_at": at(accepted, 9),
        "accepted_at": at(accepted),
        "committed_due": dt.date(2025, 3, 10),
        "statutory_due": dt.date(2025, 3, 31),
        "committed_working_days": 5,
        "statutory_working_days": 20,
        "suspended_working_days": 0,
        "visits": 1,
        "on_site": False,
        "complaint": False,
    }
    base.update(more)
    return base


def frame(*rows: dict[str, object]) -> Any:
    return frame_from_rows(list(rows))
