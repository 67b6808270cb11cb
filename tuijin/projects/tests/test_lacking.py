"""应配未配: one queryset rule, by the city's standards, read by the list filter, the home page and the project page."""

from decimal import Decimal

from django.urls import reverse

from tuijin.core.models import Setting
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project


class LackingTests(PersonaTestCase):
    def names(self, queryset):
        return set(queryset.values_list("name", flat=True))

    def test_the_standards_come_from_the_settings(self):
        # Defaults: a leader from 200000 万元 (兴隆台 250000 only), a secretary from 5000 万元 (化工 12000 has one).
        self.assertEqual(self.names(Project.objects.lacking_leader()), {"兴隆台道路项目"})
        self.assertEqual(self.names(Project.objects.lacking_secretary()), {"兴隆台道路项目"})
        Setting.put("leader_threshold", "10000")
        Setting.put("secretary_threshold", "3000")
        self.assertEqual(self.names(Project.objects.lacking_leader()), {"兴隆台道路项目", "双台子化工项目"})
        self.assertEqual(self.names(Project.objects.lacking_secretary()), {"兴隆台道路项目", "园区配套项目"})

    def test_a_withdrawn_project_lacks_nothing(self):
        make_project(self.region_a, name="已出库项目", total_investment=Decimal("300000"), stage=Stage.WITHDRAWN)
        self.assertNotIn("已出库项目", self.names(Project.objects.lacking_leader()))

    def test_the_project_page_says_what_it_lacks(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("projects:project", args=[self.project_b.pk]))
        self.assertContains(page, "尚未确定包保领导")
        self.assertContains(page, "尚未配备服务秘书")
        page = self.client.get(reverse("projects:project", args=[self.project_a.pk]))
        self.assertNotContains(page, "尚未确定包保领导")
        self.assertNotContains(page, "尚未配备服务秘书")
