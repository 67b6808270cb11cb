"""前期手续: the checklist, who may update what, working-day clocks and the within-N share."""

import datetime as dt

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuijin.approvals import services
from tuijin.approvals.clocks import chains, summary
from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.core.workdays import WorkCalendar
from tuijin.projects import services as project_services

D = dt.date


def frozen(day):
    return time_machine.travel(dt.datetime(*day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)


class ApprovalTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        defaults = [("项目审批/核准/备案", "land", 20, False), ("建设工程规划许可证", "works", 20, False),
                    ("施工许可证", "permit", 7, True)]
        for order, (name, stage, days, permit) in enumerate(defaults):
            # get_or_create: a transactional (browser) test may have flushed the migration's rows.
            ProcedureType.objects.get_or_create(name=name, defaults={
                "stage": stage, "limit_days": days, "is_construction_permit": permit, "sort_order": order})
        ProcedureType.objects.exclude(name__in=[d[0] for d in defaults]).update(active=False)
        ProcedureType.objects.filter(name="建设工程规划许可证").update(department=cls.dept_y)
        ProcedureType.objects.filter(name="施工许可证").update(department=cls.dept_x)
        cls.approval = ProcedureType.objects.get(name="项目审批/核准/备案")
        cls.planning = ProcedureType.objects.get(name="建设工程规划许可证")
        cls.permit = ProcedureType.objects.get(name="施工许可证")


def record(project, procedure_type, applied, approved=None):
    procedure, _ = ProjectProcedure.objects.get_or_create(project=project, procedure_type=procedure_type,
                                                          defaults={"department": procedure_type.department})
    procedure.applied_on, procedure.approved_on = applied, approved
    procedure.status = "done" if approved else "in_progress"
    procedure.save()
    return procedure


class ChecklistTests(ApprovalTestCase):
    def test_the_checklist_follows_the_category_and_is_completed_not_duplicated(self):
        self.assertEqual(services.ensure_checklist(self.project_a, actor=self.region_a_editor), 3)
        self.assertEqual(services.ensure_checklist(self.project_a, actor=self.region_a_editor), 0)
        procedure = self.project_a.procedures.get(procedure_type=self.permit)
        self.assertEqual(procedure.department, self.dept_x)
        with self.assertRaises(PermissionDenied):
            services.ensure_checklist(self.project_a, actor=self.department)

    def test_a_department_updates_only_the_procedures_it_issues(self):
        services.ensure_checklist(self.project_a, actor=self.region_a_editor)
        permit = self.project_a.procedures.get(procedure_type=self.permit)
        planning = self.project_a.procedures.get(procedure_type=self.planning)
        with frozen((2026, 11, 20)):
            services.update_procedure(permit, actor=self.department, status="in_progress", applied_on=D(2026, 11, 2))
            with self.assertRaises(PermissionDenied):
                services.update_procedure(planning, actor=self.department, status="in_progress",
                                          applied_on=D(2026, 11, 2))
        self.client.force_login(self.department)
        response = self.client.post(reverse("approvals:project_tab", args=[self.project_a.pk]),
                                    {"procedure": planning.pk, f"p{planning.pk}-status": "in_progress",
                                     f"p{planning.pk}-required": "on", f"p{planning.pk}-applied_on": "2026-11-02"})
        self.assertEqual(response.status_code, 403)
        planning.refresh_from_db()
        self.assertEqual(planning.status, "not_started")

    def test_dates_and_status_must_agree(self):
        procedure = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.approval)
        with frozen((2026, 11, 20)):
            for values, field in [({"status": "done", "applied_on": D(2026, 11, 1)}, "approved_on"),
                                  ({"status": "in_progress"}, "applied_on"),
                                  ({"status": "done", "applied_on": D(2026, 11, 5), "approved_on": D(2026, 11, 4)},
                                   "approved_on"),
                                  ({"status": "in_progress", "applied_on": D(2026, 12, 1)}, "applied_on")]:
                with self.subTest(values=values), self.assertRaises(ValidationError) as caught:
                    services.update_procedure(ProjectProcedure.objects.get(pk=procedure.pk),
                                              actor=self.region_a_editor, **values)
                self.assertIn(field, caught.exception.message_dict)

    def test_the_permit_done_lets_the_project_start_without_an_override(self):
        procedure = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit)
        with frozen((2026, 11, 20)):
            services.update_procedure(procedure, actor=self.region_a_editor, status="done",
                                      applied_on=D(2026, 11, 2), approved_on=D(2026, 11, 9),
                                      document_number="210000202611090101")
            self.project_a.refresh_from_db()
            self.assertEqual(self.project_a.construction_permit, "210000202611090101")
            project_services.transition_stage(self.project_a, actor=self.region_a_editor, to_stage="preparation")
            project_services.transition_stage(self.project_a, actor=self.region_a_editor, to_stage="construction",
                                              effective_date=D(2026, 11, 10))
        self.project_a.refresh_from_db()
        self.assertEqual(self.project_a.stage, "construction")


