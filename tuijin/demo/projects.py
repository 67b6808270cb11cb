"""Synthetic projects: names, owners, sizes and stages that look like a real city's project library.

`synthetic_project(rng, index, region, departments, leaders, today)` draws one unsaved project and builds it
with the projects app's factory (`tuijin.projects.factories.new_project`); the demo seed and the bench's
generator both use it and save the rows with `make_projects`.
"""

import datetime
from decimal import Decimal

from tuijin.projects.choices import Category, LandingStatus, Nature, Stage
from tuijin.projects.factories import new_project

PLACES = ["双台子", "兴隆台", "大洼", "盘山", "辽东湾", "高新区", "田庄台", "高升", "沙岭", "胡家", "东郭",
          "石山", "新兴", "榆树", "荣兴", "二界沟", "新开", "赵圈河", "唐家", "平安", "清水", "西安"]
PRODUCTS = ["高端聚烯烃", "特种沥青", "碳纤维", "锂电池隔膜", "新能源汽车零部件", "精细化工中间体", "高性能树脂",
            "海洋工程装备", "石油钻采装备", "稻米深加工", "河蟹精深加工", "光伏组件", "氢能装备", "风电塔筒",
            "可降解塑料", "电子化学品", "高端润滑油", "橡胶助剂", "特种纸", "智能装备"]
ROADS = ["辽河路", "兴隆大街", "惠宾大街", "双兴路", "泰山路", "石油大街", "中兴路", "鼎翔路", "开发区大街",
         "渤海路", "红海滩路", "绕城公路"]
OWNER_WORDS = ["辽滨", "湾城", "鹤乡", "红海滩", "稻乡", "兴盛", "瑞丰", "恒泰", "金海", "中科", "渤海", "北辰",
               "盛源", "华泽", "宏达", "鼎诚", "海川", "新锐", "德润", "汇通"]
OWNER_KINDS = ["石化", "新材料", "化工", "能源", "装备制造", "农业发展", "港务", "城建投资", "水务", "热力",
               "科技", "生物", "物流", "置业"]

NAME_TEMPLATES = {
    Category.INDUSTRY: ["年产{n}万吨{product}项目", "{product}产业园项目", "{product}技术改造项目",
                        "{place}{product}生产基地建设项目"],
    Category.INFRASTRUCTURE: ["{road}改造提升工程", "{place}污水处理厂提标改造工程", "盘锦港{n}万吨级泊位工程",
                              "{place}供热管网改造工程", "{place}220千伏输变电工程", "{place}物流园区基础设施项目"],
    Category.SOCIAL: ["{place}中学教学楼新建工程", "{place}人民医院门诊综合楼项目", "{place}养老服务中心建设项目",
                      "{place}全民健身中心项目", "{place}职业技术学校实训基地项目"],
    Category.ECOLOGY: ["{place}湿地生态修复工程", "辽河{place}段综合治理工程", "{place}农村人居环境整治项目",
                       "{place}固体废物综合处置中心"],
    Category.URBAN: ["{place}老旧小区改造项目", "{place}城市更新片区项目", "{place}棚户区改造项目"],
    Category.OTHER: ["{place}数字乡村建设项目", "{place}智慧城市平台项目"],
}
INDUSTRIES = {
    Category.INDUSTRY: ["C", "C", "C", "C", "D", "I", "M", "A"],
    Category.INFRASTRUCTURE: ["G", "G", "D", "N", "E"],
    Category.SOCIAL: ["P", "Q", "R", "O"],
    Category.ECOLOGY: ["N", "N", "A"],
    Category.URBAN: ["K", "E"],
    Category.OTHER: ["I", "S"],
}
CATEGORY_WEIGHTS = [(Category.INDUSTRY, 45), (Category.INFRASTRUCTURE, 22), (Category.SOCIAL, 12),
                    (Category.ECOLOGY, 8), (Category.URBAN, 9), (Category.OTHER, 4)]
STAGE_WEIGHTS = [(Stage.RESERVE, 20), (Stage.PREPARATION, 18), (Stage.CONSTRUCTION, 36), (Stage.COMPLETED, 12),
                 (Stage.OPERATING, 8), (Stage.SUSPENDED, 4), (Stage.WITHDRAWN, 2)]
STARTED = {Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING, Stage.SUSPENDED}


def _pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


