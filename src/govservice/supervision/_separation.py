"""Separation of duties over cases: 审管分离 and 一审一核 as rules over plain facts.

The inputs are facts, never a live system: the people and the roles they hold, the functions
each department holds per matter (licensing, supervision), designations that let a department
hold both, and the acts of each case, read from its trace (who accepted, reviewed, approved) or
given as records (who supervised or inspected). Rules are values with a stable id, a description
in zh and en and a scope; a center adds its own in the same form. The sources are the glossary:
Fuyang report (the licensing department does not supervise; the person in charge of approval does
no supervision work) and Zhoushan profile (一审一核: a reviewer and an approver); how the rules read
the facts is a project convention (convention).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from govservice._errors import (
    InvalidValueError,
    NoEligibleActorError,
    SeparationError,
)
from govservice._i18n import N_, _t
from govservice._validators import nonempty, tuple_of
from govservice.matters import ProposedAct, Trace, TraceEvent

__all__ = [
    "BUILTIN_RULES",
    "Act",
    "ActRole",
    "Designation",
    "Directory",
    "DutyFunction",
    "DutyFunctionKind",
    "Exemption",
    "ExemptionKind",
    "Facts",
    "Person",
    "Relation",
    "RoleConflict",
    "Rule",
    "Scope",
    "Separation",
    "Severity",
    "TracedCase",
    "Violation",
    "acts_of",
    "check_separation",
    "cooling_period_rule",
    "enforce",
    "identity_key",
]


# -- facts ------------------------------------------------------------------------------------


class ActRole(enum.Enum):
    """What a person did in a case: the duties the rules keep apart.

    Examples:
        >>> ActRole("inspect").supervisory
        True
    """

    ACCEPT = "accept"  #: 受理 (accept, or refuse to accept, an application)
    REVIEW = "review"  #: 审核/承办 (review; a parallel step's opinion)
    APPROVE = "approve"  #: 批准/决定 (decide: approve or deny)
    SUPERVISE = "supervise"  #: 监管 (supervision work on a case or matter)
    INSPECT = "inspect"  #: 检查/抽查 (inspection, archive spot check)

    @property
    def supervisory(self) -> bool:
        """Whether the role is on the supervision side (supervise, inspect)."""
        return self in (ActRole.SUPERVISE, ActRole.INSPECT)


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


# Zero-width and invisible formatting characters a copied name may carry.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))


@functools.lru_cache(maxsize=1 << 16)
def identity_key(person: str) -> str:
    """The key people are matched by: NFKC, invisible characters removed, trimmed, case-folded.

    Rules compare people by this key, so a trailing space, a zero-width space, full-width
    letters or a different letter case cannot make one person two.

    Examples:
        >>> identity_key("王五 ") == identity_key("王\u200b五") == identity_key("王五")
        True
        >>> identity_key("ＷＡＮＧ Wu")
        'wang wu'
    """
    text = unicodedata.normalize("NFKC", str(person)).translate(_INVISIBLE).strip()
    return unicodedata.normalize("NFKC", text.casefold())


def _role(value: ActRole | str) -> ActRole:
    if isinstance(value, ActRole):
        return value
    try:
        return ActRole(value)
    except (ValueError, TypeError):
        choices = ", ".join(r.value for r in ActRole)
        raise InvalidValueError("role", value, f"one of {choices}") from None


@attrs.frozen
class Act:
    """One act of one person: who did what, in which case (or on which matter), and when.

    Acts of a case are read from its trace with `acts_of`; supervision and inspection have no
    case action, so they are given as acts of their own (a supervision record, an inspection
    report, a spot-check assignment).

    Args:
        case_id: The case acted on; ``None`` for an act on a whole matter (matter-wide
            supervision).
        person: Who acted.
        role: What they did.
        at: When (aware), if known.
        department: The department acting (for a case's acts: the matter's department, or
            the parallel step's department).
        matter_code: The matter concerned.
        matter_type: The matter's type (its `MatterType` value, or the center's own type name).
        step_id: The parallel-approval step, if any.
        seq: The event's position in the case's trace (the evidence); ``None`` for a record
            given from outside or an act not yet recorded.
        case_kind: The case's kind (``"immediate"``, ``"committed"``, ...), if known.

    Examples:
        >>> Act("C1", "赵六", "inspect", department="市场监督管理局").role
        <ActRole.INSPECT: 'inspect'>
    """

    case_id: str | None
    person: str = attrs.field(validator=nonempty())
    role: ActRole = attrs.field(converter=_role)
    at: dt.datetime | None = None
    department: str | None = None
    matter_code: str | None = None
    matter_type: str | None = None
    step_id: str | None = None
    seq: int | None = None
    case_kind: str | None = None
    #: The person's `identity_key`: what the rules match people by.
    key: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "key", identity_key(self.person))

    def describe(self) -> str:
        """A short line for reports: ``<person> <role> <case or matter> [#seq]``.

        Examples:
            >>> Act("C1", "王五", "approve", seq=4).describe()
            '王五 approve C1 #4'
        """
        target = self.case_id or f"matter {self.matter_code}"
        step = f" step {self.step_id}" if self.step_id else ""
        seq = f" #{self.seq}" if self.seq is not None else ""
        return f"{self.person} {self.role.value} {target}{step}{seq}"


class DutyFunctionKind(enum.StrEnum):
    """The functions a department may hold for a matter.

    Examples:
        >>> DutyFunctionKind("supervision")
        <DutyFunctionKind.SUPERVISION: 'supervision'>
    """

    LICENSING = "licensing"  #: 审批/许可
    SUPERVISION = "supervision"  #: 监管


def _function_kind(value: DutyFunctionKind | str) -> DutyFunctionKind:
    if isinstance(value, DutyFunctionKind):
        return value
    try:
        return DutyFunctionKind(value)
    except (ValueError, TypeError):
        raise InvalidValueError("kind", value, "licensing or supervision") from None


@attrs.frozen
class DutyFunction:
    """A function a department holds for a matter or a matter type.

    Args:
        department: The department.
        kind: Licensing or supervision.
        matter: A matter code, or a matter type: its `MatterType` value ("01") or the
            center's own type name ("食品生产"). An act matches it by its matter code or type.

    Examples:
        >>> DutyFunction("市场监督管理局", "licensing", "990100-SJJ-001").kind
        <DutyFunctionKind.LICENSING: 'licensing'>
    """

    department: str = attrs.field(validator=nonempty())
    kind: DutyFunctionKind = attrs.field(converter=_function_kind)
    matter: str = attrs.field(validator=nonempty())


@attrs.frozen
class Designation:
    """A decision that lets one department both license and supervise a matter, with its basis.

    Without one, `department_licenses_and_supervises` reports the overlap; with one, the
    overlap is still reported, as exempt, citing the basis.

    Args:
        department: The department.
        matter: The matter code or matter type, as in `DutyFunction`.
        basis: The document that designates it (number, date, article).

    Examples:
        >>> Designation("行政审批局", "01", "某市政府令第5号 第三条").basis
        '某市政府令第5号 第三条'
    """

    department: str = attrs.field(validator=nonempty())
    matter: str = attrs.field(validator=nonempty())
    basis: str = attrs.field(validator=nonempty())


def _roles(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(tuple_of(str, "roles", value))


@attrs.frozen
class Person:
    """A member of staff: id, department and the roles assigned to them (RBAC user assignment).

    Args:
        id: The person's id (the ``by`` of their acts).
        department: Their department, if any.
        roles: Roles assigned (``"reviewer"``, ``"approver"``, ``"inspector"``, ...).

    Examples:
        >>> sorted(Person("王五", "市场监督管理局", {"approver", "inspector"}).roles)
        ['approver', 'inspector']
    """

    id: str = attrs.field(validator=nonempty())
    department: str | None = None
    roles: frozenset[str] = attrs.field(default=frozenset(), converter=_roles)
    #: The id's `identity_key`.
    key: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "key", identity_key(self.id))


@attrs.frozen
class Relation:
    """A declared relation between a person and someone or something else (回避).

    Args:
        person: The person who declared it (or about whom it was declared).
        other: A person, applicant, business or department id.
        kind: ``"kin"``, ``"former_employer"``, or the center's own kind.
        note: Free text (the declaration's reference).

    Examples:
        >>> Relation("赵六", "某食品有限公司", "former_employer").kind
        'former_employer'
    """

    person: str = attrs.field(validator=nonempty())
    other: str = attrs.field(validator=nonempty())
    kind: str = attrs.field(validator=nonempty())
    note: str = ""


def _conflict_roles(value: Iterable[str]) -> frozenset[str]:
    return _roles(value)


@attrs.frozen
class RoleConflict:
    """A static separation-of-duty set (ANSI INCITS 359 RBAC SSD): nobody holds ``n`` of ``roles``.

    Two roles with ``n=2`` is a pairwise exclusion.

    Args:
        roles: The conflicting roles (at least two).
        n: The cardinality: holding ``n`` or more of them is a conflict; 2 <= n <= len(roles).
        name: A name for reports.

    Examples:
        >>> RoleConflict({"approver", "inspector"}).n
        2
        >>> RoleConflict({"approver"})
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: roles must be at least two roles, got ['approver']
    """

    roles: frozenset[str] = attrs.field(converter=_conflict_roles)
    n: int = 2
    name: str = ""

    def __attrs_post_init__(self) -> None:
        if len(self.roles) < 2:
            raise InvalidValueError("roles", sorted(self.roles), "at least two roles")
        if isinstance(self.n, bool) or not isinstance(self.n, int):
            raise InvalidValueError("n", self.n, "an integer")
        if not 2 <= self.n <= len(self.roles):
            raise InvalidValueError("n", self.n, f"an integer in 2..{len(self.roles)}")


def _items(value: Iterable[Any], kind: type, field: str) -> tuple[Any, ...]:
    return tuple_of(kind, field, value)


def _people(value: Iterable[Person]) -> tuple[Person, ...]:
    return _items(value, Person, "people")


def _functions(value: Iterable[DutyFunction]) -> tuple[DutyFunction, ...]:
    return _items(value, DutyFunction, "functions")


def _designations(value: Iterable[Designation]) -> tuple[Designation, ...]:
    return _items(value, Designation, "designations")


def _relations(value: Iterable[Relation]) -> tuple[Relation, ...]:
    return _items(value, Relation, "relations")


def _role_conflicts(value: Iterable[RoleConflict]) -> tuple[RoleConflict, ...]:
    return _items(value, RoleConflict, "role_conflicts")


@attrs.frozen
class Directory:
    """The people, departments and functions the rules read; person-level rules need none.

    Args:
        people: Staff and their roles.
        functions: Which department holds which function for which matter (or matter type).
        designations: Decisions that let a department hold both functions, with their basis.
        relations: Declared relations (kin, former employer) for conflicts of interest.
        role_conflicts: Static separation-of-duty sets.
        single_signature: The center's list of single-signature matters (codes or types): an
            immediate case of one may be reviewed and decided by one person (一审一核's
            exception, decided by the center).

    Examples:
        >>> d = Directory(people=[Person("王五", roles={"approver"})])
        >>> d.person("王五").roles, d.person("nobody")
        (frozenset({'approver'}), None)
    """

    people: tuple[Person, ...] = attrs.field(default=(), converter=_people)
    functions: tuple[DutyFunction, ...] = attrs.field(default=(), converter=_functions)
    designations: tuple[Designation, ...] = attrs.field(default=(), converter=_designations)
    relations: tuple[Relation, ...] = attrs.field(default=(), converter=_relations)
    role_conflicts: tuple[RoleConflict, ...] = attrs.field(default=(), converter=_role_conflicts)
    single_signature: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    # Each person by `identity_key` (the first listed, as `person` gives), built once.
    _by_key: Mapping[str, Person] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_key: dict[str, Person] = {}
        for p in self.people:
            by_key.setdefault(p.key, p)
        object.__setattr__(self, "_by_key", by_key)

    def person(self, person_id: str) -> Person | None:
        """The person with ``person_id``, or ``None``."""
        return self._by_key.get(identity_key(person_id))

    def holders(self, kind: DutyFunctionKind | str, matter: str) -> tuple[str, ...]:
        """The departments holding ``kind`` for ``matter`` (a code or type), in given order.

        Examples:
            >>> d = Directory(functions=[DutyFunction("市场监督管理局", "supervision", "01")])
            >>> d.holders("supervision", "01")
            ('市场监督管理局',)
        """
        wanted = _function_kind(kind)
        found = (f.department for f in self.functions if f.kind is wanted and f.matter == matter)
        return tuple(dict.fromkeys(found))

    def supervisors(
        self, matter_code: str | None, matter_type: str | None = None
    ) -> tuple[str, ...]:
        """The departments supervising a matter: by its code, then by its type.

        Examples:
            >>> d = Directory(functions=[DutyFunction("综合执法局", "supervision", "01")])
            >>> d.supervisors("990100-SJJ-001", "01")
            ('综合执法局',)
        """
        found: list[str] = []
        for matter in (matter_code, matter_type):
            if matter:
                found.extend(self.holders(DutyFunctionKind.SUPERVISION, matter))
        return tuple(dict.fromkeys(found))

    def department_of(self, person: str) -> str | None:
        """The department of ``person`` (matched by `identity_key`), if the directory knows."""
        found = self.person(person)
        return found.department if found is not None else None


# -- exemptions and violations ----------------------------------------------------------------


class ExemptionKind(enum.Enum):
    """Why a violation is let through.

    Examples:
        >>> ExemptionKind("emergency")
        <ExemptionKind.EMERGENCY: 'emergency'>
    """

    EXEMPTION = "exemption"  #: an exemption granted in advance
    EMERGENCY = "emergency"  #: an emergency override (特事特办), recorded with its reason
    DESIGNATION = "designation"  #: a designation letting a department hold both functions
    EXPERT_REVIEW = "expert_review"  #: 专家评审: needs the record of the review
    COLLECTIVE_DECISION = "collective_decision"  #: 集体决定: needs the record of the decision


def _exemption_kind(value: ExemptionKind | str) -> ExemptionKind:
    try:
        return value if isinstance(value, ExemptionKind) else ExemptionKind(value)
    except (ValueError, TypeError):
        choices = ", ".join(k.value for k in ExemptionKind)
        raise InvalidValueError("kind", value, f"one of {choices}") from None


_NEEDS_RECORD = {
    ExemptionKind.EXPERT_REVIEW: "expert review",
    ExemptionKind.COLLECTIVE_DECISION: "collective decision",
}


@attrs.frozen
class Exemption:
    """Lets violations of one rule through for a case, person, department or matter, with a reason.

    An exempted violation is still reported, with the exemption attached: nothing is let
    through silently. At least one of ``case_id``, ``person``, ``department``, ``matter``
    narrows it; to switch a rule off for everyone, leave it out of ``rules`` instead.

    Args:
        rule: The rule id.
        reason: Why (required).
        granted_by: Who granted it.
        kind: An exemption, an emergency override or a designation.
        case_id: Only violations involving this case.
        person: Only violations involving this person.
        department: Only violations involving this department.
        matter: Only violations about this matter code (or type).
        record: The record it rests on: required for an expert review or a collective
            decision (the review's report, the meeting's minutes, with their number).

    Examples:
        >>> Exemption("one_review_one_approval", "集体决定", kind="collective_decision",
        ...           case_id="C1", record="局长办公会纪要〔2025〕12号").kind.value
        'collective_decision'
        >>> Exemption("one_review_one_approval", "集体决定", kind="collective_decision",
        ...           case_id="C1")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: record must be the record of the collective decision ...
        >>> Exemption("one_review_one_approval", "", granted_by="局长", case_id="C1")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: reason must be a non-empty string, got ''
    """

    rule: str = attrs.field(validator=nonempty())
    reason: str = attrs.field(validator=nonempty())
    granted_by: str = ""
    kind: ExemptionKind = attrs.field(default=ExemptionKind.EXEMPTION, converter=_exemption_kind)
    case_id: str | None = None
    person: str | None = None
    department: str | None = None
    matter: str | None = None
    record: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.case_id, self.person, self.department, self.matter) == (None,) * 4:
            raise InvalidValueError(
                "exemption", self.rule, "narrowed to a case, person, department or matter"
            )
        if self.kind in _NEEDS_RECORD and (
            not isinstance(self.record, str) or not self.record.strip()
        ):
            raise InvalidValueError(
                "record",
                self.record,
                f"the record of the {_NEEDS_RECORD[self.kind]} (its minutes or report, with its "
                "number)",
            )

    def covers(self, violation: Violation) -> bool:
        """Whether this exemption applies to ``violation``."""
        return (
            self.rule == violation.rule
            and (self.case_id is None or self.case_id in violation.cases)
            and (
                self.person is None
                or identity_key(self.person) in {identity_key(p) for p in violation.people}
            )
            and (self.department is None or self.department in violation.departments)
            and (self.matter is None or self.matter in violation.matters)
        )


class Severity(enum.Enum):
    """How grave a violation is.

    Examples:
        >>> Severity("error")
        <Severity.ERROR: 'error'>
    """

    ERROR = "error"  #: the act must not happen (enforce vetoes it)
    WARNING = "warning"  #: reported, never vetoed


class Scope(enum.Enum):
    """What a rule looks at.

    Examples:
        >>> Scope.CASE.value
        'case'
    """

    CASE = "case"  #: the acts within one case (or one parallel step)
    MATTER = "matter"  #: acts across the cases of a matter (supervision of what one approved)
    DEPARTMENT = "department"  #: the functions departments hold, and their acts
    PERSON = "person"  #: the roles a person holds


def _params(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, str], ...]:
    try:
        items = value.items() if isinstance(value, Mapping) else value
        return tuple((str(k), str(v)) for k, v in items)
    except (TypeError, ValueError):
        raise InvalidValueError("params", value, "a mapping of parameter names to values") from None


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError("values", value, "a list of strings")
    items = tuple(v for v in value if v is not None)
    return tuple(dict.fromkeys(v for v in tuple_of(str, "values", items) if v))


def _acts(value: Iterable[Act]) -> tuple[Act, ...]:
    return tuple_of(Act, "acts", value)


@attrs.frozen
class Violation:
    """One breach of a rule, with who and what is involved and the evidence.

    Args:
        rule: The rule id.
        severity: How grave.
        people: The people involved.
        departments: The departments involved.
        cases: The cases involved.
        evidence: The acts that make it (each names its trace event, when read from a trace).
        message: The explanation, an English gettext msgid with ``%(name)s`` placeholders.
        params: The values for the placeholders.
        matters: The matters (codes or types) involved.
        exemption: The exemption, override or designation that lets it through, if any.

    Examples:
        >>> v = Violation("one_review_one_approval", Severity.ERROR, ["王五"], [], ["C1"], [],
        ...               "%(person)s both reviewed and decided case %(case)s.",
        ...               {"person": "王五", "case": "C1"})
        >>> v.explain("en"), v.explain("zh_CN")
        ('王五 both reviewed and decided case C1.', '王五既审核又决定了办件C1。')
    """

    rule: str
    severity: Severity
    people: tuple[str, ...] = attrs.field(converter=_strs)
    departments: tuple[str, ...] = attrs.field(converter=_strs)
    cases: tuple[str, ...] = attrs.field(converter=_strs)
    evidence: tuple[Act, ...] = attrs.field(converter=_acts)
    message: str
    params: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_params)
    matters: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    exemption: Exemption | None = None

    @property
    def exempt(self) -> bool:
        """Whether an exemption, emergency override or designation lets it through."""
        return self.exemption is not None

    def explain(self, locale: str = "zh_CN") -> str:
        """The explanation in ``locale`` (zh_CN, zh_TW or en), with the exemption if any.

        The message is looked up in the gettext catalogs (a custom rule's message that is not
        in them stays English); a ``role`` parameter of ``supervise`` or ``inspect`` is shown
        localized.
        """
        params = dict(self.params)
        role = _ROLE_LABELS.get(params.get("role", ""))
        if role is not None:
            params["role"] = _t(locale, role)
        text = _t(locale, self.message) % params
        if self.exemption is not None:
            label = _t(locale, _EXEMPTION_LABELS[self.exemption.kind])
            text = _t(locale, "%(text)s (%(kind)s: %(reason)s)") % {
                "text": text,
                "kind": label,
                "reason": self.exemption.reason,
            }
        return text

    def __repr__(self) -> str:
        mark = " exempt" if self.exempt else ""
        who = ",".join(self.people or self.departments)
        return f"<Violation {self.rule} {self.severity.value}{mark} {who} cases={list(self.cases)}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))


# A "role" parameter is shown as the localized past tense of a supervisory role.
_ROLE_LABELS = {"supervise": N_("supervised"), "inspect": N_("inspected")}
_EXEMPTION_LABELS = {
    ExemptionKind.EXEMPTION: N_("Exempted"),
    ExemptionKind.EMERGENCY: N_("Emergency override"),
    ExemptionKind.DESIGNATION: N_("Designated"),
    ExemptionKind.EXPERT_REVIEW: N_("Expert review"),
    ExemptionKind.COLLECTIVE_DECISION: N_("Collective decision"),
}


# -- reading acts from cases -------------------------------------------------------------------


@runtime_checkable
class TracedCase(Protocol):
    """Anything with a ``case_id`` and a ``trace``: a `Case` or a parallel case.

    Examples:
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.matters import Case, sample_catalog
        >>> case = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="张三",
        ...                    at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        ...                    calendar=china())
        >>> isinstance(case, TracedCase)
        True
    """

    @property
    def case_id(self) -> str:
        """The case number."""

    @property
    def trace(self) -> Trace:
        """The case's hash chain of events."""


# Which trace actions are acts of which duty; submission, supplements, certificates and the
# clock actions are nobody's separated duty (convention). A parallel "decide" depends on its
# outcome.
_ACTION_ROLES = {
    "accept": ActRole.ACCEPT,
    "refuse_acceptance": ActRole.ACCEPT,
    "open": ActRole.ACCEPT,
    "review": ActRole.REVIEW,
    "approve": ActRole.APPROVE,
    "deny": ActRole.APPROVE,
    "supervise": ActRole.SUPERVISE,
    "inspect": ActRole.INSPECT,
}
_DECISION_OUTCOMES = frozenset({"approved", "denied"})


def _decide_role(data: Mapping[str, Any]) -> ActRole | None:
    outcome = data.get("outcome")
    if outcome in _DECISION_OUTCOMES:
        return ActRole.APPROVE
    if outcome == "opinion":
        return ActRole.REVIEW
    return None


def _steps(case: object, first: Mapping[str, Any]) -> dict[str, tuple[str | None, str | None]]:
    plan = getattr(case, "plan", None)
    if plan is None and first.get("action") == "open":
        raw = (first.get("data") or {}).get("plan")
        rows = raw.get("steps") if isinstance(raw, Mapping) else None
        return {
            str(r.get("id")): (_opt_str(r.get("department")), _opt_str(r.get("matter_code")))
            for r in rows or ()
            if isinstance(r, Mapping)
        }
    steps = getattr(plan, "steps", ()) or ()
    return {
        str(s.id): (
            _opt_str(getattr(s, "department", None)),
            _opt_str(getattr(s, "matter_code", None)),
        )
        for s in steps
    }


def _matter_facts(
    case: object, first: Mapping[str, Any]
) -> tuple[str | None, str | None, str | None]:
    matter = getattr(case, "matter", None)
    if matter is not None:
        kind = getattr(matter, "matter_type", None)
        return (
            _opt_str(getattr(matter, "department", None)),
            _opt_str(getattr(matter, "code", None)),
            _opt_str(getattr(kind, "value", kind)),
        )
    raw = first.get("data", {}).get("matter") if first.get("action") == "submit" else None
    if isinstance(raw, Mapping):
        return (
            _opt_str(raw.get("department")),
            _opt_str(raw.get("code")),
            _opt_str(raw.get("matter_type")),
        )
    return None, None, None


def _parse(moment: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(moment) if isinstance(moment, str) else None


def acts_of(case: TracedCase) -> tuple[Act, ...]:
    """The duty acts of a case read from its trace: who accepted, reviewed and decided.

    Works on a `Case` (actions accept, refuse_acceptance, review, approve, deny; the department
    and matter are the case's matter's) and on any object with ``case_id`` and ``trace`` in
    the parallel-case format: "open" (the lead window's acceptance), "review" of a step
    (`ParallelCase.review`) and "decide", whose outcome "approved" or "denied" is an
    approval and "opinion" a review, for the step's
    department (from the event's data, the case's ``plan.steps`` or the plan recorded in the
    "open" event) (convention). Each act keeps the
    position of its event in the trace as evidence.

    Examples:
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.matters import Case, sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> case = Case.submit(sample_catalog()["990100-SJJ-001"], case_id="C1",
        ...                    applicant="某食品公司", at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
        ...                    calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口A")
        >>> case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="李四")
        >>> [a.describe() for a in acts_of(case)]
        ['窗口A accept C1 #1', '李四 review C1 #2']
        >>> acts_of(case)[0].department
        '市场监督管理局'
    """
    return _acts_from(case.case_id, case.trace, case)


def _case_kind(case: object, first: Mapping[str, Any]) -> str | None:
    kind = getattr(case, "kind", None)
    if kind is not None:
        return _opt_str(getattr(kind, "value", kind))
    data = first.get("data") if first.get("action") == "submit" else None
    return _opt_str(data.get("kind")) if isinstance(data, Mapping) else None


# Reading acts is most of what `check_separation` does over many cases; three shortcuts keep it
# fast, each giving exactly what the plain way gives:
# - an event's payload is decoded by the JSON scanner itself, without `json.loads`' wrapper; any
#   payload it does not take whole (whitespace around it, bad JSON) goes the plain way, which
#   gives the same value or raises the same error;
# - an act read from a trace is built without re-running `Act`'s validators on values that are
#   already of the right type (a blank ``by`` still goes through `Act`, which refuses it);
# - the envelope is split once per event.
_Scan = Callable[[str, int], tuple[Any, int]]
_scan_json: _Scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_ACT_SLOTS = ("case_id", "person", "role", "at", "department", "matter_code", "matter_type",
              "step_id", "seq", "case_kind", "key")  # fmt: skip


def _payload_of(event: TraceEvent) -> dict[str, Any]:
    """``event.payload``, decoded without `json.loads`' wrapper when the payload is plain."""
    parts = event.body.split("\n", 3)
    if len(parts) == 4:
        text = parts[3]
        try:
            value, end = _scan_json(text, 0)
        except (StopIteration, ValueError, RecursionError):
            end = -1
        if end == len(text) and type(value) is dict:
            return value
    return event.payload


def _act_builder() -> Callable[..., Act]:
    """A builder of `Act` from values already checked, with the `identity_key` filled in."""
    setters = [getattr(Act, name).__set__ for name in _ACT_SLOTS]
    if [a.name for a in attrs.fields(Act)] != list(_ACT_SLOTS):  # pragma: no cover - a guard
        raise AssertionError("Act's fields changed: update _ACT_SLOTS")
    case_id_, person_, role_, at_, dept_, code_, type_, step_, seq_, kind_, key_ = setters
    new = object.__new__

    def build(
        case_id: str | None,
        person: str,
        role: ActRole,
        at: dt.datetime | None,
        department: str | None,
        matter_code: str | None,
        matter_type: str | None,
        step_id: str | None,
        seq: int,
        case_kind: str | None,
    ) -> Act:
        if not person.strip():
            return Act(case_id, person, role, at, department, matter_code, matter_type,
                       step_id, seq, case_kind)  # fmt: skip
        act: Act = new(Act)
        case_id_(act, case_id)
        person_(act, person)
        role_(act, role)
        at_(act, at)
        dept_(act, department)
        code_(act, matter_code)
        type_(act, matter_type)
        step_(act, step_id)
        seq_(act, seq)
        kind_(act, case_kind)
        key_(act, identity_key(person))
        return act

    return build


_trusted_act = _act_builder()


def _acts_from(
    case_id: str, trace: Trace, case: object, first: Mapping[str, Any] | None = None
) -> tuple[Act, ...]:
    """The separated duties recorded in ``trace``; ``first``: its first payload, if read."""
    events = trace.events
    if not events:
        return ()
    if first is None:
        first = _payload_of(events[0])
    department, matter_code, matter_type = _matter_facts(case, first)
    case_kind = _case_kind(case, first)
    steps: dict[str, tuple[str | None, str | None]] | None = None
    acts: list[Act] = []
    build, roles, parse = _trusted_act, _ACTION_ROLES, _parse
    for seq, event in enumerate(events):
        payload = first if seq == 0 else _payload_of(event)
        action = payload.get("action")
        data = payload.get("data") or {}
        if action == "decide" or (action == "review" and "step" in data):
            role = _decide_role(data) if action == "decide" else ActRole.REVIEW
            step_id = _opt_str(data.get("step"))
            if steps is None:
                steps = _steps(case, first)
            plan_dept, plan_code = steps.get(step_id or "", (None, None))
            dept = _opt_str(data.get("department")) or plan_dept
            code = _opt_str(data.get("matter_code")) or plan_code or matter_code
            if role is None:
                continue
        else:
            role = roles.get(action)  # type: ignore[arg-type]
            if role is None:
                continue
            step_id, dept, code = None, department, matter_code
        acts.append(
            build(
                case_id,
                str(payload.get("by")),
                role,
                parse(payload.get("at")),
                dept,
                code,
                matter_type,
                step_id,
                seq,
                case_kind,
            )
        )
    return tuple(acts)


def _proposed_act(
    proposed: ProposedAct, history: Sequence[Act], first: Mapping[str, Any]
) -> Act | None:
    """The act a `ProposedAct` would record, or None when it is nobody's separated duty."""
    if proposed.action == "decide":
        role = _decide_role(proposed.data)
    else:
        role = _ACTION_ROLES.get(proposed.action)
    if role is None:
        return None
    department, matter_code, matter_type = _matter_facts(None, first)
    if matter_code is None and history:
        matter_code = history[0].matter_code
    step = proposed.step_id or _opt_str(proposed.data.get("step"))
    return Act(
        proposed.case_id,
        proposed.by,
        role,
        proposed.at,
        proposed.department or _opt_str(proposed.data.get("department")) or department,
        proposed.matter_code or matter_code,
        matter_type,
        step,
        len(proposed.trace),
        _case_kind(None, first),
    )


# -- rules ------------------------------------------------------------------------------------


@attrs.frozen
class Facts:
    """What rules read: every act, and the directory.

    Args:
        acts: The acts of the cases checked and the acts given besides (supervision records).
        directory: People, functions, designations, relations and role conflicts.

    Examples:
        >>> Facts([Act("C1", "王五", "approve")]).acts[0].person
        '王五'
    """

    acts: tuple[Act, ...] = attrs.field(converter=_acts)
    directory: Directory = attrs.field(factory=Directory)


Check = Callable[[Facts], Iterable[Violation]]


@attrs.frozen
class Rule:
    """A separation-of-duty rule: a stable id, a description in zh and en, a scope and a check.

    A center adds its own rule in the same form: a function from `Facts` to the `Violation`s
    it finds.

    Args:
        id: The stable id (snake_case), used in violations, exemptions and errors.
        zh: The description in Chinese.
        en: The description in English.
        scope: What the rule looks at.
        check: The function finding its violations.
        severity: ERROR (vetoed by `enforce`) or WARNING (reported only).
        source: Where the rule comes from.

    Examples:
        >>> def no_kin(facts):
        ...     kin = {(r.person, r.other) for r in facts.directory.relations if r.kind == "kin"}
        ...     for a in facts.acts:
        ...         if (a.person, a.case_id) in kin:
        ...             yield Violation("no_kin", Severity.ERROR, [a.person], [], [a.case_id],
        ...                             [a], "%(person)s is kin of an applicant.",
        ...                             {"person": a.person})
        >>> rule = Rule("no_kin", "亲属回避", "kin recuse themselves", Scope.CASE, no_kin)
        >>> d = Directory(relations=[Relation("李四", "C1", "kin")])
        >>> check_separation([], d, [rule], acts=[Act("C1", "李四", "review")])
        [<Violation no_kin error 李四 cases=['C1']>]
    """

    id: str = attrs.field(validator=nonempty())
    zh: str
    en: str
    scope: Scope
    check: Check = attrs.field(eq=False, repr=False)
    severity: Severity = Severity.ERROR
    source: str = ""

    def description(self, locale: str = "zh_CN") -> str:
        """The description in ``locale`` (Chinese for zh_CN and zh_TW, else English)."""
        return self.en if locale.replace("-", "_").lower().startswith("en") else self.zh


def _one_review_one_approval(facts: Facts) -> Iterable[Violation]:
    # per case and step: each reviewer's reviews, by identity key
    reviews: dict[tuple[str | None, str | None], dict[str, list[Act]]] = {}
    decisions: list[Act] = []
    review, approve = ActRole.REVIEW, ActRole.APPROVE
    for act in facts.acts:
        role = act.role
        if role is review:
            group = (act.case_id, act.step_id)
            by_person = reviews.get(group)
            if by_person is None:
                reviews[group] = {act.key: [act]}
            elif (mine := by_person.get(act.key)) is None:
                by_person[act.key] = [act]
            else:
                mine.append(act)
        elif role is approve:
            decisions.append(act)
    single = facts.directory.single_signature
    for act in decisions:
        reviewers = reviews.get((act.case_id, act.step_id))
        reviewed = reviewers.get(act.key) if reviewers else None
        if reviewed and act.case_id is not None:
            yield Violation(
                "one_review_one_approval",
                Severity.ERROR,
                [act.person],
                [act.department or ""],
                [act.case_id],
                [*reviewed, act],
                N_("%(person)s both reviewed and decided case %(case)s."),
                {"person": act.person, "case": act.case_id},
                [act.matter_code or ""],
            )
        elif (
            act.case_kind == "immediate"
            and act.case_id is not None
            and not (reviewers or {}).keys() - {act.key}
            and act.matter_code not in single
            and act.matter_type not in single
        ):
            # An immediate case still needs a reviewer other than its decider, unless the
            # center lists the matter for a single signature.
            yield Violation(
                "one_review_one_approval",
                Severity.ERROR,
                [act.person],
                [act.department or ""],
                [act.case_id],
                [act],
                N_(
                    "%(person)s decided immediate case %(case)s with no review by someone else, "
                    "and its matter is not on the single-signature list."
                ),
                {"person": act.person, "case": act.case_id},
                [act.matter_code or ""],
            )


def cooling_period_rule(days: int) -> Rule:
    """A cooling period (审管分离 over time): no supervising a matter soon after deciding it.

    Who reviewed or decided cases of a matter does not supervise or inspect cases of that
    matter for ``days`` days after. Compares the acts' times (``at``); acts without a time are
    not compared. The same case is `approver_not_supervisor`'s; this rule covers the other
    cases of the matter.

    Args:
        days: The cooling period in calendar days (at least 1) [C: each center sets its own].

    Examples:
        >>> import datetime as dt
        >>> t = dt.datetime(2025, 3, 3, 9, tzinfo=dt.timezone.utc)
        >>> acts = [Act("C1", "王五", "approve", t, matter_code="M"),
        ...         Act("C2", "王五", "inspect", t + dt.timedelta(days=30), matter_code="M")]
        >>> check_separation([], rules=[cooling_period_rule(90)], acts=acts)
        [<Violation cooling_period error 王五 cases=['C2', 'C1']>]
        >>> check_separation([], rules=[cooling_period_rule(20)], acts=acts)
        []
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidValueError("days", days, "a whole number of days >= 1")
    period = dt.timedelta(days=days)

    def check(facts: Facts) -> Iterable[Violation]:
        watch = [a for a in _supervisory(facts.acts) if a.at and a.matter_code]
        if not watch:
            return
        decided: dict[tuple[str, str | None], list[Act]] = {}
        for act in facts.acts:
            if act.role in (ActRole.APPROVE, ActRole.REVIEW) and act.at is not None:
                decided.setdefault((act.key, act.matter_code), []).append(act)
        for act in watch:
            assert act.at is not None
            earlier = [
                e
                for e in decided.get((act.key, act.matter_code), ())
                if e.case_id != act.case_id and e.at is not None
                and dt.timedelta(0) <= act.at - e.at < period
            ]  # fmt: skip
            if earlier:
                yield Violation(
                    "cooling_period",
                    Severity.ERROR,
                    [act.person],
                    [act.department or ""],
                    [act.case_id or "", *(e.case_id or "" for e in earlier)],
                    [*earlier, act],
                    N_(
                        "%(person)s reviewed or decided cases of matter %(matter)s within "
                        "%(days)s days before they %(role)s it."
                    ),
                    {
                        "person": act.person,
                        "matter": act.matter_code or "",
                        "days": days,
                        "role": act.role.value,
                    },
                    [act.matter_code or ""],
                )

    return Rule(
        "cooling_period",
        f"审管分离冷却期：审核或决定过某事项办件的人员，{days}日内不得监管、检查该事项的办件",
        f"Cooling period: whoever reviewed or decided cases of a matter does not supervise or "
        f"inspect cases of that matter for {days} days",
        Scope.MATTER,
        check,
        source="Fuyang report (审管分离); the period is a center's choice (convention)",
    )


def _supervisory(acts: Iterable[Act]) -> list[Act]:
    """The supervision and inspection acts (`ActRole.supervisory`), in order."""
    supervise, inspect = ActRole.SUPERVISE, ActRole.INSPECT
    return [a for a in acts if a.role is supervise or a.role is inspect]


def _approver_not_supervisor(facts: Facts) -> Iterable[Violation]:
    watch = _supervisory(facts.acts)
    if not watch:
        return
    by_case = {(a.key, a.case_id) for a in watch if a.case_id is not None}
    by_matter = {(a.key, a.matter_code) for a in watch if a.case_id is None}
    decided_case: dict[tuple[str, str | None], list[Act]] = {}
    decided_matter: dict[tuple[str, str | None], list[Act]] = {}
    approve, review = ActRole.APPROVE, ActRole.REVIEW
    for act in facts.acts:
        role = act.role
        if role is approve or role is review:
            if by_case:
                key = (act.key, act.case_id)
                if key in by_case:
                    decided_case.setdefault(key, []).append(act)
            if by_matter:
                key = (act.key, act.matter_code)
                if key in by_matter:
                    decided_matter.setdefault(key, []).append(act)
    for act in watch:
        if act.case_id is not None:
            earlier = decided_case.get((act.key, act.case_id), [])
            message = N_("%(person)s decided or reviewed case %(case)s and also %(role)s it.")
        else:
            earlier = decided_matter.get((act.key, act.matter_code), [])
            message = N_(
                "%(person)s decided or reviewed cases of matter %(matter)s and also %(role)s it."
            )
        if earlier:
            cases = [act.case_id or "", *(e.case_id or "" for e in earlier)]
            yield Violation(
                "approver_not_supervisor",
                Severity.ERROR,
                [act.person],
                [act.department or "", *(e.department or "" for e in earlier)],
                cases,
                [*earlier, act],
                message,
                {
                    "person": act.person,
                    "case": act.case_id or "",
                    "matter": act.matter_code or "",
                    "role": act.role.value,
                },
                [act.matter_code or "", *(e.matter_code or "" for e in earlier)],
            )


def _designated(
    directory: Directory, department: str, matters: Iterable[str | None]
) -> Exemption | None:
    wanted = {m for m in matters if m}
    for d in directory.designations:
        if d.department == department and d.matter in wanted:
            return Exemption(
                "department_licenses_and_supervises",
                d.basis,
                kind=ExemptionKind.DESIGNATION,
                department=department,
                matter=d.matter,
            )
    return None


def _department_licenses_and_supervises(facts: Facts) -> Iterable[Violation]:
    directory = facts.directory
    licensing: dict[tuple[str, str], DutyFunction] = {}
    supervising: dict[tuple[str, str], DutyFunction] = {}
    for f in directory.functions:
        target = licensing if f.kind is DutyFunctionKind.LICENSING else supervising
        target.setdefault((f.department, f.matter), f)
    rule = "department_licenses_and_supervises"
    for key in licensing.keys() & supervising.keys():
        department, matter = key
        yield Violation(
            rule,
            Severity.ERROR,
            [],
            [department],
            [],
            [],
            N_("%(department)s both licenses and supervises %(matter)s."),
            {"department": department, "matter": matter},
            [matter],
            _designated(directory, department, [matter]),
        )
    # A supervisory act's department: the act's, else the directory's for the person (so the
    # approving department's staff cannot supervise its own approvals by leaving it out).
    watch: list[tuple[Act, str]] = []
    for a in _supervisory(facts.acts):
        dept = a.department or directory.department_of(a.person)
        if dept:
            watch.append((a, dept))
    if not watch:
        return
    wanted = {(d, a.matter_code) for a, d in watch} | {(d, a.matter_type) for a, d in watch}
    approvals: dict[tuple[str | None, str | None], Act] = {}
    approve = ActRole.APPROVE
    for act in facts.acts:
        if act.role is approve:
            for pair in ((act.department, act.matter_code), (act.department, act.matter_type)):
                if pair in wanted:
                    approvals.setdefault(pair, act)
    for act, dept in watch:
        keys = [(dept, act.matter_code), (dept, act.matter_type)]
        found = next((k for k in keys if k[1] is not None and k in licensing), None)
        example = next((approvals[k] for k in keys if k[1] is not None and k in approvals), None)
        if found is None and example is None:
            continue
        matter = str((found or keys[0])[1] or "")
        yield Violation(
            rule,
            Severity.ERROR,
            [act.person],
            [dept],
            [act.case_id or "", example.case_id or "" if example else ""],
            [*([example] if example else []), act],
            N_("%(department)s licenses %(matter)s; its member %(person)s also %(role)s it."),
            {
                "department": dept,
                "matter": matter,
                "person": act.person,
                "role": act.role.value,
            },
            [act.matter_code or "", matter],
            _designated(directory, dept, [act.matter_code, act.matter_type]),
        )


def _static_role_conflict(facts: Facts) -> Iterable[Violation]:
    directory = facts.directory
    for person in directory.people:
        for conflict in directory.role_conflicts:
            held = sorted(person.roles & conflict.roles)
            if len(held) >= conflict.n:
                yield Violation(
                    "static_role_conflict",
                    Severity.ERROR,
                    [person.id],
                    [person.department or ""],
                    [],
                    [],
                    N_(
                        "%(person)s holds %(held)s: %(count)s roles of the conflicting set "
                        "%(set)s, where fewer than %(n)s are allowed."
                    ),
                    {
                        "person": person.id,
                        "held": ", ".join(held),
                        "count": len(held),
                        "set": conflict.name or ", ".join(sorted(conflict.roles)),
                        "n": conflict.n,
                    },
                )


#: The built-in rules, in the order they are checked.
BUILTIN_RULES: tuple[Rule, ...] = (
    Rule(
        "one_review_one_approval",
        "一审一核：同一办件（或并联审批的同一环节）的审核人与决定人不得为同一人",
        "One review, one approval: the reviewer and the decider of a case (or of one parallel "
        "step) are different people",
        Scope.CASE,
        _one_review_one_approval,
        source="Zhoushan profile (一审一核); the glossary (convention)",
    ),
    Rule(
        "approver_not_supervisor",
        "审管分离：审核或决定办件的人员不得监管、检查该办件；对整个事项的监管，不得由审核或"
        "决定过该事项办件的人员承担",
        "Approval and supervision apart: whoever reviewed or decided a case does not supervise "
        "or inspect it, and matter-wide supervision is not done by whoever reviewed or decided "
        "cases of that matter",
        Scope.MATTER,
        _approver_not_supervisor,
        source="Fuyang report (审批负责人不得从事监管工作); the glossary (convention)",
    ),
    Rule(
        "department_licenses_and_supervises",
        "审管分离：实施许可的部门不得同时承担该事项（或事项类型）的监管职能，另有指定的除外"
        "（记录指定依据）",
        "Approval and supervision apart: a department licensing a matter (or matter type) does "
        "not hold its supervision function, unless a designation with its basis says so",
        Scope.DEPARTMENT,
        _department_licenses_and_supervises,
        source="Fuyang report (许可部门不再行使监管职能); the glossary (convention)",
    ),
    Rule(
        "static_role_conflict",
        "静态职责分离：任何人不得同时拥有互斥角色集合中的 n 个或以上角色（含两两互斥）",
        "Static separation of duty: nobody holds n or more roles of a conflicting set "
        "(pairwise exclusion included)",
        Scope.PERSON,
        _static_role_conflict,
        source="ANSI INCITS 359-2004 (RBAC), static separation of duty",
    ),
)


# -- checking and enforcing --------------------------------------------------------------------


def _rules(value: Iterable[Rule] | None) -> tuple[Rule, ...]:
    if value is None:
        return BUILTIN_RULES
    rules = tuple_of(Rule, "rules", value)
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise InvalidValueError("rules", ids, "rules with distinct ids")
    return rules


def _exempt(violation: Violation, exemptions: Sequence[Exemption]) -> Violation:
    if violation.exemption is not None or not exemptions:
        return violation
    for exemption in exemptions:
        if exemption.covers(violation):
            return attrs.evolve(violation, exemption=exemption)
    return violation


def _exemptions(value: Iterable[Exemption]) -> tuple[Exemption, ...]:
    return _items(value, Exemption, "exemptions")


def _directory(value: Directory | None) -> Directory:
    if value is None:
        return Directory()
    if not isinstance(value, Directory):
        raise InvalidValueError("directory", value, "a Directory or None")
    return value


def check_separation(
    cases: Iterable[TracedCase],
    directory: Directory | None = None,
    rules: Iterable[Rule] | None = None,
    *,
    acts: Iterable[Act] = (),
    exemptions: Iterable[Exemption] = (),
) -> list[Violation]:
    """Every violation of the rules by the cases' acts, the acts given and the directory.

    Exempted violations (an exemption, an emergency override, a designation) are reported too,
    with ``exemption`` set; ``[v for v in found if not v.exempt]`` are the live ones.

    Args:
        cases: `Case` values or parallel cases (anything with ``case_id`` and ``trace``).
        directory: People, functions, designations and role conflicts; the person-level rules
            on acts need none.
        rules: The rules to check; `BUILTIN_RULES` by default.
        acts: Acts recorded elsewhere: supervision, inspection, or acts of other systems.
        exemptions: Exemptions and emergency overrides, each with its reason.

    Returns:
        The violations, rule by rule in the order of ``rules``.

    Examples:
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.matters import Case, sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> case = Case.submit(sample_catalog()["990100-SJJ-001"], case_id="C1",
        ...                    applicant="某食品公司", at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
        ...                    calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口A")
        >>> case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="王五")
        >>> case = case.approve(at=dt.datetime(2025, 3, 5, 10, tzinfo=sh), by="王五")
        >>> found = check_separation([case])
        >>> found
        [<Violation one_review_one_approval error 王五 cases=['C1']>]
        >>> print(found[0].explain("zh_CN"))
        王五既审核又决定了办件C1。
        >>> [a.describe() for a in found[0].evidence]
        ['王五 review C1 #2', '王五 approve C1 #3']
    """
    every: list[Act] = []
    for case in cases:
        every.extend(acts_of(case))
    every.extend(acts)
    facts = Facts(every, _directory(directory))
    granted = tuple(exemptions)
    return [_exempt(v, granted) for rule in _rules(rules) for v in _with_severity(rule, facts)]


def _with_severity(rule: Rule, facts: Facts) -> Iterator[Violation]:
    for violation in rule.check(facts):
        if violation.severity is not rule.severity:
            violation = attrs.evolve(violation, severity=rule.severity)
        yield violation


@attrs.frozen
class Separation:
    """The rules, the directory and the known acts, ready to check cases and to veto acts.

    ``separation.guard`` is a `govservice.matters.Guard`: give it to `Case.submit`,
    `Case.from_json` or `Case.with_guard` (and to parallel cases), and every act that would
    create an ERROR violation is refused with `SeparationError` before it is recorded.

    Args:
        directory: People, functions, designations, relations and role conflicts.
        rules: The rules; `BUILTIN_RULES` by default.
        acts: Acts known besides the case being acted on: supervision and inspection records,
            acts of other cases of the same matter.
        exemptions: Exemptions and emergency overrides, each with its reason.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> guard = Separation().guard
        >>> case = Case.submit(sample_catalog()["990100-SJJ-001"], case_id="C1",
        ...                    applicant="某食品有限公司", at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
        ...                    guard=guard, calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口A")
        >>> case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="王五")
        >>> case.approve(at=dt.datetime(2025, 3, 5, 10, tzinfo=sh), by="王五")
        Traceback (most recent call last):
        ...
        govservice.SeparationError: 王五 may not approve case C1: one_review_one_approval (...)
        >>> case.approve(at=dt.datetime(2025, 3, 5, 10, tzinfo=sh), by="赵局长").state.value
        'approved'
    """

    directory: Directory = attrs.field(factory=Directory, converter=_directory)
    rules: tuple[Rule, ...] = attrs.field(default=None, converter=_rules)
    acts: tuple[Act, ...] = attrs.field(default=(), converter=_acts)
    exemptions: tuple[Exemption, ...] = attrs.field(default=(), converter=_exemptions)
    _index: dict[str, dict[str | None, list[Act]]] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        index: dict[str, dict[str | None, list[Act]]] = {"case": {}, "matter": {}, "person": {}}
        for act in self.acts:
            index["case"].setdefault(act.case_id, []).append(act)
            index["matter"].setdefault(act.matter_code, []).append(act)
            index["person"].setdefault(act.key, []).append(act)
        object.__setattr__(self, "_index", index)

    def with_acts(self, acts: Iterable[Act]) -> Separation:
        """The same separation knowing ``acts`` besides those it knows."""
        return attrs.evolve(self, acts=(*self.acts, *acts))

    def check(self, cases: Iterable[TracedCase], *, acts: Iterable[Act] = ()) -> list[Violation]:
        """`check_separation` of ``cases`` with this separation's facts and rules."""
        return check_separation(
            cases, self.directory, self.rules, acts=(*self.acts, *acts), exemptions=self.exemptions
        )

    def _related(self, act: Act) -> list[Act]:
        seen: dict[int, Act] = {}
        for key, value in (("case", act.case_id), ("person", act.key)):
            for other in self._index[key].get(value, ()):
                seen.setdefault(id(other), other)
        if act.matter_code is not None:
            for other in self._index["matter"].get(act.matter_code, ()):
                seen.setdefault(id(other), other)
        return list(seen.values())

    def violations_of(self, act: ProposedAct | Act) -> list[Violation]:
        """The violations ``act`` would create (exempted ones included, marked as such).

        Only violations the act itself takes part in count: an earlier violation elsewhere
        does not block unrelated work.
        """
        if isinstance(act, ProposedAct):
            events = act.trace.events
            first = _payload_of(events[0]) if events else {}
            history = list(_acts_from(act.case_id, act.trace, None, first))
            new = _proposed_act(act, history, first)
        elif isinstance(act, Act):
            history, new = [], act
        else:
            raise InvalidValueError("act", act, "a ProposedAct or an Act")
        if new is None:
            return []
        known = {id(a) for a in history}
        context = [a for a in self._related(new) if id(a) not in known]
        facts = Facts([*history, *context, new], self.directory)
        found = []
        for rule in self.rules:
            for violation in _with_severity(rule, facts):
                if any(e is new for e in violation.evidence):
                    found.append(_exempt(violation, self.exemptions))
        return found

    def enforce(self, act: ProposedAct | Act) -> None:
        """Raise `SeparationError` if ``act`` would create a violation that is not exempt.

        Warnings never veto. This is the `Guard` that cases call before recording an act.
        """
        blocking = [
            v for v in self.violations_of(act) if not v.exempt and v.severity is Severity.ERROR
        ]
        if blocking:
            if isinstance(act, ProposedAct):
                case_id, action, by = act.case_id, act.action, act.by
            else:
                case_id, action, by = act.case_id or "", act.role.value, act.person
            raise SeparationError(
                case_id, action, by, [v.rule for v in blocking], [v.explain("en") for v in blocking]
            )

    def guard(self, act: ProposedAct) -> None:
        """The `govservice.matters.Guard` form of `enforce`."""
        self.enforce(act)

    def eligible(
        self,
        case: TracedCase,
        action: str,
        candidates: Iterable[str] | None = None,
        *,
        at: dt.datetime,
        data: Mapping[str, Any] | None = None,
        step_id: str | None = None,
        department: str | None = None,
    ) -> tuple[str, ...]:
        """Who among ``candidates`` may still perform ``action`` on ``case`` (feasibility).

        Args:
            case: The case (or parallel case) as it is now.
            action: The action ("review", "approve", "decide", ...).
            candidates: Who could act; by default everyone in the directory (of ``department``
                when given).
            at: When the act would happen (aware).
            data: The act's data (a parallel decision's ``outcome``, say).
            step_id: The parallel step, if any.
            department: The department acting, if the act names one.

        Returns:
            The eligible candidates, in the order given.

        Raises:
            NoEligibleActorError: Nobody is left; names each candidate and the rules that
                exclude them.

        Examples:
            >>> from govservice.calendar import china
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.matters import Case, sample_catalog
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> case = Case.submit(sample_catalog()["990100-SJJ-001"], case_id="C1",
            ...                    applicant="某公司", at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
            ...                    calendar=china())
            >>> case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口A")
            >>> case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="王五")
            >>> sep = Separation()
            >>> at = dt.datetime(2025, 3, 5, tzinfo=sh)
            >>> sep.eligible(case, "approve", ["王五", "赵局长"], at=at)
            ('赵局长',)
            >>> sep.eligible(case, "approve", ["王五"], at=at)
            Traceback (most recent call last):
            ...
            govservice.NoEligibleActorError: nobody may approve case C1: 王五 (...)
        """
        if candidates is None:
            people = self.directory.people
            names = [p.id for p in people if department is None or p.department == department]
        else:
            names = list(candidates)
        matter = getattr(case, "matter", None)
        matter_code = _opt_str(getattr(matter, "code", None))
        eligible, excluded, reasons = [], [], []
        for name in names:
            proposed = ProposedAct(
                case.case_id, action, name, at, dict(data or {}), case.trace, matter_code,
                department, step_id,
            )  # fmt: skip
            try:
                self.enforce(proposed)
            except SeparationError as exc:
                excluded.append(name)
                reasons.append(", ".join(exc.rules))
            else:
                eligible.append(name)
        if not eligible:
            raise NoEligibleActorError(case.case_id, action, excluded, reasons)
        return tuple(eligible)


def enforce(
    act: ProposedAct | Act,
    directory: Directory | None = None,
    rules: Iterable[Rule] | None = None,
    *,
    acts: Iterable[Act] = (),
    exemptions: Iterable[Exemption] = (),
) -> None:
    """Raise `SeparationError` before ``act`` would create a violation that is not exempt.

    The one-call form of `Separation.enforce`; to guard cases, build a `Separation` once and
    give its ``guard``.

    Args:
        act: A case's `ProposedAct` (what a guard receives) or an `Act` (a supervision or
            inspection about to be assigned).
        directory: People, functions, designations and role conflicts.
        rules: The rules; `BUILTIN_RULES` by default.
        acts: Acts known besides the case's own trace.
        exemptions: Exemptions and emergency overrides.

    Raises:
        SeparationError: Names the act, the person and each rule broken.

    Examples:
        >>> approved = Act("C1", "王五", "approve", matter_code="990100-SJJ-001")
        >>> enforce(Act("C1", "王五", "inspect"), acts=[approved])
        Traceback (most recent call last):
        ...
        govservice.SeparationError: 王五 may not inspect case C1: approver_not_supervisor (...)
        >>> enforce(Act("C1", "赵六", "inspect"), acts=[approved]) is None
        True
    """
    Separation(directory, rules, acts, exemptions).enforce(act)
