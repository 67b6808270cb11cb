"""系统参数: each city rule an administrator may change has a type, a default and a meaning.

A value is validated when it is saved (the same `parse` for the admin form and `update_setting`) and
parsed once: pages read `Setting.typed(key)`, which loads every parameter in one query the first time a
request asks and keeps the parsed values until the request ends or a parameter is saved. Outside a
request (a command, a test calling a service) nothing is kept unless the caller asks for it with
`with parameters.cached():` — a value saved meanwhile is never read stale.
"""

import contextlib
import logging
from contextvars import ContextVar
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lib.ladder import LadderError, format_ladder, parse_ladder
from .lib.schedule import WeightsError, parse_weights

log = logging.getLogger(__name__)


class Kind(ABC):
    """A parameter's type: `parse` text (what is stored, what an administrator types) to a value,
    raising ValidationError with a message that says what to write; `format` a value back to text."""

    label = ""

    @abstractmethod
    def parse(self, text, name):
        """The value `text` stands for, or ValidationError naming parameter `name`."""

    def format(self, value):
        return str(value)


@dataclass(frozen=True)
class Number(Kind):
    """A number between `low` and `high` (either may be None); whole numbers only when `whole`."""

    low: Decimal | int | None = 0
    high: Decimal | int | None = None
    whole: bool = False
    unit: str = ""
    kind_label: str = ""

    @property
    def label(self):
        return self.kind_label or (_("整数") if self.whole else _("数值"))

    def parse(self, text, name):
        try:
            value = Decimal(str(text).strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or (self.whole and value != value.to_integral_value()):
            raise ValidationError(_("%(name)s须为%(what)s") % {"name": name, "what": self._what()})
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ValidationError(_("%(name)s须为%(what)s") % {"name": name, "what": self._what()})
        return int(value) if self.whole else value

    def _what(self):
        kind = _("整数") if self.whole else _("数")
        if self.low is not None and self.high is not None:
            return _("%(low)s至%(high)s之间的%(kind)s%(unit)s") % {"low": self.low, "high": self.high, "kind": kind,
                                                              "unit": self.unit}
        if self.low is not None:
            return _("不小于%(low)s的%(kind)s%(unit)s") % {"low": self.low, "kind": kind, "unit": self.unit}
        return kind

    def format(self, value):
        return format(value, "f") if isinstance(value, Decimal) else str(value)


def Money():  # noqa: N802 — reads as a type in the table below
    return Number(low=0, unit=gettext_lazy("（万元）"), kind_label=gettext_lazy("金额（万元）"))


def Percent():  # noqa: N802
    return Number(low=0, high=100, unit=gettext_lazy("（百分比）"), kind_label=gettext_lazy("百分比（0–100）"))


def Days(low=0, high=None, label=None):  # noqa: N802
    return Number(low=low, high=high, whole=True, kind_label=label or gettext_lazy("天数"))


@dataclass(frozen=True)
class Choice(Kind):
    """One of a few options: {stored text: (value, label)}; other spellings in `aliases`."""

    options: tuple = ((("true", True, "是"), ("false", False, "否")))
    aliases: tuple = (("1", "true"), ("yes", "true"), ("是", "true"), ("0", "false"), ("no", "false"),
                      ("否", "false"))
    label = gettext_lazy("选项")

    def parse(self, text, name):
        text = dict(self.aliases).get(str(text).strip().lower(), str(text).strip().lower())
        for stored, value, _label in self.options:
            if text == stored:
                return value
        raise ValidationError(_("%(name)s须为以下之一：%(options)s") % {
            "name": name, "options": "、".join(f"{stored}（{label}）" for stored, _v, label in self.options)})

    def format(self, value):
        return next(stored for stored, option, _label in self.options if option == value)


class Ladder(Kind):
    label = gettext_lazy("协调层级")

    def parse(self, text, name):
        try:
            return parse_ladder(text)
        except LadderError as error:
            raise ValidationError(str(error)) from None

    def format(self, value):
        return format_ladder(value)


class Weights(Kind):
    label = gettext_lazy("12个月权重")

    def parse(self, text, name):
        try:
            return tuple(parse_weights(text))
        except WeightsError:
            raise ValidationError(_("%(name)s须为12个非负数，以逗号分隔（不能全为0）") % {"name": name}) from None

    def format(self, value):
        return ",".join(format(w, "f") for w in value)


@dataclass(frozen=True)
class MonthDays(Kind):
    """`count` days of the month in increasing order, e.g. the problem cycle's 10,15,25."""

    count: int = 3
    label = gettext_lazy("每月日期")

    def parse(self, text, name):
        parts = [p.strip() for p in str(text).replace("，", ",").split(",")]
        if (len(parts) != self.count or not all(p.isdigit() and 1 <= int(p) <= 31 for p in parts)
                or sorted(set(map(int, parts))) != list(map(int, parts))):
            raise ValidationError(_("%(name)s须为%(n)s个递增的日期（1—31），以逗号分隔，如 10,15,25")
                                  % {"name": name, "n": self.count})
        return tuple(int(p) for p in parts)

    def format(self, value):
        return ",".join(map(str, value))


@dataclass(frozen=True)
class Text(Kind):
    max_length: int = 255
    label = gettext_lazy("文字")

    def parse(self, text, name):
        text = str(text).strip()
        if not text or len(text) > self.max_length:
            raise ValidationError(_("%(name)s不能为空，且不超过%(n)s字") % {"name": name, "n": self.max_length})
        return text


@dataclass(frozen=True)
class Parameter:
    kind: Kind
    default: str
    name: str  # short, for messages and the change log
    meaning: str  # what the administrator reads

    def parse(self, text):
        return self.kind.parse(text, self.name)


PARAMETERS = {
    # 万元. 长春、延安: city leaders package projects ≥ 20 亿; 大连/长春: a secretary from 5000 万.
    "leader_threshold": Parameter(Money(), "200000", "包保领导配置标准", "包保领导配置标准：总投资不低于（万元）"),
    "secretary_threshold": Parameter(Money(), "5000", "服务秘书配置标准", "服务秘书配置标准：总投资不低于（万元）"),
    "demo_data": Parameter(Choice(), "false", "演示数据标记", "是否为演示数据（页面显示“演示数据”标记）"),
    "report_deadline_day": Parameter(Days(1, 31, "每月几日"), "25", "月报默认截止日", "月报默认截止日（每月几日）"),
    "schedule_weights": Parameter(Weights(), "1,1,1,1,1,1,1,1,1,1,1,1", "序时进度月度权重",
                                  "序时进度月度权重（1—12月，逗号分隔；默认按月平均）"),
    "schedule_yellow_gap": Parameter(Percent(), "10", "黄灯差距", "落后序时进度多少个百分点起为黄灯"),
    "schedule_red_gap": Parameter(Percent(), "30", "红灯差距", "落后序时进度超过多少个百分点为红灯"),
    "report_jump_factor": Parameter(Number(low=1, kind_label="倍数"), "3", "月报异常倍数",
                                    "本月完成投资超过以往月均多少倍时提示审核员核实"),
    "owners_may_report": Parameter(Choice(), "false", "项目单位填报", "是否允许项目单位和服务秘书填报月报"),
    "funds_beyond_completed_refused": Parameter(Choice(), "false", "到位资金不超过完成投资",
                                                "月报本月到位资金超过本月完成投资时是否拒收（否：仅提示核实）"),
    # 大连: 属地 → 市直部门 → 分管副市长 → 常务副市长 → 市长. 名称:办理时限（工作日）[:市领导层级 1/2/3].
    "escalation_ladder": Parameter(Ladder(), "属地:5,市直部门:7,分管副市长:7:1,常务副市长:7:2,市长:10:3", "问题协调层级",
                                   "问题协调层级（名称:办理时限工作日[:领导层级1副市长/2常务副市长/3市长]，逗号分隔）"),
    # 长春: problems listed by the 10th, distributed by the 15th, a joint meeting by the 25th.
    "problem_cycle_days": Parameter(MonthDays(), "10,15,25", "问题月度流程",
                                    "问题月度流程：提出截止日、交办截止日、联席会议截止日（每月几日）"),
    "deadline_warning_days": Parameter(Days(0, 30, "工作日"), "2", "时限提醒", "办理时限前几个工作日发出提醒"),
    "secretary_max_projects": Parameter(Number(low=1, whole=True, kind_label="个数"), "3", "服务秘书服务上限",
                                        "每名服务秘书最多服务的项目数"),
    # 长春 2018: 80% of projects finish their approvals within 51 working days.
    "approval_target_days": Parameter(Days(1, 1000, "工作日"), "51", "前期手续目标工作日",
                                      "前期手续办理目标：从首次申请到取得施工许可不超过多少个工作日"),
    "approval_target_share": Parameter(Percent(), "80", "前期手续达标占比", "前期手续办理目标：达标项目占比不低于（%）"),
    # 等保 2.0: a session left idle ends; a wall display may be exempted on its account (账号安全设置).
    "session_idle_minutes": Parameter(Number(low=0, high=1440, whole=True, kind_label="分钟"), "30", "闲置退出时间",
                                      "闲置多少分钟后自动退出登录（0 表示不自动退出）"),
    "account_help_contact": Parameter(Text(), "本地区项目办（协调员）或系统管理员", "账号求助联系人",
                                      "账号被锁定或忘记密码时请联系（姓名、电话）"),
}


def parameter(key):
    try:
        return PARAMETERS[key]
    except KeyError:
        raise ValidationError(_("未知的系统参数：%(k)s") % {"k": key}) from None


# --- reading: parsed once, kept per request at most --------------------------------------------------

_kept = ContextVar("tuijin_parameters", default=None)  # {key: (stored text, value)} or None: not keeping


def value(key):
    """The parsed value of a parameter (Decimal, int, bool, tuple of levels …)."""
    return _entry(key)[1]


def text(key):
    """The stored text of a parameter, or its default."""
    return _entry(key)[0]


def _entry(key):
    kept = _kept.get()
    if kept is None:
        return _load([key])[key]
    if not kept:
        kept.update(_load(PARAMETERS))  # the first read of the request loads them all, in one query
    return kept[key] if key in kept else _load([key])[key]


def _load(keys):
    from .models import Setting  # the model reads its values through this module

    stored = dict(Setting.objects.filter(key__in=list(keys)).values_list("key", "value"))
    entries = {}
    for key in keys:
        entry = parameter(key)
        raw = stored.get(key, entry.default)
        try:
            entries[key] = (raw, entry.parse(raw))
        except ValidationError:
            # A value saved before it was validated: the pages keep working on the default, and say why in the log.
            log.warning("系统参数 %s 的值“%s”无效，暂按默认值“%s”执行；请在管理后台更正", key, raw, entry.default)
            entries[key] = (entry.default, entry.parse(entry.default))
    return entries


def forget(**kwargs):
    """A parameter was saved: what is kept is read again (signal receiver, also called directly)."""
    if _kept.get() is not None:
        _kept.set({})


@contextlib.contextmanager
def cached():
    """Keep parsed values for the duration of a block (a command, a task); a save inside still refreshes."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def _request_started(**kwargs):
    _kept.set({})


def _request_finished(**kwargs):
    _kept.set(None)


request_started.connect(_request_started, dispatch_uid="tuijin_parameters_start")
request_finished.connect(_request_finished, dispatch_uid="tuijin_parameters_end")
