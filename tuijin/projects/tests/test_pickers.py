"""Pickers that tell things apart: identical project names show code, district and owner; the
secretaries show name, username and region; the search endpoints read only what the user may see."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tuijin.core.roles import Role
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.org.models import RoleAssignment
from tuijin.projects.models import Project

NAME = "可降解塑料产业园项目"


class PickerEndpointScopeTests(ScopedViewChecks, PersonaTestCase):
    cases = [
        ("projects:project_pick", lambda t: {}, "get", "region_a_editor", None, None),
        ("projects:secretary_pick", lambda t: {}, "get", "region_a_editor", None, None),
    ]


class PickerTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.twin_a = make_project(cls.region_a, name=NAME, code="2104-211102-04-01-000001", owner_unit="甲塑业有限公司")
        cls.twin_zone = make_project(cls.zone_a, name=NAME, owner_unit="乙塑业有限公司")
        cls.twin_b = make_project(cls.region_b, name=NAME, owner_unit="丙塑业有限公司")
        cls.wang = get_user_model().objects.create_user(username="secretary_12", first_name="王丽")
        RoleAssignment.objects.create(user=cls.wang, role=Role.SECRETARY)
        Project.objects.filter(pk=cls.twin_a.pk).update(secretary=cls.wang)

    def pick(self, url_name, user, **query):
        self.client.force_login(user)
        return self.client.get(reverse(url_name), query)

    def test_identical_names_are_told_apart_by_code_district_and_owner(self):
        response = self.pick("projects:project_pick", self.region_a_editor, field="project",
                             project__search="可降解")
        self.assertContains(response, f"{NAME} · 2104-211102-04-01-000001 · 双台子区 · 甲塑业有限公司")
        self.assertContains(response, f"{NAME} · 无项目代码 · 双台子园区 · 乙塑业有限公司")
        # Region B's twin is not region A's to see.
        self.assertNotContains(response, "丙塑业有限公司")

    def test_search_by_owner_and_code(self):
        response = self.pick("projects:project_pick", self.coordinator, field="project", project__search="丙塑业")
        self.assertContains(response, "兴隆台区 · 丙塑业有限公司")
        self.assertNotContains(response, "甲塑业")
        response = self.pick("projects:project_pick", self.coordinator, field="project",
                             project__search="2104－211102－04")  # full-width dashes, as typed on a Chinese keyboard
        self.assertContains(response, "甲塑业有限公司")

    def test_another_regions_user_finds_nothing_of_it(self):
        response = self.pick("projects:project_pick", self.region_b_editor, field="project", project__search="甲塑业")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "甲塑业")
        # Asking for region A's project by id as "already chosen" does not reveal it either.
        response = self.pick("projects:project_pick", self.region_b_editor, field="project", project=self.twin_a.pk)
        self.assertNotContains(response, "甲塑业")

    def test_a_search_keeps_what_was_chosen(self):
        response = self.pick("projects:project_pick", self.region_a_editor, field="projects",
                             projects__search="化工", projects=self.twin_zone.pk)
        content = response.content.decode()
        self.assertIn(f'<option value="{self.twin_zone.pk}" selected>', content)
        self.assertIn("双台子化工项目", content)

    def test_secretaries_show_name_username_and_region(self):
        response = self.pick("projects:secretary_pick", self.region_a_editor, field="secretary",
                             secretary__search="王")
        self.assertContains(response, "王丽（secretary_12） · 双台子区")
        self.assertNotContains(response, "（secretary）")  # the other secretary does not match 王

    def test_secretary_search_is_for_those_who_assign_secretaries(self):
        self.assertEqual(self.pick("projects:secretary_pick", self.leader_user).status_code, 404)
        self.assertEqual(self.pick("projects:secretary_pick", self.department).status_code, 404)

    def test_forms_use_the_distinguishing_labels(self):
        self.client.force_login(self.region_a_editor)
        page = self.client.get(reverse("projects:project_edit", args=[self.project_a.pk])).content.decode()
        self.assertIn("王丽（secretary_12） · 双台子区", page)
        self.assertIn('data-testid="picker-search"', page)
        page = self.client.get(reverse("problems:problem_add")).content.decode()
        self.assertIn(f"{NAME} · 无项目代码 · 双台子园区 · 乙塑业有限公司", page)
        self.assertNotIn("丙塑业有限公司", page)
