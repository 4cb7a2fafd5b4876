"""No personal data leaves through the API: every response of every endpoint, on the demo data,
checked against the personal values the demo holds."""

import json

import pytest
from django.conf import settings
from django.utils import timezone

from activiteiten.models import Contactmoment
from initiatieven.models import Bewonersinitiatief
from mba.models import Medewerker
from rapportage.demo import Lader, lees, maak_demo_gebruikers, synthetische_contactmomenten
from rapportage.models import Jaarrapportage

pytestmark = pytest.mark.django_db

VERBODEN_VELDEN = {
    "notitie",
    "medewerker",
    "teamleden",
    "initiatiefnemer_naam",
    "initiatiefnemer_email",
    "initiatiefnemer_telefoon",
    "reden_hoger_bedrag",
    "door",
    "username",
    "email",
}
NOTITIES = [
    "Mevrouw Jansen zit al weken alleen thuis",
    "Meneer De Vries heeft schulden bij de woningcorporatie",
]


@pytest.fixture
def demo(db):
    """The demo as `manage.py demo --volume 300` loads it, its report published, staff with
    real-looking names (the demo's accounts are named after their role, which the report's own
    text uses too) and notes on some contact moments."""
    Lader(lees(settings.BASE_DIR / "data" / "mba-2021.toml")).laad()
    maak_demo_gebruikers("Een-lang-wachtwoord-2021")
    synthetische_contactmomenten(300)
    Jaarrapportage.objects.update(status="gepubliceerd", gepubliceerd_op=timezone.now())
    for i, user in enumerate(Medewerker.objects.order_by("pk")):
        user.username = f"gmedewerkerszoon{i}"
        user.first_name, user.last_name = f"Gerrit{i}", f"Medewerkerszoon{i}"
        user.email = f"gerrit{i}@mba.example"
        user.save()
    for notitie, cm in zip(NOTITIES, Contactmoment.objects.order_by("pk"), strict=False):
        cm.notitie = notitie
        cm.save()


def persoonlijke_waarden():
    waarden = set()
    for ini in Bewonersinitiatief.objects.all():
        waarden |= {
            ini.initiatiefnemer_naam,
            ini.initiatiefnemer_email,
            ini.initiatiefnemer_telefoon,
        }
    waarden |= set(Contactmoment.objects.values_list("notitie", flat=True))
    for user in Medewerker.objects.all():
        waarden |= {user.username, user.email, user.get_full_name(), user.last_name}
    return {w for w in waarden if w}


def sleutels(data):
    if isinstance(data, dict):
        for k, v in data.items():
            yield k
            yield from sleutels(v)
    elif isinstance(data, list):
        for v in data:
            yield from sleutels(v)


LOOKUP = {"wijken": "slug", "themas": "slug", "organisaties": "slug", "jaarrapportages": "jaar"}


def alle_antwoorden(api):
    """Every page of every collection, every record, and the statistics."""
    root = api.get("/api/v1/").json()
    assert len(root) == 13
    for naam, basis in root.items():
        url = f"{basis}?aantal=1000"
        while url:
            data = api.get(url).json()
            yield data
            for rij in data["resultaten"] if naam != "verwijderingen" else []:
                yield api.get(f"{basis}{rij[LOOKUP.get(naam, 'id')]}/").json()
            url = data["volgende"]
    for jaar in (2020, 2021, 2022):
        yield api.get("/api/v1/statistieken/", {"jaar": jaar, "vergelijk": "true"}).json()
        yield api.get("/api/v1/statistieken/per-wijk/", {"jaar": jaar}).json()


def test_no_personal_value_or_field_in_any_response(api, demo):
    waarden = persoonlijke_waarden()
    assert len(waarden) >= 20  # the demo's initiatiefnemers, notes and staff are there
    antwoorden = list(alle_antwoorden(api))
    assert len(antwoorden) > 100
    tekst = json.dumps(antwoorden, ensure_ascii=False).lower()
    gelekt = sorted(w for w in waarden if w.lower() in tekst)
    assert gelekt == []
    assert VERBODEN_VELDEN.isdisjoint(sleutels(antwoorden))