class ClockTests(ApprovalTestCase):
    def test_the_within_51_days_share_on_a_known_set(self):
        # Four projects; working days from first application to the permit, counted by hand on the 2026 calendar.
        cases = [("一号", D(2026, 9, 1), D(2026, 9, 30)), ("二号", D(2026, 9, 1), D(2026, 11, 10)),
                 ("三号", D(2026, 3, 2), D(2026, 6, 30)), ("四号", D(2026, 7, 1), D(2026, 7, 31))]
        calendar = WorkCalendar()
        projects = []
        for name, applied, permitted in cases:
            project = make_project(self.region_a, name=name)
            record(project, self.approval, applied, applied + dt.timedelta(days=10))
            record(project, self.permit, permitted - dt.timedelta(days=5), permitted)
            projects.append(project)
        found = {c.project.name: c.clock.days for c in chains(
            ProjectProcedure.objects.select_related("procedure_type", "project"), calendar)}
        # Counted by hand from the published arrangement (days after the application up to the permit):
        # 一号: 2–30 Sep has 21 weekdays, + Sunday 20 Sep worked, − Friday 25 Sep (中秋) = 21.
        # 二号: 2 Sep–10 Nov has 50 weekdays, − 25 Sep and 1, 2, 5, 6, 7 Oct, + Sun 20 Sep and Sat 10 Oct = 46.
        # 三号: March to June, far over 51. 四号: 2–31 Jul, 22 weekdays, no holiday = 22.
        self.assertEqual(found["一号"], 21)
        self.assertEqual(found["二号"], 46)
        self.assertEqual(found["四号"], 22)
        self.assertGreater(found["三号"], 51)
        figures = summary(list(found.values()), 51)
        self.assertEqual((figures["within"], figures["known"], figures["share"]), (3, 4, 75.0))
        self.assertEqual((figures["median"], figures["slowest"]), (34, found["三号"]))

    def test_the_board_shows_the_share_and_over_limit_and_links_to_rows(self):
        with frozen((2026, 11, 20)):
            for name, applied, permitted in [("甲", D(2026, 9, 1), D(2026, 9, 30)),
                                             ("乙", D(2026, 3, 2), D(2026, 6, 30))]:
                project = make_project(self.region_a, name=name)
                record(project, self.approval, applied, applied + dt.timedelta(days=3))
                record(project, self.permit, permitted - dt.timedelta(days=20), permitted)  # 14+ days > 7
            self.client.force_login(self.coordinator)
            page = self.client.get(reverse("approvals:board"))
            self.assertEqual(page.context["overall"]["share"], 50.0)
            self.assertContains(page, "超过时限的手续")
            self.assertEqual(page.context["over_count"], 2)
            rows = self.client.get(page.context["all_link"] + "&within=1")
            self.assertEqual([c.project.name for c in rows.context["chains"]], ["甲"])
            self.client.force_login(self.region_b_editor)
            self.assertEqual(self.client.get(reverse("approvals:board")).context["overall"]["known"], 0)

    def test_a_year_nobody_covered_is_reported_not_guessed(self):
        project = make_project(self.region_a, name="跨年")
        record(project, self.permit, D(2026, 12, 20), D(2027, 1, 10))
        [chain] = chains(ProjectProcedure.objects.select_related("procedure_type", "project"), WorkCalendar())
        self.assertIsNone(chain.clock.days)
        self.assertIn("2027年", chain.clock.note)


