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
        nulmeting_datum=datetime.date(2020, 7, 1),
        streefwaarde=1,
        streefdatum=datetime.date(2024, 12, 31),
    )
    Meting.objects.create(indicator=ind, datum=datetime.date(2021, 7, 1), waarde=1)
    Meting.objects.create(indicator=ind, datum=datetime.date(2020, 7, 1), waarde=0)
    laatste = ind.laatste_meting()
    assert laatste.jaar == 2021
    assert ind.doel_bereikt(laatste.waarde) is True
    db_weigert(
        lambda: Meting.objects.create(indicator=ind, datum=datetime.date(2021, 7, 1), waarde=2)
    )


def test_the_constraints_carry_the_names_of_the_house_style(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, FysiekProject._meta.db_table)
    assert "wijken_fysiekproject_eind_na_start" in constraints


def test_a_priority_counts_in_the_years_from_its_first_up_to_and_including_its_last(wijk_a):
    maken = Prioriteit.objects.create
    looptijd = maken(wijk=wijk_a, titel="Wijkvernieuwing", geldig_van=2019, geldig_tot=2021)
    open_einde = maken(wijk=wijk_a, titel="Participatie", geldig_van=2021)
    een_jaar = maken(wijk=wijk_a, titel="Energietransitie", geldig_van=2020, geldig_tot=2020)

    def geldig(jaar):
        return set(Prioriteit.objects.geldig_in(jaar))

    assert geldig(2018) == set()
    assert geldig(2019) == {looptijd}
    assert geldig(2020) == {looptijd, een_jaar}
    assert geldig(2021) == {looptijd, open_einde}
    assert geldig(2022) == {open_einde}
    assert geldig(2040) == {open_einde}


def test_a_project_is_active_in_a_period_it_overlaps_by_at_least_one_day(wijk_a, actium):
    D = datetime.date

    def project(naam, start=None, eind=None):
        return FysiekProject.objects.create(
            naam=naam, soort="sloop", wijk=wijk_a, eigenaar=actium, start=start, eind=eind
        )

    # the period of 2021: [1 January 2021, 1 January 2022)
    eindigt_op_nieuwjaar = project("Thorbeckelaan", D(2020, 3, 1), D(2021, 1, 1))
    eindigt_oudjaar_ervoor = project("Vivaldilaan", D(2020, 3, 1), D(2020, 12, 31))
    start_op_oudjaar = project("Cruijffcourt", D(2021, 12, 31), D(2022, 6, 1))
    start_het_jaar_erna = project("Smetanalaan", D(2022, 1, 1))
    zonder_datums = project("Groen in Pittelo")
    zonder_start = project("Speelplek", eind=D(2021, 6, 1))
    zonder_eind = project("Markehuus", start=D(2021, 6, 1))

    actief = set(FysiekProject.objects.actief_in(D(2021, 1, 1), D(2022, 1, 1)))

    assert actief == {
        eindigt_op_nieuwjaar,
        start_op_oudjaar,
        zonder_datums,
        zonder_start,
        zonder_eind,
    }
    assert eindigt_oudjaar_ervoor not in actief and start_het_jaar_erna not in actief


def test_an_indicator_tells_its_trend_from_the_measurement_before_or_else_the_baseline(wijk_a):
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Veiligheid", geldig_van=2020)
    veilig = Indicator.objects.create(
        prioriteit=prio,
        naam="Voelt zich veilig",
        nulmeting=60,
        nulmeting_datum=datetime.date(2020, 7, 1),
    )
    overlast = Indicator.objects.create(
        prioriteit=prio, naam="Meldingen overlast", richting="lager", nulmeting=40
    )

    def metingen(ind, *paren):
        return [Meting(indicator=ind, datum=datetime.date(j, 7, 1), waarde=w) for j, w in paren]

    # nothing measured yet: nothing to compare
    assert veilig.ontwikkeling([]) == (None, None)
    # the only measurement in the baseline's own year is the baseline again: no trend
    assert veilig.ontwikkeling(metingen(veilig, (2020, 65))) == (None, None)
    # a later measurement against the baseline; higher is better
    assert veilig.ontwikkeling(metingen(veilig, (2021, 62))) == (2, "beter")
    # two measurements: against the one before, whatever the baseline
    assert veilig.ontwikkeling(metingen(veilig, (2021, 70), (2022, 68))) == (-2, "slechter")
    assert veilig.ontwikkeling(metingen(veilig, (2021, 70), (2022, 70))) == (0, "gelijk")
    # a baseline without a year counts as earlier; for nuisance lower is better
    assert overlast.ontwikkeling(metingen(overlast, (2021, 35))) == (-5, "beter")
    assert overlast.ontwikkeling(metingen(overlast, (2021, 35), (2022, 36))) == (1, "slechter")


def test_an_indicator_reaches_its_target_at_the_target_itself(wijk_a):
    prio = Prioriteit.objects.create(wijk=wijk_a, titel="Gezondheid", geldig_van=2021)
    meer = Indicator.objects.create(prioriteit=prio, naam="Sporters", streefwaarde=50)
    minder = Indicator.objects.create(
        prioriteit=prio, naam="Eenzamen", richting="lager", streefwaarde=20
    )
    zonder_doel = Indicator.objects.create(prioriteit=prio, naam="Bezoekers")

    assert [meer.doel_bereikt(w) for w in (49, 50, 51)] == [False, True, True]
    assert [minder.doel_bereikt(w) for w in (19, 20, 21)] == [True, True, False]
    assert meer.doel_bereikt(None) is None and zonder_doel.doel_bereikt(99) is None
