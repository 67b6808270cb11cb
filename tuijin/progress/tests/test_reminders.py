import datetime
from decimal import Decimal
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command

from tuijin.core.models import Notification
from tuijin.progress import services
from tuijin.progress.testing import PeriodTestCase

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


class ReminderTests(PeriodTestCase):
    def run_command(self, day):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(8), BEIJING), tick=False):
            with self.captureOnCommitCallbacks(execute=True):
                out = StringIO()
                call_command("send_reminders", stdout=out)
        return out.getvalue()

    def test_editors_with_missing_projects_are_reminded_once_a_day(self):
        self.region_a_editor.email = "a@example.gov.cn"
        self.region_a_editor.save()
        report, _ = services.save_report(self.project_b, self.period, {"completed": Decimal("1")},
                                         actor=self.region_b_editor)
        services.submit_report(report, actor=self.region_b_editor)
        self.assertIn("1 条", self.run_command(datetime.date(2026, 11, 23)))
        # Region A's editor has projects A and its zone's still to report (B was submitted): 2 missing.
        reminder = Notification.objects.get()
        self.assertEqual((reminder.user, reminder.kind, reminder.subject_type, reminder.subject_id),
                         (self.region_a_editor, "reminder", "progress.reportingperiod", self.period.pk))
        self.assertIn("将于2026-11-25截止，您所辖还有2个项目未报送", reminder.text)
        self.assertEqual(reminder.url, f"/progress/{self.period.pk}/batch/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("0 条", self.run_command(datetime.date(2026, 11, 23)))
        self.assertEqual((len(mail.outbox), Notification.objects.count()), (1, 1))

    def test_nobody_is_reminded_long_before_the_deadline(self):
        self.assertIn("0 条", self.run_command(datetime.date(2026, 11, 10)))

    def test_after_the_deadline_the_text_says_so(self):
        self.run_command(datetime.date(2026, 11, 27))
        reminders = Notification.objects.filter(kind="reminder")
        self.assertTrue(all("已于2026-11-25截止" in r.text for r in reminders))
        self.assertEqual(reminders.count(), 2)
