"""The report's wijk chapter tells the vraagstukken of the year and what was done about them."""

import datetime

import pytest

from activiteiten.models import Activiteit
from activiteiten.vraagstuk import CollectiefVraagstuk
from mba.models import Medewerker, Organisatie
from rapportage.models import Jaarrapportage
from rapportage.rapport import rapport_html
from wijken.models import Wijk

from .test_rapport import tekst

pytestmark = pytest.mark.django_db


def test_a_wijk_chapter_lists_its_vraagstukken_with_the_work_linked(demo_2021):
    rapport = Jaarrapportage.objects.get(jaar=2021)
    lariks = Wijk.objects.get(slug="lariks")
    eigenaar = Medewerker.objects.create_user(
        "wijkwerker", organisatie=Organisatie.objects.get(slug="actium")
    )
    lariks.teamleden.add(eigenaar)
    v = CollectiefVraagstuk.objects.create(
        wijk=lariks,
        titel="Eenzaamheid onder ouderen",
        eigenaar=eigenaar,
        gesignaleerd_op=datetime.date(2021, 3, 1),
    )
    v.activiteiten.add(*Activiteit.objects.filter(wijk=lariks)[:2])
    gedaan = v.activiteiten.count()
    html = tekst(rapport_html(rapport))
    deel = html[html.index("Collectieve vraagstukken in Lariks") :]
    assert f"Eenzaamheid onder ouderen : gesignaleerd. Gedaan: {gedaan} activiteit" in deel
