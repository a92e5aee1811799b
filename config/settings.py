"""Kring's one settings module, driven by environment variables.

Defaults are safe for production (DEBUG off, secure cookies); `make run` and the tests switch
on the developer comforts through KRING_ENV=dev / test.
"""

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "kring.core",
    "kring.accounts",
    "kring.audit",
    "kring.languages",
    "kring.outbox",
    "kring.intake",
    "kring.cases",
    "kring.coordinators",
    "kring.network",
    "kring.conferences",
    "kring.plans",
    "kring.followup",
    "kring.funding",
    "kring.portal",
    "kring.reporting",
    "kring.privacy",
    "kring.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # no-store, Permissions-Policy, path-free referrers on link pages (decision 120); CSP next.
    "kring.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kring.core.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 30 minutes idle, 12 hours in all: then the session ends (decision 0082).
    "kring.accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a lockout flagged during authentication into Kring's Dutch "too many tries" page.
    "axes.middleware.AxesMiddleware",
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
                # `csp_nonce`, for the rare template that needs an inline script or style.
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kring.core.context_processors.organisation",
                "kring.core.context_processors.speech",
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
# django-axes first: it refuses a locked-out account or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the user of a session read with their region ids (decision 0198).
    "kring.accounts.backends.UserWithRegionsBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:start"
LOGOUT_REDIRECT_URL = "intake:home"
# Passwords: at least 12 characters and not on the list of common and breached passwords
# shipped in the repository (decision 0081); Argon2id, older PBKDF2 hashes upgrade on login.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "kring.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "kring.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A password reset link works for one hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Two factors (decision 0080): TOTP with recovery codes through django-otp, for every role.
OTP_TOTP_ISSUER = os.environ.get("KRING_OTP_ISSUER", "Kring")
# Passkeys (decision 0126): WebAuthn through django-otp-webauthn, as a second step next to the
# app. They are bound to KRING_BASE_URL's host name and accepted only from that origin
# (`kring.accounts.passkeys` reads it at the moment of use); never a login without a password.
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_RP_ID_CALLABLE = "kring.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "kring.accounts.passkeys.KringWebAuthnHelper"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{urlsplit(KRING_BASE_URL).scheme}://{urlsplit(KRING_BASE_URL).netloc}"
]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Minutes a password-checked login may wait for its second factor.
KRING_SECOND_FACTOR_MINUTES = 10
# Days an activation link in an invitation works.
KRING_INVITATION_DAYS = int(os.environ.get("KRING_INVITATION_DAYS", "7"))

# Throttling and lockout (decision 0083): per account and per address, for the password, the
# second factor and password reset; counters live in the cache and expire with the cool-off.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("KRING_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("KRING_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kring.accounts.throttling.username_from_request"
AXES_CLIENT_IP_CALLABLE = "kring.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "kring.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False  # its log lines would carry e-mail addresses
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
if KRING_ENV != "production":
    # One process with an in-memory cache in development and tests: that is fine there.
    # Development and tests run on plain http at 127.0.0.1 or testserver: the library's check
    # that passkey origins are https is for production (passkeys then are simply not offered).
    SILENCED_SYSTEM_CHECKS = ["axes.W001", "otp_webauthn.E031"]
