from django import forms

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
