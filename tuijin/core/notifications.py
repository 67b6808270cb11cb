"""In-app notifications, mirrored by e-mail; each event reaches each person once."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Notification


def notify(users, key, text, url="", *, kind="", subject=None):
    """Post `text` to each user's inbox unless the event `key` already reached them; returns how many new.

    `kind` is a short code ("reminder", "return", "problem"…), by default the key's first word
    ("problem-raised:12" → "problem"); `subject` is the object the message is about, if any."""
    users = {user.pk: user for user in users if user is not None}
    already = set(Notification.objects.filter(user_id__in=users, key=key).values_list("user_id", flat=True))
    fresh = [user for pk, user in users.items() if pk not in already]
    kind = kind or key.split(":", 1)[0].split("-", 1)[0]
    about = {"subject_type": subject._meta.label_lower, "subject_id": subject.pk} if subject is not None else {}
    Notification.objects.bulk_create([Notification(user=user, key=key[:100], kind=kind[:20], text=text, url=url,
                                                   **about) for user in fresh], ignore_conflicts=True)
    addresses = [user.email for user in fresh if user.email]
    if addresses:
        transaction.on_commit(lambda: send_mail(_("【推进】%(t)s") % {"t": text[:40]}, f"{text}\n\n{settings.SITE_URL}{url}",
                                                None, addresses, fail_silently=True))
    return len(fresh)
