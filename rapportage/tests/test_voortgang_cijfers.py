"""The report counts what happened after the decision: money spent from the progress updates and
the granted support delivered, checked against a straight count of the records."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from initiatieven.voortgang import GeleverdeOndersteuning, Voortgang
from mba.tests import webfabriek as f
from rapportage.kengetallen import Periode, kengetallen, kengetallen_per_wijk

JAAR = Periode.jaar(2021)
BESLUIT = datetime.date(2021, 4, 1)


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


def toegekend(wijk, bedrag, vormen, titel):
    ini = f.initiatief(wijk, titel=titel, status="toegekend", gevraagd_bedrag=Decimal(bedrag))
    ini.toegekend_bedrag, ini.besluit_op = Decimal(bedrag), BESLUIT
    ini.save(gewijzigd_door=None)
    ini.geboden_ondersteuning.set(vormen)
    return ini


def orakel(**filter):
    """The straight count: spent and delivered over the records themselves."""
    besteed = Voortgang.objects.filter(**filter).aggregate(s=Sum("besteed_bedrag"))["s"]
    geleverd = GeleverdeOndersteuning.objects.filter(geleverd__in=("ja", "deels"), **filter)
    return (besteed or Decimal("0")), geleverd.count()


def test_spent_and_delivered_follow_the_updates(wijk_a, wijk_b):
    geld, mensen, ruimte = (
        f.ondersteuning(),
        f.ondersteuning("mensen", "Mensen"),
        f.ondersteuning("ruimte", "Ruimte"),
    )
    speeltuin = toegekend(wijk_a, "500", [geld, mensen], "Speeltuin")
    moestuin = toegekend(wijk_b, "300", [geld, ruimte], "Moestuin")

    def cijfers(wijk=None):
        i = kengetallen(JAAR, wijk=wijk).initiatieven
        return i.besteed_bedrag, i.ondersteuning_geleverd

    assert cijfers() == orakel() == (Decimal("0"), 0)

    Voortgang.objects.create(initiatief=speeltuin, datum=BESLUIT, tekst="Hek", besteed_bedrag=120)
    Voortgang.objects.create(initiatief=speeltuin, datum=BESLUIT, tekst="Zand", besteed_bedrag=80)
    laatste = Voortgang.objects.create(
        initiatief=moestuin, datum=BESLUIT, tekst="Bakken", besteed_bedrag=Decimal("45.50")
    )
    GeleverdeOndersteuning.objects.create(
        initiatief=speeltuin,
        vorm=mensen,
        toegezegd="Twee vrijwilligers",
        geleverd="deels",
        datum=BESLUIT,
    )
    GeleverdeOndersteuning.objects.create(
        initiatief=moestuin, vorm=ruimte, toegezegd="Een schuur", geleverd="nee"
    )
    assert cijfers() == orakel()
    assert cijfers(wijk_a) == orakel(initiatief__wijk=wijk_a)
    assert cijfers(wijk_b) == orakel(initiatief__wijk=wijk_b)
    assert cijfers()[1] == 1  # "nee" is not delivered

    laatste.besteed_bedrag = Decimal("245.50")
    laatste.save()
    GeleverdeOndersteuning.objects.filter(vorm=ruimte).update(geleverd="ja", datum=BESLUIT)
    assert cijfers() == orakel()
    assert cijfers(wijk_b) == orakel(initiatief__wijk=wijk_b) == (Decimal("245.50"), 1)
    per_wijk = kengetallen_per_wijk(JAAR)
    for wijk in (wijk_a, wijk_b):
        i = per_wijk[wijk].initiatieven
        assert (i.besteed_bedrag, i.ondersteuning_geleverd) == orakel(initiatief__wijk=wijk)
