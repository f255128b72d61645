"""Start-up configuration, checked in child processes with controlled environments."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "rrma-antilles.example.org",
    "EMAIL_URL": "smtp://portal:secret@smtp.example.org:587",
    "MFA_ENCRYPTION_KEY": "Lh2lVbJ3mZ4b1Wd0sR5PjWq2bP9o8oC4Ue0rJx6a1Qk=",
}


def manage(*args, tmp_path: Path, **environ) -> subprocess.CompletedProcess:
    # A clean environment: only what a real deployment would set (no .env, no test settings).
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **environ}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY is not set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is not set"),
        ("EMAIL_URL", "EMAIL_URL is not set"),
    ],
)
def test_with_debug_off_a_missing_setting_stops_start_up_with_a_clear_message(
    tmp_path, missing, message
):
    environ = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", tmp_path=tmp_path, **environ)
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_is_off_unless_turned_on(tmp_path):
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        tmp_path=tmp_path,
        **PRODUCTION,
    )
    assert result.stdout.strip() == "False"


def test_check_deploy_passes_under_production_variables(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_a_console_mail_backend(tmp_path):
    environ = PRODUCTION | {"EMAIL_URL": "consolemail://"}
    result = manage("check", "--deploy", tmp_path=tmp_path, **environ)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_database_url_selects_postgresql_with_health_checks(tmp_path):
    environ = PRODUCTION | {"DATABASE_URL": "postgres://portal@db.example.org:5432/rrma"}
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_HEALTH_CHECKS'])"
    )
    result = manage("shell", "-v", "0", "-c", code, tmp_path=tmp_path, **environ)
    assert result.stdout.split() == ["django.db.backends.postgresql", "rrma", "True"]


def test_without_database_url_the_embedded_default_is_a_sqlite_file_in_the_project(tmp_path):
    environ = dict(PRODUCTION)
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **environ}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.stdout.strip() == str(ROOT / "db.sqlite3")


def test_redis_url_selects_a_shared_redis_cache_and_smtp_mail_is_parsed(tmp_path):
    environ = PRODUCTION | {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    code = (
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND']); "
        "o = settings.MAILERS['default']['OPTIONS']; print(o['host'], o['port'], o['use_tls'])"
    )
    result = manage("shell", "-v", "0", "-c", code, tmp_path=tmp_path, **environ)
    assert result.stdout.split() == [
        "rrma.cache.ResilientRedisCache",
        "smtp.example.org",
        "587",
        "True",
    ]


def test_env_example_documents_every_variable_the_settings_read():
    source = (ROOT / "rrma" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read
    assert read - documented == set()


# statement_timeout: for the web processes on PostgreSQL, never for manage.py commands

POSTGRES = PRODUCTION | {"DATABASE_URL": "postgres://portal@db.example.org:5432/rrma"}
PRINT_OPTIONS = (
    "from django.conf import settings; "
    "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', '-'))"
)


def web_process_settings(tmp_path: Path, **environ) -> subprocess.CompletedProcess:
    """The settings as gunicorn loads them (rrma.wsgi), not through manage.py."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **environ}
    code = f"import rrma.wsgi; {PRINT_OPTIONS}"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_web_processes_on_postgresql_cancel_statements_after_25_seconds(tmp_path):
    result = web_process_settings(tmp_path, **POSTGRES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-c statement_timeout=25000"


def test_the_statement_timeout_is_configurable_and_can_be_turned_off(tmp_path):
    shorter = web_process_settings(tmp_path, **POSTGRES, DATABASE_STATEMENT_TIMEOUT="5000")
    assert shorter.stdout.strip() == "-c statement_timeout=5000"
    off = web_process_settings(tmp_path, **POSTGRES, DATABASE_STATEMENT_TIMEOUT="0")
    assert off.stdout.strip() == "-"


def test_manage_py_commands_run_without_statement_timeout(tmp_path):
    # migrate, the worker and imports legitimately run long; no visitor waits on them.
    result = manage("shell", "-v", "0", "-c", PRINT_OPTIONS, tmp_path=tmp_path, **POSTGRES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_statement_timeout_is_in_force_on_the_web_processes_connections():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "25s"
