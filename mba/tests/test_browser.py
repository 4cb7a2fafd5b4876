"""The staff app in a real browser: Debian's headless Chromium driven by Playwright (never a
downloaded browser), against the live server. A medewerker logs a contact on a phone and finds
it in the list; an initiative goes from request to realised; axe-core finds no serious or
critical accessibility violation on the main pages.

These tests run in ``make test`` and in CI. Without Chromium they fail, they do not skip:
``make test`` installs it first (scripts/systeempakketten.py, as root or through ``sudo -n``)."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from activiteiten.models import Contactmoment, Signaalsoort
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm
from mba.models import Thema
from mba.tests import webfabriek as f
from wijken.models import Buurt, Indicator, Locatie, Meting, Prioriteit, Wijkprofiel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = os.environ.get("MBA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Served from our own static files: the Content-Security-Policy refuses inline scripts, also
# the one page.add_script_tag(path=...) would insert.
AXE = f"/{settings.STATIC_URL.lstrip('/')}vendor/axe-core/axe.min.js"
TELEFOON = {"width": 390, "height": 844}
WACHTWOORD = "Een-lang-wachtwoord-2021"


@pytest.fixture(autouse=True)
def rollen(transactional_db):
    """The roles come from a migration; a transactional test's flush can take them away when
    the serialized copy of the database is missing, so make sure they are there."""
    for naam in ("coordinator", "medewerker", "stuurgroep"):
        Group.objects.get_or_create(name=naam)


@pytest.fixture
def chromium(monkeypatch):
    """A browser per test. Playwright's sync API keeps an event loop running in this thread while
    it is started, so Django's ORM needs DJANGO_ALLOW_ASYNC_UNSAFE, and Django's connections
    (asgiref locals) are other objects meanwhile: started for the whole session it would leave
    later tests a connection without the serialized test database."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: make test installs it (sudo apt-get install -y "
            "chromium), or set MBA_CHROMIUM."
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()  # those the test opened while the loop ran


