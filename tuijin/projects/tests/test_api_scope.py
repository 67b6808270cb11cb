"""API routes of projects: another region's project is 404, as on the pages."""

from tuijin.core.testing import PersonaTestCase
from tuijin.core.testing_views import ScopedApiChecks

pk_a = lambda t: {"pk": t.project_a.pk}  # noqa: E731


class ProjectApiScopeTests(ScopedApiChecks, PersonaTestCase):
    cases = [
        ("api:project-detail", pk_a, "get", "region_a_editor", None, "region_b_editor"),
        # A reader in scope may not move the stage (403); the editor's empty body is refused (400).
        ("api:project-transition", pk_a, "post", "region_a_editor", "leader_user", "region_b_editor"),
        ("api:project-intake", pk_a, "post", "coordinator", "region_a_editor", "region_b_editor"),
    ]
