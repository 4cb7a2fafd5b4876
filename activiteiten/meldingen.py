"""What this app tells in the daily digest (mba.meldingen): one's own overdue follow-ups.

Overdue: a contact moment of mine that asks for a follow-up (``open_vervolg``) whose date lies
VERVOLG_TE_LAAT_DAGEN days or more before the day of the digest: two weeks without a follow-up
is when a resident starts to wonder. Only what and where, never the note or a resident.
"""

import datetime

from django.urls import reverse
from django.utils.formats import date_format

from mba import rechten
from mba.meldingen import Item, Kanaal, registreer_bron

VERVOLG_TE_LAAT_DAGEN = 14
HOOGSTENS = 10  # named one by one; the rest are one line to the list


def te_late_vervolgen(user, dag):
    from .models import Contactmoment

    if not rechten.mag_contactmoment_loggen(user):
        return []
    grens = dag - datetime.timedelta(days=VERVOLG_TE_LAAT_DAGEN)
    qs = (
        Contactmoment.objects.open_vervolg()
        .filter(medewerker=user, datum__lte=grens)
        .order_by("datum", "pk")
    )
    rijen = list(qs.values("pk", "datum", "wijk__naam")[: HOOGSTENS + 1])
    items = [
        Item(
            f"Vervolg staat open sinds het contact van {date_format(r['datum'], 'j F Y')} "
            f"in {r['wijk__naam']} ({(dag - r['datum']).days} dagen)",
            reverse("activiteiten:contactmoment", args=[r["pk"]]),
        )
        for r in rijen[:HOOGSTENS]
    ]
    if len(rijen) > HOOGSTENS:
        meer = qs.count() - HOOGSTENS
        items.append(
            Item(
                f"En nog {meer} contacten met een vervolg dat te lang open staat",
                reverse("activiteiten:contactmomenten"),
            )
        )
    return items


def registreer():
    registreer_bron(
        "vervolg_te_laat",
        te_late_vervolgen,
        naam=f"Mijn vervolgen die {VERVOLG_TE_LAAT_DAGEN} dagen of langer open staan",
        standaard_kanaal=Kanaal.BEIDE,
    )
