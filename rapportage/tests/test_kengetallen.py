"""The figures module: every figure counted from the logged work, for a period and a scope."""

import ast
import datetime
import itertools
import json
import pathlib
from decimal import Decimal

import pytest

from activiteiten.models import Activiteit, Contactmoment, Signaalsoort
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm
from mba.models import Thema
from rapportage import kengetallen as kengetallen_pakket
from rapportage.kengetallen import (
    KENGETALLEN_PER_WIJK_QUERIES,
    KENGETALLEN_QUERIES,
    VERGELIJKING_STAD_EN_PER_WIJK_QUERIES,
    Periode,
    kengetallen,
    kengetallen_per_wijk,
    kengetallen_stad_en_per_wijk,
    onderdruk,
    openbare_cijfers,
    vergelijking,
    vergelijking_per_wijk,
    vergelijking_stad_en_per_wijk,
)
from wijken.models import Buurt, FysiekProject, Indicator, Meting, Prioriteit, Wijk

JAAR = Periode.jaar(2021)
D = datetime.date
MEI = D(2021, 5, 3)
MAART = D(2021, 3, 1)
JUNI = D(2021, 6, 1)
_volgnummer = itertools.count(1)


@pytest.fixture
def eenzaamheid(db):
    return Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid", volgorde=1)


@pytest.fixture
def geldzorgen(db):
    return Signaalsoort.objects.create(naam="Geldzorgen", slug="geldzorgen", volgorde=2)


def contact(wijk, organisatie, datum=MEI, themas=(), signalen=(), **velden):
    velden.setdefault("kanaal", "aan_de_deur")
    velden.setdefault("aanleiding", "wijkronde")
    cm = Contactmoment.objects.create(datum=datum, organisatie=organisatie, wijk=wijk, **velden)
    cm.themas.set(themas)
    cm.signalen.set(signalen)
    return cm


# The shortest way through Bewonersinitiatief.TRANSITIES to each status.
STAPPEN = {
    "aangevraagd": [],
    "draagvlak_gemeten": ["draagvlak_gemeten"],
    "toegekend": ["draagvlak_gemeten", "toegekend"],
    "in_uitvoering": ["draagvlak_gemeten", "toegekend", "in_uitvoering"],
    "gerealiseerd": ["draagvlak_gemeten", "toegekend", "gerealiseerd"],
    "afgewezen": ["afgewezen"],
    "gestopt": ["gestopt"],
}


def naar_status(ini, status, toegekend_bedrag=None):
    for stap in STAPPEN[status][len(STAPPEN[ini.status]) :]:
        if stap == "draagvlak_gemeten":
            ini.huishoudens_gevraagd, ini.huishoudens_voor, ini.huishoudens_tegen = 20, 15, 2
        ini.status = stap
        if stap == "toegekend":
            ini.toegekend_bedrag = toegekend_bedrag
        ini.full_clean()
        ini.save()
    return ini


def initiatief(wijk, status="aangevraagd", aangevraagd_op=MAART, toegekend_bedrag=None, **velden):
    ini = Bewonersinitiatief(
        titel=f"Initiatief {next(_volgnummer)}", wijk=wijk, aangevraagd_op=aangevraagd_op, **velden
    )
    ini.full_clean()
    ini.save()
    return naar_status(ini, status, toegekend_bedrag)


def activiteit(wijk, start=JUNI, **velden):
    velden.setdefault("status", "gehouden")
    return Activiteit.objects.create(
        naam=f"Activiteit {next(_volgnummer)}", wijk=wijk, start=start, **velden
    )


def project(wijk, eigenaar, **velden):
    velden.setdefault("soort", "nieuwbouw")
    return FysiekProject.objects.create(
        naam=f"Project {next(_volgnummer)}", wijk=wijk, eigenaar=eigenaar, **velden
    )


def test_it_counts_a_contact_moment_with_a_signal_when_it_is_logged(
    wijk_a, actium, eenzaamheid, geldzorgen
):
    contact(wijk_a, actium)
    contact(wijk_a, actium, signalen=[eenzaamheid])
    voor = kengetallen(JAAR).signalen
    assert (voor.totaal, voor.contacten_met_signaal, voor.aandeel_met_signaal) == (1, 1, 50.0)

    contact(wijk_a, actium, signalen=[eenzaamheid, geldzorgen])

    na = kengetallen(JAAR)
    assert na.contactmomenten.totaal == 3
    assert na.signalen.per_soort == {"eenzaamheid": 2, "geldzorgen": 1}
    assert na.signalen.totaal == 3
    assert na.signalen.contacten_met_signaal == 2
    assert na.signalen.aandeel_met_signaal == 66.7
    assert na.labels["signaalsoort"] == {"eenzaamheid": "Eenzaamheid", "geldzorgen": "Geldzorgen"}


