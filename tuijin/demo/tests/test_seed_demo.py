import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase

from tuijin.core.models import Setting
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project, ProjectList


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", projects=300, stdout=open("/dev/null", "w"))

    def test_demo_accounts_log_in_with_the_documented_password(self):
        User = get_user_model()
        for username in ["admin", "coordinator", "region_211102", "region_211172", "dept_gxj", "leader_1",
                         "secretary_1", "owner_1"]:
            with self.subTest(username=username):
                self.assertTrue(User.objects.get(username=username).check_password("tuijin-demo"))

    def test_every_stage_is_present_and_started_projects_have_a_start_date(self):
        self.assertEqual(set(Project.objects.values_list("stage", flat=True)), set(Stage.values))
        started = Project.objects.filter(stage__in=[Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING])
        self.assertFalse(started.filter(actual_start__isnull=True).exists())

    def test_every_project_has_a_stage_history_ending_in_its_stage(self):
        for project in Project.objects.prefetch_related("transitions"):
            self.assertEqual(project.transitions.all()[0].to_stage, project.stage)

    def test_rule_list_matches_its_rule(self):
        yi = ProjectList.objects.get(name="亿元以上项目清单")
        expected = set(Project.objects.filter(total_investment__gte=10000).exclude(stage=Stage.WITHDRAWN)
                       .values_list("pk", flat=True))
        self.assertEqual(set(yi.memberships.values_list("project_id", flat=True)), expected)

    def test_change_log_is_filled_from_the_seed(self):
        from tuijin.core.models import AuditEntry

        kinds = set(AuditEntry.objects.order_by().values_list("kind", flat=True).distinct())
        self.assertLessEqual({"project.create", "project.stage", "report.submit", "problem.raise", "procedure.update"},
                             kinds)

    def test_data_is_marked_synthetic(self):
        self.assertTrue(Setting.get_bool("demo_data"))

    def test_codes_are_valid_project_codes(self):
        from tuijin.core.lib.project_code import parse

        for code in Project.objects.exclude(code=None).values_list("code", flat=True):
            parse(code)

    def test_refuses_a_database_that_has_projects(self):
        with self.assertRaises(CommandError):
            call_command("seed_demo", projects=1)

    def test_reports_add_up_and_stay_within_total_investment(self):
        from django.db.models import F, Sum

        from tuijin.progress.models import MonthlyReport

        self.assertTrue(MonthlyReport.objects.exists())
        self.assertFalse(MonthlyReport.objects.filter(since_start__gt=F("project__total_investment")).exists())
        for report in MonthlyReport.objects.order_by("?")[:30]:
            total = MonthlyReport.objects.filter(project=report.project, year=report.year,
                                                 month__lte=report.month).aggregate(s=Sum("completed"))["s"]
            self.assertEqual(report.ytd, total)


class SeedDemoOrganisationTests(TestCase):
    def test_org_only_loads_the_regions_and_accounts_without_projects(self):
        from tuijin.org.models import Region

        call_command("seed_demo", org_only=True, stdout=open("/dev/null", "w"))
        # 辽宁省, 盘锦市 and its six districts, county and zones.
        self.assertEqual(Region.objects.count(), 8)
        self.assertTrue(get_user_model().objects.get(username="region_211104").check_password("tuijin-demo"))
        self.assertFalse(Project.objects.exists())

    def test_a_second_load_is_refused_or_with_if_empty_skipped(self):
        call_command("seed_demo", org_only=True, stdout=open("/dev/null", "w"))
        with self.assertRaisesMessage(CommandError, "数据库中已有演示城市"):
            call_command("seed_demo", projects=5)
        out = io.StringIO()
        call_command("seed_demo", projects=5, if_empty=True, stdout=out)
        self.assertIn("跳过演示数据", out.getvalue())
        self.assertFalse(Project.objects.exists())
