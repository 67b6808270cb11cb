"""The 任务分解表 workbook both ways: what the download holds, an upload saved whole or not at all."""

import datetime as dt
import io
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.targets import services
from tuijin.targets.models import Target

from .test_indicators import IndicatorWorld
from .test_targets import BEIJING, target


@time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=BEIJING), tick=False)
class DecompositionWorkbookTests(IndicatorWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.city_target = services.create_target(target(title="新开工亿元以上项目", indicator="new_starts",
                                                        region=cls.city, value=Decimal(4), lead_unit="市发展改革委"),
                                                 actor=cls.coordinator)

    def download(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("targets:excel") + "?year=2026&download=1")
        self.assertEqual(response.status_code, 200)
        return load_workbook(io.BytesIO(response.content))

    def upload(self, workbook, user=None):
        self.client.force_login(user or self.coordinator)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return self.client.post(reverse("targets:excel"), {"year": 2026, "file": SimpleUploadedFile(
            "t.xlsx", buffer.getvalue())})

    def test_the_download_holds_the_targets_with_drop_downs(self):
        sheet = self.download()["任务分解表"]
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, [c.value for c in sheet[2]]))
        self.assertEqual((row["ID"], row["目标任务"], row["指标"], row["区域"], row["比较方式"], row["目标值"], row["单位"]),
                         (self.city_target.pk, "新开工亿元以上项目", "新开工项目（new_starts）", "盘锦市", "不少于（≥）", 4, "个"))
        self.assertEqual(row["考核时点"].date(), dt.date(2026, 12, 31))
        validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
        self.assertLessEqual({"D2", "E2", "F2", "H2", "Q2"}, validated)  # 指标, 区域, 部门, 比较方式, 完成情况

    def test_an_edited_workbook_saves_the_change_and_the_new_parts(self):
        workbook = self.download()
        sheet = workbook["任务分解表"]
        sheet["I2"] = 5  # the city target: 4 → 5
        sheet.append([None, "新开工亿元以上项目", 2026, "新开工项目（new_starts）", "双台子区", None, "2026-12-31", "不少于（≥）",
                      3, None, self.city_target.pk, "双台子区政府"])
        sheet.append([None, "完成土地利用总体规划中期评估", 2026, "（工作任务）", "盘锦市", "市自然资源局",
                      dt.datetime(2026, 9, 30), None, None, None, None, "市自然资源局"])
        response = self.upload(workbook)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.city_target.refresh_from_db()
        self.assertEqual(self.city_target.value, Decimal("5.00"))
        part = Target.objects.get(region=self.region_a)
        self.assertEqual((part.parent, part.value, part.lead_unit), (self.city_target, Decimal("3.00"), "双台子区政府"))
        task = Target.objects.get(title="完成土地利用总体规划中期评估")
        self.assertEqual((task.indicator, task.department, task.checkpoint), ("", self.dept_y, dt.date(2026, 9, 30)))
        self.assertEqual(self.city_target.history.first().history_change_reason, "导入任务分解表")

    def test_a_workbook_with_errors_saves_nothing_and_names_each_cell(self):
        workbook = self.download()
        sheet = workbook["任务分解表"]
        sheet["I2"] = 7
        sheet.append([None, "续建项目", 2026, "幸福指数", "双台子区", None, "2026-12-31", "不少于（≥）", 1])
        sheet.append([None, "新开工项目", 2026, "新开工项目（new_starts）", "大连市", None, "2026-13-01", "不少于（≥）", 1])
        response = self.upload(workbook)
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("工作表“任务分解表”第3行“D（指标）”列：未知的指标“幸福指数”", page)
        self.assertIn("第4行“E（区域）”列：“大连市”不是您负责的区域", page)
        self.assertIn("第4行“G（考核时点）”列：日期格式应为 YYYY-MM-DD", page)
        self.city_target.refresh_from_db()
        self.assertEqual(self.city_target.value, Decimal("4.00"))  # row 2 was fine, and still not saved
        self.assertEqual(Target.objects.count(), 1)

    def test_a_district_cannot_upload(self):
        self.assertEqual(self.upload(self.download(), user=self.region_a_editor).status_code, 403)
