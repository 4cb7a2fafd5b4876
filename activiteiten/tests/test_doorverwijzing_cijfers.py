"""The referral figures (per receiving organisation, answered within the due date, average days
to answer) agree with a straight count of the referrals, per wijk and for the city, as the
referrals change."""

import datetime
import random

from activiteiten.doorverwijzing import Doorverwijzing, cijfers
from mba.models import Organisatie

JAAR = (datetime.date(2021, 1, 1), datetime.date(2022, 1, 1))


def recht_geteld(wijk_id=None):
    rijen = [
        d
        for d in Doorverwijzing.objects.select_related("naar_organisatie")
        if JAAR[0] <= d.verstuurd_op < JAAR[1] and wijk_id in (None, d.wijk_id)
    ]
    beantwoord = [d for d in rijen if d.status in ("afgerond", "niet_opgepakt")]
    per_org = {}
    for d in rijen:
        per_org[d.naar_organisatie.slug] = per_org.get(d.naar_organisatie.slug, 0) + 1
    dagen = [(d.beantwoord_op - d.verstuurd_op).days for d in beantwoord]
    return {
        "totaal": len(rijen),
        "per_organisatie": dict(sorted(per_org.items())),
        "beantwoord": len(beantwoord),
        "binnen_termijn": sum(d.beantwoord_op <= d.uiterlijk_op for d in beantwoord),
        "gemiddeld_dagen_tot_antwoord": round(sum(dagen) / len(dagen), 1) if dagen else None,
    }


def test_the_figures_agree_with_a_straight_count_as_referrals_change(
    medewerker_a, medewerker_b, wijk_a, wijk_b, vaart, gemeente
):
    ggd = Organisatie.objects.create(naam="GGD Drenthe", slug="ggd", soort="zorg")
    rnd = random.Random(14)
    verwijzingen = []
    for _ in range(40):
        van = rnd.choice([medewerker_a, medewerker_b])
        naar = rnd.choice([o for o in (vaart, gemeente, ggd) if o.pk != van.organisatie_id])
        verstuurd = datetime.date(2020, 12, 20) + datetime.timedelta(days=rnd.randrange(380))
        d = Doorverwijzing(
            wijk=rnd.choice([wijk_a, wijk_b]),
            van_medewerker=van,
            van_organisatie_id=van.organisatie_id,
            naar_organisatie=naar,
            verstuurd_op=verstuurd,
            uiterlijk_op=verstuurd + datetime.timedelta(days=14),
        )
        d.save(door=van)
        verwijzingen.append(d)

    def vergelijk():
        uit = cijfers(*JAAR, wijk_ids=[wijk_a.pk, wijk_b.pk])
        for sleutel in (wijk_a.pk, wijk_b.pk, None):
            assert uit[sleutel] == recht_geteld(sleutel), sleutel
        return uit

    leeg = vergelijk()
    assert leeg[None]["beantwoord"] == 0 and leeg[None]["gemiddeld_dagen_tot_antwoord"] is None

    for d in rnd.sample(verwijzingen, 25):
        d.beantwoord_op = d.verstuurd_op + datetime.timedelta(days=rnd.randrange(30))
        d.zet_status(rnd.choice(["afgerond", "niet_opgepakt"]), None, "Besproken in het team.")
    uit = vergelijk()
    assert 0 < uit[None]["binnen_termijn"] < uit[None]["beantwoord"]  # both sides of the term

    Doorverwijzing.objects.filter(pk=verwijzingen[0].pk).update(wijk=wijk_b)
    vergelijk()


def test_the_engine_the_report_rows_and_the_statistics_carry_the_referral_figures(
    medewerker_a, medewerker_b, wijk_a, wijk_b, vaart, gemeente
):
    from rapportage import kengetallen as kg  # a floor above: only in this test

    for i in range(7):
        verstuurd = datetime.date(2021, 3, 1) + datetime.timedelta(days=i)
        d = Doorverwijzing(
            wijk=wijk_a if i < 6 else wijk_b,
            van_medewerker=medewerker_a,
            van_organisatie_id=medewerker_a.organisatie_id,
            naar_organisatie=vaart if i % 2 else gemeente,
            verstuurd_op=verstuurd,
            uiterlijk_op=verstuurd + datetime.timedelta(days=14),
        )
        d.save(door=medewerker_a)
        if i < 5:
            d.beantwoord_op = verstuurd + datetime.timedelta(days=3 * i)
            d.zet_status("afgerond", medewerker_b, "Besproken in het team.")

    periode = kg.Periode.jaar(2021)
    stad, per_wijk = kg.kengetallen_stad_en_per_wijk(periode)
    for k, wijk_id in [(stad, None), *((per_wijk[w], w.pk) for w in per_wijk)]:
        verwacht = recht_geteld(wijk_id)
        d = k.doorverwijzingen
        assert (d.overdracht_totaal, d.overdracht_beantwoord, d.overdracht_binnen_termijn) == (
            verwacht["totaal"],
            verwacht["beantwoord"],
            verwacht["binnen_termijn"],
        )
        assert d.overdracht_per_organisatie == verwacht["per_organisatie"]
        assert d.overdracht_gemiddeld_dagen_tot_antwoord == verwacht["gemiddeld_dagen_tot_antwoord"]
    assert stad.labels["organisatie"]["vaart-welzijn"] == "Vaart Welzijn"

    # outside the staff app: a count of 1 to 4 is "< 5", and the average of hidden counts goes
    openbaar = kg.openbare_cijfers(periode, wijk=wijk_b)["doorverwijzingen"]
    assert openbaar["overdracht_totaal"] == "< 5"
    assert openbaar["overdracht_gemiddeld_dagen_tot_antwoord"] is None