def test_it_counts_contact_moments_by_channel_occasion_kind_theme_and_organisation(
    wijk_a, actium, vaart, thema
):
    veiligheid = Thema.objects.create(naam="Veiligheid", slug="veiligheid", volgorde=2)
    contact(wijk_a, actium, themas=[thema, veiligheid], bewoners_bereikt=3)
    contact(wijk_a, vaart, kanaal="bic", aanleiding="vraag_bewoner", themas=[thema])
    contact(wijk_a, vaart, kanaal="bic", soort="collectief", bewoners_bereikt=25)

    c = kengetallen(JAAR).contactmomenten

    assert c.totaal == 3
    assert c.bewoners_bereikt == 29
    assert c.per_kanaal["aan_de_deur"] == 1
    assert c.per_kanaal["bic"] == 2
    assert c.per_kanaal["telefoon"] == 0
    assert c.per_aanleiding["vraag_bewoner"] == 1
    assert c.per_aanleiding["wijkronde"] == 2
    assert c.per_soort == {"individueel": 2, "collectief": 1}
    assert c.per_thema == {"ontmoeten": 2, "veiligheid": 1}
    assert c.per_organisatie == {"actium": 1, "vaart-welzijn": 2}


def test_it_counts_only_the_contact_moments_in_the_period(wijk_a, actium):
    contact(wijk_a, actium, datum=D(2020, 12, 31))
    contact(wijk_a, actium, datum=D(2021, 1, 1))
    contact(wijk_a, actium, datum=D(2021, 12, 31))
    contact(wijk_a, actium, datum=D(2022, 1, 1))

    assert kengetallen(JAAR).contactmomenten.totaal == 2
    eerste_kwartaal = Periode(D(2021, 1, 1), D(2021, 4, 1))
    assert kengetallen(eerste_kwartaal).contactmomenten.totaal == 1


def test_it_counts_referrals_follow_ups_and_the_days_to_close_them(wijk_a, actium, vaart):
    contact(wijk_a, actium, doorverwezen_naar=vaart, vervolg_nodig=True)
    contact(
        wijk_a,
        actium,
        datum=D(2021, 5, 1),
        doorverwezen_naar=vaart,
        vervolg_nodig=True,
        vervolg_afgerond_op=D(2021, 5, 11),
    )
    contact(
        wijk_a, actium, datum=D(2021, 5, 1), vervolg_nodig=True, vervolg_afgerond_op=D(2021, 5, 6)
    )
    contact(wijk_a, actium)

    d = kengetallen(JAAR).doorverwijzingen

    assert d.totaal == 2
    assert d.per_organisatie == {"vaart-welzijn": 2}
    assert (d.vervolg_nodig, d.vervolg_open, d.vervolg_afgerond) == (3, 1, 2)
    assert d.gemiddeld_dagen_tot_afronding == 7.5


def test_it_counts_a_granted_initiative_once_its_status_moves_to_toegekend(wijk_a):
    ini = initiatief(wijk_a, gevraagd_bedrag=Decimal("500"))
    voor = kengetallen(JAAR).initiatieven
    assert (voor.aangevraagd, voor.met_draagvlak, voor.toegekend) == (1, 0, 0)

    naar_status(ini, "draagvlak_gemeten")
    assert kengetallen(JAAR).initiatieven.met_draagvlak == 1
    assert kengetallen(JAAR).initiatieven.toegekend == 0

    naar_status(ini, "toegekend", toegekend_bedrag=Decimal("400"))
    na = kengetallen(JAAR).initiatieven
    assert (na.aangevraagd, na.met_draagvlak, na.toegekend) == (1, 1, 1)
    assert na.gevraagd_bedrag == Decimal("500.00")
    assert na.toegekend_bedrag == Decimal("400.00")

    naar_status(ini, "gerealiseerd")
    na = kengetallen(JAAR).initiatieven
    assert (na.toegekend, na.gerealiseerd) == (1, 1)


