"""The irregularities of electronic supervision, named once for the simulator and the detector.

`govservice.metrics` (the simulator) and `govservice.supervision` (the detector) both export
`Irregularity`; it lives here so that neither imports the other.
"""

from __future__ import annotations

import enum

__all__ = ["Irregularity"]


class Irregularity(enum.StrEnum):
    """An irregular way of handling a case (county scheme, item 11).

    `govservice.metrics.simulate` injects them (its ``injected`` column) and
    `govservice.supervision.find_irregularities` finds them (its ``rule`` column), under the
    same names.

    Examples:
        >>> Irregularity("off_system").name, list(Irregularity)[0].value
        ('OFF_SYSTEM', 'listed_not_entered')
    """

    #: 明进暗不进: listed as handled in the center, accepted in the department.
    LISTED_NOT_ENTERED = "listed_not_entered"
    #: 两头受理: one application accepted twice, or in the center and the department both.
    DOUBLE_ACCEPTANCE = "double_acceptance"
    #: 体外循环: decided or completed with no acceptance in the system, or out of order.
    OFF_SYSTEM = "off_system"
    #: 超期无说明: completed past its due date, no suspension or extension recorded.
    OVERDUE_UNEXPLAINED = "overdue_unexplained"
