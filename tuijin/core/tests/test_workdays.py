"""Working days: statutory holidays and 调休 from chinesecalendar, the admin's table for later years."""

import datetime as dt

from django.test import TestCase

from tuijin.core.models import WorkCalendarDay, WorkCalendarYear
from tuijin.core.workdays import CalendarNotCovered, WorkCalendar, add_workdays, uncovered_years, workdays_between


class WorkdayTests(TestCase):
    def test_national_day_is_skipped_and_the_adjusted_saturday_counts(self):
        # 2026: 1–7 October off, Saturday 10 October a working day.
        self.assertEqual(add_workdays(dt.date(2026, 9, 30), 1), dt.date(2026, 10, 8))
        self.assertEqual(add_workdays(dt.date(2026, 9, 30), 3), dt.date(2026, 10, 10))
        self.assertEqual(workdays_between(dt.date(2026, 9, 28), dt.date(2026, 10, 12)), 6)

    def test_spring_festival_with_its_two_working_saturdays(self):
        # 2026 春节: off 16–20 and 23 February; Saturdays 14 and 28 February are worked.
        self.assertEqual(workdays_between(dt.date(2026, 2, 13), dt.date(2026, 2, 28)), 6)
        self.assertEqual(add_workdays(dt.date(2026, 2, 13), 2), dt.date(2026, 2, 24))

    def test_across_the_year_boundary(self):
        # 31 Dec 2025 (Wed) → 1 Jan off, 2 Jan off, 3 Jan Sat off, 4 Jan Sunday worked.
        self.assertEqual(add_workdays(dt.date(2025, 12, 31), 1), dt.date(2026, 1, 4))
        self.assertEqual(workdays_between(dt.date(2025, 12, 29), dt.date(2026, 1, 5)), 4)

    def test_a_year_the_package_lacks_is_refused_plainly(self):
        with self.assertRaises(CalendarNotCovered) as caught:
            add_workdays(dt.date(2026, 12, 30), 5)
        self.assertEqual(caught.exception.year, 2027)
        self.assertIn("2027年", str(caught.exception))
        self.assertEqual(uncovered_years([2026, 2027]), [2027])

    def test_the_admins_table_covers_a_missing_year(self):
        year = WorkCalendarYear.objects.create(year=2027, source="测试安排")
        WorkCalendarDay.objects.create(calendar_year=year, date=dt.date(2027, 1, 1), name="元旦")
        WorkCalendarDay.objects.create(calendar_year=year, date=dt.date(2027, 1, 9), is_workday=True, name="调休")
        calendar = WorkCalendar()
        self.assertFalse(calendar.is_workday(dt.date(2027, 1, 1)))  # a Friday, a holiday
        self.assertTrue(calendar.is_workday(dt.date(2027, 1, 9)))  # a Saturday, worked
        # 31 Dec 2026 (Thu) → Fri 1 Jan off → Mon 4, Tue 5.
        self.assertEqual(calendar.add(dt.date(2026, 12, 31), 2), dt.date(2027, 1, 5))
        self.assertEqual(uncovered_years([2027]), [])
