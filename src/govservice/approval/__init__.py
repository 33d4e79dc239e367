"""govservice.approval: parallel approval (并联审批) and separation of duties (审管分离).

Examples:
    >>> import datetime as dt
    >>> from govservice.calendar import china
    >>> from govservice.approval import construction_project_plan
    >>> plan = construction_project_plan()
    >>> figures = plan.compare(china())
    >>> figures.parallel_working_days < figures.serial_working_days
    True
"""

from govservice.approval._gantt import gantt
from govservice.approval._parallel import (
    Decision,
    Outcome,
    Overview,
    ParallelCase,
    ParallelState,
    Task,
    TaskStatus,
)
from govservice.approval._plan import (
    ApprovalPlan,
    Join,
    JoinMode,
    Stage,
    Step,
    TimeoutPolicy,
    construction_project_plan,
)
from govservice.approval._schedule import Comparison, Schedule, ScheduledStep

__all__ = [
    "ApprovalPlan",
    "Comparison",
    "Decision",
    "Join",
    "JoinMode",
    "Outcome",
    "Overview",
    "ParallelCase",
    "ParallelState",
    "Schedule",
    "ScheduledStep",
    "Stage",
    "Step",
    "Task",
    "TaskStatus",
    "TimeoutPolicy",
    "construction_project_plan",
    "gantt",
]
