"""Retention (bewaartermijnen): what MBA no longer needs, it forgets.

One job, ``bewaartermijnen_toepassen()``, run nightly by Celery beat (``mba.tasks``) or by cron
with ``python manage.py bewaartermijn``. Per kind of data, in one transaction each:

- initiatiefnemer: the name, e-mail and phone of an initiative are blanked
  INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN after it was closed (gerealiseerd, gestopt, afgewezen);
  the initiative itself, its amounts, draagvlak and history stay;
- notitie: the free text of a contact moment is emptied NOTITIE_BEWAARTERMIJN_MAANDEN after its
  date; every counted field (themes, signals, channel, referral, residents reached, follow-up)
  stays, so the figures of any year do not change;
- audit, api_aanroep, export, verwijdering: audit rows, API calls, export registrations and the
  API's list of deleted records older than their period are deleted.

Every kind writes one ``Verwijderlog`` row per run (kind, count, boundary, source), also when
nothing was due: the log is the proof that the job ran and which boundary it used. It never
holds contents. The job is idempotent: run twice on one day, the second run finds nothing.

Bulk only: each kind is one UPDATE or one DELETE (plus the log row), whatever the number of rows.
"""

import calendar
import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from activiteiten.models import Contactmoment
from initiatieven.models import Bewonersinitiatief, StatusWijziging

from .models import ApiAanroep, Auditregel, Export, Verwijdering, Verwijderlog

Soort = Verwijderlog.Soort


@dataclasses.dataclass(frozen=True)
class Resultaat:
    soort: str
    aantal: int
    grens: datetime.date

    @property
    def omschrijving(self):
        return Soort(self.soort).label


def maanden_terug(datum, maanden):
    """The same day ``maanden`` months earlier; the last day of the month when that month is
    shorter (31 March minus one month is 28 or 29 February)."""
    jaar, maand = divmod(datum.year * 12 + datum.month - 1 - maanden, 12)
    maand += 1
    return datetime.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def _begin_van(datum):
    """Midnight at the start of ``datum`` in the project's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))


def _initiatiefnemers(grens):
    """Closed initiatives, closed before ``grens``, that still hold a contact detail. The moment
    of closing is the status change to the final status (the latest one, should the history
    hold two); an initiative without one (rows written around ``save()``) counts from its last
    change, which is never before it was closed."""
    gesloten_op = (
        StatusWijziging.objects.filter(initiatief=OuterRef("pk"), naar_status=OuterRef("status"))
        .order_by("-op")
        .values("op")[:1]
    )
    return (
        Bewonersinitiatief.objects.filter(status__in=Bewonersinitiatief.AFGESLOTEN_STATUSSEN)
        .filter(
            ~Q(initiatiefnemer_naam="")
            | ~Q(initiatiefnemer_email="")
            | ~Q(initiatiefnemer_telefoon="")
        )
        .alias(gesloten_op=Coalesce(Subquery(gesloten_op), F("gewijzigd_op")))
        .filter(gesloten_op__lt=_begin_van(grens))
    )


def _notities(grens):
    return Contactmoment.objects.filter(datum__lt=grens).exclude(notitie="")


def _auditregels(grens):
    return Auditregel.objects.filter(tijdstip__lt=_begin_van(grens))


def _api_aanroepen(grens):
    return ApiAanroep.objects.filter(moment__lt=_begin_van(grens))


def _exports(grens):
    return Export.objects.filter(op__lt=_begin_van(grens))


def _verwijderingen(grens):
    return Verwijdering.objects.filter(verwijderd_op__lt=_begin_van(grens))


def _anonimiseren(qs, nu):
    # Not through save(): gewijzigd_op stays (see _leegmaken_notities), and the partner API does
    # not show contact details either. geanonimiseerd_op tells staff why the fields are empty.
    return qs.update(
        initiatiefnemer_naam="",
        initiatiefnemer_email="",
        initiatiefnemer_telefoon="",
        geanonimiseerd_op=nu,
    )


def _leegmaken_notities(qs, nu):
    # One UPDATE of the note alone. gewijzigd_op is left as it was, on purpose: it drives the
    # partner API's incremental sync (?gewijzigd_sinds=), which never shows the note, so a
    # change there would send partners every old contact moment again for nothing (a million
    # rows on the first night). themas_bits/signalen_bits are not written either.
    return qs.update(notitie="")


def _verwijderen(qs, nu):
    # Nothing refers to these rows, so Django deletes them with one DELETE, no rows loaded.
    _, per_model = qs.delete()
    return per_model.get(qs.model._meta.label, 0)


def _audit_opruimen(qs, nu):
    _, per_model = qs._opruimen()  # the only way past the app's and PostgreSQL's refusal
    return per_model.get(qs.model._meta.label, 0)


# kind, the setting with its period in months, what is due before a boundary, what to do with it
SOORTEN = (
    (
        Soort.INITIATIEFNEMER,
        "INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN",
        _initiatiefnemers,
        _anonimiseren,
    ),
    (Soort.NOTITIE, "NOTITIE_BEWAARTERMIJN_MAANDEN", _notities, _leegmaken_notities),
    (Soort.AUDIT, "AUDIT_BEWAARTERMIJN_MAANDEN", _auditregels, _audit_opruimen),
    (Soort.API_AANROEP, "API_AANROEP_BEWAARTERMIJN_MAANDEN", _api_aanroepen, _verwijderen),
    (Soort.EXPORT, "EXPORT_BEWAARTERMIJN_MAANDEN", _exports, _verwijderen),
    (Soort.VERWIJDERING, "VERWIJDERING_BEWAARTERMIJN_MAANDEN", _verwijderingen, _verwijderen),
)


def bewaartermijnen_toepassen(nu=None, bron="handmatig", droog=False):
    """Anonymises and deletes what is past its retention period as of ``nu`` (default: now) and
    returns a ``Resultaat`` per kind. ``bron`` says who ran it (in the log); ``droog`` only
    counts what is due and changes nothing, not even the log."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    resultaten = []
    for soort, instelling, kandidaten, toepassen in SOORTEN:
        grens = maanden_terug(vandaag, getattr(settings, instelling))
        if droog:
            resultaten.append(Resultaat(soort, kandidaten(grens).count(), grens))
            continue
        with transaction.atomic():
            aantal = toepassen(kandidaten(grens), nu)
            Verwijderlog.objects.create(
                tijdstip=nu, soort=soort, aantal=aantal, grens=grens, bron=bron
            )
        resultaten.append(Resultaat(soort, aantal, grens))
    return resultaten
