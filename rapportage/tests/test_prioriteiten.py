"""Work linked to the priorities it serves (issue 13, items 1-2): a contact, activity, initiative
or project is linked only to priorities of its own wijk valid on its date, by every path; what
is linked is counted per priority, on the wijk page and in the API, with the same suppression."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from activiteiten import tellingen
from activiteiten.models import Activiteit, Contactmoment
from mba.models import ApiSleutel, Auditregel
from mba.tests import webfabriek as f
from rapportage import kengetallen as kg
from wijken.models import Prioriteit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


@pytest.fixture
def ontmoeten(wijk_a, thema):
    """Lariks' priority of meeting each other, 2020-2023, with the theme ontmoeten."""
    p = Prioriteit.objects.create(
        wijk=wijk_a, titel="Elkaar ontmoeten", geldig_van=2020, geldig_tot=2023
    )
    p.themas.add(thema)
    return p


@pytest.fixture
def veiligheid(wijk_a):
    return Prioriteit.objects.create(wijk=wijk_a, titel="Veilig wonen", geldig_van=2020)


@pytest.fixture
def van_peelo(wijk_b):
    return Prioriteit.objects.create(wijk=wijk_b, titel="Groen in de wijk", geldig_van=2020)


@pytest.fixture
def verlopen(wijk_a):
    return Prioriteit.objects.create(
        wijk=wijk_a, titel="Wijkvernieuwing", geldig_van=2016, geldig_tot=2020
    )


def formulier(wijk, thema, *prioriteiten):
    return {
        "formtoken": f.formtoken(),
        "datum": "2021-06-15",
        "wijk": wijk.pk,
        "kanaal": "bic",
        "aanleiding": "vraag_bewoner",
        "soort": "individueel",
        "bewoners_bereikt": "2",
        "themas": [thema.pk],
        "prioriteiten": [p.pk for p in prioriteiten],
    }


def werk_op_wijkpagina(client, wijk, prioriteit):
    response = client.get(f"/wijken/{wijk.slug}/?jaar=2021")
    assert response.status_code == 200
    (p,) = [p for p in response.context["prioriteiten"] if p["cijfers"].id == prioriteit.pk]
    return {r["label"]: r["waarde"] for r in p["werk"]}, response.content.decode()


def werk_in_api(client, sleutel, prioriteit):
    response = client.get(
        f"/api/v1/prioriteiten/{prioriteit.pk}/?jaar=2021",
        HTTP_AUTHORIZATION=f"Api-Key {sleutel}",
    )
    assert response.status_code == 200, response.content
    return response.json()["cijfers"]


def test_a_contact_linked_to_a_priority_adds_exactly_one_on_the_wijk_page_and_in_the_api(
    client, medewerker_a, wijk_a, actium, thema, ontmoeten, veiligheid
):
    # Five contacts of Lariks were linked to "Elkaar ontmoeten" earlier this year.
    for c in f.contacten(5, medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1)):
        c.prioriteiten.add(ontmoeten)
    _, sleutel = ApiSleutel.maak(actium, "Dashboard Actium", ["prioriteiten"])
    client.force_login(medewerker_a)
    pagina_voor, _ = werk_op_wijkpagina(client, wijk_a, ontmoeten)
    api_voor = werk_in_api(client, sleutel, ontmoeten)
    veilig_voor, _ = werk_op_wijkpagina(client, wijk_a, veiligheid)

    # The form proposes Lariks' priorities, the one matching the theme first.
    client.get("/contactmomenten/nieuw/")
    response = client.post("/contactmomenten/nieuw/", formulier(wijk_a, thema, ontmoeten))
    assert response.status_code == 302
    assert list(Contactmoment.objects.latest("pk").prioriteiten.all()) == [ontmoeten]

    pagina_na, html = werk_op_wijkpagina(client, wijk_a, ontmoeten)
    api_na = werk_in_api(client, sleutel, ontmoeten)
    label = kg.PRIORITEITCIJFERS["contactmomenten"][2].label
    assert pagina_na[label] == pagina_voor[label] + 1 == 6
    assert api_na["contactmomenten"] == api_voor["contactmomenten"] + 1 == 6
    bereikt = kg.PRIORITEITCIJFERS["bewoners_bereikt"][2].label
    assert pagina_na[bereikt] == pagina_voor[bereikt] + 2  # the contact reached two residents
    assert "Gedaan voor deze prioriteit" in html
    # the other priority and the other figures did not move
    assert werk_op_wijkpagina(client, wijk_a, veiligheid)[0] == veilig_voor
    assert {
        k: v for k, v in api_na.items() if k not in ("contactmomenten", "bewoners_bereikt")
    } == {k: v for k, v in api_voor.items() if k not in ("contactmomenten", "bewoners_bereikt")}


