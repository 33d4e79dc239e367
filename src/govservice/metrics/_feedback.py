"""The public side in the records: 好差评 and rectification columns, monitoring, and rollups.

- `feedback_columns` / `with_feedback`: each case's rating, complaint and rectification counts
  as of a day, read from the case's own events (``case.feedback``), as extra record columns
  (``rectifications``, ``rectified``, ``rectified_on_time``) that the indicators
  ``rectification_rate`` and ``on_time_rectification_rate`` read.
- `feedback_fields`: the ``rating`` and ``complaint`` columns `records_from_cases` fills.
- `rollup_indicators`: indicators of every center of a `CenterHierarchy` over its subtree (a
  county includes its townships, a city its counties), from one pass of additive partials, on
  pandas or Dask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from govservice._errors import InvalidValueError
from govservice.matters import Case, CaseFeedback, CenterHierarchy, RectificationSource
from govservice.metrics._indicators import (
    INDICATORS,
    Indicator,
    Partials,
    indicators_from_partials,
    merge_partials,
    partials,
)
from govservice.metrics._table import pandas

if TYPE_CHECKING:
    from govservice.calendar import WorkCalendar

__all__ = [
    "FEEDBACK_COLUMNS",
    "feedback_columns",
    "feedback_fields",
    "rollup_indicators",
    "with_feedback",
]

#: The record columns `feedback_columns` gives, beside ``rating`` and ``complaint``.
FEEDBACK_COLUMNS = (
    "rectifications",
    "rectified",
    "rectified_on_time",
    "real_name_bad_reviews",
    "real_name_called_back",
)


def _day(field: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a datetime.date")
    return value


def feedback_fields(case: Case) -> dict[str, object]:
    """The ``rating`` and ``complaint`` record columns of a case, from its own events.

    ``rating``: the latest grade (None if unrated); ``complaint``: whether a complaint was
    made. `records_from_cases` fills both from here.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> at = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="张三",
        ...                    at=at, calendar=china())
        >>> feedback_fields(case.rate(4, channel="online", person="张三", at=at))
        {'rating': 4, 'complaint': False}
    """
    feedback = case.feedback
    return {"rating": feedback.grade, "complaint": bool(feedback.complaints)}


def _views(feedbacks: Iterable[Case | CaseFeedback]) -> Iterable[CaseFeedback]:
    for item in feedbacks:
        if isinstance(item, Case):
            yield item.feedback
        elif isinstance(item, CaseFeedback):
            yield item
        else:
            raise InvalidValueError(
                "feedbacks", type(item).__name__, "cases (or their CaseFeedback views)"
            )


def feedback_columns(
    feedbacks: Iterable[Case | CaseFeedback], *, today: dt.date
) -> dict[str, dict[str, object]]:
    """Per case id, its 好差评 columns as of ``today`` (events of later days ignored).

    Read from the cases' own events: give the cases (or their ``case.feedback`` views).

    ``rating``: the latest grade (None if unrated); ``complaint``: any complaint;
    ``rectifications``: rectifications that count (not found unfounded, not set aside on
    appeal, by ``today``); ``rectified``: of these, rectified and answered by ``today``;
    ``rectified_on_time``: of these, answered by their due date; ``real_name_bad_reviews``:
    bad reviews by a named person that count; ``real_name_called_back``: of these, answered
    (回访). The mapping is what `records_from_cases`' ``extra`` takes.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> at = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="张三",
        ...                    at=at, calendar=china())
        >>> case = case.rate(2, channel="window", person="张三", at=at, policy=5)
        >>> feedback_columns([case], today=dt.date(2025, 3, 31))["C-1"]["rectifications"]
        1
    """
    today = _day("today", today)
    out: dict[str, dict[str, object]] = {}
    for fb in _views(feedbacks):
        if fb.case_id in out:
            raise InvalidValueError("feedbacks", fb.case_id, "one record per case id")
        known = fb.as_of(today)
        counted = [r for r in known.rectifications if r.counted]
        done = [r for r in counted if r.outcome is not None]
        named = [r for r in counted if r.real_name and r.source is RectificationSource.REVIEW]
        out[fb.case_id] = {
            "rating": known.grade,
            "complaint": bool(known.complaints),
            "rectifications": len(counted),
            "rectified": len(done),
            "rectified_on_time": sum(1 for r in done if r.on_time),
            "real_name_bad_reviews": len(named),
            "real_name_called_back": sum(1 for r in named if r.outcome is not None),
        }
    return out


def with_feedback(records: Any, feedbacks: Iterable[Case | CaseFeedback], *, today: dt.date) -> Any:
    """A copy of pandas ``records`` with each case's 好差评 columns as of ``today``.

    ``feedbacks`` are the cases (or their ``case.feedback`` views): ratings, complaints and
    rectifications are read from the cases' own events. ``rating`` and ``complaint`` are
    replaced for the cases given (kept elsewhere); the `FEEDBACK_COLUMNS` are added (0 for
    cases not given). A case not in the records is refused.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 3), seed=1, cases_per_day=20)
        >>> added = set(with_feedback(records, [], today=dt.date(2025, 3, 31)).columns)
        >>> sorted(added - set(records.columns)) == sorted(FEEDBACK_COLUMNS)
        True
    """
    pd = pandas()
    if not isinstance(records, pd.DataFrame):
        raise InvalidValueError("records", type(records).__name__, "a pandas DataFrame")
    columns = feedback_columns(feedbacks, today=today)
    out = records.copy()
    ids = out["case_id"].astype(str)
    unknown = sorted(set(columns) - set(ids))
    if unknown:
        raise InvalidValueError("feedbacks", unknown[:5], "case ids of the records")
    for name in FEEDBACK_COLUMNS:
        out[name] = ids.map(lambda c, n=name: columns[c][n] if c in columns else 0).astype("int64")
    has = ids.isin(list(columns))
    grades = ids.map(lambda c: columns[c]["rating"] if c in columns else None)
    rating = out["rating"].astype("Int64") if "rating" in out else pd.Series(pd.NA, index=out.index)
    out["rating"] = rating.where(~has, grades.astype("Int64"))
    before = out["complaint"] if "complaint" in out else pd.Series(False, index=out.index)
    after = ids.map(lambda c: columns[c]["complaint"] if c in columns else False)
    out["complaint"] = before.astype(bool).where(~has, after).astype(bool)
    return out


def _partials_of(records: Any, options: Mapping[str, Any]) -> Partials:
    from govservice.metrics._table import _kind_of

    if _kind_of(records) != "dask":
        return partials(records, **options)
    from dask.base import compute
    from dask.delayed import delayed

    run: Any = compute
    pieces = [delayed(partials)(part, **options) for part in records.to_delayed()]
    (result,) = run(delayed(merge_partials)(pieces))
    return result  # type: ignore[no-any-return]


def rollup_indicators(
    records: Any,
    hierarchy: CenterHierarchy,
    *,
    period: str | None = "month",
    indicators: Sequence[Indicator] = INDICATORS,
    calendar: WorkCalendar | None = None,
    check: bool = True,
) -> Any:
    """The indicators of every center of ``hierarchy`` over itself and every center under it.

    One pass computes additive partials per center (and period); each center's row is the
    exact merge of its subtree's partials, so a county's figures include its townships' and a
    city's its counties' (三级联动, Zhoushan profile). pandas or Dask records give the same table.

    Args:
        records: Case records whose ``center`` column names centers of ``hierarchy``.
        hierarchy: The centers and which one each sits under.
        period: As `compute_indicators`.
        indicators: As `compute_indicators`.
        calendar: As `compute_indicators`.
        check: As `compute_indicators`.

    Returns:
        A pandas DataFrame: ``center``, ``level``, ``period`` (unless None), then the
        indicators; one row per center and period with accepted cases in its subtree.

    Raises:
        InvalidValueError: A record names a center that is not in the hierarchy.

    Examples:
        >>> import datetime as dt
        >>> import pandas as pd
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog, sample_hierarchy, CenterLevel
        >>> from govservice.metrics import simulate
        >>> def month(center, level, seed):
        ...     r = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                  dt.date(2025, 3, 7), seed=seed, cases_per_day=20,
        ...                  center=center, level=level)
        ...     return r.assign(case_id=center[:3] + r["case_id"].astype(str))
        >>> records = pd.concat([month("示例县政务服务中心", CenterLevel.COUNTY, 1),
        ...                      month("城关镇便民服务中心", CenterLevel.TOWNSHIP, 2)],
        ...                     ignore_index=True)
        >>> table = rollup_indicators(records, sample_hierarchy(), period=None,
        ...                           calendar=china())
        >>> volume = dict(zip(table["center"], table["acceptance_volume"]))
        >>> accepted = int(records["accepted_at"].notna().sum())
        >>> volume["示例市政务服务中心"] == volume["示例县政务服务中心"] == accepted
        True
        >>> table["level"].tolist()
        ['city', 'county', 'township']
    """
    pd = pandas()
    if not isinstance(hierarchy, CenterHierarchy):
        raise InvalidValueError("hierarchy", type(hierarchy).__name__, "a CenterHierarchy")
    options = {"by": ("center",), "period": period, "indicators": tuple(indicators),
               "calendar": calendar, "check": check}  # fmt: skip
    base = _partials_of(records, options)
    seen = {str(c) for c in base.sums["center"].tolist()}
    unknown = sorted(c for c in seen if c not in hierarchy)
    if unknown:
        raise InvalidValueError("records.center", unknown[:5], "centers of the hierarchy")

    def relabel(frame: Any, members: set[str], node: str) -> Any:
        part = frame[frame["center"].astype(str).isin(members)].copy()
        part["center"] = node
        return part

    pieces = []
    for center in hierarchy:
        members = set(hierarchy.subtree(center.id))
        if not members & seen:
            continue
        pieces.append(
            Partials(
                base.keys,
                relabel(base.sums, members, center.id),
                relabel(base.matters, members, center.id),
                relabel(base.histograms, members, center.id),
            )
        )
    if not pieces:
        return indicators_from_partials(base, indicators).assign(level=pd.Series(dtype=str))
    table = indicators_from_partials(merge_partials(pieces), indicators)
    levels = {c.id: c.level.value for c in hierarchy}
    table.insert(1, "level", table["center"].map(levels).astype(str))
    order = {c.id: i for i, c in enumerate(hierarchy)}
    keys = ["__order__", *(["period"] if period is not None else [])]
    table["__order__"] = table["center"].map(order)
    table = table.sort_values(keys, kind="stable").drop(columns="__order__")
    return table.reset_index(drop=True)
