from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.encoding import escape_uri_path
from django.views import View

from tuijin.problems.models import Meeting

from .minutes import build_minutes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MinutesView(LoginRequiredMixin, View):
    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("chair"), pk=pk)
        response = HttpResponse(build_minutes(meeting), content_type=DOCX)
        name = escape_uri_path(f"{meeting.title}纪要.docx")
        response["Content-Disposition"] = f"attachment; filename=\"minutes-{meeting.pk}.docx\"; filename*=UTF-8''{name}"
        return response
