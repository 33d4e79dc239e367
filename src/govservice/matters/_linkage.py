"""Three-level linkage of one case (三级联动): each level's part, its limit and timeliness.

Zhoushan profile's Zhoushan center links city, county and township centers: a township center
accepts
and reviews, the county or city decides. The case keeps one trace: the lower level's part ends
at `Case.report_up` (上报, Administrative Licensing Law art. 43: review within 20 working days
of acceptance; art. 35: the higher level does not ask for the materials again), the higher
level's part at its decision. `linkage` reads both parts off the case and places them in a
`CenterHierarchy`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from govservice._errors import InvalidValueError
from govservice._lifecycle import TimelinessStatus, timeliness_of
from govservice.calendar import TimeLimit, deadline
from govservice.matters._case import LOWER_REVIEW_DAYS, Case
from govservice.matters._catalog import Catalog
from govservice.matters._hierarchy import CenterHierarchy
from govservice.matters._model import CenterLevel

__all__ = ["LevelPart", "linkage"]


@attrs.frozen
class LevelPart:
    """One level's part of a case handled across levels.

    Args:
        center: The center (an id of the hierarchy).
        level: Its level.
        role: ``accept`` (受理、初审, then 上报) or ``decide`` (决定).
        started_at: When its part began (acceptance; the report reaching it).
        ended_at: When its part ended (the report up; the decision), None while running.
        limit: Its own limit.
        due_date: The last day of that limit (None before the part starts).
        timeliness: Early, on time, late, or pending while running.

    Examples:
        >>> import datetime as dt
        >>> from govservice.matters import TimelinessStatus
        >>> part = LevelPart("城关镇便民服务中心", CenterLevel.TOWNSHIP, "accept", None, None,
        ...                  TimeLimit.working_days(20), None, TimelinessStatus.PENDING)
        >>> part.role, part.level.value
        ('accept', 'township')
    """

    center: str
    level: CenterLevel
    role: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    limit: TimeLimit
    due_date: dt.date | None
    timeliness: TimelinessStatus


def linkage(
    case: Case, hierarchy: CenterHierarchy, *, center: str, catalog: Catalog
) -> tuple[LevelPart, ...]:
    """The parts of ``case`` at each level: accepted at ``center``, decided where reported.

    The lower part runs from acceptance to `Case.report_up`, against 20 working days (art.
    43; ``case.lower_due_date``). The higher part runs from the report to the decision
    (approve or deny), against the statutory limit of the matter the case's matter reports to
    (``matter.reports_to`` in ``catalog``), counted on the case's calendar from the day of the
    report (convention). Both are measured as `Case.timeliness` measures (`timeliness_of`).

    Args:
        case: The case (one trace from submission to decision).
        hierarchy: The centers.
        center: The center that accepted the case.
        catalog: The catalogue holding the matter the case reports to.

    Returns:
        The lower part, then (once reported) the higher part.

    Raises:
        InvalidValueError: ``center`` or the center reported to is not in the hierarchy, the
            latter is not above the former, or the matter reports to no matter of
            ``catalog``.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog, sample_hierarchy
        >>> at = dt.datetime(2025, 9, 22, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> matter = sample_catalog()["990102101-XZ-001"]  # a township's 受理及初审
        >>> case = Case.submit(matter, case_id="XZ-1", applicant="张三", at=at, calendar=china())
        >>> case = case.accept(at=at.replace(hour=10), by="镇窗口")
        >>> case = case.review(at=at.replace(day=23), by="镇民政助理", opinion="初审同意")
        >>> case = case.report_up(at=at.replace(month=10, day=10), by="镇窗口",
        ...                       to="示例县政务服务中心")
        >>> case = case.approve(at=at.replace(month=11, day=21), by="县民政局")
        >>> lower, upper = linkage(case, sample_hierarchy(), center="城关镇便民服务中心",
        ...                        catalog=sample_catalog())
        >>> lower.timeliness.value, upper.center, upper.due_date, upper.timeliness.value
        ('early', '示例县政务服务中心', datetime.date(2025, 11, 20), 'late')
    """
    if not isinstance(case, Case):
        raise InvalidValueError("case", type(case).__name__, "a Case")
    lower = hierarchy[center]
    if case.matter.reports_to is None or case.matter.reports_to not in catalog:
        raise InvalidValueError(
            "case.matter.reports_to", case.matter.reports_to, "a matter of the catalogue"
        )
    upper_matter = catalog[case.matter.reports_to]
    parts = [
        LevelPart(
            lower.id,
            lower.level,
            "accept",
            case.accepted_at,
            case.reported_at,
            TimeLimit.working_days(LOWER_REVIEW_DAYS),
            case.lower_due_date,
            case.lower_timeliness,
        )
    ]
    if case.reported_to is None or case.reported_at is None:
        return tuple(parts)
    upper = hierarchy[case.reported_to]
    if not hierarchy.is_above(upper.id, lower.id):
        raise InvalidValueError(
            "case.reported_to", case.reported_to, f"a center above {lower.id} in the hierarchy"
        )
    due = deadline(case.reported_at, upper_matter.statutory_limit, case.calendar)
    parts.append(
        LevelPart(
            upper.id,
            upper.level,
            "decide",
            case.reported_at,
            case.decided_at,
            upper_matter.statutory_limit,
            due.due_date,
            timeliness_of(case.decided_at, due.due_date, due.due_at),
        )
    )
    return tuple(parts)
