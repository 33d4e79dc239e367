"""Fuzz the record checks and the indicators with hostile cells and columns."""

from __future__ import annotations

import contextlib
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from govservice import GovServiceError
from govservice.calendar import china
from govservice.metrics import RECORD_COLUMNS, check_records, compute_indicators
from tests.fuzz.mutate import FUZZ, HOSTILE_VALUES
from tests.metrics.helpers import at, frame, row


@cache
def _records() -> pd.DataFrame:
    return frame(
        row("C-1"),
        row("C-2", completed_at=at("2025-03-12"), rating=5, complaint=True),
        row("C-3", completed_at=None, decided_at=None, outcome=None, visits=0),
    )


_CELLS = st.sampled_from(HOSTILE_VALUES) | st.sampled_from(
    [pd.NaT, np.nan, pd.NA, np.int64(7), np.bool_(True), "否", "false", "0", float("inf")]
)


@FUZZ
@given(
    column=st.sampled_from([c.name for c in RECORD_COLUMNS]),
    rows=st.lists(st.integers(0, 2), min_size=1, max_size=3),
    value=_CELLS,
    whole=st.sampled_from(["cell", "column", "drop", "rename"]),
)
def test_records_with_hostile_cells(column: str, rows: list[int], value: Any, whole: str) -> None:
    records = _records().copy()
    if whole == "drop":
        records = records.drop(columns=[column])
    elif whole == "rename":
        records = records.rename(columns={column: "case_id"})  # a duplicate name
    else:
        cells = records[column].astype(object)
        for i in rows if whole == "cell" else range(len(records)):
            cells.iloc[i] = value
        records[column] = cells
    with contextlib.suppress(GovServiceError):
        check_records(records)
    with contextlib.suppress(GovServiceError):
        compute_indicators(records, by=("department",), period="month", calendar=china())
