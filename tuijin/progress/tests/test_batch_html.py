import json
import re

from decimal import Decimal

from tuijin.progress.batch_html import INPUTS, BatchRows
from tuijin.progress.forms import ReportRowForm
from tuijin.progress.models import MonthlyReport
from tuijin.progress.testing import PeriodTestCase


def attributes(html):
    """An <input>'s attributes as a set, order aside."""
    return set(re.findall(r'([\w-]+)(?:="([^"]*)")?', html.strip("<>").removeprefix("input ")))


class BatchHtmlTests(PeriodTestCase):
    """The page's fast inputs are the ones the form itself would render, with no report and with one."""

    def assert_same_as_form(self, project, report, disabled=False):
        form = ReportRowForm(instance=report, prefix=f"p{project.pk}")
        for field in form.fields.values():
            field.disabled = disabled
        fast = BatchRows(self.period)._cells({"project": project, "report": report})
        for name, html in zip(INPUTS, fast):
            self.assertEqual(attributes(html), attributes(str(form[name])), name)

    def test_inputs_match_the_form_for_a_new_a_draft_and_a_submitted_report(self):
        project = self.project_a
        self.assert_same_as_form(project, None)
        report = MonthlyReport.objects.create(project=project, period=self.period, year=2026, month=11,
                                              completed=Decimal("120.50"), progress_text='一期"主体"完工')
        self.assert_same_as_form(project, report)
        report.status = "submitted"
        self.assert_same_as_form(project, report, disabled=True)


class DraftCountTests(PeriodTestCase):
    def test_a_row_saved_tells_the_page_the_new_number_of_drafts(self):
        from django.urls import reverse

        self.client.force_login(self.region_a_editor)
        url = reverse("progress:row_save", args=[self.period.pk, self.project_a.pk])
        data = {f"p{self.project_a.pk}-{name}": "" for name in INPUTS}
        data.update({f"p{self.project_a.pk}-completed": "100", f"p{self.project_a.pk}-version": "0"})
        response = self.client.post(url, data, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        # region_a fills project_a only; its first save makes one draft, so 全部报送 now offers one.
        self.assertEqual(json.loads(response["HX-Trigger"])["tuijin:drafts"]["count"], 1)
