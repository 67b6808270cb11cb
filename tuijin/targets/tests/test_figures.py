"""外部数据: entered by the project office of the region (page, .xlsx, API), audited, another region's 404; and
beside each FAI figure the platform's own investment completed for the same region and month."""

import datetime as dt
import io
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tuijin.core.models import AuditEntry
from tuijin.core.testing_views import ScopedApiChecks, ScopedViewChecks
from tuijin.progress.models import YearToDate
from tuijin.targets import services
from tuijin.targets.models import ExternalFigure

from .test_indicators import IndicatorWorld
from .test_targets import BEIJING

D = dt.date


def figure(region, kind="fai", month=6, value="20000.00", **more):
    return ExternalFigure(kind=kind, region=region, year=2026, month=month, value=Decimal(value),
                          source=more.pop("source", "市统计局"), reported_on=more.pop("reported_on", D(2026, 7, 15)),
                          **more)


@time_machine.travel(dt.datetime(2026, 7, 20, 10, tzinfo=BEIJING), tick=False)
class FigureWorld(IndicatorWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.city_fai = services.save_figure(figure(cls.city), actor=cls.coordinator)
        cls.b_fai = services.save_figure(figure(cls.region_b, value="6000.00"), actor=cls.coordinator)


class FigureServiceTests(FigureWorld):
    def test_the_project_office_enters_a_figure_with_audit_and_history(self):
        growth = services.save_figure(figure(self.city, kind="fai_growth", value="5.20"), actor=self.coordinator)
        self.assertEqual(growth.unit, "%")
        self.assertEqual(self.city_fai.unit, "万元")
        [entry] = AuditEntry.objects.filter(kind="figure.save", subject_id=growth.pk)
        self.assertEqual((entry.actor, entry.region_path), (self.coordinator, self.city.path))
        self.assertEqual(growth.history.get().history_user, self.coordinator)

    def test_a_district_editor_may_not_and_a_month_has_one_figure(self):
        with self.assertRaises(PermissionDenied):
            services.save_figure(figure(self.region_a), actor=self.region_a_editor)
        with self.assertRaises(ValidationError):
            services.save_figure(figure(self.city, value="1"), actor=self.coordinator)  # June's FAI exists
        self.assertEqual(ExternalFigure.objects.count(), 2)


class FigurePageTests(ScopedViewChecks, FigureWorld):
    cases = [("targets:figure", lambda t: {"pk": t.b_fai.pk}, "get", "coordinator", None, "region_a_editor"),
             ("targets:figure", lambda t: {"pk": t.b_fai.pk}, "post", "coordinator", None, "region_a_editor")]

    def test_the_list_shows_the_platforms_investment_beside_fai(self):
        YearToDate.objects.create(project=self.a1, year=2026, m06=Decimal("300.00"), m07=Decimal("400.00"))
        YearToDate.objects.create(project=self.b2, year=2026, m06=Decimal("200.00"))
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("targets:figure_list") + "?year=2026")
        self.assertContains(page, "市统计局")
        # City, June: the platform's 300.00 + 200.00 = 500.00 万 beside FAI 20,000.00 → 2.50 %; B: 200.00 of 6,000.00
        # → 3.33 %.
        self.assertContains(page, "500.00")
        self.assertContains(page, "2.50%")
        self.assertContains(page, "3.33%")
        narrowed = self.client.get(reverse("targets:figure_list") + "?year=2026&region=211103")
        self.assertEqual([f.region for f, _p, _s in narrowed.context["rows"]], [self.region_b])

    def test_the_form_adds_a_figure_and_a_district_editor_sees_only_its_own(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("targets:figure_list"), {
            "kind": "signed_amount", "region": self.region_a.pk, "year": 2026, "month": 6, "value": "88000",
            "source": "市商务局", "reported_on": "2026-07-10"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ExternalFigure.objects.get(kind="signed_amount").value, Decimal("88000.00"))
        self.client.force_login(self.region_a_editor)
        page = self.client.get(reverse("targets:figure_list") + "?year=2026")
        self.assertEqual([f.kind for f, _p, _s in page.context["rows"]], ["signed_amount"])
        self.assertIsNone(page.context["form"])
        self.assertEqual(self.client.post(reverse("targets:figure_list"), {}).status_code, 403)

    def test_correcting_a_figure(self):
        self.client.force_login(self.coordinator)
        url = reverse("targets:figure", args=[self.city_fai.pk])
        response = self.client.post(url, {"kind": "fai", "region": self.city.pk, "year": 2026, "month": 6,
                                          "value": "21000.50", "source": "市统计局（修订）",
                                          "reported_on": "2026-07-18"})
        self.assertEqual(response.status_code, 302)
        self.city_fai.refresh_from_db()
        self.assertEqual((self.city_fai.value, self.city_fai.source), (Decimal("21000.50"), "市统计局（修订）"))
        self.assertContains(self.client.get(url), "21000.50")


class FigureWorkbookTests(ScopedViewChecks, FigureWorld):
    def upload(self, rows, user=None):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "外部数据"
        sheet.append(["数据项", "区域", "年度", "月份", "数值", "单位", "来源", "发布日期", "备注"])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.client.force_login(user or self.coordinator)
        return self.client.post(reverse("targets:figure_excel"), {"year": 2026, "file": SimpleUploadedFile(
            "f.xlsx", buffer.getvalue())})

    def test_the_download_holds_the_years_figures(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("targets:figure_excel") + "?year=2026&download=1")
        sheet = load_workbook(io.BytesIO(response.content))["外部数据"]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
        self.assertEqual([(r[0], r[1], r[3], r[4]) for r in rows],
                         [("全社会固定资产投资", "盘锦市", 6, 20000), ("全社会固定资产投资", "兴隆台区", 6, 6000)])

    def test_an_upload_saves_every_row_or_none(self):
        bad = self.upload([["全社会固定资产投资增速", "盘锦市", 2026, 6, "5.2", "%", "市统计局", "2026-07-15", ""],
                           ["幸福指数", "盘锦市", 2026, 6, "1", "", "x", "2026-07-15", ""],
                           ["技改投资", "盘锦市", 2026, 13, "1", "", "x", "2026-07-15", ""],
                           ["技改投资", "盘锦市", 2026, 5, "1", "", "", "2026-07-15", ""]])
        self.assertEqual(bad.status_code, 400)
        errors = bad.context["errors"]
        self.assertEqual(len(errors), 3, errors)
        self.assertIn("第3行“A（数据项）”列：未知的数据项：幸福指数", errors[0])
        self.assertIn("第4行", errors[1])  # month 13
        self.assertIn("第5行“G（来源）”列：必填", errors[2])
        self.assertFalse(ExternalFigure.objects.filter(kind="fai_growth").exists())
        good = self.upload([["全社会固定资产投资增速", "盘锦市", 2026, 6, "5.2", "%", "市统计局", "2026-07-15", ""],
                            ["全社会固定资产投资", "盘锦市", 2026, 6, "20500", "万元", "市统计局", "2026-07-16", "修订"]])
        self.assertEqual(good.status_code, 302)
        self.assertEqual(ExternalFigure.objects.get(kind="fai_growth").value, Decimal("5.20"))
        self.city_fai.refresh_from_db()
        self.assertEqual((self.city_fai.value, self.city_fai.note), (Decimal("20500.00"), "修订"))  # corrected

    def test_a_district_editor_may_not_upload(self):
        self.assertEqual(self.upload([], user=self.region_a_editor).status_code, 403)


class FigureApiTests(ScopedApiChecks, FigureWorld):
    cases = [("api:externalfigure-detail", lambda t: {"pk": t.b_fai.pk}, "get", "coordinator", None,
              "region_a_editor")]

    def test_list_create_and_update(self):
        self.client.force_login(self.coordinator)
        listed = self.client.get("/api/v1/external-figures/?year=2026&region=211103").json()["results"]
        self.assertEqual([(f["region_code"], f["value"], f["unit"]) for f in listed], [("211103", "6000.00", "万元")])
        made = self.client.post("/api/v1/external-figures/", {
            "kind": "fai_growth", "region": self.city.pk, "year": 2026, "month": 6, "value": "5.20",
            "source": "市统计局", "reported_on": "2026-07-15"}, content_type="application/json")
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(made.json()["unit"], "%")
        again = self.client.post("/api/v1/external-figures/", {
            "kind": "fai_growth", "region": self.city.pk, "year": 2026, "month": 6, "value": "5.30",
            "source": "市统计局", "reported_on": "2026-07-15"}, content_type="application/json")
        self.assertEqual(again.status_code, 400)  # one a month
        fixed = self.client.patch(f"/api/v1/external-figures/{made.json()['id']}/", {"value": "5.30"},
                                  content_type="application/json")
        self.assertEqual((fixed.status_code, fixed.json()["value"]), (200, "5.30"))
        body = self.client.get("/api/v1/indicators/fai_growth/values/?scope=211100&year=2026").json()
        self.assertEqual(body["value"], "5.30")

    def test_a_district_editor_sees_its_own_and_may_not_write(self):
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get("/api/v1/external-figures/").json()["results"], [])
        refused = self.client.post("/api/v1/external-figures/", {
            "kind": "fai", "region": self.region_a.pk, "year": 2026, "month": 6, "value": "1",
            "source": "x", "reported_on": "2026-07-15"}, content_type="application/json")
        self.assertEqual(refused.status_code, 403)
