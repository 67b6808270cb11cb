import datetime
from decimal import Decimal

import time_machine

from tuijin.core.models import Setting
from tuijin.progress import services
from tuijin.progress.summaries import compliance, schedule_summary
from tuijin.progress.testing import PeriodTestCase

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


class ComplianceTests(PeriodTestCase):
    def submit_at(self, project, user, when):
        with time_machine.travel(when, tick=False):
            report, _ = services.save_report(project, self.period, {"completed": Decimal("1")}, actor=user)
            services.submit_report(report, actor=user)

    def test_on_time_late_and_missing_per_region(self):
        self.submit_at(self.project_a, self.region_a_editor, datetime.datetime(2026, 11, 25, 23, 59, tzinfo=BEIJING))
        self.submit_at(self.project_zone, self.region_a_editor, datetime.datetime(2026, 11, 26, 0, 1, tzinfo=BEIJING))
        rows, total = compliance(self.period, self.coordinator)
        by_name = {row.region.name: (row.due, row.on_time, row.late, row.missing) for row in rows}
        self.assertEqual(by_name, {"双台子区": (2, 1, 1, 0), "兴隆台区": (1, 0, 0, 1)})
        self.assertEqual((total.due, total.on_time, total.late, total.missing), (3, 1, 1, 1))

    def test_a_project_awaiting_intake_review_is_not_counted_until_the_office_confirms_it(self):
        from tuijin.projects import services as project_services
        from tuijin.projects.models import Project

        project = project_services.create_project(
            Project(name="按实际阶段登记的项目", region=self.region_b, total_investment=Decimal("100"),
                    stage="construction", owner_units=["某公司"]), actor=self.coordinator)
        # Region B: project B and the new one are due; neither reported. The new one waits for 入库审核.
        rows, total = compliance(self.period, self.coordinator)
        self.assertEqual((total.due, total.missing), (3, 3))
        # The chase, the export of non-reporters and the figure count the same projects.
        from tuijin.progress.reminders import missing_projects, non_reporter_rows

        self.assertEqual(missing_projects(self.period).count(), 3)
        self.assertEqual(len(list(non_reporter_rows(self.period, self.coordinator, datetime.date(2026, 12, 1)))), 3)
        project_services.confirm_intake(project, actor=self.coordinator)
        rows, total = compliance(self.period, self.coordinator)
        self.assertEqual((total.due, total.missing), (4, 4))
        self.assertEqual(missing_projects(self.period).count(), 4)

    def test_a_region_sees_only_its_own_projects(self):
        rows, total = compliance(self.period, self.region_b_editor)
        self.assertEqual((total.due, total.missing), (1, 1))


class ScheduleTests(PeriodTestCase):
    def test_rate_gap_and_status_against_the_linear_profile(self):
        # Project A: plan 1200, 1000 done by November → 83.33%, 序时 91.67% → 8.33 behind: green.
        # Project B: plan 24000, 12000 done → 50%, 41.67 behind: red.
        services.save_report(self.project_a, self.period, {"completed": Decimal("1000")}, actor=self.region_a_editor)
        services.save_report(self.project_b, self.period, {"completed": Decimal("12000")}, actor=self.region_b_editor)
        rows, total, expected = schedule_summary(2026, 11, self.coordinator, root=self.city)
        self.assertEqual(expected, Decimal("91.67"))
        by_name = {row.label: (row.plan, row.ytd, row.gap, row.status) for row in rows}
        # Region A folds its zone in: plan 1200 + 600, done 1000.
        self.assertEqual(by_name["双台子区"], (Decimal("1800"), Decimal("1000"), Decimal("-36.11"), "red"))
        self.assertEqual(by_name["兴隆台区"], (Decimal("24000"), Decimal("12000"), Decimal("-41.67"), "red"))
        self.assertEqual((total.plan, total.ytd), (Decimal("25800"), Decimal("13000")))

    def test_city_weights_change_the_expectation(self):
        Setting.put("schedule_weights", "0,0,1,1,1,1,1,1,1,1,1,0")
        _rows, _total, expected = schedule_summary(2026, 11, self.coordinator, root=self.city)
        self.assertEqual(expected, Decimal("100.00"))

    def test_grouping_by_industry_and_scope(self):
        services.save_report(self.project_b, self.period, {"completed": Decimal("100")}, actor=self.region_b_editor)
        rows, total, _ = schedule_summary(2026, 11, self.region_b_editor, group="industry")
        self.assertEqual([(r.label, r.plan) for r in rows], [("G 交通运输、仓储和邮政业", Decimal("24000"))])


class ScheduleByListTests(PeriodTestCase):
    def test_lists_overlap_but_the_total_counts_each_project_once(self):
        from tuijin.projects import services as project_services
        from tuijin.projects.models import ProjectList

        big = ProjectList.objects.create(name="亿元以上", year=2026, region=self.city, rule="investment",
                                         min_total_investment=Decimal("10000"))
        project_services.recompute_list(big)
        spring = ProjectList.objects.create(name="春季集中开工", year=2026, region=self.city)
        project_services.add_to_list(spring, self.project_a, actor=self.coordinator)
        services.save_report(self.project_a, self.period, {"completed": Decimal("100")}, actor=self.region_a_editor)
        rows, total, _ = schedule_summary(2026, 11, self.coordinator, group="project_list")
        by_name = {row.label: (row.projects, row.plan, row.ytd) for row in rows}
        self.assertEqual(by_name["2026年亿元以上"], (2, Decimal("25200"), Decimal("100")))
        self.assertEqual(by_name["2026年春季集中开工"], (1, Decimal("1200"), Decimal("100")))
        self.assertEqual((total.projects, total.plan, total.ytd), (3, Decimal("25800"), Decimal("100")))


class YearToDateTests(PeriodTestCase):
    def test_month_end_sums_follow_every_save_and_feed_the_summary(self):
        from tuijin.progress.models import ReportingPeriod, YearToDate

        september = ReportingPeriod.objects.create(region=self.city, year=2026, month=9,
                                                   deadline=datetime.date(2026, 9, 25))
        services.save_report(self.project_a, september, {"completed": Decimal("300")}, actor=self.region_a_editor)
        report, _ = services.save_report(self.project_a, self.period, {"completed": Decimal("200")},
                                         actor=self.region_a_editor)
        row = YearToDate.objects.get(project=self.project_a, year=2026)
        self.assertEqual((row.m08, row.m09, row.m10, row.m11, row.m12),
                         (Decimal("0"), Decimal("300"), Decimal("300"), Decimal("500"), Decimal("500")))
        services.save_report(self.project_a, self.period, {"completed": Decimal("250")}, actor=self.region_a_editor,
                             expected_version=report.version)
        self.assertEqual(YearToDate.objects.get(project=self.project_a, year=2026).m11, Decimal("550"))
        by_month = {month: schedule_summary(2026, month, self.coordinator, root=self.city)[1].ytd
                    for month in (8, 10, 11)}
        self.assertEqual(by_month, {8: Decimal("0"), 10: Decimal("300"), 11: Decimal("550")})
