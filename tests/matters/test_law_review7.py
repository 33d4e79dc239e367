"""Seventh review of the case lifecycle against the Administrative Licensing Law, by hand.

Real dates on China's official calendar. Around 国庆 2025: Sunday 28 September and Saturday
11 October are worked, 1-8 October are off. New Year 2026: 1-3 January off, Sunday 4 January
worked. Office hours 09:00-12:00 and 13:30-17:30.

Counting from Friday 26 September 2025 (day 0), the working days are 28 (Sun), 29, 30
September, 9, 10, 11 (Sat), 13, 14, 15, 16, 17, 20, ... October: the 10th is 16 October, the
20th is 30 October.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from govservice import InvalidValueError, TraceIntegrityError, TransitionError
from govservice.calendar import ReceiptPolicy, TimeLimit, china, deadline
from govservice.matters import (
    Case,
    CaseKind,
    CaseState,
    HandlingSystem,
    Material,
    NoticeKind,
    TimelinessStatus,
    sample_catalog,
)
from govservice.metrics import records_from_cases

from ..forging import rechain

SH = ZoneInfo("Asia/Shanghai")
CN = china()
MATTER = attrs.evolve(
    sample_catalog().by_case_kind(CaseKind.COMMITTED)[0],
    statutory_limit=TimeLimit.working_days(20),
    committed_limit=TimeLimit.working_days(10),
    materials=(Material("营业执照"), Material("身份证")),
)
HOURS = attrs.evolve(MATTER, committed_limit=TimeLimit.working_hours(1.5))
QUICK = attrs.evolve(
    MATTER, committed_limit=TimeLimit.immediate(), statutory_limit=TimeLimit.immediate()
)
EARLY = TimelinessStatus.EARLY
ON_TIME = TimelinessStatus.ON_TIME
LATE = TimelinessStatus.LATE


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SH)


def submitted(matter: Any = MATTER, when: dt.datetime | None = None, **kw: Any) -> Case:
    return Case.submit(matter, case_id="R7-1", applicant="张三", at=when or at(9, 26, 9),
                       calendar=CN, **kw)  # fmt: skip


def accepted(matter: Any = MATTER, when: dt.datetime | None = None, **kw: Any) -> Case:
    when = when or at(9, 26)
    return submitted(matter, when, **kw).accept(at=when, by="窗口")


def reviewing(matter: Any = MATTER) -> Case:
    return accepted(matter).review(at=at(9, 28), by="审核员")


def same(case: Case) -> Case:
    """The case read back: equal, with the same clocks."""
    again = Case.from_json(case.to_json(), calendar=CN)
    assert again == case
    assert again.timeliness == case.timeliness
    return again


# -- 1. limits in office hours and immediate limits ------------------------------------------------


@pytest.mark.parametrize(
    ("accepted_at", "due_at"),
    [
        (at(9, 26, 11), at(9, 26, 14)),  # 11:00-12:00, lunch, 13:30-14:00
        (at(9, 26, 12, 30), at(9, 26, 15)),  # accepted over lunch: from 13:30
        (at(9, 26, 18), at(9, 28, 10, 30)),  # after closing: the make-up Sunday's morning
        (at(9, 27, 10), at(9, 28, 10, 30)),  # on a rest day: likewise
        (at(9, 30, 17), at(10, 9, 10)),  # half an hour, then an hour after 1-8 October
        (at(10, 10, 17), at(10, 11, 10)),  # the make-up Saturday 11 October
    ],
)
def test_an_office_hours_limit_runs_from_the_acceptance_instant(
    accepted_at: dt.datetime, due_at: dt.datetime
) -> None:
    case = accepted(HOURS, accepted_at)
    assert case.due_at == due_at
    assert case.due_date == due_at.date()
    assert same(case).due_at == due_at


def test_an_office_hours_limit_is_kept_by_the_instant_not_the_day() -> None:
    case = accepted(HOURS, at(9, 26, 11)).review(at=at(9, 26, 11, 10), by="审核员")
    case = case.approve(at=at(9, 26, 11, 30), by="科长")
    assert case.complete(at=at(9, 26, 14), by="窗口").timeliness.committed is ON_TIME
    assert case.complete(at=at(9, 26, 14, 1), by="窗口").timeliness.committed is LATE


@pytest.mark.parametrize(
    ("accepted_at", "due"),
    [
        (at(9, 30, 18), dt.date(2025, 10, 9)),  # after closing before 国庆: the next working day
        (at(10, 10, 18), dt.date(2025, 10, 11)),  # Friday evening: the make-up Saturday
        (at(10, 12, 10), dt.date(2025, 10, 13)),  # a Sunday off
        (at(12, 31, 18), dt.date(2026, 1, 4)),  # New Year's Eve: the make-up Sunday of 2026
    ],
)
def test_an_immediate_case_accepted_outside_hours_is_due_the_next_working_day(
    accepted_at: dt.datetime, due: dt.date
) -> None:
    for policy in ReceiptPolicy:
        case = accepted(QUICK, accepted_at, receipt=policy)
        assert case.kind is CaseKind.IMMEDIATE
        assert case.due_at == case.statutory_due_at == dt.datetime.combine(due, dt.time(17, 30), SH)


def test_the_statutory_day_limit_of_an_evening_acceptance_follows_the_receipt_policy() -> None:
    # Day 0 is Friday 26 September (its calendar date) or, by the policy, the next working
    # day, the make-up Sunday 28: 20 working days later is 30 or 31 October.
    plain = accepted(HOURS, at(9, 26, 18))
    nxt = accepted(HOURS, at(9, 26, 18), receipt=ReceiptPolicy.NEXT_WORKING_DAY)
    assert plain.statutory_due_at == at(10, 30, 17, 30)
    assert nxt.statutory_due_at == at(10, 31, 17, 30)
    policy = ReceiptPolicy.NEXT_WORKING_DAY
    law = TimeLimit.working_days(20)
    assert deadline(at(9, 26, 18), law, CN, receipt=policy).due_at == nxt.statutory_due_at


# -- 2. receipt outside office hours ---------------------------------------------------------------


def test_the_five_day_notice_counts_from_the_receipt_policy_day_0() -> None:
    evening = at(9, 26, 18)
    plain = submitted(when=evening)
    nxt = submitted(when=evening, receipt=ReceiptPolicy.NEXT_WORKING_DAY)
    # 28, 29, 30 September, 9 and 10 October; from Sunday 28 (day 0): 29, 30, 9, 10, 11.
    assert plain.deemed_acceptance_date == dt.date(2025, 10, 10)
    assert nxt.deemed_acceptance_date == dt.date(2025, 10, 11)
    five = TimeLimit.working_days(5)
    policy = ReceiptPolicy.NEXT_WORKING_DAY
    assert deadline(evening, five, CN, receipt=policy).due_date == nxt.deemed_acceptance_date
    assert deadline(evening, five, CN).due_date == plain.deemed_acceptance_date


def test_a_suspension_ended_before_day_0_of_the_next_working_day_stops_nothing() -> None:
    """Accepted on Friday evening, day 0 is Sunday 28 (the policy): an expert review begun that
    evening and ended on Saturday stops no day of the clocks; resuming it used to fail."""
    case = accepted(when=at(9, 26, 18), receipt=ReceiptPolicy.NEXT_WORKING_DAY)
    assert case.due_date == dt.date(2025, 10, 17)
    assert case.statutory_due_date == dt.date(2025, 10, 31)
    stopped = case.suspend(at=at(9, 26, 18, 30), by="审核员", reason="专家评审")
    resumed = stopped.resume(at=at(9, 27, 9), by="审核员")
    assert resumed.suspensions[0].start == resumed.suspensions[0].end == dt.date(2025, 9, 26)
    assert resumed.due_date == case.due_date
    assert resumed.statutory_due_date == case.statutory_due_date
    assert same(resumed).state is CaseState.UNDER_REVIEW
    frame = records_from_cases([resumed], calendar=CN)
    assert frame["suspended_working_days"].tolist() == [0]


def test_the_five_day_notice_ends_at_closing_time_civil_code_art_203() -> None:
    """Received Monday 22 September: the fifth working day is the make-up Sunday 28, and the
    notice period ends there at 17:30, as every limit in days ends (art. 42 extensions too)."""
    case = submitted(when=at(9, 22, 9))
    assert case.deemed_acceptance_date == dt.date(2025, 9, 28)
    assert case.deemed_acceptance_at == at(9, 28, 17, 30)
    assert case.request_supplement(at=at(9, 28, 17, 30), by="窗口", missing=["身份证"]).notified
    with pytest.raises(TransitionError, match=r"art\. 32\(4\)"):
        case.request_supplement(at=at(9, 28, 18), by="窗口", missing=["身份证"])
    with pytest.raises(TransitionError, match=r"art\. 32\(4\)"):
        case.refuse_acceptance(at=at(9, 28, 18), by="窗口", reason="材料不全")
    late = case.accept(at=at(9, 28, 18), by="窗口")
    assert late.deemed_acceptance
    assert late.accepted_at == case.submitted_at
    assert not case.accept(at=at(9, 28, 17), by="窗口").deemed_acceptance
    assert not case.deemed_accepted(dt.date(2025, 9, 28))  # the date: still the last day


# -- 3. suspensions ----------------------------------------------------------------------------


def test_a_suspension_begun_on_the_day_of_acceptance_art_45() -> None:
    """Expert review from Friday 26 (accepted that morning) to 8 October: 28, 29 and 30
    September are not counted; 16 October + 3 working days is 21 October, 30 October + 3 is
    4 November."""
    case = accepted().suspend(at=at(9, 26, 15), by="审核员", reason="专家评审")
    assert (case.due_date, case.statutory_due_date) == (None, None)
    resumed = case.resume(at=at(10, 9, 9), by="审核员")
    assert resumed.due_date == dt.date(2025, 10, 21)
    assert resumed.statutory_due_date == dt.date(2025, 11, 4)
    assert [n.kind for n in resumed.notices] == [
        NoticeKind.ACCEPTANCE_RECEIPT,
        NoticeKind.SUSPENSION,
    ]
    same(resumed)


def test_a_suspension_across_new_year_2026_art_45() -> None:
    """Accepted Monday 22 December 2025: due 6 January (10) and 20 January (20). Testing from
    30 December to 4 January stops 30, 31 December and the make-up Sunday 4 January."""
    case = accepted(when=at(12, 22)).review(at=at(12, 23), by="审核员")
    assert (case.due_date, case.statutory_due_date) == (
        dt.date(2026, 1, 6),
        dt.date(2026, 1, 20),
    )
    resumed = case.suspend(at=at(12, 30), by="审核员", reason="检验").resume(
        at=at(1, 5, 9, year=2026), by="审核员"
    )
    assert (resumed.due_date, resumed.statutory_due_date) == (
        dt.date(2026, 1, 9),
        dt.date(2026, 1, 23),
    )
    frame = records_from_cases([same(resumed)], calendar=CN)
    assert frame["suspended_working_days"].tolist() == [3]


def test_a_second_suspension_while_one_runs_is_refused_and_every_kind_resumes() -> None:
    case = reviewing()
    local = case.suspend(at=at(9, 29), by="窗口", reason="补正材料", note="本市容缺受理办法第五条")
    with pytest.raises(TransitionError, match="allowed: resume"):
        local.suspend(at=at(9, 30), by="审核员", reason="专家评审")
    assert local.statutory_due_date == dt.date(2025, 10, 30)  # art. 45 does not list it
    assert local.missing_notices == ()
    back = local.resume(at=at(10, 9), by="窗口")  # 29, 30 September stopped
    assert back.state is CaseState.UNDER_REVIEW
    assert back.due_date == dt.date(2025, 10, 20)
    assert back.statutory_due_date == dt.date(2025, 10, 30)
    expert = back.suspend(at=at(10, 10), by="审核员", reason="专家评审").resume(
        at=at(10, 13), by="审核员"
    )  # 10, 11 October stopped on both clocks
    assert (expert.due_date, expert.statutory_due_date) == (
        dt.date(2025, 10, 22),
        dt.date(2025, 11, 3),
    )
    same(expert)


def test_a_suspension_of_an_office_hours_limit_counts_by_the_instant() -> None:
    """1.5 office hours from 11:00 on Friday 26 September; a supplement under a local rule
    from 11:30 (half an hour used) to the make-up Sunday: the hour left runs from resumption.
    Whole days would have given the half hour back and charged the Sunday's hours before the
    resumption, making a case resumed at 16:00 overdue since 10:30."""
    case = accepted(HOURS, at(9, 26, 11))
    stopped = case.suspend(at=at(9, 26, 11, 30), by="窗口", reason="补正材料",
                           note="本市容缺受理办法第五条")  # fmt: skip
    assert stopped.due_at is None
    assert stopped.resume(at=at(9, 28, 10), by="窗口").due_at == at(9, 28, 11)
    late = stopped.resume(at=at(9, 28, 16), by="窗口")
    assert late.due_at == at(9, 28, 17)
    assert late.statutory_due_date == dt.date(2025, 10, 30)  # not stopped by a local rule
    # Suspended and resumed within the day: 11:30-15:00 is not counted.
    quick = stopped.resume(at=at(9, 26, 15), by="窗口")
    assert quick.suspensions == ()
    assert quick.due_at == at(9, 26, 16)
    assert same(late).due_at == at(9, 28, 17)


def test_an_extension_of_a_limit_in_office_hours_is_refused_art_42_art_82() -> None:
    hours_law = attrs.evolve(HOURS, statutory_limit=TimeLimit.working_hours(4))
    case = accepted(hours_law, at(9, 26, 10))
    assert case.statutory_due_at == at(9, 26, 15, 30)
    with pytest.raises(InvalidValueError, match="art. 82") as info:
        case.extend(at=at(9, 26, 11), by="审核员", amount=10, approved_by="局长", reason="核查")
    assert info.value.field == "statutory_limit"


# -- 4. report-up (arts. 35, 43) -----------------------------------------------------------------


# A county matter the catalogue says is decided by the city (art. 43: a catalogue fact).
REPORTING = attrs.evolve(MATTER, reports_to="市级审批事项")


def reported() -> Case:
    case = reviewing(REPORTING)
    return case.report_up(at=at(10, 24), by="县局", to="市审批局", opinion="初审同意")


def test_the_higher_level_may_suspend_and_extend_a_reported_case_arts_42_45() -> None:
    """Reported on Friday 24 October, the 16th working day; the lower level's 20 working days
    end on 30 October (art. 43). The decision is the higher level's: its 20 working days (art.
    42 para. 1, no other limit named) from the day of the report end on 21 November; its
    expert review from 27 October to 2 November stops 27-31 October: + 5 working days is 28
    November. An extension of 10 working days by its head (art. 42) makes it 12 December."""
    case = reported()
    assert (case.lower_due_date, case.lower_timeliness) == (dt.date(2025, 10, 30), EARLY)
    assert case.higher_limit == TimeLimit.working_days(20)
    assert case.statutory_due_date == dt.date(2025, 11, 21)
    stopped = case.suspend(at=at(10, 27), by="市审批局", reason="专家评审")
    assert stopped.statutory_due_date is None
    back = stopped.resume(at=at(11, 3), by="市审批局")
    assert back.state is CaseState.REPORTED  # back with the higher level, not under review
    assert back.statutory_due_date == dt.date(2025, 11, 28)
    assert back.lower_due_date == dt.date(2025, 10, 30)  # the lower level's part had ended
    with pytest.raises(TransitionError, match="cannot review"):
        back.review(at=at(11, 4), by="县局")
    longer = back.extend(at=at(11, 6), by="市审批局", amount=10, approved_by="市局局长",
                         reason="需现场核查")  # fmt: skip
    assert longer.statutory_due_date == dt.date(2025, 12, 12)
    decided = longer.approve(at=at(12, 12, 17), by="市审批局")
    assert decided.timeliness.statutory is ON_TIME
    assert decided.reported_to == "市审批局"
    same(decided)


def test_the_decision_of_a_reported_case_is_measured_against_the_higher_limit_arts_42_43() -> None:
    """The supervision review's case (sample catalogue, 三级联动): a township's 受理及初审
    (20 working days) reported to the county's matter (30 working days). Accepted 22
    September, reported 10 October (the township's 20 days end 24 October: early), approved 3
    November: within the county's 30 working days from the report (20 November), so on time,
    where it was measured against the township's own 24 October and came out late (records,
    irregularities and monitoring followed)."""
    catalog = sample_catalog()
    matter = catalog["990102101-XZ-001"]
    sh = ZoneInfo("Asia/Shanghai")
    case = Case.submit(matter, case_id="XZ-7", applicant="张三", calendar=CN,
                       at=dt.datetime(2025, 9, 22, 9, tzinfo=sh))  # fmt: skip
    case = case.accept(at=dt.datetime(2025, 9, 22, 10, tzinfo=sh), by="镇窗口")
    case = case.review(at=dt.datetime(2025, 9, 23, 10, tzinfo=sh), by="镇民政助理")
    up = case.report_up(at=dt.datetime(2025, 10, 10, 10, tzinfo=sh), by="镇窗口", to="县民政局",
                        limit=catalog[matter.reports_to].statutory_limit)  # fmt: skip
    assert (up.lower_due_date, up.lower_timeliness) == (dt.date(2025, 10, 24), EARLY)
    assert up.statutory_due_date == dt.date(2025, 11, 20)
    decided = up.approve(at=dt.datetime(2025, 11, 3, 10, tzinfo=sh), by="县民政局")
    assert decided.timeliness.statutory is EARLY
    assert same(decided).statutory_due_date == dt.date(2025, 11, 20)
    records = records_from_cases([decided], calendar=CN, check=False)
    assert str(records["statutory_due"].iloc[0].date()) == "2025-11-20"
    assert records["statutory_timeliness"].iloc[0] == "early"
    # the higher level's limit is in days: hours or an immediate limit is not one to wait for
    with pytest.raises(InvalidValueError, match="art. 42") as info:
        case.report_up(at=dt.datetime(2025, 10, 10, 10, tzinfo=sh), by="镇窗口", to="县民政局",
                       limit=TimeLimit.immediate())  # fmt: skip
    assert info.value.field == "limit"


def test_a_report_recorded_before_the_higher_limit_reads_back_as_it_was() -> None:
    """A trace whose report has no limit (written by an earlier version) loads unchanged: its
    decision is measured against the matter's own limit from acceptance, as it was then."""

    def old(payloads: list[dict[str, Any]]) -> None:
        for p in payloads:
            if p["action"] == "report_up":
                del p["data"]["limit"]
                del p["data"]["check"]["due"], p["data"]["check"]["statutory_due"]

    case = reported().approve(at=at(11, 4), by="市审批局")
    again = Case.from_json(rechain(case, old), calendar=CN)
    assert again.higher_limit is None
    assert again.statutory_due_date == dt.date(2025, 10, 30)  # 20 working days from 26 Sep


