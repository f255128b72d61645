"""Settings of the RRMA Antilles portal, read from the environment (12-factor).

Every variable is documented in `.env.example`. A `.env` file beside `manage.py` is read when
present; real environment variables win over it.

Secure by default: DEBUG is off unless turned on, and with DEBUG off the portal refuses to
start without SECRET_KEY and ALLOWED_HOSTS.
"""

import base64
import hashlib
import os
import sys
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# `manage.py demo` is the zero-configuration try-out (manage.py sets RRMA_DEMO for it): it runs
# in development mode unless DEBUG is set explicitly, so a production environment that says
# DEBUG=false keeps it off and the demo command then refuses to create known-password accounts.
DEMO = os.environ.get("RRMA_DEMO") == "1"
DEBUG = env.bool("DEBUG", default=DEMO)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the portal needs a long random SECRET_KEY "
            "(see .env.example)."
        )
    SECRET_KEY = "insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG off list the host names the portal answers "
            "to, comma-separated (see .env.example)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# An expired or missing form token is explained in the site's layout and language.
CSRF_FAILURE_VIEW = "rrma.views.csrf_failure"
SITE_NAME = "RRMA Antilles"
# The portal's public address, for links in emails sent outside a request (cron commands, a
# seat given when an account is deleted): by default the first allowed host, over HTTPS.
_FIRST_HOST = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS[0] != "*" else ""
SITE_URL = env.str(
    "SITE_URL",
    default="http://127.0.0.1:8000" if DEBUG else (f"https://{_FIRST_HOST}" if _FIRST_HOST else ""),
)


INSTALLED_APPS = [
    "rrma.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Django's form templates, found by the portal's form renderer (rrma/forms.py).
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Each person's list of their logged-in sessions, and "log out the other sessions".
    "allauth.usersessions",
    # Its translations of the password-strength advice (members/passwords.py).
    "django_zxcvbn_password_validator",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    # The public API (api/): django-ninja's templates and static files (Swagger UI, vendored);
    # django-cors-headers opens /api/ to reading from any origin.
    "ninja",
    "corsheaders",
    "background",
    "members",
    "news",
    "resources",
    "projects",
    "trainings",
    "calls",
    "newsletter",
    "missions",
    "imports",
    "support",
    "api",
    "rrma",
]

MIDDLEWARE = [
    # Bodies beyond REQUEST_MAX_BYTES are refused before anything reads them.
    "toolbox.http.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that answers (static files, kept pages): the API's CORS headers and
    # preflights (CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and data compressed for browsers that accept gzip (static files come compressed
    # from whitenoise, above, and never reach it); streamed answers are compressed as they go.
    "toolbox.http.CompressionMiddleware",
    # Anonymous visitors' pages served from the shared cache, before the session, CSRF and
    # authentication work; then said public to proxies when they are (rrma/middleware.py).
    "rrma.middleware.AnonymousPageCacheMiddleware",
    "rrma.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rrma.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logins end after inactivity and at the latest SESSION_COOKIE_AGE after logging in;
    # nothing non-public is kept by browsers or proxies (rrma/sessions.py).
    "rrma.sessions.SessionLifetimeMiddleware",
    "rrma.sessions.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "members.middleware.RequireTwoFactorForPrivilegedRolesMiddleware",
]

ROOT_URLCONF = "rrma.urls"
# Every form, formset row and field renders through the portal's templates (templates/forms/):
# one pattern of labels, hints and linked errors everywhere.
FORM_RENDERER = "rrma.forms.PortalFormRenderer"
WSGI_APPLICATION = "rrma.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rrma.context_processors.capabilities",
                "rrma.context_processors.networks",
                # Last, replacing Django's csrf_token: a token made only when a form writes it.
                "toolbox.http.csrf_token_when_written",
            ],
        },
    },
]

# Database: the embedded SQLite file by default, PostgreSQL with DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers wait for each other instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A test database in a file rather than in memory: the browser tests' live server then
    # uses its own connections, as in production, instead of sharing the test's.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A database restart would otherwise break the first request of every worker.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No statement may hold a web worker for minutes: PostgreSQL cancels one running longer than
