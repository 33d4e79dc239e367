from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given

from govservice import (
    CalendarMismatchError,
    InvalidValueError,
    TraceIntegrityError,
    TransitionError,
)
from govservice.calendar import DayEntry, EntryKind, TimeLimit, YearData, china, deadline
from govservice.matters import Case, CaseKind, CaseState, Material, Matter, sample_catalog
from govservice.testing import case_histories

SH = ZoneInfo("Asia/Shanghai")
CN = china()
SAMPLE = sample_catalog()
BASE = SAMPLE.by_case_kind(CaseKind.COMMITTED)[0]
MATTER = attrs.evolve(
    BASE,
    statutory_limit=TimeLimit.working_days(20),
    committed_limit=TimeLimit.working_days(10),
    materials=(Material("营业执照"), Material("平面图", tolerant=True), Material("身份证")),
)


def at(day: int, hour: int = 10, month: int = 3, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SH)


def submitted(matter: Matter = MATTER) -> Case:
    return Case.submit(matter, case_id="2025-0001", applicant="张三", at=at(3, 9), calendar=china())


def test_full_lifecycle_with_deadlines_fixed_at_acceptance() -> None:
    case = submitted().accept(at=at(3), by="窗口")
    assert case.state is CaseState.ACCEPTED
    assert case.due_date == deadline(dt.date(2025, 3, 3), MATTER.committed_limit, CN).due_date
    assert case.statutory_due_date == CN.add_working_days(dt.date(2025, 3, 3), 20)
    case = case.review(at=at(4), by="审核员", opinion="同意")
    case = case.approve(at=at(5), by="局长")
    case = case.issue_certificate(at=at(6), by="窗口", certificate="证123")
    case = case.close(at=at(6, 11), by="窗口")
    assert case.state is CaseState.COMPLETED
    assert case.sealed
    assert [e.action for e in case.trace] == ["submit", "accept", "review", "approve",
                                              "issue_certificate", "complete"]  # fmt: skip
    assert case.decided_at == at(5)
    assert case.completed_at == at(6, 11)
    case.trace.verify()


def test_illegal_actions_name_state_and_action_and_change_nothing() -> None:
    case = submitted()
    with pytest.raises(TransitionError) as info:
        case.approve(at=at(4), by="局长")
    assert info.value.action == "approve"
    assert info.value.state == "submitted"
    assert "accept" in info.value.allowed
    accepted = case.accept(at=at(3), by="窗口")
    with pytest.raises(TransitionError, match="review"):
        accepted.approve(at=at(4), by="局长")  # a committed case is reviewed first
    closed = accepted.withdraw(at=at(4), by="张三", reason="不办了")
    with pytest.raises(TransitionError, match="sealed"):
        closed.review(at=at(5), by="审核员")
    assert len(closed.trace) == 3


def test_one_time_notice_lists_everything_at_once() -> None:
    case = submitted().request_supplement(at=at(3), by="窗口", missing=["营业执照", "平面图"])
    assert case.state is CaseState.SUPPLEMENT_REQUESTED
    assert case.outcome_kind is CaseKind.SUPPLEMENTARY
    with pytest.raises(InvalidValueError, match="一次性告知"):
        case.request_supplement(at=at(4), by="窗口", missing=["身份证"])
    with pytest.raises(InvalidValueError, match="materials of the matter"):
        submitted().request_supplement(at=at(3), by="窗口", missing=["户口本"])
    with pytest.raises(InvalidValueError, match="容缺"):
        case.accept(at=at(4), by="窗口")  # 营业执照 is still missing
    case = case.supplement(at=at(4), by="张三", provided=["营业执照"])
    accepted = case.accept(at=at(4, 11), by="窗口")  # 平面图 may follow (容缺)
    assert accepted.state is CaseState.ACCEPTED
    assert accepted.trace.events[-1].payload["data"]["missing_tolerated"] == ["平面图"]


