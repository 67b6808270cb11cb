import datetime
import io
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.projects.models import Project

pk_a = lambda t: {"pk": t.project_a.pk}  # noqa: E731
none = lambda t: {}  # noqa: E731


class ProjectViewScopeTests(ScopedViewChecks, PersonaTestCase):
    cases = [
        ("projects:project_list", none, "get", "region_a_editor", None, None),
        ("projects:project_export", none, "get", "region_a_editor", None, None),
        ("projects:project_add", none, "get", "region_a_editor", "leader_user", None),
        ("projects:project", pk_a, "get", "region_a_editor", None, "region_b_editor"),
        ("projects:project_edit", pk_a, "get", "region_a_editor", "region_a_reviewer", "region_b_editor"),
        ("projects:project_transition", pk_a, "post", "region_a_editor", "leader_user", "region_b_editor"),
        ("projects:project_membership", pk_a, "post", "coordinator", None, "region_b_editor"),
        ("projects:project_intake", pk_a, "post", "coordinator", "region_a_editor", "region_b_editor"),
        ("projects:projectlist_list", none, "get", "region_a_editor", None, None),
        ("projects:work_log", pk_a, "get", "secretary", None, "region_b_editor"),
        ("projects:secretaries", none, "get", "coordinator", None, None),
    ]



class ProjectListPageTests(PersonaTestCase):
    def names(self, query="", user=None):
        self.client.force_login(user or self.coordinator)
        response = self.client.get(reverse("projects:project_list") + query)
        self.assertEqual(response.status_code, 200)
        return {row.record.name for row in response.context["table"].page.object_list}

    def test_region_filter_includes_sub_regions(self):
        self.assertEqual(self.names(f"?region={self.region_a.pk}"), {"双台子化工项目", "园区配套项目"})

    def test_investment_band_filter(self):
        self.assertEqual(self.names("?band=ge20y"), {"兴隆台道路项目"})
        self.assertEqual(self.names("?band=lt5000"), {"园区配套项目"})

    def test_free_text_matches_name_owner_and_code(self):
        Project.objects.filter(pk=self.project_b.pk).update(code="2104-211103-89-01-596340")
        self.assertEqual(self.names("?q=化工"), {"双台子化工项目"})
        self.assertEqual(self.names("?q=2104－211103"), {"兴隆台道路项目"})

    def test_lacking_leader_uses_the_city_threshold(self):
        self.assertEqual(self.names("?lacking=leader"), {"兴隆台道路项目"})
        Project.objects.filter(pk=self.project_b.pk).update(leader=self.leader)
        self.assertEqual(self.names("?lacking=leader"), set())

    def test_filters_never_widen_scope(self):
        self.assertEqual(self.names(f"?region={self.region_b.pk}", user=self.region_a_editor), set())

    def test_sorting_by_a_column(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("projects:project_list") + "?sort=total_investment")
        values = [row.record.total_investment for row in response.context["table"].page.object_list]
        self.assertEqual(values, sorted(values))

    def test_chosen_columns_are_remembered(self):
        self.client.force_login(self.coordinator)
        self.client.get(reverse("projects:project_list") + "?columns=name&columns=owner_unit")
        response = self.client.get(reverse("projects:project_list"))
        self.assertEqual([c.name for c in response.context["table"].columns], ["name", "owner_unit"])

    def test_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.coordinator)
        url = reverse("projects:project_list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(30):
            make_project(self.region_b, name=f"批量项目{i}", lead_department=self.dept_y, leader=self.leader,
                         secretary=self.secretary)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(many), len(few))
        self.assertLess(len(many), 20)


