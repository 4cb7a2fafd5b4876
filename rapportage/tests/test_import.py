"""The coordinator imports many contact moments at once from a CSV or XLSX file: a template to
fill in, a dry run that lists every error per row and column and saves nothing, then the import
of all rows in one transaction, recorded in the audit trail."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activiteiten import tellingen
from activiteiten.models import Contactmoment, Signaalsoort
from mba.models import Auditregel, Thema
from rapportage.kengetallen import Periode, kengetallen

KOP = (
    "Datum;Organisatie;Wijk;Buurt;Kanaal;Aanleiding;Soort;Thema's;Signalen;Bewoners bereikt;"
    "Doorverwezen naar;Notitie"
)


@pytest.fixture
def wereld(gemeente, actium, wijk_a, wijk_b, buurt_a, thema):
    Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid")
    Thema.objects.create(naam="Veiligheid", slug="veiligheid")


@pytest.fixture
def ingelogd(client, coordinator, wereld):
    client.force_login(coordinator)
    return client


def csv_bestand(regels, naam="contacten.csv", codering="utf-8"):
    return SimpleUploadedFile(naam, "\r\n".join(regels).encode(codering), "text/csv")


def post(client, bestand, actie="controleren", token="1b4e28ba-2fa1-11d2-883f-0016d3cca427"):
    return client.post("/import/", {"bestand": bestand, "actie": actie, "formtoken": token})


GOED = [
    KOP,
    "14-3-2021;Gemeente Assen;Lariks;Molukse wijk;Aan de deur;Eigen ronde of huisbezoek;"
    "Individueel;Ontmoeten;;1;;Over de speeltuin",
    "2021-04-01;actium;peelo;;bic;vraag_bewoner;collectief;ontmoeten, veiligheid;eenzaamheid;12;"
    "Gemeente Assen;",
    "",
    ";;;;;;;;;;;",
]


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_template_imports_exactly_its_example_row(ingelogd, formaat):
    sjabloon = ingelogd.get(f"/import/sjabloon/contactmomenten.{formaat}")
    assert sjabloon.status_code == 200
    bestand = SimpleUploadedFile(f"sjabloon.{formaat}", sjabloon.content)

    proef = post(ingelogd, bestand)
    assert proef.status_code == 200, proef.context.get("fouten")
    assert proef.context["fouten"] == [] and proef.context["aantal"] == 1
    assert Contactmoment.objects.count() == 0

    bestand.seek(0)
    assert post(ingelogd, bestand, "importeren").status_code == 302
    c = Contactmoment.objects.get()
    assert (c.datum.isoformat(), c.wijk.naam, c.kanaal) == ("2021-03-14", "Lariks", "aan_de_deur")


def test_a_file_with_errors_of_every_kind_lists_each_per_row_and_column_and_saves_nothing(ingelogd):
    fout = [
        KOP,
        "31-2-2021;Gemeente Assen;Lariks;;Aan de deur;wijkronde;;;;1;;",  # no such date
        "14-3-2021;Gemeente Asen;Lariks;;Aan de deur;wijkronde;;;;1;;",  # typo organisation
        "14-3-2021;Gemeente Assen;Larix;;Aan de deur;wijkronde;;;;1;;",  # typo wijk
        "14-3-2021;Gemeente Assen;Lariks;Peelo-Noord;Aan de deur;wijkronde;;;;1;;",  # other wijk
        "14-3-2021;Gemeente Assen;Lariks;;Per duif;wijkronde;;;;1;;",  # unknown channel
        "14-3-2021;Gemeente Assen;Lariks;;Aan de deur;wijkronde;;Ontmoetn;;1;;",  # typo theme
        "14-3-2021;Gemeente Assen;Lariks;;Aan de deur;wijkronde;;;Eenzaam;1;;",  # typo signal
        "14-3-2021;Gemeente Assen;Lariks;;Aan de deur;wijkronde;;;;1000000;;",  # over the maximum
        "14-3-2021;Gemeente Assen;Lariks;;Aan de deur;wijkronde;;;;1;;Bel 06-12345678",  # phone
        "14-3-2021;;Lariks;;Aan de deur;wijkronde;;;;1;;",  # missing organisation
    ]
    r = post(ingelogd, csv_bestand(fout), "importeren")

    assert r.status_code == 400
    fouten = {(rij, kolom): bericht for rij, kolom, bericht in r.context["fouten"]}
    assert "geen datum" in fouten[(2, "Datum")]
    assert "Bedoelt u 'Gemeente Assen'?" in fouten[(3, "Organisatie")]
    assert "Bedoelt u 'Lariks'?" in fouten[(4, "Wijk")]
    assert "Onbekende buurt 'Peelo-Noord'" in fouten[(5, "Buurt")]
    assert "Onbekende kanaal 'Per duif'" in fouten[(6, "Kanaal")]
    assert "Bedoelt u 'Ontmoeten'?" in fouten[(7, "Thema's")]
    assert "Bedoelt u 'Eenzaamheid'?" in fouten[(8, "Signalen")]
    assert (9, "Bewoners bereikt") in fouten
    assert (10, "Notitie") in fouten
    assert fouten[(11, "Organisatie")] == "Dit veld is verplicht."
    assert len(fouten) == len(fout) - 1  # one error in every planted row, none elsewhere
    assert Contactmoment.objects.count() == 0
    assert not Auditregel.objects.filter(doel__startswith="Import").exists()


def test_the_fixed_file_imports_exactly_its_rows_and_the_figures_count_them(ingelogd):
    r = post(ingelogd, csv_bestand(GOED, codering="cp1252"), "importeren")

    assert r.status_code == 302
    assert Contactmoment.objects.count() == 2  # the empty trailing rows are ignored
    c = Contactmoment.objects.get(kanaal="bic")
    assert {t.slug for t in c.themas.all()} == {"ontmoeten", "veiligheid"}
    assert c.vervolg_nodig  # a referral asks for a follow-up, as in the form
    # the monthly counts and the bit masks the figures read are right after a bulk write
    assert tellingen.verschillen() == 0
    cijfers = kengetallen(Periode.jaar(2021)).contactmomenten
    assert cijfers.totaal == Contactmoment.objects.filter(datum__year=2021).count()
    assert (
        cijfers.per_thema["ontmoeten"]
        == Contactmoment.objects.filter(themas__slug="ontmoeten").count()
    )
    assert cijfers.bewoners_bereikt == sum(
        Contactmoment.objects.values_list("bewoners_bereikt", flat=True)
    )


def test_the_import_is_one_audit_row_with_file_size_rows_and_who(ingelogd, coordinator):
    bestand = csv_bestand(GOED)
    post(ingelogd, bestand, "importeren")

    regel = Auditregel.objects.get(doel__startswith="Import")
    assert regel.actor == coordinator
    assert regel.aantal == Contactmoment.objects.count()
    assert f"contacten.csv ({bestand.size} bytes, 2 rijen)" in regel.doel


def test_utf8_with_bom_comma_separated_and_iso_dates_are_read(ingelogd):
    regels = [r.replace(";", ",") for r in GOED[:2]]
    regels[1] = regels[1].replace("14-3-2021", "2021-03-14")
    bestand = SimpleUploadedFile("c.csv", "\ufeff".encode() + "\r\n".join(regels).encode())
    r = post(ingelogd, bestand)
    assert r.context["fouten"] == [] and r.context["aantal"] == 1


def test_xlsx_formulas_are_read_as_their_values(ingelogd):
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(KOP.split(";"))
    blad.append(
        [
            "14-3-2021",
            "Gemeente Assen",
            "Lariks",
            "",
            "bic",
            "wijkronde",
            "",
            "",
            "",
            "=2+3",
            "",
            "",
        ]
    )
    # openpyxl writes no cached value; a spreadsheet program does: plant it as Excel would
    uit = io.BytesIO()
    boek.save(uit)
    import re
    import zipfile

    bron, doel = zipfile.ZipFile(io.BytesIO(uit.getvalue())), io.BytesIO()
    with zipfile.ZipFile(doel, "w") as z:
        for item in bron.infolist():
            data = bron.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<f>2\+3</f><v\s*/>|<f>2\+3</f>", b"<f>2+3</f><v>5</v>", data)
            z.writestr(item, data)
    post(ingelogd, SimpleUploadedFile("f.xlsx", doel.getvalue()), "importeren")

    assert Contactmoment.objects.get().bewoners_bereikt == 5


def test_a_file_that_is_not_csv_or_xlsx_is_refused(ingelogd):
    r = post(ingelogd, SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff"))
    assert r.status_code == 400
    assert "geen CSV- of XLSX-bestand" in r.context["fout"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(ingelogd, settings):
    settings.MBA_IMPORT_MAX_BYTES = 100
    r = post(ingelogd, csv_bestand(GOED))
    assert r.status_code == 413
    assert "groter dan" in r.context["fout"]
    assert Contactmoment.objects.count() == 0


def test_only_the_coordinator_may_import(client, wereld, medewerker_a, stuurgroep):
    for persoon in (medewerker_a, stuurgroep):
        client.force_login(persoon)
        assert client.get("/import/").status_code == 403
        assert post(client, csv_bestand(GOED), "importeren").status_code == 403
        assert client.get("/import/sjabloon/contactmomenten.csv").status_code == 403
    assert Contactmoment.objects.count() == 0
    client.logout()
    assert client.get("/import/").status_code == 302  # to the login page


def test_the_coordinator_finds_the_import_in_the_menu(ingelogd):
    assert b'href="/import/"' in ingelogd.get("/").content
