"""One env-driven settings module: safe to start on a fresh machine, strict in production."""

import os
import subprocess
import sys

from django.conf import settings

SCHOON = {
    k: v
    for k, v in os.environ.items()
    if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"}
}


def draai(code=None, args=None, **env):
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(
        cmd,
        cwd=settings.BASE_DIR,
        env={**SCHOON, "DJANGO_SETTINGS_MODULE": "mba.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


LEES = (
    "from mba import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
)


def test_it_starts_on_a_fresh_machine_with_sqlite_and_eager_tasks():
    uit = draai(LEES)
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_database_url_switches_to_postgresql_and_a_broker_to_a_real_worker():
    uit = draai(
        LEES,
        DATABASE_URL="postgres://mba@db.example:5432/mba",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_cache_url_gives_every_process_one_shared_cache():
    code = "from mba import settings as s; print(getattr(s, 'CACHES', {}).get('default'))"
    assert draai(code).stdout.strip() == "None"  # Django's default: LocMem, per process
    uit = draai(code, CACHE_URL="redis://127.0.0.1:6379/1")
    assert "RedisCache" in uit.stdout and "redis://127.0.0.1:6379/1" in uit.stdout


def test_sessions_are_read_from_the_cache_only_when_it_is_shared():
    code = "from mba import settings as s; print(s.SESSION_ENGINE)"
    assert draai(code).stdout.strip() == "django.contrib.sessions.backends.db"
    uit = draai(code, CACHE_URL="redis://127.0.0.1:6379/1")
    assert uit.stdout.strip() == "django.contrib.sessions.backends.cached_db"


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message():
    uit = draai(args=["check"], DEBUG="0", ALLOWED_HOSTS="mba.assen.nl")
    assert uit.returncode != 0
    assert "DEBUG is off, so SECRET_KEY must be set" in uit.stderr


def test_without_debug_missing_allowed_hosts_stops_start_up_too():
    uit = draai(args=["check"], DEBUG="0", SECRET_KEY="x" * 60)
    assert uit.returncode != 0
    assert "ALLOWED_HOSTS must be set" in uit.stderr


def test_a_misspelled_boolean_is_refused_not_guessed():
    uit = draai(args=["check"], DEBUG="nee")
    assert uit.returncode != 0
    assert "DEBUG must be 1/0" in uit.stderr


def test_production_settings_pass_the_deploy_check():
    uit = draai(
        args=["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="k8Gq2-zt7XwP0aLmN4vB9cR1sD6fH3jY5uE8iO2pQ7rT0wS4xZ",
        ALLOWED_HOSTS="mba.assen.nl",
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert "System check identified no issues (0 silenced)." in uit.stdout


def test_the_interface_speaks_dutch_in_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.AUTH_USER_MODEL == "mba.Medewerker"
