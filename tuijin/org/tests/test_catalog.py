"""A district keeps its own departments and leaders (issue 17: 牵头协调部门 “区农发局”, 牵头区领导 “宋凯”)."""

from django.urls import reverse

from tuijin.core.models import AuditEntry
from tuijin.core.testing import PersonaTestCase
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.org.models import Department, Leader, LeaderRank


class DistrictCatalogScopeTests(ScopedViewChecks, PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dept_a = Department.objects.create(slug="sqnfj", name="区农发局", region=cls.region_a)
        cls.leader_a = Leader.objects.create(name="宋凯", title="副区长", rank=LeaderRank.DISTRICT, region=cls.region_a)

    cases = [
        ("org:departments", lambda t: {}, "get", "region_a_editor", "department", None),
        ("org:department_edit", lambda t: {"pk": t.dept_a.pk}, "get", "region_a_editor", "leader_user",
         "region_b_editor"),
        ("org:leaders", lambda t: {}, "get", "region_a_editor", "region_a_reviewer", None),
        ("org:leader_edit", lambda t: {"pk": t.leader_a.pk}, "get", "region_a_editor", "owner", "region_b_editor"),
    ]


class DistrictCatalogTests(PersonaTestCase):
    def test_a_district_clerk_adds_its_department_and_it_is_logged(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("org:departments"), {"name": "区农发局", "region": self.region_a.pk,
                                                                  "sort_order": 0})
        self.assertEqual(response.status_code, 302)
        department = Department.objects.get(name="区农发局")
        self.assertEqual(department.region, self.region_a)
        self.assertTrue(department.slug)  # generated when left blank
        self.assertEqual(AuditEntry.objects.get(kind="department.save").actor, self.region_a_editor)
        page = self.client.get(reverse("org:departments")).content.decode()
        self.assertIn("区农发局", page)
        self.assertNotIn("市工业和信息化局", page)  # the city's: kept by the city

    def test_a_district_clerk_cannot_edit_the_city_department_nor_put_one_into_the_city(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("org:department_edit", args=[self.dept_x.pk]),
                                    {"name": "改名", "region": self.region_a.pk, "sort_order": 0})
        self.assertEqual(response.status_code, 404)
        response = self.client.post(reverse("org:departments"), {"name": "市某局", "region": self.city.pk,
                                                                  "sort_order": 0})
        self.assertEqual(response.status_code, 400)  # the city is not among its regions
        self.assertEqual(Department.objects.get(pk=self.dept_x.pk).name, "市工业和信息化局")
        self.assertFalse(Department.objects.filter(name="市某局").exists())

    def test_a_district_adds_its_own_leader_but_not_a_city_rank_nor_an_account(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("org:leaders")
        response = self.client.post(url, {"name": "宋凯", "title": "副区长", "region": self.region_a.pk,
                                          "rank": LeaderRank.DISTRICT, "active": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Leader.objects.get(name="宋凯").rank, LeaderRank.DISTRICT)
        response = self.client.post(url, {"name": "假市长", "title": "市长", "region": self.region_a.pk,
                                          "rank": LeaderRank.MAYOR, "active": "on"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Leader.objects.filter(name="假市长").exists())
        response = self.client.post(reverse("org:leader_edit", args=[self.leader.pk]),
                                    {"name": "刘海涛", "title": "区长", "region": self.region_a.pk,
                                     "rank": LeaderRank.DISTRICT, "active": "on"})
        self.assertEqual(response.status_code, 404)  # the city's 包保领导

    def test_the_coordinator_keeps_the_city_rows(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("org:department_edit", args=[self.dept_x.pk]),
                                    {"name": "市工信局", "region": self.city.pk, "slug": "gxj", "sort_order": 0})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Department.objects.get(pk=self.dept_x.pk).name, "市工信局")
