"""KIM Portal settings — the one settings module, configured from the environment.

Debug mode (``DJANGO_DEBUG=true``) is for local development and the demo; with debug
off the portal runs with production security settings and passes ``check --deploy``.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Secrets are read as they are: django-environ would treat a value starting with "$" as a
# reference to another variable, and generated keys may start with "$".
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (
    "django-insecure-local-development-only" if DEBUG else ""
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured(
        "SECRET_KEY must be set when DJANGO_DEBUG is off (see README, 'Configuration')."
    )
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Used to build absolute links in emails sent outside a request (reminders, invitations).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "kim_portal",
    "offers",
    "cases",
    "steering",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kim_portal.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML and JSON (static files are precompressed by WhiteNoise above). Django
    # pads gzip output with random bytes against BREACH; CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # ETag from the uncompressed body (hence inside GZip): a repeat view gets a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "kim_portal.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kim_portal.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kim_portal.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kim_portal.urls"
WSGI_APPLICATION = "kim_portal.wsgi.application"
ASGI_APPLICATION = "kim_portal.asgi.application"

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
                "django.template.context_processors.csp",
                "kim_portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default="postgres:///kim_portal")}
# psycopg2 has no pool: keep connections for a while and check them before reuse, so a
# restarted PostgreSQL is survived without restarting the portal.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Deliberately off: services decide their transactions; Celery tasks are dispatched with
# on_commit inside those transactions.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# JIT compilation costs 20-30 ms per complex statement and pays off only for long analytic
# queries, which the portal does not run in requests.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        # Django's RedisCache that serves without Redis when it is away (kim_portal/cache.py).
        "BACKEND": "kim_portal.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kim"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# Whole public catalogue pages for visitors without a session (offers/page_cache.py); the
# key holds the catalogue version, so this only bounds memory. 0 turns the cache off.
OFFERS_PAGE_CACHE_SECONDS = env.int("OFFERS_PAGE_CACHE_SECONDS", default=600)
# Sessions are written to PostgreSQL and cached in Redis: they survive a Redis restart.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "kim_portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff_home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "kim_portal.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # staff are invited; the invitation proves the address
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KIM Portal] "
# Cache-backed (Redis): five failed logins per account within 5 minutes lock it out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "")

MFA_ADAPTER = "kim_portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "KIM Portal"
# Groups whose members must use a second factor before reaching anything else.
MFA_REQUIRED_GROUPS = ["case_manager", "case_team_lead", "coordinator", "steering_chair"]

# Staff sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = 30 * 60
# The expiry slides with the requests: kim_portal.middleware.SessionIdleTimeoutMiddleware
# saves the session at most once per SESSION_REFRESH_SECONDS (not on every request).
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

INVITATION_VALID_DAYS = 14
INVITATION_REMINDER_AFTER_DAYS = 7
# A reminder claimed by a dispatcher that died (worker killed mid-batch) is taken over after
# this many seconds. Longer than any batch takes; shorter only for fault drills.
REMINDER_CLAIM_TIMEOUT_SECONDS = env.int("REMINDER_CLAIM_TIMEOUT_SECONDS", default=600)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# --- Static files: KERN UX and htmx from node_modules, hashed names, no CDN ----------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# Requests larger than this are refused with 400 (uploads get their own limits per form).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Email ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="KIM Portal <kim@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG and not env.str("EMAIL_HOST", default=""):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("EMAIL_HOST", default="localhost"),
                "port": env.int("EMAIL_PORT", default=25),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
                "timeout": 10,
            },
        }
    }

# --- Security ---------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal never uses, switched off for it and anything it embeds
# (sent by kim_portal.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "display-capture=(), browsing-topics=()"
)
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kim_portal.views.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# --- Celery: one worker pool, exactly one beat ------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
# Tasks are idempotent (reminders are claimed in the database), so late acks are safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {
        "task": "kim_portal.tasks.dispatch_due_reminders",
        "schedule": 60.0,
        # A queued dispatch older than a minute is superseded by the next one.
        "options": {"expires": 55},
    },
    # Nightly jobs run after 03:00 Berlin: 02:00-03:00 is skipped in March and repeated
    # in October.
    "offers-archive-expired": {
        "task": "offers.tasks.archive_expired_offers",
        "schedule": crontab(hour=3, minute=15),
    },
    "nightly-housekeeping": {
        "task": "kim_portal.tasks.nightly_housekeeping",
        "schedule": crontab(hour=3, minute=30),
    },
    # Case reminders are all due at 08:00 Europe/Berlin; the scan creates them once due
    # (and catches up after an outage), the dispatcher above delivers them.
    "cases-scan-reminders": {
        "task": "cases.tasks.scan_case_reminders",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # Steering reminders (invitations, action items due soon / overdue); the scan creates
    # them once due, the dispatcher above delivers them.
    "steering-scan-reminders": {
        "task": "steering.tasks.scan_steering_reminders",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # The steering dashboard's default view stays in the cache (5 minutes) at all times.
    "steering-warm-dashboard": {
        "task": "steering.tasks.warm_dashboard",
        "schedule": 240.0,
        "options": {"expires": 230},
    },
    "cases-anonymise-closed": {
        "task": "cases.tasks.anonymise_closed_cases",
        "schedule": crontab(hour=3, minute=0),
    },
}
# Meeting papers: outside MEDIA_ROOT, never served directly (downloads go through the
# access check in steering.selectors.file_for_user). Include in backups.
STEERING_FILES_ROOT = env.path("STEERING_FILES_ROOT", default=BASE_DIR / "private" / "steering")
# Closed cases are anonymised this many days after closing (cases.tasks.anonymise_closed_cases).
CASES_RETENTION_DAYS = env.int("CASES_RETENTION_DAYS", default=1095)

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kim_portal.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's own console handler, which would print every line twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

PORTAL_NAME = _("KIM Portal Märkischer Kreis")
