"""Daily digests: one Merkle root over every head written on a day, with inclusion proofs.

Leaves are the (case id, head) pairs of the day, sorted by case id. A leaf hashes
``0x00 || case_id || 0x0a || head`` and an inner node ``0x01 || left || right`` (SHA-256, the
domain separation of RFC 6962), so a leaf can never pass for a node. A level with an odd count
carries its last node up unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import attrs

from govservice._errors import InvalidValueError

__all__ = ["Digest", "InclusionProof", "merkle_root"]

#: The root of a day on which nothing was written.
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def _leaf(case_id: str, head: str) -> bytes:
    return hashlib.sha256(b"\x00" + f"{case_id}\n{head}".encode()).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(leaves: list[bytes]) -> list[list[bytes]]:
    levels = [leaves]
    while len(levels[-1]) > 1:
        below = levels[-1]
        above = [_node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        if len(below) % 2:
            above.append(below[-1])
        levels.append(above)
    return levels


def merkle_root(heads: Iterable[tuple[str, str]]) -> str:
    """The Merkle root (hex) of (case id, head) pairs, in case-id order.

    Examples:
        >>> merkle_root([]) == EMPTY_ROOT
        True
        >>> merkle_root([("B", "2"), ("A", "1")]) == merkle_root([("A", "1"), ("B", "2")])
        True
    """
    leaves = [_leaf(c, h) for c, h in sorted(heads)]
    if not leaves:
        return EMPTY_ROOT
    return _levels(leaves)[-1][0].hex()


@attrs.frozen
class InclusionProof:
    """That one case's head is among the heads of a published digest.

    Args:
        day: The day of the digest.
        case_id: The case.
        head: Its head at the end of that day.
        index: Its position among the day's leaves (in case-id order).
        path: The sibling hashes from the leaf up, each with ``"L"`` or ``"R"`` for its side.
        root: The digest's root.

    Examples:
        >>> d = Digest.of(dt.date(2025, 3, 3), [("C-1", "a" * 64), ("C-2", "b" * 64)])
        >>> d.proof("C-2").verify()
        True
    """

    day: dt.date
    case_id: str
    head: str
    index: int
    path: tuple[tuple[str, str], ...]
    root: str

    def verify(self, root: str | None = None) -> bool:
        """Whether the path leads from this head to ``root`` (the proof's own by default)."""
        current = _leaf(self.case_id, self.head)
        for side, sibling in self.path:
            other = bytes.fromhex(sibling)
            current = _node(other, current) if side == "L" else _node(current, other)
        return current.hex() == (self.root if root is None else root)


@attrs.frozen
class Digest:
    """The digest of a day: one root over every head written that day, for a center to publish.

    A history rewritten afterwards (an event changed, removed or added on that day) gives
    other heads, so the root computed again no longer matches the published one.

    Args:
        day: The day (local to the store's calendar).
        root: The Merkle root (hex).
        heads: Every (case id, head) of the day, sorted by case id: for each case written that
            day, its head at the end of the day.

    Examples:
        >>> d = Digest.of(dt.date(2025, 3, 3), [("C-1", "a" * 64)])
        >>> len(d), d.root == merkle_root([("C-1", "a" * 64)])
        (1, True)
    """

    day: dt.date
    root: str
    heads: tuple[tuple[str, str], ...] = attrs.field(repr=False)

    @classmethod
    def of(cls, day: dt.date, heads: Iterable[tuple[str, str]]) -> Digest:
        """The digest of ``day`` over ``heads``."""
        ordered = tuple(sorted(heads))
        return cls(day, merkle_root(ordered), ordered)

    def __len__(self) -> int:
        return len(self.heads)

    def proof(self, case_id: str) -> InclusionProof:
        """The inclusion proof of ``case_id``'s head in this digest.

        Raises:
            InvalidValueError: No head of that case was written on the day.
        """
        ids = [c for c, _h in self.heads]
        if case_id not in ids:
            raise InvalidValueError("case_id", case_id, f"a case written on {self.day.isoformat()}")
        index = ids.index(case_id)
        levels = _levels([_leaf(c, h) for c, h in self.heads])
        path: list[tuple[str, str]] = []
        position = index
        for level in levels[:-1]:
            sibling = position ^ 1
            if sibling < len(level):
                path.append(("L" if sibling < position else "R", level[sibling].hex()))
            position //= 2
        return InclusionProof(
            self.day, case_id, self.heads[index][1], index, tuple(path), self.root
        )
