"""The monthly counts behind the figures follow every way a contact moment can change: a test
changes the records the way staff, the admin, imports and the links do, and after each step the
counts equal a recount, and the figures equal those counted straight from the contact moments."""

import datetime

import pytest
from django.core.management import call_command

from activiteiten import tellingen
from activiteiten.models import Contactmoment, Contacttelling, Signaalsoort
from rapportage import kengetallen as kg
from rapportage.kengetallen import telwerk
from wijken.models import FysiekProject, Prioriteit

pytestmark = pytest.mark.django_db


@pytest.fixture
def signaal(db):
    return Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid")


def contact(wijk, organisatie, datum=datetime.date(2021, 3, 10), **velden):
    cm = Contactmoment(
        datum=datum,
        wijk=wijk,
        organisatie=organisatie,
        kanaal=velden.pop("kanaal", "aan_de_deur"),
        aanleiding="wijkronde",
        **velden,
    )
    cm.full_clean()
    cm.save()
    return cm


def uit_de_contactmomenten(periode, **scope):
    """The figures counted straight from the contact moments, not from the monthly counts."""
    echt = telwerk._maanden
    try:
        telwerk._maanden = lambda p: (None, [(p.start, p.eind)])
        return kg.kengetallen(periode, **scope).as_dict()
    finally:
        telwerk._maanden = echt


JAAR_2021 = kg.Periode.jaar(2021)


def klopt(periode=JAAR_2021, **scope):
    assert tellingen.verschillen() == 0
    uit_tellingen = kg.kengetallen(periode, **scope).as_dict()
    assert uit_tellingen == uit_de_contactmomenten(periode, **scope)
    return uit_tellingen


def contacten_2021(**scope):
    return klopt(**scope)["contactmomenten"]["totaal"]


def test_every_change_of_a_contact_moment_reaches_the_figures(
    wijk_a, wijk_b, buurt_a, actium, vaart, thema, signaal
):
    # A medewerker logs two contacts in Lariks.
    eerste = contact(wijk_a, actium, buurt=buurt_a)
    tweede = contact(wijk_a, actium, kanaal="bic")
    assert contacten_2021() == 2
    assert klopt()["contactmomenten"]["per_kanaal"]["bic"] == 1

    # Themes and signals are added and removed from either side.
    eerste.themas.add(thema)
    signaal.contactmomenten.add(eerste, tweede)
    cijfers = klopt()
    assert cijfers["contactmomenten"]["per_thema"] == {"ontmoeten": 1}
    assert cijfers["signalen"]["per_soort"] == {"eenzaamheid": 2}
    signaal.contactmomenten.remove(tweede)
    eerste.themas.clear()
    cijfers = klopt()
    assert cijfers["contactmomenten"]["per_thema"] == {}
    assert cijfers["signalen"]["per_soort"] == {"eenzaamheid": 1}

    # A referral, then the follow-up is done.
    eerste.doorverwezen_naar = vaart
    eerste.vervolg_nodig = True
    eerste.save()
    assert klopt()["doorverwijzingen"]["vervolg_open"] == 1
    eerste.vervolg_afgerond_op = datetime.date(2021, 3, 20)
    eerste.save()
    cijfers = klopt()
    assert cijfers["doorverwijzingen"]["vervolg_afgerond"] == 1
    assert cijfers["doorverwijzingen"]["gemiddeld_dagen_tot_afronding"] == 10.0

    # Corrected to another month, another wijk, another year.
    tweede.datum = datetime.date(2021, 11, 30)
    tweede.save()
    assert contacten_2021() == 2
    tweede.wijk, tweede.buurt = wijk_b, None
    tweede.save()
    assert contacten_2021(wijk=wijk_a) == 1 and contacten_2021(wijk=wijk_b) == 1
    tweede.datum = datetime.date(2020, 12, 31)
    tweede.save()
    assert contacten_2021() == 1
    assert klopt(kg.Periode.jaar(2020))["contactmomenten"]["totaal"] == 1

    # Deleted one by one, or as a queryset (the admin's bulk delete).
    tweede.delete()
    assert klopt(kg.Periode.jaar(2020))["contactmomenten"]["totaal"] == 0
    contact(wijk_b, vaart)
    Contactmoment.objects.filter(wijk=wijk_b).delete()
    assert contacten_2021() == 1
    assert contacten_2021(buurt=buurt_a) == 1


