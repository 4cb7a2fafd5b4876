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


# The rules of the check constraints that the model holds in Python (Contactmoment.IN_PYTHON):
# refused by full_clean() with the constraint's own message, without asking the database.
REGELS_IN_PYTHON = [
    ("activiteiten_contactmoment_minstens_een_bewoner", {"bewoners_bereikt": 0}),
    ("activiteiten_contactmoment_bewoners_bereikt_max", {"bewoners_bereikt": 501}),
    ("activiteiten_contactmoment_projectkanaal_noemt_project", {"kanaal": "project"}),
]


@pytest.mark.parametrize("naam, velden", REGELS_IN_PYTHON, ids=[r[0] for r in REGELS_IN_PYTHON])
def test_a_rule_held_in_python_is_refused_with_the_constraints_message(contact, naam, velden):
    constraint = {c.name: c for c in Contactmoment._meta.constraints}[naam]
    for veld, waarde in velden.items():
        setattr(contact, veld, waarde)
    with pytest.raises(ValidationError) as fout:
        contact.full_clean()
    assert constraint.violation_error_message in " ".join(fout.value.messages)


def test_every_rule_held_in_python_is_a_constraint_and_is_tested():
    namen = {c.name for c in Contactmoment._meta.constraints}
    getest = {naam for naam, _ in REGELS_IN_PYTHON}
    # the referral: clean() gives it a follow-up (test_a_referral_always_marks_a_follow_up)
    getest.add("activiteiten_contactmoment_doorverwijzing_vraagt_vervolg")
    assert Contactmoment.IN_PYTHON <= namen
    assert Contactmoment.IN_PYTHON == getest


def test_the_constraints_python_does_not_hold_are_still_asked_of_the_database(contact):
    contact.vervolg_nodig = False
    contact.vervolg_afgerond_op = datetime.date(2021, 5, 10)
    with pytest.raises(ValidationError) as fout:
        contact.validate_constraints()
    assert fout.value.messages == ["Alleen een vervolg kan worden afgerond."]


def test_a_new_contact_with_its_links_gets_its_masks_and_counts_at_once(contact, thema):
    from activiteiten import tellingen
    from activiteiten.models import Signaalsoort

    eenzaam = Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid")
    geld = Signaalsoort.objects.create(naam="Geldzorgen", slug="geld")
    contact.maak_met_links(themas=[thema], signalen=[eenzaam, geld])
    contact.refresh_from_db()
    assert set(contact.signalen.all()) == {eenzaam, geld}
    assert contact.themas_bits == thema.masker
    assert contact.signalen_bits == eenzaam.masker | geld.masker
    assert tellingen.verschillen() == 0
    with pytest.raises(ValueError, match="nieuw contactmoment"):
        contact.maak_met_links(themas=[thema])


def test_a_copy_of_a_contact_starts_without_links_and_masks(contact, thema):
    contact.maak_met_links(themas=[thema])
    contact.pk = None
    contact._state.adding = True
    contact.save()
    contact.refresh_from_db()
    assert (contact.themas_bits, list(contact.themas.all())) == (0, [])
