"""Annual plans by Excel: a workbook of the user's projects for a year, filled and uploaded back.

Same door as the monthly workbook: columns read by header, every error listed, all rows or none."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection

from tuijin.core.excel import WORKBOOK_MAX_BYTES, WorkbookError, column_letter, neutralise, read_template_sheet
from tuijin.core.lib.numbers import NumberError, parse_decimal, parse_int
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

from . import services
from .excel import CellError
from .models import AnnualPlan

SHEET = "年度计划"
MONTHS = [f"{m}月" for m in range(1, 13)]
HEADER = ["项目ID", "项目代码", "项目名称", "所在区域", "年度计划投资（万元）", "计划开工月份", "计划竣工月份", *MONTHS]
LOCKED = 4


def plannable(user):
    return services.fillable(Project.objects.exclude(stage__in=[Stage.WITHDRAWN, Stage.OPERATING]), user)


def build_plan_template(year, user):
    projects = plannable(user).select_related("region").order_by("region__path", "-total_investment")
    plans = {p.project_id: p for p in AnnualPlan.objects.filter(year=year, project__in=projects)}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for project in projects:
        plan = plans.get(project.pk)
        monthly = [parse_decimal(v) for v in plan.monthly_plan] if plan and plan.monthly_plan else [None] * 12
        sheet.append([project.pk, project.code or "", neutralise(project.name), project.region.name,
                      plan.planned_investment if plan else None, plan.planned_start_month if plan else None,
                      plan.planned_completion_month if plan else None, *monthly])
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            if index < LOCKED:
                cell.fill = PatternFill("solid", fgColor="EEEEEE")
            else:
                cell.protection = Protection(locked=False)
    for index in range(len(HEADER)):
        sheet.column_dimensions[column_letter(index)].width = 28 if index == 2 else 12
    sheet.protection.sheet = True
    notes = workbook.create_sheet("填报说明")
    for line in [f"{year}年项目年度计划 — 填报说明",
                 "1. 灰色列由系统生成，请勿修改。金额单位万元。",
                 "2. 月度计划可不填；如填写，须12个月都填（无计划的月份填0），合计等于年度计划投资。",
                 "3. 计划开工、竣工月份填1—12的数字。上传后系统逐行检查，有错误时一行也不保存。"]:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_plans(year, data, *, actor):
    """Returns (saved count, errors). Saves all rows in one transaction, or nothing."""
    try:
        table = read_template_sheet(data, SHEET, max_bytes=WORKBOOK_MAX_BYTES)
    except WorkbookError as problem:
        return 0, [str(problem)]
    header = [str(h).strip() for h in table[0]] if table else []
    missing = [h for h in HEADER[:1] + HEADER[4:5] if h not in header]
    if missing:
        return 0, [_("缺少列：%(c)s（请勿修改表头）") % {"c": "、".join(missing)}]
    at = {name: header.index(name) for name in HEADER if name in header}
    allowed = {p.pk: p for p in plannable(actor)}
    errors, rows = [], []
    for number, cells in enumerate(table[1:], start=2):
        def get(name):
            index = at.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        def error(name, message):
            errors.append(str(CellError(SHEET, number, f"{column_letter(at[name])}（{name}）", message)))

        try:
            project_id = parse_int(get("项目ID"))
            planned = parse_decimal(get("年度计划投资（万元）"))
            start, finish = parse_int(get("计划开工月份")), parse_int(get("计划竣工月份"))
            monthly = [parse_decimal(get(m)) for m in MONTHS]
        except NumberError as problem:
            errors.append(str(CellError(SHEET, number, "", str(problem))))
            continue
        if planned is None and project_id is not None:
            continue  # no plan typed for this project
        project = allowed.get(project_id)
        if project is None:
            error("项目ID", _("项目ID %(id)s 不在您可填报的项目中") % {"id": project_id})
            continue
        if planned < 0:
            error("年度计划投资（万元）", _("金额不能为负数"))
            continue
        for name, month in (("计划开工月份", start), ("计划竣工月份", finish)):
            if month is not None and not 1 <= month <= 12:
                error(name, _("月份应为1—12"))
        if any(v is not None for v in monthly):
            if any(v is None for v in monthly):
                errors.append(str(CellError(SHEET, number, "", _("月度计划须12个月都填（无计划的月份填0）"))))
            elif sum(monthly) != planned:
                errors.append(str(CellError(SHEET, number, "", _("月度计划之和（%(s)s）不等于年度计划投资（%(p)s）")
                                            % {"s": sum(monthly), "p": planned})))
            monthly_plan = monthly
        else:
            monthly_plan = []
        rows.append((project, planned, start, finish, monthly_plan))
    if errors:
        return 0, errors
    figures = [(project, {"planned_investment": planned, "planned_start_month": start,
                          "planned_completion_month": finish, "monthly_plan": monthly_plan})
               for project, planned, start, finish, monthly_plan in rows]
    try:
        return services.import_annual_plans(year, figures, actor=actor), []
    except ValidationError as problem:
        return 0, problem.messages
