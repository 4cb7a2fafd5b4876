"""The coordinator imports last year's activities from a spreadsheet: a template to fill in, a
dry run that lists every error per row and column and saves nothing, then the import of all
rows in one transaction, with their organisers and themes, counted in the figures at once."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activiteiten.models import Activiteit
from mba.models import Thema
from mba.tests import webfabriek as f
from rapportage import paginas
from rapportage.invoer import basis, lezen
from rapportage.invoer.activiteiten import Activiteiten
from rapportage.invoer.views import SOORTEN
from rapportage.kengetallen import Periode, kengetallen

KOP = (
    "Naam;Omschrijving;Wijk;Buurt;Locatie;Start;Eind;Status;Organisatoren;"
    "Overige organisatoren;Deelnemers;Thema's"
)

GOED = [
    KOP,
    "Burendag in de speeltuin;Koffie en spelletjes;Lariks;Molukse wijk;Speeltuin;28-9-2024;;"
    "Gehouden;Gemeente Assen, actium;Een groep buren;45;Ontmoeten, veiligheid",
    "Stadsbrede opschoondag;;;;;2024-03-16;17-3-2024;gehouden;Actium, actium;;120;Veiligheid",
    "Kerstmarkt;;peelo;;Wijkcentrum;14-12-2024;;Afgelast;gemeente-assen;;;",
    "",
    ";;;;;;;;;;;",
]


@pytest.fixture
def wereld(gemeente, actium, wijk_a, wijk_b, buurt_a, buurt_b, thema):
    Thema.objects.create(naam="Veiligheid", slug="veiligheid")


@pytest.fixture
def ingelogd(client, coordinator, wereld):
    client.force_login(coordinator)
    return client


def csv_bestand(regels, codering="utf-8"):
    return SimpleUploadedFile("activiteiten.csv", "\r\n".join(regels).encode(codering))


def controleer(bestand):
    return Activiteiten().controleer(lezen.rijen(bestand, bestand.name))


def importeer(bestand):
    bestand.seek(0)
    rijen = lezen.rijen(bestand, bestand.name)
    try:
        return Activiteiten().importeer(rijen)
    finally:
        rijen.close()  # a bad row leaves the reader half-way: let it go while the file is open


def test_activities_are_a_kind_of_import_on_the_page():
    assert SOORTEN["activiteiten"] is Activiteiten
    assert Activiteiten.objecttype == "activiteiten.activiteit"


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_template_imports_exactly_its_example_row(ingelogd, formaat):
    sjabloon = ingelogd.get(f"/import/sjabloon/activiteiten.{formaat}")
    assert sjabloon.status_code == 200
    bestand = SimpleUploadedFile(f"sjabloon.{formaat}", sjabloon.content)

    assert controleer(bestand) == (1, [])
    assert Activiteit.objects.count() == 0

    assert importeer(bestand) == 1
    a = Activiteit.objects.get()
    assert (a.naam, a.wijk.naam, a.start, a.status, a.deelnemers) == (
        "Burendag in de speeltuin",
        "Lariks",
        datetime.date(2024, 9, 28),
        "gehouden",
        45,
    )
    assert [o.naam for o in a.organisatoren.all()] == ["Actium"]  # the first by name
    assert [t.slug for t in a.themas.all()] == ["ontmoeten"]


def test_a_file_with_errors_of_every_kind_lists_each_per_row_and_column_and_saves_nothing(
    wereld,
):
    fout = [
        KOP,
        "Burendag;;Larix;;;28-9-2024;;Gehouden;Actium;;45;",  # typo wijk
        "Burendag;;Lariks;Peelo-Noord;;28-9-2024;;Gehouden;Actium;;45;",  # buurt of another wijk
        "Burendag;;;Molukse wijk;;28-9-2024;;Gehouden;Actium;;45;",  # buurt, no wijk
        "Burendag;;Lariks;;;31-2-2024;;Gehouden;Actium;;45;",  # no such date
        "Burendag;;Lariks;;;28-9-2012;;Gehouden;Actium;;45;",  # a typo in the year
        "Burendag;;Lariks;;;28-9-2024;27-9-2024;Gehouden;Actium;;45;",  # ends before it starts
        "Burendag, aanmelden bij 06-12345678;;Lariks;;;28-9-2024;;Gehouden;Actium;;45;",  # phone
        "Burendag;;Lariks;;;28-9-2024;;Gehouden;Actium;;100001;",  # over the maximum
        "Burendag;;Lariks;;;28-9-2024;;Verzet;Actium;;45;",  # unknown status
        "Burendag;;Lariks;;;28-9-2024;;Gehouden;Gemeente Asen, Actium;;45;",  # typo organiser
        "Burendag;;Lariks;;;28-9-2024;;Gehouden;Actium;;45;Ontmoetn",  # typo theme
        ";;Lariks;;;28-9-2024;;Gehouden;Actium;;45;",  # no name
        "Burendag;;Lariks;;;28-9-2024;;;Actium;;45;",  # no status
        "Burendag;;Lariks;;;28-9-2024;;Gehouden;Actium;;veel;",  # not a number
    ]
    bestand = csv_bestand(fout)

    aantal, lijst = controleer(bestand)

    fouten = {(rij, kolom): bericht for rij, kolom, bericht in lijst}
    assert aantal == len(fout) - 1
    assert "Bedoelt u 'Lariks'?" in fouten[(2, "Wijk")]
    assert "Onbekende buurt 'Peelo-Noord'" in fouten[(3, "Buurt")]
    assert fouten[(4, "Buurt")] == "Kies ook de wijk van de buurt."
    assert "geen datum" in fouten[(5, "Start")]
    assert "controleer het jaar" in fouten[(6, "Start")]
    assert fouten[(7, "Eind")] == "De einddatum ligt niet voor de startdatum."
    assert "telefoonnummer" in fouten[(8, "Naam")]
    assert fouten[(9, "Deelnemers")] == "Een activiteit heeft hoogstens 100.000 deelnemers."
    assert "Onbekende status 'Verzet'" in fouten[(10, "Status")]
    assert "Bedoelt u 'Gemeente Assen'?" in fouten[(11, "Organisatoren")]
    assert "Bedoelt u 'Ontmoeten'?" in fouten[(12, "Thema's")]
    assert fouten[(13, "Naam")] == "Dit veld is verplicht."
    assert fouten[(14, "Status")] == "Dit veld is verplicht."
    assert "geen geheel getal" in fouten[(15, "Deelnemers")]
    assert len(fouten) == len(fout) - 1  # one error in every planted row, none elsewhere
    assert Activiteit.objects.count() == 0

    with pytest.raises(ValueError, match="Rij 2, kolom Wijk: .*Bedoelt u 'Lariks'"):
        importeer(bestand)
    assert Activiteit.objects.count() == 0


def test_a_bad_row_after_saved_batches_takes_the_whole_import_back(wereld, monkeypatch):
    monkeypatch.setattr(basis, "BATCH", 1)  # every good row is written before the bad one
    bestand = csv_bestand([*GOED[:4], "Burendag;;Lariks;;;28-9-2024;;Verzet;Actium;;45;"])

    with pytest.raises(ValueError, match="Rij 5, kolom Status"):
        importeer(bestand)

    assert Activiteit.objects.count() == 0
    assert Activiteit.themas.through.objects.count() == 0
    assert Activiteit.organisatoren.through.objects.count() == 0


def test_the_fixed_file_imports_exactly_its_rows_with_organisers_and_themes(wereld):
    bestand = csv_bestand(GOED, codering="cp1252")
    assert controleer(bestand) == (3, [])  # the empty trailing rows are ignored

    assert importeer(bestand) == 3

    assert Activiteit.objects.count() == 3
    burendag = Activiteit.objects.get(naam="Burendag in de speeltuin")
    assert (burendag.wijk.slug, burendag.buurt.naam, burendag.locatie_omschrijving) == (
        "lariks",
        "Molukse wijk",
        "Speeltuin",
    )
    assert burendag.organisatoren_omschrijving == "Een groep buren"
    assert {o.slug for o in burendag.organisatoren.all()} == {"gemeente-assen", "actium"}
    assert {t.slug for t in burendag.themas.all()} == {"ontmoeten", "veiligheid"}
    stad = Activiteit.objects.get(naam="Stadsbrede opschoondag")
    assert stad.stedelijk and stad.eind == datetime.date(2024, 3, 17)
    assert [o.slug for o in stad.organisatoren.all()] == ["actium"]  # named twice, linked once
    markt = Activiteit.objects.get(naam="Kerstmarkt")
    assert (markt.status, markt.deelnemers, markt.themas.count()) == ("afgelast", None, 0)


def test_the_figures_about_activities_count_the_imported_rows(wereld):
    f.activiteit(None, naam="Koningsdag", start=datetime.date(2024, 4, 27), status="gehouden")
    voor = kengetallen(Periode.jaar(2024)).activiteiten

    importeer(csv_bestand(GOED))

    na = kengetallen(Periode.jaar(2024)).activiteiten
    assert (na.gehouden, na.afgelast) == (voor.gehouden + 2, voor.afgelast + 1)
    assert na.deelnemers == voor.deelnemers + 45 + 120
    assert (na.stedelijk, na.in_wijk) == (voor.stedelijk + 1, voor.in_wijk + 1)
    assert na.per_thema.get("veiligheid", 0) == voor.per_thema.get("veiligheid", 0) + 2
    assert na.per_thema.get("ontmoeten", 0) == voor.per_thema.get("ontmoeten", 0) + 1


def test_the_cached_figures_of_the_pages_see_the_imported_rows(wereld, cijfers_in_cache):
    def gehouden():
        stad = paginas._programma(2024)["secties"][None]["huidig"]["activiteiten"]
        return stad["gehouden"]

    assert gehouden() == 0  # counted, and kept in the cache

    importeer(csv_bestand(GOED))

    assert gehouden() == 2  # bulk_create sent no signal; the import renewed the data version
