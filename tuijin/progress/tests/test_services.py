import datetime
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tuijin.core.models import Setting
from tuijin.progress import services
from tuijin.progress.models import MonthlyReport, ReportEvent, ReportingPeriod
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects.models import Project

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def values(completed, **more):
    return {"completed": Decimal(completed), **more}


class SaveReportTests(PeriodTestCase):
    def test_saving_derives_year_to_date_and_since_start(self):
        october = ReportingPeriod.objects.create(region=self.city, year=2026, month=10,
                                                 deadline=datetime.date(2026, 10, 25))
        services.save_report(self.project_a, october, values("100"), actor=self.region_a_editor)
        report, changed = services.save_report(self.project_a, self.period, values("50.5"), actor=self.region_a_editor)
        self.assertTrue(changed)
        self.assertEqual((report.ytd, report.since_start), (Decimal("150.50"), Decimal("150.50")))
        # Correcting October moves November's cumulative figures with it.
        services.save_report(self.project_a, october, values("80"), actor=self.region_a_editor)
        self.assertEqual(self.refresh(report).ytd, Decimal("130.50"))

    def test_saving_the_same_values_twice_changes_nothing(self):
        report, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        again, changed = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)
        self.assertFalse(changed)
        self.assertEqual((again.version, report.history.count(), report.events.count()), (1, 1, 1))

    def test_negative_amounts_are_refused(self):
        with self.assertRaisesMessage(ValidationError, "金额不能为负数"):
            services.save_report(self.project_a, self.period, values("-1"), actor=self.region_a_editor)
        self.assertFalse(MonthlyReport.objects.exists())

    def test_overrunning_total_investment_needs_a_recorded_justification(self):
        with self.assertRaisesMessage(ValidationError, "超概算说明"):
            services.save_report(self.project_a, self.period, values("12000.01"), actor=self.region_a_editor)
        report, _ = services.save_report(self.project_a, self.period,
                                         values("12000.01", overrun_reason="设计变更增加地下车库，已报批调概"),
                                         actor=self.region_a_editor)
        self.assertEqual(report.overrun_reason, "设计变更增加地下车库，已报批调概")

    def test_withdrawn_project_cannot_report(self):
        Project.objects.filter(pk=self.project_a.pk).update(stage="withdrawn")
        with self.assertRaisesMessage(ValidationError, "已出库"):
            services.save_report(self.project_a, self.period, values("1"), actor=self.region_a_editor)

    def test_month_before_the_start_is_refused(self):
        Project.objects.filter(pk=self.project_a.pk).update(actual_start=datetime.date(2026, 12, 1))
        with self.assertRaisesMessage(ValidationError, "不能填报开工前"):
            services.save_report(self.project_a, self.period, values("1"), actor=self.region_a_editor)

    def test_a_jump_is_flagged_for_the_reviewer_not_refused(self):
        for month in (8, 9, 10):
            period = ReportingPeriod.objects.create(region=self.city, year=2026, month=month,
                                                    deadline=datetime.date(2026, month, 25))
            services.save_report(self.project_b, period, values("100"), actor=self.region_b_editor)
        report, _ = services.save_report(self.project_b, self.period, values("301"), actor=self.region_b_editor)
        self.assertTrue(report.jump_flag)
        report, _ = services.save_report(self.project_b, self.period, values("299"), actor=self.region_b_editor)
        self.assertFalse(report.jump_flag)

    def test_another_region_cannot_fill(self):
        with self.assertRaises(PermissionDenied):
            services.save_report(self.project_a, self.period, values("1"), actor=self.region_b_editor)

    def test_owner_and_secretary_fill_only_where_the_city_allows_it(self):
        with self.assertRaises(PermissionDenied):
            services.save_report(self.project_a, self.period, values("1"), actor=self.owner)
        Setting.put("owners_may_report", "true")
        report, _ = services.save_report(self.project_a, self.period, values("1"), actor=self.secretary)
        self.assertEqual(report.completed, Decimal("1"))


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=BEIJING), tick=False)
class CycleTests(PeriodTestCase):
    def setUp(self):
        self.report, _ = services.save_report(self.project_a, self.period, values("10"), actor=self.region_a_editor)

    def test_submit_accept(self):
        services.submit_report(self.report, actor=self.region_a_editor)
        with self.assertRaisesMessage(ValidationError, "须退回后才能修改"):
            services.save_report(self.project_a, self.period, values("11"), actor=self.region_a_editor)
        services.accept_report(self.report, actor=self.region_a_reviewer)
        report = self.refresh(self.report)
        self.assertEqual((report.status, report.reviewed_by), ("accepted", self.region_a_reviewer))

    def test_return_needs_a_reason_and_reopens_the_report(self):
        services.submit_report(self.report, actor=self.region_a_editor)
        with self.assertRaisesMessage(ValidationError, "退回须写明原因"):
            services.return_report(self.report, actor=self.region_a_reviewer, reason=" ")
        services.return_report(self.report, actor=self.region_a_reviewer, reason="本月完成投资与形象进度不符")
        report, changed = services.save_report(self.project_a, self.period, values("12"), actor=self.region_a_editor)
        self.assertTrue(changed)
        self.assertEqual(report.return_reason, "本月完成投资与形象进度不符")

    def test_editor_cannot_review_and_other_region_reviewer_cannot_either(self):
        services.submit_report(self.report, actor=self.region_a_editor)
        with self.assertRaises(PermissionDenied):
            services.accept_report(self.report, actor=self.region_a_editor)
        with self.assertRaises(PermissionDenied):
            services.accept_report(self.report, actor=self.region_b_editor)

    def test_closed_period_is_frozen_but_the_coordinator_can_amend_with_a_reason(self):
        services.close_period(self.period, actor=self.coordinator)
        self.period.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "已关闭"):
            services.save_report(self.project_a, self.period, values("20"), actor=self.region_a_editor)
        with self.assertRaisesMessage(ValidationError, "已关闭"):
            services.save_report(self.project_a, self.period, values("20"), actor=self.coordinator)
        with self.assertRaises(PermissionDenied):
            services.amend_report(self.report, values("20"), actor=self.region_a_editor, reason="统计局反馈数据更正")
        report, _ = services.amend_report(self.report, values("20"), actor=self.coordinator,
                                          reason="统计局反馈数据更正")
        self.assertEqual(report.completed, Decimal("20"))
        event = ReportEvent.objects.filter(report=report, kind="amended").get()
        self.assertEqual((event.actor, event.reason), (self.coordinator, "统计局反馈数据更正"))
        self.assertEqual(report.history.first().history_change_reason, "统计局反馈数据更正")

    def test_only_the_coordinator_opens_and_closes_periods(self):
        with self.assertRaises(PermissionDenied):
            services.close_period(self.period, actor=self.region_a_editor)
        with self.assertRaises(PermissionDenied):
            services.open_period(self.city, 2026, 12, actor=self.leader_user)
        december = services.open_period(self.city, 2026, 12, actor=self.coordinator)
        self.assertEqual(december.deadline, datetime.date(2026, 12, 25))
        with self.assertRaisesMessage(ValidationError, "已经存在"):
            services.open_period(self.city, 2026, 12, actor=self.coordinator)
