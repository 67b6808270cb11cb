"""Submit all / accept all / return all, and the review's outcome reaching the clerk."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

from tuijin.core.models import AuditEntry, Notification
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.problems.models import ProblemCategory
from tuijin.problems.services import raise_problem
from tuijin.progress import services
from tuijin.progress.models import MonthlyReport, ReportEvent, ReportingPeriod
from tuijin.progress.testing import PeriodTestCase


def values(completed):
    return {"completed": Decimal(completed)}


class BulkTests(PeriodTestCase):
    def setUp(self):
        self.report_a, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        self.report_zone, _ = services.save_report(self.project_zone, self.period, values("5"),
                                                   actor=self.region_a_editor)

    def entries(self, kind):
        return AuditEntry.objects.filter(kind=kind)

    def test_submit_all_submits_the_drafts_and_lists_the_others_with_why(self):
        services.submit_report(self.report_zone, actor=self.region_a_editor)
        done, refused = services.submit_reports([self.report_a, self.report_zone], actor=self.region_a_editor)
        self.assertEqual([r.pk for r in done], [self.report_a.pk])
        self.assertEqual([(r.pk, why) for r, why in refused], [(self.report_zone.pk, "该月报已报送")])
        self.assertEqual(self.refresh(self.report_a).status, "submitted")
        # Each report keeps its own event and history line; the change log gets one entry for the batch.
        self.assertTrue(ReportEvent.objects.filter(report=self.report_a, kind="submitted").exists())
        self.assertEqual(self.refresh(self.report_a).history.first().history_user, self.region_a_editor)
        entry = self.entries("report.bulk_submit").get()
        self.assertEqual((entry.data["count"], entry.data["ids"]), (1, [self.report_a.pk]))
        self.assertEqual(entry.data["refused"], {str(self.report_zone.pk): "该月报已报送"})
        # Only the single submit of the zone's report wrote a report.submit entry.
        self.assertEqual(self.entries("report.submit").count(), 1)

    def test_a_draft_of_a_project_withdrawn_since_is_not_submitted(self):
        from tuijin.projects.models import Project

        Project.objects.filter(pk=self.project_zone.pk).update(stage="withdrawn")
        done, refused = services.submit_reports([self.report_a, self.report_zone], actor=self.region_a_editor)
        self.assertEqual([r.pk for r in done], [self.report_a.pk])
        self.assertEqual([why for _, why in refused], ["项目已出库，不能填报月报"])
        self.assertEqual(self.refresh(self.report_zone).status, "draft")

    def test_another_region_cannot_submit_in_bulk(self):
        done, refused = services.submit_reports([self.report_a], actor=self.region_b_editor)
        self.assertEqual((done, [why for _, why in refused]), ([], ["您无权填报该项目的月报"]))
        self.assertEqual(self.refresh(self.report_a).status, "draft")
        self.assertFalse(self.entries("report.bulk_submit").exists())

    def test_accept_all_and_return_all_with_one_reason(self):
        services.submit_reports([self.report_a, self.report_zone], actor=self.region_a_editor)
        done, refused = services.accept_reports([self.report_a], actor=self.region_a_reviewer)
        self.assertEqual((len(done), refused), (1, []))
        # The accepted report is no longer "submitted": returning it is refused, the zone's is returned.
        done, refused = services.return_reports([self.report_a, self.report_zone], actor=self.region_a_reviewer,
                                                reason="形象进度与金额不符")
        self.assertEqual([r.pk for r in done], [self.report_zone.pk])
        self.assertIn("只有已报送的月报可以审核", refused[0][1])
        statuses = dict(MonthlyReport.objects.values_list("pk", "status"))
        self.assertEqual((statuses[self.report_a.pk], statuses[self.report_zone.pk]), ("accepted", "returned"))
        self.assertEqual(self.refresh(self.report_zone).return_reason, "形象进度与金额不符")
        self.assertEqual(self.entries("report.bulk_return").get().reason, "形象进度与金额不符")
        self.assertFalse(self.entries("report.return").exists())

    def test_return_all_needs_a_reason_and_changes_nothing_without_one(self):
        services.submit_reports([self.report_a, self.report_zone], actor=self.region_a_editor)
        with self.assertRaisesMessage(ValidationError, "退回须写明原因"):
            services.return_reports([self.report_a, self.report_zone], actor=self.region_a_reviewer, reason="  ")
        self.assertEqual(set(MonthlyReport.objects.values_list("status", flat=True)), {"submitted"})

    def test_editor_cannot_accept_in_bulk(self):
        services.submit_reports([self.report_a], actor=self.region_a_editor)
        done, refused = services.accept_reports([self.report_a], actor=self.region_a_editor)
        self.assertEqual((done, [why for _, why in refused]), ([], ["您无权审核该月报"]))


class ReviewReachesTheClerkTests(PeriodTestCase):
    def setUp(self):
        self.report, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        services.submit_report(self.report, actor=self.region_a_editor)

    def test_a_return_reaches_the_clerk_home_page_with_the_reason(self):
        services.return_report(self.report, actor=self.region_a_reviewer, reason="本月完成投资与形象进度不符")
        note = Notification.objects.get(user=self.region_a_editor)
        self.assertEqual(note.kind, "return")
        self.assertEqual(note.url, reverse("progress:batch", args=[self.period.pk]) + f"#row-{self.project_a.pk}")
        self.client.force_login(self.region_a_editor)
        page = self.client.get("/").content.decode()
        self.assertIn("被退回：本月完成投资与形象进度不符", page)
        self.assertIn(self.project_a.name, page)
        # Nobody outside the region hears of it.
        self.assertFalse(Notification.objects.filter(user=self.region_b_editor).exists())

    def test_an_acceptance_reaches_the_clerk(self):
        services.accept_report(self.report, actor=self.region_a_reviewer)
        self.assertEqual(list(Notification.objects.filter(user=self.region_a_editor).values_list("kind", flat=True)),
                         ["accept"])

    def test_a_bulk_review_tells_each_person_once(self):
        zone, _ = services.save_report(self.project_zone, self.period, values("5"), actor=self.region_a_editor)
        services.submit_report(zone, actor=self.region_a_editor)
        services.accept_reports([self.report, zone], actor=self.region_a_reviewer)
        note = Notification.objects.get(user=self.region_a_editor)
        self.assertEqual(note.kind, "accept")
        self.assertIn("2026年11月有2份月报已审核通过", note.text)
        self.assertEqual(note.url, reverse("progress:batch", args=[self.period.pk]) + "?status=accepted")

    def test_a_second_return_after_resubmission_is_a_second_message(self):
        services.return_report(self.report, actor=self.region_a_reviewer, reason="缺少现场照片")
        services.submit_report(self.report, actor=self.region_a_editor)
        services.return_report(self.report, actor=self.region_a_reviewer, reason="照片不清晰")
        self.assertEqual(Notification.objects.filter(user=self.region_a_editor, kind="return").count(), 2)


class BulkPageTests(ScopedViewChecks, PeriodTestCase):
    hand_checked = ["progress:batch_submit", "progress:review_bulk"]  # the two tests *_of_another_region_*

    def setUp(self):
        self.report_a, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        self.batch = reverse("progress:batch", args=[self.period.pk])

    def test_submit_all_button_submits_the_drafts_and_says_what_is_left(self):
        self.client.force_login(self.region_a_editor)
        page = self.client.get(self.batch).content.decode()
        self.assertIn("全部报送（1份草稿）", page)
        response = self.client.post(reverse("progress:batch_submit", args=[self.period.pk]), {"query": "status=draft"},
                                    follow=True)
        self.assertRedirects(response, self.batch + "?status=draft")
        page = response.content.decode()
        # Project A submitted; the zone's project (also due, nothing saved) is counted as not filled in.
        self.assertIn("已报送1份月报。", page)
        self.assertIn("另有1个项目尚未填写本月数据", page)
        self.assertEqual(self.refresh(self.report_a).status, "submitted")

    def test_submit_all_of_another_region_is_404_and_submits_nothing(self):
        self.client.force_login(self.region_b_editor)
        period_a = ReportingPeriod.objects.create(region=self.region_a, year=2026, month=10,
                                                  deadline=self.period.deadline)
        response = self.client.post(reverse("progress:batch_submit", args=[period_a.pk]))
        self.assertEqual(response.status_code, 404)
        # The city's period is visible to region B, but A's draft is not its to submit.
        self.client.post(reverse("progress:batch_submit", args=[self.period.pk]))
        self.assertEqual(self.refresh(self.report_a).status, "draft")

    def test_filters_by_status_stage_problem_and_search(self):
        self.client.force_login(self.region_a_editor)

        def shown(**query):
            response = self.client.get(self.batch, query)
            return {row["project"].pk for row in response.context["rows"]}

        a, zone = self.project_a.pk, self.project_zone.pk
        self.assertEqual(shown(), {a, zone})
        self.assertEqual(shown(status="draft"), {a})
        self.assertEqual(shown(status="none"), {zone})
        self.assertEqual(shown(status="returned"), set())
        self.assertEqual(shown(q="园区"), {zone})
        self.assertEqual(shown(stage="construction"), {a, zone})
        self.assertEqual(shown(stage="preparation"), set())
        raise_problem(self.project_zone, actor=self.region_a_editor, description="缺少用地指标",
                      category=ProblemCategory.objects.get_or_create(name="用地", defaults={"days": 7})[0])
        self.assertEqual(shown(problem="yes"), {zone})
        self.assertEqual(shown(problem="no"), {a})
        self.assertContains(self.client.get(self.batch, {"q": "没有这个项目"}), "没有符合筛选条件的项目。")

    def test_review_page_accepts_all_and_returns_the_ticked_with_one_reason(self):
        zone, _ = services.save_report(self.project_zone, self.period, values("5"), actor=self.region_a_editor)
        services.submit_reports([self.report_a, zone], actor=self.region_a_editor)
        self.client.force_login(self.region_a_reviewer)
        bulk = reverse("progress:review_bulk", args=[self.period.pk])
        page = self.client.get(reverse("progress:review", args=[self.period.pk])).content.decode()
        self.assertIn("2 份待审核", page)
        response = self.client.post(bulk, {"action": "return", "report": [zone.pk], "reason": ""}, follow=True)
        self.assertContains(response, "退回须写明原因")
        response = self.client.post(bulk, {"action": "return", "report": [zone.pk], "reason": "缺少现场照片"},
                                    follow=True)
        self.assertContains(response, "已退回1份月报")
        response = self.client.post(bulk, {"scope": "all"}, follow=True)
        self.assertContains(response, "已审核通过1份月报")
        statuses = dict(MonthlyReport.objects.values_list("pk", "status"))
        self.assertEqual((statuses[self.report_a.pk], statuses[zone.pk]), ("accepted", "returned"))
        self.assertContains(self.client.post(bulk, {"action": "accept"}, follow=True), "请先勾选")

    def test_review_bulk_of_another_region_is_404_and_changes_nothing(self):
        services.submit_report(self.report_a, actor=self.region_a_editor)
        period_a = ReportingPeriod.objects.create(region=self.region_a, year=2026, month=10,
                                                  deadline=self.period.deadline)
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.post(reverse("progress:review_bulk", args=[period_a.pk])).status_code, 404)
        self.client.post(reverse("progress:review_bulk", args=[self.period.pk]), {"scope": "all"})
        self.assertEqual(self.refresh(self.report_a).status, "submitted")


class BatchPageQueryTests(PeriodTestCase):
    def test_136_rows_cost_the_queries_of_two(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tuijin.core.testing import make_project

        self.client.force_login(self.region_a_editor)
        url = reverse("progress:batch", args=[self.period.pk])
        services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        self.client.get(url)
        with CaptureQueriesContext(connection) as two:
            self.client.get(url, {"status": "draft", "problem": "no", "q": "项目"})
        for i in range(134):
            project = make_project(self.region_a, name=f"在建项目{i}", stage="construction")
            if i % 2:
                services.save_report(project, self.period, values("1"), actor=self.region_a_editor)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url, {"status": "draft", "problem": "no", "q": "项目"})
        # 1 + 67 drafts among the 136 due projects: all on the one page, in the same queries as one draft.
        self.assertEqual(len(response.context["rows"]), 68)
        self.assertEqual(len(many), len(two), [q["sql"] for q in many.captured_queries])
        response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 136)
        self.assertContains(response, "全部报送（68份草稿）")


class BulkRefusalMessageTests(PeriodTestCase):
    def test_submit_all_in_a_closed_period_says_so_once(self):
        services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        services.close_period(self.period, actor=self.coordinator)
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("progress:batch_submit", args=[self.period.pk]), follow=True)
        self.assertEqual([str(m) for m in response.context["messages"]], ["2026年11月填报期已关闭，月报已冻结，不能报送。"])
        self.assertEqual(MonthlyReport.objects.get().status, "draft")
