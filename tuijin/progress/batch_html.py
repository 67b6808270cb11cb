"""The rows of the batch page (`/progress/<period>/batch/`) as HTML, built in Python.

A district clerk's page shows 150 rows of 13 inputs each; through the template language, an include and a
bound form per row, the rows cost ten times the SQL that reads them. Here the inputs' attributes are taken
once per page from a `ReportRowForm`, and each row is formatted with plain string joins. A row whose form
is bound (the clerk's refused figures, sent back by htmx) is rendered by the form itself, so what the
clerk typed and each box's error stay exactly as Django shows them. `test_batch_html` checks that both
paths give the same inputs.

The hooks the browser tests and outside checks rely on: `<tr id="row-<project id>">`, inputs named
`p<id>-<field>`, `data-testid` save-row / submit-row / row-status / row-error / row-message / row-warning /
conflict.
"""

from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _, gettext_noop

from tuijin.core.lib.numbers import ZERO_CENTS
from tuijin.projects.models import Project

from .forms import ReportRowForm
from .models import FILLER_FIELDS, MONEY_FIELDS

INPUTS = FILLER_FIELDS  # the page's columns after 项目 / 年度计划 / 上月累计, in this order
ANY = 987654321  # an id to reverse a URL once per page and fill in per row


# The row's words, translated once per page (gettext_noop: found by makemessages, translated at render).
SAID = [
    gettext_noop("未填"), gettext_noop("本月金额远高于以往月均，请核实"), gettext_noop("待核实"), gettext_noop("现场照片"),
    gettext_noop("修改记录"), gettext_noop("退回"), gettext_noop("："), gettext_noop("已保存"), gettext_noop("您填写"),
    gettext_noop("字段值相同，仅版本号不同。"), gettext_noop("保存"), gettext_noop("报送")
]


def _url_pattern(url):
    return url.replace(str(ANY), "{}")


def _shown(value):
    # str() of a Decimal is what localize() gives in both languages (no thousands separator is set),
    # at a fraction of its cost on 300 figures a page.
    return "—" if value in (None, "") else escape(str(value))


def _truncated(text, length=18):
    """As the template filter truncatechars: at most `length` characters, the last an ellipsis."""
    return text if len(text) <= length else f"{text[:length - 1]}…"


