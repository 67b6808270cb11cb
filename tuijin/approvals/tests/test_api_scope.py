"""API route of approvals: another district's procedure is 404."""

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.testing import PersonaTestCase
from tuijin.core.testing_views import ScopedApiChecks


class ProcedureApiScopeTests(ScopedApiChecks, PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        permit, _ = ProcedureType.objects.get_or_create(name="施工许可证")
        cls.procedure = ProjectProcedure.objects.create(project=cls.project_a, procedure_type=permit,
                                                        department=cls.dept_x)

    cases = [
        ("api:projectprocedure-detail", lambda t: {"pk": t.procedure.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
    ]
