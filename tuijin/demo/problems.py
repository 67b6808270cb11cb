"""Synthetic problems, meetings and decisions for the demo city: half a year of the problem cycle."""

import datetime

from tuijin.core.workdays import CalendarNotCovered, WorkCalendar
from tuijin.problems.choices import DecisionStatus, MeetingKind, ProblemEventKind, ProblemStatus
from tuijin.problems.models import (Decision, Meeting, Problem, ProblemAssignment, ProblemCategory, ProblemEvent)

TEXTS = {
    "用地": ("建设用地指标不足，二期用地尚未摘牌", "请自然资源局协调新增建设用地指标"),
    "规划": ("规划条件调整尚未批复", "请加快规划条件调整审查"),
    "环评": ("环评批复未下达，影响开工", "请生态环境局提前介入指导"),
    "资金": ("专项债券资金未按计划拨付", "请财政局加快资金拨付"),
    "征拆": ("红线内3户居民未完成征收", "请属地政府加快征收工作"),
    "水电气暖": ("施工用电线路未接入", "请供电公司加快线路接入"),
    "审批": ("施工图审查周期长", "请住建局压缩审查时限"),
    "施工环境": ("周边村民阻工", "请属地政府协调施工环境"),
    "其他": ("配套道路未同步建设", "请交通局统筹安排"),
}


def seed_problems(rng, city, projects, coordinator, editors, departments, leaders, day):
    calendar = WorkCalendar()
    categories = list(ProblemCategory.objects.all())
    candidates = [p for p in projects if p.stage in ("preparation", "construction")]
    vice = [leader for leader in leaders if leader.rank == 1]
    problems = []
    for n in range(140):
        project = rng.choice(candidates)
        category = rng.choice(categories)
        raised_on = day - datetime.timedelta(days=rng.randint(0, 180))
        age = (day - raised_on).days
        status = (ProblemStatus.CLOSED if age > 60 and rng.random() < 0.8 else
                  rng.choice([ProblemStatus.RAISED, ProblemStatus.DISTRIBUTED, ProblemStatus.DISTRIBUTED,
                              ProblemStatus.ANSWERED, ProblemStatus.SOLVED, ProblemStatus.CLOSED]))
        level = 0 if status == ProblemStatus.RAISED else rng.choice([1, 1, 1, 2, 2, 3])
        try:
            deadline = calendar.add(raised_on, category.days + 5 * level)
        except CalendarNotCovered:
            deadline = None
        solved = raised_on + datetime.timedelta(days=rng.randint(3, 50)) if status in (
            ProblemStatus.SOLVED, ProblemStatus.CLOSED) else None
        description, help_wanted = TEXTS.get(category.name, TEXTS["其他"])
        problems.append(Problem(
            project=project, category=category, description=description, help_wanted=help_wanted,
            raised_by=editors.get(project.region_id, coordinator), raised_on=raised_on, status=status, level=level,
            leader=rng.choice(vice) if level == 2 and vice else (leaders[1] if level == 3 else None),
            deadline=deadline, solved_on=min(solved, day) if solved else None,
            closed_on=min(solved, day) if solved and status == ProblemStatus.CLOSED else None))
    Problem.objects.bulk_create(problems)
    assignments, events = [], []
    for problem in problems:
        events.append(ProblemEvent(problem=problem, kind=ProblemEventKind.RAISED, actor=problem.raised_by,
                                   text=problem.description))
        if problem.status == ProblemStatus.RAISED:
            continue
        for department in rng.sample(departments, rng.choice([1, 1, 2])):
            answered = problem.status not in (ProblemStatus.DISTRIBUTED,)
            assignments.append(ProblemAssignment(
                problem=problem, department=department, deadline=problem.deadline or problem.raised_on,
                answer="已协调办理，按期推进" if answered else ""))
        events.append(ProblemEvent(problem=problem, kind=ProblemEventKind.DISTRIBUTED, actor=coordinator))
    ProblemAssignment.objects.bulk_create(assignments)
    ProblemEvent.objects.bulk_create(events)

    for months_ago, kind, chair in ((1, MeetingKind.MONTHLY, vice[0] if vice else None),
                                    (0, MeetingKind.QUARTERLY, leaders[0])):
        date = (day.replace(day=1) - datetime.timedelta(days=30 * months_ago)).replace(day=20)
        meeting = Meeting.objects.create(
            region=city, kind=kind, title=f"{date.month}月重大项目调度会", number=f"〔{date.year}〕{date.month}号",
            date=date, place="市政府第一会议室", chair=chair, created_by=coordinator,
            attendees="市发展改革委、市自然资源局、市住房城乡建设局等部门和各县区政府主要负责同志",
            summary="会议听取了重大项目推进情况汇报，研究解决了项目建设中的困难和问题。",
            copy_to="市委办公室，市人大常委会办公室，市政协办公室")
        open_ones = [p for p in problems if p.level >= 1 and p.raised_on <= date][:4]
        meeting.problems.set(open_ones)
        for number, problem in enumerate(open_ones, start=1):
            deadline = date + datetime.timedelta(days=rng.choice([10, 15, 20, 30]))
            department = rng.choice(departments)  # drawn first, as before: the demo's numbers stay as they were
            decision = Decision.objects.create(
                meeting=meeting, number=number, problem=problem,
                text=f"{problem.help_wanted}，{problem.project.name}限期解决", deadline=deadline,
                status=DecisionStatus.DONE if deadline < day and rng.random() < 0.6 else DecisionStatus.OPEN)
            decision.departments.set([department])
