"""Issue 17: a department opens, read-only, the project of a procedure it issues, from its own page."""

import re

import pytest

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.testing import make_project

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_department_opens_the_project_of_its_procedure(live_server, as_user, personas, shot):
    # A project in region B that 市工业和信息化局 neither leads nor is responsible for: only its permit links them.
    project = make_project(personas.region_b, name="兴隆台物流园项目")
    permit, _ = ProcedureType.objects.get_or_create(name="施工许可证", defaults={"stage": "permit",
                                                                             "limit_days": 20})
    ProjectProcedure.objects.create(project=project, procedure_type=permit, department=personas.dept_x,
                                    status="in_progress")
    department = as_user("dept_x")
    department.goto(f"{live_server.url}/approvals/departments/{personas.dept_x.pk}/")
    department.click(f"a[href^='{project.get_absolute_url()}']")
    department.wait_for_url(re.compile(re.escape(project.get_absolute_url()) + "(#.*)?$"))
    assert "兴隆台物流园项目" in department.locator("h1").first.inner_text()
    assert department.locator(f"a[href$='/projects/{project.pk}/edit/']").count() == 0  # read-only: no 编辑
    shot(department, "department-opens-its-procedure-project")
