"""The Excel door: download the template, fill it as a clerk would, upload it back."""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.progress import services
from tuijin.progress.excel import INPUT_COLUMNS
from tuijin.progress.models import FILLER_FIELDS, MonthlyReport
from tuijin.progress.testing import PeriodTestCase


class ExcelDoorTests(PeriodTestCase):
    def setUp(self):
        self.client.force_login(self.region_a_editor)

    def template(self):
        response = self.client.get(reverse("progress:template", args=[self.period.pk]))
        self.assertEqual(response.status_code, 200)
        return load_workbook(io.BytesIO(response.content))

    def upload(self, workbook, name="月报.xlsx"):
        buffer = io.BytesIO()
        workbook.save(buffer)
        return self.upload_bytes(buffer.getvalue(), name)

    def upload_bytes(self, data, name="月报.xlsx"):
        return self.client.post(reverse("progress:import", args=[self.period.pk]),
                                {"file": SimpleUploadedFile(name, data)})

    def commit(self, response):
        batch = response.context["batch"]
        return self.client.post(reverse("progress:import", args=[self.period.pk]), {"batch": batch.pk})

    def rows_by_name(self, sheet):
        header = [c.value for c in sheet[1]]
        return header, {row[2].value: row for row in sheet.iter_rows(min_row=2)}

    def test_template_is_prefilled_locked_and_explained(self):
        workbook = self.template()
        sheet = workbook["月报"]
        header, rows = self.rows_by_name(sheet)
        self.assertEqual(set(rows), {"双台子化工项目", "园区配套项目"})
        self.assertEqual(rows["双台子化工项目"][4].value, 1200)  # annual plan
        self.assertTrue(sheet.protection.sheet)
        self.assertTrue(rows["双台子化工项目"][0].protection.locked)
        self.assertFalse(rows["双台子化工项目"][header.index("本月完成投资（万元）")].protection.locked)
        self.assertTrue(sheet.data_validations.dataValidation)
        self.assertIn("填报说明", workbook.sheetnames)

    def test_round_trip_saves_the_figures_and_a_second_upload_changes_nothing(self):
        workbook = self.template()
        sheet = workbook["月报"]
        header, rows = self.rows_by_name(sheet)
        row = rows["双台子化工项目"]
        row[header.index("本月完成投资（万元）")].value = "１,２３４.５"  # full-width and a separator
        row[header.index("到位资金-企业自筹（万元）")].value = 800
        row[header.index("形象进度")].value = "主体结构完成80%"
        row[header.index("现场用工人数")].value = 120
        response = self.upload(workbook)
        self.assertEqual(response.status_code, 200, response.context.get("errors"))
        self.assertContains(response, "1 个项目的月报将有变动")
        self.assertFalse(MonthlyReport.objects.exists())  # preview saves nothing
        self.commit(response)
        report = MonthlyReport.objects.get(project=self.project_a, period=self.period)
        self.assertEqual((report.completed, report.fund_self_raised, report.workers, report.ytd),
                         (Decimal("1234.50"), Decimal("800.00"), 120, Decimal("1234.50")))
        record = self.client.get(reverse("progress:import", args=[self.period.pk]))
        self.assertContains(record, "月报.xlsx")
        self.assertEqual([(b.status, b.changed) for b in record.context["record"]], [("committed", 1)])
        page = self.client.get(reverse("progress:batch", args=[self.period.pk])).content.decode()
        self.assertIn("1234.50", page)
        again = self.upload(workbook)
        self.assertContains(again, "导入不会改变任何月报")
        self.commit(again)
        report.refresh_from_db()
        self.assertEqual((report.version, report.history.count()), (1, 1))

    def test_the_import_record_shows_ones_own_uploads_and_the_coordinator_sees_all(self):
        self.commit(self.upload(self.template()))
        self.client.force_login(self.region_b_editor)
        page = self.client.get(reverse("progress:import", args=[self.period.pk]))
        self.assertEqual(list(page.context["record"]), [])
        self.assertNotContains(page, "月报.xlsx")
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("progress:import", args=[self.period.pk]))
        self.assertEqual([b.user for b in page.context["record"]], [self.region_a_editor])
        self.assertContains(page, "已导入")
        upload = page.context["record"][0]
        file_url = reverse("progress:import_file", args=[self.period.pk, upload.pk])
        kept = self.client.get(file_url)
        self.assertEqual(kept.status_code, 200)
        self.assertIn("月报", load_workbook(io.BytesIO(b"".join(kept.streaming_content))).sheetnames)
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.get(file_url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(file_url).status_code, 302)

    def test_ten_errors_are_all_listed_and_nothing_is_saved(self):
        workbook = self.template()
        sheet = workbook["月报"]
        header, rows = self.rows_by_name(sheet)
        bad = {"本月完成投资（万元）": "-1", "到位资金-中央预算内投资（万元）": "abc", "到位资金-银行贷款（万元）": "1.2.3",
               "形象进度（%）": 150, "现场用工人数": "十个"}
        for project_row in rows.values():
            for column, value in bad.items():
                project_row[header.index(column)].value = value
        response = self.upload(workbook)
        errors = response.context["errors"]
        self.assertEqual(len(errors), 10, errors)
        self.assertIn("工作表“月报”第2行“G（本月完成投资（万元））”列：金额不能为负数", errors)
        self.assertFalse(MonthlyReport.objects.exists())

    def test_a_project_outside_the_users_scope_is_refused(self):
        workbook = self.template()
        sheet = workbook["月报"]
        sheet.cell(row=2, column=1).value = self.project_b.pk
        response = self.upload(workbook)
        self.assertIn("不在本期您应填报的项目中", " ".join(response.context["errors"]))
        self.assertFalse(MonthlyReport.objects.exists())

    def test_the_template_lists_its_projects_in_a_hidden_sheet(self):
        meta = self.template()["系统信息"]
        self.assertEqual(meta.sheet_state, "hidden")
        self.assertEqual(meta["A2"].value, "projects")
        self.assertEqual(sorted(int(pk) for pk in meta["B2"].value.split(",")),
                         sorted([self.project_a.pk, self.project_zone.pk]))

    def test_a_template_of_another_period_is_refused(self):
        workbook = self.template()
        workbook["系统信息"]["B1"].value = self.period.pk + 1
        workbook["系统信息"]["C1"].value = "2026-10"
        response = self.upload(workbook)
        self.assertIn("该文件是其他填报期（2026-10）的模板，请下载本期模板", " ".join(response.context["errors"]))

    def test_a_hidden_sheet_listing_another_regions_project_reads_nothing_of_it(self):
        workbook = self.template()
        workbook["系统信息"]["B2"].value = f"{self.project_b.pk},{self.project_a.pk}"
        header, rows = self.rows_by_name(workbook["月报"])
        rows["双台子化工项目"][0].value = self.project_b.pk
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = 10
        response = self.upload(workbook)
        self.assertIn(f"项目ID {self.project_b.pk} 不在本期您应填报的项目中", " ".join(response.context["errors"]))
        self.assertFalse(MonthlyReport.objects.exists())

    def test_a_workbook_without_the_hidden_sheet_imports_the_same(self):
        workbook = self.template()
        del workbook["系统信息"]
        header, rows = self.rows_by_name(workbook["月报"])
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = 12.5
        self.commit(self.upload(workbook))
        self.assertEqual(MonthlyReport.objects.get(project=self.project_a).completed, Decimal("12.50"))

    def test_reordered_columns_are_read_by_their_headers(self):
        workbook = self.template()
        sheet = workbook["月报"]
        sheet.protection.sheet = False
        sheet.move_range("G1:G3", cols=14)  # 本月完成投资 moved to the far right
        header, rows = self.rows_by_name(sheet)
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = 77
        self.commit(self.upload(workbook))
        self.assertEqual(MonthlyReport.objects.get(project=self.project_a).completed, Decimal("77"))

    def test_a_deleted_optional_column_keeps_what_the_report_has(self):
        services.save_report(self.project_a, self.period, {"completed": Decimal("10"), "progress_text": "基础施工",
                                                           "workers": 40}, actor=self.region_a_editor)
        workbook = self.template()
        sheet = workbook["月报"]
        sheet.protection.sheet = False
        header, rows = self.rows_by_name(sheet)
        sheet.delete_cols(header.index("形象进度") + 1)
        header, rows = self.rows_by_name(sheet)
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = 12
        rows["双台子化工项目"][header.index("现场用工人数")].value = None  # emptied: no longer known
        self.commit(self.upload(workbook))
        report = MonthlyReport.objects.get(project=self.project_a)
        self.assertEqual((report.completed, report.progress_text, report.workers), (Decimal("12"), "基础施工", None))

    def test_a_formula_without_a_computed_value_is_named_not_read_as_zero(self):
        workbook = self.template()
        header, rows = self.rows_by_name(workbook["月报"])
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = "=1+1"
        response = self.upload(workbook)
        self.assertIn("单元格 G2 是没有计算结果的公式", " ".join(response.context["errors"]))
        self.assertFalse(MonthlyReport.objects.exists())

    def test_merged_cells_read_as_one_value(self):
        workbook = self.template()
        sheet = workbook["月报"]
        sheet.protection.sheet = False
        header, rows = self.rows_by_name(sheet)
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = 40
        sheet.merge_cells("G2:H2")
        self.commit(self.upload(workbook))
        report = MonthlyReport.objects.get(project=self.project_a)
        self.assertEqual((report.completed, report.fund_central_budget), (Decimal("40"), Decimal("0")))

    def test_renamed_sheet_is_named_in_the_error(self):
        workbook = self.template()
        workbook["月报"].title = "Sheet1"
        response = self.upload(workbook)
        self.assertIn("找不到名为“月报”的工作表", response.context["errors"][0])

    def test_not_an_xlsx(self):
        response = self.upload_bytes(b"name,amount\n\xe9\xa1\xb9\xe7\x9b\xae,1\n", "月报.csv")
        self.assertIn("不是 Excel 工作簿", response.context["errors"][0])

    def test_zip_bomb_is_refused_before_parsing(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
        response = self.upload_bytes(buffer.getvalue())
        self.assertIn("压缩炸弹", response.context["errors"][0])

    def test_oversized_file_is_refused(self):
        response = self.upload_bytes(b"0" * (11 * 1024 * 1024))
        self.assertIn("超过上限", response.context["errors"][0])

    def test_a_damaged_workbook_is_refused_not_a_500(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "not xml at all")
        response = self.upload_bytes(buffer.getvalue())
        self.assertEqual(response.status_code, 400)


def test_the_sheets_input_columns_are_the_report_fields_in_order():
    # The import passes a row's values as a list in this order to the rules and the staging table.
    assert [name for name, _label in INPUT_COLUMNS] == FILLER_FIELDS