def test_writes_past_save_are_counted_too(wijk_a, wijk_b, actium, thema):
    # bulk_create (an import), a queryset update (a correction of many rows at once).
    momenten = Contactmoment.objects.bulk_create(
        Contactmoment(
            datum=datetime.date(2021, m, 1),
            wijk=wijk_a,
            organisatie=actium,
            kanaal="bic",
            aanleiding="wijkronde",
        )
        for m in range(1, 13)
    )
    assert contacten_2021() == 12
    Contactmoment.objects.filter(datum__month__gte=7).update(wijk=wijk_b)
    assert contacten_2021(wijk=wijk_b) == 6
    Contactmoment.objects.filter(pk=momenten[0].pk).update(datum=datetime.date(2022, 1, 1))
    assert contacten_2021() == 11
    # A deleted theme takes its bit, and its count, with it.
    thema.contactmomenten.add(*Contactmoment.objects.all())
    assert klopt()["contactmomenten"]["per_thema"] == {"ontmoeten": 11}
    thema.delete()
    assert klopt()["contactmomenten"]["per_thema"] == {}
    # A note is not counted: changing it does not recount.
    Contactmoment.objects.update(notitie="Vraag over de speeltuin")
    assert contacten_2021() == 11


def test_a_period_that_cuts_through_months_counts_the_days_at_its_edges(wijk_a, actium):
    for dag in (
        datetime.date(2021, 3, 14),
        datetime.date(2021, 3, 15),
        datetime.date(2021, 5, 3),
        datetime.date(2021, 8, 9),
        datetime.date(2021, 8, 10),
    ):
        contact(wijk_a, actium, datum=dag)
    periode = kg.Periode(datetime.date(2021, 3, 15), datetime.date(2021, 8, 10))
    assert klopt(periode)["contactmomenten"]["totaal"] == 3
    binnen_een_maand = kg.Periode(datetime.date(2021, 3, 2), datetime.date(2021, 3, 15))
    assert klopt(binnen_een_maand)["contactmomenten"]["totaal"] == 1


def test_raw_writes_are_repaired_by_the_command(wijk_a, actium, capsys):
    contact(wijk_a, actium)
    Contacttelling.objects.all().delete()  # as if rows went in around the model
    # its rows are missing: contacts, residents reached, channel, occasion, kind, ...
    ontbrekend = tellingen.verschillen()
    assert ontbrekend >= 5
    with pytest.raises(SystemExit):
        call_command("kengetallen_herberekenen", "--controleer")
    call_command("kengetallen_herberekenen")
    assert f"{ontbrekend} weken af" in capsys.readouterr().out
    assert contacten_2021() == 1


def test_the_counts_hold_no_personal_data():
    namen = {f.name for f in Contacttelling._meta.get_fields()}
    assert {"notitie", "medewerker"}.isdisjoint(namen)


@pytest.mark.parametrize("telling", tellingen.TELLINGEN, ids=lambda t: t.naam)
def test_every_declared_figure_equals_a_count_straight_from_the_records(
    telling, wijk_a, wijk_b, buurt_a, actium, vaart, thema, signaal
):
    """Each declaration of ``tellingen.TELLINGEN`` (a new one too) is kept in the counts after
    the data changes every way, equals its count over the contact moments, and has data here
    (a declaration this data cannot exercise fails: add the data)."""
    eerste = contact(wijk_a, actium, buurt=buurt_a, bewoners_bereikt=3)
    tweede = contact(wijk_b, vaart, kanaal="bic", soort="collectief")
    derde = contact(wijk_a, actium, datum=datetime.date(2021, 5, 2), kanaal="straat")
    eerste.themas.add(thema)
    signaal.contactmomenten.add(eerste, tweede)
    tweede.doorverwezen_naar, tweede.vervolg_nodig = actium, True
    tweede.vervolg_afgerond_op = datetime.date(2021, 3, 31)
    tweede.save()
    derde.vervolg_nodig = True
    derde.save()
    renovatie = FysiekProject.objects.create(
        naam="Renovatie Vivaldilaan",
        soort="groot_onderhoud",
        status="uitvoering",
        wijk=wijk_a,
        eigenaar=actium,
        start=datetime.date(2021, 1, 1),
    )
    Contactmoment.objects.filter(pk=derde.pk).update(fysiek_project=renovatie, bewoners_bereikt=2)
    contact(wijk_b, vaart).delete()
    # Work linked to priorities, from either side; a priority deleted takes its links along.
    wonen, ontmoeten, weg = (
        Prioriteit.objects.create(wijk=w, titel=t, geldig_van=2020)
        for w, t in ((wijk_a, "Wonen"), (wijk_b, "Ontmoeten"), (wijk_a, "Vervalt"))
    )
    eerste.prioriteiten.add(wonen, weg)
    wonen.contactmomenten.add(derde)
    tweede.prioriteiten.set([ontmoeten])
    weg.delete()

    def per_waarde(rijen):
        uit = {}
        for w, n in rijen:
            if n:
                uit[w] = uit.get(w, 0) + n
        return uit

    direct = per_waarde(
        (r["waarde"], r["aantal"])
        for r in tellingen.gegroepeerd(Contactmoment.objects.all(), [])
        if r["dimensie"] == telling.naam
    )
    bewaard = per_waarde(
        Contacttelling.objects.filter(dimensie=telling.naam).values_list("waarde", "aantal")
    )
    assert direct, f"no data for {telling.naam!r}: the test's records do not exercise it"
    assert bewaard == direct
    klopt()
