"""Retention: MBA forgets what it no longer needs, and the annual report's figures stay the same.

The story: the 2021 programme is entered in January 2022 (the demo data plus synthetic contact
moments over 2019-2024, every one with a note), initiatives are closed over the years, staff look
at records, partners call the API, lists are exported. On the night of 1 June 2025 the retention
job runs with the default periods:

    contact details of closed initiatives   12 months after closing   -> closed before 1-6-2024
    notes of contact moments                24 months after the date  -> contacts before 1-6-2023
    audit rows                              24 months                 -> before 1-6-2023
    API calls                               12 months                 -> before 1-6-2024
    export registrations                    24 months                 -> before 1-6-2023
"""

import datetime
import io
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from activiteiten.models import Contactmoment
from initiatieven.models import Bewonersinitiatief
from mba.bewaren import bewaartermijnen_toepassen, maanden_terug
from mba.models import (
    ApiAanroep,
    ApiSleutel,
    Auditregel,
    Export,
    Medewerker,
    Verwijdering,
    Verwijderlog,
)
from rapportage.demo import Lader, lees, synthetische_contactmomenten
from rapportage.kengetallen import Periode, vergelijking_stad_en_per_wijk

AMS = ZoneInfo("Europe/Amsterdam")


def moment(*args):
    return datetime.datetime(*args, tzinfo=AMS)


INGEVOERD = moment(2022, 1, 10, 9, 0)  # the 2021 programme is entered
NACHT = moment(2025, 6, 1, 3, 15)  # the retention job runs
NOTITIE = "Zorgen om eenzaamheid; vervolg met de buurtsportcoach afgesproken."
CONTACT = ("J. Bakker (demo)", "j.bakker@example.org", "06-00000009")


def initiatief(titel, **velden):
    return Bewonersinitiatief.objects.create(
        titel=titel,
        wijk_id=velden.pop("wijk_id", None) or lariks().pk,
        aangevraagd_op=datetime.date(2021, 3, 1),
        initiatiefnemer_naam=CONTACT[0],
        initiatiefnemer_email=CONTACT[1],
        initiatiefnemer_telefoon=CONTACT[2],
        **velden,
    )


def lariks():
    from wijken.models import Wijk

    return Wijk.objects.get(slug="lariks")


def sluiten(time_machine, ini, op, status):
    time_machine.move_to(op, tick=False)
    ini.status = status
    ini.save(toelichting="Afgesloten")


def auditregel(tijdstip):
    return Auditregel.objects.create(
        tijdstip=tijdstip,
        actie=Auditregel.Actie.BEKEKEN,
        objecttype="activiteiten.contactmoment",
        object_id="1",
        herkomst=Auditregel.Herkomst.PAGINA,
        actor_naam="medewerker-a",
    )


