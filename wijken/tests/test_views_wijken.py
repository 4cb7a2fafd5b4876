"""The wijk at a glance, and physical projects with the social work linked to them."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mba.models import Export
from mba.tests import webfabriek as f
from rapportage.kengetallen import Periode, vergelijking
from wijken.models import FysiekProject, Indicator, Locatie, Meting, Prioriteit, Wijkprofiel


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


def als(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def lariks(wijk_a, actium, medewerker_a, medewerker_b, vaart):
    Wijkprofiel.objects.create(wijk=wijk_a, jaar=2021, tekst="Lariks is een wijk in beweging.")
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Kwetsbare bewoners", geldig_van=2021)
    ind = Indicator.objects.create(
        prioriteit=prio,
        naam="Bewoners met een signaal geholpen",
        streefwaarde=80,
        streefdatum=datetime.date(2023, 12, 31),
        eenheid="%",
    )
    Meting.objects.create(indicator=ind, datum=datetime.date(2021, 7, 1), waarde=64)
    Locatie.objects.create(wijk=wijk_a, naam="BIC Lariks", soort="bic")
    Locatie.objects.create(
        wijk=wijk_a, naam="Oud BIC", soort="bic", gesloten_op=datetime.date(2020, 1, 1)
    )
    proj = f.project(wijk_a, actium, start=datetime.date(2021, 2, 1))
    f.contact(medewerker_a, wijk_a, fysiek_project=proj, datum=datetime.date(2021, 3, 1))
    f.contact(medewerker_b, wijk_a, datum=datetime.date(2021, 3, 2), kanaal="straat")
    f.contacten(2, medewerker_a, wijk_a, datum=datetime.date(2020, 3, 1))
    f.activiteit(wijk_a, naam="Soep op de stoep", fysiek_project=proj)
    f.initiatief(wijk_a, titel="Bankje bij de vijver")
    return proj


def test_the_wijk_page_shows_profile_priorities_projects_places_and_timeline(
    client, medewerker_a, wijk_a, lariks
):
    response = als(client, medewerker_a).get("/wijken/lariks/")
    html = response.text
    assert "Lariks is een wijk in beweging." in html
    assert "Kwetsbare bewoners" in html
    assert "Bewoners met een signaal geholpen" in html and "64 % (2021)" in html
    # no nulmeting: no line to be on course with
    assert "80 % in 2023" in html and "Onbekend" in html
    assert "Sloop flats Thorbeckelaan" in html
    assert "BIC Lariks" in html and "Oud BIC" not in html
    soorten = {i["soort"] for i in response.context["tijdlijn"]}
    assert soorten == {"Contact", "Activiteit", "Initiatief", "Project"}


def test_its_figures_are_the_figures_module_for_this_year_against_last(
    client, medewerker_a, wijk_a, lariks
):
    response = als(client, medewerker_a).get("/wijken/lariks/")
    rijen = {r["label"]: r for r in response.context["cijferrijen"]}
    verwacht = vergelijking(Periode.jaar(2021), wijk=wijk_a).as_dict()
    assert rijen["Contactmomenten"]["huidig"] == verwacht["huidig"]["contactmomenten"]["totaal"]
    assert (rijen["Contactmomenten"]["huidig"], rijen["Contactmomenten"]["vorige"]) == (2, 2)
    assert (
        rijen["Activiteiten gehouden"]["huidig"] == verwacht["huidig"]["activiteiten"]["gehouden"]
    )


def test_the_timeline_holds_only_the_contacts_the_user_may_see(
    client, medewerker_b, stuurgroep, wijk_a, lariks
):
    soorten = [
        i["soort"] for i in als(client, medewerker_b).get("/wijken/lariks/").context["tijdlijn"]
    ]
    assert soorten.count("Contact") == 1  # only medewerker_b's own contact in Lariks
    soorten = [
        i["soort"] for i in als(client, stuurgroep).get("/wijken/lariks/").context["tijdlijn"]
    ]
    assert "Contact" not in soorten


@pytest.mark.parametrize("persona", ["coordinator", "medewerker_a", "medewerker_b", "stuurgroep"])
def test_every_role_reads_every_wijk_page(client, request, wijk_a, wijk_b, persona):
    als(client, request.getfixturevalue(persona))
    assert client.get("/wijken/").status_code == 200
    assert client.get("/wijken/lariks/").status_code == 200
    assert client.get("/wijken/peelo/").status_code == 200
    assert client.get("/wijken/bestaat-niet/").status_code == 404


def test_anonymous_users_go_to_the_login_page(client, wijk_a):
    assert client.get("/wijken/lariks/")["Location"].startswith("/inloggen/")
    assert client.get("/projecten/")["Location"].startswith("/inloggen/")


def test_the_wijk_page_runs_the_same_queries_for_few_or_many_rows(
    client, medewerker_a, wijk_a, lariks, actium, django_assert_num_queries
):
    als(client, medewerker_a).get("/wijken/lariks/")
    with CaptureQueriesContext(connection) as weinig:
        client.get("/wijken/lariks/")
    eenzaam = f.signaal()
    # today's, so that the timeline shows contacts (and writes its audit row) here too
    f.contacten(40, medewerker_a, wijk_a, signalen=[eenzaam], datum=datetime.date(2021, 6, 15))
    for i in range(20):
        f.activiteit(wijk_a, naam=f"Activiteit {i}")
        f.initiatief(wijk_a, titel=f"Initiatief {i}", status="toegekend")
        f.project(wijk_a, actium, naam=f"Project {i}", start=datetime.date(2021, 1, 1 + i))
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get("/wijken/lariks/")


# --- projects -----------------------------------------------------------------------------------


def test_the_project_page_makes_the_fysiek_sociale_koppeling_visible(
    client, medewerker_a, stuurgroep, lariks
):
    html = als(client, medewerker_a).get(f"/projecten/{lariks.pk}/").text
    assert "1 contactmoment en 1 activiteit bij dit project." in html
    assert "Soep op de stoep" in html
    html = als(client, stuurgroep).get(f"/projecten/{lariks.pk}/").text
    assert "1 contactmoment en 1 activiteit" in html
    assert "/contactmomenten/" not in html


@pytest.mark.parametrize(
    "persona, eigen, nieuw",
    [
        ("coordinator", 200, 200),
        ("medewerker_a", 200, 200),
        ("medewerker_b", 403, 200),
        ("stuurgroep", 403, 403),
    ],
)
def test_only_the_wijks_team_changes_a_project(client, request, lariks, persona, eigen, nieuw):
    als(client, request.getfixturevalue(persona))
    assert client.get(f"/projecten/{lariks.pk}/").status_code == 200
    assert client.get(f"/projecten/{lariks.pk}/bewerken/").status_code == eigen
    assert client.get("/projecten/nieuw/").status_code == nieuw


def test_a_medewerker_adds_a_project_in_their_wijk_once(client, medewerker_a, wijk_a, actium):
    data = {
        "formtoken": f.formtoken(),
        "naam": "Groot onderhoud Molukse wijk",
        "soort": "groot_onderhoud",
        "status": "uitvoering",
        "wijk": wijk_a.pk,
        "eigenaar": actium.pk,
        "start": "2021-03-01",
        "woningen_gesloopt": "0",
        "woningen_opgeleverd": "0",
        "woningen_gepland": "48",
    }
    als(client, medewerker_a)
    eerste = client.post("/projecten/nieuw/", data)
    tweede = client.post("/projecten/nieuw/", data)
    project = FysiekProject.objects.get()
    assert eerste["Location"] == tweede["Location"] == f"/projecten/{project.pk}/"
    assert project.woningen_gepland == 48


def test_a_medewerker_cannot_add_a_project_in_another_wijk(client, medewerker_a, wijk_b, actium):
    response = als(client, medewerker_a).post(
        "/projecten/nieuw/",
        {
            "naam": "X",
            "soort": "sloop",
            "status": "voorbereiding",
            "wijk": wijk_b.pk,
            "eigenaar": actium.pk,
            "woningen_gesloopt": "0",
            "woningen_opgeleverd": "0",
            "woningen_gepland": "0",
        },
    )
    assert "wijk" in response.context["form"].errors
    assert not FysiekProject.objects.exists()


def test_a_finished_project_needs_an_end_date(client, medewerker_a, lariks):
    response = als(client, medewerker_a).post(
        f"/projecten/{lariks.pk}/bewerken/",
        {
            "naam": lariks.naam,
            "soort": "sloop",
            "status": "afgerond",
            "wijk": lariks.wijk_id,
            "eigenaar": lariks.eigenaar_id,
            "woningen_gesloopt": "7",
            "woningen_opgeleverd": "0",
            "woningen_gepland": "140",
        },
    )
    assert "Een afgerond project heeft een einddatum." in response.text
    lariks.refresh_from_db()
    assert lariks.status == "voorbereiding"


def test_the_project_list_filters_and_exports(client, stuurgroep, lariks, wijk_b, actium):
    f.project(wijk_b, actium, naam="Nieuwbouw Peelo", soort="nieuwbouw", woningen_gepland=30)
    als(client, stuurgroep)
    r = client.get("/projecten/", {"soort": "nieuwbouw"})
    assert [p.naam for p in r.context["pagina"].object_list] == ["Nieuwbouw Peelo"]
    export = client.get("/projecten/", {"soort": "nieuwbouw", "export": "csv"})
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    rij = [dict(zip(rijen[0], r, strict=True)) for r in rijen[1:]]
    assert [(r["naam"], r["wijk"], r["woningen gepland"]) for r in rij] == [
        ("Nieuwbouw Peelo", "Peelo", "30")
    ]
    assert Export.objects.get().lijst == "projecten"


def test_the_project_list_filters_projects_active_in_a_period(client, coordinator, wijk_a, actium):
    f.project(
        wijk_a,
        actium,
        naam="Klaar in 2019",
        start=datetime.date(2018, 1, 1),
        eind=datetime.date(2019, 6, 1),
        status="afgerond",
    )
    f.project(wijk_a, actium, naam="Loopt", start=datetime.date(2020, 1, 1))
    f.project(wijk_a, actium, naam="Begint in 2023", start=datetime.date(2023, 1, 1))
    r = als(client, coordinator).get(
        "/projecten/", {"datum_van": "2021-01-01", "datum_tot": "2021-12-31"}
    )
    assert [p.naam for p in r.context["pagina"].object_list] == ["Loopt"]


def test_the_project_list_runs_the_same_queries_for_few_or_many_rows(
    client, medewerker_a, wijk_a, actium, django_assert_num_queries
):
    als(client, medewerker_a).get("/projecten/")
    f.project(wijk_a, actium)
    with CaptureQueriesContext(connection) as weinig:
        client.get("/projecten/")
    for i in range(30):
        f.project(wijk_a, actium, naam=f"Project {i}")
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get("/projecten/")
    assert FysiekProject.objects.count() == 31


def test_the_wijken_list_runs_the_same_queries_for_few_or_many_wijken(
    client, medewerker_a, django_assert_num_queries
):
    from wijken.models import Buurt, Wijk

    als(client, medewerker_a).get("/wijken/")
    with CaptureQueriesContext(connection) as weinig:
        client.get("/wijken/")
    for i in range(10):
        w = Wijk.objects.create(naam=f"Wijk {i}", slug=f"wijk-{i}", volgorde=20 + i)
        Buurt.objects.create(wijk=w, naam=f"Buurt {i}", slug=f"buurt-{i}")
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get("/wijken/")


def test_the_wijk_page_says_the_share_of_vulnerable_households_as_the_report_words_it(
    client, lariks, wijk_a, medewerker_a
):
    wijk_a.kwetsbare_huishoudens = "ruim de helft"
    wijk_a.save()
    pagina = als(client, medewerker_a).get("/wijken/lariks/").text
    assert "kwetsbare huishoudens: ruim de helft" in pagina
    assert "kwetsbare huishoudens: ruim de helft" in client.get("/wijken/").text
