"""An indicator reproduced from nothing but the organisation, through the API alone: projects registered
and moved through their stages with past dates, plans written, a period opened, reports saved, submitted and
accepted, a procedure recorded, a problem raised and solved — then the figures read back by hand."""

import datetime as dt

import time_machine
from django.test import TestCase

from tuijin.approvals.models import ProcedureType
from tuijin.core.testing import Personas
from tuijin.problems.models import ProblemCategory

BEIJING = dt.timezone(dt.timedelta(hours=8))


@time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=BEIJING), tick=False)
class ReproduceThroughTheApiTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def call(self, user, method, url, body=None, expect=(200, 201)):
        self.client.force_login(user)
        response = getattr(self.client, method)(url, body or {}, content_type="application/json")
        self.assertIn(response.status_code, expect, (url, response.content.decode()[:500]))
        return response.json()

    def register(self, name, total, start):
        project = self.call(self.region_a_editor, "post", "/api/v1/projects/", {
            "name": name, "owner_unit": "盘锦某公司", "region": self.region_a.code, "industry": "C", "category": "industry",
            "total_investment": total, "planned_start": "2026-03-01"})
        self.call(self.region_a_editor, "post", f"/api/v1/projects/{project['id']}/transition/",
                  {"to_stage": "preparation", "effective_date": "2026-01-10"})
        if start:
            self.call(self.region_a_editor, "post", f"/api/v1/projects/{project['id']}/transition/",
                      {"to_stage": "construction", "effective_date": start, "override": True,
                       "reason": "施工许可证纸质件已核验，系统补录", "construction_permit": "210000202603010101"})
        return project["id"]

    def test_start_schedule_and_problem_figures_from_the_api_alone(self):
        big = self.register("盘锦化工新材料项目", "20000.00", "2026-04-15")
        small = self.register("盘锦仓储项目", "8000.00", "2026-07-01")
        self.register("盘锦港口配套项目", "15000.00", None)  # planned for March, not started
        for project, plan in ((big, "1000.00"), (small, "500.00")):
            self.call(self.region_a_editor, "post", "/api/v1/plans/",
                      {"project": project, "year": 2026, "planned_investment": plan})
        period = self.call(self.coordinator, "post", "/api/v1/periods/", {"region": "211100", "year": 2026,
                                                                          "month": 11})
        for project, done in ((big, "600.00"), (small, "150.00")):
            report = self.call(self.region_a_editor, "post", "/api/v1/reports/",
                               {"project": project, "period": period["id"], "completed": done})
            self.call(self.region_a_editor, "post", f"/api/v1/reports/{report['id']}/submit/")
            self.call(self.region_a_reviewer, "post", f"/api/v1/reports/{report['id']}/accept/")
        permit, _ = ProcedureType.objects.get_or_create(name="施工许可证", defaults={"stage": "permit", "limit_days": 7})
        procedure = self.call(self.region_a_editor, "post", "/api/v1/procedures/", {
            "project": big, "procedure_type": permit.pk, "status": "done", "applied_on": "2026-04-01",
            "approved_on": "2026-04-10"})
        self.assertEqual(procedure["status"], "done")
        category, _ = ProblemCategory.objects.get_or_create(name="用地", defaults={"days": 10})
        problem = self.call(self.region_a_editor, "post", "/api/v1/problems/", {
            "project": big, "category": category.pk, "description": "用地指标未落实"})
        self.call(self.coordinator, "post", f"/api/v1/problems/{problem['id']}/distribute/",
                  {"departments": [self.dept_y.pk], "deadline": "2026-12-20"})
        self.call(self.coordinator, "get", f"/api/v1/problems/{problem['id']}/")

        def value(key, **query):
            params = "&".join(f"{k}={v}" for k, v in {"scope": "211100", "year": 2026, **query}.items())
            return self.call(self.coordinator, "get", f"/api/v1/indicators/{key}/values/?{params}")

        # 新开工: both started projects; 亿元以上 (≥ 10,000 万): only the 20,000 one.
        self.assertEqual(value("new_starts")["value"], 2)
        self.assertEqual(value("new_starts", min_total=10000)["value"], 1)
        # 开工率: 2 started of the 3 planned for March = 66.67 %.
        self.assertEqual((value("start_rate")["value"], value("start_rate")["denominator"]), ("66.67", 3))
        # 序时进度 at 30 November: (600 + 150) / (1,000 + 500) = 50.00 %.
        rate = value("schedule_rate", as_of="2026-11-30")
        self.assertEqual((rate["value"], rate["numerator"], rate["denominator"]), ("50.00", "750.00", "1500.00"))
        # 问题办结率: one raised, none solved yet.
        self.assertEqual(value("problem_closure_rate")["value"], "0.00")
