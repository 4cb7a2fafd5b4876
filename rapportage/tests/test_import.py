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
from rapportage.models import Importtaak

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


def controleer(client, bestand, soort="contactmomenten"):
    """Uploads the file: the dry run runs as a job (eagerly here); returns the job."""
    r = client.post("/import/", {"bestand": bestand, "soort": soort})
    assert r.status_code == 302, r.context and r.context.get("fout")
    assert r.url.startswith("/import/")
    return Importtaak.objects.get(pk=r.url.split("/")[2])


def importeer(client, taak):
    r = client.post(f"/import/{taak.pk}/importeren/")
    assert r.status_code == 302 and r.url == f"/import/{taak.pk}/"
    taak.refresh_from_db()
    return taak


def fouten_van(taak):
    return {(rij, kolom): bericht for rij, kolom, bericht in taak.fouten}


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

    taak = controleer(ingelogd, bestand)
    assert (taak.status, taak.fouten, taak.rijen) == ("gecontroleerd", [], 1)
    assert Contactmoment.objects.count() == 0

    assert importeer(ingelogd, taak).status == "klaar"
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
    taak = controleer(ingelogd, csv_bestand(fout))

    assert taak.status == "fouten"
    pagina = ingelogd.get(f"/import/{taak.pk}/")
    assert "Bedoelt u &#x27;Lariks&#x27;?" in pagina.content.decode()
    assert not taak.bestand  # the file with errors is not kept
    # nor can it be imported
    assert importeer(ingelogd, taak).status == "fouten"
    fouten = fouten_van(taak)
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
    taak = importeer(ingelogd, controleer(ingelogd, csv_bestand(GOED, codering="cp1252")))

    assert (taak.status, taak.geimporteerd) == ("klaar", 2)
    assert not taak.bestand  # the file is gone once its rows are in
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
    importeer(ingelogd, controleer(ingelogd, bestand))

    regel = Auditregel.objects.get(doel__startswith="Import")
    assert regel.actor == coordinator
    assert regel.aantal == Contactmoment.objects.count()
    assert f"contacten.csv ({bestand.size} bytes, 2 rijen)" in regel.doel


def test_utf8_with_bom_comma_separated_and_iso_dates_are_read(ingelogd):
    regels = [r.replace(";", ",") for r in GOED[:2]]
    regels[1] = regels[1].replace("14-3-2021", "2021-03-14")
    bestand = SimpleUploadedFile("c.csv", "\ufeff".encode() + "\r\n".join(regels).encode())
    taak = controleer(ingelogd, bestand)
    assert (taak.fouten, taak.rijen) == ([], 1)


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
    importeer(ingelogd, controleer(ingelogd, SimpleUploadedFile("f.xlsx", doel.getvalue())))

    assert Contactmoment.objects.get().bewoners_bereikt == 5


