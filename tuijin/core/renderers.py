"""The form renderer: Django's, with the plain <select> and <input> written in Python.

Django renders a select through one template and every <option> through another; on the project list's filter
form (a dozen selects, some seventy options) that was a fifth of the page's time. The markup is the same as
Django's templates give (tests/test_renderers.py compares them); a widget with its own option template keeps
the template path."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attrs_html(attrs):
    """As django/forms/widgets/attrs.html: True as a bare name, False left out, the rest name="value"."""
    return mark_safe("".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items() if value is not False))


def select_html(widget):
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        rows = format_html_join("", '\n  <option value="{}"{}>{}</option>\n',
                                ((str(o["value"]), attrs_html(o["attrs"]), o["label"])
                                 for o in options))
        parts.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows) if group_name else rows)
    return format_html('<select name="{}"{}>{}\n</select>', widget["name"], attrs_html(widget["attrs"]),
                       mark_safe("".join(parts)))


WIDGETS = "django/forms/widgets/"
# Templates that are input.html, or include nothing but it (the renderer strips what they leave around it).
INPUTS = {f"{WIDGETS}{kind}.html" for kind in (
    "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password", "search", "tel",
    "text", "time", "url")}
INPUT_OPTIONS = {f"{WIDGETS}{kind}_option.html" for kind in ("input", "checkbox", "radio")}


def input_html(widget):
    value = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value,
                       attrs_html(widget["attrs"]))


def input_option_html(widget):
    """As input_option.html: the input, inside its <label> when the widget wraps it."""
    if not widget.get("wrap_label"):
        return input_html(widget)
    label_for = format_html(' for="{}"', widget["attrs"]["id"]) if widget["attrs"].get("id") else ""
    return format_html("<label{}>{}\n {}</label>", label_for, input_html(widget), widget["label"])


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is None:
            return super().render(template_name, context, request)
        if template_name == SELECT and all(
                o["template_name"] == OPTION for _g, options, _i in widget["optgroups"] for o in options):
            return select_html(widget)
        if template_name in INPUTS:
            return input_html(widget)
        if template_name in INPUT_OPTIONS:
            return input_option_html(widget)
        return super().render(template_name, context, request)
