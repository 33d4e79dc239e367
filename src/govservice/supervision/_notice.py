"""Approvals notified to the departments that supervise them (审批结果推送, 审管衔接).

审管分离 keeps approval and supervision apart; what joins them again is notification: every
approval is sent to the department the directory names as supervising the matter, and that
department's supervision (its monthly archive spot check among it) draws from what it was
sent. The directory's `DutyFunction` entries of kind ``supervision`` say who supervises what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import attrs

from govservice._errors import InvalidValueError
from govservice.supervision._separation import (
    ActRole,
    Directory,
    TracedCase,
    acts_of,
    identity_key,
)

__all__ = ["ApprovalNotice", "archive_check_targets", "notify_approvals"]

_SHANGHAI = ZoneInfo("Asia/Shanghai")


@attrs.frozen
class ApprovalNotice:
    """One approval notified to one supervising department.

    Args:
        case_id: The case approved.
        supervising_department: The department notified (it supervises the matter).
        approved_by: Who decided.
        approving_department: The department that decided, if known.
        matter_code: The matter's code.
        matter_type: The matter's type.
        decided_at: When it was decided (aware), if known.
        seq: The decision's position in the case's trace (the evidence).

    Examples:
        >>> ApprovalNotice("C1", "综合执法局", "赵局长").supervising_department
        '综合执法局'
    """

    case_id: str
    supervising_department: str
    approved_by: str
    approving_department: str | None = None
    matter_code: str | None = None
    matter_type: str | None = None
    decided_at: dt.datetime | None = None
    seq: int | None = None


def _approved(case: TracedCase, seq: int | None) -> bool:
    if seq is None:
        return False
    payload = case.trace.events[seq].payload
    action = payload.get("action")
    if action == "approve":
        return True
    data = payload.get("data") or {}
    return action == "decide" and data.get("outcome") == "approved"


def notify_approvals(
    cases: Iterable[TracedCase], directory: Directory
) -> tuple[ApprovalNotice, ...]:
    """The notices of every approval in ``cases``, one per supervising department.

    Denials are not notified (there is nothing to supervise). A parallel case's approved
    steps are notified each to the supervisors of the step's matter.

    Args:
        cases: `Case` values or parallel cases.
        directory: Its ``supervision`` functions say who supervises each matter (by code or
            by type).

    Returns:
        The notices, case by case in the order given, each case's in trace order.

    Raises:
        InvalidValueError: An approved matter no department supervises: the directory must
            say who does (审管衔接 leaves no approval unsupervised).

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> from govservice.supervision import DutyFunction
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> food = sample_catalog()["990100-SJJ-001"]
        >>> case = Case.submit(food, case_id="C1", applicant="某食品公司",
        ...                    at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口A")
        >>> case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="李四")
        >>> case = case.approve(at=dt.datetime(2025, 3, 5, 10, tzinfo=sh), by="赵局长")
        >>> d = Directory(functions=[DutyFunction("综合执法局", "supervision", food.code)])
        >>> [(n.case_id, n.supervising_department) for n in notify_approvals([case], d)]
        [('C1', '综合执法局')]
    """
    if not isinstance(directory, Directory):
        raise InvalidValueError("directory", directory, "a Directory")
    notices: list[ApprovalNotice] = []
    for case in cases:
        for act in acts_of(case):
            if act.role is not ActRole.APPROVE or not _approved(case, act.seq):
                continue
            supervisors = directory.supervisors(act.matter_code, act.matter_type)
            if not supervisors:
                raise InvalidValueError(
                    "directory",
                    act.matter_code or act.matter_type,
                    "a department supervising the matter (a DutyFunction of kind supervision)",
                )
            notices.extend(
                ApprovalNotice(
                    case.case_id, department, act.person, act.department, act.matter_code,
                    act.matter_type, act.at, act.seq,
                )
                for department in supervisors
            )  # fmt: skip
    return tuple(notices)


def archive_check_targets(
    notices: Iterable[ApprovalNotice], department: str, *, start: dt.date, end: dt.date
) -> list[str]:
    """The cases notified to ``department`` and decided from ``start`` to ``end`` (Shanghai dates).

    What a supervising department's monthly archive spot check draws from: give them to
    `draw_inspection` as the targets.

    Examples:
        >>> import datetime as dt
        >>> sh = dt.timezone(dt.timedelta(hours=8))
        >>> notices = [ApprovalNotice("C1", "综合执法局", "赵局长",
        ...                           decided_at=dt.datetime(2025, 3, 5, 10, tzinfo=sh)),
        ...            ApprovalNotice("C2", "综合执法局", "赵局长",
        ...                           decided_at=dt.datetime(2025, 4, 1, 10, tzinfo=sh))]
        >>> archive_check_targets(notices, "综合执法局", start=dt.date(2025, 3, 1),
        ...                       end=dt.date(2025, 3, 31))
        ['C1']
    """
    for name, day in (("start", start), ("end", end)):
        if type(day) is not dt.date:
            raise InvalidValueError(name, day, "a datetime.date")
    if end < start:
        raise InvalidValueError("end", end.isoformat(), f"on or after start {start.isoformat()}")
    wanted = identity_key(department)
    found: dict[str, None] = {}
    for notice in notices:
        if identity_key(notice.supervising_department) != wanted or notice.decided_at is None:
            continue
        if start <= notice.decided_at.astimezone(_SHANGHAI).date() <= end:
            found.setdefault(notice.case_id)
    return list(found)
