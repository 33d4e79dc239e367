"""Double-random inspection draws (双随机、一公开): reproducible from a recorded seed and the pools.

国办发〔2015〕58号 [V] asks for inspected parties and inspectors both drawn at random from
registers, and the results published. A draw here is a pure function of the seed and the pools:
each candidate is ranked by a keyed hash (BLAKE2b keyed with the seed) of its id, so the order
in which the pools are given does not matter, the result is the same on every Python version
(unlike ``random.sample``), and anyone holding the seed and the pools can re-run and check it
with `verify_draw`. The ranking scheme is a project convention [C]; so are the rounding of a
share and the allocation over strata, documented on `draw_inspection`.
"""

from __future__ import annotations

import fractions
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from govservice._errors import DrawVerificationError, InvalidValueError
from govservice._i18n import N_, _t
from govservice.supervision._separation import ActRole, Directory, TracedCase, acts_of

__all__ = [
    "DRAW_SCHEME",
    "Draw",
    "Exclusion",
    "StratumAllocation",
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


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _tuple_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _exclusions(value: Iterable[Exclusion]) -> tuple[Exclusion, ...]:
    return tuple(value)


def _allocations(value: Iterable[StratumAllocation]) -> tuple[StratumAllocation, ...]:
    return tuple(value)


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
        raw = {
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
        return json.dumps(raw, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Draw:
        """A draw from `to_json` text.

        Raises:
            InvalidValueError: The text is not a draw of a known scheme.
        """
        try:
            raw = json.loads(text)
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
            )
        except InvalidValueError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
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
    share: float | str | Decimal | fractions.Fraction | None = None,
    per_target: int = 1,
    strata: Mapping[str, str] | None = None,
    conflicts: Mapping[str, Mapping[str, str]] | None = None,
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
    point order [C].

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
    conflict_map = _conflicts(conflicts)
    key = _key(seed_text)

    # Every target's keyed hash in one pass; ranks are the first 8 bytes, big-endian.
    packed = np.frombuffer(_hashes(ids, key, _TARGET, "targets"), dtype=">u8").reshape(-1, 2)
    hi, lo = packed[:, 0].astype(np.uint64), packed[:, 1].astype(np.uint64)

    # Group the targets by stratum (one group, "", when unstratified).
    if strata is None:
        groups: dict[str, Any] = {"": np.arange(len(ids))}
    else:
        if not isinstance(strata, Mapping):
            raise InvalidValueError("strata", strata, "a mapping target id -> stratum")
        labels: dict[str, list[int]] = {}
        for position, target in enumerate(ids):
            label = strata.get(target)
            if label is None:
                raise InvalidValueError("strata", target, "a stratum for every target")
            labels.setdefault(str(label), []).append(position)
        groups = {s: np.asarray(rows, dtype=np.int64) for s, rows in sorted(labels.items())}
    sizes = {s: len(rows) for s, rows in groups.items()}

    share_text = None
    if share is not None:
        exact = _share(share)
        share_text = str(share) if isinstance(share, str) else _fraction_text(exact)
        wanted = {s: math.ceil(exact * n) for s, n in sizes.items()}
    else:
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= len(ids):
            raise InvalidValueError(
                "count", count, f"an integer in 0..{len(ids)} (the pool's size)"
            )
        wanted = _allocate(count, sizes) if len(ids) else dict.fromkeys(sizes, 0)

    # Rank each stratum once: the order gives both the draw and the pool's digest.
    outer = hashlib.sha256(DRAW_SCHEME.encode())
    chosen_rows: list[int] = []
    for stratum, rows in groups.items():  # strata in name order
        order = _rank_order(ids, hi, lo, rows, "targets")
        outer.update(b"stratum\x00" + stratum.encode() + b"\x00")
        outer.update(hashlib.sha256(np.ascontiguousarray(packed[order]).tobytes()).digest())
        chosen_rows.extend(order[: wanted[stratum]].tolist())
    chosen = [ids[r] for r in chosen_rows]

    people = np.frombuffer(_hashes(pool, key, _INSPECTOR, "inspectors"), dtype=">u8")
    people = people.reshape(-1, 2)
    p_hi, p_lo = people[:, 0].astype(np.uint64), people[:, 1].astype(np.uint64)
    p_order = _rank_order(pool, p_hi, p_lo, np.arange(len(pool)), "inspectors")
    outer.update(b"inspectors\x00")
    outer.update(hashlib.sha256(np.ascontiguousarray(people[p_order]).tobytes()).digest())
    outer.update(b"conflicts\x00")
    lines = sorted(
        json.dumps([i, t, r], ensure_ascii=False)
        for i, targets_of in conflict_map.items()
        for t, r in targets_of.items()
    )
    outer.update("\n".join(lines).encode())

    assignments, exclusions = _assign(
        chosen, hi[np.asarray(chosen_rows, dtype=np.int64)], pool, p_hi, per_target, conflict_map
    )
    return Draw(
        seed=seed_text,
        targets=chosen,
        assignments=assignments,
        exclusions=exclusions,
        pool_digest=outer.hexdigest(),
        target_pool=len(ids),
        inspector_pool=len(pool),
        count=count,
        share=share_text,
        per_target=per_target,
        allocation=(
            [StratumAllocation(s, sizes[s], wanted[s]) for s in groups]
            if strata is not None
            else []
        ),
        strata={t: str(strata[t]) for t in chosen} if strata is not None else {},
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
_CHUNK = 4096


def _mix(a: Any, b: Any) -> Any:
    """SplitMix64's finalizer of ``a XOR b`` (uint64 arrays, broadcast): a pair's rank."""
    import numpy as np

    s1, m1, s2, m2, s3 = _SPLITMIX
    z = a ^ b
    z = (z ^ (z >> np.uint64(s1))) * np.uint64(m1)
    z = (z ^ (z >> np.uint64(s2))) * np.uint64(m2)
    return z ^ (z >> np.uint64(s3))


def _assign(
    chosen: list[str],
    ranks: Any,
    pool: list[str],
    pool_ranks: Any,
    per_target: int,
    conflicts: Mapping[str, Mapping[str, str]],
) -> tuple[dict[str, tuple[str, ...]], list[Exclusion]]:
    """The inspectors of each target drawn, best pair rank first, skipping conflicts."""
    import numpy as np

    conflicted: dict[str, list[tuple[str, str]]] = {}
    members = set(pool)
    for inspector in sorted(conflicts):
        if inspector in members:
            for target, reason in conflicts[inspector].items():
                conflicted.setdefault(target, []).append((inspector, reason))
    assignments: dict[str, tuple[str, ...]] = {}
    exclusions: list[Exclusion] = []
    for start in range(0, len(chosen), _CHUNK):
        block = _mix(ranks[start : start + _CHUNK, None], pool_ranks[None, :])
        orders = np.argsort(block, axis=1, kind="stable")[:, : per_target + 64].tolist()
        for offset, order in enumerate(orders):
            target = chosen[start + offset]
            barred = conflicted.get(target, [])
            skip = {inspector for inspector, _reason in barred}
            exclusions.extend(Exclusion(target, i, r) for i, r in barred)
            picked = [pool[j] for j in order if pool[j] not in skip][:per_target]
            if len(picked) < per_target and len(order) < len(pool):
                full = np.argsort(block[offset], kind="stable").tolist()
                picked = [pool[j] for j in full if pool[j] not in skip][:per_target]
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
) -> None:
    """Re-run a published draw from its seed and the pools; raise if anything differs.

    Args:
        draw: The draw as published (`Draw.from_json`).
        targets: The target pool.
        inspectors: The inspector pool.
        strata: The strata, if the draw was stratified.
        conflicts: The conflicts the draw respected.

    Raises:
        DrawVerificationError: Names what differs: the pools (``pool_digest``), the targets
            drawn, the inspectors assigned or the exclusions.

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
    again = draw_inspection(
        targets,
        inspectors,
        seed=draw.seed,
        count=draw.count,
        share=draw.share,
        per_target=draw.per_target,
        strata=strata,
        conflicts=conflicts,
    )
    if again.pool_digest != draw.pool_digest:
        raise DrawVerificationError(
            "pool_digest",
            "the pools (targets, strata, inspectors, conflicts) are not the ones drawn from",
        )
    for field in ("targets", "assignments", "exclusions", "allocation", "strata"):
        if getattr(again, field) != getattr(draw, field):
            raise DrawVerificationError(field, "re-running the seed on the pools gives another")
    if again != draw:
        raise DrawVerificationError("draw", "a recorded figure differs from the re-run")


# -- conflicts from cases ---------------------------------------------------------------------

_SUMMARY = N_("Targets drawn: %(drawn)s of %(pool)s; inspectors: %(inspectors)s; %(per)s each")
_REASONS = {
    "approved_or_reviewed": N_("reviewed or decided the case"),
    "licensing_department": N_("works in the department that licenses the matter"),
}


def inspection_conflicts(
    cases: Iterable[TracedCase],
    inspectors: Iterable[str],
    directory: Directory | None = None,
) -> dict[str, dict[str, str]]:
    """Who may not inspect which case, and why: the ``conflicts`` of an archive spot check.

    An inspector is in conflict with a case when they reviewed or decided it
    (``approved_or_reviewed``), when the directory puts them in the department whose matter it
    is (``licensing_department``), or when they declared a relation with the case, its
    applicant, or the department (``relation:<kind>``).

    Args:
        cases: The cases that may be drawn (`Case` values or parallel cases).
        inspectors: The inspector pool.
        directory: People (for their departments) and declared relations.

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
        ...     calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口A")
        >>> case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="王五")
        >>> inspection_conflicts([case], ["王五", "赵六"])
        {'王五': {'C1': 'approved_or_reviewed'}}
    """
    pool = list(inspectors)
    members = set(pool)
    directory = directory or Directory()
    department_of = {p.id: p.department for p in directory.people if p.id in members}
    relations: dict[str, list[tuple[str, str]]] = {}
    for r in directory.relations:
        if r.person in members:
            relations.setdefault(r.person, []).append((r.other, r.kind))
    result: dict[str, dict[str, str]] = {}
    for case in cases:
        case_id = case.case_id
        matter = getattr(case, "matter", None)
        licensing = getattr(matter, "department", None)
        parties = {case_id, str(getattr(case, "applicant", "") or ""), str(licensing or "")}
        acts = acts_of(case)
        for act in acts:
            if act.person in members and act.role in (ActRole.REVIEW, ActRole.APPROVE):
                result.setdefault(act.person, {}).setdefault(case_id, "approved_or_reviewed")
        departments = {licensing} | {a.department for a in acts if a.role is ActRole.APPROVE}
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
    return result


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
    rows = [
        [str(n), t, draw.strata.get(t, ""), "、".join(draw.assignments[t])]
        for n, t in enumerate(draw.targets, 1)
    ]
    heads = [_t(locale, "No."), _t(locale, "Target"), _t(locale, "Stratum")]
    heads.append(_t(locale, "Inspectors"))
    columns = [0, 1, 2, 3] if draw.strata else [0, 1, 3]
    widths = {c: max([_width(heads[c]), *(_width(r[c]) for r in rows)]) for c in columns}
    lines = [
        _t(locale, "Inspection draw (double random, one public)"),
        _t(locale, "Seed: %(seed)s · scheme %(scheme)s")
        % {"seed": draw.seed, "scheme": draw.scheme},
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
        lines.extend(f"  {a.stratum}: {a.drawn}/{a.size}" for a in draw.allocation)
    if draw.exclusions:
        lines.append(_t(locale, "Excluded for a conflict of interest:"))
        lines.extend(
            f"  {e.target} · {e.inspector} · {_reason(e.reason, locale)}" for e in draw.exclusions
        )
    return "\n".join(lines)
