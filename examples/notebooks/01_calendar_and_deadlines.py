# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     name: python3
# ---

# %% [markdown]
# # 工作日历与办结期限 · The working-day calendar and deadlines
#
# 本笔记本用于培训窗口和监察人员：国家法定节假日与调休、法定时限与承诺时限如何计算、
# 中止（《行政许可法》第45条）与延长（第42条）如何影响到期日，以及每年冬天的日历更新流程。
#
# For trainers: statutory holidays and make-up workdays (调休), how a time limit becomes a
# due date, how suspensions (Administrative Licensing Law art. 45) and extensions (art. 42)
# move it, and the winter workflow before next year's holiday notice is published.
# Every date below is passed in: nothing reads the clock.

# %%
import datetime as dt

from govservice.calendar import Suspension, TimeLimit, china, deadline

cal = china()
cal.coverage

# %% [markdown]
# ## 调休：周日上班 · A Sunday worked
# 2025年9月28日（星期日）是国庆调休上班日；10月1日至8日放假。
# Sunday 28 September 2025 was a make-up workday; 1-8 October were off.

# %%
for day in (dt.date(2025, 9, 28), dt.date(2025, 10, 1), dt.date(2025, 10, 9)):
    print(day, day.strftime("%a"), cal.day_kind(day).value, cal.is_working_day(day))

# %% [markdown]
# ## 从受理到办结期限 · From acceptance to the due date
# 20个工作日，从2025年1月24日受理起算（受理当日不计）：春节假期和两个调休周末都被正确计入。
# Twenty working days from acceptance on 24 January 2025 (the day of acceptance is not
# counted), across the Spring Festival holiday and its two make-up weekend days.

# %%
due = deadline(dt.date(2025, 1, 24), TimeLimit.parse("20个工作日"), cal)
due

# %% [markdown]
# ## 中止与延长 · Suspensions and extensions
# 检测、鉴定等法定中止情形（第45条）期间不计入时限。
# A test or expert appraisal under art. 45 stops the clock for its duration.

# %%
tested = deadline(
    dt.date(2025, 1, 24),
    TimeLimit.parse("20个工作日"),
    cal,
    suspensions=[Suspension(dt.date(2025, 2, 10), dt.date(2025, 2, 14), "检测")],
)
print(tested.due_date, "moved by", cal.working_days_between(due.due_date, tested.due_date))
print(tested.explain("en"))

# %% [markdown]
# ## 冬季流程：明年的放假通知发布之前 · The winter workflow
# 官方数据止于当年12月31日。12月受理的案件，其到期日常落在次年。
# 在国务院办公厅通知发布之前，使用“预估年度”：法定节假日依《全国年节及纪念日放假办法》
# 已知，调休尚未公布。到期日因此标为“含预估日期”。
#
# The official data ends on 31 December. A case accepted in December is often due next year.
# Before the State Council General Office publishes the notice, opt in to a provisional year:
# the statutory holidays are fixed by law, the make-up days are not yet known, so the due date
# is marked provisional.

# %%
accepted = dt.date(2026, 12, 10)
limit = TimeLimit.parse("20个工作日")
try:
    deadline(accepted, limit, cal)
except Exception as error:  # CalendarCoverageError: it names both ways forward
    print(type(error).__name__, ":", error)

# %%
provisional = cal.provisional(dt.date(2027, 12, 31))
estimate = deadline(accepted, limit, provisional)
print(estimate.due_date, "provisional:", estimate.provisional)
print("1 January 2027 is off by law:", not provisional.is_working_day(dt.date(2027, 1, 1)))
estimate

# %% [markdown]
# 通知发布当天：用 `year_from_notice` 读入通知文本（或 holiday-cn 的文件），用 `diff`
# 核对，再加载，并把在办案件改用正式日历重算（`recalendar`）。详见文档“保持日历更新”。
#
# The day the notice appears: read it with `year_from_notice` (or holiday-cn's file), review
# with `diff`, load it, and recalendar open cases. See "Keeping calendars current" in the docs.
