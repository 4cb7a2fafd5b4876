"""A real Celery worker against the Redis on 127.0.0.1:6379 makes the PDF, and when it is
killed mid-render the job is not lost: it runs again and yields one PDF.

Everything runs in subprocesses, as in production: a SQLite file shared by the web side and the
worker, a real broker, a real worker (`celery -A mba worker`)."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

pytestmark = pytest.mark.integration

REDIS_DB = 14  # a database of its own, emptied before use


def redis_draait():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("worker")
    assert redis_draait(), "Redis moet draaien op 127.0.0.1:6379 (.ci/run start het)."
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    weg = {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "SQLITE_PATH"}
    env = {k: v for k, v in os.environ.items() if k not in weg}
    env.update(
        DEBUG="1",
        SQLITE_PATH=str(tmp_path / "mba.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_BROKER_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        CELERY_VISIBILITY_TIMEOUT="4",
        CELERY_QUEUE=f"mba-test-{uuid.uuid4().hex}",  # parallel runs never share a queue
    )
    beheer(env, "migrate", "--no-input", "-v0")
    beheer(env, "demo", "--geen-gebruikers")
    return env


def beheer(env, *args, timeout=180):
    uit = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    return uit.stdout


def start_worker(env, log):
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [
            str(celery),
            "-A",
            "mba",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-n",
            f"test{time.time()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def vraag_pdf(env):
    return int(
        beheer(
            env,
            "shell",
            "-c",
            "from rapportage.models import Jaarrapportage as J; "
            "from rapportage.rapport import pdf_aanvragen; "
            "print(pdf_aanvragen(J.objects.get(jaar=2021)).pk)",
        ).split()[-1]
    )


def opdracht(env, pk):
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        return db.execute(
            "SELECT status, bestand, pogingen FROM rapportage_pdfopdracht WHERE id = ?", (pk,)
        ).fetchone()


def wacht_op(env, pk, status, seconden):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        rij = opdracht(env, pk)
        if rij and rij[0] == status:
            return rij
        time.sleep(0.2)
    raise AssertionError(
        f"PDF-opdracht {pk} niet '{status}' binnen {seconden} s: {opdracht(env, pk)}"
    )


def test_a_real_worker_makes_the_pdf_and_survives_being_killed_mid_render(omgeving, tmp_path):
    """Runs first: the other test of this module leaves a failed job behind."""
    env = omgeving
    with open(tmp_path / "worker.log", "w") as log:
        worker = start_worker(env, log)
        try:
            pk = vraag_pdf(env)
            status, bestand, pogingen = wacht_op(env, pk, "klaar", 120)
            pdf = Path(env["MEDIA_ROOT"]) / bestand
            assert pdf.read_bytes().startswith(b"%PDF") and pogingen == 1

            # a changed concept gets a new job; kill the worker while it renders that one
            with sqlite3.connect(env["SQLITE_PATH"]) as db:
                db.execute("UPDATE rapportage_jaarrapportage SET voorwoord = 'Nieuw voorwoord.'")
            pk2 = vraag_pdf(env)
            assert pk2 != pk
            wacht_op(env, pk2, "bezig", 60)
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
            assert opdracht(env, pk2)[0] == "bezig"

            worker = start_worker(env, log)  # the message comes back after the visibility timeout
            status, bestand2, pogingen = wacht_op(env, pk2, "klaar", 120)
            assert pogingen >= 2
            pdfs = sorted(p.name for p in (Path(env["MEDIA_ROOT"]) / "rapportages").iterdir())
            assert pdfs == sorted([Path(bestand).name, Path(bestand2).name])
        finally:
            worker.kill()
            worker.wait(10)


def test_with_redis_down_asking_for_a_pdf_answers_within_seconds(omgeving):
    env = {**omgeving, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}  # nothing listens there
    with sqlite3.connect(env["SQLITE_PATH"]) as db:  # a change, so that a new job is needed
        db.execute("UPDATE rapportage_jaarrapportage SET voorwoord = 'Weer een ander voorwoord.'")
    begin = time.monotonic()
    uit = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from rapportage.models import Jaarrapportage as J\n"
            "from rapportage.rapport import pdf_aanvragen, WachtrijOnbereikbaar\n"
            "try:\n    pdf_aanvragen(J.objects.get(jaar=2021))\n"
            "except WachtrijOnbereikbaar:\n    print('wachtrij onbereikbaar')\n",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    duur = time.monotonic() - begin
    assert "wachtrij onbereikbaar" in uit.stdout, uit.stderr
    assert duur < 20, duur  # including Django's start-up; the publish itself gives up in ~6 s
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        laatste = db.execute(
            "SELECT status FROM rapportage_pdfopdracht ORDER BY id DESC"
        ).fetchone()
    assert laatste == ("mislukt",)


IMPORT_VRAGEN = """
from django.core.files.base import ContentFile
from mba.models import Medewerker, Organisatie
from rapportage.models import Importtaak
from rapportage.invoer.views import _in_wachtrij
from rapportage.tasks import import_controleren
wie, _ = Medewerker.objects.get_or_create(
    username="coordinator-import", defaults={"organisatie": Organisatie.objects.first()})
