"""Large workbooks: queued for the task worker, watched on a progress page, committed by the worker."""

import io
from decimal import Decimal
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tuijin.progress import imports
from tuijin.progress.models import ImportBatch, MonthlyReport
from tuijin.progress.testing import PeriodTestCase
from tuijin.progress.tests import test_excel

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """The real worker command, on the test's connection: its habit of closing idle connections would
    end the test's transaction on PostgreSQL."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(),
                     stderr=io.StringIO())


@override_settings(IMPORT_INLINE_MAX_BYTES=0, TASKS=DATABASE_QUEUE)
class BackgroundImportTests(PeriodTestCase):
    upload = test_excel.ExcelDoorTests.upload
    upload_bytes = test_excel.ExcelDoorTests.upload_bytes
    template = test_excel.ExcelDoorTests.template
    rows_by_name = test_excel.ExcelDoorTests.rows_by_name

    def setUp(self):
        self.client.force_login(self.region_a_editor)

    def filled(self, amount):
        workbook = self.template()
        header, rows = self.rows_by_name(workbook["月报"])
        rows["双台子化工项目"][header.index("本月完成投资（万元）")].value = amount
        return workbook

    def poll(self, batch):
        return self.client.get(reverse("progress:import_status", args=[self.period.pk, batch.pk]),
                               headers={"HX-Request": "true"})

    def test_a_large_file_is_checked_and_saved_by_the_worker_while_the_page_polls(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.upload(self.filled(321))
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, reverse("progress:import_status", args=[self.period.pk, batch.pk]))
        page = self.client.get(response.url)
        self.assertContains(page, "排队等待检查")
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(self.poll(batch), "排队等待检查")
        run_worker()
        finished = self.poll(batch)
        self.assertEqual(finished["HX-Refresh"], "true")
        preview = self.client.get(response.url)
        self.assertContains(preview, "1 个项目的月报将有变动")
        self.assertFalse(MonthlyReport.objects.exists())  # checked, nothing saved yet

        with self.captureOnCommitCallbacks(execute=True):
            committing = self.client.post(reverse("progress:import", args=[self.period.pk]), {"batch": batch.pk})
        self.assertRedirects(committing, response.url)
        self.assertContains(self.client.get(response.url), "正在保存")
        self.assertFalse(MonthlyReport.objects.exists())
        run_worker()
        self.assertContains(self.client.get(response.url), "已导入：1 个项目的月报有变动")
        report = MonthlyReport.objects.get(project=self.project_a, period=self.period)
        self.assertEqual(report.completed, Decimal("321.00"))

    def test_errors_found_by_the_worker_are_listed_and_nothing_is_saved(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.upload(self.filled(-5))
        run_worker()
        page = self.client.get(response.url)
        self.assertEqual(page.status_code, 400)
        self.assertContains(page, "第2行", status_code=400)
        self.assertContains(page, "上传并检查", status_code=400)  # the form to try again
        self.assertFalse(MonthlyReport.objects.exists())

    def test_not_a_workbook_is_refused_at_once_not_queued(self):
        response = self.upload_bytes(b"PK not really a zip" * 20000)
        self.assertEqual(response.status_code, 400)
        self.assertIn("不是 Excel 工作簿", response.context["errors"][0])
        self.assertFalse(ImportBatch.objects.exists())

    def test_someone_elses_upload_is_not_found(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.upload(self.filled(1))
        self.client.force_login(self.region_a_reviewer)
        self.assertEqual(self.client.get(response.url).status_code, 404)

    def test_the_check_records_its_progress_chunk_by_chunk(self):
        batch = imports.receive(self.period, self.bytes_of(self.filled(7)), "a.xlsx", actor=self.region_a_editor)
        seen = []
        real = imports._progress

        def spy(batch, **fields):
            real(batch, **fields)
            seen.append((batch.status, batch.done, batch.total))

        with mock.patch.object(imports, "CHUNK_ROWS", 1), mock.patch.object(imports, "_progress", spy):
            imports.check(batch)
        self.assertEqual(seen, [("checking", 0, 0), ("checking", 0, 2), ("checking", 1, 2), ("checking", 2, 2),
                                ("preview", 2, 2)])

    def bytes_of(self, workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
