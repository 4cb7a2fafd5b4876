"""Logging in: strong passwords, lock-out, session timeout, two-factor authentication."""

import datetime
import io
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mba.models import Auditregel, Inschrijfcode, Medewerker
from mba.tests.test_settings import draai

WACHTWOORD = "Een-lang-wachtwoord-2021"


def inloggen(client, username, wachtwoord=WACHTWOORD):
    return client.post("/inloggen/", {"username": username, "password": wachtwoord})


def code(device):
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:06d}"  # a code may start with 0


def test_it_logs_a_medewerker_in_and_out(client, medewerker_a):
    response = inloggen(client, "medewerker-a")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["user"] == medewerker_a
    client.post("/uitloggen/")
    assert client.get("/")["Location"] == "/inloggen/?next=/"


def test_it_says_in_dutch_when_the_password_is_wrong(client, medewerker_a):
    response = inloggen(client, "medewerker-a", "fout")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.text


def test_it_locks_an_account_after_five_failed_logins(client, medewerker_a):
    for _ in range(5):
        inloggen(client, "medewerker-a", "fout-wachtwoord")
    response = inloggen(client, "medewerker-a")  # the right password no longer helps
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.text
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_count(client, medewerker_a):
    for _ in range(4):
        inloggen(client, "medewerker-a", "fout-wachtwoord")
    assert inloggen(client, "medewerker-a").status_code == 302
    client.post("/uitloggen/")
    for _ in range(4):
        inloggen(client, "medewerker-a", "fout-wachtwoord")
    assert inloggen(client, "medewerker-a").status_code == 302


def test_the_session_ends_after_an_hour_without_activity(client, medewerker_a, settings):
    client.force_login(medewerker_a)
    assert client.get("/").status_code == 200
    sessie = client.session
    sessie["laatst_actief"] = time.time() - settings.SESSION_IDLE_MINUTEN * 60 - 1
    sessie.save()
    response = client.get("/contactmomenten/")
    assert response["Location"] == "/inloggen/?next=%2Fcontactmomenten%2F"
    assert client.get("/")["Location"].startswith("/inloggen/")


def test_a_new_password_must_be_strong(client, medewerker_a):
    client.force_login(medewerker_a)
    response = client.post(
        "/wachtwoord/",
        {"old_password": WACHTWOORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "minimaal 12 tekens" in response.text or "minstens 12" in response.text


# --- two-factor authentication ----------------------------------------------------------------


@pytest.fixture
def met_2fa(settings):
    settings.MBA_2FA = True


def test_with_2fa_a_password_alone_does_not_open_the_app(client, medewerker_a, met_2fa):
    inloggen(client, "medewerker-a")
    response = client.get("/contactmomenten/")
    assert response["Location"] == "/inloggen/tweede-stap/?next=%2Fcontactmomenten%2F"


def test_with_2fa_a_user_links_an_authenticator_app_on_first_login(client, medewerker_a, met_2fa):
    inloggen(client, "medewerker-a")
    response = client.get("/inloggen/tweede-stap/?next=/contactmomenten/")
    assert "Scan deze QR-code" in response.text and "<svg" in response.text
    device = TOTPDevice.objects.get(user=medewerker_a, confirmed=False)

    fout = client.post("/inloggen/tweede-stap/", {"code": "000000", "next": "/contactmomenten/"})
    assert "Deze code klopt niet" in fout.text
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    response = client.post(
        "/inloggen/tweede-stap/", {"code": code(device), "next": "/contactmomenten/"}
    )
    assert response["Location"] == "/contactmomenten/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/contactmomenten/").status_code == 200


def test_with_2fa_a_linked_user_gives_the_code_at_every_login(client, medewerker_a, met_2fa):
    device = TOTPDevice.objects.create(user=medewerker_a, name="telefoon", confirmed=True)
    inloggen(client, "medewerker-a")
    response = client.get("/inloggen/tweede-stap/")
    assert "QR-code" not in response.text
    assert client.post("/inloggen/tweede-stap/", {"code": code(device)})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_with_2fa_a_removed_authenticator_app_ends_the_second_step(
    client, medewerker_a, met_2fa, django_assert_num_queries
):
    """The app that gave this session's code is checked on every request, in the same query as
    the user (mba.auth.TweedeFactorMiddleware): once the coordinator removes it, or it is no
    longer confirmed, the next page asks for the second step again."""
    device = TOTPDevice.objects.create(user=medewerker_a, name="telefoon", confirmed=True)
    inloggen(client, "medewerker-a")
    client.post("/inloggen/tweede-stap/", {"code": code(device)})
    assert client.get("/contactmomenten/").status_code == 200
    # the session, the user with roles, devices and the bell's number of unread notifications
    with django_assert_num_queries(2):
        assert client.get("/toegankelijkheidsverklaring/").status_code == 200

    # another user's confirmed app does not count for this session
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    TOTPDevice.objects.create(user=maak_collega(medewerker_a), name="ander", confirmed=True)
    assert client.get("/contactmomenten/")["Location"].startswith("/inloggen/tweede-stap/")

    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True, last_t=-1)
    # confirmed again, but this session forgot it: a new code
    assert client.get("/contactmomenten/")["Location"].startswith("/inloggen/tweede-stap/")
    client.post("/inloggen/tweede-stap/", {"code": code(device)})
    assert client.get("/contactmomenten/").status_code == 200
    device.delete()
    assert client.get("/contactmomenten/")["Location"].startswith("/inloggen/tweede-stap/")


