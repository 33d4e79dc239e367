# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     name: python3
# ---

# %% [markdown]
# # 并联审批 · Parallel approval across departments
#
# 工程建设项目审批分为四个阶段（《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》，
# 国办发〔2019〕11号）。各部门并联办理，牵头部门统一受理、统一送达。本笔记本演示计划的排期、
# 关键路径、串联与并联的对比，以及一个在办案件的甘特图。
#
# Construction-project approval runs in four stages (State Council General Office, Guo Ban Fa
# [2019] No. 11). Departments work in parallel; a lead department accepts and delivers. This
# notebook shows a plan's schedule, its critical path, serial against parallel figures, and the
# Gantt chart of a live case. The plan's limits are illustrative, not a real city's.

# %%
import datetime as dt
from zoneinfo import ZoneInfo

from govservice.approval import construction_project_plan, gantt_svg
from govservice.calendar import china

cal = china()
plan = construction_project_plan()
accepted = dt.date(2024, 9, 27)  # a Friday: National Day and its make-up days lie ahead
schedule = plan.schedule(accepted, cal)
schedule  # the table, the critical path and the Gantt chart, inline

# %% [markdown]
# ## 串联与并联 · Serial against parallel
# 压缩率 = (串联工作日 − 并联工作日) ÷ 串联工作日。
# Compression rate = (serial − parallel) ÷ serial working days.

# %%
figures = plan.compare(cal, accepted_on=accepted)
print(f"serial {figures.serial_working_days} → parallel {figures.parallel_working_days} "
      f"working days; compression {figures.compression_rate:.1%}")  # fmt: skip

# %% [markdown]
# ## 在办案件 · A live case
# 前两个部门按期办结，用地许可晚了三个工作日。甘特图中浅色为计划，深色为实际。
# The first two departments decide on time; the land-use permit comes three working days late.
# In the chart, light bars are the plan, dark bars what happened.

# %%
from IPython.display import HTML

SH = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), SH)


planned = schedule.steps
case = plan.open("XM-2024-0927-01", accepted, calendar=cal)
case = case.decide("site_selection", "approved", at=at(planned["site_selection"].finish),
                   by="自然资源和规划局·李")  # fmt: skip
case = case.decide("project_approval", "approved", at=at(planned["project_approval"].finish),
                   by="发展和改革局·王")  # fmt: skip
late = cal.add_working_days(planned["land_use_permit"].finish, 3)
case = case.decide("land_use_permit", "approved", at=at(late), by="自然资源和规划局·赵")
today = cal.add_working_days(late, 10)
overview = case.overview(today)
print("ready:", overview.ready)
print("overdue:", dict(overview.overdue))
HTML(gantt_svg(case, today=today))
