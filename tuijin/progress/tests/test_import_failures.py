"""Issue 14: a broken workbook, a sheet full of errors, and the template's formula guard."""

import io
import struct
import zipfile
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tuijin.progress import imports, services
from tuijin.progress.models import AnnualPlan, ImportBatch, ImportRow, MonthlyReport
from tuijin.progress.testing import PeriodTestCase
from tuijin.progress.tests import test_excel
from tuijin.progress.tests.test_background_import import DATABASE_QUEUE, run_worker

SHEET_XML = "xl/worksheets/sheet1.xml"
DAMAGED = "文件已损坏或不是有效的Excel工作簿"


def with_false_size(data, member=SHEET_XML, size=1000):
    """`data` with the zip's central directory claiming `size` bytes unpacked for `member`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        start = archive.start_dir
    data = bytearray(data)
    position = start
    while data[position:position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        name = bytes(data[position + 46:position + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", data, position + 24, size)
            return bytes(data)
        position += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"{member} not in the archive")


def truncated_member(data, member=SHEET_XML):
    """`data` with the packed bytes of `member` garbled half way (same length, so the zip still opens)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    body = info.header_offset + 30 + name_length + extra_length
    middle = body + info.compress_size // 2
    return data[:middle] + b"\xff" * 64 + data[middle + 64:]


class Uploads(PeriodTestCase):
    upload = test_excel.ExcelDoorTests.upload
    upload_bytes = test_excel.ExcelDoorTests.upload_bytes
    template = test_excel.ExcelDoorTests.template
    rows_by_name = test_excel.ExcelDoorTests.rows_by_name
    commit = test_excel.ExcelDoorTests.commit

    def setUp(self):
        self.client.force_login(self.region_a_editor)

    def template_bytes(self):
        response = self.client.get(reverse("progress:template", args=[self.period.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content

    def filled_bytes(self):
        workbook = self.template()
        header, rows = self.rows_by_name(workbook["月报"])
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = 100
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class BrokenWorkbookTests(Uploads):
    def assert_failed_plainly(self, response):
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, DAMAGED, status_code=400)
        self.assertContains(response, "上传并检查", status_code=400)  # the form to try again
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.FAILED)
        self.assertIn(DAMAGED, batch.errors[0])
        self.assertFalse(ImportRow.objects.exists())
        self.assertFalse(MonthlyReport.objects.exists())

    def test_a_false_uncompressed_size_fails_the_batch_not_a_500(self):
        with self.assertLogs("tuijin.progress.imports", "ERROR"):
            response = self.upload_bytes(with_false_size(self.filled_bytes()))
        self.assert_failed_plainly(response)

    def test_a_garbled_member_fails_the_batch_not_a_500(self):
        with self.assertLogs("tuijin.progress.imports", "ERROR"):
            response = self.upload_bytes(truncated_member(self.filled_bytes()))
        self.assert_failed_plainly(response)

    def test_any_failure_during_the_check_fails_the_batch(self):
        with mock.patch.object(services.ReportRowCheck, "check", side_effect=RuntimeError("boom")), \
                self.assertLogs("tuijin.progress.imports", "ERROR"):
            response = self.upload_bytes(self.filled_bytes())
        self.assertEqual(response.status_code, 400)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.FAILED)
        self.assertContains(response, f"处理文件时出错（导入编号 #{batch.pk}），未保存任何数据", status_code=400)
        self.assertFalse(ImportRow.objects.exists())

    def test_a_failure_during_the_commit_fails_the_batch_and_saves_nothing(self):
        preview = self.upload_bytes(self.filled_bytes())
        self.assertContains(preview, "1 个项目的月报将有变动")
        with mock.patch("tuijin.progress.staging._copy_to_history", side_effect=RuntimeError("boom")), \
                self.assertLogs("tuijin.progress.imports", "ERROR"):
            response = self.commit(preview)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.FAILED)  # not 保存中 for good
        self.assertContains(response, f"导入编号 #{batch.pk}", status_code=400)
        self.assertFalse(MonthlyReport.objects.exists())
        self.assertFalse(ImportRow.objects.exists())

    @override_settings(IMPORT_INLINE_MAX_BYTES=0, TASKS=DATABASE_QUEUE)
    def test_the_worker_fails_the_batch_of_a_broken_file(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.upload_bytes(with_false_size(self.filled_bytes()))
        with self.assertLogs("tuijin.progress.imports", "ERROR"):
            run_worker()
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.FAILED)
        poll = self.client.get(response.url, headers={"HX-Request": "true"})
        self.assertEqual(poll["HX-Refresh"], "true")  # the progress bar stops
        self.assert_failed_plainly(self.client.get(response.url))