# DATABASE_STATEMENT_TIMEOUT milliseconds (the request then fails with a 500, logged), below
# gunicorn's 30-second worker timeout. manage.py commands (migrate, worker, imports) run
# without it: they legitimately run long and no visitor waits on them. 0 turns it off.
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=25_000)
_MANAGEMENT_COMMAND = Path(sys.argv[0]).name == "manage.py"
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and DATABASE_STATEMENT_TIMEOUT > 0
    and not _MANAGEMENT_COMMAND
):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise a table of the database. Both are shared
# between processes, which allauth's rate limits need. While Redis does not answer, the table
# takes over (rrma/cache.py): pages keep working and rate limits stay in force.
REDIS_URL = env.str("REDIS_URL", default="")
_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "rrma_cache",
    # Rate-limit counters are rows here: Django's default (300 rows, a third culled when
    # full) would let a flood of made-up logins erase the counters of real ones.
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
# What visitors share (toolbox/public_cache.py: facet counts, map cells, whole pages) is kept
# apart: its keys follow the addresses visitors ask for, so a flood of made-up query strings
# fills its own table and culls its own rows, never the rate-limit counters.
_PUBLIC_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "rrma_public_cache",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "rrma.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": _DATABASE_CACHE,
        "public": {
            "BACKEND": "rrma.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "public",
            "OPTIONS": {"FALLBACK": "public_database"},
        },
        "public_database": _PUBLIC_DATABASE_CACHE,
    }
else:
    CACHES = {"default": _DATABASE_CACHE, "public": _PUBLIC_DATABASE_CACHE}
# Anonymous visitors' pages (rrma/middleware.py): kept whole in that shared cache for at most
# PAGE_CACHE_SECONDS (forgotten at once when public data change; the limit is for what changes
# without a save, a training's date passing); 0 turns the page cache off. Proxies and CDNs may
# keep them PUBLIC_MAX_AGE seconds (s-maxage; they cannot be told of a change).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PUBLIC_MAX_AGE = env.int("PUBLIC_MAX_AGE", default=60)

# Mail: EMAIL_URL, e.g. smtp://user:password@host:587 (STARTTLS), smtp+ssl://user:password@host:465
# (TLS), consolemail:// while developing.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
if not EMAIL_URL:
    raise ImproperlyConfigured(
        "EMAIL_URL is not set. With DEBUG off the portal needs a mail server, "
        "e.g. EMAIL_URL=smtp://user:password@smtp.example.org:587 (see .env.example)."
    )
_email = environ.Env.email_url_config(EMAIL_URL)
_mail_options = {
    option: _email[key]
    for key, option in [
        ("EMAIL_HOST", "host"),
        ("EMAIL_PORT", "port"),
        ("EMAIL_HOST_USER", "username"),
        ("EMAIL_HOST_PASSWORD", "password"),
        ("EMAIL_USE_TLS", "use_tls"),
        ("EMAIL_USE_SSL", "use_ssl"),
    ]
    if _email.get(key) not in (None, "")
}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _mail_options["timeout"] = env.int("EMAIL_TIMEOUT", default=10)
    # Port 587 is the submission port: it always means STARTTLS.
    if _mail_options.get("port") == 587 and not _mail_options.get("use_ssl"):
        _mail_options["use_tls"] = True
else:
    _mail_options = {}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mail_options}}
# Background tasks (background/README.md): stored in the database (the SQLite default or
# PostgreSQL, no other server), run by `manage.py worker`. TASKS_BACKEND=immediate runs them at
# once instead, in the process that enqueues them (the tests' setting; no worker needed).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
# Periodic jobs the worker starts once per period (background/tasks.py, `schedule_due`).
PERIODIC_TASKS = [
    ("trainings.tasks.reminders_send_task", "hourly"),
    ("members.tasks.record_confirmation_requests_send_task", "daily"),
    ("members.tasks.accounts_purge", "daily"),
    ("trainings.tasks.registrations_purge", "daily"),
    ("background.tasks.logs_purge", "daily"),
    ("rrma.exports.prepared_exports_purge", "daily"),
    ("calls.tasks.call_alerts_send_task", "hourly"),
    ("calls.tasks.digests_send_task", "weekly"),
    ("calls.tasks.saved_searches_purge", "daily"),
    ("newsletter.tasks.subscribers_purge", "daily"),
    ("newsletter.tasks.deliveries_follow_up", "hourly"),
    ("support.tasks.overdue_requests_remind", "daily"),
]
# Days a support request may wait on the coordinators' answer before it is flagged on their
# dashboard and reminded to them once by email.
SUPPORT_ANSWER_DAYS = env.int("SUPPORT_ANSWER_DAYS", default=5)
# Local hour from which the daily jobs start.
DAILY_JOBS_HOUR = env.int("DAILY_JOBS_HOUR", default=7)

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RRMA Antilles <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [a for a in env.list("ADMINS", default=[]) if a]

# Accounts
AUTH_USER_MODEL = "members.User"
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
    # zxcvbn's strength estimate, with French passwords and the portal's own words.
    {"NAME": "members.passwords.PortalPasswordValidator"},
]
# zxcvbn's score to reach, 0 to 4: 4 is over 10¹⁰ guesses. At 3 (10⁸), two of the portal's
# words made a password ("RRMA2026!!", "antilles-caraibes").
PASSWORD_MINIMAL_STRENGTH = 4
LOGIN_URL = "account_login"
# Each role lands on its own dashboard (rrma/dashboards.py).
LOGIN_REDIRECT_URL = "dashboard"

