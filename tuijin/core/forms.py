from django import forms
from django.utils.html import format_html

from .lib.numbers import NumberError, parse_decimal


def date_input(**attrs):
    """The browser's date picker wants ISO dates whatever the language."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **attrs})


class ClerkDecimalField(forms.DecimalField):
    """A decimal typed the way clerks type it: １２３, 1,234.5, spaces. A text box, not a number box,
    because browsers silently drop what a number box cannot parse."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        try:
            return parse_decimal(value, places=None) if value not in self.empty_values else None
        except NumberError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class InlineErrorBoundField(forms.BoundField):
    """A field laid out by hand (`{{ form.amount }}` in a table cell) shows its own error under the box,
    marked invalid, so a refusal is read where it was typed; `{{ form }}` layouts print errors themselves."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        attrs = dict(attrs or {})
        if self.errors:
            attrs["class"] = f"{(widget or self.field.widget).attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
        return super().as_widget(widget, attrs, only_initial)

    def __str__(self):
        html = super().__str__()
        if not self.errors:
            return html
        return format_html('{}<div class="invalid-feedback d-block" data-testid="field-error">{}</div>', html,
                           "；".join(self.errors))


class InlineErrorsMixin:
    """For forms whose fields are placed one by one in a template (batch rows, review rows)."""

    bound_field_class = InlineErrorBoundField


def add_refusal(form, error):
    """Put a service's ValidationError on `form`: a message keyed by one of its fields at that field, any
    other message on the form as a whole. Returns the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
    return form
