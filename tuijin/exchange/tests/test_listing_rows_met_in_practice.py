"""Rows and headers met in published lists (shared/reference/list-layouts.md) that a first reading got wrong:
district-wide names, a section's numeral in the 序号 column, sections without numerals side by side, "其中"
breakdowns, subtotals above or below their rows, a unit on a parent header, a prior year's column, periods typed
as numbers, a column-number row, merged section and note rows near the top."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from .test_listing_parse import parsed, xlsx

D = Decimal
H = ["序号", "项目名称", "建设单位", "总投资", "2025年计划投资"]


def outcome(rows):
    return [(r.row_number, r.kind, r.values.get("name") or r.values.get("label")) for r in rows]


def disagreeing(result):
    return [(c.row_number, c.field, c.stated, c.computed) for c in result.checks if not c.agrees]


class TotalsTests(SimpleTestCase):
    def test_a_name_that_starts_with_quanqu_is_a_project_and_quanqu_alone_a_total(self):
        result, rows = parsed(xlsx(("Sheet1", [
            H,
            [1, "全区农村公路提升改造工程", "区交通局", 3000, 1500],
            [2, "全市智慧停车场建设项目", "城投公司", 5000, 2000],
            ["", "全区(共2个)", "", 8000, 3500],
            ["", "全区合计", "", 8000, 3500],
        ])))
        self.assertEqual([(n, k) for n, k, _ in outcome(rows)], [(2, "project"), (3, "project"), (4, "total"), (5, "total")])
        self.assertEqual(disagreeing(result), [])  # 3000 + 5000 = 8000; 1500 + 2000 = 3500

    def test_a_subtotal_under_its_heading_waits_for_its_rows_and_one_under_them_closes_them(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "一、续建项目", "", ""],
            ["", "小计", "", 13600],
            [1, "辽河大桥", "交投", 10000],
            [2, "兴隆路改造", "城投", 3000],
            ["", "交通", "", ""],
            [3, "兴隆大桥", "交投", 500],
            ["", "交通类小计", "", 500],
            [4, "兴隆路绿化", "城投", 100],
            ["", "二、新开工项目", "", ""],
            [5, "食品加工厂", "某公司", 200],
            ["", "本页小计", "", 99999],
        ])))
        kinds = dict((n, k) for n, k, _ in outcome(rows))
        self.assertEqual((kinds[3], kinds[8], kinds[12]), ("total", "total", "total"))
        # 小计 over 续建项目 is checked once its rows are read, not against none at once: 10000 + 3000 + 500 + 100
        # = 13600. 交通类小计 (500) closes 交通: 兴隆路绿化 is in 续建项目 only. 本页小计 is a printed page's,
        # checked against nothing.
        self.assertEqual(disagreeing(result), [])
        green = next(r for r in rows if r.values.get("name") == "兴隆路绿化")
        self.assertEqual(green.values["section"], "一、续建项目")

    def test_a_total_rounded_to_the_places_it_prints_agrees_with_its_rows(self):
        result, _rows = parsed(xlsx(("Sheet1", [
            ["单位：亿元"], ["序号", "项目名称", "总投资"],
            [1, "辽河大桥", 0.123], [2, "兴隆路改造", 0.456],
            ["", "合计", 0.58],  # 0.579 亿元 printed to two places: within 0.005 亿元 (50 万元)
            ["", "总计", 0.6],  # 0.579 to one place is 0.6: within 0.05 亿元
            ["", "共计", 0.57],  # 0.579 is 0.58 to two places, not 0.57: 90 万元 off, more than 50
        ])))
        self.assertEqual(disagreeing(result), [(7, "total_investment", D("5700.00"), D("5790.00"))])


class SectionsTests(SimpleTestCase):
    def test_a_sections_numeral_in_the_serial_column_kunming(self):
        """昆明: "一|农林水利|14|…" — the numeral in 序号, the section's name in the name column."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["单位：万元"], H,
            ["一", "基础设施", "", 13000, 5500],
            ["（一）", "交通", "", 13000, 5500],
            [1, "辽河大桥", "交投", 10000, 4000],
            [2, "兴隆路改造", "城投", 3000, 1500],
            ["二", "产业发展", "", 500, 100],
            [3, "食品加工厂", "某公司", 500, 100],
        ])))
        self.assertEqual(outcome(rows), [(3, "section", "一、基础设施"), (4, "section", "(一)交通"),
                                         (5, "project", "辽河大桥"), (6, "project", "兴隆路改造"),
                                         (7, "section", "二、产业发展"), (8, "project", "食品加工厂")])
        self.assertEqual(rows[2].values["category"], "infrastructure")  # from 基础设施 down to its rows
        self.assertEqual(rows[5].values["category"], "industry")
        self.assertEqual(disagreeing(result), [])

    def test_sections_without_numerals_sit_side_by_side(self):
        """河南 "续建项目(597个)", then "新开工项目"; 广西 group rows by unit, 序号 empty."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["单位：万元"], H,
            ["", "续建项目(2个)", "", 13000, 5500],
            [1, "辽河大桥", "交投", 10000, 4000],
            [2, "兴隆路改造", "城投", 3000, 1500],
            ["", "新开工项目(1个)", "", 500, 100],
            [3, "食品加工厂", "某公司", 500, 100],
        ]), ("单位分组", [
            ["序号", "项目名称", "项目个数", "总投资"],
            ["", "区交通局", 2, 13000],
            [1, "辽河大桥", "", 10000],
            [2, "兴隆路改造", "", 3000],
            ["", "区住建局", 1, 500],
            [3, "老旧小区改造", "", 500],
        ])))
        sections = [(r.values["label"], r.values["level"]) for r in rows if r.kind == "section"]
        self.assertEqual(sections, [("续建项目", 1), ("新开工项目", 1), ("区交通局", 1), ("区住建局", 1)])
        food = next(r for r in rows if r.values.get("name") == "食品加工厂")
        self.assertEqual((food.values["stage"], food.values["section"]), ("preparation", "新开工项目"))
        housing = next(r for r in rows if r.values.get("name") == "老旧小区改造")
        self.assertNotIn("category", housing.values)  # 区交通局's 交通 stays with its own rows
        self.assertEqual(disagreeing(result), [])  # 续建 2 rows 13000; 区交通局 2 rows 13000; …

    def test_a_leaders_surname_closing_a_section_row_that_counts_its_projects_shanghai(self):
        """上海: "社会民生类  29项 523656 何" — the surname of the leader over the group, not a project's."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "项目个数", "总投资", "责任领导"],
            ["", "社会民生类", "2项", 13000, "何"],
            [1, "市第一医院新院区", "", 10000, "何伟"],
            [2, "实验中学", "", 3000, "何伟"],
            ["", "城市基础设施类", "1项", 500, "孙、王"],
            [3, "辽河大桥", "", 500, "孙强、王刚"],
        ])))
        self.assertEqual([r.kind for r in rows], ["section", "project", "project", "section", "project"])
        self.assertEqual(rows[5 - 1].values["leaders"], ["孙强", "王刚"])
        self.assertEqual(disagreeing(result), [])

    def test_qizhong_rows_are_parts_of_the_row_above_not_projects_or_sections(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["单位：万元"], ["序号", "项目名称", "项目个数", "建设性质", "总投资"],
            ["", "合计", "", "", 13500],
            ["", "其中：续建项目", 2, "", 13000],
            ["", "新开工项目", 1, "", 500],
            [1, "辽河大桥", "", "续建", 10000],
            ["", "其中：辽河大桥东段", "", "", 4000],
            [2, "兴隆路改造", "", "续建", 3000],
            [3, "食品加工厂", "", "新开工", 500],
        ])))
        self.assertEqual([k for _n, k, _l in outcome(rows)],
                         ["total", "breakdown", "breakdown", "project", "breakdown", "project", "project"])
        self.assertEqual([r.values["stage"] for r in rows if r.kind == "project"],
                         ["construction", "construction", "preparation"])  # no section's 前期 over them
        self.assertEqual(disagreeing(result), [])  # 10000 + 3000 + 500 = 13500

    def test_a_project_numbered_in_the_serial_column_is_one_whatever_its_name_starts_with(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "总投资"],
            [1, "(1)辽河大桥项目", 10000],
            [2, "【续建】兴隆路改造", 3000],
        ])))
        self.assertEqual(outcome(rows), [(2, "project", "辽河大桥项目"), (3, "project", "【续建】兴隆路改造")])

    def test_a_section_and_a_note_merged_across_a_short_table_read_as_one_cell(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["2025年重点项目计划"], ["单位：万元"], H,
            ["一、续建项目（2个）", "", "", "", ""],
            [1, "辽河大桥", "交投", 10000, 4000],
            [2, "兴隆路改造", "城投", 3000, 1500],
            ["备注：标“★”的为2025年市级重大项目。", "", "", "", ""],
            ["填报单位：双台子区发改局", "", "联系人：张三", "电话：0427-1234567", ""],
        ]), merges={"Sheet1": ["A1:E1", "A2:E2", "A4:E4", "A7:E7"]}))
        self.assertEqual([(n, k) for n, k, _l in outcome(rows)],
                         [(4, "section"), (5, "project"), (6, "project"), (7, "note"), (8, "note")])
        self.assertEqual(rows[0].problems, [])  # not "不是金额" in every column it spans
        self.assertEqual(rows[1].values["stage"], "construction")

    def test_a_row_numbering_the_columns_under_the_header_is_skipped(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资", "年度计划投资"],
            [1, 2, 3, 4, 5],
            [1, "辽河大桥", "交投", 10000, 4000],
        ])))
        self.assertEqual(outcome(rows), [(2, "column_numbers", None), (3, "project", "辽河大桥")])


