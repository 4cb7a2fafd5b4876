"""The home and wijk pages keep their figures in two parts (rapportage.paginas: the programme's,
and the contact figures per wijk and year, the city's added up from its wijken). Oracle: the
figures the annual report counts in one go (``vergelijking_stad_en_per_wijk``), for the city and
every wijk, also after a contact was logged in one wijk and the other parts came from the
cache."""

import datetime

import pytest
from django.core.cache import cache

from activiteiten.models import Contactmoment
from mba.tests import webfabriek as f
from rapportage import paginas
from rapportage.cijfertabel import KERNRIJEN, cijferrijen
from rapportage.kengetallen import (
    CONTACTSECTIES,
    PROGRAMMASECTIES,
    Periode,
    contactcijfers,
    contactrijen_van_wijk,
    programma_stad_en_per_wijk,
    vergelijking_stad_en_per_wijk,
)
from wijken.models import Indicator, Meting, Prioriteit, Wijk

JAAR = 2021


@pytest.fixture
def gelogd(medewerker_a, wijk_a, wijk_b, vaart, thema):
    """Contacts of both years in two wijken (themes, signals, a referral with an open
    follow-up, several residents), and the programme around them: an initiative, activities in
    a wijk and city-wide, a priority with an indicator and its measurements."""
    peelo = wijk_b
    eenzaam = f.signaal()
    f.initiatief(wijk_a, status="toegekend")
    f.activiteit(peelo, status="gehouden", deelnemers=12)
    f.activiteit(None, naam="Stadsbrede dag", status="gehouden", deelnemers=40)
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Initiatiefkracht", geldig_van=JAAR)
    ind = Indicator.objects.create(
        prioriteit=prio,
        naam="Plekken voor spelen",
        nulmeting=0,
        nulmeting_datum=datetime.date(JAAR - 1, 7, 1),
        streefwaarde=1,
        streefdatum=datetime.date(JAAR + 3, 12, 31),
    )
    Meting.objects.create(indicator=ind, datum=datetime.date(JAAR, 7, 1), waarde=1)
    for jaar, wijk, n in ((JAAR, wijk_a, 3), (JAAR, peelo, 2), (JAAR - 1, wijk_a, 1)):
        f.contacten(
            n,
            medewerker_a,
            wijk,
            datum=datetime.date(jaar, 3, 9),
            bewoners_bereikt=2,
            doorverwezen_naar=vaart,
            vervolg_nodig=True,
            themas=[thema],
            signalen=[eenzaam],
        )
    f.contact(medewerker_a, peelo, datum=datetime.date(JAAR, 11, 30))
    return peelo


def verwacht():
    """{key: rows} as the annual report counts them (key None: the city)."""
    stad, per_wijk = vergelijking_stad_en_per_wijk(Periode.jaar(JAAR))
    uit = {None: cijferrijen(stad.as_dict(), KERNRIJEN)}
    for w, v in per_wijk.items():
        uit[w.pk] = cijferrijen(v.as_dict(), KERNRIJEN)
    return uit


def op_de_paginas():
    alle = list(Wijk.objects.values_list("pk", flat=True))
    uit = {w: c["rijen"] for w, c in paginas.jaarcijfers(JAAR, alle).items()}
    uit[None] = paginas.jaarcijfers(JAAR)[None]["rijen"]
    return uit


def test_the_two_parts_are_every_section_of_the_figures_but_the_linking(gelogd):
    """Every section the annual report counts for a year, but ``koppeling`` (it reads both
    parts), comes out the same from the two parts, for the city and every wijk."""
    periode = Periode.jaar(JAAR)
    stad, per_wijk = vergelijking_stad_en_per_wijk(periode)
    lijsten, programma = programma_stad_en_per_wijk([periode])
    rijen = {w.pk: contactrijen_van_wijk(periode, w.pk) for w in per_wijk}
    contact = contactcijfers(periode, rijen, lijsten)

    assert rijen[gelogd.pk]  # the test's data is counted
    for k, v in [(None, stad), *((w.pk, v) for w, v in per_wijk.items())]:
        verwacht_dict = v.as_dict()["huidig"]
        for sectie in CONTACTSECTIES:
            assert contact[k][sectie] == verwacht_dict[sectie], (k, sectie)
        for sectie in PROGRAMMASECTIES:
            if sectie == "indicatoren":
                assert programma[periode][k][sectie] == v.huidig.indicatoren, k
            else:
                assert programma[periode][k][sectie] == verwacht_dict[sectie], (k, sectie)


@pytest.mark.parametrize("met_cache", [False, True])
def test_the_pages_show_the_figures_of_the_annual_report(gelogd, settings, met_cache):
    settings.MBA_VERSIECACHE = met_cache
    cache.clear()
    assert op_de_paginas() == verwacht()
    cache.clear()


def test_after_a_contact_in_one_wijk_the_city_and_every_wijk_still_add_up(
    gelogd, cijfers_in_cache, medewerker_a, wijk_a, vaart
):
    op_de_paginas()  # every part into the cache
    f.contact(
        medewerker_a,
        wijk_a,
        datum=datetime.date(JAAR, 6, 1),
        doorverwezen_naar=vaart,
        vervolg_nodig=True,
    )
    Contactmoment.objects.filter(wijk=gelogd, datum__year=JAAR).first().delete()
    # moved to last year and to another wijk: both cells of the contact are counted again
    verhuisd = Contactmoment.objects.filter(wijk=wijk_a, datum__year=JAAR).first()
    verhuisd.datum, verhuisd.wijk = datetime.date(JAAR - 1, 2, 2), gelogd
    verhuisd.save()
    assert op_de_paginas() == verwacht()
