"""The published elements of a matter (事项), "one thing, one table" (一事一表)."""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from govservice._errors import InvalidValueError
from govservice._validators import (
    at_least,
    finite_number,
    nonempty,
    of_type,
    optional_text,
    text,
    tuple_of,
)
from govservice.calendar import TimeLimit

__all__ = [
    "CaseKind",
    "CenterLevel",
    "Fee",
    "LegalBasis",
    "Material",
    "MaterialForm",
    "Matter",
    "MatterType",
    "Node",
    "OnlineDepth",
    "ProcedureStep",
    "ServiceForm",
]


class MatterType(enum.Enum):
    """The type of a matter, with the national type codes of the data exchange ((practice)).

    The codes 01-10 and 20 are the same in several public implementations of the national
    platform; the standard behind them, GB/T 39554.1-2020, was not read (unverified).
    ``FILING`` (行政备案) has no national code of its own and is exchanged as "10".

    Examples:
        >>> MatterType("01")
        <MatterType.LICENSE: '01'>
        >>> MatterType.FILING.national_code
        '10'
    """

    LICENSE = "01"  #: 行政许可 (the only type under the Administrative Licensing Law limits)
    PENALTY = "02"  #: 行政处罚
    COMPULSION = "03"  #: 行政强制
    LEVY = "04"  #: 行政征收
    PAYMENT = "05"  #: 行政给付
    INSPECTION = "06"  #: 行政检查
    CONFIRMATION = "07"  #: 行政确认
    REWARD = "08"  #: 行政奖励
    ADJUDICATION = "09"  #: 行政裁决
    OTHER_POWER = "10"  #: 其他行政权力
    PUBLIC_SERVICE = "20"  #: 公共服务
    FILING = "filing"  #: 行政备案 (国发〔2022〕5号 lists it as a type; no national code)

    @property
    def national_code(self) -> str:
        """The code used in data exchange ("10" for a filing)."""
        return "10" if self is MatterType.FILING else self.value

    @property
    def on_application(self) -> bool:
        """Whether the type is handled on application, so a service center handles it."""
        return self not in (
            MatterType.PENALTY,
            MatterType.COMPULSION,
            MatterType.LEVY,
            MatterType.INSPECTION,
        )


class CenterLevel(enum.Enum):
    """The level of government that implements a matter or runs a center.

    Examples:
        >>> CenterLevel("county").rank < CenterLevel("city").rank
        True
    """

    PROVINCE = "province"  #: 省级
    CITY = "city"  #: 市级
    COUNTY = "county"  #: 县(区)级
    TOWNSHIP = "township"  #: 乡镇(街道)
    VILLAGE = "village"  #: 村(社区)

    @property
    def rank(self) -> int:
        """Higher for a higher level (village 0 .. province 4)."""
        return {"village": 0, "township": 1, "county": 2, "city": 3, "province": 4}[self.value]


class CaseKind(enum.Enum):
    """The kinds of case (办件) of the seeds' "six kinds of cases" (Zhoushan profile), plus 上报件.

    `classify` gives one of the first five. ``RETURNED`` (退回件) and ``SUPPLEMENTARY`` (补办件)
    are what a case becomes on the way (returned for unmet conditions; waiting for materials),
    counted as kinds by the Zhoushan profile; urgent (急办件) and green channel (绿色通道) are
    marks on a case of any kind, not kinds.

    Examples:
        >>> CaseKind("immediate")
        <CaseKind.IMMEDIATE: 'immediate'>
    """

    IMMEDIATE = "immediate"  #: 即办件: done on the spot or the same day
    COMMITTED = "committed"  #: 承诺件 (一般件): done within the committed limit
    JOINT = "joint"  #: 联办件: two or more departments, one lead window
    REPORTED = "reported"  #: 上报件: decided at a higher level
    SPECIAL = "special"  #: 特办件: 特事特办 handling (not expert review, which keeps its kind)
    RETURNED = "returned"  #: 退回件
    SUPPLEMENTARY = "supplementary"  #: 补办件


class MaterialForm(enum.Enum):
    """In what form a material is handed in."""

    ORIGINAL = "original"  #: 原件
    COPY = "copy"  #: 复印件
    ORIGINAL_AND_COPY = "original_and_copy"  #: 原件及复印件
    ELECTRONIC = "electronic"  #: 电子材料


class ServiceForm(enum.Enum):
    """Ways of service a matter offers beyond the window (county scheme's service forms)."""

    APPOINTMENT = "appointment"  #: 预约办理
    DOOR_TO_DOOR = "door_to_door"  #: 上门服务
    AGENCY = "agency"  #: 代办
    GREEN_CHANNEL = "green_channel"  #: 绿色通道
    EXTENDED_HOURS = "extended_hours"  #: 延时服务
    MAIL = "mail"  #: 邮寄送达
    ONLINE = "online"  #: 网上办理