class HeaderTests(SimpleTestCase):
    def test_a_unit_on_the_parent_of_a_two_row_header_whose_first_columns_are_merged_down(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["2025年重点项目计划"],
            ["序号", "项目名称", "项目基本情况", "", "投资（亿元）", ""],
            ["", "", "建设单位", "建设性质", "总投资", "2025年计划投资"],
            [1, "辽河大桥", "交投", "续建", 1.5, 0.4],
        ]), merges={"Sheet1": ["A2:A3", "B2:B3", "C2:D2", "E2:F2"]}))
        # 1.5 亿元 = 15,000 万元; 0.4 亿元 = 4,000 万元.
        self.assertEqual((rows[0].values["total_investment"], rows[0].values["annual_plan"]),
                         (D("15000.00"), D("4000.00")))
        self.assertEqual(rows[0].values["owner_units"], ["交投"])

    def test_a_prior_years_done_investment_is_not_the_years_plan(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "总投资", "2024年完成投资", "2025年计划投资"],
            [1, "辽河大桥", 10000, 3000, 4000],
        ])))
        self.assertEqual((rows[0].values["annual_plan"], rows[0].values["annual_plan_year"]), (D("4000.00"), 2025))

    def test_unit_spellings_in_a_header_cell_and_a_line_above(self):
        _result, rows = parsed(xlsx(("A", [
            ["序号", "项目名称", "总投资(亿)", "年度计划投资\n（单位：万元）"],
            [1, "辽河大桥", 1.5, 4000],
        ]), ("B", [
            ["2025年重点项目计划"], ["", "", "（亿元）"],
            ["序号", "项目名称", "总投资", "年度计划投资"],
            [1, "辽河大桥", 1.5, 0.4],
        ])))
        self.assertEqual([(r.values["total_investment"], r.values["annual_plan"]) for r in rows],
                         [(D("15000.00"), D("4000.00")), (D("15000.00"), D("4000.00"))])


