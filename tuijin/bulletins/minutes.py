"""Minutes of a scheduling meeting (调度会会议纪要) as .docx in the official layout."""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH

from tuijin.core.lib.money import format_wan

from . import official


def _date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def build_minutes(meeting):
    document = official.new_document()
    official.page_numbers(document)
    official.title(document, f"{meeting.title}纪要")
    if meeting.number:
        official.paragraph(document, meeting.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    chair = f"，{meeting.chair.title}{meeting.chair.name}主持" if meeting.chair_id else ""
    place = f"在{meeting.place}" if meeting.place else ""
    official.paragraph(document, f"{_date(meeting.date)}{place}召开{meeting.get_kind_display()}{chair}。"
                                 f"{meeting.summary}".strip())
    if meeting.attendees:
        official.paragraph(document, f"参会单位和人员：{meeting.attendees}")
    sections = iter(range(1, 10))
    problems = list(meeting.problems.select_related("project", "category"))
    if problems:
        official.heading(document, f"{official.chinese_number(next(sections))}、研究的问题")
        for number, problem in enumerate(problems, start=1):
            official.paragraph(document, f"{number}. {problem.project.name}：{problem.category.name}问题。"
                                         f"{problem.description}")
    projects = list(meeting.projects.select_related("region").order_by("name"))
    if projects:
        official.heading(document, f"{official.chinese_number(next(sections))}、研究的项目")
        for number, project in enumerate(projects, start=1):
            official.paragraph(document, f"{number}. {project.name}（{project.region.name}，"
                                         f"总投资{format_wan(project.total_investment) or '未填报'}）")
    decisions = list(meeting.decisions.prefetch_related("departments"))
    official.heading(document, f"{official.chinese_number(next(sections))}、议定事项")
    for decision in decisions:
        official.paragraph(document, f"（{official.chinese_number(decision.number)}）{decision.text}"
                                     f"（责任单位：{decision.owner}；完成时限：{_date(decision.deadline)}）")
    if not decisions:
        official.paragraph(document, "无。")
    if meeting.copy_to:
        official.ruled(document, f"抄送：{meeting.copy_to}。")
    official.ruled(document, f"{meeting.issuer}　　{_date(meeting.date)}印发")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
