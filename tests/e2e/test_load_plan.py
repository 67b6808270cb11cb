"""A document loaded by `manage.py load_plan` shows on the targets page: its targets with their standing, its
tasks with their lead units, and a target's page gives the clause and the reading chosen."""

import io

import pytest
from django.core.management import call_command

from tuijin.targets.models import Target

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_loaded_plan_is_on_the_targets_page(live_server, as_user, shot, personas):
    call_command("load_plan", "changchun-2018", "--region", personas.city.code, stdout=io.StringIO())
    page = as_user("coordinator")
    page.goto(f"{live_server.url}/targets/?year=2018")
    page.locator("text=新开工亿元以上项目超过500个").first.wait_for()
    page.locator("text=问题解决机制").first.wait_for()
    shot(page, "load-plan-changchun-2018-list")
    target = Target.objects.get(plan__key="changchun-2018", title="新开工亿元以上项目超过500个")
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    page.locator("text=新开工亿元以上项目超过500个").first.wait_for()
    shot(page, "load-plan-changchun-2018-target")
