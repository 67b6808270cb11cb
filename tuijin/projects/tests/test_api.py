from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tuijin.core.testing import PersonaTestCase


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
