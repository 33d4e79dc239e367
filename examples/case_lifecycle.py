"""The sample catalogue's figures, then one case from submission to certificate, with its trace.

Run with `make demo`. Every time is a fixed, aware datetime in Asia/Shanghai; nothing here
reads the clock, so the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

import attrs

from govservice import TransitionError
from govservice.calendar import china, format_date, format_limit
from govservice.matters import ApproverRole, Case, CaseFacts, classify, sample_catalog

SH = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A fixed moment of 2025 in Asia/Shanghai."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SH)


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return text + " " * max(0, width - len(text) - wide)


def dues(case: Case) -> str:
    """The case's committed and statutory due dates, or why there are none."""
    if case.due_date is None or case.statutory_due_date is None:
        return "clock stopped" if case.suspended_since else "not accepted yet"
    return (
        f"due {format_date(case.due_date, 'zh_CN')} (committed), "
        f"{format_date(case.statutory_due_date, 'zh_CN')} (statutory)"
    )


def show(step: str, case: Case) -> None:
    print(f"   {pad(step, 44)} {case.state.value:21} {dues(case)}")


def figures() -> None:
    catalog = sample_catalog()
    f = catalog.figures()
    total = f.total
    print(f"== {catalog.name}: {f.matters} matters, {len(catalog.departments)} departments")
    print(
        f"   statutory {total.statutory_working_days} working days, committed "
        f"{total.committed_working_days}, saved {total.saved_working_days} "
        f"({total.compression_rate or 0:.1%} compression; Zhoushan profile: 12141 -> 4018, "
        f"66.91%)"
    )
    print(
        f"   immediate {f.immediate_share or 0:.1%}, online {f.online_share or 0:.1%}, "
        f"at most one visit {f.one_visit_share or 0:.1%}; "
        f"{f.outside_day_totals} matters outside the day totals (not in working days)"
    )
    print("   top 5 departments by working days saved:")
    top = sorted(f.departments, key=lambda d: (-d.saved_working_days, d.department))[:5]
    for d in top:
        print(
            f"     {pad(d.department, 18)} {d.matters} matters"
            f"  statutory {d.statutory_working_days:3}  committed {d.committed_working_days:3}"
            f"  saved {d.saved_working_days:3}"
            f"  ({d.compression_rate or 0:.1%})"
        )
    print()


def committed_case() -> None:
    catalog = sample_catalog()
    matter = catalog["990102-ZRJ-004"]
    kind = classify(matter)
    print(f"== Case 2025-0001: {matter.name} ({matter.name_en}), {matter.department}")
    print(
        f"   {kind.kind.value} case ({kind.explain('zh_CN')}); limits "
        f"{format_limit(matter.statutory_limit)} statutory, "
        f"{format_limit(matter.committed_limit)} committed"
    )
    case = Case.submit(
        matter, case_id="2025-0001", applicant="张三", at=at(9, 22, 9, 30), calendar=china()
    )
    show("submitted", case)
    case = case.request_supplement(
        at=at(9, 22, 9, 50),
        by="窗口A",
        missing=["乡镇人民政府审核意见", "建设工程设计方案或者农房设计图"],
    )
    show("one-time notice (一次性告知) of 2 materials", case)
    case = case.supplement(at=at(9, 24, 14), by="张三", provided=["乡镇人民政府审核意见"])
    show("supplemented 1; the plan is on 容缺", case)
    case = case.accept(at=at(9, 24, 14, 20), by="窗口A")
    show("accepted with the design plan missing", case)
    case = case.review(at=at(9, 25, 10), by="审核员王", opinion="设计方案需组织专家评审")
    show("reviewed", case)
    case = case.suspend(at=at(9, 26, 9), by="审核员王", reason="专家评审", note="农房设计方案")
    show("suspended for expert review (art. 45)", case)
    case = case.resume(at=at(10, 13, 9), by="审核员王")
    span = case.suspensions[-1]
    show(f"resumed ({span.start:%m-%d}..{span.end:%m-%d} not counted)", case)
    case = case.approve(at=at(10, 16, 10), by="局长 赵某")
    show("approved", case)
    case = case.issue_certificate(at=at(10, 17, 9), by="窗口A", certificate="乡字第2025-0001号")
    show("certificate issued", case)
    case = case.close(at=at(10, 17, 9, 30), by="窗口A")
    show("closed (sealed)", case)

    print("   trace:")
    for event in case.trace:
        payload = event.payload
        local = dt.datetime.fromisoformat(payload["at"]).astimezone(SH)
        print(
            f"     {event.seq:2}  {payload['action']:18} {pad(payload['by'], 10)}"
            f"  {local:%Y-%m-%d %H:%M}  {event.hash[:12]}"
        )
    print(f"   trace.verify(): {case.trace.verify()!r} (no error: every hash and link checks)")
    print(f"   head for the receipt: {case.trace.head}")
    print(f"   JSON round trip equal: {Case.from_json(case.to_json(), calendar=china()) == case}\n")


