# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     name: python3
# ---

# %% [markdown]
# # 审管分离、双随机抽查与电子监察 · Separation, random inspections and monitoring
#
# 审批与监管分开（审管分离）：审核人不得同时决定同一办件（一审一核），审批人员不得监管、
# 检查自己审批过的办件。“双随机、一公开”（国办发〔2015〕58号）：随机抽取检查对象、随机选派
# 检查人员，结果公开。本笔记本演示一次违规的发现、一次事先承诺、事后可核验的抽签，以及某日
# 的电子监察预警。
#
# Approval and supervision are kept apart: the reviewer of a case does not also decide it, and
# whoever approved cases does not inspect them. "Double random, one public" (State Council
# General Office, Guo Ban Fa [2015] No. 58): targets and inspectors drawn at random, results
# published. This notebook finds a violation, runs a draw that is committed in advance and
# verifiable afterwards, and shows a day's electronic monitoring. People are made up.

# %%
import datetime as dt
from zoneinfo import ZoneInfo

from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.supervision import (
    check_separation,
    commit_draw,
    draw_inspection,
    format_draw,
    verify_draw,
)

SH = ZoneInfo("Asia/Shanghai")
cal = china()
catalog = sample_catalog()


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=SH)


# %% [markdown]
# ## 一审一核 · One review, one approval
# 同一人既审核又决定，被检查出来，并附证据（中文与英文）。
# The same person reviewed and decided: the check finds it, with its evidence.

# %%
matter = catalog["990102-ZRJ-004"]
case = Case.submit(matter, case_id="2025-0301", applicant="张三", at=at(3, 9), calendar=cal)
case = case.accept(at=at(3, 10), by="窗口A").review(at=at(4, 9), by="王五")
case = case.approve(at=at(5, 9), by="王五")
for violation in check_separation([case]):
    print(violation.explain("zh_CN"))
    print(violation.explain("en"))

# %% [markdown]
# ## 先承诺、后抽签 · Commit first, draw later
# 组织者先公布承诺（种子与名单的哈希、抽取数量、将要结合的公开数值及其日期），
# 公开数值确定后再抽签；任何人都可以复核。The organiser publishes a commitment (hashes of the
# seed and the pools, the count, and which public value will be combined on which day); after
# that value is fixed the draw is made, and anyone can re-run it.

# %%
targets = [f"档案-{i:03d}" for i in range(1, 41)]
inspectors = ["执法甲", "执法乙", "执法丙", "执法丁"]
commitment = commit_draw(
    targets, inspectors, seed="2025-03 档案抽查", count=4, organiser="县市场监督管理局",
    at=dt.datetime(2025, 3, 20, 9, tzinfo=SH),
    public_source="上证指数 2025-03-21 收盘点位", public_date=dt.date(2025, 3, 21),
)  # fmt: skip
draw = draw_inspection(
    targets, inspectors, seed="2025-03 档案抽查", count=4, commitment=commitment,
    public_value="3364.83",
)  # fmt: skip
print(format_draw(draw, "zh_CN"))
print("verified:", verify_draw(draw, targets, inspectors) is None)

# %% [markdown]
# ## 电子监察 · Electronic monitoring on a day
# 绿牌正常，黄牌临近期限，红牌超期。Green: in time; yellow: close to the limit; red: overdue.

# %%
from govservice.metrics import simulate
from govservice.supervision import monitor

records = simulate(catalog, cal, dt.date(2025, 3, 1), dt.date(2025, 3, 31), seed=4,
                   cases_per_day=30)  # fmt: skip
monitor(records, dt.date(2025, 3, 24), calendar=cal)
