"""Demo data after the decision: progress updates and delivered support for the demo's granted
initiatives. Idempotent: an initiative that has updates is left as it is."""

import datetime
from decimal import Decimal

from .models import Bewonersinitiatief
from .voortgang import GeleverdeOndersteuning, Voortgang

STAPPEN = (
    "Eerste overleg met de initiatiefnemers: planning en taken verdeeld.",
    "Materiaal besteld en de eerste bewoners hebben meegeholpen.",
    "Uitvoering loopt; de buurt reageert positief.",
)
TOEZEGGING = {
    "geld": "Het toegekende bedrag",
    "mensen": "Hulp van de opbouwwerker bij de uitvoering",
    "materialen": "Materiaal uit de wijkvoorraad",
    "ruimte": "Een ruimte in het buurthuis",
    "vergunning": "Hulp bij de vergunningaanvraag",
    "advies": "Advies over de aanpak",
}


def maak_demo_voortgang():
    """For every granted initiative: up to three dated updates that spend at most the granted
    amount, and a delivery row per granted form of support. The 2021 report's initiatives have
    no decision date: their updates start a month after the request."""
    toegekend = Bewonersinitiatief.objects.filter(
        status__in=Bewonersinitiatief.TOEGEKENDE_STATUSSEN
    ).prefetch_related("geboden_ondersteuning")
    for n, ini in enumerate(toegekend):
        if Voortgang.objects.filter(initiatief=ini).exists():
            continue  # loaded before: a second run changes nothing
        bedrag = ini.toegekend_bedrag or Decimal("0")
        besluit = ini.besluit_op or ini.aangevraagd_op + datetime.timedelta(days=30)
        stappen = 1 + n % len(STAPPEN)
        for i, tekst in enumerate(STAPPEN[:stappen]):
            Voortgang.objects.create(
                initiatief=ini,
                datum=besluit + datetime.timedelta(days=14 * (i + 1)),
                tekst=tekst,
                besteed_bedrag=(bedrag * Decimal("0.3")).quantize(Decimal("0.01")),
            )
        for j, vorm in enumerate(ini.geboden_ondersteuning.all()):
            geleverd = ("ja", "deels", "nog_niet")[(n + j) % 3]
            GeleverdeOndersteuning.objects.create(
                initiatief=ini,
                vorm=vorm,
                toegezegd=TOEZEGGING.get(vorm.slug, vorm.naam),
                geleverd=geleverd,
                datum=None if geleverd == "nog_niet" else besluit + datetime.timedelta(days=21),
            )