class ManyErrorsTests(Uploads):
    def test_only_the_first_errors_are_kept_and_the_rest_are_counted(self):
        workbook = self.template()
        sheet = workbook["月报"]
        for line in range(10, 10 + 1500):  # 1,500 rows with no project id
            sheet.cell(line, 3, "无ID的行")
        with mock.patch.object(imports, "MAX_ERRORS", 1000):
            response = self.upload(workbook)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.INVALID)
        self.assertEqual((len(batch.errors), batch.unlisted_errors), (1000, 500))
        self.assertContains(response, "发现 1500 处错误", status_code=400)
        self.assertContains(response, "另有 500 处错误未列出", status_code=400)
        self.assertEqual(response.content.decode().count("项目ID为空或不是数字"), 1000)

    def test_the_import_record_does_not_read_the_error_lists(self):
        self.upload(self.template())
        ImportBatch.objects.update(errors=["错误"] * 1000, preview=[{"project": "x", "diff": []}] * 500)
        errors = ImportBatch._meta.get_field("errors").column
        preview = ImportBatch._meta.get_field("preview").column
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(reverse("progress:import", args=[self.period.pk]))
        self.assertEqual(len(page.context["record"]), 1)
        batch_reads = [q["sql"] for q in queries if ImportBatch._meta.db_table in q["sql"]]
        self.assertTrue(batch_reads)
        for sql in batch_reads:
            self.assertNotIn(f'."{errors}"', sql)
            self.assertNotIn(f'."{preview}"', sql)


class FormulaGuardTests(Uploads):
    TEXTS = {"progress_text": "=SUM(1)", "problems_text": "-3层", "overrun_reason": "@审计"}

    def setUp(self):
        super().setUp()
        services.save_report(self.project_a, self.period, {"completed": "10", **self.TEXTS},
                             actor=self.region_a_editor)

    def test_an_unchanged_template_round_trips_without_changes(self):
        data = self.template_bytes()
        response = self.upload_bytes(data)
        self.assertEqual(response.status_code, 200, response.context.get("errors"))
        self.assertContains(response, "导入不会改变任何月报")

    def test_the_guarded_cells_are_text_not_formulas(self):
        data = self.template_bytes()
        sheet = load_workbook(io.BytesIO(data))["月报"]
        header, rows = self.rows_by_name(sheet)
        for name, text in [("形象进度", "=SUM(1)"), ("存在问题", "-3层"), ("超概算说明", "@审计")]:
            cell = rows["双台子化工项目"][header.index(name)]
            self.assertEqual((cell.value, cell.data_type), (text, "s"))
            self.assertTrue(cell.quotePrefix)  # Excel shows it as text, also once edited
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertNotIn(b"<f>", archive.read(SHEET_XML))
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("月报").to_python()
        header = calamine[0]
        row = next(r for r in calamine if r[2] == "双台子化工项目")
        self.assertEqual(row[header.index("形象进度")], "=SUM(1)")
        self.assertEqual(row[header.index("存在问题")], "-3层")

    def test_a_template_guarded_the_old_way_reads_without_the_apostrophe(self):
        workbook = self.template()
        header, rows = self.rows_by_name(workbook["月报"])
        for name, text in [("形象进度", "=SUM(1)"), ("存在问题", "-3层"), ("超概算说明", "@审计")]:
            cell = rows["双台子化工项目"][header.index(name)]
            cell.value = "'" + text
            cell.data_type = "s"
        response = self.upload(workbook)
        self.assertContains(response, "导入不会改变任何月报")


class BrokenPlanWorkbookTests(PeriodTestCase):
    def test_a_damaged_plan_workbook_is_refused_not_a_500(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("progress:plan_excel")
        data = self.client.get(url, {"year": 2027, "download": 1}).content
        damaged = with_false_size(data, member="xl/worksheets/sheet1.xml")
        response = self.client.post(url, {"year": 2027, "file": SimpleUploadedFile("plans.xlsx", damaged)})
        self.assertContains(response, DAMAGED, status_code=400)
        self.assertFalse(AnnualPlan.objects.filter(year=2027).exists())
