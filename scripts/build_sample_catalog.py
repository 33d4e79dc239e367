"""Build ``src/govservice/matters/data/sample_catalog.json``: the bundled sample catalogue.

An illustrative catalogue of matters (事项) of a made-up county center (示例县), with a few
township matters reported up to it and a few city and province matters that county matters
report to. The matters, laws and limits are realistic; the codes, phones and the place are
made up. It is not an official catalogue.

Run with an interpreter that has govservice installed (the file is checked against
`govservice.matters._model.Matter` before it is written)::

    python scripts/build_sample_catalog.py          # writes the file, prints its figures
    python scripts/build_sample_catalog.py --check  # exits 1 if the file is not up to date

Conventions of the data:

- A limit a law writes as "N日" is read as N working days for a licence (行政许可法 art 82
  counts its periods in working days) and as N calendar days for any other type.
- An article is given only where it was checked or is well known; otherwise only the law.
- Public services without a statutory limit carry the limit of the local service standard.
- Each matter is exactly one of the five case kinds: special (特办), reported (上报, has
  ``reports_to``), joint (联办, has ``departments``), immediate (即办, committed limit
  immediate) or committed (承诺); no matter carries two of the first four marks.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/govservice/matters/data/sample_catalog.json"

FORMAT = "govservice.catalog/1"
NAME = "示例县政务服务中心事项目录 (sample catalogue)"
NOTE = "Illustrative sample: realistic matters, not an official catalogue; codes are made up."

#: Made-up area codes (9901xx is no real division): implementation codes start with them.
AREAS = {"province": "990000", "city": "990100", "county": "990102", "township": "990102101"}
COMPLAINT_PHONE = "0571-12345"

#: Department -> (code letters, number in basic codes and consultation phones).
DEPARTMENTS: dict[str, tuple[str, int]] = {
    "发展和改革局": ("FGJ", 1),
    "自然资源和规划局": ("ZRJ", 2),
    "住房和城乡建设局": ("ZJJ", 3),
    "市场监督管理局": ("SJJ", 4),
    "公安局": ("GAJ", 5),
    "交通运输局": ("JTJ", 6),
    "生态环境局": ("STJ", 7),
    "卫生健康局": ("WJJ", 8),
    "人力资源和社会保障局": ("RSJ", 9),
    "民政局": ("MZJ", 10),
    "教育局": ("JYJ", 11),
    "文化广电旅游局": ("WLJ", 12),
    "农业农村局": ("NYJ", 13),
    "水利局": ("SLJ", 14),
    "应急管理局": ("YJJ", 15),
    "税务局": ("SWJ", 16),
    "医疗保障局": ("YBJ", 17),
    "城市管理局": ("CGJ", 18),
    "水利厅": ("SLT", 19),
    "林业局": ("LYJ", 20),
    "乡镇人民政府": ("XZ", 21),
}

TYPE_CODES = {
    "01": "01",
    "05": "05",
    "07": "07",
    "10": "10",
    "20": "20",
    "filing": "10",
}

AL = "中华人民共和国行政许可法"
GUOFA_2024_3 = (
    "国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见(国发〔2024〕3号)"
)
REALTY_FEE_BASIS = (
    "国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知(发改价格规〔2016〕2559号)"
)

Limit = dict[str, Any]
IMM: Limit = {"amount": 0, "unit": "immediate"}


def wd(n: int) -> Limit:
    return {"amount": n, "unit": "working_days"}


def nd(n: int) -> Limit:
    return {"amount": n, "unit": "natural_days"}


def law(name: str, article: str = "") -> dict[str, str]:
    return {"law": name, "article": article}


def mat(
    name: str,
    form: str = "original",
    count: int = 1,
    *,
    required: bool = True,
    tolerant: bool = False,
    sample: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "form": form,
        "count": count,
        "required": required,
        "tolerant": tolerant,
        "sample": sample,
    }


def fee(standard: str, basis: str, amount: str | None) -> dict[str, Any]:
    return {"standard": standard, "basis": basis, "amount": amount}


def step(name: str, node: str, amount: int | None, committed: Limit) -> dict[str, Any]:
    """A procedure step; ``amount`` counts in the committed limit's unit, 0 is immediate."""
    if amount is None:
        limit = None
    elif amount == 0:
        limit = dict(IMM)
    else:
        limit = {"amount": amount, "unit": committed["unit"]}
    return {"name": name, "node": node, "limit": limit}


SPECS: list[dict[str, Any]] = []


def matter(
    key: str,
    level: str,
    department: str,
    matter_type: str,
    name: str,
    name_en: str,
    statutory: Limit,
    committed: Limit,
    *,
    basis: list[dict[str, str]],
    conditions: str,
    materials: list[dict[str, Any]],
    steps: list[tuple[str, str, int | None]],
    fee_: dict[str, Any] | None = None,
    visits: int = 1,
    online: str = "apply",
    forms: tuple[str, ...] = (),
    in_center: bool = True,
    reports_to: str | None = None,
    departments: tuple[str, ...] = (),
    special: bool = False,
) -> None:
    """Record one matter; ``reports_to`` names another matter's key, resolved later."""
    SPECS.append(
        {
            "key": key,
            "reports_to_key": reports_to,
            "code": None,
            "basic_code": None,
            "name": name,
            "matter_type": matter_type,
            "department": department,
            "level": level,
            "statutory_limit": statutory,
            "committed_limit": committed,
            "name_en": name_en,
            "legal_basis": basis,
            "acceptance_conditions": conditions,
            "materials": materials,
            "procedure": [step(n, node, a, committed) for n, node, a in steps],
            "fee": fee_,
            "visits_required": visits,
            "online_depth": online,
            "in_center": in_center,
            "service_forms": list(forms),
            "consult_phone": None,
            "complaint_phone": COMPLAINT_PHONE,
            "reports_to": None,
            "departments": list(departments),
            "special": special,
            "version": 1,
        }
    )


# ---------------------------------------------------------------------------------------------
# Province (2): the decisions two county matters are reported up to.
# ---------------------------------------------------------------------------------------------

