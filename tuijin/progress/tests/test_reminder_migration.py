"""0018: the reminders of before the merge become notifications of kind "reminder", none lost, none twice."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("progress", "0017_amendment_by_the_coordinator"), ("core", "0005_notification_kind_and_subject")]
AFTER = [("progress", "0018_reminders_into_notifications")]


class ReminderMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_reminders_become_notifications_and_keep_what_the_inbox_already_had(self):
        apps = self.migrate(BEFORE)
        User, Region = apps.get_model("auth", "User"), apps.get_model("org", "Region")
        Period, Reminder = apps.get_model("progress", "ReportingPeriod"), apps.get_model("progress", "Reminder")
        Notification = apps.get_model("core", "Notification")
        clerk = User.objects.create(username="clerk")
        city = Region.objects.create(code="211100", name="盘锦市", kind="city", path="211100/")
        period = Period.objects.create(region=city, year=2026, month=11, deadline=datetime.date(2026, 11, 25))
        # The 23rd's reminder was posted to the inbox too, and read there; the 24th's never reached it.
        Reminder.objects.create(user=clerk, period=period, day=datetime.date(2026, 11, 23), text="还有2个", missing=2)
        read = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone.utc)
        Notification.objects.create(user=clerk, key=f"reminder:{period.pk}:2026-11-23", text="还有2个",
                                    url=f"/progress/{period.pk}/batch/", read_at=read)
        Reminder.objects.create(user=clerk, period=period, day=datetime.date(2026, 11, 24), text="还有1个", missing=1)

        apps = self.migrate(AFTER)
        rows = list(apps.get_model("core", "Notification").objects.order_by("key").values_list(
            "key", "kind", "subject_type", "subject_id", "text", "url", "read_at"))
        self.assertEqual(rows, [
            (f"reminder:{period.pk}:2026-11-23", "reminder", "progress.reportingperiod", period.pk, "还有2个",
             f"/progress/{period.pk}/batch/", read),
            (f"reminder:{period.pk}:2026-11-24", "reminder", "progress.reportingperiod", period.pk, "还有1个",
             f"/progress/{period.pk}/batch/", None),
        ])
