"""Classifying a case (办件) by the seeds' kinds, by a default policy a center can adjust."""

from __future__ import annotations

import attrs

from govservice._errors import InvalidValueError
from govservice._lifecycle import HandlingSystem
from govservice._validators import of_type, tuple_of
from govservice.calendar import LimitUnit, TimeLimit
from govservice.matters._model import CaseKind, Matter

__all__ = ["CaseFacts", "Classification", "ClassificationPolicy", "Reason", "classify"]


@attrs.frozen
class Reason:
    """Why a case got its kind, in Chinese and English.

    Examples:
        >>> Reason("需两个以上部门办理", "needs two or more departments").en
        'needs two or more departments'
    """

    zh: str
    en: str

    def text(self, locale: str = "zh_CN") -> str:
        """The reason in ``locale`` (zh_CN, zh_TW use the Chinese text; en the English)."""
        return self.en if locale.replace("-", "_").lower().startswith("en") else self.zh


def _departments(value: object) -> tuple[str, ...]:
    return tuple_of(str, "departments", value)


def _joint_codes(value: object) -> frozenset[str]:
    return frozenset(tuple_of(str, "joint_matters", value))


def _special_codes(value: object) -> frozenset[str]:
    return frozenset(tuple_of(str, "special_matters", value))


@attrs.frozen
class CaseFacts:
    """Facts of one application that can change its kind.

    Args:
        departments: Departments this application needs, when more than the matter's own.
        expert_review: It needs expert review (专家评审): an exception to 一审一核, not a kind.
        collective_decision: It needs a collective decision (集体讨论决定): likewise.
        special: Handled as 特事特办 (特办件).
        urgent: Marked urgent (急办件); a mark, not a kind.
        green_channel: On the green channel (绿色通道); a mark, not a kind.

    Examples:
        >>> CaseFacts(urgent=True).urgent
        True
    """

    departments: tuple[str, ...] = attrs.field(default=(), converter=_departments)
    expert_review: bool = attrs.field(default=False, validator=of_type(bool))
    collective_decision: bool = attrs.field(default=False, validator=of_type(bool))
    special: bool = attrs.field(default=False, validator=of_type(bool))
    urgent: bool = attrs.field(default=False, validator=of_type(bool))
    green_channel: bool = attrs.field(default=False, validator=of_type(bool))


@attrs.frozen
class ClassificationPolicy:
    """How a center classifies cases; the default follows Zhoushan profile's six handling systems.

    Rules, in order (the first that applies decides):

    1. special (特办件) when the matter or the application is handled as 特事特办 (003:
       特殊事项 → 特别办理制). Expert review or a collective decision does not make a case
       special: it is the exception to 一审一核, and a joint case needing it stays joint;
    2. reported (上报件) when the matter is decided at a higher level (``reports_to``;
       上报事项 → 指导办理制);
    3. joint (联办件) when two or more departments take part, or the matter is on the center's
       list of joint matters (联办事项 → 牵头办理制);
    4. immediate (即办件) when the committed limit is at most ``immediate_up_to`` (即办事项 →
       直接办理制);
    5. committed (承诺件) otherwise (一般事项 → 承诺办理制).

    Args:
        immediate_up_to: The longest committed limit still handled as immediate; default
            immediate only. A center that treats "2 working hours" as 即办 sets
            ``TimeLimit.working_hours(2)``.
        joint_matters: Codes of matters the center always handles jointly.
        special_matters: Codes of matters the center always handles as special.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> ClassificationPolicy(immediate_up_to=TimeLimit.working_hours(2)).immediate_up_to.amount
        2
    """

    immediate_up_to: TimeLimit = attrs.field(
        factory=TimeLimit.immediate, validator=of_type(TimeLimit)
    )
    joint_matters: frozenset[str] = attrs.field(default=frozenset(), converter=_joint_codes)
    special_matters: frozenset[str] = attrs.field(default=frozenset(), converter=_special_codes)

    def __attrs_post_init__(self) -> None:
        if self.immediate_up_to.unit not in (LimitUnit.IMMEDIATE, LimitUnit.WORKING_HOURS):
            raise InvalidValueError(
                "immediate_up_to", self.immediate_up_to, "an immediate or working-hours limit"
            )


@attrs.frozen
class Classification:
    """The kind of a case, with the reasons, and its marks.

    Examples:
        >>> from govservice.matters import sample_catalog
        >>> c = classify(next(iter(sample_catalog())))
        >>> c.kind in CaseKind, len(c.reasons) >= 1
        (True, True)
    """

    kind: CaseKind
    reasons: tuple[Reason, ...]
    urgent: bool = False
    green_channel: bool = False
    system: HandlingSystem = HandlingSystem.COMMITMENT

    def explain(self, locale: str = "zh_CN") -> str:
        """The reasons, one per line, in ``locale``."""
        return "\n".join(r.text(locale) for r in self.reasons)


