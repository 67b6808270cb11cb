"""The board and its rows counted by the database (the working-day index) give the Python clocks' figures."""

import datetime as dt
import random
from collections import Counter

from django.urls import reverse

from tuijin.approvals.clocks import chains, procedure_clock, summary
from tuijin.approvals.models import ProjectProcedure
from tuijin.approvals.tests.test_approvals import ApprovalTestCase, frozen
from tuijin.core.testing import make_project
from tuijin.core.workdays import WorkCalendar

D = dt.date
TODAY = (2026, 11, 20)


class BoardQueryTests(ApprovalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rng = random.Random(6)
        # 30 projects in three regions; each procedure applied between mid-2024 and the 2025 holidays and
        # today, done, in progress, never applied, not needed or not required; a few permits issued in 2027,
        # a year nobody covered.
        regions = [cls.region_a, cls.region_b, cls.zone_a]
        for i in range(30):
            project = make_project(regions[i % 3], name=f"项目{i:02}")
            for procedure_type in (cls.approval, cls.planning, cls.permit):
                applied = D(2024, 6, 1) + dt.timedelta(days=rng.randrange(880))
                kind = rng.choice(["done", "done", "done", "in_progress", "not_started", "not_needed", "optional"])
                approved = applied + dt.timedelta(days=rng.randrange(90)) if kind == "done" else None
                if procedure_type == cls.permit and i % 10 == 9:
                    kind, approved = "done", D(2027, 1, 5)
                ProjectProcedure.objects.create(
                    project=project, procedure_type=procedure_type, department=procedure_type.department,
                    status={"optional": "in_progress"}.get(kind, kind), required=kind != "optional",
                    applied_on=None if kind in ("not_started", "not_needed") else applied, approved_on=approved)

        # Edge cases counted as 0: approved the day it was applied for; a permit with no application recorded.
        same_day = make_project(cls.region_a, name="当日办结")
        ProjectProcedure.objects.create(project=same_day, procedure_type=cls.permit, status="done",
                                        applied_on=D(2026, 3, 2), approved_on=D(2026, 3, 2))
        no_application = make_project(cls.region_b, name="未录申请日期")
        ProjectProcedure.objects.create(project=no_application, procedure_type=cls.permit, status="done",
                                        approved_on=D(2026, 5, 6))

    def python_figures(self):
        """What the board showed when it walked every procedure in Python."""
        calendar, on = WorkCalendar(), D(*TODAY)
        procedures = list(ProjectProcedure.objects.filter(required=True).exclude(status="not_needed")
                          .select_related("procedure_type", "project__region", "department"))
        project_chains = chains(procedures, calendar)
        clocks = {p.pk: procedure_clock(p, calendar, on) for p in procedures}
        return project_chains, clocks

    def test_each_procedures_elapsed_days_and_over_limit_match_the_python_clock(self):
        with frozen(TODAY):
            _chains, clocks = self.python_figures()
            counted = dict(ProjectProcedure.objects.with_elapsed_workdays().filter(pk__in=clocks)
                           .values_list("pk", "elapsed"))
            self.assertEqual(counted, {pk: clock.days for pk, clock in clocks.items()})
            self.assertEqual(set(ProjectProcedure.objects.over_limit().values_list("pk", flat=True)),
                             {pk for pk, clock in clocks.items() if clock.over})
            self.assertTrue(any(clock.over for clock in clocks.values()))
            self.assertTrue(any(clock.days is None for clock in clocks.values()))

    def test_the_board_figures_are_the_python_figures(self):
        with frozen(TODAY):
            project_chains, clocks = self.python_figures()
            self.client.force_login(self.coordinator)
            page = self.client.get(reverse("approvals:board") + "?days=51").context
            self.assertEqual(page["overall"], summary([c.clock.days for c in project_chains], 51))
            self.assertEqual(page["overall"]["unknown"], 3)  # 项目09, 19, 29: permits in 2027
            by_year = Counter()
            for chain in project_chains:
                by_year[chain.permitted.year] += 1
            self.assertEqual({row["name"]: row["count"] for row in page["years"]}, dict(by_year))
            for row in page["regions"]:
                days = [c.clock.days for c in project_chains if c.project.region.name == row["name"]]
                self.assertEqual({k: row[k] for k in ("count", "within", "median", "slowest")},
                                 {k: v for k, v in summary(days, 51).items() if k in ("count", "within", "median",
                                                                                     "slowest")})
            done = [(p, clocks[p.pk]) for p in ProjectProcedure.objects.filter(status="done", required=True)
                    .select_related("procedure_type")]
            for row in page["types"]:
                mine = [c for p, c in done if p.procedure_type.name == row["name"]]
                self.assertEqual((row["count"], row["over_limit"], row["median"], row["slowest"]),
                                 (len(mine), sum(c.over for c in mine), summary([c.days for c in mine], 0)["median"],
                                  summary([c.days for c in mine], 0)["slowest"]))
            over = sorted((clock.days for clock in clocks.values() if clock.over), reverse=True)
            self.assertEqual(page["over_count"], len(over))
            self.assertEqual([c.days for _p, c in page["over"]], over[:50])

    def test_the_rows_behind_the_figures(self):
        with frozen(TODAY):
            project_chains, clocks = self.python_figures()
            self.client.force_login(self.coordinator)
            rows = self.client.get(reverse("approvals:rows") + "?view=procedures&over=1").context["rows"]
            self.assertEqual({p.pk for p, _c in rows}, {pk for pk, clock in clocks.items() if clock.over})
            within = self.client.get(reverse("approvals:rows") + "?view=projects&days=51&within=1").context["chains"]
            self.assertEqual(sorted(c.project.name for c in within),
                             sorted(c.project.name for c in project_chains
                                    if c.clock.days is not None and c.clock.days <= 51))
            unknown = [c for c in self.client.get(reverse("approvals:rows") + "?view=projects").context["chains"]
                       if c.clock.days is None]
            self.assertEqual(len(unknown), 3)
            self.assertIn("2027年", unknown[0].clock.note)
            # Another region's editor: the rows of its own region only.
            self.client.force_login(self.region_b_editor)
            names = {c.project.region.name for c in
                     self.client.get(reverse("approvals:rows") + "?view=projects").context["chains"]}
            self.assertEqual(names, {"兴隆台区"})
