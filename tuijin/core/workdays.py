"""Working days under China's statutory holidays and adjusted working days (调休).

The `chinesecalendar` package knows the years the State Council has published; for later years the
admin enters them (`WorkCalendarYear` with its `WorkCalendarDay` rows), and a day entered there also
corrects the package. A date in a year nobody has covered raises `CalendarNotCovered`: a deadline or
a duration is then shown as unknown, never guessed from weekdays alone.
"""

import datetime

import chinese_calendar
from django.utils.translation import gettext as _

PACKAGE_YEARS = frozenset(day.year for day in chinese_calendar.holidays)
ONE_DAY = datetime.timedelta(days=1)


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