matter(
    "water_permit_province",
    "province",
    "水利厅",
    "01",
    "取水许可(省级审批权限)",
    "Water abstraction permit (provincial approval)",
    wd(45),
    wd(20),
    basis=[law("中华人民共和国水法"), law("取水许可和水资源费征收管理条例")],
    conditions="利用取水工程或者设施直接从江河、湖泊或者地下取用水资源，取水量或者取水工程属于省级审批权限；已编制建设项目水资源论证报告书。",
    materials=[
        mat("取水许可申请书", sample="《取水许可申请书》示范文本"),
        mat("建设项目水资源论证报告书"),
        mat("与第三者利害关系的相关说明", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("技术审查", "review", 12),
        ("审批决定", "approve", 6),
        ("送达", "notify", 2),
    ],
    visits=0,
    online="apply",
    forms=("online", "mail"),
)
matter(
    "forest_land_province",
    "province",
    "林业局",
    "01",
    "建设项目使用林地审核审批(省级权限)",
    "Approval of forest land use by construction projects (provincial)",
    wd(20),
    wd(15),
    basis=[law("中华人民共和国森林法"), law("中华人民共和国森林法实施条例")],
    conditions="建设项目确需占用、征收、征用或者临时使用林地，且使用林地面积属于省级审核审批权限。",
    materials=[
        mat("使用林地申请表", sample="《使用林地申请表》示范文本"),
        mat("建设项目有关批准文件", "copy"),
        mat("使用林地可行性报告或者林地现状调查表"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 10),
        ("审批", "approve", 4),
        ("送达", "notify", 1),
    ],
    visits=0,
    online="apply",
    forms=("online",),
)

# ---------------------------------------------------------------------------------------------
# City (6)
# ---------------------------------------------------------------------------------------------

matter(
    "eia_report_city",
    "city",
    "生态环境局",
    "01",
    "建设项目环境影响报告书审批",
    "Approval of environmental impact reports of construction projects",
    wd(60),
    wd(20),
    basis=[law("中华人民共和国环境影响评价法", "第二十二条")],
    conditions="建设项目依法应当编制环境影响报告书，且属于市级审批权限；报告书已按规定开展公众参与。",
    materials=[
        mat("建设项目环境影响报告书审批申请"),
        mat("建设项目环境影响报告书(报批稿)", count=2),
        mat("公众参与说明"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("技术评估(专家评审)", "review", 12),
        ("审查", "review", 4),
        ("批准", "approve", 3),
        ("送达", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("appointment", "agency", "online"),
    special=True,
)
matter(
    "discharge_permit_city",
    "city",
    "生态环境局",
    "01",
    "排污许可证核发(重点管理)",
    "Pollutant discharge permit (key management)",
    wd(30),
    wd(15),
    basis=[law("排污许可管理条例", "第十二条")],
    conditions="排污单位属于《固定污染源排污许可分类管理名录》规定的重点管理类别，已依法取得环境影响评价批复。",
    materials=[
        mat("排污许可证申请表", "electronic"),
        mat("自行监测方案", "electronic"),
        mat("守法承诺书"),
        mat("环境影响评价批复文件", "copy", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审核", "review", 10),
        ("决定", "approve", 4),
        ("发证", "notify", 1),
    ],
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "food_production_city",
    "city",
    "市场监督管理局",
    "01",
    "食品生产许可",
    "Food production licence",
    wd(10),
    wd(7),
    basis=[law("中华人民共和国食品安全法", "第三十五条"), law("食品生产许可管理办法")],
    conditions="具有与生产的食品品种、数量相适应的生产场所、设备设施、专业技术人员和管理人员以及保证食品安全的规章制度。",
    materials=[
        mat("食品生产许可申请书", sample="《食品生产许可申请书》示范文本"),
        mat("食品生产设备布局图和食品生产工艺流程图"),
        mat("食品生产主要设备、设施清单"),
        mat("食品安全专业技术人员、管理人员信息和食品安全管理制度", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("材料审查", "review", 2),
        ("现场核查", "review", 3),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "mail"),
)
matter(
    "ride_hailing_city",
    "city",
    "交通运输局",
    "01",
    "网络预约出租汽车运输证核发",
    "Ride-hailing vehicle transport permit",
    wd(20),
    wd(5),
    basis=[law("网络预约出租汽车经营服务管理暂行办法")],
    conditions="车辆为7座及以下乘用车，安装具有行驶记录功能的车辆卫星定位装置和应急报警装置，车辆技术性能符合运营安全相关标准要求。",
    materials=[
        mat("网络预约出租汽车运输证申请表"),
        mat("机动车行驶证", "copy"),
        mat("车辆安全技术检验合格证明", "copy"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审核", "review", 3),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "appointment"),
)
matter(
    "travel_agency_city",
    "city",
    "文化广电旅游局",
    "01",
    "旅行社设立许可",
    "Travel agency licence",
    wd(20),
    wd(10),
    basis=[law("旅行社条例")],
    conditions="有固定的经营场所、必要的营业设施和符合规定的注册资本。",
    materials=[
        mat("设立申请书"),
        mat("法定代表人履历表及身份证明", "copy"),
        mat("企业章程"),
        mat("经营场所证明", "copy"),
        mat("营业设施、设备的证明或者说明", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查(含实地核查)", "review", 6),
        ("决定", "approve", 3),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online",),
)
matter(
    "hospital_registration_city",
    "city",
    "卫生健康局",
    "01",
    "医疗机构执业登记(二级医院)",
    "Practice registration of medical institutions (secondary hospitals)",
    wd(45),
    wd(20),
    basis=[law("医疗机构管理条例"), law("医疗机构管理条例实施细则")],
    conditions="已取得设置医疗机构批准书，按照医疗机构基本标准完成建设，具备相应的人员、设备和规章制度。",
    materials=[
        mat("医疗机构申请执业登记注册书", sample="《医疗机构申请执业登记注册书》示范文本"),
        mat("医疗机构用房产权证明或者使用证明", "copy"),
        mat("医疗机构建筑设计平面图"),
        mat("医疗机构规章制度"),
        mat("主要负责人及各科室负责人名录和有关资格证书、执业证书", "copy"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("现场评审(专家评审)", "review", 12),
        ("审核", "review", 5),
        ("决定", "approve", 2),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("appointment",),
    special=True,
)

# ---------------------------------------------------------------------------------------------
# County (48)
# ---------------------------------------------------------------------------------------------

# 发展和改革局
matter(
    "investment_approval",
    "county",
    "发展和改革局",
    "01",
    "企业投资项目核准",
    "Approval of enterprise investment projects",
    wd(20),
    wd(10),
    basis=[law("企业投资项目核准和备案管理条例"), law(AL, "第二十六条")],
    conditions="属于《政府核准的投资项目目录》范围、由县级核准的企业投资项目；已通过投资项目在线审批监管平台取得项目代码。",
    materials=[
        mat("项目申请书", sample="《项目申请书》示范文本"),
        mat("用地(用海)预审与选址意见书", "copy", tolerant=True),
        mat("依法应当提交的其他文件", "copy", required=False),
    ],
    steps=[
        ("受理", "accept", 0),
        ("征求自然资源、生态环境部门意见", "review", 5),
        ("审查", "review", 3),
        ("核准决定", "approve", 2),
    ],
    visits=1,
    online="apply",
    forms=("agency", "green_channel", "online"),
    departments=("自然资源和规划局", "生态环境局"),
)
matter(
    "investment_filing",
    "county",
    "发展和改革局",
    "filing",
    "企业投资项目备案",
    "Filing of enterprise investment projects",
    IMM,
    IMM,
    basis=[law("企业投资项目核准和备案管理条例")],
    conditions="不属于《政府核准的投资项目目录》范围的企业投资项目，开工建设前通过在线平台告知项目信息。",
    materials=[mat("项目备案信息表", "electronic")],
    steps=[("在线填报", "accept", 0), ("备案告知", "complete", 0)],
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "energy_review",
    "county",
    "发展和改革局",
    "01",
    "固定资产投资项目节能审查",
    "Energy-saving review of fixed-asset investment projects",
    wd(20),
    wd(10),
    basis=[law("中华人民共和国节约能源法", "第十五条"), law("固定资产投资项目节能审查办法")],
    conditions="年综合能源消费量达到规定标准、需单独进行节能审查的固定资产投资项目，已编制节能报告。",
    materials=[mat("节能审查申请"), mat("固定资产投资项目节能报告", count=2)],
    steps=[
        ("受理", "accept", 0),
        ("专家评审", "review", 5),
        ("审查", "review", 2),
        ("审查意见", "approve", 2),
        ("送达", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("agency", "online"),
    special=True,
)

# 自然资源和规划局
matter(
    "realty_transfer",
    "county",
    "自然资源和规划局",
    "07",
    "国有建设用地使用权及房屋所有权转移登记",
    "Transfer registration of land-use rights and building ownership",
    wd(30),
    wd(5),
    basis=[law("中华人民共和国民法典", "第二百零九条"), law("不动产登记暂行条例", "第二十条")],
    conditions="不动产已办理首次登记，因买卖、互换、赠与、继承等导致权利发生转移；申请人身份与权属来源材料一致。",
    materials=[
        mat("不动产登记申请书", sample="《不动产登记申请书》示范文本"),
        mat("申请人身份证明", "original_and_copy"),
        mat("不动产权属证书"),
        mat("不动产权属转移的材料(买卖合同等)"),
        mat("税费缴纳凭证", "copy", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审核", "review", 3),
        ("登簿", "approve", 1),
        ("缮证发证", "notify", 1),
    ],
    fee_=fee(
        "住宅类每件80元，非住宅类每件550元；证书工本费每件第一本免收，每增加一本加收10元",
        REALTY_FEE_BASIS,
        "80.00",
    ),
    visits=1,
    online="apply",
    forms=("appointment", "mail", "online"),
)
matter(
    "realty_mortgage",
    "county",
    "自然资源和规划局",
    "07",
    "不动产抵押权登记",
    "Mortgage registration of real property",
    wd(30),
    wd(1),
    basis=[law("中华人民共和国民法典", "第二百零九条"), law("不动产登记暂行条例", "第二十条")],
    conditions="抵押人与抵押权人已订立书面抵押合同，抵押物已办理不动产首次登记且未被查封。",
    materials=[
        mat("不动产登记申请书", "electronic"),
        mat("主债权合同和抵押合同", "electronic"),
        mat("不动产权属证书", "electronic"),
    ],
    steps=[("受理", "accept", 0), ("审核登簿", "approve", 1), ("发放电子登记证明", "notify", 0)],
    fee_=fee("住宅类每件80元，非住宅类每件550元", REALTY_FEE_BASIS, "80.00"),
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "realty_records_query",
    "county",
    "自然资源和规划局",
    "20",
    "不动产登记资料查询",
    "Inquiry into real property registration records",
    wd(5),
    IMM,
    basis=[law("不动产登记暂行条例"), law("不动产登记资料查询暂行办法")],
    conditions="权利人、利害关系人或者有关国家机关依法查询、复制不动产登记资料。",
    materials=[mat("不动产登记资料查询申请书"), mat("查询人身份证明", "original_and_copy")],
    steps=[("受理", "accept", 0), ("出具查询结果", "complete", 0)],
    visits=1,
    online="apply",
    forms=("online", "extended_hours"),
)
matter(
    "rural_planning_county",
    "county",
    "自然资源和规划局",
    "01",
    "乡村建设规划许可证核发",
    "Rural construction planning permit",
    wd(20),
    wd(10),
    basis=[law("中华人民共和国城乡规划法", "第四十一条")],
    conditions="在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设或者农村村民住宅建设，符合乡、村庄规划，经乡镇人民政府审核报送。",
    materials=[
        mat("乡村建设规划许可申请表"),
        mat("乡镇人民政府审核意见"),
        mat("建设工程设计方案或者农房设计图", tolerant=True),
    ],
    steps=[
        ("接收乡镇报送材料", "accept", 0),
        ("审查", "review", 5),
        ("决定", "approve", 3),
        ("发证", "notify", 2),
    ],
    visits=0,
    online="apply",
    forms=("online",),
)
matter(
    "forest_land_county",
    "county",
    "自然资源和规划局",
    "01",
    "建设项目使用林地申请受理及初审(报省级审批)",
    "Intake and first review of forest land use (reported to the province)",
    wd(20),
    wd(10),
    basis=[law(AL, "第四十三条"), law("中华人民共和国森林法实施条例")],
    conditions="建设项目确需使用林地，使用林地面积属于省级审核审批权限，由县级林业主管部门受理并初审后报送。",
    materials=[
        mat("使用林地申请表", sample="《使用林地申请表》示范文本"),
        mat("建设项目有关批准文件", "copy"),
        mat("使用林地可行性报告或者林地现状调查表"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("现场查验", "review", 5),
        ("初审", "review", 3),
        ("报送省级林业主管部门", "notify", 2),
    ],
    visits=1,
    online="apply",
    forms=("agency",),
    reports_to="forest_land_province",
)

# 住房和城乡建设局
matter(
    "construction_permit",
    "county",
    "住房和城乡建设局",
    "01",
    "建筑工程施工许可证核发",
    "Construction permit for building works",
    wd(7),
    wd(3),
    basis=[law("中华人民共和国建筑法", "第七条"), law("建筑工程施工许可管理办法", "第五条")],
    conditions="已办理用地批准手续，取得建设工程规划许可证，施工场地已基本具备施工条件，已确定施工企业，有满足施工需要的技术资料，建设资金已经落实。",
    materials=[
        mat("建筑工程施工许可证申请表", sample="《建筑工程施工许可证申请表》示范文本"),
        mat("中标通知书或者施工合同", "copy"),
        mat("建设资金已经落实承诺书"),
        mat("施工图设计文件审查合格书", "copy", tolerant=True),
    ],
    steps=[("受理", "accept", 0), ("审查", "review", 2), ("决定并发证", "approve", 1)],
    visits=0,
    online="full",
    forms=("online", "green_channel", "agency"),
)
matter(
    "fire_design_review",
    "county",
    "住房和城乡建设局",
    "01",
    "特殊建设工程消防设计审查",
    "Fire-protection design review of special construction projects",
    wd(15),
    wd(10),
    basis=[law("中华人民共和国消防法", "第十一条"), law("建设工程消防设计审查验收管理暂行规定")],
    conditions="属于特殊建设工程，消防设计文件由具有相应资质的设计单位编制；采用特殊消防设计的，需组织专家评审(评审时间不计入办理时限)。",
    materials=[
        mat("消防设计审查申请表"),
        mat("消防设计文件"),
        mat("依法需要批准的临时性建筑证明文件", "copy", required=False),
    ],
    steps=[
        ("受理", "accept", 0),
        ("技术审查", "review", 6),
        ("专家评审(如需)", "review", None),
        ("出具审查意见", "approve", 3),
        ("送达", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "green_channel"),
    special=True,
)
matter(
    "joint_completion_acceptance",
    "county",
    "住房和城乡建设局",
    "10",
    "工程建设项目竣工联合验收",
    "Joint completion acceptance of construction projects",
    wd(45),
    wd(12),
    basis=[
        law(AL, "第二十六条"),
        law(AL, "第四十二条"),
        law("国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见(国办发〔2019〕11号)"),
    ],
    conditions="工程已按设计和合同约定内容建成，建设单位已组织五方主体竣工验收并合格，申请规划、消防、人防、档案等事项联合验收。",
    materials=[
        mat("竣工联合验收申请表", sample="《竣工联合验收申请表》示范文本"),
        mat("工程竣工验收报告"),
        mat("规划核实测量成果报告"),
        mat("消防验收申请材料", "copy", tolerant=True),
    ],
    steps=[
        ("一窗受理", "accept", 0),
        ("联合现场验收", "review", 7),
        ("各部门出具意见", "review", 3),
        ("出具联合验收意见书", "complete", 2),
    ],
    visits=1,
    online="apply",
    forms=("agency", "green_channel", "online"),
    departments=("自然资源和规划局", "城市管理局", "水利局"),
)
matter(
    "completion_filing",
    "county",
    "住房和城乡建设局",
    "filing",
    "房屋建筑和市政基础设施工程竣工验收备案",
    "Completion-acceptance filing of buildings and municipal infrastructure",
    IMM,
    IMM,
    basis=[
        law("建设工程质量管理条例", "第四十九条"),
        law("房屋建筑和市政基础设施工程竣工验收备案管理办法"),
    ],
    conditions="工程竣工验收合格之日起15日内，建设单位报送竣工验收备案文件。",
    materials=[
        mat("工程竣工验收备案表", count=2),
        mat("工程竣工验收报告"),
        mat("施工单位签署的工程质量保修书", "copy"),
    ],
    steps=[("受理", "accept", 0), ("备案", "complete", 0)],
    visits=1,
    online="apply",
    forms=("online",),
)

# 市场监督管理局
matter(
    "individual_business",
    "county",
    "市场监督管理局",
    "01",
    "个体工商户设立登记",
    "Registration of individual businesses",
    wd(3),
    IMM,
    basis=[law("中华人民共和国市场主体登记管理条例", "第十九条"), law("促进个体工商户发展条例")],
    conditions="有经营能力的自然人，经营场所、经营范围符合规定，申请材料齐全、符合法定形式。",
    materials=[
        mat(
            "个体工商户登记(备案)申请书",
            "electronic",
            sample="《个体工商户登记(备案)申请书》示范文本",
        ),
        mat("经营者身份证明", "electronic"),
        mat("经营场所使用相关文件", "electronic", tolerant=True),
    ],
    steps=[("受理", "accept", 0), ("核准登记", "approve", 0), ("发放营业执照", "notify", 0)],
    visits=0,
    online="full",
    forms=("online", "mail"),
)
matter(
    "enterprise_startup",
    "county",
    "市场监督管理局",
    "01",
    "企业开办“一件事”(设立登记、印章刻制、发票申领、社保和医保登记)",
    "Starting a business as one matter (registration, seals, invoices, insurance)",
    wd(3),
    wd(1),
    basis=[law("中华人民共和国市场主体登记管理条例", "第十九条"), law(GUOFA_2024_3)],
    conditions="申请设立的企业名称、住所、经营范围等符合规定，申请材料齐全、符合法定形式，申请人一次申请各环节事项。",
    materials=[
        mat("公司登记(备案)申请书", "electronic", sample="《公司登记(备案)申请书》示范文本"),
        mat("公司章程", "electronic"),
        mat("股东主体资格证明或者自然人身份证明", "electronic"),
        mat("法定代表人、董事、监事和经理的任职文件", "electronic"),
        mat("住所使用相关文件", "electronic", tolerant=True),
    ],
    steps=[
        ("一窗受理", "accept", 0),
        ("设立登记核准", "approve", 1),
        ("印章刻制、发票申领、社保和医保登记同步办理", "review", None),
        ("营业执照、印章、发票一并发放", "notify", None),
    ],
    visits=1,
    online="apply",
    forms=("online", "mail", "agency"),
    departments=("公安局", "税务局", "人力资源和社会保障局", "医疗保障局"),
)
matter(
    "food_business",
    "county",
    "市场监督管理局",
    "01",
    "食品经营许可",
    "Food business licence",
    wd(10),
    wd(5),
    basis=[law("中华人民共和国食品安全法", "第三十五条"), law("食品经营许可和备案管理办法")],
    conditions="具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和规章制度，经营场所与有毒有害场所保持规定距离。",
    materials=[
        mat("食品经营许可申请书", sample="《食品经营许可申请书》示范文本"),
        mat("主要设备设施、经营布局、操作流程等文件"),
        mat("食品安全管理制度目录清单", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("材料审查", "review", 1),
        ("现场核查", "review", 2),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "mail"),
)
matter(
    "medical_device_filing",
    "county",
    "市场监督管理局",
    "filing",
    "第二类医疗器械经营备案",
    "Filing for trading class II medical devices",
    IMM,
    IMM,
    basis=[law("医疗器械监督管理条例"), law("医疗器械经营监督管理办法")],
    conditions="有与经营规模和经营范围相适应的经营场所、贮存条件和质量管理制度、质量管理机构或者人员。",
    materials=[
        mat("第二类医疗器械经营备案表", "electronic"),
        mat("经营场所和库房的地理位置图、平面图", "electronic"),
        mat("经营质量管理制度目录", "electronic"),
    ],
    steps=[("受理并备案", "accept", 0), ("发放备案凭证", "complete", 0)],
    visits=0,
    online="full",
    forms=("online",),
)

# 公安局
matter(
    "identity_card",
    "county",
    "公安局",
    "20",
    "居民身份证申领、换领、补领",
    "Application for, renewal and replacement of the resident identity card",
    nd(60),
    nd(20),
    basis=[law("中华人民共和国居民身份证法")],
    conditions="本辖区常住户口居民，首次申领、有效期满换领或者丢失、损坏补领。",
    materials=[mat("居民户口簿"), mat("原居民身份证(换领时)", required=False)],
    steps=[
        ("受理(采集人像、指纹)", "accept", 0),
        ("审核", "review", 3),
        ("制证", "complete", 14),
        ("发证", "notify", 3),
    ],
    fee_=fee(
        "申领、换领每证20元；丢失补领、损坏换领每证40元",
        "中华人民共和国居民身份证法；居民身份证工本费标准(国家价格主管部门、财政部门核定)",
        "20.00",
    ),
    visits=2,
    online="information",
    forms=("appointment", "mail", "extended_hours"),
)
matter(
    "ordinary_passport",
    "county",
    "公安局",
    "10",
    "普通护照签发",
    "Issue of ordinary passports",
    nd(15),
    nd(7),
    basis=[law("中华人民共和国护照法", "第五条")],
    conditions="中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国。",
    materials=[mat("普通护照申请表"), mat("居民身份证")],
    steps=[
        ("受理(采集人像)", "accept", 0),
        ("审批", "review", 3),
        ("制证", "complete", 3),
        ("发证", "notify", 1),
    ],
    fee_=fee(
        "普通护照每本120元",
        "中华人民共和国护照法；普通护照收费标准(国家价格主管部门、财政部门核定)",
        "120.00",
    ),
    visits=1,
    online="information",
    forms=("appointment", "mail"),
)
matter(
    "driving_licence_replacement",
    "county",
    "公安局",
    "20",
    "机动车驾驶证补领",
    "Replacement of a lost driving licence",
    nd(1),
    IMM,
    basis=[law("中华人民共和国道路交通安全法"), law("机动车驾驶证申领和使用规定")],
    conditions="机动车驾驶证遗失，且不在被扣押、暂扣、吊销期间。",
    materials=[mat("机动车驾驶人身份证明"), mat("机动车驾驶证补领申请表")],
    steps=[("受理", "accept", 0), ("审核并补发", "complete", 0)],
    fee_=fee(
        "机动车驾驶证工本费每证10元",
        "中华人民共和国道路交通安全法；机动车驾驶证工本费标准(国家价格主管部门、财政部门核定)",
        "10.00",
    ),
    visits=1,
    online="apply",
    forms=("online", "appointment"),
)
matter(
    "mass_event_permit",
    "county",
    "公安局",
    "01",
    "大型群众性活动安全许可(1000人以上5000人以下)",
    "Safety permit for large public events (1,000 to 5,000 people)",
    wd(7),
    wd(5),
    basis=[law("大型群众性活动安全管理条例", "第十二条")],
    conditions="承办者是依照法定程序成立的法人或者其他组织；活动预计参加人数1000人以上5000人以下；在活动举办日20日前提出申请。",
    materials=[
        mat("承办者合法成立的证明以及安全责任人的身份证明", "copy"),
        mat("大型群众性活动方案及其说明"),
        mat("大型群众性活动安全工作方案"),
        mat("活动场所管理者同意提供活动场所的证明"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("场所实地核查", "review", 3),
        ("审核", "review", 1),
        ("决定", "approve", 1),
    ],
    visits=1,
    online="apply",
    forms=("green_channel", "online"),
)

# 交通运输局
matter(
    "road_freight",
    "county",
    "交通运输局",
    "01",
    "道路货物运输经营许可",
    "Road freight transport operating licence",
    wd(20),
    wd(5),
    basis=[law("中华人民共和国道路运输条例"), law("道路货物运输及站场管理规定")],
    conditions="有与其经营业务相适应并经检测合格的车辆、符合规定条件的驾驶人员和健全的安全生产管理制度。",
    materials=[
        mat("道路货物运输经营申请表", "electronic"),
        mat("负责人身份证明", "electronic"),
        mat("安全生产管理制度文本", "electronic"),
        mat("拟投入车辆承诺书", "electronic"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 3),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=0,
    online="full",
    forms=("online", "mail"),
)
matter(
    "highway_works",
    "county",
    "交通运输局",
    "01",
    "涉路施工许可(占用、挖掘公路)",
    "Permit for works occupying or excavating highways",
    wd(20),
    wd(7),
    basis=[law("中华人民共和国公路法"), law("公路安全保护条例"), law("路政管理规定")],
    conditions="因修建工程确需占用、挖掘公路或者使公路改线，有符合技术规范的施工方案和安全保障措施；影响交通安全的，须征得公安机关同意。",
    materials=[
        mat("涉路施工许可申请书"),
        mat("涉路工程设计图及施工方案"),
        mat("保障公路、公路附属设施质量和安全的技术评价报告", tolerant=True),
        mat("处置施工险情和意外事故的应急预案"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("征求公安交警意见", "review", 3),
        ("现场勘验", "review", 2),
        ("决定", "approve", 2),
    ],
    visits=1,
    online="apply",
    forms=("online", "green_channel"),
    departments=("公安局",),
)

# 生态环境局
matter(
    "eia_table",
    "county",
    "生态环境局",
    "01",
    "建设项目环境影响报告表审批",
    "Approval of environmental impact forms of construction projects",
    wd(30),
    wd(10),
    basis=[law("中华人民共和国环境影响评价法", "第二十二条")],
    conditions="建设项目依法应当编制环境影响报告表，且属于县级审批权限。",
    materials=[
        mat("建设项目环境影响报告表审批申请"),
        mat("建设项目环境影响报告表(报批稿)", count=2),
    ],
    steps=[
        ("受理", "accept", 0),
        ("技术评估(专家评审)", "review", 5),
        ("审查", "review", 2),
        ("决定", "approve", 2),
        ("送达", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "agency"),
    special=True,
)
matter(
    "eia_registration",
    "county",
    "生态环境局",
    "filing",
    "建设项目环境影响登记表备案",
    "Filing of environmental impact registration forms",
    IMM,
    IMM,
    basis=[law("中华人民共和国环境影响评价法"), law("建设项目环境影响登记表备案管理办法")],
    conditions="建设项目属于《建设项目环境影响评价分类管理名录》中应当填报环境影响登记表的类别。",
    materials=[mat("建设项目环境影响登记表", "electronic")],
    steps=[("网上填报", "accept", 0), ("生成备案回执", "complete", 0)],
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "discharge_permit_county",
    "county",
    "生态环境局",
    "01",
    "排污许可证申请受理及初审(重点管理，报市级核发)",
    "Intake and first review of discharge permits (key management, reported to the city)",
    wd(20),
    wd(5),
    basis=[law(AL, "第四十三条"), law("排污许可管理条例")],
    conditions="排污单位属于重点管理类别，排污许可证由设区的市级生态环境主管部门核发。",
    materials=[
        mat("排污许可证申请表", "electronic"),
        mat("自行监测方案", "electronic"),
        mat("守法承诺书"),
    ],
    steps=[("受理", "accept", 0), ("初审", "review", 4), ("报送市级生态环境主管部门", "notify", 1)],
    visits=0,
    online="full",
    forms=("online",),
    reports_to="discharge_permit_city",
)

# 卫生健康局
matter(
    "public_place_hygiene",
    "county",
    "卫生健康局",
    "01",
    "公共场所卫生许可",
    "Hygiene licence for public places",
    wd(20),
    wd(3),
    basis=[law("公共场所卫生管理条例"), law("公共场所卫生管理条例实施细则")],
    conditions="经营场所的卫生设施、空气质量、水质等符合国家卫生标准和要求，从业人员取得健康合格证明。",
    materials=[
        mat("卫生许可证申请表", sample="《公共场所卫生许可证申请表》示范文本"),
        mat("法定代表人或者负责人身份证明", "copy"),
        mat("公共场所地址方位示意图、平面图和卫生设施平面布局图"),
        mat("公共场所卫生检测或者评价报告", tolerant=True),
        mat("公共场所卫生管理制度", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 1),
        ("现场核查", "review", 1),
        ("决定并发证", "approve", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "mail"),
)
matter(
    "physician_registration",
    "county",
    "卫生健康局",
    "01",
    "医师执业注册",
    "Physician practice registration",
    wd(20),
    wd(5),
    basis=[law("中华人民共和国医师法"), law("医师执业注册管理办法")],
    conditions="取得医师资格，拟在本县医疗、预防、保健机构执业，且不具有不予注册的情形。",
    materials=[
        mat("医师执业注册申请审核表", "electronic"),
        mat("医师资格证书", "electronic"),
        mat("拟执业机构同意聘用的证明", "electronic"),
        mat("近6个月内的健康体检证明", "electronic", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审核", "review", 3),
        ("决定", "approve", 1),
        ("注册", "notify", 1),
    ],
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "clinic_filing",
    "county",
    "卫生健康局",
    "filing",
    "诊所备案",
    "Filing of clinics",
    IMM,
    IMM,
    basis=[law("医疗机构管理条例")],
    conditions="诊所符合诊所基本标准，主要负责人取得相应执业资格。",
    materials=[
        mat("诊所备案信息表"),
        mat("诊所用房产权证明或者使用证明", "copy"),
        mat("诊所人员名单及其执业资格证书", "copy"),
        mat("诊所规章制度"),
    ],
    steps=[("受理并备案", "accept", 0), ("发放诊所备案凭证", "complete", 0)],
    visits=1,
    online="apply",
    forms=("online",),
)
matter(
    "newborn_bundle",
    "county",
    "卫生健康局",
    "20",
    "新生儿出生“一件事”(出生医学证明、出生登记、医保参保、社保卡申领)",
    "Birth of a newborn as one matter (birth certificate, household registration, insurance, card)",
    wd(10),
    wd(3),
    basis=[law(GUOFA_2024_3), law("中华人民共和国户口登记条例", "第七条")],
    conditions="新生儿在本县助产机构出生，父母一方户籍在本县，新生儿出生医学证明已签发。",
    materials=[
        mat("出生医学证明", "electronic"),
        mat("父母居民身份证", "electronic"),
        mat("居民户口簿", "electronic"),
        mat("结婚证", "electronic", required=False),
    ],
    steps=[
        ("一次申请", "accept", 0),
        ("各部门并联办理", "review", 2),
        ("统一反馈结果", "notify", 1),
    ],
    visits=0,
    online="full",
    forms=("online", "mail"),
    departments=("公安局", "医疗保障局", "人力资源和社会保障局"),
)

# 人力资源和社会保障局
matter(
    "unemployment_benefit",
    "county",
    "人力资源和社会保障局",
    "05",
    "失业保险金申领",
    "Claim for unemployment insurance benefits",
    nd(10),
    IMM,
    basis=[law("中华人民共和国社会保险法"), law("失业保险条例"), law("失业保险金申领发放办法")],
    conditions="失业前用人单位和本人已缴纳失业保险费满一年，非因本人意愿中断就业，已进行失业登记并有求职要求。",
    materials=[mat("居民身份证或者社会保障卡")],
    steps=[("受理", "accept", 0), ("资格审核", "review", 0), ("核定待遇", "complete", 0)],
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "labour_dispatch",
    "county",
    "人力资源和社会保障局",
    "01",
    "劳务派遣经营许可",
    "Labour dispatch business licence",
    wd(20),
    wd(10),
    basis=[law("中华人民共和国劳动合同法", "第五十七条"), law("劳务派遣行政许可实施办法")],
    conditions="注册资本不少于人民币二百万元，有与开展业务相适应的固定的经营场所和设施，有符合法律、行政法规规定的劳务派遣管理制度。",
    materials=[
        mat("劳务派遣经营许可申请书", sample="《劳务派遣经营许可申请书》示范文本"),
        mat("营业执照", "copy"),
        mat("公司章程以及验资机构出具的验资报告或者财务审计报告"),
        mat("经营场所的使用证明"),
        mat("劳务派遣管理制度", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查(含实地核查)", "review", 6),
        ("决定", "approve", 3),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online",),
)
matter(
    "work_injury",
    "county",
    "人力资源和社会保障局",
    "07",
    "工伤认定",
    "Work-related injury determination",
    nd(60),
    nd(30),
    basis=[law("工伤保险条例", "第二十条")],
    conditions="职工发生事故伤害或者被诊断、鉴定为职业病，用人单位、职工或者其近亲属在规定期限内提出申请。",
    materials=[
        mat("工伤认定申请表", sample="《工伤认定申请表》示范文本"),
        mat("与用人单位存在劳动关系(包括事实劳动关系)的证明材料", "copy"),
        mat("医疗诊断证明或者职业病诊断证明书", "copy"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("调查核实", "review", 20),
        ("认定决定", "approve", 7),
        ("送达", "notify", 3),
    ],
    visits=1,
    online="apply",
    forms=("online", "mail"),
)
matter(
    "social_security_card",
    "county",
    "人力资源和社会保障局",
    "20",
    "社会保障卡申领(即时制卡)",
    "Social security card application (made on the spot)",
    wd(5),
    IMM,
    basis=[law("中华人民共和国社会保险法")],
    conditions="已参加社会保险或者需申领社会保障卡的本县居民。",
    materials=[mat("居民身份证")],
    steps=[("受理", "accept", 0), ("即时制卡并发放", "complete", 0)],
    visits=1,
    online="apply",
    forms=("extended_hours", "door_to_door"),
)

# 民政局
matter(
    "marriage_registration",
    "county",
    "民政局",
    "07",
    "内地居民结婚登记",
    "Marriage registration of mainland residents",
    IMM,
    IMM,
    basis=[law("中华人民共和国民法典", "第一千零四十九条"), law("婚姻登记条例")],
    conditions="男女双方完全自愿，达到法定婚龄，双方均无配偶，没有直系血亲和三代以内旁系血亲关系，双方亲自到婚姻登记机关申请。",
    materials=[
        mat("本人居民身份证"),
        mat("本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明"),
    ],
    steps=[("受理", "accept", 0), ("审查并登记", "approve", 0), ("颁发结婚证", "notify", 0)],
    visits=1,
    online="information",
    forms=("appointment",),
)
matter(
    "social_organization",
    "county",
    "民政局",
    "01",
    "社会团体成立登记",
    "Registration of social organizations",
    wd(60),
    wd(20),
    basis=[law("社会团体登记管理条例", "第十二条")],
    conditions="经业务主管单位审查同意；有50个以上的个人会员或者30个以上的单位会员，有规范的名称和相应的组织机构、固定的住所、专职工作人员和合法的资产及经费来源。",
    materials=[
        mat("登记申请书"),
        mat("业务主管单位的批准文件"),
        mat("验资报告、场所使用权证明", "copy"),
        mat("发起人和拟任负责人的基本情况、身份证明", "copy"),
        mat("章程草案", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 12),
        ("决定", "approve", 6),
        ("发证", "notify", 2),
    ],
    visits=1,
    online="download",
    forms=("appointment",),
)
matter(
    "minimum_living_county",
    "county",
    "民政局",
    "05",
    "最低生活保障审核确认",
    "Confirmation of minimum living allowance",
    wd(30),
    wd(10),
    basis=[law("社会救助暂行办法"), law("最低生活保障审核确认办法")],
    conditions="共同生活的家庭成员人均收入低于当地最低生活保障标准且财产状况符合规定，经乡镇人民政府受理、调查和初审。",
    materials=[mat("乡镇人民政府初审意见及调查材料"), mat("家庭经济状况核对报告", "electronic")],
    steps=[
        ("接收乡镇初审材料", "accept", 0),
        ("抽查核实", "review", 6),
        ("审核确认", "approve", 3),
        ("公布并发放", "notify", 1),
    ],
    visits=0,
    online="apply",
    forms=("door_to_door",),
)
matter(
    "destitute_support_county",
    "county",
    "民政局",
    "05",
    "特困人员救助供养认定",
    "Determination of support for persons in extreme poverty",
    wd(20),
    wd(10),
    basis=[law("社会救助暂行办法"), law("特困人员认定办法")],
    conditions="无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未成年人，经乡镇人民政府初审。",
    materials=[mat("乡镇人民政府初审意见及调查材料"), mat("家庭经济状况核对报告", "electronic")],
    steps=[
        ("接收乡镇初审材料", "accept", 0),
        ("抽查核实", "review", 6),
        ("认定", "approve", 3),
        ("公布", "notify", 1),
    ],
    visits=0,
    online="apply",
    forms=("door_to_door",),
)
matter(
    "senior_card_county",
    "county",
    "民政局",
    "20",
    "老年人优待证核发",
    "Issue of senior citizen concession cards",
    wd(10),
    wd(3),
    basis=[law("中华人民共和国老年人权益保障法")],
    conditions="年满60周岁、户籍或者居住证在本县的老年人，经乡镇(街道)受理报送。",
    materials=[mat("乡镇(街道)报送的申请信息", "electronic")],
    steps=[
        ("接收乡镇报送信息", "accept", 0),
        ("审核", "review", 1),
        ("制证", "complete", 1),
        ("下发乡镇", "notify", 1),
    ],
    visits=0,
    online="apply",
    forms=("door_to_door",),
)

# 教育局
matter(
    "teacher_qualification",
    "county",
    "教育局",
    "01",
    "教师资格认定(幼儿园、小学、初级中学)",
    "Teacher qualification (kindergarten, primary and junior secondary)",
    wd(30),
    wd(15),
    basis=[law("中华人民共和国教师法"), law("教师资格条例"), law("《教师资格条例》实施办法")],
    conditions="具备规定的学历，取得教育部门颁发的考试合格证明，思想品德良好，普通话水平和体检结果符合要求。",
    materials=[
        mat("教师资格认定申请表", "electronic"),
        mat("居民身份证", "electronic"),
        mat("学历证书", "electronic"),
        mat("体格检查表"),
        mat("近期免冠照片", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 8),
        ("认定决定", "approve", 5),
        ("发证", "notify", 2),
    ],
    visits=1,
    online="apply",
    forms=("online", "mail"),
)
matter(
    "private_kindergarten",
    "county",
    "教育局",
    "01",
    "民办幼儿园设立审批",
    "Approval of private kindergartens",
    nd(90),
    nd(45),
    basis=[law("中华人民共和国民办教育促进法"), law("中华人民共和国学前教育法")],
    conditions="举办者符合规定条件，有符合要求的园舍、场地、设施设备、保教人员和办园资金，符合本县学前教育布局规划。",
    materials=[
        mat("正式设立申请报告"),
        mat("举办者资格证明", "copy"),
        mat("幼儿园章程"),
        mat("园舍、场地产权证明或者租赁合同", "copy"),
        mat("资产来源、资金数额及有效证明文件", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("实地考察", "review", 20),
        ("评议审核", "review", 15),
        ("决定", "approve", 7),
        ("发证", "notify", 3),
    ],
    visits=2,
    online="download",
    forms=("appointment",),
)

# 文化广电旅游局
matter(
    "entertainment_venue",
    "county",
    "文化广电旅游局",
    "01",
    "娱乐场所经营许可",
    "Entertainment venue operating licence",
    wd(20),
    wd(10),
    basis=[law("娱乐场所管理条例")],
    conditions="娱乐场所的设立地点、面积、设施符合规定，投资人、法定代表人、主要负责人不具有不得开办娱乐场所的情形。",
    materials=[
        mat("娱乐场所经营许可申请书"),
        mat("投资人、法定代表人、主要负责人身份证明", "copy"),
        mat("营业场所的产权证明或者租赁合同", "copy"),
        mat("娱乐场所平面图及设施清单", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("实地检查", "review", 5),
        ("审查", "review", 3),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online",),
)
matter(
    "performing_troupe",
    "county",
    "文化广电旅游局",
    "01",
    "文艺表演团体营业性演出许可",
    "Commercial performance licence of performing troupes",
    wd(20),
    wd(5),
    basis=[law("营业性演出管理条例", "第六条")],
    conditions="有与其业务相适应的专职演员和器材设备。",
    materials=[
        mat("营业性演出许可证申请表"),
        mat("法定代表人或者主要负责人身份证明", "copy"),
        mat("演员的艺术表演能力证明", "copy", tolerant=True),
        mat("与业务相适应的演出器材设备书面声明"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 3),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=0,
    online="full",
    forms=("online", "mail"),
)

# 农业农村局
matter(
    "pesticide_trading",
    "county",
    "农业农村局",
    "01",
    "农药经营许可",
    "Pesticide trading licence",
    wd(20),
    wd(10),
    basis=[law("农药管理条例", "第二十四条"), law("农药经营许可管理办法")],
    conditions="有具备农药和病虫害防治专业知识的经营人员，有符合规定的营业场所和仓储场所及相应设施设备，有可追溯电子信息码扫描识别设备和管理制度。",
    materials=[
        mat("农药经营许可证申请表", sample="《农药经营许可证申请表》示范文本"),
        mat("法定代表人(负责人)身份证明", "copy"),
        mat("经营人员的学历或者培训证明", "copy"),
        mat("营业场所和仓储场所地址、面积、平面图等说明材料及照片"),
        mat("管理制度和岗位操作规程目录", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("材料审查", "review", 3),
        ("实地核查", "review", 4),
        ("决定", "approve", 2),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online",),
)

# 水利局
matter(
    "water_permit_county",
    "county",
    "水利局",
    "01",
    "取水许可申请受理及初审(报省级审批)",
    "Intake and first review of water abstraction permits (reported to the province)",
    wd(20),
    wd(10),
    basis=[law(AL, "第四十三条"), law("取水许可和水资源费征收管理条例")],
    conditions="取水量或者取水工程属于省级审批权限，由取水口所在地县级水行政主管部门受理并初审后报送。",
    materials=[
        mat("取水许可申请书", sample="《取水许可申请书》示范文本"),
        mat("建设项目水资源论证报告书"),
        mat("与第三者利害关系的相关说明", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("初审(含现场查勘)", "review", 8),
        ("报送省级水行政主管部门", "notify", 2),
    ],
    visits=1,
    online="apply",
    forms=("agency", "online"),
    reports_to="water_permit_province",
)
matter(
    "soil_conservation_plan",
    "county",
    "水利局",
    "01",
    "生产建设项目水土保持方案审批",
    "Approval of soil and water conservation plans",
    wd(20),
    wd(10),
    basis=[law("中华人民共和国水土保持法", "第二十五条")],
    conditions="在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的生产建设项目，已编制水土保持方案报告书(需组织技术评审)。",
    materials=[
        mat("水土保持方案审批申请"),
        mat("生产建设项目水土保持方案报告书", count=2),
    ],
    steps=[
        ("受理", "accept", 0),
        ("技术评审(专家评审)", "review", 5),
        ("审查", "review", 2),
        ("决定", "approve", 2),
        ("送达", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online", "agency"),
    special=True,
)

# 应急管理局
matter(
    "fireworks_retail",
    "county",
    "应急管理局",
    "01",
    "烟花爆竹经营(零售)许可",
    "Fireworks retail licence",
    wd(20),
    wd(5),
    basis=[law("烟花爆竹安全管理条例"), law("烟花爆竹经营许可实施办法")],
    conditions="符合本县烟花爆竹零售网点布局要求，有与经营规模相适应的零售经营场所和安全管理人员，符合安全条件。",
    materials=[
        mat("烟花爆竹经营(零售)许可证申请书"),
        mat("零售经营场所产权证明或者租赁合同", "copy"),
        mat("主要负责人和安全管理人员安全培训合格证明", "copy", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("现场核查", "review", 2),
        ("审查", "review", 1),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online",),
)
matter(
    "emergency_plan_filing",
    "county",
    "应急管理局",
    "filing",
    "生产经营单位生产安全事故应急预案备案",
    "Filing of production-safety emergency plans",
    IMM,
    IMM,
    basis=[law("生产安全事故应急条例"), law("生产安全事故应急预案管理办法")],
    conditions="应急预案已经评审或者论证并由本单位主要负责人签署公布。",
    materials=[
        mat("应急预案备案申报表", "electronic"),
        mat("应急预案评审意见", "electronic"),
        mat("应急预案电子文档", "electronic"),
    ],
    steps=[("受理", "accept", 0), ("当场备案", "complete", 0)],
    visits=0,
    online="full",
    forms=("online",),
)

# 税务局
matter(
    "vat_invoice_limit",
    "county",
    "税务局",
    "01",
    "增值税专用发票(增值税税控系统)最高开票限额审批",
    "Approval of the maximum amount of special VAT invoices",
    wd(20),
    IMM,
    basis=[law("国务院对确需保留的行政审批项目设定行政许可的决定(国务院令第412号)")],
    conditions="已登记为增值税一般纳税人或者按规定可以自行开具增值税专用发票的纳税人；申请最高开票限额十万元及以下的当场办结。",
    materials=[mat("增值税专用发票最高开票限额申请单", "electronic")],
    steps=[("受理", "accept", 0), ("审批", "approve", 0)],
    visits=0,
    online="full",
    forms=("online",),
)

# 医疗保障局
matter(
    "cross_province_medical_filing",
    "county",
    "医疗保障局",
    "20",
    "跨省异地就医备案",
    "Filing for medical treatment in another province",
    IMM,
    IMM,
    basis=[law("中华人民共和国社会保险法")],
    conditions="参加本县基本医疗保险，因异地长期居住、临时外出就医等需要在参保省外就医。",
    materials=[mat("异地就医备案登记表", "electronic")],
    steps=[("线上申请", "accept", 0), ("即时备案", "complete", 0)],
    visits=0,
    online="full",
    forms=("online",),
)
matter(
    "chronic_disease_benefit",
    "county",
    "医疗保障局",
    "07",
    "门诊慢特病待遇认定",
    "Determination of outpatient benefits for chronic and special diseases",
    wd(15),
    wd(5),
    basis=[law("中华人民共和国社会保险法")],
    conditions="参加本县基本医疗保险，经二级及以上定点医疗机构确诊患有规定的门诊慢特病病种。",
    materials=[
        mat("门诊慢特病待遇认定申请表"),
        mat("二级及以上定点医疗机构出具的诊断证明和相关检查报告", "copy"),
    ],
    steps=[("受理", "accept", 0), ("审核认定", "review", 4), ("结果告知", "notify", 1)],
    visits=1,
    online="apply",
    forms=("online", "door_to_door"),
)

# 城市管理局
matter(
    "construction_waste",
    "county",
    "城市管理局",
    "01",
    "城市建筑垃圾处置核准",
    "Approval of construction waste disposal",
    wd(20),
    wd(5),
    basis=[
        law("国务院对确需保留的行政审批项目设定行政许可的决定(国务院令第412号)"),
        law("城市建筑垃圾管理规定"),
    ],
    conditions="有建筑垃圾分类处置方案和消纳场所，运输车辆和运输单位符合规定。",
    materials=[
        mat("城市建筑垃圾处置核准申请表"),
        mat("建筑垃圾处置方案"),
        mat("与核准运输单位签订的运输合同", "copy", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("审查", "review", 2),
        ("现场核查", "review", 1),
        ("决定", "approve", 1),
        ("发证", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("online",),
)
matter(
    "urban_road_works",
    "county",
    "城市管理局",
    "01",
    "占用、挖掘城市道路审批",
    "Approval of occupying or excavating urban roads",
    wd(20),
    wd(5),
    basis=[law("城市道路管理条例")],
    conditions="因工程建设确需挖掘或者临时占用城市道路，有施工方案和交通组织方案；影响交通安全的，经公安交通管理部门同意。",
    materials=[
        mat("占用、挖掘城市道路申请表"),
        mat("施工方案及交通组织方案"),
        mat("建设工程规划许可证", "copy", tolerant=True),
    ],
    steps=[
        ("一窗受理", "accept", 0),
        ("征求公安交警意见", "review", 2),
        ("现场勘查", "review", 1),
        ("决定", "approve", 2),
    ],
    visits=1,
    online="apply",
    forms=("online", "green_channel"),
    departments=("公安局",),
)

# ---------------------------------------------------------------------------------------------
# Township (6): four reported up to county matters.
# ---------------------------------------------------------------------------------------------

matter(
    "minimum_living_township",
    "township",
    "乡镇人民政府",
    "05",
    "最低生活保障申请受理及初审",
    "Intake and first review of minimum living allowance",
    wd(20),
    wd(10),
    basis=[law("社会救助暂行办法"), law("最低生活保障审核确认办法")],
    conditions="申请人户籍在本乡镇，共同生活的家庭成员人均收入低于当地最低生活保障标准。",
    materials=[
        mat("最低生活保障申请书", sample="《最低生活保障申请书》示范文本"),
        mat("家庭成员居民身份证或者户口簿", "copy"),
        mat("家庭经济状况核对授权书"),
        mat("收入和财产情况说明", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("入户调查", "review", 5),
        ("民主评议及初审", "review", 3),
        ("报送县民政局", "notify", 2),
    ],
    visits=1,
    online="apply",
    forms=("door_to_door", "agency"),
    reports_to="minimum_living_county",
)
matter(
    "destitute_support_township",
    "township",
    "乡镇人民政府",
    "05",
    "特困人员救助供养申请受理及初审",
    "Intake and first review of support for persons in extreme poverty",
    wd(20),
    wd(10),
    basis=[law("社会救助暂行办法"), law("特困人员认定办法")],
    conditions="申请人户籍在本乡镇，无劳动能力、无生活来源、无法定义务人或者法定义务人无履行义务能力。",
    materials=[
        mat("特困人员救助供养申请书"),
        mat("居民身份证或者户口簿", "copy"),
        mat("残疾证或者相关诊断证明", "copy", required=False),
    ],
    steps=[
        ("受理", "accept", 0),
        ("入户调查", "review", 5),
        ("初审", "review", 3),
        ("报送县民政局", "notify", 2),
    ],
    visits=1,
    online="apply",
    forms=("door_to_door", "agency"),
    reports_to="destitute_support_county",
)
matter(
    "senior_card_township",
    "township",
    "乡镇人民政府",
    "20",
    "老年人优待证申请受理",
    "Intake of senior citizen concession card applications",
    wd(5),
    wd(1),
    basis=[law("中华人民共和国老年人权益保障法")],
    conditions="年满60周岁、户籍或者居住证在本乡镇的老年人。",
    materials=[mat("居民身份证"), mat("近期免冠照片", tolerant=True)],
    steps=[("受理", "accept", 0), ("信息核对并报送", "notify", 1)],
    visits=1,
    online="apply",
    forms=("door_to_door", "agency"),
    reports_to="senior_card_county",
)
matter(
    "rural_planning_township",
    "township",
    "乡镇人民政府",
    "01",
    "乡村建设规划许可申请受理及审核报送",
    "Intake and review of rural construction planning permits",
    wd(20),
    wd(5),
    basis=[law("中华人民共和国城乡规划法", "第四十一条"), law(AL, "第四十三条")],
    conditions="在本乡镇乡、村庄规划区内进行建设，符合乡、村庄规划；农村村民住宅建设已取得宅基地批准。",
    materials=[
        mat("乡村建设规划许可申请表"),
        mat("宅基地批准书或者用地证明文件", "copy"),
        mat("建设工程设计方案或者农房设计图", tolerant=True),
    ],
    steps=[
        ("受理", "accept", 0),
        ("现场踏勘", "review", 2),
        ("审核", "review", 2),
        ("报送县自然资源和规划局", "notify", 1),
    ],
    visits=1,
    online="apply",
    forms=("agency",),
    reports_to="rural_planning_county",
)
matter(
    "homestead",
    "township",
    "乡镇人民政府",
    "01",
    "农村村民宅基地审批",
    "Approval of rural homestead land",
    wd(20),
    wd(10),
    basis=[law("中华人民共和国土地管理法", "第六十二条")],
    conditions="本集体经济组织成员，一户只能拥有一处宅基地，符合国土空间规划和村庄规划，经村民小组和村级组织审查同意。",
    materials=[
        mat(
            "农村宅基地和建房(规划许可)申请表",
            sample="《农村宅基地和建房(规划许可)申请表》示范文本",
        ),
        mat("农村宅基地使用承诺书"),
        mat("申请人居民户口簿", "copy"),
        mat("村级组织审查意见"),
    ],
    steps=[
        ("受理", "accept", 0),
        ("联审(实地审查)", "review", 6),
        ("审批", "approve", 3),
        ("发放批准书", "notify", 1),
    ],
    visits=2,
    online="download",
    forms=("agency", "door_to_door"),
)
matter(
    "resident_pension_enrolment",
    "township",
    "乡镇人民政府",
    "20",
    "城乡居民基本养老保险参保登记",
    "Enrolment in the basic pension insurance for urban and rural residents",
    wd(5),
    IMM,
    basis=[law("中华人民共和国社会保险法")],
    conditions="年满16周岁(不含在校学生)，非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的本乡镇户籍居民。",
    materials=[mat("居民身份证或者居民户口簿")],
    steps=[("受理", "accept", 0), ("登记", "complete", 0)],
    visits=0,
    online="full",
    forms=("online", "door_to_door"),
)


# ---------------------------------------------------------------------------------------------
# Assembling and checking
# ---------------------------------------------------------------------------------------------

REQUIRED = (
    "code",
    "basic_code",
    "name",
    "matter_type",
    "department",
    "level",
    "statutory_limit",
    "committed_limit",
)
#: Licences whose law sets a limit in months, kept as calendar days (三个月 = 90 days).
IN_MONTHS = {"民办幼儿园设立审批"}
RANK = {"village": 0, "township": 1, "county": 2, "city": 3, "province": 4}


def assemble() -> list[dict[str, Any]]:
    """Give every spec its codes and phones and resolve ``reports_to``; sorted by code."""
    seq: collections.Counter[tuple[str, str]] = collections.Counter()
    basic_seq: collections.Counter[str] = collections.Counter()
    codes: dict[str, str] = {}
    for spec in SPECS:
        letters, number = DEPARTMENTS[spec["department"]]
        area = AREAS[spec["level"]]
        seq[area, letters] += 1
        basic_seq[letters] += 1
        spec["code"] = f"{area}-{letters}-{seq[area, letters]:03d}"
        type_code = TYPE_CODES[spec["matter_type"]]
        spec["basic_code"] = f"{type_code}{number:02d}{basic_seq[letters]:03d}00000"
        spec["consult_phone"] = f"0571-12{number:03d}"
        if spec["key"] in codes:
            raise SystemExit(f"duplicate key {spec['key']}")
        codes[spec["key"]] = spec["code"]
    matters = []
    for spec in SPECS:
        target = spec["reports_to_key"]
        if target is not None:
            if target not in codes:
                raise SystemExit(f"{spec['key']}: reports_to {target} is not in the catalogue")
            spec["reports_to"] = codes[target]
        matters.append({k: v for k, v in spec.items() if k not in ("key", "reports_to_key")})
    return sorted(matters, key=lambda m: m["code"])


def case_kind(m: dict[str, Any]) -> str:
    """The case kind a matter's marks give; raises if it carries two of them."""
    marks = [
        kind
        for kind, present in (
            ("special", m["special"]),
            ("reported", m["reports_to"] is not None),
            ("joint", bool(m["departments"])),
            ("immediate", m["committed_limit"]["unit"] == "immediate"),
        )
        if present
    ]
    if len(marks) > 1:
        raise SystemExit(f"{m['code']} {m['name']}: ambiguous case kind {marks}")
    return marks[0] if marks else "committed"


def _as_matter(m: dict[str, Any]) -> Any:
    """The `Matter` a dictionary maps onto (its constructor checks every type)."""
    from govservice.calendar import LimitUnit, TimeLimit
    from govservice.matters import _model as model

    def limit(d: dict[str, Any] | None) -> TimeLimit | None:
        return None if d is None else TimeLimit(d["amount"], LimitUnit(d["unit"]))

    return model.Matter(
        code=m["code"],
        basic_code=m["basic_code"],
        name=m["name"],
        matter_type=model.MatterType(m["matter_type"]),
        department=m["department"],
        level=model.CenterLevel(m["level"]),
        statutory_limit=limit(m["statutory_limit"]),
        committed_limit=limit(m["committed_limit"]),
        name_en=m["name_en"],
        legal_basis=[model.LegalBasis(**b) for b in m["legal_basis"]],
        acceptance_conditions=m["acceptance_conditions"],
        materials=[
            model.Material(**{**x, "form": model.MaterialForm(x["form"])}) for x in m["materials"]
        ],
        procedure=[
            model.ProcedureStep(s["name"], model.Node(s["node"]), limit(s["limit"]))
            for s in m["procedure"]
        ],
        fee=None if m["fee"] is None else model.Fee(**m["fee"]),
        visits_required=m["visits_required"],
        online_depth=model.OnlineDepth(m["online_depth"]),
        in_center=m["in_center"],
        service_forms=[model.ServiceForm(f) for f in m["service_forms"]],
        consult_phone=m["consult_phone"],
        complaint_phone=m["complaint_phone"],
        reports_to=m["reports_to"],
        departments=m["departments"],
        special=m["special"],
        version=m["version"],
    )


def validate(matters: list[dict[str, Any]]) -> None:
    """Exit with every problem found, or return quietly."""
    import attrs

    from govservice.matters import _model as model

    fields = [f.name for f in attrs.fields(model.Matter)]
    problems: list[str] = []
    by_code = {m["code"]: m for m in matters}
    if len(by_code) != len(matters):
        problems.append("implementation codes are not unique")
    if len({(m["basic_code"], m["level"]) for m in matters}) != len(matters):
        problems.append("basic codes are not unique per level")
    for m in matters:
        where = f"{m['code']} {m['name']}"
        if list(m) != fields:
            problems.append(f"{where}: keys {list(m)} are not the Matter fields {fields}")
            continue
        problems.extend(f"{where}: {k} missing" for k in REQUIRED if m[k] in (None, ""))
        try:
            built = _as_matter(m)
        except Exception as exc:
            problems.append(f"{where}: {exc}")
            continue
        stat, comm = built.statutory_limit, built.committed_limit
        if comm.unit.value != "immediate" and comm.unit is not stat.unit:
            problems.append(f"{where}: committed unit {comm.unit} differs from statutory")
        elif not comm <= stat:
            problems.append(f"{where}: committed {comm} is longer than statutory {stat}")
        if not (2 <= len(built.procedure) <= 5):
            problems.append(f"{where}: {len(built.procedure)} procedure steps, not 2..5")
        total = 0
        for s in built.procedure:
            if s.limit is None or s.limit.unit.value == "immediate":
                continue
            if s.limit.unit is not comm.unit:
                problems.append(f"{where}: step {s.name} counts in {s.limit.unit}")
            total += s.limit.amount
        if comm.unit.value != "immediate" and total > comm.amount:
            problems.append(f"{where}: steps take {total}, committed {comm.amount}")
        if comm.unit.value == "immediate" and total:
            problems.append(f"{where}: an immediate matter has steps of {total}")
        if not (built.name_en and built.legal_basis and built.acceptance_conditions):
            problems.append(f"{where}: English name, legal basis or conditions missing")
        if not (built.materials and built.consult_phone and built.complaint_phone):
            problems.append(f"{where}: materials or phones missing")
        licence = built.matter_type is model.MatterType.LICENSE
        if licence and stat.unit.value == "natural_days" and built.name not in IN_MONTHS:
            problems.append(f"{where}: a licence limit in calendar days")
        if m["fee"] is not None and m["fee"]["amount"] is not None:
            amount = m["fee"]["amount"]
            if not (isinstance(amount, str) and amount.count(".") == 1 and len(amount) > 3):
                problems.append(f"{where}: fee amount {amount!r} is not like '10.00'")
        if m["reports_to"] is not None:
            target = by_code.get(m["reports_to"])
            if target is None:
                problems.append(f"{where}: reports_to {m['reports_to']} not in the catalogue")
            elif RANK[target["level"]] <= RANK[m["level"]]:
                problems.append(f"{where}: reports to {target['code']}, not a higher level")
        if m["department"] in m["departments"]:
            problems.append(f"{where}: the lead department is listed among the others")
        try:
            case_kind(m)
        except SystemExit as exc:
            problems.append(str(exc))
    if not problems:
        kinds = {case_kind(m) for m in matters}
        missing = {"immediate", "committed", "joint", "reported", "special"} - kinds
        if missing:
            problems.append(f"case kinds not represented: {sorted(missing)}")
    if problems:
        raise SystemExit("sample catalogue is invalid:\n  " + "\n  ".join(problems))


def build() -> tuple[str, list[dict[str, Any]]]:
    matters = assemble()
    validate(matters)
    data = {"format": FORMAT, "name": NAME, "note": NOTE, "matters": matters}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n", matters


def figures(matters: list[dict[str, Any]]) -> str:
    """Counts and working-day totals, for the person running the script."""

    def count(key: Any) -> str:
        c = collections.Counter(key(m) for m in matters)
        return ", ".join(f"{k} {n}" for k, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    statutory = committed = 0
    for m in matters:
        if m["statutory_limit"]["unit"] == "working_days":
            statutory += m["statutory_limit"]["amount"]
            committed += m["committed_limit"]["amount"]  # 0 when immediate
    saved = statutory - committed
    return "\n".join(
        [
            f"{len(matters)} matters",
            f"levels: {count(lambda m: m['level'])}",
            f"case kinds: {count(case_kind)}",
            f"types: {count(lambda m: m['matter_type'])}",
            f"departments: {count(lambda m: m['department'])}",
            f"working days (statutory in working days): committed {committed}, "
            f"statutory {statutory}, saved {saved} ({saved / statutory:.2%})",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    text, matters = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is not up to date; run {Path(__file__).name}")
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
    print(figures(matters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
