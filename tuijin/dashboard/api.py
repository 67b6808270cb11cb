"""GET /api/v1/todo/: the user's 待办, the same sections as its home page, for a client or a mobile shell."""

from dataclasses import asdict

from rest_framework import viewsets
from rest_framework.response import Response

from .todo import todo_for

API_ITEMS = 50


class TodoViewSet(viewsets.ViewSet):
    def list(self, request):
        return Response([asdict(section) for section in todo_for(request.user, shown=API_ITEMS)])
