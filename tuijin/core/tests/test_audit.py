"""The change log as people read it: /audit/, one entry, the export, the API, the admin, the backfill.

The entries come from real actions: the services write their domain events (stage transitions, report
events, problem events, project history) and `backfill_audit` copies them, as it does for the demo city;
the settings change is recorded the way a service records it (core.audit.record).
"""

import datetime
import io

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.testing_views import ScopedViewChecks
from tuijin.core import audit
from tuijin.core.audit_backfill import backfill
from tuijin.core.models import AuditEntry
from tuijin.problems import services as problem_services
from tuijin.problems.models import ProblemCategory
from tuijin.progress import services as progress_services
from tuijin.progress.models import MonthlyReport, ReportingPeriod
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects import services as project_services
from tuijin.projects.models import Project

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour, minute=0):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=BEIJING)


class AuditTestCase(PeriodTestCase):
    """Project A (region A): renamed, a report saved and submitted, a problem raised, suspended; project B
    (region B): a report saved; a settings change by the coordinator. Each at a known Beijing time."""

    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(at(2, 8), tick=False):  # the projects are registered on 2 November
            super().setUpTestData()
        category, _ = ProblemCategory.objects.get_or_create(name="规划", defaults={"days": 7})
        with time_machine.travel(at(18, 9), tick=False):
            project = Project.objects.get(pk=cls.project_a.pk)
            project.name = "双台子精细化工项目"
            project_services.update_project(project, expected_version=project.version, actor=cls.region_a_editor,
                                            reason="按备案证更正项目名称")
        with time_machine.travel(at(20, 10), tick=False):
            report, _changed = progress_services.save_report(cls.project_a, cls.period, {"completed": 50},
                                                             actor=cls.region_a_editor)
            progress_services.submit_report(report, actor=cls.region_a_editor)
            progress_services.save_report(cls.project_b, cls.period, {"completed": 70}, actor=cls.region_b_editor)
        with time_machine.travel(at(21, 15), tick=False):
            cls.problem = problem_services.raise_problem(cls.project_a, actor=cls.region_a_editor, category=category,
                                                         description="规划许可待审批，影响开工")
        with time_machine.travel(at(30, 23, 30), tick=False):  # 15:30 UTC: still 30 November in Beijing
            project_services.transition_stage(cls.project_a, "suspended", actor=cls.coordinator,
                                              reason="环保督察整改，暂停施工")
        with time_machine.travel(at(30, 12), tick=False):
            audit.record("setting.update", actor=cls.coordinator, summary="修改系统参数：月报默认截止日",
                         reason="市政府办公室通知调整报送时间", changes={"report_deadline_day": ["25", "20"]})
        cls.backfilled = backfill()

    def page(self, user, query=""):
        self.client.force_login(user)
        return self.client.get(reverse("audit:list") + query)

    def rows(self, user, query=""):
        response = self.page(user, query)
        self.assertEqual(response.status_code, 200)
        return list(response.context["object_list"])