def test_the_api_hides_a_small_number_of_linked_contacts(
    client, medewerker_a, wijk_a, actium, ontmoeten
):
    for c in f.contacten(2, medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1)):
        c.prioriteiten.add(ontmoeten)
    _, sleutel = ApiSleutel.maak(actium, "Dashboard Actium", ["prioriteiten"])
    assert werk_in_api(client, sleutel, ontmoeten)["contactmomenten"] == kg.GEHEIM
    assert kg.per_prioriteit(2021, wijk=wijk_a)[ontmoeten.pk]["contactmomenten"] == 2
    # a year the priority is not valid in has no figures; a bad year is a Dutch 400
    response = client.get(
        f"/api/v1/prioriteiten/{ontmoeten.pk}/?jaar=2030", HTTP_AUTHORIZATION=f"Api-Key {sleutel}"
    )
    assert response.json()["cijfers"] is None
    response = client.get(
        f"/api/v1/prioriteiten/{ontmoeten.pk}/?jaar=twee", HTTP_AUTHORIZATION=f"Api-Key {sleutel}"
    )
    assert response.status_code == 400


def test_the_form_refuses_a_priority_of_another_wijk_or_year_and_saves_nothing(
    client, medewerker_a, wijk_a, thema, van_peelo, verlopen
):
    client.force_login(medewerker_a)
    client.get("/contactmomenten/nieuw/")
    for prioriteit, melding in (
        (van_peelo, "is een prioriteit van een andere wijk"),
        (verlopen, "geldt niet in 2021"),
    ):
        response = client.post("/contactmomenten/nieuw/", formulier(wijk_a, thema, prioriteit))
        assert response.status_code == 200
        assert melding in response.content.decode()
    assert not Contactmoment.objects.exists()
    assert tellingen.verschillen() == 0


def test_the_beheer_refuses_a_priority_of_another_wijk_with_a_message(
    client, coordinator, wijk_a, actium, van_peelo, ontmoeten
):
    client.force_login(coordinator)
    activiteit = f.activiteit(wijk_a)
    data = {
        "naam": activiteit.naam,
        "wijk": wijk_a.pk,
        "start": "2021-06-01",
        "status": "gehouden",
        "prioriteiten": [van_peelo.pk],
        "kerncijfers-TOTAL_FORMS": "0",
        "kerncijfers-INITIAL_FORMS": "0",
    }
    response = client.post(f"/beheer/activiteiten/activiteit/{activiteit.pk}/change/", data)
    assert response.status_code == 200
    assert "is een prioriteit van een andere wijk" in response.content.decode()
    assert not activiteit.prioriteiten.exists()
    data["prioriteiten"] = [ontmoeten.pk]
    response = client.post(f"/beheer/activiteiten/activiteit/{activiteit.pk}/change/", data)
    assert response.status_code == 302
    assert list(activiteit.prioriteiten.all()) == [ontmoeten]


def test_every_other_path_is_guarded_by_the_model(
    medewerker_a, wijk_a, actium, ontmoeten, van_peelo, verlopen
):
    """The shell, an import or a future API write: add() and set() from either side."""
    contact = f.contact(medewerker_a, wijk_a)
    stedelijk = Activiteit.objects.create(naam="Summergames", start=datetime.date(2021, 7, 1))
    project = f.project(wijk_a, actium, start=datetime.date(2022, 1, 1))
    for poging, melding in (
        (lambda: contact.prioriteiten.add(van_peelo), "andere wijk"),
        (lambda: van_peelo.contactmomenten.add(contact), "andere wijk"),
        (lambda: contact.prioriteiten.set([verlopen]), "geldt niet in 2021"),
        (lambda: stedelijk.prioriteiten.add(ontmoeten), "stedelijk"),
        (lambda: project.prioriteiten.add(verlopen), "geldt niet in 2022–…"),
    ):
        with pytest.raises(ValidationError, match=melding), transaction.atomic():
            poging()
    assert not Prioriteit.objects.filter(contactmomenten__isnull=False).exists()
    project.prioriteiten.add(ontmoeten)  # 2022 lies in 2020-2023
    # a linked contact moved to another wijk no longer passes its checks
    contact.prioriteiten.add(ontmoeten)
    contact = Contactmoment.objects.get(pk=contact.pk)
    contact.wijk = van_peelo.wijk
    with pytest.raises(ValidationError, match="andere wijk"):
        contact.full_clean()


