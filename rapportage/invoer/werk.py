"""The two steps of an import as work for a Celery task (``rapportage.tasks``), each reading
the stored file of an ``Importtaak`` and reporting its progress (docs/import.md).

The dry run writes its progress to the job's row. The import runs in one transaction, so its
progress cannot go there (nobody else would see it before the end): it goes to the cache, which
the status page reads. With a shared cache (CACHE_URL, Redis) the page shows it while the
worker works; without one the page says the import is running until it is done."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from mba import audit

from ..models import Importtaak
from . import lezen
from .soorten import SOORTEN

log = logging.getLogger(__name__)
MAX_FOUTEN = 200


def voortgang_sleutel(taak_id):
    return f"import-voortgang:{taak_id}"


def voortgang_van(taak):
    """Rows done so far: from the cache while importing, else from the row."""
    if taak.status == Importtaak.Status.IMPORTEREN:
        return cache.get(voortgang_sleutel(taak.pk), 0)
    return taak.verwerkt


def controleren(taak_id):
    """The dry run: every row checked by the model's rules; nothing saved. Idempotent: a job
    that is no longer being checked is left alone."""
    taak = Importtaak.objects.select_related("gebruiker").filter(pk=taak_id).first()
    if taak is None or taak.status != Importtaak.Status.CONTROLEREN:
        return
    invoer = SOORTEN[taak.soort](taak.gebruiker)

    def voortgang(n):
        Importtaak.objects.filter(pk=taak.pk).update(verwerkt=n)

    taak.melding = ""
    try:
        with taak.bestand.open("rb") as f:
            aantal, fouten = invoer.controleer(
                lezen.rijen(f, taak.bestandsnaam), max_fouten=MAX_FOUTEN, voortgang=voortgang
            )
    except lezen.Bestandsfout as e:
        aantal, fouten, taak.melding = 0, [], str(e)
    except FileNotFoundError:
        aantal, fouten = 0, []
        taak.melding = "Het bestand is er niet meer. Kies het opnieuw."
    if not aantal and not taak.melding:
        taak.melding = "Het bestand heeft geen rijen onder de kopregel."
    taak.rijen = taak.verwerkt = aantal
    taak.fouten = [list(f) for f in fouten]
    if fouten or taak.melding:
        taak.status = Importtaak.Status.FOUTEN
        taak.bestand_weg()  # of no use any more: the user corrects it and chooses it again
        taak.klaar_op = timezone.now()
    else:
        taak.status = Importtaak.Status.GECONTROLEERD
    taak.save()


def importeren(taak_id):
    """All rows in one transaction, with the audit row; the job's row is locked for it, so a
    message delivered twice imports once. Idempotent: a finished job is left alone; a job whose
    worker died mid-import (the transaction rolled back, the message is delivered again) runs
    again."""
    try:
        with transaction.atomic():
            taak = (
                Importtaak.objects.select_for_update()
                .select_related("gebruiker")
                .filter(pk=taak_id)
                .first()
            )
            if taak is None or taak.status != Importtaak.Status.IMPORTEREN:
                return
            invoer = SOORTEN[taak.soort](taak.gebruiker)
            sleutel = voortgang_sleutel(taak.pk)
            with taak.bestand.open("rb") as f:
                geteld = invoer.importeer(
                    lezen.rijen(f, taak.bestandsnaam),
                    voortgang=lambda n: cache.set(sleutel, n, 3600),
                )
            audit.vastleggen(
                None,
                audit.Actie.AANGEMAAKT,
                objecttype=invoer.objecttype,
                aantal=geteld,
                doel=f"Import {taak.bestandsnaam} ({taak.grootte} bytes, {geteld} rijen)",
                gebruiker=taak.gebruiker,
                pad="/import/",
            )
            taak.status = Importtaak.Status.KLAAR
            taak.geimporteerd = taak.verwerkt = geteld
            taak.klaar_op = timezone.now()
            taak.save()
    except (ValueError, lezen.Bestandsfout, FileNotFoundError) as e:
        # the data changed since the dry run (a wijk removed, a measurement added meanwhile)
        melding = str(e) if not isinstance(e, FileNotFoundError) else "Het bestand is weg."
        _mislukt(taak_id, f"Niets geïmporteerd. {melding}")
    except Exception:
        log.exception("Import %s mislukt", taak_id)
        _mislukt(taak_id, "Niets geïmporteerd: er ging iets mis bij het opslaan.")
        raise
    finally:
        cache.delete(voortgang_sleutel(taak_id))
    taak = Importtaak.objects.filter(pk=taak_id).first()
    if taak is not None and taak.status in (Importtaak.Status.KLAAR, Importtaak.Status.MISLUKT):
        taak.bestand_weg()
        Importtaak.objects.filter(pk=taak_id).update(bestand="")


def _mislukt(taak_id, melding):
    Importtaak.objects.filter(pk=taak_id).update(
        status=Importtaak.Status.MISLUKT, melding=melding, klaar_op=timezone.now()
    )
