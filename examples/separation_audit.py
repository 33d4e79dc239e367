"""A month's separation-of-duties audit (审管分离) and that month's archive spot check (双随机).

Run with `make demo`. September 2025 at the sample county center: cases of the sample
catalogue handled by its staff, checked against the built-in rules; a few violations are
planted (one person reviewing and deciding, a decider inspecting his own case, a department
holding both functions). Then the supervisors' monthly spot check of the archives is drawn,
published as a table and as JSON, and verified. Every time is a fixed, aware datetime and the
seed is fixed, so the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from govservice import SeparationError
from govservice.calendar import china
from govservice.matters import Case, CaseKind, sample_catalog
from govservice.supervision import (
    Act,
    Designation,
    Directory,
    DutyFunction,
    Exemption,
    ExemptionKind,
    Person,
    Relation,
    RoleConflict,
    Separation,
    check_separation,
    draw_inspection,
    format_draw,
    inspection_conflicts,
    verify_draw,
)

SH = ZoneInfo("Asia/Shanghai")
SEED = "2025-09 档案抽查 · 监察室公证"  # recorded before the draw, published with it
DAYS = [d for d in range(1, 27) if dt.date(2025, 9, d).weekday() < 5]  # Sept 2025 working days


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A fixed moment of September 2025 in Asia/Shanghai."""
    return dt.datetime(2025, 9, day, hour, minute, tzinfo=SH)


def staff(department: str) -> tuple[str, str, str]:
    """The window officer, reviewer and decider of a department (made-up names)."""
    short = department[:2]
    return f"{short}窗口", f"{short}审核员", f"{short}科长"


def month_of_cases(rng: random.Random) -> list[Case]:
    """About sixty cases, most handled properly, two with the reviewer deciding too."""
    catalog = sample_catalog()
    matters = [m for m in catalog if m.level.value in ("county", "township")]
    cases = []
    for n in range(1, 61):
        matter = rng.choice(matters)
        window, reviewer, decider = staff(matter.department)
        day = rng.choice(DAYS[:-3])
        case = Case.submit(matter, case_id=f"2025-09-{n:03d}", applicant=f"申请人{n:03d}",
                           at=at(day, 9, n % 60), calendar=china())  # fmt: skip
        case = case.accept(at=at(day, 10), by=window)
        if case.kind is CaseKind.IMMEDIATE:
            case = case.approve(at=at(day, 11), by=window)
        else:
            case = case.review(at=at(day + 1, 10), by=reviewer, opinion="材料齐全，符合条件")
            wrong = n in (17, 42)  # planted: the reviewer decides as well
            case = case.approve(at=at(day + 2, 15), by=reviewer if wrong else decider)
        case = case.issue_certificate(at=at(day + 2, 16), by=window, certificate=f"证{n:03d}")
        cases.append(case.close(at=at(day + 2, 17), by=window))
    return cases


def main() -> None:
    rng = random.Random(20250930)
    cases = month_of_cases(rng)
    food = cases[0].matter

    # The directory: supervisors, the functions of two departments and a designation.
    supervisors = ["执法一队甲", "执法一队乙", "执法二队丙", "执法二队丁", "监察室戊"]
    people = [Person(p, "综合行政执法局", {"inspector"}) for p in supervisors]
    people.append(Person(staff(food.department)[2], food.department, {"approver", "inspector"}))
    directory = Directory(
        people=people,
        functions=[
            DutyFunction("行政审批局", "licensing", "建设工程类许可"),
            DutyFunction("行政审批局", "supervision", "建设工程类许可"),  # designated below
            DutyFunction("卫生健康局", "licensing", "公共场所卫生许可"),
            DutyFunction("卫生健康局", "supervision", "公共场所卫生许可"),  # not designated
        ],
        designations=[
            Designation("行政审批局", "建设工程类许可", "示例县人民政府令第3号（2024）第五条")
        ],
        relations=[Relation("执法二队丁", "申请人012", "kin")],
        role_conflicts=[RoleConflict({"approver", "inspector"}, name="审批与检查")],
        # 一审一核 holds for immediate cases too, except the center's single-signature matters:
        # all the month's immediate matters but one are on the list, so one still shows.
        single_signature=sorted({c.matter.code for c in cases if c.kind is CaseKind.IMMEDIATE})[1:],
    )
    # Last month's inspection records: one by the decider of the case he inspected.
    decided = next(c for c in cases if c.kind is not CaseKind.IMMEDIATE)
    decider = decided.trace.events[3].payload["by"]
    inspections = [
        Act(decided.case_id, decider, "inspect", at(29, 10), "监管科", decided.matter.code),
        Act(
            cases[1].case_id,
            "执法一队甲",
            "inspect",
            at(29, 11),
            "综合行政执法局",
            cases[1].matter.code,
        ),
    ]
    # An emergency override, recorded with its reason.
    override = Exemption("one_review_one_approval", "防汛抢险，特事特办（分管副县长批示）",
                         "分管副县长", ExemptionKind.EMERGENCY, case_id="2025-09-042")  # fmt: skip

    print(f"== 审管分离月度检查 · separation audit, September 2025: {len(cases)} cases")
    found = check_separation(cases, directory, acts=inspections, exemptions=[override])
    for v in found:
        mark = "exempt" if v.exempt else v.severity.value
        print(f"   [{v.rule} · {mark}] {v.explain('zh_CN')}")
        print(f"      {v.explain('en')}")
        if v.evidence:
            print(f"      evidence: {'; '.join(a.describe() for a in v.evidence)}")
    live = [v for v in found if not v.exempt]
    print(f"   {len(found)} found, {len(live)} to rectify, {len(found) - len(live)} exempt")

    print("\n== 守卫 · the guard refuses the same act before it is recorded")
    separation = Separation(directory, acts=inspections, exemptions=[override])
    matter = cases[16].matter
    window, reviewer, decider = staff(matter.department)
    case = Case.submit(matter, case_id="2025-09-061", applicant="申请人061", at=at(26, 9),
                       guard=separation.guard, calendar=china())  # fmt: skip
    case = case.accept(at=at(26, 10), by=window).review(at=at(26, 14), by=reviewer)
    try:
        case.approve(at=at(26, 16), by=reviewer)
    except SeparationError as exc:
        print(f"   refused: {exc}")
    print(f"   still {case.state.value}, {len(case.trace)} events")
    who = separation.eligible(case, "approve", [reviewer, decider], at=at(26, 16))
    print(f"   eligible to decide: {', '.join(who)}")
    case = case.approve(at=at(26, 16), by=who[0])
    print(f"   decided by {who[0]}: {case.state.value}")

    print("\n== 月度档案抽查 · the month's archive spot check (双随机、一公开)")
    targets = [c.case_id for c in cases]
    strata = {c.case_id: c.matter.department for c in cases}
    conflicts = inspection_conflicts(cases, supervisors, directory)
    draw = draw_inspection(targets, supervisors, seed=SEED, share="0.1", strata=strata,
                           conflicts=conflicts, per_target=2)  # fmt: skip
    print(format_draw(draw, "zh_CN"))
    print()
    print("\n".join(format_draw(draw, "en").splitlines()[:3]), "...")  # the heading, in English
    verify_draw(draw, list(reversed(targets)), supervisors[::-1], strata=strata,
                conflicts=conflicts)  # fmt: skip
    print(f"\n   verified by re-running the seed on the pools; JSON: {len(draw.to_json())} bytes")
    print("   " + draw.to_json().replace("\n", "")[:150] + " ...")


if __name__ == "__main__":
    main()
