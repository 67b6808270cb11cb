"""Each progress service writes one change-log entry: what, who, why; an import one per batch."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import AuditEntry
from tuijin.progress import imports, services
from tuijin.progress.models import AnnualPlan
from tuijin.progress.testing import PeriodTestCase
from tuijin.progress.tests.test_photos import MEDIA, jpeg_with_exif


class ProgressAuditTests(PeriodTestCase):
    def entries(self, kind):
        return list(AuditEntry.objects.filter(kind=kind).values_list("actor__username", "summary", "reason"))

    def test_the_monthly_cycle_leaves_one_entry_per_step(self):
        report, _ = services.save_report(self.project_a, self.period, {"completed": Decimal("10")},
                                         actor=self.region_a_editor)
        services.save_report(self.project_a, self.period, {"completed": Decimal("10")}, actor=self.region_a_editor)
        services.submit_report(report, actor=self.region_a_editor)
        services.return_report(report, actor=self.region_a_reviewer, reason="形象进度未填")
        services.close_period(self.period, actor=self.coordinator)
        # Saving the same figures again changes nothing and records nothing: one save entry.
        save = AuditEntry.objects.get(kind="report.save")
        self.assertEqual((save.actor, save.project_id, save.changes["本月完成投资（万元）"]),
                         (self.region_a_editor, self.project_a.pk, ["", "10.00"]))
        self.assertEqual(self.entries("report.submit"), [("region_a", "报送：双台子化工项目 2026年11月", "")])
        returned = AuditEntry.objects.get(kind="report.return")
        self.assertEqual((returned.actor, returned.reason, returned.changes["状态"]),
                         (self.region_a_reviewer, "形象进度未填", ["已报送", "已退回"]))
        self.assertEqual(self.entries("period.close"), [("coordinator", "关闭2026年11月填报期，月报冻结", "")])

    def test_opening_a_period_and_saving_a_plan_are_recorded(self):
        services.open_period(self.city, 2026, 12, actor=self.coordinator)
        self.assertEqual(self.entries("period.open"), [("coordinator", "开启2026年12月填报期，截止2026-12-25", "")])
        services.save_annual_plan(self.project_a, year=2026, actor=self.region_a_editor,
                                  planned_investment=Decimal("1500"))
        plan = AuditEntry.objects.get(kind="plan.save")
        self.assertEqual((plan.actor, plan.project_id, plan.changes["年度计划投资（万元）"]),
                         (self.region_a_editor, self.project_a.pk, ["1200.00", "1500.00"]))

    def test_a_new_plan_has_one_history_record_with_its_figures(self):
        services.save_annual_plan(self.project_a, year=2027, actor=self.region_a_editor,
                                  planned_investment=Decimal("800"))
        plan = AnnualPlan.objects.get(project=self.project_a, year=2027)
        self.assertEqual([(h.history_type, h.planned_investment, h.history_user) for h in plan.history.all()],
                         [("+", Decimal("800.00"), self.region_a_editor)])

    @override_settings(MEDIA_ROOT=MEDIA)
    def test_a_photo_is_recorded_on_its_report(self):
        report, _ = services.save_report(self.project_a, self.period, {"completed": Decimal("5")},
                                         actor=self.region_a_editor)
        services.add_photo(report, SimpleUploadedFile("site.jpg", jpeg_with_exif()), actor=self.region_a_editor,
                           caption="主体封顶")
        entry = AuditEntry.objects.get(kind="report.photo")
        self.assertEqual((entry.actor, entry.subject_id, entry.data["caption"]), (self.region_a_editor, report.pk,
                                                                                 "主体封顶"))

    def test_an_import_of_two_reports_is_one_entry_with_its_counts(self):
        self.client.force_login(self.region_a_editor)
        workbook = load_workbook(io.BytesIO(self.client.get(reverse("progress:template",
                                                                    args=[self.period.pk])).content))
        sheet = workbook["月报"]
        column = [c.value for c in sheet[1]].index("本月完成投资（万元）")
        for row in sheet.iter_rows(min_row=2):
            row[column].value = 7
        buffer = io.BytesIO()
        workbook.save(buffer)
        batch = imports.check(imports.receive(self.period, buffer.getvalue(), "月报.xlsx", actor=self.region_a_editor))
        imports.start_commit(batch, actor=self.region_a_editor)
        imports.commit(batch)
        # Region A fills its project and its zone's: two reports, one entry, no per-row save entries.
        entry = AuditEntry.objects.get(kind="report.import")
        self.assertEqual((entry.actor, entry.data["changed"], entry.reason), (self.region_a_editor, 2,
                                                                              f"Excel导入 #{batch.pk}"))
        self.assertFalse(AuditEntry.objects.filter(kind="report.save").exists())
