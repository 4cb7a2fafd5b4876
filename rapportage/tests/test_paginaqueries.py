"""Every staff page runs a fixed, small number of queries, however much work is logged; the
figures of the home and wijk pages come from the cache until something they count changes
(benchmarks/paginas.py measures the time: docs/benchmarks.md)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activiteiten.models import Contactmoment
from mba.tests import webfabriek as f

MAX_QUERIES = 12


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_every_staff_page_runs_the_same_few_queries_with_5_or_50_contacts(
    client, cijfers_in_cache, medewerker_a, wijk_a, vaart, thema
):
    eenzaam = f.signaal()

    def loggen(n):
        return f.contacten(
            n,
            medewerker_a,
            wijk_a,
            doorverwezen_naar=vaart,
            vervolg_nodig=True,
            themas=[thema],
            signalen=[eenzaam],
        )

    eerste = loggen(5)[0]
    ini = f.initiatief(wijk_a)
    act = f.activiteit(wijk_a, start=datetime.date(2021, 7, 1))
    paginas = [
        "/",
        "/contactmomenten/nieuw/",
        "/contactmomenten/",
        f"/contactmomenten/{eerste.pk}/",
        "/initiatieven/",
        f"/initiatieven/{ini.pk}/",
        "/activiteiten/",
        f"/activiteiten/{act.pk}/",
        "/projecten/",
        f"/wijken/{wijk_a.slug}/",
    ]
    client.force_login(medewerker_a)
    for url in paginas:  # the figures into the cache
        client.get(url)
    met_5 = {url: queries(client, url) for url in paginas}

    loggen(45)
    for url in paginas:
        client.get(url)
    met_50 = {url: queries(client, url) for url in paginas}

    assert met_50 == met_5
    te_veel = {url: n for url, n in met_50.items() if n > MAX_QUERIES}
    assert te_veel == {}


def test_a_contact_saved_is_counted_on_the_next_visit_of_the_home_and_wijk_pages(
    client, cijfers_in_cache, medewerker_a, wijk_a
):
    f.contacten(3, medewerker_a, wijk_a, datum=datetime.date(2021, 2, 1))
    client.force_login(medewerker_a)

    def contactmomenten(url):
        response = client.get(url)
        rijen = (
            response.context["cijferrijen"]
            if "wijken" in url
            else response.context["cijfers"][0]["rijen"]
        )
        return {r["label"]: r["huidig"] for r in rijen}["Contactmomenten"]

    assert contactmomenten("/") == 3
    assert contactmomenten(f"/wijken/{wijk_a.slug}/") == 3
    cached = queries(client, "/")

    f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1))
    assert contactmomenten("/") == 4
    assert contactmomenten(f"/wijken/{wijk_a.slug}/") == 4

    f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 4, 1))
    Contactmoment.objects.filter(wijk=wijk_a).first().delete()
    assert contactmomenten("/") == 4
    assert queries(client, "/") == cached


def test_a_change_no_signal_reports_still_reaches_the_cached_figures(
    client, cijfers_in_cache, medewerker_a, wijk_a
):
    """A bulk change (``QuerySet.update()``, as a correction script or the admin's actions do)
    sends no post_save; the recount of the monthly counts renews the contacts' data version."""
    f.contacten(3, medewerker_a, wijk_a, datum=datetime.date(2021, 2, 1))
    client.force_login(medewerker_a)

    def bereikt():
        rijen = client.get("/").context["cijfers"][0]["rijen"]
        return {r["label"]: r["huidig"] for r in rijen}["Bewoners bereikt"]

    voor = bereikt()
    Contactmoment.objects.filter(wijk=wijk_a).update(bewoners_bereikt=10)
    assert bereikt() == 30 != voor


def test_the_lists_filters_come_from_the_cache_and_still_show_what_was_chosen(
    client, cijfers_in_cache, medewerker_a, wijk_a, thema
):
    f.contacten(2, medewerker_a, wijk_a, themas=[thema])
    client.force_login(medewerker_a)
    client.get("/contactmomenten/")  # the lists into the cache
    html = client.get(f"/contactmomenten/?wijk={wijk_a.slug}&thema={thema.slug}").content.decode()
    assert f'<option value="{wijk_a.slug}" selected>' in html
    assert f'<option value="{thema.slug}" selected>' in html
    assert client.get("/contactmomenten/?wijk=bestaat-niet").status_code == 200


def test_a_contact_logged_in_lariks_shows_at_once_on_its_page_and_peelo_does_not_count_again(
    client, cijfers_in_cache, medewerker_a, wijk_a, wijk_b
):
    f.contacten(2, medewerker_a, wijk_a, datum=datetime.date(2021, 2, 1))
    f.contacten(3, medewerker_a, wijk_b, datum=datetime.date(2021, 2, 1))
    client.force_login(medewerker_a)
    lariks, peelo = f"/wijken/{wijk_a.slug}/", f"/wijken/{wijk_b.slug}/"

    def bezoek(url):
        """(contact moments this year on the page, queries of the request)"""
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        rijen = {r["label"]: r["huidig"] for r in response.context["cijferrijen"]}
        return rijen["Contactmomenten"], len(ctx.captured_queries)

    bezoek(lariks), bezoek(peelo)  # the figures into the cache
    (_, lariks_uit_cache), (_, peelo_uit_cache) = bezoek(lariks), bezoek(peelo)

    response = client.post(
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
    assert response.status_code == 302

    # Lariks counts its own contacts of this year again and the proposals of collective
    # problems from its contacts of the last 8 weeks (one query each), nothing else
    assert bezoek(lariks) == (3, lariks_uit_cache + 2)
    # Peelo's figures come from the cache as before the save
    assert bezoek(peelo) == (3, peelo_uit_cache)


def test_the_first_page_with_figures_after_a_save_runs_few_queries(
    client, cijfers_in_cache, medewerker_a, coordinator, wijk_a, wijk_b
):
    f.contacten(2, medewerker_a, wijk_a, datum=datetime.date(2021, 2, 1))
    f.contacten(2, medewerker_a, wijk_b, datum=datetime.date(2021, 2, 1))
    f.activiteit(wijk_b, status="gehouden", deelnemers=4)
    paginas = [
        (medewerker_a, "/"),
        (coordinator, "/"),
        (medewerker_a, f"/wijken/{wijk_a.slug}/"),
        (coordinator, f"/wijken/{wijk_b.slug}/"),
    ]
    for user, url in paginas:  # the figures into the cache
        client.force_login(user)
        client.get(url)

    na_opslaan = {}
    for user, url in paginas:
        client.force_login(user)
        client.get(url)  # the session, as in the runs before
        f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 6, 1))
        na_opslaan[(user.username, url)] = queries(client, url)

    te_veel = {pagina: n for pagina, n in na_opslaan.items() if n > MAX_QUERIES}
    assert te_veel == {}


