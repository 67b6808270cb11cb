from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tuijin.core.testing import PersonaTestCase
from tuijin.projects.models import Project


class ProjectApiTests(PersonaTestCase):
    def client_for(self, user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    def test_list_is_scoped_and_filtered_like_the_page(self):
        response = self.client_for(self.region_a_editor).get(reverse("api:project-list"))
        self.assertEqual({p["name"] for p in response.json()["results"]}, {"双台子化工项目", "园区配套项目"})
        response = self.client_for(self.coordinator).get(reverse("api:project-list"), {"band": "ge20y"})
        self.assertEqual([p["name"] for p in response.json()["results"]], ["兴隆台道路项目"])

    def test_region_user_gets_404_for_other_region(self):
        response = self.client_for(self.region_b_editor).get(reverse("api:project-detail", args=[self.project_a.pk]))
        self.assertEqual(response.status_code, 404)

    def test_money_is_a_decimal_string(self):
        response = self.client_for(self.coordinator).get(reverse("api:project-detail", args=[self.project_a.pk]))
        self.assertEqual(response.json()["total_investment"], "12000.00")

    def test_anonymous_is_refused(self):
        self.assertEqual(APIClient().get(reverse("api:project-list")).status_code, 401)

    def test_schema_is_served(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get("/api/schema/").status_code, 200)


class ProjectApiWriteTests(PersonaTestCase):
    def client_for(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def new_project(self, region_code):
        return {"name": "接口登记项目", "owner_unit": "盘锦接口公司", "region": region_code, "industry": "C",
                "category": "industry", "nature": "new", "total_investment": "12000.50",
                "responsible_departments": ["gxj"], "code": "2104－211102－89－01－596340"}

    def test_create_in_own_region_goes_through_the_rules(self):
        response = self.client_for(self.region_a_editor).post(reverse("api:project-list"), self.new_project("211102"),
                                                              format="json")
        self.assertEqual(response.status_code, 201, response.content)
        project = Project.objects.get(name="接口登记项目")
        self.assertEqual((project.stage, project.code, str(project.total_investment)),
                         ("reserve", "2104-211102-89-01-596340", "12000.50"))
        self.assertEqual(project.transitions.count(), 1)

    def test_create_in_another_region_is_refused(self):
        response = self.client_for(self.region_a_editor).post(reverse("api:project-list"), self.new_project("211103"),
                                                              format="json")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Project.objects.filter(name="接口登记项目").exists())

    def test_update_needs_the_version_read_and_refuses_a_stale_one(self):
        client = self.client_for(self.region_a_editor)
        url = reverse("api:project-detail", args=[self.project_a.pk])
        self.assertEqual(client.patch(url, {"name": "无版本"}, format="json").status_code, 400)
        self.assertEqual(client.patch(url, {"name": "第一次", "version": 1}, format="json").status_code, 200)
        response = client.patch(url, {"name": "基于旧版本", "version": 1}, format="json")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["current"]["name"], "第一次")
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).name, "第一次")

    def test_update_out_of_scope_is_404_and_by_a_reader_is_403(self):
        url = reverse("api:project-detail", args=[self.project_a.pk])
        self.assertEqual(self.client_for(self.region_b_editor).patch(url, {"name": "x", "version": 1},
                                                                     format="json").status_code, 404)
        self.assertEqual(self.client_for(self.leader_user).patch(url, {"name": "x", "version": 1},
                                                                 format="json").status_code, 403)

    def test_transition_applies_the_stage_rules(self):
        client = self.client_for(self.region_a_editor)
        url = reverse("api:project-transition", args=[self.project_a.pk])
        response = client.post(url, {"to_stage": "construction"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("不能从", str(response.json()))
        response = client.post(url, {"to_stage": "preparation"}, format="json")
        self.assertEqual((response.status_code, response.json()["stage"]), (200, "preparation"))
        other = self.client_for(self.region_b_editor).post(url, {"to_stage": "reserve"}, format="json")
        self.assertEqual(other.status_code, 404)
