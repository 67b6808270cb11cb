"""Tuijin settings: one file, read from the environment, loud on a bad value.

Every variable is documented in `.env.example`. With none set, the embedded SQLite database under
`var/` is used and DEBUG is on, which is what `make run` wants on a fresh clone.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """A variable, or the contents of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def envbool(name, default):
    value = env(name, default)
    if value in ("True", "true", "1", "yes"):
        return True
    if value in ("False", "false", "0", "no", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS=true where the site is served over TLS: http:// is redirected, cookies go only over TLS and
# browsers are told (HSTS) to use https:// alone from then on. BEHIND_PROXY=true when nginx ends TLS and
# passes X-Forwarded-Proto (nginx must set it itself; a client's own header must never reach Django).
HTTPS = envbool("HTTPS", "false")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # monitoring on the machine itself asks over plain http
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if envbool("BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A login lasts SESSION_COOKIE_AGE seconds (default 8 hours, one working day), then asks again.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # By this exact name: pytest-django's live server serves static files only when it is listed.
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "tuijin.core",
    "tuijin.org",
    "tuijin.projects",
    "tuijin.approvals",
    "tuijin.progress",
    "tuijin.problems",
    "tuijin.targets",
    "tuijin.bulletins",
    "tuijin.exchange",
    "tuijin.dashboard",
    "tuijin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production serves its static files itself (no nginx needed): hashed names cached for a year, gzip.
    # DEBUG (runserver, tests) leaves them to django.contrib.staticfiles as before.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tuijin.core.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "tuijin.org.middleware.AccountRulesMiddleware",
]

ROOT_URLCONF = "tuijin.urls"
WSGI_APPLICATION = "tuijin.wsgi.application"

# Django's renderer, with plain <select>s written in Python (tuijin/core/renderers.py says why).
FORM_RENDERER = "tuijin.core.renderers.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tuijin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tuijin.core.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite under var/ by default; DATABASE_URL-like pieces for PostgreSQL.
DB_ENGINE = env("DB_ENGINE", "sqlite")
if DB_ENGINE == "sqlite":
    SQLITE_PATH = Path(env("DB_NAME", str(BASE_DIR / "var" / "tuijin.sqlite3")))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # var/ is not in git
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            # Writers queue instead of failing: every transaction takes the write lock when it begins
            # (IMMEDIATE), so two saves never both read and then fight over the upgrade, which SQLite
            # answers at once with "database is locked"; a waiting writer gives up after SQLITE_TIMEOUT s.
            # WAL lets pages be read while one writer works.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": envint("SQLITE_TIMEOUT", 20),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                                "PRAGMA mmap_size=268435456;",
            },
        }
    }
elif DB_ENGINE == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("DB_NAME", "tuijin"),
            "USER": env("DB_USER", "tuijin"),
            "PASSWORD": env("DB_PASSWORD", ""),
            "HOST": env("DB_HOST", "127.0.0.1"),
            "PORT": envint("DB_PORT", 5432),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
        }
    }
else:
    raise ImproperlyConfigured(f"DB_ENGINE must be sqlite or postgresql, not {DB_ENGINE!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "tuijin.core.backends.RolePermissionBackend",
]
# 等保 2.0: at least 10 characters, not like the username or name, not a common or all-digit password.
# Validators run in the password forms (change, admin), not in set_password: tests and seed_demo set any.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "tuijin.org.accounts.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Login protection (tuijin/org/accounts.py): AXES_FAILURE_LIMIT wrong passwords for one username from one
# client address lock that pair only — not everyone behind the same NAT, not the user everywhere — for
# 5 minutes, doubling with further failures within 24 hours up to 1 hour. A coordinator unlocks at
# /accounts/lockouts/. Behind reverse proxies, TRUSTED_PROXY_COUNT says how many append X-Forwarded-For.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tuijin.org.accounts.client_ip"
AXES_COOLOFF_TIME = "tuijin.org.accounts.cool_off"
# Each lock ends by its own expiry time (the cool-off differs per account), and the failure log that
# the cool-off is counted from outlives the lock.
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "tuijin.org.accounts.lockout_response"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tuijin" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages are installed from npm at setup and served from node_modules; none is committed.
STATICFILES_DIRS = [
    BASE_DIR / "tuijin" / "static",
    # Tabler's own files only: its dist/libs bundles third-party CSS naming files the package leaves
    # out, which stops `collectstatic` (hashed names) in production; we use none of them.
    *((f"tabler/{part}", NODE_MODULES / "@tabler" / "core" / "dist" / part) for part in ("css", "js", "img")),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("echarts", NODE_MODULES / "echarts" / "dist"),
]
# Production (DEBUG=false): `collectstatic` writes gzipped copies under hashed names
# (tabler.min.6f1c….css), which WhiteNoise serves with a one-year cache; DEBUG serves them as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "tuijin.core.staticfiles.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Tabler sets style attributes on a few components.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        # default-src does not cover these: forms post only here, a planted <base> cannot redirect
        # relative URLs, and no other site may frame the platform (clickjacking).
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tuijin API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema lists every endpoint and field: logged-in users and token holders only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the sidecar package, served by the app: intranets have no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A project's stage and a transition's target are one choice set: one name in the schema.
    "ENUM_NAME_OVERRIDES": {"StageEnum": "tuijin.projects.choices.Stage"},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-vcenter card-table table-sm"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Reverting in the admin's history would move a project's stage or a report's status around the services
# that record and check those moves: history is for reading.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Largest upload accepted before any parsing (imports guard again per file type).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
EXPORT_MAX_ROWS = envint("EXPORT_MAX_ROWS", 200_000)
# Workbooks up to this size are checked while the clerk waits; larger ones go to the task worker
# (`manage.py db_worker`) and the page shows a progress bar.
IMPORT_INLINE_MAX_BYTES = envint("IMPORT_INLINE_MAX_BYTES", 150 * 1024)

# Background work: the database queue by default (run `manage.py db_worker`); TASKS_BACKEND=
# django_tasks.backends.immediate.ImmediateBackend runs tasks inside the request instead (no worker).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# How far a step the task worker runs in one transaction has got (core.progress): files every process of the
# machine reads, since nobody sees the step's own rows until it ends.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                 "LOCATION": env("PROGRESS_DIR", str(BASE_DIR / "var" / "progress"))},
}

# Links in e-mails; mail goes to the console unless an SMTP host is set.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "tuijin@localhost")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