class AuditPageTests(ScopedViewChecks, AuditTestCase):
    hand_checked = ["audit:entry"]  # test_region_editor_sees_only_its_region_and_gets_404_on_another

    def test_coordinator_filters_to_one_project_and_sees_who_when_what_why(self):
        response = self.page(self.coordinator, f"?project={self.project_a.pk}")
        entries = list(response.context["object_list"])
        # Project A: its registration (history "+"), the rename, one save, one submission, the problem
        # and the suspension — 6 entries, newest first; nothing of project B.
        self.assertEqual([e.kind for e in entries], ["project.stage", "problem.raise", "report.submit", "report.save",
                                                     "project.update", "project.create"])
        page = response.content.decode()
        for text in ["阶段变更", "提出问题", "报送月报", "修改项目",  # 类别
                     "region_a", "coordinator",  # 操作人
                     "2026-11-30 23:30", "2026-11-18 09:00",  # 时间, in Beijing
                     "环保督察整改，暂停施工", "按备案证更正项目名称",  # 理由
                     "项目名称：双台子化工项目 → 双台子精细化工项目", "项目阶段：在建 → 停缓建"]:  # 变更
            self.assertIn(text, page)
        self.assertNotIn("兴隆台道路项目", page)
        self.assertIn("只看项目：双台子精细化工项目", page)
        # The object column opens the object's page.
        self.assertIn(f'href="/problems/{self.problem.pk}/"', page)

    def test_a_settings_change_by_the_administrator_is_read_by_the_coordinator_not_by_a_district(self):
        from django.contrib.auth import get_user_model

        from tuijin.core import services as core_services

        admin = get_user_model().objects.create_superuser("sysadmin", password="x")
        core_services.update_setting("report_deadline_day", "20", actor=admin, reason="市政府通知")
        entry = AuditEntry.objects.get(kind="setting.update", actor=admin)
        self.assertEqual(entry.region_path, "")  # city-wide: it belongs to no region
        self.assertIn(entry, self.rows(self.coordinator, "?kind=setting.update"))
        self.assertNotIn(entry, self.rows(self.region_a_editor, "?kind=setting.update"))

    def test_region_editor_sees_only_its_region_and_gets_404_on_another(self):
        b_entry = AuditEntry.objects.get(kind="report.save", project_id=self.project_b.pk)
        a_entry = AuditEntry.objects.get(kind="report.save", project_id=self.project_a.pk)
        # Region A includes its zone.
        self.assertEqual({e.project_id for e in self.rows(self.region_a_editor)}, {self.project_a.pk, self.project_zone.pk})
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get(reverse("audit:entry", args=[b_entry.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("audit:entry", args=[a_entry.pk])).status_code, 200)
        # Filtering by the other region's project shows nothing rather than its entries.
        self.assertEqual(self.rows(self.region_a_editor, f"?project={self.project_b.pk}"), [])
        # The settings change was the coordinator's and concerns no region: not the editor's to read.
        self.assertNotIn("setting.update", {e.kind for e in self.rows(self.region_a_editor)})

    def test_who_may_open_the_log(self):
        for user in [self.coordinator, self.region_a_editor, self.region_a_reviewer, self.leader_user]:
            self.assertEqual(self.page(user).status_code, 200, user)
        for user in [self.department, self.secretary, self.owner, self.nobody]:
            self.assertEqual(self.page(user).status_code, 403, user)
        self.client.logout()
        self.assertRedirects(self.client.get(reverse("audit:list")), "/accounts/login/?next=/audit/")

    def test_filters(self):
        kinds = lambda query: {e.kind for e in self.rows(self.coordinator, query)}  # noqa: E731
        self.assertEqual(kinds("?kind=report.save"), {"report.save"})
        self.assertEqual(kinds(f"?actor={self.region_b_editor.pk}"), {"report.save"})
        # Region B: its project's registration and report; region A includes its zone's project.
        self.assertEqual({e.project_id for e in self.rows(self.coordinator, "?region=211103")}, {self.project_b.pk})
        self.assertEqual({e.project_id for e in self.rows(self.coordinator, "?region=211102")},
                         {self.project_a.pk, self.project_zone.pk})
        # Days are Beijing days: the suspension at 23:30 on the 30th belongs to the 30th.
        self.assertEqual(kinds("?date_from=2026-11-30&date_to=2026-11-30"), {"project.stage", "setting.update"})
        self.assertEqual(kinds("?date_from=2026-12-01"), set())
        self.assertEqual(kinds(f"?subject=problems.problem:{self.problem.pk}"), {"problem.raise"})
        self.assertEqual(kinds("?subject=nonsense"), set())

    def test_kind_choices_name_every_registered_kind(self):
        form = self.page(self.coordinator).context["filter"].form
        choices = dict(form.fields["kind"].choices)
        self.assertEqual(choices["project.stage"], "项目阶段变更")  # the projects app names its own kinds
        self.assertIn("setting.update", choices)

    def test_actor_choices_are_only_people_in_the_visible_log(self):
        form = self.page(self.region_a_editor).context["filter"].form
        names = {user.username for user in form.fields["actor"].queryset}
        self.assertEqual(names, {"region_a", "coordinator"})  # the coordinator suspended project A

    def test_page_of_fifty_newest_first(self):
        with time_machine.travel(at(1, 8), tick=False):
            for n in range(55):
                audit.record("meeting.update", actor=self.coordinator, summary=f"第{n}次", region=self.city)
        response = self.page(self.coordinator, "?kind=meeting.update")
        self.assertEqual(len(response.context["object_list"]), 50)
        self.assertEqual(response.context["paginator"].count, 55)
        self.assertEqual(response.context["object_list"][0].summary, "第54次")

    def test_list_queries_do_not_grow_with_rows(self):
        def queries():
            self.client.force_login(self.coordinator)
            self.client.get(reverse("audit:list"))  # the session and caches warmed
            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get(reverse("audit:list")).status_code, 200)
            return len(context.captured_queries)

        few = queries()  # 8 entries
        for n in range(45):
            audit.record("meeting.update", actor=[self.coordinator, self.region_a_editor][n % 2], summary=f"第{n}次",
                         region=self.city)
        self.assertEqual(queries(), few)  # 50 on the page

    def test_object_without_a_page_links_to_its_project(self):
        report = MonthlyReport.objects.get(project=self.project_a)
        audit.record("report.accept", actor=self.coordinator, subject=report, summary="审核通过")
        entry = self.rows(self.coordinator, "?kind=report.accept")[0]
        self.assertEqual(entry.link, f"/projects/{self.project_a.pk}/")

    def test_a_meetings_log_lists_its_decisions_and_their_follow_ups(self):
        from tuijin.problems.models import Meeting

        # Three steps a few minutes apart, so the log's newest-first order is theirs.
        with time_machine.travel(at(25, 9), tick=False):
            meeting = Meeting.objects.create(region=self.city, kind="monthly", title="11月重大项目调度会",
                                             date=datetime.date(2026, 11, 25), created_by=self.coordinator)
        with time_machine.travel(at(25, 9) + datetime.timedelta(minutes=10), tick=False):
            decision = problem_services.add_decision(meeting, actor=self.coordinator, text="请市自然资源局加快规划审批",
                                                     deadline=datetime.date(2026, 12, 10), departments=[self.dept_x])
        with time_machine.travel(at(25, 9) + datetime.timedelta(minutes=20), tick=False):
            problem_services.follow_up(decision, actor=self.department, text="已受理，正在审查")
        backfill()
        response = self.page(self.coordinator, f"?subject=problems.meeting:{meeting.pk}")
        self.assertEqual([e.kind for e in response.context["object_list"]],
                         ["decision.follow_up", "decision.add", "meeting.create"])
        self.assertContains(response, "只看对象：11月重大项目调度会")

    def test_entry_page_lists_before_and_after(self):
        entry = AuditEntry.objects.get(kind="setting.update")
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("audit:entry", args=[entry.pk]))
        self.assertContains(response, "<td>report_deadline_day</td><td>25</td><td>20</td>", html=False)
        self.assertContains(response, "市政府办公室通知调整报送时间")

    def test_object_pages_link_to_their_entries(self):
        self.client.force_login(self.coordinator)
        project_page = self.client.get(self.project_a.get_absolute_url()).content.decode()
        self.assertIn(f'href="/audit/?project={self.project_a.pk}"', project_page)
        self.assertIn('data-testid="nav-audit"', project_page)
        problem_page = self.client.get(self.problem.get_absolute_url()).content.decode()
        self.assertIn(f'href="/audit/?subject=problems.problem%3A{self.problem.pk}"', problem_page)
        # A department user reads the project but may not open the log: neither link is shown.
        self.client.force_login(self.department)
        page = self.client.get(self.project_a.get_absolute_url()).content.decode()
        self.assertNotIn('data-testid="audit-link"', page)
        self.assertNotIn('data-testid="nav-audit"', page)


