"""Backtest of the provisional bases: for each year 2009-2026, pretend its notice is unknown.

For every year Y, the calendar is cut at the end of Y-1 (``china().until(...)``) and made
provisional through Y on each basis; it is then compared with the official year:

- days: the days of Y whose working/non-working status is exactly right;
- deadlines: 20-working-day deadlines started on every day from 1 November of Y-1 whose
  official due date falls in Y, counted exactly right;
- max error: the largest distance, in working days of the official calendar, between a
  provisional due date and the official one.

Run: ``python benchmarks/backtest_calendar.py`` (also run by ``make bench``).
"""

from __future__ import annotations

import datetime as dt

from govservice import CalendarCoverageError
from govservice.calendar import china

BASES = ("weekends", "statutory", "predicted")
FIRST, LAST = 2009, 2026
LIMIT = 20


def backtest_year(year: int) -> dict[str, tuple[int, int, int, int, int]]:
    official = china()
    base = official.until(dt.date(year - 1, 12, 31))
    year_days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    year_days = [d for d in year_days if d.year == year]
    starts = []
    day = dt.date(year - 1, 11, 1)
    while True:
        try:
            due = official.add_working_days(day, LIMIT)
        except CalendarCoverageError:
            break
        if due.year > year:
            break
        starts.append((day, due))
        day += dt.timedelta(days=1)
    result = {}
    for basis in BASES:
        cal = base.provisional(dt.date(year + 1, 12, 31), basis=basis)  # type: ignore[arg-type]
        right_days = sum(cal.is_working_day(d) == official.is_working_day(d) for d in year_days)
        right, worst = 0, 0
        for start, due in starts:
            guess = cal.add_working_days(start, LIMIT)
            if guess == due:
                right += 1
            else:
                lo, hi = min(guess, due), max(guess, due)
                limit = min(hi, official.coverage.end)
                worst = max(worst, abs(official.working_days_between(lo, limit)) or 1)
        result[basis] = (right_days, len(year_days), right, len(starts), worst)
    return result


def totals() -> dict[str, tuple[float, float, int]]:
    """Per basis: the share of days right, of deadlines right (in %), and the largest error."""
    sums = {b: [0, 0, 0, 0, 0] for b in BASES}
    for year in range(FIRST, LAST + 1):
        for basis, (days, n_days, right, n, worst) in backtest_year(year).items():
            t = sums[basis]
            t[0], t[1], t[2], t[3] = t[0] + days, t[1] + n_days, t[2] + right, t[3] + n
            t[4] = max(t[4], worst)
    return {b: (100 * t[0] / t[1], 100 * t[2] / t[3], t[4]) for b, t in sums.items()}


def main() -> None:
    print(f"Backtest of provisional years, {FIRST}-{LAST} (20-working-day deadlines)")
    head = "year  " + "  ".join(f"{b:>26}" for b in BASES)
    print(head)
    print("      " + "  ".join(f"{'days  deadlines  max err':>26}" for _ in BASES))
    totals = {b: [0, 0, 0, 0, 0] for b in BASES}
    for year in range(FIRST, LAST + 1):
        row = backtest_year(year)
        cells = []
        for basis in BASES:
            days, n_days, right, n, worst = row[basis]
            t = totals[basis]
            t[0] += days
            t[1] += n_days
            t[2] += right
            t[3] += n
            t[4] = max(t[4], worst)
            cells.append(f"{days:>3}/{n_days}  {right:>3}/{n:<3}  {worst:>7}")
        print(f"{year}  " + "  ".join(f"{c:>26}" for c in cells))
    cells = []
    for basis in BASES:
        days, n_days, right, n, worst = totals[basis]
        cells.append(f"{100 * days / n_days:5.1f}%  {100 * right / n:5.1f}%  {worst:>7}")
    print("all   " + "  ".join(f"{c:>26}" for c in cells))


if __name__ == "__main__":
    main()
