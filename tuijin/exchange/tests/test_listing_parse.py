"""Reading published project lists in the layouts met in practice (shared/reference/list-layouts.md)."""

import csv
import datetime
import io
import time
from decimal import Decimal

from django.test import SimpleTestCase
from openpyxl import Workbook

from tuijin.exchange.listing.parse import parse_file
from tuijin.org.region_names import RegionMatcher

D = Decimal
day = datetime.date


def xlsx(*sheets, merges=None):
    """Bytes of a workbook with sheets given as (title, rows); `merges` {title: ["A3:A4", …]}."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for ref in (merges or {}).get(title, ()):
            sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parsed(data, **kwargs):
    result = parse_file(data, **kwargs)
    rows = list(result)
    return result, rows


def kinds(rows):
    return [(r.row_number, r.kind) for r in rows]


GUILIN = [
    ["附件1"],
    ["桂林市2022年重大（前期）项目投资计划"],
    ["单位：万元"],
    ["序号", "项目名称", "建设规模及内容", "总投资", "2022年前期工作或工程\n形象进度目标", "项目业主", "责任单位", "", ""],
    ["", "合计", 3, "402610.5"],
    ["", "一、基础设施", 3, 402610.5],
    ["", "——铁路", 2, 402600],
    [1.0, "★贵阳至南宁铁路", "新建铁路120公里", "400,000", "完成初设", "甲铁路公司、乙投资公司", "市发改委；市交通局", "前期", "铁路"],
    [2.0, "桂林北站改造", "站房改造", 2600, "开工", "桂林城投", "市交通局", "加快建设", "铁路"],
    ["", "——公路", 1, 10],
    [3.0, "兴安公路", "二级公路", "10.5", "", "待定", "", "前期", "公路"],
    ["备注：标“★”的为2022年重大项目。"],
]


class GuilinLayoutTests(SimpleTestCase):
    """附件 label, title, unit line, one header row, a 合计 row on top, 一、/——铁路 sections with counts and
    amounts in cells of their own, stage words in two columns without a header."""

    def setUp(self):
        self.data = xlsx(("Sheet1", GUILIN))

    def test_rows_are_classified_and_read_exactly(self):
        result, rows = parsed(self.data)
        self.assertEqual(kinds(rows), [(5, "total"), (6, "section"), (7, "section"), (8, "project"), (9, "project"),
                                       (10, "section"), (11, "project"), (12, "note")])
        info = result.sheets[0]
        self.assertEqual(info.unit, "万元")
        self.assertEqual(info.mapping, {
            "序号": "serial", "项目名称": "name", "建设规模及内容": "content", "总投资": "total_investment",
            "2022年前期工作或工程形象进度目标": "annual_target", "项目业主": "owner_units",
            "责任单位": "responsible_units", "列H": "stage", "列I": "category"})
        first = rows[3].values
        self.assertEqual(first["name"], "贵阳至南宁铁路")
        self.assertEqual(first["marks"], "★")
        self.assertEqual(first["total_investment"], D("400000.00"))  # text "400,000" 万元
        self.assertEqual(first["owner_units"], ["甲铁路公司", "乙投资公司"])
        self.assertEqual(first["responsible_units"], ["市发改委", "市交通局"])
        self.assertEqual((first["stage"], first["category"]), ("preparation", "infrastructure"))
        self.assertEqual(first["section"], "一、基础设施 / ——铁路")
        self.assertEqual(rows[4].values["stage"], "construction")  # 加快建设
        self.assertEqual(rows[6].values.get("owner_units", []), [])  # 待定 names nobody

    def test_totals_and_sections_are_checked_against_their_rows(self):
        result, rows = parsed(self.data)
        # 合计: 3 projects, 400000 + 2600 + 10.5 = 402610.50 万元 — agrees.
        # ——铁路: 2 projects, 400000 + 2600 = 402600 — agrees. ——公路: states 10, its one row holds 10.50.
        self.assertEqual(rows[0].problems, [])
        self.assertEqual(rows[2].problems, [])
        self.assertEqual(rows[5].problems, ["——公路：总投资写的是10.00万元，所含1个项目合计为10.50万元"])
        self.assertEqual(rows[1].problems, [])
        disagreeing = [(c.row_number, c.field) for c in result.checks if not c.agrees]
        self.assertEqual(disagreeing, [(10, "total_investment")])


class TwoRowHeaderTests(SimpleTestCase):
    """宿迁/广东: a year-stamped parent merged over children, 序号 and 项目名称 spanning both rows, a word
    split over two rows without a merge, a spaced-out label; 亿元 and 万元 in one table."""

    def test_parent_over_children_and_units_per_column(self):
        data = xlsx(("计划", [
            ["2024年中心城市建设重点工程计划"],
            ["序号", "项 目 名 称", "建设起", "总投资额(亿元)", "2024年计划投资", "", "", "建设单位"],
            ["", "", "止年限", "", "小计", "市财政", "社会资本", ""],
            [1, "运河大道\n改造工程", "2023-2025", "1.5", "3,000", "1000", "2000", "市城投"],
            [2, "古黄河公园", "2024年10月", 0.25, 500.5, "", "", "市园林局\n市城投"],
        ]), merges={"计划": ["A2:A3", "B2:B3", "D2:D3", "E2:G2", "H2:H3"]})
        result, rows = parsed(data)
        header = result.sheets[0].header
        self.assertEqual([c.name for c in header.columns],
                         ["序号", "项目名称", "建设起止年限", "总投资额", "2024年计划投资/小计", "2024年计划投资/市财政",
                          "2024年计划投资/社会资本", "建设单位"])
        self.assertEqual(result.sheets[0].mapping, {
            "序号": "serial", "项目名称": "name", "建设起止年限": "period", "总投资额": "total_investment",
            "2024年计划投资/小计": "annual_plan", "建设单位": "owner_units"})
        self.assertEqual(kinds(rows), [(4, "project"), (5, "project")])
        a, b = rows[0].values, rows[1].values
        self.assertEqual(a["name"], "运河大道改造工程")
        self.assertEqual(a["total_investment"], D("15000.00"))  # 1.5 亿元 × 10000
        self.assertEqual(a["annual_plan"], D("3000.00"))  # "3,000" 万元
        self.assertEqual(a["annual_plan_year"], 2024)
        self.assertEqual((a["planned_start"], a["planned_completion"]), (day(2023, 1, 1), day(2025, 12, 31)))
        self.assertEqual(b["total_investment"], D("2500.00"))  # 0.25 亿元
        self.assertEqual(b["annual_plan"], D("500.50"))
        self.assertEqual((b["planned_start"], b["planned_completion"]), (day(2024, 10, 1), day(2024, 10, 31)))
        self.assertEqual(b["owner_units"], ["市园林局", "市城投"])
        self.assertEqual(rows[0].problems + rows[1].problems, [])

    def test_unit_note_in_yi_and_excel_date_serials(self):
        data = xlsx(("表", [
            ["2025年重点项目表", "", "金额单位：亿元"],
            ["序号", "项目名称", "总投资", "年度计划投资", "计划开工", "计划竣工", "建设性质", "建设地点"],
            ["1.0", "北港物流园", "１２．３", 2, 45597, "2026年6月", "新开工", "盘山县坝墙子镇"],
            ["2", "双台子污水厂", "0.0001", "—", "2024", "2025", "续建", "双台子"],
        ]))
        regions = RegionMatcher([("211102", "双台子区", ""), ("211122", "盘山县", "")])
        result, rows = parsed(data, regions=regions)
        self.assertEqual(result.sheets[0].unit, "亿元")
        a, b = rows[0].values, rows[1].values
        self.assertEqual(a["serial"], "1")
        self.assertEqual(a["total_investment"], D("123000.00"))  # full-width 12.3 亿元 × 10000
        self.assertEqual(a["annual_plan"], D("20000.00"))
        self.assertEqual(a["annual_plan_year"], 2025)  # from the title
        self.assertEqual(a["planned_start"], day(2024, 11, 1))  # serial 45597
        self.assertEqual(a["planned_completion"], day(2026, 6, 30))
        self.assertEqual((a["stage"], a["region"]), ("preparation", "211122"))
        self.assertEqual(b["total_investment"], D("1.00"))  # 0.0001 亿元 = 1 万元
        self.assertNotIn("annual_plan", b)  # "—" is empty
        self.assertEqual((b["planned_start"], b["planned_completion"]), (day(2024, 1, 1), day(2025, 12, 31)))
        self.assertEqual((b["stage"], b["region"]), ("construction", "211102"))


class ShiftedAndHeaderlessTests(SimpleTestCase):
    def test_name_label_shifted_one_column_right_of_its_values(self):
        data = xlsx(("Sheet1", [
            ["2020年自治区重点项目"],
            ["项目名称", "", "建设单位", "总投资"],
            [1, "银川滨河新区综合管廊", "滨河公司", 100],
            [2, "吴忠市供水管网改造", "吴忠水务", 50],
        ]), merges={"Sheet1": ["A2:B2"]})
        result, rows = parsed(data)
        self.assertEqual(result.sheets[0].mapping, {"项目名称": "serial", "列B": "name", "建设单位": "owner_units",
                                                    "总投资": "total_investment"})
        self.assertEqual([(r.values["serial"], r.values["name"]) for r in rows],
                         [("1", "银川滨河新区综合管廊"), ("2", "吴忠市供水管网改造")])

    def test_two_columns_without_a_header(self):
        data = xlsx(("汇总", [
            ["2025年各省市重大项目汇总"],
            ["铁路", "京唐城际铁路北京隧道段"],
            ["", "市郊铁路东北环线"],
            ["能源", "西气东输四线"],
        ]))
        result, rows = parsed(data)
        self.assertEqual(result.sheets[0].mapping, {"列A": "category", "列B": "name"})
        self.assertEqual([(r.values["name"], r.values.get("category")) for r in rows],
                         [("京唐城际铁路北京隧道段", "infrastructure"), ("市郊铁路东北环线", "infrastructure"),
                          ("西气东输四线", "infrastructure")])
        self.assertEqual([r.values["category_word"] for r in rows], ["铁路", "铁路", "能源"])


class SectionsAndCsvTests(SimpleTestCase):
    def test_stage_sections_apply_to_the_rows_below_and_a_broken_name_is_joined(self):
        data = xlsx(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资", "年度计划投资"],
            ["", "（一）续建项目(2个)"],
            [1, "合川滨江", "合川城投", 100, 10],
            ["", "大道"],
            [2, "涪江码头", "港务公司", "200", "20"],
            ["", "（二）计划新开工项目(1个)"],
            [3, "合川学校", "教委", 30, 3],
            ["", "小计", 1, 30, 3],
            ["", "合计(共4项)", "", 330, 33],
        ]))
        result, rows = parsed(data)
        self.assertEqual(kinds(rows), [(2, "section"), (3, "project"), (4, "continuation"), (5, "project"),
                                       (6, "section"), (7, "project"), (8, "total"), (9, "total")])
        self.assertEqual(rows[1].values["name"], "合川滨江大道")
        self.assertEqual([rows[i].values["stage"] for i in (1, 3, 5)], ["construction", "construction", "preparation"])
        self.assertEqual(rows[5].values["section"], "(二)计划新开工项目")  # the label as read: full-width folded
        # 小计 of （二）: 1 project, 30 / 3 — agrees. 合计 says 4 projects; the table holds 3 (330 / 33 agree).
        self.assertEqual(rows[6].problems, [])
        self.assertEqual(rows[7].problems, ["合计(共4项)：写的是4个项目，实际所含3个"])
        self.assertEqual(rows[0].problems, [])  # 2 projects in （一）

    def test_csv_in_gb18030(self):
        text = io.StringIO()
        csv.writer(text).writerows([["单位：万元"], ["序号", "项目名称", "项目业主", "总投资"],
                                    ["1", "辽河大桥", "交投，城投", "1,234.56"]])
        result, rows = parsed(text.getvalue().encode("gb18030"), filename="list.csv")
        self.assertEqual(rows[0].values, {"serial": "1", "name": "辽河大桥", "owner_units": ["交投", "城投"],
                                          "total_investment": D("1234.56")})

    def test_a_summary_sheet_without_names_is_skipped(self):
        data = xlsx(("汇总", [["单位", "项目个数", "总投资"], ["双台子区", 3, 100]]),
                    ("清单", [["序号", "项目名称", "总投资"], [1, "甲", 1]]))
        result, rows = parsed(data)
        self.assertEqual(result.sheets[0].skipped, "没有项目名称列（汇总表或选项表），不导入")
        self.assertEqual([(r.sheet, r.values["name"]) for r in rows], [("清单", "甲")])

    def test_bad_money_is_reported_with_its_column(self):
        data = xlsx(("S", [["序号", "项目名称", "总投资"], [1, "甲", "约100"], [2, "乙", "-5"]]))
        _, rows = parsed(data)
        self.assertEqual([r.problems for r in rows], [["C列：“约100”不是金额"], ["C列：金额“-5”为负数"]])


class LargeFileTests(SimpleTestCase):
    def test_ten_thousand_rows_parse(self):
        rows = [["单位：万元"], ["序号", "项目名称", "建设单位", "总投资", "年度计划投资", "建设起止年限", "建设性质"]]
        rows += [[i, f"项目{i}", "甲公司、乙公司", i + 0.5, "10", "2024-2026", "续建"] for i in range(1, 10001)]
        data = xlsx(("S", rows))
        started = time.perf_counter()
        result = parse_file(data)
        count = sum(1 for r in result if r.kind == "project")
        elapsed = time.perf_counter() - started
        print(f"\nlistimport: 10000 rows parsed in {elapsed:.2f} s")
        self.assertEqual(count, 10000)


class SheetsAndGroupsTests(SimpleTestCase):
    def test_sheet_name_stage_group_rows_and_repeated_headers(self):
        data = xlsx(("新开工项目", [
            ["序号", "项目名称", "建设单位", "总投资"],
            ["", "南 宁 市"],  # a group row by place: a name and nothing else
            ["1", "邕江大桥", "南宁城投", "100"],
            ["序号", "项目名称", "建设单位", "总投资"],  # the header repeated at a page top
            ["2", "五象隧道", "南宁城投", "50"],
            ["", "合计", 3, 150],
        ]))
        result, rows = parsed(data)
        self.assertEqual(kinds(rows), [(2, "section"), (3, "project"), (4, "header"), (5, "project"), (6, "total")])
        self.assertEqual([r.values["stage"] for r in rows if r.kind == "project"], ["preparation", "preparation"])
        self.assertEqual(rows[1].values["section"], "南 宁 市")
        self.assertEqual([r.values["serial"] for r in rows if r.kind == "project"], ["1", "2"])  # text serials
        # 合计 says 3 projects; there are 2 (100 + 50 = 150 agrees).
        self.assertEqual(rows[4].problems, ["合计：写的是3个项目，实际所含2个"])

    def test_a_masked_name_is_reported(self):
        data = xlsx(("S", [["序号", "项目名称", "总投资"], [1, "******", 10], [2, "▲涪陵港", 5]]))
        _, rows = parsed(data)
        self.assertEqual([(r.values.get("name"), r.values.get("marks"), r.problems) for r in rows],
                         [(None, None, ["项目名称已隐去（涉密），不能导入"]), ("涪陵港", "▲", [])])

    def test_counts_and_money_in_a_section_label(self):
        data = xlsx(("S", [["序号", "项目名称", "总投资"],
                           ["", "（一）能源项目（2个，1.5亿元）"],
                           [1, "风电场", 10000], [2, "光伏电站", 4000]]))
        _, rows = parsed(data)
        section = rows[0]
        self.assertEqual((section.values["label"], section.values["count"], section.values["total_investment"]),
                         ("(一)能源项目", 2, D("15000.00")))
        # 10000 + 4000 = 14000 万元 against 1.5 亿元 = 15000 万元 stated: reported.
        self.assertEqual(section.problems, ["(一)能源项目：总投资写的是15000.00万元，所含2个项目合计为14000.00万元"])


class GivenMappingTests(SimpleTestCase):
    def test_a_saved_mapping_replaces_the_proposal_and_utf8_csv_reads(self):
        text = "\ufeff单位：亿元\n编,工程,出资方,金额\n1,辽河大桥,交投,0.5\n"
        # Words no list spelling knows: the saved mapping's own header texts find the header.
        mapping = {"编": "serial", "工程": "name", "出资方": "owner_units", "金额": "total_investment"}
        result, rows = parsed(io.BytesIO(text.encode("utf-8")), filename="x.csv", mapping=mapping)
        self.assertEqual(result.sheets[0].mapping, mapping)
        self.assertEqual(rows[0].values, {"serial": "1", "name": "辽河大桥", "owner_units": ["交投"],
                                          "total_investment": D("5000.00")})  # 0.5 亿元

    def test_a_row_numbered_only_in_the_second_of_two_serial_columns_is_a_project(self):
        data = xlsx(("清单", [["总序号", "分序号", "项目名称", "总投资"],
                              [1, "", "辽河大桥", 500],
                              ["", 2, "辽河口湿地", 300]]))
        mapping = {"总序号": "serial", "分序号": "serial", "项目名称": "name", "总投资": "total_investment"}
        _, rows = parsed(data, mapping=mapping)
        self.assertEqual([(r.kind, r.values.get("serial"), r.values.get("name")) for r in rows],
                         [("project", "1", "辽河大桥"), ("project", "2", "辽河口湿地")])


class FileTests(SimpleTestCase):
    def test_a_damaged_workbook_says_why_in_the_readers_language(self):
        from django.utils import translation

        from tuijin.exchange.listing.reader import ReadError

        damaged = b"PK\x03\x04" + b"\x00" * 200
        with self.assertRaisesMessage(ReadError, "文件无法作为Excel工作簿读取"):
            list(parse_file(damaged, filename="清单.xlsx"))
        with translation.override("en"), self.assertRaisesMessage(ReadError, "The file cannot be read as an Excel"):
            list(parse_file(damaged, filename="清单.xlsx"))

    def test_the_sheets_are_read_in_order_each_parsed_while_the_one_before_is_read(self):
        data = xlsx(*[(f"第{n}批", [["序号", "项目名称", "总投资"], [1, f"第{n}批项目", 100 * n]]) for n in (1, 2, 3)])
        result, rows = parsed(data)
        self.assertEqual([(r.sheet, r.values["name"], r.values["total_investment"]) for r in rows],
                         [("第1批", "第1批项目", D("100.00")), ("第2批", "第2批项目", D("200.00")),
                          ("第3批", "第3批项目", D("300.00"))])
        self.assertEqual([s.name for s in result.sheets], ["第1批", "第2批", "第3批"])
