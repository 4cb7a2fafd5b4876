"""The home page: my wijken, my open follow-ups, initiatives waiting, upcoming activities and
this year's figures against last year's, from the one figures module."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mba.tests import webfabriek as f
from rapportage.kengetallen import Periode, vergelijking_per_wijk


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


def test_it_shows_my_wijken_follow_ups_initiatives_and_upcoming_activities(
    client, medewerker_a, medewerker_b, wijk_a, wijk_b, vaart
):
    mijn_vervolg = f.contact(medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    f.contact(medewerker_b, wijk_b, doorverwezen_naar=vaart, vervolg_nodig=True)
    wacht = f.initiatief(wijk_a, titel="Bankje bij de vijver")
    f.initiatief(wijk_a, titel="Klaar", status="gerealiseerd", toegekend_bedrag=None)
    f.initiatief(wijk_b, titel="In Peelo")
    komt = f.activiteit(wijk_a, naam="Koffieochtend", start=datetime.date(2021, 7, 1))
    stedelijk = f.activiteit(None, naam="Superbuur", start=datetime.date(2021, 9, 1))
    f.activiteit(wijk_a, naam="Geweest", start=datetime.date(2021, 5, 1))
    f.activiteit(wijk_b, naam="Elders", start=datetime.date(2021, 7, 1))

    client.force_login(medewerker_a)
    response = client.get("/")
    ctx = response.context
    assert ctx["eigen_wijken"] == [wijk_a]
    assert [c.pk for c in ctx["vervolgen"]] == [mijn_vervolg.pk]
    assert ctx["initiatieven"] == [wacht]
    assert ctx["activiteiten"] == [komt, stedelijk]
    assert "Bankje bij de vijver" in response.text and "In Peelo" not in response.text


def test_its_figures_are_the_figures_module_for_my_wijk_this_year_against_last(
    client, medewerker_a, wijk_a
):
    f.contacten(3, medewerker_a, wijk_a, datum=datetime.date(2021, 2, 1))
    f.contacten(1, medewerker_a, wijk_a, datum=datetime.date(2020, 2, 1))
    client.force_login(medewerker_a)
    response = client.get("/")
    assert response.context["jaar"] == 2021
    [blok] = response.context["cijfers"]
    rijen = {r["label"]: r for r in blok["rijen"]}
    verwacht = vergelijking_per_wijk(Periode.jaar(2021))[wijk_a].as_dict()
    assert rijen["Contactmomenten"]["huidig"] == verwacht["huidig"]["contactmomenten"]["totaal"]
    assert (rijen["Contactmomenten"]["huidig"], rijen["Contactmomenten"]["vorige"]) == (3, 1)
    assert rijen["Contactmomenten"]["verschil"] == "+2"  # as the report writes it


def test_another_year_can_be_chosen(client, medewerker_a, wijk_a):
    f.contacten(2, medewerker_a, wijk_a, datum=datetime.date(2020, 2, 1))
    client.force_login(medewerker_a)
    response = client.get("/", {"jaar": "2020"})
    rijen = {r["label"]: r for r in response.context["cijfers"][0]["rijen"]}
    assert rijen["Contactmomenten"]["huidig"] == 2
    assert client.get("/", {"jaar": "abc"}).context["jaar"] == 2021


def test_stuurgroep_sees_the_city_and_no_contact_moments(client, stuurgroep, medewerker_a, wijk_a):
    f.contact(medewerker_a, wijk_a, vervolg_nodig=True)
    client.force_login(stuurgroep)
    response = client.get("/")
    assert response.context["vervolgen"] is None
    stad = {r["label"]: r for r in response.context["stad"]}
    assert stad["Contactmomenten"]["huidig"] == 1  # the city's figures, from the figures module
    assert response.context["cijfers"] == []
    assert "Contactmoment loggen" not in response.text
    assert "/contactmomenten/" not in response.text


def test_the_home_page_runs_the_same_queries_for_few_or_many_rows(
    client, medewerker_a, wijk_a, vaart, django_assert_num_queries
):
    """The lists on the page are sliced; the figures module runs a fixed number of queries."""
    client.force_login(medewerker_a)
    client.get("/")
    f.contacten(2, medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    f.initiatief(wijk_a)
    f.activiteit(wijk_a, start=datetime.date(2021, 7, 1))
    with CaptureQueriesContext(connection) as weinig:
        client.get("/")
    f.contacten(30, medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    for i in range(10):
        f.initiatief(wijk_a, titel=f"Initiatief {i}")
        f.activiteit(wijk_a, naam=f"Activiteit {i}", start=datetime.date(2021, 7, 1 + i))
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get("/")
