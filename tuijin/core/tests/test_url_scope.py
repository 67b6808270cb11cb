"""Every URL that names an object (root URLs, app URLs and API routes) has a registered case in which a
user of another region gets 404 (a `ScopedViewChecks` / `ScopedApiChecks` case or `hand_checked`)."""

from django.test import SimpleTestCase

from tuijin.core.testing_views import object_routes, out_of_scope_cases, routes


class UrlScopeCoverageTests(SimpleTestCase):
    def test_every_route_with_an_object_has_an_out_of_scope_case(self):
        checked = out_of_scope_cases()
        missing = sorted(f"{name}  ({route})" for name, route in object_routes().items() if name not in checked)
        self.assertEqual(missing, [], "Routes without an out-of-scope 404 case; add one to the app's "
                                      "ScopedViewChecks/ScopedApiChecks cases:\n" + "\n".join(missing))

    def test_the_walk_reaches_root_app_and_api_routes(self):
        routes = object_routes()
        for name in ("leader", "meeting_minutes", "projects:project", "progress:row_save", "api:project-detail",
                     "api:problem-escalate"):
            self.assertIn(name, routes)
        # Lists, the API root and format suffixes name no object; the admin is checked on its own.
        for name in ("projects:project_list", "api:project-list", "api:api-root", "home"):
            self.assertNotIn(name, routes)
        self.assertFalse([name for name in routes if name.startswith("admin:")])

    def test_registered_names_are_real_routes(self):
        stale = sorted(set(out_of_scope_cases()) - set(routes()))
        self.assertEqual(stale, [], "Out-of-scope cases registered for routes that do not exist")