def test_refusal_is_a_returned_case() -> None:
    case = submitted().refuse_acceptance(at=at(3), by="窗口", reason="不属于本机关职权")
    assert case.outcome_kind is CaseKind.RETURNED
    assert case.close(at=at(3, 11), by="窗口").sealed


def test_suspension_moves_the_due_dates_by_the_suspended_working_days() -> None:
    case = submitted().accept(at=at(3), by="窗口").review(at=at(4), by="审核员")
    before = case.due_date
    case = case.suspend(at=at(5), by="审核员", reason="专家评审")
    assert case.state is CaseState.SUSPENDED
    assert case.due_date is None  # unknown until the clock restarts
    case = case.resume(at=at(12), by="审核员")  # Mar 5..11 not counted: 5 working days
    assert case.due_date == CN.add_working_days(before, 5)  # type: ignore[arg-type]
    assert case.suspensions[0].start == dt.date(2025, 3, 5)
    assert case.suspensions[0].end == dt.date(2025, 3, 11)


def test_extension_is_recorded_with_its_approver() -> None:
    case = submitted().accept(at=at(3), by="窗口")
    extended = case.extend(at=at(10), by="窗口", amount=10, approved_by="局长", reason="需核查")
    assert extended.statutory_due_date == CN.add_working_days(dt.date(2025, 3, 3), 30)
    assert extended.extensions[0].approved_by == "局长"


def test_deemed_acceptance_after_five_working_days() -> None:
    case = submitted()  # Monday Mar 3: five working days run out on Monday Mar 10
    assert not case.deemed_accepted(dt.date(2025, 3, 10))
    assert case.deemed_accepted(dt.date(2025, 3, 11))
    with pytest.raises(TransitionError, match=r"art\. 32\(4\)"):
        case.request_supplement(at=at(12), by="窗口", missing=["身份证"])
    on_time = case.accept(at=at(7), by="窗口")
    assert not on_time.deemed_accepted(dt.date(2025, 4, 1))


def test_the_matter_is_pinned_at_submission() -> None:
    case = submitted().accept(at=at(3), by="窗口")
    changed = attrs.evolve(MATTER, committed_limit=TimeLimit.working_days(2), version=2)
    assert changed.version == 2
    assert case.matter.version == 1
    assert case.due_date == CN.add_working_days(dt.date(2025, 3, 3), 10)


def test_recalendar_after_the_2020_extension_keeps_days_already_used() -> None:
    annual = [e for e in CN.days if e.date.year == 2020 and e.notice != "国办发明电〔2020〕1号"]
    annual = [e for e in annual if e.date != dt.date(2020, 2, 1)]
    annual.append(DayEntry(dt.date(2020, 2, 1), "春节", EntryKind.WORKDAY))
    old = CN.with_year(YearData(2020, days=annual), replace=True)
    case = Case.submit(MATTER, case_id="2020-1", applicant="李四",
                       at=at(20, 9, month=1, year=2020), calendar=old)  # fmt: skip
    case = case.accept(at=at(20, 10, month=1, year=2020), by="窗口")
    assert case.due_date == dt.date(2020, 2, 7)
    moved = case.recalendar(CN, at=at(27, 10, month=1, year=2020), by="系统")
    assert moved.due_date == dt.date(2020, 2, 11)
    event = moved.trace.events[-1]
    assert event.action == "recalendar"
    assert event.payload["data"]["check"]["due"] == "2020-02-11"
    again = Case.from_json(moved.to_json(), calendar=old)  # the calendar it was accepted on
    assert again.due_date == dt.date(2020, 2, 11)
    # On the new calendar, the recorded change explains the earlier due dates.
    assert Case.from_json(moved.to_json(), calendar=CN) == again
    with pytest.raises(CalendarMismatchError) as info:  # the same case, never recalendared
        Case.from_json(case.to_json(), calendar=CN)
    assert (info.value.field, info.value.sequence) == ("due", 1)
    reloaded = Case.from_json(case.to_json(), calendar=CN, recalendar=True, by="系统")
    assert reloaded.due_date == dt.date(2020, 2, 11)
    assert reloaded.trace.events[-1].action == "recalendar"  # the change is recorded
    assert Case.from_json(reloaded.to_json(), calendar=CN) == reloaded
    # Recorded when it is made, if the caller says when; never before the last event.
    when = at(27, 10, month=1, year=2020)
    dated = Case.from_json(case.to_json(), calendar=CN, recalendar=True, by="系统", at=when)
    assert dt.datetime.fromisoformat(dated.trace.events[-1].payload["at"]) == when
    assert Case.from_json(dated.to_json(), calendar=CN) == dated
    with pytest.raises(InvalidValueError, match="not before the last event"):
        Case.from_json(case.to_json(), calendar=CN, recalendar=True, by="系统",
                       at=at(19, 10, month=1, year=2020))  # fmt: skip
    with pytest.raises(InvalidValueError, match="aware"):
        Case.from_json(case.to_json(), calendar=CN, recalendar=True,
                       at=dt.datetime(2020, 1, 27, 10))  # noqa: DTZ001  # fmt: skip


