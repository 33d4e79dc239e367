"""Case records (the metrics schema) straight from state rows: no replay, column by column."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

import govservice.metrics
from govservice.metrics import RECORD_COLUMNS, RecordColumn
from govservice.store._rows import COLUMNS

__all__ = ["SELECT", "frame"]

_FROM_ROW = {"window": "window_name"}
#: The lifecycle's columns, where the record schema has them (the lifecycle issue).
_LIFECYCLE: tuple[Any, ...] = tuple(getattr(govservice.metrics, "LIFECYCLE_COLUMNS", ()))
#: Beyond the schema, as `records_from_cases` adds it: whether a due date is provisional.
_PROVISIONAL = RecordColumn("provisional", "bool", False, "a due date depends on provisional days")
_ALL = (*RECORD_COLUMNS, *_LIFECYCLE, _PROVISIONAL)
_TYPES = {c.name: c.type for c in _ALL}
_CONSTANT = ("center", "rating", "complaint")
#: The state-row columns a record needs, in the order `frame` expects them.
_NEEDED = (
    *(_FROM_ROW.get(c.name, c.name) for c in _ALL if c.name not in _CONSTANT),
    "extra",
)
assert set(_NEEDED) <= {"case_id", *COLUMNS}
_POSITION = {name: i for i, name in enumerate(_NEEDED)}
#: The select list of `frame`'s rows.
SELECT = ", ".join(_NEEDED)


def _series(kind: str | None, values: list[Any]) -> Any:
    """One column typed as `govservice.metrics.frame_from_rows` types it."""
    import pandas as pd

    if kind == "instant":
        if all(isinstance(v, str) or v is None for v in values):
            stamps = pd.to_datetime(values, utc=True, format="ISO8601")
        else:
            stamps = pd.to_datetime(values, utc=True)
        return pd.Series(stamps, dtype="datetime64[ns, UTC]")
    if kind == "date":
        days = np.array(
            ["NaT" if v is None else str(v) for v in values], dtype="datetime64[D]"
        ).astype("datetime64[s]")
        return pd.Series(days)
    if kind == "int":
        return pd.Series(pd.array(values, dtype="Int64"))
    if kind == "bool":
        return pd.Series(values, dtype=object if None in values else bool)
    if kind == "str":
        return pd.Series(values, dtype=object)
    return pd.Series(values)


def frame(
    rows: Sequence[Sequence[Any]],
    *,
    center: str,
    extra: Mapping[str, Mapping[str, object]] | None,
) -> Any:
    """The records of state rows: the same frame `records_from_cases` gives for the cases."""
    import pandas as pd

    n = len(rows)
    table = list(zip(*rows, strict=True)) if rows else [() for _ in _POSITION]
    columns: dict[str, list[Any]] = {}
    for column in _ALL:
        name = column.name
        if name == "center":
            columns[name] = [center] * n
        elif name == "rating":
            columns[name] = [None] * n
        elif name == "complaint":
            columns[name] = [False] * n
        elif name == "on_site":
            columns[name] = [bool(v) for v in table[_POSITION["on_site"]]]
        elif name == "deemed_acceptance":
            columns[name] = [None if v is None else bool(v) for v in table[_POSITION[name]]]
        else:
            columns[name] = list(table[_POSITION[_FROM_ROW.get(name, name)]])
    updates: list[tuple[int, Mapping[str, object]]] = []
    for i, text in enumerate(table[_POSITION["extra"]]):
        if text:
            updates.append((i, json.loads(text)))
    if extra:
        ids = columns["case_id"]
        updates += [(i, extra[case_id]) for i, case_id in enumerate(ids) if case_id in extra]
    for i, values in updates:
        for name, value in values.items():
            columns.setdefault(name, [None] * n)[i] = value
    data = {name: _series(_TYPES.get(name), values) for name, values in columns.items()}
    return pd.DataFrame(data, index=pd.RangeIndex(n))
