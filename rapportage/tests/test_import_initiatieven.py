"""The coordinator imports last year's residents' initiatives from a spreadsheet: a template to
fill in, a dry run that lists every error per row and column by the model's own rules (the
majority of households, the amounts, no personal data in the texts) and saves nothing, then the
import of all rows in one transaction. The initiatiefnemer's contact details come in only for a
user who may see them in that wijk."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatieven.models import Bewonersinitiatief, StatusWijziging
from rapportage import paginas
from rapportage.invoer import basis, lezen
from rapportage.invoer.initiatieven import GEEN_CONTACT, Initiatieven
from rapportage.invoer.views import SOORTEN
from rapportage.kengetallen import Periode, kengetallen

KOPPEN = [
    "Titel",
    "Omschrijving",
    "Wijk",
    "Buurt",
    "Waar",
    "Status",
    "Aangevraagd op",
    "Gevraagd bedrag",
    "Toegekend bedrag",
    "Reden hoger bedrag",
    "Huishoudens gevraagd",
    "Huishoudens voor",
    "Huishoudens tegen",
    "Draagvlak methode",
    "Draagvlak gemeten op",
    "Besluit op",
    "Gerealiseerd op",
    "Resultaat",
    "Gevraagde ondersteuning",
    "Geboden ondersteuning",
]
CONTACT = ["Naam initiatiefnemer", "E-mail initiatiefnemer", "Telefoon initiatiefnemer"]
ALLE_KOPPEN = KOPPEN + CONTACT


@pytest.fixture
def wereld(gemeente, wijk_a, wijk_b, buurt_a, buurt_b):
    """Lariks (with the Molukse wijk) and Peelo; the kinds of support come with the
    migrations (Geld, Mensen, Materialen, Ruimte, Vergunning, Advies en begeleiding)."""


def regel(**waarden):
    """One line of the file: a request in Lariks, with the given columns changed (keyword
    arguments with _ for a space: Huishoudens_voor="12")."""
    rij = {"Titel": "Bankje bij de vijver", "Wijk": "Lariks", "Aangevraagd op": "3-2-2021"}
    rij.update({k.replace("_", " "): v for k, v in waarden.items()})
    return ";".join(rij.get(kop, "") for kop in ALLE_KOPPEN)


def csv_bestand(regels, naam="initiatieven.csv", codering="utf-8"):
    tekst = "\r\n".join([";".join(ALLE_KOPPEN), *regels])
    return SimpleUploadedFile(naam, tekst.encode(codering), "text/csv")


def rijen(bestand):
    bestand.seek(0)
    return lezen.rijen(bestand, bestand.name)


def fouten_van(invoer, bestand):
    _, fouten = invoer.controleer(rijen(bestand))
    return {(rij, kolom): bericht for rij, kolom, bericht in fouten}


def niets_opgeslagen():
    return (
        not Bewonersinitiatief.objects.exists()
        and not StatusWijziging.objects.exists()
        and not Bewonersinitiatief.gevraagde_ondersteuning.through.objects.exists()
    )


def test_initiatives_are_a_kind_of_import():
    assert SOORTEN["initiatieven"] is Initiatieven


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_template_imports_exactly_its_example_row(client, coordinator, wereld, formaat):
    client.force_login(coordinator)
    sjabloon = client.get(f"/import/sjabloon/initiatieven.{formaat}")
    assert sjabloon.status_code == 200
    bestand = SimpleUploadedFile(f"sjabloon.{formaat}", sjabloon.content)
    invoer = Initiatieven(coordinator)

    assert invoer.controleer(rijen(bestand)) == (1, [])
    assert niets_opgeslagen()
    assert invoer.importeer(rijen(bestand)) == 1

    i = Bewonersinitiatief.objects.get()
    assert (i.titel, i.wijk.naam, i.status) == (
        "Moestuin achter het buurthuis",
        "Lariks",
        "gerealiseerd",
    )
    assert (i.aangevraagd_op, i.gerealiseerd_op) == (
        datetime.date(2021, 3, 14),
        datetime.date(2021, 9, 15),
    )
    assert (i.gevraagd_bedrag, i.toegekend_bedrag) == (Decimal("1250.50"), Decimal("1000"))
    assert (i.huishoudens_gevraagd, i.huishoudens_voor, i.huishoudens_tegen) == (40, 28, 3)
    assert i.draagvlak_methode == "handtekeningen"
    assert [v.naam for v in i.gevraagde_ondersteuning.all()] == ["Geld", "Mensen"]
    assert [v.naam for v in i.geboden_ondersteuning.all()] == ["Geld"]
    assert i.initiatiefnemer_email == "bewoner@example.org"  # the coordinator sees them
    # the history's first row, as the form's save writes it, by whoever imported
    stap = StatusWijziging.objects.get()
    assert (stap.initiatief, stap.van_status, stap.naar_status, stap.door) == (
        i,
        "",
        "gerealiseerd",
        coordinator,
    )


def test_the_coordinators_template_has_dutch_headers_with_the_contact_columns(
    client, coordinator, wereld
):
    client.force_login(coordinator)
    tekst = client.get("/import/sjabloon/initiatieven.csv").content.decode("utf-8-sig")
    kop, voorbeeld = tekst.splitlines()[:2]
    assert kop.split(";") == ALLE_KOPPEN
    assert voorbeeld.split(";")[2] == "Lariks"  # a wijk that exists

    blad = openpyxl.load_workbook(
        io.BytesIO(client.get("/import/sjabloon/initiatieven.xlsx").content)
    ).active
    assert [c.value for c in blad[1]] == ALLE_KOPPEN


# every row breaks one rule; (row, column, part of the message)
GEPLANT = [
    (regel(Wijk="Larix"), "Wijk", "Onbekende wijk 'Larix'. Bedoelt u 'Lariks'?"),
    (
        regel(Status="Toegekend", Huishoudens_gevraagd="40", Huishoudens_voor="20"),
        "Huishoudens voor",
        "Toekennen kan pas als een meerderheid van de gevraagde huishoudens vóór is",
    ),
    (
        regel(
            Status="Toegekend",
            Huishoudens_gevraagd="40",
            Huishoudens_voor="30",
            Gevraagd_bedrag="500",
            Toegekend_bedrag="750",
        ),
        "Toegekend bedrag",
        "Het toegekende bedrag is hoger dan het gevraagde: vul de reden in.",
    ),
    (
        regel(Titel="Buurtbarbecue, bel 06-12345678"),
        "Titel",
        "Deze tekst lijkt een telefoonnummer (",
    ),
    (
        regel(Resultaat="Mevrouw Jansen heeft de sleutel"),
        "Resultaat",
        "Deze tekst lijkt een naam (",
    ),
    (regel(Status="Goedgekeurd"), "Status", "Onbekende status 'Goedgekeurd'."),
    (regel(Aangevraagd_op="31-2-2021"), "Aangevraagd op", "'31-2-2021' is geen datum"),
    (
        regel(Gevraagde_ondersteuning="Gelt"),
        "Gevraagde ondersteuning",
        "Onbekende ondersteuningsvorm 'Gelt'. Bedoelt u 'Geld'?",
    ),
    (regel(Titel=""), "Titel", "Dit veld is verplicht."),
    (regel(Aangevraagd_op=""), "Aangevraagd op", "Dit veld is verplicht."),
    (
        regel(Huishoudens_gevraagd="10", Huishoudens_voor="8", Huishoudens_tegen="5"),
        "Huishoudens voor",
        "Vóór en tegen samen zijn niet meer dan het aantal gevraagde huishoudens",
    ),
    (
        regel(Huishoudens_gevraagd="20000"),
        "Huishoudens gevraagd",
        "Hoogstens 10.000 huishoudens",
    ),
    (regel(Gevraagd_bedrag="duizend"), "Gevraagd bedrag", "'duizend' is geen bedrag"),
    (
        regel(Toegekend_bedrag="250", Gevraagd_bedrag="300"),
        "Toegekend bedrag",
        "Een bedrag wordt pas toegekend als het initiatief is toegekend.",
    ),
    (
        regel(Besluit_op="1-2-2021", Status="Afgewezen"),
        "Besluit op",
        "Het besluit valt niet voor de aanvraag.",
    ),
    (regel(Buurt="Peelo-Noord"), "Buurt", "Onbekende buurt 'Peelo-Noord'"),
    (
        regel(Draagvlak_methode="Rooksignalen"),
        "Draagvlak methode",
        "Onbekende draagvlakmethode 'Rooksignalen'.",
    ),
]

# the same rows, as they should have been written
GOED = [
    regel(Wijk="lariks"),
    regel(
        Status="Toegekend",
        Huishoudens_gevraagd="40",
        Huishoudens_voor="21",
        Draagvlak_methode="enquete",
        Draagvlak_gemeten_op="2021-03-01",
    ),
    regel(
        Status="Toegekend",
        Huishoudens_gevraagd="40",
        Huishoudens_voor="30",
        Gevraagd_bedrag="500",
        Toegekend_bedrag="€ 750,00",
        Reden_hoger_bedrag="De speeltoestellen werden duurder",
    ),
    regel(Titel="Buurtbarbecue", Omschrijving="Aanmelden via het buurthuis"),
    regel(Resultaat="Een bewoonster heeft de sleutel"),
    regel(Status="Draagvlak gemeten", Huishoudens_gevraagd="12"),
    regel(Aangevraagd_op="28-2-2021"),
    regel(Gevraagde_ondersteuning="Geld, advies"),
    regel(Titel="Zwerfvuil prikken"),
    regel(Aangevraagd_op="2021-02-03"),
    regel(Huishoudens_gevraagd="13", Huishoudens_voor="8", Huishoudens_tegen="5"),
    regel(Huishoudens_gevraagd="2000"),
    regel(Gevraagd_bedrag="1.000"),
    regel(Status="Gestopt", Toegekend_bedrag="250", Gevraagd_bedrag="300,00"),
    regel(Besluit_op="4-2-2021", Status="Afgewezen"),
    regel(Buurt="Molukse wijk"),
    regel(Draagvlak_methode="Deur aan deur", Huishoudens_gevraagd="7"),
]


def test_a_file_with_planted_errors_lists_each_per_row_and_column_and_saves_nothing(
    coordinator, wereld, monkeypatch
):
    bestand = csv_bestand([regel(Titel="Een goede rij vooraf"), *(r for r, _, _ in GEPLANT)])
    invoer = Initiatieven(coordinator)

    fouten = fouten_van(invoer, bestand)

    for nummer, (_, kolom, bericht) in enumerate(GEPLANT, start=3):
        assert bericht in fouten.get((nummer, kolom), ""), (nummer, kolom, fouten)
    assert len(fouten) == len(GEPLANT)  # one error in every planted row, none elsewhere
    # every row is written before the next is read: the good first row is rolled back too
    monkeypatch.setattr(basis, "BATCH", 1)
    with pytest.raises(ValueError, match="Rij 3, kolom Wijk: Onbekende wijk 'Larix'"):
        invoer.importeer(rijen(bestand))
    assert niets_opgeslagen()


def test_the_fixed_file_imports_exactly_its_rows(coordinator, wereld):
    assert len(GOED) == len(GEPLANT)
    bestand = csv_bestand([*GOED, "", ";" * (len(ALLE_KOPPEN) - 1)], codering="cp1252")
    invoer = Initiatieven(coordinator)

    assert invoer.controleer(rijen(bestand)) == (len(GOED), [])
    assert invoer.importeer(rijen(bestand)) == len(GOED)

    assert Bewonersinitiatief.objects.count() == len(GOED)  # empty trailing rows ignored
    assert StatusWijziging.objects.count() == len(GOED)
    hoger = Bewonersinitiatief.objects.get(reden_hoger_bedrag__startswith="De speel")
    assert (hoger.gevraagd_bedrag, hoger.toegekend_bedrag) == (Decimal("500"), Decimal("750"))
    assert Bewonersinitiatief.objects.get(gevraagd_bedrag=1000).status == "aangevraagd"
    vormen = Bewonersinitiatief.objects.get(gevraagde_ondersteuning__slug="advies")
    assert {v.slug for v in vormen.gevraagde_ondersteuning.all()} == {"geld", "advies"}
    assert Bewonersinitiatief.objects.get(buurt__naam="Molukse wijk").wijk.naam == "Lariks"
    toegekend = Bewonersinitiatief.objects.filter(status="toegekend")
    assert all(i.heeft_meerderheid for i in toegekend) and toegekend.count() == 2


def test_spreadsheet_numbers_and_dates_are_read_as_typed(coordinator, wereld):
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(ALLE_KOPPEN)
    rij = dict.fromkeys(ALLE_KOPPEN, None)
    rij.update(
        {
            "Titel": "Speelveld",
            "Wijk": "Peelo",
            "Status": "toegekend",
            "Aangevraagd op": datetime.datetime(2021, 5, 3),
            "Gevraagd bedrag": 0.1 + 0.2,
            "Toegekend bedrag": 0.3,
            "Huishoudens gevraagd": 30,
            "Huishoudens voor": 16.0,
        }
    )
    blad.append(list(rij.values()))
    uit = io.BytesIO()
    boek.save(uit)
    bestand = SimpleUploadedFile("i.xlsx", uit.getvalue())

    assert Initiatieven(coordinator).importeer(rijen(bestand)) == 1
    i = Bewonersinitiatief.objects.get()
    assert (i.aangevraagd_op, i.gevraagd_bedrag, i.huishoudens_voor) == (
        datetime.date(2021, 5, 3),
        Decimal("0.30"),
        16,
    )


# --- contact details of the initiatiefnemer ---------------------------------------------------


def test_a_role_that_may_not_see_contact_details_cannot_import_them(stuurgroep, wereld):
    invoer = Initiatieven(stuurgroep)
    # its template has no contact columns, and the example row fits the headers
    assert invoer.koppen == KOPPEN and len(invoer.voorbeeld()) == len(KOPPEN)

    bestand = csv_bestand(
        [
            regel(Naam_initiatiefnemer="Henk Bewonersma"),
            regel(
                **{
                    "E-mail initiatiefnemer": "henk@example.org",
                    "Telefoon_initiatiefnemer": "0612345678",
                }
            ),
        ]
    )
    fouten = fouten_van(invoer, bestand)

    assert fouten[(2, "Naam initiatiefnemer")] == GEEN_CONTACT
    assert fouten[(3, "E-mail initiatiefnemer")] == GEEN_CONTACT
    assert fouten[(3, "Telefoon initiatiefnemer")] == GEEN_CONTACT
    with pytest.raises(ValueError):
        invoer.importeer(rijen(bestand))
    assert niets_opgeslagen()


def test_a_team_member_imports_contact_details_only_in_the_wijk_of_their_team(medewerker_a, wereld):
    invoer = Initiatieven(medewerker_a)  # the team of Lariks
    assert invoer.koppen == ALLE_KOPPEN
    eigen = regel(Naam_initiatiefnemer="Henk Bewonersma")
    elders = regel(Wijk="Peelo", Naam_initiatiefnemer="Henk Bewonersma")

    fouten = fouten_van(invoer, csv_bestand([eigen, elders]))

    assert fouten == {
        (3, "Wijk"): "U mag in de wijk Peelo geen initiatieven toevoegen.",
        (3, "Naam initiatiefnemer"): GEEN_CONTACT,
    }
    assert invoer.importeer(rijen(csv_bestand([eigen]))) == 1
    assert Bewonersinitiatief.objects.get().initiatiefnemer_naam == "Henk Bewonersma"


def test_without_a_user_nothing_may_be_imported(wereld):
    invoer = Initiatieven()
    assert invoer.koppen == KOPPEN
    fouten = fouten_van(invoer, csv_bestand([regel()]))
    assert fouten == {(2, "Wijk"): "U mag in de wijk Lariks geen initiatieven toevoegen."}


# --- the figures --------------------------------------------------------------------------------


def test_the_figures_about_initiatives_count_the_imported_rows(
    coordinator, wereld, cijfers_in_cache
):
    def aangevraagd_op_de_homepagina():
        rijen_ = paginas.jaarcijfers(2021)[None]["rijen"]
        return next(r["huidig"] for r in rijen_ if r["label"] == "Initiatieven aangevraagd")

    assert aangevraagd_op_de_homepagina() == 0  # now kept in the cache

    Initiatieven(coordinator).importeer(rijen(csv_bestand(GOED)))

    cijfers = kengetallen(Periode.jaar(2021)).initiatieven
    assert cijfers.aangevraagd == len(GOED)
    assert cijfers.toegekend == 2
    assert cijfers.toegekend_bedrag == Decimal("1000")
    assert cijfers.gevraagde_ondersteuning["advies"] == 1
    assert aangevraagd_op_de_homepagina() == len(GOED)


def test_a_kind_of_support_named_twice_is_one_link(coordinator, wereld):
    regels = [regel(Gevraagde_ondersteuning="Geld, geld", Geboden_ondersteuning="mensen,Mensen")]
    assert Initiatieven(coordinator).importeer(rijen(csv_bestand(regels))) == 1
    i = Bewonersinitiatief.objects.get()
    assert [v.slug for v in i.gevraagde_ondersteuning.all()] == ["geld"]
    assert [v.slug for v in i.geboden_ondersteuning.all()] == ["mensen"]
