"""Build the made-up county files under tests/data/ (run again to regenerate them).

- county_2025-05.xlsx: a county center's April-May 2025 case export as a workbook, the way a
  provincial platform and WPS write it: a merged title row, Chinese headers and labels, dates
  in several forms (2025/5/6 9:30, 2025-05-06 09:30:00, 2025年5月6日 9时30分, real Excel
  dates), full-width digits, 是/否, blank rows.
- county_2025-05_gb18030.csv: the same records as a GB18030 CSV export.
- county_2025-05_broken.csv: a copy with planted problems, listed in PLANTED (row -> kind).
- catalog.xlsx / catalog_gb18030.csv: the sample catalogue with Chinese headers and labels.

People, case numbers and phone numbers are made up (seeded).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from zoneinfo import ZoneInfo

from govservice._tabular import write_xlsx
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate

OUT = Path(__file__).resolve().parent.parent / "tests" / "data"
SH = ZoneInfo("Asia/Shanghai")
TITLE = "示例县政务服务中心2025年4-5月办件明细（省一体化平台导出）"
HEADER = [
    "办件编号", "申请人", "服务中心", "层级", "实施部门", "受理窗口", "事项编码", "办件类型",
    "申请方式", "受理地点", "申请时间", "受理时间", "决定时间", "办结时间", "办理结果",
    "承诺时限", "法定时限", "特别程序天数", "跑动次数", "是否当场办结", "满意度", "是否投诉",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
LEVEL = {"county": "县级", "city": "市级", "township": "乡镇(街道)", "province": "省级"}
KIND = {
    "immediate": "即办件", "committed": "承诺件", "joint": "联办件", "reported": "上报件",
    "special": "特办件", "returned": "退回件", "supplementary": "补办件",
}  # fmt: skip
CHANNEL = {"online": "网上申请", "window": "窗口"}
OUTCOME = {"approved": "准予许可", "denied": "不予许可", "withdrawn": "撤回", "returned": "退回"}
RATING = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
#: The broken copy's planted problems: data row index (0-based) -> (column, value, kind).
PLANTED = {
    3: ("受理时间", "2025/13/5 9:30", "bad_date"),
    7: ("办结时间", "05/06/2025 10:00", "ambiguous_date"),
    11: ("办件类型", "急件", "bad_value"),
    15: ("承诺时限", "二十日", "bad_limit"),
    19: ("跑动次数", "两次", "bad_number"),
    23: ("满意度", "很好", "bad_value"),
    27: ("办件编号", None, "duplicate_case_id"),  # takes the id of row index 26
    31: ("办结时间", "2025/4/1 8:00", "completed_before_accepted"),
}


def _when(moment: object, i: int, *, excel: bool) -> object:
    if moment is None or str(moment) == "NaT":
        return None
    local = moment.to_pydatetime().astimezone(SH).replace(tzinfo=None, second=0, microsecond=0)  # type: ignore[attr-defined]
    form = i % 4
    if form == 0:
        return f"{local.year}/{local.month}/{local.day} {local.hour}:{local.minute:02d}"
    if form == 1:
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if form == 2:
        return f"{local.year}年{local.month}月{local.day}日 {local.hour}时{local.minute:02d}分"
    return local if excel else local.strftime("%Y-%m-%d %H:%M")


def rows(*, excel: bool) -> list[list[object]]:
    rng = random.Random(20250531)
    records = simulate(sample_catalog(), china(), dt.date(2025, 4, 1), dt.date(2025, 5, 30),
                       seed=16, cases_per_day=6)  # fmt: skip
    out: list[list[object]] = []
    for i, r in enumerate(records.itertuples(index=False)):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
        visits = str(int(r.visits))
        out.append(
            [
                f"SJ{r.accepted_at.year if str(r.accepted_at) != 'NaT' else 2025}{i + 1:06d}",
                name,
                r.center,
                LEVEL[str(r.level)],
                r.department,
                r.window,
                r.matter_code,
                KIND[str(r.kind)],
                CHANNEL[str(r.channel)],
                "中心" if r.accepted_in == "center" else "部门",
                _when(r.submitted_at, i, excel=excel),
                _when(r.accepted_at, i + 1, excel=excel),
                _when(r.decided_at, i + 2, excel=excel),
                _when(r.completed_at, i + 3, excel=excel),
                OUTCOME.get(str(r.outcome), ""),
                "即办" if r.committed_working_days == 0 else f"{r.committed_working_days}个工作日",
                "即办" if r.statutory_working_days == 0 else f"{r.statutory_working_days}个工作日",
                int(r.suspended_working_days),
                visits.translate(FULL) if i % 5 == 0 else visits,
                "是" if r.on_site else "否",
                "" if str(r.rating) == "<NA>" else RATING[int(r.rating)],
                "是" if r.complaint else "否",
            ]
        )
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data = rows(excel=True)
    body: list[list[object]] = [[TITLE], [], HEADER]
    for i, row in enumerate(data):
        body.append(row)
        if i in (40, 41, 150):
            body.append([])  # blank rows, as exports have between pages
    write_xlsx(OUT / "county_2025-05.xlsx", {"办件明细": (body[0], body[1:])})

    text_rows = rows(excel=False)
    lines = [TITLE, "", ",".join(HEADER)]
    lines += [",".join("" if c is None else str(c) for c in row) for row in text_rows]
    (OUT / "county_2025-05_gb18030.csv").write_bytes(
        ("\r\n".join(lines) + "\r\n").encode("gb18030")
    )

    broken = [list(r) for r in text_rows]
    col = {h: j for j, h in enumerate(HEADER)}
    for i, (column, value, _kind) in PLANTED.items():
        broken[i][col[column]] = broken[i - 1][col[column]] if value is None else value
    lines = [TITLE, "", ",".join(HEADER)]
    lines += [",".join("" if c is None else str(c) for c in row) for row in broken]
    (OUT / "county_2025-05_broken.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))

    sample_catalog().save_table(OUT / "catalog.xlsx")
    sample_catalog().save_table(OUT / "catalog_gb18030.csv", encoding="gb18030")


if __name__ == "__main__":
    main()
