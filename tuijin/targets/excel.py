"""The 任务分解表 by Excel: the year's targets and tasks out (with drop-downs for what must be chosen), and back
in — read by header, every error listed by sheet, row and column, all rows saved or none."""

import datetime
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tuijin.core.excel import WORKBOOK_MAX_BYTES, WorkbookError, column_letter, neutralise, read_template_sheet
from tuijin.core.lib.numbers import NumberError, parse_decimal, parse_int
from tuijin.org.models import Department, Region
from tuijin.org.region_names import RegionMatcher
from tuijin.progress.excel import CellError

from . import indicators, services
from .models import Comparator, Target, TaskStatus

SHEET, CHOICES = "任务分解表", "选项"
HEADER = ["ID", "目标任务", "年度", "指标", "区域", "部门", "考核时点", "比较方式", "目标值", "单位", "分解自ID",
          "牵头单位", "责任单位", "口径说明", "文件条款", "备注", "完成情况", "佐证材料"]
REQUIRED = ["目标任务", "年度", "区域", "考核时点"]
TASK = "（工作任务）"


def _indicator_label(indicator):
    return f"{indicator.name}（{indicator.key}）"


def build_workbook(year, user):
    targets = (Target.objects.visible_to(user).filter(year__lte=year, checkpoint__year__gte=year)
               .select_related("region", "department").order_by("sort_order", "pk"))
    regions = list(Region.objects.coordinated_by(user).order_by("path"))
    departments = list(Department.objects.filter(region__in=regions).order_by("sort_order", "name"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for t in targets:
        indicator = t.indicator_def
        sheet.append([t.pk, neutralise(t.title), t.year, _indicator_label(indicator) if indicator else TASK,
                      t.region.name, t.department.name if t.department else None, t.checkpoint,
                      str(t.get_comparator_display()) if indicator else None, t.value, indicator.unit if indicator else None,
                      t.parent_id, neutralise(t.lead_unit), neutralise(t.responsible_units), neutralise(t.basis),
                      neutralise(t.clause), neutralise(t.note), str(t.get_task_status_display()) if t.task_status else None,
                      neutralise(t.evidence)])
        sheet.cell(row=sheet.max_row, column=HEADER.index("考核时点") + 1).number_format = "yyyy-mm-dd"
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].fill = PatternFill("solid", fgColor="EEEEEE")
    options = workbook.create_sheet(CHOICES)
    lists = {"指标": [TASK] + [_indicator_label(i) for i in indicators.REGISTRY.values()],
             "区域": [r.name for r in regions], "部门": [d.name for d in departments],
             "比较方式": [str(c.label) for c in Comparator], "完成情况": [str(s.label) for s in TaskStatus]}
    for column, (name, values) in enumerate(lists.items(), start=1):
        options.cell(row=1, column=column, value=name)
        for row, value in enumerate(values, start=2):
            options.cell(row=row, column=column, value=value)
        letter = column_letter(column - 1)
        if values:
            check = DataValidation(type="list", formula1=f"'{CHOICES}'!${letter}$2:${letter}${len(values) + 1}",
                                   allow_blank=True, showErrorMessage=True, error=_("请从下拉列表中选择"))
            target_letter = column_letter(HEADER.index(name))
            check.add(f"{target_letter}2:{target_letter}2000")
            sheet.add_data_validation(check)
    options.sheet_state = "hidden"
    for index, name in enumerate(HEADER):
        sheet.column_dimensions[column_letter(index)].width = {"目标任务": 40, "指标": 28, "文件条款": 40}.get(name, 12)
    notes = workbook.create_sheet("填写说明")
    for line in [_("%(y)s年目标任务分解表 — 填写说明") % {"y": year},
                 _("1. ID 为空的行是新增的目标；有 ID 的行修改该目标。请勿修改 ID。"),
                 _("2. 指标、区域、部门、比较方式、完成情况从下拉列表选择；非数值的工作任务指标选“（工作任务）”。"),
                 _("3. 分解到区县的目标，“分解自ID”填市级目标的 ID。目标值按指标的单位填写（个、万元、%）。"),
                 _("4. 上传后逐行检查，有错误时一行也不保存。")]:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_workbook(data, *, actor):
    """(saved count, errors): every row checked first; then all saved in one transaction, or none."""
    try:
        table = read_template_sheet(data, SHEET, max_bytes=WORKBOOK_MAX_BYTES)
    except WorkbookError as problem:
        return 0, [str(problem)]
    header = [str(h).strip() for h in table[0]] if table else []
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        return 0, [_("缺少列：%(c)s（请勿修改表头）") % {"c": "、".join(missing)}]
    reader = _RowReader(header, actor)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        row = reader.read(number, cells)
        if row is not None:
            rows.append(row)
    if reader.errors:
        return 0, reader.errors
    try:
        with transaction.atomic():
            for number, target in rows:
                _save(number, target, actor)
    except (ValidationError, PermissionDenied) as problem:
        return 0, [str(problem.args[0]) if isinstance(problem.args[0], str) else "；".join(problem.messages)]
    return len(rows), []


def _save(number, target, actor):
    try:
        if target.pk:
            services.update_target(target, actor=actor, reason=_("导入任务分解表"))
        else:
            services.create_target(target, actor=actor, reason=_("导入任务分解表"))
    except ValidationError as problem:
        messages = "；".join(f"{k}：{'、'.join(v)}" for k, v in getattr(problem, "message_dict", {}).items())
        raise ValidationError(str(CellError(SHEET, number, "", messages or "；".join(problem.messages)))) from None
    except PermissionDenied as problem:
        raise PermissionDenied(str(CellError(SHEET, number, "", str(problem)))) from None


class _RowReader:
    def __init__(self, header, actor):
        self.at = {name: header.index(name) for name in HEADER if name in header}
        self.errors = []
        self.actor = actor
        self.indicators = {}
        for indicator in indicators.REGISTRY.values():
            for name in (_indicator_label(indicator), indicator.key, str(indicator.name)):
                self.indicators[name] = indicator.key
        regions = list(Region.objects.coordinated_by(actor))
        self.by_code, self.region_names = {r.code: r for r in regions}, RegionMatcher.of(regions)
        self.departments = {d.name: d for d in Department.objects.all()}
        self.comparators = {str(c.label): c.value for c in Comparator} | {
            "超过": "gt", "超": "gt", ">": "gt", "不少于": "gte", "以上": "gte", ">=": "gte", "≥": "gte",
            "不超过": "lte", "<=": "lte", "≤": "lte"}
        self.statuses = {str(s.label): s.value for s in TaskStatus}
        self.existing = {t.pk: t for t in Target.objects.visible_to(actor)}

    def read(self, number, cells):
        failed = len(self.errors)

        def get(name):
            index = self.at.get(name)
            value = cells[index] if index is not None and index < len(cells) else None
            return value.strip() if isinstance(value, str) else value

        def error(name, message):
            column = f"{column_letter(self.at[name])}（{name}）" if name in self.at else name
            self.errors.append(str(CellError(SHEET, number, column, message)))

        target_id = self._int(get("ID"), "ID", error)
        if target_id is not None and target_id not in self.existing:
            error("ID", _("没有 ID 为 %(id)s 的目标，或您无权修改（新增的目标请留空 ID）") % {"id": target_id})
            return None
        target = Target.objects.get(pk=target_id) if target_id else Target()
        target.title = str(get("目标任务") or "")
        if not target.title:
            error("目标任务", _("必填"))
        target.year = self._int(get("年度"), "年度", error)
        indicator_text = str(get("指标") or "")
        if indicator_text in ("", TASK):
            target.indicator = ""
        elif indicator_text in self.indicators:
            target.indicator = self.indicators[indicator_text]
        else:
            error("指标", _("未知的指标“%(v)s”，请从下拉列表选择") % {"v": indicator_text})
        written = str(get("区域") or "").strip()
        region = self.by_code.get(written) or self.by_code.get(self.region_names.match(written, within=False))
        if region is None:
            error("区域", _("“%(v)s”不是您负责的区域") % {"v": get("区域") or ""})
        target.region = region
        department_name = str(get("部门") or "")
        target.department = self.departments.get(department_name) if department_name else None
        if department_name and target.department is None:
            error("部门", _("没有名为“%(v)s”的部门") % {"v": department_name})
        target.checkpoint = self._date(get("考核时点"), "考核时点", error)
        comparator = str(get("比较方式") or "")
        if comparator:
            if comparator not in self.comparators:
                error("比较方式", _("应为“超过”“不少于”或“不超过”"))
            target.comparator = self.comparators.get(comparator, "gte")
        try:
            target.value = parse_decimal(get("目标值"))
        except NumberError as problem:
            error("目标值", str(problem))
        parent_id = self._int(get("分解自ID"), "分解自ID", error)
        if parent_id is not None and parent_id not in self.existing:
            error("分解自ID", _("没有 ID 为 %(id)s 的目标") % {"id": parent_id})
        target.parent = self.existing.get(parent_id) if parent_id else None
        for name, field in (("牵头单位", "lead_unit"), ("责任单位", "responsible_units"), ("口径说明", "basis"),
                            ("文件条款", "clause"), ("备注", "note"), ("佐证材料", "evidence")):
            if name in self.at:
                setattr(target, field, str(get(name) or ""))
        status = str(get("完成情况") or "")
        if status and status not in self.statuses:
            error("完成情况", _("请从下拉列表选择"))
        target.task_status = self.statuses.get(status, "")
        if len(self.errors) == failed and target.region is not None:
            try:
                target.full_clean(exclude=["plan"])
            except ValidationError as problem:
                for field, messages in problem.message_dict.items():
                    label = next((h for h, f in FIELD_COLUMNS.items() if f == field), field)
                    for message in messages:
                        error(label, message)
        return (number, target) if len(self.errors) == failed else None

    @staticmethod
    def _int(value, name, error):
        try:
            return parse_int(value)
        except NumberError as problem:
            error(name, str(problem))
            return None

    @staticmethod
    def _date(value, name, error):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value in (None, ""):
            error(name, _("必填"))
            return None
        try:
            return datetime.date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
        except ValueError:
            error(name, _("日期格式应为 YYYY-MM-DD"))
            return None


FIELD_COLUMNS = {"目标任务": "title", "年度": "year", "指标": "indicator", "区域": "region", "考核时点": "checkpoint",
                 "目标值": "value", "分解自ID": "parent"}
