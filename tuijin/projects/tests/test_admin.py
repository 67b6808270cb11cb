from django.contrib.auth import get_user_model

from tuijin.core.testing import PersonaTestCase


class ScopedAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        get_user_model().objects.filter(pk__in=[cls.coordinator.pk, cls.region_a_editor.pk]).update(is_staff=True)

    def test_changelist_shows_only_projects_in_scope(self):
        self.client.force_login(self.region_a_editor)
        page = self.client.get("/admin/projects/project/").content.decode()
        self.assertIn("双台子化工项目", page)
        self.assertNotIn("兴隆台道路项目", page)

    def test_out_of_scope_object_is_404(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.get(f"/admin/projects/project/{self.project_b.pk}/change/")
        self.assertEqual(response.status_code, 404)

    def test_coordinator_manages_lists_but_not_users(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get("/admin/projects/projectlist/").status_code, 200)
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 403)

    def test_a_project_cannot_be_reverted_from_the_admin_history(self):
        from tuijin.projects import services

        services.transition_stage(self.project_a, actor=self.coordinator, to_stage="preparation", reason="立项")
        old = self.project_a.history.order_by("history_date").first()
        url = f"/admin/projects/project/{self.project_a.pk}/history/{old.history_id}/"
        self.client.force_login(self.coordinator)
        page = self.client.get(url)
        self.assertNotContains(page, 'name="_save"', status_code=page.status_code)
        self.client.post(url, {"name": self.project_a.name, "_save": "1"})
        self.project_a.refresh_from_db()
        self.assertEqual(self.project_a.stage, "preparation")
