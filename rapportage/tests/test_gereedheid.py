"""Before the 2021 report goes to the steering group, the coordinator opens "Klaar voor de
stuurgroep?" and reads what it still lacks, each with a link to fix it. Publishing with open
points asks for a confirmation, on every path, and the open points go into the Verantwoording."""

import datetime

import pytest
from django.contrib.auth.models import Group

from activiteiten.models import Contactmoment
from mba.models import Medewerker, Organisatie
from rapportage.gereedheid import CONTROLES, aantal_open, open_punten
from rapportage.models import Hoofdstuk, Jaarrapportage, RapportVoorbeeld, Voorbeeld
from rapportage.rapport import OpenPuntenNietBevestigd, rapportage_publiceren
from wijken.models import FysiekProject, Indicator, Meting, Prioriteit, Wijk, Wijkprofiel

from .conftest import contacten

pytestmark = pytest.mark.django_db


def persoon(rol):
    user = Medewerker.objects.create_user(rol, organisatie=Organisatie.objects.get(slug="actium"))
    user.groups.add(Group.objects.get(name=rol))
    if rol == "coordinator":  # as the beheer's accounts are (conftest)
        user.is_staff = user.is_superuser = True
        user.save()
    return user


@pytest.fixture
def rapport(demo_2021):
    return Jaarrapportage.objects.get(jaar=2021)


def punten_van(rapportage):
    """{check: [the text of each open point]}."""
    return {c.sleutel: [p.tekst for p in punten] for c, punten in open_punten(rapportage)}


def plant_gaten(rapport):
    """One gap of each kind, in a report that is otherwise the demo's."""
    lariks = Wijk.objects.get(slug="lariks")
    peelo = Wijk.objects.get(slug="peelo")
    nieuw = Prioriteit.objects.create(wijk=lariks, titel="Groen in de buurt", geldig_van=2021)
    ongemeten = Indicator.objects.create(prioriteit=nieuw, naam="Bomen geplant", eenheid="bomen")
    Meting.objects.create(
        indicator=ongemeten, datum=datetime.date(2020, 9, 1), waarde=3
    )  # last year's only
    RapportVoorbeeld.objects.filter(rapportage=rapport, voorbeeld__wijk=peelo).delete()
    Hoofdstuk.objects.filter(rapportage=rapport, sleutel="doorontwikkeling").update(tekst="  ")
    Wijkprofiel.objects.filter(wijk=lariks, jaar=2021).update(tekst="")
    cm = Contactmoment.objects.create(
        datum=datetime.date(2021, 6, 3),
        wijk=Wijk.objects.get(slug="marsdijk"),
        organisatie=Organisatie.objects.get(slug="actium"),
        kanaal="aan_de_deur",
        aanleiding="fysiek_project",  # about a project, but names none
    )
    stil = Wijk.objects.create(naam="Stilleveld", slug="stilleveld", volgorde=10)
    contacten(2, stil, Organisatie.objects.get(slug="actium"))  # two contacts: "< 5"
    # a project that ran all of 2021 without a contact or activity naming it
    FysiekProject.objects.create(
        naam="Dakisolatie Stilleveld",
        soort="groot_onderhoud",
        wijk=stil,
        eigenaar=Organisatie.objects.get(slug="actium"),
        start=datetime.date(2021, 2, 1),
        eind=datetime.date(2021, 11, 30),
    )
    return nieuw, ongemeten, peelo, cm, stil