class PeriodTests(SimpleTestCase):
    def test_periods_as_lists_write_them(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "开工时间", "竣工时间", "建设起止年限", "总投资"],
            [1, "辽河大桥", 2024.3, 2026.12, "", 100],  # typed as numbers: March 2024 to December 2026
            [2, "食品加工厂", "", "", "2025年3月-12月", 100],
            [3, "老旧小区改造", "", "", "2025.3-12", 100],  # months 3 to 12 of 2025, not 12 March
            [4, "公园", "", "", "2025-", 100],  # begun in 2025, the end not set
        ])))
        day = datetime.date
        self.assertEqual([(r.values.get("planned_start"), r.values.get("planned_completion")) for r in rows], [
            (day(2024, 3, 1), day(2026, 12, 31)), (day(2025, 3, 1), day(2025, 12, 31)),
            (day(2025, 3, 1), day(2025, 12, 31)), (day(2025, 1, 1), None)])
        self.assertEqual([r.problems for r in rows], [[], [], [], []])


class RowsOfOneProjectTests(SimpleTestCase):
    def test_a_name_broken_onto_the_next_row_is_joined_but_a_sections_word_heads_a_section(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            [1, "辽河大桥及两岸道路提升", "交投", 10000],
            ["", "改造工程", "", ""],
            [2, "兴隆路", "城投", 3000],
            ["", "（一期）", "", ""],
            ["", "基础设施工程", "", ""],  # 广东: a section without a numeral, its word a category's
            [3, "污水处理厂", "水务局", 100],
        ])))
        self.assertEqual([(r.kind, r.values.get("name") or r.values.get("label")) for r in rows if r.kind != "continuation"],
                         [("project", "辽河大桥及两岸道路提升改造工程"), ("project", "兴隆路(一期)"),
                          ("section", "基础设施工程"), ("project", "污水处理厂")])

    def test_the_rows_of_a_projects_merged_name_cell_are_that_project(self):
        """宁夏 2020: one project over several rows, its number, name and total merged down, a second owner and
        funding source on the rows below."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资", "投资来源"],
            [1, "辽河大桥", "交投", 10000, "银行贷款"],
            ["", "", "城投", "", "财政资金"],
            ["", "", "省交投", "", "专项债"],
            [2, "兴隆路改造", "城投", 3000, "财政资金"],
            ["", "合计", "", 13000, ""],
        ]), merges={"Sheet1": ["A2:A4", "B2:B4", "D2:D4"]}))
        self.assertEqual([r.kind for r in rows], ["project", "continued", "continued", "project", "total"])
        self.assertEqual(rows[0].values["owner_units"], ["交投", "城投", "省交投"])
        self.assertEqual(disagreeing(result), [])  # two projects, 10000 + 3000: not 10000 counted three times


class FormulaErrorTests(SimpleTestCase):
    def test_a_formula_error_in_a_projects_cell_is_told_not_dropped(self):
        """Excel saves "#REF!" where a formula lost its cells; calamine reads such a cell as empty."""
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "总投资", "年度计划投资"],
            [1, "辽河大桥", 10000, 4000],
            [2, "兴隆路改造", 3000, "#REF!"],
            [3, "食品加工厂", "#DIV/0!", 100],
        ])))
        self.assertEqual([r.problems for r in rows], [
            [], ["D列：单元格是公式错误（如#REF!、#DIV/0!），未读取，请在表中改正"],
            ["C列：单元格是公式错误（如#REF!、#DIV/0!），未读取，请在表中改正"]])
        self.assertNotIn("annual_plan", rows[1].values)


class NotOverreadTests(SimpleTestCase):
    """What the rules above must leave alone (a review of them, row by row)."""

    def test_group_rows_after_a_project_are_not_glued_to_its_name(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            [1, "辽河大桥", "交投", 10000],
            ["", "高新区项目", "", ""],
            [2, "食品产业园", "某公司", 500],
            ["", "乡村振兴项目", "", ""],
            [3, "高标准农田", "农业局", 500],
        ])))
        self.assertEqual(outcome(rows), [(2, "project", "辽河大桥"), (3, "section", "高新区项目"),
                                         (4, "project", "食品产业园"), (5, "section", "乡村振兴项目"),
                                         (6, "project", "高标准农田")])

    def test_a_heading_after_a_qizhong_row_heads_its_rows(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "合计", "", 13500],
            ["", "其中：续建", "", 13000],
            ["", "续建项目", "", 13000],  # the stage the part above named, again: the heading of its rows
            [1, "辽河大桥", "交投", 10000],
            [2, "兴隆路改造", "城投", 3000],
            ["", "新开工项目(3个)", "", 700],  # over 食品产业园 and the groups under it: 500 + 100 + 100
            [3, "食品产业园", "某公司", 500],
            ["", "南宁市", "", ""],
            [4, "邕江大桥", "交投", 100],
            ["", "其中：一期", "", 60],  # a part of the project above
            ["", "柳州市", "", ""],  # a group of its own, not a second part
            [5, "柳江大桥", "交投", 100],
        ])))
        kinds = [(n, k) for n, k, _l in outcome(rows)]
        self.assertEqual([k for _n, k in kinds],
                         ["total", "breakdown", "section", "project", "project", "section", "project", "section",
                          "project", "breakdown", "section", "project"])
        self.assertEqual(rows[3].values["stage"], "construction")
        self.assertEqual(rows[11].values["section"], "新开工项目 / 柳州市")  # beside 南宁市, both under the heading
        self.assertEqual([d for d in disagreeing(result) if d[0] != 2], [])  # the 合计 also covers 邕江 and 柳江

    def test_a_name_merged_over_the_serial_and_name_columns_near_the_top(self):
        """芜湖: a data row's merge "A4:B4" holding the name in its first cell."""
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            [1, "辽河大桥", "交投", 100],
            ["兴隆路改造工程", "", "城投", 200],
        ]), merges={"Sheet1": ["A3:B3"]}))
        self.assertEqual(outcome(rows), [(2, "project", "辽河大桥"), (3, "project", "兴隆路改造工程")])

    def test_lines_with_their_own_number_and_money_under_a_merged_name_are_projects(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设内容", "建设单位", "总投资"],
            [1, "辽河综合治理工程", "一期：堤防5公里", "水务局", 100],
            [2, "", "二期：湿地公园", "城投公司", 200],
            ["", "合计", "", "", 300],
        ]), merges={"Sheet1": ["B2:B3"]}))
        self.assertEqual([r.kind for r in rows], ["project", "project", "total"])
        self.assertEqual(disagreeing(result), [])  # 100 + 200

    def test_plan_columns_that_say_done_as_planned_are_the_plan(self):
        for header in ("2025年预计完成投资", "2025年完成投资计划"):
            _result, rows = parsed(xlsx(("Sheet1", [["序号", "项目名称", "总投资", header], [1, "辽河大桥", 10000, 4000]])))
            self.assertEqual(rows[0].values.get("annual_plan"), D("4000.00"), header)

    def test_a_short_list_numbering_its_projects_yi_er_keeps_them_projects(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "总投资", "年度计划投资"],
            ["一", "辽河大桥", 10000, 4000],
            ["二", "兴隆路改造", 3000, 1500],
        ])))
        self.assertEqual([r.kind for r in rows], ["project", "project"])

    def test_whole_numbers_and_quanshi_names(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["单位：亿元"], ["序号", "项目名称", "建设地点", "总投资"],
            [1, "全市2025年老旧小区改造项目", "市区", 12.3],
            ["", "全市2025年城镇燃气管网更新", "市区", 45.6],  # no number of its own: still a project, not a total
            [2, "农村公路提升改造", "全区", 0.1],  # 全区 as its place
            ["", "合计", "", 58],  # 57.99 亿元 printed as a whole number: within 0.5 亿元
        ])))
        self.assertEqual([r.kind for r in rows], ["project", "project", "project", "total"])
        self.assertEqual(disagreeing(result), [])

    def test_named_subtotals_with_a_count_or_a_colon_and_one_over_its_subsections(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "一、续建项目", "", ""],
            ["", "（一）交通", "", ""],
            [1, "辽河大桥", "交投", 100],
            ["", "交通类小计(1个)", "", 100],
            ["", "（二）水利", "", ""],
            [2, "水库", "水务", 50],
            ["", "水利类小计：", "", 50],
            ["", "续建项目小计", "", 150],  # over （一） and （二）: 100 + 50
        ])))
        self.assertEqual([r.kind for r in rows if r.values.get("label", "").endswith(("小计", "小计(1个)", "小计:"))],
                         ["total", "total", "total"])
        self.assertEqual(disagreeing(result), [])

    def test_a_unit_cell_merged_down_into_the_header_is_not_a_header_row(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["附件1", "", "", "", "单位：亿元"],  # a tall unit cell right of the table, over the header's row
            ["序号", "项目名称", "建设单位", "总投资", ""],
            [1, "辽河大桥", "交投", 1.5, ""],
        ]), merges={"Sheet1": ["E1:E2"]}))
        self.assertEqual(rows[0].values["total_investment"], D("15000.00"))

    def test_ambiguous_and_open_periods(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "开工时间", "建设起止年限", "总投资"],
            [1, "辽河大桥", 2024.1, "", 100],  # Excel's 2024.10 or 2024.1: it cannot say which
            [2, "兴隆路改造", "", "2025.11-2", 100],  # November 2025 to February 2026
            [3, "食品加工厂", "", "2025年至今", 100],
        ])))
        self.assertEqual(len(rows[0].problems), 1)
        self.assertIn("1月还是10月", rows[0].problems[0])
        self.assertNotIn("planned_start", rows[0].values)
        self.assertEqual((rows[1].values["planned_start"], rows[1].values["planned_completion"]),
                         (datetime.date(2025, 11, 1), datetime.date(2026, 2, 28)))
        self.assertEqual((rows[2].values["planned_start"], rows[2].values["planned_completion"]),
                         (datetime.date(2025, 1, 1), None))


