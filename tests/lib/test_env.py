import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from lien.lib import env

DATABASE_PREFIXES = [
    "postgres://",
    "postgresql://",
    "sqlite:///",
    "sqlite://",
    "mysql://",
    "postgres://u:p@h:",
]
EMAIL_PREFIXES = ["smtp://", "smtps://", "smtp://u:p@h:", "file://", "console://", "locmem://", "http://"]


# Arbitrary text, rich in the characters that structure a URL.
URL_TEXT = st.text(alphabet=st.one_of(st.sampled_from(list(":/@[]?#%=.09az")), st.characters()))


def _urls(prefixes):
    return st.one_of(URL_TEXT, st.builds(str.__add__, st.sampled_from(prefixes), URL_TEXT))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@settings(deadline=None)
@given(url=_urls(DATABASE_PREFIXES))
def test_it_reads_any_database_url_or_refuses_it_clearly(url, data_dir):
    try:
        config = env.database(url, data_dir)
    except ImproperlyConfigured as error:
        assert "LIEN_DATABASE_URL" in str(error)
    else:
        assert isinstance(config, dict)
        assert config["ENGINE"] in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


@settings(deadline=None)
@given(url=_urls(EMAIL_PREFIXES))
def test_it_reads_any_email_url_or_refuses_it_clearly(url, data_dir):
    try:
        config = env.mailers(url, data_dir)
    except ImproperlyConfigured as error:
        assert "LIEN_EMAIL_URL" in str(error)
    else:
        assert set(config) == {"default"}
        assert config["default"]["BACKEND"].startswith("django.core.mail.backends.")


@pytest.mark.parametrize(
    "url", ["mysql://x", "postgres://host:notaport/db", "postgres://host", "postgres://[db", "db.sqlite3"]
)
def test_it_refuses_malformed_database_urls(url, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="LIEN_DATABASE_URL"):
        env.database(url, tmp_path)


def test_it_reads_a_postgres_url(tmp_path):
    config = env.database("postgres://lien:secret@db.example.org:5433/lien", tmp_path)
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "django.db.backends.postgresql",
        "db.example.org",
        5433,
        "lien",
        "lien",
    )


def test_postgres_sessions_run_without_jit_unless_the_url_says_otherwise(tmp_path):
    assert env.database("postgres://user@host/db", tmp_path)["OPTIONS"]["options"] == "-c jit=off"
    config = env.database("postgres://user@host/db?options=-c%20jit%3Don", tmp_path)
    assert config["OPTIONS"]["options"] == "-c jit=off -c jit=on"  # the last one wins


def test_it_reads_a_postgres_url_without_a_port(tmp_path):
    config = env.database("postgres://user@host/db", tmp_path)
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "django.db.backends.postgresql",
        "host",
        "",  # PostgreSQL's default port
        "db",
        "user",
    )


@pytest.mark.parametrize(
    ("url", "name"),
    [("sqlite:////srv/lien/db.sqlite3", "/srv/lien/db.sqlite3"), ("sqlite:///db.sqlite3", "db.sqlite3")],
)
def test_it_reads_a_sqlite_url_with_the_options_of_the_default_database(url, name, tmp_path):
    config = env.database(url, tmp_path)
    assert (config["ENGINE"], config["NAME"]) == ("django.db.backends.sqlite3", name)
    assert config["OPTIONS"] == env.database("", tmp_path)["OPTIONS"]


def test_it_reads_an_smtp_url_with_starttls(tmp_path):
    mailers = env.mailers("smtp://me%40x.org:p%40ss@mail.example.org:587?tls=1", tmp_path)
    options = mailers["default"]["OPTIONS"]
    assert options == {
        "host": "mail.example.org",
        "port": 587,
        "username": "me@x.org",
        "password": "p@ss",
        "use_ssl": False,
        "use_tls": True,
    }


@pytest.mark.parametrize("value", ["maybe", "2", "oui"])
def test_it_refuses_a_boolean_it_cannot_read(value, monkeypatch):
    monkeypatch.setenv("LIEN_SOMETHING", value)
    with pytest.raises(ImproperlyConfigured, match="LIEN_SOMETHING"):
        env.envbool("LIEN_SOMETHING", False)


S3_VARIABLES = (
    "LIEN_S3_BUCKET",
    "LIEN_S3_ENDPOINT_URL",
    "LIEN_S3_REGION",
    "LIEN_S3_ACCESS_KEY_ID",
    "LIEN_S3_SECRET_ACCESS_KEY",
    "LIEN_S3_PREFIX",
    "LIEN_S3_SSE",
    "LIEN_S3_ADDRESSING_STYLE",
)


@pytest.fixture
def no_s3(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_files_stay_on_disk_without_a_bucket(no_s3):
    assert env.file_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_puts_the_files_in_a_private_object_store(no_s3):
    for name, value in {
        "LIEN_S3_BUCKET": "lien-pieces",
        "LIEN_S3_ENDPOINT_URL": "https://s3.gra.io.cloud.ovh.net",
        "LIEN_S3_REGION": "gra",
        "LIEN_S3_ACCESS_KEY_ID": "key",
        "LIEN_S3_SECRET_ACCESS_KEY": "secret",
        "LIEN_S3_PREFIX": "/production/",
        "LIEN_S3_SSE": "AES256",
    }.items():
        no_s3.setenv(name, value)
    storage = env.file_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "lien-pieces",
        "endpoint_url": "https://s3.gra.io.cloud.ovh.net",
        "region_name": "gra",
        "access_key": "key",
        "secret_key": "secret",
        "location": "production",
        "addressing_style": None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "object_parameters": {"ServerSideEncryption": "AES256"},
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"LIEN_S3_ENDPOINT_URL": "s3.example.org"}, "LIEN_S3_ENDPOINT_URL"),
        ({"LIEN_S3_ACCESS_KEY_ID": "key"}, "go together"),
        ({"LIEN_S3_SECRET_ACCESS_KEY": "secret"}, "go together"),
        ({"LIEN_S3_SSE": "yes"}, "LIEN_S3_SSE"),
        ({"LIEN_S3_ADDRESSING_STYLE": "dns"}, "LIEN_S3_ADDRESSING_STYLE"),
    ],
)
def test_it_refuses_an_object_store_it_cannot_use(no_s3, variables, message):
    no_s3.setenv("LIEN_S3_BUCKET", "lien-pieces")
    for name, value in variables.items():
        no_s3.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env.file_storage()
