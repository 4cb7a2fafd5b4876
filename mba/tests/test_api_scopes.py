"""Scopes per collection and per sensitive field (issue 11.6).

A partner's data warehouse used to get every contact moment with its exact date, buurt, referral
(politie …) and signals such as geldzorgen or psychische klachten: the health and money of a
household. Now a key reads only the collections it was given; a contact moment's row has its
dates per month, no buurt and no referral unless the key's scopes say otherwise; and the
special-category signals are in no row at all, whatever the scopes: only counted, in the
statistics.
"""

import datetime

import pytest

from activiteiten.models import Contactmoment, Signaalsoort
from mba.models import (
    ALLE_SCOPES,
    COLLECTIE_SCOPES,
    CONTACT_BUURT,
    CONTACT_DAG,
    CONTACT_DOORVERWIJZING,
    CONTACT_WEEK,
    SCOPES,
    STATISTIEKEN,
    ApiSleutel,
)
from mba.urls import api_urls, router

from .conftest import met_sleutel

pytestmark = pytest.mark.django_db


@pytest.fixture
def geldzorgen(db):
    return Signaalsoort.objects.create(naam="Geldzorgen", slug="geldzorgen", bijzonder=True)


@pytest.fixture
def contact(wijk_a, buurt_a, actium, vaart, medewerker_a, signaal, geldzorgen):
    """Thursday 13 May 2021 in Lariks: loneliness and money worries, referred to Vaart."""
    cm = Contactmoment.objects.create(
        datum=datetime.date(2021, 5, 13),
        medewerker=medewerker_a,
        organisatie=actium,
        wijk=wijk_a,
        buurt=buurt_a,
        kanaal="aan_de_deur",
        aanleiding="wijkronde",
        doorverwezen_naar=vaart,
        vervolg_nodig=True,
        vervolg_afgerond_op=datetime.date(2021, 5, 20),
    )
    cm.signalen.set([signaal, geldzorgen])
    return cm


def sleutel_met(client, actium, *scopes):
    _, tekst = ApiSleutel.maak(actium, "Koppeling", list(scopes))
    return met_sleutel(client, tekst)


def rij(client, cm):
    response = client.get(f"/api/v1/contactmomenten/{cm.pk}/")
    assert response.status_code == 200, response.content
    lijst = client.get("/api/v1/contactmomenten/").json()["resultaten"]
    assert lijst == [response.json()]
    return response.json()


def test_every_collection_of_the_router_is_a_scope_of_its_own():
    assert {prefix: viewset.api_scope for prefix, viewset, _ in router.registry} == {
        scope: scope for scope in COLLECTIE_SCOPES
    }
    statistieken = [p for p in api_urls if "statistieken" in str(p.pattern)]
    assert statistieken
    assert {p.callback.view_class.api_scope for p in statistieken} == {STATISTIEKEN}


@pytest.mark.parametrize("prefix", list(COLLECTIE_SCOPES))
def test_a_key_reads_a_collection_only_with_its_scope(client, actium, wijk_a, prefix):
    anders = next(s for s in COLLECTIE_SCOPES if s != prefix)
    zonder = sleutel_met(client, actium, STATISTIEKEN, anders)
    response = zonder.get(f"/api/v1/{prefix}/")
    assert response.status_code == 403
    assert f"'{prefix}'" in response.json()["fout"]
    met = sleutel_met(client, actium, prefix)
    assert met.get(f"/api/v1/{prefix}/").status_code == 200
    assert met.get("/api/v1/statistieken/?jaar=2021").status_code == 403


def test_a_contact_moment_comes_per_month_without_buurt_referral_or_money_worries(
    client, actium, contact
):
    data = rij(sleutel_met(client, actium, "contactmomenten"), contact)
    assert data["datum"] == "2021-05-01"
    assert data["vervolg_afgerond_op"] == "2021-05-01"
    assert data["datum_precisie"] == "maand"
    assert data["buurt"] is None
    assert data["doorverwezen_naar"] is None
    assert data["signalen"] == ["eenzaamheid"]


def test_the_field_scopes_give_the_week_the_day_the_buurt_and_the_referral(
    client, actium, contact, buurt_a
):
    week = rij(sleutel_met(client, actium, "contactmomenten", CONTACT_WEEK), contact)
    assert (week["datum"], week["datum_precisie"]) == ("2021-05-10", "week")  # the Monday
    assert week["vervolg_afgerond_op"] == "2021-05-17"
    alles = rij(
        sleutel_met(
            client,
            actium,
            "contactmomenten",
            CONTACT_DAG,
            CONTACT_BUURT,
            CONTACT_DOORVERWIJZING,
        ),
        contact,
    )
    assert (alles["datum"], alles["datum_precisie"]) == ("2021-05-13", "dag")
    assert alles["buurt"] == buurt_a.pk
    assert alles["doorverwezen_naar"] == "vaart-welzijn"


