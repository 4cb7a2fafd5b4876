"""A contact moment holds the work, never the resident."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activiteiten.models import Activiteit, Contactmoment


@pytest.fixture
def contact(wijk_a, actium, medewerker_a):
    return Contactmoment(
        datum=datetime.date(2021, 5, 3),
        medewerker=medewerker_a,
        organisatie=actium,
        wijk=wijk_a,
        kanaal="aan_de_deur",
        aanleiding="wijkronde",
    )


def test_it_has_no_field_for_a_residents_name_address_phone_or_bsn():
    velden = {f.name.lower() for f in Contactmoment._meta.get_fields()}
    verboden = (
        "naam",
        "adres",
        "telefoon",
        "bsn",
        "email",
        "postcode",
        "huisnummer",
        "geboortedatum",
    )
    assert not [v for v in velden for w in verboden if w in v]


@pytest.mark.parametrize(
    "notitie, wat",
    [
        ("Bewoner vraagt terugbellen op 06-12345678", "een telefoonnummer"),
        ("Mail naar j.jansen@example.org", "een e-mailadres"),
        ("Woont op Speenkruidstraat 12b", "een adres"),
        ("Postcode 9403 AB", "een postcode"),
        ("BSN 111222333 doorgegeven", "een BSN"),
    ],
)
def test_its_note_refuses_personal_data(contact, notitie, wat):
    contact.notitie = notitie
    with pytest.raises(ValidationError) as e:
        contact.full_clean()
    assert wat in e.value.message_dict["notitie"][0]


def test_its_note_accepts_the_work_itself(contact):
    contact.notitie = (
        "Zorgen over eenzaamheid in de flat aan de Speenkruidstraat; 3 bewoners gesproken."
    )
    contact.full_clean()


def test_a_referral_always_marks_a_follow_up(contact, vaart):
    contact.doorverwezen_naar = vaart
    contact.full_clean()
    assert contact.vervolg_nodig is True
    contact.vervolg_nodig = False
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


def test_a_follow_up_is_not_closed_before_the_contact(contact):
    contact.vervolg_nodig = True
    contact.vervolg_afgerond_op = datetime.date(2021, 5, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


def test_it_reaches_at_least_one_resident(contact):
    contact.bewoners_bereikt = 0
    with pytest.raises(ValidationError):
        contact.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


def test_an_activity_cannot_end_before_it_starts(wijk_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activiteit.objects.create(
            naam="Summergames",
            wijk=wijk_a,
            start=datetime.date(2021, 7, 2),
            eind=datetime.date(2021, 7, 1),
        )


def test_a_city_wide_activity_has_no_wijk_and_counts_as_stedelijk(db):
    act = Activiteit.objects.create(naam="Kerstbomenactie", start=datetime.date(2021, 12, 1))
    assert act.stedelijk
    assert list(Activiteit.objects.stedelijk()) == [act]


def test_the_year_is_a_date_range(contact):
    contact.save()
    assert list(Contactmoment.objects.in_jaar(2021)) == [contact]
    assert not Contactmoment.objects.in_jaar(2020).exists()