def test_corrections_are_new_events_even_after_sealing() -> None:
    case = submitted().withdraw(at=at(3), by="张三")
    corrected = case.correct(at=at(4), by="窗口", field="applicant", value="张叁", reason="笔误")
    assert corrected.corrected == {"applicant": "张叁"}
    assert corrected.applicant == "张三"  # the record stays; the correction is its own event
    assert len(corrected.trace) == len(case.trace) + 1


def test_actions_need_aware_ordered_times_and_an_actor() -> None:
    case = submitted()
    with pytest.raises(InvalidValueError, match="aware"):
        case.accept(at=dt.datetime(2025, 3, 3, 10), by="窗口")  # noqa: DTZ001 (the point)
    with pytest.raises(InvalidValueError, match="not before"):
        case.accept(at=at(2), by="窗口")
    with pytest.raises(InvalidValueError, match="by"):
        case.accept(at=at(3), by="")


@pytest.mark.parametrize("by", ["", "   ", 7])
def test_a_blank_clerk_at_submission_is_refused_not_taken_for_online(by: object) -> None:
    """``by=None`` is an online submission (by the applicant); a blank or non-text clerk is
    a mistake, not a change of channel."""
    with pytest.raises(InvalidValueError, match="by"):
        Case.submit(MATTER, case_id="C-1", applicant="张三", at=at(3, 9), by=by,  # type: ignore[arg-type]
                    calendar=CN)  # fmt: skip
    assert Case.submit(MATTER, case_id="C-1", applicant="张三", at=at(3, 9),
                       calendar=CN).submitted_by == "张三"  # fmt: skip


def test_immediate_cases_are_decided_at_acceptance() -> None:
    immediate = SAMPLE.by_case_kind(CaseKind.IMMEDIATE)[0]
    case = Case.submit(immediate, case_id="1", applicant="王五", at=at(3, 9), calendar=china())
    case = case.accept(at=at(3, 9), by="窗口").approve(at=at(3, 10), by="窗口")
    assert case.state is CaseState.APPROVED
    assert case.due_date == dt.date(2025, 3, 3)


@given(case=case_histories())
def test_random_histories_stay_consistent(case: Case) -> None:
    replayed = Case.from_json(case.to_json(), calendar=china())
    assert replayed == case
    accepted = any(e.action == "accept" for e in case.trace)
    assert (case.accepted_at is not None) == accepted
    if case.state in (CaseState.ACCEPTED, CaseState.UNDER_REVIEW, CaseState.APPROVED):
        assert case.due_date is not None
        assert case.statutory_due_date is not None
        assert case.due_date <= case.statutory_due_date
    if case.state is CaseState.SUSPENDED:
        assert case.suspended_since is not None
    assert case.sealed == (case.state in (CaseState.COMPLETED, CaseState.WITHDRAWN))