def test_no_scope_brings_a_special_category_signal_into_a_row_only_into_the_counts(
    client, actium, contact
):
    api = sleutel_met(client, actium, *ALLE_SCOPES)
    assert set(ALLE_SCOPES) == set(SCOPES)
    assert rij(api, contact)["signalen"] == ["eenzaamheid"]
    response = api.get("/api/v1/contactmomenten/?signaal=geldzorgen")
    assert response.status_code == 400
    assert "bijzonder" in response.json()["parameters"]["signaal"][0]
    assert api.get("/api/v1/contactmomenten/?signaal=eenzaamheid").status_code == 200
    # The statistics count them (a count under 5 as "< 5", as ever).
    cijfers = api.get("/api/v1/statistieken/?jaar=2021").json()
    assert "geldzorgen" in str(cijfers["signalen"])


def test_the_app_still_shows_the_signal_to_the_team(client, medewerker_a, contact):
    client.force_login(medewerker_a)
    data = client.get(f"/api/v1/contactmomenten/{contact.pk}/").json()
    assert data["signalen"] == ["eenzaamheid", "geldzorgen"]
    assert data["datum"] == "2021-05-13"


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("buurt={buurt}", "buurt"),
        ("doorverwezen_naar=vaart-welzijn", "doorverwezen_naar"),
        ("datum_van=2021-05-13", "datum_van"),
        ("datum_tot=2021-05-13", "datum_tot"),
        ("sortering=-datum", "sortering"),
    ],
)
def test_a_filter_cannot_ask_what_the_row_does_not_show(
    client, actium, contact, buurt_a, query, parameter
):
    api = sleutel_met(client, actium, "contactmomenten")
    response = api.get(f"/api/v1/contactmomenten/?{query.format(buurt=buurt_a.pk)}")
    assert response.status_code == 400
    assert parameter in response.json()["parameters"]


def test_whole_months_filter_as_ever(client, actium, contact):
    api = sleutel_met(client, actium, "contactmomenten")
    mei = api.get("/api/v1/contactmomenten/?datum_van=2021-05-01&datum_tot=2021-05-31")
    assert [r["id"] for r in mei.json()["resultaten"]] == [contact.pk]
    juni = api.get("/api/v1/contactmomenten/?datum_van=2021-06-01&datum_tot=2021-06-30")
    assert juni.json()["resultaten"] == []


def test_a_key_hears_only_of_deletions_in_its_own_collections(client, actium, contact, wijk_a):
    pk = contact.pk
    contact.delete()
    api = sleutel_met(client, actium, "verwijderingen", "activiteiten")
    assert api.get("/api/v1/verwijderingen/").json()["resultaten"] == []
    api = sleutel_met(client, actium, "verwijderingen", "contactmomenten")
    rijen = api.get("/api/v1/verwijderingen/").json()["resultaten"]
    assert [(r["collectie"], r["id"]) for r in rijen] == [("contactmomenten", pk)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_keys_keep_what_they_read_less_the_special_category_signals():
    """The migration gives a key of scope "alles" every scope there is (its rows as before,
    less the special-category signals, which no scope gives) and a statistics key the
    statistics."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    voor, na = [("mba", "0010_weigeringsreeks")], [("mba", "0011_api_sleutel_scopes")]
    executor = MigrationExecutor(connection)
    executor.migrate(voor)
    apps = executor.loader.project_state(voor).apps
    organisatie = apps.get_model("mba", "Organisatie").objects.create(
        naam="Actium (migratie)", slug="actium-migratie", soort="woningcorporatie"
    )
    oud = apps.get_model("mba", "ApiSleutel")
    for i, scope in enumerate(["alles", "statistieken"]):
        oud.objects.create(
            organisatie=organisatie, naam=scope, prefix=f"mba_{i}", sleutel_hash=str(i), scope=scope
        )
    executor = MigrationExecutor(connection)
    executor.migrate(na)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    scopes = dict(ApiSleutel.objects.values_list("naam", "scopes"))
    assert scopes == {"alles": ALLE_SCOPES, "statistieken": [STATISTIEKEN]}
