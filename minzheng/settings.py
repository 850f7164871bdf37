"""The one settings module. Everything that varies between machines comes from the environment.

Strict helpers (after healthchecks' hc/settings.py): a boolean that is not true/false raises,
and every secret may come from ``NAME_FILE`` instead of ``NAME``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MINZHENG_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from exc


def env_secret(name: str) -> str | None:
    """Read NAME, or the file that NAME_FILE points at (for container secrets)."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc}") from exc
    return None


def demo_secret(name: str, filename: str, nbytes: int) -> str:
    """In DEBUG (the demo), invent a secret once and keep it in var/ so restarts keep working.

    Production never gets here: it refuses to start without the real secret.
    """
    path = VAR_DIR / filename
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    path.write_text(value, encoding="utf-8")
    path.chmod(0o600)
    return value


TESTING = "pytest" in sys.modules or env_bool("MINZHENG_TESTING", False)
DEBUG = env_bool("MINZHENG_DEBUG", False)


def required_secret(name: str, filename: str, nbytes: int) -> str:
    value = env_secret(name)
    if value:
        return value
    if DEBUG or TESTING:
        return demo_secret(name, filename, nbytes)
    raise ImproperlyConfigured(
        f"{name} (or {name}_FILE) must be set in production; set MINZHENG_DEBUG=true for the demo"
    )


SECRET_KEY = required_secret("MINZHENG_SECRET_KEY", "secret_key", 50)
# The key that encrypts ID numbers, phones and bank accounts, and keys their blind index.
FIELD_KEY = required_secret("MINZHENG_FIELD_KEY", "field_key", 32)
# During a key rotation (`minzheng keys rotate`): the old key(s), comma-separated, still accepted
# for reads and lookups until every row is under FIELD_KEY; writes always use FIELD_KEY.
FIELD_KEYS_PREVIOUS = tuple(k.strip() for k in (env_secret("MINZHENG_FIELD_KEY_PREVIOUS") or "").split(",") if k.strip())

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("MINZHENG_ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG or TESTING:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "minzheng.core",
    "minzheng.people",
    "minzheng.places",
    "minzheng.facilities",
    "minzheng.benefits",
    "minzheng.assistance",
    "minzheng.eldercare",
    "minzheng.children",
    "minzheng.disability",
    "minzheng.civil_society",
    "minzheng.lottery",
    "minzheng.marriage",
    "minzheng.funeral",
    "minzheng.operations",
    "minzheng.web",
    "minzheng.demo",
]

MIDDLEWARE = [
    # First: everything after it (the SSL redirect, rate limits, the login lockout, logs) sees the real client.
    "minzheng.operations.serving.middleware.RealClientAddressMiddleware",
    # Second: the request id for everything after it, and one JSON log line per request (operations.logs).
    "minzheng.operations.logs.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "minzheng.core.middleware.ApiAnswersJsonMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "minzheng.core.middleware.NoStoreWhenSignedInMiddleware",
    "minzheng.core.middleware.SessionIdleClockMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minzheng.urls"
WSGI_APPLICATION = "minzheng.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minzheng.web.context.navigation",
            ],
        },
    },
]

FORM_RENDERER = "minzheng.core.form_renderer.FormRenderer"

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'minzheng.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("MINZHENG_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while pages read; the busy timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "minzheng.core.permission_cache.CachedPermissionBackend",
]