def test_a_contact_saved_through_the_form_takes_at_most_12_queries(
    client, cijfers_in_cache, medewerker_a, wijk_a, thema
):
    """Issue 12: the contact form's save, one theme and one signal, in ≤ 12 queries: session,
    user with its roles (one query: mba.auth.MedewerkerBackend); the transaction (BEGIN and
    COMMIT, in a test a savepoint); the contact with its bit masks and one INSERT per link
    table; the recount of its cell, once (DELETE and INSERT … SELECT, and on PostgreSQL the
    cell's advisory lock first); the audit row; the form token (docs/adr/0009, "Update: the
    save")."""
    from activiteiten import tellingen
    from mba.models import Auditregel, Formulierinzending

    eenzaam = f.signaal()
    client.force_login(medewerker_a)
    client.get("/contactmomenten/nieuw/")  # the form's lists into the cache, as when it is shown
    data = {
        "formtoken": f.formtoken(),
        "datum": "2021-06-15",
        "wijk": wijk_a.pk,
        "kanaal": "bic",
        "aanleiding": "vraag_bewoner",
        "soort": "individueel",
        "bewoners_bereikt": "1",
        "themas": [thema.pk],
        "signalen": [eenzaam.pk],
    }
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/contactmomenten/nieuw/", data)
    contact = Contactmoment.objects.get()
    assert response["Location"] == f"/contactmomenten/{contact.pk}/"

    assert list(contact.themas.all()) == [thema]
    assert list(contact.signalen.all()) == [eenzaam]
    assert (contact.themas_bits, contact.signalen_bits) == (thema.masker, eenzaam.masker)
    assert tellingen.verschillen() == 0  # the counts know the contact, its theme and signal
    assert Auditregel.objects.filter(actie="aangemaakt", object_id=str(contact.pk)).count() == 1
    assert Formulierinzending.objects.get(token=data["formtoken"]).url == response["Location"]
    assert len(ctx.captured_queries) <= MAX_QUERIES, [q["sql"][:80] for q in ctx.captured_queries]