def test_linking_a_priority_costs_the_save_one_insert_only(
    client, medewerker_a, wijk_a, thema, ontmoeten
):
    client.force_login(medewerker_a)
    client.get("/contactmomenten/nieuw/")
    aantallen = []
    for prioriteiten in ((), (ontmoeten,)):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                "/contactmomenten/nieuw/", formulier(wijk_a, thema, *prioriteiten)
            )
        assert response.status_code == 302
        aantallen.append(len(ctx.captured_queries))
    assert aantallen[1] == aantallen[0] + 1
    assert tellingen.verschillen() == 0


def test_activities_initiatives_and_projects_count_for_the_priorities_they_are_linked_to(
    wijk_a, actium, ontmoeten, veiligheid
):
    soep = f.activiteit(wijk_a, status="gehouden", deelnemers=40)
    gepland = f.activiteit(wijk_a, naam="Buurtbarbecue", status="gepland", deelnemers=10)
    vorig_jaar = f.activiteit(wijk_a, naam="Kerstborrel", start=datetime.date(2020, 12, 20))
    for a in (soep, gepland, vorig_jaar):
        a.prioriteiten.add(ontmoeten)
    bankje = f.initiatief(wijk_a, titel="Bankje bij de vijver", status="gerealiseerd")
    tuin = f.initiatief(wijk_a, titel="Moestuin", status="toegekend")
    kas = f.initiatief(wijk_a, titel="Kas")
    for i in (bankje, tuin, kas):
        i.prioriteiten.add(ontmoeten)
    plein = f.project(wijk_a, actium, naam="Plein Lariks", start=datetime.date(2021, 2, 1))
    plein.prioriteiten.add(ontmoeten, veiligheid)
    f.project(wijk_a, actium, naam="Buiten de periode", start=datetime.date(2023, 1, 1))

    cijfers = kg.per_prioriteit(2021, wijk=wijk_a)
    assert cijfers[ontmoeten.pk] == {
        "contactmomenten": 0,
        "bewoners_bereikt": 0,
        "signalen": 0,
        "doorverwijzingen": 0,
        "activiteiten": 1,  # held in 2021; the planned one and last year's do not count
        "deelnemers": 40,
        "initiatieven_aangevraagd": 3,
        "initiatieven_toegekend": 2,
        "initiatieven_gerealiseerd": 1,
        "projecten": 1,
    }
    assert cijfers[veiligheid.pk]["projecten"] == 1
    assert cijfers[veiligheid.pk]["activiteiten"] == 0
    # the city's figures hold the same, and outside the staff app the initiatives are hidden
    assert kg.per_prioriteit(2021)[ontmoeten.pk] == cijfers[ontmoeten.pk]
    openbaar = kg.per_prioriteit(2021, wijk=wijk_a, openbaar=True)[ontmoeten.pk]
    assert openbaar["initiatieven_aangevraagd"] == kg.GEHEIM
    assert openbaar["deelnemers"] == 40


