"""API routes of problems and meetings: another district's problem, and the city's meeting, are 404 to a
district that is not on them, for reading and for every step."""

import datetime

from tuijin.core.testing_views import ScopedApiChecks
from tuijin.problems import services
from tuijin.problems.models import Meeting
from tuijin.problems.testing import ProblemTestCase

problem = lambda t: {"pk": t.problem.pk}  # noqa: E731


class ProblemApiScopeTests(ScopedApiChecks, ProblemTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.problem = services.raise_problem(cls.project_a, actor=cls.region_a_editor, category=cls.category,
                                             description="用地指标不足")
        cls.meeting = Meeting.objects.create(region=cls.city, kind="monthly", title="11月重大项目调度会",
                                             date=datetime.date(2026, 11, 20), chair=cls.leader,
                                             created_by=cls.coordinator)

    cases = [
        ("api:problem-detail", problem, "get", "region_a_editor", None, "region_b_editor"),
        *[(f"api:problem-{step}", problem, "post", "region_a_editor", None, "region_b_editor")
          for step in ("distribute", "answer", "confirm", "send-back", "close", "escalate", "instructions")],
        ("api:meeting-detail", lambda t: {"pk": t.meeting.pk}, "get", "coordinator", None, "region_b_editor"),
    ]
