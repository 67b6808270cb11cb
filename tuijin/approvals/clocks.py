"""Working-day clocks: how long each procedure has taken against its limit, and a project's whole chain
from its first application to its 施工许可 (the 长春 "51 working days" measure)."""

from collections import Counter
from dataclasses import dataclass

from tuijin.core.lib.numbers import median_shown
from tuijin.core.workdays import CalendarNotCovered

from .choices import ProcedureStatus


@dataclass
class Clock:
    days: int | None  # None: not started, or a year the calendar does not cover (see `note`)
    limit: int | None = None
    note: str = ""

    @property
    def over(self):
        return self.days is not None and self.limit is not None and self.days > self.limit


def procedure_clock(procedure, calendar, on):
    """Working days from application to approval (or to `on` while in progress)."""
    limit = procedure.procedure_type.limit_days
    if not procedure.required or procedure.status == ProcedureStatus.NOT_NEEDED or not procedure.applied_on:
        return Clock(None, limit)
    end = procedure.approved_on if procedure.status == ProcedureStatus.DONE and procedure.approved_on else on
    try:
        return Clock(calendar.between(procedure.applied_on, end), limit)
    except CalendarNotCovered as missing:
        return Clock(None, limit, str(missing))


@dataclass
class Chain:
    project: object
    first_applied: object
    permitted: object
    clock: Clock


def chains(procedures, calendar):
    """Per project with a 施工许可 issued: first application → permit, in working days.

    `procedures` are the rows to consider (already scoped), with procedure_type and project loaded.
    """
    first, permit, projects = {}, {}, {}
    for procedure in procedures:
        if not procedure.required or procedure.status == ProcedureStatus.NOT_NEEDED:
            continue
        projects[procedure.project_id] = procedure.project
        if procedure.applied_on and (procedure.project_id not in first or procedure.applied_on < first[procedure.project_id]):
            first[procedure.project_id] = procedure.applied_on
        if (procedure.procedure_type.is_construction_permit and procedure.status == ProcedureStatus.DONE
                and procedure.approved_on):
            permit[procedure.project_id] = procedure.approved_on
    result = []
    for project_id, permitted in permit.items():
        start = first.get(project_id, permitted)
        try:
            clock = Clock(calendar.between(start, permitted))
        except CalendarNotCovered as missing:
            clock = Clock(None, note=str(missing))
        result.append(Chain(projects[project_id], start, permitted, clock))
    return result


def summary(days_list, target):
    """(count, within target, share %, median, slowest) of known day counts; unknown ones are counted apart."""
    return counted_summary(Counter(days_list), target)


def counted_summary(counts, target):
    """`summary` of {days (None: unknown): how many}, as the board's grouped queries return them."""
    known = sorted((days, n) for days, n in counts.items() if days is not None)
    total = sum(n for _days, n in known)
    unknown = counts.get(None, 0)
    within = sum(n for days, n in known if days <= target)
    return {"count": total + unknown, "known": total, "unknown": unknown, "within": within,
            "share": round(within * 100 / total, 1) if total else None,
            "median": _median(known, total) if total else None, "slowest": known[-1][0] if known else None}


def _median(known, total):
    """The median over the sorted (days, n) pairs without expanding them: the middle one or two values."""
    wanted, seen, values = sorted({(total - 1) // 2, total // 2}), 0, []
    for days, n in known:
        while wanted and wanted[0] < seen + n:
            values.append(days)
            wanted.pop(0)
        seen += n
    return median_shown(values)


def clock_of(procedure, calendar, on):
    """The `Clock` of a procedure whose `elapsed` the database counted (`with_elapsed_workdays`); when it is
    unknown, the note names the year nobody covered."""
    limit = procedure.procedure_type.limit_days
    if procedure.elapsed is None and procedure.required and procedure.status != ProcedureStatus.NOT_NEEDED \
            and procedure.applied_on:
        done = procedure.status == ProcedureStatus.DONE and procedure.approved_on
        return Clock(None, limit, uncovered_note(procedure.applied_on, procedure.approved_on if done else on,
                                                 calendar))
    return Clock(procedure.elapsed, limit)


def uncovered_note(start, end, calendar):
    """Why a clock from `start` to `end` cannot be counted: the message naming the missing year."""
    try:
        calendar.between(start, end)
    except CalendarNotCovered as missing:
        return str(missing)
    return ""
