"""The procedure lists page by page, slowest first, keeping their filters from page to page."""

import datetime as dt
from unittest import mock

from django.urls import reverse

from tuijin.core.testing import make_project

from .test_approvals import ApprovalTestCase, frozen, record

D = dt.date
TODAY = (2026, 6, 30)


class LongListTests(ApprovalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Five planning procedures over their 20-day limit, applied a week apart: the earliest is the slowest.
        cls.late = [record(make_project(cls.region_a, name=f"项目{i}"), cls.planning, D(2026, 3, 2) + dt.timedelta(weeks=i))
                    for i in range(5)]

    def get(self, url):
        with frozen(TODAY), mock.patch("tuijin.approvals.views.ROWS_PAGE", 2):
            return self.client.get(url)

    def test_over_limit_procedures_come_two_to_a_page_slowest_first_and_the_next_page_keeps_the_filter(self):
        self.client.force_login(self.coordinator)
        first = self.get(reverse("approvals:rows") + "?view=procedures&over=1")
        self.assertEqual([p.pk for p, _c in first.context["rows"]], [self.late[0].pk, self.late[1].pk])
        self.assertContains(first, "第 1 / 3 页，共 5 条")
        self.assertContains(first, 'href="?view=procedures&amp;over=1&amp;page=2"')
        last = self.get(reverse("approvals:rows") + "?view=procedures&over=1&page=3")
        self.assertEqual([p.pk for p, _c in last.context["rows"]], [self.late[4].pk])
        # A page past the end shows the last one rather than an error.
        self.assertEqual(self.get(reverse("approvals:rows") + "?view=procedures&over=1&page=9").context["page"].number, 3)

    def test_a_departments_procedures_page_counts_every_late_one_though_it_shows_two(self):
        self.client.force_login(self.coordinator)
        response = self.get(reverse("approvals:department", args=[self.dept_y.pk]))
        self.assertEqual(len(response.context["rows"]), 2)
        self.assertEqual(response.context["over"], 5)
        self.assertContains(response, "第 1 / 3 页，共 5 条")
