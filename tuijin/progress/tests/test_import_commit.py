"""What an import writes: the rules, running sums, YearToDate, history and events, and a commit that
refuses when the data changed between the check and the clerk's confirmation."""

import datetime
import io
from decimal import Decimal
from unittest import mock, skipUnless

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tuijin.progress import imports, services
from tuijin.progress.choices import ReportStatus
from tuijin.progress.cumulative import month_end, rebuild_year_to_date
from tuijin.progress.models import ImportBatch, ImportRow, MonthlyReport, ReportEvent, ReportingPeriod, YearToDate
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects.models import Project

COMPLETED = "本月完成投资（万元）"
OVERRUN = "超概算说明"


class ImportCommitTests(PeriodTestCase):
    def setUp(self):
        self.client.force_login(self.region_a_editor)

    def workbook_bytes(self, period, **rows):
        """The period's template with {project name: {column label: value}} filled in."""
        response = self.client.get(reverse("progress:template", args=[period.pk]))
        workbook = load_workbook(io.BytesIO(response.content))
        sheet = workbook["月报"]
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            for label, value in rows.get(row[2].value, {}).items():
                row[header.index(label)].value = value
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def checked(self, period, **rows):
        return imports.check(imports.receive(period, self.workbook_bytes(period, **rows), "月报.xlsx",
                                             actor=self.region_a_editor))

    def imported(self, period, **rows):
        batch = self.checked(period, **rows)
        self.assertEqual(batch.errors, [])
        imports.start_commit(batch, actor=self.region_a_editor)
        imports.commit(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.COMMITTED, batch.errors)
        return batch

    def report(self, period, project=None):
        return MonthlyReport.objects.get(period=period, project=project or self.project_a)

    def october(self):
        return ReportingPeriod.objects.create(region=self.city, year=2026, month=10,
                                              deadline=datetime.date(2026, 10, 26))

    def year_to_date(self, project):
        row = YearToDate.objects.get(project=project, year=2026)
        return [getattr(row, month_end(m)) for m in range(1, 13)], row.worked_months

    def test_an_import_into_an_earlier_month_moves_the_running_sums_after_it(self):
        october = self.october()
        services.save_report(self.project_a, self.period, {"completed": Decimal("100")}, actor=self.region_a_editor)
        self.imported(october, **{"双台子化工项目": {COMPLETED: 40}})
        self.assertEqual((self.report(october).ytd, self.report(october).since_start), (Decimal("40"), Decimal("40")))
        self.assertEqual((self.report(self.period).ytd, self.report(self.period).since_start),
                         (Decimal("140"), Decimal("140")))
        ends, worked = self.year_to_date(self.project_a)
        self.assertEqual((ends[8], ends[9], ends[10], ends[11], worked),
                         (Decimal("0"), Decimal("40"), Decimal("140"), Decimal("140"), 2))

        self.imported(october, **{"双台子化工项目": {COMPLETED: "12.5"}})
        self.assertEqual(self.report(self.period).ytd, Decimal("112.50"))
        self.assertEqual(self.report(self.period).since_start, Decimal("112.50"))
        ends, worked = self.year_to_date(self.project_a)
        self.assertEqual((ends[9], ends[10], worked), (Decimal("12.50"), Decimal("112.50"), 2))
        # The sums kept step by step are those a rebuild from the reports gives.
        rebuild_year_to_date([self.project_a.pk])
        self.assertEqual(self.year_to_date(self.project_a), (ends, worked))

    def test_each_imported_report_gets_a_history_row_naming_the_import(self):
        first = self.imported(self.period, **{"双台子化工项目": {COMPLETED: 30}})
        report = self.report(self.period)
        self.assertEqual([(h.history_type, h.history_user, h.completed, h.history_change_reason)
                          for h in report.history.all()],
                         [("+", self.region_a_editor, Decimal("30.00"), f"Excel导入 #{first.pk}")])
        second = self.imported(self.period, **{"双台子化工项目": {COMPLETED: 35}})
        report = self.report(self.period)
        self.assertEqual((report.version, report.completed, report.status), (2, Decimal("35"), ReportStatus.DRAFT))
        self.assertEqual([(h.history_type, h.history_change_reason) for h in report.history.all()],
                         [("~", f"Excel导入 #{second.pk}"), ("+", f"Excel导入 #{first.pk}")])
        # The batch is the import's record: who, which file (kept), how many reports; no event per report.
        self.assertEqual((second.user, second.file_name, second.changed, bool(second.file)),
                         (self.region_a_editor, "月报.xlsx", 1, True))
        self.assertFalse(ReportEvent.objects.exists())
        self.assertFalse(ImportRow.objects.exists())

    def test_the_reports_history_page_shows_each_change_with_who_and_why(self):
        report, _changed = services.save_report(self.project_a, self.period, {"completed": Decimal("20")},
                                                actor=self.region_a_editor)
        batch = self.imported(self.period, **{"双台子化工项目": {COMPLETED: 25}})
        services.submit_report(self.report(self.period), actor=self.region_a_editor)
        self.client.force_login(self.region_a_reviewer)
        page = self.client.get(reverse("progress:report_history", args=[report.pk]))
        self.assertEqual([(v.history_change_reason, v.history_user, v.completed, v.status)
                          for v in page.context["versions"]],
                         [("报送", self.region_a_editor, Decimal("25.00"), ReportStatus.SUBMITTED),
                          (f"Excel导入 #{batch.pk}", self.region_a_editor, Decimal("25.00"), ReportStatus.DRAFT),
                          ("", self.region_a_editor, Decimal("20.00"), ReportStatus.DRAFT)])
        self.assertContains(page, f"Excel导入 #{batch.pk}")
        self.assertContains(page, "新建")  # the first version, saved without a reason

    def test_previews_left_for_a_day_are_voided_by_the_daily_command(self):
        old = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 10}})
        self.client.force_login(self.region_b_editor)
        fresh = imports.check(imports.receive(self.period, self.workbook_bytes(self.period, **{"兴隆台道路项目": {
            COMPLETED: 5}}), "b.xlsx", actor=self.region_b_editor))
        self.assertEqual((old.status, fresh.status, ImportRow.objects.count()), (ImportBatch.PREVIEW,) * 2 + (2,))
        ImportBatch.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
        out = io.StringIO()
        call_command("expire_imports", stdout=out)
        self.assertIn("已作废 1 个", out.getvalue())
        old.refresh_from_db()
        self.assertEqual((old.status, old.errors), (ImportBatch.FAILED, ["检查结果超过一天未确认，已作废；请重新上传文件"]))
        self.assertEqual(list(ImportRow.objects.values_list("batch", flat=True)), [fresh.pk])
        self.assertEqual(ImportBatch.objects.get(pk=fresh.pk).status, ImportBatch.PREVIEW)

    def test_awkward_amounts_are_saved_and_summed_to_the_cent(self):
        Project.objects.filter(pk=self.project_a.pk).update(total_investment=Decimal("999999999999.99"))
        october = self.october()
        self.imported(october, **{"双台子化工项目": {COMPLETED: 0.29, "到位资金-银行贷款（万元）": 0.1 + 0.2}})
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 1.005, "到位资金-企业自筹（万元）": 99999999999.99}})
        self.assertIn(["本月完成投资（万元）", None, "1.01"], batch.preview[0]["diff"])  # typed 1.005: half up
        imports.start_commit(batch, actor=self.region_a_editor)
        imports.commit(batch)
        self.assertEqual((self.report(october).completed, self.report(october).fund_bank_loans),
                         (Decimal("0.29"), Decimal("0.30")))
        report = self.report(self.period)
        self.assertEqual((report.completed, report.fund_self_raised, report.ytd, report.since_start),
                         (Decimal("1.01"), Decimal("99999999999.99"), Decimal("1.30"), Decimal("1.30")))
        self.assertEqual(self.year_to_date(self.project_a)[0][10], Decimal("1.30"))

    def test_an_overrun_needs_a_written_reason(self):
        batch = self.checked(self.period, **{"园区配套项目": {COMPLETED: 3500}})
        self.assertIn("将超过项目总投资（3000.00万元）", " ".join(batch.errors))
        self.assertFalse(ImportRow.objects.exists())
        self.imported(self.period, **{"园区配套项目": {COMPLETED: 3500, OVERRUN: "设计变更，已报批调概"}})
        report = self.report(self.period, self.project_zone)
        self.assertEqual((report.completed, report.overrun_reason), (Decimal("3500"), "设计变更，已报批调概"))

    def test_a_submitted_report_is_refused_a_change_but_the_same_figures_pass(self):
        report, _changed = services.save_report(self.project_a, self.period, {"completed": Decimal("20")},
                                                actor=self.region_a_editor)
        services.submit_report(report, actor=self.region_a_editor)
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 25}})
        self.assertIn("该月报已报送，须退回后才能修改", " ".join(batch.errors))
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 20}})
        self.assertEqual((batch.errors, batch.changed), ([], 0))

    def test_a_month_far_above_the_usual_pace_is_flagged_not_refused(self):
        october = self.october()
        services.save_report(self.project_a, october, {"completed": Decimal("10")}, actor=self.region_a_editor)
        self.imported(self.period, **{"双台子化工项目": {COMPLETED: 31}})  # factor 3 over a month of 10
        self.assertTrue(self.report(self.period).jump_flag)
        self.imported(self.period, **{"双台子化工项目": {COMPLETED: 30}})
        self.assertFalse(self.report(self.period).jump_flag)

    def test_the_commit_refuses_when_a_report_changed_after_the_check(self):
        october = self.october()
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 50}})
        self.assertEqual(batch.changed, 1)
        # Meanwhile a colleague corrects October, which the November rules and running sums read.
        services.save_report(self.project_a, october, {"completed": Decimal("8")}, actor=self.region_a_editor)
        imports.start_commit(batch, actor=self.region_a_editor)
        self.assertEqual(imports.commit(batch), 0)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.FAILED)
        self.assertIn("检查之后，本文件中有 1 个项目的月报或项目信息被修改", batch.errors[0])
        self.assertFalse(MonthlyReport.objects.filter(period=self.period).exists())
        self.assertFalse(ImportRow.objects.exists())

    def test_the_commit_refuses_after_the_period_closed(self):
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 50}})
        services.close_period(self.period, actor=self.coordinator)
        imports.start_commit(batch, actor=self.region_a_editor)
        imports.commit(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.FAILED)
        self.assertIn("填报期已关闭", batch.errors[0])
        self.assertFalse(MonthlyReport.objects.exists())

    def test_a_month_before_the_start_is_refused(self):
        december = ReportingPeriod.objects.create(region=self.city, year=2025, month=12,
                                                  deadline=datetime.date(2025, 12, 25))
        batch = self.checked(december, **{"双台子化工项目": {COMPLETED: 5}})
        self.assertIn("项目于2026-01-10开工，不能填报开工前（2025年12月）的月报", " ".join(batch.errors))

    def test_a_new_upload_voids_the_unconfirmed_preview_and_its_staged_rows(self):
        first = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 50}})
        second = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 60}})
        self.assertEqual(list(ImportRow.objects.values_list("batch", flat=True)), [second.pk])
        with self.assertRaisesMessage(ValidationError, "之后又上传了新的文件"):
            imports.start_commit(first, actor=self.region_a_editor)
        imports.start_commit(second, actor=self.region_a_editor)
        imports.commit(second)
        self.assertEqual(self.report(self.period).completed, Decimal("60"))
        with self.assertRaisesMessage(ValidationError, "该文件已经导入过了"):
            imports.start_commit(second, actor=self.region_a_editor)

    def test_a_database_error_in_the_commit_fails_the_batch_instead_of_leaving_it_saving(self):
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 50}})
        imports.start_commit(batch, actor=self.region_a_editor)
        with mock.patch("tuijin.progress.staging.write_staged", side_effect=OperationalError("database is locked")), \
                self.assertLogs("tuijin.progress.imports", "ERROR"):
            self.assertEqual(imports.commit(batch), 0)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.errors), (ImportBatch.FAILED, ["保存时数据库繁忙，未保存任何数据；请稍后重新上传"]))
        self.assertFalse(MonthlyReport.objects.exists())

    def test_the_commit_refuses_when_the_staged_rows_are_gone(self):
        # As after a PostgreSQL crash, which empties the unlogged staging table.
        batch = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 50}})
        ImportRow.objects.filter(batch=batch).delete()
        imports.start_commit(batch, actor=self.region_a_editor)
        self.assertEqual(imports.commit(batch), 0)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.errors), (ImportBatch.FAILED, ["检查结果已失效（服务器曾重启），未保存；请重新上传文件"]))
        self.assertFalse(MonthlyReport.objects.exists())

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
    def test_the_staging_table_is_unlogged_on_postgresql(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [ImportRow._meta.db_table])
            self.assertEqual(cursor.fetchone()[0], "u")

    def test_a_preview_left_for_a_day_is_voided_by_the_next_upload(self):
        stale = self.checked(self.period, **{"双台子化工项目": {COMPLETED: 50}})
        ImportBatch.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=25))
        self.client.force_login(self.region_b_editor)
        imports.receive(self.period, self.workbook_bytes(self.period), "b.xlsx", actor=self.region_b_editor)
        stale.refresh_from_db()
        self.assertEqual((stale.status, stale.errors), (ImportBatch.FAILED, ["检查结果超过一天未确认，已作废；请重新上传文件"]))
        self.assertFalse(ImportRow.objects.exists())
