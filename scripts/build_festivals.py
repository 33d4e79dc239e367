"""Build ``src/govservice/calendar/data/festivals.json``: the Gregorian dates of the lunar
festivals and of the Qingming solar term for 2000..2100.

Run with an interpreter that has the ``data`` extra installed::

    python scripts/build_festivals.py          # writes the file, after the cross-check
    python scripts/build_festivals.py --check  # exits 1 if the file is not up to date

Every date is cross-checked between independent sources before anything is written, and the
script stops on any disagreement: the lunar festivals (春节, 端午, 中秋) of lunar_python against
``lunardate`` (its own lunar table, 1900..2099) and against the lunisolar calendar of
``holidays`` (for 2100 too); 清明 against the solar terms of ``chinese_calendar`` (its own
term table) and against ``holidays``. With the statutory rules in ``rules.json`` these dates
give the statutory holidays of every year to 2100 (``statutory_holidays``), which provisional
calendars use; nothing here is needed at run time.

The output depends only on the lunar_python version (recorded in ``source``), so running the
script again regenerates the file byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import sys
from pathlib import Path

from lunar_python import Lunar, Solar

FIRST_YEAR = 2000
LAST_YEAR = 2100
OUT = Path(__file__).resolve().parent.parent / "src/govservice/calendar/data/festivals.json"


def _iso(solar: Solar) -> str:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay()).isoformat()


def festivals(year: int) -> dict[str, str]:
    """The four dates of one Gregorian year (lunar_python computes in Beijing time)."""
    # 清明: the day the Qingming solar term begins in this Gregorian year. Any day of the year
    # gives a lunar year whose term table contains this year's 清明; mid-year avoids edge cases.
    jieqi = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
    qingming = jieqi["清明"]
    if qingming.getYear() != year:
        raise SystemExit(f"{year}: 清明 resolved to {_iso(qingming)}")
    return {
        "spring_festival": _iso(Lunar.fromYmd(year, 1, 1).getSolar()),
        "qingming": _iso(qingming),
        "dragon_boat": _iso(Lunar.fromYmd(year, 5, 5).getSolar()),
        "mid_autumn": _iso(Lunar.fromYmd(year, 8, 15).getSolar()),
    }


#: Disagreements examined and accepted, with the reason; anything else stops the script.
KNOWN = {
    (2100, "qingming"): (
        "the Qingming term of 2100 falls within about an hour of midnight, Beijing time "
        "(a low-precision solar longitude puts it near 00:40 on 5 April), where the sources' "
        "term algorithms and their delta-T assumptions for 2100 differ; lunar_python says "
        "5 April, holidays and chinese_calendar 4 April. The shipped value stays 5 April "
        "(lunar_python's full-precision computation) and docs/calendar-data.md says so."
    ),
}


def cross_check(years: dict[str, dict[str, str]]) -> list[str]:
    """Every disagreement between lunar_python and the independent sources."""
    import chinese_calendar
    from holidays.calendars.chinese import _ChineseLunisolar
    from lunardate import LunarDate

    lunisolar = _ChineseLunisolar()
    others = {
        "spring_festival": lunisolar.lunar_new_year_date,
        "dragon_boat": lunisolar.dragon_boat_date,
        "mid_autumn": lunisolar.mid_autumn_date,
        "qingming": lunisolar.qingming_date,
    }
    lunar = {"spring_festival": (1, 1), "dragon_boat": (5, 5), "mid_autumn": (8, 15)}
    problems = []
    for y, row in years.items():
        year = int(y)
        for key, value in row.items():
            ours = dt.date.fromisoformat(value)
            theirs, _estimated = others[key](year)
            if theirs != ours:
                problems.append(f"{year} {key}: lunar_python {ours}, holidays {theirs}")
            if key in lunar and year < 2100:
                month, day = lunar[key]
                other = LunarDate(year, month, day).to_solar_date()
                if other != ours:
                    problems.append(f"{year} {key}: lunar_python {ours}, lunardate {other}")
        terms = chinese_calendar.get_solar_terms(dt.date(year, 3, 25), dt.date(year, 4, 15))
        qingming = [d for d, name in terms if name == "清明"]
        if qingming != [dt.date.fromisoformat(row["qingming"])]:
            problems.append(
                f"{year} qingming: lunar_python {row['qingming']}, chinese_calendar {qingming}"
            )
    return problems


def build() -> str:
    version = importlib.metadata.version("lunar_python")
    data = {
        "format": "govservice.festivals/1",
        "source": f"computed with lunar_python {version} (scripts/build_festivals.py)",
        "years": {str(y): festivals(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)},
    }
    for y, row in data["years"].items():
        for key, value in row.items():
            if not value.startswith(y):
                raise SystemExit(f"{y}: {key} = {value} is not in the year")
    problems = []
    for problem in cross_check(data["years"]):
        year, key = problem.split(" ")[:2]
        if (int(year), key.rstrip(":")) in KNOWN:
            print(f"known disagreement: {problem}")
        else:
            problems.append(problem)
    for (year, key), why in KNOWN.items():
        print(f"  {year} {key}: {why}")
    if problems:
        raise SystemExit("sources disagree:\n  " + "\n  ".join(problems))
    print(
        f"cross-checked {len(data['years'])} years ({FIRST_YEAR}..{LAST_YEAR}): lunar_python, "
        "lunardate, holidays and chinese_calendar agree on every other date"
    )
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date", file=sys.stderr)
            return 1
        print(f"{OUT} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