class SecondReviewTests(SimpleTestCase):
    """Lists a second review of the rules above built, each read as it means."""

    def test_a_running_number_beside_a_numbered_section_label_still_heads_a_section(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            [1, "一、续建项目", "", 13500],  # its rows and its subsection's: 10000 + 3000 + 500
            [1, "辽河大桥", "交投", 10000],
            [2, "兴隆路改造", "城投", 3000],
            [2, "（一）交通", "", 500],
            [1, "兴隆大桥", "交投", 500],
        ])))
        self.assertEqual([r.kind for r in rows], ["section", "project", "project", "section", "project"])
        self.assertEqual(rows[1].values["stage"], "construction")
        self.assertEqual(disagreeing(result), [])

    def test_four_character_group_rows_after_a_project_stay_groups(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            [1, "辽河大桥", "交投", 100],
            ["", "城市建设", "", ""],
            [2, "兴隆路改造", "城投", 100],
            ["", "(市直)", "", ""],
            [3, "市民中心", "城投", 100],
        ])))
        self.assertEqual(outcome(rows), [(2, "project", "辽河大桥"), (3, "section", "城市建设"),
                                         (4, "project", "兴隆路改造"), (5, "section", "(市直)"),
                                         (6, "project", "市民中心")])

    def test_unit_groups_under_a_stage_heading_without_numerals(self):
        """河南's "续建项目(597个)" over 广西's group rows by place."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "项目个数", "总投资"],
            ["", "续建项目(3个)", "", 13500],
            ["", "南宁市", "2个", 13000],
            [1, "辽河大桥", "", 10000],
            [2, "兴隆路改造", "", 3000],
            ["", "柳州市", "1个", 500],
            [1, "食品加工厂", "", 500],
            ["", "新开工项目(1个)", "", 200],
            ["", "南宁市", "1个", 200],
            [1, "实验小学", "", 200],
        ])))
        projects = {r.values["name"]: (r.values["stage"], r.values["section"]) for r in rows if r.kind == "project"}
        self.assertEqual(projects["食品加工厂"], ("construction", "续建项目 / 柳州市"))
        self.assertEqual(projects["实验小学"], ("preparation", "新开工项目 / 南宁市"))
        self.assertEqual(disagreeing(result), [])  # 续建 3 rows 13500 = 10000 + 3000 + 500

    def test_a_group_merged_over_the_serial_and_name_columns_is_a_group(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["南宁市人民政府", "", "1个", 100],
            [1, "辽河大桥", "交投", 100],
        ]), merges={"Sheet1": ["A2:B2"]}))
        self.assertEqual(outcome(rows), [(2, "section", "南宁市人民政府"), (3, "project", "辽河大桥")])

    def test_subtotals_in_a_list_without_sections_cover_the_rows_since_the_last(self):
        result, _rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "总投资"],
            [1, "辽河大桥", 10000], [2, "兴隆路改造", 3000],
            ["", "小计", 13000],
            [3, "食品加工厂", 500], [4, "实验小学", 200],
            ["", "小计", 700],  # 500 + 200, not 13700
            ["", "合计", 13700],
        ])))
        self.assertEqual(disagreeing(result), [])

    def test_funding_rows_under_a_merged_name_say_their_amounts_not_added(self):
        """宁夏 2020: a project over several rows, a funding source a row. A row's amount may be a part of the
        project's or the same again: it is said on its row, not added, and the 合计 check shows which it was."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资", "投资来源", "2025年计划投资"],
            [1, "银川综合管廊", "城投", 9000, "银行贷款", 3000],
            ["", "", "省城投", "", "专项债", 2000],
            ["", "", "", "", "财政资金", 1000],
            [2, "吴忠水厂", "水务", 500, "财政资金", 100],
            ["", "合计", "", 9500, "", 6100],  # 9000 once, not three times; the plan's parts 3000 + 2000 + 1000 + 100
        ]), merges={"Sheet1": ["A2:A4", "B2:B4", "D2:D4"]}))
        self.assertEqual([r.kind for r in rows], ["project", "continued", "continued", "project", "total"])
        self.assertEqual((rows[0].values["total_investment"], rows[0].values["annual_plan"],
                          rows[0].values["owner_units"]), (D("9000.00"), D("3000.00"), ["城投", "省城投"]))
        self.assertEqual(rows[1].problems, ["F列的金额2000未计入项目（同一项目的下一行，请核对）"])
        # 9500 agrees; 6100 stated against 3000 + 100 read: reported, so the clerk sees the parts were not added.
        self.assertEqual(disagreeing(result), [(6, "annual_plan", D("6100.00"), D("3100.00"))])


