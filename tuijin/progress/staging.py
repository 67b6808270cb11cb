"""The statements behind an Excel import: sums read for the check, checked rows staged, the commit.

At 10,000 rows Django's per-object machinery (model instances, bulk_create, bulk_history_create, a
Python walk over every report to re-derive the running sums) cost seconds; the same work as a handful
of set-based statements costs milliseconds and holds nothing in memory. The statements run unchanged
on SQLite (3.33+, for UPDATE … FROM) and PostgreSQL. History is written here, for the service that
calls these, as STYLE.md asks of any bulk write on a tracked model.
"""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction

from .choices import ReportStatus
from .cumulative import MONTHS, month_end
from .models import FILLER_FIELDS, MONEY_FIELDS, ImportRow, MonthlyReport, YearToDate

REPORTS = MonthlyReport._meta.db_table
STAGED = ImportRow._meta.db_table
STAGED_COLUMNS = ["batch_id", "line", "project_id", "report_id", "version", *FILLER_FIELDS, "jump_flag",
                  "old_completed", "ytd_before", "since_start_before"]


class Past(NamedTuple):
    """A project's reports of other periods: what the amount rules and the running sums need, in whole
    cents like every amount the import handles (exact integers: a Decimal per value cost more than the
    rule it fed)."""

    total: int  # amounts are never negative, so this is also the total of the months with work
    months: int  # months with work done
    ytd_before: int  # this year, before the month
    since_start_before: int

    def without(self, stored):
        """The sums leaving out the month's own stored amount (`past_sums` reads every month)."""
        if not stored:
            return self
        return Past(self.total - stored, self.months - 1, self.ytd_before, self.since_start_before)


def _in(ids):
    return ", ".join(["%s"] * len(ids))


def _among(column, ids):
    """`column` is one of `ids`: (sql, params). PostgreSQL gets one array, planned in a fraction of the
    time of a 2,000-item IN list (and it then picks the index); SQLite has no arrays."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({_in(ids)})", list(ids)


def facts_reader(projects):
    """A function ids → {id: (name, stage, actual start, total investment in cents)} of the projects of a
    queryset (scoped by the caller) among those ids.

    The queryset is compiled once and each call narrows its SQL to the ids: compiling a 2,000-id filter
    cost as much as running it. Read without the ORM's per-value converters."""
    sql, params = projects.order_by().values_list("pk", "name", "stage", "actual_start",
                                                  "total_investment").query.sql_with_params()

    def read(ids):
        among, id_params = _among("p.pk", ids)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT p.pk, p.name, p.stage, p.actual_start, {_in_cents('p.total_investment')} "
                           f"FROM ({sql}) p WHERE {among}", [*params, *id_params])
            return {pk: (name, stage, date.fromisoformat(start) if type(start) is str else start, total)
                    for pk, name, stage, start, total in cursor.fetchall()}
    return read


def past_sums(period, project_ids):
    """{project id: `Past`}, read from the YearToDate table. The totals include the stored amount of the
    month itself, if any: `Past.without` takes it out."""
    if not project_ids:
        return {}
    year, month = period.year, period.month
    before = month_end(month - 1) if month > 1 else "0"
    among, ids = _among("project_id", project_ids)
    # Whole cents are exact from PostgreSQL's numeric and from SQLite's floating-point sums alike.
    sql = f"""
        SELECT project_id, {_in_cents("SUM(m12)")}, SUM(worked_months),
               {_in_cents(f"SUM(CASE WHEN year = %s THEN {before} ELSE 0 END)")},
               {_in_cents("SUM(CASE WHEN year < %s THEN m12 ELSE 0 END)")}
        FROM {YearToDate._meta.db_table} WHERE {among} GROUP BY project_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, year, *ids])
        return {project_id: Past(total, worked, ytd_before, earlier_years + ytd_before)
                for project_id, total, worked, ytd_before, earlier_years in cursor.fetchall()}


def _in_cents(amount):
    return f"CAST(ROUND({amount} * 100) AS BIGINT)"


def period_reports(period, project_ids):
    """The reports of `period` for these projects: {project id: (id, version, status, values)}, values a
    list in FILLER_FIELDS order, amounts in whole cents.

    Read without the ORM's per-value converters, which at 10,000 reports cost more than the query."""
    if not project_ids:
        return {}
    among, ids = _among("project_id", project_ids)
    columns = [_in_cents(name) if name in MONEY_FIELDS else name for name in FILLER_FIELDS]
    percent = FILLER_FIELDS.index("progress_percent")
    # SQLite keeps decimals as floating point; as text (15 significant digits) a percent is exact.
    as_text = connection.vendor == "sqlite"
    if as_text:
        columns[percent] = f"CAST({columns[percent]} AS TEXT)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT project_id, id, version, status, {', '.join(columns)} FROM {REPORTS} "
                       f"WHERE period_id = %s AND {among}", [period.pk, *ids])
        reports = {}
        for project_id, pk, version, status, *values in cursor.fetchall():
            if as_text and values[percent] is not None:
                values[percent] = Decimal(values[percent])
            reports[project_id] = (pk, version, status, values)
        return reports


