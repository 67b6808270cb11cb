"""复工: recorded by who may edit the project (page and API), audited, counted by the 复工 indicators."""

import datetime
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuijin.core.models import AuditEntry
from tuijin.core.testing import PersonaTestCase
from tuijin.core.testing_views import ScopedApiChecks, ScopedViewChecks
from tuijin.projects import services
from tuijin.projects.models import Resumption

pk_a = lambda t: {"pk": t.project_a.pk}  # noqa: E731
TODAY = datetime.date(2026, 3, 10)


class ResumptionServiceTests(PersonaTestCase):
    def test_the_region_records_a_resumption_with_the_audit_and_history(self):
        with mock.patch("tuijin.projects.services.today", return_value=TODAY):
            resumption = services.record_resumption(self.project_a, actor=self.region_a_editor,
                                                    on=datetime.date(2026, 3, 1), note="春节后复工")
        self.assertEqual((resumption.project, resumption.day, resumption.actor),
                         (self.project_a, datetime.date(2026, 3, 1), self.region_a_editor))
        [entry] = AuditEntry.objects.filter(kind="project.resumption")
        self.assertEqual((entry.actor, entry.project_id, entry.data["resumption_id"]),
                         (self.region_a_editor, self.project_a.pk, resumption.pk))
        self.assertIn("2026-03-01", entry.summary)
        self.assertEqual(resumption.history.get().history_user, self.region_a_editor)

    def test_another_region_and_a_reader_may_not(self):
        for user in (self.region_b_editor, self.leader_user):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                services.record_resumption(self.project_a, actor=user, on=datetime.date(2026, 3, 1))
        self.assertFalse(Resumption.objects.exists())

    def test_not_in_the_future(self):
        with mock.patch("tuijin.projects.services.today", return_value=TODAY), \
                self.assertRaisesMessage(ValidationError, "复工日期不能晚于今天"):
            services.record_resumption(self.project_a, actor=self.region_a_editor, on=datetime.date(2026, 3, 11))


class ResumptionPageTests(ScopedViewChecks, PersonaTestCase):
    # A reader sees the card without the form, and a POST is 403; another region 404.
    cases = [("projects:resumptions", pk_a, "post", "region_a_editor", "leader_user", "region_b_editor"),
             ("projects:resumptions", pk_a, "get", "region_a_editor", None, "region_b_editor")]

    def test_the_stage_tab_records_a_resumption(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("projects:resumptions", args=[self.project_a.pk])
        response = self.client.post(url, {"day": "2026-01-01", "note": "春节后复工"})
        self.assertContains(response, "2026-01-01")
        self.assertContains(response, "春节后复工")
        self.assertEqual(Resumption.objects.get().day, datetime.date(2026, 1, 1))
        self.assertContains(self.client.get(reverse("projects:project", args=[self.project_a.pk])), url)

    def test_a_reader_sees_no_form(self):
        self.client.force_login(self.leader_user)
        response = self.client.get(reverse("projects:resumptions", args=[self.project_a.pk]))
        self.assertContains(response, "还没有复工记录")
        self.assertNotContains(response, "resumption-form")

    def test_a_future_day_is_refused_on_the_form(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:resumptions", args=[self.project_a.pk]), {"day": "2999-01-01"})
        self.assertContains(response, "复工日期不能晚于今天", status_code=400)
        self.assertFalse(Resumption.objects.exists())


class ResumptionApiTests(ScopedApiChecks, PersonaTestCase):
    cases = [("api:project-resumption", pk_a, "post", "region_a_editor", "leader_user", "region_b_editor")]

    def test_post_a_resumption(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(f"/api/v1/projects/{self.project_a.pk}/resumption/",
                                    {"day": "2026-01-01", "note": "复工"}, content_type="application/json")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["day"], "2026-01-01")
        self.assertEqual(Resumption.objects.get().note, "复工")
        response = self.client.post(f"/api/v1/projects/{self.project_a.pk}/resumption/",
                                    {"day": "2999-01-01"}, content_type="application/json")
        self.assertEqual(response.status_code, 400)
