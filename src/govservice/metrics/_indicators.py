"""Indicators: named definitions computed from additive partial aggregates that merge exactly."""

from __future__ import annotations

import datetime as dt
import enum
import fractions
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from govservice._errors import InvalidValueError
from govservice._extras import optional
from govservice._validators import of_type
from govservice.metrics._table import NAT, RecordColumns, pandas

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.calendar import WorkCalendar

__all__ = [
    "INDICATORS",
    "PERIODS",
    "PERIOD_BASES",
    "Form",
    "Indicator",
    "Measure",
    "Partials",
    "compute_indicators",
    "indicators_from_partials",
    "merge_partials",
    "partials",
]

#: The periods `compute_indicators` groups by (dates in Asia/Shanghai).
PERIODS = ("day", "week", "month", "quarter", "year")
#: Which date puts a case in a period: ``None`` lets each measure use its own (`Measure.basis`),
#: ``"acceptance"`` or ``"completion"`` puts every measure on that date.
PERIOD_BASES = ("acceptance", "completion")


@attrs.frozen
class Measure:
    """A per-case integer quantity, summed per group: one additive partial aggregate.

    Args:
        id: A name unique among the measures of the indicators computed together.
        description: What it counts, in words.
        values: Gives one integer (or boolean) per record from the `RecordColumns`.
        basis: The date that puts a case in a period by default: ``"acceptance"``, or
            ``"completion"`` for a measure of completed cases (办结量, on time, handling
            days...), so that a published month does not change when older cases complete.

    Examples:
        >>> late = Measure("accepted_late", "cases accepted after 17:00",
        ...                lambda c: c.accepted & ((c.instant("accepted_at") // 3_600_000_000_000
        ...                                        + 8) % 24 >= 17))
        >>> late.id
        'accepted_late'
    """

    id: str
    description: str
    values: Callable[[RecordColumns], Any] = attrs.field(eq=False, repr=False)
    basis: str = attrs.field(default="acceptance", kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.basis not in PERIOD_BASES:
            raise InvalidValueError("basis", self.basis, "acceptance or completion")

    def __reduce__(self) -> tuple[Any, ...]:
        """Built-in measures pickle by id (their functions are lambdas); others by value.

        A measure of your own pickles when its ``values`` function does (a module-level
        function, not a lambda), so it can go to another process or a Dask worker.
        """
        if _BUILTIN_MEASURES.get(self.id) is self:
            return (_builtin_measure, (self.id,))
        return (_measure, (self.id, self.description, self.values, self.basis))

    def evaluate(self, cols: RecordColumns) -> npt.NDArray[np.int64]:
        """The measure's value for every record, as int64."""
        values = np.asarray(self.values(cols))
        if values.shape != (cols.n,) or values.dtype.kind not in "biu":
            raise InvalidValueError(
                f"measure {self.id}", f"{values.dtype} {values.shape}", f"{cols.n} integers"
            )
        return values.astype(np.int64, copy=False)


class Form(enum.Enum):
    """How an indicator's value comes from its measures' group sums.

    Examples:
        >>> Form("ratio")
        <Form.RATIO: 'ratio'>
    """

    COUNT = "count"  #: Σ numerator
    RATIO = "ratio"  #: Σ numerator ÷ Σ denominator (a rate, or a mean)
    SAVING = "saving"  #: 1 − Σ numerator ÷ Σ denominator
    PERCENTILE = "percentile"  #: the quantile of numerator's values over denominator's cases
    MATTERS_ANY = "matters_any"  #: matters with Σ numerator > 0 ÷ matters with Σ denominator > 0
    MATTERS_ALL = "matters_all"  #: matters with Σ numerator = Σ denominator > 0 ÷ matters with > 0


@attrs.frozen
class Indicator:
    """An indicator: its id, names, formula, measures, unit and source.

    Every indicator is a function of additive partial aggregates, so partitions of the
    records can be computed apart and merged exactly: sums per group (`Form.COUNT`,
    `Form.RATIO`, `Form.SAVING`), sums per group and matter (`Form.MATTERS_ANY`,
    `Form.MATTERS_ALL`), or counts per group and value (`Form.PERCENTILE`, exact for the
    integer working days). A center adds its own indicators in the same form.

    Args:
        id: The column name in `compute_indicators`' result.
        zh: Chinese name.
        en: English name.
        form: How the value is formed from the measures.
        numerator: The measure summed on top (for a percentile: the values).
        denominator: The measure summed below (for a percentile: which cases); None for a
            count.
        unit: ``cases``, ``share`` (a fraction in [0, 1]), ``rate`` (a fraction that may be
            negative: ``time_saving_rate`` when slower than committed) or ``working_days``.
        formula: The formula in words.
        source: Where the definition comes from (seed, marker, national text).
        quantile: For a percentile, which one (0.9: the 90th).

    Examples:
        >>> from govservice.metrics import INDICATORS
        >>> on_time = next(i for i in INDICATORS if i.id == "on_time_rate")
        >>> on_time.zh, on_time.unit
        ('按时办结率', 'share')
        >>> late = Indicator("accepted_late", "延时受理量", "accepted after hours", Form.COUNT,
        ...                  Measure("late", "after 17:00", lambda c: c.accepted), None,
        ...                  "cases", "count of cases accepted after 17:00", "(convention)")
        >>> late.measures()[0].id
        'late'
    """

    id: str
    zh: str
    en: str
    form: Form = attrs.field(validator=of_type(Form))
    numerator: Measure
    denominator: Measure | None
    unit: str
    formula: str
    source: str
    quantile: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.form is not Form.COUNT and self.denominator is None:
            raise InvalidValueError("denominator", None, f"a Measure for the form {self.form}")
        if (self.form is Form.PERCENTILE) != (self.quantile is not None):
            raise InvalidValueError("quantile", self.quantile, "set for a percentile only")
        if self.quantile is not None and not 0 < self.quantile <= 1:
            raise InvalidValueError("quantile", self.quantile, "in (0, 1]")

    def measures(self) -> tuple[Measure, ...]:
        """The measures the indicator needs."""
        return (self.numerator,) if self.denominator is None else (self.numerator, self.denominator)


# -- the measures of the built-in indicators -------------------------------------------------------


_BUILTIN_MEASURES: dict[str, Measure] = {}


def _builtin_measure(id: str) -> Measure:
    return _BUILTIN_MEASURES[id]


def _measure(id: str, description: str, values: Any, basis: str) -> Measure:
    return Measure(id, description, values, basis=basis)


def _m(
    id: str, description: str, values: Callable[[RecordColumns], Any], basis: str = "acceptance"
) -> Measure:
    measure = Measure(id, description, values, basis=basis)
    _BUILTIN_MEASURES.setdefault(id, measure)
    return measure


_DONE = "completion"


ACCEPTED = _m("accepted", "cases accepted", lambda c: c.accepted)
COMPLETED_OF_ACCEPTED = _m(
    "completed_of_accepted", "cases accepted in the period and completed", lambda c: c.completed
)
COMPLETED = _m("completed", "cases completed", lambda c: c.completed, _DONE)
ON_TIME = _m(
    "on_time", "completed on or before the committed due date (instant)",
    lambda c: c.on_time, _DONE,
)  # fmt: skip
EARLY = _m(
    "early", "completed on a day before the committed due date (提前办结)",
    lambda c: c.early, _DONE,
)  # fmt: skip
OVERDUE = _m(
    "overdue", "completed after the committed due date (instant)",
    lambda c: c.overdue, _DONE,
)  # fmt: skip
STATUTORY_OVERDUE = _m(
    "statutory_overdue", "completed cases decided after the statutory due date",
    lambda c: c.statutory_overdue, _DONE,
)  # fmt: skip
IN_CENTER = _m("in_center", "cases accepted in the center", lambda c: c.in_center)
ON_SITE = _m(
    "on_site", "accepted in the center and on_site", lambda c: c.in_center & c.flag("on_site")
)
IMMEDIATE = _m(
    "immediate", "accepted immediate cases", lambda c: c.accepted & c.isin("kind", ("immediate",))
)
ONLINE = _m("online", "accepted online", lambda c: c.accepted & c.isin("channel", ("online",)))
HANDLING_DAYS = _m(
    "handling_days",
    "working days from acceptance to completion",
    lambda c: c.handling_days,
    _DONE,
)
COMMITTED_DONE = _m(
    "committed_completed",
    "completed committed cases with a committed limit > 0",
    lambda c: (
        c.completed
        & c.isin("kind", ("committed",))
        & (np.nan_to_num(c.number("committed_working_days")) > 0)
    ),
    _DONE,
)
COMMITTED_HANDLING = _m(
    "committed_handling_days",
    "handling days of completed committed cases",
    lambda c: np.where(COMMITTED_DONE.evaluate(c) > 0, c.handling_days, 0),
    _DONE,
)
COMMITTED_LIMIT_DONE = _m(
    "committed_limit_days",
    "committed working days of completed committed cases",
    lambda c: np.where(
        COMMITTED_DONE.evaluate(c) > 0,
        np.nan_to_num(c.number("committed_working_days")).astype(np.int64),
        0,
    ),
    _DONE,
)


def _limits_known(c: RecordColumns) -> Any:
    return (
        c.accepted
        & ~np.isnan(c.number("committed_working_days"))
        & ~np.isnan(c.number("statutory_working_days"))
    )


STATUTORY_DAYS = _m(
    "statutory_days",
    "statutory working days of accepted cases with both limits",
    lambda c: np.where(
        _limits_known(c), np.nan_to_num(c.number("statutory_working_days")), 0
    ).astype(np.int64),
)
SAVED_DAYS = _m(
    "saved_days",
    "statutory minus committed working days of accepted cases with both limits",
    lambda c: np.where(
        _limits_known(c),
        np.nan_to_num(c.number("statutory_working_days"))
        - np.nan_to_num(c.number("committed_working_days")),
        0,
    ).astype(np.int64),
)


def _window_decided(c: RecordColumns) -> Any:
    """Cases accepted in the center whose matter's window holds the decision power and seal.

    Read from the catalogue's authorization record, carried into the records as the column
    ``window_authorized`` (`records_from_cases` and `simulate` write it from the case's
    matter). Records without it have no authorization record: nothing is guessed from the
    kind of case, and the rate is NaN.
    """
    if not c.has("window_authorized"):
        return np.zeros(c.n, dtype=np.bool_)
    return c.in_center & c.flag("window_authorized")


def _authorization_recorded(c: RecordColumns) -> Any:
    """Cases accepted in the center whose records carry the authorization record."""
    if not c.has("window_authorized"):
        return np.zeros(c.n, dtype=np.bool_)
    return c.in_center & ~c.missing("window_authorized")


WINDOW_DECIDED = _m(
    "window_decided",
    "cases accepted in the center whose window is authorized (the catalogue's record)",
    _window_decided,
)
AUTHORIZATION_RECORDED = _m(
    "authorization_recorded",
    "cases accepted in the center with the catalogue's authorization record",
    _authorization_recorded,
)
ON_SITE_SETTLED = _m(
    "settled_in_center",
    "completed cases accepted in the center (settled at the center)",
    lambda c: c.completed & c.in_center,
    _DONE,
)
RATED = _m("rated", "rated cases (a grade 1..5)", lambda c: c.accepted & (c.rating > 0))
RATED_COMPLETED = _m(
    "rated_completed", "completed cases rated", lambda c: c.completed & (c.rating > 0), _DONE
)


def _grade(*grades: int) -> Callable[[RecordColumns], Any]:
    return lambda c: c.accepted & np.isin(c.rating, grades)


SATISFIED = _m("rated_4_5", "ratings 4-5 (very satisfied, satisfied)", _grade(4, 5))
DISSATISFIED = _m("rated_1_2", "ratings 1-2 (dissatisfied, very dissatisfied)", _grade(1, 2))
GRADES = {g: _m(f"rated_{g}", f"ratings of grade {g}", _grade(g)) for g in range(1, 6)}
COMPLAINTS = _m(
    "complaints", "accepted cases with a complaint", lambda c: c.accepted & c.flag("complaint")
)
VISITS_LE_1 = _m(
    "visits_le_1",
    "completed cases with at most one visit",
    lambda c: c.completed & (c.number("visits") <= 1),
    _DONE,
)
VISITS_0 = _m(
    "visits_0",
    "completed cases with no visit",
    lambda c: c.completed & (c.number("visits") == 0),
    _DONE,
)


def _optional(name: str) -> Callable[[RecordColumns], Any]:
    """An optional integer column (absent or missing: 0), counted on accepted cases."""

    def values(c: RecordColumns) -> Any:
        if not c.has(name):
            return np.zeros(c.n, dtype=np.int64)
        return np.where(c.accepted, np.nan_to_num(c.number(name)), 0).astype(np.int64)

    return values


RECTIFICATIONS = _m(
    "rectifications",
    "rectifications of bad reviews and complaints that count (column rectifications)",
    _optional("rectifications"),
)
RECTIFIED = _m("rectified", "of them rectified and answered", _optional("rectified"))
RECTIFIED_ON_TIME = _m(
    "rectified_on_time", "of them answered by their due date", _optional("rectified_on_time")
)
REAL_NAME_BAD = _m(
    "real_name_bad_reviews", "bad reviews by a named person that count",
    _optional("real_name_bad_reviews"),
)  # fmt: skip
REAL_NAME_CALLED = _m(
    "real_name_called_back", "of them answered (回访)", _optional("real_name_called_back")
)

_SEED_001 = "Fuyang report, dynamic indicators"
_SEED_004 = "county scheme, monthly"


def _ind(
    id: str,
    zh: str,
    en: str,
    form: Form,
    numerator: Measure,
    denominator: Measure | None,
    unit: str,
    formula: str,
    source: str,
    quantile: float | None = None,
) -> Indicator:
    return Indicator(id, zh, en, form, numerator, denominator, unit, formula, source, quantile)


C, R = Form.COUNT, Form.RATIO

#: The built-in indicators, in the order of `compute_indicators`' columns (§4).
INDICATORS: tuple[Indicator, ...] = (
    _ind("acceptance_volume", "受理量", "acceptance volume", C, ACCEPTED, None, "cases",
         "cases with an accepted_at", _SEED_001),
    _ind("completed", "办结量", "cases completed", C, COMPLETED, None, "cases",
         "accepted cases with a completed_at", _SEED_001),
    _ind("completion_rate", "办结率", "completion rate", R, COMPLETED_OF_ACCEPTED, ACCEPTED,
         "share", "cases accepted in the period and completed ÷ acceptance_volume; by the "
         "acceptance date", "Fuyang report: 4,549 ÷ 4,699 = 96.8%"),
    _ind("on_time", "按时办结量", "completed on time", C, ON_TIME, None, "cases",
         "completed cases on time by the committed limit, measured at 办结: the records' "
         "committed_timeliness (early or on_time: by the due instant, the close of office hours "
         "of the due date or the end of an hour limit); without it, the completion date "
         "(Asia/Shanghai) <= committed_due", _SEED_004),
    _ind("on_time_rate", "按时办结率", "on-time completion rate", R, ON_TIME, COMPLETED, "share",
         "on_time ÷ completed", _SEED_004 + "; municipal report: 100%"),
    _ind("early", "提前办结量", "early completions", C, EARLY, None, "cases",
         "completed cases finished on a day before the committed due date (committed_timeliness "
         "early; without it, completion date < committed_due)", _SEED_001),
    _ind("early_rate", "提前办结率", "early completion rate", R, EARLY, COMPLETED, "share",
         "early ÷ completed", _SEED_001 + "; denominator (convention)"),
    _ind("overdue", "超期办结量", "overdue completions", C, OVERDUE, None, "cases",
         "completed cases late by the committed limit (committed_timeliness late; without it, "
         "completion date > committed_due)", _SEED_001),
    _ind("overdue_rate", "超期办结率", "overdue completion rate", R, OVERDUE, COMPLETED, "share",
         "overdue ÷ completed", "(convention)"),
    _ind("statutory_overdue", "超法定时限办结量", "completions after the statutory limit", C,
         STATUTORY_OVERDUE, None, "cases",
         "completed cases decided after the statutory limit, measured at the decision (art. 42; "
         "delivery has its own clock, art. 44): statutory_timeliness late; without it, the "
         "date of decided_at (else completed_at) > statutory_due", "(convention)"),
    _ind("on_site_rate", "现场办结率", "on-site completion rate", R, ON_SITE_SETTLED, COMPLETED,
         "share", "cases settled (completed) at the center ÷ all cases completed; by the "
         "completion date", _SEED_004 + ": cases settled at the center > 90% of all cases"),
    _ind("immediate_share", "即办件占比", "immediate-case share", R, IMMEDIATE, ACCEPTED, "share",
         "accepted cases of kind immediate ÷ acceptance_volume (cases, not matters)",
         "(convention)"),
    _ind("online_rate", "网上办理率", "online application rate", R, ONLINE, ACCEPTED, "share",
         "accepted cases with channel online ÷ acceptance_volume",
         _SEED_001 + "; Chinese term (unverified)"),
    _ind("mean_handling_days", "平均办理时长", "mean handling time", R, HANDLING_DAYS,
         COMPLETED, "working_days",
         "Σ working days from acceptance date to completion date − suspended_working_days "
         "÷ completed", "(convention)"),
    _ind("p90_handling_days", "办理时长90分位", "90th percentile handling time",
         Form.PERCENTILE, HANDLING_DAYS, COMPLETED, "working_days",
         "the smallest d such that at least 90% of completed cases took <= d working days "
         "(nearest rank)", "(convention)", 0.9),
    _ind("time_saving_rate", "提速率", "speed-up vs commitment", Form.SAVING,
         COMMITTED_HANDLING, COMMITTED_LIMIT_DONE, "rate",
         "1 − Σ handling days ÷ Σ committed_working_days, completed committed cases",
         "Fuyang report: 2.47 days, 79.11% faster"),
    _ind("commitment_compression_rate", "承诺时限压缩率", "commitment compression", R,
         SAVED_DAYS, STATUTORY_DAYS, "share",
         "Σ (statutory − committed working days) ÷ Σ statutory working days, accepted cases",
         "Zhoushan profile: (12,141 − 4,018) ÷ 12,141 = 66.91% over matters; per case"
         " (convention)"),
    _ind("entry_rate", "进驻率", "entry rate", R, IN_CENTER, ACCEPTED, "share",
         "cases accepted in the center ÷ acceptance_volume",
         _SEED_004 + " (matters ÷ matters); per case (convention)"),
    _ind("concentration_rate", "项目集中率", "concentration rate", Form.MATTERS_ANY, IN_CENTER,
         ACCEPTED, "share",
         "matters with a case accepted in the center ÷ matters with an accepted case; by the "
         "acceptance date. The catalogue fact (stationed matters ÷ all matters, 001: 609 of "
         "728) is CatalogFigures.concentration_rate",
         "Fuyang report: 609 matters, 83.65%; matters seen in the records (convention)"),
    _ind("window_authorization_rate", "窗口授权率", "window authorization rate",
         Form.MATTERS_ALL, WINDOW_DECIDED, AUTHORIZATION_RECORDED, "share",
         "matters accepted in the center whose window holds the decision power and seal (the "
         "catalogue's authorization record, column window_authorized) ÷ matters accepted in "
         "the center; by the acceptance date; NaN for records without that column (never "
         "guessed from the kind of case)",
         _SEED_004 + "; CatalogFigures.window_authorization_rate over the catalogue"),
    _ind("satisfaction_rate", "满意率", "satisfaction rate", R, SATISFIED, RATED, "share",
         "ratings 4-5 ÷ rated cases", "Fuyang report, county scheme; grades (convention)"),
    _ind("dissatisfaction_rate", "不满意率", "dissatisfaction rate", R, DISSATISFIED, RATED,
         "share", "ratings 1-2 ÷ rated cases", _SEED_004 + "; grades (convention)"),
    _ind("very_satisfied_rate", "非常满意率", "very satisfied rate", R, GRADES[5], RATED,
         "share", "ratings 5 ÷ rated cases", "国办发〔2019〕51号 five grades"),
    _ind("satisfied_rate", "满意(五级)率", "satisfied rate", R, GRADES[4], RATED, "share",
         "ratings 4 ÷ rated cases", "国办发〔2019〕51号 five grades"),
    _ind("basically_satisfied_rate", "基本满意率", "basically satisfied rate", R, GRADES[3],
         RATED, "share", "ratings 3 ÷ rated cases", "国办发〔2019〕51号 five grades"),
    _ind("dissatisfied_rate", "不满意(五级)率", "dissatisfied rate", R, GRADES[2], RATED,
         "share", "ratings 2 ÷ rated cases", "国办发〔2019〕51号 five grades"),
    _ind("very_dissatisfied_rate", "非常不满意率", "very dissatisfied rate", R, GRADES[1],
         RATED, "share", "ratings 1 ÷ rated cases", "国办发〔2019〕51号 five grades"),
    _ind("active_rating_rate", "主动评价率", "rating coverage", R, RATED_COMPLETED, COMPLETED,
         "share", "completed cases rated ÷ completed", "common practice"),
    _ind("complaints", "投诉量", "complaints", C, COMPLAINTS, None, "cases",
         "accepted cases with a complaint", _SEED_001),
    _ind("complaint_rate", "投诉率", "complaint rate", R, COMPLAINTS, ACCEPTED, "share",
         "complaints ÷ acceptance_volume", _SEED_004 + "; denominator (convention)"),
    _ind("one_visit_rate", "最多跑一次率", "at-most-one-visit rate", R, VISITS_LE_1, COMPLETED,
         "share", "completed cases with visits <= 1 ÷ completed",
         "common practice (matters); per case (convention)"),
    _ind("zero_visit_rate", "零跑动率", "zero-visit rate", R, VISITS_0, COMPLETED, "share",
         "completed cases with visits = 0 ÷ completed",
         "common practice (matters); per case (convention)"),
    # 好差评 rectification (columns from govservice.metrics.with_feedback)
    _ind("rectification_rate", "差评整改率", "rectification rate", R, RECTIFIED,
         RECTIFICATIONS, "share",
         "rectifications rectified and answered ÷ rectifications that count (bad reviews and "
         "complaints not found unfounded nor set aside on appeal), by the case's acceptance",
         "国办发〔2019〕51号 duty; formula (convention)"),
    _ind("on_time_rectification_rate", "按时整改率", "on-time rectification rate", R,
         RECTIFIED_ON_TIME, RECTIFICATIONS, "share",
         "rectifications answered by their due date ÷ rectifications that count "
         "(实名差评回访整改率 when all are real-name)",
         "国办发〔2019〕51号; DOMAIN bad_review_rectification_rate (convention)"),
    _ind("real_name_bad_review_callback_rate", "实名差评回访率",
         "real-name bad-review callback rate", R, REAL_NAME_CALLED, REAL_NAME_BAD, "share",
         "real-name bad reviews answered (called back) ÷ real-name bad reviews that count",
         "common practice; target 100%"),
)  # fmt: skip


# -- partial aggregates ---------------------------------------------------------------------------


@attrs.frozen(eq=False)
class Partials:
    """Additive partial aggregates of case records: merge them, then finish the indicators.

    Args:
        keys: The group key columns (the ``by`` columns, then ``period`` when asked for).
        sums: One row per group: the keys and each measure's sum.
        matters: One row per group and matter: the keys, ``__matter_code__`` and the sums of the
            measures of matter-based indicators.
        histograms: One row per group, measure and value: the keys, ``measure``, ``value``
            and ``count``, for percentiles.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 7), seed=1, cases_per_day=40)
        >>> first = partials(records.iloc[:100], by=("department",), period="month",
        ...                  calendar=china())
        >>> rest = partials(records.iloc[100:], by=("department",), period="month",
        ...                 calendar=china())
        >>> whole = compute_indicators(records, by=("department",), period="month",
        ...                            calendar=china())
        >>> indicators_from_partials(merge_partials([first, rest])).equals(whole)
        True
    """

    keys: tuple[str, ...]
    sums: Any
    matters: Any
    histograms: Any

    def __repr__(self) -> str:
        return f"<Partials keys={list(self.keys)} groups={len(self.sums)}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def _measures(
    indicators: Sequence[Indicator],
) -> tuple[list[Measure], list[Measure], list[Measure]]:
    """The distinct measures of sums, of matters and of histograms."""
    seen: dict[str, Measure] = {}
    sums: dict[str, Measure] = {}
    matters: dict[str, Measure] = {}
    hists: dict[str, Measure] = {}
    for ind in indicators:
        if not isinstance(ind, Indicator):
            raise InvalidValueError("indicators", ind, "Indicator values")
        for m in ind.measures():
            if seen.setdefault(m.id, m) is not m and seen[m.id] != m:
                raise InvalidValueError("measure", m.id, "one measure per id")
        if ind.form in (Form.MATTERS_ANY, Form.MATTERS_ALL):
            target = matters
        elif ind.form is Form.PERCENTILE:
            assert ind.denominator is not None
            hists[ind.numerator.id + "|" + ind.denominator.id] = ind.numerator
            sums.setdefault(ind.denominator.id, ind.denominator)
            continue
        else:
            target = sums
        for m in ind.measures():
            target.setdefault(m.id, m)
    sums.setdefault(ACCEPTED.id, ACCEPTED)
    return list(sums.values()), list(matters.values()), list(hists.values())


