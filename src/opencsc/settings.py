"""Settings for opencsc.

Everything that differs between a laptop demo and a council's production service comes from the
environment, so the same code runs both:

- ``DATABASE_URL``: PostgreSQL in production (``postgres://user@host:5432/opencsc``); unset, an
  SQLite file under ``var/`` in the project directory (the embedded demo default).
- ``OPENCSC_SECRET_KEY``, ``OPENCSC_DEBUG``, ``OPENCSC_ALLOWED_HOSTS``: the usual Django trio.
- ``OPENCSC_LA_CODE`` / ``OPENCSC_LA_ONS_CODE`` / ``OPENCSC_LA_NAME``: the council the returns are for.
- ``OPENCSC_CHILDREN_0_17``: its population aged 0 to 17, for the indicators' rates per 10,000.
- ``OPENCSC_LOCKOUT_FAILURES`` (5) / ``OPENCSC_LOCKOUT_MINUTES`` (30): sign-in lockout;
  ``OPENCSC_SESSION_SECONDS`` (8 h idle) / ``OPENCSC_SESSION_MAX_SECONDS`` (12 h since sign-in);
  ``OPENCSC_REQUIRE_TOTP_ROLES``: roles that must use a second factor (e.g. ``system_admin``).
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

PACKAGE_DIR = Path(__file__).resolve().parent
# The project directory: where ``var/`` lives. An editable install (what ``make`` does) keeps the
# package in the checkout, two levels below it; OPENCSC_HOME overrides that for other installs.
PROJECT_DIR = Path(os.environ.get("OPENCSC_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = PROJECT_DIR / "var"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("OPENCSC_DEBUG", False)
# The demo default key is only ever used on 127.0.0.1 with synthetic data; production must set its
# own, and `check --deploy` with production settings says so when it does not.
SECRET_KEY = os.environ.get(
    "OPENCSC_SECRET_KEY", "insecure-demo-key-opencsc-synthetic-data-only-change-me-in-production"
)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("OPENCSC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

# The council these records belong to: the statutory returns carry these codes.
OPENCSC_LA_CODE = os.environ.get("OPENCSC_LA_CODE", "926")
OPENCSC_LA_ONS_CODE = os.environ.get("OPENCSC_LA_ONS_CODE", "E10000020")
OPENCSC_LA_NAME = os.environ.get("OPENCSC_LA_NAME", "Norfolk (fictional demo council)")
# Its children aged 0 to 17 (ONS mid-year estimate): the denominator of every rate per 10,000
# (oversight.indicators). Norfolk's mid-2024 figure, as the DfE used for 2024-25.
OPENCSC_CHILDREN_0_17 = int(os.environ.get("OPENCSC_CHILDREN_0_17", "171830"))
# Postcode areas of the council's own area: Annex A's placement location In / Out of the LA.
OPENCSC_ANNEX_A_HOME_POSTCODE_AREAS = tuple(
    a.strip().upper()
    for a in os.environ.get("OPENCSC_HOME_POSTCODE_AREAS", "NR").split(",")
    if a.strip()
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "opencsc.core",
    "opencsc.accounts",
    "opencsc.audit",
    "opencsc.workforce",
    "opencsc.people",
    "opencsc.casework",
    "opencsc.care",
    "opencsc.oversight",
    "opencsc.returns",
    "opencsc.synth",
    "opencsc.api",
    "opencsc.privacy",
    "opencsc.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "opencsc.accounts.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Signs out a session past its absolute limit, or whose account was switched off or expired.
    "opencsc.accounts.middleware.session_limits",
    # Deny by default: every view needs a signed-in user unless it says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Until a second factor is given (or set up, where a role must have one), nothing else opens.
    "opencsc.accounts.middleware.second_factor_gate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the sign-in page's lockout error.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opencsc.urls"
WSGI_APPLICATION = "opencsc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opencsc.core.context_processors.council",
                "csp.context_processors.nonce",
                "opencsc.accounts.context_processors.account",
                "opencsc.people.context_processors.warning_notes",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'opencsc.sqlite3'}",
        conn_max_age=int(os.environ.get("OPENCSC_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while the web server reads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

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
# The lockout backend first (django-axes): it refuses a locked account before any password check.
AUTHENTICATION_BACKENDS = ["opencsc.accounts.backends.LockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end when the browser closes and after 8 hours of inactivity at most: a shared council
# machine left signed in is a data breach.
SESSION_COOKIE_AGE = int(os.environ.get("OPENCSC_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ...and, however active, this long after signing in (opencsc.accounts.middleware.session_limits).
OPENCSC_SESSION_MAX_SECONDS = int(os.environ.get("OPENCSC_SESSION_MAX_SECONDS", str(12 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Powerful browser features no page of this service uses, switched off for every page.
OPENCSC_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Content-Security-Policy (django-csp): only this site's own files. The two inline scripts of
# base.html (GOV.UK Frontend's js-enabled snippet and initAll) carry the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the blank favicon
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in lockout (django-axes): after OPENCSC_LOCKOUT_FAILURES failed sign-ins for one username,
# each within OPENCSC_LOCKOUT_MINUTES of the last, that username is refused for that long (from
# any address, whether or not the username exists) unless a system administrator unlocks it.
AXES_FAILURE_LIMIT = int(os.environ.get("OPENCSC_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("OPENCSC_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that without the address, rotating browsers or cookies dodges the count. Not so
# here: a username's failures are summed over every address and browser it was tried from. Locking
# an address too would lock out a whole office behind one address after five mistakes between
# them; locking only the (username, address) pair would let many addresses keep guessing.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Trying again while locked does not push the "try again after" time further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the recent failures the users page shows
AXES_LOCKOUT_CALLABLE = "opencsc.accounts.views.locked_out"
AXES_VERBOSE = False

# Second factor (django-otp, TOTP): optional for everyone; required for these roles (comma list
# of accounts.Role values, e.g. "system_admin,director").
OPENCSC_REQUIRE_TOTP_ROLES = frozenset(
    r.strip() for r in os.environ.get("OPENCSC_REQUIRE_TOTP_ROLES", "").split(",") if r.strip()
)
OTP_TOTP_ISSUER = "opencsc"
if _env_bool("OPENCSC_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The REST API (opencsc.api; its contract is in api/views.py): bearer tokens or the UI's session (CSRF on unsafe
# methods); every view's role gate is its access_rule; JSON only; errors name the field.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "opencsc.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["opencsc.api.permissions.RolePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "opencsc.api.errors.exception_handler",
    "NON_FIELD_ERRORS_KEY": "body",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "opencsc API",
    "DESCRIPTION": "Children, their periods of care and SSDA903 episodes, and their events. "
    "The same roles, access and audit as the web pages. Synthetic data only in the demo.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": False,  # a PATCH still needs `version`
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opencsc.api.schema.closed_request_bodies",
    ],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only a production deployment that runs collectstatic needs a STATIC_ROOT.
STATIC_ROOT = os.environ.get("OPENCSC_STATIC_ROOT") or None
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Serve straight from the finders in the demo so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Background work: the tasks API with its database backend, so the embedded default needs no
# extra server; a dedicated queue later is a settings change, not a code change.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "opencsc.core.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENCSC_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A 403 for a role that may not open a page: one line, no traceback.
        "django.request": {"filters": ["refusals"]},
    },
}
