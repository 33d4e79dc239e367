"""Case records (the metrics schema) straight from state rows: no replay."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from govservice.metrics import RECORD_COLUMNS, frame_from_rows
from govservice.store._rows import COLUMNS

__all__ = ["frame"]

_NAMES = ("case_id", *COLUMNS)
_FROM_ROW = {"window": "window_name"}
_INSTANTS = {c.name for c in RECORD_COLUMNS if c.type == "instant"}


def frame(
    rows: Sequence[Sequence[Any]],
    *,
    center: str,
    extra: Mapping[str, Mapping[str, object]] | None,
) -> Any:
    """The records of state rows, typed as `govservice.metrics.frame_from_rows` types them."""
    out = []
    for values in rows:
        row = dict(zip(_NAMES, values, strict=True))
        record: dict[str, object] = {}
        for column in RECORD_COLUMNS:
            name = column.name
            if name == "center":
                record[name] = center
            elif name in ("rating",):
                record[name] = None
            elif name == "complaint":
                record[name] = False
            elif name == "on_site":
                record[name] = bool(row["on_site"])
            else:
                record[name] = row[_FROM_ROW.get(name, name)]
        if row["extra"]:
            record.update(json.loads(row["extra"]))
        if extra and row["case_id"] in extra:
            record.update(extra[row["case_id"]])
        out.append(record)
    return frame_from_rows(out)