def other_cases() -> None:
    catalog = sample_catalog()
    matter = catalog["990102-SJJ-001"]
    print(f"== Case 2025-0004: {matter.name}, an immediate case (即办件)")
    case = Case.submit(
        matter,
        case_id="2025-0004",
        applicant="赵六",
        at=at(9, 30, 16),
        facts=CaseFacts(green_channel=True),
        calendar=china(),
    )
    case = case.accept(at=at(9, 30, 16, 5), by="窗口C")
    show("accepted", case)
    case = case.approve(at=at(9, 30, 16, 15), by="窗口C")
    case = case.issue_certificate(at=at(9, 30, 16, 20), by="窗口C")
    case = case.close(at=at(9, 30, 16, 25), by="窗口C")
    show(f"approved and closed, {len(case.trace)} events", case)
    print(f"   green channel mark: {case.green_channel}\n")

    # Handled jointly under art. 26, so art. 42 para. 2 governs its extension (the legal
    # basis decides the regime, not the kind of case).
    matter = attrs.evolve(catalog["990102-ZJJ-003"], unified_handling=True)
    kind = classify(matter)
    print(f"== Case 2025-0005: {matter.name}, a joint case (联办件)")
    print(f"   {kind.explain('zh_CN')}")
    case = Case.submit(
        matter, case_id="2025-0005", applicant="某房地产公司", at=at(11, 3, 9), calendar=china()
    )
    case = case.accept(at=at(11, 3, 10), by="综合窗口")
    show("accepted", case)
    case = case.review(at=at(11, 20, 9), by="住建局审核员", opinion="消防验收材料待补充检测")
    case = case.extend(
        at=at(12, 1, 9),
        by="综合窗口",
        amount=15,
        approved_by="县人民政府副县长",
        approver_role=ApproverRole.HEAD_OF_GOVERNMENT,
        reason="联合验收需补充检测报告",
    )
    show("extended by 15 (art. 42 para. 2)", case)
    print(f"   trace: {len(case.trace)} events, head {case.trace.head[:12]}")


def the_law() -> None:
    """A deemed-accepted case, and one decided on the last statutory day (arts. 32, 42, 44)."""
    catalog = sample_catalog()
    matter = catalog["990102-ZRJ-004"]
    cal = china()
    print()
    print(f"== Case 2025-0006: {matter.name}, no notice within five working days (art. 32(4))")
    case = Case.submit(matter, case_id="2025-0006", applicant="周七", at=at(9, 26, 9), calendar=cal)
    print(
        f"   received {format_date(at(9, 26, 9).date(), 'zh_CN')}; the one-time notice was due by "
        f"{format_date(case.deemed_acceptance_date, 'zh_CN')}"
    )
    try:
        case.request_supplement(at=at(10, 13, 9), by="窗口A", missing=["乡镇人民政府审核意见"])
    except TransitionError as exc:
        print(f"   a late notice is refused: {exc.allowed}")
    case = case.accept(at=at(10, 13, 9, 30), by="窗口A")
    print(
        f"   accepted on 10-13, deemed accepted from receipt: {case.deemed_acceptance}; "
        f"statutory due {format_date(case.statutory_due_date, 'zh_CN')} (counted from 09-26)"
    )
    print()
    print("== Case 2025-0007: decided on the last statutory day, delivered within art. 44")
    case = Case.submit(matter, case_id="2025-0007", applicant="吴八", at=at(9, 22, 9), calendar=cal)
    case = case.accept(at=at(9, 22, 10), by="窗口A").review(at=at(9, 23, 9), by="审核员王")
    last = case.statutory_due_date
    assert last is not None
    print(f"   statutory due {format_date(last, 'zh_CN')} (20 working days from 09-22)")
    case = case.approve(at=dt.datetime.combine(last, dt.time(16), SH), by="局长 赵某")
    print(
        f"   approved on {format_date(last, 'zh_CN')} 16:00: statutory "
        f"{case.timeliness.statutory.value}; delivery due "
        f"{format_date(case.delivery_due_date, 'zh_CN')} (art. 44: 10 working days)"
    )
    delivered = cal.add_working_days(last, 8)
    case = case.issue_certificate(at=dt.datetime.combine(delivered, dt.time(10), SH), by="窗口A")
    case = case.complete(at=dt.datetime.combine(delivered, dt.time(10, 30), SH), by="窗口A")
    t = case.timeliness
    print(
        f"   delivered {format_date(delivered, 'zh_CN')}: delivery {t.delivery.value}; "
        f"committed (at 办结) {t.committed.value}; statutory (at the decision) {t.statutory.value}"
    )
    print(f"   notices: {', '.join(f'{n.kind.value} {n.on:%m-%d}' for n in case.notices)}\n")


def main() -> None:
    figures()
    committed_case()
    other_cases()
    the_law()


if __name__ == "__main__":
    main()
