"""Case records (the metrics schema) straight from state rows: no replay, column by column."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

import govservice.metrics
from govservice.metrics import RECORD_COLUMNS, RecordColumn
from govservice.store._rows import (
    COLUMNS,
    NULL_NUMBER,
    PACKED_CODES,
    PACKED_NULL,
    PACKED_NUMBERS,
    PACKED_SEP,
    PACKED_TEXT,
)

__all__ = ["SELECT", "frame", "packed_frame", "packed_query"]

_FROM_ROW = {"window": "window_name"}
#: The lifecycle's columns, where the record schema has them (the lifecycle issue).
_LIFECYCLE: tuple[Any, ...] = tuple(getattr(govservice.metrics, "LIFECYCLE_COLUMNS", ()))
#: Beyond the schema, as `records_from_cases` adds it: whether a due date is provisional.
_PROVISIONAL = RecordColumn("provisional", "bool", False, "a due date depends on provisional days")
_ALL = (*RECORD_COLUMNS, *_LIFECYCLE, _PROVISIONAL)
_TYPES = {c.name: c.type for c in _ALL}
_CONSTANT = ("center", "rating", "complaint")
#: Record columns the state row keeps in its ``extra`` text (null where it has none).
_FROM_EXTRA = ("supplement_notice_on",)
#: The state-row columns a record needs, in the order `frame` expects them.
_NEEDED = (
    *(_FROM_ROW.get(c.name, c.name) for c in _ALL if c.name not in (*_CONSTANT, *_FROM_EXTRA)),
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
        if all(v is None or (isinstance(v, str) and v.endswith("+00:00")) for v in values):
            # the store writes UTC ISO text: numpy parses it without the offset, fast
            naive = np.array(["NaT" if v is None else v[:-6] for v in values], "datetime64[ns]")
            return pd.Series(naive).dt.tz_localize("UTC")
        stamps = pd.to_datetime(values, utc=True)
        return pd.Series(stamps, dtype="datetime64[ns, UTC]")
    if kind == "date":
        days = np.array(
            ["NaT" if v is None else str(v) for v in values], dtype="datetime64[D]"
        ).astype("datetime64[s]")
        return pd.Series(days)
    if kind == "int":
        if not any(isinstance(v, bool | np.bool_) for v in values):  # True is not grade 1
            try:
                return pd.Series(pd.array(values, dtype="Int64"))
            except (TypeError, ValueError):  # 4.5: kept for the checks
                pass
        return pd.Series(values, dtype=object)
    if kind == "bool":
        if any(not isinstance(v, bool | int | None) for v in values):
            return pd.Series(values, dtype=object)  # "否" is not True: kept for the checks
        return pd.Series(values, dtype=object if None in values else bool)
    if kind == "str":
        return pd.Series(values, dtype=object)
    return pd.Series(values)


_SEP, _NULL = "\x1f", "\x1e\x1dNULL\x1d\x1e"
#: The state-row columns of SQL type INTEGER (see `_schema`).
_INTEGERS = {
    "events", "committed_working_days", "statutory_working_days", "suspended_working_days",
    "visits", "on_site", "provisional", "deemed_acceptance", "extended_working_days",
}  # fmt: skip


def column_query(backend: str, where: str) -> str:
    """One row: the count, then each needed column joined into one text (NULL marked).

    Fetching a few long texts instead of a row object per case is what makes `frame` fast.
    """
    if backend == "SQLite":
        joined, sep, null = "group_concat", "char(31)", "char(30, 29) || 'NULL' || char(29, 30)"
    else:
        joined, sep = "string_agg", "chr(31)"
        null = "chr(30) || chr(29) || 'NULL' || chr(29) || chr(30)"
    parts = [f"{joined}(coalesce(CAST({c} AS TEXT), {null}), {sep})" for c in _NEEDED]
    return (
        f"SELECT count(*), {', '.join(parts)} FROM "
        f"(SELECT {SELECT} FROM cases WHERE {where} ORDER BY case_id) AS q"
    )


def split_columns(row: Sequence[Any]) -> tuple[int, list[list[Any]]] | None:
    """The columns of `column_query`'s row, or None when some text holds a separator."""
    n = int(row[0])
    table: list[list[Any]] = []
    for name, joined in zip(_NEEDED, row[1:], strict=True):
        text = "" if joined is None else str(joined)
        if text.count("\x1e") != 2 * text.count(_NULL):  # a text holds the marker's byte
            return None
        items: list[Any] = text.split(_SEP) if n else []
        if len(items) != n:
            return None
        if name in _INTEGERS:
            items = [None if v == _NULL else int(v) for v in items]
        elif _NULL in text:
            items = [None if v == _NULL else v for v in items]
        table.append(items)
    return n, table


