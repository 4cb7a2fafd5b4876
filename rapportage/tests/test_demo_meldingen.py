"""The demo (`make run`) lights every role's bell, with nothing personal in it."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from initiatieven.models import Bewonersinitiatief
from mba import rechten
from mba.meldingen import Melding
from mba.models import Medewerker
from rapportage.demo_meldingen import maak_demo_meldingen

pytestmark = pytest.mark.django_db


def test_every_demo_role_finds_notifications_without_personal_data_and_a_rerun_adds_none(
    client,
):
    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
    rollen = {rechten.rol(u) for u in Medewerker.objects.filter(meldingen__isnull=False)}
    assert rollen == set(rechten.ROLLEN)
    # the medewerkers also see what their digest holds, not only the welcome
    assert Melding.objects.exclude(soort="algemeen").exists()

    persoonlijk = set()
    for ini in Bewonersinitiatief.objects.all():
        persoonlijk |= {ini.initiatiefnemer_naam, ini.initiatiefnemer_telefoon}
    persoonlijk.discard("")
    teksten = list(Melding.objects.values_list("tekst", flat=True))
    assert not [t for t in teksten if any(p in t for p in persoonlijk)]

    assert maak_demo_meldingen() == 0

    client.force_login(Medewerker.objects.get(username="stuurgroep"))
    assert "bel__aantal" in client.get("/meldingen/").text