class AuditExportTests(AuditTestCase):
    def workbook_rows(self, user, query=""):
        self.client.force_login(user)
        response = self.client.get(reverse("audit:export") + query)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_export_has_the_filtered_rows_with_chinese_headers(self):
        rows = self.workbook_rows(self.coordinator, f"?project={self.project_a.pk}&kind=report.submit")
        self.assertEqual(rows[0][:7], ["时间", "操作人", "类别", "对象", "内容", "理由", "变更"])
        self.assertEqual(len(rows), 2)  # the header and the one submission
        self.assertEqual(rows[1][:3], ["2026-11-20 10:00:00", "region_a", "报送月报"])
        self.assertEqual(rows[1][3], "双台子精细化工项目 2026年11月")

    def test_region_editor_export_leaves_out_other_regions(self):
        rows = self.workbook_rows(self.region_a_editor)
        # Project A's 6 entries and the zone project's registration.
        self.assertEqual(len(rows) - 1, 7)
        self.assertFalse(any("兴隆台" in str(cell) for row in rows for cell in row))

    def test_formulas_in_entries_are_exported_as_text(self):
        audit.record("meeting.update", actor=self.coordinator, summary="=HYPERLINK(\"http://x\",\"点我\")",
                     region=self.city)
        rows = self.workbook_rows(self.coordinator, "?kind=meeting.update")
        self.assertEqual(rows[1][4], "'=HYPERLINK(\"http://x\",\"点我\")")

    @override_settings(EXPORT_MAX_ROWS=3)
    def test_too_many_rows_asks_for_a_filter(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("audit:export"), follow=True)
        self.assertContains(response, "请先加筛选条件再导出")


