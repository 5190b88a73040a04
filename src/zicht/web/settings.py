"""Django settings; every value comes from :mod:`zicht.config`."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from zicht import config
from zicht.web import logs, safety
from zicht.web.database import database_settings

BASE_DIR = Path(__file__).resolve().parent
try:
    ENVIRONMENT = config.environment()
    PRODUCTION = ENVIRONMENT is config.Environment.PRODUCTION
    DEBUG = config.debug()
    safety.refuse_unsafe(ENVIRONMENT)
except config.ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from None
# The demo and the tests run with a throwaway key; production must set its own (checked above).
SECRET_KEY = config.get("ZICHT_SECRET_KEY") or "insecure-demo-key-not-for-production"
ALLOWED_HOSTS = config.value("ZICHT_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = config.value("ZICHT_CSRF_TRUSTED_ORIGINS")
if config.value("ZICHT_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mozilla_django_oidc",
    "zicht.web.monitor",
    "zicht.web.dashboard",
    "zicht.web.portal",
    "zicht.web.linkage",  # encodings in the portal (after portal: extends its navigation)
    "zicht.web.publication",
]

# An uploaded delivery is kept up to one byte past the size limit (see monitor/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "zicht.web.monitor.uploads.TruncatingUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

MIDDLEWARE = [
    "zicht.web.dashboard.caching.whole_response_cache",  # first: see its docstring
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zicht.web.middleware.embeddable_frames",
    "zicht.web.middleware.uncached_errors",
    "zicht.web.publication.api_errors.api_errors",  # under /api/ every error is JSON
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zicht.web.portal.audit.RefusedRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zicht.web.errors.ZichtErrorMiddleware",  # refusals become pages, in one place
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in
]

# Heavy jobs (ad analysis, linkage) run off the request path on task workers (`zicht worker`),
# queued in the database itself, so no extra server is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ROOT_URLCONF = "zicht.web.urls"
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
                "zicht.web.dashboard.context.public_site",
            ],
        },
    },
]
WSGI_APPLICATION = "zicht.web.wsgi.application"

try:
    DATABASES = {"default": database_settings(config.database_url())}
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
# "pages": rendered public pages in each web process (see zicht.web.dashboard.caching).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "zicht-pages",
        "TIMEOUT": None,  # keys change when the published state does
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = config.data_dir() / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# One JSON object per line on stderr (or text for a developer); request errors are logged
# without exception messages or query strings, which may hold what a user typed. No e-mail.
LOGGING = logs.logging_config(
    json=config.get("ZICHT_LOG_FORMAT") != "text", level=config.get("ZICHT_LOG_LEVEL") or "INFO"
)

# --- security headers and cookies ---------------------------------------------------------
# CSP everywhere, so a developer meets a violation before production does: no inline script or
# style, no foreign sources. Embeds (views marked xframe_options_exempt) may be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]  # the load balancer's health check may use HTTP
    SECURE_HSTS_SECONDS = config.value("ZICHT_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Sign-in (issue 17 item 1): two factors, lock-out, Argon2, expiring sessions ------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts wrong passwords and refuses when locked
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads older hashes, rehashes them
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
LOGIN_URL = "portal:sign_in"
SESSION_COOKIE_AGE = 60 * config.value("ZICHT_SESSION_MINUTES")
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # cookie flags (HttpOnly, SameSite, Secure): above
AXES_FAILURE_LIMIT = config.value("ZICHT_SIGN_IN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = config.value("ZICHT_SIGN_IN_LOCKOUT_MINUTES") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Zicht"
DEFAULT_FROM_EMAIL = config.value("ZICHT_EMAIL_FROM")
if config.value("ZICHT_EMAIL_HOST"):
    EMAIL_HOST = config.value("ZICHT_EMAIL_HOST")
    EMAIL_PORT = config.value("ZICHT_EMAIL_PORT")
    EMAIL_USE_TLS = EMAIL_PORT == 587
else:  # the demo: reminders are printed, not sent
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Optional single sign-on (OpenID Connect): replaces the password step, never the second factor.
OIDC_RP_CLIENT_ID = config.value("ZICHT_OIDC_CLIENT_ID") or ""
OIDC_RP_CLIENT_SECRET = config.get("ZICHT_OIDC_CLIENT_SECRET") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = config.value("ZICHT_OIDC_AUTHORIZATION_URL") or ""
OIDC_OP_TOKEN_ENDPOINT = config.value("ZICHT_OIDC_TOKEN_URL") or ""
OIDC_OP_USER_ENDPOINT = config.value("ZICHT_OIDC_USERINFO_URL") or ""
OIDC_OP_JWKS_ENDPOINT = config.value("ZICHT_OIDC_JWKS_URL") or ""
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "portal:oidc_callback"
LOGIN_REDIRECT_URL = "/portaal/"
LOGIN_REDIRECT_URL_FAILURE = "/portaal/aanmelden/"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("zicht.web.portal.oidc.MunicipalStaffBackend")
