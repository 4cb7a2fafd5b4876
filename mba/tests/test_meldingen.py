"""Issue 14, item 3: notifications that reach people, at once (meld) and in the daily digest."""

import datetime
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mba import meldingen
from mba.meldingen import Melding, MeldingVoorkeur, OverzichtVerzonden, meld
from mba.tests import webfabriek as f
from rapportage.models import Jaarrapportage

VANDAAG = datetime.date(2021, 6, 15)
LANG_GELEDEN = datetime.date(2021, 5, 1)  # more than 14 days before VANDAAG
ONLANGS = datetime.date(2021, 6, 10)


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 7, 30))


@pytest.fixture
def met_adressen(coordinator, medewerker_a, medewerker_b, stuurgroep):
    for user in (coordinator, medewerker_a, medewerker_b, stuurgroep):
        user.email = f"{user.username}@example.nl"
        user.save()


@pytest.fixture
def wereld(met_adressen, medewerker_a, medewerker_b, wijk_a, wijk_b):
    """Two staff of different organisations in different wijken, with what is due and what not."""
    notitie = "Bewoner vertelde over de buren en wil een bezoek"
    oud_a = f.contacten(2, medewerker_a, wijk_a, datum=LANG_GELEDEN, vervolg_nodig=True)
    for c in oud_a:
        c.notitie = notitie
        c.save()
    f.contact(medewerker_a, wijk_a, datum=ONLANGS, vervolg_nodig=True)  # not overdue yet
    f.contact(
        medewerker_a,
        wijk_a,
        datum=LANG_GELEDEN,
        vervolg_nodig=True,
        vervolg_afgerond_op=ONLANGS,
    )  # done
    oud_b = f.contact(medewerker_b, wijk_b, datum=LANG_GELEDEN, vervolg_nodig=True)
    wacht_a = f.initiatief(wijk_a, titel="Moestuin achter de flat")  # asked 1 March
    f.initiatief(wijk_b, titel="Buurtfeest", aangevraagd_op=ONLANGS)  # asked recently
    return {
        "notitie": notitie,
        "vervolg_a": [f"/contactmomenten/{c.pk}/" for c in oud_a],
        "vervolg_b": [f"/contactmomenten/{oud_b.pk}/"],
        "initiatief_a": [f"/initiatieven/{wacht_a.pk}/"],
    }


def links_in(bericht):
    prefix = settings.MBA_BASIS_URL.rstrip("/")
    return [
        regel.strip().removeprefix(prefix)
        for regel in bericht.body.splitlines()
        if regel.strip().startswith(prefix) and "/voorkeuren/" not in regel
    ]


def mail_aan(adres):
    berichten = [m for m in mail.outbox if m.to == [adres]]
    assert len(berichten) == 1, adres
    return berichten[0]


# --- meld(): at once, by each person's choice -------------------------------------------------


def test_meld_reaches_each_person_the_way_they_chose(
    met_adressen, coordinator, medewerker_a, medewerker_b, django_capture_on_commit_callbacks
):
    MeldingVoorkeur.objects.create(medewerker=medewerker_a, soort="algemeen", kanaal="email")
    MeldingVoorkeur.objects.create(medewerker=medewerker_b, soort="algemeen", kanaal="geen")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            meld(
                [coordinator, medewerker_a, medewerker_b],
                "algemeen",
                "Het jaarrapport 2020 is gepubliceerd",
                "/rapportage/2020/",
            )
    # the coordinator: the default of the kind, in the app only
    assert list(Melding.objects.values_list("ontvanger__username", flat=True)) == ["coordinator"]
    assert [m.to for m in mail.outbox] == [["medewerker-a@example.nl"]]
    assert "Het jaarrapport 2020 is gepubliceerd" in mail.outbox[0].body
    assert f"{settings.MBA_BASIS_URL}/rapportage/2020/" in mail.outbox[0].body


