"""Saving a list is one transaction, which nobody else sees until it ends: how far it has got is said through
core.progress as it goes, and is gone once it ends, saved or refused."""

from unittest import mock

from django.core.exceptions import ValidationError

from tuijin.core import progress
from tuijin.core.testing import PersonaTestCase
from tuijin.exchange import services
from tuijin.exchange.models import ImportRow
from tuijin.projects import services as project_services

from .test_import_command import workbook

HEADER = ["序号", "项目名称", "总投资", "2026年计划投资", "项目业主"]


def rows(n):
    return [HEADER, *([i + 1, f"盘山县第{i + 1}号标准厂房", 1000 + i, 100, "盘山县工业园"] for i in range(n))]


class CommitProgressTests(PersonaTestCase):
    def staged(self, n):
        batch = services.receive(workbook(rows(n)).read_bytes(), "厂房.xlsx", region=self.region_a,
                                 actor=self.region_a_editor)
        return services.check(batch)

    def test_the_saving_says_each_twentieth_project_then_the_plans_and_is_gone_at_the_end(self):
        batch = self.staged(45)
        seen, create = [], project_services.create_project

        def watched(*args, **kwargs):
            seen.append(progress.of(batch.progress_key))
            return create(*args, **kwargs)

        plans, put_plans = [], services.import_annual_plans

        def watched_plans(*args, **kwargs):
            plans.append(progress.of(batch.progress_key))
            return put_plans(*args, **kwargs)

        with mock.patch.object(project_services, "create_project", watched), \
                mock.patch.object(services, "import_annual_plans", watched_plans):
            services.commit(batch, actor=self.region_a_editor)
        self.assertEqual(plans, [{"done": 45, "total": 45, "step": "plans"}])  # one year's plans, one upload
        # Before the 1st project nothing is saved; reports after the 20th and the 40th (every 20, EVERY).
        self.assertEqual(seen[0], {"done": 0, "total": 45, "step": "projects"})
        self.assertEqual(seen[20]["done"], 20)
        self.assertEqual(seen[44]["done"], 40)
        self.assertIsNone(progress.of(batch.progress_key))
        self.assertEqual(batch.rows.filter(project__isnull=False).count(), 45)

    def test_a_refused_commit_leaves_no_report_standing(self):
        batch = self.staged(3)
        refusing = mock.Mock(side_effect=ValidationError("总投资：不能为空"))
        with mock.patch.object(project_services, "create_project", refusing):
            with self.assertRaises(ValidationError):
                services.commit(batch, actor=self.region_a_editor)
        self.assertIsNone(progress.of(batch.progress_key))
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.failure), ("preview", "总投资：不能为空"))

    def test_only_the_rows_that_land_are_counted(self):
        batch = self.staged(4)
        first, second = batch.rows.filter(action=ImportRow.NEW)[:2]
        # A possible duplicate the clerk left undecided lands nowhere; one decided as new does.
        ImportRow.objects.filter(pk=first.pk).update(action=ImportRow.DUPLICATE)
        ImportRow.objects.filter(pk=second.pk).update(action=ImportRow.DUPLICATE, decision=ImportRow.NEW)
        totals, create = [], project_services.create_project

        def watched(*args, **kwargs):
            totals.append(progress.of(batch.progress_key)["total"])
            return create(*args, **kwargs)

        with mock.patch.object(project_services, "create_project", watched):
            self.assertEqual(services.commit(batch, actor=self.region_a_editor), {"new": 3, "updated": 0})
        self.assertEqual(totals, [3, 3, 3])
