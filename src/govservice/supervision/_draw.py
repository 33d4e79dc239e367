"""Double-random inspection draws (双随机、一公开): reproducible from a recorded seed and the pools.

国办发〔2015〕58号 asks for inspected parties and inspectors both drawn at random from
registers, and the results published. A draw here is a pure function of the seed and the pools:
each candidate is ranked by a keyed hash (BLAKE2b keyed with the seed) of its id, so the order
in which the pools are given does not matter, the result is the same on every Python version
(unlike ``random.sample``), and anyone holding the seed and the pools can re-run and check it
with `verify_draw`. The ranking scheme is a project convention (convention); so are the rounding of
a
share and the allocation over strata, documented on `draw_inspection`.
"""

from __future__ import annotations

import datetime as dt
import enum
import fractions
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from govservice._errors import DrawVerificationError, InvalidValueError
from govservice._files import parse_json
from govservice._i18n import N_, _t
from govservice._validators import check_aware, nonempty, one_line, tuple_of
from govservice.supervision._separation import (
    Act,
    ActRole,
    Directory,
    TracedCase,
    acts_of,
    identity_key,
)

__all__ = [
    "DRAW_SCHEME",
    "Draw",
    "DrawCommitment",
    "Exclusion",
    "InspectionOutcome",
    "InspectionResult",
    "StratumAllocation",
    "commit_draw",
    "draw_inspection",
    "format_draw",
    "inspection_conflicts",
    "verify_draw",
]

#: The version of the ranking scheme, recorded in every draw.
DRAW_SCHEME = "govservice.draw/1"

_TARGET, _INSPECTOR, _ASSIGN = b"target", b"inspector", b"assign"


@attrs.frozen
class Exclusion:
    """An inspector kept out of a target's draw for a conflict of interest (回避), with the reason.

    Examples:
        >>> Exclusion("C1", "王五", "approved_or_reviewed").reason
        'approved_or_reviewed'
    """

    target: str
    inspector: str
    reason: str


@attrs.frozen
class StratumAllocation:
    """How many targets a stratum had and how many were drawn from it.

    Examples:
        >>> StratumAllocation("市场监督管理局", 120, 6).drawn
        6
    """

    stratum: str
    size: int
    drawn: int