class ApprovalScopeTests(ScopedViewChecks, ApprovalTestCase):
    cases = [
        ("approvals:board", lambda t: {}, "get", "coordinator", None, None),
        ("approvals:rows", lambda t: {}, "get", "coordinator", None, None),
        ("approvals:project_tab", lambda t: {"project_id": t.project_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("approvals:department", lambda t: {"pk": t.dept_x.pk}, "get", "department", None, "secretary"),
    ]
    hand_checked = ["approvals:attachment"]  # test_attachment_out_of_scope_is_404

    def setUp(self):
        self.procedure = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit,
                                                         department=self.dept_x)

    def test_attachment_out_of_scope_is_404(self):
        from django.core.files.base import ContentFile

        self.procedure.attachment.save("permit.pdf", ContentFile(b"%PDF"), save=True)
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.get(reverse("approvals:attachment", args=[self.procedure.pk])).status_code, 404)
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get(reverse("approvals:attachment", args=[self.procedure.pk])).status_code, 200)


class ProcedureConflictTests(ApprovalTestCase):
    def test_a_save_from_an_old_page_is_refused_and_names_both_versions(self):
        permit = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit,
                                                 department=self.dept_x)
        url = reverse("approvals:project_tab", args=[self.project_a.pk])

        def post(user, version, authority):
            self.client.force_login(user)
            return self.client.post(url, {"procedure": permit.pk, f"p{permit.pk}-version": version,
                                          f"p{permit.pk}-required": "on", f"p{permit.pk}-status": "not_started",
                                          f"p{permit.pk}-authority": authority})

        # The department and the district clerk both opened the tab at version 1.
        self.assertEqual(post(self.department, 1, "市住建局").status_code, 200)
        response = post(self.region_a_editor, 1, "盘锦市行政审批局")
        self.assertContains(response, "已保存了新的版本", status_code=400)
        self.assertContains(response, "审批机关：已保存“市住建局”，您填写“盘锦市行政审批局”", status_code=400)
        permit.refresh_from_db()
        self.assertEqual((permit.authority, permit.version), ("市住建局", 2))
        self.assertEqual(post(self.region_a_editor, 2, "盘锦市行政审批局").status_code, 200)


class ProcedureApiTests(ApprovalTestCase):
    def test_clocks_scope_and_the_department_rule_through_the_api(self):
        from rest_framework.test import APIClient

        permit = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit,
                                                 department=self.dept_x)
        planning = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.planning,
                                                   department=self.dept_y)
        client = APIClient()
        client.force_authenticate(self.department)
        with frozen((2026, 11, 20)):
            response = client.patch(f"/api/v1/procedures/{permit.pk}/",
                                    {"status": "in_progress", "applied_on": "2026-09-20", "version": 1},
                                    format="json")
            self.assertEqual(response.status_code, 200, response.data)
            self.assertEqual(response.data["version"], 2)
            # A second writer who read version 1 is refused with the saved procedure, not merged silently.
            stale = client.patch(f"/api/v1/procedures/{permit.pk}/", {"authority": "市住建局", "version": 1},
                                 format="json")
            self.assertEqual(stale.status_code, 409)
            self.assertEqual((stale.data["current"]["status"], stale.data["current"]["version"]), ("in_progress", 2))
            self.assertEqual(ProjectProcedure.objects.get(pk=permit.pk).authority, "")
            unversioned = client.patch(f"/api/v1/procedures/{permit.pk}/", {"authority": "市住建局"}, format="json")
            self.assertEqual(unversioned.status_code, 400)
            # 21 Sep–20 Nov: 45 weekdays, less 25 Sep (中秋) and 1, 2, 5, 6, 7 Oct, plus Sat 10 Oct = 40 > 7.
            self.assertEqual((response.data["elapsed_days"], response.data["over_limit"]), (40, True))
            refused = client.patch(f"/api/v1/procedures/{planning.pk}/", {"status": "in_progress",
                                                                          "applied_on": "2026-11-02", "version": 1},
                                   format="json")
            self.assertEqual(refused.status_code, 403)
            bad = client.patch(f"/api/v1/procedures/{permit.pk}/", {"status": "done", "version": 2}, format="json")
            self.assertEqual(bad.status_code, 400)
            self.assertIn("approved_on", bad.data)
        client.force_authenticate(self.region_b_editor)
        self.assertEqual(client.get(f"/api/v1/procedures/{permit.pk}/").status_code, 404)


