"""Production settings pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"KRING_ENV", "DEBUG", "SECRET_KEY", "KRING_BASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production(tmp_path: Path) -> dict[str, str]:
    return {
        "KRING_ENV": "production",
        "SECRET_KEY": "x" * 20 + "production-secret-with-enough-entropy-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "kring.example.nl",
        "KRING_BASE_URL": "https://kring.example.nl",
        "KRING_VAR_DIR": str(tmp_path),
        # Production refuses to start without PostgreSQL (the check does not connect).
        "DATABASE_URL": "postgres://kring@127.0.0.1:5432/kring",
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(
        _production(tmp_path),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run({"KRING_ENV": "production", "KRING_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_base_url(tmp_path):
    result = _run(
        {
            "KRING_ENV": "production",
            "SECRET_KEY": "x" * 20 + "production-secret-with-enough-entropy-9f8e7d6c5b4a",
            "KRING_VAR_DIR": str(tmp_path),
        },
        "check",
    )
    assert result.returncode != 0
    assert "KRING_BASE_URL" in result.stderr


def test_debug_is_off_by_default_in_production():
    from django.conf import settings

    # The test run itself is KRING_ENV=test; the default for production is read from the module.
    source = (ROOT / "config" / "settings.py").read_text()
    assert 'DEBUG = env_bool("DEBUG", KRING_ENV == "dev")' in source
    assert settings.SESSION_COOKIE_HTTPONLY


def test_the_production_cache_does_not_cull_lockouts_early(tmp_path):
    result = _run(
        _production(tmp_path),
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default'])",
    )
    assert result.returncode == 0, result.stderr
    assert "DatabaseCache" in result.stdout
    assert "'MAX_ENTRIES': 100000" in result.stdout
