"""服务秘书: the work log (who may write, what is kept) and the over-the-limit page."""

import datetime as dt

from django.urls import reverse

from tuijin.core.models import Setting
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.projects.models import WorkLog


class SecretaryTests(PersonaTestCase):
    def log(self, user, **data):
        self.client.force_login(user)
        values = {"day": "2026-11-20", "kind": "visit", "text": "现场走访，协调施工用电"}
        values.update(data)
        return self.client.post(reverse("projects:work_log", args=[self.project_a.pk]), values)

    def test_the_secretary_records_a_visit_and_the_region_reads_it(self):
        response = self.log(self.secretary)
        self.assertContains(response, "现场走访，协调施工用电")
        entry = WorkLog.objects.get()
        self.assertEqual((entry.author, entry.day, entry.kind), (self.secretary, dt.date(2026, 11, 20), "visit"))
        self.client.force_login(self.region_a_reviewer)
        self.assertContains(self.client.get(reverse("projects:work_log", args=[self.project_a.pk])), "协调施工用电")

    def test_others_may_read_but_not_write_and_a_future_day_is_refused(self):
        self.assertEqual(self.log(self.leader_user).status_code, 403)
        self.assertEqual(self.log(self.region_b_editor).status_code, 404)
        self.assertEqual(self.log(self.secretary, day="2099-01-01").status_code, 400)
        self.assertFalse(WorkLog.objects.exists())

    def test_secretaries_over_the_citys_limit_are_named(self):
        for n in range(3):
            make_project(self.region_a, name=f"秘书项目{n}", secretary=self.secretary)
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("projects:secretaries"))
        self.assertContains(page, "1 名服务秘书超过上限")
        self.assertEqual(page.context["over"], [(self.secretary, 4)])
        Setting.objects.create(key="secretary_max_projects", value="4")
        self.assertEqual(self.client.get(reverse("projects:secretaries")).context["over"], [])
