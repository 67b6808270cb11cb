"""Several 项目单位 in one project (issue 17): a list of units, with the joined text kept for search and exports."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tuijin.core.models import AuditEntry
from tuijin.core.testing import PersonaTestCase
from tuijin.projects.models import Project, split_owner_units

# The 成都龙泉驿区 2009 list row: one cell naming three owners.
CELL = "成都经济技术开发区管委会、龙泉驿区农村发展局；成都市兴龙投资有限公司"
UNITS = ["成都经济技术开发区管委会", "龙泉驿区农村发展局", "成都市兴龙投资有限公司"]


class OwnerUnitsTests(PersonaTestCase):
    def form_data(self, project, owner_units):
        return {"name": project.name, "code": project.code or "", "owner_units": owner_units,
                "region": project.region_id, "industry": project.industry, "category": project.category,
                "nature": project.nature, "total_investment": str(project.total_investment),
                "version": project.version, "coord_system": "wgs84", "change_reason": "按清单补全项目单位"}

    def test_a_published_cell_is_split_on_its_separators(self):
        self.assertEqual(split_owner_units(CELL), UNITS)
        self.assertEqual(split_owner_units("甲公司,乙公司，甲公司\n丙公司; "), ["甲公司", "乙公司", "丙公司"])

    def test_one_unit_a_line_is_saved_as_a_list_shown_as_a_list_and_logged(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("projects:project_edit", args=[self.project_a.pk]),
                                    self.form_data(self.project_a, "\n".join(UNITS)))
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get(pk=self.project_a.pk)
        self.assertEqual(project.owner_units, UNITS)
        self.assertEqual(project.owner_unit, "、".join(UNITS))  # what search, tables and exports read
        page = self.client.get(reverse("projects:project", args=[project.pk])).content.decode()
        for unit in UNITS:
            self.assertIn(f"<li>{unit}</li>", page)
        entry = AuditEntry.objects.filter(kind="project.update").latest("pk")
        self.assertEqual(entry.changes["项目单位"], ["盘锦测试有限公司", "、".join(UNITS)])
        self.assertEqual(project.history.first().owner_units, UNITS)

    def test_a_too_long_unit_is_refused_and_none_is_listed_to_complete(self):
        self.client.force_login(self.region_a_editor)
        url = reverse("projects:project_edit", args=[self.project_a.pk])
        page = self.client.post(url, self.form_data(self.project_a, "甲公司\n" + "乙" * 101)).content.decode()
        self.assertIn("每个项目单位不超过100字", page)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).owner_unit, "盘锦测试有限公司")
        # None at all (a list cell reading "待定"): saved, and the project page lists it as 待补充.
        self.client.post(url, self.form_data(self.project_a, " \n、"))
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).owner_units, [])
        self.assertIn("项目单位", [str(f) for f in Project.objects.get(pk=self.project_a.pk).pending_fields])
        self.assertContains(self.client.get(self.project_a.get_absolute_url()), 'data-testid="missing-documents"')

    def test_search_and_export_find_every_unit(self):
        self.project_a.set_owner_units(UNITS)
        self.project_a.save()
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("projects:project_list"), {"q": "兴龙投资"})
        self.assertEqual([row.record for row in response.context["table"].page.object_list], [self.project_a])
        sheet = load_workbook(io.BytesIO(self.client.get(reverse("projects:project_export"),
                                                         {"q": "兴龙投资", "columns": ["name", "owner_unit"]}).content)).active
        cells = [c.value for row in sheet.iter_rows() for c in row]
        self.assertIn("、".join(UNITS), cells)

    def test_text_set_by_an_import_is_split(self):
        self.project_a.owner_unit = CELL
        self.project_a.save()
        self.project_a.refresh_from_db()
        self.assertEqual(self.project_a.owner_units, UNITS)

    def test_the_api_reads_and_writes_the_list(self):
        client = APIClient()
        client.force_authenticate(self.coordinator)
        url = reverse("api:project-detail", args=[self.project_a.pk])
        self.assertEqual(client.get(url).json()["owner_units"], ["盘锦测试有限公司"])
        response = client.patch(url, {"owner_units": UNITS[:2], "version": self.project_a.version}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["owner_unit"], "成都经济技术开发区管委会、龙泉驿区农村发展局")
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).owner_units, UNITS[:2])
