from .models import Notification, Setting
from .scope import scope_of


def site(request):
    return {
        "demo_data": Setting.get_bool("demo_data"),
        "user_scope": scope_of(getattr(request, "user", None)),
        # Called by the template only where a user is logged in.
        "unread_notifications": lambda: Notification.objects.filter(user=request.user, read_at=None).count(),
    }
