"""Issue 17: the site has a favicon, and /favicon.ico (what browsers ask for unprompted) is not a 404."""

from django.contrib.staticfiles import finders
from django.test import TestCase

from tuijin.core.testing import PersonaTestCase


class FaviconTests(TestCase):
    def test_favicon_ico_answers_without_login_with_the_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertNotEqual(response.status_code, 404)
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("/static/tuijin/favicon.svg"))
        icon = finders.find("tuijin/favicon.svg")
        with open(icon, encoding="utf-8") as svg:
            self.assertIn("<svg", svg.read())


class FaviconLinkTests(PersonaTestCase):
    def test_pages_and_the_admin_link_the_icon(self):
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get("/"), 'rel="icon" href="/static/tuijin/favicon.svg"')
        self.client.logout()
        self.assertContains(self.client.get("/admin/login/"), 'rel="icon" href="/static/tuijin/favicon.svg"')