@pytest.fixture
def archief(db, time_machine):
    """Four years of MBA, and the clock at the night of the job. Returns the titles of the
    demo's initiatives with contact details: those closed (gerealiseerd) and those still open."""
    time_machine.move_to(INGEVOERD, tick=False)
    Lader(lees(settings.BASE_DIR / "data" / "mba-2021.toml")).laad()
    afgesloten = Q(status__in=Bewonersinitiatief.AFGESLOTEN_STATUSSEN)
    demo = {
        "gesloten": met_contactgegevens(afgesloten),
        "open": met_contactgegevens(~afgesloten),
    }
    assert demo["gesloten"] and demo["open"]
    synthetische_contactmomenten(1000)
    Contactmoment.objects.update(notitie=NOTITIE)

    initiatief("Buurtmoestuin")  # still open
    jeu_de_boules = initiatief("Jeu de boules-baan")
    # imported without history (rows written around save()): counts from its last change
    Bewonersinitiatief.objects.bulk_create(
        [
            Bewonersinitiatief(
                titel="Geïmporteerd, afgewezen",
                wijk=lariks(),
                aangevraagd_op=datetime.date(2021, 2, 1),
                status="afgewezen",
                initiatiefnemer_email=CONTACT[1],
            )
        ]
    )
    bankjes, kunstwerk, speeltoestel = (
        initiatief(t) for t in ("Bankjes", "Kunstwerk", "Speeltoestel")
    )
    sluiten(time_machine, jeu_de_boules, moment(2022, 2, 1, 10, 0), "afgewezen")
    sluiten(time_machine, bankjes, moment(2024, 5, 31, 23, 30), "gestopt")  # just before
    sluiten(time_machine, kunstwerk, moment(2024, 6, 1, 0, 30), "gestopt")  # just after
    sluiten(time_machine, speeltoestel, moment(2024, 9, 1, 10, 0), "gestopt")

    for t in (moment(2022, 1, 10, 9), moment(2023, 5, 31, 23, 59)):
        auditregel(t)
    for t in (moment(2023, 6, 1, 0, 1), moment(2025, 5, 31, 16)):
        auditregel(t)

    sleutel, _ = ApiSleutel.maak(lariks().contactmomenten.first().organisatie, "Datawarehouse")
    medewerker = Medewerker.objects.create_user("coordinator-archief")
    for t in (moment(2023, 5, 1, 12), moment(2024, 5, 31, 12), moment(2024, 6, 2, 12)):
        time_machine.move_to(t, tick=False)
        ApiAanroep.objects.create(sleutel=sleutel, methode="GET", pad="/api/v1/wijken/", status=200)
        Export.objects.create(
            medewerker=medewerker,
            lijst="contactmomenten",
            formaat="csv",
            aantal_rijen=10,
            met_persoonsgegevens=True,
        )
    for t in (moment(2023, 5, 31, 23, 59), moment(2023, 6, 1, 0, 1)):
        Verwijdering.objects.create(collectie="contactmomenten", object_id=1, verwijderd_op=t)

    time_machine.move_to(NACHT, tick=False)
    return demo


def stand():
    """Everything the job may touch, to compare before and after."""
    return {
        "contactmomenten": list(
            Contactmoment.objects.order_by("pk").values_list(
                "pk",
                "datum",
                "notitie",
                "kanaal",
                "aanleiding",
                "soort",
                "themas_bits",
                "signalen_bits",
                "doorverwezen_naar",
                "bewoners_bereikt",
                "vervolg_nodig",
                "vervolg_afgerond_op",
                "gewijzigd_op",
            )
        ),
        "initiatieven": list(
            Bewonersinitiatief.objects.order_by("pk").values_list(
                "titel",
                "initiatiefnemer_naam",
                "initiatiefnemer_email",
                "initiatiefnemer_telefoon",
                "geanonimiseerd_op",
            )
        ),
        "audit": list(Auditregel.objects.order_by("pk").values_list("pk", flat=True)),
        "api": list(ApiAanroep.objects.order_by("pk").values_list("pk", flat=True)),
        "exports": list(Export.objects.order_by("pk").values_list("pk", flat=True)),
        "log": Verwijderlog.objects.count(),
    }


def cijfers(jaar):
    """The annual report's figures: the city and every wijk, against the year before."""
    stad, per_wijk = vergelijking_stad_en_per_wijk(Periode.jaar(jaar))
    return {"stad": stad.as_dict(), **{w.slug: v.as_dict() for w, v in per_wijk.items()}}


def met_contactgegevens(*filters):
    return set(
        Bewonersinitiatief.objects.filter(*filters)
        .exclude(initiatiefnemer_naam="", initiatiefnemer_email="", initiatiefnemer_telefoon="")
        .values_list("titel", flat=True)
    )


