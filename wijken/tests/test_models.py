"""The rules of wijken, locaties, prioriteiten and physical projects, held by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from wijken.models import FysiekProject, Indicator, Locatie, Meting, Prioriteit, Wijkprofiel


def db_weigert(func):
    with pytest.raises(IntegrityError), transaction.atomic():
        func()


def test_it_refuses_a_project_that_ends_before_it_starts(wijk_a, actium):
    project = FysiekProject(
        naam="Sloop",
        soort="sloop",
        wijk=wijk_a,
        eigenaar=actium,
        start=datetime.date(2021, 5, 1),
        eind=datetime.date(2021, 4, 1),
    )
    with pytest.raises(ValidationError) as e:
        project.full_clean()
    assert "De einddatum ligt niet voor de startdatum." in str(e.value)
    db_weigert(project.save)


def test_the_database_refuses_a_negative_number_of_homes(wijk_a, actium):
    project = FysiekProject.objects.create(
        naam="Nieuwbouw", soort="nieuwbouw", wijk=wijk_a, eigenaar=actium
    )
    db_weigert(lambda: FysiekProject.objects.filter(pk=project.pk).update(woningen_opgeleverd=-3))
    project.refresh_from_db()
    assert project.woningen_opgeleverd == 0


def test_a_finished_project_has_an_end_date(wijk_a, actium):
    db_weigert(
        lambda: FysiekProject.objects.create(
            naam="Klaar", soort="sloop", status="afgerond", wijk=wijk_a, eigenaar=actium
        )
    )


def test_a_project_buurt_must_lie_in_its_wijk(wijk_a, buurt_b, actium):
    project = FysiekProject(naam="X", soort="sloop", wijk=wijk_a, buurt=buurt_b, eigenaar=actium)
    with pytest.raises(ValidationError) as e:
        project.full_clean()
    assert e.value.message_dict["buurt"] == ["De buurt Peelo-Noord ligt niet in de wijk Lariks."]


def test_a_meeting_place_cannot_close_before_it_opened(wijk_a):
    db_weigert(
        lambda: Locatie.objects.create(
            naam="BIC",
            soort="bic",
            wijk=wijk_a,
            geopend_op=datetime.date(2021, 6, 1),
            gesloten_op=datetime.date(2021, 1, 1),
        )
    )


def test_a_bic_that_moved_is_open_only_in_its_period(wijk_a):
    oud = Locatie.objects.create(
        naam="BIC Linthorst Homanstraat",
        soort="bic",
        wijk=wijk_a,
        gesloten_op=datetime.date(2021, 3, 31),
    )
    nieuw = Locatie.objects.create(
        naam="BIC Patimura", soort="bic", wijk=wijk_a, geopend_op=datetime.date(2021, 4, 1)
    )
    assert oud.is_open_op(datetime.date(2021, 1, 1)) and not nieuw.is_open_op(
        datetime.date(2021, 1, 1)
    )
    assert not oud.is_open_op(datetime.date(2021, 5, 1)) and nieuw.is_open_op(
        datetime.date(2021, 5, 1)
    )


def test_one_wijkprofiel_per_wijk_per_year(wijk_a):
    Wijkprofiel.objects.create(wijk=wijk_a, jaar=2021, tekst="Eerste")
    db_weigert(lambda: Wijkprofiel.objects.create(wijk=wijk_a, jaar=2021, tekst="Tweede"))


def test_a_priority_valid_until_before_it_starts_is_refused(wijk_a):
    db_weigert(
        lambda: Prioriteit.objects.create(
            wijk=wijk_a, titel="Participatie", geldig_van=2022, geldig_tot=2021
        )
    )


def test_an_indicator_tells_whether_its_target_is_reached(wijk_a):
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Initiatiefkracht", geldig_van=2021)
    ind = Indicator.objects.create(
        prioriteit=prio,
        naam="Plekken voor spelen",
        nulmeting=0,
        nulmeting_jaar=2020,
        streefwaarde=1,
        streefjaar=2024,
    )
    Meting.objects.create(indicator=ind, jaar=2021, waarde=1)
    Meting.objects.create(indicator=ind, jaar=2020, waarde=0)
    laatste = ind.laatste_meting()
    assert laatste.jaar == 2021
    assert ind.doel_bereikt(laatste.waarde) is True
    db_weigert(lambda: Meting.objects.create(indicator=ind, jaar=2021, waarde=2))


def test_the_constraints_carry_the_names_of_the_house_style(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, FysiekProject._meta.db_table)
    assert "wijken_fysiekproject_eind_na_start" in constraints
