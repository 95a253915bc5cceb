"""The one settings module. Everything that differs between installations comes from the
environment, read through the typed helpers in ``smallarms.core.env`` (README: Configuration).
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from smallarms.core.env import (
    env_bool,
    env_database,
    env_int,
    env_int_list,
    env_ip_address,
    env_list,
    env_path,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("DEBUG", False)

_xdg_data_home = env_path("XDG_DATA_HOME", Path.home() / ".local" / "share")
DATA_DIR = env_path("SMALLARMS_DATA_DIR", _xdg_data_home / "smallarms")

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (50 or more random characters)."
        )
    # Development only: a fixed key that Django's deploy check flags as insecure.
    SECRET_KEY = "django-insecure-smallarms-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "smallarms.core",
    "smallarms.audit",
    "smallarms.accounts",
    "smallarms.states",
    "smallarms.themes",
    "smallarms.reporting",
    "smallarms.contacts",
    "smallarms.assistance",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files carry the policy too (an SVG opened on its own).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "smallarms.accounts.middleware.PreferredLanguageMiddleware",
    # After the language is chosen: its 404 page is in the visitor's language.
    "smallarms.core.middleware.NulInPathMiddleware",
    "smallarms.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below WhiteNoise, so static files keep their far-future cache headers.
    "smallarms.core.middleware.NoStoreMiddleware",
    "smallarms.core.middleware.PermissionsPolicyMiddleware",
    # Last, so that it sees a view's exception first: a busy database answers 503.
    "smallarms.core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "smallarms.urls"
WSGI_APPLICATION = "smallarms.wsgi.application"

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
                "smallarms.core.context_processors.site",
            ],
        },
    },
]
# Form fields are drawn with Django's own Jinja2 templates of its widgets: the same HTML,
# rendered faster than by the Django template language, which matters on the list pages,
# whose filters hold several selects of 195 States (docs/performance.md).
FORM_RENDERER = "django.forms.renderers.Jinja2"

# On SQLite, seconds a write waits for the database's one write lock before the request is
# answered 503 "busy, try again" (core/busy.py; docs/performance.md).
SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 5, minimum=1)
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'smallarms.sqlite3'}",
        sqlite_timeout=SQLITE_BUSY_TIMEOUT,
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"
# Sign-in throttling (docs/accounts.md): this many failures within the window lock, for the
# rest of the window, an e-mail address (wrong passwords) or an account (wrong second-factor
# codes); the client limit counts every failure from one client network, across addresses.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
LOGIN_CLIENT_FAILURE_LIMIT = env_int("LOGIN_CLIENT_FAILURE_LIMIT", 50, minimum=1)
# At most this many password reset e-mails to one address within the window; more requests
# are answered the same way and send nothing.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 3, minimum=1)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60, minimum=1)
INVITATION_VALID_DAYS = 14
# The address people use, for links in e-mails (invitations, password reset).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
OTP_TOTP_ISSUER = "smallarms"
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

# The six official languages of the United Nations, each named in its own script.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# Numbers and dates follow the active language (Django's locale formats for the six).
USE_THOUSAND_SEPARATOR = True
USE_TZ = True
TIME_ZONE = "UTC"

# Attachments of national reports: PDF, Word and Excel files up to this size.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# A report's Excel workbook brought back for import: the file as uploaded, and the sum of the
# sizes of what it holds once uncompressed (checked before any of it is read, so a small file
# that inflates to gigabytes is refused; docs/reporting.md).
WORKBOOK_MAX_BYTES = env_int("WORKBOOK_MAX_BYTES", 5 * 1024 * 1024, minimum=1024 * 1024)
WORKBOOK_MAX_UNCOMPRESSED_BYTES = env_int(
    "WORKBOOK_MAX_UNCOMPRESSED_BYTES", 10 * 1024 * 1024, minimum=1024 * 1024
)
FILE_UPLOAD_PERMISSIONS = 0o640
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
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
# In development pages are served straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: the console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "smallarms <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers and cookies (docs/security.md). Production (DEBUG off) is HTTPS-only; a
# reverse proxy that terminates TLS sets X-Forwarded-Proto and X-Forwarded-For, which are
# believed only when SECURE_PROXY_SSL_HEADER is on and only from TRUSTED_PROXY
# (`smallarms serve` and audit/middleware.py agree on this).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a link in an e-mail (an invitation, a reminder) must open signed in.
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: the report editor and the API documentation take the
# token from the page (the form's hidden field, the script the server renders).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix makes the browser refuse these cookies unless they are Secure, for
    # the whole site and from this host alone: neither a sibling subdomain nor a plain-HTTP
    # answer can plant a session or a CSRF token.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxy's address as the application sees it, or * for any peer (only when
# nothing but the proxy can reach the application's port).
TRUSTED_PROXY = env_ip_address("TRUSTED_PROXY", "127.0.0.1", wildcard=True)

# Content-Security-Policy (django-csp), in development too so a violation shows at once:
# every script, style, font and request from this origin only, nothing inline (no script,
# no <style>, no style attribute), no eval, no plug-ins, no frames in or out. data: images
# are the QR code of the two-factor set-up page (an SVG drawn by segno) and Swagger UI's
# icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "worker-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": not DEBUG,
    },
}
# Powerful browser features no page uses, turned off for the site and anything it embeds.
PERMISSIONS_POLICY_DISABLED = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

# Lists' filters offer "All" rather than a row of dashes for "no filter".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# Background work through the tasks framework (the django-tasks backport of django.tasks):
# run at once in development and tests; in production set
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `smallarms db_worker` (docs/reporting.md).
# Days before a reporting cycle closes on which States are reminded (docs/reporting.md).
REPORTING_REMINDER_DAYS = env_int_list("REPORTING_REMINDER_DAYS", [14, 3], minimum=1)
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token scheme first, so an unauthenticated request answers 401 with its challenge.
        "smallarms.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone, but for the actions a view names in `sign_in_actions` (core.api.SignInRequired).
    "DEFAULT_PERMISSION_CLASSES": ["smallarms.core.api.SignInRequired"],
    "DEFAULT_PAGINATION_CLASS": "smallarms.core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # Documents every operation's error answers (core/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "smallarms.core.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "smallarms.core.api.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "smallarms API",
    "DESCRIPTION": (
        "Implementation support system for the UN Programme of Action on small arms and "
        "light weapons and the International Tracing Instrument. Conventions: docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send the schema's address to swagger.io (and the CSP
    # blocks the image anyway).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "smallarms.core.api.engine_independent_integers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "smallarms.settings.LANGUAGES",
        "ReportStatusEnum": "smallarms.reporting.choices.ReportStatus",
        "MembershipStatusEnum": "smallarms.states.choices.MembershipStatus",
        "ContactKindEnum": "smallarms.contacts.choices.ContactKind",
        "OrganizationKindEnum": "smallarms.states.choices.OrganizationKind",
        "AssistanceKindEnum": "smallarms.assistance.choices.AssistanceKind",
        "WorkingLanguagesEnum": "smallarms.contacts.choices.WORKING_LANGUAGES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