class AttachmentUploadTests(ApprovalTestCase):
    """A procedure's 批复文件 obeys the problem attachments' rule: size, type, a stored name of ours, served as a
    download; a refused or failed upload leaves nothing in MEDIA_ROOT."""

    def setUp(self):
        import tempfile

        from django.test import override_settings

        self.media = tempfile.mkdtemp(prefix="tuijin-approvals-")
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.procedure = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.approval)
        self.url = reverse("approvals:project_tab", args=[self.project_a.pk])
        self.client.force_login(self.region_a_editor)

    def files(self):
        import os

        return [f for _d, _dirs, files in os.walk(self.media) for f in files]

    def post(self, upload):
        p = f"p{self.procedure.pk}"
        return self.client.post(self.url, {"procedure": self.procedure.pk, f"{p}-required": "on",
                                           f"{p}-status": "not_started", f"{p}-attachment": upload})

    def test_an_oversize_document_is_refused_with_a_reason_and_leaves_no_file(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = self.post(SimpleUploadedFile("批复.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024)))
        self.assertContains(response, "超过 20 MB", status_code=400)
        self.procedure.refresh_from_db()
        self.assertFalse(self.procedure.attachment)
        self.assertEqual(self.files(), [])

    def test_a_page_is_not_accepted_as_a_document(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = self.post(SimpleUploadedFile("批复.html", b"<script>alert(1)</script>", "text/html"))
        self.assertContains(response, "不能作为附件上传", status_code=400)
        self.assertEqual(self.files(), [])

    def test_a_save_that_rolls_back_leaves_no_file(self):
        from unittest import mock

        from django.core.files.uploadedfile import SimpleUploadedFile

        from tuijin.projects.models import Project

        permit = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit)
        # The procedure and its file are saved; copying the permit's number to the project then fails.
        with frozen((2026, 11, 20)), self.assertRaises(RuntimeError), \
                mock.patch.object(Project, "save", side_effect=RuntimeError("database gone")):
            services.update_procedure(permit, actor=self.region_a_editor, status="done", applied_on=D(2026, 11, 2),
                                      approved_on=D(2026, 11, 9), document_number="210000202611090101",
                                      attachment=SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test"))
        self.assertEqual(self.files(), [])

    def test_the_document_is_downloaded_never_shown_as_a_page(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.post(SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test"))
        self.procedure.refresh_from_db()
        self.assertTrue(self.procedure.attachment.name.endswith(".pdf"))
        response = self.client.get(reverse("approvals:attachment", args=[self.procedure.pk]))
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_an_old_html_attachment_is_served_as_a_plain_download(self):
        from django.core.files.base import ContentFile

        self.procedure.attachment.save("page.html", ContentFile(b"<script>alert(1)</script>"), save=True)
        response = self.client.get(reverse("approvals:attachment", args=[self.procedure.pk]))
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))


class TimelineTests(ApprovalTestCase):
    def test_a_procedure_name_with_a_script_end_tag_stays_inside_the_data(self):
        hostile = ProcedureType.objects.create(name="</script><script>alert(1)</script>", stage="land",
                                               limit_days=10, sort_order=9)
        with frozen((2026, 11, 20)):
            record(self.project_a, hostile, D(2026, 11, 2))
            self.client.force_login(self.region_a_editor)
            response = self.client.get(reverse("approvals:project_tab", args=[self.project_a.pk]))
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, f'<script id="timeline-{self.project_a.pk}" type="application/json">')
        import json
        import re

        payload = re.search(r'type="application/json">(.*?)</script>', response.content.decode(), re.S).group(1)
        self.assertEqual(json.loads(payload)[0]["name"], hostile.name)
