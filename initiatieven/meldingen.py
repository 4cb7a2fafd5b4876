"""What this app tells in the daily digest (mba.meldingen): initiatives waiting for a step.

Waiting: still ``aangevraagd`` WACHT_DAGEN days or more after the request (``aangevraagd_op``),
and no status step in those days (the history's first row, the request itself, is no step), in
the wijken of my teams (the coordinator: every wijk). Title and wijk only: the title is a
checked free text; never the initiatiefnemer.
"""

import datetime

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.formats import date_format

from mba import rechten
from mba.bewaren import begin_van
from mba.meldingen import Item, Kanaal, registreer_bron

WACHT_DAGEN = 14
HOOGSTENS = 10


def wachtende_initiatieven(user, dag):
    from .models import Bewonersinitiatief

    if not (rechten.is_coordinator(user) or rechten.is_medewerker(user)):
        return []
    grens = dag - datetime.timedelta(days=WACHT_DAGEN)
    qs = rechten.in_bewerkbare_wijken(Bewonersinitiatief.objects.all(), user)
    qs = (
        qs.filter(status=Bewonersinitiatief.Status.AANGEVRAAGD, aangevraagd_op__lte=grens)
        # the history's first row is the request itself (van_status empty), not a step
        .annotate(
            laatste_stap=Max("statuswijzigingen__op", filter=~Q(statuswijzigingen__van_status=""))
        )
        .filter(Q(laatste_stap__isnull=True) | Q(laatste_stap__lt=begin_van(grens)))
        .order_by("aangevraagd_op", "pk")
    )
    rijen = list(qs.values("pk", "titel", "wijk__naam", "aangevraagd_op")[: HOOGSTENS + 1])
    items = [
        Item(
            f"Initiatief ‘{r['titel'][:80]}’ in {r['wijk__naam']} wacht sinds "
            f"{date_format(r['aangevraagd_op'], 'j F Y')} op een volgende stap",
            reverse("initiatieven:initiatief", args=[r["pk"]]),
        )
        for r in rijen[:HOOGSTENS]
    ]
    if len(rijen) > HOOGSTENS:
        items.append(
            Item(
                f"En nog {qs.count() - HOOGSTENS} initiatieven die op een stap wachten",
                reverse("initiatieven:initiatieven") + "?status=aangevraagd",
            )
        )
    return items


def registreer():
    registreer_bron(
        "initiatief_wacht",
        wachtende_initiatieven,
        naam=f"Initiatieven in mijn wijken die {WACHT_DAGEN} dagen op een stap wachten",
        standaard_kanaal=Kanaal.EMAIL,
    )