def test_it_counts_initiatives_refused_and_stopped_and_the_support_asked_and_given(wijk_a):
    geld, advies = (
        Ondersteuningsvorm.objects.get(slug="geld"),
        Ondersteuningsvorm.objects.get(slug="advies"),
    )
    gesteund = initiatief(wijk_a, "in_uitvoering")
    gesteund.gevraagde_ondersteuning.set([geld, advies])
    gesteund.geboden_ondersteuning.set([advies])
    initiatief(wijk_a, "afgewezen").gevraagde_ondersteuning.set([geld])
    initiatief(wijk_a, "gestopt")
    initiatief(wijk_a, "toegekend", aangevraagd_op=D(2020, 11, 1))  # another year

    i = kengetallen(JAAR).initiatieven

    assert (i.aangevraagd, i.toegekend, i.afgewezen, i.gestopt, i.gerealiseerd) == (3, 1, 1, 1, 0)
    assert i.per_status["in_uitvoering"] == 1
    assert i.gevraagde_ondersteuning == {"geld": 2, "advies": 1}
    assert i.geboden_ondersteuning == {"advies": 1}
    assert i.gevraagd_bedrag == Decimal("0.00")


def test_it_limits_the_figures_to_a_wijk_or_a_buurt(wijk_a, wijk_b, buurt_a, actium):
    contact(wijk_a, actium, buurt=buurt_a)
    contact(wijk_a, actium)
    contact(wijk_b, actium)
    initiatief(wijk_b)

    assert kengetallen(JAAR).contactmomenten.totaal == 3
    assert kengetallen(JAAR, wijk=wijk_a).contactmomenten.totaal == 2
    assert kengetallen(JAAR, wijk=wijk_b).contactmomenten.totaal == 1
    in_buurt = kengetallen(JAAR, buurt=buurt_a)
    assert in_buurt.contactmomenten.totaal == 1
    assert in_buurt.scope.as_dict() == {
        "niveau": "buurt",
        "wijk": "lariks",
        "buurt": "molukse-wijk",
    }
    assert kengetallen(JAAR, wijk=wijk_a).initiatieven.aangevraagd == 0
    assert kengetallen(JAAR).initiatieven.aangevraagd == 1
    with pytest.raises(ValueError):
        kengetallen(JAAR, wijk=wijk_b, buurt=buurt_a)


def test_it_counts_citywide_activities_for_the_city_but_not_for_a_wijk(wijk_a, thema):
    kerstbomen = activiteit(None, deelnemers=140)
    kerstbomen.themas.set([thema])
    activiteit(wijk_a, deelnemers=20)
    activiteit(wijk_a)  # held, participants not counted
    activiteit(wijk_a, status="afgelast", deelnemers=50)
    activiteit(wijk_a, start=D(2022, 1, 5), deelnemers=10)

    stad = kengetallen(JAAR).activiteiten
    assert (stad.gehouden, stad.afgelast, stad.stedelijk, stad.in_wijk) == (3, 1, 1, 2)
    assert stad.deelnemers == 160
    assert stad.gemiddeld_deelnemers == 80.0
    assert stad.per_thema == {"ontmoeten": 1}

    wijk = kengetallen(JAAR, wijk=wijk_a).activiteiten
    assert (wijk.gehouden, wijk.stedelijk, wijk.in_wijk, wijk.deelnemers) == (2, 0, 2, 20)
    assert wijk.per_thema == {}


def test_it_counts_homes_in_the_year_the_project_ends(wijk_a, wijk_b, actium, gemeente):
    project(
        wijk_a,
        actium,
        soort="sloop",
        status="afgerond",
        eind=D(2021, 12, 31),
        woningen_gesloopt=112,
    )
    project(wijk_b, actium, status="afgerond", eind=D(2021, 6, 30), woningen_opgeleverd=30)
    project(
        wijk_a,
        gemeente,
        status="afgerond",
        eind=D(2022, 3, 1),
        woningen_opgeleverd=28,
        woningen_gepland=28,
    )
    project(wijk_a, actium, status="voorbereiding", woningen_gepland=140)

    w2021 = kengetallen(JAAR).woningen
    assert (w2021.gesloopt, w2021.opgeleverd, w2021.gepland) == (112, 30, 168)
    assert w2021.per_eigenaar == {
        "actium": {"gesloopt": 112, "opgeleverd": 30, "gepland": 140},
        "gemeente-assen": {"gesloopt": 0, "opgeleverd": 0, "gepland": 28},
    }
    assert kengetallen(JAAR, wijk=wijk_b).woningen.opgeleverd == 30

    w2022 = kengetallen(Periode.jaar(2022)).woningen
    assert (w2022.gesloopt, w2022.opgeleverd, w2022.gepland) == (0, 28, 140)
    w2020 = kengetallen(Periode.jaar(2020)).woningen
    assert (w2020.gesloopt, w2020.opgeleverd) == (0, 0)


