"""Settings, every one read from the environment with a safe default (12-factor).

DATABASE_URL      sqlite:///var/daihoi.sqlite3 by default; postgres://... in production
SECRET_KEY        required by `daihoi serve` outside demo mode; at least 50 characters, 5 of
                  them different (Django's own deploy check), or nothing starts
DAIHOI_DEBUG      "1" to turn on Django's debug pages (development only: `daihoi serve` refuses it)
DAIHOI_DEMO       "1" for the demo: a key kept in var/ is used when SECRET_KEY is unset
DAIHOI_VAR        where the SQLite file, uploads, backups and the demo key live
ALLOWED_HOSTS     comma-separated, default "*" (the hall network has no fixed names)
DAIHOI_HTTPS      the users reach the server over HTTPS (a reverse proxy in front that sets
                  X-Forwarded-Proto): secure cookies, redirect to https, HSTS for
                  SECURE_HSTS_SECONDS (default one year). ON by default in production (a
                  SECRET_KEY set, neither demo nor debug), so `daihoi check --deploy` is
                  clean; "0" serves plain HTTP (never for e-voting on a shared Wi-Fi:
                  docs/operations.md section 5) and the deploy check then says so
SESSION_AGE       seconds of inactivity before a login expires (default 1800)
DAIHOI_PORTAL_HOST  the public portal's own host name (e.g. tin.example.vn): that host serves
                  the portal at its root and no staff page; empty (default): the portal is at
                  / of every host and the staff application's home at /app/
PORTAL_HITS_DIR   where the portal's page views wait for the worker's roll-up (VAR/portal-hits)
DAIHOI_TASKS_BACKEND  where background tasks run: "database" (default: a row per task, run
                  by `daihoi worker`), "immediate" (in the caller, as the tests do), or the
                  dotted path of another backend of Django's task framework
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DAIHOI_VAR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DAIHOI_DEBUG")
DEMO = _flag("DAIHOI_DEMO")


SECRET_KEY_MIN_LENGTH = 50
WEAK_SECRET_KEY = (
    f"SECRET_KEY quá ngắn: cần ít nhất {SECRET_KEY_MIN_LENGTH} ký tự, 5 ký tự khác nhau "
    "(tạo bằng: python -c 'import secrets; print(secrets.token_urlsafe(50))'). / "
    f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters with 5 different ones."
)


def _secret_key() -> tuple[str, bool]:
    """Return (key, configured). An unconfigured key is random per process, so
    sessions cannot be forged; `daihoi serve` refuses to run with one."""
    key = os.environ.get("SECRET_KEY", "")
    if key and not DEMO and (len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5):
        # Sessions, password-reset links and CSRF tokens are signed with it: a short key
        # can be guessed offline from one signed cookie.
        raise ImproperlyConfigured(WEAK_SECRET_KEY)
    if key:
        return key, True
    if DEMO:
        # The demo runs several workers: they must share one key, kept beside the data.
        path = VAR_DIR / "demo-secret-key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
        return path.read_text().strip(), True
    return secrets.token_urlsafe(50), False


SECRET_KEY, SECRET_KEY_CONFIGURED = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "daihoi.core",
    "daihoi.organizations",
    "daihoi.congress",
    "daihoi.elections",
    "daihoi.elections.evoting",
    "daihoi.elections.scanning",
    "daihoi.congress.proceedings",
    "daihoi.meetings",
    "django.contrib.sitemaps",
    "daihoi.portal",
    "daihoi.extraction",
    "daihoi.targets",
    "daihoi.appraisal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "daihoi.portal.middleware.PortalHostMiddleware",
    "daihoi.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any body is read: an upload over the import cap gets 413 (core/upload_limit.py).
    "daihoi.core.upload_limit.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "daihoi.core.middleware.SessionRenewalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "daihoi.urls"
WSGI_APPLICATION = "daihoi.wsgi.application"

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
                "daihoi.core.context_processors.daihoi",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'daihoi.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the counting committee writes; the busy timeout
    # makes concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (imports, exports, later scanning): Django's task framework (the
# django-tasks backport). The database backend keeps each task in a table of the same
# database, so any application server can enqueue and any `daihoi worker` can run it.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("DAIHOI_TASKS_BACKEND", "database").strip() or "database"
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The public portal's own host name: requests for it get the portal at the root and none of
# the staff pages; the staff host's root then goes to the staff home. Empty: the portal is
# at the root of every host, the staff application under /app/ (and its existing paths).
DAIHOI_PORTAL_HOST = os.environ.get("DAIHOI_PORTAL_HOST", "").strip().lower()
# Where page views wait for the worker's roll-up (portal/stats.py); default VAR/portal-hits.
PORTAL_HITS_DIR = os.environ.get("PORTAL_HITS_DIR", "").strip() or None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A login lapses after SESSION_AGE seconds without activity (renewed at most once a minute,
# see core.middleware); the page warns SESSION_EXPIRY_WARNING seconds before.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_AGE", "1800"))
SESSION_RENEW_EVERY = 60
SESSION_EXPIRY_WARNING = 60

# Failed logins: five in a row lock that username from that address for 15 minutes. The
# address is the client's, read behind the reverse proxy from X-Forwarded-For only when the
# request comes from one of TRUSTED_PROXIES (comma-separated addresses or networks of the
# proxy itself; empty: the header is never read): core/client_ip.py.
def _trusted_proxies() -> tuple[str, ...]:
    from daihoi.core.client_ip import parse_networks

    entries = tuple(e.strip() for e in os.environ.get("TRUSTED_PROXIES", "").split(",") if e.strip())
    parse_networks(entries)  # a wrong entry stops the start, naming it
    return entries


TRUSTED_PROXIES = _trusted_proxies()
AXES_CLIENT_IP_CALLABLE = "daihoi.core.client_ip.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS: list[Path] = []
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the apps by whitenoise's finders (no collectstatic step);
# STATIC_ROOT is only for a front server that wants the files copied out.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps' static folders: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest import file (.xlsx, .csv) taken, refused by size before anything reads it
# (Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count files; uploads over
# FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary file). The exporter's 100,000 members
# with every column filled: 10 MB as .xlsx, 28.6 MB as .csv; the default leaves twice that.
DAIHOI_IMPORT_MAX_BYTES = int(os.environ.get("DAIHOI_IMPORT_MAX_BYTES", str(64 * 1024 * 1024)))
# Rows past this are refused: the validated rows and their errors stay in memory.
DAIHOI_IMPORT_MAX_ROWS = int(os.environ.get("DAIHOI_IMPORT_MAX_ROWS", "200000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Production requires HTTPS unless the operator says otherwise: a hall's Wi-Fi is shared by
# every delegate, and plain HTTP there gives away sessions and ballots (issue 15). The
# demo, debug and the tests (no SECRET_KEY) speak plain HTTP to localhost.
HTTPS = _flag("DAIHOI_HTTPS", default=SECRET_KEY_CONFIGURED and not (DEMO or DEBUG))
SESSION_COOKIE_SECURE = HTTPS or _flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = HTTPS or _flag("SECURE_COOKIES")
if HTTPS:
    # gunicorn speaks plain HTTP behind the proxy: the proxy's header says the user's side
    # was HTTPS (it must set it, overwriting any the client sent).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", default=True)
# No inline script, no eval, nothing from another site (the hall network may have no
# internet anyway). Inline style attributes stay allowed: the templates use them, and
# htmx adds its indicator style; styles cannot run code.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    # The ballot page encrypts in a module worker (evoting/crypto-worker.js). worker-src
    # would fall back to script-src; said outright, a worker stays ours if that changes.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": "daihoi.core.logs.ClientErrorsOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["client_errors_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
