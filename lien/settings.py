"""Settings of Lien: one module, read from ``LIEN_*`` variables, booting on a laptop with none."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from lien.lib import env

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env.envstr("LIEN_DATA_DIR", "var")).resolve()

DEBUG = env.envbool("LIEN_DEBUG", False)
SECRET_KEY = env.secret_key(DATA_DIR)
ALLOWED_HOSTS = env.envlist("LIEN_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.envlist("LIEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp_webauthn",
    "django_tasks_db",
    "lien.accounts",
    "lien.journal",
    "lien.notifications",
    "lien.workflow",
    "lien.communes",
    "lien.people",
    "lien.referrals",
    "lien.partners",
    "lien.workshops",
    "lien.saisines",
    "lien.letters",
    "lien.directory",
    "lien.reports",
    "lien.improvements",
    "lien.followup",
    "lien.orientations",
    "lien.appointments",
    "lien.prevention",
    "lien.activity",
    "lien.retention",
    "lien.outreach",
    "lien.assessments",
    "lien.rights",
    "lien.participation",
    "lien.opendata",
    "lien.advocacy",
    "lien.network",
    "lien.api",
    "lien.shell",
    "lien.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lien.shell.middleware.NoStoreMiddleware",
    "lien.shell.middleware.RequestSizeMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lien.journal.middleware.RefusalJournalMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lien.shell.middleware.LoginRequiredMiddleware",
    "lien.accounts.middleware.TwoFactorMiddleware",
    "lien.accounts.middleware.ReauthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lien.accounts.sessions.SessionLifetimeMiddleware",
    "lien.accounts.throttle.LoginThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lien.urls"
WSGI_APPLICATION = "lien.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lien.shell.context_processors.navigation",
            ],
            # Tests set this to raise on undefined variables (see tests/conftest.py).
            "string_if_invalid": "",
        },
    }
]

DATABASES = {"default": env.database(env.envstr("LIEN_DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts: e-mail login, Argon2, 12-character passwords checked against common ones.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Lockout after repeated failures (django-axes), per account and address.
AXES_FAILURE_LIMIT = env.envint("LIEN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Django's login form passes the e-mail as "username"; axes reads USERNAME_FIELD ("email") by
# default, then records failures under no username and checks the lock under the e-mail: no
# account was ever locked.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A lockout lasts its 15 minutes: an attempt made during it does not start them again (a third
# party knocking every few minutes would keep the account locked for ever).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy, the client's address is read from X-Forwarded-For, only when the
# connection comes from a proxy listed here (comma-separated addresses): lien/accounts/client_ip.py.
LIEN_TRUSTED_PROXIES = [ip.strip() for ip in env.envstr("LIEN_TRUSTED_PROXIES", "").split(",") if ip.strip()]
AXES_CLIENT_IP_CALLABLE = "lien.accounts.client_ip.client_ip"
# Bad API tokens from one address: after this many in 15 minutes, that address is refused (429).
LIEN_BAD_TOKEN_LIMIT = env.envint("LIEN_BAD_TOKEN_LIMIT", 20)
# Calls of one account to the API in 15 minutes (token or session), beyond which it gets 429.
LIEN_API_ACCOUNT_LIMIT = env.envint("LIEN_API_ACCOUNT_LIMIT", 1500)

# Two-factor login (lien/accounts/two_factor.py): every user enrols an authenticator application
# (TOTP) with recovery codes, and an administrator (is_staff) a passkey (WebAuthn), before reaching
# any page. On by default; the demo and the tests turn it off (LIEN_TWO_FACTOR=0).
LIEN_TWO_FACTOR = env.envbool("LIEN_TWO_FACTOR", True)
# Before a bulk export, an import or an anonymisation, the password (and the second factor) again:
# valid this many minutes in the session (lien/accounts/reauth.py).
LIEN_REAUTH_MINUTES = env.envint("LIEN_REAUTH_MINUTES", 5)
if not 1 <= LIEN_REAUTH_MINUTES <= 60:
    raise ImproperlyConfigured(f"LIEN_REAUTH_MINUTES must be between 1 and 60, not {LIEN_REAUTH_MINUTES}.")
# The key material the two-factor secrets are encrypted with (HKDF, lien/lib/secretbox.py): its own
# variable, so that the SECRET_KEY can change without losing every enrolled device.
LIEN_FIELD_KEY = env.envstr("LIEN_FIELD_KEY") or SECRET_KEY
# The same key material encrypts the NIR and the health text of the files (lien/lib/encrypted.py).
# A rotation: the new material in LIEN_FIELD_KEY, the old one(s) here (comma separated) until
# `lien rotate-field-key` has re-encrypted every row; then remove them.
LIEN_FIELD_KEYS_OLD = env.envlist("LIEN_FIELD_KEYS_OLD", [])
# The key material of the backups (`lien backup`, `lien restore`: AES-256-GCM, a key derived by
# HKDF with a purpose of its own), kept away from the data directory so that a stolen disk or
# archive opens nothing; empty: derived from LIEN_FIELD_KEY (which may live in the data directory).
LIEN_BACKUP_KEY = env.envstr("LIEN_BACKUP_KEY")
if LIEN_BACKUP_KEY and len(LIEN_BACKUP_KEY) < 32:
    raise ImproperlyConfigured("LIEN_BACKUP_KEY must be 32 characters or more (a random secret).")
OTP_TOTP_ISSUER = "Lien"
# Wrong codes wait 1, 2, 4, 8… seconds before the next try (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions expire after a period of inactivity: the expiry moves with the requests, written at
# most once a minute (lien/accounts/sessions.py) rather than on every request — a write per page
# would serialise a busy instance on SQLite. Idle for 29 to 30 minutes, a session ends.
SESSION_COOKIE_AGE = env.envint("LIEN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
# ...and this many hours after the login whatever the activity (lien/accounts/sessions.py). The
# sessions are stored in the database (Django's default engine): the list of a user's sessions
# (accounts.UserSession) is tied to their rows.
LIEN_SESSION_MAX_HOURS = env.envint("LIEN_SESSION_MAX_HOURS", 12)
if not 1 <= LIEN_SESSION_MAX_HOURS <= 24 * 7:
    raise ImproperlyConfigured(
        f"LIEN_SESSION_MAX_HOURS must be between 1 and 168, not {LIEN_SESSION_MAX_HOURS}."
    )
# Failed logins and password reset requests in 15 minutes, per address (any account) and per
# account (any address, known or not), past which the page answers 429 (lien/accounts/throttle.py).
# Above the lockout of one account from one address (LIEN_LOGIN_FAILURE_LIMIT): these stop the
# same attacker trying many accounts, or many addresses trying one account.
LIEN_LOGIN_ADDRESS_LIMIT = env.envint("LIEN_LOGIN_ADDRESS_LIMIT", 30)
LIEN_LOGIN_ACCOUNT_LIMIT = env.envint("LIEN_LOGIN_ACCOUNT_LIMIT", 20)
LIEN_PASSWORD_RESET_ADDRESS_LIMIT = env.envint("LIEN_PASSWORD_RESET_ADDRESS_LIMIT", 20)
LIEN_PASSWORD_RESET_ACCOUNT_LIMIT = env.envint("LIEN_PASSWORD_RESET_ACCOUNT_LIMIT", 5)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content Security Policy with nonces (Django's own middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],  # the outreach quick entry's service worker (offline)
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS (the default outside debug): redirect, HSTS and secure cookies.
if env.envbool("LIEN_HTTPS", not DEBUG):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.envint("LIEN_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    # Attachments: under MEDIA_ROOT, or in an S3-compatible bucket when LIEN_S3_BUCKET is set.
    "default": env.file_storage(),
    "staticfiles": {
        # The manifest (hashed names, needs `lien collectstatic`) is for production only.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.envbool("LIEN_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
# Attachments and the files Lien writes through its storage (letters) hold people's data: readable
# by Lien's own account only (Django's default follows the umask, 0644 on most servers); the data
# directory Lien creates is 0700 (lien.lib.env).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# The largest request body Lien takes (a directory import, 50 Mo, is the largest file): refused by
# its Content-Length before the body is read (lien.shell.middleware.RequestSizeMiddleware).
LIEN_MAX_REQUEST_BYTES = env.envint("LIEN_MAX_REQUEST_BYTES", 55 * 1024 * 1024)

MAILERS = env.mailers(env.envstr("LIEN_EMAIL_URL"), DATA_DIR)
LIEN_BASE_URL = env.envstr("LIEN_BASE_URL", "http://127.0.0.1:8000")
# Passkeys (django-otp-webauthn): a second factor after the password, never a login without it. A
# browser uses them on HTTPS only (or on localhost): the origin is LIEN_BASE_URL's when it is HTTPS,
# else http://localhost with its port; LIEN_WEBAUTHN_ORIGINS lists others.
_base = urlsplit(LIEN_BASE_URL)
_origin = f"https://{_base.netloc}" if _base.scheme == "https" else f"http://localhost:{_base.port or 80}"
OTP_WEBAUTHN_RP_ID = env.envstr("LIEN_WEBAUTHN_RP_ID") or (
    _base.hostname if _base.scheme == "https" and _base.hostname else "localhost"
)
OTP_WEBAUTHN_RP_NAME = "Lien"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.envlist("LIEN_WEBAUTHN_ORIGINS", [_origin])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
DEFAULT_FROM_EMAIL = env.envstr("LIEN_DEFAULT_FROM_EMAIL", "Lien <ne-pas-repondre@lien.localhost>")
# Text messages (appointment reminders, lien/appointments/sms.py): a provider, brevo or smsfactor,
# with its API key, the sender name shown on phones and the secret of the delivery-receipt webhook
# (/webhooks/sms/<provider>/?token=…); or, sending nothing (the receipts say "not sent"), console
# (default) or file (one file per message under the data directory); locmem in tests; or the
# dotted path of an SmsBackend. LIEN_SMS_API_URL replaces the provider's base URL.
SMS_BACKEND = env.envstr("LIEN_SMS_BACKEND", "console")
SMS_API_KEY = env.envstr("LIEN_SMS_API_KEY")
SMS_SENDER = env.envstr("LIEN_SMS_SENDER", "Lien")
SMS_WEBHOOK_SECRET = env.envstr("LIEN_SMS_WEBHOOK_SECRET")
SMS_API_URL = env.envstr("LIEN_SMS_API_URL")
SMS_FILE_PATH = DATA_DIR / "sms"
if SMS_BACKEND in {"brevo", "smsfactor"} and not (SMS_API_KEY and len(SMS_WEBHOOK_SECRET) >= 16):
    raise ImproperlyConfigured(
        f"LIEN_SMS_BACKEND={SMS_BACKEND} needs LIEN_SMS_API_KEY and LIEN_SMS_WEBHOOK_SECRET "
        "(16 characters or more) for the delivery receipts."
    )

# Open data (lien/opendata): a count from 1 to K − 1 is never published. Users may raise K for a
# table, never lower it; the `lien open-data` command takes any K from 1 (the operator decides).
LIEN_OPEN_DATA_THRESHOLD = env.envint("LIEN_OPEN_DATA_THRESHOLD", 5)
if LIEN_OPEN_DATA_THRESHOLD < 1:
    raise ImproperlyConfigured(
        f"LIEN_OPEN_DATA_THRESHOLD must be at least 1, not {LIEN_OPEN_DATA_THRESHOLD}."
    )

# The access journal stays online this many months (CNIL recommendation 2021-122: 6 to 12; below 6
# is refused by lien/journal/checks.py), then the periodic job archive_old_journal_entries writes
# the older entries to a gzip JSON-lines file under LIEN_JOURNAL_ARCHIVE_DIR (0700, files 0600) and
# deletes them from the database (`lien journal-archive --dry-run` says how many it would take).
LIEN_JOURNAL_RETENTION_MONTHS = env.envint("LIEN_JOURNAL_RETENTION_MONTHS", 12)
LIEN_JOURNAL_ARCHIVE_DIR = Path(
    env.envstr("LIEN_JOURNAL_ARCHIVE_DIR", str(DATA_DIR / "journal-archive"))
).resolve()

# Retention periods (`lien retention --dry-run` lists what would go; `lien tick` applies them).
# A community file with no activity at all for this many years (no contact, appointment,
# orientation, test, assessment, procedure, accompaniment, registration; nothing open) is
# anonymised: the time of the accompaniment, then a limited time without contact (CNIL, social and
# medico-social follow-up).
LIEN_RETENTION_FOLLOWUP_YEARS = env.envint("LIEN_RETENTION_FOLLOWUP_YEARS", 2)
# A requester (or person concerned) of saisines is anonymised, with the saisines' free text, this
# many years after the closure of the last of them, all closed (mediation of the Assurance Maladie).
LIEN_RETENTION_SAISINE_YEARS = env.envint("LIEN_RETENTION_SAISINE_YEARS", 5)
# The documents attached to a saisine are deleted with their files this many years after its
# closure; at most the saisine period (an anonymised requester's documents go with the file).
LIEN_RETENTION_DOCUMENT_YEARS = env.envint("LIEN_RETENTION_DOCUMENT_YEARS", LIEN_RETENTION_SAISINE_YEARS)
for _name, _years in [
    ("LIEN_RETENTION_FOLLOWUP_YEARS", LIEN_RETENTION_FOLLOWUP_YEARS),
    ("LIEN_RETENTION_SAISINE_YEARS", LIEN_RETENTION_SAISINE_YEARS),
    ("LIEN_RETENTION_DOCUMENT_YEARS", LIEN_RETENTION_DOCUMENT_YEARS),
]:
    if not 1 <= _years <= 30:
        raise ImproperlyConfigured(f"{_name} must be between 1 and 30 years, not {_years}.")
if LIEN_RETENTION_DOCUMENT_YEARS > LIEN_RETENTION_SAISINE_YEARS:
    raise ImproperlyConfigured("LIEN_RETENTION_DOCUMENT_YEARS cannot exceed LIEN_RETENTION_SAISINE_YEARS.")

# Background work: Django's tasks framework with a database-backed worker (`lien worker`).
TASKS = {"default": {"BACKEND": env.envstr("LIEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.envstr("LIEN_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
