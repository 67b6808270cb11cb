"""The organisation's catalog pages: a city or a district keeps its own departments (牵头单位/责任单位)
and leaders. Each row is maintained by the region it belongs to (org.services); another region's row is 404."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import TemplateView

from tuijin.core.scope import scope_of
from tuijin.core.views import error_text

from . import services
from .models import Department, Leader, LeaderRank, Region


class OwnRegionForm(forms.ModelForm):
    """The row's region is one the user edits, its own (highest) region first."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.editable_by(user)
        self.fields["region"].initial = self.fields["region"].queryset.first()


class DepartmentForm(OwnRegionForm):
    class Meta:
        model = Department
        fields = ["name", "region", "slug", "sort_order"]
        labels = {"region": gettext_lazy("所属区域")}
        help_texts = {"slug": gettext_lazy("接口和导入用的英文标识；不填则自动生成")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["slug"].required = False

    def clean_slug(self):
        return self.cleaned_data["slug"] or f"d{uuid.uuid4().hex[:10]}"


class LeaderForm(OwnRegionForm):
    class Meta:
        model = Leader
        fields = ["name", "title", "region", "rank", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not user.has_perm("org.change_leader"):  # a district keeps only its own 区县领导
            self.fields["rank"].choices = [(LeaderRank.DISTRICT.value, LeaderRank.DISTRICT.label)]
            self.fields["rank"].initial = LeaderRank.DISTRICT
        self.fields["rank"].help_text = _("区县领导可在项目上任区级责任领导，不进入市级问题升级链条")


def _cell(row, attr):
    value = getattr(row, attr)
    value = value() if callable(value) else value
    return (_("是") if value else _("否")) if isinstance(value, bool) else value


class CatalogView(LoginRequiredMixin, TemplateView):
    """List the rows the user keeps, with a form to add one or (with ?edit=pk / pk in the URL) edit one."""

    template_name = "org/catalog.html"
    model = form_class = save_row = None
    list_name = edit_name = ""
    title = heading_added = ""
    columns = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_of(request.user).keeps_org_catalog:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def rows(self):
        return self.model.objects.editable_by(self.request.user).select_related("region").order_by("region__path")

    def editing(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.rows(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        editing = self.editing()
        form = kwargs.get("form") or self.form_class(instance=editing, user=self.request.user)
        table = [(row, reverse(self.edit_name, args=[row.pk]), [_cell(row, attr) for _label, attr in self.columns])
                 for row in self.rows()]
        return {"title": self.title, "table": table, "form": form, "editing": editing,
                "headers": [label for label, _attr in self.columns], "list_name": self.list_name, **kwargs}

    def post(self, request, *args, **kwargs):
        editing = self.editing()
        form = self.form_class(request.POST, instance=editing, user=request.user)
        if form.is_valid():
            try:
                obj = type(self).save_row(form.instance, actor=request.user)
                messages.success(request, _("已保存：%(o)s") % {"o": obj})
                return redirect(self.list_name)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal) or _("您无权维护该记录"))
            except ValidationError as error:
                form.add_error(None, error_text(error))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DepartmentCatalogView(CatalogView):
    model, form_class, save_row = Department, DepartmentForm, services.save_department
    list_name, edit_name = "org:departments", "org:department_edit"
    title = gettext_lazy("部门（牵头单位、责任单位）")
    columns = ((gettext_lazy("名称"), "name"), (gettext_lazy("所属区域"), "region"), (gettext_lazy("标识"), "slug"))


class LeaderCatalogView(CatalogView):
    model, form_class, save_row = Leader, LeaderForm, services.save_leader
    list_name, edit_name = "org:leaders", "org:leader_edit"
    title = gettext_lazy("领导（包保领导、区县领导）")
    columns = ((gettext_lazy("姓名"), "name"), (gettext_lazy("职务"), "title"), (gettext_lazy("所属区域"), "region"),
               (gettext_lazy("层级"), "get_rank_display"), (gettext_lazy("在任"), "active"))
