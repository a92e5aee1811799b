"""Mail leaves encrypted unless someone switches it off on purpose (issue 11, decision 124)."""

import json

from kring.core.tests.test_settings_deploy import _run

PRODUCTION = {
    "KRING_ENV": "production",
    "SECRET_KEY": "x" * 20 + "production-secret-with-enough-entropy-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "kring.example.nl",
    "KRING_BASE_URL": "https://kring.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
}
PRINT = (
    "import json; from django.conf import settings; from django.core.mail import mailers; "
    "b = mailers['default']; "
    "print(json.dumps({'tls': b.use_tls, 'ssl': b.use_ssl, 'port': b.port, 'host': b.host}))"
)


def smtp(tmp_path, **env):
    result = _run({**PRODUCTION, "KRING_VAR_DIR": str(tmp_path), **env}, "shell", "-c", PRINT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_mail_uses_starttls_on_587_by_default(tmp_path):
    assert smtp(tmp_path) == {"tls": True, "ssl": False, "port": 587, "host": "smtp.example.nl"}


def test_implicit_tls_on_465(tmp_path):
    assert smtp(tmp_path, EMAIL_USE_SSL="true") == {
        "tls": False,
        "ssl": True,
        "port": 465,
        "host": "smtp.example.nl",
    }


def test_plain_smtp_only_when_asked_for(tmp_path):
    settings = smtp(tmp_path, EMAIL_USE_TLS="false", EMAIL_HOST="localhost", EMAIL_PORT="25")
    assert settings == {"tls": False, "ssl": False, "port": 25, "host": "localhost"}
