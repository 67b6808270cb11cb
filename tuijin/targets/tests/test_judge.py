"""How a target stands, on numbers worked by hand."""

import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase

from tuijin.targets import judge

D = dt.date
START, YEAR_END, JUNE_END = D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 30)


class ReachedTests(SimpleTestCase):
    def test_chao_is_strictly_more_and_yishang_is_at_least(self):
        self.assertFalse(judge.reached("gt", 90, 90))  # 超过90个: 90 is not enough
        self.assertTrue(judge.reached("gt", 91, 90))
        self.assertTrue(judge.reached("gte", 90, 90))  # 90个以上: 90 is
        self.assertTrue(judge.reached("lte", Decimal("5.00"), 5))
        self.assertFalse(judge.reached("lte", Decimal("5.01"), 5))


class ExpectedTests(SimpleTestCase):
    def test_a_count_is_expected_in_proportion_to_the_days_gone(self):
        # 30 June is day 181 of 365: 90 × 181 / 365 = 44.63.
        self.assertEqual(judge.expected("gte", 90, START, YEAR_END, JUNE_END, proportional=True), Decimal("44.63"))
        # A June-end checkpoint: by 30 June all of it.
        self.assertEqual(judge.expected("gte", 40, START, JUNE_END, JUNE_END, proportional=True), Decimal("40.00"))

    def test_a_rate_or_an_upper_limit_is_expected_in_full(self):
        self.assertEqual(judge.expected("gte", 80, START, YEAR_END, JUNE_END, proportional=False), Decimal(80))
        self.assertEqual(judge.expected("lte", 5, START, YEAR_END, JUNE_END, proportional=True), Decimal(5))


class StatusTests(SimpleTestCase):
    def test_before_the_checkpoint_on_track_or_behind(self):
        self.assertEqual(judge.status("gte", 90, 45, Decimal("44.63"), checkpoint=YEAR_END, on=JUNE_END), judge.ON_TRACK)
        self.assertEqual(judge.status("gte", 90, 44, Decimal("44.63"), checkpoint=YEAR_END, on=JUNE_END), judge.BEHIND)
        self.assertEqual(judge.status("gt", 90, 91, Decimal("44.63"), checkpoint=YEAR_END, on=JUNE_END), judge.MET)

    def test_at_the_checkpoint_met_or_not(self):
        self.assertEqual(judge.status("gt", 90, 90, Decimal(90), checkpoint=JUNE_END, on=JUNE_END), judge.NOT_MET)
        self.assertEqual(judge.status("gte", 90, 90, Decimal(90), checkpoint=JUNE_END, on=JUNE_END), judge.MET)
        self.assertEqual(judge.status("gte", 90, None, Decimal(90), checkpoint=JUNE_END, on=JUNE_END), judge.NO_DATA)

    def test_the_gap_is_what_is_still_missing(self):
        self.assertEqual(judge.gap("gte", 90, 60), Decimal(30))
        self.assertEqual(judge.gap("lte", 5, 7), Decimal(2))  # 2 over the limit
        self.assertEqual(judge.gap("gte", 90, 95), Decimal(-5))
