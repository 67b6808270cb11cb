import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import AuditEntry
from tuijin.progress.models import AnnualPlan
from tuijin.progress.testing import PeriodTestCase


class PlanExcelTests(PeriodTestCase):
    def setUp(self):
        self.client.force_login(self.region_a_editor)
        self.url = reverse("progress:plan_excel")

    def workbook(self):
        response = self.client.get(self.url, {"year": 2027, "download": 1})
        return load_workbook(io.BytesIO(response.content))

    def upload(self, workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        return self.client.post(self.url, {"year": 2027, "file": SimpleUploadedFile("plans.xlsx", buffer.getvalue())})

    def rows(self, workbook):
        return {row[2].value: row for row in workbook["年度计划"].iter_rows(min_row=2)}

    def test_plans_round_trip(self):
        workbook = self.workbook()
        rows = self.rows(workbook)
        self.assertEqual(set(rows), {"双台子化工项目", "园区配套项目"})
        row = rows["双台子化工项目"]
        row[4].value, row[5].value, row[6].value = "２,４００", 3, 11
        for index, amount in enumerate([0, 0, 200, 200, 200, 200, 300, 300, 300, 400, 300, 0]):
            row[7 + index].value = amount
        response = self.upload(workbook)
        self.assertEqual(response.status_code, 302, response.context and response.context.get("errors"))
        plan = AnnualPlan.objects.get(project=self.project_a, year=2027)
        self.assertEqual((plan.planned_investment, plan.planned_start_month, plan.monthly_plan[3]),
                         (Decimal("2400.00"), 3, "200.00"))
        self.assertFalse(AnnualPlan.objects.filter(project=self.project_zone, year=2027).exists())

    def test_an_upload_of_two_plans_is_one_change_log_entry_filed_under_the_district(self):
        workbook = self.workbook()
        rows = self.rows(workbook)
        rows["双台子化工项目"][4].value, rows["园区配套项目"][4].value = 2400, 300
        self.assertEqual(self.upload(workbook).status_code, 302)
        entry = AuditEntry.objects.get()
        # The projects sit in region A and in its zone: the entry belongs to region A, which holds both.
        self.assertEqual((entry.kind, entry.actor, entry.data["rows"], entry.region_path),
                         ("plan.import", self.region_a_editor, 2, self.region_a.path))

    def test_every_error_is_listed_and_nothing_saved(self):
        workbook = self.workbook()
        rows = self.rows(workbook)
        rows["双台子化工项目"][4].value = -5
        rows["园区配套项目"][4].value = 100
        rows["园区配套项目"][5].value = 13
        rows["园区配套项目"][7].value = 50
        response = self.upload(workbook)
        errors = response.context["errors"]
        self.assertEqual(len(errors), 3, errors)
        self.assertIn("金额不能为负数", errors[0])
        self.assertFalse(AnnualPlan.objects.filter(year=2027).exists())

    def test_another_regions_project_is_refused(self):
        workbook = self.workbook()
        workbook["年度计划"].cell(row=2, column=1).value = self.project_b.pk
        workbook["年度计划"].cell(row=2, column=5).value = 100
        response = self.upload(workbook)
        self.assertIn("不在您可填报的项目中", " ".join(response.context["errors"]))
