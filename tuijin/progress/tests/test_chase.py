"""催报 from 报送情况, the non-reporters' list as .xlsx, closing with a confirmation, reopening with a reason,
and the warning when a period is opened while another is still open."""

import datetime
import io
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tuijin.core.models import AuditEntry, Notification
from tuijin.progress import services
from tuijin.progress.models import ReportingPeriod
from tuijin.progress.testing import PeriodTestCase

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), BEIJING), tick=False)


class ChaseTests(PeriodTestCase):
    """Due in November (deadline 11-25): A and its zone's project (region A's editor fills both), B (region B's)."""

    def submit_b(self):
        report, _ = services.save_report(self.project_b, self.period, {"completed": Decimal("1")},
                                         actor=self.region_b_editor)
        services.submit_report(report, actor=self.region_b_editor)

    def test_chase_tells_each_district_editor_its_missing_projects_once_a_day(self):
        self.submit_b()
        with on(datetime.date(2026, 11, 27)):
            self.assertEqual(services.chase_non_reporters(self.period, actor=self.coordinator), 1)
            # The same day, a second click sends nothing new.
            self.assertEqual(services.chase_non_reporters(self.period, actor=self.coordinator), 0)
        notice = Notification.objects.get()
        # Region A's editor: A and the zone's project still missing (2); B was submitted, its editor is left alone.
        self.assertEqual((notice.user, notice.kind, notice.subject_id), (self.region_a_editor, "chase", self.period.pk))
        self.assertIn("项目办催报", notice.text)
        self.assertIn("您所辖仍有2个项目未报送", notice.text)
        self.assertEqual(notice.url, reverse("progress:batch", args=[self.period.pk]))
        entries = AuditEntry.objects.filter(kind="period.chase")
        self.assertEqual(entries.count(), 2)  # each click is on record, even one that told nobody new
        self.assertEqual(entries.first().actor, self.coordinator)
        with on(datetime.date(2026, 11, 28)):
            self.assertEqual(services.chase_non_reporters(self.period, actor=self.coordinator), 1)

    def test_chase_of_one_district_tells_only_its_editors(self):
        with on(datetime.date(2026, 11, 27)):
            services.chase_non_reporters(self.period, actor=self.coordinator, regions=[self.region_b])
        self.assertEqual([n.user for n in Notification.objects.all()], [self.region_b_editor])
        self.assertIn("仍有1个项目未报送", Notification.objects.get().text)

    def test_only_the_coordinator_chases(self):
        with self.assertRaises(PermissionDenied):
            services.chase_non_reporters(self.period, actor=self.region_a_editor)
        self.assertFalse(Notification.objects.exists())

    def test_a_closed_period_is_not_chased(self):
        services.close_period(self.period, actor=self.coordinator)
        with self.assertRaises(ValidationError):
            services.chase_non_reporters(self.period, actor=self.coordinator)

    def test_the_page_chases_and_says_how_many_were_told(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.period.get_absolute_url()).content.decode()
        self.assertIn('data-testid="chase"', page)
        with on(datetime.date(2026, 11, 27)):
            response = self.client.post(reverse("progress:period_chase", args=[self.period.pk]), follow=True)
        self.assertContains(response, "已催报：通知2人")  # region A's editor (2 missing), region B's (1)
        self.assertEqual(Notification.objects.filter(kind="chase").count(), 2)

    def test_the_page_chases_one_district_from_its_row(self):
        self.client.force_login(self.coordinator)
        with on(datetime.date(2026, 11, 27)):
            self.client.post(reverse("progress:period_chase", args=[self.period.pk]), {"region": self.region_a.pk})
        self.assertEqual([n.user for n in Notification.objects.all()], [self.region_a_editor])

    def test_a_district_editor_may_not_chase(self):
        self.client.force_login(self.region_a_editor)
        self.assertNotContains(self.client.get(self.period.get_absolute_url()), 'data-testid="chase"')
        response = self.client.post(reverse("progress:period_chase", args=[self.period.pk]))
        self.assertEqual(response.status_code, 403)


