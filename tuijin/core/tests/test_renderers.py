"""The Python <select> gives the markup Django's templates give, for every kind of select a form has."""

from unittest import mock

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import SimpleTestCase

from tuijin.core import renderers
from tuijin.core.renderers import Renderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & 乙"), ("b", '"引号"')], initial="b")
    grouped = forms.ChoiceField(choices=[("区县", [("1", "双台子区"), ("2", "兴隆台区")]), ("市", [("0", "盘锦市")])],
                                required=False)
    many = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二")], initial=[2])
    disabled = forms.ChoiceField(choices=[("x", "X")], disabled=True, widget=forms.Select(attrs={"class": "form-select"}))
    boolean = forms.NullBooleanField()
    text = forms.CharField(initial='甲 "乙" <丙>', widget=forms.TextInput(attrs={"placeholder": "名称", "class": "form-control"}))
    number = forms.IntegerField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x")
    tick = forms.BooleanField(required=False, initial=True)
    boxes = forms.MultipleChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.CheckboxSelectMultiple,
                                      initial=["b"])
    radios = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)


class RendererTests(SimpleTestCase):
    def test_each_select_renders_as_djangos_templates_do(self):
        with mock.patch.object(renderers, "select_html", wraps=renderers.select_html) as fast_path:
            self.compare()
        self.assertEqual(fast_path.call_count, 20)  # five selects (multiple and yes/no too) × two forms × two renders

    def compare(self):
        for data in (None, {"plain": "a", "grouped": "2", "many": ["1", "2"], "boolean": "false", "text": "<b>",
                            "number": "12", "day": "2026-12-04", "tick": "on", "boxes": ["a"], "radios": "a"}):
            fast, slow = Sample(data, renderer=Renderer()), Sample(data, renderer=DjangoTemplates())
            for name in Sample.base_fields:
                with self.subTest(name=name, bound=data is not None):
                    self.assertHTMLEqual(str(fast[name]), str(slow[name]))
                    self.assertEqual(str(fast[name]), str(slow[name]))
                    for fast_choice, slow_choice in zip(fast[name], slow[name], strict=True):  # as templates use them
                        self.assertEqual(str(fast_choice.tag()), str(slow_choice.tag()))
                        self.assertEqual(str(fast_choice), str(slow_choice))