def _check_ids(indicators: Sequence[Indicator]) -> None:
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise InvalidValueError("indicators", ids, "unique ids")


def _period_codes(days: npt.NDArray[np.int64], period: str) -> npt.NDArray[np.int64]:
    if period == "day":
        return days
    if period == "week":
        return (days + 3) // 7  # weeks from Monday (1970-01-01 was a Thursday)
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "month":
        return months
    if period == "quarter":
        return months // 3
    return months // 12


def _period_label(code: int, period: str) -> str:
    if period == "day":
        return (dt.date(1970, 1, 1) + dt.timedelta(days=code)).isoformat()
    if period == "week":
        monday = dt.date(1970, 1, 1) + dt.timedelta(days=code * 7 - 3)
        year, week, _ = monday.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{1970 + code // 12}-{code % 12 + 1:02d}"
    if period == "quarter":
        return f"{1970 + code // 4}-Q{code % 4 + 1}"
    return f"{1970 + code}"


_MATTER = "__matter_code__"  # the matter column of Partials.matters (apart from any by column)


def _key_column(values: Sequence[object]) -> Any:
    pd = pandas()
    values = [None if v is None or (not isinstance(v, str) and bool(pd.isna(v))) else v
              for v in values]  # fmt: skip
    if all(isinstance(v, str) for v in values):
        try:
            return pd.Series(list(values), dtype="str")
        except UnicodeEncodeError:  # a lone surrogate (unchecked records): keep the objects
            pass
    return pd.Series(list(values), dtype=object)


def partials(
    records: object,
    *,
    by: Sequence[str] = ("center",),
    period: str | None = "month",
    indicators: Sequence[Indicator] = INDICATORS,
    calendar: WorkCalendar | None = None,
    check: bool = True,
    period_by: str | None = None,
) -> Partials:
    """The additive partial aggregates of ``records`` for ``indicators``, grouped.

    Accepted cases only (every indicator is about accepted cases); each in the group of its
    ``by`` values and of a period in Asia/Shanghai: by default each measure's own date
    (`Measure.basis`: completion counts by the completion date, so a published month does
    not change later; the rest by the acceptance date). A case not completed counts in its
    acceptance period.

    Args:
        records: A pandas or polars DataFrame, an Arrow table or a mapping of numpy arrays.
        by: Columns to group by (any column of the records, extra ones included).
        period: ``day``, ``week`` (ISO, from Monday), ``month``, ``quarter``, ``year``, or
            None for the whole span.
        indicators: The indicators the partials are for.
        calendar: The calendar for working-day counts (required by the indicators that count
            working days, such as the handling days).
        check: Refuse records with problems first (`check_records`).
        period_by: ``"acceptance"`` or ``"completion"`` to put every measure on that date;
            None (the default) for each measure's own.

    Raises:
        RecordError: ``check`` found missing or inconsistent records.
        InvalidValueError: A bad argument or a missing column.
        CalendarCoverageError: A working-day count left the calendar's coverage.

    Examples:
        >>> import numpy as np
        >>> from govservice.metrics import simulate
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 3), seed=2, cases_per_day=30)
        >>> p = partials(records, by=(), period="day", calendar=china())
        >>> int(p.sums["accepted"].sum()) == int(records["accepted_at"].notna().sum())
        True
    """
    pd = pandas()
    by = tuple(by)
    if period is not None and period not in PERIODS:
        raise InvalidValueError("period", period, "one of " + ", ".join(PERIODS) + " or None")
    if len(set(by)) != len(by) or "period" in by:
        raise InvalidValueError("by", by, "distinct columns other than 'period'")
    if period_by is not None and period_by not in PERIOD_BASES:
        raise InvalidValueError("period_by", period_by, "acceptance, completion or None")
    _check_ids(indicators)
    cols = RecordColumns(records, calendar)
    if check:
        from govservice.metrics._records import check_records

        check_records(cols).raise_for_problems()
    for name in by:
        if not cols.has(name):
            raise InvalidValueError("by", name, "columns of the records")
    sum_measures, matter_measures, _hist_measures = _measures(indicators)
    keys = (*by, "period") if period is not None else by

    scope = np.flatnonzero(cols.accepted)
    combined = np.zeros(scope.size, dtype=np.int64)
    parts: list[tuple[npt.NDArray[np.int64], list[object]]] = []
    for name in by:
        codes, uniques = cols.codes(name)
        c = codes[scope]
        labels = [None if u != u else u for u in uniques.tolist()] + [None]
        c = np.where(c < 0, len(uniques), c)  # missing values: a group of their own
        parts.append((c, labels))
    done_codes: npt.NDArray[np.int64] | None = None
    if period is not None:
        accepted_days = cols.day("accepted_at")[scope]
        acc_codes = _period_codes(accepted_days, period)
        completed_days = cols.day("completed_at")[scope]
        open_ = completed_days == NAT
        done_codes = _period_codes(np.where(open_, accepted_days, completed_days), period)
        if period_by == "acceptance":
            done_codes = acc_codes
        elif period_by == "completion":
            acc_codes = done_codes
        pu, pinv = np.unique(np.concatenate([acc_codes, done_codes]), return_inverse=True)
        labels = [_period_label(int(p), period) for p in pu]
        pinv = pinv.astype(np.int64)
        parts.append((pinv[: scope.size], labels))
        done_pinv = pinv[scope.size :]
    for c, labels in parts:
        combined = combined * len(labels) + c
    combined_done = combined
    if period is not None:
        # The same group keys, the period from the completion date.
        combined_done = (combined - parts[-1][0]) + done_pinv
    both, uniq = pd.factorize(np.concatenate([combined, combined_done]))
    both = np.asarray(both, dtype=np.int64)
    uniq = np.asarray(uniq, dtype=np.int64)
    inv_acceptance, inv_completion = both[: scope.size], both[scope.size :]
    groups = len(uniq)

    def inverse_for(measure: Measure) -> npt.NDArray[np.int64]:
        basis = period_by or measure.basis
        return inv_completion if basis == "completion" else inv_acceptance

    inv = inv_acceptance

    def key_frame(group_codes: npt.NDArray[np.int64]) -> dict[str, Any]:
        columns: dict[str, Any] = {}
        rest = uniq[group_codes]
        decoded = []
        for _c, labels in reversed(parts):
            decoded.append([labels[i] for i in (rest % len(labels)).tolist()])
            rest = rest // len(labels)
        for name, values in zip(keys, reversed(decoded), strict=True):
            columns[name] = _key_column(values)
        return columns

    sums = key_frame(np.arange(groups, dtype=np.int64))
    for m in sum_measures:
        v = m.evaluate(cols)[scope]
        sums[m.id] = _group_sum(inverse_for(m), v, groups)
    sums_frame = pd.DataFrame(sums)

    matter_frame = pd.DataFrame({**{k: [] for k in keys}, _MATTER: []})
    if matter_measures:
        mcodes, muniques = cols.codes("matter_code")
        mc = mcodes[scope]
        mlabels = [None if u != u else u for u in muniques.tolist()] + [None]
        mc = np.where(mc < 0, len(muniques), mc)
        pair = inv * len(mlabels) + mc
        pinv2, pu2 = pd.factorize(pair)
        pinv2 = np.asarray(pinv2, dtype=np.int64)
        pu2 = np.asarray(pu2, dtype=np.int64)
        frame = key_frame(pu2 // len(mlabels))
        frame[_MATTER] = _key_column([mlabels[i] for i in (pu2 % len(mlabels)).tolist()])
        for m in matter_measures:
            frame[m.id] = _group_sum(pinv2, m.evaluate(cols)[scope], len(pu2))
        matter_frame = pd.DataFrame(frame)

    hist_parts: list[Any] = []
    for ind in indicators:
        if ind.form is not Form.PERCENTILE:
            continue
        assert ind.denominator is not None
        name = ind.numerator.id + "|" + ind.denominator.id
        if any(h["measure"].iloc[0] == name for h in hist_parts if len(h)):
            continue
        chosen = ind.denominator.evaluate(cols)[scope] > 0
        values = ind.numerator.evaluate(cols)[scope][chosen]
        g = inverse_for(ind.denominator)[chosen]
        if values.size and values.min() < 0:
            raise InvalidValueError(f"measure {ind.numerator.id}", int(values.min()), ">= 0")
        width = int(values.max()) + 1 if values.size else 1
        hinv, hu = pd.factorize(g * width + values)
        hu = np.asarray(hu, dtype=np.int64)
        frame = key_frame(hu // width)
        frame["measure"] = _key_column([name] * len(hu))
        frame["value"] = hu % width
        frame["count"] = np.bincount(np.asarray(hinv, dtype=np.int64), minlength=len(hu))
        hist_parts.append(pd.DataFrame(frame))
    empty = pd.DataFrame({**{k: [] for k in keys}, "measure": [], "value": [], "count": []})
    hist_frame = pd.concat(hist_parts, ignore_index=True) if hist_parts else empty
    return Partials(keys, sums_frame, matter_frame, hist_frame)


def _group_sum(
    inv: npt.NDArray[np.int64], values: npt.NDArray[np.int64], groups: int
) -> npt.NDArray[np.int64]:
    if values.dtype == np.bool_ or (values.size and values.min() >= 0 and values.max() <= 1):
        return np.bincount(inv[values.astype(np.bool_)], minlength=groups).astype(np.int64)
    total = np.zeros(groups, dtype=np.int64)
    np.add.at(total, inv, values)
    return total


def _merge_frame(frames: list[Any], keys: list[str]) -> Any:
    pd = pandas()
    frames = [f for f in frames if len(f)] or frames[:1]
    if len(frames) == 1 and not keys:
        return frames[0].reset_index(drop=True)
    both = pd.concat(frames, ignore_index=True)
    if not keys:
        return both.sum(numeric_only=True).to_frame().T.astype(np.int64)
    merged = both.groupby(keys, sort=True, dropna=False).sum().reset_index()
    for k in keys:
        merged[k] = _key_column(merged[k].tolist())
    return merged


def merge_partials(parts: Iterable[Partials]) -> Partials:
    """The partials of the union of the records of ``parts`` (all with the same keys).

    Sums add up, so the merge is exact in any order and grouping.

    Examples:
        >>> import numpy as np
        >>> from govservice.metrics import simulate
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 4), seed=2, cases_per_day=30)
        >>> halves = [partials(records.iloc[i::2], by=("kind",),
        ...                            calendar=china()) for i in range(2)]
        >>> int(merge_partials(halves).sums["accepted"].sum()) == len(records)
        True
    """
    parts = list(parts)
    if not parts:
        raise InvalidValueError("parts", [], "at least one Partials")
    keys = parts[0].keys
    for p in parts:
        if not isinstance(p, Partials) or p.keys != keys:
            raise InvalidValueError("parts", p, f"Partials grouped by {list(keys)}")
    k = list(keys)
    return Partials(
        keys,
        _merge_frame([p.sums for p in parts], k),
        _merge_frame([p.matters for p in parts], [*k, _MATTER]),
        _merge_frame([p.histograms for p in parts], [*k, "measure", "value"]),
    )


def indicators_from_partials(parts: Partials, indicators: Sequence[Indicator] = INDICATORS) -> Any:
    """The indicator table from (merged) partials; see `compute_indicators` for its shape.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 3), seed=3, cases_per_day=30)
        >>> table = indicators_from_partials(partials(records, by=(), calendar=china()))
        >>> int(table["acceptance_volume"].iloc[0]) == len(records)
        True
    """
    pd = pandas()
    keys = list(parts.keys)
    sums = parts.sums
    if keys:
        sums = sums.sort_values(keys, kind="stable").reset_index(drop=True)
    out: dict[str, Any] = {k: _key_column(sums[k].tolist()) for k in keys}
    index: Any = None
    if len(keys) == 1:
        index = pd.Index(sums[keys[0]].tolist(), dtype=object)
    elif keys:
        index = pd.MultiIndex.from_frame(sums[keys].astype(object))

    def aligned(series_by_key: Any) -> npt.NDArray[np.float64]:
        if index is None:
            values = np.asarray(series_by_key, dtype=np.float64).ravel()
            return values[:1] if values.size else np.full(len(sums), np.nan)
        found = series_by_key.reindex(index)
        return np.asarray(found.to_numpy(dtype=np.float64, na_value=np.nan))

    def ratio(num: Any, den: Any) -> npt.NDArray[np.float64]:
        num = np.asarray(num, dtype=np.float64)
        den = np.asarray(den, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)

    for ind in indicators:
        if ind.form is Form.COUNT:
            out[ind.id] = sums[ind.numerator.id].to_numpy(dtype=np.int64)
            continue
        assert ind.denominator is not None
        if ind.form in (Form.RATIO, Form.SAVING):
            value = ratio(sums[ind.numerator.id], sums[ind.denominator.id])
            out[ind.id] = 1 - value if ind.form is Form.SAVING else value
        elif ind.form in (Form.MATTERS_ANY, Form.MATTERS_ALL):
            m = parts.matters
            den = m[ind.denominator.id] > 0
            if ind.form is Form.MATTERS_ANY:
                num = den & (m[ind.numerator.id] > 0)
            else:
                num = den & (m[ind.numerator.id] == m[ind.denominator.id])
            counted = pd.DataFrame({"n": num.astype(np.int64), "d": den.astype(np.int64)})
            if keys:
                for k in keys:
                    counted[k] = m[k].to_numpy()
                totals = counted.groupby(keys, dropna=False).sum()
                out[ind.id] = ratio(aligned(totals["n"]), aligned(totals["d"]))
            elif len(sums):
                out[ind.id] = ratio([counted["n"].sum()], [counted["d"].sum()])
            else:
                out[ind.id] = np.zeros(0, dtype=np.float64)
        else:
            out[ind.id] = _percentiles(parts, ind, keys, aligned, len(sums))
    return pd.DataFrame(out)


def _percentiles(parts: Partials, ind: Indicator, keys: list[str], aligned: Any, n: int) -> Any:
    assert ind.denominator is not None
    assert ind.quantile is not None
    h = parts.histograms
    h = h[h["measure"] == ind.numerator.id + "|" + ind.denominator.id]
    if not len(h):
        return np.full(n, np.nan)
    q = fractions.Fraction(ind.quantile).limit_denominator(10_000)
    h = h.sort_values([*keys, "value"], kind="stable")
    counts = h["count"].to_numpy(dtype=np.int64)
    if keys:
        grouped = h.groupby(keys, dropna=False, sort=False)
        cum = grouped["count"].cumsum().to_numpy(dtype=np.int64)
        total = grouped["count"].transform("sum").to_numpy(dtype=np.int64)
    else:
        cum = np.cumsum(counts)
        total = np.full(len(h), counts.sum())
    rank = -((-q.numerator * total) // q.denominator)  # ceil(q * total), exactly
    hit = h[(cum >= rank) & (cum - counts < rank)]
    if keys:
        return aligned(hit.set_index(keys)["value"])
    return aligned(hit["value"].to_numpy())


def compute_indicators(
    records: object,
    *,
    by: Sequence[str] = ("center",),
    period: str | None = "month",
    indicators: Sequence[Indicator] = INDICATORS,
    calendar: WorkCalendar | None = None,
    check: bool = True,
    period_by: str | None = None,
) -> Any:
    """The indicators of case records per group and period, as a pandas DataFrame.

    The result has the ``by`` columns, ``period`` (a label such as ``2025-03``, ``2025-W10``,
    ``2025-Q1``; absent when ``period`` is None), then one column per indicator id, one row per
    group with accepted cases, sorted by the keys. Counts are int64; rates, means and
    percentiles float64, NaN where the denominator is zero.
    Periods come from dates in Asia/Shanghai: completion counts (办结量, on-time, early and
    overdue completions, handling days, ratings of completed cases, visits) by the
    completion date, so a published month does not change when older cases complete; the
    rest (受理量, entry and concentration rates, ...) by the acceptance date. A rate mixes
    them as its formula says (办结率: completed in the month ÷ accepted in the month).
    ``period_by="acceptance"`` or ``"completion"`` puts every indicator on one date.

    pandas, polars and Dask DataFrames, Arrow tables and mappings of numpy arrays give the
    same figures; a Dask DataFrame is computed partition by partition (`partials`) and merged
    (`merge_partials`) on whatever scheduler is active, a ``distributed`` cluster included.

    Args:
        records: The case records (see `RECORD_COLUMNS`).
        by: Columns to group by: ``center``, ``department``, ``window``, ``matter_code``,
            ``kind``, or any other column.
        period: ``day``, ``week``, ``month``, ``quarter``, ``year`` or None.
        indicators: The indicators to compute (`INDICATORS`, or your own in the same form).
        calendar: The calendar for working-day counts: required by the indicators that count
            working days (the handling days); no silent default.
        check: Refuse missing or inconsistent records (`check_records`; per partition for
            Dask). ``False`` skips the check, and such records count as they are.
        period_by: None (each indicator's own date), ``"acceptance"`` or ``"completion"``.

    Raises:
        RecordError: ``check`` found problems; counts and example case ids are listed.
        InvalidValueError: A bad argument, a missing column or an unsupported records type.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3),
        ...                    dt.date(2025, 3, 31), seed=7, cases_per_day=100)
        >>> table = compute_indicators(records, by=("center",), period="month", calendar=china())
        >>> table[["center", "period", "acceptance_volume"]]  # doctest: +SKIP
        >>> list(table.columns[:4])
        ['center', 'period', 'acceptance_volume', 'completed']
        >>> bool(0 <= table["on_time_rate"].iloc[0] <= 1)
        True
    """
    from govservice.metrics._table import _kind_of

    if _kind_of(records) == "dask":
        return _compute_dask(records, by, period, indicators, calendar, check, period_by)
    parts = partials(
        records,
        by=by,
        period=period,
        indicators=indicators,
        calendar=calendar,
        check=check,
        period_by=period_by,
    )
    return indicators_from_partials(parts, indicators)


def _compute_dask(
    records: Any,
    by: Sequence[str],
    period: str | None,
    indicators: Sequence[Indicator],
    calendar: WorkCalendar | None,
    check: bool,
    period_by: str | None = None,
) -> Any:
    compute = optional("dask.base", "dask", "Dask input").compute
    delayed = optional("dask.delayed", "dask", "Dask input").delayed
    options = {
        "by": tuple(by),
        "period": period,
        "indicators": tuple(indicators),
        "calendar": calendar,
        "check": check,
        "period_by": period_by,
    }
    run: Any = compute
    pieces = [delayed(partials)(part, **options) for part in records.to_delayed()]
    (result,) = run(delayed(merge_partials)(pieces))
    return indicators_from_partials(result, indicators)
