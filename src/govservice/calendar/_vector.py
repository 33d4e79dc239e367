"""The array path of WorkCalendar: the same lookups as the scalar path, on numpy arrays.

Every function gives, element by element, exactly what the scalar method gives; NaT in gives NaT
(or, for counts, an error: an integer array has no missing value).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from govservice._errors import CalendarCoverageError, InvalidValueError

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.calendar._calendar import WorkCalendar

__all__ = ["add_working_days", "is_working_day", "working_days_between"]

_EPOCH = dt.date(1970, 1, 1)
_NAT = np.iinfo(np.int64).min


def _as_days(cal: WorkCalendar, value: object, field: str) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 as int64 (NaT as int64 min)."""
    if isinstance(value, dt.datetime):
        value = cal._local_date(value)
    if isinstance(value, dt.date):
        return np.asarray(value.toordinal() - _EPOCH.toordinal(), dtype=np.int64)
    array = np.asarray(value)
    if array.dtype.kind != "M":
        raise InvalidValueError(field, array.dtype, "a numpy datetime64 array")
    if array.dtype != np.dtype("datetime64[D]"):
        array = array.astype("datetime64[D]")
    return array.view(np.int64)


def _offsets(
    cal: WorkCalendar, value: object, field: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_] | None]:
    """Offsets into the calendar's tables, and the NaT mask when there is any NaT."""
    days = _as_days(cal, value, field)
    first = cal.coverage.start.toordinal() - _EPOCH.toordinal()
    offsets = days - first
    if offsets.size == 0:
        return offsets, None
    size = len(cal.coverage)
    if offsets.min() >= 0 and offsets.max() < size:
        return offsets, None
    nat = days == _NAT
    bad = ~nat & ((offsets < 0) | (offsets >= size))
    if bad.any():
        where = np.flatnonzero(bad.ravel())[0]
        try:
            date: object = _EPOCH + dt.timedelta(days=int(days.ravel()[where]))
        except OverflowError:  # beyond datetime.date: show the numpy value
            date = np.asarray(days).ravel()[where].astype("datetime64[D]")
        raise CalendarCoverageError(f"{field}[{where}]", date, cal.coverage.start, cal.coverage.end)
    return np.where(nat, 0, offsets), nat


def _as_counts(n: object) -> npt.NDArray[np.int64]:
    try:
        array = np.asarray(n)
    except OverflowError:
        raise InvalidValueError("n", n, "integers within int64") from None
    if array.dtype.kind not in "iu":
        raise InvalidValueError("n", n if array.ndim == 0 else array.dtype, "integers")
    if array.dtype.kind == "u" and array.size and array.max() > np.iinfo(np.int64).max:
        raise InvalidValueError("n", int(array.max()), "integers within int64")
    return array.astype(np.int64, copy=False)


def _check_shapes(a: Any, b: Any, first: str, second: str) -> None:
    """Refuse arrays that do not broadcast together, naming both and their shapes."""
    try:
        np.broadcast_shapes(np.shape(a), np.shape(b))
    except ValueError:
        raise InvalidValueError(
            f"{first}/{second}",
            f"shapes {np.shape(a)} and {np.shape(b)}",
            "arrays of one shape, or one of them a scalar",
        ) from None


def is_working_day(cal: WorkCalendar, day: object) -> npt.NDArray[np.bool_]:
    """Elementwise ``cal.is_working_day``; NaT is not a working day."""
    work = cal._index.arrays()[0]
    offsets, nat = _offsets(cal, day, "day")
    result = work.take(offsets)
    if nat is not None:
        result = np.where(nat, False, result)
    return np.asarray(result, dtype=np.bool_)


def add_working_days(cal: WorkCalendar, day: object, n: object) -> npt.NDArray[np.datetime64]:
    """Elementwise ``cal.add_working_days``, ``n`` broadcast against ``day``."""
    _, cum, before, days = cal._index.arrays()
    offsets, nat = _offsets(cal, day, "day")
    if isinstance(n, int) and not isinstance(n, bool) and abs(n) >= 2**62:
        raise cal._beyond(cal.coverage.start + dt.timedelta(days=int(offsets.ravel()[0])), n)
    if isinstance(n, int) and not isinstance(n, bool):
        k = cum.take(offsets) + (n - 1) if n > 0 else before.take(offsets) + n
        counts: Any = n
    else:
        counts = _as_counts(n)
        _check_shapes(offsets, counts, "day", "n")
        k = np.where(counts > 0, cum.take(offsets) + (counts - 1), before.take(offsets) + counts)
    if nat is not None:
        k = np.where(np.broadcast_to(nat, k.shape), 0, k)
    if k.size and (k.min() < 0 or k.max() >= days.size):
        _raise_beyond(cal, offsets, counts, k, days.size)
    result = days.take(k)
    if nat is not None:
        result = np.where(np.broadcast_to(nat, result.shape), _NAT, result)
    return np.asarray(np.asarray(result, dtype=np.int64).view("datetime64[D]"))


def _raise_beyond(cal: WorkCalendar, offsets: Any, counts: Any, k: Any, limit: int) -> None:
    bad = (k < 0) | (k >= limit)
    where = np.flatnonzero(bad.ravel())[0]
    offset = int(np.broadcast_to(offsets, k.shape).ravel()[where])
    count = int(np.broadcast_to(counts, k.shape).ravel()[where])
    day = cal.coverage.start + dt.timedelta(days=offset)
    raise cal._beyond(day, count)


def working_days_between(cal: WorkCalendar, start: object, end: object) -> npt.NDArray[np.int64]:
    """Elementwise ``cal.working_days_between``; NaT on either side raises."""
    cum = cal._index.arrays()[1]
    a, nat_a = _offsets(cal, start, "start")
    b, nat_b = _offsets(cal, end, "end")
    if nat_a is not None or nat_b is not None:
        raise InvalidValueError("start/end", "NaT", "dates: a count has no missing value")
    _check_shapes(a, b, "start", "end")
    return np.asarray(cum.take(b) - cum.take(a), dtype=np.int64)