class AppendOnlyTests(AuditTestCase):
    def test_model_and_queryset_refuse_update_and_delete(self):
        entry = AuditEntry.objects.first()
        entry.summary = "改写"
        with self.assertRaisesMessage(PermissionError, "只能追加"):
            entry.save()
        with self.assertRaisesMessage(PermissionError, "只能追加"):
            entry.delete()
        with self.assertRaisesMessage(PermissionError, "只能追加"):
            AuditEntry.objects.filter(pk=entry.pk).update(summary="改写")
        with self.assertRaisesMessage(PermissionError, "只能追加"):
            AuditEntry.objects.all().delete()
        self.assertNotEqual(AuditEntry.objects.get(pk=entry.pk).summary, "改写")

    def test_no_code_deletes_entries(self):
        """Retention (等保 2.0: at least six months): no module removes entries behind the model's back."""
        import re
        from pathlib import Path

        import tuijin

        pattern = re.compile(r"(DELETE\s+FROM|TRUNCATE)[^\n]*core_auditentry|AuditEntry\b[^\n]*\.(_raw_delete|delete)\(",
                             re.IGNORECASE)
        offenders = [str(path) for path in Path(tuijin.__file__).parent.rglob("*.py")
                     if "tests" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))]
        self.assertEqual(offenders, [])

    def test_admin_is_read_only_even_for_a_superuser(self):
        admin_user = get_user_model().objects.create_superuser("root", password="pw-root")
        entry = AuditEntry.objects.first()
        self.client.force_login(admin_user)
        base = "/admin/core/auditentry/"
        self.assertEqual(self.client.get(base).status_code, 200)
        change_page = self.client.get(f"{base}{entry.pk}/change/")
        self.assertEqual(change_page.status_code, 200)
        self.assertNotContains(change_page, 'name="_save"')
        self.assertEqual(self.client.post(f"{base}{entry.pk}/change/", {"summary": "改写"}).status_code, 403)
        self.assertEqual(self.client.get(f"{base}add/").status_code, 403)
        self.assertEqual(self.client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code, 403)
        self.client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
        self.assertTrue(AuditEntry.objects.filter(pk=entry.pk).exists())
        self.assertNotEqual(AuditEntry.objects.get(pk=entry.pk).summary, "改写")

    def test_api_has_no_write_methods(self):
        entry = AuditEntry.objects.first()
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post("/api/v1/audit/", {"kind": "x", "summary": "y"}).status_code, 405)
        for method in (self.client.put, self.client.patch, self.client.delete):
            self.assertEqual(method(f"/api/v1/audit/{entry.pk}/", {"summary": "改写"},
                                    content_type="application/json").status_code, 405)
        self.assertTrue(AuditEntry.objects.filter(pk=entry.pk, summary=entry.summary).exists())


