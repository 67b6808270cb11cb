"""`manage.py import_projects` on files laid out as published lists are (reference/list-layouts.md): every row
lands or is reported, and the last line counts them."""

import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook

from tuijin.core.models import AuditEntry
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.exchange.models import ImportRow
from tuijin.progress.models import AnnualPlan
from tuijin.projects.models import Project


def workbook(rows, merges=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "重点项目"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    path = Path(tempfile.mkdtemp()) / "list.xlsx"
    book.save(path)
    return path


LONGQUAN = [
    ["附件1"],
    ["2009年龙泉驿区重点项目计划表"],
    ["单位：万元"],
    ["序号", "项目名称", "建设阶段", "总投资", "2009年计划投资", "项目业主", "牵头协调部门", "牵头区领导"],
    ["", "合计", "", 60000, 9000, "", "", ""],
    ["（一）交通", "", "", "", "", "", "", ""],
    [1, "★汽车城配套道路工程", "加快建设", "35,000", 5000, "区交投公司、区交通局", "区农发局", "宋凯"],
    [2, "龙泉山旅游环线", "新开工", 25000.0, "4000", "区文旅集团", "市工业和信息化局", ""],
    ["注：标★的为市级重点项目。", "", "", "", "", "", "", ""],
]


class ImportCommandTests(PersonaTestCase):
    def run_command(self, path, *extra):
        out = io.StringIO()
        call_command("import_projects", str(path), "--region", self.region_a.code, *extra, stdout=out)
        return out.getvalue().strip().splitlines()

    def test_a_list_with_title_unit_total_section_and_note_rows(self):
        lines = self.run_command(workbook(LONGQUAN))
        self.assertEqual(lines[-1], "imported: 2 new, 0 updated, 0 possible duplicates, 3 skipped, 0 errors")
        road = Project.objects.get(name="汽车城配套道路工程")  # the ★ marker dropped
        self.assertEqual((road.total_investment, road.stage, road.intake_pending, road.owner_units),
                         (Decimal("35000.00"), "construction", True, ["区交投公司", "区交通局"]))
        # 区农发局 and 宋凯 are in no directory: kept as written, flagged for the district to link.
        self.assertEqual((road.lead_unit_text, road.leader_text, road.lead_department), ("区农发局", "宋凯", None))
        self.assertEqual(road.source, "list.xlsx")
        ring = Project.objects.get(name="龙泉山旅游环线")
        self.assertEqual((ring.stage, ring.lead_department), ("preparation", self.dept_x))
        self.assertEqual(AnnualPlan.objects.get(project=road, year=2009).planned_investment, Decimal("5000.00"))
        # The year's plans land as one upload: one entry in the change log, naming the file and its projects.
        [entry] = AuditEntry.objects.filter(kind="plan.import")
        self.assertEqual((entry.data["file"], entry.data["rows"], sorted(entry.data["projects"])),
                         ("list.xlsx", 2, sorted([road.pk, ring.pk])))
        self.assertTrue(any("合计行，已跳过" in line for line in lines))
        self.assertTrue(any("分组行，已跳过" in line and "(一)交通" in line for line in lines))
        # 60,000 stated = 35,000 + 25,000: no disagreement reported.
        self.assertFalse(any("不一致" in line for line in lines))

    def test_a_dry_run_saves_nothing_and_prints_the_same_line(self):
        lines = self.run_command(workbook(LONGQUAN), "--dry-run")
        self.assertEqual(lines[-1], "imported: 2 new, 0 updated, 0 possible duplicates, 3 skipped, 0 errors")
        self.assertFalse(Project.objects.filter(name="龙泉山旅游环线").exists())
        self.assertFalse(ImportRow.objects.exists())

    def test_two_header_rows_yi_and_wan_in_one_table_a_wrong_total_and_the_existing_projects(self):
        make_project(self.region_a, name="龙泉山旅游环线", total_investment=Decimal("20000"))
        make_project(self.region_a, name="双台子区污水处理厂提标改造项目", total_investment=Decimal("8000"))
        rows = [
            ["2023年重点项目清单"],
            ["序号", "项目名称", "总投资（亿元）", "建设起止年限", "2023年投资计划（万元）", None, "建设单位"],
            [None, None, None, None, "小计", "主要建设内容", None],
            ["", "合计", 9, "", "", "", ""],
            [1, "龙泉山旅游环线", 2.5, "2023-2025", 12000, "环线道路", "区文旅集团"],  # exists: an update
            [2, "双台子区污水处理厂提标改造工程", "0.8", "2023年至2024年", 3000, "提标", "水务公司"],  # close: ask
            [3, "盘锦新材料产业园", "1.5亿元", 45200, "5,000", "", "新材料公司"],  # an Excel date serial
            [4, "", 1, "", "", "", ""],
        ]
        lines = self.run_command(workbook(rows, merges=["E2:F2"]))
        self.assertEqual(lines[-1], "imported: 1 new, 1 updated, 1 possible duplicates, 1 skipped, 1 errors")
        ring = Project.objects.get(name="龙泉山旅游环线")
        # 2.5 亿元 = 25,000.00 万元; 2023-2025 → 1 Jan 2023 to 31 Dec 2025.
        self.assertEqual((ring.total_investment, ring.planned_start, ring.planned_completion),
                         (Decimal("25000.00"), dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
        park = Project.objects.get(name="盘锦新材料产业园")
        self.assertEqual((park.total_investment, park.planned_start), (Decimal("15000.00"), dt.date(2023, 10, 1)))
        self.assertEqual(AnnualPlan.objects.get(project=park, year=2023).planned_investment, Decimal("5000.00"))
        self.assertFalse(Project.objects.filter(name="双台子区污水处理厂提标改造工程").exists())
        self.assertTrue(any("疑似重复" in line and "名称相近" in line for line in lines))
        self.assertTrue(any("错误" in line and "没有项目名称" in line for line in lines))
        # The stated 9 亿元 against 2.5 + 0.8 + 1.5 + 1 = 5.8 亿元 of rows (the one without a name too): reported.
        self.assertTrue(any("“合计”的总投资（万元）为90000.00，与所含各行之和58000.00不一致" in line for line in lines))

    def test_a_row_repeating_an_earlier_row_of_the_file_by_name_or_code_is_a_possible_duplicate(self):
        rows = [
            ["序号", "项目名称", "项目代码", "总投资", "项目业主"],
            [1, "辽河口生态修复工程", "2104-211102-89-01-596340", 1000, "甲公司"],
            [2, "★辽河口 生态修复工程", "", 1000, "甲公司"],  # the same name once the marker and the space go
            [3, "辽河口湿地保护工程", "2104-211102-89-01-596340", 800, "乙公司"],  # row 1's code
            [4, "辽河口湿地保护工程", "", 800, "乙公司"],  # row 3's name, but row 3 is a repeat: a project of its own
        ]
        lines = self.run_command(workbook(rows))
        self.assertEqual(lines[-1], "imported: 2 new, 0 updated, 2 possible duplicates, 0 skipped, 0 errors")
        repeats = ImportRow.objects.filter(action=ImportRow.DUPLICATE).order_by("number")
        self.assertEqual([(r.number, r.reasons[-1]) for r in repeats], [
            (3, "与本文件第2行的“辽河口生态修复工程”重复"), (4, "与本文件第2行的“辽河口生态修复工程”重复")])
        self.assertEqual(sorted(Project.objects.filter(name__startswith="辽河口").values_list("name", flat=True)),
                         ["辽河口湿地保护工程", "辽河口生态修复工程"])

    def test_a_code_brought_by_a_new_row_is_not_given_to_an_existing_project_by_a_later_row(self):
        make_project(self.region_a, name="辽河口湿地保护工程", total_investment=Decimal("800"))
        rows = [["序号", "项目名称", "项目代码", "总投资", "项目业主"],
                [1, "辽河口生态修复工程", "2104-211102-89-01-596340", 1000, "甲公司"],
                [2, "辽河口湿地保护工程", "2104-211102-89-01-596340", 800, "乙公司"]]  # an existing name, row 1's code
        lines = self.run_command(workbook(rows))
        self.assertEqual(lines[-1], "imported: 1 new, 0 updated, 1 possible duplicates, 0 skipped, 0 errors")
        self.assertEqual(ImportRow.objects.get(number=3).reasons[-1], "与本文件第2行的“辽河口生态修复工程”重复")
        self.assertEqual(Project.objects.get(code="2104-211102-89-01-596340").name, "辽河口生态修复工程")
        self.assertIsNone(Project.objects.get(name="辽河口湿地保护工程").code)

    def test_a_repeat_on_another_sheet_names_the_sheet(self):
        book = Workbook()
        book.remove(book.active)
        for title in ("续建项目", "新开工项目"):
            sheet = book.create_sheet(title)
            sheet.append(["序号", "项目名称", "总投资", "项目业主"])
            sheet.append([1, "辽河口生态修复工程", 1000, "甲公司"])
        path = Path(tempfile.mkdtemp()) / "two.xlsx"
        book.save(path)
        lines = self.run_command(path)
        self.assertEqual(lines[-1], "imported: 1 new, 0 updated, 1 possible duplicates, 0 skipped, 0 errors")
        repeat = ImportRow.objects.get(sheet="新开工项目")
        self.assertEqual(repeat.reasons[-1], "与本文件工作表“续建项目”第2行的“辽河口生态修复工程”重复")

    def test_leaders_named_in_a_list_land_by_rank_and_by_who_imports(self):
        from tuijin.org.models import Leader, LeaderRank

        song = Leader.objects.create(name="宋凯", title="副区长", rank=LeaderRank.DISTRICT, region=self.region_a)
        rows = [["序号", "项目名称", "总投资", "项目业主", "责任领导"],
                [1, "辽河口生态修复工程", 1000, "甲公司", "宋凯、刘海涛、李某"]]
        # A district clerk: its own 副区长 is the 区级责任领导; the city's 副市长 is the project office's to assign,
        # kept as written beside the unknown name.
        self.run_command(workbook(rows), "--user", self.region_a_editor.username)
        project = Project.objects.get(name="辽河口生态修复工程")
        self.assertEqual((project.district_leader, project.leader, project.leader_text), (song, None, "李某、刘海涛"))
        reasons = ImportRow.objects.get(project=project).reasons
        self.assertIn("包保领导由项目办确定：“副市长 刘海涛”已保留原文，待项目办关联", reasons)
        # The project office assigns him.
        rows[1][1] = "辽河口湿地保护工程"
        self.run_command(workbook(rows), "--user", self.coordinator.username)
        project = Project.objects.get(name="辽河口湿地保护工程")
        self.assertEqual((project.district_leader, project.leader, project.leader_text), (song, self.leader, "李某"))
        # The district's next list names him again: he is the project's already, nothing to flag or keep as text.
        ImportRow.objects.all().delete()
        lines = self.run_command(workbook(rows), "--user", self.region_a_editor.username)
        self.assertEqual(lines[-1], "imported: 0 new, 1 updated, 0 possible duplicates, 0 skipped, 0 errors")
        row = ImportRow.objects.get()
        self.assertFalse(any("包保领导由项目办确定" in reason for reason in row.reasons), row.reasons)
        project.refresh_from_db()
        self.assertEqual((project.leader, project.leader_text), (self.leader, "李某"))