class ProjectExportTests(PersonaTestCase):
    def test_export_holds_the_filtered_rows_in_scope_with_formulas_neutralised(self):
        Project.objects.filter(pk=self.project_a.pk).update(owner_unit="=HYPERLINK(\"http://evil\")")
        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("projects:project_export") + "?columns=name&columns=owner_unit"
                                   "&columns=total_investment&sort=-total_investment")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1], ("项目名称", "项目单位", "总投资（万元）"))  # row 1 states the filters
        self.assertEqual(rows[2], ("双台子化工项目", "'=HYPERLINK(\"http://evil\")", 12000))
        self.assertEqual(rows[3], ("园区配套项目", "盘锦测试有限公司", 3000))
        self.assertEqual(len(rows), 4)  # region B's project is not exported to region A

    def test_export_is_a_spreadsheet_a_clerk_can_read(self):
        Project.objects.filter(pk=self.project_a.pk).update(
            stage="construction", actual_start=datetime.date(2026, 3, 18), total_investment=Decimal("12345.6"))
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("projects:project_export")
                                   + f"?stage=construction&region={self.region_a.pk}&q=化工"
                                   "&columns=name&columns=actual_start&columns=total_investment")
        sheet = load_workbook(io.BytesIO(response.content)).active
        # The applied filters above the table, in the words of the filter form.
        self.assertEqual(sheet["A1"].value, "筛选条件：关键词=化工；区域（含下级）=双台子区；项目阶段=在建")
        self.assertEqual([c.value for c in sheet[2]], ["项目名称", "总投资（万元）", "实际开工日期"])  # the table's order
        self.assertEqual(sheet.freeze_panes, "A3")  # title and header stay in view
        name, invested, started = sheet[3]
        self.assertEqual(name.value, "双台子化工项目")
        self.assertEqual(started.value, datetime.datetime(2026, 3, 18))  # a date, not the text "2026-03-18"
        self.assertTrue(started.is_date)
        self.assertEqual(started.number_format, "yyyy-mm-dd")
        self.assertEqual(invested.value, 12345.6)
        self.assertEqual(invested.number_format, "#,##0.00")  # shows as 12,345.60
        # Widths fit the text: the name column (7 CJK characters ≈ 14) is wider than the default 8.43.
        self.assertGreaterEqual(sheet.column_dimensions["A"].width, 14)
        self.assertGreaterEqual(sheet.column_dimensions["B"].width, 14)  # "总投资（万元）" is 7 wide characters

    def test_export_without_filters_says_so(self):
        self.client.force_login(self.region_a_editor)
        sheet = load_workbook(io.BytesIO(self.client.get(reverse("projects:project_export")).content)).active
        self.assertEqual(sheet["A1"].value, "筛选条件：无（全部可见记录）")


class ProjectEditPageTests(PersonaTestCase):
    def form_data(self, project, **changes):
        data = {
            "name": project.name, "code": project.code or "", "owner_units": project.owner_unit,
            "region": project.region_id, "industry": project.industry, "category": project.category,
            "nature": project.nature, "total_investment": str(project.total_investment),
            "version": project.version, "coord_system": "wgs84",
        }
        data.update(changes)
        return data

    def test_edit_saves_and_history_records_who_and_why(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                                    self.form_data(self.project_a, total_investment="15000.50",
                                                   change_reason="可研批复调整总投资"))
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get(pk=self.project_a.pk)
        self.assertEqual(project.total_investment, Decimal("15000.50"))
        record = project.history.first()
        self.assertEqual((record.history_user, record.history_change_reason), (self.region_a_editor,
                                                                                 "可研批复调整总投资"))
        page = self.client.get(reverse("projects:project", args=[project.pk])).content.decode()
        self.assertIn("可研批复调整总投资", page)
        self.assertIn("15000.50", page)

    def test_second_editor_is_refused_and_sees_both_versions(self):
        self.client.force_login(self.region_a_editor)
        stale = self.form_data(self.project_a)
        self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                         self.form_data(self.project_a, name="甲改的名称"))
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                                    {**stale, "name": "乙改的名称"})
        self.assertEqual(response.status_code, 409)
        page = response.content.decode()
        self.assertIn("甲改的名称", page)
        self.assertIn("乙改的名称", page)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).name, "甲改的名称")

    def test_coordinates_from_a_gcj02_map_are_stored_as_wgs84(self):
        self.client.force_login(self.region_a_editor)
        self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                         self.form_data(self.project_a, coord_system="gcj02", lng="122.076", lat="41.121"))
        project = Project.objects.get(pk=self.project_a.pk)
        self.assertTrue(Decimal("122.06") < project.longitude < Decimal("122.076"))
        self.assertNotEqual(project.latitude, Decimal("41.121"))

    def test_errors_are_in_chinese_and_nothing_is_saved(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                                    self.form_data(self.project_a, code="2104-211102-89-01", total_investment="-3",
                                                   name="不该保存"))
        page = response.content.decode()
        self.assertIn("项目代码应为24位", page)
        self.assertIn("金额不能为负数", page)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).name, "双台子化工项目")

    def test_region_editor_cannot_pick_another_region(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                                    self.form_data(self.project_a, region=self.region_b.pk))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).region, self.region_a)

    def test_add_creates_a_reserve_project_with_its_first_stage_record(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_add"), {
            "name": "新登记项目", "owner_units": "盘锦新公司", "region": self.zone_a.pk, "industry": "C",
            "category": "industry", "nature": "new", "total_investment": "8000", "coord_system": "wgs84",
            "code": "2104－211102－89－01－596340",
        })
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get(name="新登记项目")
        self.assertEqual((project.stage, project.code), ("reserve", "2104-211102-89-01-596340"))
        self.assertEqual(project.transitions.count(), 1)
        self.assertTrue(re.search(rf"/projects/{project.pk}/$", response["Location"]))