def _put(columns: dict[str, list[Any]], items: Iterable[tuple[str, Any]], i: int, n: int) -> None:
    """Set row ``i`` of each named column, adding a column of nulls the first time."""
    for name, value in items:
        column = columns.get(name)
        if column is None:
            column = columns[name] = [None] * n
        column[i] = value


def frame(
    rows: Sequence[Sequence[Any]] | None,
    *,
    center: str,
    extra: Mapping[str, Mapping[str, object]] | None,
    columns_of: tuple[int, list[list[Any]]] | None = None,
) -> Any:
    """The records of state rows: the same frame `records_from_cases` gives for the cases.

    Give the rows, or (``columns_of``) their count and columns as `split_columns` returns them.
    """
    import pandas as pd

    if columns_of is not None:
        n, table = columns_of
    else:
        assert rows is not None
        n = len(rows)
        table = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in _POSITION]
    columns: dict[str, list[Any]] = {}
    for column in _ALL:
        name = column.name
        if name == "center":
            columns[name] = [center] * n
        elif name == "rating":
            columns[name] = [None] * n
        elif name == "complaint":
            columns[name] = [False] * n
        elif name in _FROM_EXTRA:
            columns[name] = [None] * n
        elif name == "on_site":
            columns[name] = [bool(v) for v in table[_POSITION["on_site"]]]
        elif name == "deemed_acceptance":
            columns[name] = [None if v is None else bool(v) for v in table[_POSITION[name]]]
        else:
            columns[name] = list(table[_POSITION[_FROM_ROW.get(name, name)]])
    # records_from_cases's order: the schema, the case's further columns, provisional, then
    # the caller's extra columns
    provisional = columns.pop("provisional")
    parsed: dict[str, tuple[tuple[str, Any], ...]] = {}  # few distinct texts: parse each once
    for i, text in enumerate(table[_POSITION["extra"]]):
        if text:
            items = parsed.get(text)
            if items is None:
                items = parsed[text] = tuple(json.loads(text).items())
            _put(columns, items, i, n)
    columns["provisional"] = provisional
    if extra:
        for i, case_id in enumerate(columns["case_id"]):
            more = extra.get(case_id)
            if more:
                _put(columns, more.items(), i, n)
    data = {name: _series(_TYPES.get(name), values) for name, values in columns.items()}
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def packed_query(backend: str, where: str) -> str:
    """One row: the count, how many rows are packed, their texts, their numbers.

    Reads the packed record fields of each case from ``case_records`` (see
    `govservice.store._rows.packed`), in case-id order, as one long text (each case's id and
    texts) and one long blob (its numbers): two values to fetch, whatever the month holds.
    """
    if backend == "SQLite":
        # group_concat keeps a blob's bytes (NUL bytes too); CAST gives them back as a blob.
        # The table is clustered on the case id, so its scan comes in case-id order; no
        # ORDER BY (a subquery costs a tenth more), `packed_frame` checks the order and sorts.
        return (
            "SELECT count(*), count(rec_text), group_concat(rec_text, ''), "
            f"CAST(group_concat(rec_num, '') AS BLOB) FROM case_records WHERE {where}"
        )
    return (
        "SELECT count(*), count(rec_text), string_agg(rec_text, '' ORDER BY case_id), "
        "string_agg(rec_num, ''::bytea ORDER BY case_id) "
        f"FROM case_records WHERE {where}"
    )


def _ascending(ids: Any) -> bool:
    """Whether case ids come in ascending order (code point order: SQLite's ``BINARY``)."""
    return bool(len(ids) < 2 or (ids[1:] > ids[:-1]).all())


def _instants(numbers: Any) -> Any:
    import pandas as pd

    stamps = numbers.view("datetime64[us]").astype("datetime64[ns]")  # -2**63 is NaT
    return pd.Series(stamps).dt.tz_localize("UTC")


