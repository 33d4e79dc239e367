"""Column access to case records of any supported type, as numpy arrays.

pandas, polars and Dask DataFrames, Arrow tables and mappings of numpy arrays all come through
`RecordColumns`, which hands out each column once in one shape: instants as int64 nanoseconds
since the epoch in UTC, dates as int64 days, strings as factorized codes. Every later step sees
only numpy arrays, so every input type gives the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from govservice._errors import InvalidValueError
from govservice._extras import pandas

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.calendar import WorkCalendar

__all__ = ["NAT", "RecordColumns", "pandas", "required_calendar"]

NAT = np.iinfo(np.int64).min
_DAY_NS = 86_400 * 10**9
# Asia/Shanghai is UTC+8 without daylight saving since 1992 (it had DST 1986-1991).
_SHANGHAI_NS = 8 * 3600 * 10**9
_FIXED_FROM_NS = (dt.date(1992, 1, 1).toordinal() - dt.date(1970, 1, 1).toordinal()) * _DAY_NS


def _kind_of(records: object) -> str:
    module = type(records).__module__.split(".")[0]
    name = type(records).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name == "DataFrame":
        return "polars"
    if module == "pyarrow" and name in ("Table", "RecordBatch"):
        return "arrow"
    if module == "dask":
        return "dask"
    if isinstance(records, Mapping):
        return "mapping"
    raise InvalidValueError(
        "records",
        type(records).__name__,
        "a pandas, polars or Dask DataFrame, an Arrow table or a mapping of numpy arrays",
    )


#: Timeliness codes of `RecordColumns._timeliness` (-1: not known).
_UNKNOWN, _EARLY, _ON_TIME, _LATE = -1, 0, 1, 2
_TIMELINESS_CODES = {"early": _EARLY, "on_time": _ON_TIME, "late": _LATE}


class RecordColumns:
    """Read-only columns of case records as numpy arrays, with the derived case facts.

    Custom `Measure` functions receive one of these. Raw columns come through `instant`,
    `day`, `date`, `number`, `flag`, `isin` and `codes`; derived facts (``accepted``,
    ``completed``, ``on_time``, ``handling_days``, ...) are properties computed once.
    Local dates are Asia/Shanghai dates (UTC+8; earlier than 1992 is refused, because
    Shanghai kept daylight saving time until 1991).

    Args:
        records: A pandas or polars DataFrame, an Arrow table or a mapping of numpy arrays
            (``datetime64`` instants in a mapping are read as UTC).
        calendar: The calendar for working-day counts (``handling_days``).

    Examples:
        >>> import numpy as np
        >>> cols = RecordColumns({"channel": np.array(["online", "window", "online"])})
        >>> cols.isin("channel", ("online",)).tolist()
        [True, False, True]
    """

    def __init__(self, records: object, calendar: WorkCalendar | None = None) -> None:
        self._kind = _kind_of(records)
        if self._kind == "dask":
            raise InvalidValueError("records", "a Dask DataFrame", "one partition's records")
        self._records = records
        self._calendar = calendar
        self._cache: dict[str, Any] = {}
        self.names: tuple[str, ...] = tuple(str(c) for c in self._column_names())
        twice = sorted({c for c in self.names if self.names.count(c) > 1})
        if twice:  # which one would a computation read?
            raise InvalidValueError("records", twice, "each column name once")
        self.n = self._length()

    # -- raw access ----------------------------------------------------------------------------

    def _column_names(self) -> list[Any]:
        r: Any = self._records
        if self._kind == "pandas":
            return list(r.columns)
        if self._kind == "polars":
            return list(r.columns)
        if self._kind == "arrow":
            return list(r.schema.names)
        return list(r.keys())

    def _length(self) -> int:
        r: Any = self._records
        if self._kind in ("pandas", "polars"):
            return len(r)
        if self._kind == "arrow":
            return int(r.num_rows)
        for name, values in r.items():
            if np.ndim(values) != 1:
                raise InvalidValueError(
                    str(name), f"an array of shape {np.shape(values)}", "a 1-D array per column"
                )
        lengths = {len(np.asarray(v)) for v in r.values()}
        if len(lengths) > 1:
            raise InvalidValueError("records", sorted(lengths), "columns of one length")
        return lengths.pop() if lengths else 0

    def has(self, name: str) -> bool:
        """Whether the records have the column ``name``."""
        return name in self.names

    def series(self, name: str) -> Any:
        """The column as a pandas Series (whatever the input type)."""
        key = "series:" + name
        if key not in self._cache:
            if not self.has(name):
                raise InvalidValueError("records", f"no column {name!r}", "a column " + name)
            pd = pandas()
            r: Any = self._records
            if self._kind == "pandas":
                s = r[name].reset_index(drop=True)
            elif self._kind == "polars":
                s = _polars_series(r[name])
            elif self._kind == "arrow":
                s = r.column(name).to_pandas(date_as_object=False)
            else:
                s = pd.Series(np.asarray(r[name]))
            self._cache[key] = s
        return self._cache[key]

    def instant(self, name: str) -> npt.NDArray[np.int64]:
        """An instant column as int64 nanoseconds since the epoch, UTC (missing: int64 min).

        Raises:
            InvalidValueError: The timestamps have no time zone (a mapping's ``datetime64``
                arrays excepted: they are UTC).
        """
        key = "instant:" + name
        if key not in self._cache:
            self._cache[key] = _instants(self.series(name), name, self._kind == "mapping")
        return self._cache[key]  # type: ignore[no-any-return]

    def day(self, name: str) -> npt.NDArray[np.int64]:
        """The Asia/Shanghai date of an instant column, as days since 1970-01-01 (NaT: min)."""
        key = "day:" + name
        if key not in self._cache:
            ns = self.instant(name)
            present = ns != NAT
            if present.any() and ns[present].min() < _FIXED_FROM_NS:
                raise InvalidValueError(
                    name, "an instant before 1992", "instants from 1992 on (UTC+8 in Shanghai)"
                )
            days = np.where(present, (ns + _SHANGHAI_NS) // _DAY_NS, NAT)
            self._cache[key] = days
        return self._cache[key]  # type: ignore[no-any-return]

    def date(self, name: str) -> npt.NDArray[np.int64]:
        """A date column as days since 1970-01-01 (missing: int64 min)."""
        key = "date:" + name
        if key not in self._cache:
            self._cache[key] = _dates(self.series(name), name)
        return self._cache[key]  # type: ignore[no-any-return]

    def number(self, name: str) -> npt.NDArray[np.float64]:
        """A numeric column as float64 (missing: NaN).

        Raises:
            InvalidValueError: The column holds text (``"1"``), booleans (a rating of
                ``True`` is not grade 1) or numbers too large for a float.
        """
        key = "number:" + name
        if key not in self._cache:
            s = self.series(name)
            _check_values(self, name, _is_number, "numbers (not text or booleans)", "iuf")
            try:
                values = s.to_numpy(dtype=np.float64, na_value=np.nan)
            except (TypeError, ValueError, OverflowError):
                raise InvalidValueError(name, str(s.dtype), "numbers a float can hold") from None
            self._cache[key] = np.asarray(values, dtype=np.float64)
        return self._cache[key]  # type: ignore[no-any-return]

    def flag(self, name: str) -> npt.NDArray[np.bool_]:
        """A boolean column (missing: False; `missing` tells which were missing).

        Raises:
            InvalidValueError: The column holds anything but ``True`` and ``False``: text such
                as ``"否"``, ``"false"`` or ``"0"`` is never read by its truthiness.
        """
        key = "flag:" + name
        if key not in self._cache:
            s = self.series(name)
            _check_values(self, name, _is_bool, "True or False (not text or numbers)", "b")
            missing = self.missing(name)
            values = s.where(~missing, False).to_numpy()
            self._cache[key] = np.asarray(values, dtype=np.bool_)
        return self._cache[key]  # type: ignore[no-any-return]

    def missing(self, name: str) -> npt.NDArray[np.bool_]:
        """Which values of the column are missing (null, None, NaN, NaT)."""
        key = "missing:" + name
        if key not in self._cache:
            self._cache[key] = np.asarray(self.series(name).isna().to_numpy(), dtype=np.bool_)
        return self._cache[key]  # type: ignore[no-any-return]

    def codes(self, name: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any]]:
        """The column factorized: an int64 code per row and the distinct values (missing: -1)."""
        key = "codes:" + name
        if key not in self._cache:
            pd = pandas()
            try:
                codes, uniques = pd.factorize(self.series(name), use_na_sentinel=True)
            except TypeError:  # lists or dicts in the cells
                raise InvalidValueError(
                    name, "unhashable values", "text, numbers, dates or flags in each cell"
                ) from None
            labels = np.asarray(uniques.astype(object) if hasattr(uniques, "astype") else uniques)
            self._cache[key] = (np.asarray(codes, dtype=np.int64), labels)
        return self._cache[key]  # type: ignore[no-any-return]

    def isin(self, name: str, values: tuple[object, ...]) -> npt.NDArray[np.bool_]:
        """Which rows hold one of ``values`` in column ``name``."""
        codes, uniques = self.codes(name)
        wanted = np.asarray([any(u == v for v in values) for u in uniques], dtype=np.bool_)
        if wanted.size == 0:
            return np.zeros(self.n, dtype=np.bool_)
        return np.asarray(np.where(codes >= 0, wanted.take(np.maximum(codes, 0)), False))

    # -- derived facts of the indicators --------------------------------------------------------

    def _derived(self, key: str, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def accepted(self) -> npt.NDArray[np.bool_]:
        """Accepted cases (受理): ``accepted_at`` present."""
        return self._derived("accepted", lambda: self.instant("accepted_at") != NAT)  # type: ignore[no-any-return]

    @property
    def completed(self) -> npt.NDArray[np.bool_]:
        """Completed cases (办结): accepted, with a ``completed_at``."""
        return self._derived(  # type: ignore[no-any-return]
            "completed", lambda: self.accepted & (self.instant("completed_at") != NAT)
        )

    @property
    def in_center(self) -> npt.NDArray[np.bool_]:
        """Accepted in the center (``accepted_in == "center"``)."""
        return self._derived(  # type: ignore[no-any-return]
            "in_center", lambda: self.accepted & self.isin("accepted_in", ("center",))
        )

    def _timeliness(self, column: str, due: str, *acts: str) -> npt.NDArray[np.int64]:
        """Per completed case: early, on time or late against a limit (`_EARLY`, ...; -1).

        The case's own verdict (``committed_timeliness`` / ``statutory_timeliness``, as
        `records_from_cases` writes them: measured at the due instant, Civil Code art. 203,
        or the end of a working-hour limit) where the records carry one that is not
        ``pending``; otherwise the Asia/Shanghai date of the first of ``acts`` present (the
        act the limit is measured at) against the due date.
        """
        due_day = self.date(due)
        done: npt.NDArray[np.int64] | None = None
        for name in reversed(acts):
            if self.has(name):
                day = self.day(name)
                done = day if done is None else np.where(day != NAT, day, done)
        if done is None:
            done = np.full(self.n, NAT, dtype=np.int64)
        known = self.completed & (due_day != NAT) & (done != NAT)
        # early 0, on time 1, late 2: the sign of the difference, shifted (gaps masked after)
        codes: npt.NDArray[np.int64] = np.sign(done - due_day) + 1
        codes[~known] = _UNKNOWN
        if self.has(column):
            labels, uniques = self.codes(column)
            table = np.asarray(
                [_TIMELINESS_CODES.get(u, _UNKNOWN) if isinstance(u, str) else _UNKNOWN
                 for u in uniques.tolist()] + [_UNKNOWN],
                dtype=np.int64,
            )  # fmt: skip
            given = table[np.where(labels < 0, len(uniques), labels)]
            codes = np.where(self.completed & (given != _UNKNOWN), given, codes).astype(np.int64)
        return codes

    @property
    def committed_timeliness(self) -> npt.NDArray[np.int64]:
        """Committed timeliness of completed cases, measured at 办结 (the whole service)."""
        return self._derived(  # type: ignore[no-any-return]
            "committed_timeliness",
            lambda: self._timeliness("committed_timeliness", "committed_due", "completed_at"),
        )

    @property
    def statutory_timeliness(self) -> npt.NDArray[np.int64]:
        """Statutory timeliness of completed cases, measured at the decision (art. 42).

        Delivery has its own clock (art. 44); the completion stands in when the records carry
        no decision instant.
        """
        return self._derived(  # type: ignore[no-any-return]
            "statutory_timeliness",
            lambda: self._timeliness(
                "statutory_timeliness", "statutory_due", "decided_at", "completed_at"
            ),
        )

    @property
    def on_time(self) -> npt.NDArray[np.bool_]:
        """Completed on time by the committed limit (early or on its due date)."""
        return self._derived(  # type: ignore[no-any-return]
            "on_time", lambda: np.isin(self.committed_timeliness, (_EARLY, _ON_TIME))
        )

    @property
    def early(self) -> npt.NDArray[np.bool_]:
        """Completed on a day before the committed due date (提前办结)."""
        return self._derived("early", lambda: self.committed_timeliness == _EARLY)  # type: ignore[no-any-return]

    @property
    def overdue(self) -> npt.NDArray[np.bool_]:
        """Completed late by the committed limit (超期办结)."""
        return self._derived("overdue", lambda: self.committed_timeliness == _LATE)  # type: ignore[no-any-return]

    @property
    def statutory_overdue(self) -> npt.NDArray[np.bool_]:
        """Completed cases decided after the statutory limit."""
        return self._derived(  # type: ignore[no-any-return]
            "statutory_overdue", lambda: self.statutory_timeliness == _LATE
        )

    @property
    def handling_days(self) -> npt.NDArray[np.int64]:
        """Working days from acceptance to completion, suspended days excluded (0 if open).

        Counted as the working days in (acceptance date, completion date] of the calendar,
        minus ``suspended_working_days``, and never below 0 (convention).
        """

        def make() -> npt.NDArray[np.int64]:
            done = self.completed
            out = np.zeros(self.n, dtype=np.int64)
            if done.any():
                if self._calendar is None:
                    raise InvalidValueError(
                        "calendar",
                        None,
                        "a WorkCalendar: handling days count working days (pass calendar=)",
                    )
                a = self.day("accepted_at")[done].astype("datetime64[D]")
                b = self.day("completed_at")[done].astype("datetime64[D]")
                days = self._calendar.working_days_between(a, b)
                raw = np.nan_to_num(self.number("suspended_working_days")[done])
                suspended = np.clip(raw, 0, _MAX_COUNT).astype(np.int64)
                out[done] = np.maximum(days - suspended, 0)
            return out

        return self._derived("handling_days", make)  # type: ignore[no-any-return]

    @property
    def rating(self) -> npt.NDArray[np.int64]:
        """The 好差评 grade 1..5 of rated cases, 0 where not rated."""
        return self._derived(  # type: ignore[no-any-return]
            "rating",
            lambda: np.where(
                np.isin(self.number("rating"), _GRADES), self.number("rating"), 0
            ).astype(np.int64),
        )


_GRADES = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
_MAX_COUNT = 36_600  # no count of days in a record can exceed a century
# The range of pandas' nanosecond instants, in days since 1970-01-01.
_NS_FIRST_DAY = (dt.date(1677, 9, 22) - dt.date(1970, 1, 1)).days
_NS_LAST_DAY = (dt.date(2262, 4, 10) - dt.date(1970, 1, 1)).days


_INFERRED = {
    "iuf": {"integer", "floating", "mixed-integer-float", "empty"},
    "b": {"boolean", "empty"},
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _is_bool(value: object) -> bool:
    return isinstance(value, bool | np.bool_)


def _check_values(cols: RecordColumns, name: str, accept: Any, expected: str, kinds: str) -> None:
    """Refuse a column whose dtype or distinct values are not of the accepted kind."""
    s = cols.series(name)
    kind = getattr(s.dtype, "kind", "O")
    if kind in kinds:
        return
    if kind != "O":
        raise InvalidValueError(name, str(s.dtype), expected)
    # pandas infers the kinds of the values in C; distinct values would not do, since
    # False == 0 and True == 1 hash alike and one would hide the other
    inferred = pandas().api.types.infer_dtype(s, skipna=True)
    if inferred in _INFERRED[kinds]:
        return
    bad = next((v for v in s.dropna().tolist() if not accept(v)), inferred)
    raise InvalidValueError(name, bad, expected)


def _as_ns(values: Any, name: str) -> npt.NDArray[np.int64]:
    """``datetime64`` values of any unit as int64 nanoseconds, refusing what would wrap around.

    Casting a ``datetime64[s]`` of 9999-12-31 to nanoseconds silently gives a date in 1816;
    that is refused here with the column, the value and the range.
    """
    values = np.asarray(values)
    if values.dtype != np.dtype("datetime64[ns]"):
        days = values.astype("datetime64[D]").view(np.int64)
        present = days != NAT
        if present.any():
            low, high = days[present].min(), days[present].max()
            if low < _NS_FIRST_DAY or high > _NS_LAST_DAY:
                bad = high if high > _NS_LAST_DAY else low
                raise InvalidValueError(
                    name,
                    str(np.datetime64(int(bad), "D")),
                    "instants from 1677-09-22 to 2262-04-10 (pandas' nanosecond range)",
                )
        values = values.astype("datetime64[ns]")
    return np.asarray(values).view(np.int64)


def _polars_series(s: Any) -> Any:
    pd = pandas()
    dtype = s.dtype
    tz = getattr(dtype, "time_zone", None)
    if type(dtype).__name__ == "Datetime":
        if tz is None:  # naive: fine for a date column, refused for an instant
            return pd.Series(s.to_numpy().astype("datetime64[ns]"))
        values = s.dt.convert_time_zone("UTC").dt.replace_time_zone(None).to_numpy()
        return pd.Series(values.astype("datetime64[ns]")).dt.tz_localize("UTC")
    if type(dtype).__name__ == "Date":
        return pd.Series(s.to_numpy().astype("datetime64[s]"))
    return pd.Series(s.to_numpy())


def _instants(s: Any, name: str, numpy_is_utc: bool) -> npt.NDArray[np.int64]:
    pd = pandas()
    dtype = s.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _as_ns(s.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(), name)
    if dtype.kind == "M":
        if not numpy_is_utc:
            raise InvalidValueError(name, str(dtype), "aware timestamps (with a time zone)")
        return _as_ns(s.to_numpy(), name)
    if s.isna().all():
        return np.full(len(s), NAT, dtype=np.int64)
    values = [v for v in s.dropna().tolist() if not isinstance(v, dt.datetime) or v.tzinfo is None]
    if values:
        raise InvalidValueError(name, values[0], "aware timestamps (with a time zone)")
    try:
        converted = pd.to_datetime(s, utc=True)
    except (TypeError, ValueError, OverflowError):
        raise InvalidValueError(
            name, str(dtype), "aware timestamps from 1677-09-22 to 2262-04-10"
        ) from None
    return _instants(converted, name, numpy_is_utc)


def _dates(s: Any, name: str) -> npt.NDArray[np.int64]:
    pd = pandas()
    dtype = s.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        raise InvalidValueError(name, str(dtype), "dates (not instants)")
    if dtype.kind == "M":  # in the column's own unit: 9999-12-31 stays 9999-12-31
        values = np.asarray(s.to_numpy()).astype("datetime64[D]")
        return values.view(np.int64)
    if s.isna().all():
        return np.full(len(s), NAT, dtype=np.int64)
    bad = [v for v in s.dropna().tolist() if type(v) is not dt.date]
    if bad:
        raise InvalidValueError(name, bad[0], "dates")
    epoch = dt.date(1970, 1, 1).toordinal()
    return np.asarray(
        [NAT if v is None or v != v else v.toordinal() - epoch for v in s.tolist()],
        dtype=np.int64,
    )


def required_calendar(calendar: object) -> Any:
    """The calendar a function counts working days on: required, never a silent default.

    A `ProvisionalCalendar` is accepted wherever a `WorkCalendar` is (it is one).
    """
    from govservice.calendar import WorkCalendar

    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError(
            "calendar", calendar, "a WorkCalendar or ProvisionalCalendar (required, no default)"
        )
    return calendar
