"""Funds in place: one name per source on the page and in the Excel template, and a warning (not a
refusal) when a month's funds in place exceed the investment completed that month."""

import io
import re
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from tuijin.progress.models import MonthlyReport
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects.choices import FundingSource


class FundingNameTests(PeriodTestCase):
    def test_page_and_template_name_each_source_alike(self):
        self.client.force_login(self.region_a_editor)
        page = self.client.get(reverse("progress:batch", args=[self.period.pk])).content.decode()
        header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
        sheet = load_workbook(io.BytesIO(self.client.get(reverse("progress:template", args=[self.period.pk])).content))
        template_headers = [cell.value for cell in sheet.worksheets[0][1]]
        for source in FundingSource:
            self.assertIn(f">{source.label}<", header)  # 中央预算内投资, not 中央预算内
            self.assertIn(f"到位资金-{source.label}（万元）", template_headers)
        self.assertNotIn(">专项债<", header)
        self.assertNotIn(">政策性金融<", header)


class FundsBeyondCompletedTests(PeriodTestCase):
    def save(self, **values):
        self.client.force_login(self.region_a_editor)
        data = {f"p{self.project_a.pk}-{k}": v for k, v in values.items()}
        return self.client.post(reverse("progress:row_save", args=[self.period.pk, self.project_a.pk]), data,
                                HTTP_HX_REQUEST="true")

    def test_funds_beyond_completed_are_saved_with_a_warning(self):
        # 300 + 250 = 550 万元 in place against 500 completed: saved, and the row says so.
        response = self.save(completed="500", fund_special_bonds="300", fund_bank_loans="250")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "已保存")
        self.assertContains(response, 'data-testid="row-warning"')
        self.assertContains(response, "本月到位资金合计（550.00万元）超过本月完成投资（500.00万元），请核实")
        report = MonthlyReport.objects.get(project=self.project_a, period=self.period)
        self.assertEqual(report.funds_in_place, Decimal("550.00"))

    def test_funds_within_completed_show_no_warning(self):
        response = self.save(completed="500", fund_special_bonds="300", fund_bank_loans="200")  # 500 = 500
        self.assertContains(response, "已保存")
        self.assertNotContains(response, 'data-testid="row-warning"')


class ImportFundsWarningTests(PeriodTestCase):
    def test_the_import_preview_warns_of_funds_beyond_completed_and_still_imports(self):
        from tuijin.progress import imports

        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("progress:template", args=[self.period.pk]))
        workbook = load_workbook(io.BytesIO(response.content))
        sheet = workbook["月报"]
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[2].value == "双台子化工项目":  # 100 completed, 80 + 40 = 120 in place
                row[header.index("本月完成投资（万元）")].value = 100
                row[header.index("到位资金-地方政府专项债券（万元）")].value = 80
                row[header.index("到位资金-企业自筹（万元）")].value = 40
            if row[2].value == "园区配套项目":  # 50 completed, 50 in place: no warning
                row[header.index("本月完成投资（万元）")].value = 50
                row[header.index("到位资金-银行贷款（万元）")].value = 50
        buffer = io.BytesIO()
        workbook.save(buffer)
        batch = imports.check(imports.receive(self.period, buffer.getvalue(), "月报.xlsx", actor=self.region_a_editor))
        self.assertEqual(batch.errors, [])  # a warning, not a refusal
        warnings = {change["project"]: change.get("warning") for change in batch.preview}
        self.assertEqual(warnings["双台子化工项目"], "本月到位资金合计（120.00万元）超过本月完成投资（100.00万元），请核实")
        self.assertIsNone(warnings["园区配套项目"])
        page = self.client.get(reverse("progress:import_status", args=[self.period.pk, batch.pk]))
        self.assertContains(page, "本月到位资金合计（120.00万元）超过本月完成投资（100.00万元），请核实")


class CityRefusesFundsBeyondCompletedTests(PeriodTestCase):
    """Where the city sets the rule (系统参数 funds_beyond_completed_refused), the warning becomes a refusal."""

    def setUp(self):
        from tuijin.core.models import Setting

        Setting.put("funds_beyond_completed_refused", "true")

    def test_a_row_beyond_the_rule_is_refused_and_nothing_saved(self):
        self.client.force_login(self.region_a_editor)
        data = {f"p{self.project_a.pk}-completed": "500", f"p{self.project_a.pk}-fund_special_bonds": "300",
                f"p{self.project_a.pk}-fund_bank_loans": "250"}  # 550 > 500
        response = self.client.post(reverse("progress:row_save", args=[self.period.pk, self.project_a.pk]), data,
                                    HTTP_HX_REQUEST="true")
        self.assertContains(response, "本市规定到位资金不得超过完成投资", status_code=400)
        self.assertFalse(MonthlyReport.objects.exists())

    def test_the_import_lists_the_row_as_an_error(self):
        from tuijin.progress import imports

        self.client.force_login(self.region_a_editor)
        workbook = load_workbook(io.BytesIO(self.client.get(reverse("progress:template", args=[self.period.pk])).content))
        sheet = workbook["月报"]
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[2].value == "双台子化工项目":  # 100 completed, 120 in place
                row[header.index("本月完成投资（万元）")].value = 100
                row[header.index("到位资金-企业自筹（万元）")].value = 120
        buffer = io.BytesIO()
        workbook.save(buffer)
        batch = imports.check(imports.receive(self.period, buffer.getvalue(), "月报.xlsx", actor=self.region_a_editor))
        self.assertEqual(len(batch.errors), 1)
        self.assertIn("（双台子化工项目）：本月到位资金合计（120.00万元）超过本月完成投资（100.00万元）；本市规定", batch.errors[0])
