"""Catalogs and accounts edited in the admin land in the change log like any service's change; the rows
that only services change (reports, periods, plans, procedures, stage moves) are read-only there."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from tuijin.core.models import AuditEntry
from tuijin.core.testing import Personas, make_project
from tuijin.problems.models import ProblemCategory


class AdminChangeLogTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        cls.admin = get_user_model().objects.create_superuser("sysadmin", password="x")
        cls.category, _ = ProblemCategory.objects.update_or_create(name="水电气暖", defaults={"days": 7})

    def setUp(self):
        self.client.force_login(self.admin)

    def test_a_catalog_change_is_one_entry_with_before_and_after(self):
        response = self.client.post(f"/admin/problems/problemcategory/{self.category.pk}/change/",
                                    {"name": "水电气暖", "days": "10", "sort_order": str(self.category.sort_order),
                                     "active": "on"})
        self.assertEqual(response.status_code, 302)
        entry = AuditEntry.objects.get(kind="admin.change")
        self.assertEqual((entry.actor, entry.subject_type, entry.subject_id),
                         (self.admin, "problems.problemcategory", self.category.pk))
        self.assertEqual(entry.changes, {"办理时限（工作日）": [7, 10]})
        self.assertIn("水电气暖", entry.summary)

    def test_adding_and_deleting_a_catalog_row_are_logged(self):
        self.client.post("/admin/problems/problemcategory/add/", {"name": "文物勘探", "days": "15",
                                                                  "sort_order": "9", "active": "on"})
        added = ProblemCategory.objects.get(name="文物勘探")
        self.client.post(f"/admin/problems/problemcategory/{added.pk}/delete/", {"post": "yes"})
        self.assertFalse(ProblemCategory.objects.filter(pk=added.pk).exists())
        self.assertEqual(list(AuditEntry.objects.filter(subject_id=added.pk, subject_type="problems.problemcategory")
                              .order_by("pk").values_list("kind", flat=True)), ["admin.add", "admin.delete"])

    def test_a_password_set_by_the_administrator_is_logged_without_the_password(self):
        user = self.region_a_editor
        response = self.client.post(f"/admin/auth/user/{user.pk}/password/",
                                    {"password1": "Gx7-pl2q-Wn4z", "password2": "Gx7-pl2q-Wn4z",
                                     "usable_password": "true"})
        self.assertEqual(response.status_code, 302)
        entry = AuditEntry.objects.get(kind="admin.change", subject_id=user.pk, subject_type="auth.user")
        self.assertNotIn("Gx7", str(entry.changes) + entry.summary)
        self.assertIn("密码", entry.summary)

    def test_rows_only_services_change_are_read_only_in_the_admin(self):
        project = make_project(self.region_a, stage="construction")
        from tuijin.projects.models import StageTransition

        transition = StageTransition.objects.create(project=project, from_stage="preparation",
                                                    to_stage="construction", actor=self.coordinator)
        for url in ["/admin/progress/reportingperiod/add/", "/admin/progress/annualplan/add/",
                    "/admin/approvals/projectprocedure/add/",
                    f"/admin/projects/stagetransition/{transition.pk}/delete/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
