"""What a case's records and its store row both work out: suspended days, a parallel case.

Shared by `govservice.metrics.records_from_cases` and the case store's state rows, so the two
give the same row for the same case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

_DAY = dt.timedelta(days=1)


def suspended_working_days(suspensions: Iterable[Any], accepted_on: dt.date, calendar: Any) -> int:
    """Working days of finished suspensions, counted from the day after acceptance.

    A suspension starting on the day of acceptance does not suspend a working day: handling
    days count from the next day (Civil Code art. 201).
    """
    suspended = 0
    for s in suspensions:
        first = max(s.start, accepted_on + _DAY)
        if first <= s.end:
            suspended += calendar.working_days_between(first - _DAY, s.end)
    return int(suspended)


def limit_working_days(
    limit: Any, accepted_on: dt.date, calendar: Any, cache: dict[Any, Any]
) -> int:
    """A limit in working days as the records count it: its amount, 0 for hours or immediate.

    A natural-day limit counts the working days to the due date `deadline()` gives it without
    suspensions: the n-th calendar day, or the first working day after it (Civil Code art.
    203), worked out without building a `Deadline`. Past the calendar's data, `deadline()`
    raises its own error. ``cache`` keeps the answers by (amount, day); it is emptied past
    50,000 of them.
    """
    unit = limit.unit.value
    if unit == "working_days":
        return int(limit.amount)
    if unit != "natural_days":
        return 0
    key = (limit.amount, accepted_on)
    found = cache.get(key)
    if found is None:
        ordinal = accepted_on.toordinal() + int(limit.amount)
        if ordinal > calendar.coverage.end.toordinal():
            from govservice.calendar import deadline

            deadline(accepted_on, limit, calendar)  # CalendarCoverageError, naming the limit
        due = calendar.add_working_days(dt.date.fromordinal(ordinal), 0)
        if len(cache) > 50_000:
            cache.clear()
        found = cache[key] = int(calendar.working_days_between(accepted_on, due))
    return int(found)


class ParallelFacts(NamedTuple):
    """The values of a parallel case's row that are worked out, not read off the case."""

    outcome: str | None
    completed_at: dt.datetime | None
    committed_due: dt.date | None
    statutory_due: dt.date | None
    committed_working_days: int
    suspended_working_days: int
    extended_working_days: int


def parallel_facts(case: Any, calendar: Any) -> ParallelFacts:
    """The worked-out values of a parallel case's row (`govservice.approval.ParallelCase`).

    One acceptance and one delivery by the lead window (Administrative Licensing Law art.
    26); the committed limit is the plan's overall limit, in working days from acceptance.
    While the clocks are stopped no due date runs: the committed one is None, and the
    statutory one too under an art. 45 reason (a local rule never stops it), so a suspended
    case is not listed as overdue.
    """
    from govservice.calendar import deadline

    state = case.state._value_
    result = case.outcome
    outcome = (
        "withdrawn" if state == "withdrawn"
        else result.value if state == "completed" and result is not None
        else None
    )  # fmt: skip
    reason = case.suspension_reason if case.suspended_since is not None else None
    accepted_on = case.accepted_on
    due = deadline(accepted_on, case.plan.overall_limit, calendar).due_date
    return ParallelFacts(
        outcome=outcome,
        completed_at=case.completed_at if state == "completed" else None,
        committed_due=case.due_date if reason is None else None,
        statutory_due=(case.statutory_due_date if reason is None or not reason.statutory else None),
        committed_working_days=int(calendar.working_days_between(accepted_on, due)),
        suspended_working_days=suspended_working_days(case.suspensions, accepted_on, calendar),
        extended_working_days=sum(int(e.amount) for e in case.extensions),
    )