def test_the_annual_reports_figures_are_the_same_after_the_job(archief):
    voor = {jaar: cijfers(jaar) for jaar in (2021, 2023)}
    assert voor[2021]["stad"]["huidig"]["contactmomenten"]["totaal"] == 200
    assert voor[2021]["stad"]["huidig"]["initiatieven"]["aangevraagd"] > 5

    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    # the job did forget in the very rows the figures count ...
    assert not Contactmoment.objects.in_jaar(2021).exclude(notitie="").exists()
    assert Bewonersinitiatief.objects.exclude(geanonimiseerd_op=None).exists()
    # ... and no figure of 2021, nor of 2023 (which the notes' boundary cuts in two), moved
    assert {jaar: cijfers(jaar) for jaar in (2021, 2023)} == voor


def test_notes_go_24_months_after_the_contact_and_every_counted_field_stays(archief):
    voor = stand()["contactmomenten"]

    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    na = stand()["contactmomenten"]
    grens = datetime.date(2023, 6, 1)
    oud = [r for r in na if r[1] < grens]
    jong = [r for r in na if r[1] >= grens]
    assert oud and jong
    assert {r[2] for r in oud} == {""}
    assert {r[2] for r in jong} == {NOTITIE}
    # themes, signals, channel, referral, residents, follow-up: untouched; and gewijzigd_op
    # too, so partners syncing with ?gewijzigd_sinds= are not sent a million unchanged rows
    zonder_notitie = [(*r[:2], *r[3:]) for r in voor]
    assert [(*r[:2], *r[3:]) for r in na] == zonder_notitie


def test_contact_details_go_only_for_initiatives_closed_more_than_12_months_ago(archief):
    demo = archief
    gewijzigd = dict(Bewonersinitiatief.objects.values_list("titel", "gewijzigd_op"))

    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    # kept: open initiatives, and those closed less than 12 months ago (1 June 2024 00:30 and
    # September 2024)
    assert met_contactgegevens() == demo["open"] | {"Buurtmoestuin", "Kunstwerk", "Speeltoestel"}
    geanonimiseerd = Bewonersinitiatief.objects.exclude(geanonimiseerd_op=None)
    assert set(geanonimiseerd.values_list("titel", flat=True)) == demo["gesloten"] | {
        "Jeu de boules-baan",
        "Bankjes",  # closed 31 May 2024 23:30, Amsterdam time
        "Geïmporteerd, afgewezen",
    }
    assert {i.geanonimiseerd_op for i in geanonimiseerd} == {NACHT}
    bankjes = Bewonersinitiatief.objects.get(titel="Bankjes")
    assert (bankjes.status, bankjes.statuswijzigingen.count()) == ("gestopt", 2)
    # not a change the partners' sync sees: the API never shows contact details
    assert dict(Bewonersinitiatief.objects.values_list("titel", "gewijzigd_op")) == gewijzigd


def test_old_audit_rows_api_calls_and_exports_are_deleted_and_young_ones_stay(archief):
    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    assert sorted(Auditregel.objects.values_list("tijdstip", flat=True)) == [
        moment(2023, 6, 1, 0, 1),
        moment(2025, 5, 31, 16),
    ]
    assert list(ApiAanroep.objects.values_list("moment", flat=True)) == [moment(2024, 6, 2, 12)]
    assert sorted(Export.objects.values_list("op", flat=True)) == [
        moment(2024, 5, 31, 12),
        moment(2024, 6, 2, 12),
    ]
    # A partner still sees, for 24 months, which records were deleted.
    assert list(Verwijdering.objects.values_list("verwijderd_op", flat=True)) == [
        moment(2023, 6, 1, 0, 1)
    ]


def test_the_deletion_log_holds_one_row_per_kind_with_the_counts_and_no_contents(archief):
    notities = Contactmoment.objects.filter(datum__lt=datetime.date(2023, 6, 1)).count()

    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    rijen = Verwijderlog.objects.order_by("pk")
    assert [(r.soort, r.aantal, r.grens, r.bron, r.tijdstip) for r in rijen] == [
        ("initiatiefnemer", len(archief["gesloten"]) + 3, datetime.date(2024, 6, 1), "test", NACHT),
        ("notitie", notities, datetime.date(2023, 6, 1), "test", NACHT),
        ("audit", 2, datetime.date(2023, 6, 1), "test", NACHT),
        ("api_aanroep", 2, datetime.date(2024, 6, 1), "test", NACHT),
        ("export", 1, datetime.date(2023, 6, 1), "test", NACHT),
        ("verwijdering", 1, datetime.date(2023, 6, 1), "test", NACHT),
    ]
    inhoud = " ".join(str(v) for r in rijen.values() for v in r.values())
    for geheim in (NOTITIE, *CONTACT, "(demo)", "medewerker-a", "/api/v1/"):
        assert geheim not in inhoud


