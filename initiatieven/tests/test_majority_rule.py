"""The programme's majority rule and the append-only history of an initiative."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from initiatieven.models import Bewonersinitiatief, StatusWijziging


@pytest.fixture
def speeltuin(wijk_a):
    ini = Bewonersinitiatief(
        titel="Speeltuin",
        wijk=wijk_a,
        aangevraagd_op=datetime.date(2021, 3, 1),
        gevraagd_bedrag=Decimal("5000"),
    )
    ini.save()
    return ini


def meet_draagvlak(ini, gevraagd, voor, tegen=0):
    ini.huishoudens_gevraagd, ini.huishoudens_voor, ini.huishoudens_tegen = gevraagd, voor, tegen
    ini.status = "draagvlak_gemeten"
    ini.full_clean()
    ini.save()


def test_it_cannot_be_granted_without_draagvlak(speeltuin, wijk_a):
    nieuw = Bewonersinitiatief(
        titel="Bankje", wijk=wijk_a, aangevraagd_op=datetime.date(2021, 3, 1), status="toegekend"
    )
    with pytest.raises(ValidationError) as e:
        nieuw.full_clean()
    assert e.value.messages == [
        "Toekennen kan pas als een meerderheid van de gevraagde huishoudens vóór is (draagvlak)."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        Bewonersinitiatief.objects.filter(pk=speeltuin.pk).update(status="toegekend")


def test_half_of_the_households_is_not_a_majority(speeltuin, coordinator):
    meet_draagvlak(speeltuin, gevraagd=40, voor=20, tegen=5)
    assert not speeltuin.heeft_meerderheid
    assert (
        speeltuin.waarom_niet_toekennen
        == "Geen meerderheid: 20 van de 40 gevraagde huishoudens is vóór."
    )
    speeltuin.status = "toegekend"
    with pytest.raises(ValidationError):
        speeltuin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        speeltuin.save(gewijzigd_door=coordinator)
    assert list(speeltuin.statuswijzigingen.values_list("naar_status", flat=True)) == [
        "aangevraagd",
        "draagvlak_gemeten",
    ]


def test_a_majority_in_favour_allows_the_grant(speeltuin, coordinator):
    meet_draagvlak(speeltuin, gevraagd=40, voor=21, tegen=5)
    assert speeltuin.heeft_meerderheid and speeltuin.waarom_niet_toekennen == ""
    speeltuin.status = "toegekend"
    speeltuin.toegekend_bedrag = Decimal("4500")
    speeltuin.full_clean()
    speeltuin.save(gewijzigd_door=coordinator, toelichting="Besluit MBA-team")
    laatste = speeltuin.statuswijzigingen.last()
    assert (laatste.van_status, laatste.naar_status, laatste.door) == (
        "draagvlak_gemeten",
        "toegekend",
        coordinator,
    )
    assert laatste.toelichting == "Besluit MBA-team"


def test_for_and_against_cannot_exceed_the_households_asked(speeltuin):
    speeltuin.huishoudens_gevraagd, speeltuin.huishoudens_voor, speeltuin.huishoudens_tegen = (
        10,
        8,
        3,
    )
    with pytest.raises(ValidationError):
        speeltuin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        speeltuin.save()


def test_granted_money_above_the_request_needs_a_reason(speeltuin):
    meet_draagvlak(speeltuin, gevraagd=40, voor=30)
    speeltuin.status = "toegekend"
    speeltuin.toegekend_bedrag = Decimal("6000")
    with pytest.raises(ValidationError) as e:
        speeltuin.full_clean()
    assert "vul de reden in" in str(e.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bewonersinitiatief.objects.filter(pk=speeltuin.pk).update(
            status="toegekend", toegekend_bedrag=6000
        )
    speeltuin.reden_hoger_bedrag = "Bodemonderzoek bleek nodig."
    speeltuin.full_clean()
    speeltuin.save()


def test_money_is_never_negative(speeltuin):
    with pytest.raises(IntegrityError), transaction.atomic():
        Bewonersinitiatief.objects.filter(pk=speeltuin.pk).update(gevraagd_bedrag=-1)


def test_a_status_can_only_follow_the_workflow(speeltuin):
    speeltuin.status = "gerealiseerd"
    with pytest.raises(ValidationError) as e:
        speeltuin.full_clean()
    assert e.value.message_dict["status"] == [
        "Van 'Aangevraagd' kan een initiatief niet naar 'Gerealiseerd'."
    ]


def test_the_decision_cannot_precede_the_request(speeltuin):
    speeltuin.besluit_op = datetime.date(2021, 2, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        speeltuin.save()


def test_the_status_history_cannot_be_changed_or_deleted(speeltuin):
    wijziging = speeltuin.statuswijzigingen.get()
    with pytest.raises(ValidationError):
        wijziging.save()
    with pytest.raises(ValidationError):
        wijziging.delete()
    with pytest.raises(ValidationError):
        StatusWijziging.objects.all().update(toelichting="weg")
    with pytest.raises(ValidationError):
        StatusWijziging.objects.all().delete()


def test_the_database_itself_refuses_to_alter_the_history(speeltuin):
    tabel = StatusWijziging._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"UPDATE {tabel} SET toelichting = 'weg'")
    assert StatusWijziging.objects.get(initiatief=speeltuin).toelichting == ""


def test_on_postgresql_the_database_refuses_deletes_of_the_history_too(speeltuin):
    # SQLite keeps only the update trigger: Django empties SQLite tables with DELETE after
    # transactional tests (see migration 0003). The app refuses deletes on both.
    tabel = StatusWijziging._meta.db_table
    verwacht = DatabaseError if connection.vendor == "postgresql" else None
    with transaction.atomic(), connection.cursor() as c:
        if verwacht:
            with pytest.raises(verwacht), transaction.atomic():
                c.execute(f"DELETE FROM {tabel}")
            assert StatusWijziging.objects.filter(initiatief=speeltuin).count() == 1
        else:
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert f"{tabel}_geen_update" in {r[0] for r in c.fetchall()}
