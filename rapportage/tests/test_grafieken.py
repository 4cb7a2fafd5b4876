"""The report's charts can be read: names, not slugs, and no label runs off the chart."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from activiteiten.models import Signaalsoort
from mba.models import Organisatie
from rapportage import grafieken
from rapportage.grafieken import afbreken, staafgrafiek, tekstbreedte
from rapportage.models import Jaarrapportage
from rapportage.rapport import rapport_context
from wijken.models import Wijk

from .conftest import contacten

SVG = "{http://www.w3.org/2000/svg}"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def labels(svg):
    """(x, [line, ...]) of every bar's label: the right-aligned texts left of the bars."""
    boom = ET.fromstring(str(svg))
    uit = []
    for tekst in boom.iter(f"{SVG}text"):
        if tekst.get("text-anchor") == "end":
            regels = [t.text for t in tekst.iter(f"{SVG}tspan")] or [tekst.text]
            uit.append((float(tekst.get("x")), regels))
    return uit


@pytest.mark.django_db
def test_the_signal_chart_names_the_signals(demo_2021):
    """The steering group reads 'Psychische klachten', not 'psychische-klachten'."""
    wijk = Wijk.objects.get(slug="marsdijk")
    soort = Signaalsoort.objects.get(slug="psychische-klachten")
    for c in contacten(6, wijk, Organisatie.objects.get(slug="vaart-welzijn")):
        c.signalen.add(soort)
    context = rapport_context(Jaarrapportage.objects.get(jaar=2021))
    for svg in (
        context["stad_grafieken"]["signalen"],
        context["wijken"][8]["grafieken"]["signalen"],
    ):
        namen = [" ".join(regels) for _, regels in labels(svg)]
        assert "Psychische klachten" in namen
        assert not any("-" in n and n == n.lower() for n in namen), namen


def test_a_long_label_wraps_instead_of_running_off_the_left_edge():
    svg = staafgrafiek(
        "Contactmomenten per thema",
        [("Openbare ruimte en leefomgeving", 65, 60), ("Inclusie", 43, 41)],
        2021,
        2020,
    )
    (x1, lang), (x2, kort) = labels(svg)
    assert lang == ["Openbare ruimte en", "leefomgeving"]
    assert kort == ["Inclusie"]
    for x, regels in ((x1, lang), (x2, kort)):
        for regel in regels:
            assert x - tekstbreedte(regel) >= 0, regel  # right-aligned at x: starts at >= 0


def test_the_width_estimate_is_never_narrower_than_the_font_itself():
    """The chart measures labels without a font file; DejaVu Sans, which the PDF prints them
    in, must never be wider than that measure, or a label would still run off the edge. The
    font comes with the set-up step (fonts-dejavu-core), so this test never skips."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(DEJAVU), 1100)  # 100 x the chart's 11 units
    teksten = [
        "Openbare ruimte en leefomgeving",
        "Verwaarloosde woning of woonomgeving",
        "Gemiddeld dagen tot afronding vervolg",
        "Financiën — geldzorgen (WWW, mmm)",
        "Contactmomenten bij een fysiek project",
        "Digitaal (app, mail)",
    ]
    for tekst in teksten:
        assert font.getlength(tekst) / 100 <= tekstbreedte(tekst), tekst
        for regel in afbreken(tekst, 180):
            assert font.getlength(regel) / 100 <= 180, regel


def test_a_word_longer_than_the_column_is_broken_not_lost():
    woord = "Buurtinformatiecentrumbijeenkomstenreeksvoorbereiding"
    regels = afbreken(woord, 180)
    assert len(regels) > 1
    assert "".join(r.rstrip("-") for r in regels) == woord
    assert all(tekstbreedte(r) <= 180 for r in regels)


def test_the_indicator_chart_draws_the_course_and_opens_measurements_before_the_baseline():
    """The chart shows what the verdict reads: the dashed course from the nulmeting to the
    target, the measurements that count, and an earlier one drawn open (it does not count)."""
    import datetime
    from decimal import Decimal

    from rapportage.grafieken import indicatorgrafiek
    from wijken.models import Indicator, Meting

    ind = Indicator(
        naam="Kinderen in de speeltuin",
        eenheid="kinderen per dag",
        nulmeting=Decimal(0),
        nulmeting_datum=datetime.date(2021, 7, 21),
        streefwaarde=Decimal(40),
        streefdatum=datetime.date(2022, 12, 31),
    )
    metingen = [
        Meting(datum=datetime.date(2021, 12, 31), waarde=Decimal("12.5")),
        Meting(datum=datetime.date(2021, 6, 1), waarde=Decimal(3)),
    ]
    boom = ET.fromstring(str(indicatorgrafiek(ind, metingen)))
    punten = [c for c in boom.iter(f"{SVG}circle") if c.get("stroke")]
    assert [c.get("fill") for c in sorted(punten, key=lambda c: float(c.get("cx")))] == [
        "#fff",
        grafieken.KLEUR_NU,
    ]
    [koers] = [
        lijn
        for lijn in boom.iter(f"{SVG}line")
        if lijn.get("stroke-dasharray") and float(lijn.get("x2")) - float(lijn.get("x1")) > 100
    ]
    assert float(koers.get("y2")) < float(koers.get("y1"))  # higher is better: it rises
    teksten = [t.text for t in boom.iter(f"{SVG}text")]
    assert "12,5" in teksten and "doel 40" in teksten  # the Dutch way
    assert "12,5 kinderen per dag op 31-12-2021" in boom.find(f"{SVG}desc").text
