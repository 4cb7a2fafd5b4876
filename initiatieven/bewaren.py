"""Retention of the initiatiefnemer's contact details (README: Bewaartermijnen).

The name, e-mail and phone of an initiative are blanked INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN
after it was closed (gerealiseerd, gestopt, afgewezen); the initiative itself, its amounts,
draagvlak and history stay. Registered with the nightly job of ``mba.bewaren`` in
``InitiatievenConfig.ready()``.
"""

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from mba import bewaren
from mba.models import Verwijderlog

from .models import Bewonersinitiatief, StatusWijziging


def initiatiefnemers(grens):
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
        .filter(gesloten_op__lt=bewaren.begin_van(grens))
    )


def anonimiseren(qs, nu):
    # Not through save(): gewijzigd_op stays (see activiteiten.bewaren), and the partner API does
    # not show contact details either. geanonimiseerd_op tells staff why the fields are empty.
    return qs.update(
        initiatiefnemer_naam="",
        initiatiefnemer_email="",
        initiatiefnemer_telefoon="",
        geanonimiseerd_op=nu,
    )


def registreer():
    bewaren.registreer(
        Verwijderlog.Soort.INITIATIEFNEMER,
        "INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN",
        initiatiefnemers,
        anonimiseren,
    )
