"""The annual report, built from the data: the 2021 structure, every section, counted figures."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activiteiten.models import Activiteit
from mba.models import Organisatie
from rapportage.models import Hoofdstuk, Jaarrapportage
from rapportage.rapport import JaarBestaatAl, rapport_context, rapport_html, rapportage_starten
from wijken.models import FysiekProject, Prioriteit, Wijk

from .conftest import contacten, zonder_uitleg

pytestmark = pytest.mark.django_db


@pytest.fixture
def rapport(demo_2021):
    return Jaarrapportage.objects.get(jaar=2021)


def tekst(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", zonder_uitleg(html))))


def in_volgorde(haystack, naalden):
    posities = [haystack.find(n) for n in naalden]
    assert -1 not in posities, [n for n, p in zip(naalden, posities, strict=True) if p == -1]
    assert posities == sorted(posities), naalden
    return posities


def test_it_has_the_structure_of_the_2021_report(rapport):
    html = tekst(rapport_html(rapport))
    wijken = [f"2.{i} {w.naam}" for i, w in enumerate(Wijk.objects.all(), start=1)]
    kopjes = [
        "1. Inleiding / voorwoord",
        "2. In de wijken",
        *wijken,
        "3. Mijn Buurt Assen",
        "3.1 Doorontwikkeling Mijn Buurt Assen",
        "3.2 Fysiek sociale koppeling",
        "3.3 Stedelijke activiteiten 2021",
        "4. Het jaar in cijfers",
    ]
    inhoud_eind = html.find("1. Inleiding / voorwoord Mijn Buurt Assen, harder nodig")
    assert inhoud_eind > 0
    in_volgorde(html[inhoud_eind:], kopjes)
    assert wijken[0] == "2.1 Lariks" and wijken[-1] == "2.9 Marsdijk"
    assert "Mijn Buurt Assen, harder nodig dan ooit" in html
    assert "Stuurgroep Mijn Buurt Assen" in html


def test_every_priority_and_example_of_the_report_is_in_its_wijk_in_order(rapport):
    html = tekst(rapport_html(rapport))
    for wijk in Wijk.objects.all():
        begin = html.index(f"De prioriteiten in {wijk.naam}")
        eind = html.index(f"{wijk.naam} in cijfers", begin)
        deel = html[begin:eind]
        titels = [p.titel for p in Prioriteit.objects.filter(wijk=wijk)]
        voorbeelden = [
            f"Voorbeeld: {v.titel}"
            for v in rapport.voorbeelden.filter(wijk=wijk).order_by("rapportvoorbeeld__volgorde")
        ]
        assert titels, wijk
        in_volgorde(deel, titels)
        in_volgorde(deel, voorbeelden)
    assert "Voorbeeld: Rode flat Speenkruidstraat" in html
    assert "Meer noaberschap" in html


def test_the_city_wide_activities_come_with_their_figures(rapport):
    html = tekst(rapport_html(rapport))
    deel = html[html.index("3.3 Stedelijke activiteiten 2021 Ook") :]
    namen = list(
        Activiteit.objects.stedelijk()
        .in_jaar(2021)
        .order_by("start", "pk")
        .values_list("naam", flat=True)
    )
    assert len(namen) >= 5
    in_volgorde(deel, namen)
    assert (
        "140 kerstbomen" in deel or "140 </strong>" in deel or "140 kerstbomen".split()[0] in deel
    )
    kerst = Activiteit.objects.get(naam__icontains="kerstbomen")
    for k in kerst.kerncijfers.all():
        assert f"{k.aantal} {k.omschrijving}" in deel


def test_the_works_carried_out_come_from_the_physical_projects(rapport):
    html = tekst(rapport_html(rapport))
    hoofdstuk = html[html.index("2. In de wijken Voor alle wijken") :]
    noorderpark = hoofdstuk[hoofdstuk.index("2.3 Noorderpark") : hoofdstuk.index("2.4 Centrum")]
    project = FysiekProject.objects.get(naam="Sloop 7 flats Thorbeckelaan")
    assert f"{project.naam} Actium Afgerond 112" in noorderpark


def test_a_logged_contact_changes_the_figure_in_the_report(rapport):
    lariks = Wijk.objects.get(slug="lariks")
    actium = Organisatie.objects.get(slug="actium")

    def lariks_contacten():
        html = tekst(rapport_html(rapport))
        deel = html[html.index("Lariks: het jaar 2021 tegen 2020") :]
        return re.search(r"Contactmomenten (< 5|\S+) (< 5|\S+)", deel).groups()

    assert lariks_contacten() == ("0", "0")
    contacten(3, lariks, actium)
    assert lariks_contacten() == ("< 5", "0")  # a small number could point at a household
    contacten(4, lariks, actium)
    contacten(6, lariks, actium, datum=datetime.date(2020, 3, 1))
    assert lariks_contacten() == ("7", "6")


def test_it_counts_the_homes_of_the_year_in_which_the_project_ended(rapport):
    def gesloopt():
        html = tekst(rapport_html(rapport))
        deel = html[html.index("Assen: het jaar 2021 tegen 2020") :]
        return re.search(r"Woningen gesloopt (\S+)", deel).group(1)

    assert gesloopt() == "112"
    FysiekProject.objects.filter(naam="Sloop 7 flats Thorbeckelaan").update(
        eind=datetime.date(2022, 1, 15)
    )
    assert gesloopt() == "0"


def test_the_number_of_queries_does_not_grow_with_the_contact_moments(rapport):
    lariks, pittelo = Wijk.objects.all()[:2]
    actium = Organisatie.objects.get(slug="actium")
    contacten(3, lariks, actium)
    with CaptureQueriesContext(connection) as weinig:
        rapport_context(rapport)
    contacten(300, lariks, actium)
    contacten(300, pittelo, actium, datum=datetime.date(2020, 8, 1), kanaal="bic")
    with CaptureQueriesContext(connection) as veel:
        rapport_context(rapport)
    # the report's own records (about a dozen queries) plus the figures: 2 x 15 for the city
    # and 2 x 16 for all wijken together (see rapportage.kengetallen)
    assert len(veel.captured_queries) == len(weinig.captured_queries)
    assert len(veel.captured_queries) <= 80


def test_user_text_is_escaped_never_markup(rapport):
    rapport.voorwoord = 'Hallo <script>alert(1)</script> <img src="x" onerror="y">'
    rapport.save()
    html = rapport_html(rapport)
    assert "<script>alert(1)" not in html and '<img src="x"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_lariks_chapter_gives_the_share_of_vulnerable_households_in_the_reports_words(rapport):
    """The 2021 report: "Ruim de helft van de huishoudens in de Lariks valt in de categorie
    kwetsbaar." The wijk chapter says so; a wijk for which the report gives no share says
    nothing about it rather than a made-up number."""
    html = tekst(rapport_html(rapport))
    lariks = html[html.index("2.1 Lariks Een groot deel") : html.index("2.2 Pittelo Pittelo")]
    assert "Kwetsbare huishoudens: ruim de helft van de huishoudens in Lariks." in lariks
    assert html.count("Kwetsbare huishoudens:") == 1
    # a percentage, where one is known, is shown as one
    Wijk.objects.filter(slug="peelo").update(aandeel_kwetsbare_huishoudens="12.5")
    html = tekst(rapport_html(rapport))
    assert "Kwetsbare huishoudens: 12,5% van de huishoudens in Peelo." in html


def test_a_year_is_started_once_and_the_first_report_gets_every_chapter(db):
    eerste = rapportage_starten(2021)
    assert {h.sleutel: h.titel for h in eerste.hoofdstukken.all()} == dict(
        Hoofdstuk.Sleutel.choices
    )
    with pytest.raises(JaarBestaatAl):
        rapportage_starten(2021, teksten_overnemen=True)
    assert Jaarrapportage.objects.count() == 1
