from __future__ import annotations

import datetime as dt

import pytest

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import IRREGULARITY_RULES, Irregularity, find_irregularities

from .helpers import at, frame, row

CATALOG = sample_catalog()
D = dt.date(2025, 3, 3)
DONE = {"decided_at": at(dt.date(2025, 3, 5)), "completed_at": at(dt.date(2025, 3, 5), 11),
        "outcome": "approved"}  # fmt: skip


def found(*rows, **kw):
    table = find_irregularities(frame(*rows), CATALOG, calendar=china(), **kw)
    return sorted(zip(table["rule"].astype(str), table["case_id"], strict=True))


def test_regular_records_are_not_flagged():
    assert found(row("A", **DONE), row("B", **DONE), row("C")) == []


def test_listed_not_entered():
    assert found(row("A", accepted_in="department", **DONE)) == [("listed_not_entered", "A")]
    # a matter not listed in the catalogue is not this rule (check_records reports it)
    assert found(row("A", accepted_in="department", matter_code="X-1", **DONE)) == []
    # without a catalogue the rule is not checked
    table = find_irregularities(frame(row("A", accepted_in="department")), None, calendar=china())
    assert table.empty


def test_listed_not_entered_only_for_matters_listed_in_the_center():
    import attrs

    from govservice.matters import Catalog

    matter = attrs.evolve(CATALOG["990102-SJJ-003"], in_center=False)
    catalog = Catalog([matter])
    table = find_irregularities(
        frame(row("A", accepted_in="department")), catalog, calendar=china()
    )
    assert table.empty


def test_double_acceptance_of_the_same_application():
    first = row("A", applicant_id="甲", **DONE)
    again = row("B", applicant_id="甲", submitted_at=first["submitted_at"],
                accepted_at=at(D, 10, 20), **DONE)  # fmt: skip
    assert found(first, again) == [("double_acceptance", "B")]
    table = find_irregularities(frame(first, again), CATALOG, calendar=china())
    assert "A" in table["evidence"][0]


def test_double_acceptance_in_center_and_department():
    first = row("A", applicant_id="甲", **DONE)
    dept = row("B", applicant_id="甲", accepted_in="department", submitted_at=at(D, 9, 30),
               accepted_at=at(dt.date(2025, 3, 4)), **DONE)  # fmt: skip
    assert found(first, dept) == [("double_acceptance", "B"), ("listed_not_entered", "B")]


def test_double_acceptance_window_edges():
    first = row("A", applicant_id="甲", **DONE)

    def second(day):
        return row("B", applicant_id="甲", accepted_in="department", submitted_at=at(day, 9),
                   accepted_at=at(day), **DONE)  # fmt: skip

    # Friday 3-7 is 4 working days after Monday 3-3; Monday 3-10 is 5
    assert ("double_acceptance", "B") in found(first, second(dt.date(2025, 3, 4)))
    assert ("double_acceptance", "B") not in found(first, second(dt.date(2025, 3, 5)))
    settings = {"window_working_days": 4}
    assert ("double_acceptance", "B") in found(
        first, second(dt.date(2025, 3, 7)), settings=settings
    )
    assert ("double_acceptance", "B") not in found(
        first, second(dt.date(2025, 3, 10)), settings=settings
    )


def test_repeat_applications_are_double_unless_the_center_allows_them():
    first = row("A", applicant_id="甲", **DONE)
    repeat = row("B", applicant_id="甲", submitted_at=at(D, 14), accepted_at=at(D, 14, 5), **DONE)
    other_matter = row("C", applicant_id="甲", matter_code="990100-GAJ-001",
                       submitted_at=at(D, 14), accepted_at=at(D, 14, 5), **DONE)  # fmt: skip
    assert found(first, repeat, other_matter) == [("double_acceptance", "B")]
    lenient = {"same_submission": True}
    assert found(first, repeat, other_matter, settings=lenient) == []