def test_a_second_run_the_same_night_changes_nothing_and_logs_zeros(archief):
    bewaartermijnen_toepassen(nu=NACHT, bron="test")
    na_eerste = stand()

    resultaten = bewaartermijnen_toepassen(nu=NACHT.replace(hour=9), bron="test")

    assert [r.aantal for r in resultaten] == [0, 0, 0, 0, 0, 0]
    assert stand() == {**na_eerste, "log": na_eerste["log"] + 6}
    assert (
        list(Verwijderlog.objects.order_by("-pk")[:6].values_list("aantal", flat=True)) == [0] * 6
    )


def test_audit_rows_still_cannot_be_deleted_after_the_job(archief):
    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    with pytest.raises(ValidationError, match="bewaartermijn ruimt ze op"):
        Auditregel.objects.all().delete()
    if connection.vendor == "postgresql":
        # the job's permission ended with its own transaction (here: a savepoint of the test's)
        with pytest.raises(DatabaseError, match="niet worden gewijzigd of verwijderd"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DELETE FROM mba_auditregel")
    assert Auditregel.objects.count() == 2


def test_the_job_works_in_bulk_whatever_the_number_of_rows(archief):
    with CaptureQueriesContext(connection) as queries:
        bewaartermijnen_toepassen(nu=NACHT, bron="test")

    # per kind one UPDATE or DELETE and one INSERT into the log; never a row loaded (SELECT)
    # and never one statement per row (besides: SAVEPOINT/RELEASE, SET LOCAL on PostgreSQL)
    werk = [
        q["sql"].split()[0]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET "))
    ]
    assert werk == ["UPDATE", "INSERT", "UPDATE", "INSERT"] + ["DELETE", "INSERT"] * 4


def test_the_dry_run_counts_what_is_due_and_changes_nothing(archief):
    voor = stand()
    uit = io.StringIO()

    call_command("bewaartermijn", "--droog", stdout=uit)

    assert stand() == voor
    tekst = uit.getvalue()
    assert "Proefdraaien: er is niets gewijzigd" in tekst
    aantal = len(archief["gesloten"]) + 3
    assert (
        f"Contactgegevens initiatiefnemer geanonimiseerd: {aantal} (van vóór 01-06-2024)" in tekst
    )
    assert "Auditregels verwijderd: 2 (van vóór 01-06-2023)" in tekst
    # what it announced is what the real run then does
    call_command("bewaartermijn", stdout=io.StringIO())
    for r in Verwijderlog.objects.all():
        assert f"{r.get_soort_display()}: {r.aantal} (van vóór {r.grens:%d-%m-%Y})" in tekst
        assert r.bron == "commando bewaartermijn"


def test_the_celery_task_runs_the_same_job_and_beat_schedules_it_nightly(archief):
    from mba.celery import app
    from mba.tasks import bewaartermijnen_toepassen as taak

    uitkomst = taak.apply().get()

    assert uitkomst == {
        "initiatiefnemer": len(archief["gesloten"]) + 3,
        "notitie": Contactmoment.objects.filter(datum__lt=datetime.date(2023, 6, 1)).count(),
        "audit": 2,
        "api_aanroep": 2,
        "export": 1,
        "verwijdering": 1,
    }
    assert set(Verwijderlog.objects.values_list("bron", flat=True)) == {"celery beat"}
    # the schedule in settings names this task, at 03:15 Amsterdam time
    plan = settings.CELERY_BEAT_SCHEDULE["bewaartermijnen"]
    assert plan["task"] == taak.name
    assert (plan["schedule"].hour, plan["schedule"].minute) == ({3}, {15})
    assert app.conf.timezone == "Europe/Amsterdam"


def test_a_worker_finds_the_task_without_being_told():
    """A worker started with `celery -A mba worker` imports only what autodiscovery finds."""
    uit = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from mba.celery import app; "
            "app.loader.import_default_modules(); print(sorted(app.tasks))",
        ],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mba.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uit.returncode == 0, uit.stderr
    assert "'mba.tasks.bewaartermijnen_toepassen'" in uit.stdout


