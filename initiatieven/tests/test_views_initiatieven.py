"""Resident initiatives in the staff app: request, draagvlak, decision, execution, result; the
majority rule shown and enforced; contact details for the team only; the list and its exports."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from initiatieven.models import Bewonersinitiatief, StatusWijziging
from mba.models import Export
from mba.tests import webfabriek as f

NAAM, EMAIL, TELEFOON = f.INITIATIEFNEMER
DOEL = "Initiatiefnemers benaderen over hun aanvraag"  # contact details: the export asks why


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


@pytest.fixture
def ini_a(wijk_a):
    return f.initiatief(wijk_a)


@pytest.fixture
def ini_b(wijk_b):
    return f.initiatief(wijk_b, titel="Moestuin Peelo")


def als(client, user):
    client.force_login(user)
    return client


def aanvraag(wijk, **extra):
    geld = f.ondersteuning()
    data = {
        "formtoken": f.formtoken(),
        "titel": "Jeu de boules-baan",
        "omschrijving": "Een baan op het grasveld achter de flat.",
        "wijk": wijk.pk,
        "locatie_omschrijving": "Grasveld achter de flat",
        "aangevraagd_op": "2021-06-01",
        "initiatiefnemer_naam": NAAM,
        "initiatiefnemer_email": EMAIL,
        "initiatiefnemer_telefoon": TELEFOON,
        "gevraagde_ondersteuning": [geld.pk],
        "gevraagd_bedrag": "750.00",
    }
    data.update(extra)
    return data


# --- rights -------------------------------------------------------------------------------------


def test_it_sends_anonymous_users_to_the_login_page(client, ini_a):
    for url in ("/initiatieven/", f"/initiatieven/{ini_a.pk}/", "/initiatieven/nieuw/"):
        assert client.get(url)["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    "persona, lezen, eigen_schrijven, ander_schrijven, nieuw",
    [
        ("coordinator", 200, 200, 200, 200),
        ("medewerker_a", 200, 200, 403, 200),
        ("medewerker_b", 200, 403, 200, 200),
        ("stuurgroep", 200, 403, 403, 403),
    ],
)
def test_everyone_reads_initiatives_and_only_the_wijks_team_changes_them(
    client, request, ini_a, ini_b, persona, lezen, eigen_schrijven, ander_schrijven, nieuw
):
    als(client, request.getfixturevalue(persona))
    assert client.get("/initiatieven/").status_code == lezen
    assert client.get(f"/initiatieven/{ini_a.pk}/").status_code == lezen
    assert client.get(f"/initiatieven/{ini_a.pk}/bewerken/").status_code == eigen_schrijven
    assert client.get(f"/initiatieven/{ini_a.pk}/draagvlak/").status_code == eigen_schrijven
    assert client.post(f"/initiatieven/{ini_a.pk}/stap/", {}).status_code in (
        eigen_schrijven,
        200 if eigen_schrijven == 200 else eigen_schrijven,
    )
    assert client.get(f"/initiatieven/{ini_b.pk}/bewerken/").status_code == ander_schrijven
    assert client.get("/initiatieven/nieuw/").status_code == nieuw


def test_a_write_without_rights_changes_nothing(client, medewerker_b, ini_a):
    response = als(client, medewerker_b).post(
        f"/initiatieven/{ini_a.pk}/draagvlak/",
        {"huishoudens_gevraagd": 10, "huishoudens_voor": 9, "draagvlak_methode": "enquete"},
    )
    assert response.status_code == 403
    ini_a.refresh_from_db()
    assert ini_a.huishoudens_gevraagd is None


@pytest.mark.parametrize(
    "persona, ziet",
    [("coordinator", True), ("medewerker_a", True), ("medewerker_b", False), ("stuurgroep", False)],
)
def test_initiatiefnemer_details_are_shown_to_the_wijks_team_and_the_coordinator(
    client, request, ini_a, persona, ziet
):
    tekst = als(client, request.getfixturevalue(persona)).get(f"/initiatieven/{ini_a.pk}/").text
    assert (NAAM in tekst) is ziet
    assert (EMAIL in tekst) is ziet
    assert (TELEFOON in tekst) is ziet


def test_a_medewerker_creates_only_in_their_teams_wijken(client, medewerker_a, wijk_b):
    response = als(client, medewerker_a).post("/initiatieven/nieuw/", aanvraag(wijk_b))
    assert response.status_code == 200
    assert "wijk" in response.context["form"].errors
    assert not Bewonersinitiatief.objects.exists()


# --- from request to realised -------------------------------------------------------------------


def test_an_initiative_goes_from_request_to_realised_with_every_step_in_its_history(
    client, medewerker_a, wijk_a
):
    als(client, medewerker_a)
    response = client.post("/initiatieven/nieuw/", aanvraag(wijk_a))
    ini = Bewonersinitiatief.objects.get()
    assert response["Location"] == f"/initiatieven/{ini.pk}/"
    assert ini.status == "aangevraagd" and ini.gevraagd_bedrag == 750

    client.post(
        f"/initiatieven/{ini.pk}/draagvlak/",
        {
            "huishoudens_gevraagd": 40,
            "huishoudens_voor": 31,
            "huishoudens_tegen": 4,
            "draagvlak_methode": "handtekeningen",
            "draagvlak_gemeten_op": "2021-06-10",
        },
    )
    ini.refresh_from_db()
    assert ini.status == "draagvlak_gemeten" and ini.heeft_meerderheid

    geld = f.ondersteuning()
    client.post(
        f"/initiatieven/{ini.pk}/stap/",
        {
            "status": "toegekend",
            "toegekend_bedrag": "600",
            "geboden_ondersteuning": [geld.pk],
            "toelichting": "Akkoord wijkteam",
        },
    )
    ini.refresh_from_db()
    assert ini.status == "toegekend"
    assert ini.toegekend_bedrag == 600 and ini.besluit_op == datetime.date(2021, 6, 15)

    client.post(f"/initiatieven/{ini.pk}/stap/", {"status": "in_uitvoering"})
    client.post(
        f"/initiatieven/{ini.pk}/stap/",
        {"status": "gerealiseerd", "resultaat": "De baan ligt er; 25 bewoners bij de opening."},
    )
    ini.refresh_from_db()
    assert ini.status == "gerealiseerd" and ini.gerealiseerd_op == datetime.date(2021, 6, 15)

    stappen = list(
        StatusWijziging.objects.filter(initiatief=ini).values_list(
            "van_status", "naar_status", "door__username"
        )
    )
    assert stappen == [
        ("", "aangevraagd", "medewerker-a"),
        ("aangevraagd", "draagvlak_gemeten", "medewerker-a"),
        ("draagvlak_gemeten", "toegekend", "medewerker-a"),
        ("toegekend", "in_uitvoering", "medewerker-a"),
        ("in_uitvoering", "gerealiseerd", "medewerker-a"),
    ]
    pagina = client.get(f"/initiatieven/{ini.pk}/").text
    assert "Akkoord wijkteam" in pagina and "Medewerker" not in pagina or "medewerker-a" in pagina
    assert "Volgende stap" not in pagina  # nothing follows gerealiseerd


# --- the majority rule --------------------------------------------------------------------------


def test_toekennen_is_not_offered_without_draagvlak_and_the_reason_is_shown(
    client, medewerker_a, ini_a
):
    response = als(client, medewerker_a).get(f"/initiatieven/{ini_a.pk}/")
    assert "Toekennen" not in [
        label for _, label in response.context["stapform"].fields["status"].choices
    ]
    assert "Het draagvlak is nog niet gemeten." in response.text


def test_toekennen_is_shown_disabled_with_the_reason_when_there_is_no_majority(
    client, medewerker_a, wijk_a
):
    ini = f.initiatief(
        wijk_a, status="draagvlak_gemeten", huishoudens_gevraagd=20, huishoudens_voor=10
    )
    response = als(client, medewerker_a).get(f"/initiatieven/{ini.pk}/")
    html = response.text
    knop = html[html.index('value="toegekend"') - 120 : html.index('value="toegekend"') + 120]
    assert "disabled" in knop
    assert "Geen meerderheid: 10 van de 20 gevraagde huishoudens is vóór." in html


def test_toekennen_without_a_majority_is_refused_with_the_reason(client, medewerker_a, wijk_a):
    ini = f.initiatief(
        wijk_a, status="draagvlak_gemeten", huishoudens_gevraagd=20, huishoudens_voor=10
    )
    response = als(client, medewerker_a).post(
        f"/initiatieven/{ini.pk}/stap/", {"status": "toegekend", "toelichting": "toch doen"}
    )
    assert response.status_code == 200
    assert "Toekennen kan niet: Geen meerderheid" in response.text
    ini.refresh_from_db()
    assert ini.status == "draagvlak_gemeten"
    assert "toch doen" in response.text  # nothing typed is lost


def test_half_in_favour_is_not_a_majority(client, medewerker_a, ini_a):
    als(client, medewerker_a).post(
        f"/initiatieven/{ini_a.pk}/draagvlak/",
        {
            "huishoudens_gevraagd": 10,
            "huishoudens_voor": 5,
            "draagvlak_methode": "enquete",
            "draagvlak_gemeten_op": "2021-06-01",
        },
    )
    ini_a.refresh_from_db()
    assert not ini_a.heeft_meerderheid
    response = client.post(f"/initiatieven/{ini_a.pk}/stap/", {"status": "toegekend"})
    assert "Geen meerderheid: 5 van de 10" in response.text


@pytest.mark.parametrize(
    "data, veld, melding",
    [
        (
            {"huishoudens_gevraagd": 10, "huishoudens_voor": 8, "huishoudens_tegen": 5},
            "huishoudens_voor",
            "meer dan de 10 gevraagde",
        ),
        ({"huishoudens_gevraagd": 0, "huishoudens_voor": 0}, "huishoudens_gevraagd", "minstens 1"),
        ({"huishoudens_gevraagd": 10, "huishoudens_voor": -1}, "huishoudens_voor", "minstens 0"),
        (
            {
                "huishoudens_gevraagd": 10,
                "huishoudens_voor": 6,
                "draagvlak_gemeten_op": "2040-01-01",
            },
            "draagvlak_gemeten_op",
            "meer dan een jaar vooruit",
        ),
    ],
)
def test_bad_draagvlak_is_refused_at_the_field(client, medewerker_a, ini_a, data, veld, melding):
    invoer = {"draagvlak_methode": "enquete", "draagvlak_gemeten_op": "2021-06-01", **data}
    response = als(client, medewerker_a).post(f"/initiatieven/{ini_a.pk}/draagvlak/", invoer)
    assert response.status_code == 200
    assert melding in " ".join(response.context["form"].errors[veld])
    ini_a.refresh_from_db()
    assert ini_a.huishoudens_gevraagd is None


def test_a_request_refuses_a_negative_amount_and_keeps_the_input(client, medewerker_a, wijk_a):
    response = als(client, medewerker_a).post(
        "/initiatieven/nieuw/", aanvraag(wijk_a, gevraagd_bedrag="-5")
    )
    assert "gevraagd_bedrag" in response.context["form"].errors
    assert "Jeu de boules-baan" in response.text and EMAIL in response.text
    assert not Bewonersinitiatief.objects.exists()


def test_a_double_submitted_request_creates_one_initiative(client, medewerker_a, wijk_a):
    data = aanvraag(wijk_a)
    als(client, medewerker_a)
    client.post("/initiatieven/nieuw/", data)
    client.post("/initiatieven/nieuw/", data)
    assert Bewonersinitiatief.objects.count() == 1


# --- list and exports ---------------------------------------------------------------------------


def test_the_list_filters_by_wijk_and_status(client, stuurgroep, ini_a, ini_b, wijk_a):
    klaar = f.initiatief(wijk_a, titel="Klaar", status="gerealiseerd")
    als(client, stuurgroep)
    r = client.get("/initiatieven/", {"wijk": wijk_a.slug, "status": "gerealiseerd"})
    assert list(r.context["pagina"].object_list) == [klaar]
    assert NAAM not in client.get("/initiatieven/").text


def test_the_list_and_the_api_tell_support_asked_from_support_given(client, coordinator, wijk_a):
    """One FilterSet: ``gevraagd`` and ``ondersteuning`` (given, the API's published name) mean
    the same on the page and in the API."""
    geld, ruimte = f.ondersteuning(), f.ondersteuning("ruimte", "Ruimte")
    gevraagd = f.initiatief(wijk_a, titel="Vraagt geld")
    gevraagd.gevraagde_ondersteuning.add(geld)
    gekregen = f.initiatief(wijk_a, titel="Kreeg geld", status="toegekend")
    gekregen.gevraagde_ondersteuning.add(ruimte)
    gekregen.geboden_ondersteuning.add(geld)
    als(client, coordinator)
    for vraag, verwacht in (
        ({"gevraagd": "geld"}, ["Vraagt geld"]),
        ({"ondersteuning": "geld"}, ["Kreeg geld"]),
    ):
        pagina = client.get("/initiatieven/", vraag).context["pagina"].object_list
        api = client.get("/api/v1/bewonersinitiatieven/", vraag).json()["resultaten"]
        assert [i.titel for i in pagina] == [r["titel"] for r in api] == verwacht, vraag
    onbekend = client.get("/initiatieven/", {"gevraagd": "goud"})
    assert "gevraagd" in onbekend.context["filter"].errors
    assert client.get("/api/v1/bewonersinitiatieven/", {"gevraagd": "goud"}).status_code == 400


def lees_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_export_gives_contact_details_only_for_the_teams_own_wijk(
    client, medewerker_a, ini_a, ini_b
):
    rijen = lees_csv(
        als(client, medewerker_a).get("/initiatieven/", {"export": "csv", "doel": DOEL})
    )
    per_titel = {r[1]: dict(zip(rijen[0], r, strict=True)) for r in rijen[1:]}
    assert per_titel["Speeltuin opknappen"]["e-mail initiatiefnemer"] == EMAIL
    assert per_titel["Moestuin Peelo"]["e-mail initiatiefnemer"] == ""
    assert Export.objects.get().met_persoonsgegevens is True


def test_the_stuurgroep_export_holds_no_personal_data(client, stuurgroep, ini_a, ini_b):
    response = als(client, stuurgroep).get("/initiatieven/", {"export": "xlsx"})
    rijen = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rijen) == 3
    assert not [k for k in rijen[0] if "initiatiefnemer" in k]
    tekst = repr(rijen)
    assert NAAM not in tekst and EMAIL not in tekst and TELEFOON not in tekst
    log = Export.objects.get()
    assert (log.lijst, log.formaat, log.aantal_rijen, log.met_persoonsgegevens) == (
        "initiatieven",
        "xlsx",
        2,
        False,
    )


def test_the_export_holds_exactly_the_filtered_rows(client, coordinator, ini_a, ini_b, wijk_b):
    rijen = lees_csv(
        als(client, coordinator).get(
            "/initiatieven/", {"export": "csv", "wijk": wijk_b.slug, "doel": DOEL}
        )
    )
    assert [r[1] for r in rijen[1:]] == ["Moestuin Peelo"]


def test_the_list_runs_the_same_queries_for_few_or_many_rows(
    client, medewerker_a, wijk_a, django_assert_num_queries
):
    als(client, medewerker_a).get("/initiatieven/")
    f.initiatief(wijk_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as weinig:
        client.get("/initiatieven/")
    for i in range(30):
        f.initiatief(wijk_a, titel=f"Initiatief {i}")
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get("/initiatieven/")


def test_the_detail_page_runs_the_same_queries_for_a_short_or_long_history(
    client, medewerker_a, wijk_a, django_assert_num_queries
):
    kort = f.initiatief(wijk_a)
    lang = f.initiatief(wijk_a, titel="Lang", status="gerealiseerd")
    f.activiteit(wijk_a, initiatief=lang)
    f.activiteit(wijk_a, initiatief=lang, naam="Opening")
    als(client, medewerker_a).get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as weinig:
        client.get(f"/initiatieven/{kort.pk}/")
    with django_assert_num_queries(len(weinig.captured_queries), exact=False):
        client.get(f"/initiatieven/{lang.pk}/")


@pytest.mark.parametrize(
    "persona, naam_te_zien", [("coordinator", True), ("medewerker_b", True), ("stuurgroep", False)]
)
def test_the_history_names_the_staff_member_to_colleagues_and_the_organisation_to_the_stuurgroep(
    client, request, ini_a, medewerker_a, persona, naam_te_zien
):
    medewerker_a.first_name, medewerker_a.last_name = "Wilma", "Wijkcoachstra"
    medewerker_a.save()
    als(client, medewerker_a).post(
        f"/initiatieven/{ini_a.pk}/stap/", {"status": "afgewezen", "toelichting": "geen budget"}
    )
    stap = StatusWijziging.objects.get(initiatief=ini_a, naar_status="afgewezen")
    assert stap.door == medewerker_a

    client.logout()
    pagina = als(client, request.getfixturevalue(persona)).get(f"/initiatieven/{ini_a.pk}/")
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert ("Wilma Wijkcoachstra" in html) is naam_te_zien
    if not naam_te_zien:
        assert f"door {medewerker_a.organisatie}" in html


def test_an_initiative_serves_only_its_own_wijks_priorities_of_its_year(
    client, medewerker_a, wijk_a, wijk_b
):
    from wijken.models import Prioriteit

    speelplek = Prioriteit.objects.create(wijk=wijk_a, titel="Speelplekken", geldig_van=2021)
    groen = Prioriteit.objects.create(wijk=wijk_b, titel="Groen", geldig_van=2021)
    client = als(client, medewerker_a)
    # the form offers only the priorities of the medewerker's own wijk
    assert "Speelplekken" in client.get("/initiatieven/nieuw/").content.decode()
    response = client.post("/initiatieven/nieuw/", aanvraag(wijk_a, prioriteiten=[groen.pk]))
    assert response.status_code == 200 and not Bewonersinitiatief.objects.exists()
    # asked in 2020, before the priority held
    response = client.post(
        "/initiatieven/nieuw/",
        aanvraag(wijk_a, prioriteiten=[speelplek.pk], aangevraagd_op="2020-06-01"),
    )
    assert "geldt niet in 2020" in response.content.decode()
    assert not Bewonersinitiatief.objects.exists()
    response = client.post("/initiatieven/nieuw/", aanvraag(wijk_a, prioriteiten=[speelplek.pk]))
    assert response.status_code == 302
    assert list(Bewonersinitiatief.objects.get().prioriteiten.all()) == [speelplek]
