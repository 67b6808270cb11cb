"""The figures reproduced as an outside checker would: a database holding only the organisation
(`seed_demo --org-only`), then nothing but HTTP — log in on the login page with a demo account, call
/api/v1/ with the session and its CSRF token — to build a small world by hand, and read the indicators
back against the arithmetic written beside each one.

The clock moves through 2025 and 2026 (time-machine) as the world's calendar would: a report is on time
because it was submitted before the deadline, a problem on time because it was confirmed before its time
limit; those days are the server's, not a client's to state. Everything else with a date (starts,
completions, resumptions, procedures, signings, plans, figures) is sent with its past date.

The world (总投资 in 万元; A = 双台子区 211102, B = 兴隆台区 211103, both under 盘锦市 211100):

  P1  A 10,000.00 产业     储备 2025-10-09 → 前期 2025-11-01 → 在建 2025-12-31 (越过规则)   续建, 复工 2026-03-08
  P2  A  9,999.99 基础设施 储备 2026-03-10 → 前期 2026-03-15 → 在建 2026-04-15 (施工许可)   新开工, 签约 2026-02-20
  P3  A 12,000.00 产业     储备 2026-03-10, 计划开工 2026-05-01, 未开工                       签约 2026-03-05
  P4  A 20,000.00 产业     按实际阶段登记: 在建, 开工 2025-06-01; 竣工 2026-05-20               续建
  P5  B 15,000.00 产业     储备 2026-03-10 → 前期 2026-03-12 → 在建 2026-03-20 (施工许可)   新开工 (复工登记不算)
  P6  B  5,000.00 民生     按实际阶段登记: 在建, 开工 2025-09-01                                续建, 复工 2026-02-25
  P7  A  3,000.00 生态     储备 2025-11-15 → 前期 2026-02-01                                   1月1日在储备库, 已转化
  P8  B  8,000.00 城市更新 储备 2025-11-15 → 出库 2026-06-10                                   1月1日在储备库, 出库

Lists (25 June): 亿元以上项目清单 by rule (≥ 10,000.00: P1, P3, P4, P5) and 市重点项目 by hand (P1, P5).

Every figure is read at 30 June 2026 unless a test says otherwise.
"""

import contextlib
import datetime as dt
import io
import json

import time_machine
from django.core.management import call_command
from django.test import Client, TestCase

BEIJING = dt.timezone(dt.timedelta(hours=8))
PASSWORD = "tuijin-demo"  # every demo account's (DESIGN.md)
CITY, A, B = "211100", "211102", "211103"
COORDINATOR, EDITOR_A, REVIEWER_A = "coordinator", f"region_{A}", f"reviewer_{A}"
EDITOR_B, REVIEWER_B, LAND_BUREAU = f"region_{B}", f"reviewer_{B}", "dept_zrzyj"


