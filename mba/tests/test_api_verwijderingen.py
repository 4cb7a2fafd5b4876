"""Incremental sync sees deletions: a record deleted in MBA (in the admin, or by a cascade)
shows up at /api/v1/verwijderingen/ so that a partner can delete its copy."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activiteiten.models import Contactmoment
from mba.models import API_COLLECTIES, Verwijdering
from mba.urls import router

from .conftest import maak_rijen
from .test_api_queries import VAST, tel

pytestmark = pytest.mark.django_db


def resultaten(response):
    assert response.status_code == 200, response.content
    return response.json()["resultaten"]


def test_every_collection_of_the_api_reports_its_deletions():
    collecties = {
        prefix: viewset.queryset.model._meta.label
        for prefix, viewset, _ in router.registry
        if prefix != "verwijderingen"
    }
    assert {label: prefix for prefix, label in collecties.items()} == API_COLLECTIES


def test_a_partner_syncing_since_yesterday_learns_which_contacts_were_deleted(
    api, wereld, coordinator, client
):
    gisteren = timezone.now() - datetime.timedelta(days=1)
    weg, blijft = Contactmoment.objects.filter(wijk__slug="lariks")[:2]
    weg_id = weg.pk
    client.force_login(coordinator)
    response = client.post(
        f"/beheer/activiteiten/contactmoment/{weg_id}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not Contactmoment.objects.filter(pk=weg_id).exists()

    sinds = gisteren.isoformat()
    rijen = resultaten(api.get("/api/v1/verwijderingen/", {"gewijzigd_sinds": sinds}))
    assert [(r["collectie"], r["id"]) for r in rijen] == [("contactmomenten", weg_id)]
    assert set(rijen[0]) == {"collectie", "id", "verwijderd_op"}
    # The deleted contact is gone from the collection, the other one is still there.
    ids = [r["id"] for r in resultaten(api.get("/api/v1/contactmomenten/"))]
    assert weg_id not in ids and blijft.pk in ids
    # Later than the deletion: nothing new.
    later = (timezone.now() + datetime.timedelta(seconds=1)).isoformat()
    assert resultaten(api.get("/api/v1/verwijderingen/", {"gewijzigd_sinds": later})) == []


def test_deletions_filter_by_collection_and_page_by_cursor(api, wereld):
    for contact in Contactmoment.objects.all():
        contact.delete()
    aantal = Verwijdering.objects.filter(collectie="contactmomenten").count()
    assert aantal == 3
    pagina = api.get("/api/v1/verwijderingen/", {"collectie": "contactmomenten", "aantal": 2})
    eerste = pagina.json()
    assert len(eerste["resultaten"]) == 2
    tweede = resultaten(api.get(eerste["volgende"]))
    assert len(tweede) == 1
    assert resultaten(api.get("/api/v1/verwijderingen/", {"collectie": "wijken"})) == []


def test_a_malformed_filter_is_a_400_that_names_it(api):
    response = api.get("/api/v1/verwijderingen/", {"collectie": "bewoners"})
    assert response.status_code == 400
    assert "collectie" in response.json()["parameters"]
    response = api.get("/api/v1/verwijderingen/", {"gewijzigd_sinds": "gisteren"})
    assert response.status_code == 400
    assert "gewijzigd_sinds" in response.json()["parameters"]


def test_a_deletion_has_no_detail_page(api, wereld):
    Contactmoment.objects.first().delete()
    pk = Verwijdering.objects.get().pk
    assert api.get(f"/api/v1/verwijderingen/{pk}/").status_code == 404


def test_the_list_runs_one_query_however_many_deletions(
    api, wijk_a, buurt_a, actium, vaart, thema, signaal
):
    def queries():
        api.get("/api/v1/verwijderingen/")
        with CaptureQueriesContext(connection) as ctx:
            response = api.get("/api/v1/verwijderingen/")
        return tel(ctx), len(resultaten(response))

    for contact in maak_rijen(1, wijk_a, buurt_a, actium, vaart, [thema], signaal, naam="a"):
        contact.delete()
    weinig, n_weinig = queries()
    for contact in maak_rijen(5, wijk_a, buurt_a, actium, vaart, [thema], signaal, naam="b"):
        contact.delete()
    veel, n_veel = queries()
    assert n_veel > n_weinig
    assert weinig == veel == VAST + 1
