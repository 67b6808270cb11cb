"""Notifications on the home page: shown while unread, gone once read (in the inbox or by their link)."""

import datetime

import time_machine
from django.core.management import call_command

from tuijin.core.models import Notification
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.progress.testing import PeriodTestCase

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


class HomeRemindersTests(ScopedViewChecks, PeriodTestCase):
    hand_checked = ["notification_open"]  # test_another_users_notification_is_404_and_stays_unread

    def remind(self):
        # Two days before the 25 November deadline, nothing reported: region A's editor is reminded.
        with time_machine.travel(datetime.datetime(2026, 11, 23, 8, tzinfo=BEIJING), tick=False):
            call_command("send_reminders", stdout=open("/dev/null", "w"))

    def test_a_reminder_once_read_in_the_inbox_no_longer_shows_on_the_home_page(self):
        self.remind()
        self.client.force_login(self.region_a_editor)
        self.assertContains(self.client.get("/"), "将于2026-11-25截止")
        self.assertContains(self.client.get("/inbox/"), "将于2026-11-25截止")
        self.assertNotContains(self.client.get("/"), "将于2026-11-25截止")

    def test_following_a_notification_from_the_home_page_marks_it_read(self):
        self.remind()
        notification = Notification.objects.get(user=self.region_a_editor)
        self.client.force_login(self.region_a_editor)
        response = self.client.get(f"/inbox/{notification.pk}/")
        self.assertRedirects(response, f"/progress/{self.period.pk}/batch/", fetch_redirect_response=False)
        self.assertNotContains(self.client.get("/"), "将于2026-11-25截止")
        self.assertIsNotNone(Notification.objects.get(pk=notification.pk).read_at)

    def test_another_users_notification_is_404_and_stays_unread(self):
        self.remind()
        notification = Notification.objects.get(user=self.region_a_editor)
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.get(f"/inbox/{notification.pk}/").status_code, 404)
        self.assertIsNone(Notification.objects.get(pk=notification.pk).read_at)
