"""visible_to / editable_by: the one mechanism every page, export, API and admin page relies on."""

from tuijin.core.testing import PersonaTestCase
from tuijin.projects.models import Project, StageTransition


class ProjectScopeTests(PersonaTestCase):
    def visible(self, user):
        return set(Project.objects.visible_to(user).values_list("name", flat=True))

    def editable(self, user):
        return set(Project.objects.editable_by(user).values_list("name", flat=True))

    def test_coordinator_sees_and_edits_the_whole_city(self):
        everything = {"双台子化工项目", "园区配套项目", "兴隆台道路项目"}
        self.assertEqual(self.visible(self.coordinator), everything)
        self.assertEqual(self.editable(self.coordinator), everything)

    def test_region_editor_sees_its_subtree_only(self):
        self.assertEqual(self.visible(self.region_a_editor), {"双台子化工项目", "园区配套项目"})
        self.assertEqual(self.editable(self.region_a_editor), {"双台子化工项目", "园区配套项目"})
        self.assertEqual(self.visible(self.region_b_editor), {"兴隆台道路项目"})

    def test_region_reviewer_reads_but_does_not_edit(self):
        self.assertEqual(self.visible(self.region_a_reviewer), {"双台子化工项目", "园区配套项目"})
        self.assertEqual(self.editable(self.region_a_reviewer), set())

    def test_department_sees_projects_it_leads_or_is_responsible_for(self):
        self.assertEqual(self.visible(self.department), {"双台子化工项目", "兴隆台道路项目"})
        self.assertEqual(self.editable(self.department), set())

    def test_department_list_has_no_duplicate_rows(self):
        self.project_a.responsible_departments.add(self.dept_x)
        self.assertEqual(Project.objects.visible_to(self.department).count(), 2)

    def test_leader_reads_the_city(self):
        self.assertEqual(len(self.visible(self.leader_user)), 3)
        self.assertEqual(self.editable(self.leader_user), set())

    def test_secretary_and_owner_see_their_own_projects(self):
        self.assertEqual(self.visible(self.secretary), {"双台子化工项目"})
        self.assertEqual(self.visible(self.owner), {"双台子化工项目"})

    def test_user_without_roles_and_anonymous_see_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertEqual(self.visible(self.nobody), set())
        self.assertEqual(self.visible(AnonymousUser()), set())

    def test_rows_hanging_off_a_project_follow_its_scope(self):
        StageTransition.objects.create(project=self.project_b, to_stage="reserve", actor=self.coordinator)
        self.assertFalse(StageTransition.objects.visible_to(self.region_a_editor).exists())
        self.assertTrue(StageTransition.objects.visible_to(self.region_b_editor).exists())


class ProjectListScopeTests(PersonaTestCase):
    def test_county_sees_city_lists_and_its_own_but_not_a_neighbours(self):
        from tuijin.projects.models import ProjectList

        ProjectList.objects.create(name="市重点", year=2026, region=self.city)
        ProjectList.objects.create(name="双台子区重点", year=2026, region=self.region_a)
        ProjectList.objects.create(name="兴隆台区重点", year=2026, region=self.region_b)
        names = set(ProjectList.objects.visible_to(self.region_a_editor).values_list("name", flat=True))
        self.assertEqual(names, {"市重点", "双台子区重点"})
        self.assertEqual(set(ProjectList.objects.editable_by(self.region_a_editor).values_list("name", flat=True)),
                         {"双台子区重点"})
        self.assertFalse(ProjectList.objects.visible_to(self.nobody).exists())
