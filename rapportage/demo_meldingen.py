"""Demo notifications (``make run``): every demo account finds its bell lit.

Each account gets one general notification pointing at its preferences, and in the app what
the daily digest holds for it today (``mba.meldingen.items_voor``: overdue follow-ups, waiting
initiatives, the report's open points). No mail. Loading twice adds nothing: a notification
that is there already (same person, kind and link) is not made again.
"""

from django.db import transaction
from django.utils import timezone

from mba import rechten
from mba.meldingen import Item, Melding, items_voor
from mba.models import Medewerker

WELKOM = Item(
    "Nieuw: meldingen. Kies hier hoe ze u bereiken (in de app, per e-mail of allebei)",
    "/meldingen/voorkeuren/",
)


@transaction.atomic
def maak_demo_meldingen(dag=None):
    """Returns how many notifications it made."""
    dag = dag or timezone.localdate()
    mensen = [u for u in Medewerker.objects.filter(is_active=True) if rechten.rol(u)]
    er_al = set(
        Melding.objects.filter(ontvanger__in=mensen).values_list("ontvanger_id", "soort", "url")
    )
    nieuw = []
    for user in mensen:
        per_soort = {"algemeen": [WELKOM], **items_voor(user, dag)}
        for soort, items in per_soort.items():
            for item in items:
                if (user.pk, soort, item.url) not in er_al:
                    nieuw.append(
                        Melding(ontvanger=user, soort=soort, tekst=item.tekst, url=item.url)
                    )
    Melding.objects.bulk_create(nieuw)
    return len(nieuw)
