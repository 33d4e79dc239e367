"""Irregular handling found in case records: 明进暗不进, 两头受理, 体外循环, unexplained overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from govservice._columns import NAT, RecordColumns, pandas
from govservice._errors import InvalidValueError
from govservice._i18n import N_, _t, pick_locale
from govservice._irregularity import Irregularity
from govservice._validators import to_enum
from govservice.matters import Catalog

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.calendar import WorkCalendar

__all__ = ["IRREGULARITY_RULES", "IrregularityRule", "IrregularitySettings", "find_irregularities"]


def _irregularity(value: object) -> Irregularity:
    return to_enum(Irregularity, "id")(value)


@attrs.frozen
class IrregularityRule:
    """One rule of `find_irregularities`: its id, names and what it finds.

    Args:
        id: The irregularity it finds (the ``rule`` column).
        zh: Its Chinese name, as the seeds name it.
        explanation: What it finds, in English (a msgid: translated with `explain`).
        source: Where the rule comes from.

    Examples:
        >>> IRREGULARITY_RULES[0].zh
        '明进暗不进'
        >>> IRREGULARITY_RULES[0].explain("en")
        'a matter listed as handled in the center, its case accepted in the department'
    """

    id: Irregularity = attrs.field(converter=_irregularity)
    zh: str
    explanation: str
    source: str

    def explain(self, locale: str | None = None, *, lang: str | None = None) -> str:
        """The explanation in ``locale`` (``zh``, ``zh_TW`` or ``en``; ``lang``: older name)."""
        return _t(pick_locale(locale, lang), self.explanation)

    def name(self, locale: str | None = None, *, lang: str | None = None) -> str:
        """The rule's short name in ``locale`` (``lang``: its older name).

        Examples:
            >>> IRREGULARITY_RULES[2].name("en"), IRREGULARITY_RULES[2].name("zh_TW")
            ('off-system circulation', '體外循環')
        """
        return _t(pick_locale(locale, lang), _RULE_NAMES[self.id])


_RULE_NAMES = {
    Irregularity.LISTED_NOT_ENTERED: N_("listed but not entered"),
    Irregularity.DOUBLE_ACCEPTANCE: N_("double acceptance"),
    Irregularity.OFF_SYSTEM: N_("off-system circulation"),
    Irregularity.OVERDUE_UNEXPLAINED: N_("overdue without explanation"),
}
_EPOCH = dt.date(1970, 1, 1)
_BASES = {"statutory": N_("statutory"), "committed": N_("committed")}
_SEED_004 = "county scheme, item 11; the test on records (convention)"

#: The rules, in the order of `find_irregularities`' output.
IRREGULARITY_RULES: tuple[IrregularityRule, ...] = (
    IrregularityRule(
        Irregularity.LISTED_NOT_ENTERED, "明进暗不进",
        N_("a matter listed as handled in the center, its case accepted in the department"),
        _SEED_004,
    ),
    IrregularityRule(
        Irregularity.DOUBLE_ACCEPTANCE, "两头受理",
        N_("the same application accepted twice, or in the center and in the department both"),
        _SEED_004,
    ),
    IrregularityRule(
        Irregularity.OFF_SYSTEM, "体外循环",
        N_("decided or completed with no acceptance in the system, or events out of order"),
        _SEED_004 + "; order of events: the glossary §5 (convention)",
    ),
    IrregularityRule(
        Irregularity.OVERDUE_UNEXPLAINED, "超期无说明",
        N_("completed past its due date with no suspension or extension recorded"),
        "Administrative Licensing Law art. 42, 45; the glossary §5 statutory_overdue (convention)",
    ),
)  # fmt: skip
_RULE_IDS = tuple(str(r.id) for r in IRREGULARITY_RULES)


def _window(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError("window_working_days", value, "an integer >= 0")
    return value


def _basis(value: object) -> str:
    if value not in ("statutory", "committed"):
        raise InvalidValueError("overdue_basis", value, "statutory or committed")
    return str(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("same_submission", value, "True or False")
    return value


@attrs.frozen
class IrregularitySettings:
    """How strict `find_irregularities` is: a center's settings, as data (convention).

    Args:
        window_working_days: Two acceptances of the same applicant and matter count as
            double when the second is accepted within this many working days of the first
            (0: the same day).
        same_submission: ``False`` (the default, the issue's rule): every repeat of an
            applicant and matter within the window counts. ``True``: only the same
            application (the same ``submitted_at``) or one that crosses center and
            department, for a center where repeat applications are common and legitimate
            (two vehicles, a second shop).
        overdue_basis: ``statutory`` (the default: completed past the statutory due date,
            the grave case) or ``committed`` (past the committed due date).

    Examples:
        >>> IrregularitySettings(window_working_days=3).same_submission
        False
        >>> IrregularitySettings.from_mapping({"overdue_basis": "soon"})
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: overdue_basis must be statutory or committed, got 'soon'
    """

    window_working_days: int = attrs.field(default=1, converter=_window)
    same_submission: bool = attrs.field(default=False, converter=_flag)
    overdue_basis: str = attrs.field(default="statutory", converter=_basis)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> IrregularitySettings:
        """Settings from a mapping (a TOML or JSON table); unknown keys are refused."""
        fields = {f.name for f in attrs.fields(cls)}
        if not isinstance(data, Mapping):
            raise InvalidValueError("settings", data, "a mapping")
        unknown = sorted(set(data) - fields)
        if unknown:
            raise InvalidValueError("settings", unknown, "keys among " + ", ".join(sorted(fields)))
        return cls(**data)


def _wd_number(calendar: WorkCalendar, days: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """A running working-day number of each day (equal for a day and the working day before)."""
    out = np.zeros(days.shape, dtype=np.int64)
    present = days != NAT
    if present.any():
        values = days[present]
        lo = int(values.min())
        d = values.astype("datetime64[D]")
        out[present] = calendar.working_days_between(_EPOCH + dt.timedelta(days=lo - 1), d)
    return out


def _ns_text(values: npt.NDArray[np.int64]) -> list[str]:
    """Instants as Asia/Shanghai minute text."""
    local = (values + 8 * 3600 * 10**9).astype("datetime64[ns]").astype("datetime64[m]")
    return [str(v).replace("T", " ") for v in local]


def find_irregularities(
    records: object,
    catalog: Catalog | None,
    *,
    settings: IrregularitySettings | Mapping[str, object] | None = None,
    locale: str | None = None,
    calendar: WorkCalendar,
    lang: str | None = None,
) -> Any:
    """Irregular handling in case records, each found case with its evidence.

    Rules (`IRREGULARITY_RULES`; county scheme names the first three as acts to investigate):

    - ``listed_not_entered`` (明进暗不进): the catalogue lists the matter as handled in the
      center (``in_center``), yet the case was accepted in the department
      (``accepted_in == "department"``). Needs ``catalog`` (skipped when it is None).
    - ``double_acceptance`` (两头受理): a second acceptance of the same applicant and matter
      within ``window_working_days`` of the first, which is the same application (same
      ``submitted_at``) or crosses center and department (see `IrregularitySettings`). The
      later acceptance is flagged; the evidence names the earlier case.
    - ``off_system`` (体外循环): decided or completed with no acceptance recorded (a
      ``returned`` case, refused at acceptance, excepted), a decision before acceptance, or a
      completion (certificate) before the decision.
    - ``overdue_unexplained``: completed, and decided (Asia/Shanghai date; the completion
      when no decision is recorded) after its statutory due date (art. 42: the statutory
      limit is kept at the decision, delivery has its own clock, art. 44), or completed after
      its committed due date by the settings, with no suspension (``suspended_working_days`` 0) and
      no extension recorded (an ``extended_working_days`` column, when the records have one,
      0 or null). Cases with a recorded suspension or extension past due are still
      ``statutory_overdue`` in the indicators and red in `monitor`.

    Vectorized over columns (numpy sorts and masks): a million records take seconds.

    Args:
        records: Case records, of any type `compute_indicators` takes (Dask excepted).
        catalog: The matters catalogue (for ``listed_not_entered``), or None.
        settings: An `IrregularitySettings` or a mapping of its fields.
        locale: The language of the ``evidence`` text: ``en`` (the default), ``zh`` or
            ``zh_TW``.
        calendar: The working-day calendar (required: no silent default).
        lang: The older name of ``locale``.

    Returns:
        A pandas DataFrame, one row per case and rule: ``rule``, ``case_id``,
        ``department``, ``matter_code``, ``evidence``; ordered by rule, then record.

    Raises:
        InvalidValueError: A bad argument or a missing column.

    Examples:
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> found = find_irregularities(_example_records(), sample_catalog(), calendar=china())
        >>> found[["rule", "case_id"]]
                          rule case_id
        0   listed_not_entered     C-3
        1    double_acceptance     C-3
        2           off_system     C-4
        3  overdue_unexplained     C-5
        >>> print(found["evidence"][1])
        accepted 2025-03-03 10:05 (department); the same application was accepted as C-2 on
        2025-03-03 10:00 (center)
    """
    from govservice._columns import required_calendar

    pd = pandas()
    if catalog is not None and not isinstance(catalog, Catalog):
        raise InvalidValueError("catalog", type(catalog).__name__, "a Catalog or None")
    if settings is None:
        settings = IrregularitySettings()
    elif not isinstance(settings, IrregularitySettings):
        settings = IrregularitySettings.from_mapping(settings)
    loc = pick_locale(locale, lang, default="en")
    cal = required_calendar(calendar)
    cols = records if isinstance(records, RecordColumns) else RecordColumns(records, cal)
    needed = ("case_id", "applicant_id", "department", "matter_code", "accepted_in",
              "submitted_at", "accepted_at", "decided_at", "completed_at", "outcome",
              "committed_due", "statutory_due", "suspended_working_days")  # fmt: skip
    missing = [c for c in needed if not cols.has(c)]
    if missing:
        raise InvalidValueError("records", f"no columns {missing}", "case records")
    n = cols.n
    acc = cols.instant("accepted_at")
    has_acc = acc != NAT
    in_dept = cols.isin("accepted_in", ("department",))
    m_codes, m_uniques = cols.codes("matter_code")
    found: list[tuple[str, npt.NDArray[np.int64], list[str]]] = []

    # -- listed_not_entered --------------------------------------------------------------------
    if catalog is not None:
        listed = np.asarray(
            [str(u) in catalog and catalog[str(u)].in_center for u in m_uniques], dtype=np.bool_
        )
        is_listed = (
            (m_codes >= 0) & listed.take(np.maximum(m_codes, 0))
            if listed.size
            else (np.zeros(n, np.bool_))
        )
        rows = np.flatnonzero(has_acc & in_dept & is_listed)
        text = _t(loc, "matter {matter} is listed in the center; accepted in the department {at}")
        when = _ns_text(acc[rows])
        found.append(
            (
                Irregularity.LISTED_NOT_ENTERED,
                rows,
                [
                    text.format(matter=m_uniques[m_codes[i]], at=w)
                    for i, w in zip(rows, when, strict=True)
                ],
            )
        )
    else:
        found.append((Irregularity.LISTED_NOT_ENTERED, np.zeros(0, np.int64), []))

    # -- double_acceptance ---------------------------------------------------------------------
    a_codes, _ = cols.codes("applicant_id")
    sub = cols.instant("submitted_at")
    cand = np.flatnonzero(has_acc & (a_codes >= 0) & (m_codes >= 0))
    order = cand[np.lexsort((acc[cand], m_codes[cand], a_codes[cand]))]
    wd = _wd_number(cal, cols.day("accepted_at"))
    first = np.zeros(n, dtype=np.int64) - 1  # the earlier case of a flagged pair
    if order.size > 1:
        prev, cur = order[:-1], order[1:]
        same = (a_codes[prev] == a_codes[cur]) & (m_codes[prev] == m_codes[cur])
        near = wd[cur] - wd[prev] <= settings.window_working_days
        crossing = in_dept[prev] != in_dept[cur]
        same_app = sub[prev] == sub[cur]
        kind = crossing | same_app if settings.same_submission else np.ones(cur.size, np.bool_)
        hit = same & near & kind
        first[cur[hit]] = prev[hit]
        # the same application accepted again beyond its neighbour (a third acceptance)
        if settings.same_submission:
            order2 = cand[np.lexsort((acc[cand], sub[cand], m_codes[cand], a_codes[cand]))]
            p2, c2 = order2[:-1], order2[1:]
            hit2 = (
                (a_codes[p2] == a_codes[c2])
                & (m_codes[p2] == m_codes[c2])
                & (sub[p2] == sub[c2])
                & (wd[c2] - wd[p2] <= settings.window_working_days)
                & (first[c2] < 0)
            )
            first[c2[hit2]] = p2[hit2]
    rows = np.flatnonzero(first >= 0)
    ids = np.asarray(cols.series("case_id").to_numpy(dtype=object))
    where = {True: _t(loc, "department"), False: _t(loc, "center")}
    text = _t(loc, "accepted {at} ({where}); {what} as {other} on {other_at} ({other_where})")
    what_same = _t(loc, "the same application was accepted")
    what_again = _t(loc, "the same applicant and matter were accepted")
    when, when_first = _ns_text(acc[rows]), _ns_text(acc[first[rows]])
    found.append(
        (
            Irregularity.DOUBLE_ACCEPTANCE,
            rows,
            [
                text.format(
                    at=w, where=where[bool(in_dept[i])],
                    what=what_same if sub[i] == sub[first[i]] else what_again,
                    other=ids[first[i]], other_at=wf, other_where=where[bool(in_dept[first[i]])],
                )
                for i, w, wf in zip(rows, when, when_first, strict=True)
            ],
        )
    )  # fmt: skip

    # -- off_system ----------------------------------------------------------------------------
    dec = cols.instant("decided_at")
    done = cols.instant("completed_at")
    returned = cols.isin("outcome", ("returned",))
    no_acc = ~has_acc & ((dec != NAT) | (done != NAT)) & ~returned
    before_acc = has_acc & (dec != NAT) & (dec < acc)
    cert_first = (dec != NAT) & (done != NAT) & (done < dec)
    rows = np.flatnonzero(no_acc | before_acc | cert_first)
    t_no = _t(loc, "decided or completed with no acceptance recorded")
    t_before = _t(loc, "decided {decided} before acceptance {accepted}")
    t_cert = _t(loc, "completed {completed} before the decision {decided}")
    dec_t, acc_t, done_t = _ns_text(dec[rows]), _ns_text(acc[rows]), _ns_text(done[rows])
    evidence = []
    for k, i in enumerate(rows):
        parts = []
        if no_acc[i]:
            parts.append(t_no)
        if before_acc[i]:
            parts.append(t_before.format(decided=dec_t[k], accepted=acc_t[k]))
        if cert_first[i]:
            parts.append(t_cert.format(completed=done_t[k], decided=dec_t[k]))
        evidence.append("; ".join(parts))
    found.append((Irregularity.OFF_SYSTEM, rows, evidence))

    # -- overdue_unexplained -------------------------------------------------------------------
    due_col = "statutory_due" if settings.overdue_basis == "statutory" else "committed_due"
    due = cols.date(due_col)
    done_day = cols.day("completed_at")
    susp = np.nan_to_num(cols.number("suspended_working_days"), nan=0.0)
    explained = susp > 0
    if cols.has("extended_working_days"):
        explained |= np.nan_to_num(cols.number("extended_working_days"), nan=0.0) > 0
    # The statutory limit is kept or broken at the decision (art. 42; delivery has its own
    # clock, art. 44), the committed one at 办结; a completed case without a decision instant
    # is measured at its completion. A case decided late is completed late too, so the
    # evidence names the completion.
    measured = done_day
    if settings.overdue_basis == "statutory" and cols.has("decided_at"):
        dec_day = cols.day("decided_at")
        measured = np.where(dec_day != NAT, dec_day, done_day)
    late = has_acc & (done_day != NAT) & (due != NAT) & (measured > due) & ~explained
    rows = np.flatnonzero(late)
    text = _t(loc, "completed {completed}, {days} working days after the {basis} due date {due}")
    basis = _t(loc, _BASES[settings.overdue_basis])
    days = (
        np.asarray(
            cal.working_days_between(due[rows].astype("datetime64[D]"),
                                     done_day[rows].astype("datetime64[D]")),
            dtype=np.int64,
        )
        if rows.size
        else np.zeros(0, np.int64)
    )  # fmt: skip
    done_t = _ns_text(done[rows])
    due_t = [str(d) for d in due[rows].astype("datetime64[D]")]
    found.append(
        (
            Irregularity.OVERDUE_UNEXPLAINED,
            rows,
            [
                text.format(completed=c, days=int(d), basis=basis, due=u)
                for c, d, u in zip(done_t, days, due_t, strict=True)
            ],
        )
    )

    all_rows = np.concatenate([r for _, r, _ in found]).astype(np.int64)
    rules = np.concatenate([np.full(r.size, _RULE_IDS.index(k)) for k, r, _ in found])
    dept = cols.series("department").astype(object).to_numpy()
    return pd.DataFrame(
        {
            "rule": pd.Categorical.from_codes(rules.astype(np.int64), categories=list(_RULE_IDS)),
            "case_id": pd.Series(ids[all_rows], dtype=object),
            "department": pd.Series(dept[all_rows], dtype=object),
            "matter_code": pd.Series(
                np.asarray(m_uniques, dtype=object)[np.maximum(m_codes[all_rows], 0)]
                if all_rows.size
                else [],
                dtype=object,
            ),
            "evidence": pd.Series([e for _, _, ev in found for e in ev], dtype=object),
        }
    )


def _example_records() -> Any:
    """One regular case and one case per rule, for the examples."""
    from govservice.metrics import frame_from_rows

    sh = dt.timezone(dt.timedelta(hours=8))

    def at(day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return dt.datetime(2025, 3, day, hour, minute, tzinfo=sh)

    def row(case_id: str, applicant: str, **more: object) -> dict[str, object]:
        return {
            "case_id": case_id, "applicant_id": applicant, "center": "示例中心",
            "level": "county", "department": "市场监督管理局", "window": "1号窗口",
            "matter_code": "990102-SJJ-003", "kind": "committed", "channel": "window",
            "accepted_in": "center", "submitted_at": at(3, 9), "accepted_at": at(3),
            "decided_at": at(5), "completed_at": at(5, 11), "outcome": "approved",
            "committed_due": dt.date(2025, 3, 10), "statutory_due": dt.date(2025, 3, 31),
            "committed_working_days": 5, "statutory_working_days": 20,
            "suspended_working_days": 0, "visits": 1, "on_site": False, "complaint": False,
        } | more  # fmt: skip

    return frame_from_rows(
        [
            row("C-1", "甲"),
            row("C-2", "乙"),
            row("C-3", "乙", accepted_at=at(3, 10, 5), accepted_in="department"),
            row("C-4", "丙", decided_at=at(3, 9, 30)),
            row(
                "C-5",
                "丁",
                decided_at=at(31, 10).replace(month=4, day=2),
                completed_at=at(31, 11).replace(month=4, day=2),
            ),
        ]
    )
