"""`/healthz/`: the smallest answer the app gives, for monitoring and as the load test's baseline."""

from django.http import HttpResponse


def healthz(request):
    """"ok" from a running app process: no login, no session, no database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
