"""/api/v1/regions/, /api/v1/departments/, /api/v1/procedure-types/, /api/v1/problem-categories/: the ids a
client's writes name, each list as far as the caller's scope reaches; another district's region or its own
department is not listed (there is no object route to answer 404: the lists are all there is)."""

from django.test import TestCase

from tuijin.core.testing import Personas
from tuijin.org.models import Department


class CatalogApiTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        cls.dept_b = Department.objects.create(slug="xlt-zjj", name="兴隆台区住建局", region=cls.region_b)

    def rows(self, user, url):
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["results"]

    def test_anonymous_gets_401(self):
        for url in ("/api/v1/regions/", "/api/v1/departments/", "/api/v1/procedure-types/",
                    "/api/v1/problem-categories/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 401)

    def test_the_coordinator_lists_the_city_and_its_districts_with_ids(self):
        regions = self.rows(self.coordinator, "/api/v1/regions/")
        self.assertEqual([(r["id"], r["code"], r["parent"]) for r in regions],
                         [(self.city.pk, "211100", None), (self.region_a.pk, "211102", "211100"),
                          (self.zone_a.pk, "211190", "211102"), (self.region_b.pk, "211103", "211100")])
        slugs = {d["slug"]: (d["id"], d["region"]) for d in self.rows(self.coordinator, "/api/v1/departments/")}
        self.assertEqual(slugs, {"gxj": (self.dept_x.pk, "211100"), "zrzyj": (self.dept_y.pk, "211100"),
                                 "xlt-zjj": (self.dept_b.pk, "211103")})

    def test_a_district_does_not_see_another_districts_region_or_department(self):
        regions = [r["code"] for r in self.rows(self.region_a_editor, "/api/v1/regions/")]
        self.assertEqual(regions, ["211102", "211190"])
        departments = [d["slug"] for d in self.rows(self.region_a_editor, "/api/v1/departments/")]
        self.assertEqual(sorted(departments), ["gxj", "zrzyj"])  # the city's, not 兴隆台's own
        self.assertIn("xlt-zjj", [d["slug"] for d in self.rows(self.region_b_editor, "/api/v1/departments/")])

    def test_a_department_user_sees_its_own_department(self):
        self.assertIn("gxj", [d["slug"] for d in self.rows(self.department, "/api/v1/departments/")])

    def test_the_catalogs_give_the_ids_procedures_and_problems_are_written_with(self):
        types = {t["name"]: t for t in self.rows(self.region_a_editor, "/api/v1/procedure-types/")}
        self.assertTrue(types["施工许可证"]["is_construction_permit"])
        categories = {c["name"]: c["days"] for c in self.rows(self.region_a_editor, "/api/v1/problem-categories/")}
        self.assertIn("用地", categories)
