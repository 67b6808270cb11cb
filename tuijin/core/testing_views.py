"""A mixin suite every scoped page and API route is checked with: anonymous, no permission, in scope,
out of scope; and the registry the URL meta-test reads (every route with an object has an out-of-scope
404 case: `tuijin/core/tests/test_url_scope.py`)."""

import importlib
import pkgutil

from django.urls import URLResolver, get_resolver, reverse


class ScopedViewChecks:
    """Subclasses set `cases` on the class: (url name, kwargs builder, method, allowed user, denied-in-scope
    user or None, out-of-scope user or None). Users are named by their attribute on the test case
    ("region_b_editor"), so the URL meta-test can read the cases without a database. The out-of-scope
    user must get 404, never the object.

    `hand_checked`: url names whose out-of-scope 404 a hand-written test of the same class checks (an
    action with a parameter of its own, a file that has to be uploaded first …)."""

    cases = ()
    hand_checked = ()

    def who(self, user):
        return getattr(self, user) if isinstance(user, str) else user

    def request(self, method, url, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.post(url, {}) if method == "post" else self.client.get(url)

    def assert_refused_to_anonymous(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def assert_allowed(self, response, method):
        self.assertIn(response.status_code, (200, 400))

    def test_every_case(self):
        for name, kwargs, method, allowed, denied, outsider in self.cases:
            url = reverse(name, kwargs=kwargs(self))
            with self.subTest(url=url, who="anonymous"):
                self.assert_refused_to_anonymous(self.request(method, url, None))
            with self.subTest(url=url, who="in scope"):
                self.assert_allowed(self.request(method, url, self.who(allowed)), method)
            if denied is not None:
                with self.subTest(url=url, who="no permission"):
                    self.assertEqual(self.request(method, url, self.who(denied)).status_code, 403)
            if outsider is not None:
                with self.subTest(url=url, who="out of scope"):
                    self.assertEqual(self.request(method, url, self.who(outsider)).status_code, 404)


class ScopedApiChecks(ScopedViewChecks):
    """The same cases for API routes: anonymous gets 401, an in-scope reader gets the object (a POST
    action may still refuse the empty body, 400, or the role, 403, but never hides the object), the
    out-of-scope user 404."""

    def request(self, method, url, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        if method == "post":
            return self.client.post(url, {}, content_type="application/json")
        return self.client.get(url, HTTP_ACCEPT="application/json")

    def assert_refused_to_anonymous(self, response):
        self.assertEqual(response.status_code, 401)

    def assert_allowed(self, response, method):
        if method == "post":
            self.assertIn(response.status_code, (200, 400, 403))
        else:
            self.assertEqual(response.status_code, 200)


# --- the registry the URL meta-test reads --------------------------------------------------------

# Namespaces whose object routes are checked elsewhere: the admin's change pages are filtered by
# core.admin's scoped ModelAdmin and checked in projects/tests/test_admin.py.
NOT_WALKED = {"admin"}
# URL parameters that name no object.
NOT_AN_OBJECT = {"format"}


def routes(resolver=None, namespace="", prefix="", params=frozenset()):
    """{url name: (route, its parameters)} for every named route of the root URLconf, the app URLconfs
    it includes and the API routers alike (the admin's left out, see NOT_WALKED)."""
    resolver = resolver or get_resolver()
    found = {}
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        here = params | set(getattr(pattern, "converters", {})) | set(pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_WALKED:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(routes(entry, inner, prefix + str(pattern), frozenset(here)))
        elif entry.name:
            route, before = found.get(namespace + entry.name, (prefix + str(pattern), set()))
            found[namespace + entry.name] = (route, before | here)
    return found


def object_routes():
    """{url name: route} for the routes that name an object (a parameter other than a format)."""
    return {name: route for name, (route, params) in routes().items() if params - NOT_AN_OBJECT}


def test_modules(package="tuijin"):
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if ".tests." in info.name and info.name.rsplit(".", 1)[-1].startswith("test_"):
            yield importlib.import_module(info.name)


def out_of_scope_cases():
    """{url name: the test classes that check an out-of-scope user gets 404 there}."""
    checked = {}
    for module in test_modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, ScopedViewChecks) and value.__module__ == module.__name__:
                names = [case[0] for case in value.cases if case[5] is not None] + list(value.hand_checked)
                for name in names:
                    checked.setdefault(name, []).append(f"{module.__name__}.{value.__name__}")
    return checked
