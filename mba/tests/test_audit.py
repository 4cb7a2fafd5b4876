"""The audit trail: every view, change, export and download of records with personal data
writes who did it, from where, with what result; refused requests and failed logins too; and
nobody can alter or remove a row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from activiteiten.models import Contactmoment
from mba.models import Auditregel, Export
from mba.tests import webfabriek as f
from rapportage.models import Jaarrapportage, PdfOpdracht

from .conftest import met_sleutel

CONTACTMOMENT = "activiteiten.contactmoment"
INITIATIEF = "initiatieven.bewonersinitiatief"
NAAM, EMAIL, TELEFOON = f.INITIATIEFNEMER
WACHTWOORD = "Een-lang-wachtwoord-2021"


def als(client, user):
    client.force_login(user)
    return client


def regel():
    """The one audit row written since the test started."""
    return Auditregel.objects.get()


@pytest.fixture
def contact_a(medewerker_a, wijk_a):
    return f.contact(medewerker_a, wijk_a, notitie="Zorgen over eenzaamheid in de flat.")


@pytest.fixture
def contact_b(medewerker_b, wijk_b):
    return f.contact(medewerker_b, wijk_b)


@pytest.fixture
def ini_a(wijk_a):
    return f.initiatief(wijk_a)


# --- seeing, changing, exporting, downloading ---------------------------------------------------


def test_opening_a_contact_moment_records_who_saw_it_and_from_where(
    client, medewerker_a, actium, contact_a
):
    als(client, medewerker_a).get(f"/contactmomenten/{contact_a.pk}/")
    r = regel()
    assert (r.actie, r.resultaat, r.herkomst) == ("bekeken", "toegestaan", "pagina")
    assert (r.objecttype, r.object_id, r.aantal) == (CONTACTMOMENT, str(contact_a.pk), 1)
    assert (r.actor, r.actor_naam, r.organisatie) == (medewerker_a, "medewerker-a", actium)
    assert r.pad == f"/contactmomenten/{contact_a.pk}/"
    assert r.ip_adres == "127.0.0.1"
    assert r.api_sleutel is None and r.doel == ""


def test_a_page_of_the_list_is_one_row_with_the_number_of_contact_moments_shown(
    client, medewerker_a, wijk_a
):
    f.contacten(30, medewerker_a, wijk_a)
    als(client, medewerker_a).get("/contactmomenten/", {"kanaal": "aan_de_deur"})
    r = regel()
    assert (r.actie, r.objecttype, r.object_id, r.aantal) == ("bekeken", CONTACTMOMENT, "", 25)
    assert r.pad == "/contactmomenten/"  # without the query string


def test_an_empty_list_shows_no_one_and_writes_nothing(client, medewerker_a, contact_b):
    als(client, medewerker_a).get("/contactmomenten/")
    assert not Auditregel.objects.exists()


def test_logging_a_contact_moment_is_recorded_with_the_contact_moment(
    client, medewerker_a, wijk_a, time_machine
):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    als(client, medewerker_a).post(
        "/contactmomenten/nieuw/",
        {
            "formtoken": f.formtoken(),
            "datum": "2021-06-15",
            "wijk": wijk_a.pk,
            "kanaal": "bic",
            "aanleiding": "vraag_bewoner",
            "soort": "individueel",
            "bewoners_bereikt": "1",
        },
    )
    contact = Contactmoment.objects.get()
    r = regel()
    assert (r.actie, r.objecttype, r.object_id) == ("aangemaakt", CONTACTMOMENT, str(contact.pk))


def test_editing_a_contact_moment_records_the_form_seen_and_the_change(
    client, medewerker_a, contact_a, wijk_a
):
    als(client, medewerker_a)
    client.get(f"/contactmomenten/{contact_a.pk}/bewerken/")
    client.post(
        f"/contactmomenten/{contact_a.pk}/bewerken/",
        {
            "datum": "2021-05-03",
            "wijk": wijk_a.pk,
            "kanaal": "straat",
            "aanleiding": "wijkronde",
            "soort": "individueel",
            "bewoners_bereikt": "2",
            "notitie": "Nog steeds zorgen.",
        },
    )
    contact_a.refresh_from_db()
    assert contact_a.kanaal == "straat"
    acties = list(Auditregel.objects.order_by("pk").values_list("actie", "object_id"))
    assert acties == [("bekeken", str(contact_a.pk)), ("gewijzigd", str(contact_a.pk))]


def test_a_change_that_cannot_be_recorded_is_not_saved(
    client, medewerker_a, wijk_a, vaart, monkeypatch
):
    contact = f.contact(medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)

    def kapot(**velden):
        raise DatabaseError("de auditregel kan niet worden geschreven")

    monkeypatch.setattr(Auditregel.objects, "create", kapot)
    als(client, medewerker_a)
    with pytest.raises(DatabaseError):
        client.post(f"/contactmomenten/{contact.pk}/vervolg-afronden/")
    contact.refresh_from_db()
    assert contact.vervolg_afgerond_op is None


def test_closing_a_follow_up_is_a_change(client, medewerker_a, wijk_a, vaart):
    contact = f.contact(medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    als(client, medewerker_a).post(f"/contactmomenten/{contact.pk}/vervolg-afronden/")
    contact.refresh_from_db()
    assert contact.vervolg_afgerond_op is not None
    assert (regel().actie, regel().object_id) == ("gewijzigd", str(contact.pk))


def test_pages_that_show_contact_moments_in_passing_record_how_many(
    client, medewerker_a, wijk_a, actium, vaart
):
    act = f.activiteit(wijk_a)
    proj = f.project(wijk_a, actium)
    f.contacten(3, medewerker_a, wijk_a, activiteit=act, fysiek_project=proj)
    f.contact(medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    als(client, medewerker_a)
    for pad, aantal in [
        (f"/activiteiten/{act.pk}/", 3),
        (f"/projecten/{proj.pk}/", 3),
        ("/wijken/lariks/?jaar=2021", 4),
        ("/", 1),  # my open follow-up
    ]:
        client.get(pad)
        r = Auditregel.objects.first()
        assert (r.pad, r.objecttype, r.aantal) == (pad.split("?")[0], CONTACTMOMENT, aantal)
    assert Auditregel.objects.count() == 4


def test_initiatiefnemer_details_seen_by_the_wijks_team_are_recorded(
    client, medewerker_a, medewerker_b, stuurgroep, ini_a
):
    als(client, medewerker_a).get(f"/initiatieven/{ini_a.pk}/")
    r = regel()
    assert (r.actie, r.objecttype, r.object_id) == ("bekeken", INITIATIEF, str(ini_a.pk))
    for ander in (medewerker_b, stuurgroep):  # the page without the details: nothing to record
        assert NAAM not in als(client, ander).get(f"/initiatieven/{ini_a.pk}/").text
    assert Auditregel.objects.count() == 1


def test_an_anonymised_initiative_shows_no_details_and_writes_nothing(client, coordinator, wijk_a):
    leeg = dict.fromkeys(["initiatiefnemer_naam", "initiatiefnemer_email"], "")
    ini = f.initiatief(wijk_a, initiatiefnemer_telefoon="", **leeg)
    als(client, coordinator).get(f"/initiatieven/{ini.pk}/")
    assert not Auditregel.objects.exists()


def test_changing_initiatiefnemer_details_is_recorded(client, medewerker_a, ini_a, wijk_a):
    als(client, medewerker_a).post(
        f"/initiatieven/{ini_a.pk}/bewerken/",
        {
            "titel": ini_a.titel,
            "wijk": wijk_a.pk,
            "aangevraagd_op": "2021-03-01",
            "initiatiefnemer_naam": NAAM,
            "initiatiefnemer_email": "nieuw@example.org",
            "initiatiefnemer_telefoon": TELEFOON,
        },
    )
    ini_a.refresh_from_db()
    assert ini_a.initiatiefnemer_email == "nieuw@example.org"
    assert (regel().actie, regel().object_id) == ("gewijzigd", str(ini_a.pk))


def test_an_export_of_contact_moments_is_recorded_with_its_row_count(client, medewerker_a, wijk_a):
    f.contacten(30, medewerker_a, wijk_a)
    als(client, medewerker_a).get("/contactmomenten/", {"export": "csv"})
    r = regel()
    assert (r.actie, r.herkomst, r.objecttype, r.aantal) == (
        "geexporteerd",
        "export",
        CONTACTMOMENT,
        30,  # every filtered row, not a page
    )
    assert Export.objects.get().aantal_rijen == 30


def test_an_export_with_contact_details_asks_for_its_purpose(client, coordinator, ini_a):
    als(client, coordinator)
    pagina = client.get("/initiatieven/")
    assert "Waarvoor hebt u deze gegevens nodig?" in pagina.text

    zonder = client.get("/initiatieven/", {"export": "csv", "status": "aangevraagd"})
    assert zonder.status_code == 400
    assert zonder["Content-Type"].startswith("text/html")
    assert "Vul het doel van de export in." in zonder.text
    assert 'name="status" value="aangevraagd"' in zonder.text  # the filters stay
    assert not Export.objects.exists() and not Auditregel.objects.exists()

    doel = "Initiatiefnemers benaderen over hun aanvraag"
    met = client.get("/initiatieven/", {"export": "csv", "status": "aangevraagd", "doel": doel})
    assert met["Content-Type"].startswith("text/csv")
    assert EMAIL in met.content.decode("utf-8-sig")
    r = regel()
    assert (r.actie, r.objecttype, r.aantal, r.doel) == ("geexporteerd", INITIATIEF, 1, doel)
    assert Export.objects.get().filters == {"status": "aangevraagd"}  # the purpose is not a filter


def test_a_purpose_may_not_hold_personal_data(client, coordinator, ini_a):
    response = als(client, coordinator).get(
        "/initiatieven/", {"export": "csv", "doel": "Henk bellen op 06-12345678"}
    )
    assert response.status_code == 400
    assert "telefoonnummer" in response.text
    assert not Auditregel.objects.exists()


def test_an_export_without_personal_data_asks_nothing_and_records_nothing(
    client, stuurgroep, ini_a
):
    als(client, stuurgroep)
    assert "Waarvoor hebt u" not in client.get("/initiatieven/").text
    response = client.get("/initiatieven/", {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert Export.objects.exists() and not Auditregel.objects.exists()


def test_downloading_the_annual_report_pdf_is_recorded_in_the_app_and_through_the_api(
    client, stuurgroep, sleutel, actium, media, monkeypatch
):
    rapport = Jaarrapportage.objects.create(
        jaar=2021,
        titel="Jaarrapportage 2021",
        status="gepubliceerd",
        gepubliceerd_op=timezone.now(),
    )
    opdracht = PdfOpdracht(rapportage=rapport, html_hash="x", html="<p>", status="klaar")
    opdracht.bestand.save("jaarrapportage-2021.pdf", ContentFile(b"%PDF-1.7"), save=False)
    opdracht.save()
    monkeypatch.setattr("rapportage.views.pdf_aanvragen", lambda r: opdracht)
    monkeypatch.setattr("rapportage.api.pdf_aanvragen", lambda r: opdracht)

    response = als(client, stuurgroep).get("/rapportage/2021/pdf/")
    assert response["Content-Type"] == "application/pdf"
    r = regel()
    assert (r.actie, r.objecttype, r.object_id, r.actor, r.herkomst) == (
        "gedownload",
        "rapportage.jaarrapportage",
        str(rapport.pk),
        stuurgroep,
        "pagina",
    )

    client.logout()
    api = met_sleutel(client, sleutel[1])
    response = api.get("/api/v1/jaarrapportages/2021/pdf/", HTTP_ACCEPT="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    r = Auditregel.objects.first()
    assert (r.actie, r.object_id, r.api_sleutel, r.organisatie, r.herkomst) == (
        "gedownload",
        str(rapport.pk),
        sleutel[0],
        actium,
        "api",
    )


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_api_call_with_a_key_is_one_row_with_the_key_and_the_number_of_rows(
    client, sleutel, actium, medewerker_a, wijk_a
):
    contacten = f.contacten(3, medewerker_a, wijk_a)
    api = met_sleutel(client, sleutel[1])
    assert len(api.get("/api/v1/contactmomenten/?aantal=2").json()["resultaten"]) == 2
    r = regel()
    assert (r.actie, r.herkomst, r.objecttype, r.aantal) == ("bekeken", "api", CONTACTMOMENT, 2)
    assert (r.api_sleutel, r.organisatie, r.actor, r.actor_naam) == (sleutel[0], actium, None, "")
    api.get(f"/api/v1/contactmomenten/{contacten[0].pk}/")
    r = Auditregel.objects.first()
    assert (r.object_id, r.aantal) == (str(contacten[0].pk), 1)


def test_other_api_collections_hold_no_personal_data_and_write_nothing(client, sleutel, wijk_a):
    met_sleutel(client, sleutel[1]).get("/api/v1/wijken/")
    assert not Auditregel.objects.exists()


# --- the beheer ---------------------------------------------------------------------------------


def formulierdata(form):
    """What the admin's change form would post back unchanged."""
    data = {}
    for veld in form:
        waarde = veld.value()
        if isinstance(waarde, (list, tuple)):
            data[veld.html_name] = [getattr(w, "pk", w) for w in waarde]
        elif waarde is None or waarde is False:
            continue
        else:
            data[veld.html_name] = str(waarde)
    return data


