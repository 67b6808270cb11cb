"""Issue 17: a department reads (never edits) the projects of the procedures it issues and the problems it answers."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tuijin.approvals.models import ProjectProcedure
from tuijin.core.roles import Role
from tuijin.org.models import RoleAssignment
from tuijin.problems.models import Problem, ProblemAssignment, ProblemCategory
from tuijin.projects.models import Project

from .test_approvals import ApprovalTestCase


class DepartmentReadsItsCasesTests(ApprovalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # 市自然资源局's user; dept_y leads no project and is responsible for none.
        cls.dept_y_user = get_user_model().objects.create_user(username="zrzyj", password="pw")
        RoleAssignment.objects.create(user=cls.dept_y_user, role=Role.DEPARTMENT, department=cls.dept_y)
        # dept_y issues the planning permit of project_b; dept_x the permit of project_zone (no link to dept_y).
        cls.mine = ProjectProcedure.objects.create(project=cls.project_b, procedure_type=cls.planning,
                                                   department=cls.dept_y, status="in_progress")
        cls.other = ProjectProcedure.objects.create(project=cls.project_zone, procedure_type=cls.permit,
                                                    department=cls.dept_x, status="in_progress")

    def test_the_department_opens_the_project_of_its_procedure_from_its_page(self):
        self.client.force_login(self.dept_y_user)
        page = self.client.get(reverse("approvals:department", args=[self.dept_y.pk]))
        self.assertContains(page, self.project_b.get_absolute_url())
        self.assertEqual(self.client.get(self.project_b.get_absolute_url()).status_code, 200)
        # Another department's procedure in a project dept_y has nothing to do with stays out of sight.
        self.assertEqual(self.client.get(self.project_zone.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("approvals:department", args=[self.dept_x.pk])).status_code, 404)

    def test_reading_is_not_editing(self):
        self.client.force_login(self.dept_y_user)
        self.assertIn(self.client.get(reverse("projects:project_edit", args=[self.project_b.pk])).status_code,
                      (403, 404))
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.dept_y_user)
        response = api.patch(reverse("api:project-detail", args=[self.project_b.pk]), {"name": "改名", "version": 1},
                             format="json")
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(Project.objects.get(pk=self.project_b.pk).name, "兴隆台道路项目")
        self.assertFalse(Project.objects.editable_by(self.dept_y_user).exists())

    def test_a_department_answering_a_problem_opens_its_project(self):
        category, _ = ProblemCategory.objects.get_or_create(name="规划", defaults={"days": 7})
        problem = Problem.objects.create(project=self.project_zone, category=category, description="用地指标",
                                         raised_by=self.region_a_editor, raised_on="2026-11-02")
        self.client.force_login(self.dept_y_user)
        self.assertEqual(self.client.get(self.project_zone.get_absolute_url()).status_code, 404)
        ProblemAssignment.objects.create(problem=problem, department=self.dept_y, deadline="2026-11-20")
        page = self.client.get(problem.get_absolute_url())
        self.assertContains(page, f'href="{self.project_zone.get_absolute_url()}"')
        self.assertEqual(self.client.get(self.project_zone.get_absolute_url()).status_code, 200)
        # Read only that problem's project: the department still sees only the problems assigned to it.
        self.assertEqual(list(Problem.objects.visible_to(self.dept_y_user)), [problem])

    def test_the_visible_projects_are_one_query_however_many_departments(self):
        RoleAssignment.objects.create(user=self.dept_y_user, role=Role.DEPARTMENT, department=self.dept_x)
        user = get_user_model().objects.get(pk=self.dept_y_user.pk)
        from tuijin.core.scope import scope_of

        scope_of(user)
        with self.assertNumQueries(1):
            names = sorted(Project.objects.visible_to(user).values_list("name", flat=True))
        # dept_x leads project_a and is responsible for project_b; it issues project_zone's permit.
        self.assertEqual(names, sorted([self.project_a.name, self.project_b.name, self.project_zone.name]))

    def test_the_board_links_only_the_department_pages_the_user_may_open(self):
        import datetime as dt

        ProjectProcedure.objects.filter(pk=self.other.pk).update(applied_on=dt.date(2025, 1, 2))
        ProjectProcedure.objects.filter(pk=self.mine.pk).update(applied_on=dt.date(2025, 1, 2))
        # dept_x's user reads project_b (responsible), so it sees dept_y's late planning permit there.
        self.client.force_login(self.department)
        page = self.client.get(reverse("approvals:board")).content.decode()
        self.assertIn("市自然资源局", page)
        self.assertNotIn(reverse("approvals:department", args=[self.dept_y.pk]), page)
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("approvals:board")).content.decode()
        self.assertIn(reverse("approvals:department", args=[self.dept_y.pk]), page)
