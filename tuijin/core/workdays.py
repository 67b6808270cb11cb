"""Working days under China's statutory holidays and adjusted working days (调休).

The `chinesecalendar` package knows the years the State Council has published; for later years the
admin enters them (`WorkCalendarYear` with its `WorkCalendarDay` rows), and a day entered there also
corrects the package. A date in a year nobody has covered raises `CalendarNotCovered`: a deadline or
a duration is then shown as unknown, never guessed from weekdays alone.
"""

import datetime

import chinese_calendar
from django.dispatch import Signal
from django.utils.translation import gettext as _

PACKAGE_YEARS = frozenset(day.year for day in chinese_calendar.holidays)
ONE_DAY = datetime.timedelta(days=1)

# Sent (inside the rebuild's transaction) when `rebuild_index` changed the index: figures stored from it
# (e.g. the approvals app's finished clocks) are recomputed by their apps' receivers; core imports none of them.
index_rebuilt = Signal()


class CalendarNotCovered(ValueError):
    def __init__(self, year):
        self.year = year
        super().__init__(_("%(y)s年的法定节假日和调休安排尚未录入，无法计算工作日；请系统管理员在“工作日历”中补录该年")
                         % {"y": year})


class WorkCalendar:
    """One reading of the admin's table; use one instance for a page or a command run."""

    def __init__(self):
        from .models import WorkCalendarDay, WorkCalendarYear

        self.days = dict(WorkCalendarDay.objects.values_list("date", "is_workday"))
        self.admin_years = set(WorkCalendarYear.objects.values_list("year", flat=True))
        self._running = {}  # year → working days from 1 January through each day of it

    def covers(self, year):
        return year in PACKAGE_YEARS or year in self.admin_years

    def is_workday(self, day):
        if day in self.days:
            return self.days[day]
        if day.year in PACKAGE_YEARS:
            return chinese_calendar.is_workday(day)
        if day.year in self.admin_years:
            return day.weekday() < 5
        raise CalendarNotCovered(day.year)

    def add(self, start, count):
        """The date `count` working days after `start` (the start itself not counted)."""
        day = start
        while count > 0:
            day += ONE_DAY
            if self.is_workday(day):
                count -= 1
        return day

    def _running_counts(self, year):
        if year not in self._running:
            counts, total, day = [], 0, datetime.date(year, 1, 1)
            while day.year == year:
                total += self.is_workday(day)
                counts.append(total)
                day += ONE_DAY
            self._running[year] = counts
        return self._running[year]

    def _through(self, day):
        return self._running_counts(day.year)[day.timetuple().tm_yday - 1]

    def between(self, start, end):
        """Working days after `start` up to and including `end` (0 when `end` is not after `start`).

        Counted from running totals per year, so a board of many procedures costs a few list look-ups
        each, not a walk over every day between the dates.
        """
        if end <= start:
            return 0
        if start.year == end.year:
            return self._through(end) - self._through(start)
        # Only the days after `start` count: a start on 31 December does not need its year covered.
        count = 0 if (start.month, start.day) == (12, 31) else self._running_counts(start.year)[-1] - self._through(start)
        for year in range(start.year + 1, end.year):
            count += self._running_counts(year)[-1]
        return count + self._through(end)


def add_workdays(start, count):
    return WorkCalendar().add(start, count)


def workdays_between(start, end):
    return WorkCalendar().between(start, end)


def uncovered_years(years):
    calendar = WorkCalendar()
    return sorted(year for year in set(years) if not calendar.covers(year))


# The stored index (`WorkdayIndex`): the same clock as a table, so that a query can count working days.

def index_rows(calendar=None):
    """{date: (is_workday, running, covered_from)} for every covered year, as `WorkdayIndex` stores them."""
    calendar = calendar or WorkCalendar()
    rows, running, start, previous = {}, 0, None, None
    for year in sorted(PACKAGE_YEARS | calendar.admin_years):
        if previous != year - 1:  # a new run of covered years starts its count on the 31 December before it
            running, start = 0, datetime.date(year - 1, 12, 31)
            rows[start] = (None, 0, start)
        day = datetime.date(year, 1, 1)
        while day.year == year:
            workday = calendar.is_workday(day)
            running += workday
            rows[day] = (workday, running, start)
            day += ONE_DAY
        previous = year
    return rows


def rebuild_index():
    """Bring `WorkdayIndex` in line with the calendar; writes only the days that changed, returns how many."""
    from django.db import transaction

    from .models import WorkdayIndex

    wanted = index_rows()
    with transaction.atomic():
        have = {date: rest for date, *rest in
                WorkdayIndex.objects.values_list("date", "is_workday", "running", "covered_from")}
        stale = [date for date, row in have.items() if wanted.get(date) != tuple(row)]
        new = [WorkdayIndex(date=date, is_workday=w, running=r, covered_from=f)
               for date, (w, r, f) in wanted.items() if tuple(have.get(date, ())) != (w, r, f)]
        for i in range(0, len(stale), 500):
            WorkdayIndex.objects.filter(date__in=stale[i:i + 500]).delete()
        WorkdayIndex.objects.bulk_create(new, batch_size=1000)
        if stale or new:
            index_rebuilt.send(sender=WorkdayIndex)
    return len(stale) + len(new)


def elapsed_workdays(start, end):
    """The SQL of `WorkCalendar.between(start, end)` for two date fields or annotations of a queryset's model:
    NULL where a year between them is not covered, as the Python clock raises `CalendarNotCovered`."""
    from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When

    from .models import WorkdayIndex

    through_end = Subquery(WorkdayIndex.objects.filter(date=OuterRef(end), covered_from__lte=OuterRef(start))
                           .values("running")[:1])
    through_start = Subquery(WorkdayIndex.objects.filter(date=OuterRef(start)).values("running")[:1])
    return Case(When(**{f"{end}__lte": F(start)}, then=Value(0)), default=through_end - through_start,
                output_field=IntegerField())


def _index_after_migrate(using, **kwargs):
    from django.db import connections

    from .models import WorkdayIndex

    if WorkdayIndex._meta.db_table in connections[using].introspection.table_names():
        rebuild_index()


def _index_after_calendar_change(**kwargs):
    rebuild_index()


def connect_index_signals(app_config):
    """Cross-cutting machinery: the index follows the calendar — built on migrate (and after a test flush),
    rebuilt when the admin saves or deletes a calendar year or day."""
    from django.db.models.signals import post_delete, post_migrate, post_save

    from .models import WorkCalendarDay, WorkCalendarYear

    post_migrate.connect(_index_after_migrate, sender=app_config, dispatch_uid="workday_index_migrate")
    for model in (WorkCalendarYear, WorkCalendarDay):
        for signal in (post_save, post_delete):
            signal.connect(_index_after_calendar_change, sender=model,
                           dispatch_uid=f"workday_index_{id(signal)}_{model.__name__}")
