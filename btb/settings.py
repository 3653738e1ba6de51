"""Settings for Behind the Badge.

One file, read from the environment. With no environment at all it runs the embedded default:
SQLite under ``var/``, Celery tasks run in-process, e-mail written to files under ``var/mail/``, DEBUG on.
Setting ``DEBUG=false`` switches to production, which needs ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``,
``EMAIL_URL`` and ``ALLOWED_HOSTS``, and refuses a ``SITE_URL`` that is not a public https address or a
``DEFAULT_FROM_EMAIL`` on ``.invalid``.
"""

from email.utils import parseaddr
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _is_public_https(url: str) -> bool:
    """An https address whose host is a name or an address other than this machine's own (loopback)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ip_address(host).is_loopback and not ip_address(host).is_unspecified
    except ValueError:
        return True  # a name, not an address


env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env.str("BTB_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)
PRODUCTION = not DEBUG

_INSECURE_DEV_KEY = "django-insecure-embedded-default-only-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if PRODUCTION and (
    not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is false. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
SECRET_KEY = SECRET_KEY or _INSECURE_DEV_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
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
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_ratelimit",
    "csp",
    "django_filters",
    "btb.apps.BtbConfig",
    "btb.outbox",
    "btb.accounts",
    "influencers",
    "media_appearances",
    "events",
    "feedback",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "btb.middleware.ContentSecurityPolicyMiddleware",
    "btb.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the switch's cookie, else the browser's Accept-Language, else English (btb/settings.py LANGUAGES).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "btb.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "btb.urls"
WSGI_APPLICATION = "btb.wsgi.application"

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
                "btb.accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which the report's EXISTS filters often are:
    # compiling took 0.9 s of a 1 s dashboard query that runs in 50 ms without it (bench/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and the shared cache -------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is false (Celery broker and shared cache).")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Dashboard and report figures are cached this long (and dropped at once when their data changes).
AGGREGATE_CACHE_SECONDS = env.int("AGGREGATE_CACHE_SECONDS", default=60)
# The protective marking printed on every page of the board report and its workbook (Government Security
# Classifications: OFFICIAL, or OFFICIAL-SENSITIVE when a force's rules say so).
BTB_PROTECTIVE_MARKING = env.str("BTB_PROTECTIVE_MARKING", default="OFFICIAL")

# --- Celery -------------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# The embedded default has no broker: tasks run in-process, at the moment they are queued.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Europe/London"
# A task is acknowledged only after it has run, so a worker killed mid-task leaves it to be redelivered;
# every task is therefore written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Redis redelivers an unacknowledged task after the visibility timeout. No task is queued with a countdown or
# ETA longer than CELERY_MAX_COUNTDOWN (work that is due later is found by a beat task scanning the database), so
# the timeout comfortably exceeds every countdown and no task is redelivered while it is still waiting to run.
CELERY_MAX_COUNTDOWN = env.int("CELERY_MAX_COUNTDOWN", default=60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 60 * 60}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 60 * 60}
CELERY_BEAT_SCHEDULE = {
    "outbox-recover": {"task": "btb.outbox.tasks.task_recover_mail", "schedule": 5 * 60},
    "outbox-forget-recipients": {
        "task": "btb.outbox.tasks.task_forget_recipients",
        "schedule": crontab(hour=3, minute=45),
    },
    "purge-unverified-registrations": {
        "task": "btb.accounts.tasks.task_purge_unverified_registrations",
        "schedule": 60 * 60 * 6,
    },
    "purge-livestream-comments": {
        "task": "media_appearances.tasks.task_purge_livestream_comments",
        "schedule": 60 * 60 * 24,
    },
    "ticket-imports-recover": {"task": "events.tickets.tasks.task_recover_ticket_imports", "schedule": 10 * 60},
    "volunteer-reminders": {
        "task": "events.volunteering.tasks.task_queue_volunteer_reminders",
        "schedule": 15 * 60,
    },
    "volunteer-offers-lapse": {
        "task": "events.volunteering.tasks.task_lapse_expired_offers",
        "schedule": 10 * 60,
    },
    "volunteer-cover-invitations": {
        "task": "events.volunteering.tasks.task_send_cover_invitations",
        "schedule": 15 * 60,
    },
    # How often beat looks for surveys whose time has come (seconds); the production smoke test shortens it.
    "feedback-dispatch-surveys": {
        "task": "feedback.tasks.task_dispatch_surveys",
        "schedule": env.int("SURVEY_DISPATCH_INTERVAL_SECONDS", default=15 * 60),
    },
    "feedback-shuffle-responses": {"task": "feedback.tasks.task_shuffle_responses", "schedule": 5 * 60},
    "feedback-purge-personal-data": {
        "task": "feedback.tasks.task_purge_personal_data",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- E-mail -------------------------------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(env.email_url("EMAIL_URL"))
elif PRODUCTION:
    raise ImproperlyConfigured("EMAIL_URL must be set when DEBUG is false, e.g. smtp+tls://user:password@host:587")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Behind the Badge <no-reply@behindthebadge.invalid>")
# .invalid can never receive mail (RFC 2606): providers reject or bin mail from it, and replies go nowhere.
if PRODUCTION and parseaddr(DEFAULT_FROM_EMAIL)[1].lower().endswith(".invalid"):
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL must be set to an address on your own domain when DEBUG is false, "
        "e.g. Behind the Badge <no-reply@btb.example.org> (not one on .invalid)."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

# --- Accounts and authentication ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "btb.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Self-registration is open only to addresses at these domains (and their subdomains).
VOLUNTEER_EMAIL_DOMAINS = [
    d.strip().lower().lstrip("@")
    for d in env.list("VOLUNTEER_EMAIL_DOMAINS", default=[] if PRODUCTION else ["met.police.uk", "police.uk"])
    if d.strip()
]
# Registrations whose e-mail address is not verified within this many days are deleted.
UNVERIFIED_REGISTRATION_DAYS = env.int("UNVERIFIED_REGISTRATION_DAYS", default=7)

# Rate limits (django-ratelimit) count in the shared cache: Redis in production, so every process agrees.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "btb.views.rate_limited"
# How many proxies of ours stand in front of the app and append to X-Forwarded-For (1 for the TLS proxy in front of
# docker-compose's web). 0 reads the socket's address and ignores the header, which a client can write itself.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 (no proxy) or the number of proxies in front of the app.")
# Rate limits and the sign-in lockout read the client's address the same way (btb.client_address).
RATELIMIT_IP_META_KEY = "btb.client_address.client_address"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# django-ratelimit lists only third-party Redis backends as supported; Django's own RedisCache gives it the atomic
# add/incr it relies on (tests/accounts/test_views.py exercises the limits on the real Redis in CI).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    # The embedded default is one process, so its local-memory cache is shared by everything that counts.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
# Requests per client address: sign-in attempts, registration and password-reset e-mails, and the public forms.
# Sign-in is generous (many officers may share one force proxy address); axes locks out per username.
RATE_LIMITS = {
    "login": env.str("RATE_LIMIT_LOGIN", default="100/h"),
    "register": env.str("RATE_LIMIT_REGISTER", default="10/h"),
    "password_reset": env.str("RATE_LIMIT_PASSWORD_RESET", default="10/h"),
    "public_form": env.str("RATE_LIMIT_PUBLIC_FORM", default="30/h"),
    # The on-the-day QR survey: a whole audience answers through the venue's one Wi-Fi address, so this is a
    # ceiling for the venue; each device answers once (feedback.views.SurveyOpenView).
    "qr_survey": env.str("RATE_LIMIT_QR_SURVEY", default="600/h"),
}

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Failures count against the account whichever spelling of its login name is typed (username, e-mail, any case).
AXES_USERNAME_CALLABLE = "btb.accounts.backends.lockout_username"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "btb.client_address.client_address"
AXES_VERBOSE = False

# --- Retention of personal data (days) ---------------------------------------------------------------------------
# Raw livestream comments are deleted after this many days; their sentiment tally stays.
LIVESTREAM_COMMENT_RETENTION_DAYS = env.int("LIVESTREAM_COMMENT_RETENTION_DAYS", default=30)
# Ticket holders' names and e-mail addresses are anonymised this long after their summit.
TICKET_HOLDER_RETENTION_DAYS = env.int("TICKET_HOLDER_RETENTION_DAYS", default=90)
# A ticket import still running this many minutes after it began has lost its worker (the largest exports take
# well under a minute); recovery marks it failed, or queues again one still waiting for a worker.
TICKET_IMPORT_STALE_MINUTES = env.int("TICKET_IMPORT_STALE_MINUTES", default=30)
# Expressions of interest are kept this long after their follow-up closes (joined or not proceeding).
INTEREST_RETENTION_DAYS = env.int("INTEREST_RETENTION_DAYS", default=365)
# A departed volunteer's photo (and its thumbnail) is deleted this many days after they left the programme.
VOLUNTEER_PHOTO_RETENTION_DAYS = env.int("VOLUNTEER_PHOTO_RETENTION_DAYS", default=30)

# --- Outgoing mail ------------------------------------------------------------------------------------------------
# Every e-mail (the survey's too) goes through the outbox (btb.outbox.services): at most OUTBOX_MAX_ATTEMPTS tries
# on temporary refusals, waiting OUTBOX_RETRY_BASE_SECONDS doubled each time (at most CELERY_MAX_COUNTDOWN), then
# recorded as failed. A row still being sent OUTBOX_SENDING_TIMEOUT_SECONDS after it was claimed was left by a worker
# that died (longer than any send: the task time limit); a queued row whose task has not run
# OUTBOX_REQUEUE_AFTER_SECONDS after it was queued (longer than any retry countdown) lost its task and is queued
# again. Messages per task, over one SMTP connection: OUTBOX_SEND_BATCH.
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=7)
OUTBOX_SENDING_TIMEOUT_SECONDS = env.int("OUTBOX_SENDING_TIMEOUT_SECONDS", default=20 * 60)
OUTBOX_REQUEUE_AFTER_SECONDS = env.int("OUTBOX_REQUEUE_AFTER_SECONDS", default=2 * 60 * 60)
OUTBOX_SEND_BATCH = env.int("OUTBOX_SEND_BATCH", default=50)
# Recipients' addresses are removed from finished outgoing mail this many days after it was queued.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=90)

# --- Surveys ------------------------------------------------------------------------------------------------------
# Invitations go out this many days after a summit is marked held (the next morning), at this hour; one reminder
# this many days later.
SURVEY_SEND_DAYS_AFTER = env.int("SURVEY_SEND_DAYS_AFTER", default=1)
# A calendar-feed address no calendar app has asked for in this many days stops working (btb.feed_tokens).
CALENDAR_FEED_IDLE_DAYS = env.int("CALENDAR_FEED_IDLE_DAYS", default=90)
SURVEY_SEND_HOUR = env.int("SURVEY_SEND_HOUR", default=10)
SURVEY_REMINDER_DAYS = env.int("SURVEY_REMINDER_DAYS", default=3)
# The on-the-day (QR code) survey takes answers from midnight on the summit's day until this long after it ends.
SURVEY_ON_THE_DAY_CLOSE_HOURS = env.int("SURVEY_ON_THE_DAY_CLOSE_HOURS", default=6)
# Responses waiting as written are shuffled together once this many have arrived (feedback.services.response_order):
# until then, a dump could pair them with invitation uses; each day's responses are shuffled together once it ends.
SURVEY_RESPONSE_SHUFFLE_BATCH = env.int("SURVEY_RESPONSE_SHUFFLE_BATCH", default=10)

# --- Influencer import ------------------------------------------------------------------------------------------
# The directory's spreadsheet is read by the ticket import's reader (btb.spreadsheets) with these limits; a file
# with more rows than INFLUENCER_IMPORT_BACKGROUND_ROWS is checked and imported by a Celery task, with progress.
INFLUENCER_IMPORT_MAX_ROWS = env.int("INFLUENCER_IMPORT_MAX_ROWS", default=10_000)
INFLUENCER_IMPORT_BACKGROUND_ROWS = env.int("INFLUENCER_IMPORT_BACKGROUND_ROWS", default=300)

# --- Volunteering (hours) -----------------------------------------------------------------------------------------
# A volunteer may withdraw online until this long before the start; an offered place is held this long; the
# reminder goes out this long before.
VOLUNTEER_WITHDRAWAL_CUTOFF_HOURS = env.int("VOLUNTEER_WITHDRAWAL_CUTOFF_HOURS", default=48)
VOLUNTEER_OFFER_HOURS = env.int("VOLUNTEER_OFFER_HOURS", default=48)
VOLUNTEER_REMINDER_HOURS = env.int("VOLUNTEER_REMINDER_HOURS", default=48)
VOLUNTEER_LAST_REMINDER_HOURS = env.int("VOLUNTEER_LAST_REMINDER_HOURS", default=2)  # 0 turns the second one off
# Fair limits on a volunteer's time, from all their commitments (places held, panel seats, appearances): at most
# this many hours of duty in any 24 hours, and at least this much rest between stretches of duty (duties less than
# an hour apart are one stretch). Shown on the opportunities board, refused at sign-up, on taking an offer and at
# confirmation (a coordinator may override with a reason), and kept by a hand-over.
BTB_VOLUNTEER_MAX_HOURS_IN_24 = env.int("BTB_VOLUNTEER_MAX_HOURS_IN_24", default=10)
BTB_VOLUNTEER_MIN_REST_HOURS = env.int("BTB_VOLUNTEER_MIN_REST_HOURS", default=8)
# A role still short this long before it starts asks eligible volunteers to cover it, a batch of this many at a
# time, with a new batch when no one has taken it this long after the last.
BTB_COVER_WINDOW_HOURS = env.int("BTB_COVER_WINDOW_HOURS", default=72)
BTB_COVER_BATCH_SIZE = env.int("BTB_COVER_BATCH_SIZE", default=3)
BTB_COVER_BATCH_HOURS = env.int("BTB_COVER_BATCH_HOURS", default=12)

# --- Uploads ------------------------------------------------------------------------------------------------------
RISK_ASSESSMENT_MAX_BYTES = env.int("RISK_ASSESSMENT_MAX_BYTES", default=10 * 1024 * 1024)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: files are streamed by views that check permissions
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
PHOTO_MAX_EDGE = 1200
PHOTO_THUMBNAIL_EDGE = 256
# Form fields (not files) are limited to 2.5 MB and 1,000 fields per request, files to 5 per request; each upload
# form limits its own file's size (ticket exports 50 MB, spreadsheets 1-2 MB, documents 10 MB, photos).
# Django answers a request over these limits with 400. Put the same ceiling in the proxy (client_max_body_size 55m).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Static files -------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Internationalisation -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# Adding a language is its catalogue under locale/<code>/LC_MESSAGES/ and a line here (README "Adding a language");
# a right-to-left one gets dir="rtl" and Bootstrap's right-to-left stylesheet from base.html.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switch on the public pages remembers the choice for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Forms and UI -------------------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SITE_NAME = "Behind the Badge"
# Absolute links in e-mails sent by background tasks, which have no request to take the host from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not _is_public_https(SITE_URL):
    # Every e-mailed link, Message-ID and calendar UID is built from it: a loopback or plain-http address would
    # send people links that cannot work, or that travel unencrypted.
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's public https address when DEBUG is false, e.g. https://btb.example.org "
        f"(it is {SITE_URL!r})."
    )

# --- Security -----------------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: every script and stylesheet is a file under /static/ (the admin's inline
# styles are allowed by btb.middleware.ContentSecurityPolicyMiddleware).
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
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logging: never personal data ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every handler masks tokens and drops query strings (btb/logging.py), whichever logger the record comes from.
    "filters": {
        "mask_secrets": {"()": "btb.logging.MaskSecretsFilter"},
        "one_line_forbidden": {"()": "btb.log_filters.OneLineForbidden"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes names the client (masked) on every attempt; failures and lockouts are kept in its tables.
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        # A 403 is one line (which path was refused), not the PermissionDenied traceback.
        "django.request": {"filters": ["one_line_forbidden"]},
        # Django's default config gives "django" an unfiltered console handler of its own; this replaces it, so its
        # records ("Not Found: /s/<token>/") reach only the masked root handler.
        "django": {"level": "INFO"},
        # runserver's request lines go through the same masked handler instead of Django's own unfiltered one.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
