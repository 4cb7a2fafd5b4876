"""The page of one priority: its indicators, a chart of their measurements against the
nulmeting and the target, and a verdict by a written rule; the coordinator and the wijk's team
define indicators and enter measurements there, everyone else reads."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from mba.models import Auditregel, Medewerker
from wijken.models import Indicator, Meting, Prioriteit

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def begin_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 1, 15, 10, 0))


@pytest.fixture
def prio(wijk_a):
    return Prioriteit.objects.create(
        wijk=wijk_a,
        titel="Opgroeien in de wijk",
        geldig_van=2021,
        beoogd_effect="Een veilige plek.",
    )


@pytest.fixture
def speeltuin(prio):
    return Indicator.objects.create(
        prioriteit=prio,
        naam="Kinderen die dagelijks in de speeltuin spelen",
        eenheid="kinderen per dag",
        nulmeting=0,
        nulmeting_datum=datetime.date(2021, 7, 21),
        streefwaarde=40,
        streefdatum=datetime.date(2022, 12, 31),
        bronsoort="telling",
    )


def pagina(prio):
    return f"/wijken/{prio.wijk.slug}/prioriteiten/{prio.pk}/"


def nieuwe_meting(prio, ind):
    return f"{pagina(prio)}indicatoren/{ind.pk}/metingen/nieuw/"


def als(client, user):
    client.force_login(user)
    return client


def test_the_wijk_page_links_each_priority_to_its_page(client, medewerker_a, prio, speeltuin):
    html = als(client, medewerker_a).get("/wijken/lariks/?jaar=2021").text
    assert f'href="{pagina(prio)}"' in html


def test_a_measurement_entered_on_the_page_shows_on_it_and_in_the_api(
    client, medewerker_a, prio, speeltuin
):
    als(client, medewerker_a)
    leeg = client.get(pagina(prio)).text
    assert "Oordeel: Onbekend" in leeg and "Nog niet gemeten." in leeg

    formulier = client.get(nieuwe_meting(prio, speeltuin))
    token = formulier.context["form"]["formtoken"].value()
    response = client.post(
        nieuwe_meting(prio, speeltuin),
        {
            "formtoken": token,
            "datum": "2021-12-31",
            "waarde": "12,5",
            "bron": "Telling door de speeltuinvereniging",
            "toelichting": "Gemiddelde van vier woensdagen",
        },
    )
    assert response.status_code == 302
    html = client.get(pagina(prio)).text
    # 12,5 the Dutch way; on 31-12 the line from 0 (21-7-2021) to 40 (31-12-2022) is not at
    # 12,5 yet: on course
    assert "12,5" in html and "12,50" not in html and "31-12-2021" in html
    assert "Oordeel: Op koers" in html
    assert "Telling door de speeltuinvereniging" in html
    grafiek = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert len(list(grafiek.iter(f"{SVG}circle"))) == 1 + 1  # the measurement, the legend

    api = client.get(f"/api/v1/prioriteiten/{prio.pk}/").json()
    [indicator] = api["indicatoren"]
    assert indicator["metingen"][0]["datum"] == "2021-12-31"
    assert indicator["metingen"][0]["waarde"] == "12.50"
    assert indicator["oordeel"] == "op_koers"
    assert indicator["bronsoort"] == "telling"

    # the same form sent again (the back button) saves nothing twice
    client.post(
        nieuwe_meting(prio, speeltuin),
        {"formtoken": token, "datum": "2021-12-31", "waarde": "12,5"},
    )
    assert speeltuin.metingen.count() == 1
    regels = Auditregel.objects.filter(objecttype="wijken.meting", actor=medewerker_a)
    assert [r.actie for r in regels] == ["aangemaakt"]


def test_the_coordinator_defines_an_indicator_and_changes_a_measurement(
    client, coordinator, prio, speeltuin
):
    als(client, coordinator)
    url = f"{pagina(prio)}indicatoren/nieuw/"
    token = client.get(url).context["form"]["formtoken"].value()
    response = client.post(
        url,
        {
            "formtoken": token,
            "naam": "Meldingen van overlast door jongeren",
            "eenheid": "meldingen per maand",
            "richting": "lager",
            "nulmeting": "20",
            "nulmeting_datum": "01-01-2021",
            "streefwaarde": "10",
            "streefdatum": "31-12-2022",
            "bronsoort": "registratie",
            "bron": "Politie, meldingen in de wijk",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    overlast = prio.indicatoren.get(naam="Meldingen van overlast door jongeren")
    assert overlast.richting == "lager" and overlast.streefdatum == datetime.date(2022, 12, 31)

    meting = Meting.objects.create(indicator=overlast, datum=datetime.date(2021, 12, 31), waarde=19)
    assert "Oordeel: Achter" in client.get(pagina(prio)).text
    bewerken = f"{pagina(prio)}indicatoren/{overlast.pk}/metingen/{meting.pk}/bewerken/"
    assert 'value="19"' in client.get(bewerken).text  # 19, not 19.00
    client.post(bewerken, {"datum": "2021-12-31", "waarde": "14"})
    html = client.get(pagina(prio)).text
    assert "Oordeel: Op koers" in html and "Oordeel: Onbekend" in html  # and the speeltuin
    assert Auditregel.objects.filter(objecttype="wijken.meting", actie="gewijzigd").count() == 1
    assert Auditregel.objects.filter(objecttype="wijken.indicator", actie="aangemaakt").count() == 1


@pytest.mark.parametrize("wie", ["medewerker_b", "stuurgroep", "zonder_rol", "anoniem"])
def test_others_read_the_page_but_may_not_change_anything(client, request, prio, speeltuin, wie):
    if wie == "zonder_rol":
        client.force_login(Medewerker.objects.create_user(username="nieuw"))
    elif wie != "anoniem":
        client.force_login(request.getfixturevalue(wie))
    meting = Meting.objects.create(indicator=speeltuin, datum=datetime.date(2021, 9, 1), waarde=5)
    schrijven = [
        f"{pagina(prio)}indicatoren/nieuw/",
        f"{pagina(prio)}indicatoren/{speeltuin.pk}/bewerken/",
        nieuwe_meting(prio, speeltuin),
        f"{pagina(prio)}indicatoren/{speeltuin.pk}/metingen/{meting.pk}/bewerken/",
    ]
    verwijderen = f"{pagina(prio)}indicatoren/{speeltuin.pk}/metingen/{meting.pk}/verwijderen/"
    lezen = client.get(pagina(prio))
    assert client.post(verwijderen).status_code == {"anoniem": 302}.get(wie, 403)
    if wie == "anoniem":
        assert lezen.status_code == 302 and "/inloggen/" in lezen.url
        assert all(client.post(u, {"waarde": "1"}).status_code == 302 for u in schrijven)
    elif wie == "zonder_rol":
        assert lezen.status_code == 403
        assert all(client.post(u, {"waarde": "1"}).status_code == 403 for u in schrijven)
    else:
        assert lezen.status_code == 200
        assert speeltuin.naam in lezen.text and "Oordeel:" in lezen.text
        assert "Meting invoeren" not in lezen.text and "Indicator toevoegen" not in lezen.text
        for url in schrijven:
            assert client.get(url).status_code == 403
            assert client.post(url, {"datum": "2021-10-01", "waarde": "1"}).status_code == 403
    assert list(speeltuin.metingen.values_list("waarde", flat=True)) == [5]
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize("wie", ["medewerker_a", "coordinator"])
def test_the_coordinator_and_the_wijks_team_get_the_forms(client, request, prio, speeltuin, wie):
    html = als(client, request.getfixturevalue(wie)).get(pagina(prio)).text
    assert "Meting invoeren" in html and "Indicator toevoegen" in html


def test_a_priority_of_another_wijk_or_none_at_all_is_not_found(
    client, medewerker_a, prio, speeltuin, wijk_b
):
    als(client, medewerker_a)
    assert client.get(f"/wijken/{wijk_b.slug}/prioriteiten/{prio.pk}/").status_code == 404
    assert client.get(f"/wijken/lariks/prioriteiten/{prio.pk + 100}/").status_code == 404
    ander = Prioriteit.objects.create(wijk=wijk_b, titel="Elders", geldig_van=2021)
    url = f"/wijken/lariks/prioriteiten/{ander.pk}/indicatoren/{speeltuin.pk}/metingen/nieuw/"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "velden, fout",
    [
        ({"datum": "", "waarde": "3"}, "Dit veld is vereist"),
        ({"datum": "31-02-2021", "waarde": "3"}, "Vul een geldige datum in"),
        ({"datum": "2021-10-01", "waarde": "veel"}, "Vul een getal in"),
        ({"datum": "2021-10-01", "waarde": "1,234"}, "hoogstens 2 cijfers achter de komma"),
        ({"datum": "2021-10-01", "waarde": "2000000000"}, "Een waarde ligt tussen"),
        ({"datum": "2021-09-01", "waarde": "3"}, "al een meting"),
        (
            {"datum": "2021-10-01", "waarde": "3", "toelichting": "Gebeld met 06-12345678"},
            "telefoonnummer",
        ),
        ({"datum": "2014-10-01", "waarde": "3"}, "controleer het jaar"),
    ],
)
def test_a_bad_measurement_gets_a_dutch_message_and_saves_nothing(
    client, medewerker_a, prio, speeltuin, velden, fout
):
    Meting.objects.create(indicator=speeltuin, datum=datetime.date(2021, 9, 1), waarde=5)
    response = als(client, medewerker_a).post(nieuwe_meting(prio, speeltuin), velden)
    assert response.status_code == 200
    assert fout in response.text and "Controleer" in response.text
    assert speeltuin.metingen.count() == 1


@pytest.mark.parametrize(
    "velden, fout",
    [
        ({"streefwaarde": "10"}, "goede richting"),
        ({"streefdatum": "01-01-2021"}, "streefdatum ligt na"),
        ({"nulmeting_datum": ""}, "Vul de datum van de nulmeting in"),
        ({"naam": ""}, "Dit veld is vereist"),
        (
            {"naam": "Kinderen die dagelijks in de speeltuin spelen"},
            "al een indicator met deze naam",
        ),
    ],
)
def test_a_bad_indicator_gets_a_dutch_message_and_saves_nothing(
    client, medewerker_a, prio, speeltuin, velden, fout
):
    goed = {
        "naam": "Bezoekers van de speeltuin",
        "richting": "hoger",
        "nulmeting": "20",
        "nulmeting_datum": "2021-07-21",
        "streefwaarde": "40",
        "streefdatum": "2022-12-31",
    }
    response = als(client, medewerker_a).post(
        f"{pagina(prio)}indicatoren/nieuw/", {**goed, **velden}
    )
    assert response.status_code == 200
    assert fout in response.text
    assert prio.indicatoren.count() == 1


def test_a_measurement_typed_wrongly_is_removed_with_an_audit_row(
    client, medewerker_a, prio, speeltuin
):
    goed = Meting.objects.create(indicator=speeltuin, datum=datetime.date(2021, 9, 1), waarde=10)
    fout = Meting.objects.create(indicator=speeltuin, datum=datetime.date(2021, 12, 1), waarde=400)
    als(client, medewerker_a)
    assert "Oordeel: Doel bereikt" in client.get(pagina(prio)).text
    bewerken = f"{pagina(prio)}indicatoren/{speeltuin.pk}/metingen/{fout.pk}/bewerken/"
    assert "Deze meting verwijderen" in client.get(bewerken).text
    assert client.get(bewerken.replace("bewerken", "verwijderen")).status_code == 405
    client.post(bewerken.replace("bewerken", "verwijderen"))
    assert list(speeltuin.metingen.all()) == [goed]
    assert "Oordeel: Op koers" in client.get(pagina(prio)).text
    [regel] = Auditregel.objects.filter(objecttype="wijken.meting", actie="verwijderd")
    assert regel.object_id == str(fout.pk) and regel.actor == medewerker_a


def test_the_page_counts_the_work_linked_in_the_chosen_year_with_its_definitions(
    client, medewerker_a, prio, wijk_a
):
    import html

    from mba.tests import webfabriek as f
    from rapportage.kengetallen import PRIORITEITCIJFERS

    for c in f.contacten(3, medewerker_a, wijk_a, datum=datetime.date(2021, 9, 1)):
        c.prioriteiten.add(prio)
    als(client, medewerker_a)
    _, _, contacten = PRIORITEITCIJFERS["contactmomenten"]

    def werk(params=""):
        response = client.get(pagina(prio) + params)
        assert response.status_code == 200
        return {r["label"]: r["waarde"] for r in response.context["werk"] or []}, response.text

    in_2021, tekst = werk("?jaar=2021")
    assert in_2021[contacten.label] == 3  # exact for staff: no "< 5"
    assert "Gedaan voor deze prioriteit in 2021" in tekst
    for _, _, d in PRIORITEITCIJFERS.values():  # each figure with its definition as tooltip
        assert f'<abbr title="{html.escape(d.uitleg)}">{html.escape(d.label)}</abbr>' in tekst
    assert werk()[0][contacten.label] == 0  # this year (2022): nothing linked yet
    assert werk("?jaar=2020")[0] == {}  # before the priority began
    assert "Deze prioriteit gold niet in 2020" in werk("?jaar=2020")[1]
