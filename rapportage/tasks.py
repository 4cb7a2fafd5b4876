"""PDF rendering as a Celery task: takes ids, safe to run twice, queued on commit."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import PdfOpdracht

log = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, max_retries=3)
def maak_pdf(opdracht_id):
    """Renders the stored HTML of one job. Idempotent: a finished job is left alone, and a job
    whose worker died mid-render (message redelivered) is simply rendered again into the same
    file name, so it yields one PDF."""
    from .pdf import html_naar_pdf

    with transaction.atomic():
        opdracht = PdfOpdracht.objects.select_for_update().filter(pk=opdracht_id).first()
        if opdracht is None or opdracht.status == PdfOpdracht.Status.KLAAR:
            return
        opdracht.status = PdfOpdracht.Status.BEZIG
        opdracht.gestart_op = timezone.now()
        opdracht.pogingen += 1
        opdracht.save(update_fields=["status", "gestart_op", "pogingen"])
    try:
        pdf = html_naar_pdf(opdracht.html)
    except Exception as e:
        log.exception("PDF-opdracht %s mislukt", opdracht_id)
        PdfOpdracht.objects.filter(pk=opdracht_id).update(
            status=PdfOpdracht.Status.MISLUKT, fout=str(e)[:2000]
        )
        raise
    naam = f"jaarrapportage-{opdracht.rapportage.jaar}-{opdracht.html_hash[:16]}.pdf"
    with transaction.atomic():
        opdracht = PdfOpdracht.objects.select_for_update().get(pk=opdracht_id)
        if opdracht.status == PdfOpdracht.Status.KLAAR:
            return  # another delivery of the same job finished first
        if opdracht.bestand:
            opdracht.bestand.delete(save=False)
        opdracht.bestand.save(naam, ContentFile(pdf), save=False)
        opdracht.status = PdfOpdracht.Status.KLAAR
        opdracht.klaar_op = timezone.now()
        opdracht.fout = ""
        opdracht.save()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_controleren(taak_id):
    """The dry run of an uploaded file (rapportage/invoer/werk.py)."""
    from .invoer import werk

    werk.controleren(taak_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_uitvoeren(taak_id):
    """The import of a checked file, all rows in one transaction (rapportage/invoer/werk.py)."""
    from .invoer import werk

    werk.importeren(taak_id)
