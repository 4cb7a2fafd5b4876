"""PostgreSQL restarts: the next request works without restarting the app.

A restart of PostgreSQL ends every connection the app holds. The app keeps its connection
between requests (CONN_MAX_AGE), so the request after a restart would find a dead connection;
Django's health check (CONN_HEALTH_CHECKS, on in mba/settings.py) tests it at the start of the
request and opens a new one.

The test runs the app as in production, in gunicorn (one sync worker, so every request uses
the same connection), against the test database, and ends the app's connection with
``pg_terminate_backend``: what a restart does to the app, without stopping the PostgreSQL that
the rest of the suite runs on. ``benchmarks/storingen.py`` restarts PostgreSQL for real (results
in docs/reliability.md)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connection

from mba.tests import webfabriek as f

# committed rows, so that the app in gunicorn sees them; serialized_rollback keeps the rows that
# migrations made (roles) after the flush
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the test ends the app's database connection on the server")


def backends(naam):
    """Process ids of the server's connections with this application_name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [naam])
        return {pid for (pid,) in cursor.fetchall()}


@pytest.fixture
def app_in_gunicorn(postgresql, tmp_path):
    """gunicorn with one sync worker on a free port, on the test database; its connection is
    named, so that the test ends only that one."""
    db = connection.settings_dict
    naam = f"mba-storing-{uuid.uuid4().hex[:12]}"
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}?application_name={naam}"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="1",
        SECRET_KEY=settings.SECRET_KEY,  # the session made by the test is signed with it
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        CELERY_BROKER_URL="",
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "mba.wsgi:application"]
        + ["--bind", f"127.0.0.1:{poort}", "--workers", "1", "--worker-class", "sync"]
        + ["--timeout", "30", "--no-control-socket", "--error-logfile", "-"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    basis = f"http://127.0.0.1:{poort}"
    try:
        einde = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                urllib.request.urlopen(f"{basis}/inloggen/", timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < einde, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        yield basis, naam, tmp_path / "gunicorn.log"
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()


def vraag(basis, pad, sessie):
    """GET as the logged-in user: (status, body)."""
    verzoek = urllib.request.Request(basis + pad, headers={"Cookie": f"sessionid={sessie}"})
    try:
        with urllib.request.urlopen(verzoek, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_after_the_database_ended_the_apps_connection_the_next_request_just_works(
    app_in_gunicorn, client, medewerker_a, wijk_a
):
    basis, naam, log = app_in_gunicorn
    contact = f.contact(medewerker_a, wijk_a, notitie="Vraag over de speeltuin.")
    client.force_login(medewerker_a)
    sessie = client.cookies["sessionid"].value

    status, body = vraag(basis, "/contactmomenten/", sessie)
    assert status == 200 and f"/contactmomenten/{contact.pk}/" in body
    oud = backends(naam)
    assert len(oud) == 1  # the app keeps its connection between requests (CONN_MAX_AGE)

    with connection.cursor() as cursor:  # what a restart of PostgreSQL does to the app
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [list(oud)]
        )
    einde = time.monotonic() + 10
    while backends(naam) and time.monotonic() < einde:
        time.sleep(0.05)
    assert not backends(naam), "the app's connection was not ended"

    # the next request, without restarting the app: the page as before, on a new connection
    status, body = vraag(basis, f"/contactmomenten/{contact.pk}/", sessie)
    assert status == 200, body[:500]
    assert "Vraag over de speeltuin." in body
    nieuw = backends(naam)
    assert len(nieuw) == 1 and nieuw != oud
    assert "Traceback" not in log.read_text()