def test_the_beheer_records_its_list_page_and_change_of_contact_moments(
    client, coordinator, contact_a, contact_b
):
    als(client, coordinator)
    client.get("/beheer/activiteiten/contactmoment/")
    r = Auditregel.objects.first()
    assert (r.actie, r.herkomst, r.objecttype, r.aantal) == ("bekeken", "beheer", CONTACTMOMENT, 2)

    url = f"/beheer/activiteiten/contactmoment/{contact_a.pk}/change/"
    form = client.get(url).context["adminform"].form
    r = Auditregel.objects.first()
    assert (r.actie, r.herkomst, r.object_id) == ("bekeken", "beheer", str(contact_a.pk))

    data = formulierdata(form)
    data["bewoners_bereikt"] = "3"
    assert client.post(url, data).status_code == 302
    r = Auditregel.objects.first()
    assert (r.actie, r.herkomst, r.object_id) == ("gewijzigd", "beheer", str(contact_a.pk))

    client.post(f"/beheer/activiteiten/contactmoment/{contact_b.pk}/delete/", {"post": "yes"})
    assert not Contactmoment.objects.filter(pk=contact_b.pk).exists()
    r = Auditregel.objects.first()
    assert (r.actie, r.herkomst, r.object_id) == ("verwijderd", "beheer", str(contact_b.pk))