taak = Importtaak(gebruiker=wie, soort="contactmomenten", bestandsnaam="jaar.csv", grootte=0)
inhoud = "Datum;Organisatie;Wijk;Kanaal;Aanleiding\\n" + "".join(
    f"{d}-3-2021;Gemeente Assen;Lariks;bic;wijkronde\\n" for d in range(1, 29)) * 200
taak.grootte = len(inhoud.encode())
taak.bestand.save("jaar.csv", ContentFile(inhoud.encode()), save=False)
taak.save()
_in_wachtrij(taak, import_controleren)
print(taak.pk)
"""

IMPORT_STARTEN = """
from rapportage.models import Importtaak
from rapportage.invoer.views import _in_wachtrij
from rapportage.tasks import import_uitvoeren
Importtaak.objects.filter(pk="{pk}").update(status="importeren")
_in_wachtrij(Importtaak.objects.get(pk="{pk}"), import_uitvoeren)
"""


def importtaak(env, pk):
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        return db.execute(
            "SELECT status, rijen, geimporteerd, bestand, melding FROM rapportage_importtaak "
            "WHERE id = ?",
            (pk.replace("-", ""),),
        ).fetchone()


def wacht_op_import(env, pk, status, seconden):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        rij = importtaak(env, pk)
        if rij and rij[0] == status:
            return rij
        time.sleep(0.2)
    raise AssertionError(f"Import {pk} niet '{status}' binnen {seconden} s: {importtaak(env, pk)}")


def test_a_real_worker_checks_and_imports_an_uploaded_file(omgeving, tmp_path):
    env = omgeving
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        voor = db.execute("SELECT count(*) FROM activiteiten_contactmoment").fetchone()[0]
    with open(tmp_path / "worker-import.log", "w") as log:
        worker = start_worker(env, log)
        try:
            pk = beheer(env, "shell", "-c", IMPORT_VRAGEN).split()[-1]
            status, rijen, _, bestand, melding = wacht_op_import(env, pk, "gecontroleerd", 120)
            assert (rijen, melding) == (5600, "")
            assert (Path(env["MEDIA_ROOT"]) / bestand).is_file()

            beheer(env, "shell", "-c", IMPORT_STARTEN.format(pk=pk))
            status, _, geimporteerd, bestand, _ = wacht_op_import(env, pk, "klaar", 120)
            assert (geimporteerd, bestand) == (5600, "")  # in, and the file is gone
        finally:
            worker.kill()
            worker.wait(10)
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        na = db.execute("SELECT count(*) FROM activiteiten_contactmoment").fetchone()[0]
        regel = db.execute(
            "SELECT actor_naam, aantal FROM mba_auditregel WHERE doel LIKE 'Import jaar.csv%'"
        ).fetchone()
    assert na - voor == 5600
    assert regel == ("coordinator-import", 5600)
