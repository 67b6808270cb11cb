"""前期手续 changes land once each in the change log, whether made on the page or through the API."""

from django.urls import reverse
from rest_framework.test import APIClient

from tuijin.approvals import services
from tuijin.approvals.models import ProjectProcedure
from tuijin.approvals.tests.test_approvals import ApprovalTestCase, D, frozen
from tuijin.core.models import AuditEntry


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind))


class ProcedureAuditTests(ApprovalTestCase):
    def test_the_checklist_is_logged_once_with_the_procedures_it_added(self):
        services.ensure_checklist(self.project_a, actor=self.region_a_editor)
        services.ensure_checklist(self.project_a, actor=self.region_a_editor)  # nothing lacking: no entry
        [entry] = entries("checklist.create")
        self.assertEqual((entry.actor, entry.project_id), (self.region_a_editor, self.project_a.pk))
        self.assertEqual(entry.data["procedures"], ["项目审批/核准/备案", "建设工程规划许可证", "施工许可证"])
        self.assertIn("新增3项", entry.summary)

    def test_adding_a_procedure_and_adding_it_again(self):
        services.add_procedure(self.project_a, self.planning, actor=self.region_a_editor)
        services.add_procedure(self.project_a, self.planning, actor=self.region_a_editor)  # already there
        [entry] = entries("procedure.add")
        self.assertEqual((entry.project_id, entry.changes), (self.project_a.pk, {"前期手续": ["", "建设工程规划许可证"]}))

    def test_a_page_update_is_logged_with_before_and_after(self):
        permit = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit,
                                                 department=self.dept_x)
        self.client.force_login(self.department)
        with frozen((2026, 11, 20)):
            response = self.client.post(reverse("approvals:project_tab", args=[self.project_a.pk]), {
                "procedure": permit.pk, f"p{permit.pk}-version": 1, f"p{permit.pk}-required": "on",
                f"p{permit.pk}-status": "in_progress", f"p{permit.pk}-applied_on": "2026-11-02",
                f"p{permit.pk}-authority": "市住建局"})
        self.assertEqual(response.status_code, 200)
        [entry] = entries("procedure.update")
        self.assertEqual(entry.changes, {"状态": ["未启动", "办理中"], "申请日期": ["", "2026-11-02"],
                                         "审批机关": ["", "市住建局"]})
        self.assertEqual((entry.actor, entry.project_id), (self.department, self.project_a.pk))

    def test_the_permit_done_through_the_api_logs_the_project_permit_number_in_the_same_entry(self):
        permit = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.permit,
                                                 department=self.dept_x)
        client = APIClient()
        client.force_authenticate(self.department)
        with frozen((2026, 11, 20)):
            response = client.patch(f"/api/v1/procedures/{permit.pk}/", {
                "status": "done", "applied_on": "2026-11-02", "approved_on": "2026-11-10",
                "document_number": "211102202611100001", "version": 1}, format="json")
            self.assertEqual(response.status_code, 200, response.data)
            stale = client.patch(f"/api/v1/procedures/{permit.pk}/", {"authority": "x", "version": 1}, format="json")
        self.assertEqual(stale.status_code, 409)
        [entry] = entries("procedure.update")  # the refused save wrote nothing
        self.assertEqual(entry.changes["项目施工许可证号"], ["", "211102202611100001"])
        self.assertEqual(entry.changes["办结日期"], ["", "2026-11-10"])

    def test_a_refused_update_writes_nothing(self):
        procedure = ProjectProcedure.objects.create(project=self.project_a, procedure_type=self.approval)
        with frozen((2026, 11, 20)), self.assertRaises(Exception):
            services.update_procedure(procedure, actor=self.region_a_editor, status="done", applied_on=D(2026, 11, 1))
        self.assertEqual(entries("procedure.update"), [])
