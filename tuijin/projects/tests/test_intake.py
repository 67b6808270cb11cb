"""A project registered as it stands — in its real stage, from its source — waits for the project office's
入库审核 before any figure counts it; a 储备 project needs no 国民经济行业 or 项目类别 until it moves on."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuijin.core.models import Notification
from tuijin.core.testing import PersonaTestCase
from tuijin.progress.models import AnnualPlan, YearToDate
from tuijin.progress.summaries import schedule_summary
from tuijin.projects import services
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project, StageTransition
from tuijin.targets import indicators
from tuijin.targets.params import query_for

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 30, 10, tzinfo=BEIJING)


def register(actor, region, **fields):
    """The 成都龙泉驿区 2009 row as typed in: 加快建设 (在建), two owners in one cell, no industry or category."""
    project = Project(name=fields.pop("name", "龙泉驿区汽车城配套道路工程"), region=region,
                      owner_units=["成都经济技术开发区建设发展有限公司", "龙泉驿区交通局"],
                      total_investment=Decimal("35000"), source="2009年龙泉驿区重点项目计划表", **fields)
    return services.create_project(project, actor=actor)


@time_machine.travel(NOW, tick=False)
class IntakeTests(PersonaTestCase):
    def test_a_project_registered_under_construction_waits_and_then_counts(self):
        project = register(self.region_a_editor, self.region_a, stage=Stage.CONSTRUCTION,
                           actual_start=dt.date(2026, 3, 1))
        AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal("1000.00"))
        YearToDate.objects.create(project=project, year=2026, m11=Decimal("400.00"))
        self.assertTrue(project.intake_pending)
        self.assertEqual(project.owner_unit, "成都经济技术开发区建设发展有限公司、龙泉驿区交通局")
        # Recorded as registered from its source, not as stage moves: one record, from nothing to 在建.
        (record,) = StageTransition.objects.filter(project=project)
        self.assertEqual((record.from_stage, record.to_stage, record.effective_date),
                         ("", "construction", dt.date(2026, 3, 1)))
        self.assertIn("来源：2009年龙泉驿区重点项目计划表", record.reason)
        self.assertIn("国民经济行业", record.reason)  # 待补: not refused

        def new_starts():
            return indicators.get("new_starts").value(query_for(self.coordinator, {"scope": "211100"})[1]).value

        def planned():
            _rows, total, _expected = schedule_summary(2026, 11, self.coordinator)
            return total.plan

        self.assertEqual((new_starts(), planned()), (0, Decimal(0)))  # a backdated start lifts nothing unseen
        with self.assertRaises(PermissionDenied):
            services.confirm_intake(project, actor=self.region_a_editor)
        services.confirm_intake(project, actor=self.coordinator, note="已核对开工报告")
        self.assertEqual((new_starts(), planned()), (1, Decimal("1000.00")))
        project.refresh_from_db()
        self.assertFalse(project.intake_pending)
        self.assertEqual(project.intake_confirmed_by, self.coordinator)
        self.assertEqual(project.history.first().history_change_reason, "入库审核通过。已核对开工报告")
        self.assertTrue(Notification.objects.filter(user=self.region_a_editor, kind="intake").exists())
        with self.assertRaises(ValidationError):
            services.confirm_intake(project, actor=self.coordinator)

    def test_a_reserve_project_counts_at_once_and_needs_its_industry_only_to_move_on(self):
        project = register(self.region_a_editor, self.region_a)
        self.assertFalse(project.intake_pending)
        self.assertEqual([str(f) for f in project.pending_fields], ["国民经济行业", "项目类别"])
        with self.assertRaises(ValidationError) as refused:
            services.transition_stage(project, Stage.PREPARATION, actor=self.region_a_editor)
        self.assertEqual(set(refused.exception.message_dict), {"industry", "category"})
        project.industry, project.category = "E", "infrastructure"
        services.update_project(project, expected_version=project.version, actor=self.region_a_editor)
        services.transition_stage(project, Stage.PREPARATION, actor=self.region_a_editor)

    def test_the_coordinator_finds_what_waits_in_the_list_and_the_to_do_page_and_confirms_it(self):
        project = register(self.region_a_editor, self.region_a, stage=Stage.CONSTRUCTION)
        self.client.force_login(self.coordinator)
        listed = self.client.get(reverse("projects:project_list"), {"intake": "pending"})
        self.assertEqual([p.pk for p in listed.context["table"].page.object_list.data], [project.pk])
        todo = self.client.get(reverse("todo"))
        self.assertContains(todo, "待入库审核")
        page = self.client.get(project.get_absolute_url())
        self.assertContains(page, "待入库审核")
        self.assertContains(page, "待补充：实际开工日期、施工许可证（前期手续）、国民经济行业、项目类别")
        self.assertContains(page, 'data-testid="confirm-intake"')
        self.client.post(reverse("projects:project_intake", args=[project.pk]), {"note": ""})
        self.assertFalse(Project.objects.get(pk=project.pk).intake_pending)

    def test_a_district_editor_sees_the_banner_without_the_button_and_is_refused_the_action(self):
        project = register(self.region_a_editor, self.region_a, stage=Stage.COMPLETED,
                           actual_start=dt.date(2024, 1, 1), actual_completion=dt.date(2025, 6, 30))
        self.client.force_login(self.region_a_editor)
        page = self.client.get(project.get_absolute_url())
        self.assertContains(page, "待入库审核")
        self.assertNotContains(page, 'data-testid="confirm-intake"')
        self.assertEqual(self.client.post(reverse("projects:project_intake", args=[project.pk])).status_code, 403)
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.post(reverse("projects:project_intake", args=[project.pk])).status_code, 404)

    def test_the_form_registers_in_the_real_stage_and_names_the_mistakes(self):
        self.client.force_login(self.region_a_editor)
        data = {"name": "龙泉驿区汽车城配套道路工程", "owner_units": "甲公司、乙公司\n丙公司", "region": self.region_a.pk,
                "total_investment": "35000", "nature": "new", "registered_stage": "construction",
                "registered_start": "2026-03-01", "registered_completion": "2026-02-01", "source": "2009年计划表"}
        refused = self.client.post(reverse("projects:project_add"), data)
        self.assertContains(refused, "只有竣工或投产的项目填写实际竣工日期")
        data["registered_completion"] = ""
        self.client.post(reverse("projects:project_add"), data)
        project = Project.objects.get(name="龙泉驿区汽车城配套道路工程")
        self.assertEqual((project.stage, project.actual_start, project.intake_pending, project.owner_units),
                         ("construction", dt.date(2026, 3, 1), True, ["甲公司", "乙公司", "丙公司"]))

    def test_the_api_registers_in_the_real_stage_and_the_project_office_confirms(self):
        self.client.force_login(self.region_a_editor)
        created = self.client.post("/api/v1/projects/", {
            "name": "龙泉驿区汽车城配套道路工程", "owner_units": ["甲公司", "乙公司"], "region": self.region_a.code,
            "total_investment": "35000.00", "stage": "construction", "actual_start": "2026-03-01",
            "source": "2009年龙泉驿区重点项目计划表"}, content_type="application/json")
        self.assertEqual(created.status_code, 201, created.content)
        body = created.json()
        self.assertEqual((body["stage"], body["intake_pending"], body["owner_unit"]),
                         ("construction", True, "甲公司、乙公司"))
        moved = self.client.patch(f"/api/v1/projects/{body['id']}/", {"stage": "completed", "version": body["version"]},
                                  content_type="application/json")
        self.assertEqual(moved.status_code, 400)
        self.assertEqual(self.client.post(f"/api/v1/projects/{body['id']}/intake/").status_code, 403)
        self.client.force_login(self.coordinator)
        confirmed = self.client.post(f"/api/v1/projects/{body['id']}/intake/", {"note": "核对无误"},
                                     content_type="application/json")
        self.assertEqual((confirmed.status_code, confirmed.json()["intake_pending"]), (200, False))

    def test_the_schedule_by_industry_shows_a_confirmed_project_without_one(self):
        project = register(self.region_a_editor, self.region_a)  # 储备, no industry: counted at once
        AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal("500.00"))
        rows, total, _expected = schedule_summary(2026, 11, self.coordinator, group="industry")
        self.assertEqual(total.plan, Decimal("500.00"))
        self.assertEqual([r.plan for r in rows], [Decimal("500.00")])
