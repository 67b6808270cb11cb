"""Working-day clocks: how long each procedure has taken against its limit, and a project's whole chain
from its first application to its 施工许可 (the 长春 "51 working days" measure)."""

import statistics
from dataclasses import dataclass

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
    known = [d for d in days_list if d is not None]
    within = sum(1 for d in known if d <= target)
    return {"count": len(days_list), "known": len(known), "unknown": len(days_list) - len(known), "within": within,
            "share": round(within * 100 / len(known), 1) if known else None,
            "median": statistics.median(known) if known else None, "slowest": max(known) if known else None}
