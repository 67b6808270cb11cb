"""The approvals board's stored figures, so that a page never reads every procedure:

- `ProjectProcedure.workdays`: a finished procedure's working days (set by its `save`);
- `ApprovalChain`: each project's chain from first application to 施工许可;
- `ProcedureTally`: finished procedures counted per region, type, department and working days.

Each procedure's save (a service, the admin, a test's `objects.create`) refreshes its project's chain and
its region's tally of that type in the same transaction (signals, `connect_signals`); bulk inserts (the demo
seed, the bench) and a calendar change rebuild them set-based (`rebuild_all`), one statement per table.
"""

from django.db import connection
from django.db.models import Count, F, Sum

from tuijin.core.models import WorkdayIndex
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of
from tuijin.projects.models import Project

from .choices import ProcedureStatus
from .models import ApprovalChain, ProcedureTally, ProjectProcedure

DONE = ProcedureStatus.DONE


def _tables():
    quote = connection.ops.quote_name
    return {"procedure": quote(ProjectProcedure._meta.db_table), "chain": quote(ApprovalChain._meta.db_table),
            "tally": quote(ProcedureTally._meta.db_table), "project": quote(Project._meta.db_table),
            "index": quote(WorkdayIndex._meta.db_table)}


def finished_workdays(procedure):
    """Working days from application to approval of a finished procedure, as `WorkCalendar.between` counts
    them through the index; None while open or when a year between the dates is not covered."""
    applied, approved = procedure.applied_on, procedure.approved_on
    if procedure.status != DONE or not applied or not approved:
        return None
    if approved <= applied:
        return 0
    rows = {day: (running, start) for day, running, start in
            WorkdayIndex.objects.filter(date__in=[applied, approved]).values_list("date", "running", "covered_from")}
    if applied not in rows or approved not in rows or rows[approved][1] > applied:
        return None
    return rows[approved][0] - rows[applied][0]


def _in(column, ids):
    ids = list(ids)
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def refresh_workdays():
    """Recompute every finished procedure's `workdays` from the index in one UPDATE (after a calendar change)."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"""
            UPDATE {t['procedure']} SET workdays = CASE
              WHEN status <> %s OR applied_on IS NULL OR approved_on IS NULL THEN NULL
              WHEN approved_on <= applied_on THEN 0
              ELSE (SELECT b.running - a.running FROM {t['index']} b, {t['index']} a
                    WHERE b.date = {t['procedure']}.approved_on AND b.covered_from <= {t['procedure']}.applied_on
                      AND a.date = {t['procedure']}.applied_on) END""", [DONE])


def rebuild_chains(project_ids=None):
    """Recompute the `ApprovalChain` rows of the given projects (every project when None) from their procedures."""
    t = _tables()
    procedures, where, params = ProjectProcedure.objects.all(), "", []
    if project_ids is not None:
        project_ids = list(project_ids)
        if not project_ids:
            return
        procedures = procedures.filter(project_id__in=project_ids)
        where, params = _in("project_id", project_ids)
    select, select_params = procedures.chain_sql(permitted_only=False)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['chain']} {'WHERE ' + where if where else ''}", params)
        cursor.execute(f"INSERT INTO {t['chain']} (project_id, region_id, year, first_applied, permitted, days) "
                       f"{select}", select_params)


def rebuild_tallies(region_ids=None, type_ids=None):
    """Recompute the `ProcedureTally` rows of the given regions and types (all when None)."""
    t = _tables()
    conditions, params = [], []
    for column, ids in (("pr.region_id", region_ids), ("p.procedure_type_id", type_ids)):
        if ids is not None:
            ids = [i for i in ids if i is not None]
            if not ids:
                return
            condition, values = _in(column, ids)
            conditions.append(condition)
            params += values
    delete_where = " AND ".join(c.replace("pr.", "").replace("p.", "") for c in conditions)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['tally']} {'WHERE ' + delete_where if delete_where else ''}", params)
        cursor.execute(f"""
            INSERT INTO {t['tally']} (region_id, procedure_type_id, department_id, workdays, n)
            SELECT pr.region_id, p.procedure_type_id, p.department_id, p.workdays, COUNT(*)
            FROM {t['procedure']} p JOIN {t['project']} pr ON pr.id = p.project_id
            WHERE p.status = %s AND p.required {''.join(' AND ' + c for c in conditions)}
            GROUP BY pr.region_id, p.procedure_type_id, p.department_id, p.workdays""", [DONE, *params])


def rebuild_all():
    """Every stored figure from the procedures and the index: after bulk inserts and calendar changes."""
    refresh_workdays()
    rebuild_chains()
    rebuild_tallies()


def refresh_project(project_id, type_ids, regions=()):
    """A project's procedures changed (of `type_ids`): its chain, and its region's tallies of those types."""
    rebuild_chains([project_id])
    region = Project.objects.filter(pk=project_id).values_list("region_id", flat=True).first()
    rebuild_tallies({region, *regions}, type_ids)


def _procedure_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_project(instance.project_id, [instance.procedure_type_id])


def _procedure_deleted(sender, instance, **kwargs):
    refresh_project(instance.project_id, [instance.procedure_type_id])


def _project_saved(sender, instance, created=False, raw=False, **kwargs):
    """A project moved to another region: its chain and both regions' tallies follow (one look-up per save)."""
    if created or raw:
        return
    old = (ApprovalChain.objects.filter(project_id=instance.pk).exclude(region_id=instance.region_id)
           .values_list("region_id", flat=True).first())
    if old is not None:
        refresh_project(instance.pk, None, regions=[old])


