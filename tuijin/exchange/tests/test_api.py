"""/api/v1/list-imports/: upload, read the rows, decide a duplicate, correct the columns, commit — the page's
services; another district's clerk gets 404."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tuijin.core import progress
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.core.testing_views import ScopedApiChecks
from tuijin.exchange.models import ListMapping, ProjectImport
from tuijin.progress.tests.test_background_import import DATABASE_QUEUE, run_worker
from tuijin.projects.models import Project

from .test_import_columns import OWN_LAYOUT
from .test_import_command import LONGQUAN, workbook

batch = lambda t: {"pk": t.batch().pk}  # noqa: E731


class ListImportApiTests(ScopedApiChecks, PersonaTestCase):
    cases = [
        ("api:projectimport-detail", batch, "get", "region_a_editor", None, "region_b_editor"),
        ("api:projectimport-rows", batch, "get", "region_a_editor", None, "region_b_editor"),
        *[(f"api:projectimport-{step}", batch, "post", "region_a_editor", None, "region_b_editor")
          for step in ("decide", "recheck", "commit")],
    ]

    def batch(self):
        found = ProjectImport.objects.first()
        if found is None:
            self.upload(self.region_a_editor, LONGQUAN)
            found = ProjectImport.objects.first()
        return found

    def upload(self, user, rows, **extra):
        self.client.force_login(user)
        return self.client.post("/api/v1/list-imports/", {
            "file": SimpleUploadedFile("2009年计划表.xlsx", workbook(rows).read_bytes()),
            "region": self.region_a.code, **extra})

    def test_upload_rows_decide_and_commit(self):
        make_project(self.region_a, name="龙泉山旅游环线工程", total_investment=Decimal("1"))
        response = self.upload(self.region_a_editor, LONGQUAN)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["region"], body["counts"]["new"], body["counts"]["duplicate"]),
                         ("preview", self.region_a.code, 1, 1))
        rows = self.client.get(f"/api/v1/list-imports/{body['id']}/rows/?action=duplicate").json()
        duplicate = rows["results"][0] if isinstance(rows, dict) else rows[0]
        self.assertEqual(duplicate["name"], "龙泉山旅游环线")
        self.client.post(f"/api/v1/list-imports/{body['id']}/decide/", {"decisions": {str(duplicate["id"]): "new"}},
                         content_type="application/json")
        done = self.client.post(f"/api/v1/list-imports/{body['id']}/commit/").json()
        self.assertEqual((done["status"], done["counts"]["landed_new"]), ("committed", 2))
        self.assertTrue(Project.objects.filter(name="龙泉山旅游环线", intake_pending=True).exists())
        again = self.client.post(f"/api/v1/list-imports/{body['id']}/commit/")
        self.assertEqual(again.status_code, 400)  # already imported

    def test_columns_corrected_through_the_api(self):
        body = self.upload(self.region_a_editor, OWN_LAYOUT).json()
        self.assertEqual(body["counts"].get("new", 0), 0)
        columns = {"序号": "serial", "工程": "name", "资金": "total_investment", "项目业主": "owner_units"}
        refused = self.client.post(f"/api/v1/list-imports/{body['id']}/recheck/",
                                   {"columns": {**columns, "工程": ""}}, content_type="application/json")
        self.assertEqual(refused.status_code, 400)
        read = self.client.post(f"/api/v1/list-imports/{body['id']}/recheck/", {"columns": columns},
                                content_type="application/json").json()
        self.assertEqual(read["counts"]["new"], 2)

    def test_another_districts_region_or_mapping_is_404(self):
        self.assertEqual(self.upload(self.region_b_editor, LONGQUAN).status_code, 404)
        other = ListMapping.objects.create(region=self.region_b, name="乙区表", columns=[], created_by=self.region_b_editor)
        self.assertEqual(self.upload(self.region_a_editor, LONGQUAN, mapping=other.pk).status_code, 404)
        self.assertFalse(ProjectImport.objects.exists())

    @override_settings(IMPORT_INLINE_MAX_BYTES=0, TASKS=DATABASE_QUEUE)
    def test_a_large_file_is_read_by_the_worker(self):
        with self.captureOnCommitCallbacks(execute=True):
            body = self.upload(self.region_a_editor, LONGQUAN).json()
        self.assertEqual(body["status"], "queued")
        run_worker()
        detail = f"/api/v1/list-imports/{body['id']}/"
        self.assertEqual(self.client.get(detail).json()["status"], "preview")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(f"{detail}commit/").json()["status"], "committing")
        self.assertEqual(self.client.get(detail).json()["saving"], None)  # the worker has not begun
        saving = progress.Progress(ProjectImport.objects.get().progress_key, 2, step="projects")
        self.assertEqual(self.client.get(detail).json()["saving"], {"done": 0, "total": 2, "step": "projects"})
        saving.close()
        run_worker()
        self.assertEqual(self.client.get(detail).json()["status"], "committed")
        self.assertIsNone(self.client.get(detail).json()["saving"])