def test_after_report_up_no_material_may_be_asked_for_again_art_35() -> None:
    case = reported()
    with pytest.raises(InvalidValueError, match="art. 35") as info:
        case.suspend(at=at(10, 27), by="市审批局", reason="补正材料", note="本市办法第五条")
    assert info.value.field == "reason"
    with pytest.raises(TransitionError, match="art. 35"):
        case.request_supplement(at=at(10, 27), by="市审批局", missing=["身份证"])


# -- 5 and 6. notices, decision and delivery ------------------------------------------------------


def approved() -> Case:
    """Approved on Thursday 9 October: delivery within 10 working days, by 22 October (10,
    11, 13-17, 20-22 October)."""
    return reviewing().approve(at=at(10, 9), by="局长")


@pytest.mark.parametrize(
    ("closed", "delivery"),
    [(at(10, 10), EARLY), (at(10, 22, 17, 30), ON_TIME), (at(10, 22, 18), LATE)],
)
def test_closing_an_approval_not_yet_delivered_delivers_it_art_44(
    closed: dt.datetime, delivery: TimelinessStatus
) -> None:
    """The glossary's states run APPROVED -> CERTIFICATE_MAKING -> DELIVERED -> COMPLETED:
    办结 without an earlier delivery is the delivery, at its instant (as a parallel case's
    unified delivery is); the delivery clock is kept or broken there, never pending."""
    case = approved()
    assert case.delivery_due_date == dt.date(2025, 10, 22)
    assert case.timeliness.delivery is TimelinessStatus.PENDING  # not delivered yet
    done = case.close(at=closed, by="窗口")
    assert done.delivered_at == done.completed_at == closed
    assert done.timeliness.delivery is delivery
    frame = records_from_cases([same(done)], calendar=CN)
    assert frame["delivered_at"].tolist() == [closed]


