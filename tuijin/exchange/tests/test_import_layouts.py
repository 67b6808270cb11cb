"""The layouts met in practice (reference/list-layouts.md §3) through `import_projects`, as a district would run
it: every row lands or is reported, and the last line counts them. The reading of each layout in detail is in
test_listing_parse.py; here what lands on the projects."""

import io
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from tuijin.core.testing import PersonaTestCase
from tuijin.exchange.models import ImportRow, StageWord
from tuijin.projects.models import Project

from .test_listing_parse import GUILIN, xlsx


def workbook(*sheets, merges=None):
    path = Path(tempfile.mkdtemp()) / "清单.xlsx"
    path.write_bytes(xlsx(*sheets, merges=merges))
    return path


class LayoutImportTests(PersonaTestCase):
    def run_command(self, path, *extra, region=None):
        out = io.StringIO()
        call_command("import_projects", str(path), "--region", (region or self.region_a).code, *extra, stdout=out)
        return out.getvalue().strip().splitlines()

    def test_guilin_total_on_top_dash_sections_and_two_columns_without_a_header(self):
        """桂林 2022: 附件 and title lines, 合计 straight under the header with its count and amount, 一、 and ——铁路
        sections with figures in cells of their own, stage words and sub-categories in two unlabelled columns."""
        path = workbook(("Sheet1", GUILIN))
        lines = self.run_command(path)
        # 3 projects; 合计, 一、, ——铁路, ——公路 and the note skipped.
        self.assertEqual(lines[-1], "imported: 3 new, 0 updated, 0 possible duplicates, 5 skipped, 0 errors")
        # ——公路 states 10 万元 over one row of 10.5: reported on its row and among the notes; the others agree
        # (400,000 + 2,600 = 402,600 for ——铁路; 402,610.5 in all).
        self.assertEqual([line for line in lines if "不一致" in line],
                         ["说明：工作表“Sheet1”第10行“——公路”的总投资（万元）为10.00，与所含各行之和10.50不一致"])
        rail = Project.objects.get(name="贵阳至南宁铁路")
        self.assertEqual((rail.total_investment, rail.stage, rail.category, rail.owner_units, rail.intake_pending),
                         (Decimal("400000.00"), "preparation", "infrastructure", ["甲铁路公司", "乙投资公司"], True))
        # 责任单位 without a 牵头单位 column: the first is the lead, kept as written (not in the directory).
        self.assertEqual((rail.lead_department, rail.lead_unit_text), (None, "市发改委"))
        station = Project.objects.get(name="桂林北站改造")
        self.assertEqual((station.stage, station.lead_unit_text), ("construction", "市交通局"))
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

    def test_a_list_of_names_alone_lands_awaiting_intake_with_its_total_to_be_supplied(self):
        """山东, 汉中: "序号|项目名称" only. The projects land at 0.00 万元, flagged 待补充, and count nowhere until
        the project office's 入库审核 — even in 储备."""
        path = workbook(("Sheet1", [["2023年省重点项目名单"], ["序号", "项目名称"], [1, "双台子区智慧港口"], [2, "双台子区冷链物流园"]]))
        lines = self.run_command(path)
        self.assertEqual(lines[-1], "imported: 2 new, 0 updated, 0 possible duplicates, 0 skipped, 0 errors")
        port = Project.objects.get(name="双台子区智慧港口")
        self.assertEqual((port.total_investment, port.stage, port.intake_pending), (Decimal("0.00"), "reserve", True))
        self.assertIn("总投资", [str(m) for m in port.pending_fields])
        self.assertFalse(Project.objects.counted().filter(name="双台子区智慧港口").exists())
        # The same list again, now with a total for one of them: an update that sets it, the other left alone.
        port.total_investment = Decimal("5000")
        port.save()
        lines = self.run_command(workbook(("Sheet1", [["序号", "项目名称", "总投资"], [1, "双台子区智慧港口", ""],
                                                      [2, "双台子区冷链物流园", 800]])))
        self.assertEqual(lines[-1], "imported: 0 new, 2 updated, 0 possible duplicates, 0 skipped, 0 errors")
        self.assertEqual(Project.objects.get(name="双台子区智慧港口").total_investment, Decimal("5000.00"))
        self.assertEqual(Project.objects.get(name="双台子区冷链物流园").total_investment, Decimal("800.00"))

    def test_an_update_by_code_keeps_the_projects_region_unless_the_row_names_one(self):
        """A project of a zone found by its code in a district's list without a region column stays in the zone;
        a row naming another region moves it, and the preview says so."""
        park = Project.objects.create(region=self.zone_a, name="园区储能电站", code="2104-211190-04-01-123456",
                                      total_investment=Decimal("3000"), owner_units=["园区能源公司"])
        lines = self.run_command(workbook(("S", [["项目代码", "项目名称", "总投资"],
                                                 ["2104-211190-04-01-123456", "园区储能电站", 3500]])))
        self.assertEqual(lines[-1], "imported: 0 new, 1 updated, 0 possible duplicates, 0 skipped, 0 errors")
        park.refresh_from_db()
        self.assertEqual((park.region, park.total_investment), (self.zone_a, Decimal("3500.00")))
        lines = self.run_command(workbook(("S", [["项目代码", "项目名称", "总投资", "所在区县"],
                                                 ["2104-211190-04-01-123456", "园区储能电站", 3500, "双台子区"]])))
        park.refresh_from_db()
        self.assertEqual(park.region, self.region_a)
        row = ImportRow.objects.order_by("-pk").first()
        self.assertIn(["所在区域", "双台子园区", "双台子区"], row.changes)

    def test_kunming_sections_numbered_in_the_serial_column_with_a_breakdown_under_the_total(self):
        """昆明: "一|农林水利|14|…", the numeral in 序号; a 合计 with its "其中" parts; a column-number row under the
        header. Only the projects land; every other row is skipped and says why."""
        path = workbook(("Sheet1", [
            ["单位：万元"],
            ["序号", "项目名称", "项目个数", "建设单位", "总投资", "2025年计划投资"],
            ["甲", "乙", 1, 2, 3, 4],
            ["", "合计", 3, "", 13500, 5600],
            ["", "其中：续建项目", 2, "", 13000, 5500],
            ["", "新开工项目", 1, "", 500, 100],
            ["一", "农林水利", 2, "", 13000, 5500],
            [1, "辽河灌区续建配套", "", "水务局", 10000, 4000],
            [2, "兴隆台区防洪堤", "", "水务局", 3000, 1500],
            ["二", "产业发展", 1, "", 500, 100],
            [1, "食品加工厂", "", "某公司", 500, 100],
        ]))
        lines = self.run_command(path)
        # 3 projects; 列序号, 合计, two 其中 rows and two sections skipped: 6. Every stated figure agrees.
        self.assertEqual(lines[-1], "imported: 3 new, 0 updated, 0 possible duplicates, 6 skipped, 0 errors")
        self.assertFalse([line for line in lines if "不一致" in line])
        self.assertEqual(Project.objects.get(name="辽河灌区续建配套").plans.get().planned_investment,
                         Decimal("4000.00"))
        self.assertFalse(Project.objects.filter(name__in=["农林水利", "产业发展", "新开工项目"]).exists())
        self.assertEqual(ImportRow.objects.filter(action=ImportRow.SKIPPED, reasons__icontains="其中").count(), 2)

    def test_a_project_over_three_rows_of_a_merged_name_cell_lands_once_with_every_owner(self):
        """宁夏 2020: the number, name and total merged down over a project's rows; an owner on each row."""
        path = workbook(("Sheet1", [
            ["序号", "项目名称", "建设单位", "总投资", "投资来源"],
            [1, "辽河大桥", "交投", 10000, "银行贷款"],
            ["", "", "城投", "", "财政资金"],
            ["", "", "省交投", "", "专项债"],
            [2, "兴隆路改造", "城投", 3000, "财政资金"],
        ]), merges={"Sheet1": ["A2:A4", "B2:B4", "D2:D4"]})
        lines = self.run_command(path)
        self.assertEqual(lines[-1], "imported: 2 new, 0 updated, 0 possible duplicates, 2 skipped, 0 errors")
        bridge = Project.objects.get(name="辽河大桥")
        self.assertEqual((bridge.owner_units, bridge.total_investment), (["交投", "城投", "省交投"], Decimal("10000.00")))
