"""`/favicon.ico`: browsers ask for it on every site whatever the page links; it leads to the app's icon."""

from django.shortcuts import redirect
from django.templatetags.static import static


def favicon(request):
    return redirect(static("tuijin/favicon.svg"), permanent=True)