@pytest.fixture
def telefoon(chromium):
    context = chromium.new_context(viewport=TELEFOON, locale="nl-NL", has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def wereld(medewerker_a, wijk_a, actium, vaart, time_machine):
    """Lariks with a buurt, themes, signals, a priority, a meeting place, work logged."""
    Buurt.objects.create(wijk=wijk_a, naam="Molukse wijk", slug="molukse-wijk")
    for i, naam in enumerate(["Ontmoeten", "Kwetsbare bewoners", "Veiligheid en overlast"]):
        Thema.objects.get_or_create(naam=naam, slug=naam.lower().replace(" ", "-"), volgorde=i)
    for i, naam in enumerate(["Eenzaamheid", "Geldzorgen", "Overlast"]):
        Signaalsoort.objects.get_or_create(naam=naam, slug=naam.lower(), volgorde=i)
    for i, (slug, naam) in enumerate([("geld", "Geld"), ("mensen", "Mensen")]):
        Ondersteuningsvorm.objects.get_or_create(slug=slug, naam=naam, volgorde=i)
    jaar = datetime.date.today().year
    Wijkprofiel.objects.create(wijk=wijk_a, jaar=jaar, tekst="Lariks is een wijk in beweging.")
    Prioriteit.objects.create(wijk=wijk_a, titel="Kwetsbare bewoners", geldig_van=jaar - 1)
    Locatie.objects.create(wijk=wijk_a, naam="BIC Lariks", soort="bic")
    vandaag = datetime.date.today()
    f.contact(medewerker_a, wijk_a, datum=vandaag, doorverwezen_naar=vaart, vervolg_nodig=True)
    f.activiteit(wijk_a, start=vandaag + datetime.timedelta(days=10))
    f.project(wijk_a, actium)
    return wijk_a


def inloggen(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")


def axe_ernstig(page):
    """Serious and critical violations that axe-core finds on the page."""
    page.add_script_tag(url=AXE)
    resultaat = page.evaluate("async () => await axe.run(document)")
    assert len(resultaat["passes"]) > 10, "axe-core did not run its rules"
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in resultaat["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_medewerker_logs_a_contact_on_a_phone_and_finds_it_in_the_list(
    telefoon, live_server, wereld, medewerker_a
):
    page = telefoon
    inloggen(page, live_server, "medewerker-a")
    page.get_by_role("link", name="Contactmoment loggen").click()
    expect(page).to_have_url(f"{live_server.url}/contactmomenten/nieuw/")

    # one screen: the defaults are filled, the quick picks and the save button are in view
    expect(page.get_by_label("Wijk")).to_have_value(str(wereld.pk))
    expect(page.get_by_label("Datum")).to_have_value(datetime.date.today().isoformat())
    opslaan = page.get_by_role("button", name="Opslaan", exact=True)
    expect(opslaan).to_be_in_viewport()
    page.get_by_label("Kanaal").select_option("straat")
    page.get_by_label("Aanleiding").select_option("vraag_bewoner")
    eenzaam = page.get_by_label("Eenzaamheid")
    ontmoeten = page.get_by_label("Ontmoeten")
    expect(eenzaam).to_be_in_viewport()
    expect(ontmoeten).to_be_in_viewport()
    eenzaam.check()
    ontmoeten.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEFOON["width"]
    opslaan.tap()

    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    contact = Contactmoment.objects.get(kanaal="straat")
    assert [s.naam for s in contact.signalen.all()] == ["Eenzaamheid"]
    assert contact.medewerker == medewerker_a

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Contacten").click()
    page.get_by_text("Filteren en sorteren").click()
    page.get_by_label("Kanaal").select_option("straat")  # htmx updates the results live
    resultaten = page.locator("#resultaten")
    expect(resultaten).to_contain_text("1 contactmoment")
    expect(resultaten).to_contain_text("Eenzaamheid")
    resultaten.get_by_role("link", name=contact.datum.strftime("%-d-%-m-%Y")).click()
    expect(page).to_have_url(f"{live_server.url}/contactmomenten/{contact.pk}/")


def test_an_initiative_goes_from_request_to_realised(telefoon, live_server, wereld):
    page = telefoon
    inloggen(page, live_server, "medewerker-a")
    page.goto(f"{live_server.url}/initiatieven/nieuw/")
    page.get_by_label("Wat is het idee?").fill("Jeu de boules-baan")
    page.get_by_label("Waar precies?").fill("Grasveld achter de flat")
    page.get_by_label("Naam").fill("Henk Bewonersma")
    page.get_by_label("Geld").check()
    page.get_by_label("Gevraagd bedrag (€)").fill("750")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeu de boules-baan")

    # toekennen is not offered before the draagvlak is measured, and the reason is shown
    expect(page.get_by_role("radio", name="Toekennen")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Het draagvlak is nog niet gemeten.")

    page.get_by_role("link", name="Draagvlak vastleggen").click()
    page.get_by_label("Huishoudens gevraagd").fill("40")
    page.get_by_label("Vóór").fill("31")
    page.get_by_label("Tegen").fill("4")
    page.get_by_label("Hoe gemeten?").select_option("handtekeningen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("meerderheid vóór")

    page.get_by_role("radio", name="Toekennen").check()
    page.get_by_text("Bedrag, ondersteuning, datum en resultaat").click()
    page.get_by_label("Toegekend bedrag (€)").fill("600")
    page.get_by_role("button", name="Stap vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Toegekend")

    page.get_by_role("radio", name="Gerealiseerd").check()
    page.get_by_text("Bedrag, ondersteuning, datum en resultaat").click()
    page.get_by_role("textbox", name="Resultaat").fill(
        "De baan ligt er; 25 bewoners bij de opening."
    )
    page.get_by_role("button", name="Stap vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Gerealiseerd")
    geschiedenis = page.locator("section", has=page.get_by_role("heading", name="Geschiedenis"))
    expect(geschiedenis.locator(".tijdlijn li")).to_have_count(4)

    ini = Bewonersinitiatief.objects.get()
    assert ini.status == "gerealiseerd" and ini.toegekend_bedrag == 600


def test_axe_finds_no_serious_or_critical_violation_on_the_main_pages(
    telefoon, live_server, wereld
):
    ini = f.initiatief(
        wereld, status="draagvlak_gemeten", huishoudens_gevraagd=20, huishoudens_voor=8
    )
    prio = Prioriteit.objects.create(wijk=wereld, titel="Opgroeien in de wijk", geldig_van=2021)
    ind = Indicator.objects.create(
        prioriteit=prio,
        naam="Kinderen in de speeltuin",
        nulmeting=0,
        nulmeting_datum=datetime.date(2021, 1, 1),
        streefwaarde=40,
        streefdatum=datetime.date(2022, 12, 31),
    )
    Meting.objects.create(indicator=ind, datum=datetime.date(2021, 6, 1), waarde=12)
    page = telefoon
    inloggen(page, live_server, "medewerker-a")
    prioriteit = f"/wijken/{wereld.slug}/prioriteiten/{prio.pk}/"
    pagina_s = {
        "prioriteit": prioriteit,
        "meting": f"{prioriteit}indicatoren/{ind.pk}/metingen/nieuw/",
        "home": "/",
        "contactformulier": "/contactmomenten/nieuw/",
        "contactlijst": "/contactmomenten/",
        "initiatief": f"/initiatieven/{ini.pk}/",
        "initiatieven": "/initiatieven/",
        "wijk": f"/wijken/{wereld.slug}/",
    }
    gevonden = {}
    for naam, pad in pagina_s.items():
        page.goto(f"{live_server.url}{pad}")
        fouten = axe_ernstig(page)
        if fouten:
            gevonden[naam] = fouten
    # and a form with errors
    page.goto(f"{live_server.url}/contactmomenten/nieuw/")
    page.get_by_label("Datum").fill("2001-01-01")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("controleer het jaar")
    if fouten := axe_ernstig(page):
        gevonden["contactformulier met fouten"] = fouten
    assert gevonden == {}


def test_a_reader_taps_beside_a_figure_on_a_phone_and_reads_what_it_counts(
    telefoon, live_server, wereld
):
    from rapportage.cijfertabel import KERNRIJEN

    page = telefoon
    inloggen(page, live_server, "medewerker-a")
    page.goto(f"{live_server.url}/wijken/{wereld.slug}/")
    rij = KERNRIJEN[0]  # "Contactmomenten"
    definitie = page.get_by_text(rij.uitleg.uitleg, exact=True)
    expect(definitie).to_be_hidden()
    knop = page.get_by_title(rij.uitleg.uitleg)  # the tooltip of a mouse, the tap of a finger
    expect(knop).to_contain_text(rij.naam)
    knop.tap()
    expect(definitie).to_be_visible()
    if os.environ.get("MBA_SCHERMAFDRUK"):
        page.screenshot(path=os.environ["MBA_SCHERMAFDRUK"], full_page=True)


def test_the_coordinator_reads_what_the_report_lacks_on_a_phone(
    telefoon, live_server, wereld, coordinator
):
    from rapportage.rapport import rapportage_starten

    rapportage_starten(2021)  # its chapters are empty: open points to read and confirm
    page = telefoon
    inloggen(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/rapportage/2021/gereed/")
    expect(page.get_by_role("heading", name="Lege teksten")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_be_visible()
    assert axe_ernstig(page) == []
    if os.environ.get("MBA_SCHERMAFDRUK"):
        page.screenshot(path=os.environ["MBA_SCHERMAFDRUK"], full_page=True)


def test_the_coordinator_checks_an_import_file_on_a_phone_then_imports_it(
    telefoon, live_server, wereld, coordinator, tmp_path
):
    bestand = tmp_path / "contacten.csv"
    kop = "Datum;Organisatie;Wijk;Kanaal;Aanleiding\n"
    bestand.write_text(kop + "14-3-2021;Gemeente Assen;Larix;bic;wijkronde\n", encoding="utf-8")
    voor = Contactmoment.objects.count()
    page = telefoon
    inloggen(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/import/")
    gevonden = {"import": axe_ernstig(page)}
    page.get_by_label("Wat importeert u?").select_option(label="Contactmomenten")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(bestand))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=2, name="Fouten gevonden")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Onbekende wijk 'Larix'")
    gevonden["controle met fouten"] = axe_ernstig(page)

    # the corrected file: checked, then imported with one click, without choosing it again
    bestand.write_text(kop + "14-3-2021;Gemeente Assen;Lariks;bic;wijkronde\n", encoding="utf-8")
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(bestand))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("status")).to_contain_text("1 rij gecontroleerd: geen fouten")
    gevonden["controle zonder fouten"] = axe_ernstig(page)
    assert Contactmoment.objects.count() == voor
    page.get_by_role("button", name="1 rij importeren").click()
    expect(page.get_by_role("status")).to_contain_text("1 rij geïmporteerd")
    gevonden["geïmporteerd"] = axe_ernstig(page)
    # a large import that is still running: its progress bar (the page asks every second)
    from rapportage.models import Importtaak

    lopend = Importtaak.objects.create(
        gebruiker=coordinator,
        soort="contactmomenten",
        bestandsnaam="jaar.csv",
        grootte=9_000_000,
        status="importeren",
        rijen=100_000,
    )
    page.goto(f"{live_server.url}/import/{lopend.pk}/")
    balk = page.get_by_label("0 van 100.000 rijen opgeslagen")
    expect(balk).to_have_attribute("max", "100000")
    gevonden["bezig"] = axe_ernstig(page)
    assert gevonden == {
        "import": [],
        "controle met fouten": [],
        "controle zonder fouten": [],
        "geïmporteerd": [],
        "bezig": [],
    }
    assert Contactmoment.objects.count() == voor + 1
