"""The coordinator imports the measurements of the priorities' indicators from a CSV or XLSX
file: the wijkenquête's results for every wijk at once. The dry run names every error per row
and column and saves nothing; the import saves exactly the file's rows, and the figures of
the pages and the report show them at once."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mba.templatetags.datums import kort
from rapportage.invoer import lezen
from rapportage.invoer.metingen import Metingen, getal
from rapportage.invoer.views import SOORTEN
from rapportage.kengetallen import Periode, kengetallen
from rapportage.paginas import jaarcijfers
from wijken.models import Indicator, Meting, Prioriteit

KOP = "Wijk;Prioriteit;Indicator;Datum;Waarde;Bron;Opmerking"


@pytest.fixture
def veilig(wijk_a):
    """Lariks measures how safe its residents feel, since a nulmeting in 2019."""
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Veiligheid", geldig_van=2020)
    ind = Indicator.objects.create(
        prioriteit=prio,
        naam="Voelt zich veilig",
        eenheid="%",
        nulmeting=Decimal("60"),
        nulmeting_datum=datetime.date(2019, 7, 1),
        streefwaarde=Decimal("75"),
        streefdatum=datetime.date(2023, 12, 31),
        bron="Wijkenquête",
    )
    Meting.objects.create(indicator=ind, datum=datetime.date(2020, 7, 1), waarde=Decimal("62"))
    return ind


@pytest.fixture
def wereld(veilig, wijk_a, wijk_b):
    """Lariks also counts the children in its playground; Peelo asks its residents the same
    question about safety, so that name alone does not say which wijk."""
    ontmoeting = Prioriteit.objects.create(wijk=wijk_a, titel="Ontmoeting", geldig_van=2020)
    Indicator.objects.create(prioriteit=ontmoeting, naam="Bezoekers speeltuin")
    peelo = Prioriteit.objects.create(wijk=wijk_b, titel="Veiligheid", geldig_van=2020)
    Indicator.objects.create(prioriteit=peelo, naam="Voelt zich veilig", eenheid="%")


def csv_bestand(regels, naam="metingen.csv", codering="utf-8"):
    return SimpleUploadedFile(naam, "\r\n".join(regels).encode(codering), "text/csv")


def controleer(bestand):
    return Metingen().controleer(lezen.rijen(bestand, bestand.name))


def importeer(bestand):
    bestand.seek(0)
    return Metingen().importeer(lezen.rijen(bestand, bestand.name))


GOED = [
    KOP,
    "Lariks;Veiligheid;Voelt zich veilig;1-7-2021;70;Wijkenquête 2021;Na de nieuwe verlichting",
    "peelo;;voelt-zich-veilig;2021-07-01;58,5;;",
    "Lariks;;Bezoekers speeltuin;14-3-2021;12.5;Telling;",
    "Lariks;;Bezoekers speeltuin;15-3-2021;-0,5;;Regen",
    ";;;;;;",
    "",
]


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_template_imports_exactly_its_example_row(client, coordinator, wereld, formaat):
    client.force_login(coordinator)
    sjabloon = client.get(f"/import/sjabloon/metingen.{formaat}")
    assert sjabloon.status_code == 200
    bestand = SimpleUploadedFile(f"sjabloon.{formaat}", sjabloon.content)

    assert controleer(bestand) == (1, [])
    assert Meting.objects.count() == 1  # the dry run saved nothing

    assert importeer(bestand) == 1
    nieuw = Meting.objects.exclude(datum=datetime.date(2020, 7, 1)).get()
    assert nieuw.indicator.naam == "Voelt zich veilig"
    assert nieuw.indicator.prioriteit.wijk.naam == "Lariks"
    assert (nieuw.datum, nieuw.waarde) == (timezone.localdate(), Decimal("12.5"))


def test_the_example_row_names_an_indicator_that_exists_or_one_to_copy(db, wereld):
    wijk, prioriteit, indicator, *_ = Metingen().voorbeeld()
    assert (wijk, prioriteit, indicator) == ("Lariks", "Veiligheid", "Voelt zich veilig")

    Indicator.objects.all().delete()
    leeg = Metingen().voorbeeld()
    assert leeg[:3] == [
        "Lariks",
        "Ontmoeting in de wijk",
        "Kinderen die dagelijks in de speeltuin spelen",
    ]


def test_the_example_row_takes_a_day_without_a_measurement(db, veilig):
    vandaag = timezone.localdate()
    Meting.objects.create(indicator=veilig, datum=vandaag, waarde=Decimal("70"))
    assert Metingen().voorbeeld()[3] == kort(vandaag - datetime.timedelta(days=1))


FOUT = [
    KOP,
    "Lariks;;Voelt zich velig;1-7-2021;70;;",  # 2 typo in the indicator
    "Lariks;;Voelt zich veilig;31-2-2021;70;;",  # 3 no such date
    "Lariks;;Voelt zich veilig;1-8-2021;2000000000;;",  # 4 above the maximum
    "Lariks;;Voelt zich veilig;1-9-2021;veel;;",  # 5 not a number
    "Lariks;;Voelt zich veilig;1-10-2021;71;;Bel 06-12345678",  # 6 a phone number
    "Lariks;;Bezoekers speeltuin;1-7-2021;40;;BSN 111222333",  # 7 a BSN
    "Lariks;;Bezoekers speeltuin;1-8-2021;40;;",  # 8 fine, but see row 9
    "Lariks;;bezoekers-speeltuin;1-8-2021;41;;",  # 9 the same indicator and date as row 8
    "Lariks;;Voelt zich veilig;1-7-2020;65;;",  # 10 that date has a measurement already
    "Lariks;;Voelt zich veilig;1-11-2021;;;",  # 11 no value
    ";;Voelt zich veilig;1-7-2021;70;;",  # 12 Lariks or Peelo?
    "Lariks;;Voelt zich veilig;1-7-2012;55;;",  # 13 before the programme's first year
    "Larix;;Bezoekers speeltuin;1-9-2021;40;;",  # 14 typo in the wijk
    "Lariks;Ontmoeting;Voelt zich veilig;1-9-2021;40;;",  # 15 not of that priority
    "Lariks;;Voelt zich veilig;1-12-2021;12,345;;",  # 16 three decimals
]


def test_a_file_with_errors_of_every_kind_lists_each_per_row_and_column_and_saves_nothing(
    db, wereld
):
    bestand = csv_bestand(FOUT)
    aantal, lijst = controleer(bestand)

    assert aantal == len(FOUT) - 1
    fouten = {(rij, kolom): bericht for rij, kolom, bericht in lijst}
    assert fouten[(2, "Indicator")] == (
        "Onbekende indicator 'Voelt zich velig' in wijk Lariks. Bedoelt u 'Voelt zich veilig'?"
    )
    assert "geen datum" in fouten[(3, "Datum")]
    assert "tussen -1.000.000.000 en 1.000.000.000" in fouten[(4, "Waarde")]
    assert fouten[(5, "Waarde")] == "'veel' is geen getal; schrijf bijvoorbeeld 40 of 12,5."
    assert "telefoonnummer" in fouten[(6, "Opmerking")]
    assert "BSN" in fouten[(7, "Opmerking")]
    assert fouten[(9, "Datum")] == (
        "Rij 8 heeft al een meting van de indicator 'Bezoekers speeltuin' op 1-8-2021: "
        "één meting per indicator per datum."
    )
    assert fouten[(10, "Datum")].startswith(
        "De indicator 'Voelt zich veilig' heeft op 1-7-2020 al een meting (waarde 62)."
    )
    assert fouten[(11, "Waarde")] == "Dit veld is verplicht."
    assert fouten[(12, "Indicator")] == (
        "Er zijn 2 indicatoren 'Voelt zich veilig': bij Lariks, prioriteit 'Veiligheid'; "
        "Peelo, prioriteit 'Veiligheid'. Vul de kolom Wijk in om te kiezen."
    )
    assert "Een datum voor 1-1-2015 kan niet" in fouten[(13, "Datum")]
    assert "Bedoelt u 'Lariks'?" in fouten[(14, "Wijk")]
    assert fouten[(15, "Prioriteit")] == (
        "De indicator 'Voelt zich veilig' hoort niet bij een prioriteit 'Ontmoeting', wel bij: "
        "Lariks, prioriteit 'Veiligheid'."
    )
    assert "2 cijfers achter de komma" in fouten[(16, "Waarde")]
    # one error in every planted row, none in row 8
    assert {rij for rij, _ in fouten} == set(range(2, len(FOUT) + 1)) - {8}
    assert len(fouten) == len(lijst) == len(FOUT) - 2

    with pytest.raises(ValueError, match="Rij 2, kolom Indicator"):
        importeer(bestand)
    assert Meting.objects.count() == 1  # only the measurement of before


def test_the_fixed_file_imports_exactly_its_rows(db, wereld, veilig, wijk_b):
    bestand = csv_bestand(GOED, codering="cp1252")
    assert controleer(bestand) == (4, [])

    assert importeer(bestand) == 4  # the empty trailing rows are ignored
    nieuw = Meting.objects.exclude(datum=datetime.date(2020, 7, 1)).order_by("datum", "waarde")
    assert [
        (m.indicator.prioriteit.wijk.slug, m.indicator.naam, str(m.datum), m.waarde) for m in nieuw
    ] == [
        ("lariks", "Bezoekers speeltuin", "2021-03-14", Decimal("12.50")),
        ("lariks", "Bezoekers speeltuin", "2021-03-15", Decimal("-0.50")),
        ("peelo", "Voelt zich veilig", "2021-07-01", Decimal("58.50")),
        ("lariks", "Voelt zich veilig", "2021-07-01", Decimal("70.00")),
    ]
    lariks = nieuw.get(indicator=veilig)
    assert (lariks.bron, lariks.toelichting) == ("Wijkenquête 2021", "Na de nieuwe verlichting")

    # the same file again: every row now clashes with what is in the database
    _, fouten = controleer(bestand)
    assert {(rij, kolom) for rij, kolom, _ in fouten} == {(n, "Datum") for n in range(2, 6)}


def test_an_xlsx_file_gives_numbers_and_dates_as_the_spreadsheet_holds_them(db, wereld):
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(KOP.split(";"))
    blad.append(["Lariks", "", "Voelt zich veilig", datetime.datetime(2021, 7, 1), 70.5, "", ""])
    blad.append(["Lariks", "", "Bezoekers speeltuin", "14-3-2021", 12, "", ""])
    blad.append(["Lariks", "", "Bezoekers speeltuin", "15-3-2021", "12,5", "", ""])
    uit = io.BytesIO()
    boek.save(uit)
    bestand = SimpleUploadedFile("metingen.xlsx", uit.getvalue())

    assert controleer(bestand) == (3, [])
    assert importeer(bestand) == 3
    assert sorted(Meting.objects.values_list("waarde", flat=True)) == [
        Decimal("12"),
        Decimal("12.5"),
        Decimal("62"),
        Decimal("70.5"),
    ]


@pytest.mark.parametrize(
    "waarde, getal_",
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" -3 ", Decimal("-3")),
        ("1.250,5", Decimal("1250.5")),  # the form's rule: points group thousands
        (12.5, Decimal("12.5")),
        (0.1 + 0.2, Decimal("0.3")),  # a sum in a sheet, not its last binary digit
        (1.125, None),  # three decimals: a spreadsheet number is never read as 1125
        (True, None),
    ],
)
def test_a_value_is_read_as_the_measurement_form_reads_it(waarde, getal_):
    if getal_ is None:
        with pytest.raises(ValueError):
            getal(waarde)
    else:
        assert getal(waarde) == getal_


def test_the_figures_show_the_imported_measurements_at_once(
    db, wereld, veilig, wijk_a, cijfers_in_cache
):
    def voelt_zich_veilig(prioriteiten):
        [veiligheid] = [p for p in prioriteiten if p.titel == "Veiligheid"]
        [ind] = veiligheid.indicatoren
        return ind

    voor = voelt_zich_veilig(jaarcijfers(2021, [wijk_a.pk])[wijk_a.pk]["indicatoren"])
    assert voor.laatste_meting["waarde"] == Decimal("62")  # of 2020, the latest until now
    gewijzigd_op = Prioriteit.objects.get(pk=veilig.prioriteit_id).gewijzigd_op

    importeer(csv_bestand(GOED))

    # the report's figures and the cached ones of the wijk page alike
    for prioriteiten in (
        kengetallen(Periode.jaar(2021), wijk=wijk_a).indicatoren,
        jaarcijfers(2021, [wijk_a.pk])[wijk_a.pk]["indicatoren"],
    ):
        na = voelt_zich_veilig(prioriteiten)
        assert na.laatste_meting["waarde"] == Decimal("70")
        assert na.vorige_meting["waarde"] == Decimal("62")
        assert (na.verschil, na.trend) == (Decimal("8"), "beter")
    # the partner API's incremental sync brings the priority back (its measurements changed)
    assert Prioriteit.objects.get(pk=veilig.prioriteit_id).gewijzigd_op > gewijzigd_op


def test_the_import_page_offers_the_measurements(client, coordinator, wereld):
    assert SOORTEN["metingen"] is Metingen
    client.force_login(coordinator)
    assert b"/import/sjabloon/metingen.csv" in client.get("/import/").content


def test_a_measurement_saved_by_someone_else_during_the_import_stops_it_whole(
    db, wereld, monkeypatch
):
    # as if a colleague saved the 2020 measurement after the import read the database
    monkeypatch.setattr(Metingen, "_bestaand", staticmethod(dict))
    bestand = csv_bestand(
        [
            KOP,
            "Lariks;;Bezoekers speeltuin;14-3-2021;12;;",
            "Lariks;;Voelt zich veilig;1-7-2020;65;;",
        ]
    )
    with pytest.raises(ValueError, match="intussen al een meting"):
        importeer(bestand)
    assert Meting.objects.count() == 1  # the speeltuin's row went back too