def test_the_beheer_records_opening_an_initiative_with_its_contact_details(
    client, coordinator, ini_a
):
    response = als(client, coordinator).get(
        f"/beheer/initiatieven/bewonersinitiatief/{ini_a.pk}/change/"
    )
    assert EMAIL in response.text
    r = regel()
    assert (r.actie, r.herkomst, r.objecttype, r.object_id) == (
        "bekeken",
        "beheer",
        INITIATIEF,
        str(ini_a.pk),
    )


# --- refused ------------------------------------------------------------------------------------


def test_another_teams_contact_moment_is_not_found_and_the_attempt_recorded(
    client, medewerker_b, medewerker_a, contact_a
):
    als(client, medewerker_b)
    for pad in (f"/contactmomenten/{contact_a.pk}/", f"/contactmomenten/{contact_a.pk}/bewerken/"):
        assert client.get(pad).status_code == 404
    rijen = Auditregel.objects.order_by("pk")
    assert [(r.actie, r.resultaat, r.object_id, r.actor) for r in rijen] == [
        ("geweigerd", "geweigerd", str(contact_a.pk), medewerker_b)
    ] * 2
    assert rijen[0].objecttype == CONTACTMOMENT


def test_a_contact_moment_that_does_not_exist_is_no_refusal(client, medewerker_b):
    assert als(client, medewerker_b).get("/contactmomenten/999999/").status_code == 404
    assert not Auditregel.objects.exists()