class _FrozenMap(Mapping[str, Any]):
    """A read-only mapping that pickles (a ``MappingProxyType`` does not)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_FrozenMap, (self._data,))


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("mapping", value, "a mapping of target ids")
    for key in value:
        if not isinstance(key, str):
            raise InvalidValueError("mapping", key, "target ids (strings) as keys")
    return _FrozenMap(value)


def _tuple_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, "targets", value)


def _exclusions(value: Iterable[Exclusion]) -> tuple[Exclusion, ...]:
    return tuple_of(Exclusion, "exclusions", value)


def _allocations(value: Iterable[StratumAllocation]) -> tuple[StratumAllocation, ...]:
    return tuple_of(StratumAllocation, "allocation", value)


def _results(value: Iterable[InspectionResult]) -> tuple[InspectionResult, ...]:
    return tuple(value)


@attrs.frozen
class DrawCommitment:
    """What the organiser publishes before a draw, so that the draw cannot be ground (承诺).

    It fixes, before anyone knows the public value: a hash of the organiser's seed, the digest
    of the pools, how many are drawn and how, when it was made, and which public value will be
    combined with it (a named lottery's or index's figure on a named later date). The draw's
    ranking key then comes from the seed, this commitment and that public value together
    (`draw_inspection` with ``commitment`` and ``public_value``): the organiser chose the seed
    without the public value and cannot change the seed or the pools after seeing it, and
    nobody can predict the result before it is fixed. `verify_draw` checks all of it.

    Args:
        organiser: Who commits (the department organising the draw).
        committed_at: When it was published (aware).
        seed_digest: SHA-256 (hex) of the organiser's seed text, revealed after the draw.
        pool_digest: The pools' digest under the organiser's seed alone (see `Draw`).
        count: The number of targets, or ``None`` when shares were given.
        share: The share (as text), or ``None``.
        shares: The share per risk level (as text), when the draw is risk-weighted.
        per_target: Inspectors per target.
        public_source: The public value to combine: a named lottery draw or index close.
        public_date: The day that value is fixed: after the commitment.
        scheme: The ranking scheme's version.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> c = commit_draw(["A", "B", "C"], ["甲", "乙"], seed="organiser secret", count=1,
        ...                 organiser="市场监督管理局",
        ...                 at=dt.datetime(2025, 9, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        ...                 public_source="上证指数收盘点位", public_date=dt.date(2025, 9, 2))
        >>> len(c.digest), c == DrawCommitment.from_json(c.to_json())
        (64, True)
    """

    organiser: str = attrs.field(validator=nonempty())
    committed_at: dt.datetime
    seed_digest: str
    pool_digest: str
    count: int | None
    share: str | None
    per_target: int
    public_source: str = attrs.field(validator=nonempty())
    public_date: dt.date
    shares: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    scheme: str = DRAW_SCHEME

    def __attrs_post_init__(self) -> None:
        check_aware("committed_at", self.committed_at)
        if type(self.public_date) is not dt.date:
            raise InvalidValueError("public_date", self.public_date, "a datetime.date")
        if self.public_date <= self.committed_at.date():
            raise InvalidValueError(
                "public_date",
                self.public_date.isoformat(),
                f"a day after the commitment ({self.committed_at.date().isoformat()}), so the "
                "public value is not known when committing",
            )

    def _raw(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "organiser": self.organiser,
            "committed_at": self.committed_at.isoformat(),
            "seed_digest": self.seed_digest,
            "pool_digest": self.pool_digest,
            "count": self.count,
            "share": self.share,
            "shares": dict(sorted(self.shares.items())),
            "per_target": self.per_target,
            "public_source": self.public_source,
            "public_date": self.public_date.isoformat(),
        }

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of the commitment's canonical JSON: what the draw's key includes."""
        text = json.dumps(self._raw(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_json(self) -> str:
        """The commitment as JSON text, for publication before the draw."""
        return json.dumps({**self._raw(), "digest": self.digest}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> DrawCommitment:
        """A commitment from `to_json` text; its recorded digest must match its fields.

        Raises:
            InvalidValueError: Not a commitment, or its digest does not match.
        """
        try:
            raw = json.loads(text)
            found = cls(
                organiser=raw["organiser"],
                committed_at=dt.datetime.fromisoformat(raw["committed_at"]),
                seed_digest=raw["seed_digest"],
                pool_digest=raw["pool_digest"],
                count=raw["count"],
                share=raw["share"],
                shares=raw.get("shares") or {},
                per_target=raw["per_target"],
                public_source=raw["public_source"],
                public_date=dt.date.fromisoformat(raw["public_date"]),
                scheme=raw["scheme"],
            )
        except InvalidValueError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidValueError(
                "text", str(text)[:40], f"JSON of a draw commitment ({exc!r})"
            ) from None
        if "digest" in raw and raw["digest"] != found.digest:
            raise InvalidValueError("digest", raw["digest"], f"the fields' digest {found.digest}")
        return found


class InspectionOutcome(enum.StrEnum):
    """What an inspection found (the published result, 一公开).

    Examples:
        >>> InspectionOutcome("ordered_to_correct").name
        'ORDERED_TO_CORRECT'
    """

    NO_PROBLEM = "no_problem"  #: 未发现问题
    ORDERED_TO_CORRECT = "ordered_to_correct"  #: 发现问题，责令整改
    PENALISED = "penalised"  #: 发现问题，立案查处 / 移送
    UNREACHABLE = "unreachable"  #: 通过登记的住所（经营场所）无法联系


def _outcome(value: InspectionOutcome | str) -> InspectionOutcome:
    try:
        return InspectionOutcome(value)
    except ValueError:
        choices = ", ".join(o.value for o in InspectionOutcome)
        raise InvalidValueError("outcome", value, f"one of {choices}") from None


@attrs.frozen
class InspectionResult:
    """The result of inspecting one target drawn, recorded against the draw and published with it.

    Args:
        target: The target inspected (one the draw drew).
        inspectors: Who inspected (inspectors the draw assigned to it).
        at: When the inspection ended (aware).
        outcome: What it found.
        findings: The findings and what was ordered, in the words published.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> r = InspectionResult("C1", ["甲"], dt.datetime(2025, 9, 9, tzinfo=ZoneInfo("UTC")),
        ...                      "no_problem")
        >>> r.outcome
        <InspectionOutcome.NO_PROBLEM: 'no_problem'>
    """

    target: str = attrs.field(validator=nonempty())
    inspectors: tuple[str, ...] = attrs.field(converter=_tuple_str)
    at: dt.datetime
    outcome: InspectionOutcome = attrs.field(converter=_outcome)
    findings: str = ""

    def __attrs_post_init__(self) -> None:
        check_aware("at", self.at)
        if not self.inspectors:
            raise InvalidValueError("inspectors", self.inspectors, "at least one inspector")


@attrs.frozen
class Draw:
    """The result of a double-random draw, with everything needed to re-run and publish it.

    Args:
        seed: The seed the draw was made with (recorded before the draw, published after).
        targets: The targets drawn, stratum by stratum (strata in name order), each in rank
            order.
        assignments: Target id -> the inspectors drawn for it, in rank order.
        exclusions: Every inspector kept out of a drawn target's draw, with the reason.
        pool_digest: SHA-256 over the candidate pools (targets with their strata, inspectors,
            conflicts), independent of the order they were given in.
        target_pool: How many targets were candidates.
        inspector_pool: How many inspectors were candidates.
        count: The number of targets asked for, or ``None`` when a share was.
        share: The share asked for (as text), or ``None``.
        per_target: Inspectors drawn per target.
        allocation: Per stratum, its size and how many were drawn (empty when unstratified).
        strata: Target id -> stratum, for the targets drawn (empty when unstratified).
        scheme: The ranking scheme's version.
        risk: Target id -> risk level, for the targets drawn (empty unless risk-weighted).
        shares: The share drawn per risk level (empty unless risk-weighted).
        commitment: The `DrawCommitment` published before the draw, if any.
        public_value: The public value combined with the commitment, if any.
        results: The inspection results recorded against the draw (`record`).

    Examples:
        >>> d = draw_inspection(["A", "B", "C"], ["甲", "乙"], seed="2025-09", count=2)
        >>> len(d.targets), d.target_pool, d == Draw.from_json(d.to_json())
        (2, 3, True)
    """

    seed: str
    targets: tuple[str, ...] = attrs.field(converter=_tuple_str)
    assignments: Mapping[str, tuple[str, ...]] = attrs.field(converter=_frozen_map, hash=False)
    exclusions: tuple[Exclusion, ...] = attrs.field(converter=_exclusions)
    pool_digest: str
    target_pool: int
    inspector_pool: int
    count: int | None
    share: str | None
    per_target: int
    allocation: tuple[StratumAllocation, ...] = attrs.field(default=(), converter=_allocations)
    strata: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    scheme: str = DRAW_SCHEME
    risk: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    shares: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    commitment: DrawCommitment | None = None
    public_value: str | None = None
    results: tuple[InspectionResult, ...] = attrs.field(default=(), converter=_results)

    def record(self, results: Iterable[InspectionResult]) -> Draw:
        """The draw with inspection ``results`` recorded, for publication with it (一公开).

        Each result is for a target drawn, by inspectors assigned to it (matched by
        `identity_key`), and a target has one result.

        Raises:
            InvalidValueError: A result for a target not drawn, by someone not assigned, or a
                second result for a target.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> d = draw_inspection(["A", "B"], ["甲", "乙"], seed="2025-09", count=1)
            >>> t = d.targets[0]
            >>> at = dt.datetime(2025, 9, 20, 16, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> done = d.record([InspectionResult(t, d.assignments[t], at, "no_problem")])
            >>> [r.outcome.value for r in done.results], Draw.from_json(done.to_json()) == done
            (['no_problem'], True)
        """
        known = {r.target for r in self.results}
        added: list[InspectionResult] = []
        for result in results:
            if not isinstance(result, InspectionResult):
                raise InvalidValueError("results", result, "InspectionResult values")
            if result.target not in self.assignments:
                raise InvalidValueError("target", result.target, "a target this draw drew")
            assigned = {identity_key(i): i for i in self.assignments[result.target]}
            for inspector in result.inspectors:
                if identity_key(inspector) not in assigned:
                    raise InvalidValueError(
                        "inspectors",
                        inspector,
                        f"an inspector drawn for {result.target}: "
                        + ", ".join(self.assignments[result.target]),
                    )
            if result.target in known:
                raise InvalidValueError("target", result.target, "one result per target")
            known.add(result.target)
            # published under the names the draw assigned
            names = tuple(assigned[identity_key(i)] for i in result.inspectors)
            added.append(attrs.evolve(result, inspectors=names))
        return attrs.evolve(self, results=(*self.results, *added))

    def __repr__(self) -> str:
        return (
            f"<Draw seed={self.seed!r} targets={len(self.targets)}/{self.target_pool} "
            f"inspectors={self.inspector_pool} digest={self.pool_digest[:12]}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    def to_json(self) -> str:
        """The draw as JSON text, for publication (一公开) and for `from_json`."""
        raw: dict[str, Any] = {
            "scheme": self.scheme,
            "seed": self.seed,
            "pool_digest": self.pool_digest,
            "target_pool": self.target_pool,
            "inspector_pool": self.inspector_pool,
            "count": self.count,
            "share": self.share,
            "per_target": self.per_target,
            "allocation": [[a.stratum, a.size, a.drawn] for a in self.allocation],
            "targets": [
                {
                    "target": t,
                    "stratum": self.strata.get(t),
                    "inspectors": list(self.assignments[t]),
                }
                for t in self.targets
            ],
            "exclusions": [[e.target, e.inspector, e.reason] for e in self.exclusions],
        }
        if self.risk or self.shares:
            raw["shares"] = dict(self.shares)
            for row in raw["targets"]:
                row["risk"] = self.risk.get(row["target"])
        if self.commitment is not None:
            raw["commitment"] = json.loads(self.commitment.to_json())
            raw["public_value"] = self.public_value
        if self.results:
            raw["results"] = [
                {
                    "target": r.target,
                    "inspectors": list(r.inspectors),
                    "at": r.at.isoformat(),
                    "outcome": r.outcome.value,
                    "findings": r.findings,
                }
                for r in self.results
            ]
        return json.dumps(raw, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Draw:
        """A draw from `to_json` text.

        Raises:
            InvalidValueError: The text is not a draw of a known scheme.
        """
        raw = parse_json(text, field="text")  # strict: no duplicate keys, deep nesting, ...
        try:
            if raw["scheme"] != DRAW_SCHEME:
                raise InvalidValueError("scheme", raw["scheme"], repr(DRAW_SCHEME))
            rows = raw["targets"]
            return cls(
                seed=raw["seed"],
                targets=[r["target"] for r in rows],
                assignments={r["target"]: tuple(r["inspectors"]) for r in rows},
                exclusions=[Exclusion(*e) for e in raw["exclusions"]],
                pool_digest=raw["pool_digest"],
                target_pool=raw["target_pool"],
                inspector_pool=raw["inspector_pool"],
                count=raw["count"],
                share=raw["share"],
                per_target=raw["per_target"],
                allocation=[StratumAllocation(*a) for a in raw["allocation"]],
                strata={r["target"]: r["stratum"] for r in rows if r["stratum"] is not None},
                risk={r["target"]: r["risk"] for r in rows if r.get("risk") is not None},
                shares=raw.get("shares") or {},
                commitment=(
                    DrawCommitment.from_json(json.dumps(raw["commitment"]))
                    if raw.get("commitment") is not None
                    else None
                ),
                public_value=raw.get("public_value"),
                results=[
                    InspectionResult(
                        r["target"],
                        r["inspectors"],
                        dt.datetime.fromisoformat(r["at"]),
                        r["outcome"],
                        r["findings"],
                    )
                    for r in raw.get("results") or ()
                ],
            )
        except InvalidValueError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise InvalidValueError("text", str(text)[:40], f"JSON of a draw ({exc!r})") from None


# -- the draw ---------------------------------------------------------------------------------


def _seed(seed: object) -> str:
    if isinstance(seed, bool) or not isinstance(seed, str | int):
        raise InvalidValueError("seed", seed, "a string or an integer, recorded before the draw")
    text = str(seed)
    if not text.strip():
        raise InvalidValueError("seed", seed, "a non-empty seed")
    return text


def _key(seed: str) -> bytes:
    return hashlib.sha256(f"{DRAW_SCHEME}\n{seed}".encode()).digest()


def _ids(value: Iterable[str], field: str) -> list[str]:
    if isinstance(value, str):
        raise InvalidValueError(field, value, "a collection of ids, not one string")
    return list(value)


def _one_each(pool: list[str]) -> None:
    """Refuse a pool naming one person twice (``"王五"`` and ``"王五 "``, ``"n1"`` and ``"N1"``)."""
    seen: dict[str, str] = {}
    for inspector in pool:
        if not isinstance(inspector, str):
            continue  # refused with the other ids' checks
        key = identity_key(inspector)
        if key in seen and seen[key] != inspector:  # the very same id twice: refused later
            raise InvalidValueError(
                "inspectors",
                [seen[key], inspector],
                "each person once (people are compared by identity_key: NFKC, case, "
                "invisible characters)",
            )
        seen[key] = inspector


def _hashes(ids: list[str], key: bytes, person: bytes, field: str) -> bytes:
    """16-byte keyed BLAKE2b digests of every id, concatenated, in one pass.

    The keyed state is set up once and copied per id: the same digests as
    ``blake2b(id, key=key, digest_size=16, person=person)``, without hashing the key again.
    """
    start = hashlib.blake2b(key=key, digest_size=16, person=person)
    copy = start.copy
    out: list[bytes] = []
    append = out.append
    try:
        for i in ids:
            h = copy()
            h.update(i.encode())
            append(h.digest())
    except AttributeError:
        bad = next(i for i in ids if not isinstance(i, str))
        raise InvalidValueError(field, bad, "ids as strings") from None
    return b"".join(out)


def _share(value: object) -> fractions.Fraction:
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, float):
            share = fractions.Fraction(repr(value))
        elif isinstance(value, int | str | Decimal | fractions.Fraction):
            share = fractions.Fraction(value)
        else:
            raise TypeError
    except (TypeError, ValueError, ZeroDivisionError):
        raise InvalidValueError("share", value, "a number in (0, 1]") from None
    if not 0 < share <= 1:
        raise InvalidValueError("share", value, "a number in (0, 1]")
    return share


def _allocate(count: int, sizes: Mapping[str, int]) -> dict[str, int]:
    """Hamilton's largest-remainder allocation of ``count`` over strata by their sizes."""
    total = sum(sizes.values())
    quotas = {s: fractions.Fraction(count * n, total) for s, n in sizes.items()}
    result = {s: math.floor(q) for s, q in quotas.items()}
    left = count - sum(result.values())
    order = sorted(sizes, key=lambda s: (-(quotas[s] - result[s]), -sizes[s], s))
    for stratum in order[:left]:
        result[stratum] += 1
    return result


def _conflicts(value: Mapping[str, Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidValueError("conflicts", value, "a mapping inspector -> {target: reason}")
    result: dict[str, dict[str, str]] = {}
    for inspector, targets in value.items():
        if not isinstance(targets, Mapping):
            raise InvalidValueError(f"conflicts[{inspector!r}]", targets, "{target: reason}")
        for target, reason in targets.items():
            if not isinstance(reason, str) or not reason.strip():
                raise InvalidValueError(
                    f"conflicts[{inspector!r}][{target!r}]", reason, "a reason (non-empty)"
                )
        result[str(inspector)] = {str(t): r for t, r in targets.items()}
    return result


def draw_inspection(
    targets: Iterable[str],
    inspectors: Iterable[str],
    *,
    seed: str | int,
    count: int | None = None,
    share: float | str | Decimal | fractions.Fraction | Mapping[str, object] | None = None,
    per_target: int = 1,
    strata: Mapping[str, str] | None = None,
    conflicts: Mapping[str, Mapping[str, str]] | None = None,
    risk: Mapping[str, str] | None = None,
    commitment: DrawCommitment | None = None,
    public_value: str | None = None,
) -> Draw:
    r"""Draw targets at random, then inspectors for each, never one in conflict with it (双随机).

    How it ranks: the key is SHA-256 of ``"govservice.draw/1\n<seed>"``. Every id (UTF-8) is
    hashed with BLAKE2b keyed with it, 16 bytes, personalization ``b"target"`` for targets and
    ``b"inspector"`` for inspectors; an id's rank is its first 8 bytes read as a big-endian
    number (the last 8 break ties). The lowest-ranked targets are drawn. For each target drawn,
    the inspectors are ranked by SplitMix64's finalizer of ``rank(target) XOR rank(inspector)``
    (ties by inspector id), and the best ``per_target`` not in conflict with it are drawn.
    Nothing depends on the order in which the pools are given.

    How many: exactly one of ``count`` and ``share``. A share is a minimum proportion
    (抽查比例不低于…), so the number is rounded up: ``ceil(share × N)``, computed exactly
    (``0.05`` is read as 5/100, not as the nearest float). With ``strata``, a share applies to
    each stratum on its own (``ceil(share × N_s)``), so every stratum is inspected in at least
    that proportion; a count is spread over the strata in proportion to their sizes by the
    largest-remainder method (Hamilton): each gets the floor of its quota, and the units left
    go to the largest remainders, ties to the larger stratum, then the stratum name in code
    point order (convention).

    Args:
        targets: Ids of cases, archives or businesses that may be drawn (distinct).
        inspectors: Ids of the inspectors in the pool (distinct).
        seed: The recorded seed (a string or an integer), fixed before the draw.
        count: How many targets to draw (0 <= count <= targets).
        share: What share of the targets to draw, in (0, 1].
        per_target: Inspectors for each target drawn (at least 1).
        strata: Target id -> stratum (a department, a district); every target needs one.
        conflicts: Inspector id -> {target id: reason}: who may not inspect what, and why
            (approved or reviewed it, licensing department, declared relation; see
            `inspection_conflicts`).
        risk: Target id -> risk level (``"high"``, ``"normal"``, ...): a risk-weighted draw.
            ``share`` is then a mapping level -> share, and each level (within each stratum)
            is drawn at its own share, so high-risk parties are inspected more often.
        commitment: The `DrawCommitment` published before the draw (`commit_draw`). The
            ranking key then comes from the seed, the commitment's digest and
            ``public_value`` (``"<seed>\ncommitment <digest>\npublic <value>"``), and the
            seed, the pools and the numbers must be the ones committed to.
        public_value: The public value the commitment names, once it is fixed (the lottery's
            numbers, the index's close, as published).

    Returns:
        The draw, with the seed and the digest of the pools.

    Raises:
        InvalidValueError: A bad argument: both or neither of count and share, a count above
            the pool, a duplicate id, a target without a stratum, or a target left with fewer
            than ``per_target`` inspectors without a conflict.

    Examples:
        >>> targets = [f"2025-{n:04d}" for n in range(1, 101)]
        >>> d = draw_inspection(targets, ["甲", "乙", "丙"], seed="2025-09 archives", share="0.05",
        ...                     conflicts={"甲": {"2025-0001": "approved_or_reviewed"}})
        >>> len(d.targets), all(len(d.assignments[t]) == 1 for t in d.targets)
        (5, True)
        >>> d == draw_inspection(list(reversed(targets)), ["丙", "乙", "甲"],
        ...                      seed="2025-09 archives", share="0.05",
        ...                      conflicts={"甲": {"2025-0001": "approved_or_reviewed"}})
        True
        >>> draw_inspection(targets, ["甲"], seed=1, count=101)
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: count must be an integer in 0..100 (the pool's size), got 101
    """
    import numpy as np

    seed_text = _seed(seed)
    if (count is None) == (share is None):
        raise InvalidValueError("count", count, "given, or a share given instead (exactly one)")
    if isinstance(per_target, bool) or not isinstance(per_target, int) or per_target < 1:
        raise InvalidValueError("per_target", per_target, "an integer >= 1")
    ids = _ids(targets, "targets")
    pool = sorted(_ids(inspectors, "inspectors"))
    _one_each(pool)
    conflict_map = _conflicts(conflicts)
    key_text = seed_text
    if commitment is not None or public_value is not None:
        key_text = _committed_key(seed_text, commitment, public_value)
    key = _key(key_text)
    groups, levels = _groups(ids, strata, risk)
    sizes = {label: len(rows) for label, rows in groups.items()}

    share_text, shares_text = None, {}
    if isinstance(share, Mapping):
        if risk is None:
            raise InvalidValueError("share", dict(share), "one share, or risk levels given too")
        exact = {str(level): _share(value) for level, value in share.items()}
        missing = sorted({lv for lv in levels.values() if lv not in exact})
        if missing:
            raise InvalidValueError("share", dict(share), f"a share for each risk level {missing}")
        shares_text = {
            str(level): str(value) if isinstance(value, str) else _fraction_text(exact[level])
            for level, value in share.items()
        }
        wanted = {g: math.ceil(exact[levels[g]] * n) for g, n in sizes.items()}
    elif share is not None:
        one = _share(share)
        share_text = str(share) if isinstance(share, str) else _fraction_text(one)
        wanted = {g: math.ceil(one * n) for g, n in sizes.items()}
    else:
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= len(ids):
            raise InvalidValueError(
                "count", count, f"an integer in 0..{len(ids)} (the pool's size)"
            )
        wanted = _allocate(count, sizes) if len(ids) else dict.fromkeys(sizes, 0)

    digest, chosen_rows, hi = _pools(ids, groups, wanted, pool, conflict_map, key)
    if commitment is not None:
        _check_commitment(
            commitment, _pools(ids, groups, wanted, pool, conflict_map, _key(seed_text))[0],
            count, share_text, shares_text, per_target,
        )  # fmt: skip
    chosen = [ids[r] for r in chosen_rows]

    p_hi = _pool_ranks(pool, key)
    assignments, exclusions = _assign(
        chosen, hi[np.asarray(chosen_rows, dtype=np.int64)], pool, p_hi, per_target, conflict_map
    )
    target_label = {ids[r]: label for label, rows in groups.items() for r in rows.tolist()}
    return Draw(
        seed=seed_text,
        targets=chosen,
        assignments=assignments,
        exclusions=exclusions,
        pool_digest=digest,
        target_pool=len(ids),
        inspector_pool=len(pool),
        count=count,
        share=share_text,
        per_target=per_target,
        allocation=(
            [StratumAllocation(g, sizes[g], wanted[g]) for g in groups]
            if strata is not None or risk is not None
            else []
        ),
        strata={t: str(strata[t]) for t in chosen} if strata is not None else {},
        risk={t: levels[target_label[t]] for t in chosen} if risk is not None else {},
        shares=shares_text,
        commitment=commitment,
        public_value=None if public_value is None else str(public_value).strip(),
    )


def _committed_key(seed: str, commitment: object, public_value: object) -> str:
    if not isinstance(commitment, DrawCommitment):
        raise InvalidValueError("commitment", commitment, "the DrawCommitment published before")
    if not isinstance(public_value, str) or not public_value.strip():
        raise InvalidValueError(
            "public_value", public_value, f"the value of {commitment.public_source} as published"
        )
    if hashlib.sha256(seed.encode()).hexdigest() != commitment.seed_digest:
        raise InvalidValueError("seed", "(not shown)", "the seed the commitment hashes")
    return f"{seed}\ncommitment {commitment.digest}\npublic {public_value.strip()}"


def _check_commitment(
    commitment: DrawCommitment,
    pool_digest: str,
    count: int | None,
    share: str | None,
    shares: Mapping[str, str],
    per_target: int,
) -> None:
    if commitment.scheme != DRAW_SCHEME:
        raise InvalidValueError("commitment", commitment.scheme, repr(DRAW_SCHEME))
    if pool_digest != commitment.pool_digest:
        raise InvalidValueError(
            "targets", "(the pools)", "the pools committed to (their digest differs)"
        )
    given = {"count": count, "share": share, "shares": dict(shares), "per_target": per_target}
    committed = {
        "count": commitment.count,
        "share": commitment.share,
        "shares": dict(commitment.shares),
        "per_target": commitment.per_target,
    }
    for field, value in given.items():
        if value != committed[field]:
            raise InvalidValueError(field, value, f"{committed[field]!r}, as committed")


def _groups(
    ids: list[str], strata: Mapping[str, str] | None, risk: Mapping[str, str] | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Target rows by group (stratum, risk level, both, or "" for neither) and group levels."""
    import numpy as np

    if strata is None and risk is None:
        return {"": np.arange(len(ids))}, {}
    for name, mapping in (("strata", strata), ("risk", risk)):
        if mapping is not None and not isinstance(mapping, Mapping):
            raise InvalidValueError(name, mapping, "a mapping target id -> label")
    rows: dict[str, list[int]] = {}
    levels: dict[str, str] = {}
    for position, target in enumerate(ids):
        parts = []
        if strata is not None:
            label = strata.get(target)
            if label is None:
                raise InvalidValueError("strata", target, "a stratum for every target")
            parts.append(str(label))
        if risk is not None:
            level = risk.get(target)
            if level is None:
                raise InvalidValueError("risk", target, "a risk level for every target")
            parts.append(str(level))
        group = "/".join(parts)
        rows.setdefault(group, []).append(position)
        if risk is not None:
            levels[group] = parts[-1]
    return {g: np.asarray(r, dtype=np.int64) for g, r in sorted(rows.items())}, levels


def _pool_ranks(pool: list[str], key: bytes) -> Any:
    import numpy as np

    people = np.frombuffer(_hashes(pool, key, _INSPECTOR, "inspectors"), dtype=">u8")
    return people.reshape(-1, 2)[:, 0].astype(np.uint64)


def _pools(
    ids: list[str],
    groups: Mapping[str, Any],
    wanted: Mapping[str, int],
    pool: list[str],
    conflicts: Mapping[str, Mapping[str, str]],
    key: bytes,
) -> tuple[str, list[int], Any]:
    """The pools' digest under ``key``, the rows drawn, and every target's rank."""
    import numpy as np

    # Every target's keyed hash in one pass; ranks are the first 8 bytes, big-endian.
    packed = np.frombuffer(_hashes(ids, key, _TARGET, "targets"), dtype=">u8").reshape(-1, 2)
    hi, lo = packed[:, 0].astype(np.uint64), packed[:, 1].astype(np.uint64)
    # Rank each group once: the order gives both the draw and the pool's digest.
    outer = hashlib.sha256(DRAW_SCHEME.encode())
    chosen_rows: list[int] = []
    for group, rows in groups.items():  # groups in name order
        order = _rank_order(ids, hi, lo, rows, "targets")
        outer.update(b"stratum\x00" + group.encode() + b"\x00")
        outer.update(hashlib.sha256(np.ascontiguousarray(packed[order]).tobytes()).digest())
        chosen_rows.extend(order[: wanted[group]].tolist())
    people = np.frombuffer(_hashes(pool, key, _INSPECTOR, "inspectors"), dtype=">u8")
    people = people.reshape(-1, 2)
    p_hi, p_lo = people[:, 0].astype(np.uint64), people[:, 1].astype(np.uint64)
    p_order = _rank_order(pool, p_hi, p_lo, np.arange(len(pool)), "inspectors")
    outer.update(b"inspectors\x00")
    outer.update(hashlib.sha256(np.ascontiguousarray(people[p_order]).tobytes()).digest())
    outer.update(b"conflicts\x00")
    lines = sorted(
        json.dumps([i, t, r], ensure_ascii=False)
        for i, targets_of in conflicts.items()
        for t, r in targets_of.items()
    )
    outer.update("\n".join(lines).encode())
    return outer.hexdigest(), chosen_rows, hi


def commit_draw(
    targets: Iterable[str],
    inspectors: Iterable[str],
    *,
    seed: str | int,
    organiser: str,
    at: dt.datetime,
    public_source: str,
    public_date: dt.date,
    count: int | None = None,
    share: float | str | Decimal | fractions.Fraction | Mapping[str, object] | None = None,
    per_target: int = 1,
    strata: Mapping[str, str] | None = None,
    conflicts: Mapping[str, Mapping[str, str]] | None = None,
    risk: Mapping[str, str] | None = None,
) -> DrawCommitment:
    """The commitment to publish before a draw: hashes of the seed and the pools, the numbers.

    Publish it (`DrawCommitment.to_json`) before ``public_date``; once the public value is
    fixed, draw with `draw_inspection` (``commitment=``, ``public_value=``) on the same
    pools and numbers, and publish the draw with its seed. The arguments are those of
    `draw_inspection`, plus who commits, when, and which public value will be combined.

    Args:
        targets: The target pool.
        inspectors: The inspector pool.
        seed: The organiser's seed: kept secret until the draw is published.
        organiser: Who commits.
        at: When the commitment is published (aware; never the clock).
        public_source: The public value to combine, by name: "中国福利彩票双色球第2025101期
            开奖号码", "上证指数 2025-09-02 收盘点位".
        public_date: The day that value is fixed (after ``at``).
        count: As in `draw_inspection`.
        share: As in `draw_inspection`.
        per_target: As in `draw_inspection`.
        strata: As in `draw_inspection`.
        conflicts: As in `draw_inspection`.
        risk: As in `draw_inspection`.

    Returns:
        The `DrawCommitment`.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> pools = (["A", "B", "C", "D"], ["甲", "乙", "丙"])
        >>> c = commit_draw(*pools, seed="s3cret", count=2, organiser="县市场监督管理局",
        ...                 at=dt.datetime(2025, 9, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        ...                 public_source="上证指数收盘点位", public_date=dt.date(2025, 9, 2))
        >>> d = draw_inspection(*pools, seed="s3cret", count=2, commitment=c,
        ...                     public_value="3858.13")
        >>> verify_draw(d, *pools) is None
        True
        >>> draw_inspection(*pools, seed="other", count=2, commitment=c, public_value="3858.13")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: seed must be the seed the commitment hashes, got '(not shown)'
    """
    seed_text = _seed(seed)
    preview = draw_inspection(
        targets, inspectors, seed=seed_text, count=count, share=share, per_target=per_target,
        strata=strata, conflicts=conflicts, risk=risk,
    )  # fmt: skip
    return DrawCommitment(
        organiser=organiser,
        committed_at=check_aware("at", at),
        seed_digest=hashlib.sha256(seed_text.encode()).hexdigest(),
        pool_digest=preview.pool_digest,
        count=preview.count,
        share=preview.share,
        shares=preview.shares,
        per_target=preview.per_target,
        public_source=public_source,
        public_date=public_date,
    )


def _rank_order(ids: list[str], hi: Any, lo: Any, rows: Any, field: str) -> Any:
    """``rows`` ordered by rank (the 16-byte hash, high half first); refuses duplicate ids."""
    import numpy as np

    sub = hi[rows]
    order = np.argsort(sub, kind="stable")
    ranked = sub[order]
    if len(ranked) > 1 and bool(np.any(ranked[1:] == ranked[:-1])):
        # Equal high halves (a duplicate id, or about 1 in 2**64 per pair): the low half decides.
        order = np.lexsort((lo[rows], sub))
        full = rows[order]
        same = (hi[full][1:] == hi[full][:-1]) & (lo[full][1:] == lo[full][:-1])
        for at in np.flatnonzero(same).tolist():
            if ids[full[at]] == ids[full[at + 1]]:
                raise InvalidValueError(field, ids[full[at]], "distinct ids (given twice)")
        return full
    return rows[order]


_SPLITMIX = (30, 0xBF58476D1CE4E5B9, 27, 0x94D049BB133111EB, 31)
#: Pair ranks computed at a time (targets x inspectors): 2**21 uint64 is 16 MiB per array, so
#: a draw's memory grows with the targets plus the inspectors, never with their product.
_PAIRS = 1 << 21


def _mix(a: Any, b: Any) -> Any:
    """SplitMix64's finalizer of ``a XOR b`` (uint64 arrays, broadcast): a pair's rank."""
    import numpy as np

    s1, m1, s2, m2, s3 = _SPLITMIX
    z = a ^ b
    z ^= z >> np.uint64(s1)
    z *= np.uint64(m1)
    z ^= z >> np.uint64(s2)
    z *= np.uint64(m2)
    z ^= z >> np.uint64(s3)
    return z


def _best(row: Any, k: int) -> list[int]:
    """The indices of the ``k`` lowest values of ``row``, by (value, index): a stable order."""
    import numpy as np

    if k <= 16 and k < row.size:
        # A few repeated argmins beat a partition of the whole row; argmin takes the first
        # (lowest index) of equal values, as a stable sort would.
        work = row.copy()
        top = np.iinfo(np.uint64).max
        picked: list[int] = []
        for _ in range(k):
            at = int(np.argmin(work))
            if work[at] == top:  # values at the maximum itself: sort properly instead
                break
            picked.append(at)
            work[at] = top
        else:
            return picked
    if k < row.size:
        threshold = np.partition(row, k - 1)[k - 1]
        candidates = np.flatnonzero(row <= threshold)  # ties at the threshold all come in
    else:
        candidates = np.arange(row.size)
    return candidates[np.argsort(row[candidates], kind="stable")].tolist()[:k]  # type: ignore[no-any-return]


def _assign(
    chosen: list[str],
    ranks: Any,
    pool: list[str],
    pool_ranks: Any,
    per_target: int,
    conflicts: Mapping[str, Mapping[str, str]],
) -> tuple[dict[str, tuple[str, ...]], list[Exclusion]]:
    """The inspectors of each target drawn, best pair rank first, skipping conflicts."""
    conflicted: dict[str, list[tuple[str, str]]] = {}
    members = {identity_key(i): i for i in pool}  # a conflict names a person by identity_key
    for inspector in sorted(conflicts):
        member = members.get(identity_key(inspector))
        if member is not None:
            for target, reason in conflicts[inspector].items():
                conflicted.setdefault(target, []).append((member, reason))
    assignments: dict[str, tuple[str, ...]] = {}
    exclusions: list[Exclusion] = []
    rows = max(1, _PAIRS // max(1, len(pool)))
    for start in range(0, len(chosen), rows):
        block = _mix(ranks[start : start + rows, None], pool_ranks[None, :])
        for offset in range(block.shape[0]):
            target = chosen[start + offset]
            barred = conflicted.get(target, [])
            skip = {inspector for inspector, _reason in barred}
            exclusions.extend(Exclusion(target, i, r) for i, r in barred)
            order = _best(block[offset], min(len(pool), per_target + len(skip)))
            picked = [pool[j] for j in order if pool[j] not in skip][:per_target]
            if len(picked) < per_target:
                raise InvalidValueError(
                    "inspectors",
                    target,
                    f"at least {per_target} inspector(s) without a conflict for each target "
                    f"drawn (this target has {len(picked)})",
                )
            assignments[target] = tuple(picked)
    return assignments, exclusions


def _fraction_text(value: fractions.Fraction) -> str:
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return str(decimal) if fractions.Fraction(decimal) == value else str(value)


def verify_draw(
    draw: Draw,
    targets: Iterable[str],
    inspectors: Iterable[str],
    *,
    strata: Mapping[str, str] | None = None,
    conflicts: Mapping[str, Mapping[str, str]] | None = None,
    risk: Mapping[str, str] | None = None,
    commitment: DrawCommitment | None = None,
) -> None:
    """Re-run a published draw from its seed and the pools; raise if anything differs.

    A committed draw is re-run with its commitment and public value: the seed must hash to
    the committed digest, the pools and numbers must be the committed ones, and with
    ``commitment`` (the one published before the draw) the draw's must be that one.
    Recorded inspection results are not part of the draw and are not re-run.

    Args:
        draw: The draw as published (`Draw.from_json`).
        targets: The target pool.
        inspectors: The inspector pool.
        strata: The strata, if the draw was stratified.
        conflicts: The conflicts the draw respected.
        risk: The risk levels, if the draw was risk-weighted.
        commitment: The commitment as published before the draw, to hold the draw to.

    Raises:
        DrawVerificationError: Names what differs: the commitment, the seed, the pools
            (``pool_digest``), the targets drawn, the inspectors assigned or the exclusions.

    Examples:
        >>> d = draw_inspection(["A", "B", "C"], ["甲", "乙"], seed="s", count=1)
        >>> verify_draw(d, ["C", "B", "A"], ["乙", "甲"]) is None
        True
        >>> verify_draw(d, ["A", "B", "C", "D"], ["甲", "乙"])
        Traceback (most recent call last):
        ...
        govservice.DrawVerificationError: draw does not verify: pool_digest: ...
    """
    if draw.scheme != DRAW_SCHEME:
        raise DrawVerificationError("scheme", f"{draw.scheme!r} is not {DRAW_SCHEME!r}")
    if commitment is not None and draw.commitment != commitment:
        raise DrawVerificationError("commitment", "the draw names another commitment")
    try:
        again = draw_inspection(
            targets,
            inspectors,
            seed=draw.seed,
            count=draw.count,
            share=dict(draw.shares) if draw.shares else draw.share,
            per_target=draw.per_target,
            strata=strata,
            conflicts=conflicts,
            risk=risk,
            commitment=draw.commitment,
            public_value=draw.public_value,
        )
    except InvalidValueError as exc:
        if draw.commitment is None:
            raise
        raise DrawVerificationError(
            "commitment", f"the draw does not keep its commitment: {exc}"
        ) from None
    if again.pool_digest != draw.pool_digest:
        raise DrawVerificationError(
            "pool_digest",
            "the pools (targets, strata, inspectors, conflicts) are not the ones drawn from",
        )
    for field in ("targets", "assignments", "exclusions", "allocation", "strata", "risk"):
        if getattr(again, field) != getattr(draw, field):
            raise DrawVerificationError(field, "re-running the seed on the pools gives another")
    if again != attrs.evolve(draw, results=()):
        raise DrawVerificationError("draw", "a recorded figure differs from the re-run")


# -- conflicts from cases ---------------------------------------------------------------------

_SUMMARY = N_("Targets drawn: %(drawn)s of %(pool)s; inspectors: %(inspectors)s; %(per)s each")
_REASONS = {
    "approved_or_reviewed": N_("reviewed or decided the case"),
    "licensing_department": N_("works in the department that licenses the matter"),
    "accepted": N_("accepted the case"),
    "cooling_period": N_("reviewed or decided cases of the matter in the cooling period"),
}


def inspection_conflicts(
    cases: Iterable[TracedCase],
    inspectors: Iterable[str],
    directory: Directory | None = None,
    *,
    acts: Iterable[Act] = (),
    cooling_days: int | None = None,
    at: dt.datetime | None = None,
) -> dict[str, dict[str, str]]:
    """Who may not inspect which case, and why: the ``conflicts`` of an archive spot check.

    An inspector is in conflict with a case when they reviewed or decided it
    (``approved_or_reviewed``) or accepted it (``accepted``): every act they had in the case
    counts; when the directory puts them in the department whose matter it is
    (``licensing_department``); or when they declared a relation with the case, its applicant,
    or the department (``relation:<kind>``). People are matched by `identity_key`, so "王五 "
    or a zero-width space in a name is still 王五.

    With ``cooling_days``, an inspector who reviewed or decided any case of the same matter
    (among ``cases`` and ``acts``) within that many days before ``at`` is in conflict too
    (``cooling_period``), as `cooling_period_rule` says.

    Args:
        cases: The cases that may be drawn (`Case` values or parallel cases).
        inspectors: The inspector pool.
        directory: People (for their departments) and declared relations.
        acts: Acts of other cases (the matter's earlier cases), for the cooling period.
        cooling_days: The cooling period in days, or None for none.
        at: When the inspection is drawn (aware), needed with ``cooling_days``.

    Returns:
        Inspector id -> {case id: reason}, for inspectors with a conflict.

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
        >>> inspection_conflicts([case], ["王五", "赵六"])
        {'王五': {'C1': 'approved_or_reviewed'}}
    """
    pool = list(inspectors)
    members = {identity_key(i): i for i in pool}  # people match by identity_key
    directory = directory or Directory()
    department_of = {members[p.key]: p.department for p in directory.people if p.key in members}
    relations: dict[str, list[tuple[str, str]]] = {}
    for r in directory.relations:
        who = members.get(identity_key(r.person))
        if who is not None:
            relations.setdefault(who, []).append((identity_key(r.other), r.kind))
    result: dict[str, dict[str, str]] = {}
    cases = list(cases)
    recent = _recent_deciders(cases, acts, members, cooling_days, at)
    for case in cases:
        case_id = case.case_id
        matter = getattr(case, "matter", None)
        licensing = getattr(matter, "department", None)
        parties = {case_id, str(getattr(case, "applicant", "") or ""), str(licensing or "")}
        parties = {identity_key(p) for p in parties if p}
        case_acts = acts_of(case)
        cooled = recent.get(_matter_code(case, case_acts), set())
        for act in case_acts:
            who = members.get(act.key)
            if who is None:
                continue
            if act.role in (ActRole.REVIEW, ActRole.APPROVE):
                result.setdefault(who, {})[case_id] = "approved_or_reviewed"
            elif act.role is ActRole.ACCEPT:
                result.setdefault(who, {}).setdefault(case_id, "accepted")
        departments = {licensing} | {a.department for a in case_acts if a.role is ActRole.APPROVE}
        departments.discard(None)
        for inspector in pool:
            if case_id in result.get(inspector, {}):
                continue
            if department_of.get(inspector) in departments:
                result.setdefault(inspector, {})[case_id] = "licensing_department"
                continue
            for other, kind in relations.get(inspector, ()):
                if other in parties:
                    result.setdefault(inspector, {})[case_id] = f"relation:{kind}"
                    break
            else:
                if inspector in cooled:
                    result.setdefault(inspector, {})[case_id] = "cooling_period"
    return result


def _matter_code(case: TracedCase, acts: tuple[Act, ...]) -> str | None:
    matter = getattr(case, "matter", None)
    code = getattr(matter, "code", None)
    if code is not None:
        return str(code)
    return next((a.matter_code for a in acts if a.matter_code), None)


def _recent_deciders(
    cases: list[TracedCase],
    acts: Iterable[Act],
    members: Mapping[str, str],
    days: int | None,
    at: dt.datetime | None,
) -> dict[str | None, set[str]]:
    """Matter code -> inspectors who reviewed or decided a case of it within ``days`` of ``at``."""
    if days is None:
        return {}
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidValueError("cooling_days", days, "a whole number of days >= 1, or None")
    moment = check_aware("at", at)
    period = dt.timedelta(days=days)
    every = [*acts]
    for case in cases:
        every.extend(acts_of(case))
    found: dict[str | None, set[str]] = {}
    for act in every:
        who = members.get(act.key)
        if (
            who is not None
            and act.role in (ActRole.REVIEW, ActRole.APPROVE)
            and act.at is not None
            and dt.timedelta(0) <= moment - act.at < period
        ):
            found.setdefault(act.matter_code, set()).add(who)
    return found


# -- publication --------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _reason(code: str, locale: str) -> str:
    if code in _REASONS:
        return _t(locale, _REASONS[code])
    if code.startswith("relation:"):
        return _t(locale, "declared relation: %(kind)s") % {"kind": code.split(":", 1)[1]}
    return code


def format_draw(draw: Draw, locale: str = "zh_CN") -> str:
    """The draw as a table for publication (一公开), in zh_CN, zh_TW or en.

    Examples:
        >>> d = draw_inspection(["2025-0001", "2025-0002"], ["甲", "乙"], seed="2025-09", count=1)
        >>> print(format_draw(d, "en"))
        Inspection draw (double random, one public)
        Seed: 2025-09 · scheme govservice.draw/1
        Targets drawn: 1 of 2; inspectors: 2; 1 each
        Digest of the candidate pools: 6b334b7c912bf858...
        No.  Target     Inspectors
        1    2025-0002  甲
        >>> print(format_draw(d, "zh_CN").splitlines()[0])
        双随机抽查结果（双随机、一公开）
    """
    # every value from data goes through one_line: an id holding a line break cannot add a row
    rows = [
        [str(n), one_line(t), one_line(draw.strata.get(t, "")),
         "、".join(one_line(i) for i in draw.assignments[t])]
        for n, t in enumerate(draw.targets, 1)
    ]  # fmt: skip
    heads = [_t(locale, "No."), _t(locale, "Target"), _t(locale, "Stratum")]
    heads.append(_t(locale, "Inspectors"))
    columns = [0, 1, 2, 3] if draw.strata else [0, 1, 3]
    widths = {c: max([_width(heads[c]), *(_width(r[c]) for r in rows)]) for c in columns}
    lines = [
        _t(locale, "Inspection draw (double random, one public)"),
        _t(locale, "Seed: %(seed)s · scheme %(scheme)s")
        % {"seed": one_line(draw.seed), "scheme": draw.scheme},
        _t(locale, _SUMMARY)
        % {
            "drawn": len(draw.targets),
            "pool": draw.target_pool,
            "inspectors": draw.inspector_pool,
            "per": draw.per_target,
        },
        _t(locale, "Digest of the candidate pools: %(digest)s") % {"digest": draw.pool_digest},
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(cells[c], widths[c]) for c in columns).rstrip()

    lines.append(line(heads))
    lines.extend(line(r) for r in rows)
    if draw.allocation:
        lines.append(_t(locale, "Strata (drawn of size):"))
        lines.extend(f"  {one_line(a.stratum)}: {a.drawn}/{a.size}" for a in draw.allocation)
    if draw.exclusions:
        lines.append(_t(locale, "Excluded for a conflict of interest:"))
        lines.extend(
            f"  {one_line(e.target)} · {one_line(e.inspector)} · "
            f"{one_line(_reason(e.reason, locale))}"
            for e in draw.exclusions
        )
    if draw.shares:
        lines.append(_t(locale, "Shares by risk level:"))
        lines.extend(
            f"  {one_line(level)}: {one_line(share)}"
            for level, share in sorted(draw.shares.items())
        )
    c = draw.commitment
    if c is not None:
        lines.append(
            _t(locale, "Committed by %(organiser)s at %(at)s: %(digest)s")
            % {
                "organiser": one_line(c.organiser),
                "at": c.committed_at.isoformat(),
                "digest": c.digest,
            }
        )
        lines.append(
            _t(locale, "Public value: %(source)s on %(date)s: %(value)s")
            % {
                "source": one_line(c.public_source),
                "date": c.public_date.isoformat(),
                "value": one_line(draw.public_value),
            }
        )
    if draw.results:
        lines.append(_t(locale, "Inspection results:"))
        lines.extend(
            f"  {one_line(r.target)} · {'、'.join(one_line(i) for i in r.inspectors)} · "
            f"{r.at.date().isoformat()} · {_t(locale, _OUTCOMES[r.outcome])}"
            + (f" · {one_line(r.findings)}" if r.findings else "")
            for r in draw.results
        )
    return "\n".join(lines)


_OUTCOMES = {
    InspectionOutcome.NO_PROBLEM: N_("no problem found"),
    InspectionOutcome.ORDERED_TO_CORRECT: N_("problems found, ordered to correct"),
    InspectionOutcome.PENALISED: N_("problems found, case opened"),
    InspectionOutcome.UNREACHABLE: N_("not reachable at the registered address"),
}