def test_it_lists_active_projects_without_a_contact_or_an_activity(wijk_a, actium):
    met_contact = project(wijk_a, actium, status="uitvoering", start=D(2021, 1, 1))
    met_activiteit = project(wijk_a, actium, status="uitvoering")
    zonder = project(wijk_a, actium, status="uitvoering", start=D(2020, 1, 1))
    project(wijk_a, actium, status="afgerond", start=D(2019, 1, 1), eind=D(2020, 6, 1))
    project(wijk_a, actium, status="voorbereiding", start=D(2022, 5, 1))
    contact(wijk_a, actium, kanaal="project", fysiek_project=met_contact)
    contact(wijk_a, actium, datum=D(2020, 5, 1), fysiek_project=zonder)  # last year
    activiteit(wijk_a, fysiek_project=met_activiteit)

    k = kengetallen(JAAR).koppeling

    assert k.contacten_met_project == 1
    assert k.activiteiten_met_project == 1
    assert k.projecten_actief == 3
    assert [p["id"] for p in k.projecten_zonder_koppeling] == [zonder.pk]


def test_it_gives_each_priority_its_indicators_with_the_latest_measurement_and_trend(wijk_a):
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Veiligheid", geldig_van=2020)
    Prioriteit.objects.create(wijk=wijk_a, titel="Oud", geldig_van=2018, geldig_tot=2020)
    gevoel = Indicator.objects.create(
        prioriteit=prio,
        naam="Voelt zich veilig",
        eenheid="%",
        nulmeting=Decimal("60"),
        nulmeting_datum=datetime.date(2019, 7, 1),
        streefwaarde=Decimal("75"),
        streefdatum=datetime.date(2023, 12, 31),
    )
    for jaar, waarde in ((2020, "62"), (2021, "70"), (2022, "80")):
        Meting.objects.create(
            indicator=gevoel, datum=datetime.date(jaar, 7, 1), waarde=Decimal(waarde)
        )
    overlast = Indicator.objects.create(
        prioriteit=prio,
        naam="Meldingen overlast",
        richting="lager",
        nulmeting=Decimal("40"),
        nulmeting_datum=datetime.date(2019, 7, 1),
        streefwaarde=Decimal("30"),
    )
    Meting.objects.create(indicator=overlast, datum=datetime.date(2021, 7, 1), waarde=Decimal("45"))

    [p] = kengetallen(JAAR, wijk=wijk_a).indicatoren

    assert p.titel == "Veiligheid"
    veilig, meldingen = p.indicatoren
    assert veilig.laatste_meting == {
        "jaar": 2021,
        "datum": datetime.date(2021, 7, 1),
        "waarde": Decimal("70.00"),
    }
    assert veilig.vorige_meting == {
        "jaar": 2020,
        "datum": datetime.date(2020, 7, 1),
        "waarde": Decimal("62.00"),
    }
    assert (veilig.verschil, veilig.trend, veilig.doel_bereikt) == (Decimal("8.00"), "beter", False)
    assert (meldingen.verschil, meldingen.trend) == (Decimal("5.00"), "slechter")  # vs nulmeting
    [later] = kengetallen(Periode.jaar(2022), wijk=wijk_a).indicatoren
    assert later.indicatoren[0].doel_bereikt is True
    assert (
        kengetallen(JAAR, wijk=Wijk.objects.create(naam="X", slug="x", volgorde=3)).indicatoren
        == []
    )


def test_it_takes_the_previous_period_one_year_earlier():
    assert JAAR.vorige() == Periode.jaar(2020)
    assert Periode(D(2021, 4, 1), D(2021, 7, 1)).vorige() == Periode(D(2020, 4, 1), D(2020, 7, 1))
    schrikkel = Periode(D(2024, 2, 29), D(2024, 3, 1)).vorige()
    assert schrikkel == Periode(D(2023, 2, 28), D(2023, 3, 1))
    with pytest.raises(ValueError):
        Periode(D(2021, 1, 1), D(2021, 1, 1))


def test_it_compares_the_period_with_the_same_period_a_year_earlier(wijk_a, actium, vaart):
    for _ in range(7):
        contact(wijk_a, actium, datum=D(2020, 3, 1))
    for _ in range(10):
        contact(wijk_a, vaart, kanaal="bic")

    v = vergelijking(JAAR).as_dict()

    assert v["huidig"]["periode"]["label"] == "2021"
    assert v["vorige"]["periode"]["label"] == "2020"
    assert v["huidig"]["contactmomenten"]["totaal"] == 10
    assert v["vorige"]["contactmomenten"]["totaal"] == 7
    verschil = v["verschil"]["contactmomenten"]
    assert verschil["totaal"] == 3
    assert verschil["per_kanaal"]["bic"] == 10
    assert verschil["per_kanaal"]["aan_de_deur"] == -7
    assert verschil["per_organisatie"] == {"vaart-welzijn": 10, "actium": -7}


