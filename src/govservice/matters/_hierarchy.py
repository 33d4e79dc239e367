"""Three-level linkage (三级联动): centers in a hierarchy of city, county, township and village.

Seed 003's Zhoushan center links the city, county and township centers in one network: a
township center accepts, the county or the city decides. `CenterHierarchy` holds which center
sits under which; indicators and reports roll up along it (a county's figures include its
townships', a city's its counties').
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from govservice._errors import InvalidValueError
from govservice._validators import of_type, tuple_of
from govservice.matters._model import CenterLevel

__all__ = ["Center", "CenterHierarchy", "sample_hierarchy"]

_DATA = Path(__file__).resolve().parent / "data"


def _nonempty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "a non-empty string")


def _parent(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _nonempty(_instance, attribute, value)


@attrs.frozen
class Center:
    """A service center at one level: 政务服务中心, 便民服务中心 or 便民服务站.

    Args:
        id: The center's id, as case records name it in their ``center`` column.
        level: City, county, township or village (or province).
        parent: The id of the center above it, or None for the top.
        name: A display name (the id when empty).

    Examples:
        >>> Center("城关镇便民服务中心", CenterLevel.TOWNSHIP, "示例县政务服务中心").level.value
        'township'
    """

    id: str = attrs.field(validator=_nonempty)
    level: CenterLevel = attrs.field(validator=of_type(CenterLevel))
    parent: str | None = attrs.field(default=None, validator=_parent)
    name: str = attrs.field(default="", validator=of_type(str))

    @property
    def label(self) -> str:
        """The display name, or the id."""
        return self.name or self.id


def _centers(value: Iterable[Center]) -> tuple[Center, ...]:
    return tuple_of(Center, "centers", value)


@attrs.frozen
class CenterHierarchy:
    """Centers and which one each sits under, checked as a whole.

    Every id is unique; every parent is a center of the hierarchy at a higher level than its
    child (so there is no cycle). Every problem is reported at once.

    Args:
        centers: The centers, in any order.

    Raises:
        InvalidValueError: Duplicate ids, an unknown parent, or a parent not above its child.

    Examples:
        >>> h = sample_hierarchy()
        >>> [c.level.value for c in h.ancestors("城关镇便民服务中心")]
        ['county', 'city']
        >>> "城关镇便民服务中心" in h.subtree("示例市政务服务中心")
        True
    """

    centers: tuple[Center, ...] = attrs.field(converter=_centers)
    _by_id: dict[str, Center] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems: list[str] = []
        by_id: dict[str, Center] = {}
        for c in self.centers:
            if not isinstance(c, Center):
                raise InvalidValueError("centers", c, "Center values")
            if c.id in by_id:
                problems.append(f"{c.id}: id used twice")
            by_id[c.id] = c
        for c in self.centers:
            if c.parent is None:
                continue
            parent = by_id.get(c.parent)
            if parent is None:
                problems.append(f"{c.id}: parent {c.parent!r} is not a center of the hierarchy")
            elif parent.level.rank <= c.level.rank:
                problems.append(
                    f"{c.id}: parent {c.parent} ({parent.level.value}) is not above {c.level.value}"
                )
        if problems:
            raise InvalidValueError("centers", "; ".join(problems), "a consistent hierarchy")
        object.__setattr__(self, "_by_id", by_id)

    def __getitem__(self, center_id: str) -> Center:
        try:
            return self._by_id[center_id]
        except KeyError:
            raise InvalidValueError("center", center_id, "a center of the hierarchy") from None

    def __contains__(self, center_id: object) -> bool:
        return center_id in self._by_id

    def __iter__(self) -> Iterator[Center]:
        return iter(self.centers)

    def __len__(self) -> int:
        return len(self.centers)

    @property
    def roots(self) -> tuple[Center, ...]:
        """The centers with nothing above them."""
        return tuple(c for c in self.centers if c.parent is None)

    def children(self, center_id: str) -> tuple[Center, ...]:
        """The centers directly under ``center_id``."""
        self[center_id]
        return tuple(c for c in self.centers if c.parent == center_id)

    def ancestors(self, center_id: str) -> tuple[Center, ...]:
        """The centers above ``center_id``, nearest first."""
        out: list[Center] = []
        parent = self[center_id].parent
        while parent is not None:
            out.append(self._by_id[parent])
            parent = self._by_id[parent].parent
        return tuple(out)

    def subtree(self, center_id: str) -> tuple[str, ...]:
        """``center_id`` and the ids of every center under it, depth first."""
        out = [self[center_id].id]
        for child in self.children(center_id):
            out.extend(self.subtree(child.id))
        return tuple(out)

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether ``upper`` is an ancestor of ``lower``."""
        return any(c.id == upper for c in self.ancestors(lower))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CenterHierarchy:
        """A hierarchy from ``{"centers": [{"id", "level", "parent", "name"}, ...]}``."""
        items = data.get("centers") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise InvalidValueError("centers", items, "a list of centers")
        centers = []
        for i, item in enumerate(items):
            if (
                not isinstance(item, Mapping)
                or not {"id", "level"} <= set(item)
                or not set(item) <= {"id", "level", "parent", "name"}
            ):
                raise InvalidValueError(f"centers[{i}]", item, "id, level, parent?, name?")
            try:
                level = CenterLevel(item["level"])
            except ValueError:
                allowed = ", ".join(v.value for v in CenterLevel)
                raise InvalidValueError(f"centers[{i}].level", item["level"], allowed) from None
            centers.append(Center(item["id"], level, item.get("parent"), item.get("name", "")))
        return cls(centers)

    def to_mapping(self) -> dict[str, Any]:
        """The hierarchy as plain data (`from_mapping` reads it back)."""
        return {
            "centers": [
                {"id": c.id, "level": c.level.value, "parent": c.parent, "name": c.name}
                for c in self.centers
            ]
        }


def sample_hierarchy() -> CenterHierarchy:
    """An illustrative city with two counties, their townships and a village station.

    Modelled on seed 003's three-level linkage; the names are made up. The county center is
    the one `govservice.metrics.simulate` names by default.

    Examples:
        >>> [c.id for c in sample_hierarchy().roots]
        ['示例市政务服务中心']
    """
    return _sample()


@functools.lru_cache(maxsize=1)
def _sample() -> CenterHierarchy:
    return CenterHierarchy.from_mapping(
        json.loads((_DATA / "sample_hierarchy.json").read_text("utf-8"))
    )
