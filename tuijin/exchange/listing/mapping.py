"""Which field a column holds, by the words of its header.

`SPELLINGS` is the one table of header spellings met in published lists (shared/reference/list-layouts.md
§2). A mapping is a plain dict {column key: field}, JSON-serialisable, so a city can save it under a
name and apply it to the next file of the same layout; the key is the column's normalised header text,
or "列C" for a column without one.
"""

import re

from openpyxl.utils import get_column_letter

# Fields a column can map to (values.py says what each becomes).
FIELDS = (
    "serial", "name", "code", "owner_units", "lead_unit", "responsible_units", "leaders", "content",
    "location", "region", "period", "planned_start", "planned_completion", "stage", "category",
    "total_investment", "annual_plan", "annual_target", "note",
)
MONEY_FIELDS = ("total_investment", "annual_plan")
# Fields that say something about one project: a row holding any of them is not a section row.
DETAIL_FIELDS = ("code", "owner_units", "lead_unit", "responsible_units", "leaders", "content", "location",
                 "period", "planned_start", "planned_completion", "stage", "annual_target")

SPELLINGS = {
    "serial": ("序号", "编号", "序次", "总序号", "分序号", "项目序号"),
    "name": ("项目名称", "项目名", "工程名称", "工程名", "名称", "项目单位及名称", "项目(工程)名称"),
    "code": ("项目代码", "项目编码", "统一代码", "项目统一代码", "统一项目代码"),
    "owner_units": ("建设单位", "实施单位", "项目单位", "项目法人", "项目(法人)单位", "建设主体", "法人单位",
                    "项目实施主体", "项目业主", "业主单位", "业主", "项目建设单位", "项目业主单位", "项目法人单位"),
    "lead_unit": ("牵头单位", "主责单位", "牵头部门", "项目主管单位", "主管部门", "主管单位", "行业主管部门", "牵头协调部门", "牵头协调单位"),
    "responsible_units": ("责任单位", "责任部门", "配合部门", "监管单位", "配合单位"),
    "leaders": ("责任领导", "包保领导", "联系领导", "包抓领导", "牵头领导", "分管领导", "包联领导", "牵头区领导", "牵头市领导"),
    "content": ("建设内容", "主要建设内容", "建设规模", "建设规模和内容", "建设规模及内容", "建设规模及主要内容",
                "拟建设规模", "项目内容", "项目简介", "项目描述", "建设内容及规模", "主要建设内容及规模",
                "建设内容和规模"),
    "location": ("建设地点", "项目地点", "建设地址", "项目位置", "所在地", "项目所在地"),
    "region": ("所在市县", "所在盟市", "隶属区县", "所在省辖市、县区", "县市区", "区域", "县(市、局)", "所在区县",
               "县(市)区", "所属区县", "隶属区县(部门)", "所在县区", "所在地区"),
    "period": ("建设起止年限", "建设起止时间", "起止年限", "建设年限", "建设周期", "计划工期", "计划建设期限",
               "起止年份", "建设起止年份", "建设期限"),
    "planned_start": ("开工年份", "开工时间", "开工年度", "计划开工", "开工", "计划开工时间", "开工年月", "开工日期"),
    "planned_completion": ("竣工年份", "竣工时间", "完工年份", "计划竣工", "竣工", "计划竣工时间", "完工时间",
                           "竣工年月", "竣工日期"),
    "stage": ("建设性质", "项目性质", "建设阶段", "建设批次", "批次", "项目阶段"),
    "category": ("项目类别", "产业类别", "项目分类", "项目大类", "行业分类", "行业类别", "所属行业", "项目类型",
                 "项目领域", "领域分类", "领域", "九大领域", "类别"),
    "total_investment": ("总投资", "项目总投资", "总投资额", "投资额", "计划总投资", "估算总投资", "求和项:总投资"),
    "annual_plan": ("年度计划投资", "本年度计划投资", "年计划投资", "年度投资", "计划投资", "计划完成投资",
                    "预计投资", "投资计划", "年度计划", "年度投资计划", "计划投资额", "计划投资小计"),
    "annual_target": ("年度工作目标", "年度目标", "年度建设目标", "当年工作目标", "年工作目标", "年工作计划",
                      "年主要建设任务", "年目标任务", "进度目标", "进度目标或新增效益", "工程形象进度",
                      "计划形象进度", "年工程形象进度目标", "工作目标", "工作计划", "形象进度目标",
                      "前期工作或工程形象进度目标", "推进计划", "整体形象进度", "年度建设内容"),
    "note": ("备注",),
}

# Every spelling → its field (spellings are kept normalised: no spaces, half-width brackets).
FIELD_OF = {spelling: field for field, spellings in SPELLINGS.items() for spelling in spellings}

# Children of a year-stamped plan parent ("2024年计划投资" over 小计 / 计划总投资 / 市财政 …) that are the
# year's amount itself; the other children are its funding parts, left unmapped.
PLAN_TOTAL_CHILDREN = ("小计", "合计", "计划总投资", "计划投资", "总计", "年度计划投资")

YEAR_STAMP = re.compile(r"^((?:19|20)\d{2})年(?:度)?")


def column_key(index, name):
    """How a saved mapping names a column: its header text, or its letter when it has none."""
    return name if name else f"列{get_column_letter(index + 1)}"


def field_for(name):
    """(field, year) for one normalised header text ("2019年计划投资" → ("annual_plan", 2019)); (None, None)."""
    if not name:
        return None, None
    if "/" in name:
        parent, child = name.split("/", 1)
        parent_field, year = field_for(parent)
        if parent_field == "annual_plan" or (year and parent_field == "annual_target"):
            if child in PLAN_TOTAL_CHILDREN:
                return "annual_plan", year
            child_field, _ = field_for(child)
            if child_field in ("content", "annual_target"):
                return "annual_target", year  # "2021年投资计划/主要建设内容" is the year's works
            return None, None  # 省级以上补助, 市财政, 社会资本: parts of the year's amount
        child_field, child_year = field_for(child)
        if child_field:
            return child_field, child_year or year
        return parent_field, year
    name = name.removeprefix("求和项:")
    field = FIELD_OF.get(name)
    if field:
        return field, None
    stamp = YEAR_STAMP.match(name)
    if stamp:
        rest = name[stamp.end():]
        field = FIELD_OF.get(rest) or FIELD_OF.get("年" + rest) or FIELD_OF.get("年度" + rest)
        if field == "total_investment":  # "2024年计划投资" reads 计划投资, never the total
            field = "annual_plan"
        if field is None and ("目标" in rest or "形象进度" in rest or "推进计划" in rest):
            field = "annual_target"
        done = ("完成" in rest and "计划" not in rest and "预计" not in rest) or "累计" in rest
        if field is None and "投资" in rest and not done:  # "2024年完成投资" is what was done, not the plan
            field = "annual_plan"
        return field, int(stamp.group(1))
    if "形象进度" in name and "目标" in name:
        return "annual_target", None
    return None, None


def propose(columns):
    """A mapping {column key: field} for header columns [(index, name)], each field once except units.

    Where two columns claim one field the first keeps it (a list with 总序号 and 分序号 numbers by the
    first); owner, responsible and leader columns may repeat (桂林: 项目业主 and 责任单位 are two fields).
    """
    mapping, taken = {}, set()
    for index, name in columns:
        field, _ = field_for(name)
        if field is None:
            continue
        if field in taken and field not in ("owner_units", "responsible_units", "leaders"):
            continue
        taken.add(field)
        mapping[column_key(index, name)] = field
    return mapping
