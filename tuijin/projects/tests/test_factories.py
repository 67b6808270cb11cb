from django.test import TestCase

from tuijin.core.testing import Personas
from tuijin.projects.factories import make_project, make_projects, new_project
from tuijin.projects.models import Project


class ProjectFactoryTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def test_a_new_project_passes_the_models_validation(self):
        new_project(self.region_a).full_clean()

    def test_make_project_saves_its_departments_and_owner_accounts(self):
        project = make_project(self.region_a, name="双台子化工项目", responsible_departments=[self.dept_x],
                               owner_users=[self.owner])
        self.assertEqual(list(project.responsible_departments.all()), [self.dept_x])
        self.assertEqual(list(Project.objects.filter(owner_users=self.owner)), [project])

    def test_bulk_rows_with_an_actor_get_history_naming_it_and_the_reason(self):
        saved = make_projects([new_project(self.region_a, name=f"批量{n}") for n in range(3)],
                              actor=self.coordinator, reason="演示数据生成")
        self.assertTrue(all(p.pk for p in saved))
        history = Project.history.filter(id__in=[p.pk for p in saved])
        self.assertEqual(history.count(), 3)
        self.assertEqual({(h.history_user, h.history_change_reason) for h in history},
                         {(self.coordinator, "演示数据生成")})

    def test_bulk_rows_without_an_actor_get_no_history(self):
        saved = make_projects([new_project(self.region_b) for _ in range(2)])
        self.assertEqual(Project.objects.filter(region=self.region_b).count(), 2)
        self.assertFalse(Project.history.filter(id__in=[p.pk for p in saved]).exists())