def _flags(numbers: Any, *, nullable: bool) -> Any:
    import pandas as pd

    missing = numbers == NULL_NUMBER
    if nullable and missing.any():
        return pd.Series([None if m else bool(v) for v, m in zip(numbers, missing, strict=True)])
    return pd.Series(numbers.astype(bool))


#: Each enum-valued text by its code (0: null).
_DECODE = {name: np.array([None, *values], dtype=object) for name, values in PACKED_CODES.items()}


def packed_frame(
    row: Sequence[Any], *, center: str, extra: Mapping[str, Mapping[str, object]] | None
) -> Any:
    """The records from `packed_query`'s row; None when some row is not packed (read columns)."""
    import pandas as pd

    n, full = int(row[0]), int(row[1])
    if n == 0 or full != n or extra:
        return None
    k = len(PACKED_TEXT)
    text = str(row[2])
    nulls = PACKED_NULL in text
    parts = text.split(PACKED_SEP)
    del text
    if len(parts) != n * k + 1:
        return None
    numbers = np.frombuffer(bytes(row[3]), dtype="<i8")
    if len(numbers) != n * len(PACKED_NUMBERS):
        return None
    numbers = numbers.reshape(n, len(PACKED_NUMBERS)).T.copy()  # one contiguous row a field
    # the texts as one array of objects (n rows of k), then the list is let go: a list of
    # hundreds of thousands of items makes every garbage collection on the way walk it
    flat = np.empty(len(parts), dtype=object)
    flat[:] = parts
    del parts
    table = flat[: n * k].reshape(n, k)
    texts: dict[str, Any] = {}
    for j, name in enumerate(PACKED_TEXT):
        column = table[:, j]  # a view: the frame copies it once
        if nulls:
            column = column.copy()
            column[column == PACKED_NULL] = None
        texts[name] = column
    if not _ascending(texts["case_id"]):  # the scan was not in case-id order: sort it
        order = np.argsort(texts["case_id"], kind="stable")
        texts = {name: column.take(order) for name, column in texts.items()}
        numbers = numbers.take(order, axis=1)
    series: dict[str, Any] = {}
    for j, (name, kind) in enumerate(PACKED_NUMBERS):
        values = numbers[j]
        if kind == "instant":
            series[name] = _instants(values)
        elif kind == "date":
            series[name] = pd.Series(values.view("datetime64[D]").astype("datetime64[s]"))
        elif kind == "int":
            mask = values == NULL_NUMBER
            series[name] = pd.Series(pd.arrays.IntegerArray(np.where(mask, 0, values), mask))
        elif kind == "code":
            series[name] = pd.Series(_DECODE[name].take(values), dtype=object)
        else:
            series[name] = _flags(values, nullable=name == "deemed_acceptance")
    data: dict[str, Any] = {}
    for column_ in _ALL:
        name = column_.name
        if name == "center":
            data[name] = pd.Series(np.full(n, center, dtype=object), dtype=object)
        elif name == "rating":
            absent = np.ones(n, dtype=bool)
            data[name] = pd.Series(pd.arrays.IntegerArray(np.zeros(n, dtype="int64"), absent))
        elif name == "complaint":
            data[name] = pd.Series(np.zeros(n, dtype=bool))
        elif name in _FROM_EXTRA:
            data[name] = _series(_TYPES[name], [None] * n)
        elif name in series:
            data[name] = series[name]
        else:
            data[name] = pd.Series(texts[_FROM_ROW.get(name, name)], dtype=object)
    provisional = data.pop("provisional")
    # the extra columns: each distinct text parsed once, spread by its rows
    index, distinct = pd.factorize(np.array(texts["extra"], dtype=object), use_na_sentinel=False)
    parsed = [json.loads(t) if isinstance(t, str) and t else {} for t in distinct]
    for name in dict.fromkeys(key for items in parsed for key in items):
        values = np.empty(len(parsed), dtype=object)
        values[:] = [items.get(name) for items in parsed]
        given = np.array([name in items for items in parsed], dtype=bool).take(index)
        spread = values.take(index)
        if name in data:  # a schema column (rating, complaint): keep its default elsewhere
            spread = np.where(given, spread, data[name].to_numpy(dtype=object))
            spread[pd.isna(spread) & ~given] = None
        data[name] = _series(_TYPES.get(name), spread.tolist())
    data["provisional"] = provisional
    return pd.DataFrame(data, index=pd.RangeIndex(n))
