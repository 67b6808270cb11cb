"""The board's stored figures (`derived.py`) follow every change: a procedure saved, a calendar year entered,
a project moved, and the set-based rebuild gives what the saves kept."""

import datetime as dt

from django.urls import reverse

from tuijin.approvals import services
from tuijin.approvals.derived import rebuild_all
from tuijin.approvals.models import ApprovalChain, ProcedureTally, ProjectProcedure
from tuijin.approvals.tests.test_approvals import ApprovalTestCase, frozen
from tuijin.core.models import WorkCalendarDay, WorkCalendarYear
from tuijin.core.testing import make_project

D = dt.date
TODAY = (2026, 11, 20)


class StoredFiguresTests(ApprovalTestCase):
    def board(self, user, days=51):
        self.client.force_login(user)
        return self.client.get(reverse("approvals:board") + f"?days={days}").context

    def chain(self, project):
        return ApprovalChain.objects.values_list("first_applied", "permitted", "days").get(project=project)

    def test_a_procedure_update_moves_its_clock_its_chain_and_the_board(self):
        project = make_project(self.region_a, name="储存项目")
        with frozen(TODAY):
            approval = services.add_procedure(project, self.approval, actor=self.coordinator)
            services.update_procedure(approval, actor=self.coordinator, status="done",
                                      applied_on=D(2026, 3, 2), approved_on=D(2026, 3, 6))
            # Monday 2 → Friday 6 March: Tue, Wed, Thu, Fri = 4 working days.
            self.assertEqual(ProjectProcedure.objects.get(pk=approval.pk).workdays, 4)
            self.assertEqual(self.chain(project), (D(2026, 3, 2), None, None))  # no permit yet
            permit = services.add_procedure(project, self.permit, actor=self.coordinator)
            services.update_procedure(permit, actor=self.coordinator, status="done", document_number="施2026-1",
                                      applied_on=D(2026, 3, 9), approved_on=D(2026, 3, 13))
            # The chain: 2 March → 13 March = 4 + 5 = 9 working days.
            self.assertEqual(self.chain(project), (D(2026, 3, 2), D(2026, 3, 13), 9))
            self.assertEqual(self.board(self.coordinator, days=9)["overall"]["within"], 1)
            # The permit took longer than recorded: approved on Monday 23 March (6 more working days).
            services.update_procedure(permit, actor=self.coordinator, approved_on=D(2026, 3, 23),
                                      expected_version=ProjectProcedure.objects.get(pk=permit.pk).version)
            self.assertEqual(ProjectProcedure.objects.get(pk=permit.pk).workdays, 10)  # 9 → 23 March
            self.assertEqual(self.chain(project), (D(2026, 3, 2), D(2026, 3, 23), 15))
            page = self.board(self.coordinator, days=9)
            self.assertEqual((page["overall"]["count"], page["overall"]["within"], page["overall"]["slowest"]),
                             (1, 0, 15))
            # 施工许可证's limit is 7 working days: 10 is over it, counted and listed.
            permit_row = next(row for row in page["types"] if row["name"] == "施工许可证")
            self.assertEqual((permit_row["count"], permit_row["over_limit"], permit_row["slowest"]), (1, 1, 10))
            self.assertEqual(page["over_count"], 1)
            self.assertEqual([(p.pk, clock.days) for p, clock in page["over"]], [(permit.pk, 10)])

    def test_a_calendar_year_entered_counts_the_clocks_that_ran_into_it(self):
        project = make_project(self.region_b, name="跨年项目")
        permit = ProjectProcedure.objects.create(project=project, procedure_type=self.permit, status="done",
                                                 applied_on=D(2026, 12, 28), approved_on=D(2027, 1, 5))
        self.assertIsNone(ProjectProcedure.objects.get(pk=permit.pk).workdays)  # 2027 not covered yet
        self.assertEqual(self.chain(project), (D(2026, 12, 28), D(2027, 1, 5), None))
        year = WorkCalendarYear.objects.create(year=2027, source="测试安排")
        WorkCalendarDay.objects.create(calendar_year=year, date=D(2027, 1, 1), name="元旦")
        # 29, 30, 31 December, then Monday 4 and Tuesday 5 January (1 January a holiday) = 5 working days.
        self.assertEqual(ProjectProcedure.objects.get(pk=permit.pk).workdays, 5)
        self.assertEqual(self.chain(project), (D(2026, 12, 28), D(2027, 1, 5), 5))
        self.assertEqual(list(ProcedureTally.objects.filter(procedure_type=self.permit)
                              .values_list("region_id", "workdays", "n")), [(self.region_b.pk, 5, 1)])
        with frozen(TODAY):
            self.assertEqual(self.board(self.coordinator)["overall"]["unknown"], 0)

    def test_the_rebuild_gives_what_the_saves_kept(self):
        with frozen(TODAY):
            for i, region in enumerate([self.region_a, self.zone_a, self.region_b]):
                project = make_project(region, name=f"重建{i}")
                ProjectProcedure.objects.create(project=project, procedure_type=self.approval, status="done",
                                                applied_on=D(2026, 4, 1 + i), approved_on=D(2026, 6, 1 + i))
                ProjectProcedure.objects.create(project=project, procedure_type=self.permit, status="done",
                                                applied_on=D(2026, 6, 8), approved_on=D(2026, 6, 10 + i))
            kept = (sorted(ApprovalChain.objects.values_list("project_id", "region_id", "year", "days")),
                    sorted(ProcedureTally.objects.values_list("region_id", "procedure_type_id", "workdays", "n")),
                    sorted(ProjectProcedure.objects.values_list("pk", "workdays")))
            before = self.board(self.coordinator)
            ProjectProcedure.objects.update(workdays=None)
            ApprovalChain.objects.all().delete()
            ProcedureTally.objects.all().delete()
            rebuild_all()
            rebuilt = (sorted(ApprovalChain.objects.values_list("project_id", "region_id", "year", "days")),
                       sorted(ProcedureTally.objects.values_list("region_id", "procedure_type_id", "workdays", "n")),
                       sorted(ProjectProcedure.objects.values_list("pk", "workdays")))
            self.assertEqual(rebuilt, kept)
            after = self.board(self.coordinator)
            for key in ("overall", "years", "regions", "types", "departments", "over_count"):
                self.assertEqual(after[key], before[key])

    def test_a_region_editor_counts_its_region_and_follows_a_project_that_moves_in(self):
        with frozen(TODAY):
            projects = [make_project(region, name=f"分区{i}") for i, region in
                        enumerate([self.region_a, self.region_b, self.region_b])]
            for i, project in enumerate(projects):
                ProjectProcedure.objects.create(project=project, procedure_type=self.permit, status="done",
                                                applied_on=D(2026, 6, 1), approved_on=D(2026, 6, 3 + i))
            page = self.board(self.region_b_editor)
            self.assertEqual(page["overall"]["count"], 2)
            self.assertEqual([row["name"] for row in page["regions"]], ["兴隆台区"])
            self.assertEqual(next(r for r in page["types"] if r["name"] == "施工许可证")["count"], 2)
            self.assertEqual(self.board(self.coordinator)["overall"]["count"], 3)
            moved = projects[0]
            moved.region = self.region_b
            moved.save()
            page = self.board(self.region_b_editor)
            self.assertEqual(page["overall"]["count"], 3)
            self.assertEqual(next(r for r in page["types"] if r["name"] == "施工许可证")["count"], 3)
            self.assertEqual(self.board(self.region_a_editor)["overall"]["count"], 0)
