"""/api/v1/lists/: lists made and kept by hand through the API with the admin's and the project page's
rules; another district's list is 404 for reading and for every step."""

from tuijin.core.testing import PersonaTestCase
from tuijin.core.testing_views import ScopedApiChecks
from tuijin.projects.models import ProjectList

list_a = lambda t: {"pk": t.list_a.pk}  # noqa: E731


class ProjectListApiTests(ScopedApiChecks, PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.list_a = ProjectList.objects.create(name="双台子区重点项目", year=2026, region=cls.region_a)

    cases = [
        ("api:projectlist-detail", list_a, "get", "region_a_editor", None, "region_b_editor"),
        # The district's editor keeps its list (an empty body is refused, 400); a reader may not (403).
        ("api:projectlist-add", list_a, "post", "region_a_editor", "leader_user", "region_b_editor"),
        ("api:projectlist-remove", list_a, "post", "region_a_editor", "leader_user", "region_b_editor"),
    ]

    def post(self, user, url, body, status):
        self.client.force_login(user)
        response = self.client.post(url, body, content_type="application/json")
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def test_the_coordinator_makes_a_rule_list_and_its_members_follow_the_rule(self):
        made = self.post(self.coordinator, "/api/v1/lists/", {
            "name": "亿元以上项目", "year": 2026, "region": "211100", "rule": "investment",
            "min_total_investment": "10000.00"}, 201)
        self.assertEqual(made["region"], "211100")
        members = set(ProjectList.objects.get(pk=made["id"]).projects.values_list("name", flat=True))
        self.assertEqual(members, {"双台子化工项目", "兴隆台道路项目"})  # 250,000 and the factory's default
        # A rule list takes no hand-added project.
        refused = self.post(self.coordinator, f"/api/v1/lists/{made['id']}/add/", {"project": self.project_zone.pk},
                            400)
        self.assertIn("按规则入库", str(refused))
        # One name per region and year.
        self.post(self.coordinator, "/api/v1/lists/", {"name": "亿元以上项目", "year": 2026, "region": "211100",
                                                       "rule": "manual"}, 400)

    def test_a_district_keeps_its_own_list_by_hand(self):
        url = f"/api/v1/lists/{self.list_a.pk}/"
        self.post(self.region_a_editor, url + "add/", {"project": self.project_a.pk}, 200)
        self.assertEqual(list(self.list_a.projects.all()), [self.project_a])
        self.post(self.region_a_editor, url + "remove/", {"project": self.project_a.pk}, 200)
        self.assertFalse(self.list_a.projects.exists())
        # Another district's project is not there to be added.
        self.post(self.region_a_editor, url + "add/", {"project": self.project_b.pk}, 404)

    def test_a_district_may_not_make_or_keep_the_citys_list(self):
        self.post(self.region_a_editor, "/api/v1/lists/", {"name": "市重点", "year": 2026, "region": "211100"}, 403)
        city_list = ProjectList.objects.create(name="市重点项目", year=2026, region=self.city)
        self.post(self.region_a_editor, f"/api/v1/lists/{city_list.pk}/add/", {"project": self.project_a.pk}, 403)
        self.assertFalse(city_list.projects.exists())