def _investment(rng):
    """万元, log-uniform-ish: many projects of a few thousand 万, a few of tens of 亿."""
    band = rng.random()
    if band < 0.25:
        low, high = 500, 5000
    elif band < 0.45:
        low, high = 5000, 10000
    elif band < 0.88:
        low, high = 10000, 100000
    elif band < 0.95:
        low, high = 100000, 200000
    else:
        low, high = 200000, 1500000
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _date(rng, year, month_low=1, month_high=12):
    return datetime.date(year, rng.randint(month_low, month_high), rng.randint(1, 28))


def synthetic_project(rng, index, region, departments, leaders, today):
    category = _pick(rng, CATEGORY_WEIGHTS)
    stage = _pick(rng, STAGE_WEIGHTS)
    name = rng.choice(NAME_TEMPLATES[category]).format(
        n=rng.choice([5, 10, 20, 30, 50, 100]), product=rng.choice(PRODUCTS), place=rng.choice(PLACES),
        road=rng.choice(ROADS))
    total = _investment(rng)
    start_year = rng.choice([today.year - 4, today.year - 3, today.year - 2, today.year - 1, today.year,
                             today.year])
    planned_start = _date(rng, start_year if stage in STARTED else today.year + rng.choice([0, 0, 1]))
    actual_start = actual_completion = None
    if stage in (Stage.COMPLETED, Stage.OPERATING):
        # Finished projects started one to four years ago and took 200–900 days.
        actual_start = today - datetime.timedelta(days=rng.randint(400, 1500))
        planned_start = actual_start - datetime.timedelta(days=rng.randint(0, 60))
        actual_completion = min(actual_start + datetime.timedelta(days=rng.randint(200, 900)),
                                today - datetime.timedelta(days=rng.randint(1, 60)))
    elif stage in STARTED:
        actual_start = min(planned_start + datetime.timedelta(days=rng.randint(-20, 90)),
                           today - datetime.timedelta(days=rng.randint(1, 30)))
    lead = rng.choice(departments)
    code = None
    if stage != Stage.RESERVE and rng.random() < 0.85:
        issued = planned_start - datetime.timedelta(days=rng.randint(60, 400))
        code = (f"{issued.year % 100:02d}{issued.month:02d}-{region.code}-{rng.choice(['89', '03', '18'])}-"
                f"{rng.choice(['01', '02', '03'])}-{index % 100000:05d}{rng.randint(0, 9)}")
        if issued < datetime.date(2020, 11, 1):
            code = f"{issued.year}-{region.code}-{rng.randint(10, 99)}-0{rng.randint(1, 3)}-{index % 1000000:06d}"
    signed = None
    if category == Category.INDUSTRY and rng.random() < 0.5:
        signed = planned_start - datetime.timedelta(days=rng.randint(30, 300))
    lng = Decimal("122.07") + Decimal(rng.randint(-2500, 2500)) / 10000
    lat = Decimal("41.12") + Decimal(rng.randint(-2500, 2500)) / 10000
    return new_project(
        region, name=f"{name}", code=code, owner_unit=f"盘锦{rng.choice(OWNER_WORDS)}{rng.choice(OWNER_KINDS)}有限公司",
        address=f"{region.name}{rng.choice(PLACES)}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
        longitude=lng, latitude=lat, industry=rng.choice(INDUSTRIES[category]), category=category,
        nature=_pick(rng, [(Nature.NEW, 70), (Nature.EXPANSION, 12), (Nature.RECONSTRUCTION, 6),
                           (Nature.TECH_UPGRADE, 12)]),
        content=f"总建筑面积约{rng.randint(1, 60)}万平方米，主要建设生产及配套设施。",
        total_investment=total, stage=stage, planned_start=planned_start,
        planned_completion=planned_start + datetime.timedelta(days=rng.randint(365, 1100)),
        actual_start=actual_start, actual_completion=actual_completion,
        construction_permit=(f"2111{rng.randint(10, 99)}{actual_start:%Y%m%d}{rng.randint(100, 999)}"
                             if actual_start else ""),
        lead_department=lead,
        leader=rng.choice(leaders) if total >= 200000 and rng.random() < 0.8 else None,
        statistics_included=bool(actual_start) and rng.random() < 0.85,
        statistics_date=min(actual_start + datetime.timedelta(days=rng.randint(15, 80)), today) if actual_start else None,
        signed_date=signed, signing_party=f"{rng.choice(OWNER_WORDS)}集团" if signed else "",
        landing_status=(rng.choice([LandingStatus.SIGNED, LandingStatus.REGISTERED, LandingStatus.LANDED])
                        if signed else ""),
        contact=f"{rng.choice('王李张刘陈杨赵黄')}先生 1390427{rng.randint(1000, 9999)}",
    )
