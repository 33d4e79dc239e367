"""Monthly scoring and ranking of departments or windows: schemes as data (TOML, JSON)."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from govservice._errors import InvalidValueError
from govservice._extras import pandas
from govservice._files import check_path, parse_json, parse_toml, read_text
from govservice._validators import check_text

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "METHODS",
    "ScoreMethod",
    "ScoreRule",
    "ScoringScheme",
    "competition_rank",
    "county_monthly_scheme",
    "fuyang_dynamic_scheme",
    "load_scheme",
]


class ScoreMethod(enum.StrEnum):
    """How a `ScoreRule` turns an indicator's value into points.

    Examples:
        >>> ScoreMethod("per_unit").name
        'PER_UNIT'
    """

    LINEAR = "linear"  #: full points at the target, none at ``zero_at``
    RELATIVE = "relative"  #: against the best of the peers
    PER_UNIT = "per_unit"  #: points per unit, capped


#: The values of `ScoreMethod`.
METHODS: tuple[str, ...] = tuple(m.value for m in ScoreMethod)
_FORMAT = "govservice.scoring_scheme/1"


def _number(field: str, value: object, *, optional: bool = False, low: float | None = None) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not -1e15 < value < 1e15:
        raise InvalidValueError(
            field, value, "a finite number of size < 1e15" + (" or absent" if optional else "")
        )
    if low is not None and value < low:
        raise InvalidValueError(field, value, f"a number >= {low:g}")
    return float(value)


@attrs.frozen
class ScoreRule:
    """How one indicator gives (or takes) points [C: every weight is a center's choice].

    Methods (``points`` before the cap):

    - ``linear``: ``weight x clip((value - zero_at) / (target - zero_at), 0, 1)``: full
      points at the target, none at ``zero_at``; ``zero_at`` above ``target`` means lower
      is better (a complaint rate).
    - ``relative``: ``weight x value / the largest value of the period`` among the units
      scored (the best gets full points; values must be >= 0).
    - ``per_unit``: ``per_unit x value`` (negative: a deduction per overdue case or
      complaint).

    Then ``cap`` bounds the points to ``[-cap, cap]``; points are rounded to 1e-6. A value
    that is missing (NaN: no denominator) gives ``if_missing`` points, 0 if that is unset;
    an absent indicator column gives ``if_missing`` points, and is an error if that is unset.

    Args:
        indicator: The indicator id (a column of `compute_indicators`, or one the center adds).
        method: ``linear``, ``relative`` or ``per_unit``.
        weight: Full points (``linear``, ``relative``).
        target: The value that earns full points (``linear``; 1.0 by default).
        zero_at: The value that earns none (``linear``; 0.0 by default).
        per_unit: Points per unit of the value (``per_unit``).
        cap: The most points given or taken.
        if_missing: Points for a missing value or column.
        zh: The indicator's Chinese name in the scheme.
        en: Its English name.
        source: Where the rule comes from, with/(convention)/(unverified) marks.

    Examples:
        >>> rule = ScoreRule("on_time_rate", "linear", weight=20, target=1.0, zero_at=0.9)
        >>> rule.points([1.0, 0.95, 0.8]).tolist()
        [20.0, 10.0, 0.0]
        >>> ScoreRule("complaints", "per_unit", per_unit=-5, cap=20).points([1, 6]).tolist()
        [-5.0, -20.0]
    """

    indicator: str
    method: str = "linear"
    weight: float = 0.0
    target: float | None = None
    zero_at: float | None = None
    per_unit: float | None = None
    cap: float | None = None
    if_missing: float | None = None
    zh: str = ""
    en: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        check_text("indicator", self.indicator)
        if not self.indicator:
            raise InvalidValueError("indicator", self.indicator, "an indicator id")
        if self.method not in METHODS:
            raise InvalidValueError("method", self.method, "one of " + ", ".join(METHODS))
        object.__setattr__(self, "weight", _number("weight", self.weight, low=0))
        for name in ("target", "zero_at", "per_unit", "if_missing"):
            object.__setattr__(self, name, _number(name, getattr(self, name), optional=True))
        object.__setattr__(self, "cap", _number("cap", self.cap, optional=True, low=0))
        for name in ("zh", "en", "source"):
            check_text(name, getattr(self, name))
        if self.method == "linear" and self._target == self._zero_at:
            raise InvalidValueError(
                "zero_at", self.zero_at, f"a value other than target {self._target}"
            )
        if self.method == "per_unit" and self.per_unit is None:
            raise InvalidValueError("per_unit", None, "points per unit for method per_unit")

    @property
    def _target(self) -> float:
        return 1.0 if self.target is None else self.target

    @property
    def _zero_at(self) -> float:
        return 0.0 if self.zero_at is None else self.zero_at

    def points(self, values: Sequence[float] | npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """The points of each value (one period's units, for ``relative``)."""
        v = np.asarray(values, dtype=np.float64)
        missing = np.isnan(v)
        x = np.where(missing, 0.0, v)
        if self.method == "linear":
            span = self._target - self._zero_at
            p = self.weight * np.clip((x - self._zero_at) / span, 0.0, 1.0)
        elif self.method == "relative":
            if (x < 0).any():
                raise InvalidValueError(self.indicator, float(x.min()), "values >= 0 (relative)")
            top = float(x.max()) if x.size else 0.0
            p = self.weight * x / top if top > 0 else np.zeros_like(x)
        else:
            assert self.per_unit is not None
            p = self.per_unit * x
        if self.cap is not None:
            p = np.clip(p, -self.cap, self.cap)
        return np.asarray(np.round(np.where(missing, self.if_missing or 0.0, p), 6), np.float64)

    def to_mapping(self) -> dict[str, Any]:
        """The rule as a mapping of its set fields (for TOML and JSON)."""
        return {
            f.name: getattr(self, f.name)
            for f in attrs.fields(ScoreRule)
            if getattr(self, f.name) not in (None, "") or f.name == "indicator"
        }


def competition_rank(points: Sequence[float] | npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Competition ranking ("1224"): 1 + the number of units with strictly more points.

    Equal points share a rank and the next rank is skipped (the glossary §4.4) (convention). Points
    are
    compared as given: round them first (`ScoringScheme.score` rounds to 0.01).

    Examples:
        >>> competition_rank([90.0, 95.5, 90.0, 80.0]).tolist()
        [2, 1, 2, 4]
    """
    p = np.asarray(points, dtype=np.float64)
    if np.isnan(p).any():
        raise InvalidValueError("points", "NaN", "numbers")
    ordered = np.sort(-p)
    return (np.searchsorted(ordered, -p, side="left") + 1).astype(np.int64)


def _rules(value: object) -> tuple[ScoreRule, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise InvalidValueError("rules", value, "a non-empty list of ScoreRule")
    for i, rule in enumerate(value):
        if not isinstance(rule, ScoreRule):
            raise InvalidValueError(f"rules[{i}]", rule, "a ScoreRule")
    ids = [r.indicator for r in value]
    for i, name in enumerate(ids):
        if name in ids[:i]:
            raise InvalidValueError(f"rules[{i}].indicator", name, "an indicator scored once")
    return tuple(value)


@attrs.frozen
class ScoringScheme:
    """A monthly scoring scheme: rules per indicator, a base, points to 0.01 and a rank.

    Total points = ``base`` + the sum of the rules' points, rounded to 0.01 (convention); units are
    ranked within each period by competition ranking (`competition_rank`: 1, 2, 2, 4) (convention);
    equal points share a rank, listed by name. Load a center's own scheme with `load_scheme`
    or `from_mapping`; the templates are `fuyang_dynamic_scheme` and
    `county_monthly_scheme`.

    Args:
        id: The scheme's id.
        rules: The `ScoreRule` of each indicator.
        zh: Its Chinese name.
        en: Its English name.
        source: Where it comes from.
        base: Points every unit starts with (a deductive scheme starts at 100).

    Examples:
        >>> import pandas as pd
        >>> scheme = ScoringScheme("demo", [
        ...     ScoreRule("on_time_rate", weight=60, target=1.0, zero_at=0.9),
        ...     ScoreRule("complaints", "per_unit", per_unit=-5, cap=20)])
        >>> table = pd.DataFrame({"department": ["甲", "乙", "丙"], "period": "2025-03",
        ...                       "on_time_rate": [1.0, 0.95, 1.0], "complaints": [0, 0, 6]})
        >>> scheme.score(table)[["department", "points", "rank"]]
          department  points  rank
        0          甲    60.0     1
        1          丙    40.0     2
        2          乙    30.0     3
    """

    id: str
    rules: tuple[ScoreRule, ...] = attrs.field(converter=_rules)
    zh: str = ""
    en: str = ""
    source: str = ""
    base: float = 0.0

    def __repr__(self) -> str:
        return f"ScoringScheme(id={self.id!r}, rules={[r.indicator for r in self.rules]})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids scored, in order."""
        return tuple(r.indicator for r in self.rules)

    @property
    def maximum(self) -> float:
        """The most points a unit can get (``base`` + the positive rules' full points).

        A ``per_unit`` rule that gives points (``per_unit`` > 0) adds its ``cap``; without a
        cap there is no maximum (infinity). A deduction per unit adds nothing.
        """
        top = self.base
        for r in self.rules:
            if r.method == "per_unit":
                assert r.per_unit is not None
                if r.per_unit > 0:
                    top += float("inf") if r.cap is None else r.cap
                continue
            top += r.weight if r.cap is None else min(r.weight, r.cap)
        return top

    # -- scoring --------------------------------------------------------------------------------

    def score(self, indicators: Any, *, by: str = "department", period: str = "period") -> Any:
        """Points and ranks of each unit per period, with the change from the previous period.

        Args:
            indicators: A pandas DataFrame with a ``by`` column, optionally a ``period``
                column, and a column per scored indicator (`compute_indicators`' output,
                plus any column the center adds).
            by: The unit column (``department``, ``window``, ...).
            period: The period column (absent: one period).

        Returns:
            A pandas DataFrame: ``by``, ``period`` (when given), each scored indicator and
            its points (``<id>_points``), ``points``, ``rank``, then ``points_change`` and
            ``rank_change`` (positive: up) against the unit's previous period in the table
            (NaN for its first). Rows by period, then rank, then name.

        Raises:
            InvalidValueError: A missing column (for a rule with no ``if_missing``), a
                repeated unit in a period.
        """
        pd = pandas()
        if not hasattr(indicators, "columns"):
            raise InvalidValueError("indicators", type(indicators).__name__, "a pandas DataFrame")
        if by not in indicators.columns:
            raise InvalidValueError("by", by, "a column of the indicators table")
        has_period = period in indicators.columns
        keys = [by, period] if has_period else [by]
        frame = indicators.reset_index(drop=True)
        if frame.duplicated(keys).any():
            raise InvalidValueError("indicators", "repeated units", f"one row per {keys}")
        out = frame[keys].copy()
        periods = frame[period].astype(str).to_numpy() if has_period else np.zeros(len(frame))
        total = np.full(len(frame), self.base, dtype=np.float64)
        for i, rule in enumerate(self.rules):
            if rule.indicator not in frame.columns:
                if rule.if_missing is None:
                    raise InvalidValueError(
                        f"rules[{i}].indicator", rule.indicator, "a column of the indicators"
                    )
                values = np.full(len(frame), np.nan)
            else:
                values = pd.to_numeric(frame[rule.indicator], errors="coerce").to_numpy(
                    dtype=np.float64, na_value=np.nan
                )
            points = np.zeros(len(frame), dtype=np.float64)
            for p in np.unique(periods):
                sel = periods == p
                points[sel] = rule.points(values[sel])
            out[rule.indicator] = values
            out[rule.indicator + "_points"] = np.round(points, 2)
            total += points
        out["points"] = np.round(total, 2)
        rank = np.zeros(len(frame), dtype=np.int64)
        for p in np.unique(periods):
            sel = periods == p
            rank[sel] = competition_rank(out["points"].to_numpy()[sel])
        out["rank"] = rank
        out["points_change"] = np.nan
        out["rank_change"] = pd.array([pd.NA] * len(out), dtype="Int64")
        if has_period:
            out = out.sort_values([period, by], kind="stable")
            previous = out.groupby(by, sort=False, observed=True)[["points", "rank"]].shift(1)
            out["points_change"] = np.round(out["points"] - previous["points"], 2)
            out["rank_change"] = (previous["rank"] - out["rank"]).astype("Int64")
        order = [*keys[1:], "rank", by]
        return out.sort_values(order, kind="stable").reset_index(drop=True)

    # -- data -----------------------------------------------------------------------------------

    def to_mapping(self) -> dict[str, Any]:
        """The scheme as plain data (for TOML and JSON), with its format version.

        Examples:
            >>> scheme = county_monthly_scheme()
            >>> ScoringScheme.from_mapping(scheme.to_mapping()) == scheme
            True
        """
        return {
            "format": _FORMAT, "id": self.id, "zh": self.zh, "en": self.en,
            "source": self.source, "base": self.base,
            "rules": [r.to_mapping() for r in self.rules],
        }  # fmt: skip

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ScoringScheme:
        """A scheme from plain data; a bad field raises `InvalidValueError` naming it.

        Examples:
            >>> ScoringScheme.from_mapping({"id": "x", "rules": [
            ...     {"indicator": "on_time_rate", "weight": -1}]})
            Traceback (most recent call last):
            ...
            govservice.InvalidValueError: rules[0].weight must be a number >= 0, got -1
        """
        if not isinstance(data, Mapping):
            raise InvalidValueError("scheme", type(data).__name__, "a mapping")
        fields = {"format", "id", "zh", "en", "source", "base", "rules"}
        unknown = sorted(set(data) - fields)
        if unknown:
            raise InvalidValueError(unknown[0], data[unknown[0]], "no such field of a scheme")
        if "format" in data and data["format"] != _FORMAT:
            raise InvalidValueError("format", data["format"], _FORMAT)
        if not isinstance(data.get("id"), str) or not data["id"]:
            raise InvalidValueError("id", data.get("id"), "a non-empty string")
        raw = data.get("rules")
        if not isinstance(raw, list) or not raw:
            raise InvalidValueError("rules", raw, "a non-empty list of rules")
        rule_fields = {f.name for f in attrs.fields(ScoreRule)}
        rules = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise InvalidValueError(f"rules[{i}]", item, "a table of rule fields")
            extra = sorted(set(item) - rule_fields)
            if extra:
                raise InvalidValueError(f"rules[{i}].{extra[0]}", item[extra[0]], "no such field")
            if "indicator" not in item:
                raise InvalidValueError(f"rules[{i}].indicator", None, "an indicator id")
            try:
                rules.append(ScoreRule(**item))
            except InvalidValueError as exc:
                raise InvalidValueError(
                    f"rules[{i}].{exc.field}", exc.value, exc.expected
                ) from None
        for name in ("zh", "en", "source"):
            check_text(name, data.get(name, ""))
        base = _number("base", data.get("base", 0.0))
        return cls(data["id"], rules, data.get("zh", ""), data.get("en", ""),
                   data.get("source", ""), base)  # fmt: skip

    @classmethod
    def from_toml(cls, text: str) -> ScoringScheme:
        """A scheme from TOML text (see the templates in ``govservice/metrics/data``)."""
        return cls.from_mapping(parse_toml(text, field="scheme"))

    @classmethod
    def from_json(cls, text: str) -> ScoringScheme:
        """A scheme from JSON text."""
        return cls.from_mapping(parse_json(text, field="scheme"))

    def to_toml(self) -> str:
        """The scheme as TOML text.

        Examples:
            >>> scheme = fuyang_dynamic_scheme()
            >>> ScoringScheme.from_toml(scheme.to_toml()) == scheme
            True
        """
        import tomli_w

        return tomli_w.dumps(self.to_mapping())

    def to_json(self) -> str:
        """The scheme as JSON text."""
        return json.dumps(self.to_mapping(), ensure_ascii=False, indent=2)


def load_scheme(path: str | Path) -> ScoringScheme:
    """A scheme from a ``.toml`` or ``.json`` file (UTF-8, a byte-order mark accepted).

    Raises:
        InvalidValueError: The path, the file or the scheme in it, with where and why.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "scheme.json"
        >>> _ = path.write_text(county_monthly_scheme().to_json(), "utf-8")
        >>> load_scheme(path).id
        'county_monthly'
    """
    target = check_path(path)
    if target.suffix.lower() not in (".toml", ".json"):
        raise InvalidValueError("path", str(path), "a .toml or .json file")
    text = read_text(target)
    if target.suffix.lower() == ".toml":
        return ScoringScheme.from_toml(text)
    if target.suffix.lower() == ".json":
        return ScoringScheme.from_json(text)
    raise InvalidValueError("path", str(path), "a .toml or .json file")


def _template(name: str) -> ScoringScheme:
    text = resources.files("govservice.supervision").joinpath("data", name).read_text("utf-8")
    return ScoringScheme.from_toml(text)


def fuyang_dynamic_scheme() -> ScoringScheme:
    """Fuyang's nine dynamic efficiency indicators, scored monthly (Fuyang report).

    The report names the nine (entry rate, online handling rate, initial check rate,
    acceptance volume, early completions, overdue completions, satisfaction rate,
    discipline, complaints), says they are tested monthly, ranked by points and published;
    weights, targets and deductions are configuration (convention); two Chinese terms are
    unknown (unverified). ``initial_check_rate`` and ``discipline`` are columns the center supplies
    (0 points while absent).

    Examples:
        >>> scheme = fuyang_dynamic_scheme()
        >>> len(scheme.rules), scheme.maximum
        (9, 90.0)
    """
    return _template("scoring_fuyang.toml")


def county_monthly_scheme() -> ScoringScheme:
    """The county scheme's seven monthly indicators (county scheme, item 13).

    Entry rate, window authorization rate, on-site completion rate (target > 90%),
    on-time completion rate, satisfaction rate, dissatisfaction rate and complaint rate,
    reported monthly; weights and ranges are configuration (convention).

    Examples:
        >>> scheme = county_monthly_scheme()
        >>> scheme.indicators[:3], scheme.maximum
        (('entry_rate', 'window_authorization_rate', 'on_site_rate'), 100.0)
    """
    return _template("scoring_county.toml")
