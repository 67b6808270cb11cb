from django.utils import timezone


def today():
    """Today in Asia/Shanghai (TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


def day_start(day):
    """The first instant of a calendar day in Asia/Shanghai (TIME_ZONE), whatever the server's zone."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings

    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
