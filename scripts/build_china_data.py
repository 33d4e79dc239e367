"""Build ``src/govservice/calendar/data/china.json`` from ``scripts/china_notices.toml``.

The TOML file is the hand-written reading of the State Council (General Office) notices: per
notice its metadata and, per holiday period, the days off and the weekend days worked as the
notice words them. This script expands the periods into days, applies the amendments, marks the
statutory days (``kind: holiday``) from ``rules.json`` and ``festivals.json``, files each day in
the block of its own calendar year and writes the JSON (sorted, 2-space indented,
``ensure_ascii=False``), so that running it twice gives the same bytes.

It then cross-checks the result against other sources and prints every disagreement:

* ``chinesecalendar`` (module ``chinese_calendar``) and ``holidays.China`` when importable;
* holiday-cn when given ``--holiday-cn DIR`` (a checkout or a bare git directory of
  https://github.com/NateScarlet/holiday-cn).

Usage::

    python scripts/build_china_data.py [--check] [--no-cross-check] [--holiday-cn DIR]

``--check`` compares with the file on disk instead of writing it (exit status 1 if it differs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src/govservice/calendar/data"
NOTICES = ROOT / "scripts/china_notices.toml"
OUT = DATA / "china.json"
FIRST_YEAR, LAST_YEAR = 2004, 2026

#: English display names of every name used in ``days``.
NAMES_EN = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival (Tomb-Sweeping Day)",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
    "国庆节、中秋节": "National Day and Mid-Autumn Festival",
    "中秋节、国庆节": "Mid-Autumn Festival and National Day",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": (
        "70th Anniversary of the Victory of the Chinese People's War of Resistance against "
        "Japanese Aggression and the World Anti-Fascist War"
    ),
}

WEEKEND = {5, 6}
_OFFSET = re.compile(r"^(?P<key>[a-z_]+)(?P<off>[+-]\d+)?$")


class DataError(Exception):
    pass


# --------------------------------------------------------------------------- inputs


def parse_days(items: list[str]) -> list[dt.date]:
    """Expand ISO dates and ``first..last`` ranges."""
    out: list[dt.date] = []
    for item in items:
        if ".." in item:
            a, b = (dt.date.fromisoformat(x) for x in item.split(".."))
            if b < a:
                raise DataError(f"range {item} runs backwards")
            out.extend(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
        else:
            out.append(dt.date.fromisoformat(item))
    return out


def load_json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def statutory_days(rules: dict, festivals: dict) -> dict[dt.date, list[str]]:
    """Every statutory day of FIRST_YEAR..LAST_YEAR: date -> holidays, in the rules' order."""
    versions = sorted(rules["versions"], key=lambda v: v["in_force"])
    out: dict[dt.date, list[str]] = defaultdict(list)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        in_force = [v for v in versions if dt.date.fromisoformat(v["in_force"]).year <= year]
        if not in_force:
            raise DataError(f"{year}: no version of the measures in force")
        version = in_force[-1]
        fest = festivals["years"][str(year)]
        for holiday, days in version["holidays"].items():
            for spec in days:
                if re.fullmatch(r"\d\d-\d\d", spec):
                    day = dt.date.fromisoformat(f"{year}-{spec}")
                else:
                    m = _OFFSET.match(spec)
                    if not m or m["key"] not in fest:
                        raise DataError(f"{version['decree']}: bad day {spec!r}")
                    day = dt.date.fromisoformat(fest[m["key"]]) + dt.timedelta(
                        days=int(m["off"] or 0)
                    )
                out[day].append(holiday)
    return dict(out)


# --------------------------------------------------------------------------- build


