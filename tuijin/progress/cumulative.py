"""The `YearToDate` table, rebuilt from the monthly reports in one statement (SQLite and PostgreSQL)."""

from django.db import connection

MONTHS = range(1, 13)
TABLE = "progress_yeartodate"


def month_end(month):
    """The `YearToDate` column holding the year-to-date at the end of `month`."""
    return f"m{month:02d}"


def rebuild_year_to_date(project_ids=None):
    """Recompute the rows of the given projects (all projects when None) from their reports."""
    columns = ", ".join(month_end(m) for m in MONTHS)
    sums = ", ".join(f"SUM(CASE WHEN month <= {m} THEN completed ELSE 0 END)" for m in MONTHS)
    where, params = "", []
    if project_ids is not None:
        project_ids = list(project_ids)
        if not project_ids:
            return
        where = f"WHERE project_id IN ({', '.join(['%s'] * len(project_ids))})"
        params = project_ids
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} {where}", params)
        cursor.execute(f"INSERT INTO {TABLE} (project_id, year, {columns}, worked_months) "
                       f"SELECT project_id, year, {sums}, SUM(CASE WHEN completed > 0 THEN 1 ELSE 0 END) "
                       f"FROM progress_monthlyreport {where} GROUP BY project_id, year", params)