def test_a_delivery_recorded_before_closing_keeps_its_own_instant() -> None:
    done = approved().deliver(at=at(10, 13), by="窗口").close(at=at(10, 27), by="窗口")
    assert done.delivered_at == at(10, 13)
    assert done.timeliness.delivery is EARLY
    assert done.timeliness.committed is LATE  # promised by 16 October, closed on 27


def test_a_denial_has_no_delivery_clock_its_decision_is_the_art_38_notice() -> None:
    denied = reviewing().deny(at=at(10, 9), by="局长", reason="不符合条件", notified=False)
    done = denied.close(at=at(10, 10), by="窗口")
    assert done.delivery_due_date is None
    assert done.delivered_at is None
    assert done.timeliness.delivery is TimelinessStatus.PENDING  # no such limit (art. 44)
    assert done.missing_notices == (NoticeKind.DENIAL_REASONS,)
    given = done.notify(NoticeKind.DENIAL_REASONS, at=at(10, 11), by="窗口")
    assert [(n.kind.article, n.on) for n in given.notices][-1] == (
        "art. 38",
        dt.date(2025, 10, 11),
    )
    same(given)


# -- 7. handling systems ------------------------------------------------------------------------


def test_a_restricted_matter_is_refused_with_reasons_never_approved() -> None:
    restricted = attrs.evolve(MATTER, restricted=True)
    case = reviewing(restricted)
    assert case.handling_system is HandlingSystem.REJECTION
    with pytest.raises(TransitionError, match="驳回办理制"):
        case.approve(at=at(10, 9), by="局长")
    denied = case.deny(at=at(10, 9), by="局长", reason="属国家限制类项目")
    assert denied.outcome == "denied"
    quick = attrs.evolve(QUICK, restricted=True)  # an immediate restricted case as well
    with pytest.raises(TransitionError, match="驳回办理制"):
        accepted(quick).approve(at=at(9, 26, 11), by="窗口")


