"""Monitoring of the public side: open rectifications and unanswered inquiries on a day.

A bad review or complaint opens a rectification with its own working-day clock; an inquiry
has its first responder and the center's limit for an answer (首问责任制). Monitoring lists
what is still open on a day, most urgent first, with the working days left (negative once
past the due date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from govservice._errors import InvalidValueError
from govservice._extras import pandas
from govservice.matters import Case, CaseFeedback, Inquiry

if TYPE_CHECKING:
    from govservice.approval import ParallelCase
    from govservice.calendar import ProvisionalCalendar, WorkCalendar

__all__ = ["open_rectifications", "unanswered_inquiries"]

_SH = ZoneInfo("Asia/Shanghai")


def _day(field: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a datetime.date")
    return value


def open_rectifications(
    feedbacks: Iterable[Case | ParallelCase | CaseFeedback],
    *,
    today: dt.date,
    calendar: WorkCalendar | ProvisionalCalendar,
) -> Any:
    """The rectifications open on ``today``, most urgent first, with their working days left.

    ``feedbacks`` are the cases, parallel cases (`govservice.approval.ParallelCase`) or their
    ``case.feedback`` views: the rectifications are read from the cases' own events, as they
    stood at the end of ``today``.

    Columns: ``case_id``, ``department`` (the case's department, the lead window of a
    parallel case; None for a bare view), ``rectification``, ``source`` (review, complaint),
    ``state``,
    ``opened_on``, ``due_date``, ``days_left`` (0 on the due date, negative once past),
    ``overdue``, ``real_name``, ``provisional`` (the due date counted on days a provisional
    calendar only estimates).

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> at = lambda m, d: dt.datetime(2025, m, d, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="张三",
        ...                    at=at(9, 29), calendar=china())
        >>> case = case.complain(channel="phone", person=None, text="推诿", at=at(9, 30),
        ...                      by="12345热线", policy=5)
        >>> table = open_rectifications([case], today=dt.date(2025, 10, 10), calendar=china())
        >>> row = table.iloc[0]
        >>> row["due_date"], int(row["days_left"]), bool(row["overdue"])
        (datetime.date(2025, 10, 14), 3, False)
    """
    from govservice.approval import ParallelCase

    pd = pandas()
    today = _day("today", today)
    rows = []
    for item in feedbacks:
        department: str | None = None
        if isinstance(item, Case | ParallelCase):
            fb, department = item.feedback, item.department
        elif isinstance(item, CaseFeedback):
            fb = item
        else:
            raise InvalidValueError(
                "feedbacks", type(item).__name__,
                "cases, parallel cases (or their CaseFeedback views)",
            )  # fmt: skip
        for r in fb.as_of(today).open_rectifications():
            rows.append(
                {
                    "case_id": fb.case_id,
                    "department": department,
                    "rectification": r.id,
                    "source": r.source.value,
                    "state": r.state.value,
                    "opened_on": r.opened_at.astimezone(_SH).date(),
                    "due_date": r.due_date,
                    "days_left": r.days_left(today, calendar=calendar),
                    "overdue": r.overdue(today),
                    "real_name": r.real_name,
                    "provisional": r.provisional,
                }
            )
    columns = ["case_id", "department", "rectification", "source", "state", "opened_on",
               "due_date", "days_left", "overdue", "real_name", "provisional"]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["days_left", "case_id", "rectification"], kind="stable").reset_index(
        drop=True
    )


def unanswered_inquiries(inquiries: Iterable[Inquiry], *, today: dt.date) -> Any:
    """The inquiries asked by ``today`` and not answered by then, most urgent first.

    Columns: ``inquiry_id``, ``first_responder``, ``responsible`` (the person answerable now,
    首问责任制), ``handovers``, ``asked_on``, ``due_date``, ``days_left``, ``overdue``.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import TimeLimit, china
        >>> from govservice.matters import Inquiry
        >>> sh = dt.timezone(dt.timedelta(hours=8))
        >>> q = Inquiry.open("Q-1", question="?", first_responder="王五",
        ...                  at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
        ...                  limit=TimeLimit.working_days(1), calendar=china())
        >>> unanswered_inquiries([q], today=dt.date(2025, 3, 5))["overdue"].tolist()
        [True]
    """
    pd = pandas()
    today = _day("today", today)
    rows = []
    for q in inquiries:
        if not isinstance(q, Inquiry):
            raise InvalidValueError("inquiries", type(q).__name__, "Inquiry values")
        known = q.as_of(today)
        if known is None or known.answered:
            continue
        rows.append(
            {
                "inquiry_id": known.inquiry_id,
                "first_responder": known.first_responder,
                "responsible": known.responsible,
                "handovers": len(known.handovers),
                "asked_on": known.asked_at.astimezone(_SH).date(),
                "due_date": known.due_date,
                "days_left": known.days_left(today),
                "overdue": known.overdue(today),
            }
        )
    columns = ["inquiry_id", "first_responder", "responsible", "handovers", "asked_on",
               "due_date", "days_left", "overdue"]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["days_left", "inquiry_id"], kind="stable").reset_index(drop=True)
