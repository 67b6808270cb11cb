from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tuijin.core.testing_views import ScopedViewChecks
from tuijin.progress import services
from tuijin.progress.models import ImportBatch, MonthlyReport, ReportingPeriod
from tuijin.progress.testing import PeriodTestCase
from tuijin.progress.tests.test_photos import MEDIA, jpeg_with_exif


def period(t):
    return {"pk": t.period.pk}


@override_settings(MEDIA_ROOT=MEDIA)
class ProgressViewScopeTests(ScopedViewChecks, PeriodTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A county's own period: another county must not see it.
        cls.period_a = ReportingPeriod.objects.create(region=cls.region_a, year=2026, month=11,
                                                      deadline=cls.period.deadline)
        cls.report_a, _ = services.save_report(cls.project_a, cls.period, {"completed": Decimal("5")},
                                               actor=cls.region_a_editor)
        with override_settings(MEDIA_ROOT=MEDIA):
            cls.photo = services.add_photo(cls.report_a, SimpleUploadedFile("a.jpg", jpeg_with_exif()),
                                           actor=cls.region_a_editor)
            cls.import_a = ImportBatch(period=cls.period_a, user=cls.region_a_editor, file_name="a.xlsx", sha256="0",
                                       status=ImportBatch.PREVIEW)
            cls.import_a.file.save("a.xlsx", ContentFile(b"PK"), save=False)
            cls.import_a.save()

    cases = [
        ("progress:period_list", lambda t: {}, "get", "region_a_editor", None, None),
        ("progress:schedule", lambda t: {}, "get", "region_a_editor", None, None),
        ("progress:period", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("progress:due_list", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("progress:batch", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("progress:template", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("progress:import", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("progress:import_status", lambda t: {"pk": t.period_a.pk, "batch_id": t.import_a.pk}, "get",
         "region_a_editor", None, "region_b_editor"),
        ("progress:import_file", lambda t: {"pk": t.period_a.pk, "batch_id": t.import_a.pk}, "get",
         "region_a_editor", None, "region_b_editor"),
        ("progress:review", lambda t: {"pk": t.period_a.pk}, "get", "region_a_reviewer", None, "region_b_editor"),
        ("progress:row_save", lambda t: {"pk": t.period.pk, "project_id": t.project_a.pk}, "post",
         "region_a_editor", "leader_user", "region_b_editor"),
        ("progress:row_submit", lambda t: {"pk": t.period.pk, "project_id": t.project_a.pk}, "post",
         "region_a_editor", "leader_user", "region_b_editor"),
        ("progress:report_accept", lambda t: {"report_id": t.report_a.pk}, "post", "region_a_reviewer", None,
         "region_b_editor"),
        ("progress:report_return", lambda t: {"report_id": t.report_a.pk}, "post", "region_a_reviewer", None,
         "region_b_editor"),
        ("progress:report_amend", lambda t: {"report_id": t.report_a.pk}, "get", "coordinator",
         "region_a_editor", "region_b_editor"),
        ("progress:project_tab", lambda t: {"project_id": t.project_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("progress:report_photos", lambda t: {"report_id": t.report_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("progress:photo_file", lambda t: {"photo_id": t.photo.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("progress:report_history", lambda t: {"report_id": t.report_a.pk}, "get", "region_a_reviewer", None,
         "region_b_editor"),
        # An empty reason is refused (400) to the coordinator, the clerk may not reopen (403).
        ("progress:period_reopen", lambda t: {"pk": t.period_a.pk}, "post", "coordinator", "region_a_editor",
         "region_b_editor"),
        ("progress:period_missing", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
    ]
    hand_checked = ["progress:period_chase"]  # test_chase_is_403_to_a_clerk_and_404_to_another_region

    def test_chase_is_403_to_a_clerk_and_404_to_another_region(self):
        url = reverse("progress:period_chase", args=[self.period_a.pk])
        self.assertEqual(self.request("post", url, self.region_b_editor).status_code, 404)
        self.assertEqual(self.request("post", url, self.region_a_editor).status_code, 403)
        self.assert_refused_to_anonymous(self.request("post", url, None))
        self.assertRedirects(self.request("post", url, self.coordinator), self.period_a.get_absolute_url())


class BatchPageTests(PeriodTestCase):
    def row(self, **values):
        data = {f"p{self.project_a.pk}-completed": "", f"p{self.project_a.pk}-progress_text": ""}
        data.update({f"p{self.project_a.pk}-{k}": v for k, v in values.items()})
        return data

    def test_batch_lists_the_projects_the_editor_fills(self):
        self.client.force_login(self.region_a_editor)
        page = self.client.get(reverse("progress:batch", args=[self.period.pk])).content.decode()
        self.assertIn("双台子化工项目", page)
        self.assertIn("园区配套项目", page)
        self.assertNotIn("兴隆台道路项目", page)

    def test_a_row_saves_and_submits_without_a_page_reload(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("progress:row_save", args=[self.period.pk, self.project_a.pk])
        response = self.client.post(url, self.row(completed="１,２００.５", progress_text="主体封顶"),
                                    HTTP_HX_REQUEST="true")
        self.assertContains(response, "已保存")
        self.assertTrue(response.content.decode().lstrip().startswith("<tr"))
        report = MonthlyReport.objects.get(project=self.project_a, period=self.period)
        self.assertEqual((report.completed, report.progress_text), (Decimal("1200.50"), "主体封顶"))
        response = self.client.post(reverse("progress:row_submit", args=[self.period.pk, self.project_a.pk]))
        self.assertContains(response, "已报送")
        self.assertEqual(MonthlyReport.objects.get(pk=report.pk).status, "submitted")

    def test_a_bad_row_explains_itself_and_saves_nothing(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("progress:row_save", args=[self.period.pk, self.project_a.pk])
        response = self.client.post(url, self.row(completed="-5"))
        self.assertContains(response, "不能为负数", status_code=400)
        # The refused figure stays in its box, marked, with the message under it.
        self.assertContains(response, 'value="-5"', status_code=400)
        self.assertContains(response, 'is-invalid" aria-invalid="true"', status_code=400)
        self.assertContains(response, 'data-testid="field-error">金额不能为负数', status_code=400)
        response = self.client.post(url, self.row(completed="abc"))
        self.assertContains(response, "本月完成投资", status_code=400)
        self.assertFalse(MonthlyReport.objects.exists())


@override_settings(MEDIA_ROOT=MEDIA)
class RowConflictTests(PeriodTestCase):
    """Two clerks of one district open the batch page and save the same row: the second is refused."""

    row = BatchPageTests.row

    def test_the_second_save_of_a_row_is_refused_with_both_versions_shown(self):
        from tuijin.core.roles import Role
        from tuijin.org.models import RoleAssignment

        colleague = type(self.region_a_editor).objects.create_user("region_a2", first_name="王会计")
        RoleAssignment.objects.create(user=colleague, role=Role.REGION_EDITOR, region=self.region_a)
        url = reverse("progress:row_save", args=[self.period.pk, self.project_a.pk])
        # Both pages were opened before any report existed: the rows carry version 0.
        self.client.force_login(colleague)
        self.assertContains(self.client.post(url, self.row(completed="100", version="0")), "已保存")
        self.client.force_login(self.region_a_editor)
        response = self.client.post(url, self.row(completed="120", version="0"), HTTP_HX_REQUEST="true")
        page = response.content.decode()
        self.assertEqual(response.status_code, 409)
        self.assertIn("王会计已保存了新的版本", page)
        self.assertIn("100.00", page)  # theirs
        self.assertIn('value="120', page)  # mine, still in the box
        report = MonthlyReport.objects.get(project=self.project_a, period=self.period)
        self.assertEqual((report.completed, report.version), (Decimal("100.00"), 1))
        # The row now carries the current version: saving again is a deliberate overwrite.
        self.assertIn(f'name="p{self.project_a.pk}-version" value="1"', page)
        self.assertContains(self.client.post(url, self.row(completed="120", version="1")), "已保存")
        self.assertEqual(self.refresh(report).completed, Decimal("120.00"))


class PeriodPageTests(PeriodTestCase):
    def test_coordinator_opens_and_closes_a_period(self):
        self.client.force_login(self.coordinator)
        # November is still open: the page asks first (test_chase.OpenWhileOpenTests), then opens.
        response = self.client.post(reverse("progress:period_list"), {"year": 2026, "month": 12, "confirm": "on"})
        december = ReportingPeriod.objects.get(year=2026, month=12)
        self.assertRedirects(response, december.get_absolute_url())
        self.client.post(december.get_absolute_url(), {"confirm": "on"})  # 确认关闭 ticked
        self.assertTrue(ReportingPeriod.objects.get(pk=december.pk).is_closed)

    def test_compliance_figures_link_to_the_projects_behind_them(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.period.get_absolute_url()).content.decode()
        self.assertIn(f"/progress/{self.period.pk}/due/?region={self.region_b.pk}&state=missing", page)
        due = self.client.get(reverse("progress:due_list", args=[self.period.pk]),
                              {"region": self.region_b.pk, "state": "missing"})
        self.assertEqual([p.name for p, _s, _r in due.context["rows"]], ["兴隆台道路项目"])

    def test_schedule_page_shows_gap_and_status(self):
        services.save_report(self.project_b, self.period, {"completed": Decimal("22000")}, actor=self.region_b_editor)
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("progress:schedule"), {"year": 2026, "month": 11})
        rows = {row.label: row for row in response.context["rows"]}
        self.assertEqual(rows["兴隆台区"].gap, Decimal("0.00"))
        self.assertEqual(rows["兴隆台区"].status, "green")


class AnnualPlanTabTests(PeriodTestCase):
    def test_editor_types_a_plan_with_a_monthly_split(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("progress:project_tab", args=[self.project_a.pk])
        response = self.client.post(url, {"year": 2027, "planned_investment": "1,200",
                                          "planned_start_month": 3, "monthly_plan": "0,0,100,100,100,100,100,100,"
                                                                                    "200,200,100,100"})
        self.assertContains(response, "已保存")
        from tuijin.progress.models import AnnualPlan

        plan = AnnualPlan.objects.get(project=self.project_a, year=2027)
        self.assertEqual((plan.planned_investment, plan.planned_start_month, len(plan.monthly_plan)),
                         (Decimal("1200.00"), 3, 12))

    def test_a_monthly_split_that_does_not_add_up_is_refused(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("progress:project_tab", args=[self.project_a.pk]),
                                    {"year": 2027, "planned_investment": "1200", "monthly_plan": ",".join(["1"] * 12)})
        self.assertContains(response, "月度计划之和应等于年度计划投资", status_code=400)

    def test_readers_see_plan_against_actual_but_no_form(self):
        services.save_report(self.project_a, self.period, {"completed": Decimal("300")}, actor=self.region_a_editor)
        self.client.force_login(self.leader_user)
        response = self.client.get(reverse("progress:project_tab", args=[self.project_a.pk]))
        self.assertContains(response, "1,200.00万元")
        self.assertContains(response, "300.00万元")
        self.assertNotContains(response, "保存年度计划")
        response = self.client.post(reverse("progress:project_tab", args=[self.project_a.pk]),
                                    {"year": 2027, "planned_investment": "1"})
        self.assertEqual(response.status_code, 403)


class ProgressApiTests(PeriodTestCase):
    def test_reports_are_scoped_and_other_regions_get_404(self):
        from rest_framework.test import APIClient

        report, _ = services.save_report(self.project_a, self.period, {"completed": Decimal("5")},
                                         actor=self.region_a_editor)
        client = APIClient()
        client.force_authenticate(self.region_b_editor)
        self.assertEqual(client.get("/api/v1/reports/").json()["count"], 0)
        self.assertEqual(client.get(f"/api/v1/reports/{report.pk}/").status_code, 404)
        client.force_authenticate(self.region_a_editor)
        body = client.get("/api/v1/reports/", {"year": 2026, "month": 11}).json()
        self.assertEqual([(r["project_name"], r["completed"]) for r in body["results"]], [("双台子化工项目", "5.00")])
        plans = client.get("/api/v1/plans/", {"year": 2026}).json()
        self.assertEqual(plans["count"], 2)
        self.assertEqual(client.get("/api/v1/periods/").json()["count"], 1)


class PlanRowsTests(PeriodTestCase):
    def test_a_schedule_figure_opens_exactly_the_projects_behind_it(self):
        services.save_report(self.project_a, self.period, {"completed": Decimal("600")}, actor=self.region_a_editor)
        self.client.force_login(self.coordinator)
        summary = self.client.get(reverse("progress:schedule"), {"year": 2026, "month": 11})
        row = {r.label: r for r in summary.context["rows"]}["双台子区"]
        response = self.client.get(reverse("progress:plan_rows"), {"year": 2026, "month": 11, **row.filter})
        rows = response.context["rows"]
        self.assertEqual(len(rows), row.projects)
        self.assertEqual(sum(plan.planned_investment for plan, *_ in rows), row.plan)
        self.assertEqual(sum(plan.ytd for plan, *_ in rows), row.ytd)

    def test_other_regions_plans_are_not_listed(self):
        self.client.force_login(self.region_b_editor)
        response = self.client.get(reverse("progress:plan_rows"), {"year": 2026, "region": self.region_a.pk})
        self.assertEqual(response.context["rows"], [])


class BatchQueryCountTests(PeriodTestCase):
    def test_batch_page_queries_do_not_grow_with_projects(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tuijin.core.testing import make_project

        self.client.force_login(self.region_a_editor)
        url = reverse("progress:batch", args=[self.period.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(20):
            make_project(self.region_a, name=f"新增在建项目{i}", stage="construction")
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 22)
        self.assertEqual(len(many), len(few))


class PeriodPageRoleTests(PeriodTestCase):
    def test_a_reviewer_is_offered_review_not_filling_and_sees_only_its_region(self):
        self.client.force_login(self.region_a_reviewer)
        response = self.client.get(self.period.get_absolute_url())
        self.assertNotContains(response, 'data-testid="batch-link"')
        self.assertContains(response, 'data-testid="review-link"')
        self.assertEqual([row.region.name for row in response.context["rows"]], ["双台子区"])

    def test_reports_waiting_for_review_come_first(self):
        first, _ = services.save_report(self.project_a, self.period, {"completed": Decimal("1")},
                                        actor=self.region_a_editor)
        second, _ = services.save_report(self.project_zone, self.period, {"completed": Decimal("1")},
                                         actor=self.region_a_editor)
        for report in (first, second):
            services.submit_report(report, actor=self.region_a_editor)
        services.accept_report(first, actor=self.region_a_reviewer)
        self.client.force_login(self.region_a_reviewer)
        reports = self.client.get(reverse("progress:review", args=[self.period.pk])).context["reports"]
        self.assertEqual([r.status for r in reports], ["submitted", "accepted"])