class Checker:
    """An outside client: one logged-in session per demo account, through the login page, on the day
    the clock shows (a session lasts a working day, so each day logs in afresh)."""

    def __init__(self, test):
        self.test, self.sessions, self.clock = test, {}, None

    @contextlib.contextmanager
    def on(self, day, hour=10):
        moment = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=BEIJING)
        with time_machine.travel(moment, tick=False):
            self.sessions = {}
            yield
        self.sessions = {}

    def session(self, username):
        if username not in self.sessions:
            client = Client(enforce_csrf_checks=True)
            client.get("/accounts/login/")
            response = client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                                        "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
            self.test.assertEqual(response.status_code, 302, f"{username} could not log in")
            self.sessions[username] = client
        return self.sessions[username]

    def call(self, username, method, url, body=None, expect=(200, 201)):
        client = self.session(username)
        if method == "get":
            response = client.get(url, HTTP_ACCEPT="application/json")
        else:
            response = getattr(client, method)(url, json.dumps(body or {}), content_type="application/json",
                                               HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
        self.test.assertIn(response.status_code, expect, f"{method.upper()} {url}: {response.content.decode()[:600]}")
        return response.json() if response.content else None

    def get(self, username, url, **kw):
        return self.call(username, "get", url, **kw)

    def post(self, username, url, body=None, **kw):
        return self.call(username, "post", url, body, **kw)

    def patch(self, username, url, body, **kw):
        return self.call(username, "patch", url, body, **kw)

    def listed(self, username, url):
        """Every row of a (paginated) list."""
        rows, page = [], url
        while page:
            body = self.get(username, page)
            rows += body["results"]
            page = body["next"]
        return rows


class ReproduceFromTheOrganisationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", org_only=True, stdout=io.StringIO())
        cls.ids = World(cls.checker_for(cls)).build()

    @staticmethod
    def checker_for(test):
        # setUpTestData has no test instance: assertions go through a throwaway TestCase.
        return Checker(test if isinstance(test, TestCase) else TestCase())

    def setUp(self):
        self.checker = Checker(self)

    def value(self, key, scope=CITY, who=COORDINATOR, as_of="2026-06-30", expect=(200,), **filters):
        params = "&".join(f"{k}={v}" for k, v in {"scope": scope, "year": 2026, "as_of": as_of, **filters}.items())
        with self.checker.on("2026-12-01"):
            return self.checker.get(who, f"/api/v1/indicators/{key}/values/?{params}", expect=expect)

    def assertFigure(self, key, value, numerator=None, denominator=None, **query):
        body = self.value(key, **query)
        self.assertEqual(body["value"], value, (key, query, body))
        if numerator is not None or denominator is not None:
            self.assertEqual((body["numerator"], body["denominator"]), (numerator, denominator), (key, query))
        return body

    # --- counts of projects by event ---------------------------------------------------------------

    def test_counts_by_lifecycle_event_for_the_city(self):
        # 新开工: P2 (15 April) and P5 (20 March); P1, started 31 December 2025, is 续建.
        self.assertFigure("new_starts", 2)
        self.assertFigure("new_starts", 1, as_of="2026-03-31")  # P5 only
        # 续建: started before 2026 and not completed before it: P1, P4 (completed in May), P6.
        self.assertFigure("continuing", 3)
        # 复工: 续建 projects with a resumption in the year: P1 (8 March), P6 (25 February). P5's
        # resumption is recorded but P5 is a new start, not 续建.
        self.assertFigure("resumed", 2)
        # 开工 = 新开工 + 复工: P2, P5 + P1, P6.
        self.assertFigure("starts", 4)
        # 竣工: P4 on 20 May; none yet at the end of April.
        self.assertFigure("completions", 1)
        self.assertFigure("completions", 0, as_of="2026-04-30")
        # 新增储备: registered in the reserve in 2026: P2, P3, P5 (P1, P7, P8 in 2025; P4, P6 registered
        # directly in construction).
        self.assertFigure("reserve_added", 3)
        # 出库: P8 on 10 June.
        self.assertFigure("withdrawn", 1)

    def test_counts_by_lifecycle_event_for_a_district(self):
        self.assertFigure("new_starts", 1, scope=A)  # P2
        self.assertFigure("continuing", 2, scope=A)  # P1, P4
        self.assertFigure("resumed", 1, scope=A)  # P1
        self.assertFigure("starts", 2, scope=A)  # P2 + P1
        self.assertFigure("completions", 1, scope=A)  # P4
        self.assertFigure("reserve_added", 2, scope=A)  # P2, P3
        self.assertFigure("withdrawn", 0, scope=A)
        # The district's own editor reads the same figures.
        self.assertFigure("starts", 2, scope=A, who=EDITOR_A)
        self.assertFigure("new_starts", 1, scope=B, who=EDITOR_B)  # P5

    def test_size_band_and_category_filters(self):
        # 亿元以上 = 总投资 ≥ 10,000.00 万元: P5 (15,000) is; P2 (9,999.99) is not.
        self.assertFigure("new_starts", 1, min_total="10000")
        self.assertFigure("new_starts", 1, min_total="10000.00", scope=B)
        self.assertFigure("new_starts", 0, min_total="10000", scope=A)
        # max_total is exclusive: below 10,000.00 leaves P2.
        self.assertFigure("new_starts", 1, max_total="10000", scope=A)
        # 续建 亿元以上: P1 (exactly 10,000.00) and P4 (20,000); P6 (5,000) not.
        self.assertFigure("continuing", 2, min_total="10000")
        # 新增储备 亿元以上: P3 (12,000), P5 (15,000); P2 (9,999.99) not.
        self.assertFigure("reserve_added", 2, min_total="10000")
        # 产业 new starts: P5.
        self.assertFigure("new_starts", 1, category="industry")
        self.assertFigure("new_starts", 0, category="industry", scope=A)

    # --- money --------------------------------------------------------------------------------------

    def test_investment_plan_and_schedule(self):
        # 年度计划: P1 3,000 + P2 1,000 + P4 2,000 (A: 6,000) + P5 2,000 + P6 500 (B: 2,500) = 8,500.00.
        self.assertFigure("annual_plan", "8500.00")
        self.assertFigure("annual_plan", "6000.00", scope=A)
        self.assertFigure("annual_plan", "2500.00", scope=B)
        # 亿元以上: P1 3,000 + P4 2,000 + P5 2,000 = 7,000.00 (P2 at 9,999.99 and P6 left out).
        self.assertFigure("annual_plan", "7000.00", min_total="10000")
        # Completed to June: P1 800 + 700, P2 200 + 300, P4 500 + 900 (A: 3,400) + P5 600 + 400,
        # P6 100 (B: 1,100) = 4,500.00.
        self.assertFigure("investment_completed", "4500.00")
        self.assertFigure("investment_completed", "3400.00", scope=A)
        self.assertFigure("investment_completed", "1100.00", scope=B)
        # To April: 800 + 200 + 500 + 600 = 2,100.00.
        self.assertFigure("investment_completed", "2100.00", as_of="2026-04-30")
        # 亿元以上 to June: P1 1,500 + P4 1,400 + P5 1,000 = 3,900.00.
        self.assertFigure("investment_completed", "3900.00", min_total="10000")
        # 序时进度: 4,500 / 8,500 = 52.941… → 52.94 %.
        self.assertFigure("schedule_rate", "52.94", "4500.00", "8500.00")
        # 资金到位: P1's April 企业自筹 600 + P5's April 银行贷款 300 = 900; 900 / 8,500 = 10.588… → 10.59 %.
        self.assertFigure("funds_in_place_rate", "10.59", "900.00", "8500.00")

    # --- rates --------------------------------------------------------------------------------------

    def test_start_resumption_signing_and_industry_rates(self):
        # 开工率: planned to start in 2026 by 30 June: P2 (1 April), P3 (1 May), P5 (1 March); started
        # P2, P5: 2 / 3 = 66.67 %. A: P2 of P2, P3 = 50.00 %.
        self.assertFigure("start_rate", "66.67", 2, 3)
        self.assertFigure("start_rate", "50.00", 1, 2, scope=A)
        # 复工率: 2 resumed of 3 续建 = 66.67 %; A: P1 of P1, P4 = 50.00 %; B: P6 of P6 = 100.00 %.
        self.assertFigure("resumption_rate", "66.67", 2, 3)
        self.assertFigure("resumption_rate", "50.00", 1, 2, scope=A)
        self.assertFigure("resumption_rate", "100.00", 1, 1, scope=B)
        # 签约项目开工率: signed in 2026: P2 (started), P3 (not): 1 / 2 = 50.00 %; B signed none: no value.
        self.assertFigure("signed_start_rate", "50.00", 1, 2)
        self.assertFigure("signed_start_rate", "50.00", 1, 2, scope=A)
        self.assertFigure("signed_start_rate", None, 0, 0, scope=B)
        # 产业 share of new starts: P5 of P2, P5 = 50.00 %; A: 0 of P2 = 0.00 %.
        self.assertFigure("industry_share_of_new_starts", "50.00", 1, 2)
        self.assertFigure("industry_share_of_new_starts", "0.00", 0, 1, scope=A)
        # 入统率: of the 5 under way (P2, P5 new; P1, P4, P6 续建), P1 (31 Dec 2025) and P2 (10 May): 40.00 %.
        self.assertFigure("statistics_inclusion_rate", "40.00", 2, 5)
        # 储备转化率: in the reserve on 1 January: P7, P8; P7 moved on to 前期: 1 / 2 = 50.00 %; A: P7 of P7.
        self.assertFigure("reserve_conversion_rate", "50.00", 1, 2)
        self.assertFigure("reserve_conversion_rate", "100.00", 1, 1, scope=A)

    def test_problem_rates(self):
        # Raised in 2026 by 30 June: X (P1, March), Y (P5, April), Z (P2, June) — W (P1, December 2025)
        # is last year's. Solved: X (12 March, limit 20 March: on time), Y (22 April, limit 15 April: late).
        # 办结率 2 / 3 = 66.67 %; 按期 1 / 2 = 50.00 %.
        self.assertFigure("problem_closure_rate", "66.67", 2, 3)
        self.assertFigure("problem_on_time_rate", "50.00", 1, 2)
        # A: X solved of X, Z = 50.00 %, on time 1 / 1; B: Y solved 1 / 1, on time 0 / 1.
        self.assertFigure("problem_closure_rate", "50.00", 1, 2, scope=A)
        self.assertFigure("problem_on_time_rate", "100.00", 1, 1, scope=A)
        self.assertFigure("problem_closure_rate", "100.00", 1, 1, scope=B)
        self.assertFigure("problem_on_time_rate", "0.00", 0, 1, scope=B)
        # At the end of March only X was raised, and it was solved on time.
        self.assertFigure("problem_closure_rate", "100.00", 1, 1, as_of="2026-03-31")

    def test_report_on_time_rate(self):
        # The city's April (deadline 24 April) and May (25 May) periods; due in each: the projects under
        # construction (or preparing with a plan) at the month's start or end — April P1, P2 (starts 15 April),
        # P4, P5, P6; May the same five (P4, completed on 20 May, reports its last month) — 10 project-months.
        # On time: April P1 (20th), P4 (20th), P5 (23rd) — P2 late (27th), P6 none; May P4 (19th), P1 (20th),
        # P6 (24th), P2 (25th, the deadline day itself) — P5 late (26th). 7 / 10 = 70.00 %.
        self.assertFigure("report_on_time_rate", "70.00", 7, 10)
        # A: P1, P2, P4 × 2 = 6; on time April P1, P4; May P4, P1, P2 = 5 / 6 = 83.33 %.
        self.assertFigure("report_on_time_rate", "83.33", 5, 6, scope=A)
        # At 30 April only April's deadline has passed: 3 / 5.
        self.assertFigure("report_on_time_rate", "60.00", 3, 5, as_of="2026-04-30")

    def test_approvals_within_n_working_days(self):
        # Chains from the first application to the 施工许可 issued in 2026 (P1 started by override, no chain):
        # P5: 2 February → 6 March = 20 working days (3–6 Feb 4, 9–13 Feb 5, Saturday 14 Feb 1, 春节 16–23 Feb
        # 0, 24–27 Feb 4, Saturday 28 Feb 1, 2–6 March 5); P2: 5 January → 10 April = 64 working days.
        # Within 51: P5 only, 1 / 2 = 50.00 %; within 20 still P5 (the application day not counted); within 19 none.
        self.assertFigure("approvals_within_n_rate", "50.00", 1, 2)
        self.assertFigure("approvals_within_n_rate", "50.00", 1, 2, n=20)
        self.assertFigure("approvals_within_n_rate", "0.00", 0, 2, n=19)
        self.assertFigure("approvals_within_n_rate", "0.00", 0, 1, scope=A)  # P2
        self.assertFigure("approvals_within_n_rate", "100.00", 1, 1, scope=B)  # P5

    # --- external figures ---------------------------------------------------------------------------

    def test_external_figures(self):
        # The statistics bureau's FAI: the city's April 90,000, May 120,000; the latest month up to the day.
        self.assertFigure("fai", "120000.00")
        self.assertFigure("fai", "90000.00", as_of="2026-04-30")
        self.assertFigure("fai", None, as_of="2026-03-31")
        self.assertFigure("fai", "40000.00", scope=A)
        self.assertFigure("fai", None, scope=B)
        self.assertFigure("fai_growth", "6.50")

    def test_lists(self):
        by_rule, key = f"list:{self.ids['by_rule']}", f"list:{self.ids['key']}"
        # The 亿元以上 list by rule gives what min_total=10000 gives: new starts P5; completed 3,900.00.
        self.assertFigure("new_starts", 1, scope=by_rule)
        self.assertFigure("new_starts", 1, **{"list": self.ids["by_rule"]})
        self.assertFigure("investment_completed", "3900.00", scope=by_rule)
        # 市重点 (P1, P5) share of the city's FAI: (1,500 + 1,000) / 120,000 = 2.083… → 2.08 %.
        self.assertFigure("list_share_of_fai", "2.08", "2500.00", "120000.00", scope=key)
        # A district sees its own part of a city list: A's members of 市重点 are P1 alone.
        self.assertFigure("investment_completed", "1500.00", scope=key, who=EDITOR_A)

    # --- scope --------------------------------------------------------------------------------------

    def test_a_district_gets_404_for_another_districts_scope(self):
        self.value("new_starts", scope=B, who=EDITOR_A, expect=(404,))
        self.value("investment_completed", scope=CITY, who=EDITOR_A, expect=(404,))
        self.value("new_starts", scope=A, who=EDITOR_B, expect=(404,))
        self.value("new_starts", scope=A, who=REVIEWER_B, expect=(404,))
        # The district's own scope answers.
        self.value("new_starts", scope=A, who=REVIEWER_A)


class World:
    """The world of the module docstring, built through the API alone. `build()` returns the ids made."""

    def __init__(self, checker):
        self.c, self.ids = checker, {}

    def register(self, who, name, region, total, category, industry="C", **extra):
        body = {"name": name, "owner_unit": f"{name}建设单位", "region": region, "total_investment": total,
                "category": category, "industry": industry, **extra}
        return self.c.post(who, "/api/v1/projects/", body)["id"]

    def move(self, who, project, to_stage, day, **extra):
        return self.c.post(who, f"/api/v1/projects/{project}/transition/",
                           {"to_stage": to_stage, "effective_date": day, **extra})

    def edit(self, who, project, **fields):
        version = self.c.get(who, f"/api/v1/projects/{project}/")["version"]
        return self.c.patch(who, f"/api/v1/projects/{project}/", {"version": version, **fields})

    def procedure(self, who, project, name, applied, approved, **extra):
        return self.c.post(who, "/api/v1/procedures/", {
            "project": project, "procedure_type": self.procedure_types[name], "status": "done",
            "applied_on": applied, "approved_on": approved, **extra})

    def report(self, who, reviewer, project, period, completed, submitted_on, **funds):
        with self.c.on(submitted_on):
            report = self.c.post(who, "/api/v1/reports/", {"project": project, "period": period,
                                                           "completed": completed, **funds})
            self.c.post(who, f"/api/v1/reports/{report['id']}/submit/")
            self.c.post(reviewer, f"/api/v1/reports/{report['id']}/accept/")

    def build(self):
        c = self.c
        with c.on("2025-10-09"):
            # The catalogs every client reads first: regions, departments, procedure types, problem categories.
            self.regions = {r["code"]: r["id"] for r in c.listed(COORDINATOR, "/api/v1/regions/")}
            self.departments = {d["slug"]: d["id"] for d in c.listed(COORDINATOR, "/api/v1/departments/")}
            self.procedure_types = {t["name"]: t["id"] for t in c.listed(EDITOR_A, "/api/v1/procedure-types/")}
            self.categories = {t["name"]: t["id"] for t in c.listed(EDITOR_A, "/api/v1/problem-categories/")}
            p1 = self.register(EDITOR_A, "双台子化工新材料项目", A, "10000.00", "industry", planned_start="2025-12-01")
        with c.on("2025-11-15"):
            p7 = self.register(EDITOR_A, "双台子湿地修复项目", A, "3000.00", "ecology", industry="N",
                               planned_start="2027-03-01")
            p8 = self.register(EDITOR_B, "兴隆台老旧小区改造项目", B, "8000.00", "urban", industry="E")
        with c.on("2025-12-15"):
            w = c.post(EDITOR_A, "/api/v1/problems/", {"project": p1, "category": self.categories["用地"],
                                                       "description": "用地报批材料待补充"})

        with c.on("2026-01-05"):
            # P1: moved with past dates; started on 31 December without a permit on file (override).
            self.move(EDITOR_A, p1, "preparation", "2025-11-01")
            self.move(EDITOR_A, p1, "construction", "2025-12-31", override=True,
                      reason="施工许可证纸质件已核验，系统补录", construction_permit="210000202512310101")
            self.edit(EDITOR_A, p1, statistics_included=True, statistics_date="2025-12-31")
        with c.on("2026-01-06"):
            # P4, P6: existing projects registered as they stand, confirmed by the project office (入库审核).
            p4 = self.register(EDITOR_A, "双台子精细化工项目", A, "20000.00", "industry", stage="construction",
                               actual_start="2025-06-01", planned_start="2025-05-01")
            p6 = self.register(EDITOR_B, "兴隆台社区医院项目", B, "5000.00", "social", industry="Q",
                               stage="construction", actual_start="2025-09-01", planned_start="2025-08-01")
            for project in (p4, p6):
                c.post(COORDINATOR, f"/api/v1/projects/{project}/intake/", {"note": "核对无误"})
        with c.on("2026-02-26"):
            c.post(EDITOR_B, f"/api/v1/projects/{p6}/resumption/", {"day": "2026-02-25", "note": "节后复工"})
        with c.on("2026-03-02"):
            x = c.post(EDITOR_A, "/api/v1/problems/", {"project": p1, "category": self.categories["用地"],
                                                       "description": "配套用地指标未落实"})
        with c.on("2026-03-03"):
            c.post(COORDINATOR, f"/api/v1/problems/{x['id']}/distribute/",
                   {"departments": [self.departments["zrzyj"]], "deadline": "2026-03-20"})
        with c.on("2026-03-09"):
            c.post(EDITOR_A, f"/api/v1/projects/{p1}/resumption/", {"day": "2026-03-08", "note": "冬休后复工"})
        with c.on("2026-03-10"):
            c.post(LAND_BUREAU, f"/api/v1/problems/{x['id']}/answer/", {"text": "已调剂用地指标"})
            p2 = self.register(EDITOR_A, "双台子物流园道路项目", A, "9999.99", "infrastructure", industry="G",
                               planned_start="2026-04-01", signed_date="2026-02-20", signing_party="某物流集团")
            p3 = self.register(EDITOR_A, "双台子新材料二期项目", A, "12000.00", "industry",
                               planned_start="2026-05-01", signed_date="2026-03-05", signing_party="某化工集团")
            p5 = self.register(EDITOR_B, "兴隆台装备制造项目", B, "15000.00", "industry", planned_start="2026-03-01")
            self.move(EDITOR_A, p7, "preparation", "2026-02-01")
            for project, plan in ((p1, "3000.00"), (p4, "2000.00")):
                c.post(EDITOR_A, "/api/v1/plans/", {"project": project, "year": 2026, "planned_investment": plan})
            for project, plan in ((p5, "2000.00"), (p6, "500.00")):
                c.post(EDITOR_B, "/api/v1/plans/", {"project": project, "year": 2026, "planned_investment": plan})
        with c.on("2026-03-12"):
            c.post(EDITOR_A, f"/api/v1/problems/{x['id']}/confirm/", {"text": "已解决"})
            # P5: 前期 with its procedures, then 在建 on the permit they issued (no override).
            self.move(EDITOR_B, p5, "preparation", "2026-03-12")
        with c.on("2026-03-13"):
            c.post(COORDINATOR, f"/api/v1/problems/{x['id']}/close/", {"text": "销号"})
        with c.on("2026-03-16"):
            self.move(EDITOR_A, p2, "preparation", "2026-03-15")
            c.post(EDITOR_A, "/api/v1/plans/", {"project": p2, "year": 2026, "planned_investment": "1000.00"})
        with c.on("2026-03-21"):
            self.procedure(EDITOR_B, p5, "项目审批/核准/备案", "2026-02-02", "2026-02-10")
            self.procedure(EDITOR_B, p5, "施工许可证", "2026-03-02", "2026-03-06",
                           document_number="211103202603060001")
            self.move(EDITOR_B, p5, "construction", "2026-03-20")

        with c.on("2026-04-01"):
            april = c.post(COORDINATOR, "/api/v1/periods/", {"region": CITY, "year": 2026, "month": 4,
                                                             "deadline": "2026-04-24"})["id"]
            y = c.post(EDITOR_B, "/api/v1/problems/", {"project": p5, "category": self.categories["用地"],
                                                       "description": "施工用电接入滞后"})
        with c.on("2026-04-02"):
            c.post(COORDINATOR, f"/api/v1/problems/{y['id']}/distribute/",
                   {"departments": [self.departments["zrzyj"]], "deadline": "2026-04-15"})
        with c.on("2026-04-16"):
            self.procedure(EDITOR_A, p2, "项目审批/核准/备案", "2026-01-05", "2026-01-30")
            self.procedure(EDITOR_A, p2, "施工许可证", "2026-04-01", "2026-04-10",
                           document_number="211102202604100001")
            self.move(EDITOR_A, p2, "construction", "2026-04-15")
        with c.on("2026-04-20"):
            c.post(LAND_BUREAU, f"/api/v1/problems/{y['id']}/answer/", {"text": "已协调供电公司"})
        self.report(EDITOR_A, REVIEWER_A, p1, april, "800.00", "2026-04-20", fund_self_raised="600.00")
        self.report(EDITOR_A, REVIEWER_A, p4, april, "500.00", "2026-04-20")
        self.report(EDITOR_B, REVIEWER_B, p5, april, "600.00", "2026-04-23", fund_bank_loans="300.00")
        self.report(EDITOR_A, REVIEWER_A, p2, april, "200.00", "2026-04-27")  # late
        with c.on("2026-04-22"):
            c.post(EDITOR_B, f"/api/v1/problems/{y['id']}/confirm/", {"text": "已通电"})

        with c.on("2026-05-01"):
            may = c.post(COORDINATOR, "/api/v1/periods/", {"region": CITY, "year": 2026, "month": 5,
                                                           "deadline": "2026-05-25"})["id"]
        with c.on("2026-05-11"):
            c.post(EDITOR_B, f"/api/v1/projects/{p5}/resumption/", {"day": "2026-05-10", "note": "停电后复工"})
            self.edit(EDITOR_A, p2, statistics_included=True, statistics_date="2026-05-10")
        self.report(EDITOR_A, REVIEWER_A, p4, may, "900.00", "2026-05-19")
        self.report(EDITOR_A, REVIEWER_A, p1, may, "700.00", "2026-05-20")
        with c.on("2026-05-21"):
            self.move(EDITOR_A, p4, "completed", "2026-05-20")
        self.report(EDITOR_B, REVIEWER_B, p6, may, "100.00", "2026-05-24")
        self.report(EDITOR_A, REVIEWER_A, p2, may, "300.00", "2026-05-25")  # the deadline day: on time
        self.report(EDITOR_B, REVIEWER_B, p5, may, "400.00", "2026-05-26")  # late

        with c.on("2026-06-01"):
            z = c.post(EDITOR_A, "/api/v1/problems/", {"project": p2, "category": self.categories["用地"],
                                                       "description": "临时用地审批未完成"})
        with c.on("2026-06-10"):
            self.move(EDITOR_B, p8, "withdrawn", "2026-06-10", reason="企业投资意向变化，调出项目库")
        with c.on("2026-06-20"):
            for region, month, kind, value, reported in (
                    (CITY, 4, "fai", "90000.00", "2026-05-15"), (CITY, 5, "fai", "120000.00", "2026-06-15"),
                    (CITY, 5, "fai_growth", "6.50", "2026-06-15"), (A, 5, "fai", "40000.00", "2026-06-16")):
                c.post(COORDINATOR, "/api/v1/external-figures/", {
                    "kind": kind, "region": self.regions[region], "year": 2026, "month": month, "value": value,
                    "source": "市统计局", "reported_on": reported})
        with c.on("2026-06-25"):
            # 亿元以上 by rule (P1, P3, P4, P5 — P2 at 9,999.99 not), and a hand-kept 市重点 list: P1, P5.
            by_rule = c.post(COORDINATOR, "/api/v1/lists/", {"name": "亿元以上项目清单", "year": 2026, "region": CITY,
                                                             "rule": "investment", "min_total_investment": "10000.00"})
            key = c.post(COORDINATOR, "/api/v1/lists/", {"name": "市重点项目", "year": 2026, "region": CITY,
                                                         "rule": "manual"})
            for project in (p1, p5, p2):
                c.post(COORDINATOR, f"/api/v1/lists/{key['id']}/add/", {"project": project})
            c.post(COORDINATOR, f"/api/v1/lists/{key['id']}/remove/", {"project": p2})
        return {"by_rule": by_rule["id"], "key": key["id"], "p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6, "p7": p7, "p8": p8,
                "w": w["id"], "x": x["id"], "y": y["id"], "z": z["id"]}