def test_the_periods_come_from_settings(archief, settings):
    settings.NOTITIE_BEWAARTERMIJN_MAANDEN = 6
    settings.INITIATIEFNEMER_BEWAARTERMIJN_MAANDEN = 3

    bewaartermijnen_toepassen(nu=NACHT, bron="test")

    assert not Contactmoment.objects.filter(datum__lt=datetime.date(2024, 12, 1)).exclude(
        notitie=""
    )
    assert Contactmoment.objects.filter(datum__gte=datetime.date(2024, 12, 1)).count() == (
        Contactmoment.objects.exclude(notitie="").count()
    )
    assert met_contactgegevens() == archief["open"] | {"Buurtmoestuin"}


def test_a_month_back_from_the_end_of_a_month_is_the_end_of_the_shorter_month():
    assert maanden_terug(datetime.date(2025, 3, 31), 1) == datetime.date(2025, 2, 28)
    assert maanden_terug(datetime.date(2024, 3, 31), 1) == datetime.date(2024, 2, 29)
    assert maanden_terug(datetime.date(2025, 1, 15), 24) == datetime.date(2023, 1, 15)
    assert maanden_terug(datetime.date(2025, 12, 31), 12) == datetime.date(2024, 12, 31)


def test_a_period_of_zero_months_stops_start_up_with_a_clear_message():
    uit = subprocess.run(
        [sys.executable, "-c", "import mba.settings"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "NOTITIE_BEWAARTERMIJN_MAANDEN": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uit.returncode != 0
    assert "NOTITIE_BEWAARTERMIJN_MAANDEN is a number of months, at least 1, not 0" in uit.stderr


def test_the_coordinator_reads_the_deletion_log_in_the_admin_and_cannot_change_it(
    client, coordinator
):
    regel = Verwijderlog.objects.create(
        soort="notitie", aantal=1234, grens=datetime.date(2023, 6, 1), bron="celery beat"
    )
    client.force_login(coordinator)

    lijst = client.get("/beheer/mba/verwijderlog/")
    assert lijst.status_code == 200
    assert "Notitie bij contactmoment verwijderd" in lijst.content.decode()
    assert "1.234" in lijst.content.decode()
    assert client.get("/beheer/mba/verwijderlog/add/").status_code == 403
    assert client.post(f"/beheer/mba/verwijderlog/{regel.pk}/delete/").status_code == 403
    client.post(f"/beheer/mba/verwijderlog/{regel.pk}/change/", {"aantal": 0})
    regel.refresh_from_db()
    assert regel.aantal == 1234


def test_every_kind_of_the_log_has_one_rule_registered_by_the_app_that_owns_its_data():
    # A kind in the log whose app forgot to register would silently never be cleaned: the
    # initiatiefnemer's details and the notes must be forgotten by the same nightly job.
    from mba import bewaren

    regels = bewaren.regels()
    assert [r.soort for r in regels] == list(Verwijderlog.Soort)
    eigenaar = {r.soort: r.kandidaten.__module__ for r in regels}
    assert eigenaar[Verwijderlog.Soort.INITIATIEFNEMER] == "initiatieven.bewaren"
    assert eigenaar[Verwijderlog.Soort.NOTITIE] == "activiteiten.bewaren"
    assert eigenaar[Verwijderlog.Soort.AUDIT] == "mba.bewaren"