def test_it_shows_counts_under_five_as_less_than_five_outside_the_staff_app(
    wijk_a, actium, vaart, eenzaamheid
):
    for _ in range(6):
        contact(wijk_a, actium)
    contact(
        wijk_a,
        actium,
        signalen=[eenzaamheid],
        doorverwezen_naar=vaart,
        vervolg_nodig=True,
        vervolg_afgerond_op=D(2021, 5, 13),
    )
    initiatief(wijk_a, "toegekend", gevraagd_bedrag=Decimal("250"), toegekend_bedrag=Decimal("250"))
    activiteit(wijk_a, deelnemers=3)

    k = kengetallen(JAAR)
    openbaar = k.openbaar()

    assert k.as_dict()["signalen"]["contacten_met_signaal"] == 1
    assert openbaar["contactmomenten"]["totaal"] == 7
    assert openbaar["contactmomenten"]["per_kanaal"]["aan_de_deur"] == 7
    assert openbaar["contactmomenten"]["per_kanaal"]["bic"] == 0
    assert openbaar["signalen"]["per_soort"] == {"eenzaamheid": "< 5"}
    assert openbaar["signalen"]["contacten_met_signaal"] == "< 5"
    assert openbaar["signalen"]["aandeel_met_signaal"] is None  # would give the count away
    assert openbaar["doorverwijzingen"]["totaal"] == "< 5"
    assert openbaar["doorverwijzingen"]["per_organisatie"] == {"vaart-welzijn": "< 5"}
    assert openbaar["doorverwijzingen"]["gemiddeld_dagen_tot_afronding"] == 10.0
    assert openbaar["initiatieven"]["toegekend"] == "< 5"
    assert openbaar["initiatieven"]["per_status"]["afgewezen"] == 0
    assert openbaar["initiatieven"]["toegekend_bedrag"] == "250.00"
    assert openbaar["activiteiten"]["deelnemers"] == 3


