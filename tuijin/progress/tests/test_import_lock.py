"""While an import is being committed, a clerk's save waits for it and then reads what it wrote
(PostgreSQL; SQLite has a single writer and needs no lock)."""

import datetime
import threading
from decimal import Decimal
from unittest import skipUnless

from django.db import connection, connections, transaction
from django.test import TransactionTestCase

from tuijin.core.testing import Personas, make_project
from tuijin.progress import services
from tuijin.progress.models import MonthlyReport, ReportingPeriod


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class ImportLockTests(Personas, TransactionTestCase):
    def setUp(self):
        self.build_personas()
        self.project = make_project(self.region_a, name="双台子化工项目", stage="construction",
                                    actual_start=datetime.date(2026, 1, 10), total_investment=Decimal("10000"))
        self.october = ReportingPeriod.objects.create(region=self.city, year=2026, month=10,
                                                      deadline=datetime.date(2026, 10, 26))
        self.november = ReportingPeriod.objects.create(region=self.city, year=2026, month=11,
                                                       deadline=datetime.date(2026, 11, 25))

    def test_a_save_during_an_import_commit_waits_and_sees_the_imported_month(self):
        saved = threading.Event()
        outcome = {}

        def clerk_saves_november():
            try:
                report, _changed = services.save_report(self.project, self.november, {"completed": Decimal("30")},
                                                        actor=self.region_a_editor)
                outcome["since_start"] = report.since_start
            except Exception as error:  # reported to the test's thread
                outcome["error"] = error
            finally:
                saved.set()
                connections.close_all()

        with transaction.atomic():
            services.lock_reports()
            clerk = threading.Thread(target=clerk_saves_november)
            clerk.start()
            # The clerk's save cannot get past its FOR UPDATE read while the import holds the table.
            self.assertFalse(saved.wait(0.5))
            # What the import writes meanwhile: October's report (a plain create, as in the commit).
            MonthlyReport.objects.create(project=self.project, period=self.october, year=2026, month=10,
                                         completed=Decimal("100"), ytd=Decimal("100"), since_start=Decimal("100"))
        self.assertTrue(saved.wait(10))
        clerk.join()
        self.assertNotIn("error", outcome)
        # Read after the import committed: November's running sum counts October's 100.
        self.assertEqual(outcome["since_start"], Decimal("130.00"))

    def test_a_submission_during_an_import_commit_waits_and_submits_the_imported_figures(self):
        report, _changed = services.save_report(self.project, self.november, {"completed": Decimal("30")},
                                                actor=self.region_a_editor)
        submitted = threading.Event()
        outcome = {}

        def clerk_submits():
            try:
                outcome["report"] = services.submit_report(report, actor=self.region_a_editor)
            except Exception as error:  # reported to the test's thread
                outcome["error"] = error
            finally:
                submitted.set()
                connections.close_all()

        with transaction.atomic():
            services.lock_reports()
            clerk = threading.Thread(target=clerk_submits)
            clerk.start()
            self.assertFalse(submitted.wait(0.5))
            # The import rewrites the draft's figures, as its UPDATE does (status untouched).
            MonthlyReport.objects.filter(pk=report.pk).update(completed=Decimal("45"), version=report.version + 1)
        self.assertTrue(submitted.wait(10))
        clerk.join()
        self.assertNotIn("error", outcome)
        report.refresh_from_db()
        # Submitted after the import: the reviewer gets the imported 45, not a report changed under it.
        self.assertEqual((report.status, report.completed, report.version), ("submitted", Decimal("45.00"), 3))
