"""The stored working-day index: the SQL clock gives the Python clock's answer, and follows the calendar."""

import datetime as dt
import random
from io import StringIO

from django.core.management import call_command
from django.db.models import DateField, Value
from django.test import TestCase

from tuijin.core.models import WorkCalendarDay, WorkCalendarYear, WorkdayIndex
from tuijin.core.workdays import CalendarNotCovered, WorkCalendar, elapsed_workdays, rebuild_index

D = dt.date


def sql_between(pairs):
    """Working days for each (start, end) pair, counted by the database through the index, in one query."""
    anchor = WorkdayIndex.objects.order_by("date")[:1]
    queries = [WorkdayIndex.objects.filter(pk__in=anchor)
               .annotate(a=Value(start, DateField()), b=Value(end, DateField()))
               .annotate(days=elapsed_workdays("a", "b")).values_list("days", flat=True) for start, end in pairs]
    return [row for query in queries for row in query]


def python_between(calendar, start, end):
    try:
        return calendar.between(start, end)
    except CalendarNotCovered:
        return None


class WorkdayIndexTests(TestCase):
    def test_the_index_agrees_with_the_python_clock_on_random_pairs(self):
        rng = random.Random(15)
        # Around the 2025 Spring Festival (28 Jan–4 Feb off, Sun 26 Jan and Sat 8 Feb worked) and National Day
        # (1–8 Oct off, Sun 28 Sep and Sat 11 Oct worked), across year ends, into the uncovered 2027.
        windows = [(D(2025, 1, 15), D(2025, 2, 20)), (D(2025, 9, 20), D(2025, 10, 20)),
                   (D(2024, 12, 20), D(2026, 1, 10)), (D(2026, 12, 1), D(2027, 3, 1)), (D(2004, 1, 1), D(2026, 12, 31))]
        pairs = []
        for low, high in windows:
            span = (high - low).days
            for _ in range(60):
                a, b = sorted(low + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(2))
                pairs.append((a, b) if rng.random() < 0.9 else (b, a))
        calendar = WorkCalendar()
        self.assertEqual(sql_between(pairs), [python_between(calendar, a, b) for a, b in pairs])
        # By hand: 2025 春节, Fri 24 Jan → Fri 7 Feb: Sun 26, Mon 27 Jan, Wed 5, Thu 6, Fri 7 Feb = 5.
        # 国庆, Fri 26 Sep → Sat 11 Oct: Sun 28, Mon 29, Tue 30 Sep, Thu 9, Fri 10, Sat 11 Oct = 6.
        self.assertEqual(sql_between([(D(2025, 1, 24), D(2025, 2, 7)), (D(2025, 9, 26), D(2025, 10, 11))]), [5, 6])

    def test_a_year_nobody_covered_is_null_never_a_guess(self):
        # 2027 is in neither the package nor the admin's table: a clock reaching it is unknown.
        self.assertEqual(sql_between([(D(2026, 12, 20), D(2027, 1, 10)), (D(2027, 1, 4), D(2027, 1, 8)),
                                      (D(2027, 1, 8), D(2027, 1, 4))]), [None, None, 0])
        self.assertFalse(WorkdayIndex.objects.filter(date__year=2027).exists())

    def test_the_admins_year_enters_the_index_when_saved_and_leaves_when_deleted(self):
        year = WorkCalendarYear.objects.create(year=2027, source="测试安排")
        WorkCalendarDay.objects.create(calendar_year=year, date=D(2027, 1, 1), name="元旦")
        # 31 Dec 2026 (Thu) → 10 Jan 2027: Fri 1 Jan off; 4–8 Jan five days = 5.
        self.assertEqual(sql_between([(D(2026, 12, 31), D(2027, 1, 10))]), [5])
        WorkCalendarDay.objects.create(calendar_year=year, date=D(2027, 1, 9), is_workday=True, name="调休")
        self.assertEqual(sql_between([(D(2026, 12, 31), D(2027, 1, 10))]), [6])  # Saturday 9 Jan worked
        year.delete()
        self.assertEqual(sql_between([(D(2026, 12, 31), D(2027, 1, 10))]), [None])

    def test_a_gap_between_covered_years_is_not_bridged(self):
        # 2028 entered, 2027 not: within 2028 the clock counts, across 2027 it does not; a clock started on
        # 31 December 2027 counts only 2028's days, as the Python clock does.
        WorkCalendarYear.objects.create(year=2028)
        pairs = [(D(2028, 1, 3), D(2028, 1, 10)), (D(2026, 12, 1), D(2028, 1, 10)), (D(2027, 12, 31), D(2028, 1, 10))]
        calendar = WorkCalendar()
        self.assertEqual(sql_between(pairs), [python_between(calendar, a, b) for a, b in pairs])
        # Mon 3 Jan 2028 → Mon 10: 4–7 and 10 Jan = 5; from Fri 31 Dec 2027 (Sat 1 Jan): 3–7 and 10 Jan = 6.
        self.assertEqual(sql_between(pairs), [5, None, 6])

    def test_the_command_rebuilds_and_a_second_run_changes_nothing(self):
        WorkdayIndex.objects.filter(date__year=2025).delete()
        out = StringIO()
        call_command("rebuild_workdays", stdout=out)
        self.assertIn("365", out.getvalue())
        self.assertEqual(rebuild_index(), 0)
        self.assertEqual(WorkdayIndex.objects.get(date=D(2025, 12, 31)).running
                         - WorkdayIndex.objects.get(date=D(2024, 12, 31)).running, 248)  # the State Council's 2025 arrangement
