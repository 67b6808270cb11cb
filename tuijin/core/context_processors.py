from .models import Setting
from .scope import scope_of


def site(request):
    return {
        "demo_data": Setting.get_bool("demo_data"),
        "user_scope": scope_of(getattr(request, "user", None)),
    }
