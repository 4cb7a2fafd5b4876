"""Issue 11.7: lock-out as a weapon, and floods into the audit trail.

An attacker who knows a colleague's username must not be able to lock the colleague out from
elsewhere; an address that tries many usernames is locked itself. Calls without a valid key are
limited per address, and a flood of them leaves a few audit rows whose counts add up to the
calls, without ever changing a row."""

import datetime

from django.conf import settings
from django.utils import timezone

from mba import audit
from mba.api_auth import PerAdresThrottle
from mba.models import ApiAanroep, Auditregel, Medewerker, Weigeringsreeks

from .conftest import met_sleutel

WACHTWOORD = "Een-lang-wachtwoord-2021"
AANVALLER, KANTOOR = "203.0.113.66", "198.51.100.10"


def inloggen(client, username, wachtwoord, adres):
    return client.post(
        "/inloggen/", {"username": username, "password": wachtwoord}, REMOTE_ADDR=adres
    )


def test_an_attacker_elsewhere_cannot_lock_a_colleague_out(client, medewerker_a):
    for _ in range(2 * settings.AXES_FAILURE_LIMIT):
        inloggen(client, "medewerker-a", "geraden-wachtwoord", AANVALLER)
    # The attacker's own address is locked for this username, even with the right password...
    assert inloggen(client, "medewerker-a", WACHTWOORD, AANVALLER).status_code == 429
    # ...but the colleague at the office logs in as always.
    response = inloggen(client, "medewerker-a", WACHTWOORD, KANTOOR)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(medewerker_a.pk)


def test_an_address_trying_many_usernames_is_locked_itself(client, medewerker_a, actium):
    namen = [f"medewerker-{i}" for i in range(settings.AXES_ADRES_FAILURE_LIMIT)]
    for naam in namen:  # each name stays under the per-name limit
        inloggen(client, naam, "zomer2021", AANVALLER)
    # From that address even a username it never tried, with the right password, is refused.
    response = inloggen(client, "medewerker-a", WACHTWOORD, AANVALLER)
    assert response.status_code == 429 and "Tijdelijk geblokkeerd" in response.text
    assert "_auth_user_id" not in client.session
    assert inloggen(client, "medewerker-a", WACHTWOORD, KANTOOR).status_code == 302


def test_one_address_under_its_limit_does_not_lock_the_next_colleague(client, actium):
    # Colleagues behind one office address each mistype a few times: nobody is locked.
    collega = Medewerker.objects.create_user("collega", password=WACHTWOORD, organisatie=actium)
    for i in range(settings.AXES_ADRES_FAILURE_LIMIT // settings.AXES_FAILURE_LIMIT):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            inloggen(client, f"typfout-{i}", "bijna-goed", KANTOOR)
    assert inloggen(client, "collega", WACHTWOORD, KANTOOR).status_code == 302
    assert client.session["_auth_user_id"] == str(collega.pk)


def test_a_flood_of_bad_key_calls_is_throttled_and_counted_in_a_few_rows(
    client, sleutel, monkeypatch
):
    limiet = PerAdresThrottle().num_requests
    aanval = met_sleutel(client, "geraden-sleutel")
    antwoorden = [aanval.get("/api/v1/contactmomenten/", REMOTE_ADDR=AANVALLER) for _ in range(100)]
    statussen = [r.status_code for r in antwoorden]
    assert statussen == [401] * limiet + [429] * (100 - limiet)
    laatste = antwoorden[-1].json()
    assert laatste["status"] == 429
    assert "zonder geldige API-sleutel" in laatste["fout"] and "Probeer het over" in laatste["fout"]
    assert int(antwoorden[-1]["Retry-After"]) > 0

    # At once: the first refusal is in the trail; the rest wait in the counter, not as rows.
    assert Auditregel.objects.count() == 1
    assert Weigeringsreeks.objects.get().aantal == 99

    # A partner with a valid key behind the same address is not held back by the flood.
    partner = met_sleutel(client, sleutel[1])
    assert partner.get("/api/v1/themas/", REMOTE_ADDR=AANVALLER).status_code == 200

    # When the window has passed the count is written, in one more row; nothing was changed.
    later = timezone.now() + datetime.timedelta(minutes=settings.AUDIT_WEIGERING_VENSTER_MINUTEN)
    audit.reeksen_afsluiten(later)
    rijen = list(Auditregel.objects.order_by("pk"))
    assert len(rijen) == 2
    assert sum(r.aantal for r in rijen) == 100 == len(antwoorden)
    assert {(r.actie, r.resultaat, r.herkomst, r.ip_adres) for r in rijen} == {
        ("geweigerd", "geweigerd", "api", AANVALLER)
    }
    assert rijen[0].pad == "/api/v1/contactmomenten/" and rijen[1].pad == rijen[0].pad
    assert not Weigeringsreeks.objects.exists()
    assert audit.reeksen_afsluiten(later) == []  # a second run writes nothing
    assert not ApiAanroep.objects.filter(status__in=(401, 429)).exclude(sleutel=sleutel[0])


def test_the_next_refusal_after_the_window_writes_the_count_of_the_last(db, client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(3):
        client.get("/api/v1/wijken/", REMOTE_ADDR=AANVALLER)
    time_machine.shift(datetime.timedelta(minutes=settings.AUDIT_WEIGERING_VENSTER_MINUTEN))
    client.get("/api/v1/wijken/", REMOTE_ADDR=AANVALLER)
    # The first series: its first row and the count of the 2 after it; then the new series.
    assert list(Auditregel.objects.order_by("pk").values_list("aantal", flat=True)) == [1, 2, 1]
    assert Weigeringsreeks.objects.get().aantal == 0


def test_refusals_from_other_addresses_are_series_of_their_own(db, client):
    for adres in (AANVALLER, KANTOOR, AANVALLER):
        client.get("/api/v1/wijken/", REMOTE_ADDR=adres)
    assert sorted(Auditregel.objects.values_list("ip_adres", flat=True)) == [KANTOOR, AANVALLER]
    assert Weigeringsreeks.objects.get(ip_adres=AANVALLER).aantal == 1
