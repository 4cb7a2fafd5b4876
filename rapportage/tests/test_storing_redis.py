"""Redis stops: staff keep logging contacts, and asking for the annual report's PDF answers at
once with a clear message instead of hanging, leaving no job that waits for a message that was
never sent. Once Redis is back, the next request queues the job again.

The test starts a Redis of its own (``redis-server`` on a free port, never the shared 6379), points
Celery at it, and kills it with SIGKILL in the middle of the test, as a crash would. The web side
is the real view stack through Django's test client. The results are recorded in
docs/reliability.md."""

import re
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client

from activiteiten.models import Contactmoment
from mba.models import Formulierinzending, Organisatie
from mba.tests.test_views_helpers import maak_medewerker_in
from rapportage.models import Jaarrapportage, PdfOpdracht
from rapportage.tasks import maak_pdf
from wijken.models import Wijk

# on_commit as in production (the job is queued after the commit); serialized_rollback keeps the
# rows that migrations made (roles) after the flush
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = "/rapportage/2021/pdf/"
NIEUW = "/contactmomenten/nieuw/"
BINNEN_SECONDEN = 10  # a hang guard, not a timing: the answer comes at once or not at all


class EigenRedis:
    """A private redis-server on a free port of 127.0.0.1, keeping nothing on disk (as the
    machine's own Redis)."""

    def __init__(self, programma, map):
        self.programma, self.map = programma, map
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.poort = s.getsockname()[1]
        self.proces = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.poort}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.poort, socket_timeout=2)

    def start(self):
        self.proces = subprocess.Popen(
            [self.programma, "--port", str(self.poort), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.map)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        einde = time.monotonic() + 10
        while time.monotonic() < einde:
            try:
                if self.client().ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"redis-server on port {self.poort} did not start within 10 s")

    def stop(self):
        """SIGKILL: a crash, no clean shutdown."""
        if self.proces and self.proces.poll() is None:
            self.proces.send_signal(signal.SIGKILL)
            self.proces.wait(10)

    def berichten(self):
        """Messages waiting in Redis: the lengths of its lists (Celery's queues)."""
        r = self.client()
        return sum(r.llen(k) for k in r.keys() if r.type(k) == b"list")


@pytest.fixture
def eigen_redis(tmp_path):
    programma = shutil.which("redis-server")
    if programma is None:
        pytest.skip("redis-server is not installed; this test starts a Redis of its own")
    server = EigenRedis(programma, tmp_path)
    server.start()
    yield server
    server.stop()


def _vergeet_verbindingen(app):
    """Celery keeps its broker connections in pools; a test that changes the broker drops them."""
    if app._pool is not None:
        try:
            app._pool.force_close_all()
        except Exception:  # a connection to a Redis that is gone: nothing to close
            pass
    app._pool = None
    app.amqp._producer_pool = None
    # kombu also keeps producer pools per connection in a registry of its own: a later test that
    # queues a job (even eagerly, Celery 5.5 takes a producer) would get the closed one
    from kombu import pools

    pools.reset()


@pytest.fixture
def celery_op(eigen_redis):
    """Celery as in production (CELERY_BROKER_URL set, nothing eager), against the private Redis.
    No worker runs: a queued job waits in Redis."""
    app = maak_pdf.app
    oud = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    _vergeet_verbindingen(app)
    app.conf.update(broker_url=eigen_redis.url, task_always_eager=False)
    yield eigen_redis
    _vergeet_verbindingen(app)
    app.conf.update(oud)


@pytest.fixture
def medewerker_lariks(demo_2021):
    return maak_medewerker_in(
        "wijkcoach-lariks",
        Organisatie.objects.get(slug="actium"),
        Wijk.objects.get(slug="lariks"),
    )


def log_contact(client):
    """A contact moment through the real form: its one-time token and the defaults it offers
    (today, my wijk), one theme ticked."""
    formulier = client.get(NIEUW)
    assert formulier.status_code == 200
    form = formulier.context["form"]
    token = re.search(r'name="formtoken" value="([^"]+)"', formulier.text).group(1)
    data = {k: v for k, v in form.initial.items() if k in form.fields}
    data.update(
        formtoken=token,
        themas=[form.fields["themas"].queryset.first().pk],
        kanaal="aan_de_deur",
        aanleiding="wijkronde",
    )
    return client.post(NIEUW, data), token


def test_with_redis_stopped_contacts_are_logged_and_the_pdf_request_says_it_cannot_be_made_now(
    celery_op, client, coordinator_demo, medewerker_lariks, media
):
    redis_server = celery_op
    client.force_login(coordinator_demo)

    # Redis runs: asking for the PDF queues the job, and the page says it is being made
    response = client.get(PDF)
    eerste = PdfOpdracht.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rapportage/2021/pdf/{eerste.pk}/"
    assert eerste.status == PdfOpdracht.Status.WACHTRIJ
    assert redis_server.berichten() == 1  # the job waits in Redis for a worker

    redis_server.stop()

    # a wijkcoach logs a contact as always: one contact moment, with its token row
    wijkcoach = Client()
    wijkcoach.force_login(medewerker_lariks)
    response, token = log_contact(wijkcoach)
    contact = Contactmoment.objects.get(medewerker=medewerker_lariks)
    assert response.status_code == 302
    assert response["Location"] == f"/contactmomenten/{contact.pk}/"
    assert contact.themas.count() == 1
    inzending = Formulierinzending.objects.get(token=token)
    assert inzending.url == f"/contactmomenten/{contact.pk}/"
    assert wijkcoach.get(response["Location"]).status_code == 200

    # the coordinator changes the foreword, so the PDF needs a new job: the answer comes at once,
    # with the reason and when to try again
    Jaarrapportage.objects.filter(jaar=2021).update(voorwoord="Een nieuw voorwoord.")
    begin = time.monotonic()
    response = client.get(PDF)
    duur = time.monotonic() - begin
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    tekst = response.content.decode()
    assert "De PDF kan nu niet worden gemaakt: de wachtrij is niet bereikbaar." in tekst
    assert "de HTML-versie werkt wel" in tekst
    assert duur < BINNEN_SECONDEN, f"the PDF request took {duur:.1f} s with Redis down"

    # no half record: the new job is marked failed with its reason, so that the next request
    # queues it again; nothing else was written
    nieuw = PdfOpdracht.objects.exclude(pk=eerste.pk).get()
    assert nieuw.status == PdfOpdracht.Status.MISLUKT
    assert "niet bereikbaar" in nieuw.fout and not nieuw.bestand
    assert Contactmoment.objects.filter(medewerker=medewerker_lariks).count() == 1

    # the HTML version of the report still works
    assert client.get("/rapportage/2021/").status_code == 200

    # Redis is back: the next request queues the failed job again
    redis_server.start()
    response = client.get(PDF)
    nieuw.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/rapportage/2021/pdf/{nieuw.pk}/"
    assert nieuw.status == PdfOpdracht.Status.WACHTRIJ and nieuw.fout == ""
    assert redis_server.berichten() == 1
