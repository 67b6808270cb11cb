"""Every entry point of a report goes through the same service rules: amendment, due-ness, versions."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tuijin.core.concurrency import ConcurrentEditError
from tuijin.core.models import AuditEntry

from tuijin.core.testing import make_project
from tuijin.progress import services
from tuijin.progress.models import ReportingPeriod
from tuijin.progress.testing import PeriodTestCase


def values(completed, **more):
    return {"completed": Decimal(completed), **more}


class AcceptedReportTests(PeriodTestCase):
    def setUp(self):
        report, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        services.submit_report(report, actor=self.region_a_editor)
        self.report = services.accept_report(report, actor=self.region_a_reviewer)

    def test_a_region_editor_cannot_rewrite_an_accepted_report_by_giving_a_reason(self):
        # Before amend_report, save_report took `amend_reason=` from anyone and let it past the lock.
        with self.assertRaisesMessage(PermissionDenied, "只有项目办可以修正月报"):
            services.amend_report(self.report, values("99"), actor=self.region_a_editor, reason="区里说错了")
        with self.assertRaisesMessage(ValidationError, "须退回后才能修改"):
            services.save_report(self.project_a, self.period, values("99"), actor=self.region_a_editor)
        report = self.refresh(self.report)
        self.assertEqual((report.completed, report.status), (Decimal("10"), "accepted"))

    def test_nobody_rewrites_an_accepted_report_through_save_report_not_even_the_coordinator(self):
        with self.assertRaisesMessage(ValidationError, "须退回后才能修改"):
            services.save_report(self.project_a, self.period, values("99"), actor=self.coordinator)

    def test_the_coordinator_amends_an_accepted_report_with_a_reason_and_the_figures_follow(self):
        with self.assertRaisesMessage(ValidationError, "须写明原因"):
            services.amend_report(self.report, values("99"), actor=self.coordinator, reason=" ")
        report, changed = services.amend_report(self.report, values("12.5"), actor=self.coordinator,
                                                reason="统计局反馈数据更正", expected_version=self.report.version)
        # 10 → 12.5: year-to-date and since-start are the one month, 12.5; still accepted.
        self.assertTrue(changed)
        self.assertEqual((report.completed, report.ytd, report.since_start, report.status),
                         (Decimal("12.5"), Decimal("12.5"), Decimal("12.5"), "accepted"))
        self.assertEqual(report.history.first().history_change_reason, "统计局反馈数据更正")
        entry = AuditEntry.objects.get(kind="report.amend")
        self.assertEqual((entry.actor, entry.reason, entry.project_id, entry.changes["本月完成投资（万元）"]),
                         (self.coordinator, "统计局反馈数据更正", self.project_a.pk, ["10.00", "12.50"]))

    def test_an_amendment_from_a_stale_page_is_refused(self):
        services.amend_report(self.report, values("11"), actor=self.coordinator, reason="更正一",
                              expected_version=self.report.version)
        with self.assertRaises(ConcurrentEditError):
            services.amend_report(self.report, values("12"), actor=self.coordinator, reason="更正二",
                                  expected_version=self.report.version)
        self.assertEqual(self.refresh(self.report).completed, Decimal("11"))

    def test_the_amend_page_goes_through_amend_report(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(f"/progress/reports/{self.report.pk}/amend/")
        self.assertContains(page, "该月报已审核")
        response = self.client.post(f"/progress/reports/{self.report.pk}/amend/",
                                    {"completed": "20", "amend_reason": "核实后更正", "version": self.report.version})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(AuditEntry.objects.get(kind="report.amend").reason, "核实后更正")
        stale = self.client.post(f"/progress/reports/{self.report.pk}/amend/",
                                 {"completed": "30", "amend_reason": "再次更正", "version": self.report.version})
        self.assertContains(stale, "已保存了新的版本", status_code=400)
        self.assertEqual(self.refresh(self.report).completed, Decimal("20"))


class DueTests(PeriodTestCase):
    def test_the_batch_page_refuses_a_project_not_due_as_the_import_does(self):
        reserve = make_project(self.region_a, name="储备项目", stage="reserve")
        self.client.force_login(self.region_a_editor)
        response = self.client.post(f"/progress/{self.period.pk}/rows/{reserve.pk}/",
                                    {f"p{reserve.pk}-completed": "5", f"p{reserve.pk}-version": "0"})
        # The import's words for the same row: not among the projects the clerk fills this period.
        check = services.ReportRowCheck(self.period, actor=self.region_a_editor)
        errors, _staged, _changes = check.check([(7, reserve.pk, [Decimal(500), *[services.KEEP] * 12])])
        self.assertEqual(errors, [(7, None, f"项目ID {reserve.pk} 不在本期您应填报的项目中")])
        self.assertContains(response, f"项目ID {reserve.pk} 不在本期您应填报的项目中", status_code=400)
        self.assertFalse(reserve.reports.exists())


class ReportApiTests(PeriodTestCase):
    def setUp(self):
        self.report, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        self.url = f"/api/v1/reports/{self.report.pk}/"

    def client_for(self, user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    def test_patch_needs_the_version_read_and_refuses_a_stale_one(self):
        client = self.client_for(self.region_a_editor)
        self.assertContains(client.patch(self.url, {"completed": "11"}, format="json"), "版本号", status_code=400)
        response = client.patch(self.url, {"completed": "11", "version": self.report.version}, format="json")
        self.assertEqual((response.status_code, response.json()["ytd"]), (200, "11.00"))
        stale = client.patch(self.url, {"completed": "12", "version": self.report.version}, format="json")
        self.assertEqual((stale.status_code, stale.json()["current"]["completed"]), (409, "11.00"))
        self.assertEqual(AuditEntry.objects.filter(kind="report.save").count(), 2)  # the page's save, the API's

    def test_patch_out_of_region_is_404(self):
        response = self.client_for(self.region_b_editor).patch(self.url, {"completed": "1", "version": 1},
                                                               format="json")
        self.assertEqual(response.status_code, 404)

    def test_an_accepted_report_is_amended_through_the_api_only_by_the_coordinator(self):
        services.submit_report(self.report, actor=self.region_a_editor)
        report = services.accept_report(self.report, actor=self.region_a_reviewer)
        body = {"completed": "15", "version": report.version, "amend_reason": "区里说错了"}
        self.assertEqual(self.client_for(self.region_a_editor).patch(self.url, body, format="json").status_code, 403)
        without_reason = {"completed": "15", "version": report.version}
        self.assertContains(self.client_for(self.coordinator).patch(self.url, without_reason, format="json"),
                            "须退回后才能修改", status_code=400)
        body["amend_reason"] = "统计局反馈数据更正"
        response = self.client_for(self.coordinator).patch(self.url, body, format="json")
        self.assertEqual((response.status_code, response.json()["completed"], response.json()["status"]),
                         (200, "15.00", "accepted"))
        self.assertEqual(AuditEntry.objects.get(kind="report.amend").reason, "统计局反馈数据更正")

    def test_the_projects_due_in_a_period_are_listed_with_their_state(self):
        make_project(self.region_a, name="储备项目", stage="reserve")  # not due: no row
        url = f"/api/v1/periods/{self.period.pk}/due/"
        rows = self.client_for(self.region_a_editor).get(url).json()
        self.assertEqual(rows, [{"project": self.project_a.pk, "state": "missing"},
                                {"project": self.project_zone.pk, "state": "missing"}])
        region_a_period = ReportingPeriod.objects.create(region=self.region_a, year=2026, month=11,
                                                         deadline=self.period.deadline)
        response = self.client_for(self.region_b_editor).get(f"/api/v1/periods/{region_a_period.pk}/due/")
        self.assertEqual(response.status_code, 404)
