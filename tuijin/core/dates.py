from django.utils import timezone


def today():
    """Today in Asia/Shanghai (TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()