def test_extensions_follow_article_42() -> None:
    case = submitted().accept(at=at(3), by="窗口")
    with pytest.raises(InvalidValueError, match="at most 10 working days"):
        case.extend(at=at(10), by="窗口", amount=11, approved_by="局长", reason="核查")
    once = case.extend(at=at(10), by="窗口", amount=6, approved_by="局长", reason="核查")
    # Art. 42 para. 1 grants one extension: 6 + 4 is a second one, however small.
    with pytest.raises(InvalidValueError, match="grants one extension") as info:
        once.extend(at=at(11), by="窗口", amount=4, approved_by="局长", reason="再核查")
    assert (info.value.field, info.value.value) == ("basis", "")
    longer = once.extend(at=at(11), by="窗口", amount=20, approved_by="局长", reason="检验",
                         basis="某法第十条")  # fmt: skip
    assert sum(int(e.amount) for e in longer.extensions) == 26
    with pytest.raises(InvalidValueError, match="whole number"):
        case.extend(at=at(10), by="窗口", amount=1.5, approved_by="局长", reason="x")  # type: ignore[arg-type]


def test_a_calendar_change_survives_a_reload() -> None:
    case = submitted().accept(at=at(3), by="窗口")
    closed = CN.with_closures(dt.date(2025, 3, 10), dt.date(2025, 3, 11), "系统升级")
    moved = case.recalendar(closed, at=at(5), by="系统")
    assert moved.due_date == CN.add_working_days(dt.date(2025, 3, 3), 12)
    suspended = moved.suspend(at=at(6), by="审核员", reason="检测")
    resumed = suspended.resume(at=at(7), by="审核员")
    again = Case.from_json(
        resumed.to_json(), calendar=china()
    )  # on the default calendar: the change is replayed
    assert again == resumed
    assert again.calendar.is_working_day(dt.date(2025, 3, 10)) is False
    later = again.extend(at=at(12), by="窗口", amount=1, approved_by="局长", reason="x")
    assert (
        later.due_date
        == resumed.extend(at=at(12), by="窗口", amount=1, approved_by="局长", reason="x").due_date
    )


def test_a_truncated_trace_is_refused_against_a_receipt() -> None:
    case = submitted().accept(at=at(3), by="窗口")
    receipt = case.trace.head
    later = case.review(at=at(4), by="审核员")
    import json

    raw = json.loads(later.to_json())
    raw["events"] = raw["events"][:1]
    raw["head"] = raw["events"][0]["hash"]
    with pytest.raises(TraceIntegrityError, match="truncated"):
        Case.from_json(json.dumps(raw, ensure_ascii=False), expected_head=receipt, calendar=china())


def test_guard_vetoes_an_act_and_leaves_the_case_unchanged() -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from govservice import GovServiceError
    from govservice.matters import Case, ProposedAct, sample_catalog

    sh = ZoneInfo("Asia/Shanghai")
    seen: list[ProposedAct] = []

    def guard(act: ProposedAct) -> None:
        seen.append(act)
        if act.action == "approve" and any(e.payload["by"] == act.by for e in act.trace):
            raise GovServiceError(f"{act.by} already acted on {act.case_id}")

    matter = next(iter(sample_catalog()))
    at = dt.datetime(2025, 3, 3, 9, tzinfo=sh)
    case = Case.submit(matter, case_id="G1", applicant="甲", at=at, guard=guard, calendar=china())
    case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="乙")
    case = case.review(at=dt.datetime(2025, 3, 3, 11, tzinfo=sh), by="丁")
    before = case
    with pytest.raises(GovServiceError, match="乙 already acted"):
        case.approve(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="乙")
    assert case == before
    assert len(case.trace) == 3
    case = case.approve(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="丙")
    assert [a.action for a in seen] == ["submit", "accept", "review", "approve", "approve"]
    assert seen[1].matter_code == matter.code
    assert len(seen[1].trace) == 1
    # the guard survives a round trip only when given again; it is never recorded
    again = Case.from_json(case.to_json(), calendar=china())
    assert again == case
    assert again.guard is None
    assert Case.from_json(case.to_json(), guard=guard, calendar=china()).guard is guard
