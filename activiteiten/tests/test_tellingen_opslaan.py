"""A medewerker saves a contact with a theme and a signal through the form: the month's counts
are recounted once, at the end (not after the save and again for each theme and signal)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activiteiten.models import Contactmoment, Signaalsoort
from activiteiten.tests.test_views_contactmomenten import NIEUW, invoer
from rapportage import kengetallen as kg

pytestmark = pytest.mark.django_db


def test_a_contact_saved_through_the_form_is_counted_once(client, medewerker_a, wijk_a, thema):
    signaal = Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid")
    client.force_login(medewerker_a)
    client.get(NIEUW)  # the session and the form's lists are warm, as for a medewerker at work
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            NIEUW, invoer(wijk_a, themas=[thema.pk], signalen=[signaal.pk]), follow=False
        )
    assert response.status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    recounts = [s for s in sql if s.startswith('INSERT INTO "activiteiten_contacttelling"')]
    assert len(recounts) == 1, "the month's cell is recounted once, not per theme or signal"
    assert sum(s.startswith('DELETE FROM "activiteiten_contacttelling"') for s in sql) == 1

    cijfers = kg.kengetallen(kg.Periode.jaar(2021)).as_dict()
    assert cijfers["contactmomenten"]["per_thema"] == {"ontmoeten": 1}
    assert cijfers["signalen"]["per_soort"] == {"eenzaamheid": 1}


def test_an_edit_through_the_form_recounts_the_old_and_the_new_month_once(
    client, medewerker_a, wijk_a, thema
):
    client.force_login(medewerker_a)
    client.post(NIEUW, invoer(wijk_a, themas=[thema.pk]))
    contact = Contactmoment.objects.get()
    with CaptureQueriesContext(connection) as queries:
        client.post(
            f"/contactmomenten/{contact.pk}/bewerken/",
            invoer(wijk_a, datum="2021-07-02", themas=[]),
        )
    recounts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "activiteiten_contacttelling"')
    ]
    assert len(recounts) == 1  # June and July in one statement
    juli = kg.Periode(datetime.date(2021, 7, 1), datetime.date(2021, 8, 1))
    cijfers = kg.kengetallen(juli).as_dict()
    assert cijfers["contactmomenten"]["totaal"] == 1
    assert cijfers["contactmomenten"]["per_thema"] == {}