def test_the_coordinator_accepts_the_proposals_of_a_wijk_in_bulk_and_only_then_they_count(
    client, coordinator, medewerker_b, medewerker_a, wijk_a, thema, ontmoeten, veiligheid
):
    f.contacten(6, medewerker_a, wijk_a, datum=datetime.date(2021, 4, 1), themas=[thema])
    f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 4, 1))  # no theme: no proposal
    soep = f.activiteit(wijk_a, status="gehouden", deelnemers=25)
    soep.themas.add(thema)
    url = f"/rapportage/koppelen/{wijk_a.slug}/?jaar=2021"

    # Another wijk's medewerker may not; Lariks' own page shows the proposal, uncounted.
    client.force_login(medewerker_b)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert "6 contactmomenten en 1 activiteiten koppelen" in response.content.decode()
    assert kg.per_prioriteit(2021, wijk=wijk_a)[ontmoeten.pk]["contactmomenten"] == 0

    response = client.post(url, {"prioriteit": [ontmoeten.pk]})
    assert response.status_code == 302
    cijfers = kg.per_prioriteit(2021, wijk=wijk_a)
    assert cijfers[ontmoeten.pk]["contactmomenten"] == 6
    assert cijfers[ontmoeten.pk]["activiteiten"] == 1
    assert cijfers[veiligheid.pk]["contactmomenten"] == 0  # no themes, no proposals
    assert Auditregel.objects.filter(actie="gewijzigd", aantal=6).exists()
    assert tellingen.verschillen() == 0
    assert "0 contactmomenten en 0 activiteiten" not in client.get(url).content.decode()
    assert "alles met deze thema" in client.get(url).content.decode()


def test_the_statistics_endpoint_carries_the_figures_per_priority_suppressed(
    client, medewerker_a, wijk_a, actium, ontmoeten
):
    for c in f.contacten(6, medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1)):
        c.prioriteiten.add(ontmoeten)
    f.initiatief(wijk_a, titel="Bankje").prioriteiten.add(ontmoeten)
    _, sleutel = ApiSleutel.maak(actium, "Dashboard Actium")  # the statistics only
    response = client.get(
        f"/api/v1/statistieken/?jaar=2021&wijk={wijk_a.slug}",
        HTTP_AUTHORIZATION=f"Api-Key {sleutel}",
    )
    assert response.status_code == 200
    cijfers = response.json()
    pid = str(ontmoeten.pk)
    assert cijfers["contactmomenten"]["overige"]["prioriteit"][pid] == 6
    assert cijfers["initiatieven"]["per_prioriteit"][pid]["aangevraagd"] == kg.GEHEIM
    assert kg.werk_per_prioriteit(cijfers)[ontmoeten.pk]["contactmomenten"] == 6


def werk_in_rapport(prioriteit):
    """{figure's name: value} under the priority in its wijk chapter of the 2021 report."""
    import re

    from rapportage.models import Jaarrapportage
    from rapportage.rapport import rapport_html

    rapport, _ = Jaarrapportage.objects.get_or_create(jaar=2021, titel="Jaarrapportage 2021")
    html = rapport_html(rapport)
    begin = html.index(f'<div class="prioriteit" id="prioriteit-{prioriteit.pk}">')
    blok = html[begin : html.index("</dl>", begin)]
    return dict(re.findall(r">([^<>]+)</abbr></dt><dd>([^<]+)</dd>", blok))


def test_a_contact_linked_to_a_priority_adds_exactly_one_to_its_figures_in_the_report(
    client, medewerker_a, wijk_a, thema, ontmoeten, veiligheid
):
    for c in f.contacten(5, medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1)):
        c.prioriteiten.add(ontmoeten)
    voor, veilig_voor = werk_in_rapport(ontmoeten), werk_in_rapport(veiligheid)

    client.force_login(medewerker_a)
    client.get("/contactmomenten/nieuw/")
    response = client.post("/contactmomenten/nieuw/", formulier(wijk_a, thema, ontmoeten))
    assert response.status_code == 302

    na = werk_in_rapport(ontmoeten)
    label = kg.PRIORITEITCIJFERS["contactmomenten"][2].label
    assert int(na[label]) == int(voor[label]) + 1 == 6
    bereikt = kg.PRIORITEITCIJFERS["bewoners_bereikt"][2].label
    assert int(na[bereikt]) == int(voor[bereikt]) + 2  # the contact reached two residents
    # the rest of its work and the other priority's did not move
    gelijk = set(na) - {label, bereikt}
    assert len(gelijk) == len(kg.PRIORITEITCIJFERS) - 2
    assert {k: na[k] for k in gelijk} == {k: voor[k] for k in gelijk}
    assert werk_in_rapport(veiligheid) == veilig_voor


def test_the_report_shows_a_small_number_of_linked_contacts_as_less_than_five(
    medewerker_a, wijk_a, ontmoeten
):
    for c in f.contacten(2, medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1)):
        c.prioriteiten.add(ontmoeten)
    label = kg.PRIORITEITCIJFERS["contactmomenten"][2].label
    assert werk_in_rapport(ontmoeten)[label] == "&lt; 5"
