"""Headers every page carries: the content security policy forbids posting forms elsewhere, changing the
page's base URL and framing the platform."""

from django.test import TestCase
from django.urls import reverse


class ContentSecurityPolicyTests(TestCase):
    def test_forms_base_and_framing_are_limited(self):
        policy = self.client.get(reverse("login"))["Content-Security-Policy"]
        directives = {part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";")}
        self.assertEqual(directives["form-action"], "form-action 'self'")
        self.assertEqual(directives["base-uri"], "base-uri 'self'")
        self.assertEqual(directives["frame-ancestors"], "frame-ancestors 'none'")
        self.assertEqual(directives["script-src"], "script-src 'self'")
