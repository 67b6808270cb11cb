from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    RESERVE = "reserve", _("谋划储备")
    PREPARATION = "preparation", _("前期")
    CONSTRUCTION = "construction", _("在建")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产达效")
    SUSPENDED = "suspended", _("停缓建")
    WITHDRAWN = "withdrawn", _("出库")


class Category(models.TextChoices):
    INDUSTRY = "industry", _("产业")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    SOCIAL = "social", _("民生社会事业")
    ECOLOGY = "ecology", _("生态环保")
    URBAN = "urban", _("城市更新")
    OTHER = "other", _("其他")


class Nature(models.TextChoices):
    NEW = "new", _("新建")
    EXPANSION = "expansion", _("扩建")
    RECONSTRUCTION = "reconstruction", _("改建")
    TECH_UPGRADE = "tech_upgrade", _("技术改造")


class Industry(models.TextChoices):
    """GB/T 4754-2017 国民经济行业分类, sections (门类)."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741 - the standard's letter
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    SPECIAL_BONDS = "special_bonds", _("地方政府专项债券")
    POLICY_FINANCE = "policy_finance", _("政策性开发性金融工具")
    PROVINCIAL = "provincial", _("省级资金")
    BANK_LOANS = "bank_loans", _("银行贷款")
    SELF_RAISED = "self_raised", _("企业自筹")
    OTHER = "other", _("其他")


class LandingStatus(models.TextChoices):
    NONE = "", _("—")
    SIGNED = "signed", _("已签约")
    REGISTERED = "registered", _("已注册")
    LANDED = "landed", _("已落地")
    STARTED = "started", _("已开工")


class ListRule(models.TextChoices):
    MANUAL = "manual", _("手工维护")
    INVESTMENT = "investment", _("按总投资规则")


# Bands of total investment (万元) the bulletins group projects by: (key, label, lower, upper).
INVESTMENT_BANDS = [
    ("lt5000", _("5000万元以下"), None, 5000),
    ("5000_1y", _("5000万—1亿元"), 5000, 10000),
    ("1y_10y", _("1亿—10亿元"), 10000, 100000),
    ("10y_20y", _("10亿—20亿元"), 100000, 200000),
    ("ge20y", _("20亿元以上"), 200000, None),
]
