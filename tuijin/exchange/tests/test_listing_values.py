"""Cell values of published lists, read exactly (hand-computed 万元 in comments)."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from tuijin.exchange.listing import values as V
from tuijin.exchange.listing.header import find_header
from tuijin.exchange.listing.mapping import field_for
from tuijin.org.region_names import RegionMatcher

D = Decimal
day = datetime.date


class MoneyTests(SimpleTestCase):
    def test_units_convert_exactly(self):
        self.assertEqual(V.to_wan("1,584,946.56"), D("1584946.56"))
        self.assertEqual(V.to_wan(1730.03, "亿元"), D("17300300.00"))  # 1730.03 × 10000, no float error
        self.assertEqual(V.to_wan(0.1, "亿元"), D("1000.00"))
        self.assertEqual(V.to_wan("123,456", "元"), D("12.35"))  # 123456 ÷ 10000 = 12.3456 → 12.35
        self.assertEqual(V.to_wan("１２３４．５"), D("1234.50"))  # full-width digits
        self.assertEqual(V.to_wan("12.5亿元"), D("125000.00"))  # the cell's unit wins
        self.assertEqual(V.to_wan("300万元", "亿元"), D("300.00"))

    def test_placeholders_are_empty_and_errors_say_why(self):
        for blank in ("", None, "—", "——", "--", "-", "/", " "):
            self.assertIsNone(V.to_wan(blank))
        with self.assertRaisesMessage(V.ValueProblem, "公式错误“#REF!”"):
            V.to_wan("#REF!")
        with self.assertRaisesMessage(V.ValueProblem, "“5万亩”不是金额"):
            V.to_wan("5万亩")


class PeriodTests(SimpleTestCase):
    def test_year_ranges_months_and_serials(self):
        cases = {
            "2023-2025": (day(2023, 1, 1), day(2025, 12, 31)),
            "2023年至2025年": (day(2023, 1, 1), day(2025, 12, 31)),
            "2024年10月": (day(2024, 10, 1), day(2024, 10, 31)),
            "2024.3-2026.6": (day(2024, 3, 1), day(2026, 6, 30)),
            "2024年2月—2024年2月": (day(2024, 2, 1), day(2024, 2, 29)),
            2023: (day(2023, 1, 1), day(2023, 12, 31)),
            2023.0: (day(2023, 1, 1), day(2023, 12, 31)),
            45597: (day(2024, 11, 1), day(2024, 11, 1)),  # Excel serial: 1899-12-30 + 45597 days
            day(2025, 3, 5): (day(2025, 3, 5), day(2025, 3, 5)),
            "—": (None, None),
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(V.period_of(value), expected)

    def test_nonsense_is_refused(self):
        with self.assertRaisesMessage(V.ValueProblem, "不是年份或起止年限"):
            V.period_of("近期")
        with self.assertRaisesMessage(V.ValueProblem, "结束早于开始"):
            V.period_of("2025-2023")


class WordTests(SimpleTestCase):
    def test_stage_words(self):
        cases = {"加快建设": "construction", "续建": "construction", "在建": "construction", "前期": "preparation",
                 "加快前期": "preparation", "预备": "preparation", "计划新开工": "preparation", "新开工": "preparation",
                 "储备": "reserve", "谋划": "reserve", "竣工": "completed", "竣工投产": "completed",
                 "投产": "operating", "建成投产": "operating", "续  建": "construction",
                 "（一）续建项目(597个)": "construction", "【预备】(1个)": "preparation"}
        for word, stage in cases.items():
            with self.subTest(word=word):
                self.assertEqual(V.stage_of(word), stage)
        self.assertIsNone(V.stage_of("基础设施工程"))

    def test_names_split(self):
        self.assertEqual(V.names_of("甲公司、乙公司，丙公司;丁\n戊；甲公司"), ["甲公司", "乙公司", "丙公司", "丁", "戊"])
        self.assertEqual(V.names_of("待定"), [])
        self.assertEqual([V.serial_of(v) for v in ("1.0", 20.0, "（1）", "1、", "1．")], ["1", "20", "1", "1", "1"])

    def test_regions_with_and_without_suffix_and_former_names(self):
        regions = RegionMatcher([("211102", "双台子区", ""), ("211103", "兴隆台区", ""), ("211122", "盘山县", ""),
                                   ("211171", "辽东湾新区", "辽东湾")], former_names={"盘锦经济开发区": "211171"})
        self.assertEqual([regions.match(t) for t in ("双台子", "双台子区", "盘锦市兴隆台区", "盘山", "辽东湾",
                                                     "盘锦经济开发区", "大洼")],
                         ["211102", "211102", "211103", "211122", "211171", "211171", None])


class HeaderTests(SimpleTestCase):
    def test_header_words_and_year_stamps(self):
        self.assertEqual(field_for("2019年计划投资"), ("annual_plan", 2019))
        self.assertEqual(field_for("2021年投资计划/小计"), ("annual_plan", 2021))
        self.assertEqual(field_for("2024年计划投资/市财政"), (None, None))
        self.assertEqual(field_for("项目资金来源/计划总投资"), ("total_investment", None))
        self.assertEqual(field_for("求和项:总投资"), ("total_investment", None))

    def test_title_lines_are_skipped_and_units_read(self):
        rows = [["附件－3"], ["2 0 2 0 年 自 治 区 重 点 项 目 计 划"], ["单位：个，亿元"],
                ["序号", "项 目 名 称", "总投资（万元）", "年度计划投资"], [1, "甲", 1, 2]]
        header = find_header(rows)
        self.assertEqual((header.first_row, header.last_row, header.unit, header.title_year), (3, 3, "亿元", 2020))
        self.assertEqual([(c.name, c.unit) for c in header.columns],
                         [("序号", None), ("项目名称", None), ("总投资", "万元"), ("年度计划投资", None)])