def test_the_stuurgroep_opening_contact_moments_is_recorded_as_refused(
    client, stuurgroep, contact_a
):
    als(client, stuurgroep)
    assert client.get("/contactmomenten/").status_code == 404
    assert client.get(f"/contactmomenten/{contact_a.pk}/").status_code == 404
    assert client.get("/contactmomenten/nieuw/").status_code == 403
    rijen = list(Auditregel.objects.order_by("pk"))
    assert [(r.resultaat, r.objecttype, r.object_id, r.pad) for r in rijen] == [
        ("geweigerd", CONTACTMOMENT, "", "/contactmomenten/"),
        ("geweigerd", CONTACTMOMENT, str(contact_a.pk), f"/contactmomenten/{contact_a.pk}/"),
        ("geweigerd", "", "", "/contactmomenten/nieuw/"),
    ]


def test_a_write_without_rights_is_recorded_as_refused_with_the_record(client, medewerker_b, ini_a):
    response = als(client, medewerker_b).post(f"/initiatieven/{ini_a.pk}/bewerken/", {})
    assert response.status_code == 403
    r = regel()
    assert (r.actie, r.resultaat, r.objecttype, r.object_id) == (
        "geweigerd",
        "geweigerd",
        INITIATIEF,
        str(ini_a.pk),
    )


