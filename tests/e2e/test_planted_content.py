"""The content security policy (form-action, base-uri, frame-ancestors) leaves the pages that post forms or
run scripts working: the 前期手续 tab with its chart and attachment form, the admin, the API docs.
A page planted as a procedure attachment is refused on that tab."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.testing import Personas, make_project

from .test_monthly_cycle import login

pytestmark = pytest.mark.django_db(transaction=True)


class World(Personas):
    pass


@pytest.fixture
def world():
    World.build_personas()
    World.project = make_project(World.region_a, name="双台子化工项目", stage="preparation")
    approval, _ = ProcedureType.objects.get_or_create(name="项目审批/核准/备案", defaults={
        "stage": "land", "limit_days": 20, "sort_order": 0, "categories": ["industry"]})
    ProjectProcedure.objects.create(project=World.project, procedure_type=approval, status="in_progress",
                                    applied_on=datetime.date.today() - datetime.timedelta(days=20))
    for user in (World.region_a_editor, World.coordinator):
        user.set_password("tuijin-demo")
        user.save()
    get_user_model().objects.create_superuser("root", password="tuijin-demo")
    return World


def watch(page, violations):
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)


def test_pages_work_under_the_policy_and_a_planted_page_is_refused(live_server, browser, shot, world, tmp_path):
    base = live_server.url
    editor = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
    editor.set_default_timeout(15000)
    violations = []
    watch(editor, violations)
    login(editor, base, "region_a")
    editor.wait_for_url(lambda url: "/accounts/login/" not in url)
    editor.goto(f"{base}/projects/{world.project.pk}/#tab-approvals")
    editor.locator("[data-testid=timeline] canvas").wait_for()
    editor.locator("tr:has-text('项目审批/核准/备案') [data-testid=edit-procedure]").first.click()
    page_file = Path(tmp_path) / "phish.html"
    page_file.write_text("<script>alert(1)</script>")
    form = editor.locator("[data-testid='procedure-form-项目审批/核准/备案']")
    form.locator("input[type=file]").set_input_files(str(page_file))
    form.locator("button").click()
    editor.get_by_text("不能作为附件上传").wait_for()
    editor.locator("[data-testid=timeline] canvas").wait_for()
    shot(editor, "planted-procedure-attachment")

    docs = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    watch(docs, violations)
    login(docs, base, "coordinator")
    docs.wait_for_url(lambda url: "/accounts/login/" not in url)
    docs.goto(f"{base}/api/docs/")
    docs.locator(".swagger-ui .info .title").wait_for()
    docs.locator(".opblock").first.wait_for()
    shot(docs, "planted-api-docs")

    admin = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    watch(admin, violations)
    admin.goto(f"{base}/admin/login/")
    admin.fill("#id_username", "root")
    admin.fill("#id_password", "tuijin-demo")
    admin.click("input[type=submit]")
    admin.locator("#site-name").wait_for()
    admin.wait_for_url(f"{base}/admin/")
    shot(admin, "planted-admin")
    assert violations == []


def test_a_png_named_html_shows_as_a_photo_not_a_page(live_server, browser, shot, world, tmp_path):
    from decimal import Decimal

    from PIL import Image

    from tuijin.progress import services
    from tuijin.progress.models import ReportingPeriod

    world.project.stage, world.project.actual_start = "construction", datetime.date(2026, 1, 10)
    world.project.save()
    period = ReportingPeriod.objects.create(region=world.city, year=2026, month=11, deadline=datetime.date(2026, 11, 25))
    report, _ = services.save_report(world.project, period, {"completed": Decimal("5")}, actor=world.region_a_editor)
    planted = Path(tmp_path) / "phish.html"
    Image.new("RGB", (320, 200), "#206bc4").save(planted, "PNG")

    base = live_server.url
    editor = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page()
    editor.set_default_timeout(15000)
    login(editor, base, "region_a")
    editor.wait_for_url(lambda url: "/accounts/login/" not in url)
    editor.goto(f"{base}/progress/reports/{report.pk}/photos/")
    editor.locator("input[type=file]").set_input_files(str(planted))
    editor.get_by_role("button", name="上传").click()
    image = editor.locator("[data-testid=photos] img").first
    image.wait_for()
    editor.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=image.element_handle())
    shot(editor, "planted-photo")
    served = editor.request.get(base + image.get_attribute("src"))
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
