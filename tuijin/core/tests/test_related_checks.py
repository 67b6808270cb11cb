"""Model validation asks the database about a related row only when it has not read it already."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from tuijin.core.testing import PersonaTestCase
from tuijin.progress.models import AnnualPlan


class RelatedRowChecks(PersonaTestCase):
    def test_a_related_row_given_by_its_id_is_looked_up_and_refused_when_missing(self):
        plan = AnnualPlan(project_id=999_999, year=2030, planned_investment=Decimal("1.00"))
        with self.assertRaises(ValidationError) as refused:
            plan.clean_fields()
        self.assertIn("project", refused.exception.message_dict)

    def test_a_related_object_read_from_the_database_is_not_asked_for_again(self):
        plan = AnnualPlan(project=self.project_a, year=2030, planned_investment=Decimal("1.00"))
        with self.assertNumQueries(0):
            plan.clean_fields()

    def test_an_unsaved_related_object_is_still_refused(self):
        from tuijin.projects.models import Project

        plan = AnnualPlan(project=Project(name="未保存的项目"), year=2030, planned_investment=Decimal("1.00"))
        with self.assertRaises(ValidationError) as refused:  # it has no id yet: the project is missing
            plan.clean_fields()
        self.assertIn("project", refused.exception.message_dict)