class ThirdReviewTests(SimpleTestCase):
    def test_sections_without_numerals_by_sort_category_over_stage_over_group(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "交通类", "", ""],
            ["", "续建项目", "", ""],
            ["", "市交通运输委员会", "", ""],
            [1, "辽河大桥", "交投", 100],
            ["", "新开工项目", "", ""],
            [2, "兴隆路", "城投", 100],
            ["", "水利类", "", ""],
            [3, "辽河堤防", "水务", 100],
            ["", "乡村振兴项目", "", ""],  # a heading of no known sort: beside the one before
            [4, "高标准农田", "农业局", 100],
        ])))
        sections = {r.values["name"]: r.values["section"] for r in rows if r.kind == "project"}
        self.assertEqual(sections, {"辽河大桥": "交通类 / 续建项目 / 市交通运输委员会", "兴隆路": "交通类 / 新开工项目",
                                    "辽河堤防": "水利类", "高标准农田": "乡村振兴项目"})

    def test_a_heading_naming_works_after_a_project_is_a_heading(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            [1, "辽河大桥", "交投", 100],
            ["", "改扩建项目", "", ""],
            [2, "第一中学", "教育局", 100],
            ["", "扩建工程", "", ""],  # the end of 第一中学's name
        ])))
        self.assertEqual(outcome(rows)[:3], [(2, "project", "辽河大桥"), (3, "section", "改扩建项目"),
                                             (4, "project", "第一中学扩建工程")])

    def test_phase_lines_with_their_own_works_under_a_merged_number_and_name_are_projects(self):
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设内容", "建设单位", "总投资"],
            [1, "辽河综合治理工程", "一期：堤防5公里", "水务局", 100],
            ["", "", "二期：湿地公园", "城投公司", 200],
            ["", "合计", "", "", 300],
        ]), merges={"Sheet1": ["A2:A3", "B2:B3"]}))
        self.assertEqual([(r.kind, r.values.get("content")) for r in rows[:2]],
                         [("project", "一期:堤防5公里"), ("project", "二期:湿地公园")])
        self.assertEqual(disagreeing(result), [])

    def test_subtotals_on_top_of_their_rows_in_a_list_without_sections(self):
        result, _rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "总投资"],
            ["", "小计", 13000], [1, "辽河大桥", 10000], [2, "兴隆路改造", 3000],
            ["", "小计", 700], [3, "食品加工厂", 500], [4, "实验小学", 200],
        ])))
        self.assertEqual(disagreeing(result), [])  # 10000 + 3000 and 500 + 200

    def test_a_totals_parts_by_source_or_with_counts_and_a_part_named_again_heads_its_rows(self):
        _result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "合计", "", 13500],
            ["", "其中：政府投资项目", "", 13000],
            ["", "社会投资项目", "", 500],
            ["", "其中：续建项目（2个）", "", 13000],
            ["", "新开工项目（1个）", "", 500],
            ["", "续建项目", "", 13000],  # named again: the heading of its rows
            [1, "辽河大桥", "交投", 10000],
        ])))
        self.assertEqual([r.kind for r in rows], ["total", "breakdown", "breakdown", "breakdown", "breakdown",
                                                  "section", "project"])
        self.assertEqual(rows[6].values["stage"], "construction")

    def test_a_qizhong_row_first_under_the_header(self):
        _result, rows = parsed(xlsx(("Sheet1", [["序号", "项目名称", "总投资"], ["", "其中：续建项目", 100], [1, "辽河大桥", 100]])))
        self.assertEqual([r.kind for r in rows], ["breakdown", "project"])

    def test_groups_named_for_a_person_or_a_body_sit_under_the_stage_heading(self):
        """奉节: leaders' names as group rows; 贵港: "市直" beside the counties, both under stage headings."""
        result, rows = parsed(xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "续建项目", "", 200],
            ["", "市直", "", 100], [1, "辽河大桥", "交投", 100],
            ["", "肖洪波", "", 100], [2, "古镇", "文旅", 100],
            ["", "新开工项目", "", 100],
            ["", "平南县", "", 100], [3, "食品厂", "某公司", 100],
        ])))
        sections = {r.values["name"]: (r.values["stage"], r.values["section"]) for r in rows if r.kind == "project"}
        self.assertEqual(sections, {"辽河大桥": ("construction", "续建项目 / 市直"),
                                    "古镇": ("construction", "续建项目 / 肖洪波"),
                                    "食品厂": ("preparation", "新开工项目 / 平南县")})
        self.assertEqual(disagreeing(result), [])
