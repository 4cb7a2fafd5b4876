"""Fixtures of the partner API tests: keys, a client that sends one, and a small world in which
every endpoint has something to show (and personal data to keep back)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from activiteiten.models import Activiteit, Contactmoment, Kerncijfer, Signaalsoort
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm
from mba.api_auth import PerSleutelThrottle
from mba.models import ALLE_SCOPES, ApiSleutel, Medewerker, Thema
from rapportage.models import Hoofdstuk, Jaarrapportage, RapportVoorbeeld, Voorbeeld
from wijken.models import FysiekProject, Indicator, Locatie, Meting, Prioriteit

# Personal values that the world below stores and the API must never show.
INITIATIEFNEMER = ("Henk Bewonersma", "henk.bewonersma@example.org", "06-98765432")
NOTITIE = "Bewoner maakt zich zorgen over de buurman met de blauwe deur"
MEDEWERKER_NAAM = ("Wilma", "Wijkcoachstra")


@pytest.fixture(autouse=True)
def lege_cache(monkeypatch):
    """The throttle counts in the cache: every test starts with a clean slate, and a test that
    walks the whole API is not stopped at the production rate (one test checks that)."""
    monkeypatch.setattr(PerSleutelThrottle, "THROTTLE_RATES", {"api_sleutel": "100000/minute"})
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sleutel(actium):
    """A key with every scope (what the one scope "alles" gave before): (ApiSleutel, plain
    key)."""
    return ApiSleutel.maak(actium, "Datawarehouse Actium", ALLE_SCOPES)


@pytest.fixture
def statistiek_sleutel(gemeente):
    """A new key as it comes: the statistics only."""
    return ApiSleutel.maak(gemeente, "Dashboard gemeente")


@pytest.fixture
def ingetrokken_sleutel(vaart):
    obj, tekst = ApiSleutel.maak(vaart, "Oude koppeling")
    obj.intrekken()
    return obj, tekst


def met_sleutel(client, tekst):
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {tekst}"
    return client


@pytest.fixture
def api(client, sleutel):
    """The test client, sending the full key."""
    return met_sleutel(client, sleutel[1])


@pytest.fixture
def signaal(db):
    return Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid")


@pytest.fixture
def veiligheid(db):
    return Thema.objects.create(naam="Veiligheid", slug="veiligheid", volgorde=1)


def maak_rijen(n, wijk, buurt, eigenaar, partner, themas, signaal, jaar=2021, naam="x"):
    """``n`` records of every kind in ``wijk``, all linked, with personal data where the model
    has room for it. Returns the contact moments."""
    medewerker = Medewerker.objects.create_user(
        username=f"wilma-{naam}-{n}",
        first_name=MEDEWERKER_NAAM[0],
        last_name=MEDEWERKER_NAAM[1],
        email=f"wilma.{naam}@actium.example",
        organisatie=eigenaar,
    )
    vorm = Ondersteuningsvorm.objects.get_or_create(slug="geld", defaults={"naam": "Geld"})[0]
    rapport, _ = Jaarrapportage.objects.get_or_create(
        jaar=jaar,
        defaults={
            "titel": f"Jaarrapportage {jaar}",
            "status": Jaarrapportage.Status.GEPUBLICEERD,
            "gepubliceerd_op": timezone.now(),
        },
    )
    contacten = []
    for i in range(n):
        sleutel = f"{naam}-{i}"
        Locatie.objects.create(naam=f"BIC {sleutel}", soort="bic", wijk=wijk, buurt=buurt)
        prio = Prioriteit.objects.create(wijk=wijk, titel=f"Prioriteit {sleutel}", geldig_van=jaar)
        prio.themas.set(themas)
        ind = Indicator.objects.create(prioriteit=prio, naam="Eenzaamheid", nulmeting=Decimal(30))
        Meting.objects.create(
            indicator=ind, datum=datetime.date(jaar, 7, 1), waarde=Decimal("27.5")
        )
        Meting.objects.create(
            indicator=ind, datum=datetime.date(jaar - 1, 7, 1), waarde=Decimal("29")
        )
        project = FysiekProject.objects.create(
            naam=f"Sloop {sleutel}",
            soort="sloop",
            wijk=wijk,
            buurt=buurt,
            eigenaar=eigenaar,
            start=datetime.date(jaar, 1, 1),
        )
        ini = Bewonersinitiatief.objects.create(
            titel=f"Moestuin {sleutel}",
            wijk=wijk,
            buurt=buurt,
            aangevraagd_op=datetime.date(jaar, 3, 1),
            initiatiefnemer_naam=INITIATIEFNEMER[0],
            initiatiefnemer_email=INITIATIEFNEMER[1],
            initiatiefnemer_telefoon=INITIATIEFNEMER[2],
            gevraagd_bedrag=Decimal(500),
        )
        ini.gevraagde_ondersteuning.set([vorm])
        act = Activiteit.objects.create(
            naam=f"Soep op de stoep {sleutel}",
            wijk=wijk,
            buurt=buurt,
            start=datetime.date(jaar, 4, 1),
            status=Activiteit.Status.GEHOUDEN,
            initiatief=ini,
            fysiek_project=project,
            deelnemers=40,
        )
        act.organisatoren.set([eigenaar, partner])
        act.themas.set(themas)
        Kerncijfer.objects.create(activiteit=act, aantal=400, omschrijving="bekers soep")
        voorbeeld = Voorbeeld.objects.create(
            titel=f"Voorbeeld {sleutel}", jaar=jaar, wijk=wijk, tekst="Een mooi verhaal."
        )
        RapportVoorbeeld.objects.create(rapportage=rapport, voorbeeld=voorbeeld, volgorde=i)
        cm = Contactmoment.objects.create(
            datum=datetime.date(jaar, 5, 1 + i % 28),
            medewerker=medewerker,
            organisatie=eigenaar,
            wijk=wijk,
            buurt=buurt,
            kanaal="aan_de_deur",
            aanleiding="wijkronde",
            doorverwezen_naar=partner,
            vervolg_nodig=True,
            notitie=NOTITIE,
            fysiek_project=project,
            activiteit=act,
        )
        cm.themas.set(themas)
        cm.signalen.set([signaal])
        contacten.append(cm)
    Hoofdstuk.objects.get_or_create(
        rapportage=rapport, sleutel="doorontwikkeling", defaults={"titel": "Doorontwikkeling"}
    )
    return contacten


@pytest.fixture
def wereld(wijk_a, buurt_a, wijk_b, buurt_b, actium, vaart, thema, veiligheid, signaal):
    """Two rows of everything in Lariks (2021), one in Peelo (2020), and a concept report with
    an example that must stay unpublished."""
    maak_rijen(2, wijk_a, buurt_a, actium, vaart, [thema, veiligheid], signaal, naam="a")
    maak_rijen(1, wijk_b, buurt_b, vaart, actium, [thema], signaal, jaar=2020, naam="b")
    concept = Jaarrapportage.objects.create(jaar=2022, titel="Jaarrapportage 2022 (concept)")
    geheim = Voorbeeld.objects.create(titel="Nog niet gepubliceerd", jaar=2022, tekst="Concept.")
    RapportVoorbeeld.objects.create(rapportage=concept, voorbeeld=geheim)