def test_a_medewerker_asking_for_the_annual_report_is_recorded_as_refused(client, medewerker_a):
    assert als(client, medewerker_a).get("/rapportage/2021/pdf/").status_code == 403
    assert (regel().resultaat, regel().pad) == ("geweigerd", "/rapportage/2021/pdf/")


def test_the_api_records_a_revoked_key_no_key_and_a_key_outside_its_scope(
    client, ingetrokken_sleutel, statistiek_sleutel, vaart, gemeente
):
    assert (
        met_sleutel(client, ingetrokken_sleutel[1]).get("/api/v1/contactmomenten/").status_code
        == 401
    )
    r = regel()
    assert (r.actie, r.resultaat, r.herkomst, r.objecttype) == (
        "geweigerd",
        "geweigerd",
        "api",
        CONTACTMOMENT,
    )
    assert (r.api_sleutel, r.organisatie) == (ingetrokken_sleutel[0], vaart)

    met_sleutel(client, statistiek_sleutel[1]).get("/api/v1/contactmomenten/")
    r = Auditregel.objects.first()
    assert (r.resultaat, r.api_sleutel, r.organisatie) == (
        "geweigerd",
        statistiek_sleutel[0],
        gemeente,
    )

    client.defaults.pop("HTTP_AUTHORIZATION")
    assert client.get("/api/v1/wijken/").status_code == 401
    r = Auditregel.objects.first()
    assert (r.resultaat, r.herkomst, r.api_sleutel, r.pad) == (
        "geweigerd",
        "api",
        None,
        "/api/v1/wijken/",
    )
    assert Auditregel.objects.count() == 3


# --- logging in ---------------------------------------------------------------------------------


def test_a_failed_login_is_recorded_with_the_name_typed_and_never_the_password(
    client, medewerker_a
):
    client.post("/inloggen/", {"username": "medewerker-a", "password": "geheim-fout-2021"})
    client.post("/inloggen/", {"username": "wie-ben-ik", "password": "geheim-fout-2021"})
    rijen = list(Auditregel.objects.order_by("pk"))
    assert [(r.actie, r.resultaat, r.herkomst, r.actor_naam) for r in rijen] == [
        ("inloggen_mislukt", "geweigerd", "inloggen", "medewerker-a"),
        ("inloggen_mislukt", "geweigerd", "inloggen", "wie-ben-ik"),
    ]
    assert rijen[0].actor is None and rijen[0].pad == "/inloggen/"
    alles = repr(list(Auditregel.objects.values()))
    assert "geheim-fout-2021" not in alles


def test_attempts_on_a_locked_account_are_recorded_too(client, medewerker_a):
    for _ in range(6):
        response = client.post("/inloggen/", {"username": "medewerker-a", "password": "fout"})
    assert response.status_code == 429  # django-axes: locked
    assert Auditregel.objects.filter(actie="inloggen_mislukt").count() == 6
    client.post("/inloggen/", {"username": "medewerker-a", "password": WACHTWOORD})
    assert Auditregel.objects.filter(actie="inloggen_mislukt").count() == 7
    assert "_auth_user_id" not in client.session


def test_a_wrong_second_factor_code_is_a_failed_login(client, medewerker_a, settings):
    settings.MBA_2FA = True
    TOTPDevice.objects.create(user=medewerker_a, name="telefoon", confirmed=True)
    client.post("/inloggen/", {"username": "medewerker-a", "password": WACHTWOORD})
    client.post("/inloggen/tweede-stap/", {"code": "000000"})
    r = regel()
    assert (r.actie, r.resultaat, r.actor, r.pad) == (
        "inloggen_mislukt",
        "geweigerd",
        medewerker_a,
        "/inloggen/tweede-stap/",
    )


# --- append-only --------------------------------------------------------------------------------


@pytest.fixture
def vastgelegd(client, medewerker_a, contact_a):
    als(client, medewerker_a).get(f"/contactmomenten/{contact_a.pk}/")
    return regel()