def maak_collega(medewerker):
    return Medewerker.objects.create_user(
        "collega", password=WACHTWOORD, organisatie=medewerker.organisatie
    )


def test_with_2fa_the_beheer_also_asks_for_the_code(client, coordinator, met_2fa):
    inloggen(client, "coordinator")
    assert client.get("/beheer/")["Location"].startswith("/inloggen/tweede-stap/")


def test_without_2fa_the_password_is_enough(client, medewerker_a, settings):
    settings.MBA_2FA = False
    inloggen(client, "medewerker-a")
    assert client.get("/contactmomenten/").status_code == 200


LEES_2FA = "from mba import settings as s; print(s.MBA_2FA)"


def test_2fa_is_off_by_default_for_the_local_demo():
    uit = draai(LEES_2FA, DEBUG="1")
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.strip() == "False"


def test_2fa_is_required_in_production():
    prod = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "mba.assen.nl"}
    uit = draai(LEES_2FA, **prod)
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.strip() == "True"
    geweigerd = draai(LEES_2FA, MBA_2FA="0", **prod)
    assert geweigerd.returncode != 0
    assert "two-factor authentication is required" in geweigerd.stderr


def test_the_demo_can_switch_2fa_on():
    assert draai(LEES_2FA, DEBUG="1", MBA_2FA="1").stdout.strip() == "True"


# --- enrolment: linking an authenticator app needs the coordinator's one-time code (11.8d) -----


@pytest.fixture
def met_inschrijfcode(settings, met_2fa):
    settings.MBA_INSCHRIJFCODE = True