def vul_gaten(rapport):
    """What the coordinator and the teams do until nothing is open."""
    actium = Organisatie.objects.get(slug="actium")
    for p in Prioriteit.objects.geldig_in(2021):
        if not p.indicatoren.exists():
            Indicator.objects.create(prioriteit=p, naam=f"Beleving {p.titel}", eenheid="%")
    for i in Indicator.objects.filter(prioriteit__in=Prioriteit.objects.geldig_in(2021)):
        if not i.metingen.filter(datum__year=2021).exists():
            Meting.objects.create(indicator=i, datum=datetime.date(2021, 11, 1), waarde=50)
    for wijk in Wijk.objects.all():
        if not RapportVoorbeeld.objects.filter(rapportage=rapport, voorbeeld__wijk=wijk).exists():
            v = Voorbeeld.objects.filter(wijk=wijk, jaar=2021).first()
            if v is None:
                v = Voorbeeld.objects.create(wijk=wijk, jaar=2021, titel="Buurtfeest", tekst="…")
            RapportVoorbeeld.objects.create(rapportage=rapport, voorbeeld=v)
        Wijkprofiel.objects.update_or_create(
            wijk=wijk, jaar=2021, defaults={"tekst": f"Het jaar in {wijk.naam}."}
        )
        if Contactmoment.objects.filter(wijk=wijk, datum__year=2021).count() < 30:
            contacten(30, wijk, actium)  # enough work logged to show its figures
    for h in Hoofdstuk.objects.filter(rapportage=rapport):
        if not h.tekst.strip():
            h.tekst = "Wat er gebeurde."
            h.save()
    lopend = FysiekProject.objects.actief_in(datetime.date(2021, 1, 1), datetime.date(2022, 1, 1))
    for project in lopend.exclude(contactmomenten__datum__year=2021):
        Contactmoment.objects.create(  # the team's talk with the residents at the project
            datum=datetime.date(2021, 10, 5),
            wijk=project.wijk,
            organisatie=actium,
            kanaal="aan_de_deur",
            aanleiding="fysiek_project",
            fysiek_project=project,
        )
    for cm in Contactmoment.objects.filter(aanleiding="fysiek_project", fysiek_project=None):
        cm.fysiek_project = cm.wijk.projecten.first() or FysiekProject.objects.create(
            naam=f"Groot onderhoud {cm.wijk.naam}",
            soort="groot_onderhoud",
            wijk=cm.wijk,
            eigenaar=actium,
        )
        cm.save()


def test_the_readiness_list_names_each_kind_of_gap_and_is_empty_once_they_are_filled(rapport):
    nieuw, ongemeten, peelo, cm, stil = plant_gaten(rapport)
    punten = punten_van(rapport)
    assert set(punten) == {c.sleutel for c in CONTROLES}

    assert "Lariks: “Groen in de buurt” heeft geen indicator." not in punten["zonder_indicator"]
    assert (
        "Lariks: “Groen in de buurt”, indicator “Bomen geplant” heeft geen meting in 2021."
        in punten["zonder_meting"]
    )
    # Peelo's example of 2021 is there, only no longer chosen; Stilleveld has none at all
    assert "Peelo: er is een voorbeeld, maar het is niet gekozen." in punten["zonder_voorbeeld"]
    assert "Stilleveld: geen voorbeeld in 2021." in punten["zonder_voorbeeld"]
    assert "Hoofdstuk 3.1 Doorontwikkeling: de tekst is leeg." in punten["lege_teksten"]
    assert "Lariks: de tekst over de wijk (wijkprofiel 2021) is leeg." in punten["lege_teksten"]
    assert (
        "Marsdijk: contactmoment van 03-06-2021 gaat over een fysiek project maar noemt geen "
        "project." in punten["projectcontact_zonder_project"]
    )
    assert (
        "Stilleveld: de tabel met kengetallen toont in 2021 alleen aantallen onder de 5."
        in punten["alles_onderdrukt"]
    )
    assert (
        "Stilleveld: project “Dakisolatie Stilleveld” liep in 2021, maar er is geen "
        "contactmoment of activiteit aan gekoppeld." in punten["project_zonder_werk"]
    )
    # a priority without any indicator is named as such
    ongemeten.delete()
    assert (
        "Lariks: “Groen in de buurt” heeft geen indicator."
        in punten_van(rapport)["zonder_indicator"]
    )

    vul_gaten(rapport)
    assert punten_van(rapport) == {c.sleutel: [] for c in CONTROLES}