# Lock the pair (username, client address) after 5 failed logins, so that nobody can lock a
# colleague out from another address; above a much higher count for the username over every
# address, lock the account everywhere (minzheng/core/lockout.py). Many offices share one NAT
# address, so an address alone is never locked. `minzheng axes_reset_username USER` unlocks.
AXES_FAILURE_LIMIT = env_int("MINZHENG_LOGIN_FAILURE_LIMIT", 5)
MINZHENG_LOGIN_USERNAME_CEILING = env_int("MINZHENG_LOGIN_USERNAME_CEILING", 100)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "minzheng.core.lockout.PairThenUsernameHandler"
AXES_COOLOFF_TIME = env_int("MINZHENG_LOCKOUT_HOURS", 1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# The lockout's address is REMOTE_ADDR, which RealClientAddressMiddleware has already made the real client's;
# axes must never read X-Forwarded-For itself (a client could then pick the address it is locked under).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# security.W021: HSTS preload is a request to ship the whole registrable domain (a gov.cn one) as HTTPS-only
# in browsers, which is not one application's to make; MINZHENG_HSTS_PRELOAD=true sends it when it is.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = env_int("MINZHENG_SESSION_IDLE_SECONDS", 30 * 60)
# Each use restarts the idle clock, written at most once a minute (core.middleware.SessionIdleClockMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
# Read from the cache, written through to the database: a page costs no session query, and a session
# outlives a cache restart. The cache entry expires with the session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("MINZHENG_SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("MINZHENG_SSL_REDIRECT", False)
# A site that insists on HTTPS also tells browsers to remember it (a year); one that does not, cannot promise it.
SECURE_HSTS_SECONDS = env_int("MINZHENG_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("MINZHENG_HSTS_PRELOAD", False)
# A monitor on the machine asks serve itself (http://127.0.0.1:8000/healthz); a redirect to https would fail it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The reverse proxies in front of `minzheng serve` (nginx), addresses or networks, comma-separated. Only from
# them are X-Forwarded-For (the client's address) and X-Forwarded-Proto (https) believed
# (minzheng/operations/serving/proxies.py); empty, from nobody.
MINZHENG_TRUSTED_PROXIES = tuple(
    p.strip() for p in os.environ.get("MINZHENG_TRUSTED_PROXIES", "").split(",") if p.strip()
)
try:
    for _proxy in MINZHENG_TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy)
except ValueError as exc:
    raise ImproperlyConfigured(f"MINZHENG_TRUSTED_PROXIES: {exc} (addresses or networks such as 10.0.0.0/8)") from exc
if MINZHENG_TRUSTED_PROXIES:
    # The middleware drops this header from anybody but a trusted proxy, so only nginx can say https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# `minzheng serve`'s worker processes; 0 = from the machine's cores (minzheng/operations/serving/server.py).
MINZHENG_WEB_WORKERS = env_int("MINZHENG_WEB_WORKERS", 0)

# Only our own static files: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Numbers grouped as the bureau writes them (34,015): minzheng/web/formats/zh_Hans/formats.py.
FORMAT_MODULE_PATH = ["minzheng.web.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
MINZHENG_IMPORT_MAX_BYTES = env_int("MINZHENG_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
MINZHENG_IMPORT_MAX_ROWS = env_int("MINZHENG_IMPORT_MAX_ROWS", 200_000)
MINZHENG_ADDRESS_IMPORT_MAX_ROWS = env_int("MINZHENG_ADDRESS_IMPORT_MAX_ROWS", 500_000)
# Dormant social organizations: the advance notice of a penalty (事先告知, served by public notice) runs this
# many days before the decision may be taken (60 in one county of Huzhou).
CIVIL_SOCIETY_NOTICE_DAYS = env_int("MINZHENG_CIVIL_SOCIETY_NOTICE_DAYS", 60)
# Welfare lottery: a station is kept at least this many metres from a school (a local rule), and the
# central government's share of the 公益金 (the rest is local).
LOTTERY_SCHOOL_DISTANCE_M = env_int("MINZHENG_LOTTERY_SCHOOL_DISTANCE_M", 200)
LOTTERY_CENTRAL_SHARE = os.environ.get("MINZHENG_LOTTERY_CENTRAL_SHARE", "0.5")
# Funeral: the basic-service waiver (6+N) is for the household-registration provinces listed here (2-digit codes,
# comma-separated; 33 is Zhejiang). A case keeps the answer it got when it was opened.
MINZHENG_FUNERAL_WAIVER_PROVINCES = tuple(
    code.strip() for code in os.environ.get("MINZHENG_FUNERAL_WAIVER_PROVINCES", "33").split(",") if code.strip()
)
if any(not (len(code) == 2 and code.isdigit()) for code in MINZHENG_FUNERAL_WAIVER_PROVINCES):
    raise ImproperlyConfigured("MINZHENG_FUNERAL_WAIVER_PROVINCES must be 2-digit province codes, comma-separated")
# The smart cemetery: a plot's use period is due for renewal (a reminder, the due list) this many days before its end.
MINZHENG_CEMETERY_RENEWAL_NOTICE_DAYS = env_int("MINZHENG_CEMETERY_RENEWAL_NOTICE_DAYS", 180)
# The address matcher answers "no match" below this score (0 to 1) rather than guess.
MINZHENG_ADDRESS_MATCH_THRESHOLD = env_float("MINZHENG_ADDRESS_MATCH_THRESHOLD", 0.8)
# The matcher prepares its statements on PostgreSQL. Turn off behind a pooler that cannot keep
# prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
MINZHENG_MATCH_PREPARED_STATEMENTS = env_bool("MINZHENG_MATCH_PREPARED_STATEMENTS", True)
if not 0 < MINZHENG_ADDRESS_MATCH_THRESHOLD <= 1:
    raise ImproperlyConfigured("MINZHENG_ADDRESS_MATCH_THRESHOLD must be above 0 and at most 1")
# The public site that doorplate QR codes point at (https://<host>, no trailing slash). Plates are
# printed from the intranet, so the request's own host is the wrong one; set it to "" to use it anyway.
MINZHENG_PUBLIC_BASE_URL = os.environ.get("MINZHENG_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# An API token is good for this many hours after sign-in; then POST /api/auth/token/ again.
MINZHENG_API_TOKEN_HOURS = env_int("MINZHENG_API_TOKEN_HOURS", 12)
if MINZHENG_API_TOKEN_HOURS < 1:
    raise ImproperlyConfigured("MINZHENG_API_TOKEN_HOURS must be at least 1")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "minzheng.core.api.authentication.ExpiringTokenAuthentication",
        "minzheng.core.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "minzheng.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "minzheng.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "minzheng 民政 API",
    "DESCRIPTION": "民政业务平台接口。所有个人敏感信息默认脱敏；超出辖区的记录返回 404。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # No trailing slash: drf-spectacular appends "/swagger-ui.css" itself.
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    # One name per choice set, whatever the field is called, and no clash between apps that
    # each have a "status" or a "kind".
    "ENUM_NAME_OVERRIDES": {
        "RelationshipEnum": "minzheng.people.models.Membership.Relationship",
        "PersonStatusEnum": "minzheng.people.models.Person.Status",
        "AccessKindEnum": "minzheng.core.models.AccessLog.Kind",
        "MoveInStatusEnum": "minzheng.people.move_in.models.MoveInRequest.Status",
        "NamingProposalKindEnum": "minzheng.places.models.NamingProposal.Kind",
        "ApplicationStatusEnum": "minzheng.benefits.applications.models.Application.Status",
        "EnrollmentStatusEnum": "minzheng.benefits.enrollments.models.Enrollment.Status",
        "PaymentRunStatusEnum": "minzheng.benefits.payments.models.PaymentRun.Status",
        "PaymentLineStatusEnum": "minzheng.benefits.payments.models.PaymentLine.Status",
        "AbilityLevelEnum": "minzheng.eldercare.assessment.scoring.AbilityLevel",
        "AssessmentReasonEnum": "minzheng.eldercare.assessment.scoring.Reason",
        "LoveCardStatusEnum": "minzheng.eldercare.love_cards.models.LoveCard.Status",
        "BedKindEnum": "minzheng.eldercare.beds.models.BedKind",
        "BedCheckOutReasonEnum": "minzheng.eldercare.beds.models.CheckOutReason",
        "CaregiverLevelEnum": "minzheng.eldercare.caregivers.models.CertificateLevel",
        "CaregiverAwardLevelEnum": "minzheng.eldercare.caregivers.models.AwardLevel",
        "HomeBedStatusEnum": "minzheng.eldercare.home_beds.models.HomeBedStatus",
        "HomeBedDeviceKindEnum": "minzheng.eldercare.home_beds.models.DeviceKind",
        "HomeServiceKindEnum": "minzheng.eldercare.home_services.models.ServiceKind",
        "ServiceOrderStatusEnum": "minzheng.eldercare.home_services.models.OrderStatus",
        "InsuranceClaimKindEnum": "minzheng.eldercare.insurance.models.ClaimKind",
        "InsuranceClaimStatusEnum": "minzheng.eldercare.insurance.models.ClaimStatus",
        "AdaptationItemCategoryEnum": "minzheng.eldercare.adaptation.models.ItemCategory",
        "AdaptationApplicationStatusEnum": "minzheng.eldercare.adaptation.models.ApplicationStatus",
        "PersonGenderEnum": "minzheng.people.models.Person.Gender",
        "MarriageSourceEnum": "minzheng.marriage.registrations.models.Marriage.Source",
        "MarriageStatusEnum": "minzheng.marriage.registrations.models.Marriage.Status",
    },
}

# Every record is one JSON line (minzheng/operations/logs): on stderr, and also in MINZHENG_LOG_FILE
# when it is set (reopened when logrotate moves it). Every handler redacts ID numbers, phones and
# bank accounts before it writes. The request log (logger minzheng.request, one line per request)
# is at INFO whatever MINZHENG_LOG_LEVEL says; MINZHENG_REQUEST_LOG_LEVEL=WARNING keeps only errors.
MINZHENG_LOG_LEVEL = os.environ.get("MINZHENG_LOG_LEVEL", "WARNING").upper()
MINZHENG_REQUEST_LOG_LEVEL = os.environ.get("MINZHENG_REQUEST_LOG_LEVEL", "INFO").upper()
MINZHENG_LOG_FILE = os.environ.get("MINZHENG_LOG_FILE", "").strip()
_LOG_HANDLER = {"formatter": "json", "filters": ["redact_pii"]}
LOGGING: dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_pii": {"()": "minzheng.operations.logs.filters.RedactPii"}},
    "formatters": {"json": {"()": "minzheng.operations.logs.formatters.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", **_LOG_HANDLER}},
    "root": {"handlers": ["console"], "level": MINZHENG_LOG_LEVEL},
    "loggers": {
        # Django's own handlers (a console in DEBUG, mail to ADMINS, runserver's lines) would write
        # past the PII filter: take them away, and let the records reach ours.
        "django": {"handlers": [], "level": MINZHENG_LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": MINZHENG_LOG_LEVEL, "propagate": True},
        "minzheng.request": {"level": MINZHENG_REQUEST_LOG_LEVEL},
        "minzheng.worker": {"level": "INFO"},
    },
}
if MINZHENG_LOG_FILE:
    LOGGING["handlers"]["file"] = {"class": "logging.handlers.WatchedFileHandler", "filename": MINZHENG_LOG_FILE,
                                   "encoding": "utf-8", **_LOG_HANDLER}
    LOGGING["root"]["handlers"].append("file")
if TESTING:
    # tests/log_scan.py writes everything from INFO up to a file per test process and scans it for
    # ID numbers and phones at the end of the session; the console keeps to warnings.
    LOGGING["handlers"]["console"]["level"] = "WARNING"
    LOGGING["root"]["level"] = "INFO"
# The CSRF refusal page with the request id (operations.logs.errors).
CSRF_FAILURE_VIEW = "minzheng.operations.logs.errors.csrf_failure"

# /healthz (operations.health): a worker beats every MINZHENG_WORKER_HEARTBEAT_SECONDS; /healthz fails
# when no worker beat in MINZHENG_HEALTH_WORKER_STALE_SECONDS; "all migrations applied" is believed
# for MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS once seen, so frequent polls cost one query.
MINZHENG_WORKER_HEARTBEAT_SECONDS = env_float("MINZHENG_WORKER_HEARTBEAT_SECONDS", 30)
MINZHENG_HEALTH_WORKER_STALE_SECONDS = env_int("MINZHENG_HEALTH_WORKER_STALE_SECONDS", 180)
MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS = env_float("MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS", 60)
if MINZHENG_WORKER_HEARTBEAT_SECONDS <= 0 or MINZHENG_HEALTH_WORKER_STALE_SECONDS <= MINZHENG_WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "MINZHENG_WORKER_HEARTBEAT_SECONDS must be above 0 and below MINZHENG_HEALTH_WORKER_STALE_SECONDS"
    )

# One cache shared by every process (rate limits, cached catalogue sections): the database by
# default, so nothing extra is needed; Redis when MINZHENG_REDIS_URL is set.
REDIS_URL = os.environ.get("MINZHENG_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "minzheng.core.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "minzheng_cache"}}
MINZHENG_PLATE_REPORTS_PER_HOUR = env_int("MINZHENG_PLATE_REPORTS_PER_HOUR", 5)
MINZHENG_SELF_CHECKS_PER_HOUR = env_int("MINZHENG_SELF_CHECKS_PER_HOUR", 30)
MINZHENG_BED_PAGES_PER_HOUR = env_int("MINZHENG_BED_PAGES_PER_HOUR", 120)
MINZHENG_NEAREST_SEARCHES_PER_HOUR = env_int("MINZHENG_NEAREST_SEARCHES_PER_HOUR", 600)
MINZHENG_MARRIAGE_BOOKINGS_PER_HOUR = env_int("MINZHENG_MARRIAGE_BOOKINGS_PER_HOUR", 20)
MINZHENG_PLOT_PAGES_PER_HOUR = env_int("MINZHENG_PLOT_PAGES_PER_HOUR", 120)
MINZHENG_FAMILY_PAGES_PER_HOUR = env_int("MINZHENG_FAMILY_PAGES_PER_HOUR", 30)
# The map of the meal-site finder (/meal-sites/). Tiles come from a server you name (on an intranet, your
# own): a URL template with {z}, {x} and {y} ({s} for subdomains), its attribution, and the system its
# tiles are drawn in: gcj02 for tiles like Amap's or Tencent's, wgs84 for Tianditu (CGCS2000) or
# OpenStreetMap. Unset, the map has no tiles: a plain grid, and nothing is loaded from another host.
MINZHENG_MAP_TILES_URL = os.environ.get("MINZHENG_MAP_TILES_URL", "").strip()
MINZHENG_MAP_TILES_ATTRIBUTION = os.environ.get("MINZHENG_MAP_TILES_ATTRIBUTION", "").strip()
MINZHENG_MAP_TILES_COORD = os.environ.get("MINZHENG_MAP_TILES_COORD", "").strip().lower() or "gcj02"
if MINZHENG_MAP_TILES_COORD not in {"gcj02", "wgs84"}:
    # Baidu's BD-09 tiles are cut in a projection of their own, which Leaflet does not draw.
    raise ImproperlyConfigured("MINZHENG_MAP_TILES_COORD must be gcj02 or wgs84")
if MINZHENG_MAP_TILES_URL and not MINZHENG_MAP_TILES_URL.startswith(("https://", "http://", "/")):
    raise ImproperlyConfigured("MINZHENG_MAP_TILES_URL must start with https://, http:// or /")

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
