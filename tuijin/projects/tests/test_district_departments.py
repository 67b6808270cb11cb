"""A district names its own 牵头部门/责任单位 and its own 区级责任领导 on its projects (issue 17)."""

from django.urls import reverse
from rest_framework.test import APIClient

from tuijin.core.testing import PersonaTestCase
from tuijin.org.models import Department, Leader, LeaderRank
from tuijin.projects.models import Project


class DistrictDepartmentTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dept_a = Department.objects.create(slug="sqnfj", name="区农发局", region=cls.region_a)
        cls.dept_b = Department.objects.create(slug="xqnfj", name="兴隆台区农业局", region=cls.region_b)
        cls.song = Leader.objects.create(name="宋凯", title="副区长", rank=LeaderRank.DISTRICT, region=cls.region_a)
        cls.other = Leader.objects.create(name="王某", title="副区长", rank=LeaderRank.DISTRICT, region=cls.region_b)

    def form_data(self, **changes):
        project = self.project_a
        data = {"name": project.name, "owner_units": project.owner_unit, "region": project.region_id,
                "industry": project.industry, "category": project.category, "nature": project.nature,
                "total_investment": str(project.total_investment), "version": project.version,
                "coord_system": "wgs84"}
        data.update(changes)
        return data

    def test_the_form_offers_the_city_and_own_departments_and_own_leaders(self):
        self.client.force_login(self.region_a_editor)
        form = self.client.get(reverse("projects:project_edit", args=[self.project_a.pk])).context["form"]
        labels = [label for _value, label in form.fields["lead_department"].choices][1:]
        self.assertEqual(sorted(labels), sorted(["市工业和信息化局", "市自然资源局", "区农发局（双台子区）"]))
        self.assertEqual(list(form.fields["district_leader"].queryset), [self.song])
        self.assertNotIn(self.song, form.fields["leader"].queryset)  # not a city 包保领导

    def test_a_district_clerk_picks_its_department_and_leader_and_they_show(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]), self.form_data(
            lead_department=self.dept_a.pk, responsible_departments=[self.dept_a.pk, self.dept_y.pk],
            district_leader=self.song.pk, change_reason="按区级清单"))
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get(pk=self.project_a.pk)
        self.assertEqual((project.lead_department, project.district_leader, project.leader),
                         (self.dept_a, self.song, None))
        page = self.client.get(reverse("projects:project", args=[project.pk])).content.decode()
        self.assertIn("区农发局", page)
        self.assertIn("副区长 宋凯", page)
        client = APIClient()
        client.force_authenticate(self.coordinator)
        data = client.get(reverse("api:project-detail", args=[project.pk])).json()
        self.assertEqual((data["lead_department"], data["district_leader"], data["district_leader_name"]),
                         ("sqnfj", self.song.pk, "副区长 宋凯"))

    def test_another_district_department_or_leader_is_refused(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("projects:project_edit", args=[self.project_a.pk])
        response = self.client.post(url, self.form_data(lead_department=self.dept_b.pk, district_leader=self.other.pk,
                                                        responsible_departments=[self.dept_b.pk]))
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertIn("lead_department", form.errors)
        self.assertIn("district_leader", form.errors)
        self.assertIn("responsible_departments", form.errors)
        # Even by the coordinator, who is offered both: a district's own rows serve only its projects.
        self.client.force_login(self.coordinator)
        page = self.client.post(url, self.form_data(responsible_departments=[self.dept_b.pk],
                                                    district_leader=self.other.pk)).content.decode()
        self.assertIn("责任单位应为项目所在区域或其上级的部门：兴隆台区农业局", page)
        self.assertIn("区级责任领导应为项目所在县区（或其上级）的区县领导", page)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).district_leader, None)

    def test_the_district_leader_page_lists_the_projects_it_leads(self):
        Project.objects.filter(pk=self.project_a.pk).update(district_leader=self.song)
        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("leader", args=[self.song.pk]))
        self.assertEqual([row["project"] for row in response.context["rows"]], [self.project_a])
        self.client.force_login(self.region_b_editor)  # another district: not its leader
        self.assertEqual(self.client.get(reverse("leader", args=[self.song.pk])).status_code, 404)

    def test_the_api_refuses_what_the_form_refuses(self):
        # The rules live in the services and the model, so the API (and the list import) meet them too.
        client = APIClient()
        client.force_authenticate(self.coordinator)
        url = reverse("api:project-detail", args=[self.project_a.pk])
        version = Project.objects.get(pk=self.project_a.pk).version
        response = client.patch(url, {"responsible_departments": ["xqnfj"], "version": version}, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("责任单位应为项目所在区域或其上级的部门：兴隆台区农业局", response.content.decode())
        response = client.patch(url, {"leader": self.song.pk, "version": version}, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("包保领导应为市级领导", response.content.decode())
        project = Project.objects.get(pk=self.project_a.pk)
        self.assertEqual((project.leader, list(project.responsible_departments.all())), (None, []))

    def test_a_district_leader_saved_as_the_packaging_leader_before_the_rule_moves_to_its_own_field(self):
        import importlib

        from django.apps import apps

        migration = importlib.import_module("tuijin.projects.migrations.0008_district_leaders_out_of_leader")
        Project.objects.filter(pk=self.project_a.pk).update(leader=self.song)  # as a list import did
        migration.forwards(apps, None)
        project = Project.objects.get(pk=self.project_a.pk)
        self.assertEqual((project.leader, project.district_leader), (None, self.song))
        project.full_clean()  # it can be saved again
