"""A list's row links, reversed once per table, are the records' own get_absolute_url."""

from tuijin.problems import services
from tuijin.problems.tables import ProblemTable
from tuijin.problems.testing import ProblemTestCase
from tuijin.projects.models import Project
from tuijin.projects.tables import ProjectTable


class TableLinkTests(ProblemTestCase):
    def test_the_link_of_a_row_is_its_records_page(self):
        problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                         description="用地指标不足")
        for table_class, record in ((ProjectTable, Project.objects.get(pk=self.project_a.pk)), (ProblemTable, problem)):
            with self.subTest(table=table_class.__name__):
                self.assertIsNotNone(table_class.link_url_name)
                self.assertEqual(table_class([]).link_of()(record), record.get_absolute_url())
