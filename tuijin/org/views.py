"""Account pages: change one's password; the coordinator's lockouts and wall-display accounts."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import accounts, services
from .middleware import MUST_CHANGE


class AccountPasswordChangeView(PasswordChangeView):
    template_name = "org/password_change.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(self.request.user)
        self.request.session[MUST_CHANGE] = False
        messages.success(self.request, _("密码已修改。下次登录请使用新密码。"))
        return response


class AccountManagerMixin(LoginRequiredMixin):
    """Coordinators and administrators only; the accounts they act on are those of their region."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not accounts.may_manage_accounts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def managed_user(self):
        user = accounts.managed_users(self.request.user).filter(username=self.request.POST.get("username", "")).first()
        if user is None:
            raise Http404
        return user


class LockoutListView(AccountManagerMixin, TemplateView):
    template_name = "org/lockout_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lockouts"] = accounts.current_lockouts(self.request.user)
        context["displays"] = (accounts.managed_users(self.request.user)
                               .filter(account_profile__idle_exempt=True).order_by("username"))
        return context


class UnlockView(AccountManagerMixin, View):
    def post(self, request):
        user = self.managed_user()
        services.unlock_user(user, actor=request.user)
        messages.success(request, _("已解锁 %(u)s，现在可以重新登录。") % {"u": user.get_full_name() or user.username})
        return redirect("accounts:lockout_list")


class DisplayAccountView(AccountManagerMixin, View):
    """Mark or unmark a wall-display account, which idle sessions do not log out."""

    def post(self, request):
        user = self.managed_user()
        exempt = request.POST.get("exempt") == "1"
        services.set_display_account(user, exempt, actor=request.user)
        name = user.get_full_name() or user.username
        if exempt:
            messages.success(request, _("%(u)s 已设为大屏展示账号：闲置不自动退出（下次登录起生效）。") % {"u": name})
        else:
            messages.success(request, _("%(u)s 已恢复为普通账号：闲置超时自动退出（下次登录起生效）。") % {"u": name})
        return redirect("accounts:lockout_list")
