"""Reminders become notifications of kind "reminder" (the one message model); the Reminder table goes in 0019.

Each reminder was posted to the inbox too, under the key below: that notification gets its kind and
subject (and keeps whether it was read); a reminder without one becomes a notification of its day."""

import datetime

from django.db import migrations

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def reminders_into_notifications(apps, schema_editor):
    Reminder = apps.get_model("progress", "Reminder")
    Notification = apps.get_model("core", "Notification")
    for reminder in Reminder.objects.order_by("pk").iterator(chunk_size=2000):
        key = f"reminder:{reminder.period_id}:{reminder.day.isoformat()}"
        about = {"kind": "reminder", "subject_type": "progress.reportingperiod", "subject_id": reminder.period_id}
        posted = Notification.objects.filter(user_id=reminder.user_id, key=key)
        if posted.exists():
            posted.update(**about)
            continue
        notification = Notification.objects.create(user_id=reminder.user_id, key=key, text=reminder.text,
                                                   url=f"/progress/{reminder.period_id}/batch/",
                                                   read_at=reminder.read_at, **about)
        sent = datetime.datetime.combine(reminder.day, datetime.time(8), BEIJING)
        Notification.objects.filter(pk=notification.pk).update(created_at=sent)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_notification_kind_and_subject"),
        ("progress", "0017_amendment_by_the_coordinator"),
    ]

    operations = [
        migrations.RunPython(reminders_into_notifications, migrations.RunPython.noop, elidable=True),
    ]
