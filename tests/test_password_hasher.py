"""The suite hashes passwords with MD5 (the root conftest.py): the real hasher is slow by design, and the
suite creates thousands of users, most of them in setUpTestData, which runs before any test."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.test import TestCase


class FastHasherTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user("hashed_in_setup", password="tuijin-demo")

    def test_users_made_before_the_tests_run_are_hashed_with_md5(self):
        self.assertTrue(self.user.password.startswith("md5$"), self.user.password[:20])
        self.assertTrue(self.user.check_password("tuijin-demo"))

    def test_make_password_uses_md5(self):
        self.assertEqual(get_hasher().algorithm, "md5")
        self.assertTrue(make_password("x").startswith("md5$"))