# Password reset requests per address and per e-mail address per hour.
KRING_PASSWORD_RESET_LIMIT = int(os.environ.get("KRING_PASSWORD_RESET_LIMIT", "5"))

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
    # Cached plan PDFs (kring.plans.pdf), under MEDIA_ROOT unless configured apart: a separate
    # entry so that an S3-compatible bucket can be set for them alone later (decision 0094).
    "plan_pdfs": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        # Encrypted by default: STARTTLS on port 587, or implicit TLS on 465 with
        # EMAIL_USE_SSL=true. Plain SMTP only when EMAIL_USE_TLS=false is set on purpose
        # (a relay on the same machine). The server's certificate is verified.
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "use_tls": env_bool("EMAIL_USE_TLS", not env_bool("EMAIL_USE_SSL", False)),
        "timeout": 20,
    }
    if os.environ.get("EMAIL_PORT"):
        MAILERS["default"]["OPTIONS"]["port"] = int(os.environ["EMAIL_PORT"])
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
    # The kept counts of running cases checked against the cases (decision 192).
    "kring.cases.tasks.recount_running_cases": "daily 02:45",
    # Reminders, surveys and the late follow-up signal (kring.followup.reminders).
    "kring.followup.tasks.send_reminders": "daily 07:00",
    "kring.intake.tasks.purge_info_requests": "daily 03:15",
    "kring.privacy.tasks.apply_retention": "daily 02:30",
    "kring.audit.tasks.create_audit_partitions": "daily 01:15",
    "kring.reporting.tasks.refresh_figures": "every 10 minutes",
    "kring.portal.tasks.purge_family_sign_in": "daily 03:45",
    # Rate-limit windows that ended (kring.core.counters, decision 195).
    "kring.core.tasks.purge_counters": "daily 03:55",
}

CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache"
        if KRING_ENV == "production"
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kring_cache",
    }
}
if KRING_ENV == "production":
    # django-axes keeps its failed-login counts here. The database cache's default of 300
    # entries would cull a third of them (a lockout included) whenever more than 300 keys
    # exist, which anyone can cause with failed logins from many addresses (decision 195).
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 100_000}

