"""Kring's one settings module, driven by environment variables.

Defaults are safe for production (DEBUG off, secure cookies); `make run` and the tests switch
on the developer comforts through KRING_ENV=dev / test.
"""

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KRING_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "dev" for make run, "test" for pytest, "production" everywhere else.
KRING_ENV = os.environ.get("KRING_ENV") or ("test" if "pytest" in sys.modules else "production")
DEBUG = env_bool("DEBUG", KRING_ENV == "dev")

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghijklmnop"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if KRING_ENV in {"dev", "test"} else "")
if not SECRET_KEY:
    raise RuntimeError("Set SECRET_KEY in the environment (production settings).")

# Every absolute link in a mail, a letter or a calendar file starts with this address.
_DEFAULT_BASE_URL = {"dev": "http://127.0.0.1:8000", "test": "http://testserver"}
KRING_BASE_URL = os.environ.get("KRING_BASE_URL", _DEFAULT_BASE_URL.get(KRING_ENV, "")).rstrip("/")
if not KRING_BASE_URL:
    raise RuntimeError("Set KRING_BASE_URL (e.g. https://kring.example.nl) in the environment.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if KRING_ENV != "production" else ""
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "kring.core",
    "kring.accounts",
    "kring.audit",
    "kring.outbox",
    "kring.intake",
    "kring.cases",
    "kring.coordinators",
    "kring.network",
    "kring.conferences",
    "kring.plans",
    "kring.portal",
    "kring.privacy",
    "kring.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kring.core.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if KRING_ENV == "production":
    # Static files are collected into STATIC_ROOT and served by WhiteNoise next to the app.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kring.core.context_processors.organisation",
                # `nav`: which parts of Kring the menu offers, from the person's role.
                "kring.accounts.context_processors.roles",
            ],
        },
    }
]

# SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kring.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Production holds child-protection data: only PostgreSQL gives the append-only, partitioned
# audit table and the separate database roles (docs/operations.md). No silent SQLite fallback.
if KRING_ENV == "production" and (
    not os.environ.get("DATABASE_URL")
    or DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
):
    raise RuntimeError(
        "Kring needs PostgreSQL in production: set DATABASE_URL=postgres://... "
        "(SQLite is only for `make run` and the tests; set KRING_ENV=dev for those)."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORM_RENDERER = "kring.core.forms.KringFormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:start"
LOGOUT_REDIRECT_URL = "intake:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if KRING_ENV == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded documents live outside the web root and are served only by access-checked views.
MEDIA_ROOT = Path(os.environ.get("KRING_PRIVATE_FILES", VAR_DIR / "private"))

# Mail (Django 6.1 MAILERS): the console in development, SMTP from the environment elsewhere.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if KRING_ENV == "dev"
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {},
    }
}
if str(MAILERS["default"]["BACKEND"]).endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kring <noreply@kring.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks framework, stored in the database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if KRING_ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# The worker's own schedule (`manage.py worker`): task path -> "every N minutes" / "daily HH:MM".
KRING_SCHEDULE: dict[str, str] = {
    "kring.outbox.services.send_due_messages": "every 1 minutes",
    "kring.cases.tasks.send_contact_digest": "daily 07:30",
    "kring.intake.tasks.purge_info_requests": "daily 03:15",
    "kring.privacy.tasks.apply_retention": "daily 02:30",
    "kring.audit.tasks.create_audit_partitions": "daily 01:15",
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache"
        if KRING_ENV == "production"
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kring_cache",
    }
}

# Security: strict by default; development over plain http relaxes only the https parts.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", KRING_ENV == "production")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = KRING_ENV == "production"
CSRF_COOKIE_SECURE = KRING_ENV == "production"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The organisation's public contact details, shown on the public pages.
KRING_ORGANISATION_NAME = os.environ.get("KRING_ORGANISATION_NAME", "Eigen Kracht Centrale")
KRING_PHONE = os.environ.get("KRING_PHONE", "0800 - 33 77 835")
KRING_EMAIL = os.environ.get("KRING_EMAIL", "info@eigen-kracht.nl")
# Working days within which a requester is called, unless the region sets its own.
KRING_DEFAULT_CONTACT_DAYS = int(os.environ.get("KRING_DEFAULT_CONTACT_DAYS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

if KRING_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# The check-in call is due this many days after the conference.
KRING_CHECK_IN_AFTER_DAYS = int(os.environ.get("KRING_CHECK_IN_AFTER_DAYS", "28"))

# Intake: informational-conversation requests that do not become a conference are deleted after
# this many days (data minimisation), and the public form accepts at most N posts per IP per window.
KRING_INFO_REQUEST_RETENTION_DAYS = int(os.environ.get("KRING_INFO_REQUEST_RETENTION_DAYS", "90"))
KRING_REQUEST_RATE_LIMIT = int(os.environ.get("KRING_REQUEST_RATE_LIMIT", "10"))
KRING_REQUEST_RATE_WINDOW = int(os.environ.get("KRING_REQUEST_RATE_WINDOW", "3600"))

# The audit log records facts, not content: in development and tests `record()` refuses a
# payload that looks personal (kring.audit.payload). Off in production: never lose an event.
KRING_AUDIT_STRICT = env_bool("KRING_AUDIT_STRICT", KRING_ENV in {"dev", "test"})
# Monthly audit partitions on PostgreSQL are created this many months ahead.
KRING_AUDIT_PARTITIONS_AHEAD = int(os.environ.get("KRING_AUDIT_PARTITIONS_AHEAD", "3"))

# Retention (docs/privacy.md has the table with the legal basis of each term). Each term is in
# days and can be set in the environment as KRING_RETENTION_<KIND>_DAYS; 0 means "at once".
_RETENTION_DEFAULTS = {
    # A finished case with children involved: youth care (Jeugdwet art. 7.3.8), 20 years.
    "case_youth": 20 * 365,
    # A finished case without children: closed 2 years, stopped 1 year after its end (AVG).
    "case_closed": 2 * 365,
    "case_stopped": 365,
    # A request closed without becoming a case: 1 year after closing.
    "request_closed": 365,
    # Cached plan PDFs: made again on the next download.
    "plan_pdf_cache": 90,
    # Personal links: 30 days after they expired or were revoked.
    "personal_link": 30,
    # Sent or abandoned outbox messages (the body is cleared once sent): 1 year.
    "outbox_message": 365,
    # Finished background-task rows: 30 days.
    "task_result": 30,
    # Expired sessions: at once.
    "session": 0,
    # Scheduler bookkeeping rows: 90 days.
    "scheduled_run": 90,
    # Deactivated accounts, counted from the last login: 2 years, then anonymised.
    "account_inactive": 2 * 365,
    # The audit log (NEN 7510/7513): 5 years, dropped in whole months.
    "audit_log": 5 * 365,
}
KRING_RETENTION_DAYS: dict[str, int] = {
    kind: int(os.environ.get(f"KRING_RETENTION_{kind.upper()}_DAYS", str(days)))
    for kind, days in _RETENTION_DEFAULTS.items()
}
