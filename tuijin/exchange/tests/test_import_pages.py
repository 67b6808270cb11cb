"""The list import through the pages: upload, see each row's outcome, decide a possible duplicate, confirm,
download the rows that did not land; another district's clerk gets 404."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.exchange.models import ImportRow, ProjectImport
from tuijin.projects.models import Project

from .test_import_command import LONGQUAN, workbook


class ImportPageTests(ScopedViewChecks, PersonaTestCase):
    cases = [
        ("exchange:upload", lambda t: {}, "get", "region_a_editor", None, None),
        ("exchange:import", lambda t: {"pk": t.batch().pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("exchange:import_rows", lambda t: {"pk": t.batch().pk}, "get", "region_a_editor", None, "region_b_editor"),
    ]

    def batch(self):
        found = ProjectImport.objects.first()
        if found is None:
            self.upload(self.region_a_editor)
            found = ProjectImport.objects.first()
        return found

    def upload(self, user, rows=LONGQUAN):
        self.client.force_login(user)
        data = workbook(rows).read_bytes()
        return self.client.post(reverse("exchange:upload"), {
            "region": self.region_a.pk, "file": SimpleUploadedFile("2009年计划表.xlsx", data)})

    def test_upload_preview_decide_confirm(self):
        make_project(self.region_a, name="龙泉山旅游环线工程", total_investment=Decimal("1"))
        response = self.upload(self.region_a_editor)
        batch = ProjectImport.objects.get()
        self.assertRedirects(response, reverse("exchange:import", args=[batch.pk]))
        page = self.client.get(reverse("exchange:import", args=[batch.pk]))
        self.assertContains(page, "汽车城配套道路工程")
        self.assertContains(page, "名称相近")
        duplicate = batch.rows.get(action=ImportRow.DUPLICATE)
        # The clerk decides the close name is a project of its own after all, and confirms.
        self.client.post(reverse("exchange:import", args=[batch.pk]),
                         {f"decision-{duplicate.pk}": "new", "commit": "1"})
        self.assertEqual(ProjectImport.objects.get().status, ProjectImport.COMMITTED)
        self.assertTrue(Project.objects.filter(name="龙泉山旅游环线").exists())
        self.assertTrue(Project.objects.filter(name="汽车城配套道路工程", intake_pending=True).exists())
        rows = self.client.get(reverse("exchange:import_rows", args=[batch.pk]))
        sheet = load_workbook(__import__("io").BytesIO(rows.content)).active
        reasons = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)]
        self.assertTrue(any("合计行" in r for r in reasons))

    def test_an_upload_without_a_file_or_into_another_region_is_refused(self):
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.post(reverse("exchange:upload"), {"region": self.region_a.pk}).status_code, 400)
        self.assertEqual(self.client.post(reverse("exchange:upload"), {
            "region": self.region_b.pk, "file": SimpleUploadedFile("a.xlsx", b"x")}).status_code, 400)
        self.assertFalse(ProjectImport.objects.exists())