class NonReporterExportTests(PeriodTestCase):
    def rows(self, user, day):
        self.client.force_login(user)
        with on(day):
            response = self.client.get(reverse("progress:period_missing", args=[self.period.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn(".xlsx", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        return values[0][0], values[1], values[2:]

    def test_the_list_gives_each_missing_project_its_state_and_days_late(self):
        services.save_report(self.project_a, self.period, {"completed": Decimal("5")}, actor=self.region_a_editor)
        zone, _ = services.save_report(self.project_zone, self.period, {"completed": Decimal("1")},
                                       actor=self.region_a_editor)
        services.submit_report(zone, actor=self.region_a_editor)
        services.return_report(zone, actor=self.region_a_reviewer, reason="数字有误")
        title, header, rows = self.rows(self.coordinator, datetime.date(2026, 11, 28))
        self.assertIn("2026年11月", title)
        self.assertEqual(header, ["区域", "项目", "项目单位", "填报人/联系人", "状态", "逾期天数（自然日）"])
        # 11-28 is 3 calendar days after the deadline 11-25.
        by_project = {row[1]: row for row in rows}
        self.assertEqual(set(by_project), {"双台子化工项目", "园区配套项目", "兴隆台道路项目"})
        self.assertEqual(by_project["双台子化工项目"][4:], ["草稿", 3])
        self.assertEqual(by_project["园区配套项目"][4:], ["退回", 3])
        self.assertEqual(by_project["兴隆台道路项目"][4:], ["未填", 3])
        self.assertEqual(by_project["兴隆台道路项目"][0], "兴隆台区")
        self.assertIn("region_b", by_project["兴隆台道路项目"][3])  # its district's editor
        self.assertEqual(by_project["双台子化工项目"][2], self.project_a.owner_unit)

    def test_a_submitted_project_is_not_listed_and_nothing_is_late_before_the_deadline(self):
        report, _ = services.save_report(self.project_b, self.period, {"completed": Decimal("1")},
                                         actor=self.region_b_editor)
        services.submit_report(report, actor=self.region_b_editor)
        _title, _header, rows = self.rows(self.coordinator, datetime.date(2026, 11, 20))
        self.assertEqual(sorted((row[1], row[5]) for row in rows), [("双台子化工项目", 0), ("园区配套项目", 0)])

    def test_a_district_editor_exports_only_its_own_projects(self):
        _title, _header, rows = self.rows(self.region_b_editor, datetime.date(2026, 11, 28))
        self.assertEqual([row[1] for row in rows], ["兴隆台道路项目"])


class ClosePeriodTests(PeriodTestCase):
    def test_closing_asks_for_confirmation_and_warns_before_the_deadline(self):
        self.client.force_login(self.coordinator)
        with on(datetime.date(2026, 11, 20)):
            page = self.client.get(self.period.get_absolute_url(), {"close": 1}).content.decode()
            self.assertIn("截止日前关闭，尚有3个项目未报送", page)  # A, the zone's, B: none submitted
            response = self.client.post(self.period.get_absolute_url())
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "请勾选“确认关闭”", status_code=400)
        self.assertFalse(self.refresh(self.period).is_closed)
        with on(datetime.date(2026, 11, 20)):
            self.client.post(self.period.get_absolute_url(), {"confirm": "on"})
        self.assertTrue(self.refresh(self.period).is_closed)

    def test_after_the_deadline_there_is_no_early_warning(self):
        self.client.force_login(self.coordinator)
        with on(datetime.date(2026, 11, 26)):
            page = self.client.get(self.period.get_absolute_url(), {"close": 1}).content.decode()
        self.assertIn('data-testid="close-confirm"', page)
        self.assertNotIn("截止日前关闭", page)


class ReopenPeriodTests(PeriodTestCase):
    def test_a_closed_period_is_reopened_with_a_reason(self):
        services.close_period(self.period, actor=self.coordinator)
        with self.assertRaises(ValidationError):
            services.reopen_period(self.period, actor=self.coordinator, reason="  ")
        services.reopen_period(self.period, actor=self.coordinator, reason="兴隆台区补报")
        period = self.refresh(self.period)
        self.assertFalse(period.is_closed)
        self.assertEqual((period.closed_at, period.closed_by), (None, None))
        entry = AuditEntry.objects.get(kind="period.reopen")
        self.assertEqual((entry.actor, entry.reason), (self.coordinator, "兴隆台区补报"))

    def test_an_open_period_is_not_reopened_and_a_district_editor_may_not(self):
        with self.assertRaises(ValidationError):
            services.reopen_period(self.period, actor=self.coordinator, reason="补报")
        services.close_period(self.period, actor=self.coordinator)
        with self.assertRaises(PermissionDenied):
            services.reopen_period(self.period, actor=self.region_a_editor, reason="补报")

    def test_the_page_reopens_with_the_reason_typed(self):
        services.close_period(self.period, actor=self.coordinator)
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(self.period.get_absolute_url()), 'data-testid="reopen"')
        url = reverse("progress:period_reopen", args=[self.period.pk])
        response = self.client.post(url, {"reason": ""})
        self.assertContains(response, "重新开启须写明原因", status_code=400)
        self.assertTrue(self.refresh(self.period).is_closed)
        self.assertRedirects(self.client.post(url, {"reason": "兴隆台区补报"}), self.period.get_absolute_url())
        self.assertFalse(self.refresh(self.period).is_closed)


class OpenWhileOpenTests(PeriodTestCase):
    def test_opening_while_another_is_open_warns_and_asks_to_confirm(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("progress:period_list"), {"year": 2026, "month": 12})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "2026年11月填报期尚未关闭")
        self.assertFalse(ReportingPeriod.objects.filter(month=12).exists())
        response = self.client.post(reverse("progress:period_list"), {"year": 2026, "month": 12, "confirm": "on"})
        december = ReportingPeriod.objects.get(year=2026, month=12)
        self.assertRedirects(response, december.get_absolute_url())

    def test_no_warning_when_every_other_period_is_closed(self):
        services.close_period(self.period, actor=self.coordinator)
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("progress:period_list"), {"year": 2026, "month": 12})
        self.assertEqual(response.status_code, 302)


class PeriodApiActionTests(PeriodTestCase):
    def client_for(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_the_api_chases_one_district_by_its_code(self):
        with on(datetime.date(2026, 11, 27)):
            response = self.client_for(self.coordinator).post(f"/api/v1/periods/{self.period.pk}/chase/",
                                                              {"regions": ["211103"]}, format="json")
        self.assertEqual(response.json(), {"told": 1})
        self.assertEqual([n.user for n in Notification.objects.all()], [self.region_b_editor])
        refused = self.client_for(self.region_a_editor).post(f"/api/v1/periods/{self.period.pk}/chase/")
        self.assertEqual(refused.status_code, 403)

    def test_the_api_reopens_with_a_reason(self):
        services.close_period(self.period, actor=self.coordinator)
        api = self.client_for(self.coordinator)
        url = f"/api/v1/periods/{self.period.pk}/reopen/"
        self.assertEqual(api.post(url, {"reason": ""}, format="json").status_code, 400)
        response = api.post(url, {"reason": "兴隆台区补报"}, format="json")
        self.assertEqual(response.json()["status"], "open")
        self.assertFalse(self.refresh(self.period).is_closed)