def _calendar_changed(sender, **kwargs):
    rebuild_all()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from tuijin.core.workdays import index_rebuilt

    post_save.connect(_procedure_saved, sender=ProjectProcedure, dispatch_uid="approvals_derived_saved")
    post_delete.connect(_procedure_deleted, sender=ProjectProcedure, dispatch_uid="approvals_derived_deleted")
    post_save.connect(_project_saved, sender=Project, dispatch_uid="approvals_derived_project")
    index_rebuilt.connect(_calendar_changed, dispatch_uid="approvals_derived_calendar")


# Reading them. The stored rows answer for users who see whole regions (the same rows `visible_to` gives
# through the projects' regions); a department's, a secretary's or an owner's view is a set of procedures,
# not of projects, so theirs (a small set) is still grouped from the procedures themselves.

def reads_stored(user):
    scope = scope_of(user)
    return scope.everything or not (scope.department_ids or scope.roles & {Role.SECRETARY, Role.OWNER})


def chain_counts(user, procedures):
    """[(year, region_id, days, n)] of the projects' chains `user` sees (`procedures`: the same, scoped)."""
    if not reads_stored(user):
        return procedures.chain_counts()
    rows = (ApprovalChain.objects.visible_to(user).filter(permitted__isnull=False)
            .values_list("year", "region_id", "days").annotate(n=Count("pk")).order_by())
    return list(rows)


def chain_rows(user, procedures, regions=None):
    """[(project_id, region_id, year, first_applied, permitted, days)] with a permit; `regions`: a subtree."""
    if not reads_stored(user):
        if regions is not None:
            procedures = procedures.filter(project__region__in=regions)
        return procedures.chain_rows()
    chains = ApprovalChain.objects.visible_to(user).filter(permitted__isnull=False)
    if regions is not None:
        chains = chains.filter(region__in=regions)
    return list(chains.values_list("project_id", "region_id", "year", "first_applied", "permitted", "days"))


def done_counts(user, procedures, on):
    """Rows of (procedure_type_id, department_id, elapsed, limit, n) over the finished procedures."""
    if not reads_stored(user):
        return list(procedures.filter(status=DONE).elapsed_counts("procedure_type_id", "department_id", on=on))
    return list(ProcedureTally.objects.visible_to(user)
                .values("procedure_type_id", "department_id", elapsed=F("workdays"),
                        limit=F("procedure_type__limit_days")).annotate(n=Sum("n")).order_by())
