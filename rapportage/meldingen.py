"""What this app tells in the daily digest (mba.meldingen): the report's open points before its
deadline, to the coordinator.

From VOORAF_DAGEN (four weeks) before a concept report's ``deadline`` up to the deadline itself,
every readiness check with open points (``rapportage.gereedheid``, texts still empty among
them) is one line: how many, with a link to the report's readiness page.
"""

import datetime

from django.urls import reverse
from django.utils.formats import date_format

from mba import rechten
from mba.meldingen import Item, Kanaal, registreer_bron

VOORAF_DAGEN = 28


def rapport_voor_deadline(user, dag):
    from . import gereedheid
    from .models import Jaarrapportage

    if not rechten.is_coordinator(user):
        return []
    rapporten = Jaarrapportage.objects.filter(
        status=Jaarrapportage.Status.CONCEPT,
        deadline__gte=dag,
        deadline__lte=dag + datetime.timedelta(days=VOORAF_DAGEN),
    ).order_by("deadline", "jaar")
    items = []
    for rapport in rapporten:
        url = reverse("rapportage:gereed", args=[rapport.jaar])
        deadline = date_format(rapport.deadline, "j F Y")
        for controle, punten in gereedheid.open_punten(rapport):
            if punten:
                n = len(punten)
                items.append(
                    Item(
                        f"Jaarrapport {rapport.jaar} (deadline {deadline}): {controle.titel}: "
                        f"{n} open {'punt' if n == 1 else 'punten'}"[:200],
                        url + f"#controle-{controle.sleutel}",
                    )
                )
    return items


def registreer():
    registreer_bron(
        "rapport_deadline",
        rapport_voor_deadline,
        naam="Open punten van het jaarrapport in de vier weken voor de deadline",
        standaard_kanaal=Kanaal.BEIDE,
    )