STAGE_ROWS_PER_INSERT = 400  # × 22 columns stays under SQLite's 32,766 parameters


def stage(rows):
    """Insert checked rows (tuples in STAGED_COLUMNS order) into the staging table.

    PostgreSQL loads them with COPY (executemany there costs a round trip per row); SQLite takes a few
    hundred rows per INSERT, a third faster than a statement per row."""
    if not rows:
        return
    columns = ", ".join(STAGED_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {STAGED} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Straight to sqlite3, in its own parameter style: Django's rewriting of %s costs a fifth of the
        # time on statements of thousands of parameters.
        one = f"({', '.join(['?'] * len(STAGED_COLUMNS))})"
        for start in range(0, len(rows), STAGE_ROWS_PER_INSERT):
            part = rows[start:start + STAGE_ROWS_PER_INSERT]
            connection.connection.execute(f"INSERT INTO {STAGED} ({columns}) VALUES {', '.join([one] * len(part))}",
                                          [value for row in part for value in row])


def count_stale(batch):
    """How many staged rows no longer describe the database as the check saw it.

    A row is stale when its report was created, changed or deleted since the check, when another report
    of its project was written since (the overrun and jump rules and the running sums read those), or
    when the project itself changed (total investment, stage, start date). Every such write leaves a
    history row, so the history since the check's start tells.
    """
    report_history = MonthlyReport.history.model._meta.db_table
    project_history = MonthlyReport._meta.get_field("project").related_model.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT s.project_id FROM {STAGED} s
            LEFT JOIN {REPORTS} r ON r.project_id = s.project_id AND r.period_id = %s
            WHERE s.batch_id = %s AND ((r.id IS NULL AND s.report_id IS NOT NULL)
                                       OR (r.id IS NOT NULL AND (s.report_id IS NULL OR r.version <> s.version)))""",
                       [batch.period_id, batch.pk])
        stale = {row[0] for row in cursor.fetchall()}
        # Driven by the history_date indexes: what changed since the check is few rows, whatever the file.
        cursor.execute(f"SELECT project_id FROM {report_history} WHERE history_date >= %s "
                       f"UNION SELECT id FROM {project_history} WHERE history_date >= %s",
                       [batch.checked_at, batch.checked_at])
        touched = {row[0] for row in cursor.fetchall()}
        if touched:
            cursor.execute(f"SELECT project_id FROM {STAGED} WHERE batch_id = %s", [batch.pk])
            stale |= touched & {row[0] for row in cursor.fetchall()}
    return len(stale)


def write_staged(batch, *, actor, reason, now):
    """Apply a batch's staged rows: reports changed and created, the running sums of this and later months,
    the YearToDate table and a history row per report. Returns the number of reports written.

    The batch itself is the import's event: one per file, not one per report repeating the history row."""
    period, pk = batch.period, batch.pk
    amount = _from_cents("s.completed - s.old_completed")
    with connection.cursor() as cursor:
        def run(sql, params):
            cursor.execute(sql, params)
            return cursor.rowcount

        assignments = ", ".join(f"{name} = {value}" for name, value in _staged_values().items())
        updated = run(f"""
            UPDATE {REPORTS} SET {assignments}, version = {REPORTS}.version + 1, updated_at = %s
            FROM {STAGED} s WHERE s.batch_id = %s AND s.report_id = {REPORTS}.id""", [now, pk])
        columns, values, params = _new_report_columns(period, now)
        created = run(f"INSERT INTO {REPORTS} ({', '.join(columns)}) SELECT {', '.join(values)} "
                      f"FROM {STAGED} s WHERE s.batch_id = %s AND s.report_id IS NULL", [*params, pk])
        # An import into an earlier month moves the running sums of the months after it. Found through the
        # (year, month, project) index first: importing the latest month, the usual case, finds none.
        later = f"""SELECT r.id FROM {REPORTS} r WHERE (r.year > %s OR (r.year = %s AND r.month > %s))
                    AND r.project_id IN (SELECT project_id FROM {STAGED} WHERE batch_id = %s)"""
        later_params = [period.year, period.year, period.month, pk]
        cursor.execute(f"SELECT EXISTS ({later})", later_params)
        if cursor.fetchone()[0]:
            run(f"""
                UPDATE {REPORTS} SET ytd = {REPORTS}.ytd + (CASE WHEN {REPORTS}.year = %s THEN {amount} ELSE 0 END),
                       since_start = {REPORTS}.since_start + {amount}
                FROM {STAGED} s WHERE s.batch_id = %s AND s.project_id = {REPORTS}.project_id
                  AND s.completed <> s.old_completed AND {REPORTS}.id IN ({later})""",
                [period.year, pk, *later_params])
        _shift_year_to_date(run, batch, amount)
        _copy_to_history(run, batch, actor=actor, reason=reason, now=now)
        run(f"DELETE FROM {STAGED} WHERE batch_id = %s", [pk])
    return updated + created


def _from_cents(cents):
    """SQL for an amount from whole cents: exact on PostgreSQL (numeric); on SQLite the double nearest to
    it, which is what storing the Decimal would have kept."""
    return f"({cents}) / 100.0"


def _staged_values():
    """{report column: SQL of its value from the staged row `s`}, amounts back from cents."""
    values = {name: _from_cents(f"s.{name}") if name in MONEY_FIELDS else f"s.{name}" for name in FILLER_FIELDS}
    values.update({"jump_flag": "s.jump_flag", "ytd": _from_cents("s.ytd_before + s.completed"),
                   "since_start": _from_cents("s.since_start_before + s.completed")})
    return values


def _new_report_columns(period, now):
    """The INSERT … SELECT lists for new reports: staged values, the period, derived sums, and every other
    column's default (or NULL), so a column added to MonthlyReport later needs nothing here."""
    given = {**_staged_values(), "project": "s.project_id"}
    fixed = {"period": period.pk, "year": period.year, "month": period.month, "status": ReportStatus.DRAFT,
             "version": 1, "created_at": now, "updated_at": now}
    columns, values, params = [], [], []
    for field in MonthlyReport._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.name in given:
            values.append(given[field.name])
            continue
        if field.name in fixed:
            value = fixed[field.name]
        elif field.null:
            value = None
        else:
            value = field.get_default()
        values.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    return columns, values, params


def _shift_year_to_date(run, batch, amount):
    table, year, month = YearToDate._meta.db_table, batch.period.year, batch.period.month
    ends = [month_end(m) for m in MONTHS]
    # ON CONFLICT probes the unique index once a row; PostgreSQL planned NOT EXISTS as a hash of the
    # year's 100,000 rows (55 against 29 ms), to insert, most months, nothing.
    run(f"""INSERT INTO {table} (project_id, year, {', '.join(ends)}, worked_months)
            SELECT s.project_id, %s, {', '.join(['0'] * len(ends))}, 0 FROM {STAGED} s
            WHERE s.batch_id = %s ON CONFLICT (year, project_id) DO NOTHING""", [year, batch.pk])
    shifted = ", ".join(f"{end} = {table}.{end} + {amount}" for end in ends[month - 1:])
    shifted += (f", worked_months = {table}.worked_months + (CASE WHEN s.completed > 0 THEN 1 ELSE 0 END)"
                " - (CASE WHEN s.old_completed > 0 THEN 1 ELSE 0 END)")
    run(f"""UPDATE {table} SET {shifted} FROM {STAGED} s
            WHERE s.batch_id = %s AND s.project_id = {table}.project_id AND {table}.year = %s
              AND s.completed <> s.old_completed""", [batch.pk, year])


def _copy_to_history(run, batch, *, actor, reason, now):
    history = MonthlyReport.history.model._meta
    copied = [f.column for f in history.concrete_fields if not f.name.startswith("history_")]
    run(f"""INSERT INTO {history.db_table} ({', '.join(copied)}, history_date, history_change_reason,
                                            history_type, history_user_id)
            SELECT {', '.join(f'r.{c}' for c in copied)}, %s, %s,
                   CASE WHEN s.report_id IS NULL THEN '+' ELSE '~' END, %s
            FROM {REPORTS} r JOIN {STAGED} s ON s.project_id = r.project_id
            WHERE s.batch_id = %s AND r.period_id = %s""", [now, reason, actor.pk, batch.pk, batch.period_id])
