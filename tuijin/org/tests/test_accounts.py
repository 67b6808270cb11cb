"""Login protection and account rules (issue 14, 等保 2.0 level 3)."""

import time
from datetime import timedelta

from axes.models import AccessFailureLog
from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from tuijin.core.models import Setting
from tuijin.core.roles import Role
from tuijin.core.testing import Personas
from tuijin.org import accounts
from tuijin.org.middleware import LAST_SEEN
from tuijin.org.models import AccountProfile, RoleAssignment

LOGIN = "/accounts/login/"


class LoginMixin:
    def attempt(self, username, password, ip="10.1.1.1", **extra):
        return self.client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)

    def fail(self, username, times, ip="10.1.1.1", **extra):
        for _ in range(times):
            self.attempt(username, "wrong-password", ip, **extra)

    def logs_in(self, username, ip="10.1.1.1", **extra):
        response = self.attempt(username, "pw-" + username, ip, **extra)
        self.client.logout()
        return response.status_code == 302


class LockoutTests(LoginMixin, Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def test_ten_failures_lock_that_user_on_that_address_only(self):
        self.fail("region_a", 10)
        response = self.attempt("region_a", "pw-region_a")
        self.assertEqual(response.status_code, 429)
        # A colleague behind the same NAT address still logs in; so does the user from another machine.
        self.assertTrue(self.logs_in("region_b"))
        self.assertTrue(self.logs_in("region_a", ip="10.1.1.2"))

    def test_failures_from_one_address_do_not_lock_the_coordinator_elsewhere(self):
        self.fail("coordinator", 12, ip="203.0.113.7")
        self.assertTrue(self.logs_in("coordinator", ip="10.1.1.1"))

    def test_lock_page_is_chinese_and_says_when_and_whom(self):
        Setting.put("account_help_contact", "项目办 李明 0427-2800000")
        self.fail("region_a", 10)
        response = self.attempt("region_a", "pw-region_a")
        text = response.content.decode()
        self.assertIn("账号已暂时锁定", text)
        self.assertIn("约 5 分钟后", text)
        self.assertIn("项目办 李明 0427-2800000", text)
        self.assertTemplateUsed(response, "base.html")

    def test_lock_ends_after_five_minutes(self):
        import time_machine

        with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as clock:
            self.fail("region_a", 10)
            clock.shift(timedelta(minutes=4))
            self.assertFalse(self.logs_in("region_a"))
            clock.shift(timedelta(minutes=6))  # 5 minutes after the last (refused) attempt
            self.assertTrue(self.logs_in("region_a"))

    def test_cool_off_doubles_with_further_lockouts_up_to_an_hour(self):
        request = RequestFactory().post(LOGIN, {"username": "region_a"}, REMOTE_ADDR="10.1.1.1")
        expected = {0: 5, 10: 5, 19: 5, 20: 10, 30: 20, 40: 40, 50: 60, 200: 60}
        logged = 0
        for failures, minutes in expected.items():
            AccessFailureLog.objects.bulk_create(
                AccessFailureLog(username="region_a", ip_address="10.1.1.1", user_agent="", http_accept="",
                                 path_info=LOGIN) for _ in range(failures - logged))
            logged = failures
            self.assertEqual(accounts.cool_off(request), timedelta(minutes=minutes), failures)
        # Another address's failures do not lengthen this one's.
        other = RequestFactory().post(LOGIN, {"username": "region_a"}, REMOTE_ADDR="10.9.9.9")
        self.assertEqual(accounts.cool_off(other), timedelta(minutes=5))


class ClientAddressTests(LoginMixin, Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def ip(self, remote="10.0.0.1", forwarded=None):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return accounts.client_ip(RequestFactory().get("/", **meta))

    def test_without_proxies_the_forwarded_header_is_ignored(self):
        self.assertEqual(self.ip(forwarded="1.2.3.4"), "10.0.0.1")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_saw_is_the_client(self):
        self.assertEqual(self.ip(forwarded="1.2.3.4, 198.51.100.20"), "198.51.100.20")  # 1.2.3.4 was forged
        self.assertEqual(self.ip(forwarded=""), "10.0.0.1")
        self.assertEqual(self.ip(forwarded="not-an-address"), "10.0.0.1")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies(self):
        self.assertEqual(self.ip(forwarded="198.51.100.20, 10.0.0.5"), "198.51.100.20")
        self.assertEqual(self.ip(forwarded="10.0.0.5"), "10.0.0.1")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_proxy_two_clients_are_locked_apart(self):
        self.fail("region_a", 10, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
        self.assertFalse(self.logs_in("region_a", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20"))
        self.assertTrue(self.logs_in("region_a", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.21"))


class LockoutPageTests(LoginMixin, Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        cls.coordinator_b = get_user_model().objects.create_user("coordinator_b", password="pw-coordinator_b")
        RoleAssignment.objects.create(user=cls.coordinator_b, role=Role.COORDINATOR, region=cls.region_b)

    def setUp(self):
        self.fail("region_a", 10)

    def test_anonymous_goes_to_login(self):
        response = self.client.get(reverse("accounts:lockout_list"))
        self.assertRedirects(response, f"{LOGIN}?next=/accounts/lockouts/", fetch_redirect_response=False)

    def test_region_editor_gets_403(self):
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.get(reverse("accounts:lockout_list")).status_code, 403)
        self.assertEqual(self.client.post(reverse("accounts:unlock"), {"username": "region_a"}).status_code, 403)

    def test_coordinator_sees_and_unlocks_a_user_of_its_region(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("accounts:lockout_list"))
        self.assertContains(response, "region_a")
        self.assertContains(response, "10.1.1.1")
        self.assertContains(response, "解锁")
        response = self.client.post(reverse("accounts:unlock"), {"username": "region_a"}, follow=True)
        self.assertContains(response, "已解锁 region_a")
        self.assertContains(response, "本地区目前没有被锁定的账号")
        self.client.logout()
        self.assertTrue(self.logs_in("region_a"))

    def test_coordinator_of_another_region_neither_sees_nor_unlocks(self):
        self.client.force_login(self.coordinator_b)
        response = self.client.get(reverse("accounts:lockout_list"))
        self.assertNotContains(response, "region_a")
        self.assertEqual(self.client.post(reverse("accounts:unlock"), {"username": "region_a"}).status_code, 404)
        self.client.logout()
        self.assertFalse(self.logs_in("region_a"))

    def test_coordinator_marks_a_wall_display_of_its_region_only(self):
        self.client.force_login(self.coordinator_b)
        url = reverse("accounts:display_account")
        self.assertEqual(self.client.post(url, {"username": "region_a", "exempt": "1"}).status_code, 404)
        response = self.client.post(url, {"username": "region_b", "exempt": "1"}, follow=True)
        self.assertContains(response, "已设为大屏展示账号")
        self.assertTrue(AccountProfile.objects.get(user=self.region_b_editor).idle_exempt)
        self.assertFalse(AccountProfile.objects.filter(user=self.region_a_editor).exists())


class PasswordRuleTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def change(self, user, new):
        self.client.force_login(user)
        return self.client.post(reverse("accounts:password_change"), {
            "old_password": "pw-" + user.username, "new_password1": new, "new_password2": new})

    def assert_refused(self, new, message):
        response = self.change(self.region_a_editor, new)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.region_a_editor.refresh_from_db()
        self.assertTrue(self.region_a_editor.check_password("pw-region_a"))

    def test_short_password_refused(self):
        self.assert_refused("Xq7#kpL2", "密码太短")

    def test_password_like_the_username_refused(self):
        self.assert_refused("region_a_1", "太相似")

    def test_common_and_numeric_passwords_refused(self):
        self.assert_refused("1234567890", "常见")
        self.assert_refused("8301957264", "全都是数字")

    def test_good_password_accepted(self):
        response = self.change(self.region_a_editor, "Huanghe-Bridge-2026")
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.region_a_editor.refresh_from_db()
        self.assertTrue(self.region_a_editor.check_password("Huanghe-Bridge-2026"))

    def test_password_page_is_chinese(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("accounts:password_change"))
        self.assertContains(response, "修改密码")
        self.assertContains(response, "旧密码")


class FirstLoginTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        cls.admin = get_user_model().objects.create_superuser("root", password="pw-root")

    def test_user_created_in_admin_must_change_password_first(self):
        self.client.force_login(self.admin)
        response = self.client.post(reverse("admin:auth_user_add"), {
            "username": "wangfang", "password1": "Initial-Pass-2026", "password2": "Initial-Pass-2026",
            "usable_password": "true",
            "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0",
            "account_profile-TOTAL_FORMS": "0", "account_profile-INITIAL_FORMS": "0"})
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        user = get_user_model().objects.get(username="wangfang")
        self.assertTrue(user.account_profile.must_change_password)

        self.client.logout()
        self.client.post(LOGIN, {"username": "wangfang", "password": "Initial-Pass-2026"})
        response = self.client.get("/projects/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("accounts:password_change"))
        self.assertContains(response, "请先设置只有您自己知道的新密码")
        self.assertEqual(self.client.get("/api/v1/projects/").status_code, 403)

        response = self.client.post(reverse("accounts:password_change"), {
            "old_password": "Initial-Pass-2026", "new_password1": "Liaohe-Estuary-88",
            "new_password2": "Liaohe-Estuary-88"}, follow=True)
        self.assertContains(response, "密码已修改")
        self.assertEqual(self.client.get("/projects/").status_code, 200)
        user.account_profile.refresh_from_db()
        self.assertFalse(user.account_profile.must_change_password)

    def test_users_made_by_commands_and_demo_are_not_forced(self):
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get("/projects/").status_code, 200)


class IdleSessionTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def idle_for(self, user, minutes):
        self.client.force_login(user)
        self.assertEqual(self.client.get("/projects/").status_code, 200)
        session = self.client.session
        session[LAST_SEEN] = time.time() - minutes * 60
        session.save()
        return self.client.get("/projects/", follow=True)

    def test_idle_session_ends_after_thirty_minutes(self):
        response = self.idle_for(self.region_a_editor, 31)
        self.assertEqual(response.redirect_chain[-1][0], f"{LOGIN}?next=/projects/")
        self.assertContains(response, "您已超过30分钟未操作")
        self.assertFalse(response.wsgi_request.user.is_authenticated)

    def test_active_session_stays(self):
        response = self.idle_for(self.region_a_editor, 29)
        self.assertEqual(response.redirect_chain, [])

    def test_city_sets_the_idle_time(self):
        Setting.put("session_idle_minutes", "10")
        response = self.idle_for(self.region_a_editor, 11)
        self.assertContains(response, "您已超过10分钟未操作")

    def test_wall_display_account_is_not_logged_out(self):
        AccountProfile.objects.create(user=self.leader_user, idle_exempt=True)
        response = self.idle_for(self.leader_user, 600)
        self.assertEqual(response.redirect_chain, [])


class ApiDocsTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def test_anonymous_gets_no_schema_or_docs(self):
        self.assertEqual(self.client.get("/api/schema/").status_code, 401)
        response = self.client.get("/api/docs/")
        self.assertRedirects(response, f"{LOGIN}?next=/api/docs/", fetch_redirect_response=False)

    def test_logged_in_user_reads_them(self):
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get("/api/schema/").status_code, 200)
        self.assertEqual(self.client.get("/api/docs/").status_code, 200)
