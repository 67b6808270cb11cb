"""The read rules of problems and decisions: "open" and "overdue", written once.

Overdue means still open and its deadline day has passed: "每月N日前" includes day N, so a problem due
today is not overdue until tomorrow (Asia/Shanghai). A problem without a deadline (a year the holiday
calendar lacks) is never overdue. Pages, filters, the API, the dashboard and the overdue job all read
these methods; an aggregate that needs the rule as a condition uses the `*_q` functions beside them.
"""

from django.db.models import Q

from tuijin.core.dates import today
from tuijin.core.querysets import ScopedQuerySet

from .choices import OPEN_STATUSES, DecisionStatus, ProblemStatus


def problem_open_q(prefix=""):
    """Open problems; `prefix` reaches them through a relation ("problems__" from a project)."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES})


def problem_solved_q(prefix=""):
    """Confirmed solved by the raiser, closed (销号) or not yet."""
    return Q(**{f"{prefix}status__in": [ProblemStatus.SOLVED, ProblemStatus.CLOSED]})


def problem_overdue_q(on=None, prefix=""):
    return problem_open_q(prefix) & Q(**{f"{prefix}deadline__lt": on or today()})


def is_past(deadline, on=None):
    """The same rule for one object already loaded: the deadline day itself is not past."""
    return deadline is not None and deadline < (on or today())


def is_held(date, on=None):
    """A meeting is 已召开 from its day on (Asia/Shanghai); one dated after `on` is 待召开."""
    return date <= (on or today())


class MeetingQuerySet(ScopedQuerySet):
    def held(self, on=None):
        """已召开: dated `on` (default today in Asia/Shanghai) or before; later ones are 待召开."""
        return self.filter(date__lte=on or today())


class ProblemQuerySet(ScopedQuerySet):
    def open(self):
        """待交办, 办理中 or 已答复: not yet confirmed solved or closed."""
        return self.filter(problem_open_q())

    def solved(self):
        """已解决 or 已销号: what the problem-solving rate counts."""
        return self.filter(problem_solved_q())

    def overdue(self, on=None):
        """Open, with a deadline before `on` (default today in Asia/Shanghai)."""
        return self.filter(problem_overdue_q(on))


class DecisionQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=DecisionStatus.OPEN)

    def overdue(self, on=None):
        """督办中, with a deadline before `on` (default today in Asia/Shanghai)."""
        return self.open().filter(deadline__lt=on or today())