# -- 8. replay: forged, rechained traces -----------------------------------------------------------


def forged(case: Case, change: Any) -> TraceIntegrityError:
    with pytest.raises(TraceIntegrityError) as info:
        Case.from_json(rechain(case, change), calendar=CN)
    return info.value


def test_a_forged_approval_of_a_restricted_matter_is_refused() -> None:
    case = reviewing(attrs.evolve(MATTER, restricted=True)).deny(
        at=at(10, 9), by="局长", reason="属国家限制类项目"
    )

    def approve(payloads: list[dict[str, Any]]) -> None:
        payloads[3] = {**payloads[3], "action": "approve", "data": {"opinion": ""}}
        payloads[3]["data"]["check"] = {"delivery_due": "2025-10-22"}

    error = forged(case, approve)
    assert error.sequence == 3
    assert "驳回办理制" in str(error)


def test_a_forged_supplement_suspension_after_report_up_is_refused() -> None:
    case = reported().suspend(at=at(10, 27), by="市审批局", reason="专家评审")

    def supplement(payloads: list[dict[str, Any]]) -> None:
        payloads[-1]["data"].update(reason="supplement", note="本市办法", notified=False)
        payloads[-1]["data"]["check"] = {"due": None, "statutory_due": "2025-10-30"}

    error = forged(case, supplement)
    assert error.sequence == len(case.trace) - 1
    assert "art. 35" in str(error)


def test_a_notice_forged_to_after_closing_on_the_fifth_day_is_refused() -> None:
    case = submitted(when=at(9, 22, 9)).request_supplement(
        at=at(9, 28, 17), by="窗口", missing=["身份证"]
    )

    def evening(payloads: list[dict[str, Any]]) -> None:
        payloads[1]["at"] = "2025-09-28T10:00:00+00:00"  # 18:00 in Beijing

    error = forged(case, evening)
    assert error.sequence == 1
    assert "art. 32(4)" in str(error)


def test_a_forged_review_by_the_lower_level_after_a_resumption_is_refused() -> None:
    case = reported().suspend(at=at(10, 27), by="市审批局", reason="专家评审")
    case = case.resume(at=at(11, 3), by="市审批局").approve(at=at(11, 4), by="市审批局")

    def review(payloads: list[dict[str, Any]]) -> None:
        payloads.insert(-1, {**payloads[-1], "action": "review", "data": {"opinion": "补充意见"}})

    error = forged(case, review)
    assert error.sequence == len(case.trace) - 1
    assert "reported" in str(error)