def test_no_mail_leaves_for_a_change_that_was_rolled_back(
    met_adressen, medewerker_a, django_capture_on_commit_callbacks
):
    MeldingVoorkeur.objects.create(medewerker=medewerker_a, soort="algemeen", kanaal="beide")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            meld([medewerker_a], "algemeen", "Nieuw initiatief", "/initiatieven/")
            raise RuntimeError("the save failed")
    assert mail.outbox == []
    assert not Melding.objects.exists()


def test_a_notification_refuses_personal_data_and_links_outside_mba(medewerker_a):
    with pytest.raises(ValidationError):
        meld([medewerker_a], "algemeen", "Bel mevrouw terug op 06-12345678", "/")
    with pytest.raises(ValidationError):
        meld([medewerker_a], "algemeen", "Nieuw initiatief", "https://example.org/")
    assert not Melding.objects.exists()


# --- the daily digest -------------------------------------------------------------------------


def test_the_digest_sends_each_person_exactly_their_items_and_no_personal_data(
    wereld, coordinator, medewerker_a, medewerker_b
):
    call_command("meldingen_overzicht")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["medewerker-a@example.nl", "medewerker-b@example.nl", "coordinator@example.nl"]
    )  # the steering group has nothing to do, so no mail
    assert sorted(links_in(mail_aan("medewerker-a@example.nl"))) == sorted(
        wereld["vervolg_a"] + wereld["initiatief_a"]
    )
    assert links_in(mail_aan("medewerker-b@example.nl")) == wereld["vervolg_b"]
    assert links_in(mail_aan("coordinator@example.nl")) == wereld["initiatief_a"]

    for bericht in mail.outbox:
        for persoonlijk in (*f.INITIATIEFNEMER, wereld["notitie"]):
            assert persoonlijk not in bericht.body
            assert persoonlijk not in bericht.subject
    # follow-ups reach the app too (their default: both); waiting initiatives by mail only
    assert sorted(Melding.objects.filter(ontvanger=medewerker_a).values_list("url", flat=True)) == (
        sorted(wereld["vervolg_a"])
    )
    assert OverzichtVerzonden.objects.filter(dag=VANDAAG).count() == 3


def test_running_the_digest_twice_sends_nothing_new(wereld):
    call_command("meldingen_overzicht")
    verzonden, rijen = len(mail.outbox), Melding.objects.count()
    assert verzonden > 0
    call_command("meldingen_overzicht")
    meldingen.overzicht_task.delay()
    assert len(mail.outbox) == verzonden
    assert Melding.objects.count() == rijen