_DEFAULT = ClassificationPolicy()


def _immediate(limit: TimeLimit, up_to: TimeLimit) -> bool:
    if limit.unit is LimitUnit.IMMEDIATE:
        return True
    return (
        limit.unit is LimitUnit.WORKING_HOURS
        and up_to.unit is LimitUnit.WORKING_HOURS
        and (limit.amount <= up_to.amount)
    )


def classify(
    matter: Matter, facts: CaseFacts | None = None, *, policy: ClassificationPolicy | None = None
) -> Classification:
    """The kind of a case of ``matter`` (see `ClassificationPolicy` for the rules).

    Args:
        matter: The matter applied for.
        facts: Facts of the application (extra departments, expert review, marks).
        policy: The center's policy; the default when ``None``.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> from govservice.matters import Matter, MatterType, CenterLevel
        >>> m = Matter("X-1", "0001", "个体工商户登记", MatterType.LICENSE, "市场监督管理局",
        ...            CenterLevel.COUNTY, TimeLimit.working_days(15), TimeLimit.immediate())
        >>> classify(m).kind
        <CaseKind.IMMEDIATE: 'immediate'>
        >>> classify(m, CaseFacts(departments=("市场监督管理局", "税务局"))).kind
        <CaseKind.JOINT: 'joint'>
    """
    facts = facts or CaseFacts()
    policy = policy or _DEFAULT
    reasons: list[Reason] = []
    departments = set(matter.all_departments) | set(facts.departments)
    if matter.special or facts.special:
        kind = CaseKind.SPECIAL
        reasons.append(Reason("特事特办（特办件）", "handled as a special matter (特事特办)"))
    elif matter.code in policy.special_matters:
        kind = CaseKind.SPECIAL
        reasons.append(Reason("本中心列为特办事项", "listed by the center as a special matter"))
    elif matter.reports_to is not None:
        kind = CaseKind.REPORTED
        zh = f"由上级事项 {matter.reports_to} 决定（上报件）"
        en = f"decided at a higher level, matter {matter.reports_to} (reported case)"
        reasons.append(Reason(zh, en))
    elif len(departments) >= 2:
        kind = CaseKind.JOINT
        names = "、".join(sorted(departments))
        zh = f"需{len(departments)}个部门办理：{names}（联办件）"
        reasons.append(Reason(zh, f"needs {len(departments)} departments: {names} (joint case)"))
    elif matter.code in policy.joint_matters:
        kind = CaseKind.JOINT
        reasons.append(Reason("本中心列为联办事项", "listed by the center as a joint matter"))
    elif _immediate(matter.committed_limit, policy.immediate_up_to):
        kind = CaseKind.IMMEDIATE
        reasons.append(Reason("承诺时限为即办（即办件）", "committed limit is immediate"))
    else:
        kind = CaseKind.COMMITTED
        reasons.append(Reason("按承诺时限办结（承诺件）", "done within the committed limit"))
    if facts.expert_review or facts.collective_decision:
        zh = "需专家评审或集体讨论决定（一审一核的例外）"
        en = "needs expert review or a collective decision (the exception to 一审一核)"
        reasons.append(Reason(zh, en))
    system = _SYSTEMS[kind]
    if matter.restricted:
        system = HandlingSystem.REJECTION
        reasons.append(Reason("控制事项，驳回办理制", "a restricted matter: rejection handling"))
    if facts.urgent:
        reasons.append(Reason("标记为急办", "marked urgent"))
    if facts.green_channel:
        reasons.append(Reason("走绿色通道", "on the green channel"))
    return Classification(kind, tuple(reasons), facts.urgent, facts.green_channel, system)


#: The handling system of each kind (Zhoushan profile's 六制办理); restricted matters: rejection.
_SYSTEMS = {
    CaseKind.IMMEDIATE: HandlingSystem.DIRECT,
    CaseKind.COMMITTED: HandlingSystem.COMMITMENT,
    CaseKind.JOINT: HandlingSystem.LEAD,
    CaseKind.REPORTED: HandlingSystem.GUIDED,
    CaseKind.SPECIAL: HandlingSystem.SPECIAL,
    CaseKind.RETURNED: HandlingSystem.COMMITMENT,
    CaseKind.SUPPLEMENTARY: HandlingSystem.COMMITMENT,
}
