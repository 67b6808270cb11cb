"""The content security policy (form-action, base-uri, frame-ancestors) leaves the pages that post forms or
run scripts working: the 前期手续 tab with its chart and attachment form, the admin, the API docs.
A page planted as a procedure attachment is refused on that tab."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tuijin.approvals.models import ProcedureType, ProjectProcedure

from .test_procedures import world  # noqa: F401 (the fixture: personas, the project, two procedure types)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planted(world):  # noqa: F811
    ProjectProcedure.objects.create(project=world.project, procedure_type=ProcedureType.objects.get(
        name="项目审批/核准/备案"), status="in_progress", applied_on=datetime.date.today() - datetime.timedelta(days=20))
    get_user_model().objects.create_superuser("root", password="tuijin-demo")
    return world


@pytest.fixture
def signed_in(new_page, login):
    """`signed_in(username, violations)`: a new page logged in as `username` (None: not logged in), its
    policy violations collected into `violations`."""

    def open_page(username, violations):
        page = new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        if username:
            login(page, username)
        return page

    return open_page


def test_pages_work_under_the_policy_and_a_planted_page_is_refused(live_server, signed_in, shot, planted, tmp_path):
    base = live_server.url
    violations = []
    editor = signed_in("region_a", violations)
    editor.goto(f"{base}/projects/{planted.project.pk}/#tab-approvals")
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

    docs = signed_in("coordinator", violations)
    docs.goto(f"{base}/api/docs/")
    docs.locator(".swagger-ui .info .title").wait_for()
    docs.locator(".opblock").first.wait_for()
    shot(docs, "planted-api-docs")

    admin = signed_in(None, violations)
    admin.goto(f"{base}/admin/login/")
    admin.fill("#id_username", "root")
    admin.fill("#id_password", "tuijin-demo")
    admin.click("input[type=submit]")
    admin.locator("#site-name").wait_for()
    admin.wait_for_url(f"{base}/admin/")
    shot(admin, "planted-admin")
    assert violations == []


def test_a_png_named_html_shows_as_a_photo_not_a_page(live_server, signed_in, shot, planted, tmp_path):
    from decimal import Decimal

    from PIL import Image

    from tuijin.progress import services
    from tuijin.progress.models import ReportingPeriod

    project = planted.project
    project.stage, project.actual_start = "construction", datetime.date(2026, 1, 10)
    project.save()
    period = ReportingPeriod.objects.create(region=planted.city, year=2026, month=11,
                                            deadline=datetime.date(2026, 11, 25))
    report, _ = services.save_report(project, period, {"completed": Decimal("5")}, actor=planted.region_a_editor)
    planted = Path(tmp_path) / "phish.html"
    Image.new("RGB", (320, 200), "#206bc4").save(planted, "PNG")

    base = live_server.url
    violations = []
    editor = signed_in("region_a", violations)
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
    assert violations == []
