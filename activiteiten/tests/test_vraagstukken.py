"""Collective problems: signals that cluster in one buurt become one proposal; the team turns
it into a vraagstuk or dismisses it, and a handled cluster does not come back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from activiteiten.vraagstuk import (
    AfgewezenVoorstel,
    CollectiefVraagstuk,
    VraagstukStatusWijziging,
    contacten_van,
    voorstellen,
    voorstellen_voor,
)
from mba.tests import webfabriek as f
from wijken.models import Buurt

VANDAAG = datetime.date(2021, 6, 15)


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


@pytest.fixture
def eenzaam(db):
    return f.signaal("Eenzaamheid")


def melden(n, medewerker, buurt, signaal, dagen_terug=(3,)):
    """``n`` contact moments with ``signaal`` in ``buurt``, on the given days before today
    (repeated in turn)."""
    return [
        f.contact(
            medewerker,
            buurt.wijk,
            datum=VANDAAG - datetime.timedelta(days=dagen_terug[i % len(dagen_terug)]),
            buurt=buurt,
            signalen=[signaal],
        )
        for i in range(n)
    ]


def test_five_lonely_residents_in_one_buurt_give_exactly_one_proposal(
    medewerker_a, buurt_a, eenzaam
):
    contacten = melden(5, medewerker_a, buurt_a, eenzaam, dagen_terug=(1, 10, 20, 30, 50))
    gevonden = voorstellen([buurt_a.wijk_id])
    assert len(gevonden) == 1
    v = gevonden[0]
    assert (v.buurt, v.signaal, v.aantal) == (buurt_a, eenzaam, len(contacten))
    assert set(contacten_van(v)) == set(contacten)
    assert [w.sleutel for w in voorstellen_voor(medewerker_a)] == [v.sleutel]


def test_four_contacts_are_not_yet_a_cluster(medewerker_a, buurt_a, eenzaam):
    melden(4, medewerker_a, buurt_a, eenzaam)
    assert voorstellen([buurt_a.wijk_id]) == []


def test_contacts_spread_over_more_than_eight_weeks_are_no_cluster(medewerker_a, buurt_a, eenzaam):
    melden(5, medewerker_a, buurt_a, eenzaam, dagen_terug=(1, 20, 40, 60, 80))
    assert voorstellen([buurt_a.wijk_id]) == []


def test_the_same_signal_in_two_buurten_is_no_cluster(medewerker_a, buurt_a, eenzaam):
    andere = Buurt.objects.create(wijk=buurt_a.wijk, naam="Centrum", slug="centrum")
    melden(3, medewerker_a, buurt_a, eenzaam)
    melden(2, medewerker_a, andere, eenzaam)
    assert voorstellen([buurt_a.wijk_id]) == []


def test_a_dismissed_proposal_does_not_come_back_until_five_new_contacts_cluster(
    medewerker_a, buurt_a, eenzaam
):
    melden(5, medewerker_a, buurt_a, eenzaam, dagen_terug=(5,))
    (v,) = voorstellen([buurt_a.wijk_id])
    AfgewezenVoorstel.objects.create(
        wijk=v.wijk, buurt=v.buurt, signaal=v.signaal, van=v.van, tot=v.tot, aantal=v.aantal
    )
    assert voorstellen([buurt_a.wijk_id]) == []
    melden(4, medewerker_a, buurt_a, eenzaam, dagen_terug=(1,))
    assert voorstellen([buurt_a.wijk_id]) == []
    melden(1, medewerker_a, buurt_a, eenzaam, dagen_terug=(0,))
    (terug,) = voorstellen([buurt_a.wijk_id])
    assert terug.aantal == 5


def test_a_proposal_from_other_team_is_not_mine(medewerker_b, buurt_a, medewerker_a, eenzaam):
    melden(5, medewerker_a, buurt_a, eenzaam)
    assert voorstellen_voor(medewerker_b) == []


def test_proposals_are_computed_in_a_fixed_number_of_queries(
    medewerker_a, buurt_a, eenzaam, django_assert_max_num_queries
):
    overlast = f.signaal("Overlast")
    melden(5, medewerker_a, buurt_a, eenzaam)
    with django_assert_max_num_queries(5):
        assert len(voorstellen([buurt_a.wijk_id])) == 1
    melden(30, medewerker_a, buurt_a, overlast, dagen_terug=(1, 2, 3, 4, 5, 6, 7))
    with django_assert_max_num_queries(5):
        assert len(voorstellen([buurt_a.wijk_id])) == 2


def test_the_owner_is_a_member_of_the_wijk_team(medewerker_a, medewerker_b, buurt_a):
    v = CollectiefVraagstuk(
        wijk=buurt_a.wijk, buurt=buurt_a, titel="Eenzaamheid", eigenaar=medewerker_b
    )
    with pytest.raises(ValidationError) as fout:
        v.full_clean()
    assert "eigenaar" in fout.value.message_dict
    v.eigenaar = medewerker_a
    v.full_clean()


def test_work_of_another_wijk_cannot_be_linked(medewerker_a, medewerker_b, buurt_a, wijk_b):
    v = CollectiefVraagstuk.objects.create(
        wijk=buurt_a.wijk, titel="Overlast", eigenaar=medewerker_a
    )
    elders = f.contact(medewerker_b, wijk_b)
    with pytest.raises(ValidationError), transaction.atomic():
        v.contactmomenten.add(elders)
    with pytest.raises(ValidationError), transaction.atomic():
        elders.vraagstukken.add(v)
    assert v.contactmomenten.count() == 0
    hier = f.activiteit(buurt_a.wijk)
    v.activiteiten.add(hier)
    assert list(v.activiteiten.all()) == [hier]


def test_the_status_history_is_append_only(medewerker_a, buurt_a):
    v = CollectiefVraagstuk.objects.create(
        wijk=buurt_a.wijk, titel="Overlast", eigenaar=medewerker_a
    )
    v.zet_status("in_aanpak", medewerker_a, "Buurtgesprek gepland")
    v.zet_status("opgelost", medewerker_a)
    stappen = list(v.statuswijzigingen.values_list("van_status", "naar_status"))
    assert stappen == [("gesignaleerd", "in_aanpak"), ("in_aanpak", "opgelost")]
    assert v.afgesloten_op == VANDAAG
    stap = v.statuswijzigingen.first()
    stap.toelichting = "anders"
    with pytest.raises(ValidationError):
        stap.save()
    with pytest.raises(ValidationError):
        stap.delete()
    with pytest.raises(ValidationError):
        VraagstukStatusWijziging.objects.all().delete()
    assert v.statuswijzigingen.count() == len(stappen)


# --- the pages, per persona -------------------------------------------------------------------


def test_the_team_turns_a_proposal_into_a_vraagstuk_with_its_contacts(
    client, medewerker_a, buurt_a, eenzaam
):
    contacten = melden(5, medewerker_a, buurt_a, eenzaam)
    client.force_login(medewerker_a)
    inbox = client.get("/vraagstukken/")
    assert "Eenzaamheid in Molukse wijk" in inbox.text
    (v,) = voorstellen([buurt_a.wijk_id])
    url = f"/vraagstukken/voorstel/{v.wijk.pk}/{v.buurt.pk}/{v.signaal.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "titel": "Eenzaamheid onder ouderen",
            "eigenaar": medewerker_a.pk,
            "formtoken": f.formtoken(),
        },
    )
    nieuw = CollectiefVraagstuk.objects.get()
    assert response.status_code == 302
    assert set(nieuw.contactmomenten.all()) == set(contacten)
    assert list(nieuw.signalen.all()) == [eenzaam]
    assert voorstellen([buurt_a.wijk_id]) == []
    assert "Eenzaamheid onder ouderen" in client.get("/vraagstukken/").text


def test_a_dismissed_proposal_leaves_the_inbox(client, medewerker_a, buurt_a, eenzaam):
    melden(5, medewerker_a, buurt_a, eenzaam)
    (v,) = voorstellen([buurt_a.wijk_id])
    client.force_login(medewerker_a)
    url = f"/vraagstukken/voorstel/{v.wijk.pk}/{v.buurt.pk}/{v.signaal.pk}/afwijzen/"
    assert client.post(url).status_code == 302
    assert AfgewezenVoorstel.objects.get().afgewezen_door == medewerker_a
    inbox = client.get("/vraagstukken/", follow=True).text
    assert "is afgewezen en komt niet terug" in inbox
    assert url not in inbox
    assert client.post(url).status_code == 404


def test_rights_per_persona(
    client, medewerker_a, medewerker_b, stuurgroep, coordinator, buurt_a, eenzaam
):
    melden(5, medewerker_a, buurt_a, eenzaam)
    (v,) = voorstellen([buurt_a.wijk_id])
    vraagstuk = CollectiefVraagstuk.objects.create(
        wijk=buurt_a.wijk, titel="Overlast", eigenaar=medewerker_a
    )
    detail = f"/vraagstukken/{vraagstuk.pk}/"
    afwijzen = f"/vraagstukken/voorstel/{v.wijk.pk}/{v.buurt.pk}/{v.signaal.pk}/afwijzen/"
    client.force_login(stuurgroep)
    assert client.get("/vraagstukken/").status_code == 404
    assert client.get(detail).status_code == 404
    client.force_login(medewerker_b)
    assert client.get(detail).status_code == 200
    assert client.post(detail, {"status": "gestopt"}).status_code == 403
    assert client.post(afwijzen).status_code == 403
    assert "Molukse" not in client.get("/vraagstukken/").text
    client.force_login(coordinator)
    assert (
        client.post(detail, {"status": "in_aanpak", "toelichting": "Buurtgesprek"}).status_code
        == 302
    )
    vraagstuk.refresh_from_db()
    assert vraagstuk.status == "in_aanpak"
    assert vraagstuk.statuswijzigingen.get().door == coordinator


def test_the_wijk_page_shows_proposals_and_vraagstukken(client, medewerker_a, buurt_a, eenzaam):
    melden(5, medewerker_a, buurt_a, eenzaam)
    CollectiefVraagstuk.objects.create(
        wijk=buurt_a.wijk, titel="Zwerfvuil bij de flats", eigenaar=medewerker_a
    )
    client.force_login(medewerker_a)
    pagina = client.get(f"/wijken/{buurt_a.wijk.slug}/").text
    assert "Eenzaamheid in Molukse wijk" in pagina
    assert "Gesignaleerd: Zwerfvuil bij de flats" in pagina


def test_the_inbox_runs_the_same_queries_as_rows_grow(client, medewerker_a, buurt_a, eenzaam):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/vraagstukken/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(medewerker_a)
    melden(5, medewerker_a, buurt_a, eenzaam)
    CollectiefVraagstuk.objects.create(wijk=buurt_a.wijk, titel="Overlast", eigenaar=medewerker_a)
    tel()  # the first request of a session reads more (the session, the roles)
    weinig = tel()
    melden(20, medewerker_a, buurt_a, f.signaal("Overlast"))
    for i in range(5):
        CollectiefVraagstuk.objects.create(
            wijk=buurt_a.wijk, titel=f"Vuil {i}", eigenaar=medewerker_a
        )
    assert tel() == weinig


def test_the_demo_grows_a_vraagstuk_from_its_signals_and_leaves_one_open_proposal(
    medewerker_a, buurt_a, eenzaam
):
    from activiteiten.demo_vraagstukken import maak_demo_vraagstukken

    melden(3, medewerker_a, buurt_a, eenzaam, dagen_terug=(400,))
    maak_demo_vraagstukken()
    (v,) = CollectiefVraagstuk.objects.all()
    assert v.contactmomenten.count() == 3
    assert v.statuswijzigingen.count() >= 1
    assert len(voorstellen([buurt_a.wijk_id])) == 1
    maak_demo_vraagstukken()
    assert CollectiefVraagstuk.objects.count() == 1


def test_the_team_links_the_work_done_about_it_and_another_team_cannot(
    client, medewerker_a, medewerker_b, buurt_a, wijk_b
):
    v = CollectiefVraagstuk.objects.create(
        wijk=buurt_a.wijk, titel="Eenzaamheid", eigenaar=medewerker_a
    )
    koffie = f.activiteit(buurt_a.wijk, naam="Koffieochtend")
    elders = f.activiteit(wijk_b, naam="Elders")
    pagina = f"/vraagstukken/{v.pk}/bewerken/"
    client.force_login(medewerker_a)
    form = client.get(pagina)
    assert "Koffieochtend" in form.text and "Elders" not in form.text  # only its own wijk
    velden = {"titel": "Eenzaamheid onder ouderen", "eigenaar": medewerker_a.pk}
    assert client.post(pagina, {**velden, "activiteiten": [elders.pk]}).status_code == 200
    assert list(v.activiteiten.all()) == []
    antwoord = client.post(pagina, {**velden, "activiteiten": [koffie.pk]})
    assert antwoord["Location"] == f"/vraagstukken/{v.pk}/"
    assert list(v.activiteiten.all()) == [koffie]
    assert "Koffieochtend" in client.get(f"/vraagstukken/{v.pk}/").text

    client.force_login(medewerker_b)  # the team of another wijk reads, does not change
    assert client.post(pagina, {**velden, "activiteiten": []}).status_code == 403
    assert list(v.activiteiten.all()) == [koffie]


def test_the_wijk_page_runs_the_same_queries_as_vraagstukken_grow(
    client, medewerker_a, buurt_a, eenzaam
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/wijken/{buurt_a.wijk.slug}/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(medewerker_a)
    melden(5, medewerker_a, buurt_a, eenzaam)
    CollectiefVraagstuk.objects.create(wijk=buurt_a.wijk, titel="Overlast", eigenaar=medewerker_a)
    tel()
    weinig = tel()
    melden(10, medewerker_a, buurt_a, f.signaal("Overlast"))
    for i in range(6):
        v = CollectiefVraagstuk.objects.create(
            wijk=buurt_a.wijk, titel=f"Vuil {i}", eigenaar=medewerker_a
        )
        v.activiteiten.add(f.activiteit(buurt_a.wijk))
    assert tel() == weinig


def test_with_the_page_cache_on_the_wijk_page_follows_every_step_of_a_proposal(
    client, settings, medewerker_a, buurt_a, eenzaam
):
    """The wijk page keeps its proposals and vraagstukken in the cache (mba.wijzigingen): the
    fifth contact, a vraagstuk made from the proposal and its status each show at once."""
    from django.core.cache import cache

    settings.MBA_VERSIECACHE = True
    cache.clear()
    wijkpagina = f"/wijken/{buurt_a.wijk.slug}/"
    client.force_login(medewerker_a)
    melden(4, medewerker_a, buurt_a, eenzaam)
    assert "Eenzaamheid in Molukse wijk" not in client.get(wijkpagina).text

    melden(1, medewerker_a, buurt_a, eenzaam)  # the fifth: a cluster
    assert "Eenzaamheid in Molukse wijk" in client.get(wijkpagina).text

    (v,) = voorstellen([buurt_a.wijk_id])
    client.post(
        f"/vraagstukken/voorstel/{v.wijk.pk}/{v.buurt.pk}/{v.signaal.pk}/",
        {
            "titel": "Eenzaamheid onder ouderen",
            "eigenaar": medewerker_a.pk,
            "formtoken": f.formtoken(),
        },
    )
    pagina = client.get(wijkpagina).text
    assert "Eenzaamheid in Molukse wijk" not in pagina  # the proposal became a vraagstuk
    assert "Gesignaleerd: Eenzaamheid onder ouderen" in pagina

    assert "5 contactmomenten" in pagina
    vraagstuk = CollectiefVraagstuk.objects.get()
    vraagstuk.contactmomenten.remove(*vraagstuk.contactmomenten.all()[:2])
    assert "3 contactmomenten" in client.get(wijkpagina).text
    vraagstuk.contactmomenten.first().delete()  # a linked contact removed
    assert "2 contactmomenten" in client.get(wijkpagina).text
    vraagstuk.status = "in_aanpak"
    vraagstuk.save()
    assert "In aanpak" in client.get(wijkpagina).text
    cache.clear()
