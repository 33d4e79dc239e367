# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     name: python3
# ---

# %% [markdown]
# # 一个办件的生命周期 · A case's life under the Administrative Licensing Law
#
# 每个办理动作都记入哈希链留痕：受理、一次性告知、中止、延长、决定、送达、办结。
# 本笔记本逐条演示《行政许可法》的规则：第32条（受理与视为受理）、第42条（审查期限与延长）、
# 第44条（决定后10个工作日内送达）、第45条（中止情形）。
#
# Every act is recorded in a hash-chained trace: acceptance, the one-time notice, suspension,
# extension, decision, delivery, completion. This notebook walks through the Administrative
# Licensing Law's rules: art. 32 (acceptance, deemed acceptance), art. 42 (the time limit and
# its extension), art. 44 (delivery within 10 working days of the decision) and art. 45
# (suspensions). The matter is from the sample catalogue; people and numbers are made up.

# %%
import datetime as dt
from zoneinfo import ZoneInfo

from govservice import TransitionError
from govservice.calendar import china
from govservice.matters import Case, sample_catalog

SH = ZoneInfo("Asia/Shanghai")
cal = china()
matter = sample_catalog()["990102-ZRJ-004"]


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SH)


print(matter.name, "| statutory:", matter.statutory_limit, "| committed:", matter.committed_limit)

# %% [markdown]
# ## 视为受理（第32条第4项）· Deemed acceptance, art. 32(4)
# 申请材料不齐全的，应当当场或者在五日内一次告知申请人需要补正的全部内容；
# 逾期不告知的，自收到申请材料之日起即为受理。
# If no one-time notice is given within five working days of receipt, the application is
# accepted from the day of receipt.

# %%
case = Case.submit(matter, case_id="2025-0006", applicant="周七", at=at(9, 26, 9), calendar=cal)
print("one-time notice due by:", case.deemed_acceptance_date)
try:
    case.request_supplement(at=at(10, 13, 9), by="窗口A", missing=["乡镇人民政府审核意见"])
except TransitionError as error:
    print("refused:", error)
case = case.accept(at=at(10, 13, 9, 30), by="窗口A")
case

# %% [markdown]
# ## 在法定期限最后一天作出决定，并在第44条期限内送达 · Decided on the last statutory day
# 法定时限在作出决定时衡量；承诺时限在办结时衡量；送达另有10个工作日的期限。
# The statutory limit is measured at the decision, the committed limit at completion (办结),
# and delivery has its own clock of 10 working days.

# %%
case = Case.submit(matter, case_id="2025-0007", applicant="吴八", at=at(9, 22, 9), calendar=cal)
case = case.accept(at=at(9, 22, 10), by="窗口A").review(at=at(9, 23, 9), by="审核员王")
last = case.statutory_due_date
case = case.approve(at=dt.datetime.combine(last, dt.time(16), SH), by="局长 赵某")
delivered = cal.add_working_days(last, 8)
case = case.issue_certificate(at=dt.datetime.combine(delivered, dt.time(10), SH), by="窗口A")
case = case.complete(at=dt.datetime.combine(delivered, dt.time(10, 30), SH), by="窗口A")
print("statutory:", case.timeliness.statutory.value, "| delivery:", case.timeliness.delivery.value)
case

# %% [markdown]
# ## 留痕不可篡改 · A trace that cannot be forged
# 改动任何一条事件（例如把“不予许可”改成“准予许可”）后，即使重新计算全部哈希，
# 重放时也会逐条复核并拒绝。Change any event (say a denial into an approval) and recompute
# every hash: replay re-checks each event and refuses the trace.

# %%
text = case.to_json()
again = Case.from_json(text, calendar=cal)
print("replays to an equal case:", again == case)
print("head for the receipt:", case.trace.head[:16], "...")

# %% [markdown]
# 伪造：把一个“不予许可”的办件改为“准予许可”，并重新计算整条哈希链。
# A forgery: a denial turned into an approval, with the whole hash chain recomputed.

# %%
import json

from govservice import TraceIntegrityError
from govservice.matters import Trace

denied = Case.submit(matter, case_id="2025-0008", applicant="郑九", at=at(9, 22, 9), calendar=cal)
denied = denied.accept(at=at(9, 22, 10), by="窗口A").review(at=at(9, 23, 9), by="审核员王")
denied = denied.deny(at=at(9, 24, 9), by="局长 赵某", reason="不符合条件")
document = json.loads(denied.to_json())
payloads = [event.payload for event in denied.trace]
payloads[-1]["action"] = "approve"
forged = Trace.start(document["schema"], denied.case_id)
for payload in payloads:
    forged = forged.append(payload)
document["events"] = [{"body": e.body, "hash": e.hash} for e in forged]
document["head"] = forged.head
try:
    Case.from_json(json.dumps(document), calendar=cal)
except TraceIntegrityError as error:
    print("refused:", error)
