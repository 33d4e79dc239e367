"""Small hand-built records for the metrics tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from govservice.metrics import frame_from_rows

SH = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=SH)


def row(case_id: str, **changes: Any) -> dict[str, Any]:
    """A completed, on-time committed case accepted 2025-03-03 (Monday), due 2025-03-10."""
    base: dict[str, Any] = {
        "case_id": case_id,
        "applicant_id": "P1",
        "center": "甲县中心",
        "level": "county",
        "department": "市场监督管理局",
        "window": "1号窗口",
        "matter_code": "M-1",
        "kind": "committed",
        "channel": "window",
        "accepted_in": "center",
        "submitted_at": at("2025-03-03", 9, 50),
        "accepted_at": at("2025-03-03", 10),
        "decided_at": at("2025-03-05", 10),
        "completed_at": at("2025-03-05", 11),
        "outcome": "approved",
        "committed_due": dt.date(2025, 3, 10),
        "statutory_due": dt.date(2025, 3, 17),
        "committed_working_days": 5,
        "statutory_working_days": 10,
        "suspended_working_days": 0,
        "visits": 1,
        "on_site": False,
        "rating": None,
        "complaint": False,
    }
    base.update(changes)
    return base


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return frame_from_rows(rows)


def as_mapping(records: pd.DataFrame) -> dict[str, np.ndarray]:
    """The records as a mapping of plain numpy arrays (instants as UTC datetime64)."""
    out: dict[str, np.ndarray] = {}
    for name in records.columns:
        s = records[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[name] = s.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
        elif s.dtype.kind == "M":
            out[name] = s.to_numpy().astype("datetime64[D]")
        elif str(s.dtype) in ("Int64", "Int8"):
            out[name] = s.to_numpy(dtype=float, na_value=np.nan)
        else:
            out[name] = np.asarray(s.astype(object).to_numpy())
    return out
