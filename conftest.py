"""Suite-wide settings: passwords are hashed with a fast hasher (the real one is slow by design, and
the suite creates thousands of users)."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher(django_test_environment):
    from django.conf import settings
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _progress_files_of_their_own(django_test_environment, tmp_path_factory):
    """Progress reports (core.progress) of the suite's steps go to a directory of the run's, not var/."""
    from django.conf import settings

    settings.CACHES["progress"]["LOCATION"] = str(tmp_path_factory.mktemp("progress"))
