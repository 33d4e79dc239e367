"""The hook through which outside rules (separation of duties) veto an act before it is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from govservice._trace import Trace

__all__ = ["Guard", "ProposedAct"]


@attrs.frozen
class ProposedAct:
    """An act about to be recorded in a case's trace, as a guard sees it.

    A guard is any callable taking a `ProposedAct`; it returns ``None`` to let the act through
    and raises a `GovServiceError` (a ``SeparationError``, say) to veto it. It runs after the
    case has checked that the act is allowed in its state and before anything is appended, so
    a vetoed act leaves the case exactly as it was.

    Args:
        case_id: The case the act is for.
        action: The action's name as recorded in the trace ("accept", "review", "approve",
            "decide", ...).
        by: Who would act.
        at: When (aware).
        data: What the act would record.
        trace: The case's trace before the act (who did what so far).
        matter_code: The matter of the case, when it has one.
        department: The department acting, when the act names one (a parallel step's).
        step_id: The parallel-approval step acted on, if any.

    Examples:
        >>> import datetime as dt
        >>> from govservice.matters import Trace
        >>> act = ProposedAct("C1", "approve", "王五", dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC),
        ...                   {}, Trace())
        >>> act.action, act.step_id
        ('approve', None)
    """

    case_id: str
    action: str
    by: str
    at: dt.datetime
    data: Mapping[str, Any]
    trace: Trace
    matter_code: str | None = None
    department: str | None = None
    step_id: str | None = None


#: A guard: called with each proposed act; raises to veto it.
Guard = Callable[[ProposedAct], None]
