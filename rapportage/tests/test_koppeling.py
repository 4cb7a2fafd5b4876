"""Two figures about contacts and physical projects, each as its definition says: the channel
"Bij een fysiek project" (where the contact took place) and the contacts linked to a project
(whatever the channel). Every contact at a project names it, so the first is part of the second
(in 2021 the report said 36 at a project and 0 linked for Pittelo, which has no project)."""

import re

import pytest
from django.utils.html import escape

from activiteiten.models import Contactmoment
from rapportage.demo import synthetische_contactmomenten
from rapportage.kengetallen import DEFINITIES, Periode, kengetallen_stad_en_per_wijk
from rapportage.templatetags.rapport import getal
from wijken.models import Wijk

from .conftest import zonder_uitleg

pytestmark = pytest.mark.django_db

JAAR = 2021
GEKOPPELD = DEFINITIES["koppeling"]["contacten_met_project"]
TER_PLEKKE = DEFINITIES["contactmomenten"]["kanaal_project"]


@pytest.fixture
def demo_met_volume(demo_2021):
    synthetische_contactmomenten(3000, batch=1000)


def test_contacts_at_a_project_are_part_of_the_contacts_linked_to_one(demo_met_volume):
    stad, per_wijk = kengetallen_stad_en_per_wijk(Periode.jaar(JAAR))
    jaar = Contactmoment.objects.filter(datum__year=JAAR)
    for wijk, k in [(None, stad), *per_wijk.items()]:
        contacten = jaar.filter(wijk=wijk) if wijk else jaar
        ter_plekke = k.contactmomenten.per_kanaal["project"]
        gekoppeld = k.koppeling.contacten_met_project
        # each figure is what its definition says, counted from the records
        assert ter_plekke == contacten.filter(kanaal="project").count(), wijk
        assert gekoppeld == contacten.filter(fysiek_project__isnull=False).count(), wijk
        assert ter_plekke <= gekoppeld, wijk

    # a wijk without a physical project has no contact at one (Pittelo)
    pittelo = Wijk.objects.get(slug="pittelo")
    assert not pittelo.projecten.exists()
    assert per_wijk[pittelo].contactmomenten.per_kanaal["project"] == 0
    # and some contacts elsewhere are about a project: at the door about a renovation
    assert stad.koppeling.contacten_met_project > stad.contactmomenten.per_kanaal["project"] > 0
    assert jaar.filter(kanaal="aan_de_deur", fysiek_project__isnull=False).exists()


def test_every_synthetic_contact_at_a_project_names_one_of_its_wijk_running_that_day(
    demo_met_volume,
):
    op_project = Contactmoment.objects.filter(kanaal="project").select_related("fysiek_project")
    assert op_project.exists()
    for c in op_project:
        p = c.fysiek_project
        assert p is not None and p.wijk_id == c.wijk_id
        assert (p.start is None or p.start <= c.datum) and (p.eind is None or p.eind >= c.datum)


def test_the_report_names_both_figures_so_that_a_reader_sees_the_difference(
    client, demo_met_volume, coordinator_demo
):
    client.force_login(coordinator_demo)
    html = zonder_uitleg(client.get(f"/rapportage/{JAAR}/").content.decode())
    stad, per_wijk = kengetallen_stad_en_per_wijk(Periode.jaar(JAAR))
    publiek = stad.openbaar()

    def rij(label):
        kop = rf'<th scope="row">(?:— )?{re.escape(escape(label))}</th>'
        return re.findall(kop + r'<td class="getal">([^<]*)</td>', html)

    # each wijk's table (2.1-2.9), then 3.2 and the city's table (4), one below the other
    gekoppeld = rij(GEKOPPELD.label)
    ter_plekke = rij(TER_PLEKKE.label)
    assert len(gekoppeld) == len(ter_plekke) == len(per_wijk) + 2
    stad_gekoppeld = getal(publiek["koppeling"]["contacten_met_project"])
    stad_ter_plekke = getal(publiek["contactmomenten"]["per_kanaal"]["project"])
    assert gekoppeld[-2:] == [stad_gekoppeld] * 2
    assert ter_plekke[-2:] == [stad_ter_plekke] * 2
    pittelo = list(per_wijk).index(Wijk.objects.get(slug="pittelo"))
    assert ter_plekke[pittelo] == "0"
    # what each means, beside the figures
    assert escape(GEKOPPELD.uitleg) in html and escape(TER_PLEKKE.uitleg) in html
    assert "Contacten bij een fysiek project" not in html  # the old, ambiguous name
