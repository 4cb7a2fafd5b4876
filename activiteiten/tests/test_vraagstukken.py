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