def test_off_system():
    no_acceptance = row("A", accepted_at=None, **DONE)
    decided_first = row("B", decided_at=at(D, 9, 30), completed_at=at(D, 11), outcome="approved")
    cert_first = row("C", decided_at=at(D, 15), completed_at=at(D, 11), outcome="approved")
    returned = row("D", accepted_at=None, completed_at=at(D, 11), outcome="returned")
    got = found(no_acceptance, decided_first, cert_first, returned)
    assert got == [("off_system", "A"), ("off_system", "B"), ("off_system", "C")]
    table = find_irregularities(frame(decided_first), CATALOG, lang="zh", calendar=china())
    assert "受理" in table["evidence"][0]


def test_overdue_unexplained():
    late = {"completed_at": at(dt.date(2025, 4, 1), 11), "decided_at": at(dt.date(2025, 4, 1)),
            "outcome": "approved"}  # fmt: skip
    on_due = {"completed_at": at(dt.date(2025, 3, 31), 16), "decided_at": at(dt.date(2025, 3, 31)),
              "outcome": "approved"}  # fmt: skip
    assert found(row("A", **late)) == [("overdue_unexplained", "A")]
    assert found(row("A", **on_due)) == []
    # decided on the statutory due date, delivered the next day: the statutory limit is kept
    # at the decision (art. 42; delivery has its own clock, art. 44)
    delivered_late = {"completed_at": at(dt.date(2025, 4, 1)), "outcome": "approved",
                      "decided_at": at(dt.date(2025, 3, 31))}  # fmt: skip
    assert found(row("A", **delivered_late)) == []
    # no decision instant recorded: the completion stands in
    assert found(row("A", completed_at=at(dt.date(2025, 4, 1)), outcome="approved")) == [
        ("overdue_unexplained", "A")
    ]
    assert found(row("A", suspended_working_days=3, **late)) == []
    assert found(row("A", extended_working_days=15, **late)) == []
    # past the committed date only: not by default, yes on the committed basis
    past_committed = {"completed_at": at(dt.date(2025, 3, 11)), "outcome": "approved",
                      "decided_at": at(dt.date(2025, 3, 11))}  # fmt: skip
    assert found(row("A", **past_committed)) == []
    assert found(row("A", **past_committed), settings={"overdue_basis": "committed"}) == [
        ("overdue_unexplained", "A")
    ]


def test_one_row_per_case_and_rule_with_rule_names():
    both = row("A", accepted_in="department", accepted_at=at(D), decided_at=at(D, 9, 30),
               completed_at=at(D, 11), outcome="approved")  # fmt: skip
    assert found(both) == [("listed_not_entered", "A"), ("off_system", "A")]
    assert [r.id for r in IRREGULARITY_RULES] == [
        "listed_not_entered", "double_acceptance", "off_system", "overdue_unexplained",
    ]  # fmt: skip
    assert IRREGULARITY_RULES[1].name("zh") == "两头受理"
    assert IRREGULARITY_RULES[0].name("zh_TW") == "明進暗不進"


def test_bad_settings_name_the_field():
    with pytest.raises(InvalidValueError, match="window_working_days"):
        find_irregularities(
            frame(row("A")), CATALOG, settings={"window_working_days": -1}, calendar=china()
        )
    with pytest.raises(InvalidValueError, match="settings"):
        find_irregularities(frame(row("A")), CATALOG, settings={"colour": 1}, calendar=china())
    with pytest.raises(InvalidValueError, match="catalog"):
        find_irregularities(frame(row("A")), "catalog", calendar=china())  # type: ignore[arg-type]


def test_the_simulators_irregular_cases_are_all_found_and_nothing_else():
    records = simulate(CATALOG, china(), dt.date(2025, 3, 1), dt.date(2025, 5, 31), seed=3)
    injected = records.dropna(subset=["injected"])
    # One name for both: the simulator injects an Irregularity, the detector reports it.
    assert set(injected["injected"].astype(str)) == set(Irregularity)
    expected = sorted(zip(injected["injected"].astype(str), injected["case_id"], strict=True))
    table = find_irregularities(
        records, CATALOG, calendar=china()
    )  # the default settings, the rules
    got = sorted(zip(table["rule"].astype(str), table["case_id"], strict=True))
    assert got == expected
