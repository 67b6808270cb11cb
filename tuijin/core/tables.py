"""Tables: django-tables2 declares the columns, sorting and export; cells render in plain Python.

tables2 renders each cell through several layers of template machinery; at 50 rows × 10 columns
that was most of the list page's time (measured in `make bench`). `FastTable.body()` formats the
same values with `format_html` instead, and the page template draws headers and pager itself.
"""

import datetime
import functools
from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

EMPTY = "—"


def plain(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2, force_grouping=True)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class FastTable(tables.Table):
    link_columns = ()
    number_columns = ()
    # Dates, statuses and other short words read badly broken over two lines.
    nowrap_columns = ()

    def cell_text(self, record, bound_column):
        name = bound_column.name
        labels = self.choice_labels.get(name)
        if labels is not None:  # as get_<name>_display, which builds its choices anew for every cell
            value = getattr(record, name)
            return plain(labels.get(value, value))
        if hasattr(record, f"get_{name}_display"):
            return plain(getattr(record, f"get_{name}_display")())
        return plain(bound_column.accessor.resolve(record, quiet=True))

    @functools.cached_property
    def choice_labels(self):
        """{column: {stored value: label}} for the columns that are model fields with choices."""
        model, labels = getattr(self._meta, "model", None), {}
        for column in self.columns:
            try:
                field = model._meta.get_field(column.name) if model else None
            except FieldDoesNotExist:
                continue
            if field is not None and field.choices:
                labels[column.name] = {value: str(label) for value, label in field.flatchoices}
        return labels

    # The URL name of a row's page by pk, when it is the record's get_absolute_url: reversed once per table, not
    # once per row (reversing was a tenth of the project list's time).
    link_url_name = None

    def link_of(self):
        if self.link_url_name is None:
            return lambda record: record.get_absolute_url()
        marker = "2147483647"
        template = reverse(self.link_url_name, args=[marker])
        return lambda record: template.replace(marker, str(record.pk))

    def body(self):
        columns = list(self.columns)
        link_of = self.link_of()
        rows = []
        for row in self.page.object_list:
            record = row.record
            cells = []
            for column in columns:
                text = self.cell_text(record, column)
                if column.name in self.link_columns:
                    cells.append(format_html('<td><a href="{}">{}</a></td>', link_of(record), text))
                elif column.name in self.number_columns:
                    cells.append(format_html('<td class="text-end text-nowrap">{}</td>', text))
                elif column.name in self.nowrap_columns:
                    cells.append(format_html('<td class="text-nowrap">{}</td>', text))
                else:
                    cells.append(format_html("<td>{}</td>", text))
            rows.append(cells)
        return rows

    def header(self, query):
        """(label, sort link or None, current direction) for each visible column."""
        cells = []
        for column in self.columns:
            link = None
            if column.orderable:
                params = query.copy()
                params[self.prefixed_order_by_field] = column.order_by_alias.next
                params.pop(self.prefixed_page_field, None)
                link = "?" + params.urlencode()
            direction = ("desc" if column.order_by_alias.is_descending else "asc") if column.is_ordered else ""
            cells.append((column.header, link, direction, column.name in self.number_columns))
        return cells

    @classmethod
    def column_choices(cls):
        """(name, label) of every column; a column declared without a label takes its model field's."""
        return [(name, column.verbose_name or cls.field_label(str(column.accessor or name)))
                for name, column in cls.base_columns.items()]

    @classmethod
    def field_label(cls, accessor):
        field_name = accessor.split("__")[0].split(".")[0]
        try:
            return cls._meta.model._meta.get_field(field_name).verbose_name
        except (AttributeError, FieldDoesNotExist):
            return field_name

    def export_columns(self):
        """The columns `as_values()` writes, in its order."""
        return [column for column in self.columns.iterall() if not column.column.exclude_from_export]

    def export_values(self):
        """`as_values()` with dates kept as dates (tables2 writes them as text), for a spreadsheet."""
        date_indexes = [i for i, column in enumerate(self.export_columns())
                        if isinstance(column.column, tables.DateColumn)]
        values = self.as_values()
        yield next(values)
        for row in values:
            for index in date_indexes:
                try:
                    row[index] = datetime.date.fromisoformat(row[index])
                except (TypeError, ValueError):  # no date: an empty cell rather than "—"
                    row[index] = None
            yield row

    def export_number_columns(self):
        """The indexes of the export's money columns (`number_columns`), shown #,##0.00."""
        return [i for i, column in enumerate(self.export_columns()) if column.name in self.number_columns]