def test_a_file_that_is_not_csv_or_xlsx_is_refused(ingelogd):
    r = ingelogd.post("/import/", {"bestand": SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff")})
    assert r.status_code == 400
    assert "geen CSV- of XLSX-bestand" in r.context["fout"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(ingelogd, settings):
    settings.MBA_IMPORT_MAX_BYTES = 100
    r = ingelogd.post("/import/", {"bestand": csv_bestand(GOED)})
    assert r.status_code == 413
    assert "groter dan" in r.context["fout"]
    assert Contactmoment.objects.count() == 0


def test_only_the_coordinator_may_import(client, wereld, medewerker_a, stuurgroep):
    for persoon in (medewerker_a, stuurgroep):
        client.force_login(persoon)
        assert client.get("/import/").status_code == 403
        assert client.post("/import/", {"bestand": csv_bestand(GOED)}).status_code == 403
        assert client.get("/import/sjabloon/contactmomenten.csv").status_code == 403
    assert Contactmoment.objects.count() == 0
    client.logout()
    assert client.get("/import/").status_code == 302  # to the login page


def test_the_coordinator_finds_the_import_in_the_menu(ingelogd):
    assert b'href="/import/"' in ingelogd.get("/").content


def test_the_coordinator_watches_the_progress_bar_while_the_rows_go_in(ingelogd, monkeypatch):
    from rapportage.invoer import basis
    from rapportage.invoer.contactmomenten import Contactmomenten

    monkeypatch.setattr(basis, "BATCH", 1)
    gezien = []
    schrijf = Contactmomenten.schrijf

    def en_kijk(self, batch):
        # what htmx asks for every second while the worker saves a batch
        blok = ingelogd.get(f"/import/{taak.pk}/", headers={"HX-Request": "true"})
        gezien.append(blok.content.decode())
        return schrijf(self, batch)

    taak = controleer(ingelogd, csv_bestand(GOED))
    monkeypatch.setattr(Contactmomenten, "schrijf", en_kijk)
    importeer(ingelogd, taak)

    assert len(gezien) == 2
    assert '<progress id="voortgang" max="2" value="0">' in gezien[0]
    assert '<progress id="voortgang" max="2" value="1">' in gezien[1]
    assert 'hx-trigger="every 1s"' in gezien[1]  # htmx keeps asking while it runs
    klaar = ingelogd.get(f"/import/{taak.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "2 rijen geïmporteerd" in klaar and "hx-trigger" not in klaar  # and stops after


def test_a_second_click_on_import_imports_nothing_twice(ingelogd):
    taak = importeer(ingelogd, controleer(ingelogd, csv_bestand(GOED)))
    assert importeer(ingelogd, taak).status == "klaar"
    assert Contactmoment.objects.count() == 2
    assert Auditregel.objects.filter(doel__startswith="Import").count() == 1


def test_when_the_data_changed_after_the_check_the_import_saves_nothing_and_says_why(ingelogd):
    from mba.models import Organisatie

    taak = controleer(ingelogd, csv_bestand(GOED))
    Organisatie.objects.filter(naam="Gemeente Assen").update(naam="Gemeente Assen (oud)", slug="x")

    taak = importeer(ingelogd, taak)

    assert taak.status == "mislukt"
    assert taak.melding.startswith("Niets geïmporteerd. Rij 2, kolom Organisatie: Onbekende")
    assert Contactmoment.objects.count() == 0
    assert not taak.bestand
    assert "Niets geïmporteerd" in ingelogd.get(f"/import/{taak.pk}/").content.decode()


def test_an_import_of_another_coordinator_does_not_exist_for_you(
    client, wereld, coordinator, django_user_model
):
    client.force_login(coordinator)
    taak = controleer(client, csv_bestand(GOED))
    ander = django_user_model.objects.create_user("ander", organisatie=coordinator.organisatie)
    ander.groups.set(coordinator.groups.all())
    client.force_login(ander)
    assert client.get(f"/import/{taak.pk}/").status_code == 404
    assert client.post(f"/import/{taak.pk}/importeren/").status_code == 404
    assert Contactmoment.objects.count() == 0


def test_when_the_queue_is_down_the_upload_says_so_and_keeps_no_file(ingelogd, monkeypatch):
    from kombu.exceptions import OperationalError

    from rapportage.tasks import import_controleren

    def plat(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(import_controleren, "apply_async", plat)
    import_controleren.app.conf.task_always_eager = False  # a broker is configured, and down
    try:
        taak = controleer(ingelogd, csv_bestand(GOED))
    finally:
        import_controleren.app.conf.task_always_eager = True
    taak.refresh_from_db()
    assert taak.status == "mislukt" and "wachtrij is nu niet bereikbaar" in taak.melding
    assert not taak.bestand


def test_a_checked_file_not_imported_within_a_day_is_deleted_and_the_job_after_a_month(ingelogd):
    import datetime

    from django.utils import timezone

    taak = controleer(ingelogd, csv_bestand(GOED))
    pad = taak.bestand.path
    Importtaak.objects.filter(pk=taak.pk).update(
        aangemaakt_op=timezone.now() - datetime.timedelta(hours=25)
    )
    controleer(ingelogd, csv_bestand(GOED))  # the next upload tidies up

    taak.refresh_from_db()
    assert not taak.bestand
    import os

    assert not os.path.exists(pad)
    assert "Kies het opnieuw" in ingelogd.get(f"/import/{taak.pk}/").content.decode()

    # after a month the job itself goes, with its list of errors; the audit trail stays
    Importtaak.objects.filter(pk=taak.pk).update(
        aangemaakt_op=timezone.now() - datetime.timedelta(days=31)
    )
    controleer(ingelogd, csv_bestand(GOED))
    assert not Importtaak.objects.filter(pk=taak.pk).exists()
    assert ingelogd.get(f"/import/{taak.pk}/").status_code == 404


def test_a_theme_named_twice_in_a_row_is_one_link_and_odd_numbers_are_row_errors(ingelogd):
    rijen = [
        KOP,
        "14-3-2021;Gemeente Assen;Lariks;;bic;wijkronde;;Ontmoeten, ontmoeten;;1;;",
        "14-3-2021;Gemeente Assen;Lariks;;bic;wijkronde;;;;inf;;",
        "14-3-2021;Gemeente Assen;Lariks;;bic;wijkronde;;;;nan;;",
    ]
    taak = controleer(ingelogd, csv_bestand(rijen))
    assert fouten_van(taak) == {
        (3, "Bewoners bereikt"): "'inf' is geen geheel getal.",
        (4, "Bewoners bereikt"): "'nan' is geen geheel getal.",
    }

    taak = importeer(ingelogd, controleer(ingelogd, csv_bestand(rijen[:2])))
    assert taak.status == "klaar"
    assert [t.slug for t in Contactmoment.objects.get().themas.all()] == ["ontmoeten"]
    assert tellingen.verschillen() == 0


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
@pytest.mark.parametrize("soort", ["contactmomenten", "activiteiten", "initiatieven", "metingen"])
def test_every_kind_goes_from_template_through_check_and_import_on_the_page(
    ingelogd, coordinator, wijk_a, soort, formaat
):
    from wijken.models import Indicator, Prioriteit

    prioriteit = Prioriteit.objects.create(wijk=wijk_a, titel="Veiligheid", geldig_van=2020)
    Indicator.objects.create(prioriteit=prioriteit, naam="Voelt zich veilig", eenheid="%")
    sjabloon = ingelogd.get(f"/import/sjabloon/{soort}.{formaat}")
    pagina = ingelogd.get("/import/").content.decode()
    assert f'href="/import/sjabloon/{soort}.{formaat}"' in pagina
    assert f'<option value="{soort}"' in pagina

    taak = controleer(ingelogd, SimpleUploadedFile(f"sjabloon.{formaat}", sjabloon.content), soort)
    assert (taak.status, taak.rijen, taak.fouten) == ("gecontroleerd", 1, [])
    taak = importeer(ingelogd, taak)

    assert (taak.status, taak.geimporteerd) == ("klaar", 1)
    regel = Auditregel.objects.get(doel__startswith="Import")
    assert (regel.actor, regel.aantal) == (coordinator, 1)
    assert (
        regel.objecttype
        == {
            "contactmomenten": "activiteiten.contactmoment",
            "activiteiten": "activiteiten.activiteit",
            "initiatieven": "initiatieven.bewonersinitiatief",
            "metingen": "wijken.meting",
        }[soort]
    )
