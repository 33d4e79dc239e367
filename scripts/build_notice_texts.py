"""Write the notice texts of 2007..2026 under ``tests/calendar/notices/`` for the parser tests.

Each file is one State Council (General Office) holiday notice as published: title, number,
addressees, the items, the closing paragraph, the issuing office and the date. The items are
the notice's own words: from ``scripts/china_notices.toml`` (the items as read), except where
that file shortens an item with "……"; those items (2007, 2008, 2009) are given in full below,
as the gov.cn pages of those notices print them (copied in public calendar projects that cite
the pages). The title, number and date are those of ``china_notices.toml``; the addressee
line, the approval sentence and the closing paragraph are the standard wording of these
notices, which the parser ignores.

Run ``python scripts/build_notice_texts.py`` to rewrite the files (byte for byte the same).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/calendar/notices"

FULL_ITEMS = {
    2007: [
        "一、元旦：1月1日－3日放假，共三天。",
        "其中1月1日为法定假日，将2006年12月30日（星期六）、31日（星期日）两个公休日分别调至"
        "2007年1月2日、3日，2006年12月30日（星期六）、12月31日（星期日）上班。",
        "二、春节：2月18日—24日（即农历初一至初七）放假，共7天。",
        "其中18日、19日、20日为法定假日，将17日（星期六）、18日（星期日）、25日（星期日）三个"
        "公休日分别调至21日（星期三）、22日（星期四）、23日（星期五）；24日（星期六）照常公休，"
        "17日、25日上班。",
        "三、“五一”：5月1日—7日放假，共7天。",
        "其中，1日、2日、3日为法定假日，将4月28日（星期六）、29日（星期日）两个公休日调至5月4日"
        "（星期五）、7日（星期一）；5月5日（星期六）、6日（星期日）照常公休，4月28日、29日上班。",
        "四、“十一”：10月1日—7日放假，共7天。",
        "其中，1日、2日、3日为法定假日，将9月29日（星期六）、30日（星期日）两个公休日调至10月4日"
        "（星期四）、5日（星期五）；10月6日（星期六）、7日（星期日）照常公休，9月29日、30日上班。",
    ],
    2008: [
        "一、元旦：2007年12月30日—2008年1月1日放假，共3天。",
        "其中，1月1日（星期二）为法定节假日，12月30日（星期日）为公休日，12月29日（星期六）"
        "公休日调至12月31日（星期一），12月29日（星期六）上班。",
        "二、春节：2月6日—12日（农历除夕至正月初六）放假，共7天。",
        "其中，2月6日（除夕）、2月7日（春节）、2月8日（正月初二）为法定节假日，2月9日（星期六）、"
        "2月10日（星期日）照常公休，2月2日（星期六）、2月3日（星期日）两个公休日调至2月11日"
        "（星期一）、2月12日（星期二），2月2日（星期六）、2月3日（星期日）上班。",
        "三、清明节：4月4日—6日放假，共3天。",
        "其中，4月4日（清明节）为法定节假日，4月5日（星期六）、4月6日（星期日）照常公休。",
        "四、“五一”国际劳动节：5月1日—3日放假，共3天。",
        "其中，5月1日为法定节假日，5月3日（星期六）为公休日，5月4日（星期日）公休日调至5月2日"
        "（星期五），5月4日（星期日）上班。",
        "五、端午节：6月7日—9日放假，共3天。",
        "其中，6月7日（星期六）照常公休，6月8日（农历五月初五，端午节）为法定节假日，6月8日"
        "（星期日）公休日调至6月9日（星期一）。",
        "六、中秋节：9月13日—15日放假，共3天。",
        "其中，9月13日（星期六）为公休日，9月14日（农历八月十五，中秋节）为法定节假日，9月14日"
        "（星期日）公休日调至9月15日（星期一）。",
        "七、国庆节：9月29日—10月5日放假，共7天。",
        "其中，10月1日、2日、3日为法定节假日，9月27日（星期六）、9月28日（星期日）两个公休日调至"
        "9月29日（星期一）、30日（星期二），10月4日（星期六）、5日（星期日）照常公休。"
        "9月27日（星期六）、9月28日（星期日）上班。",
    ],
    2009: [
        "一、元旦：1月1日至3日放假，共3天。",
        "其中，1月1日（星期四、新年）为法定节假日，1月3日（星期六）为公休日。1月4日（星期日）"
        "公休日调至1月2日（星期五）。1月4日（星期日）上班。",
        "二、春节：1月25日至31日放假，共7天。",
        "其中，1月25日（星期日、农历除夕）、1月26日（星期一、农历正月初一）、1月27日（星期二、"
        "农历正月初二）为法定节假日，1月31日（星期六）照常公休；1月25日（星期日）公休日调至1月28日"
        "（星期三），1月24日（星期六）、2月1日（星期日）两个公休日调至1月29日（星期四）、1月30日"
        "（星期五）。1月24日（星期六）、2月1日（星期日）上班。",
        "三、清明节：4月4日至6日放假，共3天。",
        "其中，4月4日（星期六、农历清明当日）为法定节假日，4月5日（星期日）照常公休。4月4日"
        "（星期六）公休日调至4月6日（星期一）。",
        "四、劳动节：5月1日至3日放假，共3天。",
        "其中，5月1日（星期五、“五一”国际劳动节）为法定节假日，5月2日（星期六）、5月3日"
        "（星期日）照常公休。",
        "五、端午节：5月28日至30日放假，共3天。",
        "其中，5月28日（星期四、农历端午当日）为法定节假日，5月30日（星期六）照常公休；5月31日"
        "（星期日）公休日调至5月29日（星期五）。5月31日（星期日）上班。",
        "六、国庆节、中秋节：10月1日至8日放假，共8天。",
        "其中，10月1日（星期四）、10月2日（星期五）、10月3日（星期六）为国庆节法定节假日，10月4日"
        "（星期日）照常公休；10月3日（星期六）公休日及中秋节分别调至10月5日（星期一）、10月6日"
        "（星期二），9月27日（星期日）、10月10日（星期六）公休日调至10月7日（星期三）、10月8日"
        "（星期四）。9月27日（星期日）、10月10日（星期六）上班。",
    ],
}

ADDRESSEES = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
CLOSING = (
    "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定"
    "及时报告并妥善处置，确保人民群众祥和平安度过节日假期。"
)


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render(notice: dict[str, object]) -> str:
    year = int(notice["year"])  # type: ignore[call-overload]
    periods = notice["period"]
    items = FULL_ITEMS.get(year) if notice["kind"] == "annual" else None
    if items is None:
        items = [str(p["text"]) for p in periods]  # type: ignore[attr-defined]
    names = "、".join(str(p["name"]) for p in periods)  # type: ignore[attr-defined]
    office = "国务院" if str(notice["number"]).startswith("国发") else "国务院办公厅"
    approval = (
        f"经国务院批准，现将{year}年{names}放假调休日期的具体安排通知如下。"
        if notice["kind"] == "annual"
        else "经国务院批准，现将有关事项通知如下。"
    )
    lines = [
        str(notice["title"]),
        str(notice["number"]),
        "",
        ADDRESSEES,
        approval,
        *items,
        CLOSING,
        "",
        office,
        _chinese_date(dt.date.fromisoformat(str(notice["published"]))),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    data = tomllib.loads((ROOT / "scripts/china_notices.toml").read_text("utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for notice in data["notice"]:
        year = notice["year"]
        if year < 2007:
            continue
        name = f"{year}.txt" if notice["kind"] == "annual" else f"{year}-amendment.txt"
        (OUT / name).write_text(render(notice), encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
