"""A mixin suite every scoped page is checked with: anonymous, no permission, in scope, out of scope."""

from django.urls import reverse


class ScopedViewChecks:
    """Subclasses set `cases`: (url name, kwargs builder, method, allowed user, denied-in-scope user or None,
    out-of-scope user). The out-of-scope user must get 404, never the object."""

    cases = ()

    def request(self, method, url, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.post(url, {}) if method == "post" else self.client.get(url)

    def test_every_case(self):
        for name, kwargs, method, allowed, denied, outsider in self.cases:
            url = reverse(name, kwargs=kwargs(self))
            with self.subTest(url=url, who="anonymous"):
                response = self.request(method, url, None)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])
            with self.subTest(url=url, who="in scope"):
                self.assertIn(self.request(method, url, allowed).status_code, (200, 400))
            if denied is not None:
                with self.subTest(url=url, who="no permission"):
                    self.assertEqual(self.request(method, url, denied).status_code, 403)
            if outsider is not None:
                with self.subTest(url=url, who="out of scope"):
                    self.assertEqual(self.request(method, url, outsider).status_code, 404)
