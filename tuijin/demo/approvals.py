"""Synthetic 前期手续 for the demo city: checklists with dates that end in the 施工许可 before each start."""

import datetime

from tuijin.approvals.derived import rebuild_all
from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.org.models import Department

ISSUERS = {"项目审批/核准/备案": "fgw", "用地预审与选址意见书": "zrzyj", "建设用地规划许可证": "zrzyj",
           "建设工程规划许可证": "zrzyj", "环境影响评价批复": "sthjj", "节能审查意见": "fgw",
           "水土保持方案批复": "slj", "施工图审查": "zjj", "施工许可证": "zjj"}


def seed_approvals(rng, projects, day):
    departments = {d.slug: d for d in Department.objects.all()}
    types = list(ProcedureType.objects.filter(active=True))
    for procedure_type in types:
        procedure_type.department = departments.get(ISSUERS.get(procedure_type.name, ""))
        procedure_type.save(update_fields=["department"])
    rows = []
    for project in projects:
        if project.stage not in ("preparation", "construction") or rng.random() < 0.3:
            continue
        start = project.actual_start or day
        # The whole chain: a city that mostly keeps its 51 working days (≈ 75 calendar days), some slower.
        span = rng.choice([40, 55, 60, 70, 75, 90, 120, 160])
        first = start - datetime.timedelta(days=span)
        for procedure_type in types:
            if project.category not in (procedure_type.categories or []):
                continue
            applied = first + datetime.timedelta(days=rng.randint(0, span // 2))
            approved = applied + datetime.timedelta(days=rng.randint(5, max(6, procedure_type.limit_days * 2)))
            if procedure_type.is_construction_permit:
                applied, approved = start - datetime.timedelta(days=rng.randint(5, 15)), start - datetime.timedelta(days=2)
            status = "done"
            if project.stage == "preparation" or approved > day:
                status = rng.choice(["not_started", "in_progress", "done"]) if not procedure_type.is_construction_permit \
                    else "not_started"
            rows.append(ProjectProcedure(
                project=project, procedure_type=procedure_type, department=procedure_type.department, status=status,
                applied_on=min(applied, day) if status != "not_started" else None,
                approved_on=min(approved, day) if status == "done" else None,
                document_number=f"{project.region.code}{approved:%Y%m%d}{rng.randint(100, 999)}" if status == "done" else ""))
    ProjectProcedure.objects.bulk_create(rows, batch_size=1000)
    rebuild_all()  # bulk inserts bypass save(): the board's stored clocks, chains and tallies
