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

Each rule lives with the model it cleans and registers itself with ``registreer()``: the
initiatiefnemer's details in ``initiatieven.bewaren``, the note in ``activiteiten.bewaren`` (both
from their ``AppConfig.ready()``), the core's own kinds below. The job, the command, the Celery
task and the log stay here; ``mba`` imports no domain app.
"""

import calendar
import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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


def begin_van(datum):
    """Midnight at the start of ``datum`` in the project's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))


def _auditregels(grens):
    return Auditregel.objects.filter(tijdstip__lt=begin_van(grens))


def _api_aanroepen(grens):
    return ApiAanroep.objects.filter(moment__lt=begin_van(grens))


def _exports(grens):
    return Export.objects.filter(op__lt=begin_van(grens))


def _verwijderingen(grens):
    return Verwijdering.objects.filter(verwijderd_op__lt=begin_van(grens))


def _verwijderen(qs, nu):
    # Nothing refers to these rows, so Django deletes them with one DELETE, no rows loaded.
    _, per_model = qs.delete()
    return per_model.get(qs.model._meta.label, 0)


def _audit_opruimen(qs, nu):
    _, per_model = qs._opruimen()  # the only way past the app's and PostgreSQL's refusal
    return per_model.get(qs.model._meta.label, 0)


@dataclasses.dataclass(frozen=True)
class Bewaarregel:
    """One kind of data the nightly job cleans: its ``Verwijderlog.Soort``, the setting with its
    period in months, what is due before a boundary (``kandidaten(grens)``: a QuerySet) and what
    to do with it (``toepassen(qs, nu)``: the number of rows, in one UPDATE or DELETE)."""

    soort: str
    instelling: str
    kandidaten: object
    toepassen: object


_REGELS: dict[str, Bewaarregel] = {}


def registreer(soort, instelling, kandidaten, toepassen):
    """Adds a rule to the nightly job (an app calls this from its ``AppConfig.ready()``). One
    rule per kind: registering a kind again replaces it (ready() may run twice in tests)."""
    soort = Soort(soort)
    _REGELS[soort] = Bewaarregel(soort, instelling, kandidaten, toepassen)


def regels():
    """The registered rules, in the order of ``Verwijderlog.Soort`` (the log's and the
    command's order), whatever the order in which the apps registered them."""
    return [_REGELS[soort] for soort in Soort if soort in _REGELS]


# The core's own kinds.
registreer(Soort.AUDIT, "AUDIT_BEWAARTERMIJN_MAANDEN", _auditregels, _audit_opruimen)
registreer(Soort.API_AANROEP, "API_AANROEP_BEWAARTERMIJN_MAANDEN", _api_aanroepen, _verwijderen)
registreer(Soort.EXPORT, "EXPORT_BEWAARTERMIJN_MAANDEN", _exports, _verwijderen)
registreer(Soort.VERWIJDERING, "VERWIJDERING_BEWAARTERMIJN_MAANDEN", _verwijderingen, _verwijderen)


def bewaartermijnen_toepassen(nu=None, bron="handmatig", droog=False):
    """Anonymises and deletes what is past its retention period as of ``nu`` (default: now) and
    returns a ``Resultaat`` per kind. ``bron`` says who ran it (in the log); ``droog`` only
    counts what is due and changes nothing, not even the log."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    resultaten = []
    for regel in regels():
        soort, kandidaten = regel.soort, regel.kandidaten
        grens = maanden_terug(vandaag, getattr(settings, regel.instelling))
        if droog:
            resultaten.append(Resultaat(soort, kandidaten(grens).count(), grens))
            continue
        with transaction.atomic():
            aantal = regel.toepassen(kandidaten(grens), nu)
            Verwijderlog.objects.create(
                tijdstip=nu, soort=soort, aantal=aantal, grens=grens, bron=bron
            )
        resultaten.append(Resultaat(soort, aantal, grens))
    return resultaten