# Emails name the portal and link to the address the person used (members/adapters.py).
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Sign-up and password reset answer the same whether the address is known or not; the owner
# of a known address is told by email instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Adding, removing or choosing an email address asks for the password (or a two-factor code)
# again, unless given in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds; changing the
# password asks for the current one.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[RRMA Antilles] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "RRMA Antilles"
# TOTP secrets and recovery-code seeds are stored encrypted (members/mfa.py) with Fernet keys
# kept outside the database: the first encrypts, all decrypt (rotation). Development derives
# one from SECRET_KEY.
MFA_ADAPTER = "members.mfa.MFAAdapter"
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEY", default=[])
if not MFA_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY is not set. With DEBUG off the portal needs a key to encrypt "
            "two-factor secrets (see .env.example)."
        )
    _digest = hashlib.sha256(b"rrma-mfa-encryption-key:" + SECRET_KEY.encode()).digest()
    MFA_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_digest).decode()]
for _key in MFA_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY must hold Fernet keys (44 characters of url-safe base64), "
            "comma-separated (see .env.example)."
        ) from None

# Rate limits: allauth's, and the portal's own actions that send email (toolbox/ratelimit.py,
# `throttled`), "amount/period/per". "ip" is the visitor's address (see the proxy settings
# below), "user" the logged-in person, "key" the address an email goes to, except for failed
# logins: an account *from one address* (toolbox/ratelimit.py), so that failing on purpose
# never locks the real person out. Beyond a limit: the 429 page (templates/429.html).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/h/ip,3/h/key",
    "invite": "20/h/user,50/h/ip",
    "join_request": "10/h/user,30/h/ip",
    "email_registrants": "10/h/user,30/h/ip",
    "register_for_session": "20/h/user,60/h/ip",
    "register_organisation": "5/h/user,20/h/ip",
    # Open to visitors, who have no account to count: per address and per address typed.
    # Saving a search of the calls' calendar emails a confirmation to any address typed.
    "save_call_search": "20/h/ip,3/h/key",
    # Subscribing to a newsletter emails a confirmation to any address typed, too.
    "newsletter_subscribe": "20/h/ip,3/h/key",
    # Every request to the public API (api/throttling.py), per client address: 429 in JSON,
    # with Retry-After, beyond.
    "api_read": env.str("API_RATE_LIMIT", default="120/m/ip"),
}
# The visitor's address behind the reverse proxy: how many proxies of ours append to
# X-Forwarded-For (the right-most address they did not add is the visitor's), or the header a
# proxy of ours sets to it. Neither by default: X-Forwarded-For is then ignored, as anyone
# can write one.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None

# The public API is read from any origin, read only, without credentials; nothing else is.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

# Internationalisation: French by default, English and Spanish on request (the Caribbean
# partners' languages).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per language (British English order, grouped numbers): toolbox/formats.
FORMAT_MODULE_PATH = ["toolbox.formats"]
USE_I18N = True
USE_TZ = True
# Both territories are UTC-4 all year; per-territory times use Territory.timezone.
TIME_ZONE = "America/Guadeloupe"

# Static files: vendored, hashed and compressed, served by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Prepared census exports (rrma/exports.py): a folder no web server serves, never under
# MEDIA_ROOT (refused at start).
PRIVATE_FILES_ROOT = env.path("PRIVATE_FILES_ROOT", default=BASE_DIR / "private")

# Bounded requests. The largest body the portal takes is one document of a funding call: a PDF
# of at most 5 MB (toolbox/documents.py) and a title; 6 MB in all, refused beyond before being
# read (toolbox.http.RequestSizeLimitMiddleware; the proxy's client_max_body_size, README).
REQUEST_MAX_BYTES = 6 * 1024 * 1024
# A form's fields, files aside: the longest texts are a few thousand characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# An uploaded logo stays in memory up to its maximum (2 MB); beyond, a temporary file, refused.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The longest form, a project with its 20 funding lines, 5 new partners and every theme, goal
# and country ticked, sends about 350 values; its partner lists may add some hundreds.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
_STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# Without collected, hashed files (development, tests), whitenoise serves from the sources.
WHITENOISE_USE_FINDERS = not _STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security headers. The proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# A login lasts 12 hours at most, and ends after 2 hours without activity, 30 minutes for
# site admins, coordinators and State services (rrma/sessions.py).
SESSION_COOKIE_AGE = 12 * 3600
SESSION_IDLE_TIMEOUT = 2 * 3600
SESSION_IDLE_TIMEOUT_PRIVILEGED = 30 * 60
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Map tiles of the directory map: the only third-party origin pages load (images only).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_TILE_ORIGIN = "/".join(MAP_TILE_URL.split("/")[:3]).replace("{s}.", "*.")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", _TILE_ORIGIN],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
