from decimal import Decimal

from django.apps import apps

from tuijin.demo.tables import clear_app, in_delete_order, raw_delete
from tuijin.progress import services
from tuijin.progress.models import (AnnualPlan, ImportBatch, ImportRow, MonthlyReport, ReportEvent, ReportingPeriod,
                                    YearToDate)
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects.models import Project


class BenchTablesTests(PeriodTestCase):
    def test_each_table_is_emptied_before_the_tables_it_points_to(self):
        order = in_delete_order(apps.get_app_config("progress").get_models(include_auto_created=True))
        self.assertLess(order.index(ReportEvent), order.index(MonthlyReport))
        self.assertLess(order.index(ImportRow), order.index(ImportBatch))
        self.assertLess(order.index(MonthlyReport.history.model), order.index(ReportingPeriod))
        self.assertLess(order.index(MonthlyReport), order.index(ReportingPeriod))

    def test_clearing_progress_empties_its_tables_and_keeps_the_projects(self):
        services.save_report(self.project_a, self.period, {"completed": Decimal("10")}, actor=self.region_a_editor)
        clear_app("progress")
        for model in (MonthlyReport, MonthlyReport.history.model, ReportEvent, YearToDate, AnnualPlan,
                      ReportingPeriod, ReportingPeriod.history.model):
            with self.subTest(model=model._meta.label):
                self.assertFalse(model.objects.exists())
        self.assertEqual(Project.objects.count(), 3)

    def test_a_filtered_delete_removes_only_its_rows(self):
        # Two reports in November (projects A and B): deleting A's leaves B's, with its history and event.
        services.save_report(self.project_a, self.period, {"completed": Decimal("10")}, actor=self.region_a_editor)
        services.save_report(self.project_b, self.period, {"completed": Decimal("20")}, actor=self.region_b_editor)
        reports = MonthlyReport.objects.filter(project=self.project_a)
        raw_delete(ReportEvent.objects.filter(report__in=reports))
        raw_delete(MonthlyReport.history.filter(id__in=reports.values("id")))
        raw_delete(reports)
        left = MonthlyReport.objects.get()
        self.assertEqual((left.project, left.completed), (self.project_b, Decimal("20.00")))
        self.assertEqual((left.history.count(), left.events.count()), (1, 1))
