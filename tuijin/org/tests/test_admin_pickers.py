"""Issue 17: user pickers in the admin are searchable (autocomplete), for the administrator and for a
coordinator who edits projects but may not open the user list."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tuijin.core.testing import PersonaTestCase
from tuijin.org.models import RoleAssignment


class UserPickerTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = get_user_model().objects.create_superuser("root", password="pw-root")
        get_user_model().objects.filter(pk=cls.coordinator.pk).update(is_staff=True)
        cls.zhang = get_user_model().objects.create_user("zhangwei", first_name="张伟")

    def search(self, app_label, model_name, field_name, term):
        response = self.client.get(reverse("admin:autocomplete"), {
            "app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term})
        return response.status_code, [row["text"] for row in response.json().get("results", [])] \
            if response.status_code == 200 else []

    def test_the_admin_change_pages_render_searchable_user_pickers(self):
        self.client.force_login(self.admin)
        pages = {
            f"/admin/projects/project/{self.project_a.pk}/change/": ["secretary", "owner_users", "leader"],
            f"/admin/org/roleassignment/{RoleAssignment.objects.get(user=self.coordinator).pk}/change/": ["user"],
            f"/admin/org/leader/{self.leader.pk}/change/": ["user"],
        }
        for url, fields in pages.items():
            page = self.client.get(url).content.decode()
            for field in fields:
                with self.subTest(url=url, field=field):
                    self.assertRegex(page, rf'<select[^>]*name="{field}"[^>]*class="[^"]*admin-autocomplete'
                                     rf'|<select[^>]*class="[^"]*admin-autocomplete[^"]*"[^>]*name="{field}"')

    def test_the_picker_finds_a_user_by_name(self):
        self.client.force_login(self.admin)
        status, found = self.search("projects", "project", "secretary", "张伟")
        self.assertEqual(status, 200)
        self.assertEqual(len(found), 1)
        self.assertIn("zhangwei", found[0])
        self.assertEqual(self.search("org", "roleassignment", "user", "zhang")[1], found)

    def test_a_coordinator_finds_users_for_a_project_but_still_cannot_open_the_user_list(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.search("projects", "project", "secretary", "张伟")[0], 200)
        self.assertEqual(len(self.search("projects", "project", "owner_users", "张伟")[1]), 1)
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 403)
        self.assertEqual(self.client.get(f"/admin/auth/user/{self.zhang.pk}/change/").status_code, 403)
        # Not where it may change nothing: the role assignments are the administrator's.
        self.assertEqual(self.search("org", "roleassignment", "user", "张伟")[0], 403)

    def test_someone_without_the_admin_finds_nobody(self):
        self.client.force_login(self.region_b_editor)
        response = self.client.get(reverse("admin:autocomplete"), {
            "app_label": "projects", "model_name": "project", "field_name": "secretary", "term": "张伟"})
        self.assertNotEqual(response.status_code, 200)