@pytest.mark.parametrize(
    "waarde, getoond", [(None, None), (0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (120, 120)]
)
def test_it_suppresses_only_counts_from_one_to_four(waarde, getoond):
    assert onderdruk(waarde) == getoond


def test_it_compares_with_last_year_only_where_both_numbers_are_shown(wijk_a, actium):
    for _ in range(3):
        contact(wijk_a, actium, datum=D(2020, 3, 1))
    for _ in range(8):
        contact(wijk_a, actium)

    v = vergelijking(JAAR).openbaar()

    assert v["vorige"]["contactmomenten"]["totaal"] == "< 5"
    assert "totaal" not in v["verschil"]["contactmomenten"]
    assert vergelijking(JAAR).as_dict()["verschil"]["contactmomenten"]["totaal"] == 5


def test_it_gives_a_wijk_the_same_figures_in_the_overview_as_on_its_own(
    wijk_a, wijk_b, buurt_a, actium, vaart, thema, eenzaamheid
):
    contact(
        wijk_a,
        actium,
        themas=[thema],
        signalen=[eenzaamheid],
        doorverwezen_naar=vaart,
        vervolg_nodig=True,
        vervolg_afgerond_op=D(2021, 6, 1),
    )
    contact(wijk_b, vaart, kanaal="straat", buurt=None)
    initiatief(wijk_a, "gerealiseerd", gevraagd_bedrag=Decimal("100"))
    activiteit(wijk_b, deelnemers=12).themas.set([thema])
    activiteit(None, deelnemers=500)
    project(wijk_a, actium, status="afgerond", eind=D(2021, 3, 1), woningen_opgeleverd=8)
    prio = Prioriteit.objects.create(wijk=wijk_b, titel="Ontmoeten", geldig_van=2021)
    Indicator.objects.create(prioriteit=prio, naam="Bezoekers", nulmeting=Decimal(5))
    Wijk.objects.create(naam="Marsdijk", slug="marsdijk", volgorde=9)

    per_wijk = kengetallen_per_wijk(JAAR)

    assert [w.slug for w in per_wijk] == ["lariks", "peelo", "marsdijk"]
    for w, k in per_wijk.items():
        assert k.as_dict() == kengetallen(JAAR, wijk=w).as_dict()
    assert per_wijk[wijk_a].contactmomenten.totaal == 1
    assert per_wijk[wijk_b].activiteiten.per_thema == {"ontmoeten": 1}
    assert sum(k.activiteiten.gehouden for k in per_wijk.values()) == 1  # city-wide: city only


def test_it_adds_the_wijken_up_to_the_same_figures_as_the_city_on_its_own(
    django_assert_num_queries, wijk_a, actium, vaart, gemeente, thema, eenzaamheid
):
    vul(40, n_wijken=3, n_themas=4, organisaties=[actium, vaart, gemeente], tag="stad")
    contact(wijk_a, actium, themas=[thema], signalen=[eenzaamheid], vervolg_nodig=True)
    activiteit(None, deelnemers=500).themas.set([thema])  # city-wide
    activiteit(wijk_a, deelnemers=None)
    Prioriteit.objects.create(wijk=wijk_a, titel="Zonder indicator", geldig_van=2021)

    with django_assert_num_queries(KENGETALLEN_PER_WIJK_QUERIES):
        stad, per_wijk = kengetallen_stad_en_per_wijk(JAAR)

    assert stad.as_dict() == kengetallen(JAAR).as_dict()
    assert {w: k.as_dict() for w, k in per_wijk.items()} == {
        w: k.as_dict() for w, k in kengetallen_per_wijk(JAAR).items()
    }
    assert stad.activiteiten.stedelijk == 1
    assert stad.contactmomenten.totaal == 41


def test_it_compares_the_city_and_every_wijk_with_last_year_reading_the_contacts_once(
    django_assert_num_queries, wijk_a, actium, vaart, gemeente, thema, eenzaamheid
):
    vul(30, n_wijken=2, n_themas=3, organisaties=[actium, vaart, gemeente], tag="stad")
    contact(wijk_a, actium, datum=D(2020, 12, 31), themas=[thema], signalen=[eenzaamheid])
    contact(wijk_a, vaart, datum=D(2021, 1, 1), doorverwezen_naar=actium, vervolg_nodig=True)
    contact(wijk_a, vaart, datum=D(2019, 12, 31))  # in neither year
    activiteit(None, start=D(2020, 6, 1), deelnemers=40)

    # queries 1-4 (organisations, themes, signals, ONE scan of 2020 and 2021) and the wijken
    # once, queries 5-16 for each year
    assert VERGELIJKING_STAD_EN_PER_WIJK_QUERIES == 31
    with django_assert_num_queries(VERGELIJKING_STAD_EN_PER_WIJK_QUERIES):
        stad, per_wijk = vergelijking_stad_en_per_wijk(JAAR)

    assert stad.as_dict() == vergelijking(JAAR).as_dict()
    apart = vergelijking_per_wijk(JAAR)
    assert {w: v.as_dict() for w, v in per_wijk.items()} == {
        w: v.as_dict() for w, v in apart.items()
    }
    assert (stad.huidig.contactmomenten.totaal, stad.vorige.contactmomenten.totaal) == (31, 1)
    assert stad.vorige.activiteiten.stedelijk == 1


def test_it_gives_figures_that_serialise_to_json(wijk_a, buurt_a, actium, thema, eenzaamheid):
    contact(wijk_a, actium, buurt=buurt_a, themas=[thema], signalen=[eenzaamheid])
    initiatief(wijk_a, "toegekend", gevraagd_bedrag=Decimal("99.5"), toegekend_bedrag=Decimal(90))
    project(wijk_a, actium, status="afgerond", eind=D(2021, 3, 1), woningen_opgeleverd=8)

    for figuren in (
        kengetallen(JAAR).as_dict(),
        kengetallen(JAAR, buurt=buurt_a).openbaar(),
        vergelijking(JAAR, wijk=wijk_a).as_dict(),
        vergelijking(JAAR).openbaar(),
    ):
        assert json.loads(json.dumps(figuren)) == figuren
    d = kengetallen(JAAR).as_dict()
    assert d["initiatieven"]["gevraagd_bedrag"] == "99.50"
    assert d["woningen"]["projecten"][0]["eind"] == "2021-03-01"
    assert d["labels"]["thema"] == {"ontmoeten": "Ontmoeten"}
    assert d["labels"]["kanaal"]["bic"] == "In het BIC"


def vul(n_contacten, n_wijken, n_themas, organisaties, tag):
    """A world of n contact moments in 2021 over n wijken and themes, with signals, referrals,
    initiatives, activities, projects and indicators in every wijk."""
    basis = 100 + Wijk.objects.count()
    wijken = [
        Wijk.objects.create(naam=f"Wijk {tag}{i}", slug=f"wijk-{tag}{i}", volgorde=basis + i)
        for i in range(n_wijken)
    ]
    buurten = [Buurt.objects.create(wijk=w, naam="Buurt", slug="buurt") for w in wijken]
    themas = [
        Thema.objects.create(naam=f"Thema {tag}{i}", slug=f"thema-{tag}{i}")
        for i in range(n_themas)
    ]
    soorten = [
        Signaalsoort.objects.create(naam=f"Signaal {tag}{i}", slug=f"signaal-{tag}{i}")
        for i in range(n_themas)
    ]
    kanalen = Contactmoment.Kanaal.values
    projecten = []
    for i, w in enumerate(wijken):
        projecten.append(project(w, organisaties[0], status="uitvoering", start=D(2021, 1, 1)))
        project(w, organisaties[1], status="afgerond", eind=D(2021, 9, 1), woningen_opgeleverd=4)
        activiteit(w, deelnemers=i + 10, fysiek_project=projecten[-1]).themas.set(themas[:2])
        ini = initiatief(w, "toegekend", buurt=buurten[i], gevraagd_bedrag=Decimal(100))
        ini.gevraagde_ondersteuning.set(Ondersteuningsvorm.objects.all()[:2])
        prio = Prioriteit.objects.create(wijk=w, titel="Prio", geldig_van=2020)
        ind = Indicator.objects.create(prioriteit=prio, naam="Score", nulmeting=Decimal(1))
        Meting.objects.create(indicator=ind, datum=datetime.date(2021, 7, 1), waarde=Decimal(2))
    momenten = Contactmoment.objects.bulk_create(
        Contactmoment(
            datum=D(2021, 1, 1) + datetime.timedelta(days=i % 365),
            organisatie=organisaties[i % len(organisaties)],
            wijk=wijken[i % n_wijken],
            buurt=buurten[i % n_wijken] if i % 2 else None,
            kanaal=kanalen[i % len(kanalen)],
            aanleiding="wijkronde",
            soort="collectief" if i % 5 == 0 else "individueel",
            doorverwezen_naar=organisaties[-1] if i % 3 == 0 else None,
            vervolg_nodig=i % 3 == 0,
            vervolg_afgerond_op=D(2022, 2, 1) if i % 6 == 0 else None,
            # a contact at a project names it (every 7th is linked through another channel)
            fysiek_project=projecten[i % n_wijken]
            if i % 7 == 0 or kanalen[i % len(kanalen)] == "project"
            else None,
            bewoners_bereikt=1 + i % 4,
        )
        for i in range(n_contacten)
    )
    Contactmoment.themas.through.objects.bulk_create(
        Contactmoment.themas.through(contactmoment=m, thema=themas[i % n_themas])
        for i, m in enumerate(momenten)
    )
    Contactmoment.signalen.through.objects.bulk_create(
        Contactmoment.signalen.through(contactmoment=m, signaalsoort=soorten[i % n_themas])
        for i, m in enumerate(momenten)
        if i % 2
    )
    # links written around the relation managers: the summaries are made up here
    Contactmoment.objects.filter(pk__in=[m.pk for m in momenten]).samenvatting_bijwerken()
    return wijken


def test_it_runs_the_same_number_of_queries_for_3_or_300_contact_moments(
    django_assert_num_queries, actium, vaart, gemeente
):
    # kengetallen() runs KENGETALLEN_QUERIES = 17 queries, whatever the volume:
    #   1. organisaties, 2. thema's (their bits), 3. signaalsoorten (their bits)
    #   4. contactmomenten: one scan, grouped by organisation x receiving organisation, with a
    #      conditional count per channel, occasion, kind, theme bit and signal bit, contacts
    #      with a signal, follow-ups open/closed, days to close, contacts linked to a project,
    #      residents reached
    #   5. initiatieven: one aggregate (per status, with draagvlak, granted, amounts)
    #   6. gevraagde ondersteuning links grouped by kind
    #   7. geboden ondersteuning links grouped by kind
    #   8. activiteiten: one aggregate (held, participants, city-wide, linked to a project)
    #   9. activiteit-thema links of held activities grouped by theme
    #  10. projects finished in the period (FysiekProject.objects.afgerond_in)
    #  11. projects not finished at the end of the period, with homes planned
    #  12. active projects with EXISTS contact / EXISTS activity
    #  13. prioriteiten valid in 2021, 14. their indicatoren, 15. their metingen up to 2021
    #  16. the work per priority: activities, initiatives and projects linked (one UNION ALL)
    # kengetallen_per_wijk() runs the same 16 queries grouped by wijk, plus 17. the wijken.
    assert KENGETALLEN_QUERIES == 17
    assert KENGETALLEN_PER_WIJK_QUERIES == 18
    organisaties = [actium, vaart, gemeente]

    wijken = vul(3, n_wijken=1, n_themas=1, organisaties=organisaties, tag="klein")
    with django_assert_num_queries(KENGETALLEN_QUERIES):
        klein = kengetallen(JAAR).as_dict()
    # the public form reads the city and every wijk for its pattern (Onderdrukking)
    with django_assert_num_queries(KENGETALLEN_QUERIES + KENGETALLEN_PER_WIJK_QUERIES):
        kengetallen(JAAR, wijk=wijken[0]).openbaar()
    with django_assert_num_queries(KENGETALLEN_PER_WIJK_QUERIES):
        kengetallen_per_wijk(JAAR)

    vul(297, n_wijken=9, n_themas=12, organisaties=organisaties, tag="groot")
    with django_assert_num_queries(KENGETALLEN_QUERIES):
        groot = kengetallen(JAAR).as_dict()
    # the public form reads the city and every wijk for its pattern (Onderdrukking)
    with django_assert_num_queries(KENGETALLEN_QUERIES + KENGETALLEN_PER_WIJK_QUERIES):
        kengetallen(JAAR, wijk=wijken[0]).openbaar()
    with django_assert_num_queries(KENGETALLEN_PER_WIJK_QUERIES):
        per_wijk = kengetallen_per_wijk(JAAR)

    assert (klein["contactmomenten"]["totaal"], groot["contactmomenten"]["totaal"]) == (3, 300)
    assert len(groot["contactmomenten"]["per_thema"]) == 13
    assert len(per_wijk) == 10
    assert sum(k.contactmomenten.totaal for k in per_wijk.values()) == 300
    assert groot["woningen"]["opgeleverd"] == 40
    assert len(groot["indicatoren"]) == 10


def test_it_counts_a_period_of_loose_days_in_one_query_more_and_a_buurt_pattern_per_buurt(
    django_assert_num_queries, wijk_a, buurt_a, actium, thema
):
    # The wijkcoördinator asks for the figures of 15 March to 10 August: whole months from the
    # monthly counts, the loose days of March and August from the contact moments themselves.
    contact(wijk_a, actium, datum=D(2021, 3, 20), buurt=buurt_a, themas=[thema])
    contact(wijk_a, actium, datum=D(2021, 5, 3))
    contact(wijk_a, actium, datum=D(2021, 8, 9))
    zomer = Periode(D(2021, 3, 15), D(2021, 8, 10))
    with django_assert_num_queries(KENGETALLEN_QUERIES + 1):
        assert kengetallen(zomer).contactmomenten.totaal == 3
    # within one month only the days are read: the same number as a year
    with django_assert_num_queries(KENGETALLEN_QUERIES):
        assert kengetallen(Periode(D(2021, 3, 15), D(2021, 3, 31))).contactmomenten.totaal == 1

    # A buurt's public figures read the city and every wijk for the pattern, then every buurt
    # of its wijk (one query for the buurten with their wijk, KENGETALLEN_QUERIES each).
    buurten = Buurt.objects.filter(wijk=wijk_a).count()
    with django_assert_num_queries(
        KENGETALLEN_PER_WIJK_QUERIES + 1 + buurten * KENGETALLEN_QUERIES
    ):
        openbare_cijfers(JAAR, buurt=buurt_a)


def test_the_figures_package_imports_downward_only_and_keeps_its_modules_small():
    # The order of the modules in rapportage/kengetallen/__init__.py: each imports only the
    # ones before it, at the top of the module (no import hidden in a function).
    volgorde = [
        "periode",
        "resultaten",
        "definities",
        "serialisatie",
        "onderdrukking",
        "telwerk",
        "cijfers",
    ]
    map_ = pathlib.Path(kengetallen_pakket.__file__).parent
    assert sorted(p.stem for p in map_.glob("*.py")) == sorted([*volgorde, "__init__"])
    for i, naam in enumerate(volgorde):
        bron = (map_ / f"{naam}.py").read_text()
        boom = ast.parse(bron)
        bovenaan = [n for n in boom.body if isinstance(n, ast.Import | ast.ImportFrom)]
        overal = [n for n in ast.walk(boom) if isinstance(n, ast.Import | ast.ImportFrom)]
        assert bovenaan == overal, f"{naam} imports inside a function"
        binnen = {n.module for n in bovenaan if isinstance(n, ast.ImportFrom) and n.level == 1}
        assert binnen <= set(volgorde[:i]), f"{naam} imports {binnen - set(volgorde[:i])}"
        assert len(bron.splitlines()) <= 800, naam
