"""Settings for sendtrack, read from the environment.

With nothing set, the app runs on a SQLite file in the project folder, sends email to the console
and runs Celery tasks eagerly in the web process. Set DATABASE_URL and REDIS_URL to use PostgreSQL
and Redis. Production deployments use ``sendtrack.settings.production``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# A key for local use only; production settings refuse to start without SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-only-not-for-production")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "simple_history",
    "axes",
    "governance",
    "projects",
    "indicators",
    "sendtrack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Repeat reads of pages, reports and lists while the data is unchanged: 304 or kept answer.
    "sendtrack.conditional.ConditionalGetMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The signed-in GETs answered with a validator and kept while the data is unchanged (see
# sendtrack/conditional.py): the dashboards, project and board pages and the API's lists,
# records and reports. RELEASE names the code's version; without it, a digest of the source is used.
CONDITIONAL_GET_PATHS = [
    r"^/$",
    r"^/performance/",
    r"^/operational/$",
    r"^/data-quality/$",
    r"^/finance/$",
    r"^/projects/",
    r"^/boards/(bodies|meetings)/\d+/$",
    r"^/api/v1/",
]
# Addresses whose answers read only some of the families of tables that writes are filed
# under (sendtrack/dataversion.py FAMILIES; every answer also reads "other"): their answers are
# kept and tagged under those families' versions alone, so that a write to a risk, a
# milestone, a report or a figure leaves the lists that show none of them be. The first match
# wins; an address not matched is kept under the whole data's version. Checked in the tests.
CONDITIONAL_GET_READS = [
    (
        r"^/api/v1/(workstreams|bodies|meetings|information-requests|areas-of-weakness|"
        r"plan-actions|publications|targets|benchmarks)/(?!\d+/escalations/)",
        [],  # a meeting's escalations read monthly reports and risks
    ),
    # benefits are realised from their indicators' figures; the projects are "other"
    (r"^/api/v1/benefits/", ["figures"]),
]
RELEASE = env.str("RELEASE", default="")
# Whether the answers themselves are kept (in CACHES), for repeats sent without a validator.
CONDITIONAL_GET_KEEP_ANSWERS = env.bool("CONDITIONAL_GET_KEEP_ANSWERS", default=True)
# Whether the dashboards' parts are kept (in CACHES) under the versions of what each reads, so
# that a write works out afresh only the parts it changes (see sendtrack/derivations.py); and
# whether each part's queries are checked against what it declares it reads (the tests do).
SENDTRACK_KEEP_DERIVED_PARTS = env.bool("SENDTRACK_KEEP_DERIVED_PARTS", default=True)
SENDTRACK_CHECK_DERIVED_READS = env.bool("SENDTRACK_CHECK_DERIVED_READS", default=False)

# The admin shows earlier versions of a record but never saves one back (see admin/base.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "sendtrack.urls"
WSGI_APPLICATION = "sendtrack.wsgi.application"
# The module that says which records a user may choose in forms, filters and imports; the
# kernel's admin and API base classes ask it (sendtrack.kernel.choices).
CHOICE_SCOPE = "sendtrack.visibility"

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
                "sendtrack.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code once its estimated cost passes a threshold.
    # The reports' and dashboards' queries (a subquery per row over the history) cross it at
    # a council's scale and then spend 150-300 ms compiling to run for 30-60 ms (EXPLAIN
    # ANALYZE, docs/performance.md): for short web queries it never pays.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-ins go through django-axes first, which refuses a login and address pair that has
# failed too often (on /accounts/login/ and the admin's login alike).
# Axes first, so that a locked-out sign-in is refused before any password is checked; the
# rules backend answers object-level questions (a lead's own project) from the same predicates
# for the admin, the pages and the API.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (sendtrack/sso.py): answers only the provider's callback, and only when
    # OIDC_RP_CLIENT_ID is set.
    "sendtrack.sso.SingleSignOnBackend",
]

# Single sign-on with the council's or a partner's OpenID Connect identity provider
# (sendtrack/sso.py; README "Single sign-on"). Off unless OIDC_RP_CLIENT_ID is set; local
# passwords (the demo, the break-glass superuser) work either way and stay behind django-axes.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your organisation's account")
# The issuer (its discovery document is read from <issuer>/.well-known/openid-configuration),
# or the discovery document's address, or each endpoint given on its own.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_DISCOVERY_URL = env.str(
    "OIDC_DISCOVERY_URL",
    default=f"{OIDC_ISSUER}/.well-known/openid-configuration" if OIDC_ISSUER else "",
)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# The claim naming the user's groups, and which group gives which role ("group=Role name;...",
# the roles of sendtrack/roles.py). Someone whose groups map to no role is refused.
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="groups")
OIDC_ROLE_MAP = env.dict("OIDC_ROLE_MAP", default={})
# The claim naming the user's organisation and which value is which organisation
# ("value=Organisation name;..."); else OIDC_ORGANISATION (a provider of one organisation);
# else the council.
OIDC_ORGANISATION_CLAIM = env.str("OIDC_ORGANISATION_CLAIM", default="")
OIDC_ORGANISATION_MAP = env.dict("OIDC_ORGANISATION_MAP", default={})
OIDC_ORGANISATION = env.str("OIDC_ORGANISATION", default="")
# mozilla-django-oidc's own settings that sendtrack fixes.
OIDC_STORE_ID_TOKEN = True  # for the provider's sign-out
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "sso-refused"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock the pair, so that someone guessing at one account cannot lock its owner out elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sendtrack.lockout.locked_out"

# Every page loads its scripts, styles, images and fonts from sendtrack itself: no inline
# script or style attribute, nothing from elsewhere, and no framing (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Signing out is a form whose answer sends the browser on to the provider's end-session page.
if OIDC_RP_CLIENT_ID:
    _origins = {
        "{}://{}".format(*urlsplit(url)[:2])
        for url in (OIDC_DISCOVERY_URL, OIDC_OP_LOGOUT_ENDPOINT)
        if url
    }
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(_origins)

SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence files are uploaded up to this size (megabytes) and served only to signed-in staff.
SENDTRACK_EVIDENCE_MAX_MB = env.int("SENDTRACK_EVIDENCE_MAX_MB", default=20)
SENDTRACK_EVIDENCE_MAX_BYTES = SENDTRACK_EVIDENCE_MAX_MB * 1024 * 1024

# Redis serves as Celery's broker and result store and as the cache. Without it, tasks run
# eagerly in the calling process and the cache lives in memory.
REDIS_URL = env.str("REDIS_URL", default="")
# The in-process broker is named with a host, or kombu warns that none was supplied.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Tasks record what they did in the database (snapshots, emails sent, document builds) and in
# the log; nobody waits for a result. Publishing then never touches the result store, so a web
# request that queues a task depends on the broker alone.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
# A web request that queues a task while Redis is down must fail fast, not hang: short
# timeouts and one quick retry, after which the caller logs it and tells the user.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
}
# The worker itself keeps trying to reach the broker when it starts and after an outage.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job that could not be sent waits for the queue and is sent again, by beat every few
# minutes and by the health check; so is one handed over this long ago that no worker has
# taken (a Redis restarted without its data loses its queue). Longer than any task may run.
SENDTRACK_JOB_STALE_MINUTES = env.int("SENDTRACK_JOB_STALE_MINUTES", default=15)
SENDTRACK_JOB_REQUEUE_MINUTES = env.int("SENDTRACK_JOB_REQUEUE_MINUTES", default=5)
if SENDTRACK_JOB_STALE_MINUTES * 60 <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "SENDTRACK_JOB_STALE_MINUTES must be longer than a task may run "
        f"({CELERY_TASK_TIME_LIMIT // 60} minutes), or jobs still running would be sent again."
    )
if SENDTRACK_JOB_REQUEUE_MINUTES < 1:
    raise ImproperlyConfigured("SENDTRACK_JOB_REQUEUE_MINUTES must be at least 1.")


def _clock(name: str, default: str) -> dict[str, int]:
    """A time of day from the environment ("HH:MM", 24-hour) as crontab arguments."""
    text = env.str(name, default=default)
    try:
        hour, minute = (int(part) for part in text.split(":"))
    except ValueError:
        hour = minute = -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ImproperlyConfigured(
            f"{name} must be a time of day as HH:MM (e.g. 07:30), not {text!r}."
        )
    return {"hour": hour, "minute": minute}


# When the background work runs (Europe/London time); `make beat` reads this schedule.
SENDTRACK_SNAPSHOT_TIME = _clock("SENDTRACK_SNAPSHOT_TIME", "02:00")
SENDTRACK_REMINDER_TIME = _clock("SENDTRACK_REMINDER_TIME", "08:00")
SENDTRACK_DIGEST_TIME = _clock("SENDTRACK_DIGEST_TIME", "07:30")
SENDTRACK_DIGEST_DAY = env.str("SENDTRACK_DIGEST_DAY", default="monday")
# Reminders go from this day of the month about the month just gone; the second, copied to
# the sponsoring director, this many days after the first (both within the month).
SENDTRACK_REMINDER_DAY = env.int("SENDTRACK_REMINDER_DAY", default=5)
SENDTRACK_REMINDER_ESCALATION_DAYS = env.int("SENDTRACK_REMINDER_ESCALATION_DAYS", default=5)
if not 1 <= SENDTRACK_REMINDER_DAY <= 28:
    raise ImproperlyConfigured("SENDTRACK_REMINDER_DAY must be a day from 1 to 28.")
if not 1 <= SENDTRACK_REMINDER_ESCALATION_DAYS <= 28 - SENDTRACK_REMINDER_DAY:
    raise ImproperlyConfigured(
        "SENDTRACK_REMINDER_ESCALATION_DAYS must be at least 1 and keep the second reminder "
        f"within the month: at most {28 - SENDTRACK_REMINDER_DAY} after day "
        f"{SENDTRACK_REMINDER_DAY}."
    )
# A month's report is due by this day of the month after; until then it is "due soon", not
# missing. The data-quality page, the digest, the admin's chasing list and the reminders all
# read it through one selector (``projects.selectors.reporting_due``).
SENDTRACK_REPORT_DEADLINE_DAY = env.int("SENDTRACK_REPORT_DEADLINE_DAY", default=10)
if not 1 <= SENDTRACK_REPORT_DEADLINE_DAY <= 28:
    raise ImproperlyConfigured("SENDTRACK_REPORT_DEADLINE_DAY must be a day from 1 to 28.")
# Links in emails point here: the address people use to reach sendtrack.
SENDTRACK_BASE_URL = env.str("SENDTRACK_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

CELERY_BEAT_SCHEDULE = {
    "daily-snapshot": {
        "task": "sendtrack.tasks.take_daily_snapshot",
        "schedule": crontab(**SENDTRACK_SNAPSHOT_TIME),
    },
    "reminders": {
        # Daily: the task itself knows which day is the first reminder's and which the
        # second's, and sends nothing twice.
        "task": "sendtrack.tasks.send_reminders",
        "schedule": crontab(**SENDTRACK_REMINDER_TIME),
    },
    "data-quality-digest": {
        "task": "sendtrack.tasks.send_data_quality_digest",
        "schedule": crontab(**SENDTRACK_DIGEST_TIME, day_of_week=SENDTRACK_DIGEST_DAY),
    },
    "requeue-waiting-jobs": {
        # Sends again the documents and PDFs that wait for the job queue. While Redis is down
        # beat cannot send this either; its first run once Redis is back sends them all.
        "task": "sendtrack.tasks.requeue_waiting_jobs",
        "schedule": timedelta(minutes=SENDTRACK_JOB_REQUEUE_MINUTES),
    },
}

if REDIS_URL:
    # A Redis outage must not break pages: the cache answers "not cached" and logs it.
    CACHES = {
        "default": {
            "BACKEND": "sendtrack.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sendtrack <sendtrack@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Tokens for Power BI and scripts, the session for the browser. Token first, so that an
    # unauthenticated request is told (401) how to authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Scripts write JSON. Form and multipart bodies would follow HTML forms' rules (an empty
    # value leaves a field unchanged, a body that is a list reads as no fields at all), so a
    # malformed write could quietly succeed: they are refused (415) instead.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "sendtrack.kernel.api.negotiation.FormatNegotiation",
    "DEFAULT_PAGINATION_CLASS": "sendtrack.kernel.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "sendtrack.kernel.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
DRF_STANDARDIZED_ERRORS = {
    # Also answers Django's refusals of an oversized body in the API's JSON format.
    "EXCEPTION_HANDLER_CLASS": "sendtrack.kernel.api.exceptions.APIExceptionHandler",
    "ERROR_SCHEMAS": {"400": "sendtrack.kernel.api.exceptions.ValidationErrorResponseSerializer"},
    # While developing (DEBUG), an unexpected error shows Django's debug page.
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sendtrack API",
    "DESCRIPTION": (
        "The SEND improvement programme's projects, milestones, risks, status reports, "
        "indicators and governance, and the monthly milestone, risk, KPI and programme "
        "reports. Every list and report answers in JSON, CSV or XLSX (`?format=csv` or the "
        "Accept header). Authenticate with a token (`Authorization: Token <key>`) or a "
        "signed-in session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    # No validator badge: Swagger UI would send the schema's address to validator.swagger.io.
    # No deep links: they put a link inside each operation's button, which screen readers
    # cannot reach as either (nested interactive controls, WCAG 4.1.2).
    # Examples in plain text: the highlighter's colours are too faint on its dark background.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,
        "validatorUrl": None,
        "syntaxHighlight": False,
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ReDoc's colours darkened to GOV.UK's, whose text meets WCAG AA contrast on white.
    "REDOC_UI_SETTINGS": {
        "theme": {
            "colors": {
                "primary": {"main": "#0b4f8a"},
                "success": {"main": "#00703c"},
                "warning": {"main": "#a35200"},
                "error": {"main": "#b10e1e"},
                "text": {"primary": "#0b0c0c", "secondary": "#505a5f"},
            },
            "schema": {"typeNameColor": "#505a5f", "typeTitleColor": "#505a5f"},
        }
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        **{
            name: f"drf_standardized_errors.openapi_serializers.{name}.choices"
            for name in (
                "ValidationErrorEnum",
                "ClientErrorEnum",
                "ServerErrorEnum",
                *(f"ErrorCode{code}Enum" for code in (401, 403, 404, 405, 406, 415, 429, 500)),
            )
        },
        "RAGEnum": "sendtrack.kernel.rag.RAG.choices",
        **{
            f"{name.title().replace('_', '')}Enum": f"sendtrack.api.enums.{name}"
            for name in (
                "MEETING_STATUS",
                "INFORMATION_REQUEST_STATUS",
                "PLAN_ACTION_STATUS",
                "BODY_KIND",
                "ORGANISATION_KIND",
                "RISK_STATUS",
                "RISK_KIND",
                "MILESTONE_STATUS",
                "MEASUREMENT_STATUS",
                "EVIDENCE_KIND",
                "BOARD_ACTION_STATUS",
            )
        },
    },
    "POSTPROCESSING_HOOKS": ["drf_standardized_errors.openapi_hooks.postprocess_schema_enums"],
}

# Backups keep times to the microsecond (sendtrack.backups).
SERIALIZATION_MODULES = {"precisejson": "sendtrack.backups.serializer"}

# The public name of the local area and council shown across the site.
SENDTRACK_LOCAL_AREA = env.str("SENDTRACK_LOCAL_AREA", default="Kent")
# The council's name: the organisation people and records belong to unless another is chosen.
SENDTRACK_COUNCIL = env.str("SENDTRACK_COUNCIL", default="Kent County Council")

# Plain-English summaries above this Flesch–Kincaid grade are flagged in the admin as hard to
# read. Grade 9 is a reading age of about 14, the level most public-sector guidance aims for.
SENDTRACK_PLAIN_ENGLISH_MAX_GRADE = env.float("SENDTRACK_PLAIN_ENGLISH_MAX_GRADE", default=9.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own configuration gives its logger a console handler of its own as well,
        # through which every record was printed a second time (without the time) on its way
        # to the root's. Naming the logger here clears its handlers: each record is printed
        # once, by the root's.
        "django": {"level": "INFO", "handlers": [], "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every layout step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes announces itself at every start; its lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