def test_a_mail_failure_records_nothing_so_the_rerun_sends_once(wereld, medewerker_a, monkeypatch):
    echt = meldingen.send_mail

    def smtp_plat(onderwerp, inhoud, van, aan):
        if aan == ["medewerker-a@example.nl"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return echt(onderwerp, inhoud, van, aan)

    monkeypatch.setattr(meldingen, "send_mail", smtp_plat)
    with pytest.raises(Exception, match="draai het later opnieuw"):
        call_command("meldingen_overzicht")
    assert not OverzichtVerzonden.objects.filter(ontvanger=medewerker_a).exists()
    assert not Melding.objects.filter(ontvanger=medewerker_a).exists()
    anderen = len(mail.outbox)

    monkeypatch.setattr(meldingen, "send_mail", echt)
    call_command("meldingen_overzicht")
    call_command("meldingen_overzicht")
    assert len(mail.outbox) == anderen + 1
    mail_aan("medewerker-a@example.nl")
    assert Melding.objects.filter(ontvanger=medewerker_a).count() == len(wereld["vervolg_a"])


def test_a_person_who_chose_no_digest_kind_gets_no_mail(wereld, medewerker_b):
    MeldingVoorkeur.objects.create(medewerker=medewerker_b, soort="vervolg_te_laat", kanaal="geen")
    call_command("meldingen_overzicht")
    assert "medewerker-b@example.nl" not in [m.to[0] for m in mail.outbox]


def test_the_coordinator_hears_of_the_reports_open_points_in_the_four_weeks_before_its_deadline(
    met_adressen, coordinator, medewerker_a
):
    rapport = Jaarrapportage.objects.create(
        jaar=2020, titel="Jaarrapport 2020", deadline=datetime.date(2021, 8, 1)
    )
    call_command("meldingen_overzicht")
    assert mail.outbox == []  # seven weeks before: not yet

    rapport.deadline = datetime.date(2021, 7, 1)
    rapport.save()
    call_command("meldingen_overzicht")
    bericht = mail_aan("coordinator@example.nl")
    assert links_in(bericht)
    assert all(link.startswith("/rapportage/2020/gereed/#controle-") for link in links_in(bericht))
    assert "Jaarrapport 2020 (deadline 1 juli 2021)" in bericht.body
    assert Melding.objects.filter(ontvanger=coordinator, soort="rapport_deadline").exists()


def test_a_deadline_before_the_reports_year_is_refused(db):
    rapport = Jaarrapportage(
        jaar=2021, titel="Jaarrapport 2021", deadline=datetime.date(2020, 12, 1)
    )
    with pytest.raises(ValidationError, match="niet vóór het jaar"):
        rapport.full_clean()


def test_the_digest_is_scheduled_at_half_past_seven_amsterdam_time():
    from mba.celery import app

    taak = settings.CELERY_BEAT_SCHEDULE["meldingen_overzicht"]
    assert taak["task"] == meldingen.overzicht_task.name
    assert taak["task"] in app.tasks
    assert taak["schedule"].hour == {7}
    assert taak["schedule"].minute == {30}
    assert str(app.conf.timezone) == "Europe/Amsterdam"


# --- the bell, the list, marking read, preferences --------------------------------------------


def _meldingen(user, n):
    return Melding.objects.bulk_create(
        Melding(
            ontvanger=user, soort="algemeen", tekst=f"Nieuw initiatief {i}", url="/initiatieven/"
        )
        for i in range(n)
    )


def test_the_bell_shows_each_person_their_own_unread_count(client, medewerker_a, medewerker_b):
    _meldingen(medewerker_a, 3)
    client.force_login(medewerker_a)
    html = client.get("/").text
    assert '<span class="bel__aantal">3<span class="visueel-verborgen"> ongelezen' in html
    client.force_login(medewerker_b)
    html = client.get("/").text
    assert 'href="/meldingen/"' in html
    assert "bel__aantal" not in html


def test_marking_one_and_then_all_read(client, medewerker_a, medewerker_b):
    eerste, *_ = _meldingen(medewerker_a, 3)
    client.force_login(medewerker_b)
    assert client.post(f"/meldingen/{eerste.pk}/gelezen/").status_code == 404
    assert "Nieuw initiatief" not in client.get("/meldingen/").text

    client.force_login(medewerker_a)
    assert client.get(f"/meldingen/{eerste.pk}/gelezen/").status_code == 405
    client.post(f"/meldingen/{eerste.pk}/gelezen/")
    assert Melding.objects.ongelezen().count() == 2
    client.post("/meldingen/alles-gelezen/")
    assert Melding.objects.ongelezen().count() == 0
    assert "bel__aantal" not in client.get("/meldingen/").text


def test_the_list_runs_the_same_queries_with_3_or_30_notifications(client, medewerker_a):
    client.force_login(medewerker_a)
    _meldingen(medewerker_a, 3)
    client.get("/meldingen/")
    with CaptureQueriesContext(connection) as met_3:
        assert client.get("/meldingen/").status_code == 200
    _meldingen(medewerker_a, 27)
    with CaptureQueriesContext(connection) as met_30:
        response = client.get("/meldingen/")
    assert response.text.count('class="meldinglijst__item') == 30
    assert len(met_30.captured_queries) == len(met_3.captured_queries)


def test_preferences_are_saved_per_kind_and_a_strange_channel_is_refused(client, medewerker_a):
    client.force_login(medewerker_a)
    pagina = client.get("/meldingen/voorkeuren/").text
    for soort in meldingen.SOORTEN.values():
        assert soort.naam in pagina
    client.post("/meldingen/voorkeuren/", {"vervolg_te_laat": "app", "algemeen": "geen"})
    assert meldingen.voorkeuren_van(medewerker_a)["vervolg_te_laat"] == "app"
    assert meldingen.voorkeuren_van(medewerker_a)["algemeen"] == "geen"
    response = client.post("/meldingen/voorkeuren/", {"algemeen": "sms"})
    assert response.status_code == 400
    assert "Kies in de app, per e-mail, beide of niet." in response.text
    assert meldingen.voorkeuren_van(medewerker_a)["algemeen"] == "geen"


def test_the_bell_is_read_in_the_users_own_query_however_many_notifications(client, medewerker_a):
    client.force_login(medewerker_a)

    def queries_van_de_bel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        bel = [q for q in ctx.captured_queries if "mba_melding" in q["sql"]]
        return len(bel), len(ctx.captured_queries)

    client.get("/")
    bel_0, totaal_0 = queries_van_de_bel()
    _meldingen(medewerker_a, 40)
    bel_40, totaal_40 = queries_van_de_bel()
    assert bel_0 == bel_40 == 1  # the user, its roles, devices and unread (mba.auth)
    assert totaal_40 == totaal_0


def test_the_coordinator_sets_the_reports_deadline_in_the_beheer(client, coordinator):
    rapport = Jaarrapportage.objects.create(jaar=2020, titel="Jaarrapport 2020")
    client.force_login(coordinator)
    pagina = client.get(f"/beheer/rapportage/jaarrapportage/{rapport.pk}/change/")
    assert 'name="deadline"' in pagina.text


def test_a_digest_item_with_personal_data_is_left_out_not_mailed(
    met_adressen, medewerker_a, monkeypatch
):
    def lekkende_bron(user, dag):
        return [
            meldingen.Item("Bel mevrouw terug op 06-12345678", "/contactmomenten/"),
            meldingen.Item("Nieuw initiatief in Lariks", "/initiatieven/"),
        ]

    monkeypatch.setitem(meldingen.BRONNEN, "vervolg_te_laat", lekkende_bron)
    call_command("meldingen_overzicht")
    bericht = mail_aan("medewerker-a@example.nl")
    assert links_in(bericht) == ["/initiatieven/"]
    assert "06-12345678" not in bericht.body


def test_email_url_configures_smtp_with_starttls_and_an_encoded_password():
    from mba.tests.test_settings import draai

    uit = draai(
        "import json; from mba import settings as s; print(json.dumps(s.MAILERS['default']))",
        EMAIL_URL="smtp://mba%40assen.nl:geheim%2Fwoord@mail.assen.nl:587/?tls=1",
    )
    assert uit.returncode == 0, uit.stderr
    import json

    mailer = json.loads(uit.stdout)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.assen.nl",
        "port": 587,
        "username": "mba@assen.nl",
        "password": "geheim/woord",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 10,
    }
    fout = draai("from mba import settings", EMAIL_URL="http://mail.assen.nl/")
    assert fout.returncode != 0
    assert "EMAIL_URL" in fout.stderr


def test_a_mail_server_that_is_down_does_not_fail_the_change_that_notified(
    met_adressen, medewerker_a, monkeypatch, django_capture_on_commit_callbacks
):
    def plat(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(meldingen, "send_mail", plat)
    MeldingVoorkeur.objects.create(medewerker=medewerker_a, soort="algemeen", kanaal="beide")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            meld([medewerker_a], "algemeen", "Nieuw initiatief in Lariks", "/initiatieven/")
    assert Melding.objects.filter(ontvanger=medewerker_a).count() == 1


def test_the_bell_counts_to_99_and_then_says_more(client, medewerker_a):
    _meldingen(medewerker_a, 100)
    client.force_login(medewerker_a)
    assert '<span class="bel__aantal">99+<span' in client.get("/").text
