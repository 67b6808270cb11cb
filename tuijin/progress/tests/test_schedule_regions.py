"""序时进度 by region when the city sits under its province (as in the demo: 辽宁省 → 盘锦市 → districts)."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse

from tuijin.org.models import Region, RegionKind
from tuijin.progress import services
from tuijin.progress.models import ReportingPeriod
from tuijin.progress.testing import PeriodTestCase


class ScheduleUnderAProvinceTests(PeriodTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province = Region.objects.create(code="210000", name="辽宁省", kind=RegionKind.PROVINCE)
        cls.city.parent = cls.province
        cls.city.save()  # 210000/211100/, and its districts below it
        cls.admin = get_user_model().objects.create_superuser("root", password="pw-root")

    def labels(self, user):
        # Plans: A 1200 + its zone 600 = 1800 under 双台子区; B 24000 under 兴隆台区.
        services.save_report(self.project_a, self.period, {"completed": Decimal("900")}, actor=self.region_a_editor)
        self.client.force_login(user)
        response = self.client.get(reverse("progress:schedule"), {"year": 2026, "month": 11})
        self.assertEqual(response.status_code, 200)
        return {row.label: (row.plan, row.ytd) for row in response.context["rows"]}

    def test_a_city_leader_sees_the_city_districts_not_one_city_row(self):
        self.assertEqual(self.labels(self.leader_user), {"双台子区": (Decimal("1800"), Decimal("900")),
                                                         "兴隆台区": (Decimal("24000"), Decimal("0"))})

    def test_the_coordinator_and_an_administrator_see_the_districts_too(self):
        self.assertEqual(set(self.labels(self.coordinator)), {"双台子区", "兴隆台区"})
        self.assertEqual(set(self.labels(self.admin)), {"双台子区", "兴隆台区"})

    def test_a_district_editor_sees_its_own_subdivisions(self):
        # Region A's editor reads 双台子区: its row is its zone (600) and the district itself (1200).
        self.assertEqual(self.labels(self.region_a_editor), {"双台子园区": (Decimal("600"), Decimal("0")),
                                                             "双台子区": (Decimal("1200"), Decimal("900"))})

    def test_an_administrator_opens_a_period_for_the_city_not_the_province(self):
        # The period list's form: the region is the one the figures are broken down under (盘锦, whose
        # districts report), never the province above it, where no project sits.
        for user in (self.admin, self.coordinator):
            self.client.force_login(user)
            month = 6 if user is self.admin else 7
            # November is open: "confirm" answers the page's warning (test_chase.OpenWhileOpenTests).
            response = self.client.post(reverse("progress:period_list"), {"year": 2026, "month": month,
                                                                          "confirm": "on"})
            self.assertEqual(response.status_code, 302, response.content.decode()[:500])
            self.assertEqual(ReportingPeriod.objects.get(year=2026, month=month).region, self.city)
