"""Every figure carries its definition wherever it is shown: a reader of the home or wijk page
taps "i" beside a figure, a partner reads /api/v1/definities/, the steering group reads the
report's Verantwoording. The definitions are declared once (rapportage.kengetallen.definities)
and held equal here to what the engine counts."""

import dataclasses
import html

import pytest

from activiteiten.tellingen import TELLINGEN
from initiatieven.models import Bewonersinitiatief
from mba.models import ApiSleutel, Organisatie
from rapportage import kengetallen as kg
from rapportage.cijfertabel import CIJFERRIJEN, KERNRIJEN
from rapportage.kengetallen import (
    DEFINITIES,
    GEEN_KENGETAL,
    INDICATORVELDEN,
    VERGELIJKBAAR,
    definitielijst,
)
from rapportage.models import Jaarrapportage
from rapportage.rapport import rapport_html
from wijken.models import Indicator, Prioriteit

pytestmark = pytest.mark.django_db

SECTIETYPEN = {
    "contactmomenten": kg.Contactmomenten,
    "signalen": kg.Signalen,
    "doorverwijzingen": kg.Doorverwijzingen,
    "koppeling": kg.Koppeling,
    "initiatieven": kg.Initiatieven,
    "activiteiten": kg.Activiteiten,
    "woningen": kg.Woningen,
}


def test_every_field_the_engine_counts_has_a_definition():
    assert set(SECTIETYPEN) == set(VERGELIJKBAAR)
    for sectie, type_ in SECTIETYPEN.items():
        for veld in dataclasses.fields(type_):
            if (sectie, veld.name) not in GEEN_KENGETAL:
                assert veld.name in DEFINITIES[sectie], (sectie, veld.name)
    velden = {f.name for f in dataclasses.fields(kg.IndicatorCijfers)}
    assert set(INDICATORVELDEN) <= velden
    # every declaration counted from contact moments is some figure's source
    assert {t.naam for t in TELLINGEN} == {d["telling"] for d in definitielijst() if d["telling"]}
    for d in definitielijst():
        assert d["titel"] and d["uitleg"].endswith("."), d


def walk(cijfers, pad):
    """The figure at ``pad``; ``*`` stands for every priority's id (a figure per priority)."""
    kop, _, rest = pad.partition(".*.")
    for sleutel in kop.split("."):
        cijfers = cijfers[sleutel]
    if rest:
        assert cijfers, pad  # the demo links work of this kind to its priorities
        return [walk(per_prioriteit, rest) for per_prioriteit in cijfers.values()]
    return cijfers


def test_the_api_serves_every_declared_figure_where_the_statistics_have_it(client, demo_2021):
    _, tekst = ApiSleutel.maak(Organisatie.objects.get(slug="actium"), "BI", ["wijken"])
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {tekst}"  # any key reads them
    definities = client.get("/api/v1/definities/").json()
    assert definities == definitielijst()
    assert len({d["pad"] for d in definities}) == len(definities)

    # an initiative of 2021 linked to a priority of its wijk: every kind of work has a figure
    initiatief = Bewonersinitiatief.objects.filter(aangevraagd_op__year=2021).first()
    initiatief.prioriteiten.add(Prioriteit.objects.geldig_in(2021).filter(wijk=initiatief.wijk)[0])
    with_stats = ApiSleutel.maak(Organisatie.objects.get(slug="actium"), "S", ["statistieken"])
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {with_stats[1]}"
    cijfers = client.get("/api/v1/statistieken/?jaar=2021").json()
    for d in definities:
        if d["sectie"] == "indicatoren":  # per priority, per indicator
            indicator = next(i for p in cijfers["indicatoren"] for i in p["indicatoren"])
            assert d["sleutel"] in indicator
        else:
            walk(cijfers, d["pad"])  # a KeyError names a definition of nothing


def test_the_figures_on_the_home_and_wijk_pages_carry_their_definitions(client, demo_2021):
    from django.contrib.auth.models import Group

    from mba.models import Medewerker
    from wijken.models import Wijk

    lariks = Wijk.objects.get(slug="lariks")
    user = Medewerker.objects.create_user("mw", organisatie=Organisatie.objects.get(slug="actium"))
    user.groups.add(Group.objects.get(name="medewerker"))
    lariks.teamleden.add(user)
    client.force_login(user)
    for url in ("/?jaar=2021", "/wijken/lariks/?jaar=2021"):
        pagina = client.get(url).content.decode()
        for rij in KERNRIJEN:
            uitleg = html.escape(rij.uitleg.uitleg)
            # a tooltip for the mouse and a details element for a tap or a screen reader
            assert f'<summary title="{uitleg}">' in pagina, (url, rij.pad)
            assert f"<p>{uitleg}</p></details>" in pagina, (url, rij.pad)


def test_the_verantwoording_lists_every_figure_and_what_was_not_measured(demo_2021):
    rapport = Jaarrapportage.objects.get(jaar=2021)
    pagina = rapport_html(rapport)
    verantwoording = pagina[pagina.index('<section id="verantwoording"') :]
    for d in definitielijst():
        assert html.escape(d["uitleg"]) in verantwoording, d["pad"]
    # in the report's figures tables (HTML) each row carries its definition too
    for rij in CIJFERRIJEN:
        assert f'<summary title="{html.escape(rij.uitleg.uitleg)}">' in pagina

    niet_gemeten = verantwoording[verantwoording.index("Wat niet is gemeten") :]
    zonder = Prioriteit.objects.geldig_in(2021).filter(indicatoren=None)
    assert zonder.exists()
    for p in zonder:
        assert html.escape(p.titel) in niet_gemeten
    for i in Indicator.objects.exclude(metingen__datum__year=2021).filter(
        prioriteit__in=Prioriteit.objects.geldig_in(2021)
    ):
        assert html.escape(f"indicator “{i.naam}”: geen meting in 2021") in niet_gemeten
    gemeten = Indicator.objects.filter(metingen__datum__year=2021).first()
    assert html.escape(f"indicator “{gemeten.naam}”") not in niet_gemeten
