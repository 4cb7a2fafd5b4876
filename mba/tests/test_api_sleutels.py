"""Keys are made and revoked by a coordinator: in the admin and with `manage.py api_sleutel`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.utils import timezone

from mba.api_auth import log_aanroep, zoek_sleutel
from mba.models import ApiSleutel

from .conftest import met_sleutel

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_admin_shows_a_new_key_once_and_keeps_only_its_hash(beheerder, actium):
    response = beheerder.post(
        "/beheer/mba/apisleutel/add/",
        {"organisatie": actium.pk, "naam": "Datawarehouse", "scopes": ["statistieken"]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    obj = ApiSleutel.objects.get()
    tekst = response.context["sleutel"]
    assert tekst in response.content.decode()
    assert obj.sleutel_hash == ApiSleutel.hash(tekst)
    assert (obj.organisatie, obj.scopes) == (actium, ["statistieken"])

    detail = beheerder.get(f"/beheer/mba/apisleutel/{obj.pk}/change/").content.decode()
    assert obj.prefix in detail
    assert tekst not in detail


def test_the_admin_revokes_keys_and_never_deletes_them(beheerder, client, sleutel):
    obj, tekst = sleutel
    response = beheerder.post(
        "/beheer/mba/apisleutel/",
        {"action": "intrekken", "_selected_action": [obj.pk]},
        follow=True,
    )
    assert "1 sleutel(s) ingetrokken" in response.content.decode()
    obj.refresh_from_db()
    assert not obj.actief
    assert beheerder.get(f"/beheer/mba/apisleutel/{obj.pk}/delete/").status_code == 403
    client.logout()
    assert met_sleutel(client, tekst).get("/api/v1/wijken/").status_code == 401


def test_the_admin_lists_the_call_log_read_only(beheerder, sleutel):
    met_sleutel(beheerder, sleutel[1]).get("/api/v1/themas/?actief=true")
    lijst = beheerder.get("/beheer/mba/apiaanroep/")
    assert "/api/v1/themas/?actief=true" in lijst.content.decode()
    assert beheerder.get("/beheer/mba/apiaanroep/add/").status_code == 403


def test_the_command_makes_a_key_that_works(client, actium):
    out = io.StringIO()
    call_command("api_sleutel", "actium", "--naam", "BI", "--scope", "statistieken", stdout=out)
    tekst = out.getvalue().strip().splitlines()[-1]
    obj = ApiSleutel.objects.get()
    assert (obj.naam, obj.scopes, obj.organisatie) == ("BI", ["statistieken"], actium)
    api = met_sleutel(client, tekst)
    assert api.get("/api/v1/statistieken/?jaar=2021").status_code == 200
    assert api.get("/api/v1/wijken/").status_code == 403


def test_the_command_lists_and_revokes(sleutel):
    obj, _ = sleutel
    out = io.StringIO()
    call_command("api_sleutel", "--lijst", stdout=out)
    assert obj.prefix in out.getvalue() and "actief" in out.getvalue()
    call_command("api_sleutel", "--intrekken", obj.prefix, stdout=io.StringIO())
    obj.refresh_from_db()
    assert not obj.actief
    with pytest.raises(CommandError, match="al ingetrokken"):
        call_command("api_sleutel", "--intrekken", obj.prefix)


def test_the_command_names_the_organisations_for_an_unknown_one(actium):
    with pytest.raises(CommandError, match="Kies uit: actium"):
        call_command("api_sleutel", "bestaat-niet")


# --- revocation takes effect at once, in every process ------------------------------------------


def test_a_key_revoked_in_another_process_stops_at_the_next_call(client, sleutel, settings):
    """Without a shared cache (no CACHE_URL) every gunicorn worker has a cache of its own: the
    coordinator's `api_sleutel --intrekken` runs in another process and cannot empty this
    one's. The partner's next call to this process must fail all the same."""
    settings.MBA_SLEUTELS_IN_CACHE = False
    obj, tekst = sleutel
    api = met_sleutel(client, tekst)
    assert api.get("/api/v1/wijken/").status_code == 200
    # What the other process does to the database; this process' cache it cannot reach.
    ApiSleutel.objects.filter(pk=obj.pk).update(ingetrokken_op=timezone.now())
    response = api.get("/api/v1/wijken/")
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["fout"]


def test_a_call_under_way_while_a_key_is_revoked_does_not_bring_it_back(
    client, sleutel, settings, rf
):
    """With a shared cache (CACHE_URL, Redis) keys are cached. A partner's call that read the
    key just before the coordinator revoked it finishes afterwards: it must not put the key,
    as it read it, back in the cache, where every process would accept it for half a minute."""
    settings.MBA_SLEUTELS_IN_CACHE = True
    obj, tekst = sleutel
    api = met_sleutel(client, tekst)
    assert api.get("/api/v1/wijken/").status_code == 200

    onderweg = zoek_sleutel(obj.sleutel_hash)  # the call under way has read the active key
    onderweg.laatst_gebruikt_op = None  # and is due to note its use
    call_command("api_sleutel", "--intrekken", obj.prefix, stdout=io.StringIO())
    verzoek = rf.get("/api/v1/wijken/")
    verzoek.api_sleutel = onderweg
    log_aanroep(verzoek, HttpResponse(status=200))  # ... and finishes now

    assert api.get("/api/v1/wijken/").status_code == 401


# --- scopes (11.6) -------------------------------------------------------------------------------


def test_a_new_key_reads_only_the_statistics_until_the_coordinator_adds_more(client, actium):
    out = io.StringIO()
    call_command("api_sleutel", "actium", "--naam", "Dashboard", stdout=out)
    obj, tekst = ApiSleutel.objects.get(), out.getvalue().strip().splitlines()[-1]
    assert obj.scopes == ["statistieken"]
    api = met_sleutel(client, tekst)
    assert api.get("/api/v1/statistieken/?jaar=2021").status_code == 200
    assert api.get("/api/v1/activiteiten/").status_code == 403

    call_command(
        "api_sleutel",
        "--scopes-wijzigen",
        obj.prefix,
        "--scope",
        "statistieken",
        "--scope",
        "activiteiten",
        stdout=io.StringIO(),
    )
    assert api.get("/api/v1/activiteiten/").status_code == 200
    assert api.get("/api/v1/contactmomenten/").status_code == 403


def test_the_admin_offers_the_scopes_and_starts_with_the_statistics(beheerder):
    response = beheerder.get("/beheer/mba/apisleutel/add/")
    assert 'value="contactmomenten:dag"' in response.content.decode()
    assert response.context["adminform"].form["scopes"].value() == ["statistieken"]


@pytest.mark.parametrize(
    "scopes, bericht",
    [
        (["alles"], "Onbekende scope: alles"),
        ([], "leeg|ten minste één scope"),
        (["contactmomenten:dag"], "horen bij de scope contactmomenten"),
        (["wijken", "wijken"], "één keer"),
    ],
)
def test_the_model_refuses_scopes_that_do_not_exist_or_do_not_fit(actium, scopes, bericht):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=bericht):
        ApiSleutel.maak(actium, "Fout", scopes)


def test_the_command_names_the_scopes_it_knows(actium):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("api_sleutel", "actium", "--scope", "alles")
