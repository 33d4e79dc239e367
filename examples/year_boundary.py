"""Across the year boundary: a case accepted on 2026-12-10 under a provisional 2027.

Run with `make demo`. The shipped calendar ends on 2026-12-31 and the 2027 notice is not out
yet, so the official calendar refuses the case's due dates; a provisional 2027 (statutory
holidays known by law) gives them, marked provisional. Then a notice arrives: here a MADE-UP
2027 notice (for illustration only, not official data) is read from its text, reviewed with
diff, loaded, and the case is moved onto the official calendar. Nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from govservice import CalendarCoverageError
from govservice.calendar import (
    china,
    deadline,
    format_date,
    format_limit,
    load_calendar,
    save_calendar,
    year_from_notice,
)
from govservice.matters import Case, sample_catalog

SH = ZoneInfo("Asia/Shanghai")
ACCEPTED = dt.datetime(2026, 12, 10, 10, 0, tzinfo=SH)

# A made-up notice in the published form, for illustration only: the real 2027 notice may differ.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知（示例，虚构）
国办发明电〔2026〕99号
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）上班。
国务院办公厅
2026年12月12日
"""


def day(d: dt.date | None) -> str:
    return "-" if d is None else format_date(d, "zh_CN")


def main() -> None:
    catalog = sample_catalog()
    matter = max(
        (m for m in catalog if m.statutory_limit.unit.value == "working_days"),
        key=lambda m: (m.statutory_limit.amount, m.code),
    )
    print(
        f"== {matter.code} {matter.name}: {format_limit(matter.statutory_limit)} statutory, "
        f"{format_limit(matter.committed_limit)} committed; accepted on 2026-12-10"
    )
    cal = china()
    try:
        deadline(ACCEPTED, matter.statutory_limit, cal)
    except CalendarCoverageError as exc:
        print(f"   official calendar (to {cal.coverage.end}): refused:\n     {exc}")

    print("\n== The bases of a provisional 2027, for the statutory limit")
    for basis in ("weekends", "statutory", "predicted"):
        prov = cal.provisional(dt.date(2027, 12, 31), basis=basis)
        due = deadline(ACCEPTED, matter.statutory_limit, prov)
        print(f"   {basis:10} due {day(due.due_date)}  provisional={due.provisional}")

    prov = cal.provisional(dt.date(2027, 12, 31))
    case = Case.submit(matter, case_id="2026-1210", applicant="李四", at=ACCEPTED, calendar=prov)
    case = case.accept(at=ACCEPTED + dt.timedelta(minutes=20), by="窗口A")
    print("\n== Case 2026-1210 accepted under the provisional 2027 (statutory basis)")
    print(
        f"   committed due {day(case.due_date)} (provisional: {prov.is_provisional(case.due_date)})"
    )
    print(
        f"   statutory due {day(case.statutory_due_date)}"
        f" (provisional: {prov.is_provisional(case.statutory_due_date)})"
    )
    print(
        f"   2027-01-01 is a working day? {prov.is_working_day(dt.date(2027, 1, 1))} "
        "(New Year's Day is fixed by law)"
    )

    print("\n== 2026-12-12: the (made-up) 2027 notice appears; read it from its text")
    y2027 = year_from_notice(NOTICE_2027)
    official = cal.with_year(y2027)
    changes = prov.diff(official)
    print(
        f"   {y2027.notices[0].number}: {len(y2027.days)} days; {len(changes)} days differ "
        "from the provisional year, the first five:"
    )
    for change in changes[:5]:
        print(f"     {change}")
    moved = case.recalendar(official, at=dt.datetime(2026, 12, 14, 9, tzinfo=SH), by="管理员")
    print(
        f"   recalendar: committed due {day(moved.due_date)}, statutory due "
        f"{day(moved.statutory_due_date)} (official: "
        f"{not official.is_provisional(moved.statutory_due_date)})"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "my-center.json"
        save_calendar(official, path)
        print(
            f"\n== save_calendar: {path.name}, {path.stat().st_size} bytes; "
            f"reloads equal: {load_calendar(path) == official}"
        )
    feed = official.to_ics("statutory", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1))
    print("== to_ics('statutory'), New Year's Day 2027:")
    for line in feed.decode().splitlines():
        if line.startswith(("UID", "SUMMARY", "DESCRIPTION", " ")):
            print(f"   {line}")


if __name__ == "__main__":
    main()