# Security: strict by default; development over plain http relaxes only the https parts.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", KRING_ENV == "production")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = KRING_ENV == "production"
CSRF_COOKIE_SECURE = KRING_ENV == "production"
SESSION_COOKIE_HTTPONLY = True
# Sessions (decision 0082): the cookie ends with the browser; on the server a session ends
# after 30 minutes without a request and 12 hours after signing in, whatever happens.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
KRING_SESSION_IDLE_SECONDS = int(os.environ.get("KRING_SESSION_IDLE_MINUTES", "30")) * 60
KRING_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("KRING_SESSION_ABSOLUTE_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = KRING_SESSION_ABSOLUTE_SECONDS
if KRING_ENV == "production":
    # `__Host-` cookies: only over https, only for this host, path / (no subdomain can set them).
    SESSION_COOKIE_NAME = "__Host-kring-session"
    CSRF_COOKIE_NAME = "__Host-kring-csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy through Django's own middleware (decision 0120): scripts, styles,
# images and fonts from Kring itself only; no inline script or style unless it carries the
# request's nonce ({{ csp_nonce }}); never framed; forms post only to Kring.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Reverse proxies (decision 0122): whose X-Forwarded-For Kring believes, for the public
# form's rate limit and the audit log (`kring.core.clientip.client_ip`). Either the number
# of proxies in front of Kring (`KRING_TRUSTED_PROXY_COUNT=1` for one nginx), or their
# addresses or networks (`KRING_TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1`). Neither set: the
# connecting address is the client and X-Forwarded-For is ignored (it can be forged).
KRING_TRUSTED_PROXY_COUNT = int(os.environ.get("KRING_TRUSTED_PROXY_COUNT", "0"))
KRING_TRUSTED_PROXIES = env_list("KRING_TRUSTED_PROXIES")

# Request bodies and uploads (decision 0124). A document may be 10 MB; a post larger than
# that plus room for the form is refused (413) before its body is read. Files above 2.5 MB
# are streamed to a temporary file, never held in memory; other form data may be 2.5 MB.
# The proxy refuses larger bodies first (`client_max_body_size 11m`, docs/operations.md).
KRING_MAX_UPLOAD_BYTES = int(os.environ.get("KRING_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
KRING_MAX_REQUEST_BYTES = KRING_MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# An uploaded photo must decode within this many pixels (a "decompression bomb" is refused).
KRING_MAX_IMAGE_PIXELS = int(os.environ.get("KRING_MAX_IMAGE_PIXELS", "40000000"))


# The organisation's public contact details, shown on the public pages.
KRING_ORGANISATION_NAME = os.environ.get("KRING_ORGANISATION_NAME", "Eigen Kracht Centrale")
KRING_PHONE = os.environ.get("KRING_PHONE", "0800 - 33 77 835")
KRING_EMAIL = os.environ.get("KRING_EMAIL", "info@eigen-kracht.nl")

# /.well-known/security.txt (RFC 9116): where to report a vulnerability, and until when the
# file is valid (an ISO date; by default a year from today, so it never goes stale unnoticed
# while the contact setting is live).
KRING_SECURITY_CONTACT = env_list("KRING_SECURITY_CONTACT", f"mailto:{KRING_EMAIL}")
KRING_SECURITY_TXT_EXPIRES = os.environ.get("KRING_SECURITY_TXT_EXPIRES", "")

# Working days within which a requester is called, unless the region sets its own.
KRING_DEFAULT_CONTACT_DAYS = int(os.environ.get("KRING_DEFAULT_CONTACT_DAYS", "3"))

# Personal-link tokens never reach a log (decision 0121): `kring.core.redaction` removes them
# from every log record when it is made (installed by kring.core's AppConfig). The filter is
# also on Kring's handler, for records made before the apps are ready. Below: the link prefixes
# whose next path segment is a secret; any other token-like word is removed too.
KRING_LINK_PREFIXES = [
    "/u/",
    "/plan/",
    "/familie/link/",
    "/wachtwoord-herstellen/",
    "/vragenlijst/",
    "/herinneringen/uit/",
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_links": {"()": "kring.core.redaction.RedactLinksFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_links"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes says at INFO level what it resets on every login; warnings are enough.
        "axes": {"level": "WARNING"},
    },
}

if KRING_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Text messages (SMS, decision 0171): the log in development, a list in tests, an HTTP gateway
# in production (its URL, bearer token and sender name from the environment).
KRING_SMS_BACKEND = os.environ.get(
    "KRING_SMS_BACKEND",
    {
        "test": "kring.outbox.sms.LocmemBackend",
        "dev": "kring.outbox.sms.ConsoleBackend",
    }.get(KRING_ENV, "kring.outbox.sms.HttpGatewayBackend"),
)
KRING_SMS_GATEWAY_URL = os.environ.get("KRING_SMS_GATEWAY_URL", "")
KRING_SMS_GATEWAY_TOKEN = os.environ.get("KRING_SMS_GATEWAY_TOKEN", "")
KRING_SMS_SENDER = os.environ.get("KRING_SMS_SENDER", "Kring")[:11]

# The family portal (decision 0170): a sign-in code lives this many minutes; a family session
# this many hours; the portal stays open this many days after the case closed or stopped.
KRING_PORTAL_CODE_MINUTES = int(os.environ.get("KRING_PORTAL_CODE_MINUTES", "10"))
KRING_PORTAL_CODES_PER_HOUR = int(os.environ.get("KRING_PORTAL_CODES_PER_HOUR", "5"))
KRING_PORTAL_SESSION_HOURS = int(os.environ.get("KRING_PORTAL_SESSION_HOURS", "3"))
KRING_PORTAL_GRACE_DAYS = int(os.environ.get("KRING_PORTAL_GRACE_DAYS", "30"))

# The check-in call is due this many days after the conference, and can be recorded from this
# many days before it is due (decision 0091), never earlier.
KRING_CHECK_IN_AFTER_DAYS = int(os.environ.get("KRING_CHECK_IN_AFTER_DAYS", "28"))
KRING_CHECK_IN_EARLY_DAYS = int(os.environ.get("KRING_CHECK_IN_EARLY_DAYS", "7"))

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
    # Throttling's records of failed sign-ins (typed address, client address): 90 days.
    "login_attempt": 90,
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