class OnlineDepth(enum.Enum):
    """How far a matter can be handled online (网上办理深度; the levels are (practice))."""

    NONE = "none"  #: 不可网办
    INFORMATION = "information"  #: 信息公开
    DOWNLOAD = "download"  #: 表格下载
    APPLY = "apply"  #: 网上申报
    FULL = "full"  #: 全程网办


class Node(enum.Enum):
    """The monitored nodes of a procedure (Fuyang report: acceptance to notification)."""

    ACCEPT = "accept"  #: 受理
    UNDERTAKE = "undertake"  #: 承办
    REVIEW = "review"  #: 审核
    APPROVE = "approve"  #: 批准
    COMPLETE = "complete"  #: 办结
    NOTIFY = "notify"  #: 告知/送达
    FEE = "fee"  #: 收费


def _limit(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, TimeLimit):
        raise InvalidValueError(attribute.name, value, "a TimeLimit")


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, "departments", value)


@attrs.frozen
class LegalBasis:
    """A legal basis of a matter: the law or regulation and the article (设定依据/实施依据).

    Examples:
        >>> LegalBasis("中华人民共和国行政许可法", "第四十二条").law
        '中华人民共和国行政许可法'
    """

    law: str = attrs.field(validator=nonempty())
    article: str = attrs.field(default="", validator=text())


@attrs.frozen
class Material:
    """One application material (申请材料).

    Args:
        name: The material's name.
        form: Original, copy, both or electronic.
        count: How many copies (份数).
        required: Whether the application cannot be accepted without it.
        tolerant: Whether it may be supplied after acceptance (容缺受理), on the published list.
        sample: A reference to a sample or model form (示范文本), if any.

    Examples:
        >>> Material("营业执照", MaterialForm.COPY).count
        1
    """

    name: str = attrs.field(validator=nonempty())
    form: MaterialForm = attrs.field(default=MaterialForm.ORIGINAL, validator=of_type(MaterialForm))
    count: int = attrs.field(default=1, validator=at_least(1))
    required: bool = attrs.field(default=True, validator=of_type(bool))
    tolerant: bool = attrs.field(default=False, validator=of_type(bool))
    sample: str = attrs.field(default="", validator=text())


@attrs.frozen
class ProcedureStep:
    """One step of a matter's handling procedure (办理流程).

    Examples:
        >>> ProcedureStep("受理", Node.ACCEPT).node.value
        'accept'
    """

    name: str = attrs.field(validator=nonempty())
    node: Node = attrs.field(validator=of_type(Node))
    limit: TimeLimit | None = attrs.field(default=None, validator=attrs.validators.optional(_limit))


_MAX_FEE = decimal.Decimal("1e12")  # a trillion yuan: no fee in a catalogue comes near


def _decimal(value: object) -> decimal.Decimal | None:
    if value is None:
        return None
    amount: decimal.Decimal | None = None
    if isinstance(value, decimal.Decimal):
        amount = value
    elif isinstance(value, int | str) and not isinstance(value, bool) and len(str(value)) <= 40:
        try:
            amount = decimal.Decimal(value)
        except decimal.InvalidOperation:
            amount = None
    # NaN, infinities, negative or absurd amounts are nonsense, not fees
    if amount is None or not amount.is_finite() or not 0 <= amount < _MAX_FEE:
        raise InvalidValueError(
            "fee.amount", value, "a decimal amount in yuan from 0 such as '10.00'"
        )
    return amount


@attrs.frozen
class Fee:
    """A fee, its standard and the law that allows it.

    Administrative Licensing Law art. 58 bars fees unless a law or an administrative regulation
    provides for them (the article number is unverified).

    Examples:
        >>> Fee("工本费每证10元", "《不动产登记收费标准》", "10").amount
        Decimal('10')
    """

    standard: str = attrs.field(validator=nonempty())
    basis: str = attrs.field(validator=nonempty())
    amount: decimal.Decimal | None = attrs.field(default=None, converter=_decimal)


def _bases(value: Iterable[LegalBasis]) -> tuple[LegalBasis, ...]:
    return tuple_of(LegalBasis, "legal_basis", value)


def _materials(value: Iterable[Material]) -> tuple[Material, ...]:
    return tuple_of(Material, "materials", value)


def _steps(value: Iterable[ProcedureStep]) -> tuple[ProcedureStep, ...]:
    return tuple_of(ProcedureStep, "procedure", value)


def _forms(value: Iterable[ServiceForm]) -> tuple[ServiceForm, ...]:
    return tuple_of(ServiceForm, "service_forms", value)


