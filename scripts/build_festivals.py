"""Build ``src/govservice/calendar/data/festivals.json``: the Gregorian dates of the lunar
festivals and of the Qingming solar term for 2000..2100.

Run with an interpreter that has ``lunar_python`` installed::

    python scripts/build_festivals.py          # writes the file
    python scripts/build_festivals.py --check  # exits 1 if the file is not up to date

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