def build(notices_doc: dict, rules: dict, festivals: dict) -> dict:
    statutory = statutory_days(rules, festivals)
    notices = notices_doc["notice"]
    problems: list[str] = []

    # date -> (name, "off"/"work", notice, one-off holiday?) ; amendments override per date.
    entries: dict[dt.date, tuple[str, str, dict, bool]] = {}
    order = sorted(notices, key=lambda n: (n["year"], n["kind"] != "annual", n["published"]))
    for notice in order:
        if notice["kind"] not in ("annual", "amendment"):
            problems.append(f"{notice['number']}: kind {notice['kind']!r}")
        seen: set[dt.date] = set()
        for period in notice["period"]:
            one_off = set(parse_days(period.get("holiday", [])))
            for what in ("off", "work"):
                for day in parse_days(period.get(what, [])):
                    if day in seen:
                        problems.append(f"{notice['number']}: {day} listed twice")
                    seen.add(day)
                    if notice["kind"] == "annual" and day in entries:
                        problems.append(f"{notice['number']}: {day} also in another notice")
                    entries[day] = (period["name"], what, notice, day in one_off)
            if not one_off <= set(parse_days(period.get("off", []))):
                problems.append(f"{notice['number']}: one-off holiday not a day off")

    first_notice = {}
    year_notices: dict[int, list[dict]] = defaultdict(list)
    for notice in order:
        year_notices[notice["year"]].append(notice)
    for year, ns in year_notices.items():
        if ns[0]["kind"] != "annual":
            problems.append(f"{year}: first notice is not the annual one")
        first_notice[year] = ns[0]["number"]

    blocks: dict[int, list[dict]] = defaultdict(list)
    for day in sorted(entries):
        name, what, notice, one_off = entries[day]
        if name not in NAMES_EN:
            problems.append(f"{day}: name {name!r} has no English name")
        row: dict = {"date": day.isoformat(), "name": name}
        if what == "work":
            if day.weekday() not in WEEKEND:
                problems.append(f"{day}: workday on a weekday")
            row["kind"] = "workday"
            if day in statutory:
                problems.append(f"{day}: statutory day {statutory[day]} is a workday")
        elif one_off:
            row["kind"] = "holiday"
            row["holidays"] = [name]
        elif day in statutory:
            row["kind"] = "holiday"
            row["holidays"] = list(statutory[day])
        else:
            row["kind"] = "rest"
        if notice["number"] != first_notice.get(day.year):
            row["notice"] = notice["number"]
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            blocks[day.year].append(row)
        elif notice["year"] in range(FIRST_YEAR, LAST_YEAR + 1) and day.year >= FIRST_YEAR:
            problems.append(f"{day}: outside coverage")

    for day, holidays in sorted(statutory.items()):
        if entries.get(day, ("", "", {}, False))[1] != "off":
            problems.append(f"{day}: statutory day {holidays} is not a day off in any notice")

    if problems:
        raise DataError("\n".join(problems))

    years = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        block_notices = []
        for notice in year_notices.get(year, []):
            meta = {
                "number": notice["number"],
                "title": notice["title"],
                "published": notice["published"],
                "url": notice["url"],
            }
            if notice.get("note"):
                meta["note"] = notice["note"]
            block_notices.append(meta)
        if not block_notices:
            raise DataError(f"{year}: no notice")
        years.append({"year": year, "notices": block_notices, "days": blocks.get(year, [])})

    used = sorted({row["name"] for y in years for row in y["days"]}, key=list(NAMES_EN).index)
    return {
        "format": "govservice.calendar/1",
        "id": "CN",
        "title": "中国大陆全国年节放假安排 (mainland China official working-day calendar)",
        "weekmask": "1111100",
        "timezone": "Asia/Shanghai",
        "coverage": {"start": f"{FIRST_YEAR}-01-01", "end": f"{LAST_YEAR}-12-31"},
        "names": {name: NAMES_EN[name] for name in used},
        "years": years,
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- cross-checks


def _all_dates():
    day = dt.date(FIRST_YEAR, 1, 1)
    while day.year <= LAST_YEAR:
        yield day
        day += dt.timedelta(days=1)


def our_view(data: dict) -> tuple[dict[dt.date, dict], set[dt.date]]:
    rows = {dt.date.fromisoformat(r["date"]): r for y in data["years"] for r in y["days"]}
    off = {d for d in _all_dates() if _is_off(d, rows)}
    return rows, off


def _is_off(day: dt.date, rows: dict[dt.date, dict]) -> bool:
    row = rows.get(day)
    if row is None:
        return day.weekday() in WEEKEND
    return row["kind"] != "workday"


def _status(off: bool) -> str:
    return "off" if off else "working"


def check_chinesecalendar(rows: dict, off: set) -> list[str]:
    try:
        from chinese_calendar import constants as cc
    except ImportError:
        return ["chinesecalendar: not installed, skipped"]
    out = []
    for day in _all_dates():
        theirs = day in cc.holidays or (day.weekday() in WEEKEND and day not in cc.workdays)
        if theirs != (day in off):
            out.append(
                f"chinesecalendar STATUS {day} {day:%a}: ours {_status(day in off)}"
                f" ({rows.get(day, {}).get('name', 'ordinary week')}), theirs {_status(theirs)}"
            )
    for day in sorted(getattr(cc, "in_lieu_days", {})):
        if FIRST_YEAR <= day.year <= LAST_YEAR and rows.get(day, {}).get("kind") == "holiday":
            out.append(f"chinesecalendar KIND {day}: their in-lieu day is our statutory holiday")
    return out


def check_python_holidays(rows: dict, off: set) -> list[str]:
    try:
        import holidays
        from holidays.countries.china import ChinaStaticHolidays
    except ImportError:
        return ["python-holidays: not installed, skipped"]
    cal = holidays.China(years=range(FIRST_YEAR, LAST_YEAR + 1), language="zh_CN")
    workdays: set[dt.date] = set()
    for year, items in ChinaStaticHolidays.special_public_holidays.items():
        for item in items if isinstance(items[0], tuple) else (items,):
            if len(item) >= 4 and isinstance(item[2], int):
                from_year = item[4] if len(item) == 5 else year
                workdays.add(dt.date(from_year, item[2], item[3]))
    out = []
    for day in _all_dates():
        theirs = day in cal or (day.weekday() in WEEKEND and day not in workdays)
        if theirs != (day in off):
            out.append(
                f"python-holidays STATUS {day} {day:%a}: ours {_status(day in off)}"
                f" ({rows.get(day, {}).get('name', 'ordinary week')}),"
                f" theirs {_status(theirs)} ({cal.get(day, 'not listed')})"
            )
    # Statutory days: the days python-holidays names without an observed/substituted label.
    for day in _all_dates():
        names = [n for n in cal.get_list(day) if not re.search(r"补假|调休|推定", n)]
        ours = rows.get(day, {}).get("kind") == "holiday"
        if bool(names) != ours:
            out.append(
                f"python-holidays KIND {day} {day:%a}: ours {rows.get(day, {}).get('kind', '-')}"
                f" {rows.get(day, {}).get('holidays', '')}, theirs {cal.get_list(day) or '-'}"
            )
    return out


def _git_show(repo: Path, name: str) -> str | None:
    path = repo / name
    if path.exists():
        return path.read_text(encoding="utf-8")
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "show", f"HEAD:{name}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def check_holiday_cn(repo: Path, rows: dict, off: set) -> list[str]:
    out = []
    listed: dict[dt.date, bool] = {}
    for year in range(2007, LAST_YEAR + 2):
        text = _git_show(repo, f"{year}.json")
        if text is None:
            out.append(f"holiday-cn: {year}.json not found")
            continue
        for item in json.loads(text)["days"]:
            listed[dt.date.fromisoformat(item["date"])] = item["isOffDay"]
    for day, is_off in sorted(listed.items()):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            continue
        if is_off != (day in off):
            out.append(
                f"holiday-cn STATUS {day} {day:%a}: ours {_status(day in off)}, "
                f"theirs {_status(is_off)}"
            )
        elif day not in rows:
            out.append(
                f"holiday-cn LISTING {day} {day:%a}: listed by holiday-cn only "
                f"({_status(is_off)}, the ordinary week anyway)"
            )
    for day, row in sorted(rows.items()):
        if day >= dt.date(2006, 12, 1) and day not in listed:
            out.append(
                f"holiday-cn LISTING {day} {day:%a}: not listed by holiday-cn "
                f"(ours {row['kind']} {row['name']})"
            )
    return out


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--no-cross-check", action="store_true")
    parser.add_argument("--holiday-cn", type=Path, help="holiday-cn checkout or git directory")
    args = parser.parse_args()

    try:
        data = build(
            tomllib.loads(NOTICES.read_text(encoding="utf-8")),
            load_json("rules.json"),
            load_json("festivals.json"),
        )
    except DataError as exc:
        print(f"error:\n{exc}", file=sys.stderr)
        return 2
    text = render(data)
    status = 0
    if args.check:
        if OUT.exists() and OUT.read_text(encoding="utf-8") == text:
            print(f"{OUT} is up to date")
        else:
            print(f"{OUT} is out of date", file=sys.stderr)
            status = 1
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT}")

    if not args.no_cross_check:
        rows, off = our_view(data)
        report = check_chinesecalendar(rows, off) + check_python_holidays(rows, off)
        if args.holiday_cn:
            report += check_holiday_cn(args.holiday_cn, rows, off)
        print(f"cross-check: {len(report)} disagreement(s)")
        for line in report:
            print("  " + line)
    return status


if __name__ == "__main__":
    sys.exit(main())
