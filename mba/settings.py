"""Settings for MBA, driven by the environment.

The embedded default needs nothing: SQLite file, tasks run eagerly in-process, DEBUG on.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def envcontact(name, default):
    value = os.environ.get(name, default).strip()
    if not value.startswith(("mailto:", "https://", "tel:")) or len(value) < 8:
        raise ImproperlyConfigured(
            f"{name} must be a mailto:, https:// or tel: address "
            f"(e.g. mailto:security@assen.nl), not {value!r}."
        )
    return value


def envint(name, default):
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = envbool("DEBUG", "True")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-local-development-key-not-for-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    missing = [
        n for n, v in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not v
    ]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so {' and '.join(missing)} must be set in the environment "
            "(SECRET_KEY: a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`; "
            "ALLOWED_HOSTS: comma-separated host names, e.g. mba.assen.nl). "
            "For local use, set DEBUG=1."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mba",
    "wijken",
    "initiatieven",
    "activiteiten",
    "rapportage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (SECURE_CSP below); mba.beveiliging adds no-store for personal
    # data, Permissions-Policy, and the policy of the third-party API pages.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "mba.beveiliging.BeveiligingsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, with the device checked in the user's own query (mba.auth)
    "mba.auth.TweedeFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mba.auth.TweeStapsMiddleware",
    # The audit trail of refused requests (401, 403, a hidden record's 404): README: Audit.
    "mba.audit.AuditMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mba.urls"

# Django's form renderer, with the templates of selects and inputs written in Python (fast).
FORM_RENDERER = "mba.weergave.SnelleWeergave"

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
                "mba.rechten.context",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "mba.wsgi.application"

# SQLite file by default; DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'mba.sqlite3')}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# Django's cache holds the API's keys, its throttle counts and the slugs that the API's contact
# moments refer to. LocMem by default: one per process. With several processes (gunicorn
# workers) set CACHE_URL=redis://127.0.0.1:6379/1 so that a revoked key stops at once everywhere
# and the per-key limit holds across processes.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# Sessions: in the database, and with a cache shared by every process also in the cache, which is
# read first (Django's cached_db: one query less on every page; a logout deletes both). Not with
# LocMem: a logged-out session would live on in the other processes' caches (docs/adr/0010).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# API keys are read from the cache only when it is one cache for every process: a revoked key
# then stops at once everywhere (revoking writes the revoked key into it). With LocMem each
# process would keep its own copy, so every call reads the key from the database instead.
MBA_SLEUTELS_IN_CACHE = bool(CACHE_URL)
# The figures of the home and wijk pages are kept in the cache under a version of the data that
# every change renews (mba.wijzigingen): only when that version is one for every process, so by
# default only with CACHE_URL. MBA_VERSIECACHE=1 for a single process on LocMem.
MBA_VERSIECACHE = envbool("MBA_VERSIECACHE", "True" if CACHE_URL else "False")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "mba.Medewerker"

# Lock-out (django-axes): after 5 failed logins for a username FROM ONE ADDRESS that pair is
# locked for 15 minutes, and after 20 failed logins from one address (whatever the usernames)
# that address is. A successful login resets its own pair only. So someone who knows a
# colleague's username cannot lock the colleague out from elsewhere; guessing from many
# addresses is what the second factor (MBA_2FA, required in production) is there for.
# Our backend wraps axes' so that authenticate() calls without a request (tests, shell) are not
# counted; every login through the web is. Our handler (mba.auth.VergrendelHandler) gives the
# address its own limit: axes has one limit for all parameters.
AUTHENTICATION_BACKENDS = [
    "mba.auth.VergrendelBackend",
    "mba.auth.MedewerkerBackend",
]
AXES_HANDLER = "mba.auth.VergrendelHandler"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADRES_FAILURE_LIMIT = envint("AXES_ADRES_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTEN", 15) / 60  # hours
# The order matters to mba.auth.VergrendelHandler: the pair first, then the address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "vergrendeld.html"
AXES_VERBOSE = False
# django-axes would keep its own log of every successful login (user name, IP address) without a
# retention period; failed logins are in MBA's audit trail (mba.audit), which the retention job
# clears after AUDIT_BEWAARTERMIJN_MAANDEN. Axes keeps only the failed attempts that a lock-out
# needs, and forgets them on a successful login (AXES_RESET_ON_SUCCESS).
AXES_DISABLE_ACCESS_LOG = True

# Two-factor authentication (TOTP, django-otp) for every account: required in production
# (DEBUG=0 refuses MBA_2FA=0), off by default for the local demo, MBA_2FA=1 switches it on.
MBA_2FA = envbool("MBA_2FA", "False" if DEBUG else "True")
if not DEBUG and not MBA_2FA:
    raise ImproperlyConfigured("In production (DEBUG=0) two-factor authentication is required.")
OTP_TOTP_ISSUER = "Mijn Buurt Assen"
# Linking an authenticator app needs a one-time code from the coordinator (mba.Inschrijfcode)
# besides the password: on in production, off for the local demo (MBA_INSCHRIJFCODE=1 switches it
# on). A code works for INSCHRIJFCODE_GELDIG_UREN hours.
MBA_INSCHRIJFCODE = envbool("MBA_INSCHRIJFCODE", "False" if DEBUG else "True")
if not DEBUG and MBA_2FA and not MBA_INSCHRIJFCODE:
    raise ImproperlyConfigured(
        "In production (DEBUG=0) linking an authenticator app needs an enrolment code "
        "(MBA_INSCHRIJFCODE): the password alone would let whoever knows it take the account."
    )
INSCHRIJFCODE_GELDIG_UREN = int(os.environ.get("INSCHRIJFCODE_GELDIG_UREN", "72"))
if INSCHRIJFCODE_GELDIG_UREN < 1:
    raise ImproperlyConfigured("INSCHRIJFCODE_GELDIG_UREN must be at least 1.")

# Argon2id first (Django's recommended hasher; docs/adr/0011-argon2-passwords.md): a login costs
# ~0.2 s of CPU instead of ~0.54 s for PBKDF2 at Django's 1,500,000 rounds. The others stay to read
# older hashes; Django rehashes a password with Argon2 at its next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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

# E-mail (notifications, docs/notifications.md): the console with DEBUG, else the local mail
# server (localhost:25); EMAIL_URL sends by SMTP elsewhere,
# e.g. smtp://user:password@mail.example.nl:587/?tls=1 (or smtps://… for SSL on 465).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    from urllib.parse import parse_qs, unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured(f"EMAIL_URL: smtp:// or smtps://, not {_mail.scheme}://")
    _opties = {k: v[-1] for k, v in parse_qs(_mail.query).items()}
    _ssl = _mail.scheme == "smtps" or _opties.get("ssl") in ("1", "true")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or (465 if _ssl else 25),
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_ssl": _ssl,
                "use_tls": not _ssl and _opties.get("tls") in ("1", "true"),
                "timeout": 10,
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # Production without EMAIL_URL: the local mail server (localhost:25), Django's own default.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mijn Buurt Assen <noreply@assen.nl>")
# The address of MBA as people open it: the links in notification mails start with it.
MBA_BASIS_URL = os.environ.get("MBA_BASIS_URL", "http://localhost:8000")

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Numbers in pages the Dutch way, with Django's nl formats: 23.630 and 12,5 (mba/getallen.py for
# euros). A year, an id or a number in a URL or form is printed with |unlocalize.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are served by the app (mba.media), which checks the rights of the record that
# holds the file. Behind nginx, set this to an internal location (e.g. "/_media/"): the app
# then answers with X-Accel-Redirect and nginx sends the file (README: Configuration).
MEDIA_X_ACCEL_REDIRECT = os.environ.get("MEDIA_X_ACCEL_REDIRECT", "").strip()
if MEDIA_X_ACCEL_REDIRECT and not (
    MEDIA_X_ACCEL_REDIRECT.startswith("/") and MEDIA_X_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured(
        "MEDIA_X_ACCEL_REDIRECT is an internal nginx location that starts and ends with '/' "
        f"(e.g. /_media/), not {MEDIA_X_ACCEL_REDIRECT!r}."
    )

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Celery: without a broker, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# When Redis is down, asking for a PDF must answer within seconds, not hang: Celery's publish
# retries forever unless told not to.
CELERY_TASK_PUBLISH_RETRY = False
# One queue per installation (and per test run, so that parallel runs on one Redis never take
# each other's jobs).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "mba")
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# acks_late: a task whose worker died is delivered again once Redis' visibility timeout has passed
# (the PDF task is idempotent, so a second delivery yields the same single PDF).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 600),
}


# Retention (mba.bewaren, README: Bewaartermijnen): after how many months the nightly job
# anonymises or deletes. At least 1: a 0 would wipe today's work.
def envmaanden(name, default):
    maanden = envint(name, default)
    if maanden < 1:
        raise ImproperlyConfigured(f"{name} is a number of months, at least 1, not {maanden}.")
    return maanden


INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN = envmaanden("INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN", 12)
NOTITIE_BEWAARTERMIJN_MAANDEN = envmaanden("NOTITIE_BEWAARTERMIJN_MAANDEN", 24)
AUDIT_BEWAARTERMIJN_MAANDEN = envmaanden("AUDIT_BEWAARTERMIJN_MAANDEN", 24)
API_AANROEP_BEWAARTERMIJN_MAANDEN = envmaanden("API_AANROEP_BEWAARTERMIJN_MAANDEN", 12)
# How long the API lists a deleted record (/api/v1/verwijderingen/): a partner that syncs less
# often than this must sync everything again.
VERWIJDERING_BEWAARTERMIJN_MAANDEN = envmaanden("VERWIJDERING_BEWAARTERMIJN_MAANDEN", 24)
EXPORT_BEWAARTERMIJN_MAANDEN = envmaanden("EXPORT_BEWAARTERMIJN_MAANDEN", 24)
# Celery beat (`make beat`) runs it nightly at 03:15 Amsterdam time (CELERY_TIMEZONE), after the
# hour that summer time skips or repeats; without a broker, cron runs `manage.py bewaartermijn`.
CELERY_BEAT_SCHEDULE = {
    "bewaartermijnen": {
        "task": "mba.tasks.bewaartermijnen_toepassen",
        "schedule": crontab(hour=3, minute=15),
    },
    "weigeringsreeksen": {
        "task": "mba.tasks.weigeringsreeksen_afsluiten",
        "schedule": crontab(minute="*/5"),
    },
    # The daily digest of notifications (mba.meldingen), 07:30 Amsterdam time, summer and winter.
    "meldingen_overzicht": {
        "task": "mba.meldingen.overzicht_task",
        "schedule": crontab(hour=7, minute=30),
    },
}
# Refusals without an account (anonymous or bad-key API calls) are counted per address and kind
# of path: one audit row at the first, one with the count of the rest after this many minutes
# (mba.audit, Weigeringsreeks).
AUDIT_WEIGERING_VENSTER_MINUTEN = envint("AUDIT_WEIGERING_VENSTER_MINUTEN", 10)

# The partner API (/api/v1/, see README: API). Keys per partner organisation (mba.api_auth);
# the throttle counts in the default cache, per process with LocMem: use a shared cache (Redis)
# when the app runs in several processes.
REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mba.api_auth.ApiSleutelAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["mba.api_auth.ApiToegang"],
    "DEFAULT_THROTTLE_CLASSES": ["mba.api_auth.PerSleutelThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_sleutel": os.environ.get("MBA_API_LIMIET", "120/minute"),
        # calls without a valid key, per IP address (mba.api_auth.PerAdresThrottle)
        "api_zonder_sleutel": os.environ.get("MBA_API_LIMIET_ZONDER_SLEUTEL", "20/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "mba.api.MbaAutoSchema",
    "EXCEPTION_HANDLER": "mba.api.api_fout_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mijn Buurt Assen: partner-API",
    "DESCRIPTION": (
        "Gegevens van Mijn Buurt Assen voor partnerorganisaties: wijken, buurten, locaties, "
        "thema's, organisaties, prioriteiten met indicatoren, fysieke projecten, "
        "bewonersinitiatieven, activiteiten, contactmomenten, gepubliceerde voorbeelden en "
        "jaarrapportages, en de kengetallen. Nooit persoonsgegevens. Stuur de sleutel mee als "
        "`X-Api-Key: <sleutel>` (of als `Authorization: Api-Key <sleutel>`). Lijsten bladeren "
        "met een cursor: volg de link in `volgende`. Een moment (`gewijzigd_sinds`) heeft altijd "
        "een tijdzone."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No "valid" badge from validator.swagger.io: the docs load nothing from other sites.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rapportage.api.kengetallen_componenten",
        "mba.api.zonder_kolomgrenzen",
    ],
}

# Security. With DEBUG off these make `manage.py check --deploy` clean; behind a TLS-terminating
# proxy set SECURE_PROXY_SSL_HEADER=1 so Django sees the original scheme.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Session timeout: the session ends after SESSION_IDLE_MINUTEN without a request (a phone left
# on a table), and at the latest after SESSION_COOKIE_AGE (mba.auth.TweeStapsMiddleware).
SESSION_IDLE_MINUTEN = envint("SESSION_IDLE_MINUTEN", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Cookies (README: Beveiliging): SameSite=Lax, so that a link from a mail opens MBA logged in
# while a cross-site POST carries no cookie; nothing in our pages reads the CSRF cookie (the
# token is in the page), so it is HttpOnly too.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Content-Security-Policy: scripts only from our own static files (no inline script, no eval, on
# any page); styles from our own files, and the admin's few <style> elements carry the request's
# nonce; never framed. The third-party API pages (browsable API, Swagger UI, Redoc) get
# CSP_API_PAGINAS from mba.beveiliging: inline styles allowed there, inline scripts still not.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# /.well-known/security.txt (RFC 9116) names this contact for reporting a vulnerability, and the
# toegankelijkheidsverklaring this one for an accessibility problem: the gemeente Assen confirms
# both addresses before going live (README: Configuration).
MBA_SECURITY_CONTACT = envcontact("MBA_SECURITY_CONTACT", "mailto:security@assen.nl")
MBA_TOEGANKELIJKHEID_CONTACT = envcontact(
    "MBA_TOEGANKELIJKHEID_CONTACT", "mailto:toegankelijkheid@assen.nl"
)
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser accepts these cookies only over HTTPS, for this host and path /, so a
    # neighbouring subdomain cannot plant a session or CSRF cookie.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if envbool("SECURE_PROXY_SSL_HEADER", "False"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