def test_the_app_refuses_to_change_or_delete_an_audit_row(vastgelegd):
    vastgelegd.actor_naam = "iemand-anders"
    with pytest.raises(ValidationError):
        vastgelegd.save()
    with pytest.raises(ValidationError):
        vastgelegd.delete()
    with pytest.raises(ValidationError):
        Auditregel.objects.all().update(actor_naam="iemand-anders")
    with pytest.raises(ValidationError):
        Auditregel.objects.all().delete()
    assert regel().actor_naam == "medewerker-a"


def test_the_beheer_shows_audit_rows_but_not_even_a_superuser_can_change_them(
    client, coordinator, vastgelegd
):
    assert coordinator.is_superuser
    als(client, coordinator)
    lijst = client.get("/beheer/mba/auditregel/")
    assert lijst.status_code == 200 and "medewerker-a" in lijst.text
    assert "delete_selected" not in lijst.text  # no bulk delete
    url = f"/beheer/mba/auditregel/{vastgelegd.pk}/"
    assert client.get(f"{url}change/").status_code == 200  # read only
    assert client.post(f"{url}change/", {"actor_naam": "iemand-anders"}).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert client.get("/beheer/mba/auditregel/add/").status_code == 403
    client.post(
        "/beheer/mba/auditregel/",
        {"action": "delete_selected", "_selected_action": [vastgelegd.pk], "post": "yes"},
    )
    assert Auditregel.objects.get(pk=vastgelegd.pk).actor_naam == "medewerker-a"
    # the three refused attempts are in the trail themselves
    geweigerd = Auditregel.objects.filter(resultaat="geweigerd", actor=coordinator)
    assert sorted(geweigerd.values_list("pad", flat=True)) == sorted(
        [f"{url}change/", f"{url}delete/", "/beheer/mba/auditregel/add/"]
    )


def test_the_database_itself_refuses_to_alter_an_audit_row(vastgelegd):
    tabel = Auditregel._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"UPDATE {tabel} SET actor_naam = 'iemand-anders'")
    assert regel().actor_naam == "medewerker-a"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no delete trigger")
def test_on_postgresql_the_database_refuses_deletes_outside_the_retention_job(vastgelegd):
    tabel = Auditregel._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"DELETE FROM {tabel}")
    assert Auditregel.objects.count() == 1


# --- cost ---------------------------------------------------------------------------------------


def test_auditing_the_list_is_one_insert_however_many_rows_it_shows(
    client, medewerker_a, wijk_a, thema
):
    eenzaam = f.signaal()
    als(client, medewerker_a).get("/contactmomenten/")  # marks the session as active
    f.contacten(2, medewerker_a, wijk_a, themas=[thema], signalen=[eenzaam])
    with CaptureQueriesContext(connection) as weinig:
        client.get("/contactmomenten/")
    f.contacten(40, medewerker_a, wijk_a, themas=[thema], signalen=[eenzaam])
    with CaptureQueriesContext(connection) as veel:
        client.get("/contactmomenten/")

    def inserts(ctx):
        return [q for q in ctx.captured_queries if "INSERT" in q["sql"]]

    assert len(veel.captured_queries) == len(weinig.captured_queries)
    assert len(inserts(weinig)) == len(inserts(veel)) == 1
    assert '"mba_auditregel"' in inserts(veel)[0]["sql"]
    assert [r.aantal for r in Auditregel.objects.order_by("pk")] == [2, 25]


def test_whom_an_audit_row_names_cannot_be_deleted_only_deactivated(
    client, coordinator, medewerker_a, wijk_a
):
    """Deleting a medewerker (or key, or organisation) would have to change the rows that name
    them: refused with Django's ProtectedError; deactivating the account is the way."""
    from django.db.models import ProtectedError

    from mba import audit
    from mba.models import Auditregel

    Auditregel.objects.create(
        actie=audit.Actie.BEKEKEN,
        herkomst=audit.Herkomst.PAGINA,
        actor=medewerker_a,
        actor_naam=medewerker_a.username,
        organisatie=medewerker_a.organisatie,
    )
    with pytest.raises(ProtectedError):
        medewerker_a.delete()
    with pytest.raises(ProtectedError):
        medewerker_a.organisatie.delete()
    medewerker_a.is_active = False
    medewerker_a.save()
    assert Auditregel.objects.get().actor == medewerker_a