class ProjectTransitionPageTests(PersonaTestCase):
    def test_refused_move_shows_the_rule_and_keeps_the_stage(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("projects:project_transition", args=[self.project_a.pk])
        response = self.client.post(url, {"to_stage": "withdrawn"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("转为“出库”须写明原因", response.content.decode())
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).stage, "reserve")
        response = self.client.post(url, {"to_stage": "preparation"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).stage, "preparation")


class DemoBadgeTests(PersonaTestCase):
    def test_demo_badge_shows_only_when_data_is_synthetic(self):
        from tuijin.core.models import Setting

        self.client.force_login(self.coordinator)
        self.assertNotContains(self.client.get("/"), "演示数据")
        Setting.put("demo_data", "true")
        self.assertContains(self.client.get("/"), "演示数据")


class ProjectExportLimitTests(PersonaTestCase):
    def test_too_large_an_export_is_refused_with_advice(self):
        self.client.force_login(self.coordinator)
        with self.settings(EXPORT_MAX_ROWS=1):
            response = self.client.get(reverse("projects:project_export") + "?category=industry", follow=True)
        self.assertContains(response, "请先加筛选条件再导出")
        self.assertEqual(response.redirect_chain[-1][0], "/projects/?category=industry")


class LanguageTests(PersonaTestCase):
    def test_chinese_by_default_whatever_the_browser_asks(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("projects:project_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "导出Excel")

    def test_user_switches_to_english(self):
        self.client.force_login(self.coordinator)
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/projects/"})
        response = self.client.get(reverse("projects:project_list"))
        self.assertContains(response, "Export to Excel")
        self.assertContains(response, "Under construction")
        self.assertNotContains(response, "导出Excel")


class ProjectListsPageTests(PersonaTestCase):
    def test_list_sizes_count_only_projects_in_scope(self):
        from tuijin.projects import services
        from tuijin.projects.models import ProjectList

        city_list = ProjectList.objects.create(name="亿元以上项目清单", year=2026, region=self.city,
                                               rule="investment", min_total_investment=Decimal("10000"))
        services.recompute_list(city_list)
        self.client.force_login(self.region_b_editor)
        lists = list(self.client.get(reverse("projects:projectlist_list")).context["lists"])
        self.assertEqual([(pl.size, pl.investment) for pl in lists], [(1, Decimal("250000.00"))])


class ProjectMembershipPageTests(PersonaTestCase):
    def test_coordinator_adds_and_removes_a_project_by_hand(self):
        from tuijin.projects.models import ProjectList

        batch = ProjectList.objects.create(name="春季集中开工", year=2026, region=self.city)
        self.client.force_login(self.coordinator)
        url = reverse("projects:project_membership", args=[self.project_a.pk])
        self.client.post(url, {"project_list": batch.pk})
        self.assertTrue(batch.memberships.filter(project=self.project_a).exists())
        self.client.post(url, {"project_list": batch.pk, "action": "remove"})
        self.assertFalse(batch.memberships.filter(project=self.project_a).exists())

    def test_a_county_cannot_change_a_city_list(self):
        from tuijin.projects.models import ProjectList

        batch = ProjectList.objects.create(name="春季集中开工", year=2026, region=self.city)
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_membership", args=[self.project_a.pk]),
                                    {"project_list": batch.pk})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(batch.memberships.exists())


class RegionFilterChoicesTests(PersonaTestCase):
    """The district filter offers the regions a user can see projects in, not every district and the city."""

    def offered(self, url_name, user):
        self.client.force_login(user)
        response = self.client.get(reverse(url_name))
        self.assertEqual(response.status_code, 200)
        return [str(label) for value, label in response.context["filter"].form.fields["region"].choices if value]

    def test_district_clerk_is_offered_its_district_and_zone_only(self):
        self.assertEqual(self.offered("projects:project_list", self.region_a_editor), ["双台子区", "双台子园区"])

    def test_city_coordinator_is_offered_the_city_and_every_district(self):
        self.assertEqual(self.offered("projects:project_list", self.coordinator),
                         ["盘锦市", "双台子区", "双台子园区", "兴隆台区"])

    def test_department_reaching_projects_anywhere_is_offered_every_region(self):
        self.assertEqual(len(self.offered("projects:project_list", self.department)), 4)

    def test_problem_and_report_filters_follow_the_same_rule(self):
        self.assertEqual(self.offered("problems:problem_list", self.region_b_editor), ["兴隆台区"])

    def test_change_log_filter_offers_the_users_regions_only(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("audit:list"))
        self.assertEqual(response.status_code, 200)
        offered = [label.strip("　") for value, label in response.context["filter"].form.fields["region"].choices if value]
        self.assertEqual(offered, ["双台子区", "双台子园区"])