@attrs.frozen
class Matter:
    """A matter (事项) with its published elements.

    Required (Administrative Licensing Law art. 30 publication duty): code, basic code, name,
    type, department, level, legal basis, acceptance conditions, procedure, statutory and
    committed limits, consultation and complaint phones. A `Catalog` checks them all and reports
    every missing one; the value itself only checks types.

    Args:
        code: Implementation code (实施编码), unique in a catalogue.
        basic_code: Basic code (基本编码) of the national basic catalogue.
        name: Chinese name.
        matter_type: The type (licence, payment, confirmation, ...).
        department: The implementing department.
        level: The level of government that implements it.
        statutory_limit: The limit set by law (法定办结时限).
        committed_limit: The limit the center commits to (承诺办结时限), not longer.
        name_en: English name.
        legal_basis: Laws and articles.
        acceptance_conditions: Conditions for acceptance (受理条件).
        materials: Application materials.
        procedure: Handling steps.
        fee: The fee, or ``None`` when free.
        visits_required: Visits to the site the applicant needs (到办事现场次数).
        online_depth: How far it can be handled online.
        in_center: Whether it is stationed in the center (进驻大厅).
        service_forms: Appointment, door-to-door, agency, green channel, ...
        consult_phone: Consultation telephone.
        complaint_phone: Complaint telephone.
        reports_to: Code of the higher-level matter this one is reported to (上报件).
        departments: Other departments that take part (联办), besides ``department``.
        special: Handled as 特事特办 (特办件, 特别办理制). Expert review or a collective decision
            does not make a matter special: they are the exception to 一审一核.
        restricted: A restricted matter (控制事项), refused with reasons (驳回办理制).
        unified_handling: Handled jointly, centrally or unitedly under Administrative Licensing
            Law art. 26, so art. 42 para. 2 governs its limit (45 working days, +15 with the
            approval of the head of the government) rather than para. 1.
        window_authorized: The catalogue's authorization record: the matter's window holds the
            decision power and the approval seal (窗口授权到位).
        version: The version of the matter's elements; a running case keeps the one it had.
        urgent_limit: A shorter committed limit for urgent (急办) and green-channel (绿色通道)
            cases, if the catalogue gives one; ``None``: they run under ``committed_limit``.
            A `Catalog` reports one longer than ``committed_limit``.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> m = Matter("370100-0001", "000101001000", "食品经营许可", MatterType.LICENSE,
        ...            "市场监督管理局", CenterLevel.COUNTY, TimeLimit.working_days(20),
        ...            TimeLimit.working_days(10))
        >>> m.committed_limit <= m.statutory_limit
        True
    """

    code: str = attrs.field(validator=nonempty())
    basic_code: str = attrs.field(validator=text())
    name: str = attrs.field(validator=nonempty())
    matter_type: MatterType = attrs.field(validator=of_type(MatterType))
    department: str = attrs.field(validator=nonempty())
    level: CenterLevel = attrs.field(validator=of_type(CenterLevel))
    statutory_limit: TimeLimit = attrs.field(validator=_limit)
    committed_limit: TimeLimit = attrs.field(validator=_limit)
    name_en: str = attrs.field(default="", validator=text())
    legal_basis: tuple[LegalBasis, ...] = attrs.field(default=(), converter=_bases)
    acceptance_conditions: str = attrs.field(default="", validator=text())
    materials: tuple[Material, ...] = attrs.field(default=(), converter=_materials)
    procedure: tuple[ProcedureStep, ...] = attrs.field(default=(), converter=_steps)
    fee: Fee | None = attrs.field(default=None, validator=attrs.validators.optional(of_type(Fee)))
    visits_required: int = attrs.field(default=1, validator=at_least(0))
    online_depth: OnlineDepth = attrs.field(
        default=OnlineDepth.NONE, validator=of_type(OnlineDepth)
    )
    in_center: bool = attrs.field(default=True, validator=of_type(bool))
    service_forms: tuple[ServiceForm, ...] = attrs.field(default=(), converter=_forms)
    consult_phone: str = attrs.field(default="", validator=text())
    complaint_phone: str = attrs.field(default="", validator=text())
    reports_to: str | None = attrs.field(default=None, validator=optional_text())
    departments: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    special: bool = attrs.field(default=False, validator=of_type(bool))
    restricted: bool = attrs.field(default=False, validator=of_type(bool))
    unified_handling: bool = attrs.field(default=False, validator=of_type(bool))
    window_authorized: bool = attrs.field(default=False, validator=of_type(bool))
    version: int = attrs.field(
        default=1, validator=finite_number(minimum=1, maximum=1_000_000, integral=True)
    )
    urgent_limit: TimeLimit | None = attrs.field(
        default=None, validator=attrs.validators.optional(_limit)
    )

    @property
    def online(self) -> bool:
        """Whether an application can be made online (网上可办)."""
        return self.online_depth in (OnlineDepth.APPLY, OnlineDepth.FULL)

    @property
    def free(self) -> bool:
        """Whether the matter charges no fee."""
        return self.fee is None

    @property
    def all_departments(self) -> tuple[str, ...]:
        """The implementing department, then the others taking part."""
        return (self.department, *(d for d in self.departments if d != self.department))
