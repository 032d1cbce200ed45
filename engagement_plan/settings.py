"""Plan Tracker settings: one file, every deployment-specific value read from the environment.

Local use needs no environment at all (SQLite in the project folder, DEBUG on, a throwaway key).
Production sets DATABASE_URL, SECRET_KEY, DEBUG=false and ALLOWED_HOSTS, and is `check --deploy` clean.
"""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - local default only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's own widget templates, for FORM_RENDERER = TemplatesSetting
    "django_filters",
    "django_tables2",
    "engagement_plan",  # its ready() connects the sign-in clock for session lifetimes
    "axes",  # sign-in lockout and the audit log of sign-ins (see "Sign-in lockout" in the README)
    "django_tasks",
    "django_tasks_db",  # the tasks' database backend: `manage.py db_worker` runs them
    "owners",
    "activities",
]

MIDDLEWARE = [
    # First, so an oversized body is refused before anything (CSRF, the upload handlers) reads it.
    "engagement_plan.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "engagement_plan.middleware.SessionLifetimeMiddleware",
    "engagement_plan.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engagement_plan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "activities.context_processors.plan",
            ],
        },
    },
]
# Our templates/forms/ override Django's form widget templates with GOV.UK markup.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "engagement_plan.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a second process (an import) share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "engagement_plan.authentication.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# static/ holds our own CSS/JS; build/static/ holds third-party assets copied from their
# packages by `make assets` (GOV.UK Frontend), never committed.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Security headers: always on where they cannot hurt local use; HTTPS-only ones follow DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Trust X-Forwarded-Proto / X-Forwarded-For only behind a reverse proxy that sets them (and strips
# what the client sent): from anyone else they are lies that would pass HTTP off as HTTPS, or dodge
# the per-address sign-in lockout.
if env_bool("TRUST_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUST_PROXY_FORWARDED_FOR = env_bool("TRUST_PROXY_FORWARDED_FOR", False)

# Sessions: signed out after SESSION_IDLE_TIMEOUT seconds without a request (the cookie and the
# stored session are renewed as you work, see engagement_plan/middleware.py), and after
# SESSION_ABSOLUTE_TIMEOUT seconds whatever you do.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(8 * 60 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(12 * 60 * 60)))

# Content-Security-Policy (django-csp 4): our own files only, no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failed sign-ins lock that account (from any
# address) and that address (for any account) for AXES_COOLOFF_MINUTES. Every sign-in, failure and
# lockout is logged, and administrators see the logs in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True  # a right password before the limit forgives the earlier slips
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when it says it will
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "engagement_plan.authentication.locked_out"
AXES_CLIENT_IP_CALLABLE = "engagement_plan.authentication.client_address"
AXES_VERBOSE = False  # the access logs are the record; no log line per attempt on the console

# Mail (update requests, reminders, late notices, password reset) goes through Django's mail
# framework to the SMTP server EMAIL_HOST names. Until EMAIL_HOST is set nothing is sent: messages
# are written as files to EMAIL_FILE_PATH (build/mail/), so `make run` and a test machine never
# mail anyone by accident. EMAIL_BACKEND overrides either (e.g. the console backend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "build" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "plan-tracker@localhost")
# The site's own address, for the absolute links in mail (a message has no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Password reset mails a link, so it is offered only once mail really goes out (EMAIL_HOST), or
# when PASSWORD_RESET_ENABLED=true (as `make run` sets, to try it with the files in build/mail/);
# until then its pages answer 404.
PASSWORD_RESET_ENABLED = bool(EMAIL_HOST) or env_bool("PASSWORD_RESET_ENABLED", False)

# Every request body is capped at the import limit plus this much for the multipart envelope and
# the form's other fields, checked against Content-Length before the body is read.
REQUEST_BODY_MARGIN_BYTES = int(os.environ.get("REQUEST_BODY_MARGIN_BYTES", str(256 * 1024)))

# Upload limits (the importer enforces its own, settable, limits on top of these).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
PLAN_IMPORT_MAX_BYTES = int(os.environ.get("PLAN_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
PLAN_IMPORT_MAX_ROWS = int(os.environ.get("PLAN_IMPORT_MAX_ROWS", "5000"))
# What a workbook may unpack to (a .xlsx is a zip of XML): checked before it is opened.
PLAN_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("PLAN_IMPORT_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024))
)
# The work of reading one file, counted while reading (activities/importing/budget.py).
PLAN_IMPORT_MAX_CELLS = int(os.environ.get("PLAN_IMPORT_MAX_CELLS", "200000"))
PLAN_IMPORT_MAX_TEXT_CHARACTERS = int(os.environ.get("PLAN_IMPORT_MAX_TEXT_CHARACTERS", "20000000"))
PLAN_IMPORT_MAX_SHARED_STRINGS_BYTES = int(
    os.environ.get("PLAN_IMPORT_MAX_SHARED_STRINGS_BYTES", str(20 * 1024 * 1024))
)
PLAN_IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("PLAN_IMPORT_MAX_SHARED_STRINGS", "100000"))
PLAN_IMPORT_MAX_SECONDS = float(os.environ.get("PLAN_IMPORT_MAX_SECONDS", "30"))

# Work outside the request (django-tasks): reading and previewing an uploaded plan file runs in
# `manage.py db_worker` (started by `make run` and `make serve`), tasks kept in the database.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Off: the preview is read in the web request (the synchronous fallback, for tests and for a
# site that runs no worker).
PLAN_IMPORT_IN_WORKER = env_bool("PLAN_IMPORT_IN_WORKER", True)
# The worker's budget for previewing one file: its address space may grow by this much.
PLAN_IMPORT_WORKER_MAX_MEMORY = int(
    os.environ.get("PLAN_IMPORT_WORKER_MAX_MEMORY", str(1024 * 1024 * 1024))
)
PLAN_STALE_DAYS = int(os.environ.get("PLAN_STALE_DAYS", "30"))
PLAN_FORCE_NAME = os.environ.get("PLAN_FORCE_NAME", "Wiltshire Police")

DJANGO_TABLES2_TEMPLATE = "django_tables2/govuk.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes logs every attempt at INFO; its access logs are the record, lockouts are WARNING.
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}
