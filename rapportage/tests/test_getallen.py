"""Numbers the Dutch way everywhere: the staff pages, the exports and the annual report print
the same value the same way (23.630; € 1.500; € 1.500,50), and a year stays 2021."""

import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from openpyxl import load_workbook

from mba.tests import webfabriek as f
from rapportage.models import Jaarrapportage
from rapportage.rapport import rapport_html
from wijken.models import Indicator, Meting, Prioriteit

from .conftest import zonder_uitleg

DEELNEMERS = 23630  # the Summergames: every visitor over six weeks counted
BEDRAG = Decimal("1500.00")


@pytest.fixture(autouse=True)
def juni_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 6, 15, 10, 0))


@pytest.fixture
def summergames(wijk_a):
    return f.activiteit(
        wijk_a,
        naam="Summergames",
        start=datetime.date(2021, 7, 5),
        status="gehouden",
        deelnemers=DEELNEMERS,
    )


@pytest.fixture
def speeltuin(wijk_a):
    return f.initiatief(wijk_a, gevraagd_bedrag=BEDRAG)


def tekst(response_of_html):
    html = zonder_uitleg(getattr(response_of_html, "content", b"").decode() or response_of_html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def xlsx(response):
    rijen = load_workbook(io.BytesIO(response.content)).active.iter_rows()
    kop, *rest = rijen
    return [{k.value: cel for k, cel in zip(kop, rij, strict=True)} for rij in rest]


def test_a_page_an_export_and_the_report_print_the_same_numbers_the_dutch_way(
    client, coordinator, summergames, speeltuin
):
    client.force_login(coordinator)

    # the staff pages
    assert f"{DEELNEMERS}" not in tekst(client.get(f"/activiteiten/{summergames.pk}/"))
    assert "23.630" in tekst(client.get(f"/activiteiten/{summergames.pk}/"))
    initiatief = tekst(client.get(f"/initiatieven/{speeltuin.pk}/"))
    assert "€ 1.500" in initiatief and "1500,00" not in initiatief
    assert "(€ 1.500)" in tekst(client.get("/initiatieven/"))

    # the exports: the value stays a number to sum, shown the Dutch way by its format; the id
    # keeps its digits
    [activiteit] = xlsx(client.get("/activiteiten/", {"export": "xlsx"}))
    assert activiteit["deelnemers"].value == DEELNEMERS
    assert activiteit["deelnemers"].number_format == "#,##0"  # 23.630 in a Dutch spreadsheet
    assert activiteit["id"].number_format == "General"
    [ini] = xlsx(client.get("/initiatieven/", {"export": "xlsx", "doel": "Jaaroverzicht"}))
    assert ini["gevraagd bedrag"].value == 1500
    assert ini["gevraagd bedrag"].number_format == '"€ "#,##0'  # € 1.500

    # the annual report, counted from the same records
    rapport = tekst(rapport_html(Jaarrapportage.objects.create(jaar=2021, titel="Jaarverslag")))
    assert "Deelnemers aan activiteiten 23.630" in rapport
    assert "Gevraagd bedrag € 1.500" in rapport
    assert "2021" in rapport and "2.021" not in rapport


def test_cents_are_shown_only_when_there_are_any(client, coordinator, wijk_a):
    speeltuin = f.initiatief(wijk_a, status="toegekend", gevraagd_bedrag=BEDRAG)
    speeltuin.toegekend_bedrag = Decimal("1250.50")
    speeltuin.save()
    client.force_login(coordinator)

    pagina = tekst(client.get(f"/initiatieven/{speeltuin.pk}/"))

    assert "; € 1.500 " in pagina  # asked: whole euros
    assert "Toegekend € 1.250,50" in pagina  # granted: with its cents
    [ini] = xlsx(client.get("/initiatieven/", {"export": "xlsx", "doel": "Jaaroverzicht"}))
    assert ini["toegekend bedrag"].number_format == '"€ "#,##0.00'


def test_years_and_ids_keep_their_digits(client, coordinator, wijk_a, summergames):
    """With the thousand separator on, 2021 must not become 2.021 in a choice, a link or a
    heading."""
    client.force_login(coordinator)

    wijk = client.get(f"/wijken/{wijk_a.slug}/", {"jaar": 2021}).content.decode()
    assert '<option value="2021" selected>2021</option>' in wijk
    assert "2.021" not in wijk

    activiteit = client.get(f"/activiteiten/{summergames.pk}/").content.decode()
    assert "2.021" not in activiteit


def test_indicator_values_show_decimals_only_when_they_have_them(client, coordinator, wijk_a):
    prioriteit = Prioriteit.objects.create(
        wijk=wijk_a, titel="Kwetsbare bewoners", geldig_van=2021, geldig_tot=2024
    )
    indicator = Indicator.objects.create(
        prioriteit=prioriteit,
        naam="Bewoners die zich veilig voelen",
        eenheid="%",
        nulmeting=Decimal("40.00"),
        nulmeting_datum=datetime.date(2020, 7, 1),
        streefwaarde=Decimal("1250.50"),
        streefdatum=datetime.date(2024, 12, 31),
    )
    Meting.objects.create(
        indicator=indicator, datum=datetime.date(2021, 7, 1), waarde=Decimal("42.75")
    )
    client.force_login(coordinator)

    wijk = tekst(client.get(f"/wijken/{wijk_a.slug}/", {"jaar": 2021}))
    assert "42,75 % (2021)" in wijk
    assert "1.250,5 % in 2024" in wijk  # 12,5 not 12,50: only the decimals it has

    rapport = tekst(rapport_html(Jaarrapportage.objects.create(jaar=2021, titel="Jaarverslag")))
    assert "40 (2020)" in rapport and "40.00" not in rapport and "40,00" not in rapport


def test_the_beheer_lists_show_years_as_years(client, coordinator, wijk_a):
    prioriteit = Prioriteit.objects.create(wijk=wijk_a, titel="Participatie", geldig_van=2021)
    indicator = Indicator.objects.create(prioriteit=prioriteit, naam="Vrijwilligers")
    Meting.objects.create(
        indicator=indicator, datum=datetime.date(2021, 7, 1), waarde=Decimal("1250")
    )
    client.force_login(coordinator)

    for lijst in ("meting", "prioriteit"):
        pagina = tekst(client.get(f"/beheer/wijken/{lijst}/"))
        assert "2021" in pagina and "2.021" not in pagina
    assert "1.250,00" in tekst(client.get("/beheer/wijken/meting/"))  # a value is a number
