"""The layouts met in practice (reference/list-layouts.md §3) through `import_projects`, as a district would run
it: every row lands or is reported, and the last line counts them. The reading of each layout in detail is in
test_listing_parse.py; here what lands on the projects."""

import io
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook

from tuijin.core.testing import PersonaTestCase
from tuijin.exchange.models import ImportRow, StageWord
from tuijin.projects.models import Project


def workbook(*sheets, merges=None):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(title, ()):
            sheet.merge_cells(cells)
    path = Path(tempfile.mkdtemp()) / "清单.xlsx"
    book.save(path)
    return path


class LayoutImportTests(PersonaTestCase):
    def run_command(self, path, *extra, region=None):
        out = io.StringIO()
        call_command("import_projects", str(path), "--region", (region or self.region_a).code, *extra, stdout=out)
        return out.getvalue().strip().splitlines()

    def test_guilin_total_on_top_dash_sections_and_two_columns_without_a_header(self):
        """桂林 2022: 附件 and title lines, 合计 straight under the header with its count and amount, 一、 and ——铁路
        sections with figures in cells of their own, stage words and sub-categories in two unlabelled columns."""
        path = workbook(("Sheet1", [
            ["附件1"],
            ["桂林市2022年重大（前期）项目投资计划"],
            ["单位：万元"],
            ["序号", "项目名称", "建设规模及内容", "总投资", "2022年前期工作或工程\n形象进度目标", "项目业主", "责任单位", "", ""],
            ["", "合计", 3, "402610.5"],
            ["", "一、基础设施", 3, 402610.5],
            ["", "——铁路", 2, 402600],
            [1.0, "★贵阳至南宁铁路", "新建铁路120公里", "400,000", "完成初设", "甲铁路公司、乙投资公司", "市工业和信息化局；市交通局", "前期", "铁路"],
            [2.0, "桂林北站改造", "站房改造", 2600, "开工", "桂林城投", "市交通局", "加快建设", "铁路"],
            ["", "——公路", 1, 10.5],
            [3.0, "兴安公路", "二级公路", "10.5", "", "待定", "", "前期", "公路"],
        ]))
        lines = self.run_command(path)
        # 3 projects; 合计, 一、, ——铁路, ——公路 skipped; the figures agree (400,000 + 2,600 + 10.5 = 402,610.5).
        self.assertEqual(lines[-1], "imported: 3 new, 0 updated, 0 possible duplicates, 4 skipped, 0 errors")
        self.assertFalse(any("不一致" in line for line in lines))
        rail = Project.objects.get(name="贵阳至南宁铁路")
        self.assertEqual((rail.total_investment, rail.stage, rail.category, rail.owner_units, rail.intake_pending),
                         (Decimal("400000.00"), "preparation", "infrastructure", ["甲铁路公司", "乙投资公司"], True))
        # 责任单位 without a 牵头单位 column: the first is the lead (in the directory), the second is kept as text.
        self.assertEqual((rail.lead_department, rail.lead_unit_text), (self.dept_x, ""))
        station = Project.objects.get(name="桂林北站改造")
        self.assertEqual((station.stage, station.lead_department, station.lead_unit_text),
                         ("construction", None, "市交通局"))
        road = Project.objects.get(name="兴安公路")
        self.assertEqual((road.total_investment, road.owner_units), (Decimal("10.50"), []))  # 待定: no owner yet

    def test_name_label_merged_over_the_serial_column_a_category_merged_down_and_numbers_as_text(self):
        """宁夏: "项目名称" merged across 序号 and the name column; 内蒙古: a category column merged down over its
        projects; amounts as text with thousands separators; a note row at the bottom."""
        path = workbook(("重点项目", [
            ["2021年自治区重点项目计划", "", "", "", "", ""],
            ["项目名称", "", "项目类型", "总投资（万元）", "建设年限", "建设单位"],
            [1, "宁东煤化工基地配套铁路", "（一）交通", "1,584,946.56", "2021-2023", "宁东铁路公司"],
            [2, "银川绕城高速", "", "203,000", "2021—2024", "交投集团"],
            ["备注：标“★”的为2021年重大项目。", "", "", "", "", ""],
        ]), merges={"重点项目": ["A2:B2", "C3:C4"]})
        lines = self.run_command(path)
        self.assertEqual(lines[-1], "imported: 2 new, 0 updated, 0 possible duplicates, 1 skipped, 0 errors")
        line = Project.objects.get(name="宁东煤化工基地配套铁路")
        self.assertEqual((line.total_investment, line.category, line.planned_start.year, line.planned_completion.year),
                         (Decimal("1584946.56"), "infrastructure", 2021, 2023))
        self.assertEqual(Project.objects.get(name="银川绕城高速").category, "infrastructure")

    def test_a_stage_sheet_a_summary_sheet_and_a_region_column_with_short_and_former_names(self):
        """陕西: sheets per stage beside a summary sheet without names; a 县市区 column naming districts short, and
        by a former name the city recorded; a stage word the city added to its table."""
        self.zone_a.former_names = "老园区、双台子工业园"
        self.zone_a.save()
        StageWord.objects.create(word="攻坚推进", stage="construction")
        path = workbook(
            ("汇总", [["单位", "项目个数", "总投资"], ["双台子区", 3, 30]]),
            ("新开工项目", [
                ["序号", "项目名称", "县市区", "总投资", "建设阶段"],
                [1, "双台子物流园", "双台子", 10, ""],
                [2, "园区污水厂", "双台子工业园", 10, "攻坚推进"],
                [3, "外地项目", "兴隆台区", 10, "谋划"],
            ]))
        lines = self.run_command(path)
        self.assertEqual(lines[-1], "imported: 3 new, 0 updated, 0 possible duplicates, 0 skipped, 0 errors")
        self.assertTrue(any("汇总" in line and "未导入" in line for line in lines))
        self.assertEqual(Project.objects.get(name="双台子物流园").region, self.region_a)
        self.assertEqual(Project.objects.get(name="双台子物流园").stage, "preparation")  # the sheet says 新开工
        plant = Project.objects.get(name="园区污水厂")
        self.assertEqual((plant.region, plant.stage), (self.zone_a, "construction"))
        # 兴隆台区 is not under 双台子区: the row lands in the import's region, and says so.
        self.assertEqual(Project.objects.get(name="外地项目").region, self.region_a)
        row = ImportRow.objects.get(name="外地项目")
        self.assertIn("区域“兴隆台区”未能识别，按双台子区登记", row.reasons)
