"""External figures by Excel: a year's figures out, and back in — read by header, every error listed by row and
column, all rows saved or none. A row names its kind, region and month; an existing figure of those is corrected."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core.excel import WORKBOOK_MAX_BYTES, WorkbookError, column_letter, read_template_sheet, write_xlsx
from tuijin.core.lib.numbers import NumberError, parse_decimal, parse_int
from tuijin.org.models import Region
from tuijin.progress.excel import CellError

from . import services
from .models import ExternalFigure, FigureKind

SHEET = "外部数据"
HEADER = ["数据项", "区域", "年度", "月份", "数值", "单位", "来源", "发布日期", "备注"]
REQUIRED = ["数据项", "区域", "年度", "月份", "数值", "来源", "发布日期"]


def build_workbook(year, user):
    figures = ExternalFigure.objects.visible_to(user).filter(year=year).select_related("region")
    rows = ([str(f.get_kind_display()), f.region.name, f.year, f.month, f.value, f.unit, f.source, f.reported_on,
             f.note] for f in figures.order_by("kind", "region__path", "month"))
    return write_xlsx(SHEET, HEADER, rows, title=_("%(y)s年外部数据（数据项、区域按名称填写；金额万元，增速%%）")
                      % {"y": year})


def _day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


def import_workbook(data, *, actor):
    """(saved count, errors): every row checked first, then all saved in one transaction, or none."""
    try:
        table = read_template_sheet(data, SHEET, max_bytes=WORKBOOK_MAX_BYTES)
    except WorkbookError as problem:
        return 0, [str(problem)]
    # The downloaded sheet has a title line above the header; a hand-made one may not.
    start = next((i for i, row in enumerate(table[:3]) if "数据项" in [str(c).strip() for c in row]), None)
    if start is None:
        return 0, [_("缺少列：%(c)s（请勿修改表头）") % {"c": "、".join(REQUIRED)}]
    header = [str(h).strip() for h in table[start]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        return 0, [_("缺少列：%(c)s（请勿修改表头）") % {"c": "、".join(missing)}]
    at = {name: header.index(name) for name in HEADER if name in header}
    kinds = {str(label): value for value, label in FigureKind.choices}
    regions = {r.name: r for r in Region.objects.coordinated_by(actor)}
    # The figures already entered for those regions, read once: a row replaces its own.
    entered = {(f.kind, f.region_id, f.year, f.month): f
               for f in ExternalFigure.objects.filter(region__in=list(regions.values()))}
    errors, figures, seen = [], [], set()
    for number, cells in enumerate(table[start + 1:], start=start + 2):
        def get(name):
            index = at.get(name)
            value = cells[index] if index is not None and index < len(cells) else None
            return None if value in ("", None) else value

        def error(name, message):
            errors.append(str(CellError(SHEET, number, f"{column_letter(at[name])}（{name}）", message)))

        if all(get(name) is None for name in HEADER):
            continue
        blank = [name for name in REQUIRED if get(name) is None]
        for name in blank:
            error(name, _("必填"))
        if blank:
            continue
        kind = kinds.get(str(get("数据项")).strip())
        if kind is None:
            error("数据项", _("未知的数据项：%(v)s") % {"v": get("数据项")})
        region = regions.get(str(get("区域")).strip())
        if region is None:
            error("区域", _("“%(v)s”不是您可录入的区域") % {"v": get("区域")})
        try:
            year, month, value = parse_int(get("年度")), parse_int(get("月份")), parse_decimal(get("数值"))
        except NumberError as problem:
            errors.append(str(CellError(SHEET, number, "", str(problem))))
            continue
        try:
            reported_on = _day(get("发布日期"))
        except ValueError:
            error("发布日期", _("日期格式应为 YYYY-MM-DD"))
            continue
        if kind is None or region is None:
            continue
        key = (kind, region.pk, year, month)
        figure = (None if key in seen else entered.get(key)) or ExternalFigure(kind=kind, region=region, year=year,
                                                                                month=month)
        figure.value, figure.source, figure.reported_on = value, str(get("来源")).strip(), reported_on
        figure.note = str(get("备注") or "").strip()
        try:
            figure.full_clean(validate_unique=False)
        except ValidationError as problem:
            for field, messages in problem.message_dict.items():
                errors.append(str(CellError(SHEET, number, "", f"{field}：{'；'.join(messages)}")))
            continue
        if key in seen:
            errors.append(str(CellError(SHEET, number, "", _("同一数据项、区域和月份重复"))))
            continue
        seen.add(key)
        figures.append(figure)
    if errors:
        return 0, errors
    try:
        with transaction.atomic():
            for figure in figures:
                services.save_figure(figure, actor=actor, reason=_("Excel导入"))
    except (PermissionDenied, ValidationError) as problem:
        return 0, getattr(problem, "messages", [str(problem)])
    return len(figures), []