class AuditApiTests(ScopedViewChecks, AuditTestCase):
    hand_checked = ["api:auditentry-detail"]  # test_other_regions_entry_is_404_and_a_department_is_403

    def test_list_is_scoped_and_filtered_like_the_page(self):
        self.client.force_login(self.region_b_editor)
        body = self.client.get("/api/v1/audit/").json()
        self.assertEqual({row["project_id"] for row in body["results"]}, {self.project_b.pk})
        self.client.force_login(self.coordinator)
        body = self.client.get(f"/api/v1/audit/?project={self.project_a.pk}&kind=project.stage").json()
        self.assertEqual(body["count"], 1)  # the suspension
        self.assertEqual(body["results"][0]["reason"], "环保督察整改，暂停施工")
        self.assertEqual(body["results"][0]["kind_label"], "项目阶段变更")

    def test_other_regions_entry_is_404_and_a_department_is_403(self):
        a_entry = AuditEntry.objects.filter(project_id=self.project_a.pk).first()
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.get(f"/api/v1/audit/{a_entry.pk}/").status_code, 404)
        self.client.force_login(self.department)
        self.assertEqual(self.client.get("/api/v1/audit/").status_code, 403)


class BackfillTests(AuditTestCase):
    def test_backfill_twice_writes_nothing_the_second_time(self):
        count = AuditEntry.objects.count()
        self.assertEqual(backfill(), {name: 0 for name in self.backfilled})
        call_command("backfill_audit", stdout=io.StringIO())
        self.assertEqual(AuditEntry.objects.count(), count)

    def test_backfill_copies_each_domain_event_once(self):
        # Three projects registered (history "+"; the test projects are created without a 登记入库
        # transition), the rename, the suspension; two reports saved and one submitted; one problem raised.
        # Each is in the log once: written by its service, or copied by the backfill where no service did.
        counts = {kind: AuditEntry.objects.filter(kind=kind).count()
                  for kind in ["project.create", "project.update", "project.stage", "report.save", "report.submit",
                               "problem.raise"]}
        self.assertEqual(counts, {"project.create": 3, "project.update": 1, "project.stage": 1, "report.save": 2,
                                  "report.submit": 1, "problem.raise": 1})

    def test_bulk_loaded_reports_are_copied_from_their_own_fields(self):
        period = ReportingPeriod.objects.create(region=self.city, year=2026, month=10, deadline=datetime.date(2026, 10, 25))
        MonthlyReport.objects.bulk_create([MonthlyReport(
            project=self.project_zone, period=period, year=2026, month=10, completed=5, status="accepted",
            submitted_at=at(20, 9), submitted_by=self.region_a_editor, reviewed_at=at(21, 9),
            reviewed_by=self.region_a_reviewer)])
        backfill()
        entries = AuditEntry.objects.filter(project_id=self.project_zone.pk, subject_type="progress.monthlyreport")
        self.assertEqual(sorted((e.kind, e.actor_name) for e in entries),
                         [("report.accept", "reviewer_a"), ("report.submit", "region_a")])

    def test_bulk_loaded_procedures_are_dated_by_their_document(self):
        from tuijin.approvals.models import ProcedureType, ProjectProcedure

        permit, _ = ProcedureType.objects.get_or_create(name="施工许可证", defaults={"stage": "permit"})
        ProjectProcedure.objects.bulk_create([ProjectProcedure(
            project=self.project_zone, procedure_type=permit, status="done", applied_on=datetime.date(2026, 11, 3),
            approved_on=datetime.date(2026, 11, 10), document_number="210000202611100101")])
        backfill()
        entry = AuditEntry.objects.get(kind="procedure.update", project_id=self.project_zone.pk)
        self.assertEqual((entry.at, entry.summary, entry.changes), (
            datetime.datetime(2026, 11, 10, tzinfo=BEIJING), "施工许可证：已办结", {"状态": ["未启动", "已办结"]}))
        self.assertEqual(entry.data["document_number"], "210000202611100101")

    def test_kinds_a_service_already_records_are_not_copied_again(self):
        # transition_stage writes its own project.stage entry beside its transition row: the backfill
        # takes the row for that entry's twin and does not copy it.
        with time_machine.travel(at(30, 23, 45), tick=False):
            project_services.transition_stage(self.project_a, "construction", actor=self.coordinator,
                                              reason="整改完成复工", override=True)
        backfill()
        self.assertEqual(AuditEntry.objects.filter(kind="project.stage", reason="整改完成复工").count(), 1)
