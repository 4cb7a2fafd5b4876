"""A figure added by one declaration (``bereikt_per_kanaal`` in activiteiten.tellingen): the
steering group reads it in the statistics, its definition is in /api/v1/definities/, and its
small numbers are suppressed like every other count."""

import datetime

import pytest

from activiteiten.models import Contactmoment
from mba.models import ApiSleutel

pytestmark = pytest.mark.django_db


def sleutel(client, organisatie):
    _, tekst = ApiSleutel.maak(organisatie, "Cijfers", ["statistieken"])
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {tekst}"
    return client


def contacten(wijk, organisatie, kanaal, bewoners, n):
    for _ in range(n):
        Contactmoment.objects.create(
            datum=datetime.date(2021, 4, 1),
            wijk=wijk,
            organisatie=organisatie,
            kanaal=kanaal,
            aanleiding="wijkronde",
            bewoners_bereikt=bewoners,
        )


def test_residents_reached_per_channel_in_the_statistics_and_its_definition(client, wijk_a, actium):
    contacten(wijk_a, actium, "bic", 3, 5)  # 15 residents in the BIC
    contacten(wijk_a, actium, "straat", 10, 6)  # 60 on the street
    sleutel(client, actium)

    cijfers = client.get("/api/v1/statistieken/?jaar=2021").json()
    assert cijfers["contactmomenten"]["bewoners_bereikt"] == 75
    assert cijfers["contactmomenten"]["overige"]["bereikt_per_kanaal"] == {
        "bic": 15,
        "straat": 60,
    }

    definities = {d["pad"]: d for d in client.get("/api/v1/definities/").json()}
    definitie = definities["contactmomenten.overige.bereikt_per_kanaal"]
    assert definitie["titel"] == "Bewoners bereikt per kanaal"
    assert definitie["per"] == "kanaal"


def test_a_small_number_of_residents_on_one_channel_is_suppressed(client, wijk_a, actium):
    contacten(wijk_a, actium, "bic", 2, 1)  # 2 residents: could point at a household
    contacten(wijk_a, actium, "straat", 10, 6)
    sleutel(client, actium)

    per_kanaal = client.get("/api/v1/statistieken/?jaar=2021").json()["contactmomenten"]["overige"][
        "bereikt_per_kanaal"
    ]
    assert per_kanaal["bic"] == "< 5"
    # the total is 62 and shown: 60 on the street would give the 2 away, so it is hidden too
    assert per_kanaal["straat"] == "verborgen"
