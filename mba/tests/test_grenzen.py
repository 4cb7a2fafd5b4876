"""Issue 11.1 and 11.3: one form no longer takes the figures down for everyone, and personal
data typed into any free text that others read is refused, in the model."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from activiteiten.models import (
    Activiteit,
    Contactmoment,
    Contacttelling,
    Doorverwijzing,
    DoorverwijzingWijziging,
    Kerncijfer,
    Signaalsoort,
)
from activiteiten.vraagstuk import CollectiefVraagstuk, VraagstukStatusWijziging
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm, StatusWijziging
from initiatieven.voortgang import GeleverdeOndersteuning, Voortgang
from mba import grenzen
from mba.meldingen import Melding
from mba.tests import webfabriek as f
from mba.validators import geen_persoonsgegevens
from rapportage.models import (
    Hoofdstuk,
    Importtaak,
    Jaarrapportage,
    PdfOpdracht,
    Prioriteittoelichting,
    Voorbeeld,
    VoorbeeldFoto,
)
from wijken.models import (
    Buurt,
    FysiekProject,
    Indicator,
    Locatie,
    Meting,
    Prioriteit,
    Wijk,
    Wijkprofiel,
)

TE_GROOT = "5000000000000000000"  # what an outsider typed


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


def als(client, user):
    client.force_login(user)
    return client


# --- 11.1: maxima -------------------------------------------------------------------------------


def test_a_contact_moment_reaching_five_quintillion_residents_gets_a_dutch_message(
    client, medewerker_a, wijk_a
):
    data = {
        "formtoken": f.formtoken(),
        "datum": "2021-06-15",
        "wijk": wijk_a.pk,
        "kanaal": "bic",
        "aanleiding": "vraag_bewoner",
        "soort": "individueel",
        "bewoners_bereikt": TE_GROOT,
    }
    response = als(client, medewerker_a).post("/contactmomenten/nieuw/", data)
    assert response.status_code == 200
    fout = " ".join(response.context["form"].errors["bewoners_bereikt"])
    assert "hoogstens 500 bewoners" in fout
    assert not Contactmoment.objects.exists()


def test_an_activity_with_the_largest_64_bit_number_of_participants_gets_a_dutch_message(
    client, medewerker_a, wijk_a
):
    data = {
        "formtoken": f.formtoken(),
        "naam": "Soep op de stoep",
        "wijk": wijk_a.pk,
        "start": "2021-06-03",
        "status": "gehouden",
        "deelnemers": "9223372036854775807",
        "kerncijfers-TOTAL_FORMS": "1",
        "kerncijfers-INITIAL_FORMS": "0",
        "kerncijfers-MIN_NUM_FORMS": "0",
        "kerncijfers-MAX_NUM_FORMS": "1000",
        "kerncijfers-0-aantal": TE_GROOT,
        "kerncijfers-0-omschrijving": "bekers soep",
    }
    response = als(client, medewerker_a).post("/activiteiten/nieuw/", data)
    assert response.status_code == 200
    assert "hoogstens 100.000 deelnemers" in " ".join(response.context["form"].errors["deelnemers"])
    assert "hoogstens 1.000.000" in response.text  # the key figure, at its own field
    assert not Activiteit.objects.exists()


@pytest.fixture
def van_alles(medewerker_a, wijk_a, actium):
    """One record of every kind with a count or an amount."""
    activiteit = f.activiteit(wijk_a)
    prioriteit = Prioriteit.objects.create(wijk=wijk_a, titel="Eenzaamheid", geldig_van=2021)
    indicator = Indicator.objects.create(prioriteit=prioriteit, naam="Eenzame bewoners")
    return {
        "contact": f.contact(medewerker_a, wijk_a),
        "activiteit": activiteit,
        "kerncijfer": Kerncijfer.objects.create(activiteit=activiteit, aantal=1, omschrijving="x"),
        "initiatief": f.initiatief(wijk_a),
        "project": f.project(wijk_a, actium),
        "indicator": indicator,
        "meting": Meting.objects.create(
            indicator=indicator, datum=datetime.date(2021, 7, 1), waarde=3
        ),
    }


@pytest.mark.parametrize(
    "soort, model, veld, waarde, naam",
    [
        ("contact", Contactmoment, "bewoners_bereikt", 501, "bewoners_bereikt_max"),
        ("activiteit", Activiteit, "deelnemers", 100_001, "deelnemers_max"),
        ("kerncijfer", Kerncijfer, "aantal", 1_000_001, "aantal_max"),
        ("initiatief", Bewonersinitiatief, "gevraagd_bedrag", Decimal("1000000.01"), "bedrag_max"),
        ("initiatief", Bewonersinitiatief, "huishoudens_gevraagd", 10_001, "gevraagd_max"),
        ("project", FysiekProject, "woningen_gepland", 10_001, "woningen_gepland_max"),
        ("indicator", Indicator, "streefwaarde", Decimal("1000000000.01"), "streefwaarde_grens"),
        ("meting", Meting, "waarde", Decimal("-1000000000.01"), "waarde_grens"),
    ],
)
def test_a_bulk_write_beyond_the_maximum_is_refused_by_the_database(
    van_alles, soort, model, veld, waarde, naam
):
    """Around the forms (a bulk UPDATE, as an import or a script would do) the database holds
    the rule by itself."""
    with pytest.raises(IntegrityError) as e, transaction.atomic():
        model.objects.filter(pk=van_alles[soort].pk).update(**{veld: waarde})
    if connection.vendor == "postgresql":  # SQLite does not say which constraint
        assert naam in str(e.value)


def test_pages_and_the_api_stay_up_with_the_maximum_stored_many_times(
    client, coordinator, api, wijk_a, actium, medewerker_a
):
    n = 400
    contacten = Contactmoment.objects.bulk_create(
        Contactmoment(
            datum=datetime.date(2021, 1 + i % 12, 1 + i % 28),
            organisatie=actium,
            medewerker=medewerker_a,
            wijk=wijk_a,
            kanaal="bic",
            aanleiding="wijkronde",
            bewoners_bereikt=grenzen.BEWONERS_PER_CONTACT.maximum,
        )
        for i in range(n)
    )
    for i in range(20):
        f.activiteit(
            wijk_a,
            naam=f"Feest {i}",
            status="gehouden",
            deelnemers=grenzen.DEELNEMERS.maximum,
            start=datetime.date(2021, 5, 1 + i),
        )
        f.project(
            wijk_a,
            actium,
            naam=f"Project {i}",
            status="afgerond",
            start=datetime.date(2020, 1, 1),
            eind=datetime.date(2021, 5, 1 + i),
            woningen_gesloopt=grenzen.WONINGEN.maximum,
            woningen_opgeleverd=grenzen.WONINGEN.maximum,
            woningen_gepland=grenzen.WONINGEN.maximum,
        )
    Bewonersinitiatief.objects.filter(pk__in=[f.initiatief(wijk_a).pk for _ in range(5)]).update(
        gevraagd_bedrag=grenzen.BEDRAG.maximum
    )
    Jaarrapportage.objects.get_or_create(jaar=2021, defaults={"titel": "Jaarrapportage 2021"})

    als(client, coordinator)
    for url in ("/", "/wijken/lariks/", "/rapportage/2021/"):
        assert client.get(url).status_code == 200, url
    client.logout()
    antwoord = api.get("/api/v1/statistieken/", {"jaar": 2021})
    assert antwoord.status_code == 200
    assert str(len(contacten) * grenzen.BEWONERS_PER_CONTACT.maximum) in antwoord.text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite can switch its checks off")
def test_the_migration_names_existing_rows_above_a_maximum_and_stops(medewerker_a, wijk_a):
    """Rows from before the maxima: capping them would put a made-up figure in the report, so
    the migration stops and says which rows to correct."""
    contact = f.contact(medewerker_a, wijk_a)
    with connection.cursor() as c:
        c.execute("PRAGMA ignore_check_constraints = ON")
        try:
            c.execute(
                "UPDATE activiteiten_contactmoment SET bewoners_bereikt = %s WHERE id = %s",
                [int(TE_GROOT), contact.pk],
            )
        finally:
            c.execute("PRAGMA ignore_check_constraints = OFF")
    stap = grenzen.controleer_bestaande_rijen(
        "activiteiten", "contactmoment", {"bewoners_bereikt": (None, 500)}
    )
    schema_editor = type("S", (), {"connection": connection})()
    with pytest.raises(grenzen.BovenMaximum) as e:
        stap.code(django_apps, schema_editor)
    assert f"contactmoment {contact.pk}: bewoners_bereikt = {TE_GROOT}" in str(e.value)


# --- 11.3: personal data in every free text that others read ------------------------------------

PERSOONLIJK = "Bel Henk op 06-12345678 of mail henk@example.org"

VRIJE_TEKSTEN = [
    (Contactmoment, "notitie"),
    (CollectiefVraagstuk, "titel"),
    (CollectiefVraagstuk, "omschrijving"),
    (VraagstukStatusWijziging, "toelichting"),
    (Activiteit, "naam"),
    (Activiteit, "omschrijving"),
    (Activiteit, "locatie_omschrijving"),
    (Activiteit, "organisatoren_omschrijving"),
    (Kerncijfer, "omschrijving"),
    (Bewonersinitiatief, "titel"),
    (Bewonersinitiatief, "omschrijving"),
    (Bewonersinitiatief, "locatie_omschrijving"),
    (Bewonersinitiatief, "reden_hoger_bedrag"),
    (Bewonersinitiatief, "resultaat"),
    (StatusWijziging, "toelichting"),
    (Doorverwijzing, "toelichting"),
    (Doorverwijzing, "antwoord"),
    (DoorverwijzingWijziging, "antwoord"),
    (Voortgang, "tekst"),
    (Voortgang, "reden_overschrijding"),
    (Voortgang, "foto_alt"),
    (GeleverdeOndersteuning, "toegezegd"),
    (GeleverdeOndersteuning, "toelichting"),
    (Locatie, "naam"),
    (Prioriteit, "titel"),
    (Prioriteit, "toelichting"),
    (Prioriteit, "beoogd_effect"),
    (Indicator, "naam"),
    (Indicator, "eenheid"),
    (Indicator, "bron"),
    (Meting, "bron"),
    (Meting, "toelichting"),
    (Wijk, "kwetsbare_huishoudens"),
    (Wijkprofiel, "tekst"),
    (Wijkprofiel, "werkzaamheden"),
    (Wijkprofiel, "prioriteiten_toelichting"),
    (FysiekProject, "naam"),
    (FysiekProject, "aannemer"),
    (FysiekProject, "omschrijving"),
    (Voorbeeld, "titel"),
    (Voorbeeld, "tekst"),
    (Voorbeeld, "resultaten"),
    (VoorbeeldFoto, "bijschrift"),
    (VoorbeeldFoto, "alt_tekst"),
    (Jaarrapportage, "titel"),
    (Jaarrapportage, "voorwoord_titel"),
    (Jaarrapportage, "voorwoord"),
    (Hoofdstuk, "titel"),
    (Hoofdstuk, "tekst"),
    (Prioriteittoelichting, "tekst"),
    (Melding, "tekst"),
]


@pytest.mark.parametrize(
    "model, veld", VRIJE_TEKSTEN, ids=[f"{m.__name__}.{v}" for m, v in VRIJE_TEKSTEN]
)
def test_every_free_text_that_others_read_refuses_personal_data(model, veld):
    """The one check is a validator of the model field, so the forms, the beheer and the demo
    import (full_clean) all hold it."""
    field = model._meta.get_field(veld)
    assert geen_persoonsgegevens in field.validators
    with pytest.raises(ValidationError) as e:
        field.clean(PERSOONLIJK[: field.max_length or None], None)
    assert "telefoonnummer" in e.value.messages[0]


def test_the_initiatiefnemers_contact_fields_are_personal_data_on_purpose():
    for veld in ("initiatiefnemer_naam", "initiatiefnemer_email", "initiatiefnemer_telefoon"):
        assert geen_persoonsgegevens not in Bewonersinitiatief._meta.get_field(veld).validators


def test_an_initiative_with_a_phone_number_in_its_description_never_reaches_the_api(
    client, medewerker_a, wijk_a, api
):
    data = {
        "formtoken": f.formtoken(),
        "titel": "Jeu de boules-baan",
        "omschrijving": "Aanvrager: jan@example.nl, 06-12345678",
        "wijk": wijk_a.pk,
        "aangevraagd_op": "2021-06-01",
    }
    response = als(client, medewerker_a).post("/initiatieven/nieuw/", data)
    assert response.status_code == 200
    fout = " ".join(response.context["form"].errors["omschrijving"])
    assert "een e-mailadres (j…@…) en een telefoonnummer (06…78)" in fout
    assert not Bewonersinitiatief.objects.exists()
    assert "06-12345678" not in api.get("/api/v1/bewonersinitiatieven/").text


def test_an_activitys_place_refuses_a_home_address(medewerker_a, wijk_a):
    activiteit = Activiteit(
        naam="Koffie", wijk=wijk_a, start=datetime.date(2021, 6, 3), locatie_omschrijving=""
    )
    activiteit.locatie_omschrijving = "bij mevrouw thuis, Kerkstraat 12"
    with pytest.raises(ValidationError) as e:
        activiteit.full_clean()
    assert "een adres (Kerkstraat …)" in e.value.message_dict["locatie_omschrijving"][0]
    activiteit.locatie_omschrijving = "speeltuin aan de Kerkstraat"
    activiteit.full_clean()


def test_a_status_steps_explanation_refuses_personal_data(client, medewerker_a, wijk_a):
    ini = f.initiatief(wijk_a)
    response = als(client, medewerker_a).post(
        f"/initiatieven/{ini.pk}/stap/",
        {"status": "afgewezen", "besluit_op": "2021-06-10", "toelichting": "Bel 0592-123456"},
    )
    assert response.status_code == 200
    assert "telefoonnummer" in " ".join(response.context["form"].errors["toelichting"])
    ini.refresh_from_db()
    assert ini.status == "aangevraagd"
    # and around the form, the history refuses it too
    with pytest.raises(ValidationError):
        StatusWijziging.objects.create(
            initiatief=ini, naar_status="gestopt", toelichting="mail naar jan@example.nl"
        )


def test_a_meeting_places_address_is_a_buildings_address(wijk_a):
    plek = Locatie(naam="BIC Lariks", soort="bic", wijk=wijk_a, adres="Thorbeckelaan 2, 9402 AB")
    plek.full_clean()
    plek.adres = "Thorbeckelaan 2, beheerder 06-12345678"
    with pytest.raises(ValidationError):
        plek.full_clean()


# Text fields of the domain apps that do NOT go through the check, each with why. A new text
# field must be in VRIJE_TEKSTEN or here: the test below fails on any other.
GEEN_VRIJE_TEKST = {
    (Wijk, "naam"): "the coordinator's list of wijken (names of places)",
    (Buurt, "naam"): "the coordinator's list of buurten (names of places)",
    (Ondersteuningsvorm, "naam"): "the coordinator's list of kinds of support",
    (Signaalsoort, "naam"): "the coordinator's list of signals",
    (Bewonersinitiatief, "initiatiefnemer_naam"): "personal data on purpose, never served",
    (Bewonersinitiatief, "initiatiefnemer_email"): "personal data on purpose, never served",
    (Bewonersinitiatief, "initiatiefnemer_telefoon"): "personal data on purpose, never served",
    (Jaarrapportage, "ondertekening"): "the steering group signs with its own name",
    (Jaarrapportage, "gepubliceerde_html"): "made by the app from checked texts",
    (Jaarrapportage, "gepubliceerde_pdf_html"): "made by the app from checked texts",
    (Jaarrapportage, "pdf_hash"): "made by the app",
    (PdfOpdracht, "html_hash"): "made by the app",
    (PdfOpdracht, "html"): "made by the app from checked texts",
    (PdfOpdracht, "fout"): "the renderer's error, for the coordinator",
    (Contacttelling, "dimensie"): "made by the app: the name of a declaration in TELLINGEN",
    (Contacttelling, "waarde"): "made by the app: a choice's code or an id, counted",
    (Importtaak, "soort"): "made by the app: the slug of a kind of import",
    (Importtaak, "melding"): "made by the app: what went wrong with a file, for its uploader",
    (Importtaak, "bestandsnaam"): "the uploader's own file name, shown to them and audited",
}


def test_every_text_field_of_the_domain_is_checked_or_says_why_not():
    """A text field added later cannot slip past the check unnoticed."""
    from django.db import models

    gevonden = set()
    for app in ("wijken", "initiatieven", "activiteiten", "rapportage"):
        for model in django_apps.get_app_config(app).get_models():
            for veld in model._meta.get_fields():
                if (
                    isinstance(veld, models.CharField | models.TextField)
                    and not veld.choices
                    and not isinstance(veld, models.SlugField)
                ):
                    gevonden.add((model, veld.name))
    nagekeken = set(VRIJE_TEKSTEN) | set(GEEN_VRIJE_TEKST) | {(Locatie, "adres")}
    assert gevonden - nagekeken == set()