def test_in_production_a_stolen_password_cannot_link_the_thiefs_authenticator(
    client, medewerker_a, met_inschrijfcode
):
    """Someone who learned a medewerker's password logs in before she ever did: before, the
    second step showed him the QR code and he linked his own phone for good."""
    inloggen(client, "medewerker-a")
    response = client.get("/inloggen/tweede-stap/?next=/contactmomenten/")
    assert response.status_code == 200
    assert "inschrijfcode" in response.text.lower()
    assert "Scan deze QR-code" not in response.text and "<svg" not in response.text
    assert not TOTPDevice.objects.filter(user=medewerker_a).exists()
    # A guess, and a TOTP-style code past the form, get him nowhere.
    fout = client.post("/inloggen/tweede-stap/", {"inschrijfcode": "AAAA-BBBB-CCCC"})
    assert "klopt niet, is al gebruikt of is verlopen" in fout.text
    client.post("/inloggen/tweede-stap/", {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=medewerker_a).exists()
    assert client.get("/contactmomenten/").status_code == 302
    assert Auditregel.objects.filter(actie="inloggen_mislukt", actor=medewerker_a).count() == 1


def test_with_the_coordinators_code_she_links_her_app_once(
    client, medewerker_a, medewerker_b, coordinator, met_inschrijfcode, settings
):
    settings.MBA_2FA = False  # the coordinator's own second step is another test's
    beheer = Client()
    beheer.force_login(coordinator)
    pagina = beheer.post(
        "/beheer/mba/medewerker/",
        {"action": "inschrijfcode_maken", "_selected_action": [medewerker_a.pk]},
    )
    settings.MBA_2FA = True
    assert pagina.status_code == 200
    assert "no-store" in pagina["Cache-Control"]
    _, _, tekst = pagina.context["codes"][0]
    assert tekst in pagina.text
    assert not Inschrijfcode.objects.filter(code_hash__contains=tekst.replace("-", "")).exists()

    # Not for another account.
    inloggen(client, "medewerker-b")
    fout = client.post("/inloggen/tweede-stap/", {"inschrijfcode": tekst})
    assert "klopt niet" in fout.text
    client.post("/uitloggen/")

    inloggen(client, "medewerker-a")
    verder = client.post(
        "/inloggen/tweede-stap/", {"inschrijfcode": tekst.lower(), "next": "/contactmomenten/"}
    )
    assert verder["Location"] == "/inloggen/tweede-stap/?next=%2Fcontactmomenten%2F"
    qr = client.get(verder["Location"])
    assert "Scan deze QR-code" in qr.text
    device = TOTPDevice.objects.get(user=medewerker_a, confirmed=False)
    klaar = client.post(
        "/inloggen/tweede-stap/", {"code": code(device), "next": "/contactmomenten/"}
    )
    assert klaar["Location"] == "/contactmomenten/"
    assert client.get("/contactmomenten/").status_code == 200

    # Used once: in another session the same code opens nothing.
    TOTPDevice.objects.filter(user=medewerker_a).delete()  # as if she lost her phone
    ander = Client()
    inloggen(ander, "medewerker-a")
    opnieuw = ander.post("/inloggen/tweede-stap/", {"inschrijfcode": tekst})
    assert "al gebruikt" in opnieuw.text


def test_a_code_expires(client, medewerker_a, met_inschrijfcode, time_machine, settings):
    time_machine.move_to(datetime.datetime(2021, 6, 1, 9, 0, tzinfo=datetime.UTC))
    _, tekst = Inschrijfcode.maak(medewerker_a)
    time_machine.move_to(
        datetime.datetime(2021, 6, 1, 9, 0, tzinfo=datetime.UTC)
        + datetime.timedelta(hours=settings.INSCHRIJFCODE_GELDIG_UREN, seconds=1)
    )
    inloggen(client, "medewerker-a")
    assert "verlopen" in client.post("/inloggen/tweede-stap/", {"inschrijfcode": tekst}).text


def test_a_new_code_replaces_the_old_one(client, medewerker_a, met_inschrijfcode):
    _, oud = Inschrijfcode.maak(medewerker_a)
    _, nieuw = Inschrijfcode.maak(medewerker_a)
    inloggen(client, "medewerker-a")
    assert "klopt niet" in client.post("/inloggen/tweede-stap/", {"inschrijfcode": oud}).text
    assert client.post("/inloggen/tweede-stap/", {"inschrijfcode": nieuw}).status_code == 302


def test_the_command_makes_a_code(medewerker_a):
    out = io.StringIO()
    call_command("inschrijfcode", "medewerker-a", stdout=out)
    tekst = out.getvalue().strip().splitlines()[-1]
    assert Inschrijfcode.gebruik(medewerker_a, tekst)
    assert not Inschrijfcode.gebruik(medewerker_a, tekst)


LEES_INSCHRIJFCODE = "from mba import settings as s; print(s.MBA_INSCHRIJFCODE)"


def test_the_enrolment_code_is_required_in_production_and_off_in_the_demo():
    prod = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "mba.assen.nl"}
    assert draai(LEES_INSCHRIJFCODE, **prod).stdout.strip() == "True"
    geweigerd = draai(LEES_INSCHRIJFCODE, MBA_INSCHRIJFCODE="0", **prod)
    assert geweigerd.returncode != 0
    assert "enrolment code" in geweigerd.stderr
    assert draai(LEES_INSCHRIJFCODE, DEBUG="1").stdout.strip() == "False"


def test_a_user_without_a_role_gets_no_pages(client, actium):
    zonder = Medewerker.objects.create_user("zonder", password=WACHTWOORD, organisatie=actium)
    assert not Group.objects.filter(user=zonder).exists()
    client.force_login(zonder)
    response = client.get("/")
    assert response.status_code == 403
    assert "nog geen rol" in response.text
    assert client.get("/initiatieven/").status_code == 403
    assert client.get("/contactmomenten/").status_code == 403


def test_a_password_of_the_old_hasher_is_stored_with_argon2_after_logging_in(
    client, medewerker_a, settings
):
    """Production hashes with Argon2id (docs/adr/0011); a password hashed before, with PBKDF2,
    still logs in and is stored again with Argon2 at that login."""
    from django.contrib.auth.hashers import make_password

    from mba import settings as productie

    settings.PASSWORD_HASHERS = productie.PASSWORD_HASHERS
    medewerker_a.password = make_password(WACHTWOORD, hasher="pbkdf2_sha256")
    medewerker_a.save(update_fields=["password"])
    assert inloggen(client, "medewerker-a").status_code == 302
    medewerker_a.refresh_from_db()
    assert medewerker_a.password.startswith("argon2$argon2id$")
    client.post("/uitloggen/")
    assert inloggen(client, "medewerker-a").status_code == 302
    assert inloggen(Client(), "medewerker-a", "fout").status_code == 200