class BatchRows:
    """Renders batch rows for one period; make one per response."""

    def __init__(self, period):
        self.period = period
        # Texts and URLs once per page: a page has 150 rows, each with the same words and links.
        self.say = {text: escape(_(text)) for text in SAID}
        self.urls = {"project": _url_pattern(Project(pk=ANY).get_absolute_url()),
                     "photos": _url_pattern(reverse("progress:report_photos", args=[ANY])),
                     "history": _url_pattern(reverse("progress:report_history", args=[ANY])),
                     "save": _url_pattern(reverse("progress:row_save", args=[period.pk, ANY])),
                     "submit": _url_pattern(reverse("progress:row_submit", args=[period.pk, ANY]))}
        form = ReportRowForm(prefix="p0")
        self.inputs = {}
        for name in INPUTS:
            field = form[name]
            widget = field.field.widget
            attrs = {**widget.attrs, **field.build_widget_attrs({})}
            attrs.pop("disabled", None)
            self.inputs[name] = (escape(widget.input_type), flatatt(attrs))

    def _input(self, project_id, name, value, disabled):
        kind, attrs = self.inputs[name]
        html = f'<input type="{kind}" name="p{project_id}-{name}"'
        if value not in (None, ""):
            html += f' value="{escape(value)}"'
        return f'{html}{attrs} id="id_p{project_id}-{name}"{" disabled" if disabled else ""}>'

    def _cells(self, row):
        form, report, pk = row.get("form"), row["report"], row["project"].pk
        if form is not None and form.is_bound:
            return [str(form[name]) for name in INPUTS]
        disabled = report is not None and not report.is_editable_by_filler
        cells = []
        for name in INPUTS:
            if report is not None:
                value = getattr(report, name)
            else:
                value = ZERO_CENTS if name in MONEY_FIELDS else None
            cells.append(self._input(pk, name, value, disabled))
        return cells

    def _status(self, row):
        report, parts = row["report"], []
        if report is None:
            parts.append(f'<span class="text-secondary">{self.say["未填"]}</span>')
        else:
            parts.append(f'<span class="badge bg-blue-lt">{escape(report.get_status_display())}</span>')
            if report.jump_flag:
                parts.append(f' <span class="badge bg-yellow-lt" title="{self.say["本月金额远高于以往月均，请核实"]}">'
                             f'{self.say["待核实"]}</span>')
            photos, history = self.urls["photos"].format(report.pk), self.urls["history"].format(report.pk)
            parts.append(f'<div class="small"><a href="{photos}">{self.say["现场照片"]}</a> · '
                         f'<a href="{history}">{self.say["修改记录"]}</a></div>')
            if report.return_reason:
                parts.append(f'<div class="small text-danger">{self.say["退回"]}{self.say["："]}'
                             f'{escape(report.return_reason)}</div>')
        wide = 'text-wrap" style="min-width: 18rem"'
        if row.get("message"):
            parts.append(f'<div class="small text-success" data-testid="row-message">{escape(row["message"])}</div>')
        if report is not None and report.funds_warning:
            parts.append(f'<div class="small text-warning {wide} data-testid="row-warning">'
                         f'{escape(report.funds_warning)}</div>')
        if row.get("error"):
            parts.append(f'<div class="small text-danger {wide} data-testid="row-error">{escape(row["error"])}</div>')
        if row.get("conflict") is not None:
            items = [f'<li>{escape(c["label"])}：{self.say["已保存"]} <b>{_shown(c["theirs"])}</b>，'
                     f'{self.say["您填写"]} <b>{_shown(c["mine"])}</b></li>' for c in row["conflict"]]
            items = items or [f'<li>{self.say["字段值相同，仅版本号不同。"]}</li>']
            parts.append('<ul class="small list-unstyled text-wrap mb-0 border border-warning rounded p-1" '
                         f'style="min-width: 18rem" data-testid="conflict">{"".join(items)}</ul>')
        version = report.version if report is not None else 0
        parts.append(f'<input type="hidden" name="p{row["project"].pk}-version" value="{version}">')
        return "".join(parts)

    def _actions(self, row):
        report, pk = row["report"], row["project"].pk
        if report is not None and not report.is_editable_by_filler:
            return ""
        target = f'hx-target="#row-{pk}" hx-swap="outerHTML"'
        save = self.urls["save"].format(pk)
        html = (f'<button class="btn btn-sm btn-primary" hx-post="{save}" hx-include="#row-{pk}" {target} '
                f'data-testid="save-row">{self.say["保存"]}</button>')
        if report is not None:
            submit = self.urls["submit"].format(pk)
            html += (f' <button class="btn btn-sm btn-outline-success" hx-post="{submit}" {target} '
                     f'data-testid="submit-row">{self.say["报送"]}</button>')
        return html

    def row(self, row):
        project = row["project"]
        name = escape(project.name)
        cells = "".join(f"<td>{cell}</td>" for cell in self._cells(row))
        return mark_safe(
            f'<tr id="row-{project.pk}" data-project="{name}">'
            f'<td class="text-nowrap"><a href="{self.urls["project"].format(project.pk)}">'
            f'{escape(_truncated(project.name))}</a>'
            f'<div class="small text-secondary">{escape(project.code or "")}</div></td>'
            f'<td class="text-end">{_shown(row["plan"])}</td><td class="text-end">{_shown(row["previous_ytd"])}</td>'
            f'{cells}<td class="text-nowrap" data-testid="row-status">{self._status(row)}</td>'
            f'<td class="text-nowrap">{self._actions(row)}</td></tr>')

    def rows(self, rows):
        return mark_safe("".join(self.row(row) for row in rows))
