"""The rights: one answer to 'may this user see or change this?' for every view. The role rules
live in mba.rechten; which records a role reaches, in the QuerySet and model of the app that
owns them."""

import pytest
from django.core.exceptions import PermissionDenied

from activiteiten.models import Contactmoment
from mba import rechten
from mba.tests import webfabriek as f
from mba.tests.test_views_helpers import maak_medewerker_in
from wijken.models import Wijk


@pytest.fixture
def wereld(medewerker_a, medewerker_b, wijk_a, wijk_b, actium):
    return {
        "contact_a": f.contact(medewerker_a, wijk_a),
        "contact_b": f.contact(medewerker_b, wijk_b),
        "eigen_in_b": f.contact(medewerker_a, wijk_b),
        "ini_a": f.initiatief(wijk_a),
        "ini_b": f.initiatief(wijk_b),
        "act_a": f.activiteit(wijk_a),
        "act_b": f.activiteit(wijk_b),
        "stedelijk": f.activiteit(None, naam="Superbuur"),
        "proj_b": f.project(wijk_b, actium),
    }


def zichtbaar(user):
    return set(Contactmoment.objects.zichtbaar_voor(user).values_list("pk", flat=True))


def test_the_coordinator_sees_and_changes_everything(coordinator, wereld):
    assert zichtbaar(coordinator) == set(Contactmoment.objects.values_list("pk", flat=True))
    assert all(obj.mag_bewerken(coordinator) for obj in wereld.values())
    assert all(wereld[k].mag_contactgegevens_zien(coordinator) for k in ("ini_a", "ini_b"))
    assert rechten.mag_persoonsgegevens_exporteren(coordinator)


def test_a_medewerker_sees_their_teams_wijk_and_their_own_contacts(medewerker_a, wereld):
    w = wereld
    assert zichtbaar(medewerker_a) == {w["contact_a"].pk, w["eigen_in_b"].pk}


def test_a_medewerker_sees_the_contacts_of_every_organisation_in_their_teams_wijk(
    medewerker_a, wijk_a, vaart
):
    collega = maak_medewerker_in("vaart-in-lariks", vaart, wijk_a)
    van_vaart = f.contact(collega, wijk_a)
    assert van_vaart.pk in zichtbaar(medewerker_a)


def test_a_medewerker_changes_only_in_their_teams_wijken(medewerker_a, wereld):
    w = wereld
    mag = {k for k, obj in w.items() if obj.mag_bewerken(medewerker_a)}
    assert mag == {"contact_a", "eigen_in_b", "ini_a", "act_a", "stedelijk"}


def test_initiatiefnemer_details_are_for_the_wijks_team_only(medewerker_a, stuurgroep, wereld):
    assert wereld["ini_a"].mag_contactgegevens_zien(medewerker_a)
    assert not wereld["ini_b"].mag_contactgegevens_zien(medewerker_a)
    assert not wereld["ini_a"].mag_contactgegevens_zien(stuurgroep)


def test_stuurgroep_sees_no_contact_moment_and_changes_nothing(stuurgroep, wereld):
    assert zichtbaar(stuurgroep) == set()
    assert not rechten.mag_contactmomenten_zien(stuurgroep)
    assert not any(obj.mag_bewerken(stuurgroep) for obj in wereld.values())
    assert not rechten.mag_aanmaken(stuurgroep)
    assert not rechten.mag_persoonsgegevens_exporteren(stuurgroep)


def test_a_user_without_a_role_sees_nothing(actium, wereld):
    from mba.models import Medewerker

    zonder = Medewerker.objects.create_user("zonder-rol", organisatie=actium)
    assert rechten.rollen(zonder) == frozenset()
    assert zichtbaar(zonder) == set()
    assert not any(obj.mag_bewerken(zonder) for obj in wereld.values())
    with pytest.raises(PermissionDenied):
        rechten.vereis_rol(zonder)


def test_roles_are_read_once_per_request(medewerker_a, django_assert_num_queries):
    with django_assert_num_queries(2):  # groups, team wijken
        for _ in range(3):
            rechten.is_coordinator(medewerker_a)
            rechten.team_wijk_ids(medewerker_a)


@pytest.mark.parametrize("wie", ["coordinator", "medewerker_a", "medewerker_b", "stuurgroep"])
def test_a_list_offers_exactly_the_records_whose_page_lets_the_user_change_them(
    request, wie, wereld
):
    # A medewerker's list of what they can edit and the record's own page must never disagree:
    # the rule is written once per app, for a queryset and for one record.
    user = request.getfixturevalue(wie)
    for naam, obj in wereld.items():
        in_lijst = type(obj).objects.bewerkbaar_voor(user).filter(pk=obj.pk).exists()
        assert in_lijst == obj.mag_bewerken(user), (wie, naam)


def test_a_form_offers_only_the_wijken_of_the_users_teams(
    coordinator, medewerker_a, stuurgroep, wijk_a, wijk_b
):
    assert set(Wijk.objects.bewerkbaar_voor(medewerker_a)) == {wijk_a}
    assert all(w.mag_bewerken(medewerker_a) == (w == wijk_a) for w in (wijk_a, wijk_b))
    assert set(Wijk.objects.bewerkbaar_voor(coordinator)) == set(Wijk.objects.all())
    assert not Wijk.objects.bewerkbaar_voor(stuurgroep).exists()