def test_each_open_point_links_to_where_it_is_fixed(client, rapport):
    nieuw, ongemeten, peelo, cm, stil = plant_gaten(rapport)
    client.force_login(persoon("coordinator"))
    assert 'href="/rapportage/2021/gereed/"' in client.get("/rapportage/").content.decode()
    pagina = client.get("/rapportage/2021/gereed/")
    assert pagina.status_code == 200
    html = pagina.content.decode()
    lariks = nieuw.wijk.slug
    assert (
        f'href="/wijken/{lariks}/prioriteiten/{nieuw.pk}/indicatoren/{ongemeten.pk}/metingen/nieuw/"'
        in html
    )
    assert f'href="/contactmomenten/{cm.pk}/bewerken/"' in html
    assert 'href="/rapportage/2021/bewerken/#hoofdstuk-doorontwikkeling"' in html
    assert 'href="/contactmomenten/?jaar=2021&amp;wijk=stilleveld"' in html
    project = FysiekProject.objects.get(naam="Dakisolatie Stilleveld")
    assert f'href="/projecten/{project.pk}/"' in html
    # every link opens for the coordinator
    for _, punten in pagina.context["controles"]:
        for p in punten[:3]:
            assert client.get(p.link).status_code == 200, p.link


@pytest.mark.parametrize(
    "rol, status, formulier",
    [("coordinator", 200, True), ("stuurgroep", 200, False), ("medewerker", 403, False)],
)
def test_the_coordinator_publishes_the_steering_group_only_reads_the_list(
    client, rapport, rol, status, formulier
):
    client.force_login(persoon(rol))
    response = client.get("/rapportage/2021/gereed/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert ("/rapportage/2021/publiceren/" in html) is formulier
        assert ("/beheer/" in html) is formulier  # the links to fix are the coordinator's
    if rol != "coordinator":
        assert client.post("/rapportage/2021/publiceren/").status_code == 403


def test_publishing_with_open_points_asks_for_confirmation(
    client, rapport, monkeypatch, media, django_capture_on_commit_callbacks
):
    from rapportage import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "html_naar_pdf", lambda html, *a, **k: b"%PDF-1.7 nep")
    plant_gaten(rapport)
    aantal = aantal_open(open_punten(rapport))
    assert aantal > 0

    # the service itself refuses: no path (page, beheer, a script) publishes them silently
    with pytest.raises(OpenPuntenNietBevestigd):
        rapportage_publiceren(rapport)
    with pytest.raises(OpenPuntenNietBevestigd, match=f"Er staan nu {aantal} punten open"):
        rapportage_publiceren(rapport, open_punten_bevestigd=aantal - 1)  # one came since
    rapport.refresh_from_db()
    assert rapport.status == "concept"

    client.force_login(persoon("coordinator"))
    response = client.post("/rapportage/2021/publiceren/")
    assert response.status_code == 400
    assert "Bevestig dat u met open punten publiceert" in response.content.decode()
    rapport.refresh_from_db()
    assert rapport.status == "concept"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/rapportage/2021/publiceren/", {"open_punten_bevestigd": aantal})
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.status == "gepubliceerd"
    # what was open is in the published Verantwoording
    html = rapport.gepubliceerde_html
    verantwoording = html[html.index('id="verantwoording"') :]
    assert "Open punten bij publicatie" in verantwoording
    assert "Stilleveld: de tabel met kengetallen toont in 2021" in verantwoording
    assert "Hoofdstuk 3.1 Doorontwikkeling: de tekst is leeg." in verantwoording
    assert "Bomen geplant" in verantwoording  # not measured in 2021


def test_a_report_without_open_points_is_published_without_a_question(
    rapport, monkeypatch, media, django_capture_on_commit_callbacks
):
    from rapportage import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "html_naar_pdf", lambda html, *a, **k: b"%PDF-1.7 nep")
    vul_gaten(rapport)
    with django_capture_on_commit_callbacks(execute=True):
        rapportage_publiceren(rapport)
    rapport.refresh_from_db()
    assert rapport.gepubliceerd
    assert "Er stonden bij publicatie geen andere punten open." in rapport.gepubliceerde_html


def test_the_beheer_cannot_publish_past_the_question(client, rapport):
    client.force_login(persoon("coordinator"))
    formulier = client.get(f"/beheer/rapportage/jaarrapportage/{rapport.pk}/change/")
    assert formulier.status_code == 200
    assert 'name="status"' not in formulier.content.decode()
