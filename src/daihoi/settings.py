"""Settings, every one read from the environment with a safe default (12-factor).

DATABASE_URL      sqlite:///var/daihoi.sqlite3 by default; postgres://... in production
SECRET_KEY        required by `daihoi serve` outside demo mode
DAIHOI_DEBUG      "1" to turn on Django's debug pages (never in production)
DAIHOI_DEMO       "1" for the demo: a key kept in var/ is used when SECRET_KEY is unset
DAIHOI_VAR        where the SQLite file, uploads, backups and the demo key live
ALLOWED_HOSTS     comma-separated, default "*" (the hall network has no fixed names)
SESSION_AGE       seconds of inactivity before a login expires (default 1800)
DAIHOI_TASKS_BACKEND  where background tasks run: "database" (default: a row per task, run
                  by `daihoi worker`), "immediate" (in the caller, as the tests do), or the
                  dotted path of another backend of Django's task framework
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DAIHOI_VAR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DAIHOI_DEBUG")
DEMO = _flag("DAIHOI_DEMO")


def _secret_key() -> tuple[str, bool]:
    """Return (key, configured). An unconfigured key is random per process, so
    sessions cannot be forged; `daihoi serve` refuses to run with one."""
    key = os.environ.get("SECRET_KEY", "")
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
    "daihoi.congress.proceedings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A login lapses after SESSION_AGE seconds without activity (renewed at most once a minute,
# see core.middleware); the page warns SESSION_EXPIRY_WARNING seconds before.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_AGE", "1800"))
SESSION_RENEW_EVERY = 60
SESSION_EXPIRY_WARNING = 60

# Failed logins: five in a row lock that username from that address for 15 minutes.
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
SESSION_COOKIE_SECURE = _flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
