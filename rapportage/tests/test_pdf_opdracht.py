"""PDF generation as a task: queued on commit, never twice for the same content, frozen once
published, and a clear answer when the queue is down."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from kombu.exceptions import OperationalError

from mba.models import Organisatie
from rapportage import pdf as pdf_module
from rapportage.models import Jaarrapportage, PdfOpdracht
from rapportage.rapport import (
    WachtrijOnbereikbaar,
    _hash,
    pdf_aanvragen,
    rapport_html,
)
from rapportage.tasks import maak_pdf
from wijken.models import Wijk

from .conftest import contacten, publiceren

# on_commit and select_for_update as in production; serialized_rollback keeps the rows that
# migrations made (roles, kinds of support) after the flush
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def renders(monkeypatch, media):
    """Counts renders; a real WeasyPrint render is tested in test_pdf.py."""
    gedaan = []

    def nep(html, fetcher=None, **opties):
        gedaan.append(html)
        return b"%PDF-1.7 nep " + str(len(gedaan)).encode()

    monkeypatch.setattr(pdf_module, "html_naar_pdf", nep)
    return gedaan


@pytest.fixture
def rapport(demo_2021):
    return Jaarrapportage.objects.get(jaar=2021)


def test_an_unchanged_concept_is_not_rendered_twice(rapport, renders):
    eerste = pdf_aanvragen(rapport)
    assert eerste.status == PdfOpdracht.Status.KLAAR
    assert eerste.bestand.read().startswith(b"%PDF")
    tweede = pdf_aanvragen(rapport)
    assert tweede.pk == eerste.pk and len(renders) == 1


def test_a_changed_record_makes_a_new_pdf_of_the_concept(rapport, renders):
    eerste = pdf_aanvragen(rapport)
    contacten(7, Wijk.objects.get(slug="lariks"), Organisatie.objects.get(slug="actium"))
    tweede = pdf_aanvragen(rapport)
    assert tweede.pk != eerste.pk and len(renders) == 2


def test_the_task_is_queued_only_after_the_commit(rapport, renders):
    with transaction.atomic():
        opdracht = pdf_aanvragen(rapport)
        assert opdracht.status == PdfOpdracht.Status.WACHTRIJ and renders == []
    opdracht.refresh_from_db()
    assert opdracht.status == PdfOpdracht.Status.KLAAR and len(renders) == 1


def test_a_job_whose_worker_died_runs_again_and_yields_one_pdf(rapport, renders, media):
    # the worker took the job (status bezig, first attempt) and died before saving the PDF
    opdracht = PdfOpdracht.objects.create(
        rapportage=rapport, html_hash="a" * 64, html="<p>rapport</p>", status="bezig", pogingen=1
    )
    maak_pdf(opdracht.pk)  # the broker delivers the unacknowledged message again
    maak_pdf(opdracht.pk)  # and once more: nothing happens
    opdracht.refresh_from_db()
    assert opdracht.status == PdfOpdracht.Status.KLAAR
    assert opdracht.pogingen == 2 and len(renders) == 1
    bestanden = list((media / "rapportages").iterdir())
    assert [b.name for b in bestanden] == [opdracht.bestand.name.split("/")[-1]]


def test_a_published_report_is_frozen_and_its_pdf_served_as_it_was(rapport, renders):
    gepubliceerd = publiceren(rapport)
    rapport.refresh_from_db()
    html = rapport.gepubliceerde_html
    assert rapport.gepubliceerd and rapport.gepubliceerd_op
    contacten(50, Wijk.objects.get(slug="lariks"), Organisatie.objects.get(slug="actium"))
    assert pdf_aanvragen(rapport).pk == gepubliceerd.pk and len(renders) == 1
    assert rapport_html(rapport) == html
    rapport.voorwoord = "Nieuw"
    with pytest.raises(ValidationError, match="gepubliceerd"):
        rapport.full_clean()
    hoofdstuk = rapport.hoofdstukken.first()
    hoofdstuk.tekst = "Nieuw"
    with pytest.raises(ValidationError, match="gepubliceerd"):
        hoofdstuk.full_clean()


@pytest.fixture
def redis_onbereikbaar(monkeypatch):
    """Celery as in production while Redis is down: publishing raises what kombu raises then.
    (The real thing, with a worker and a broker address where nothing listens, is in
    test_worker.py.)"""

    def weigert(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(maak_pdf, "apply_async", weigert)
    maak_pdf.app.conf.task_always_eager = False
    yield
    maak_pdf.app.conf.task_always_eager = True


def test_a_queue_that_is_down_gives_a_clear_answer(
    rapport, renders, redis_onbereikbaar, client, coordinator_demo
):
    client.force_login(coordinator_demo)
    response = client.get("/rapportage/2021/pdf/")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "de wachtrij is niet bereikbaar" in response.content.decode()
    opdracht = PdfOpdracht.objects.get()
    assert opdracht.status == PdfOpdracht.Status.MISLUKT and renders == []
    with pytest.raises(WachtrijOnbereikbaar):
        pdf_aanvragen(rapport)


def test_once_the_queue_is_back_the_failed_job_is_rendered(rapport, renders):
    PdfOpdracht.objects.create(
        rapportage=rapport,
        html_hash=_hash(rapport_html(rapport, pdf=True)),
        html="<p>x</p>",
        status="mislukt",
        fout="De wachtrij voor PDF's is nu niet bereikbaar.",
    )
    opdracht = pdf_aanvragen(rapport)
    assert opdracht.status == PdfOpdracht.Status.KLAAR and opdracht.fout == ""


def test_a_job_whose_message_was_lost_is_queued_again_after_a_while(rapport, renders, monkeypatch):
    """Redis restarted without its data: the job waits forever unless a later request queues it
    again. Within the first minutes a request leaves a waiting job alone (it may just be slow)."""
    import datetime

    from django.utils import timezone

    from rapportage import rapport as rapport_module

    verstuurd = []
    monkeypatch.setattr(rapport_module, "_in_wachtrij", lambda opdracht: verstuurd.append(opdracht))
    opdracht = pdf_aanvragen(rapport)
    assert opdracht.status == PdfOpdracht.Status.WACHTRIJ and len(verstuurd) == 1
    assert pdf_aanvragen(rapport).pk == opdracht.pk and len(verstuurd) == 1

    lang_geleden = timezone.now() - rapport_module.PDF_OPNIEUW_NA - datetime.timedelta(seconds=1)
    PdfOpdracht.objects.filter(pk=opdracht.pk).update(in_wachtrij_op=lang_geleden)
    assert pdf_aanvragen(rapport).pk == opdracht.pk and len(verstuurd) == 2
    # ... and not again on the next request: it was just queued.
    assert pdf_aanvragen(rapport).pk == opdracht.pk and len(verstuurd) == 2
    assert renders == []
