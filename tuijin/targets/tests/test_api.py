"""/api/v1/indicators/ and the rows page behind each value: the contract, the filters, the scope rules."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

from tuijin.core.roles import Role
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.org.models import RoleAssignment
from tuijin.targets.models import ExternalFigure

from .test_indicators import IndicatorWorld

D = dt.date


class IndicatorApiTests(ScopedViewChecks, IndicatorWorld):
    # The scope is a parameter, not part of the path: test_a_district_sees_its_own_region… asks for another.
    hand_checked = ("api:indicator-values", "targets:indicator_rows")

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_the_registry_lists_keys_names_units_and_basis(self):
        listed = {i["key"]: i for i in self.get(self.coordinator, "/api/v1/indicators/").json()}
        self.assertLessEqual({"new_starts", "continuing", "start_rate", "schedule_rate", "problem_closure_rate"},
                             set(listed))
        self.assertEqual((listed["new_starts"]["name"], listed["new_starts"]["unit"]), ("新开工项目", "个"))
        self.assertIn("按实际开工日期计", listed["new_starts"]["basis"])

    def test_the_registry_lists_the_bank_enterprise_matchmaking_figures_and_gives_their_values(self):
        listed = {i["key"]: i for i in self.get(self.coordinator, "/api/v1/indicators/").json()}
        self.assertEqual((listed["bank_events"]["name"], listed["bank_events"]["name_en"], listed["bank_events"]["unit"]),
                         ("银企对接活动", "Bank–enterprise matchmaking events", "次"))
        self.assertEqual((listed["bank_financing"]["name"], listed["bank_financing"]["unit"]), ("银企对接融资额", "万元"))
        ExternalFigure.objects.create(kind="bank_financing", region=self.city, year=2026, month=6,
                                      value=Decimal("4500.50"), source="市金融办", reported_on=D(2026, 7, 5))
        body = self.get(self.coordinator, "/api/v1/indicators/bank_financing/values/?scope=211100&year=2026"
                                          "&as_of=2026-06-30").json()
        self.assertEqual((body["value"], body["unit"]), ("4500.50", "万元"))

    def test_a_value_for_a_region_a_year_and_a_day(self):
        body = self.get(self.coordinator, "/api/v1/indicators/start_rate/values/?scope=211100&year=2026"
                                          "&as_of=2026-06-30").json()
        # As in RateTests: 2 of 4 planned by 30 June.
        self.assertEqual((body["value"], body["numerator"], body["denominator"], body["unit"]), ("50.00", 2, 4, "%"))
        self.assertEqual((body["scope"], body["scope_name"], body["as_of"]), ("211100", "盘锦市", "2026-06-30"))

    def test_filters_by_size_band_and_category(self):
        url = "/api/v1/indicators/new_starts/values/?scope=211100&year=2026&min_total=10000"
        self.assertEqual(self.get(self.coordinator, url).json()["value"], 2)  # a1 (10,000.00) and b2
        self.assertEqual(self.get(self.coordinator, url.replace("min_total", "max_total")).json()["value"], 1)  # a2
        url = "/api/v1/indicators/new_starts/values/?scope=211100&year=2026&category=industry"
        self.assertEqual(self.get(self.coordinator, url).json()["value"], 2)

    def test_the_rows_url_opens_the_rows_behind_the_value(self):
        body = self.get(self.coordinator, "/api/v1/indicators/start_rate/values/?scope=211100&year=2026").json()
        rows_url = urlsplit(body["rows_url"])
        page = self.client.get(f"{rows_url.path}?{rows_url.query}")
        for name in ("a1", "a2", "b2"):
            self.assertContains(page, f">{name}</a>")
        self.assertNotContains(page, ">a4</a>")  # planned, not started: behind the denominator only
        self.assertContains(self.client.get(f"{rows_url.path}?{rows_url.query}&part=denominator"), ">a4</a>")

    def test_a_district_sees_its_own_region_and_not_the_city_or_another(self):
        url = "/api/v1/indicators/new_starts/values/?year=2026&scope="
        self.assertEqual(self.get(self.region_a_editor, url + "211102").json()["value"], 2)
        self.assertEqual(self.get(self.region_a_editor, url + "211103").status_code, 404)
        self.assertEqual(self.get(self.region_a_editor, url + "211100").status_code, 404)
        self.assertEqual(self.client.get("/targets/indicators/new_starts/rows/?scope=211103").status_code, 404)
        # Without a scope: its own district.
        self.assertEqual(self.get(self.region_a_editor, "/api/v1/indicators/new_starts/values/?year=2026").json()
                         ["scope"], "211102")

    def test_a_department_sees_its_own_projects_and_no_other_department(self):
        self.a1.lead_department = self.dept_x
        self.a1.save()
        url = "/api/v1/indicators/new_starts/values/?year=2026&scope="
        self.assertEqual(self.get(self.department, url + "dept:gxj").json()["value"], 1)
        self.assertEqual(self.get(self.department, url + "dept:zrzyj").status_code, 404)
        self.assertEqual(self.get(self.department, url + "211100").status_code, 404)

    def test_mistakes_are_named(self):
        url = "/api/v1/indicators/new_starts/values/?scope=211100&"
        self.assertEqual(self.get(self.coordinator, url + "as_of=2026-13-01").json(),
                         {"as_of": ["日期格式应为 YYYY-MM-DD"]})
        self.assertIn("category", self.get(self.coordinator, url + "category=farm").json())
        self.assertEqual(self.get(self.coordinator, "/api/v1/indicators/nonsense/values/").status_code, 404)
        self.assertEqual(self.get(self.coordinator, url + "scope=999999").status_code, 404)

    def test_a_district_leader_reads_its_district(self):
        RoleAssignment.objects.create(user=self.nobody, role=Role.LEADER, region=self.region_b)
        body = self.get(self.nobody, "/api/v1/indicators/continuing/values/?scope=211103&year=2026").json()
        self.assertEqual(body["value"], 0)  # b1 was completed in 2025

    def test_one_indicator_for_every_district_at_once(self):
        body = self.get(self.coordinator, "/api/v1/indicators/new_starts/values/?scope=211100&year=2026&by=region"
                                          "&min_total=10000").json()
        # 亿元以上 new starts: A has a1 (exactly 10,000.00; a2 at 9,999.99 is not), B has b2.
        self.assertEqual([(r["scope"], r["scope_name"], r["value"]) for r in body["results"]],
                         [("211102", "双台子区", 1), ("211103", "兴隆台区", 1)])
        rows = urlsplit(body["results"][0]["rows_url"])
        self.assertIn("scope=211102", rows.query)
        self.assertIn("min_total=10000", rows.query)
        self.assertNotIn("by=", rows.query)
        # A district asks for its zones; it may not ask for the city's districts.
        zones = self.get(self.region_a_editor, "/api/v1/indicators/new_starts/values/?scope=211102&by=region").json()
        self.assertEqual([r["scope"] for r in zones["results"]], [self.zone_a.code])
        self.assertEqual(self.get(self.region_a_editor,
                                  "/api/v1/indicators/new_starts/values/?scope=211100&by=region").status_code, 404)
        self.assertEqual(self.get(self.coordinator, "/api/v1/indicators/new_starts/values/?by=project").status_code, 400)
