"""Correcting how a list's columns are read, saving that as a named mapping and choosing it for the next file;
a large list read and saved by the task worker while the page shows how far it got."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tuijin.core import progress
from tuijin.core.testing import PersonaTestCase
from tuijin.exchange.models import ImportRow, ListMapping, ProjectImport
from tuijin.progress.tests.test_background_import import DATABASE_QUEUE, run_worker
from tuijin.projects.models import Project

from .test_import_command import LONGQUAN, workbook

# A district's own layout: the name under "工程", the money under "资金", neither a known spelling.
OWN_LAYOUT = [
    ["序号", "工程", "资金", "项目业主"],
    [1, "双台子区南环路改造", 1200, "区城投"],
    [2, "双台子区体育馆", "800", "区文体局"],
]


class ColumnMappingTests(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.region_a_editor)

    def upload(self, rows, **extra):
        data = workbook(rows).read_bytes()
        return self.client.post(reverse("exchange:upload"), {
            "region": self.region_a.pk, "file": SimpleUploadedFile("自编清单.xlsx", data), **extra})

    def test_the_clerk_sets_the_columns_reads_again_saves_the_mapping_and_chooses_it_next_time(self):
        self.upload(OWN_LAYOUT)
        batch = ProjectImport.objects.get()
        page = self.client.get(reverse("exchange:import", args=[batch.pk]))
        # 序号 and 项目业主 are known, 工程 and 资金 are not: no name column, nothing lands, and the page says so
        # and lists the columns to set.
        self.assertEqual(batch.counts.get("new", 0), 0)
        self.assertContains(page, "没有项目名称列")
        self.assertEqual([c["header"] for c in batch.columns], ["序号", "工程", "资金", "项目业主"])
        self.assertContains(page, 'name="column-资金"')
        columns = {"column-序号": "serial", "column-工程": "name", "column-资金": "total_investment",
                   "column-项目业主": "owner_units"}
        refused = self.client.post(reverse("exchange:import", args=[batch.pk]),
                                   {**columns, "column-工程": "", "recheck": "1"}, follow=True)
        self.assertContains(refused, "请指定哪一列是项目名称")
        self.client.post(reverse("exchange:import", args=[batch.pk]), {**columns, "recheck": "1"})
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.counts["new"], batch.counts["error"]), ("preview", 2, 0))
        self.client.post(reverse("exchange:import", args=[batch.pk]), {"mapping_name": "区自编表"})
        mapping = ListMapping.objects.get(name="区自编表")
        self.assertEqual(mapping.fields, {"序号": "serial", "工程": "name", "资金": "total_investment",
                                          "项目业主": "owner_units"})
        # The next file of that layout, with the saved mapping chosen on the upload page.
        self.assertContains(self.client.get(reverse("exchange:upload")), "区自编表")
        self.upload(OWN_LAYOUT + [[3, "双台子区图书馆", 300, "区文体局"]], mapping=mapping.pk)
        second = ProjectImport.objects.order_by("-pk").first()
        self.assertEqual((second.mapping, second.counts["new"]), (mapping, 3))
        self.client.post(reverse("exchange:import", args=[second.pk]), {"commit": "1"})
        self.assertEqual(Project.objects.get(name="双台子区体育馆").total_investment, 800)

    def test_another_districts_mapping_cannot_be_chosen(self):
        other = ListMapping.objects.create(region=self.region_b, name="乙区表", columns=[], created_by=self.region_b_editor)
        self.assertNotContains(self.client.get(reverse("exchange:upload")), "乙区表")
        response = self.upload(LONGQUAN, mapping=other.pk)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ProjectImport.objects.exists())


@override_settings(IMPORT_INLINE_MAX_BYTES=0, TASKS=DATABASE_QUEUE)
class BackgroundListTests(PersonaTestCase):
    def poll(self, batch):
        return self.client.get(reverse("exchange:import", args=[batch.pk]), headers={"HX-Request": "true"})

    def test_a_large_list_is_read_and_saved_by_the_worker_while_the_page_polls(self):
        self.client.force_login(self.region_a_editor)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("exchange:upload"), {
                "region": self.region_a.pk, "file": SimpleUploadedFile("大表.xlsx", workbook(LONGQUAN).read_bytes())})
        batch = ProjectImport.objects.get()
        page = self.client.get(reverse("exchange:import", args=[batch.pk]))
        self.assertContains(page, "排队等待读取")
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertNotContains(page, 'data-testid="commit-import"')
        # While the worker reads, the bar says how far (the sheet's height is known once it is opened).
        ProjectImport.objects.filter(pk=batch.pk).update(status=ProjectImport.CHECKING, done=1000, total=4000)
        self.assertContains(self.poll(batch), "正在读取和比对：第 1000 / 4000 行")
        self.assertContains(self.poll(batch), 'style="width: 25%"')
        ProjectImport.objects.filter(pk=batch.pk).update(status=ProjectImport.QUEUED, done=0, total=0)
        run_worker()
        self.assertEqual(self.poll(batch)["HX-Refresh"], "true")
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.counts["new"]), ("preview", 2))
        # Read again with 牵头协调部门 left out: the worker again, the lead kept nowhere this time.
        columns = {f"column-{c['header']}": c["field"] for c in batch.columns}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("exchange:import", args=[batch.pk]),
                             {**columns, "column-牵头协调部门": "", "recheck": "1"})
        self.assertContains(self.poll(batch), "排队等待读取")
        run_worker()
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.counts["new"]), ("preview", 2))
        self.assertEqual([c["field"] for c in batch.columns if c["header"] == "牵头协调部门"], [""])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("exchange:import", args=[batch.pk]), {"commit": "1"})
        self.assertContains(self.poll(batch), "正在保存，请稍候")  # the worker has not begun
        # While the worker saves (one transaction), the page reads how far it is from what the saving says.
        saving = progress.Progress(batch.progress_key, 120, step="projects")
        for _ in range(40):
            saving.advance()
        self.assertContains(self.poll(batch), "正在保存：第 40 / 120 个项目")
        self.assertContains(self.poll(batch), 'style="width: 33%"')
        saving.turn_to("plans")
        self.assertContains(self.poll(batch), "已保存 120 个项目，正在保存年度计划")
        saving.close()
        self.assertFalse(Project.objects.filter(name="龙泉山旅游环线").exists())
        run_worker()
        batch.refresh_from_db()
        self.assertEqual(batch.status, ProjectImport.COMMITTED)
        self.assertTrue(Project.objects.filter(name="龙泉山旅游环线", intake_pending=True, lead_department=None).exists())
        self.assertEqual(ImportRow.objects.filter(batch=batch, project__isnull=False).count(), 2)


class HeaderlessColumnsTests(PersonaTestCase):
    def test_a_table_without_a_header_lists_its_columns_by_letter_to_be_set(self):
        """2025年各省市重大项目汇总: no header, a category then a name; the amounts in a third column."""
        self.client.force_login(self.region_a_editor)
        rows = [["铁路", "京唐城际铁路北京隧道段", 1200], ["", "市郊铁路东北环线", 800], ["公路", "双台子区环城公路", 300]]
        self.client.post(reverse("exchange:upload"), {
            "region": self.region_a.pk, "file": SimpleUploadedFile("汇总.xlsx", workbook(rows).read_bytes())})
        batch = ProjectImport.objects.get()
        self.assertEqual([(c["header"], c["field"]) for c in batch.columns][:2], [("列A", "category"), ("列B", "name")])
        self.assertIn("列C", [c["header"] for c in batch.columns])
        self.client.post(reverse("exchange:import", args=[batch.pk]), {
            "column-列A": "category", "column-列B": "name", "column-列C": "total_investment", "recheck": "1"})
        batch.refresh_from_db()
        self.assertEqual(batch.counts["new"], 3)
        self.client.post(reverse("exchange:import", args=[batch.pk]), {"commit": "1"})
        loop = Project.objects.get(name="市郊铁路东北环线")
        self.assertEqual((loop.total_investment, loop.category), (800, "infrastructure"))  # 铁路 carried down
